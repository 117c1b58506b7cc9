"""Quality gate: scores on the hand-annotated gold for raw/ articles stay at or above the floors.

Floors live in tests/quality_floors.json and only move up: `python -m builder eval --floors
tests/quality_floors.json --update-floors` raises them; lowering needs `--allow-drop` in a
reviewed commit (DESIGN.md §4).
"""

import json

from builder import evaluate
from builder.cli import _predict, load_gold
from builder.quality import check_floors, current_figures

from .conftest import RAW, ROOT

FLOORS = ROOT / "tests" / "quality_floors.json"
GOLD = ROOT / "tests" / "gold"


def test_gold_set_covers_sources_and_cases():
    docs = load_gold(GOLD, RAW)
    sources = {d["id"].split("/")[0] for d in docs}
    assert len(docs) >= 16 and {"seed", "wikinews", "voa", "usgov", "open-html"} <= sources
    kinds = {q["kind"] for d in docs for q in d["quotes"]}
    assert kinds == {"direct", "mixed", "indirect"}


def test_quality_floors_hold():
    docs = load_gold(GOLD, RAW)
    preds, cits = _predict(docs)
    rows = evaluate.score(docs, preds)
    extra = {"titles": evaluate.title_scores(docs, preds), "citations": evaluate.citation_scores(docs, cits)}
    failures = check_floors(rows, extra, FLOORS)
    assert not failures, "\n".join(failures) + "\n" + evaluate.format_table(rows)
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert set(floors) <= set(current_figures(rows, extra)), "a floor names a figure that no longer exists"


def test_floors_cannot_drop_without_the_flag(tmp_path):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"all.f1": 0.9}), encoding="utf-8")
    rows = [{"track": "all", "gold": 10, "f1": 0.5, "speaker_acc": 1.0, "attribution_f1": 0.5}]
    assert check_floors(rows, {}, floors, update=True)                       # refused: below the floor
    assert json.loads(floors.read_text())["all.f1"] == 0.9
    assert check_floors(rows, {}, floors, update=True, allow_drop=True) == []
    assert json.loads(floors.read_text())["all.f1"] == 0.5
