"""Every registered rule's examples, run through the real extractor (DESIGN.md §2)."""

import pytest

from builder.attribute import extract
from builder.rules import RULES


def _cases():
    for rule in RULES:
        for i, ex in enumerate(rule.examples):
            yield pytest.param(rule, ex, id=f"{rule.name}-{i}{'-neg' if ex.negative else ''}")


@pytest.mark.parametrize("rule, example", list(_cases()))
def test_rule_example(rule, example):
    text = example.text
    found = [a for a in extract(text).attributions if rule.name in a.rules]
    if example.negative:
        assert found == [], f"{rule.name} fired on a negative example: {[text[a.start:a.end] for a in found]}"
        return
    got = [(text[a.start:a.end], a.mention.text if a.mention else None) for a in found]
    assert (example.quote, example.speaker) in got or (
        example.speaker is None and example.quote in [g[0] for g in got]), f"{rule.name}: got {got}"


def test_every_attribution_rule_has_a_positive_example():
    lineage_only = {"coref_pronoun", "coref_surname", "coref_title", "title_propagated"}
    for rule in RULES:
        if rule.name not in lineage_only:
            assert any(not ex.negative for ex in rule.examples), rule.name
        assert rule.doc and rule.why and rule.shape


def test_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
