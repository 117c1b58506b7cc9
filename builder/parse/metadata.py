"""Article metadata of an HTML page, field by field, with one precedence: JSON-LD > <meta> > visible page.

The sidecar file outranks all three; `builder.parse.parse` applies it last. Within a layer the
first non-empty value wins, in the order the tables below list the sources.
"""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import urlsplit

import regex
from lxml.html import HtmlElement

from builder.parse import Metadata, squash_spaces
from builder.parse.dates import MONTHS, parse_date_line

# schema.org types whose node describes the article itself (NewsArticle, BlogPosting, ...).
_ARTICLE_TYPE = regex.compile(r"Article$|BlogPosting$|^Report$|^ClaimReview$")
# <meta> sources in precedence order; keys are the lower-cased name / property / itemprop.
META_KEYS = {
    "title": ("og:title", "twitter:title", "twitter:text:title", "dc.title", "headline"),
    "authors": ("author", "article:author", "og:article:author", "byl", "dc.creator", "sailthru.author",
                "parsely-author"),
    "published": ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
                  "publishdate", "dc.date.issued", "dc.date", "date", "pdate", "sailthru.date"),
    "publisher": ("og:site_name", "dc.publisher", "publisher", "application-name"),
    "url": ("og:url", "twitter:url"),
    "language": ("content-language", "dc.language", "inlanguage", "og:locale"),
}
# Elements that hold a visible byline.
_BYLINE_XPATH = ('//*[@rel="author" or @itemprop="author" or contains(@class, "byline") or contains(@class, "author")'
                 ' or contains(@id, "byline")]')
# "By Jane Doe", "Por Houston Castillo Vado", "Geschrieben von ...", "Par ...": the word before names.
BYLINE_LEAD = regex.compile(r"^\s*(?:by|por|von|par|di|geschrieben von|written by|texte de|作者|记者)[\s:：]+", regex.I)
# Words that join or surround the names of a byline ("and", "avec", "(", a role after a comma).
_NAME_SEPARATORS = regex.compile(r"\s*(?:,|;|&|\(|\)|\||/|\s(?:and|und|et|y|e|avec|with|mit|con)\s)\s*", regex.I)
_DETERMINER = regex.compile(r"^(?:The|A|An|Der|Die|Das|Le|Les|El|Los|Las|Un|Une|Ein|Eine)\s", regex.I)
_LEADING_JOINER = regex.compile(r"^(?:and|und|et|y|e|avec|with|mit|con)\s+", regex.I)
# Lower-case words inside names (Alejandro de la Garza, Ludwig van Beethoven).
_PARTICLES = frozenset("de la le van von der den da di du del bin al ibn".split())
_NAME = regex.compile(r"^\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|\p{Ll}{1,3})){0,5}$|^\p{Han}{2,4}$")
# Where a byline's names end: a date, an update note, a social handle.
_BYLINE_END = regex.compile(r"\d|\b(?:Updated|Published|Follow)\b|@|\b(?:" + "|".join(
    m.capitalize() for m in sorted(MONTHS, key=len, reverse=True)) + r")\b\.?\s+\d")
# Frequent words that tell the languages of the lexicons apart (guess_language).
FUNCTION_WORDS = {
    "en": frozenset("the and of to is that for with was said".split()),
    "de": frozenset("der die und das ist nicht mit den sich sagte".split()),
    "fr": frozenset("le les et des est une dans pour qui selon".split()),
    "es": frozenset("el los las y que en es por una según".split()),
}
# "Headline - The New York Times": the site's name after the headline in <title>.
# Chinese titles join them without spaces ("武汉的声音-新华网").
_TITLE_SUFFIX = regex.compile(r"(?:\s+[|\-–—:·]\s+|\s*[|｜_\-–—·]\s*(?=\p{Han}+$))(?P<site>[^|｜\-–—:·]{1,40})$")
_URLISH = regex.compile(r"^(?:https?:|www\.|/|@)")


def _text(el: HtmlElement) -> str:
    return squash_spaces(el.text_content())


def _language(value: str | None) -> str | None:
    """ISO 639-1 code of a language tag: 'zh-Hans' -> 'zh', 'en_GB' -> 'en'."""
    code = regex.split(r"[-_]", (value or "").strip())[0].lower()
    return code if regex.fullmatch(r"[a-z]{2,3}", code) else None


def iso_date(value: str | None) -> str | None:
    """An ISO 8601 date or datetime (with its offset when given) from a metadata or visible date."""
    if not value or not (value := value.strip()):
        return None
    compact = regex.fullmatch(r"(\d{4})(\d{2})(\d{2})", value)
    if compact:
        value = "-".join(compact.groups())
    iso = regex.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value.replace(" ", "T", 1))   # +0000 -> +00:00
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return parse_date_line(value)
    if len(value) == 10:
        return when.date().isoformat()
    return when.replace(microsecond=0).isoformat()


def byline_names(text: str) -> list[str]:
    """Person names of a byline: 'By A, B and C' -> [A, B, C]; roles, dates and handles left out."""
    text = BYLINE_LEAD.sub("", squash_spaces(text))
    end = _BYLINE_END.search(text)
    names = []
    for part in _NAME_SEPARATORS.split(text[:end.start()] if end else text):
        part = _LEADING_JOINER.sub("", BYLINE_LEAD.sub("", part.strip(" .,:")))
        # A role after the name ("Seattle Times business reporter") ends it at its first lower-case word.
        words = []
        for word in part.split():
            if not (word[:1].isupper() or regex.match(r"\p{Han}", word) or word in _PARTICLES):
                break
            words.append(word)
        while words and words[-1] in _PARTICLES:
            words.pop()
        name = " ".join(words)
        if _NAME.match(name) and not _DETERMINER.match(name) and name not in names:
            names.append(name)
    return names


def _json_ld(tree: HtmlElement) -> dict:
    """Fields of the page's schema.org article node (authors and publisher resolved through @id)."""
    nodes: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError, RecursionError):    # broken or absurdly nested data
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                nodes.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}

    def types(node: dict) -> list[str]:
        t = node.get("@type")
        return [x for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]

    article = next((n for n in nodes if any(_ARTICLE_TYPE.search(t) for t in types(n))), None)
    if article is None:
        article = next((n for n in nodes if "WebPage" in types(n) and ("author" in n or "datePublished" in n)), None)
    if article is None:
        return {}

    def name_of(value) -> str | None:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in by_id:
            value = by_id[value["@id"]]
        if isinstance(value, dict):
            value = value.get("name")
        return squash_spaces(value) if isinstance(value, str) and not _URLISH.match(value.strip()) else None

    authors = article.get("author") or article.get("creator")
    authors = authors if isinstance(authors, list) else [authors]
    names = [n for n in map(name_of, authors) if n]
    title = article.get("headline") if "headline" in article else article.get("name")
    lang = article.get("inLanguage")
    page = article.get("mainEntityOfPage")
    url = page.get("@id") if isinstance(page, dict) else page if isinstance(page, str) else article.get("url")
    return {
        "title": squash_spaces(title) if isinstance(title, str) else None,
        "authors": [a for n in names for a in (byline_names(n) if "," in n or " and " in n else [n])],
        "published": iso_date(article.get("datePublished")) if isinstance(article.get("datePublished"), str) else None,
        "publisher": name_of(article.get("publisher")),
        "url": url if isinstance(url, str) and url.startswith("http") else None,
        "language": _language(lang if isinstance(lang, str) else name_of(lang)),
    }


def _meta_tags(tree: HtmlElement) -> dict:
    """Fields from OpenGraph, Twitter, Dublin Core and plain <meta> tags, <link rel=canonical>, <html lang>."""
    tags: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "").strip().lower()
        content = squash_spaces(m.get("content") or "")
        if key and content:
            tags.setdefault(key, content)

    def first(field: str) -> str | None:
        # A URL is an answer only for the url field (article:author is often a profile link).
        return next((tags[k] for k in META_KEYS[field]
                     if tags.get(k) and (field == "url" or not _URLISH.match(tags[k]))), None)

    canonical = next((ln.get("href") for ln in tree.iter("link")
                      if "canonical" in (ln.get("rel") or "").lower().split() and (ln.get("href") or "").startswith("http")),
                     None)
    author = first("authors")
    return {
        "title": first("title"),
        "authors": byline_names(author) if author else [],
        "published": iso_date(first("published")),
        "publisher": first("publisher"),
        "url": canonical or first("url"),
        "language": _language(tree.get("lang") or tree.get("xml:lang")) or _language(first("language")),
    }


def _visible(tree: HtmlElement) -> dict:
    """Fields read off the page itself: the <h1> headline, the byline, a <time>, the <title>'s site name."""
    title_tag = squash_spaces(tree.findtext(".//title") or "")
    suffix = _TITLE_SUFFIX.search(title_tag)
    headings = [t for t in (_text(h) for h in tree.iter("h1")) if t]
    # The <h1> that the <title> repeats is the headline (sites also use <h1> for the logo).
    title = next((h for h in headings if h in title_tag), headings[0] if headings else None)
    if not title and title_tag:
        title = title_tag[:suffix.start()] if suffix and suffix.start() else title_tag
    authors: list[str] = []
    for el in tree.xpath(_BYLINE_XPATH):
        text = _text(el)
        if 0 < len(text) <= 200 and (names := byline_names(text)):
            authors = names
            break
    times = [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]
    return {"title": title, "authors": authors, "published": iso_date(times[0]) if times else None,
            "publisher": suffix["site"] if suffix and title and title_tag.startswith(title) else None}


def guess_language(text: str) -> str | None:
    """The language of an article whose page does not say: Chinese by its script, else by function words."""
    sample = text[:5000]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters and sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff") * 3 > letters:
        return "zh"
    words = regex.findall(r"\p{L}+", sample.lower())
    scores = {lang: sum(1 for w in words if w in common) for lang, common in FUNCTION_WORDS.items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] >= 5 else None


def read_metadata(tree: HtmlElement) -> Metadata:
    """Title, authors, published date (ISO 8601), publisher, canonical URL and language of a page."""
    layers = [_json_ld(tree), _meta_tags(tree), _visible(tree)]
    meta = Metadata()
    for field in ("title", "published", "publisher", "url", "language"):
        setattr(meta, field, next((layer[field] for layer in layers if layer.get(field)), None))
    try:
        urlsplit(meta.url or "")
    except ValueError:                     # 'http://[x/': not a URL anyone can follow
        meta.url = None
    for layer in layers:
        if layer.get("authors"):
            meta.authors = layer["authors"]
            break
    # "Headline · Global Voices auf Deutsch": the site's name repeated after the headline.
    suffix = _TITLE_SUFFIX.search(meta.title or "")
    if suffix and meta.publisher and suffix["site"].casefold() == meta.publisher.casefold():
        meta.title = meta.title[:suffix.start()]
    # A visible byline that names every author of a higher layer and more is the fuller list
    # (JSON-LD often carries only the first of several bylined reporters).
    visible = layers[-1]["authors"]
    if meta.authors and set(meta.authors) < set(visible) and all(len(n.split()) > 1 for n in visible):
        meta.authors = visible
    # An outlet credited after the people ("..., and Tom Watkins, CNN") is not an author.
    if meta.publisher and len(meta.authors) > 1:
        meta.authors = [a for a in meta.authors if a.lower() != meta.publisher.lower()]
    return meta
