"""Parse stage: decode bytes once and turn HTML or plain text into one `Article`.

Both parsers emit blocks (heading, paragraph, list item, block quote, ...) into a `TextAssembler`,
which joins them with blank lines into the canonical text and records every block, section and
link by offsets into it. Nothing downstream ever rewrites that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from builder.parse.decode import DecodeError, decode
from builder.records import Article, Block, Link, RawDocument, Rejection, Section
from builder.sources import article_id

BLOCK_SEPARATOR = "\n\n"
# Larger files are dumps or attacks, not saved articles; below it the HTML parse stays within seconds.
MAX_BYTES = 10_000_000
_WS = re.compile(r"\s+")


def squash_spaces(text: str) -> str:
    """Collapse whitespace runs to one space and strip: the HTML reading of inline text."""
    return _WS.sub(" ", text).strip()


@dataclass
class Metadata:
    """What a parser learnt about the article besides its text (sidecar values win later)."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    empty_reason: str | None = None    # why no text was found, when the parser knows better than "none"


class TextAssembler:
    """Collects blocks into the canonical text, with sections and links as offsets."""

    def __init__(self):
        self._parts: list[str] = []
        self._pos = 0
        self.blocks: list[Block] = []
        self.sections: list[Section] = [Section(None, 0, 0)]
        self.links: list[Link] = []

    def add(self, text: str, kind: str = "paragraph", links: tuple[tuple[int, int, str], ...] = ()) -> None:
        """Append one block; `links` are (start, end, href) relative to `text`."""
        if not text:
            return
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._pos += len(BLOCK_SEPARATOR)
        start = self._pos
        self._parts.append(text)
        self._pos += len(text)
        if kind == "heading":
            self.sections.append(Section(text, start, self._pos))
        last = self.sections[-1]
        self.sections[-1] = Section(last.title, last.start if last.end else start, self._pos)
        self.blocks.append(Block(start, self._pos, kind, len(self.sections) - 1))
        self.links.extend(Link(start + s, start + e, href) for s, e, href in links if e > s)

    @property
    def empty(self) -> bool:
        """True while no block has been added."""
        return not self._parts

    def text(self) -> str:
        """The canonical text so far."""
        return "".join(self._parts)

    def finish(self) -> tuple[str, tuple[Block, ...], tuple[Section, ...], tuple[Link, ...]]:
        """Text, blocks, sections (the lead section dropped when empty) and links."""
        sections = list(self.sections)
        blocks = self.blocks
        if sections[0].end == 0 and len(sections) > 1:
            sections = sections[1:]
            blocks = [Block(b.start, b.end, b.kind, b.section - 1) for b in blocks]
        return self.text(), tuple(blocks), tuple(sections), tuple(self.links)


def parse(raw: RawDocument) -> Article | Rejection:
    """Decode and parse one raw document; expected problems come back as a Rejection."""
    aid = article_id(raw.path)
    if len(raw.data) > MAX_BYTES:
        return Rejection(raw.path, aid, "parse_too_large", f"{len(raw.data):,} bytes, over the {MAX_BYTES:,} limit")
    try:
        text, encoding = decode(raw.data, raw.format)
    except DecodeError as exc:
        return Rejection(raw.path, aid, exc.reason, str(exc))
    if raw.format == "html":
        from builder.parse.html import parse_html

        body, meta = parse_html(text, raw.meta)
    else:
        from builder.parse.text import parse_text

        body, meta = parse_text(text, title_hint=raw.meta.get("title"))
    if body.empty:
        return Rejection(raw.path, aid, "parse_no_body",
                         meta.empty_reason or "no article text found after removing page furniture")
    canonical, blocks, sections, links = body.finish()
    side = raw.meta
    return Article(
        id=aid,
        path=raw.path,
        sha256=raw.sha256,
        text=canonical,
        blocks=blocks,
        sections=sections,
        links=links,
        url=side.get("url") or meta.url,
        title=side.get("title") or meta.title,
        authors=tuple(side.get("authors") or meta.authors),
        publisher=side.get("publisher") or meta.publisher,
        published=side.get("published") or meta.published,
        language=(side.get("language") or meta.language or "en").lower(),
        license=side.get("license"),
        encoding=encoding,
        format=raw.format,
    )
