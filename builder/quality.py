"""The quality gate: scores on the project's gold set never drop below floors kept in the repo.

Floors only move up (`--update-floors`) unless `--allow-drop` is given explicitly, the trafilatura
eval-gate idea (DESIGN.md §4): a rule change that costs accuracy fails `make test` until someone
decides, in a reviewed commit, that the loss is worth it.
"""

from __future__ import annotations

import json
from pathlib import Path

GATED = ("f1", "speaker_acc", "attribution_f1")


def current_figures(rows: list[dict], extra: dict) -> dict[str, float]:
    """Flat `track.metric` figures, plus title and citation scores."""
    figures = {f"{r['track']}.{m}": r[m] for r in rows for m in GATED if r["gold"]}
    for name, value in (extra.get("titles") or {}).items():
        if value.get("accuracy") is not None:
            figures[f"titles.{name}"] = value["accuracy"]
        if value.get("precision") is not None:
            figures[f"titles.{name}_precision"] = value["precision"]
    if extra.get("citations"):
        figures["citations.f1"] = extra["citations"]["f1"]
    return dict(sorted(figures.items()))


def check_floors(rows: list[dict], extra: dict, path: Path, update: bool = False, allow_drop: bool = False) -> list[str]:
    """Failures (empty when every figure is at or above its floor); optionally write new floors."""
    floors = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    figures = current_figures(rows, extra)
    failures = [f"{key} = {figures.get(key, 0.0)} is below its floor {floor} ({path})"
                for key, floor in sorted(floors.items()) if figures.get(key, 0.0) < floor - 1e-9]
    if update and (allow_drop or not failures):
        new = {k: (v if allow_drop else max(v, floors.get(k, 0.0))) for k, v in figures.items()}
        path.write_text(json.dumps(new, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return []
    return failures
