"""The project's scorer agrees with the reference scorer, and project gold resolves to offsets."""

import json
import subprocess
import sys

import pytest

from builder import evaluate

from .conftest import SHARED, needs_shared


def test_scorer_on_inline_gold():
    text = "“We are ready,” she said. The talks failed, a source said."
    gold = [{"id": "d", "text": text, "quotes": [
        {"start": 1, "end": 14, "kind": "direct", "speaker": "she", "speaker_start": 16, "speaker_end": 19},
        {"start": 26, "end": 42, "kind": "indirect", "speaker": "a source", "speaker_start": 44, "speaker_end": 52}]}]
    pred = {"d": [{"start": 1, "end": 14, "kind": "direct", "speaker_mention": "she", "speaker_start": 16,
                   "speaker_end": 19},
                  {"start": 30, "end": 42, "kind": "indirect", "speaker_mention": "Reuters"}]}
    rows = {r["track"]: r for r in evaluate.score(gold, pred)}
    assert rows["direct"]["f1"] == 1.0 and rows["direct"]["attribution_f1"] == 1.0
    assert rows["indirect"]["matched"] == 1 and rows["indirect"]["speaker_acc"] == 0.0


def test_citation_scores_count_each_source_once():
    gold = [{"id": "d", "citations": [{"cited": "The Jakarta Post"}, {"cited": "Reuters"}]}]
    pred = {"d": [{"cited": "Jakarta Post"}, {"cited": "the Jakarta Post"}, {"cited": "AP", "url": None}]}
    got = evaluate.citation_scores(gold, pred)
    # the outlet cited twice is one source: 2 predicted sources, 1 right
    assert (got["gold"], got["pred"], got["matched"]) == (2, 2, 1) and got["precision"] == 0.5


def test_resolve_gold_locates_quotes_and_nearest_mention():
    text = "He spoke. “A,” he said. Later: “B,” he said."
    doc = {"id": "x", "quotes": [{"quote": "B,", "kind": "direct", "speaker_mention": "he"}]}
    (q,) = evaluate.resolve_gold(doc, text)["quotes"]
    assert text[q["start"]:q["end"]] == "B," and q["speaker_start"] == text.rindex("he said")


def test_resolve_gold_reports_missing_text():
    with pytest.raises(evaluate.GoldError, match="not in the article text"):
        evaluate.resolve_gold({"id": "x", "quotes": [{"quote": "absent", "kind": "direct"}]}, "text")


@needs_shared
def test_same_table_as_reference_scorer(tmp_path):
    gold_path = SHARED / "eval" / "polnear.dev.jsonl"
    gold = evaluate.load_jsonl(gold_path)[:20]
    sub = tmp_path / "gold.jsonl"
    sub.write_text("".join(json.dumps(d) + "\n" for d in gold), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    subprocess.run([sys.executable, "-m", "builder", "extract", str(sub), str(pred)], check=True, capture_output=True)
    ref = subprocess.run([sys.executable, str(SHARED / "eval" / "score_quotes.py"), str(sub), str(pred)],
                         check=True, capture_output=True, text=True).stdout.strip()
    preds = {d["id"]: d["quotes"] for d in evaluate.load_jsonl(pred)}
    assert evaluate.format_table(evaluate.score(gold, preds)) == ref
