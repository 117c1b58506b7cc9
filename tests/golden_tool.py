"""Golden files: what every article in raw/ turns into, in a form a reviewer reads.

`python -m tests.golden_tool write` (or `make golden`) regenerates tests/golden/; the test suite
compares against them and prints a unified diff on any change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from builder.pipeline import process
from builder.schema import as_row
from builder.sources import discover

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
GOLDEN = ROOT / "tests" / "golden"
# Article-level fields repeated on every quote row: shown once in the header instead.
_REPEATED = ("article_id", "source_url", "source_title", "publisher", "published")


def golden_path(article_path: str) -> Path:
    """tests/golden/<raw path without extension>.json"""
    return GOLDEN / (article_path.rsplit(".", 1)[0] + ".json")


def render(path: Path) -> str:
    """The golden JSON of one raw file: metadata, text by block, quotes, citations, rejections."""
    result = process(path, RAW)
    art = result.article
    doc: dict = {"path": result.path}
    if art is not None:
        doc |= {
            "title": art.title, "authors": list(art.authors), "publisher": art.publisher, "published": art.published,
            "url": art.url, "language": art.language, "license": art.license,
            "sections": [s.title for s in art.sections],
            "blocks": [f"{b.kind}: {art.text[b.start:b.end]}" for b in art.blocks],
        }
    doc["quotes"] = [{k: v for k, v in as_row(q).items() if k not in _REPEATED} for q in result.quotes]
    doc["citations"] = [{k: v for k, v in as_row(c).items() if k != "article_id"} for c in result.citations]
    doc["rejections"] = [f"{r.reason}: {r.detail}" for r in result.rejections]
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    if argv[:1] != ["write"]:
        print("usage: python -m tests.golden_tool write", file=sys.stderr)
        return 2
    wanted = set()
    for path in discover(RAW):
        rel = path.relative_to(RAW).as_posix()
        out = golden_path(rel)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render(path), encoding="utf-8", newline="\n")
        wanted.add(out)
    for stale in GOLDEN.rglob("*.json"):
        if stale not in wanted:
            stale.unlink()
    print(f"wrote {len(wanted)} golden files under {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
