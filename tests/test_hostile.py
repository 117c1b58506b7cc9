"""Hostile inputs: each case has its expected outcome (a clear rejection or a best-effort article),
and the rest of the build is intact. Every case is generated here, in a temporary folder."""

import json
import os
import shutil
from pathlib import Path

import pytest

from builder.cli import main
from builder.pipeline import build, process
from builder.schema import as_row

from .conftest import RAW, ROOT
from .test_build import rows

CARD = ROOT / "card"
SEED = "seed/coincu_346360_shanghai-hong-kong-financial-collaboration.txt"
BUDGET = 2.0        # CPU seconds per article: the 100 000-mark case reaches it with today's engine

_UNBALANCED = "\n\n".join(
    ["He said “this never closes. And ‘neither does this." if i % 2 else 'She wrote "an open mark and went on'
     for i in range(150)] + ["“This one closes,” she said."]
    + ["Another “stray mark, and a ‘stray single." for _ in range(150)])

# path under raw/ -> (bytes, or a function making the file; expected outcome). The outcome is a
# rejection reason, "article" (built, best effort), or a set of acceptable outcomes.
CASES = {
    "hostile/empty.txt": (b"", "source_empty"),
    "hostile/only-whitespace.txt": (b" \r\n\t \n", "source_empty"),
    "hostile/pdf-named.html": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)),
                               "source_binary"),
    "hostile/binary-named.html": (bytes(range(256)) * 64, "source_binary"),
    "hostile/invalid-utf8.txt": (b"Title\n\nSome text \xff\xfe\xfd here. \"A quote,\" he said \xc3\x28 end.\n", "article"),
    "hostile/cp1252-smart-quotes.txt": ("Title\n\n\x93We will win,\x94 Smith said. Caf\xe9.\n".encode("latin-1"),
                                        "article"),
    "hostile/utf16-bom.txt": ("\ufeffTitle\n\n“Hello there,” John Smith said.\n".encode("utf-16-le"), "article"),
    "hostile/20mb-one-line.txt": (b"word " * 4_000_000, "parse_too_large"),
    # Today's engine is quadratic on one paragraph full of marks (see the perf report): the CPU
    # budget turns it into a rejection; a linear engine would build it.
    "hostile/100k-quote-marks.txt": (('Title\n\nHe said "' + '"' * 100_000 + " end.\n").encode(),
                                     {"detect_timeout", "article"}),
    "hostile/unbalanced-everywhere.txt": (("Title\n\n" + _UNBALANCED).encode(), "article"),
    # lxml stops at 256 levels: the page is rejected with that reason (text before the deep part
    # would still make an article; tests/test_html.py covers that)
    "hostile/nested-10000.html": (("<html><body>" + "<div>" * 10_000 + "<p>“Deep down,” he said.</p>"
                                   + "</div>" * 10_000 + "</body></html>").encode(), "parse_no_body"),
    "hostile/only-scripts.html": (("<html><head><style>p{color:red}</style><script>var a = '“no”';</script></head>"
                                   "<body>" + "<script>document.write('x');</script><style>a{}</style>" * 50
                                   + "</body></html>").encode(), "parse_no_body"),
    "hostile/crlf-and-cr.txt": (b"Title\r\n\r\n\xe2\x80\x9cHello,\xe2\x80\x9d he said.\r\n\r\nLone CR line\r\r"
                                b"\xe2\x80\x9cAgain,\xe2\x80\x9d she said.\r\n", "article"),
    "hostile/symlink-outside.txt": (lambda path, outside: path.symlink_to(outside), "source_unreadable"),
    "hostile/fifo.txt": (lambda path, outside: os.mkfifo(path), "source_unreadable"),
    "hostile/sidecar-not-json.txt": (b"Title\n\nA fine body paragraph.\n", "source_bad_sidecar"),
    "hostile/sidecar-wrong-types.txt": (b"Title\n\nA fine body paragraph.\n", "source_bad_sidecar"),
    "hostile/sidecar-deep-json.txt": (b"Title\n\nA fine body paragraph.\n", "source_bad_sidecar"),
    # two files, one article id: the first by path (.html < .txt) is built, the other reported
    "hostile/same-id.html": (b"<html><body><p>The HTML version of this article.</p></body></html>", "article"),
    "hostile/same-id.txt": (b"Title\n\nThe text version, same article id.\n", "source_duplicate"),
    "zz-copies/seed-again.txt": (lambda path, outside: shutil.copyfile(RAW / SEED, path), "source_duplicate"),
}
SIDECARS = {
    "hostile/sidecar-not-json.meta.json": b"{not json",
    "hostile/sidecar-wrong-types.meta.json": json.dumps({"title": 42, "authors": "one string"}).encode(),
    "hostile/sidecar-deep-json.meta.json": b"[" * 100_000,
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A raw/ of the seed and every hostile case, built with workers, a cache and a short budget."""
    tmp = tmp_path_factory.mktemp("hostile")
    raw = tmp / "raw"
    (raw / "seed").mkdir(parents=True)
    for path in (RAW / "seed").iterdir():
        shutil.copyfile(path, raw / "seed" / path.name)
    outside = tmp / "outside.txt"
    outside.write_text("Title\n\nA secret outside the raw folder.\n", encoding="utf-8")
    for rel, (content, _expected) in CASES.items():
        path = raw / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        content(path, outside) if callable(content) else path.write_bytes(content)
    for rel, content in SIDECARS.items():
        (raw / rel).write_bytes(content)
    summary = build(raw, tmp / "dataset", CARD, jobs=2, progress=False, cache_dir=tmp / "cache", budget=BUDGET)
    return raw, tmp / "dataset", summary


def _outcome(summary, dataset: Path, rel: str) -> str:
    reasons = [r.reason for r in summary.rejected_articles if r.path == rel]
    if reasons:
        assert len(reasons) == 1, (rel, reasons)
        return reasons[0]
    assert rel in {a["path"] for a in rows(dataset, "articles")}, rel
    return "article"


@pytest.mark.parametrize("rel", CASES)
def test_each_case_has_its_expected_outcome(hostile, rel):
    _raw, dataset, summary = hostile
    expected = CASES[rel][1]
    outcome = _outcome(summary, dataset, rel)
    assert outcome in expected if isinstance(expected, set) else outcome == expected
    if outcome != "article":
        detail = next(r.detail for r in summary.rejected_articles if r.path == rel)
        assert detail.strip()


def _quotes(dataset: Path, rel: str) -> list[dict]:
    return [q for q in rows(dataset, "quotes") if q["article_id"] == rel.rsplit(".", 1)[0]]


def test_best_effort_articles_keep_their_quotes(hostile):
    _raw, dataset, _summary = hostile
    texts = {a["id"]: a["text"] for a in rows(dataset, "articles")}
    assert [(q["quote"], q["speaker_mention"]) for q in _quotes(dataset, "hostile/cp1252-smart-quotes.txt")] == [
        ("We will win,", "Smith")]
    assert "“We will win,”" in texts["hostile/cp1252-smart-quotes"]
    assert [(q["quote"], q["speaker"]) for q in _quotes(dataset, "hostile/utf16-bom.txt")] == [
        ("Hello there,", "John Smith")]
    assert [q["quote"] for q in _quotes(dataset, "hostile/crlf-and-cr.txt")] == ["Hello,", "Again,"]
    assert "\r" not in texts["hostile/crlf-and-cr"]
    assert "A quote," in [q["quote"] for q in _quotes(dataset, "hostile/invalid-utf8.txt")]
    assert "This one closes," in [q["quote"] for q in _quotes(dataset, "hostile/unbalanced-everywhere.txt")]
    for q in rows(dataset, "quotes"):
        assert texts[q["article_id"]][q["start"]:q["end"]] == q["quote"]


def test_rejections_are_reported_with_file_and_reason_and_counted_in_the_manifest(hostile):
    _raw, dataset, summary = hostile
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rejections"] == summary.by_reason()
    listed = {(r["path"], r["reason"]) for r in manifest["rejected"]}
    assert {(r.path, r.reason) for r in summary.rejections} == listed
    unbalanced = next(r for r in manifest["rejected"]
                      if r["path"] == "hostile/unbalanced-everywhere.txt" and r["reason"] == "detect_unbalanced_marks")
    assert unbalanced["count"] >= 100          # one entry, every candidate counted
    assert manifest["rejections"]["detect_unbalanced_marks"] >= unbalanced["count"]
    assert "same bytes as seed/" in next(r["detail"] for r in manifest["rejected"]
                                         if r["path"] == "zz-copies/seed-again.txt")
    rendered = summary.render()
    for rel, (_content, expected) in CASES.items():
        if expected not in ("article", {"detect_timeout", "article"}):
            assert rel in rendered


def test_the_rest_of_the_build_is_intact(hostile):
    _raw, dataset, _summary = hostile
    seed = process(RAW / SEED, RAW)
    assert _quotes(dataset, SEED) == [as_row(q) for q in seed.quotes]
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    for config, n in manifest["counts"].items():
        assert len(rows(dataset, config)) == n


def test_strict_fails_on_rejected_articles_even_when_nothing_changed(tmp_path, capsys):
    raw = tmp_path / "raw"
    (raw / "seed").mkdir(parents=True)
    shutil.copyfile(RAW / SEED, raw / SEED)
    args = ["build", "--raw", str(raw), "--out", str(tmp_path / "dataset"), "--card", str(CARD), "--quiet",
            "--cache", str(tmp_path / "cache"), "--jobs", "1"]
    assert main([*args, "--strict"]) == 0
    (raw / "empty.txt").write_bytes(b"")
    assert main(args) == 0                                   # without --strict a rejection is reported, not fatal
    assert main([*args, "--strict"]) == 1                    # a no-op build still knows its rejections
    out = capsys.readouterr()
    assert "empty.txt: source_empty" in out.out and "--strict" in out.err
