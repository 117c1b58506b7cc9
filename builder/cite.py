"""Cite stage: the sources an article credits (according to, as per, Source:, reported, told, links)."""

from __future__ import annotations

import regex

from builder import lexicons
from builder.records import Article, Attribution, Citation, Span

# "Source: CoinMarketCap", "Sources: Reuters, AP", "Source: https://..." - at a paragraph start or
# after a sentence (the seed's image caption ends "... 2025. Source: CoinMarketCap").
_SOURCE_LINE = regex.compile(r"(?:^|(?<=[.!?)]\s))(?P<cue>Sources?|Quelle|Fuente|来源|資料來源)\s*[:：]\s*(?P<x>[^\n]+?)\s*$",
                             regex.M)
_URL = regex.compile(r"https?://\S+|www\.\S+")
_LINK_CUES = (
    (regex.compile(r"(?:according to|as per)(?:\s+(?:data|figures|a report|reports?|documents?)\s+(?:from|by|in))?\s*$", regex.I), "according to"),
    (regex.compile(r"\btold\s*$", regex.I), "told"),
    (regex.compile(r"\bin\s+a\s+statement\b[^.]{0,40}$", regex.I), "statement"),
    (regex.compile(r"\b(?:reported|reports|first reported)\s+(?:by\s+)?\s*$", regex.I), "reported"),
    (regex.compile(r"\b(?:source|via)\s*[:：]?\s*$", regex.I), "Source:"),
)
# The outlet after "told": "told Reuters", "told The Jakarta Post" (a final period is not part of it)
_TOLD_OBJECT = regex.compile(r"\s+(?P<o>(?:[Tt]he\s+)?\p{Lu}[\p{L}&'’-]*(?:\.\p{L}+)*(?:\s+\p{Lu}[\p{L}&'’-]*(?:\.\p{L}+)*){0,4})")


def _kind_of(name: str, speaker_kind: str | None = None) -> str:
    words = name.split()
    if _URL.fullmatch(name):
        return "url"
    if any(w in lexicons.words("organization_words") for w in words) or speaker_kind == "organization":
        return "publication" if any(w in ("Times", "Post", "News", "Journal", "Press", "Tribune", "Radio")
                                    for w in words) else "organization"
    if speaker_kind == "person":
        return "person"
    if words and words[-1].lower() in ("report", "study", "survey", "poll", "statement", "document", "memo", "letter", "data"):
        return "document"
    return "unknown" if not name[:1].isupper() else "organization"


def _strip_article(text: str, start: int, end: int) -> tuple[int, int]:
    m = regex.match(r"(?:the|a|an)\s+", text[start:end], regex.I)
    return (start + m.end(), end) if m and start + m.end() < end else (start, end)


def _claim(article: Article, start: int, end: int) -> Span | None:
    return Span(start, end, article.text[start:end]) if end > start else None


def _sentence_around(text: str, pos: int) -> tuple[int, int]:
    lo = max(text.rfind("\n", 0, pos), max(text.rfind(". ", 0, pos), text.rfind("? ", 0, pos)) + 1) + 1
    hi_candidates = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    while lo < hi and text[lo] == " ":
        lo += 1
    return lo, min(hi, len(text))


def cite(article: Article, attributions: tuple[Attribution, ...]) -> list[Citation]:
    """Every source the article cites, ordered by position."""
    text = article.text
    found: dict[tuple[int, int, str], Citation] = {}

    def add(c: Citation) -> None:
        found.setdefault((c.start, c.end, c.cue), c)

    for a in attributions:
        if a.cue is None or a.mention is None:
            continue
        cue = a.cue.text.lower()
        m = a.mention
        if cue in ("according to", "as per"):
            s, e = _strip_article(text, m.start, m.end)
            add(Citation(text[s:e], _kind_of(text[s:e], a.speaker_kind), cue, s, e, ("cite_according_to",),
                         claim=_claim(article, a.start, a.end)))
        elif cue in ("reported", "reports", "report") and a.speaker_kind == "organization" and text[m.start:m.end][:1].isupper():
            s, e = _strip_article(text, m.start, m.end)
            add(Citation(text[s:e], _kind_of(text[s:e], "organization"), "reported", s, e, ("cite_reported",),
                         claim=_claim(article, a.start, a.end)))
        if cue in ("told", "tells", "tell", "telling"):
            obj = _TOLD_OBJECT.match(text, a.cue.end, a.cue.end + 80, timeout=2.0)
            if obj:
                name = obj["o"]
                s = obj.start("o")
                s, e = _strip_article(text, s, s + len(name))
                if _is_medium(text[s:e], attributions):
                    add(Citation(text[s:e], "publication", "told", s, e, ("cite_told",),
                                 claim=_claim(article, a.start, a.end)))
    for m in _SOURCE_LINE.finditer(text, timeout=2.0):
        value = m["x"].rstrip(".")
        s = m.start("x")
        for part in regex.finditer(r"[^,;]+", value):
            name = part.group().strip()
            if not name:
                continue
            ps = s + part.start() + (len(part.group()) - len(part.group().lstrip()))
            pe = ps + len(name)
            url = name if _URL.fullmatch(name) else None
            add(Citation(name, "url" if url else _kind_of(name), "Source:", ps, pe, ("cite_source_line",),
                         url=("https://" + url if url and url.startswith("www.") else url)))
    for link in article.links:
        anchor = text[link.start:link.end]
        if not link.href.startswith(("http://", "https://")) or not anchor.strip():
            continue
        lead = text[max(0, link.start - 60):link.start]
        cue = next((name for pattern, name in _LINK_CUES if pattern.search(lead)), "link")
        ss, se = _sentence_around(text, link.start)
        add(Citation(anchor, "url" if _URL.fullmatch(anchor) else _kind_of(anchor), cue, link.start, link.end,
                     ("cite_link",), url=link.href, claim=_claim(article, ss, se)))
    return sorted(found.values(), key=lambda c: (c.start, c.end, c.cue))


def _is_medium(name: str, attributions: tuple[Attribution, ...]) -> bool:
    """'told Reuters' / 'told The Jakarta Post': an outlet, not a person spoken to."""
    words = name.split()
    if any(w in lexicons.words("organization_words") for w in words):
        return True
    return len(words) == 1 and not any(a.speaker and words[0] in a.speaker.split() for a in attributions)
