"""Cite stage: the sources an article credits (according to, as per, Source:, reported, told, links)."""

from __future__ import annotations

from dataclasses import replace

import re

import regex

from builder import lexicons, mentions
from builder.records import Article, Attribution, Citation, Span

# "Source: CoinMarketCap", "Sources: Reuters, AP", "Source: https://..." - at a paragraph start or
# after a sentence (the seed's image caption ends "... 2025. Source: CoinMarketCap").
_SOURCE_LINE = regex.compile(r"(?:^|(?<=[.!?)]\s))(?P<cue>Sources?|Quelle|Fuente|来源|資料來源)\s*[:：]\s*(?P<x>[^\n]+?)\s*$",
                             regex.M)
_URL = regex.compile(r"https?://\S+|www\.\S+")
# How the words around a link credit it: (cue, where, pattern), first match wins. `where` is the
# text read: "before" the 60 characters before the anchor, "through" those plus the anchor
# ('said in <a>a statement</a>'), "after" the 30 characters after it ('<a>Reuters</a> zufolge').
# English, German, French, Spanish and Chinese forms, the languages of the speech-verb lexicons.
_LINK_CUES = (
    ("according to", "before", regex.compile(
        r"(?:\b(?:according to|as per)|\blaut|\bgemäß|\bnach Angaben (?:von|der|des)|\bselon|\bd['’]après|"
        r"\bsegún|\bde acuerdo con|据|根据)"
        r"(?:\s+(?:(?:the\s+)?(?:latest\s+)?(?:data|figures|numbers|estimates|a report|reports?|documents?|a study|"
        r"research)|Daten|Zahlen|des données|les chiffres|datos|cifras)\s+(?:from|by|in|of|von|der|des|de|du|del))?"
        r"\s*$", regex.I)),
    ("according to", "after", regex.compile(r"^\s*zufolge\b", regex.I)),
    ("told", "before", regex.compile(
        r"(?:\b(?:told|tells|telling)|\bsagte\s+(?:gegenüber\s+)?(?:der|dem|den)|\ba\s+(?:déclaré|dit|confié|affirmé)"
        r"\s+(?:à|au|aux)|\b(?:dijo|declaró|señaló|aseguró)\s+(?:a|al)|[对向])\s*$", regex.I)),
    ("statement", "through", regex.compile(
        r"(?:\bin\s+(?:a|an|its|their|his|her)\s+(?:joint\s+|written\s+)?statement|\bin\s+einer\s+(?:Erklärung|Mitteilung)|"
        r"\bdans\s+un\s+communiqué|\ben\s+un\s+comunicado|声明)[^.。]{0,40}$", regex.I)),
    ("reported", "before", regex.compile(
        r"\b(?:(?:first\s+)?report(?:ed|s)|berichtete|berichten|a rapporté|rapporte|informó|reportó)\s+(?:by\s+|von\s+)?$",
        regex.I)),
    ("reported", "after", regex.compile(r"^\s*(?:reported|berichtete|a rapporté|informó|报道)", regex.I)),
    ("Source:", "before", regex.compile(r"\b(?:source|sources|via|quelle|fuente)\s*[:：]?\s*$|来源\s*[:：]?\s*$",
                                        regex.I)),
)
# The outlet after "told": "told Reuters", "told The Jakarta Post" (a final period is not part of it)
_TOLD_OBJECT = regex.compile(r"\s+(?P<o>(?:[Tt]he\s+)?\p{Lu}[\p{L}&'’-]*(?:\.\p{L}+)*(?:\s+\p{Lu}[\p{L}&'’-]*(?:\.\p{L}+)*){0,4})")
_SENTENCE_ENDS = (". ", "? ", "! ", "。", "！", "？")


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


# The medium in front of a source's name: "a report from ABC Australia", "a Twitter post by Amy
# Cook", "a statement released by Erdogan's office": the source is the name after it.
_MEDIUM_PREFIX = regex.compile(r"(?:(?:the|a|an)\s+)?(?:[\w.-]+\s+){0,2}?(?:report|reports|article|statement|post|tweet|"
                               r"analysis|study|survey|data|figures|interview|video|videos)(?:\s+released)?\s+(?:from|by|of|in|with)\s+",
                               regex.I)
_MEDIUM_SUFFIX = regex.compile(r"\s+(?:report|article|analysis|poll|survey)$", regex.I)
# "a statement released by Erdogan's office": the issuer, possibly a possessive and its office
_ISSUED_BY = regex.compile(r"\s+(?:released|issued|published)\s+by\s+(?P<o>(?:the\s+)?\p{Lu}[\p{L}&'’.-]*(?:\s+\p{Lu}[\p{L}&'’.-]*){0,4}"
                           r"(?:\s+(?:office|campaign|government|administration|ministry|department))?)")
_DOCUMENT = regex.compile(r"(?:(?:the|a|an|its|their|his|her)\s+)?(?:\w+\s+)?(?:statement|report|letter|document|memo)", regex.I)
_SOURCE_CUES = frozenset({"according to", "as per", "reported", "reports", "report"})
# Pronouns, and what is left of "a report" or "its statement" without the medium: no name at all.
_NOT_A_SOURCE = frozenset("which who that it they this these he she a an the its their his her".split())


def _source_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The cited name inside a mention: without a leading article, medium ("report from") or
    trailing "report"; None when the mention is a pronoun."""
    m = _MEDIUM_PREFIX.match(text, start, end, timeout=2.0)
    if m and m.end() < end:
        start = m.end()
    m = _MEDIUM_SUFFIX.search(text, start, end, timeout=2.0)
    trimmed = m is not None and m.start() > start
    if trimmed:
        end = m.start()
    start, end = _strip_article(text, start, end)
    lower = _LOWER_LEAD.match(text, start, end, timeout=2.0) if trimmed else None
    if lower:
        start = lower.end()                  # "a new Reuters report": Reuters ("official China news agency" stays)
    return None if text[start:end].lower() in _NOT_A_SOURCE else (start, end)


_LOWER_LEAD = regex.compile(r"(?:\p{Ll}[\p{L}-]*\s+)+(?=\p{Lu})")


def _sources(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The capitalised names joined by "and" in a cited span ("these videos and NPR" -> NPR); the
    whole span when all parts or none are capitalised ("Cumbria Fire and Rescue", "witness accounts
    and authorities")."""
    parts, at = [], start
    for m in _AND.finditer(text, start, end):
        parts.append((at, m.start()))
        at = m.end()
    parts.append((at, end))
    capitalised = [text[s:s + 1].isupper() for s, _e in parts]
    if len(parts) < 2 or all(capitalised) or not any(capitalised):
        return [(start, end)]
    return [_strip_article(text, s, e) for s, e in parts if text[s:s + 1].isupper()]


_AND = regex.compile(r"\s+and\s+")
# The agent of a passive report: "reported by The Guardian", "described by Marine Bulletin as".
_PASSIVE_VERBS = ("reported", "described", "revealed")
_PASSIVE_AGENT = regex.compile(rf"\b(?:{'|'.join(_PASSIVE_VERBS)})\s+by\s+(?:the\s+)?$", regex.I)
_REPORTED_BY = regex.compile(rf"\b(?:{'|'.join(_PASSIVE_VERBS)})\s+(?:[^\W\d]+\s+){{0,4}}?(?:and\s+)?by" + _TOLD_OBJECT.pattern)
# A mention naming an outlet by what it is: "Greek daily Kathimerini", "the French news agency".
_OUTLET_MENTION = regex.compile(r"\b(?:daily|newspaper|tabloid|broadcaster|news agency|news outlet|magazine|news site|"
                                r"news website)\b")
# An outlet spoken to or on: "Speaking to NBC News", "spoke on Fox News", "in an interview with the
# Associated Press" (Wikinews, VOA).
_SPEAKING_TO = regex.compile(r"\b(?:[Ss]peaking|[Tt]alking|spoke|talked|[Ii]nterview)\s+(?:to|with|on)" + _TOLD_OBJECT.pattern)
# A source credited by name, whoever the clause went to: "according to NBC", "per ABC News".
_CREDITED = regex.compile(r"(?i:according to|per)" + _TOLD_OBJECT.pattern)
_CREDIT_WORDS = ("according to", "According to", "per ", "Per ")
# The name ends there, rather than modifying a noun ("according to the French news agency", "per WHO
# guidelines"): punctuation, the end, or a preposition or conjunction follows.
_NAME_ENDS = regex.compile(r"\s*(?:$|[.,;:!?)\]\"”’']|\s(?:on|in|at|and|that|as|with|for|from|of|to|which|who)\b)")
# Where the scans above can start, found with str.find: scanning the whole text with a pattern
# costs 4x the rest of the cite stage, a literal search a tenth of that.
_REPORT_WORDS = (*_PASSIVE_VERBS, "Speaking", "speaking", "Talking", "talking", "spoke", "talked", "Interview", "interview")


def _word_starts(text: str, words: tuple[str, ...]) -> list[int]:
    """Sorted offsets where one of `words` starts as a whole word."""
    out = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            if at == 0 or not text[at - 1].isalnum():
                out.append(at)
            at = text.find(word, at + 1)
    return sorted(out)


def _self_citation(article: Article, name: str) -> bool:
    """'told Wikinews' in a Wikinews article: the publisher is not a source it cites."""
    publisher = (article.publisher or "").lower()
    return bool(publisher) and (name.lower() in publisher or publisher.split(" (")[0] in name.lower())


_ARTICLE = re.compile(r"(?:the|a|an)\s+", re.I)


def _strip_article(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a leading 'the/a/an'."""
    m = _ARTICLE.match(text, start, end)
    return (m.end(), end) if m and m.end() < end else (start, end)


def _claim(article: Article, start: int, end: int) -> Span | None:
    return Span(start, end, article.text[start:end]) if end > start else None


def _sentence_around(text: str, pos: int) -> tuple[int, int]:
    """The sentence holding `pos`: from the last sentence end (". ", "? ", "。", a line end) to the next."""
    lo = max([text.rfind("\n", 0, pos) + 1, *(i + len(m) for m in _SENTENCE_ENDS if (i := text.rfind(m, 0, pos)) >= 0)])
    ends = [i + len(mark) for mark in (*_SENTENCE_ENDS, "\n") if (i := text.find(mark, pos)) >= 0]
    hi = min(ends) if ends else len(text)
    while lo < hi and text[lo] == " ":
        lo += 1
    while hi > lo and text[hi - 1] in " \n":
        hi -= 1
    return lo, hi


def cite(article: Article, attributions: tuple[Attribution, ...]) -> list[Citation]:
    """Every source the article cites, ordered by position."""
    text = article.text
    found: dict[tuple[int, int, str], Citation] = {}

    def add(c: Citation) -> None:
        found.setdefault((c.start, c.end, c.cue), c)

    for a in attributions:
        if a.mention is None:
            continue
        m = a.mention
        if a.cue is None:
            if "survey_finding" in a.rules and (span := _source_span(text, m.start, m.end)):
                # "In the analysis of the German Institute for Economic Research, ...": credited like "according to"
                for s, e in _sources(text, *span):
                    add(Citation(text[s:e], _kind_of(text[s:e], a.speaker_kind), "according to", s, e,
                                 ("cite_according_to",), claim=_claim(article, a.start, a.end)))
            continue
        cue = a.cue.text.lower()
        according = cue in ("according to", "as per")
        reported = not according and (cue in _SOURCE_CUES or _PASSIVE_AGENT.search(text, max(0, m.start - 30), m.start)) \
            and (a.speaker_kind == "organization" or (a.speaker and a.speaker_kind == "person")) \
            and text[m.start:m.end][:1].isupper()
        outlet = not according and not reported and (
            (_OUTLET_MENTION.search(text, m.start, m.end) and not (a.speaker_kind == "person" and " " in (a.speaker or "")))
            or (a.speaker and _kind_of(a.speaker) == "publication"))
        # (the source span is worked out only for a mention that cites: most attributions do not)
        span = _source_span(text, m.start, m.end) if according or reported or outlet else None
        if span is None or _self_citation(article, text[span[0]:span[1]]):
            pass
        elif according:
            issuer = _ISSUED_BY.match(text, m.end, m.end + 80, timeout=2.0)
            if issuer and _DOCUMENT.fullmatch(text, m.start, m.end):
                # "according to a statement released by Erdogan's office": the issuer is the source
                span = _strip_article(text, issuer.start("o"), issuer.end("o"))
            for s, e in _sources(text, *span):         # "according to these videos and NPR": NPR
                add(Citation(text[s:e], _kind_of(text[s:e], a.speaker_kind), cue, s, e, ("cite_according_to",),
                             claim=_claim(article, a.start, a.end)))
        elif reported:
            # "Coles ... reported", "reported by The Guardian", "described by Marine Bulletin as": whoever
            # reports is a source, person or outlet
            s, e = span
            add(Citation(text[s:e], _kind_of(text[s:e], a.speaker_kind), "reported", s, e, ("cite_reported",),
                         claim=_claim(article, a.start, a.end)))
        else:
            # "Greek daily Kathimerini said", "Fox News said": an outlet quoted is a source the article cites
            s, e = span
            named = text.find(a.speaker, s, e) if a.speaker else -1
            if named >= 0:
                s, e = named, named + len(a.speaker)   # the outlet's name, not what it is ("Greek daily")
            add(Citation(text[s:e], "publication", "reported", s, e, ("cite_reported",),
                         claim=_claim(article, a.start, a.end)))
        if cue in ("told", "tells", "tell", "telling"):
            obj = _TOLD_OBJECT.match(text, a.cue.end, a.cue.end + 80, timeout=2.0)
            if obj:
                name = obj["o"]
                s = obj.start("o")
                s, e = _strip_article(text, s, s + len(name))
                if _is_medium(text[s:e], attributions) and not _self_citation(article, text[s:e]):
                    add(Citation(text[s:e], "publication", "told", s, e, ("cite_told",),
                                 claim=_claim(article, a.start, a.end)))
    starts = _word_starts(text, _REPORT_WORDS)
    for m in filter(None, (_REPORTED_BY.match(text, at, timeout=2.0) for at in starts)):
        # "a press badge, reported by The Guardian as ...": the agent of a passive report
        s, e = _strip_article(text, m.start("o"), m.end("o"))
        if not _self_citation(article, text[s:e]):
            ss, se = _sentence_around(text, s)
            add(Citation(text[s:e], _kind_of(text[s:e]), "reported", s, e, ("cite_reported",), claim=_claim(article, ss, se)))
    for m in filter(None, (_SPEAKING_TO.match(text, at, timeout=2.0) for at in starts)):
        # "Speaking to NBC News, she said", "spoke on Fox News": the outlet spoken to, as after "told";
        # an acronym only after "Speaking/Talking to" ("spoke with EU leaders" names no outlet)
        s, e = _strip_article(text, m.start("o"), m.end("o"))
        acronym = text[s:e].isupper() and m.group()[:1] in "SsTt" and _NAME_ENDS.match(text, e)
        if (_kind_of(text[s:e]) == "publication" or acronym) and not _self_citation(article, text[s:e]):
            ss, se = _sentence_around(text, s)      # (not "speaking to the Atlantic Council think tank")
            add(Citation(text[s:e], "publication", "told", s, e, ("cite_told",), claim=_claim(article, ss, se)))
    cited = [(c.start, c.end) for c in found.values()]
    credits = _word_starts(text, _CREDIT_WORDS) if article.language == "en" else []
    for m in filter(None, (_CREDITED.match(text, at, timeout=2.0) for at in credits)):
        # "..., according to NBC" where the clause went to another speaker ('Pelosi called ...'),
        # "said Russell Zimmerman per ABC News": the named source is cited all the same
        s, e = _strip_article(text, m.start("o"), m.end("o"))
        if _NAME_ENDS.match(text, e) and not _cut_at_abbreviation(text, s, e) and not _overlaps(cited, s, e) \
                and not _self_citation(article, text[s:e]):
            ss, se = _sentence_around(text, s)
            add(Citation(text[s:e], _kind_of(text[s:e]), "according to", s, e, ("cite_according_to",),
                         claim=_claim(article, ss, se)))
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
        around = {"before": text[max(0, link.start - 60):link.start], "through": text[max(0, link.start - 60):link.end],
                  "after": text[link.end:link.end + 30]}
        cue = next((name for name, where, pattern in _LINK_CUES if pattern.search(around[where], timeout=2.0)), "link")
        named = found.get((link.start, link.end, cue))
        if named is not None and named.url is None:
            # "Source: <a>CoinMarketCap</a>": the source line's citation gets the link's URL.
            found[(link.start, link.end, cue)] = replace(named, url=link.href, rules=(*named.rules, "cite_link"))
            continue
        ss, se = _sentence_around(text, link.start)
        add(Citation(anchor, "url" if _URL.fullmatch(anchor) else _kind_of(anchor), cue, link.start, link.end,
                     ("cite_link",), url=link.href, claim=_claim(article, ss, se)))
    return sorted(found.values(), key=lambda c: (c.start, c.end, c.cue))


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the spans (a source already cited there)."""
    return any(s < end and start < e for s, e in spans)


def _cut_at_abbreviation(text: str, start: int, end: int) -> bool:
    """'according to the U.S. Geological Survey', 'Dr. Anthony Fauci': the name stopped at an abbreviation's period."""
    return text[end:end + 1] == "." and mentions.is_abbreviation(text[start:end].split()[-1] + ".")


def _is_medium(name: str, attributions: tuple[Attribution, ...]) -> bool:
    """'told Reuters' / 'told The Jakarta Post': an outlet, not a person spoken to."""
    words = name.split()
    if any(w in lexicons.words("organization_words") for w in words):
        return True
    return len(words) == 1 and not any(a.speaker and words[0] in a.speaker.split() for a in attributions)
