"""Attribute stage: who said each quote, and which sentences report speech without marks.

Three passes over one article, all on the mask from `detect` (quotes blanked, same length):
1. direct quotes: each quote candidate is tied to a cue and speaker next to it, or continues an
   earlier speaker, or is dropped as a scare quote / title of a work (rules named in `rules`);
2. reported speech: sentences with a cue and a speaker but no attributed quote become indirect
   statements, or mixed ones when the reported clause holds a quoted fragment;
3. coreference: pronoun, surname and title mentions resolved to the entities of the article,
   and titles met anywhere attached to them.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field

import regex

from builder import lexicons, mentions
from builder.detect import Q_BODY, Q_CHARS, Q_COMMA, Q_END, Detection, find_quotes, sentences
from builder.mentions import Mention
from builder.records import Attribution, Rejection, Span

# Verbs whose first complement is the person spoken to ("told reporters that ...").
OBJECT_VERBS = frozenset({"tell", "inform", "assure", "remind", "warn", "ask", "urge", "advise", "email"})
TIMEOUT = 2.0  # seconds any one regex may spend on one article (DESIGN.md §2)


@dataclass
class Draft:
    """A mutable attribution while the passes run."""

    start: int
    end: int
    kind: str
    rules: list[str]
    mention: Mention | None = None
    cue: tuple[int, int] | None = None
    appositive: str | None = None
    statement: int = -1
    speaker: str | None = None
    speaker_kind: str = "unknown"
    title: str | None = None
    affiliation: str | None = None


def _fold(title: str) -> str:
    """A title compared without case and articles ("Director of the X" == "director of X")."""
    return " ".join(w for w in title.lower().split() if w not in ("the", "a", "an"))


@dataclass
class Entity:
    """A speaker of one article, built up as mentions resolve to it."""

    name: str
    kind: str
    last: int
    titles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    def add(self, title: str | None, affiliation: str | None, alias: str | None = None) -> None:
        if title and _fold(title) not in {_fold(t) for t in self.titles}:
            self.titles.append(title)
        if affiliation and affiliation not in self.affiliations:
            self.affiliations.append(affiliation)
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)


@functools.cache
def cue_pattern(language: str = "en") -> regex.Pattern:
    """One alternation over every cue form of a language; group `v` is a verb, `acc` 'according to'."""
    forms = set(lexicons.verb_forms("speech_verbs", language)) | set(lexicons.verb_forms("cognition_verbs", language))
    alternation = "|".join(sorted(map(regex.escape, forms), key=len, reverse=True))
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}-])(?:(?P<v>{alternation})|(?P<acc>[Aa]ccording to|[Aa]s per))(?![\p{{L}}\p{{N}}-])")


def _base(verb: str, language: str) -> str:
    forms = lexicons.verb_forms("speech_verbs", language)
    return forms.get(verb) or lexicons.verb_forms("cognition_verbs", language).get(verb, verb)


def _is_speech(verb: str, language: str) -> bool:
    return verb in lexicons.verb_forms("speech_verbs", language)


_TAIL = regex.compile(r"\s*(?:(?:on|in|at|during|to|after|before|via|from|with|by|over|last|this|earlier|later|"
                      r"late|early|yesterday|today|tonight|recently|monday|tuesday|wednesday|thursday|friday|"
                      r"saturday|sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b[^,.;:!?\ue000-\ue003]{0,80}?)?"
                      r"\s*[.!?]?[\s'’\"”)]*$")
# Between a cue and the quote it introduces: nothing, or a short object/adverbial closed by , or :
# ("told reporters on Monday: “...”"). Anything else is a clause the quote is part of (mixed).
_CONNECT = regex.compile(r"^\s*(?:[^\ue000-\ue003.;!?]{0,90}?[,:])?\s*$")
_WORDS = regex.compile(r"[\p{L}\p{N}]+")
_LABEL = regex.compile(r"(?:\(\((?P<p>[^()\n]{1,40})\)\)|(?P<l>(?:\p{Lu}[\p{L}.'’-]*\s?){1,4}))\s*:\s+(?=\S)")


class _Article:
    """Per-article working state: text, mask, sentences, cue hits, drafts."""

    def __init__(self, text: str, detection: Detection, language: str):
        self.text = text
        self.mask = detection.mask
        self.language = language
        self.candidates = detection.candidates
        self.sents = sentences(self.mask)
        self.sent_starts = [s for s, _ in self.sents]
        self.paras = _paragraphs(text)
        self.para_starts = [s for s, _ in self.paras]
        self.cues = [m for m in cue_pattern(language).finditer(self.mask, timeout=TIMEOUT)]
        self.cue_starts = [m.start() for m in self.cues]
        self.used_cues: set[int] = set()
        self.drafts: list[Draft] = []
        self.quoted: list[tuple[int, int]] = []     # spans (marks included) of attributed quotes

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.sent_starts, pos) - 1)
        return self.sents[i] if self.sents else (0, len(self.text))

    def para_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def cues_in(self, lo: int, hi: int) -> list[int]:
        """Indexes of cue hits starting in [lo, hi)."""
        i = bisect.bisect_left(self.cue_starts, lo)
        j = bisect.bisect_left(self.cue_starts, hi)
        return list(range(i, j))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out or [(0, len(text))]


# ---------------------------------------------------------------------------------------------
# Pass 1: direct quotes
# ---------------------------------------------------------------------------------------------


def _post_attribution(a: _Article, lo: int, hi: int):
    """A cue and speaker right after a quote, in mask[lo:hi]: (mention, cue idx, appositive, rule)."""
    for ci in a.cues_in(lo, min(hi, lo + 120)):
        cue = a.cues[ci]
        if cue["acc"]:
            continue
        gap = a.mask[lo:cue.start()]
        if not gap.strip(" ,"):
            # inverted: '..., said Vilsack, a former governor'
            m, appositive, _end = mentions.after(a.mask, cue.end(), hi)
            if m is not None:
                return m, ci, appositive, "quote_verb_speaker"
            return None
        m, appositive = mentions.before(a.mask, lo, cue.start())
        if m is not None and not a.mask[lo:m.start].strip(" ,"):
            return m, ci, appositive, "quote_speaker_verb"
        return None
    return None


def _pre_attribution(a: _Article, lo: int, hi: int):
    """A speaker and cue that introduce a quote opening at `hi`: (mention, cue idx, appositive, rule)."""
    for ci in reversed(a.cues_in(lo, hi)):
        cue = a.cues[ci]
        between = a.mask[cue.end():hi]
        if not _CONNECT.match(between) or regex.search(r"\bthat\s*$", between):
            return None
        if len(_WORDS.findall(between)) > 8:
            return None
        if cue["acc"]:
            m, appositive, _ = mentions.after(a.mask, cue.end(), hi)
            return (m, ci, appositive, "according_to_quote") if m else None
        m, appositive = mentions.before(a.mask, lo, cue.start())
        if m is None:
            # "said Vilsack: “...”" - inverted before the quote
            m, appositive, _ = mentions.after(a.mask, cue.end(), hi)
        return (m, ci, appositive, "speaker_verb_quote") if m else None
    return None


def _standalone(a: _Article, q, sent: tuple[int, int]) -> bool:
    """A quote that is a sentence of its own (or its main part), not a fragment in running text."""
    open_at = q.start - len(q.open_mark)
    before = a.mask[sent[0]:open_at]
    inner = a.text[q.start:q.end]
    words = len(_WORDS.findall(inner))
    if not before.strip() or regex.search(r"[:,]\s*$", before):
        return words >= 3 or inner.rstrip()[-1:] in ".?!,"
    return False


def _add_direct(a: _Article, q, found, rules_extra=()) -> Draft:
    m, ci, appositive, rule = found
    a.used_cues.add(ci)
    cue = a.cues[ci]
    d = Draft(q.start, q.end, "direct", [rule, *rules_extra], m, (cue.start(), cue.end()), appositive)
    a.drafts.append(d)
    a.quoted.append((q.start - len(q.open_mark), q.end + len(q.close_mark)))
    return d


def _direct_pass(a: _Article) -> None:
    last_in_para: dict[int, Draft] = {}
    statement = 0
    prev_draft: Draft | None = None
    for q in a.candidates:
        open_at, close_at = q.start - len(q.open_mark), q.end + len(q.close_mark)
        sent = a.sentence_of(open_at)
        close_sent = a.sentence_of(max(close_at - 1, open_at))
        para = a.para_index(open_at)
        found = _post_attribution(a, close_at, close_sent[1])
        if found is None and a.mask[close_at - 1:close_at] == Q_END and close_at >= close_sent[1] - 1:
            # '“We will not stop.” Smith said.' - a bare attribution sentence after the quote
            nxt = a.sentence_of(close_sent[1] + 1)
            if nxt[0] > close_at and a.para_index(nxt[0]) == para and len(_WORDS.findall(a.mask[nxt[0]:nxt[1]])) <= 8:
                f = _post_attribution(a, nxt[0], nxt[1])
                if f is not None and _TAIL.match(a.mask, a.cues[f[1]].end(), nxt[1]):
                    found = (f[0], f[1], f[2], "quote_then_attribution_sentence")
        if found is None:
            found = _pre_attribution(a, sent[0], open_at)
        if found is not None:
            d = _add_direct(a, q, found)
            if prev_draft is not None and prev_draft.cue == d.cue:
                d.statement = prev_draft.statement          # '“A,” she said, “B.”' with the cue between
                d.rules[0] = "quote_split"
            else:
                d.statement = statement
                statement += 1
            last_in_para[para] = d
            prev_draft = d
            continue
        if not _standalone(a, q, sent) and not q.continued:
            continue
        # No cue of its own: continue the last speaker of this paragraph, or of the previous one
        # when this quote opens its paragraph (news convention for runs of quote paragraphs).
        source = last_in_para.get(para)
        rule = "quote_split"
        if source is None and para - 1 in last_in_para and open_at == a.paras[para][0]:
            source = last_in_para[para - 1]
            rule = "quote_continues_speaker"
        if source is None:
            continue
        d = Draft(q.start, q.end, "direct", [rule], source.mention, None, source.appositive,
                  source.statement if rule == "quote_split" or q.continued else statement)
        if d.statement == statement:
            statement += 1
        d.speaker_kind = source.speaker_kind
        a.drafts.append(d)
        a.quoted.append((open_at, close_at))
        last_in_para[para] = d
        prev_draft = d
    _label_pass(a, statement)


def _label_pass(a: _Article, statement: int) -> None:
    """Interview turns: 'NAME: text' paragraphs, for labels that open at least two paragraphs."""
    labelled = []
    for s, e in a.paras:
        m = _LABEL.match(a.text, s, e)
        if m:
            label = (m["p"] or m["l"]).strip()
            rest = a.text[m.end():e]
            labelled.append((label, m.start(), m.start() + len(label) + (2 if m["p"] else 0), m.end(), e, rest))
    counts: dict[str, int] = {}
    for label, *_ in labelled:
        counts[label] = counts.get(label, 0) + 1
    for label, ls, le, s, e, rest in labelled:
        if counts[label] < 2 or len(_WORDS.findall(rest)) < 4 or regex.match(r"https?://", rest):
            continue
        if any(qs < e and s < qe for qs, qe in a.quoted):
            continue
        start = ls + 2 if a.text.startswith("((", ls) else ls
        end = start + len(label)
        kind = "person"
        m = Mention(start, end, kind, label)
        d = Draft(s, e, "direct", ["interview_label"], m, None, None, statement)
        statement += 1
        a.drafts.append(d)
        a.quoted.append((s, e))


# ---------------------------------------------------------------------------------------------
# Pass 2: reported speech
# ---------------------------------------------------------------------------------------------


def _clause_span(a: _Article, lo: int, hi: int) -> tuple[int, int] | None:
    """Trim a reported clause to its words; None when it is too short to be a statement."""
    text = a.text
    while lo < hi and text[lo] in " ,:;—–-\n":
        lo += 1
    while hi > lo and text[hi - 1] in " .,;:!?—–-\n":
        hi -= 1
    if len(_WORDS.findall(a.mask[lo:hi])) < 3 and not any(ch in Q_CHARS for ch in a.mask[lo:hi]):
        return None
    return lo, hi


def _skip_object(a: _Article, ci: int, hi: int) -> int:
    """After 'told/assured/warned', skip the person spoken to and return where the clause starts."""
    cue = a.cues[ci]
    pos = cue.end()
    if _base(cue["v"], a.language) in OBJECT_VERBS:
        m, _app, end = mentions.after(a.mask, pos, hi)
        if m is not None:
            pos = end
        else:
            obj = regex.match(r"\s+(?:reporters|journalists|supporters|the \w+|them|us|him|her|me|\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)*)", a.mask[pos:hi])
            if obj:
                pos += obj.end()
    that = regex.match(r"[^,.;:\ue000-\ue003]{0,60}?\bthat\b", a.mask[pos:hi])
    if that and len(_WORDS.findall(that.group())) <= 8:
        pos += that.end() - 4
    return pos


def _reported_pass(a: _Article) -> None:
    statement = max((d.statement for d in a.drafts), default=-1) + 1
    for s, e in a.sents:
        hits = [ci for ci in a.cues_in(s, e) if ci not in a.used_cues]
        if not hits:
            continue
        if any(qs <= s and e <= qe for qs, qe in a.quoted):
            continue
        for ci in hits:
            d = _reported(a, ci, s, e)
            if d is not None:
                d.statement = statement
                statement += 1
                a.used_cues.add(ci)
                a.drafts.append(d)
                break


def _reported(a: _Article, ci: int, s: int, e: int) -> Draft | None:
    """Try the reported-speech shapes for one cue in sentence [s, e)."""
    cue = a.cues[ci]
    mask = a.mask
    cs, ce = cue.start(), cue.end()
    if any(qs <= cs < qe for qs, qe in a.quoted):
        return None
    tail = _TAIL.match(mask, ce, e)
    if cue["acc"]:
        m, appositive, end = mentions.after(mask, ce, e, appositive=False)
        if m is None:
            return None
        lead = mask[s:cs]
        if not lead.strip(" ,"):
            span = _clause_span(a, end, e)
            rule = "according_to_clause"
        elif _TAIL.match(mask, end, e) and regex.search(r",\s*$", lead):
            span = _clause_span(a, s, cs)
            rule = "according_to_clause"
        else:
            span = _clause_span(a, s, e)
            rule = "according_to_clause"
        if span is None:
            return None
        return _draft(a, span, rule, m, (cs, ce), appositive)
    # '$C , $V $S .' and '$C , $S $V .'
    left = mask[s:cs]
    comma = left.rfind(",")
    if comma >= 0 and not left[comma + 1:].strip():
        m, appositive, end = mentions.after(mask, ce, e)
        if m is not None and _TAIL.match(mask, end, e):
            span = _clause_span(a, s, s + comma)
            if span:
                return _draft(a, span, "clause_verb_speaker", m, (cs, ce), appositive)
    if tail and comma >= 0:
        m, appositive = mentions.before(mask, s + comma + 1, cs)
        if m is not None and not mask[s + comma + 1:m.start].strip():
            span = _clause_span(a, s, s + comma)
            if span:
                return _draft(a, span, "clause_speaker_verb", m, (cs, ce), appositive)
    rule = "speaker_verb_clause"
    m, appositive = mentions.before(mask, s, cs)
    if m is None and cue["v"].endswith("ing") and regex.search(r",\s*$", mask[s:cs]):
        # '..., arguing that ...': the speaker is the subject of the sentence, or the speaker of a
        # quote this sentence already attributed ('“...,” he said, adding that ...').
        rule = "participle_clause"
        m, appositive, _ = mentions.after(mask, s, cs)
        if m is None:
            earlier = [d for d in a.drafts if d.cue and s <= d.cue[0] < cs and d.mention]
            if earlier:
                m, appositive = earlier[-1].mention, None
    if m is None:
        return None
    start = _skip_object(a, ci, e)
    end = e
    for qs, qe in a.quoted:
        if start <= qs < end:
            end = qs
    span = _clause_span(a, start, end)
    if span is None:
        return None
    return _draft(a, span, rule, m, (cs, ce), appositive)


def _draft(a: _Article, span: tuple[int, int], rule: str, m: Mention, cue: tuple[int, int], appositive) -> Draft:
    kind = "mixed" if any(ch in Q_CHARS for ch in a.mask[span[0]:span[1]]) else "indirect"
    return Draft(span[0], span[1], kind, [rule], m, cue, appositive)


# ---------------------------------------------------------------------------------------------
# Pass 3: coreference and titles
# ---------------------------------------------------------------------------------------------


def _name_key(name: str) -> list[str]:
    return [w for w in regex.findall(r"[\p{L}\p{N}'’-]+", name)]


def _find_entity(entities: list[Entity], name: str) -> Entity | None:
    words = _name_key(name)
    for ent in reversed(entities):
        ew = _name_key(ent.name)
        if ew == words:
            return ent
    for ent in reversed(entities):
        ew = _name_key(ent.name)
        if len(words) == 1 and words[0] in ew:
            return ent
        if len(ew) == 1 and ew[0] in words and ent.kind == "person":
            ent.aliases.append(ent.name) if ent.name not in ent.aliases else None
            ent.name = name                              # a fuller form of the same person
            return ent
    return None


def _resolve(a: _Article) -> list[Entity]:
    entities: list[Entity] = []
    for d in sorted(a.drafts, key=lambda d: (d.mention.start if d.mention else d.start)):
        m = d.mention
        if m is None:
            continue
        title, affiliation = (mentions.split_affiliation(d.appositive) if d.appositive else (None, None))
        if m.title:
            pre_title, pre_aff = mentions.split_affiliation(m.title)
            title = title or pre_title
            affiliation = affiliation or pre_aff
        affiliation = affiliation or m.affiliation
        if m.pronoun:
            want = {"person"} if m.kind == "person" else {"organization"} if m.kind == "organization" else {"group", "organization"}
            para = a.para_index(m.start)
            cand = [e for e in entities if e.kind in want and e.last < m.start and para - a.para_index(e.last) <= 3]
            if cand:
                ent = max(cand, key=lambda e: e.last)
                d.speaker, d.speaker_kind = ent.name, ent.kind
                d.rules.append("coref_pronoun")
                ent.last = max(ent.last, m.start)
            else:
                d.speaker_kind = m.kind
            continue
        if m.name:
            ent = _find_entity(entities, m.name)
            if ent is None:
                full = _full_name(a, m.name) if len(_name_key(m.name)) == 1 and m.kind == "person" else None
                ent = Entity(full or m.name, m.kind, m.start)
                entities.append(ent)
                if full:
                    d.rules.append("coref_surname")
            elif _name_key(m.name) != _name_key(ent.name):
                d.rules.append("coref_surname")
            ent.last = max(ent.last, m.end)
            ent.add(title, affiliation, m.name)
            d.speaker, d.speaker_kind = ent.name, ent.kind
        else:
            head = a.text[m.start:m.end].split()[-1].lower()
            ent = next((e for e in reversed(entities) if any(head in t.lower().split() for t in e.titles)
                        and a.text[m.start:m.end].lower().startswith("the ")), None)
            if ent is not None:
                d.speaker, d.speaker_kind = ent.name, ent.kind
                d.rules.append("coref_title")
                ent.last = max(ent.last, m.end)
            else:
                d.speaker_kind = m.kind
        d.title, d.affiliation = title, affiliation
    _propagate_titles(a, entities)
    by_name = {e.name: e for e in entities}
    for d in a.drafts:
        ent = by_name.get(d.speaker) if d.speaker else None
        if ent is not None:
            if not d.title and ent.titles:
                d.title = ent.titles[0]
                d.rules.append("title_propagated")
            if not d.affiliation and ent.affiliations:
                d.affiliation = ent.affiliations[0]
    return entities


def _full_name(a: _Article, surname: str) -> str | None:
    """The first longer capitalised name in the text that ends (or, for Chinese order, starts) with `surname`."""
    pattern = regex.compile(rf"(?<![\p{{L}}])((?:\p{{Lu}}[\p{{L}}'’.-]+\s+){{1,3}}){regex.escape(surname)}(?![\p{{L}}])"
                            rf"|(?<![\p{{L}}]){regex.escape(surname)}\s+(\p{{Lu}}[\p{{L}}-]+)(?=\s*,)")
    for m in pattern.finditer(a.text, timeout=TIMEOUT):
        full = m.group(0).strip()
        words = full.split()
        if any(w.rstrip(".") in lexicons.words("honorifics") or w in mentions.SENTENCE_WORDS or
               mentions._is_title_word(mentions.Token(w, 0, 0)) for w in words[:-1]):
            continue
        return full
    return None


def _propagate_titles(a: _Article, entities: list[Entity]) -> None:
    """Collect every 'NAME, TITLE,' appositive and 'TITLE NAME' run for each named entity."""
    for ent in entities:
        if ent.kind != "person" or len(_name_key(ent.name)) < 2:
            continue
        for m in regex.finditer(rf"{regex.escape(ent.name)},\s+(?P<t>[^,.;:\ue000-\ue003]{{3,120}}?)(?:,|\.(?:\s|$)|\s+(?={_VERB_AHEAD}))",
                                a.mask, timeout=TIMEOUT):
            t = m["t"].strip()
            if len(t.split()) <= 16 and not mentions._has_clause_verb(t) and not t[:1].isdigit():
                rest = a.mask[m.end():m.end() + 60]
                seg = regex.match(r"\s*(?P<aff>(?:\p{Lu}[\p{L}-]*\s?){1,5}),", rest)
                title, aff = mentions.split_affiliation(t + (", " + seg["aff"].strip() if seg else ""))
                ent.add(title, aff)


_VERB_AHEAD = r"(?:said|says|noted|remarked|added|emphasized|stressed|shared|told)"


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extraction:
    """Attributions of one text, the entities behind them, and candidates rejected on the way."""

    attributions: tuple[Attribution, ...]
    rejections: tuple[Rejection, ...]


def extract(text: str, language: str = "en", path: str = "", article_id: str | None = None) -> Extraction:
    """Run detect + the three attribution passes on one canonical text."""
    detection = find_quotes(text, path, article_id)
    a = _Article(text, detection, language)
    _direct_pass(a)
    _reported_pass(a)
    entities = _resolve(a)
    by_name = {e.name: e for e in entities}
    out = []
    for d in sorted(a.drafts, key=lambda d: (d.start, d.end)):
        m = d.mention
        ent = by_name.get(d.speaker) if d.speaker else None
        out.append(Attribution(
            start=d.start, end=d.end, kind=d.kind, statement=d.statement, rules=tuple(d.rules),
            speaker=d.speaker,
            speaker_kind=d.speaker_kind if d.speaker_kind else "unknown",
            mention=Span(m.start, m.end, text[m.start:m.end]) if m else None,
            cue=Span(d.cue[0], d.cue[1], text[d.cue[0]:d.cue[1]]) if d.cue else None,
            title=d.title, affiliation=d.affiliation,
            aliases=tuple(ent.aliases) if ent else (),
            titles=tuple(ent.titles) if ent else (),
            affiliations=tuple(ent.affiliations) if ent else (),
        ))
    return Extraction(tuple(out), detection.rejections)



