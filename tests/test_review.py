"""`builder review`: static pages with every quote highlighted and attributed, checked in headless Chromium."""

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder import snapshot
from builder.cli import main
from builder.diff import diff
from builder.review import Mark, render_marks, write_review

from .test_diff import SEED, edit_seed, make_repo

VOID = {"meta", "br", "input", "link"}


class TagChecker(HTMLParser):
    """Fails on a closing tag that does not match the open one; collects external references."""

    def __init__(self):
        super().__init__()
        self.stack, self.external = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "link", "img", "iframe") and (attrs.get("src") or attrs.get("href")):
            self.external.append((tag, attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing open"


def well_formed(page: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(page)
    assert checker.stack == []
    return checker


def test_crossing_spans_are_split_so_tags_nest():
    text = "He said: we win today."
    marks = [Mark(0, 22, 0, "div", 'class="blk"'), Mark(9, 21, 2, "mark", 'data-q="1"', first=' id="q-1"',
                                                            after="<sup>1</sup>"),
             Mark(3, 13, 4, "a", 'class="m"')]
    html = render_marks(text, marks)
    assert html == ('<div class="blk">He <a class="m">said: </a><mark data-q="1" id="q-1"><a class="m">we w</a>'
                    'in today</mark><sup>1</sup>.</div>')
    well_formed(html)


@pytest.fixture(scope="module")
def seed_review(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("review"))
    out = repo / "build" / "review"
    assert main(["review", "--dataset", str(repo / "dataset"), "--out", str(out)]) == 0
    return repo, out


def test_pages_highlight_and_attribute_every_quote(seed_review):
    repo, out = seed_review
    quotes = [q for q in snapshot.load(str(repo / "dataset")).rows["quotes"] if q["article_id"] == SEED]
    page = (out / "articles" / f"{SEED}.html").read_text(encoding="utf-8")
    assert not well_formed(page).external, "pages must not load external assets"
    highlighted = set(re.findall(r'<mark class="q (?:direct|mixed|indirect)" data-q="(\d+)"', page))
    assert highlighted == {str(n) for n in range(1, len(quotes) + 1)}
    labels = re.findall(r'<sup class="who" data-q="(\d+)">([^<]+)</sup>', page)
    assert [label for _n, label in labels] == [q["speaker"] or q["speaker_mention"] for q in quotes]
    assert 'class="m" href="#q-' in page and 'class="cue"' in page and 'class="cit"' in page
    assert "rules: speaker_verb_quote" in page        # rules and titles on hover
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="articles/{SEED}.html"' in index and not well_formed(index).external
    again = repo / "build" / "again"
    write_review(snapshot.load(str(repo / "dataset")), again)
    assert (again / "articles" / f"{SEED}.html").read_text(encoding="utf-8") == page      # deterministic


def test_diff_marks_what_changed(seed_review, tmp_path):
    repo, _ = seed_review
    shutil.copytree(repo / "raw", tmp_path / "raw")
    edit_seed(tmp_path / "raw")
    from builder.pipeline import build

    build(tmp_path / "raw", tmp_path / "dataset", repo / "card", jobs=1, progress=False)
    new = snapshot.load(str(tmp_path / "dataset"))
    write_review(new, tmp_path / "review", [SEED], diff(snapshot.load(str(repo / "dataset")), new))
    page = (tmp_path / "review" / "articles" / f"{SEED}.html").read_text(encoding="utf-8")
    assert re.search(r'<mark class="q indirect added" data-q="\d+" title="[^"]*added since the old version', page)
    assert re.search(r'<mark class="q direct changed"[^>]*quote: “Most of our economy', page)
    assert 'id="only-changed"' in (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="no article 'seed/nope'"):
        write_review(new, tmp_path / "review", ["seed/nope"])


def chromium() -> str | None:
    """Debian's chromium (installed by .ci/run), or the browser named by $CHROMIUM."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}"]
    return subprocess.run([chromium(), *flags, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (.ci/run installs it)")
def test_renders_in_headless_chromium(seed_review, tmp_path):
    """The browser lays the page out: every seed quote gets a visible highlight and a speaker label."""
    repo, out = seed_review
    page = (out / "articles" / f"{SEED}.html").resolve()
    expected = len([q for q in snapshot.load(str(repo / "dataset")).rows["quotes"] if q["article_id"] == SEED])
    dom = run_chromium(tmp_path / "profile", "--window-size=1280,2000", "--dump-dom", page.as_uri()).stdout
    body = re.search(r"<body ([^>]*)>", dom)
    assert body, dom[:500]
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1)))
    assert attrs["data-expected-quotes"] == str(expected)
    assert attrs["data-rendered-quotes"] == str(expected)       # drawn with a box and a background colour
    assert attrs["data-attributed-quotes"] == str(expected)     # every seed quote names its speaker
    shot = tmp_path / "seed.png"
    run_chromium(tmp_path / "profile2", "--window-size=1280,2000", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
