"""Property-based tests over arbitrary text and HTML: no exception escapes, every span slices to its
text, offsets are in range, and the output is deterministic.

The examples are derandomized: `make test` runs the same ones every time, so a failure is a change
in the code, never luck. Explore further with `--hypothesis-seed=random`.
"""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.cli import quote_rows
from builder.pipeline import ArticleOptions, ArticleOutput, Settings, build_article, guarded, process

# Pieces of news text that reach the engine's rules, mixed with arbitrary characters.
WORDS = ["said", "says", "told", "according to", "as per", "added", "he", "she", "they", "Mr.", "Dr.",
         "John Smith", "the minister", "Reuters", "Source:", ",", ".", ":", ";", "?", "!", " ", " ", " ", "\n",
         "\n\n", "\r\n", "\r", "“", "”", "‘", "’", '"', "'", "«", "»", "„", "``", "''", "—", "(", ")", "don't",
         "https://example.org/x", "\u2028", "\u00a0", "\t", "é", "中文", "ﬁ"]
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=80).map("".join)

TAGS = ["p", "div", "span", "a", "blockquote", "h1", "h2", "li", "ul", "article", "script", "style", "br",
        "table", "td", "figcaption", "nav", "b"]


@st.composite
def html_pages(draw) -> str:
    """Random nested, sometimes unclosed, HTML with news-like text."""
    parts = ["<html><head><title>", draw(texts), "</title></head><body>"]
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.sampled_from(["", ' class="share"', ' href="https://x.org/a"', ' hidden', ' id="main"']))
        parts.append(f"<{tag}{attrs}>" + draw(texts).replace("<", "&lt;"))
        if draw(st.booleans()):
            parts.append(f"</{tag}>")
    parts.append(draw(st.sampled_from(["", "</body></html>", "<!-- a comment", "&amp;&#x201C;&nbsp;"])))
    return "".join(parts)


def fixed(examples: int):
    """Hypothesis settings for the suite: `examples` derandomized examples, no deadline, no database."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _check_spans(text: str, quotes: list[dict], citations: list[dict]) -> None:
    for q in quotes:
        assert 0 <= q["start"] <= q["end"] <= len(text) and text[q["start"]:q["end"]] == q["quote"]
        if q["speaker_mention"] is not None:
            assert 0 <= q["speaker_start"] <= q["speaker_end"] <= len(text)
            assert text[q["speaker_start"]:q["speaker_end"]] == q["speaker_mention"]
        if q["cue"] is not None:
            assert text[q["cue_start"]:q["cue_end"]] == q["cue"]
    for c in citations:
        assert 0 <= c["start"] <= c["end"] <= len(text) and text[c["start"]:c["end"]] == c["cited"]


@fixed(300)
@given(texts)
def test_extract_on_any_text(text):
    """The `extract` contract: offsets into the text as given, whatever it holds."""
    found = guarded("doc", 10.0, lambda: quote_rows("doc", text))
    assert isinstance(found, tuple), found          # no exception and no timeout on small texts
    _check_spans(text, *found)
    assert quote_rows("doc", text) == found


def _article_rows(tmp_path, name: str, data: bytes) -> tuple[ArticleOutput, ArticleOutput]:
    (tmp_path / name).write_bytes(data)
    s = Settings(tmp_path, None, ArticleOptions(), "p", "r", 10.0)
    return build_article((s, name, "")), build_article((s, name, ""))


def _check_output(out: ArticleOutput) -> None:
    if not out.built:
        assert out.header["rejections"] and out.header["rejections"][0][0] != "internal_error", out.header
        return
    pieces, _speakers = out.pieces()
    (article,) = [json.loads(line) for line in pieces["articles"].data.splitlines()]
    quotes = [json.loads(line) for line in pieces["quotes"].data.splitlines()]
    citations = [json.loads(line) for line in pieces["citations"].data.splitlines()]
    _check_spans(article["text"], quotes, citations)
    for part in (*article["paragraphs"], *article["sections"]):
        assert 0 <= part["start"] <= part["end"] <= len(article["text"])


@fixed(150)
@given(texts, st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_any_text_file_builds_or_is_rejected_cleanly(tmp_path, text, encoding):
    data = text.encode(encoding, errors="replace")
    first, again = _article_rows(tmp_path, "a.txt", data)
    _check_output(first)
    assert (first.header, first.body) == (again.header, again.body)


@fixed(150)
@given(html_pages())
def test_any_html_page_builds_or_is_rejected_cleanly(tmp_path, page):
    first, again = _article_rows(tmp_path, "a.html", page.encode("utf-8"))
    _check_output(first)
    assert (first.header, first.body) == (again.header, again.body)


@fixed(60)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(tmp_path, data):
    (tmp_path / "b.html").write_bytes(data)
    result = process(tmp_path / "b.html", tmp_path)
    assert result.article is not None or result.rejections


def test_two_commas_before_a_cue():
    """Found by these properties: an empty comma segment before a cue used to raise IndexError."""
    assert isinstance(guarded("doc", None, lambda: quote_rows("doc", "Smith, , said it works.")), tuple)
