"""HTML pages: the article's blocks found by trafilatura, metadata read off the page, furniture dropped.

One lxml parse serves everything: metadata is read first, then hidden elements and marked page
furniture are pruned, then trafilatura finds the article and returns it as a small tree (headings,
paragraphs, lists, quotes, tables, links), which `_walk` turns into blocks. When trafilatura finds
nothing (tiny or broken pages) the same walker reads the page's own <article>/<main>/<body>.
Lines trafilatura keeps but an article does not have (the headline and byline at the top, read-more
links, credit lines) are dropped last. Traversal is iterative: deep nesting cannot overflow.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
import regex
import trafilatura
from lxml.etree import ParserError
from lxml.html import HtmlElement

from builder.parse import Metadata, TextAssembler, squash_spaces
from builder.parse.dates import parse_date_line
from builder.parse.decode import repair
from builder.parse.metadata import BYLINE_LEAD, byline_names, guess_language, read_metadata

TIMEOUT = 1.0   # seconds any one furniture pattern may spend on one block
CAPTION_MARK = "data-quote-builder-caption"   # a figure caption that quotes someone, kept as a block

# Roles of the tags of trafilatura's output tree and of plain HTML (the fallback walker). Tags not
# listed are inline; "container" ends a block without starting a kind of its own.
TRAFILATURA_ROLES = {"head": "heading", "p": "paragraph", "item": "list_item", "quote": "blockquote",
                     "table": "table", "row": "row", "cell": "cell", "code": "paragraph", "lb": "break",
                     "ref": "link", "graphic": "drop", "list": "container", "body": "container"}
HTML_ROLES = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
    **dict.fromkeys(("p", "pre", "address", "dt", "dd", "caption", "summary"), "paragraph"),
    **dict.fromkeys(("div", "section", "article", "main", "body", "html", "ul", "ol", "dl", "figure", "center",
                     "details", "hr"), "container"),
    "li": "list_item", "blockquote": "blockquote", "table": "table", "tr": "row", "td": "cell", "th": "cell",
    "br": "break", "a": "link",
    **dict.fromkeys(("script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button", "input",
                     "select", "textarea", "nav", "header", "footer", "aside", "head", "object", "embed", "video",
                     "audio", "map", "dialog", "menu", "img", "picture", "figcaption"), "drop"),
}
_BLOCK_ROLES = frozenset({"heading", "paragraph", "list_item", "blockquote", "caption", "container", "table", "row"})
# class/id words of page furniture: navigation, sharing, related links ("recirc"ulation), comments,
# ads, cookie banners, newsletter boxes; matched as whole words of class and id values.
FURNITURE_CLASS = regex.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|masthead|share|sharing|social|related|recirc|"
    r"recommended|comments?|advert\w*|ads?|sponsor\w*|cookie\w*|consent|banner|promo|subscribe|newsletter|"
    r"sidebar|skip|toolbar|pagination|print-only|visually-hidden|sr-only|outbrain|taboola)(?:$|[\s_-])",
    regex.I)
_CAPTION_CLASS = regex.compile(r"(?:^|[\s_-])caption(?:$|[\s_-])", regex.I)   # WordPress wp-caption-text, ...
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.I)
# A caption is kept only when it quotes someone: three words or more inside quote marks.
_QUOTING = regex.compile(r"[\"“„«「『][^\"”“«»「」『』]{0,400}?[\p{L}\p{N}]+\W+[\p{L}\p{N}]+\W+[\p{L}\p{N}]+"
                         r"[^\"”“«»「」『』]{0,400}?[\"”“»」』]")
# Blocks that are page furniture wherever they stand: (name, pattern, what it removes).
FURNITURE_LINES = (
    ("read_more", regex.compile(
        r"^\[?(?:read more|read also|see also|related|more on this|mehr lesen|lesen sie auch|mehr zum thema|"
        r"lire aussi|à lire aussi|voir aussi|lee también|leer más|ver también|延伸阅读|相关阅读|相关新闻|推荐阅读)"
        r"\s*[:：»›>]", regex.I),
     "a link to another article set in this one"),
    ("credits", regex.compile(r"^\(?(?:additional\s+)?(?:reporting|writing|editing)\s+by\s", regex.I),
     "the wire-service credit line (Reporting by ...; Editing by ...)"),
    ("contact", regex.compile(r"^(?:write to|contact|email)\s+[^@\n]{1,80}?\s(?:at|:)\s*\S+@\S+\s*$", regex.I),
     "how to write to the author"),
    ("standards", regex.compile(r"^Our Standards\s*:", regex.I), "the link to the publisher's trust principles"),
    ("photo_credit", regex.compile(r"(?:^(?:photo|image|credit)s?\s*[:：]|\s摄\s*$|[(（]\s*(?:photo|摄影)[:：][^)）]*[)）]\s*$)",
                                   regex.I),
     "a photo's caption or credit left as a paragraph (Xinhua: '... 新华社记者 X 摄')"),
)
# Newsletter and app promotion: only in a short block that links somewhere.
_PROMO = regex.compile(r"\b(?:sign up|subscribe|newsletter|in your inbox|download (?:our|the) app)\b", regex.I)
_SPACES = regex.compile(r"\s+")
# Comments go at parse time: trafilatura cuts a paragraph at a comment inside it ("And <!-- -->winter").
_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)
_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]{0,200}\?>")
_WORD = regex.compile(r"[\p{L}\p{N}]+")

Piece = tuple[str, str, tuple]   # (text, kind, links as (start, end, href) relative to the text)


class _Block:
    """Inline text of one block being collected, whitespace collapsed as it arrives."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.links: list[tuple[int, int, str]] = []
        self.space_pending = False

    def append(self, text: str) -> None:
        for i, piece in enumerate(_SPACES.split(repair(text))):
            if i:
                self.space_pending = True
            if piece:
                if self.space_pending and self.length:
                    self.parts.append(" ")
                    self.length += 1
                self.space_pending = False
                self.parts.append(piece)
                self.length += len(piece)

    def next_offset(self) -> int:
        """Where the next appended word will start."""
        return self.length + (1 if self.space_pending and self.length else 0)

    def take(self) -> tuple[str, tuple[tuple[int, int, str], ...]]:
        """The block's text and links, and reset."""
        text = "".join(self.parts)
        links = []
        for s, e, href in self.links:
            e = min(e, len(text))
            while s < e and text[s] == " ":        # '<a> the report</a>' starts at its first word
                s += 1
            if s < e:
                links.append((s, e, href))
        self.__init__()
        return text, tuple(links)


def _href(base: str | None, href: str | None) -> str | None:
    """The link target as an absolute URL; None for in-page, script and malformed ('http://[x') targets."""
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    try:
        url = urljoin(base or "", href)
        urlsplit(url)
    except ValueError:
        return None
    return url


def _walk(root: HtmlElement, roles: dict[str, str], base_url: str | None = None) -> list[Piece]:
    """The blocks under `root` in document order, each with its kind and links."""
    out: list[Piece] = []
    block = _Block()
    kinds: list[str] = []
    overrides: dict[HtmlElement, str] = {}   # rows and cells of layout tables read as plain containers
    row_tags = {t for t, r in roles.items() if r == "row"}
    cell_tags = {t for t, r in roles.items() if r == "cell"}
    state = {"rows": 0, "generation": 0}     # open data-table rows; flush count (a link spans one block)

    def flush():
        text, links = block.take()
        state["generation"] += 1
        if text:
            out.append((text, kinds[-1] if kinds else "paragraph", links))

    def kind_of(role: str) -> str:
        around = kinds[-1] if kinds else "paragraph"
        if role in ("table", "row"):
            return "table"
        if role == "container" or around == "blockquote" or (around == "list_item" and role != "list_item"):
            return around
        return role

    def tail(node):
        if node is not root and node.tail:
            block.append(node.tail)

    stack: list[tuple[HtmlElement, str | None, tuple | None]] = [(root, None, None)]
    while stack:
        node, leaving, link = stack.pop()
        if leaving is not None:
            if link is not None and link[0] == state["generation"]:
                block.links.append((link[1], block.length, link[2]))
            if leaving == "row":
                state["rows"] -= 1
            if leaving in _BLOCK_ROLES:
                flush()
                kinds.pop()
            tail(node)
            continue
        if not isinstance(node.tag, str):          # comments and processing instructions
            tail(node)
            continue
        role = overrides.pop(node, None) or ("caption" if node.get(CAPTION_MARK) is not None
                                             else roles.get(node.tag, "inline"))
        if role == "table" and all(sum(1 for c in row if c.tag in cell_tags and "".join(c.itertext()).strip()) < 2
                                   for row in node.iter(*row_tags)):
            role = "container"                     # a layout table: no row has two cells with text
            overrides.update((el, "container") for el in node.iter(*row_tags, *cell_tags) if el is not node)
        if state["rows"] and role in _BLOCK_ROLES:
            role = "inline"                        # block tags inside a data-table row
        if role == "drop":
            tail(node)
            continue
        if role == "break":
            flush()
            tail(node)
            continue
        if role == "cell" and block.length:
            block.append(" | ")
        if role == "row":
            state["rows"] += 1
        if role in _BLOCK_ROLES:
            flush()
            kinds.append(kind_of(role))
        href = _href(base_url, node.get("target") or node.get("href")) if role == "link" else None
        stack.append((node, role, (state["generation"], block.next_offset(), href) if href else None))
        if node.text:
            block.append(node.text)
        stack.extend((child, None, None) for child in reversed(node))
    flush()
    return out


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _load(text: str) -> tuple[HtmlElement | None, str | None]:
    """The page as an lxml tree (None when it holds no element at all) and why the parse stopped early."""
    # C0 control characters are invisible in a browser and make lxml refuse the string later on
    text = _CONTROL_CHARS.sub("", _XML_DECLARATION.sub("", text, count=1))
    try:
        tree = lxml.html.document_fromstring(text, parser=_PARSER)
    except ParserError:
        return None, "the page holds no HTML element"
    # libxml2 stops at 256 levels of nesting (its guard against stack exhaustion); what came
    # before is kept, the rest of the page is lost.
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log)
    return tree, "the page nests elements deeper than 256 levels; the HTML parser stops there" if too_deep else None


def _prune(tree: HtmlElement) -> None:
    """Remove hidden elements and marked furniture; keep a caption, as a paragraph, only when it quotes someone."""
    paragraphs = max(1, sum(1 for _ in tree.iter("p")))
    captions, doomed = [], []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "main"):
            continue
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if el.tag == "figcaption" or _CAPTION_CLASS.search(marks):
            captions.append(el)
        elif (el.get("hidden") is not None or el.get("aria-hidden") == "true"
              or _HIDDEN_STYLE.search(el.get("style") or "") or FURNITURE_CLASS.search(marks)):
            # Never the article itself: a furniture word on its container ("has-share-bar") and
            # article text hidden behind a "read more" button are both common.
            if sum(1 for _ in el.iter("p")) * 2 < paragraphs:
                doomed.append(el)
    seen: set[HtmlElement] = set()
    for caption in captions:
        if any(a in seen for a in caption.iterancestors()):
            continue                               # the inner part of a caption already handled
        seen.add(caption)
        host = next(caption.iterancestors("figure"), caption) if caption.tag == "figcaption" else caption
        text = caption.text_content()
        if _QUOTING.search(text[:2000], timeout=TIMEOUT) and host.getparent() is not None:
            p = lxml.html.Element("p", {CAPTION_MARK: ""})
            p.text, p.tail = text, host.tail
            host.getparent().replace(host, p)
        else:
            doomed.append(host)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _main_root(tree: HtmlElement) -> HtmlElement:
    """The element holding the article when trafilatura finds none: <article>, <main>, else <body>."""
    for xpath in ("//article", "//main", '//*[@role="main"]', '//*[@itemprop="articleBody"]'):
        found = [(len(el.text_content()), i, el) for i, el in enumerate(tree.xpath(xpath))]
        found = [f for f in found if f[0] > 200]
        if found:
            return max(found, key=lambda f: (f[0], -f[1]))[2]
    return tree.find("body") if tree.find("body") is not None else tree


def _is_furniture(text: str, links: tuple) -> str | None:
    """The FURNITURE_LINES name (or 'promo') a block matches, else None."""
    for name, pattern, _why in FURNITURE_LINES:
        if pattern.search(text, timeout=TIMEOUT):
            return name
    if links and len(_WORD.findall(text)) <= 60 and _PROMO.search(text, timeout=TIMEOUT):
        return "promo"
    return None


def _top_furniture(pieces: list[Piece], meta: Metadata, headlines: set[str]) -> int:
    """How many leading blocks are the headline, dateline, byline, or a list of labels holding the date."""
    def label(text: str) -> bool:
        return len(_WORD.findall(text)) <= 12 and not regex.search(r"[.!?。！？]\s*$", text)

    i = 0
    while i < len(pieces):
        text, kind, _links = pieces[i]
        if kind == "heading" and text.casefold() in headlines:
            i += 1
        elif kind == "list_item":
            # "24 July 2015 / From the section US & Canada / 941 comments": a list of page labels,
            # told from a list of key points by the date among them.
            j = i
            while j < len(pieces) and pieces[j][1] == "list_item" and label(pieces[j][0]):
                j += 1
            dates = [d for t, _k, _l in pieces[i:j] if (d := parse_date_line(t))]
            if not dates or j < len(pieces) and pieces[j][1] == "list_item":
                break
            meta.published = meta.published or dates[0]
            i = j
        elif date := parse_date_line(text):
            meta.published = meta.published or date
            i += 1
        elif label(text) and BYLINE_LEAD.match(text) and (names := byline_names(text)):
            meta.authors = meta.authors or names
            i += 1
        else:
            break
    return i


def _extract_blocks(tree: HtmlElement, meta: Metadata, base_url: str | None) -> list[Piece]:
    """The article's blocks: trafilatura's choice of content, else the page's own main element."""
    headlines = {t.casefold() for t in (meta.title, *(squash_spaces(h.text_content()) for h in tree.iter("h1"))) if t}
    _prune(tree)
    doc = trafilatura.bare_extraction(tree, url=base_url, include_comments=False, include_tables=True,
                                      include_links=True, include_images=False, include_formatting=False,
                                      with_metadata=False, deduplicate=False)
    pieces = _walk(doc.body, TRAFILATURA_ROLES, base_url) if doc is not None and doc.body is not None else []
    if not pieces:
        pieces = _walk(_main_root(tree), HTML_ROLES, base_url)
    pieces = pieces[_top_furniture(pieces, meta, headlines):]
    return [p for p in pieces if not _is_furniture(p[0], p[2])]


def parse_html(text: str, hints: dict | None = None) -> tuple[TextAssembler, Metadata]:
    """Split an HTML page into blocks of its article and read its metadata; `hints` is the sidecar."""
    hints = hints or {}
    out = TextAssembler()
    tree, problem = _load(text)
    if tree is None:
        return out, Metadata(empty_reason=problem)
    meta = read_metadata(tree)
    meta.empty_reason = problem
    base_url = _href(None, hints.get("url") or meta.url)
    for piece_text, kind, links in _extract_blocks(tree, meta, base_url):
        out.add(piece_text, kind, links)
    meta.language = meta.language or guess_language(out.text())
    return out, meta
