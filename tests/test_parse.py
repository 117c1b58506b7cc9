"""Decoding and parsing into one canonical text: the seed's shape, HTML structure, bad bytes."""

import codecs

import pytest

from builder.parse import parse
from builder.parse.dates import parse_date_line
from builder.records import Article, RawDocument, Rejection

from .conftest import RAW

SEED = next((RAW / "seed").glob("*.txt"))


def raw(data: bytes, fmt="text", meta=None, path="x/a.txt"):
    return RawDocument(path, data, "0" * 64, meta or {}, fmt)


def seed_article() -> Article:
    return parse(raw(SEED.read_bytes(), path="seed/" + SEED.name))


def test_seed_title_sections_and_bullets():
    art = seed_article()
    assert art.title == "Shanghai and Hong Kong Strengthen Financial Collaboration for Digital RMB"
    assert [s.title for s in art.sections] == [
        "Key Points:", "Regional Financial Markets Prepare for RMB Shift",
        "Historical Context, Price Data, and Expert Analysis"]
    kinds = [b.kind for b in art.blocks]
    assert kinds[:4] == ["heading", "list_item", "list_item", "list_item"]
    assert art.text[art.blocks[1].start:art.blocks[1].end].startswith("Shanghai and Hong Kong sign")


def test_seed_leftovers_are_dropped():
    art = seed_article()
    assert "bitcoin-daily-chart-1894" not in art.text          # image-name line
    assert "financial center.” source." not in art.text        # dangling link text
    assert "financial center.”" in art.text
    assert "Source: CoinMarketCap" in art.text                # a real citation line stays


def test_blocks_and_sections_slice_the_text():
    art = seed_article()
    for b in art.blocks:
        assert art.text[b.start:b.end].strip() == art.text[b.start:b.end] != ""
    for s in art.sections:
        if s.title:
            assert art.text[s.start:].startswith(s.title)


def test_date_and_byline_lines_become_metadata():
    art = parse(raw("Title here\n\nSaturday, September 7, 2019\n\nBy Jane Doe and John Roe\n\nBody text of it.".encode()))
    assert art.published == "2019-09-07" and art.authors == ("Jane Doe", "John Roe")
    assert art.text == "Body text of it."


@pytest.mark.parametrize("line, iso", [
    ("Saturday, September 7, 2019", "2019-09-07"),
    ("08 Octubre 2020 06:36 AM", "2020-10-08T06:36"),
    ("2021-01-18", "2021-01-18"),
    ("7 de septiembre de 2019", "2019-09-07"),
    ("Not a date line at all", None),
])
def test_date_lines(line, iso):
    assert parse_date_line(line) == iso


def test_html_structure_links_and_furniture():
    html = b"""<html lang="en"><head><title>T | Site</title><meta property="og:site_name" content="Site"></head>
    <body><nav><a href="/">Home</a> Menu</nav><article><h1>Headline</h1><p>First <b>para</b>, see
    <a href="https://example.org/r">the report</a>.</p><h2>Part two</h2><blockquote><p>Quoted words.</p></blockquote>
    <ul><li>One</li><li>Two</li></ul><script>var x = 1;</script><div class="share-bar">Share this</div>
    <p>Closing words of the article, long enough to count as article text for the main root.</p>
    <p>More closing words of the article so that the article element is the main content here.</p></article>
    <footer>Copyright</footer></body></html>"""
    art = parse(raw(html, "html", path="x/a.html"))
    assert art.title == "Headline" and art.publisher == "Site" and art.language == "en"
    assert "Home" not in art.text and "Share this" not in art.text and "Copyright" not in art.text
    assert "var x" not in art.text
    assert [b.kind for b in art.blocks][:5] == ["paragraph", "heading", "blockquote", "list_item", "list_item"]
    (link,) = art.links
    assert art.text[link.start:link.end] == "the report" and link.href == "https://example.org/r"
    assert art.text.startswith("First para, see the report.")


@pytest.mark.parametrize("data, reason", [
    (b"", "source_empty"),
    (b"   \n\n ", "source_empty"),
    (b"%PDF-1.7 binary", "source_binary"),
    (b"\x89PNG\r\n\x1a\n....", "source_binary"),
    (b"abc\x00\x00def", "source_binary"),
])
def test_bad_bytes_are_rejections(data, reason):
    out = parse(raw(data))
    assert isinstance(out, Rejection) and out.reason == reason and out.path == "x/a.txt"


def test_cp1252_smart_quotes_and_utf16_bom():
    cp = "He said, \u201cWe are ready.\u201d".encode("cp1252")
    art = parse(raw(cp))
    assert art.text == "He said, “We are ready.”"
    assert art.encoding == "cp1252"
    u16 = codecs.BOM_UTF16_LE + "Hello “world”.".encode("utf-16-le")
    assert parse(raw(u16)).text == "Hello “world”."


def test_crlf_and_lone_cr_become_lf():
    art = parse(raw(b"Para one.\r\n\r\nPara two.\rPara three."))
    assert art.text == "Para one.\n\nPara two.\n\nPara three."


def test_html_without_body_text_is_rejected():
    out = parse(raw(b"<html><head><script>x()</script><style>p{}</style></head><body></body></html>", "html",
                    path="x/a.html"))
    assert isinstance(out, Rejection) and out.reason == "parse_no_body"
