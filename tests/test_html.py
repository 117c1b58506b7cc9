"""HTML pages: article blocks, page furniture, metadata precedence, decoding, link citations, broken pages."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.cite import cite
from builder.parse import parse
from builder.parse.html import _is_furniture
from builder.parse.metadata import byline_names, guess_language, iso_date
from builder.records import Article, RawDocument, Rejection


def page(body: str | bytes, head: str = "", meta: dict | None = None) -> Article | Rejection:
    data = body if isinstance(body, bytes) else f"<html><head>{head}</head><body>{body}</body></html>".encode()
    return parse(RawDocument("x/page.html", data, "0" * 64, meta or {}, "html"))


def blocks(art: Article) -> list[tuple[str, str]]:
    return [(b.kind, art.text[b.start:b.end]) for b in art.blocks]


def check_spans(art: Article) -> None:
    for b in art.blocks:
        assert art.text[b.start:b.end].strip() == art.text[b.start:b.end] != ""
    for s in art.sections:
        assert s.title is None or art.text[s.start:].startswith(s.title)
    for link in art.links:
        assert 0 <= link.start < link.end <= len(art.text)


LONG = "This paragraph is long enough for an extractor to take it for article text, which it is. "


def test_structure_sections_lists_quotes_tables_links():
    art = page(f"""<nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <article><h1>The headline</h1>
      <p>{LONG}It cites <a href="/report.pdf">the annual report</a> of the agency.</p>
      <h2>Second part</h2><p>{LONG}</p>
      <blockquote><p>“We will not stop,” she said in a speech that everyone heard.</p></blockquote>
      <ul><li>First point of the list, with some words</li><li>Second point of the list, with words</li></ul>
      <table><tr><th>Year</th><th>Deaths</th></tr><tr><td>2018</td><td>197</td></tr></table>
      <p>{LONG}</p></article>""", meta={"url": "https://example.org/news/story.html"})
    check_spans(art)
    kinds = [k for k, _ in blocks(art)]
    assert kinds == ["paragraph", "heading", "paragraph", "blockquote", "list_item", "list_item", "table", "table",
                     "paragraph"]
    assert [s.title for s in art.sections] == [None, "Second part"]
    assert ("table", "Year | Deaths") in blocks(art) and ("table", "2018 | 197") in blocks(art)
    (link,) = art.links
    assert art.text[link.start:link.end] == "the annual report"
    assert link.href == "https://example.org/report.pdf"          # resolved against the sidecar URL
    assert "Home" not in art.text and "The headline" not in art.text and art.title == "The headline"


def test_layout_table_is_read_as_paragraphs():
    rows = "<br><br>".join(f"Line {i} of a transcript that someone read on the air today." for i in range(8))
    art = page(f"<table><tr><td><span>{rows}</span></td></tr></table>")
    assert {k for k, _ in blocks(art)} == {"paragraph"} and len(art.blocks) == 8


def test_furniture_is_dropped():
    art = page(f"""<article><p>{LONG}</p>
      <div class="share-bar"><a href="https://facebook.com/x">Share on Facebook</a></div>
      <div class="related-stories"><a href="/a">Another story entirely</a></div>
      <a id="cancel-comment-reply-link" href="#respond" style="display:none;">abbrechen</a>
      <p><strong>Read more:</strong> <a href="/b">Another story about something else</a></p>
      <p>{LONG}</p><p>Reporting by Jane Roe; Editing by John Doe</p>
      <p>Don’t miss a thing. <a href="/nl">Sign up for our newsletter</a> in your inbox.</p>
      <div id="cookie-consent">We use cookies to improve your experience.</div></article>""")
    check_spans(art)
    for furniture in ("Share", "Another story", "abbrechen", "Reporting by", "newsletter", "cookies"):
        assert furniture not in art.text
    assert art.text.count("This paragraph") == 2


def test_captions_stay_only_when_they_quote_someone():
    art = page(f"""<article><p>{LONG}</p>
      <figure><img src="a.jpg"><figcaption>The bridge at dawn. (Photo: AP)</figcaption></figure>
      <figure><img src="b.jpg"><figcaption>“We will rebuild it,” the mayor said on Monday.</figcaption></figure>
      <div class="wp-caption"><img src="c.jpg"><p class="wp-caption-text">A sign reads „Wir sind das Volk“ at
      the march.</p></div><p>{LONG}</p></article>""")
    captions = [t for k, t in blocks(art) if k == "caption"]
    assert captions == ["“We will rebuild it,” the mayor said on Monday.", "A sign reads „Wir sind das Volk“ at the march."]
    assert "bridge at dawn" not in art.text


def test_headline_byline_and_dateline_at_the_top_become_metadata():
    art = page(f"""<article><h1>Storm hits the coast</h1><p>By Jane Doe and John Roe</p><p>March 3, 2021</p>
      <p>{LONG}</p><p>{LONG}</p></article>""")
    assert art.title == "Storm hits the coast" and art.authors == ("Jane Doe", "John Roe")
    assert art.published == "2021-03-03" and art.text.startswith("This paragraph")


def test_a_leading_list_of_key_points_stays_but_a_list_of_page_labels_goes():
    points = page(f"<article><ul><li>Prices rose for a third month</li><li>Rents lead</li></ul><p>{LONG}</p></article>")
    assert points.text.startswith("Prices rose")
    labels = page(f"<article><ul><li>24 July 2015</li><li>From the section US &amp; Canada</li><li>941 comments</li>"
                  f"</ul><p>{LONG}</p></article>")
    assert labels.text.startswith("This paragraph") and labels.published == "2015-07-24"


@pytest.mark.parametrize("text, links, rule", [
    ("Read more: Another story", (), "read_more"),
    ("[Related: Salesforce keynote]", (), "read_more"),
    ("Mehr lesen: Demonstranten bedroht", (), "read_more"),
    ("Reporting by Rodrigo Campos; Editing by Nick Zieminski", (), "credits"),
    ("Write to Jane Doe at jane.doe@example.com", (), "contact"),
    ("2月17日，在武汉拍照留念。新华社记者 才扬 摄", (), "photo_credit"),
    ("Get a weekly roundup in your inbox instead.", ((6, 20, "https://x.example/nl"),), "promo"),
    ("He urged people to sign up for the vaccine.", (), None),
    ("Related talks continued on Monday.", (), None),
])
def test_furniture_lines(text, links, rule):
    assert _is_furniture(text, links) == rule


def test_a_sentence_starting_with_by_is_not_a_byline():
    art = page(f"<article><p>By Monday, the storm had passed.</p><p>{LONG}</p></article>")
    assert art.text.startswith("By Monday") and art.authors == ()


METADATA_PAGE = """
<html lang="de"><head><title>Page title | Site Name</title>
<meta property="og:title" content="OpenGraph title"><meta property="og:site_name" content="OG Site">
<meta name="author" content="Meta Author"><meta property="article:published_time" content="2020-01-02T03:04:05+0100">
<link rel="canonical" href="https://example.org/canonical">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "NewsArticle", "headline": "JSON-LD headline", "datePublished": "2021-05-06T07:08:09Z",
   "author": {"@id": "#p1"}, "publisher": {"@type": "Organization", "name": "LD Publisher"}, "inLanguage": "en-GB"},
  {"@type": "Person", "@id": "#p1", "name": "Linked Person"}]}</script>
</head><body><article><h1>Visible headline</h1><p class="byline">By Visible Writer</p>
<p>%s</p><p>%s</p></article></body></html>""" % (LONG, LONG)


def test_metadata_precedence_json_ld_over_meta_over_visible():
    art = page(METADATA_PAGE.encode())
    assert (art.title, art.authors, art.published, art.publisher, art.language) == (
        "JSON-LD headline", ("Linked Person",), "2021-05-06T07:08:09+00:00", "LD Publisher", "en")
    assert art.url == "https://example.org/canonical"


def test_metadata_meta_tags_then_visible_page():
    no_ld = METADATA_PAGE.split("<script")[0] + METADATA_PAGE.split("</script>")[1]
    art = page(no_ld.encode())
    assert (art.title, art.authors, art.published, art.publisher, art.language) == (
        "OpenGraph title", ("Meta Author",), "2020-01-02T03:04:05+01:00", "OG Site", "de")
    bare = page(f"<title>Visible headline - The Daily</title><article><h1>Visible headline</h1>"
                f"<div class='byline'>By Visible Writer</div><p>{LONG}</p></article>".encode())
    assert (bare.title, bare.authors, bare.publisher) == ("Visible headline", ("Visible Writer",), "The Daily")


def test_sidecar_wins_over_the_page():
    side = {"title": "Sidecar title", "authors": ["Side Car"], "published": "2019-01-01", "publisher": "Sidecar Pub",
            "language": "fr", "url": "https://side.example/car"}
    art = page(METADATA_PAGE.encode(), meta=side)
    assert (art.title, art.authors, art.published, art.publisher, art.language, art.url) == (
        "Sidecar title", ("Side Car",), "2019-01-01", "Sidecar Pub", "fr", "https://side.example/car")


@pytest.mark.parametrize("value, iso", [
    ("2019-04-28 06:01:07", "2019-04-28T06:01:07"),
    ("2019-11-20T06:07:01+0000", "2019-11-20T06:07:01+00:00"),
    ("2023-11-02T19:53:52.000Z", "2023-11-02T19:53:52+00:00"),
    ("20190221", "2019-02-21"),
    ("2019-02-21", "2019-02-21"),
    ("November 19, 2019, 07:47 PM EST", "2019-11-19T19:47"),
    ("yesterday", None),
])
def test_iso_dates(value, iso):
    assert iso_date(value) == iso


@pytest.mark.parametrize("byline, names", [
    ("By Jane Doe", ["Jane Doe"]),
    ("Dana A. Ford, James S.A. Corey, and Tom Watkins, CNN", ["Dana A. Ford", "James S.A. Corey", "Tom Watkins", "CNN"]),
    ("Martin Untersinger (avec Damien Leloup et Morgane Tual)", ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]),
    ("By Benjamin Romano Seattle Times business reporter", ["Benjamin Romano Seattle Times"]),
    ("By Joseph Tsidulko November 19, 2019, 07:47 PM EST", ["Joseph Tsidulko"]),
    ("Geschrieben von Elisa Marvena", ["Elisa Marvena"]),
    ("Alejandro de la Garza", ["Alejandro de la Garza"]),
    ("The Russian and Syrian defense ministries", ["Syrian"]),
])
def test_byline_names(byline, names):
    assert byline_names(byline) == names


def test_decoding_smart_quotes_entities_and_nfc():
    cp = "<html><head><meta charset='utf-8'></head><body><p>Caf\u00e9 \u201cquoted\u201d \u2013 done.</p></body></html>"
    art = page(cp.encode("cp1252"))
    assert art.text == "Café “quoted” – done." and art.encoding == "cp1252"
    art = page("<p>&#147;Hi&#148; &amp; caf&eacute; &#x2014; e&#769;x&shy;y</p>")
    assert art.text == "“Hi” & café — éxy"
    mislabelled = "<html><head><meta charset='iso-8859-1'></head><body><p>“Déjà vu” 中文</p></body></html>"
    art = page(mislabelled.encode("utf-8"))
    assert art.text == "“Déjà vu” 中文" and art.encoding == "utf-8"
    gbk = "<html><head><meta charset='gb2312'></head><body><p>他说：“我们准备好了。”</p></body></html>"
    art = page(gbk.encode("gb18030"))
    assert art.text == "他说：“我们准备好了。”" and art.encoding == "gb18030" and art.language == "zh"


def test_language_from_the_text_when_the_page_does_not_say():
    assert guess_language("梁振英在接受质询前的发言中说：“我再次向市民郑重道歉。”") == "zh"
    assert guess_language("Die Regierung sagte, dass sie nicht mit den Demonstranten sprechen wird, und das ist neu.") == "de"
    assert guess_language("El gobierno dijo que los precios de las casas y de la comida suben por la inflación.") == "es"
    assert guess_language("123 456") is None


@pytest.mark.parametrize("sentence, cue", [
    ("The minister said in <a href='https://gov.example/s'>a statement</a> on Monday.", "statement"),
    ("The figures are high, according to data from <a href='https://stats.example'>the statistics office</a>.",
     "according to"),
    ("The spokesman told <a href='https://reuters.com'>Reuters</a> that talks had failed.", "told"),
    ("Die Zahl ist hoch, laut <a href='https://amnesty.org'>Amnesty International</a>.", "according to"),
    ("Der Zahl ist hoch, <a href='https://reuters.com'>Reuters</a> zufolge.", "according to"),
    ("La cifra es alta, según <a href='https://onu.org'>la ONU</a>.", "according to"),
    ("Le chiffre est élevé, selon <a href='https://insee.fr'>l'Insee</a>.", "according to"),
    ("Source: <a href='https://coinmarketcap.com'>CoinMarketCap</a>", "Source:"),
    ("We visited <a href='https://example.org'>the museum</a> on Sunday.", "link"),
])
def test_link_citations_carry_their_cue_and_url(sentence, cue):
    art = page(f"<article><p>{sentence}</p><p>{LONG}</p></article>")
    (link,) = art.links
    (c,) = [c for c in cite(art, ()) if c.start == link.start]
    assert c.cue == cue and c.url == link.href and c.cited == art.text[link.start:link.end]
    if cue != "Source:":       # a source line stands alone: no claim
        assert c.claim is not None and art.text[c.claim.start:c.claim.end] == c.claim.text


BROKEN = {
    "deep nesting": b"<html><body>" + b"<div>" * 10_000 + b"<p>Deep.</p>" + b"</div>" * 10_000 + b"</body></html>",
    "deep nesting after text": (b"<html><body><p>" + LONG.encode() + b"</p>" + b"<div><span>" * 10_000
                                + b"<p>Lost.</p>"),
    "truncated tags": b"<html><body><article><p>" + LONG.encode() + b"</p><p>Cut off in the mid",
    "truncated inside a tag": b"<html><body><p>" + LONG.encode() + b"</p><p class=\"x",
    "no body": b"<html><head><title>Only a title</title></head></html>",
    "only scripts": b"<html><body><script>var a = 1;</script><style>p {}</style></body></html>",
    "only a comment": b"<!-- nothing here -->",
    "wrong declared charset": b"<html><head><meta charset='utf-8'></head><body><p>Caf\xe9 \x93ok\x94</p></body></html>",
    "bogus declared charset": b"<html><head><meta charset='x-nonsense'></head><body><p>Plain words.</p></body></html>",
    "xml declaration": b'<?xml version="1.0" encoding="utf-8"?><html><body><p>XHTML page.</p></body></html>',
    "unclosed attribute": b'<html><body><a href="x>link<p>words</p></body></html>',
    "text without tags": b"Just words, no tags at all, in a file saved as HTML.",
    "malformed URLs": (b'<html><head><link rel="canonical" href="http://[x/"></head><body><p>Words and '
                       b'<a href="http://[bad">a link</a>.</p></body></html>'),
    "absurdly nested JSON-LD": (b'<html><head><script type="application/ld+json">' + b"[" * 100_000
                                + b"</script></head><body><p>Words.</p></body></html>"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_pages_give_a_reason_or_an_article(name):
    start = time.perf_counter()
    out = page(BROKEN[name])
    assert time.perf_counter() - start < 5
    if isinstance(out, Rejection):
        assert out.reason == "parse_no_body" and out.detail
    else:
        check_spans(out)
        assert out.text


def test_broken_page_outcomes():
    assert "256 levels" in page(BROKEN["deep nesting"]).detail
    assert page(BROKEN["deep nesting after text"]).text == LONG.strip()
    assert page(BROKEN["truncated tags"]).text.endswith("Cut off in the mid")
    assert page(BROKEN["wrong declared charset"]).text == "Café “ok”"
    assert page(BROKEN["no body"]).reason == "parse_no_body"


def test_too_large_is_rejected_before_parsing():
    out = page(b"<p>" + b"x" * 10_000_001 + b"</p>")
    assert isinstance(out, Rejection) and out.reason == "parse_too_large"


TAGS = st.sampled_from(["p", "div", "span", "a href='/x'", "h2", "li", "ul", "table", "tr", "td", "blockquote", "br",
                        "figure", "figcaption", "script", "b"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(TAGS.map(lambda t: f"<{t}>"), TAGS.map(lambda t: f"</{t.split()[0]}>"),
                          st.text(alphabet="ab “”„«» .,\n&;#", max_size=12)), max_size=40))
def test_tag_soup_never_breaks_the_invariants(parts):
    out = page("".join(parts).encode())
    assert isinstance(out, (Article, Rejection))
    if isinstance(out, Article):
        check_spans(out)
