"""The main-text measurement: the token score itself, and the gate on the saved pages in ../shared."""

import json

import lxml.html
import pytest

from builder import htmleval
from builder.cli import main
from builder.parse import parse
from builder.parse.metadata import byline_names
from builder.records import RawDocument

from .conftest import SHARED

FIXTURES = SHARED / "corpus" / "html-fixtures"
needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason="../shared/corpus/html-fixtures is not present")


def test_token_scores():
    assert htmleval.prf("The cat sat.", "the cat sat") == (1.0, 1.0, 1.0)
    assert htmleval.prf("", "words") == (0.0, 0.0, 0.0)
    p, r, f = htmleval.prf("cat sat on the mat", "the cat sat")
    assert (p, r) == (0.6, 1.0) and f == pytest.approx(0.75)
    assert htmleval.tokens("梁振英说 Hello, world") == {"梁": 1, "振": 1, "英": 1, "说": 1, "hello": 1, "world": 1}


@pytest.fixture(scope="module")
def report() -> htmleval.Report:
    return htmleval.evaluate(FIXTURES)


@needs_fixtures
def test_main_text_at_least_as_good_as_trafilatura_and_no_page_below_the_floor(report):
    assert len(report.full()) >= 14
    assert report.failures() == [], htmleval.format_table(report)
    assert report.mean("ours") > report.mean("visible")


@needs_fixtures
def test_headline_and_byline_against_the_fixtures_own_metadata():
    """Where a fixture ships expected metadata, our headline is its title or the page's <h1>, and every
    author we name is in its byline (both read from ../shared at run time, never copied)."""
    checked = 0
    for meta_file in sorted(FIXTURES.glob("*/*expected-metadata.json")):
        expected = json.loads(meta_file.read_text(encoding="utf-8"))
        html = next(p for p in meta_file.parent.glob("*.html") if "expected" not in p.name)
        art = parse(RawDocument("x/page.html", html.read_bytes(), "", {}, "html"))
        h1 = {" ".join(h.text_content().split()) for h in lxml.html.document_fromstring(html.read_bytes()).iter("h1")}
        assert art.title == expected["title"] or art.title in h1, html
        named = [*(expected.get("authors") or []), *byline_names(expected.get("byline") or "")]
        if named:        # (a byline that is only a date names no one)
            assert art.authors and all(any(a in n for n in named) for a in art.authors), (html, art.authors, named)
        checked += 1
    assert checked >= 7


@needs_fixtures
def test_command_prints_the_table_and_passes_the_gate(tmp_path, capsys):
    assert main(["html-eval", str(FIXTURES), "--json", str(tmp_path / "scores.json")]) == 0
    out = capsys.readouterr().out
    assert "| **mean F1 (14 pages)** |" in out and "pages/s" in out
    assert len(json.loads((tmp_path / "scores.json").read_text())["rows"]) >= 15
