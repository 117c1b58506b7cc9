"""Every registered rule's examples, run through the real parser and extractor (DESIGN.md §2)."""

import json

import pytest

from builder.assemble import text_article
from builder.attribute import extract
from builder.cite import cite
from builder.parse import parse
from builder.records import RawDocument
from builder.rules import RULE_NAMES, RULES

from .conftest import ROOT


def _run(text: str):
    """(quotes as (text, mention, rules), citations as (cited, rules)) of an example text."""
    if text.lstrip().startswith("<"):
        article = parse(RawDocument("x/example.html", text.encode(), "0" * 64, {}, "html"))
    else:
        article = text_article("example", text)
    found = extract(article.text, blocks=article.blocks)
    quotes = [(article.text[a.start:a.end], a.mention.text if a.mention else None, a.rules) for a in found.attributions]
    citations = [(c.cited, c.rules) for c in cite(article, found.attributions)]
    return quotes, citations


def _cases():
    for rule in RULES:
        for i, ex in enumerate(rule.examples):
            yield pytest.param(rule, ex, id=f"{rule.name}-{i}{'-neg' if ex.negative else ''}")


@pytest.mark.parametrize("rule, example", list(_cases()))
def test_rule_example(rule, example):
    quotes, citations = _run(example.text)
    if rule.name.startswith("cite_"):
        got = [cited for cited, rules in citations if rule.name in rules]
        assert (not got) if example.negative else example.quote in got, f"{rule.name}: got {citations}"
        return
    got = [(q, m) for q, m, rules in quotes if rule.name in rules]
    if example.negative:
        assert got == [], f"{rule.name} fired on a negative example: {got}"
        return
    assert (example.quote, example.speaker) in got or (
        example.speaker is None and example.quote in [g[0] for g in got]), f"{rule.name}: got {quotes}"


def test_every_rule_has_a_positive_example():
    lineage_only = {"coref_pronoun", "coref_surname", "coref_title", "title_propagated", "coref_interviewer"}
    for rule in RULES:
        if rule.name not in lineage_only:
            assert any(not ex.negative for ex in rule.examples), rule.name
        assert rule.doc and rule.why and rule.shape


def test_rule_names_are_unique():
    assert len(RULE_NAMES) == len(set(RULE_NAMES))


def test_every_rule_in_the_dataset_is_registered():
    manifest = json.loads((ROOT / "dataset" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["rules"]) <= set(RULE_NAMES)
