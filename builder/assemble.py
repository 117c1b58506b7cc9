"""Assemble stage: attributions and citations of one article become exported rows, spans checked."""

from __future__ import annotations

import bisect
import functools
import re

from builder.records import (Article, ArticleRecord, Attribution, Block, Citation, CitationRecord,
                             ParagraphRecord, QuoteRecord, Section, SectionRecord, SpeakerRecord)


class SpanError(ValueError):
    """A span that does not slice to its text: a bug upstream, reported with the article."""


_NON_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=4096)
def slug(name: str) -> str:
    """Speaker id from a name: lower case, letters and digits of any script joined by '-'."""
    return _NON_WORD.sub("-", name.lower()).strip("-") or "unnamed"


def quote_id(article_id: str, start: int, end: int) -> str:
    """Stable quote id: the article and the span."""
    return f"{article_id}:{start}-{end}"


def _check(text: str, start: int | None, end: int | None, value: str | None, what: str, article_id: str) -> None:
    if start is None and end is None and value is None:
        return
    if start is None or end is None or value is None or not (0 <= start <= end <= len(text)) or text[start:end] != value:
        raise SpanError(f"{article_id}: {what} [{start}:{end}] does not slice to {value!r}")


def assemble(article: Article, attributions: tuple[Attribution, ...], citations: list[Citation]
             ) -> tuple[list[QuoteRecord], list[CitationRecord], list[SpeakerRecord]]:
    """Rows of the quotes, citations and (per-article) speakers configs for one article."""
    text = article.text
    starts = [b.start for b in article.blocks]
    first_piece: dict[int, str] = {}
    quotes: list[QuoteRecord] = []
    for a in sorted(attributions, key=lambda a: (a.start, a.end)):
        qid = quote_id(article.id, a.start, a.end)
        first_piece.setdefault(a.statement, qid)
        block_index = max(0, bisect.bisect_right(starts, a.start) - 1) if starts else 0
        section = article.sections[article.blocks[block_index].section].title if article.blocks else None
        m, cue = a.mention, a.cue
        row = QuoteRecord(
            id=qid, article_id=article.id, quote=text[a.start:a.end], start=a.start, end=a.end, kind=a.kind,
            statement_id=first_piece[a.statement], speaker=a.speaker, speaker_id=slug(a.speaker) if a.speaker else None,
            speaker_mention=m.text if m else None, speaker_start=m.start if m else None, speaker_end=m.end if m else None,
            speaker_kind=a.speaker_kind, speaker_title=a.title, speaker_affiliation=a.affiliation,
            cue=cue.text if cue else None, cue_start=cue.start if cue else None, cue_end=cue.end if cue else None,
            section=section, paragraph=block_index, rules=list(a.rules),
            source_url=article.url, source_title=article.title, publisher=article.publisher, published=article.published,
        )
        _check(text, row.start, row.end, row.quote, "quote", article.id)
        _check(text, row.speaker_start, row.speaker_end, row.speaker_mention, "speaker mention", article.id)
        _check(text, row.cue_start, row.cue_end, row.cue, "cue", article.id)
        quotes.append(row)
    by_span = {(q.start, q.end): q.id for q in quotes}
    cites: list[CitationRecord] = []
    for c in citations:
        _check(text, c.start, c.end, c.cited, "citation", article.id)
        if c.claim:
            _check(text, c.claim.start, c.claim.end, c.claim.text, "citation claim", article.id)
        cites.append(CitationRecord(
            id=f"{article.id}:c{c.start}-{c.end}", article_id=article.id, cited=c.cited, cited_kind=c.cited_kind,
            cue=c.cue, url=c.url, claim=c.claim.text if c.claim else None, start=c.start, end=c.end,
            quote_id=by_span.get((c.claim.start, c.claim.end)) if c.claim else None, rules=list(c.rules)))
    speakers: dict[str, SpeakerRecord] = {}
    for a in attributions:
        if not a.speaker:
            continue
        sid = slug(a.speaker)
        old = speakers.get(sid)
        titles = list(dict.fromkeys([*(old.titles if old else []), *a.titles, *([a.title] if a.title else [])]))
        affs = list(dict.fromkeys([*(old.affiliations if old else []), *a.affiliations,
                                   *([a.affiliation] if a.affiliation else [])]))
        aliases = list(dict.fromkeys([*(old.aliases if old else []), *a.aliases]))
        speakers[sid] = SpeakerRecord(sid, old.name if old else a.speaker, old.kind if old else a.speaker_kind,
                                      titles, affs, [x for x in aliases if x != a.speaker], [article.id],
                                      (old.quote_count if old else 0) + 1)
    return quotes, sorted(cites, key=lambda c: (c.start, c.end, c.id)), [speakers[k] for k in sorted(speakers)]


def article_record(article: Article) -> ArticleRecord:
    """The `articles` row of a parsed article."""
    return ArticleRecord(
        id=article.id, path=article.path, sha256=article.sha256, url=article.url, title=article.title,
        authors=list(article.authors), publisher=article.publisher, published=article.published,
        language=article.language, license=article.license, text=article.text,
        sections=[SectionRecord(s.title, s.start, s.end) for s in article.sections],
        paragraphs=[ParagraphRecord(b.start, b.end, b.kind) for b in article.blocks],
    )


def text_article(doc_id: str, text: str, language: str = "en") -> Article:
    """An Article over a plain text used as is (the `extract` contract: offsets into the input)."""
    blocks, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            blocks.append(Block(pos, pos + len(line), "paragraph", 0))
        pos += len(line) + 1
    return Article(id=doc_id, path=doc_id, sha256="", text=text, blocks=tuple(blocks),
                   sections=(Section(None, 0, len(text)),), language=language)


def merge_speakers(rows: list[SpeakerRecord]) -> list[SpeakerRecord]:
    """One row per speaker id across the corpus, lists in first-seen order, rows sorted by id.

    Linear in the number of rows: a speaker quoted in 50 000 articles is merged in one pass.
    """
    groups: dict[str, list[SpeakerRecord]] = {}
    for r in rows:
        groups.setdefault(r.id, []).append(r)

    def union(field: str, group: list[SpeakerRecord]) -> list[str]:
        return list(dict.fromkeys(v for r in group for v in getattr(r, field)))

    return [SpeakerRecord(k, g[0].name, g[0].kind, union("titles", g), union("affiliations", g), union("aliases", g),
                          union("articles", g), sum(r.quote_count for r in g))
            for k, g in sorted(groups.items())]
