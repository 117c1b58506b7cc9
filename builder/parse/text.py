"""Plain-text articles: title line, date and byline lines, headings, bullets, paragraphs, leftovers.

The shape is the one saved-from-the-web text files have (the seed article, Wikinews dumps, VOA
Noticias): a headline, blank-line separated paragraphs, section headings as bare lines, bullet
lists, and leftovers of the HTML page such as an image-name line or a dangling link text.
"""

from __future__ import annotations

import regex

from builder.parse import Metadata, TextAssembler
from builder.parse.dates import parse_date_line
from builder.parse.metadata import byline_names

# "  • item", "- item", "* item", "1. item"
_BULLET = regex.compile(r"^\s*(?:[•◦▪‣·*\-–—]|\d{1,2}[.)])\s+(?=\S)")
# A whole line that is a file or slug name left behind by an image: "bitcoin-daily-chart-1894",
# "photo_2025-07-02.jpg" (seed article). Lower-case, no spaces, joined by - or _.
_SLUG_LINE = regex.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+(?:\.(?:jpe?g|png|gif|webp|svg))?$")
# Anchor text of a link that lost its link when the page was saved as text: the seed's
# '... financial center.” source.' Only a lone word after a finished sentence is removed.
_DANGLING_LINK = regex.compile(r"(?<=[.!?”\"’)])\s+(?:source|link|here|read more|more)\.?$", regex.I)
# "By Jane Doe", "Por Houston Castillo Vado", "Von ...", "Par ..." - a byline, at most six names.
_BYLINE = regex.compile(r"^(?:By|Por|Von|Par|Di)\s+(?P<names>\p{Lu}[\p{L}.'’-]*(?:(?:\s+|\s*,\s*|\s+(?:and|y|und|et|e)\s+)\p{Lu}?[\p{L}.'’-]+){0,6})\s*$")
_SENTENCE_END = tuple(".!?…:;,\"”’»)")
_HARD_WRAP_MIN = 55   # lines of a hard-wrapped paragraph are long and do not end a sentence


def _is_heading(line: str) -> bool:
    """A bare line that reads like a heading: short, no closing punctuation, mostly capitalised."""
    if len(line) > 120 or line.endswith(_SENTENCE_END) or not line[:1].isupper() and not line[:1].isdigit():
        return False
    words = line.split()
    if not 1 <= len(words) <= 15 or regex.search(r"[.:;!?]\s|https?://|www\.", line) or line.count(",") > 2:
        return False
    long_words = [w for w in words if len(w) > 3]
    capitalised = sum(1 for w in long_words if w[:1].isupper() or w[:1].isdigit())
    return not long_words or capitalised * 2 >= len(long_words)


def _is_label(line: str) -> bool:
    """A short line ending in a colon that introduces a list: "Key Points:"."""
    return line.endswith(":") and len(line.split()) <= 5 and line[:1].isupper()


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True when consecutive lines are pieces of one paragraph wrapped at a fixed width."""
    return len(lines) > 1 and all(
        len(line) >= _HARD_WRAP_MIN and not line.rstrip().endswith((".", "!", "?", ":", "\"", "”"))
        for line in lines[:-1]
    ) and not any(_BULLET.match(line) for line in lines)


def _chunks(text: str) -> list[list[str]]:
    """Runs of non-blank lines, stripped at the right."""
    chunks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def parse_text(text: str, title_hint: str | None = None) -> tuple[TextAssembler, Metadata]:
    """Split a plain-text article into blocks and read its title, date and byline."""
    meta = Metadata()
    out = TextAssembler()
    chunks = _chunks(text)
    if len(chunks) > 1 and len(chunks[0]) == 1:
        first = chunks[0][0].strip()
        looks_like_title = len(first) <= 200 and not first.endswith((".", "!", ":", ",", ";"))
        if looks_like_title or (title_hint and first == title_hint.strip()):
            meta.title = first
            chunks = chunks[1:]
    for i, chunk in enumerate(chunks):
        lines = [line.strip() for line in chunk]
        if _is_hard_wrapped(lines):
            lines = [" ".join(lines)]
        for j, line in enumerate(lines):
            near_top = out.empty
            if near_top and (date := parse_date_line(line)):
                meta.published = meta.published or date
                continue
            if near_top and (by := _BYLINE.match(line)):
                meta.authors = byline_names(by["names"])
                continue
            if _SLUG_LINE.match(line):
                continue
            if bullet := _BULLET.match(line):
                out.add(line[bullet.end():].strip(), "list_item")
            elif (len(lines) == 1 and _is_heading(line)) or (
                _is_label(line) and _next_is_bullet(lines, j, chunks, i)
            ):
                out.add(line, "heading")
            else:
                out.add(_DANGLING_LINK.sub("", line), "paragraph")
    return out, meta


def _next_is_bullet(lines: list[str], j: int, chunks: list[list[str]], i: int) -> bool:
    """True when the line after lines[j] (in this chunk or the next) is a bullet item."""
    nxt = lines[j + 1] if j + 1 < len(lines) else (chunks[i + 1][0] if i + 1 < len(chunks) else "")
    return bool(_BULLET.match(nxt))
