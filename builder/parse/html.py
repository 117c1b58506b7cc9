"""HTML articles through Beautiful Soup: main content, blocks, links and head metadata.

Traversal is iterative (an explicit stack), so 10 000-deep nesting cannot hit Python's recursion
limit. Whitespace inside a block is collapsed as text is appended, which keeps link offsets exact.
"""

from __future__ import annotations

import json

import regex
from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag

from builder.parse import Metadata, TextAssembler

# Never article text.
DROP_TAGS = frozenset("""script style noscript template iframe svg canvas form button input select
textarea nav header footer aside head object embed video audio map dialog menu""".split())
BLOCK_TAGS = frozenset("""p div section article main li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre
table thead tbody tfoot tr td th figure figcaption caption address hr center body details summary""".split())
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# class/id words of page furniture (navigation, sharing, related links, comments, ads, banners).
BOILERPLATE = regex.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|footer|masthead|share|sharing|social|"
    r"related|recommended|comments?|advert\w*|ads?|sponsor\w*|cookie\w*|consent|banner|promo|"
    r"subscribe|newsletter|sidebar|skip|toolbar|pagination|byline-share|print-only|visually-hidden|"
    r"sr-only)(?:$|[\s_-])",
    regex.I,
)
MAIN_SELECTORS = ("article", "main", "[role=main]", "[itemprop=articleBody]")
_SPACE = regex.compile(r"\s+")


class _Block:
    """Inline text of one block being collected, whitespace collapsed as it arrives."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.links: list[tuple[int, int, str]] = []
        self._space_pending = False

    def append(self, text: str) -> None:
        for i, piece in enumerate(_SPACE.split(text)):
            if i:
                self._space_pending = True
            if piece:
                if self._space_pending and self.length:
                    self.parts.append(" ")
                    self.length += 1
                self._space_pending = False
                self.parts.append(piece)
                self.length += len(piece)

    def take(self) -> tuple[str, tuple[tuple[int, int, str], ...]]:
        """The block's text and links, and reset."""
        text = "".join(self.parts)
        links = tuple((s, min(e, len(text)), h) for s, e, h in self.links if s < len(text))
        self.__init__()
        return text, links


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in DROP_TAGS:
        return True
    if tag.get("hidden") is not None or tag.get("aria-hidden") == "true":
        return True
    marks = " ".join([*(tag.get("class") or []), tag.get("id") or "", tag.get("role") or ""])
    return bool(marks.strip()) and bool(BOILERPLATE.search(marks)) and tag.name not in ("body", "html", "main")


def _main_root(soup: BeautifulSoup) -> Tag:
    """The element holding the article: <article>, <main>, an articleBody, else <body>."""
    for selector in MAIN_SELECTORS:
        found = [t for t in soup.select(selector) if len(t.get_text(" ", strip=True)) > 200]
        if found:
            return max(found, key=lambda t: len(t.get_text(" ", strip=True)))
    return soup.body or soup


def _walk(root: Tag, out: TextAssembler, meta: Metadata) -> None:
    """Emit the blocks under `root` in document order."""
    block = _Block()
    kinds: list[str] = []           # stack of enclosing block kinds
    stack: list[tuple[object, bool]] = [(root, False)]

    def flush():
        text, links = block.take()
        text = text.strip()
        if not text:
            return
        kind = kinds[-1] if kinds else "paragraph"
        out.add(text, kind, links)

    while stack:
        node, leaving = stack.pop()
        if leaving:
            if isinstance(node, Tag):
                if node.name == "a" and node.get("_start") is not None:
                    href = node.get("href") or ""
                    if href and not href.startswith(("#", "javascript:", "mailto:")):
                        block.links.append((int(node["_start"]), block.length, href))
                if node.name in BLOCK_TAGS:
                    flush()
                    kinds.pop()
            continue
        if isinstance(node, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(node, NavigableString):
            block.append(str(node))
            continue
        if not isinstance(node, Tag) or _is_boilerplate(node):
            continue
        name = node.name
        if name == "br":
            flush()
            continue
        if name == "h1" and not meta.title:
            meta.title = node.get_text(" ", strip=True) or None
            continue
        if name == "a":
            node["_start"] = str(block.length + (1 if block._space_pending and block.length else 0))
        if name in BLOCK_TAGS:
            flush()
            if name in HEADINGS:
                kinds.append("heading")
            elif name == "blockquote" or (kinds and kinds[-1] == "blockquote"):
                kinds.append("blockquote")
            elif name == "li":
                kinds.append("list_item")
            elif name in ("figcaption", "caption"):
                kinds.append("caption")
            elif name in ("td", "th"):
                kinds.append("table")
            else:
                kinds.append(kinds[-1] if kinds and kinds[-1] in ("list_item", "table") else "paragraph")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    flush()


def _head_metadata(soup: BeautifulSoup, meta: Metadata) -> None:
    """Title, authors, date, publisher, URL and language from JSON-LD, OpenGraph and <meta>."""
    def content(*selectors):
        for sel in selectors:
            tag = soup.select_one(sel)
            if tag and (tag.get("content") or "").strip():
                return tag["content"].strip()
        return None

    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if not isinstance(item, dict) or "Article" not in str(item.get("@type", "")):
                continue
            meta.title = meta.title or (item.get("headline") if isinstance(item.get("headline"), str) else None)
            meta.published = meta.published or (item.get("datePublished") if isinstance(item.get("datePublished"), str) else None)
            authors = item.get("author")
            authors = authors if isinstance(authors, list) else [authors] if authors else []
            names = [a.get("name") if isinstance(a, dict) else a for a in authors]
            meta.authors = meta.authors or [n.strip() for n in names if isinstance(n, str) and n.strip()]
            pub = item.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                meta.publisher = meta.publisher or pub["name"]
    meta.title = meta.title or content('meta[property="og:title"]', 'meta[name="twitter:title"]')
    meta.published = meta.published or content('meta[property="article:published_time"]', 'meta[name="date"]',
                                                'meta[itemprop="datePublished"]', 'meta[name="pubdate"]')
    meta.publisher = meta.publisher or content('meta[property="og:site_name"]', 'meta[name="application-name"]')
    author = content('meta[name="author"]', 'meta[property="article:author"]')
    if author and not author.startswith("http") and not meta.authors:
        meta.authors = [author]
    canonical = soup.select_one('link[rel="canonical"]')
    meta.url = (canonical.get("href") if canonical else None) or content('meta[property="og:url"]')
    html = soup.find("html")
    lang = html.get("lang") if isinstance(html, Tag) else None
    meta.language = (lang or content('meta[http-equiv="content-language"]') or "").split("-")[0].lower() or None
    if not meta.title and soup.title and soup.title.string:
        meta.title = soup.title.string.strip() or None


def parse_html(text: str, language_hint: str | None = None) -> tuple[TextAssembler, Metadata]:
    """Split an HTML page into blocks of its main content and read its metadata."""
    soup = BeautifulSoup(text, "lxml")
    meta = Metadata()
    out = TextAssembler()
    _head_metadata(soup, meta)
    title_from_head = meta.title
    meta.title = None
    _walk(_main_root(soup), out, meta)
    meta.title = title_from_head or meta.title
    meta.language = language_hint or meta.language
    return out, meta
