"""Detect stage: pair quote marks into candidates, mask them, and split sentences.

Marks are paired from one explicit table written with the literal characters (DESIGN.md §2);
Unicode categories cannot do it (`„` is Ps, `’` is also the apostrophe). The result feeds
`attribute` through a *mask*: a copy of the text of the same length in which every top-level
quote, marks included, is replaced by placeholder characters. Rules then read `$Q , $S $V` on the
mask, sentence splitting cannot stop inside a quote, and every offset stays valid.
"""

from __future__ import annotations

from dataclasses import dataclass

import re

from builder.records import QuoteCandidate, Rejection

# Opening mark -> closing marks it accepts. Symmetric marks (" '' ') decide by context.
PAIRS: dict[str, str] = {
    "“": "”\"“",     # English curly double; sloppy copy closes it with " or a second “ (PolNeAR)
    "„": "“”",       # German „…“ (and „…” in Polish/Romanian/Hungarian)
    "«": "»",        # French, Spanish, Russian guillemets
    "‹": "›",
    "「": "」",       # CJK corner brackets
    "『": "』",
    "‘": "’",        # English curly single (nested, or British primary)
    "‚": "‘’",       # German single
    "``": "''",      # LaTeX/PTB style
    '"': '"”',       # straight double (closed by ” in mixed-up copy)
    "''": "''",      # two apostrophes used as a double mark (NYT archive texts)
    "'": "'",        # straight single
}
DOUBLE = frozenset({"“", "„", "«", "‹", "「", "『", "``", '"', "''"})   # opens a primary quote
SYMMETRIC = frozenset({'"', "''", "'"})
SINGLE = frozenset({"‘", "‚", "'"})
CLOSERS = frozenset("”“»›」』’‘") | {"''", '"', "'"}
_MARK = re.compile(r"''|``|[\"“”„«»‹›「」『』‘’‚']")   # linear: a character class, stdlib re

# Placeholders written over a masked quote (Unicode private use area, never in real text).
Q_BODY = "\ue000"       # inside a quote
Q_END = "\ue001"        # last char of a quote whose text ends a sentence (.?! before the close mark)
Q_COMMA = "\ue002"      # last char of a quote whose text ends with a comma: an attribution follows
Q_OTHER = "\ue003"      # last char of any other quote (fragment, title, scare quote)
Q_CHARS = Q_BODY + Q_END + Q_COMMA + Q_OTHER

_OPEN_BEFORE = frozenset(" \t\n([{—–-/\u00a0") | {""}
_CLOSE_AFTER = frozenset(" \t\n)]}.,;:!?—–-…\u00a0") | {""}


@dataclass(frozen=True, slots=True)
class Detection:
    """Quote candidates of one text, its mask, and the candidates rejected on the way."""

    candidates: tuple[QuoteCandidate, ...]
    mask: str
    rejections: tuple[Rejection, ...]


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def _role(mark: str, prev: str, nxt: str) -> str:
    """'open', 'close', 'apostrophe' or 'either' for one mark from its neighbours."""
    if mark in ("’", "'"):
        if _is_letter(prev) and _is_letter(nxt):
            return "apostrophe"                       # don't, it’s, Mo’s
        if nxt.isdigit() and not _is_letter(prev):
            return "apostrophe"                       # ’90s
    if mark == "‘" and _is_letter(prev):
        return "apostrophe"                           # O‘Neil typed with the wrong mark
    if mark not in PAIRS:
        return "close"                                # ” » › 」 』 ’
    if mark not in SYMMETRIC and mark not in CLOSERS:
        return "open"                                 # « „ 「 『 ‹ ‚ ``
    # " '' ' and “ (which also closes „…“ and sloppy “…“): decide by the neighbours
    opens = prev in _OPEN_BEFORE or prev in PAIRS
    closes = nxt in _CLOSE_AFTER or nxt in CLOSERS
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    if mark == "'" and (_is_letter(prev) or not opens):
        return "apostrophe"
    return "either"


def _closes(opener: str, mark: str) -> bool:
    return mark in PAIRS.get(opener, "")


def _pair(text: str, base: int, para: str, family: frozenset) -> tuple[list[tuple[str, int, str, int]], tuple[str, int] | None]:
    """Pair the marks of one family in one paragraph: ([(opener, at, closer, at)], unclosed top opener)."""
    pairs = []
    stack: list[tuple[str, int]] = []
    for m in _MARK.finditer(para):
        mark, at = m.group(), base + m.start()
        if mark not in family:
            continue
        prev = text[at - 1] if at > 0 else ""
        nxt = text[at + len(mark)] if at + len(mark) < len(text) else ""
        role = _role(mark, prev, nxt)
        if role == "apostrophe":
            continue
        depth = next((i for i in range(len(stack) - 1, -1, -1) if _closes(stack[i][0], mark)), None)
        if role in ("close", "either") and depth is not None:
            opener, start = stack[depth]
            del stack[depth:]
            if depth == 0:
                pairs.append((opener, start, mark, at))
        elif role in ("open", "either") and mark in PAIRS:
            stack.append((mark, at))
    return pairs, (stack[0] if stack else None)


_DOUBLE_FAMILY = DOUBLE | frozenset("”“»›」』") | {"''"}
_SINGLE_FAMILY = SINGLE | frozenset("’‘")


def find_quotes(text: str, path: str = "", article_id: str | None = None) -> Detection:
    """Pair the quote marks of `text` paragraph by paragraph; see the module docstring.

    Double marks are paired first; single marks only outside them, and an unclosed single is an
    apostrophe, never a rejection, so a stray ' cannot swallow the quotes after it.
    """
    candidates: list[QuoteCandidate] = []
    rejections: list[Rejection] = []
    paragraphs = text.split("\n")
    starts = []
    pos = 0
    for para in paragraphs:
        starts.append(pos)
        pos += len(para) + 1
    continued = False
    for index, para in enumerate(paragraphs):
        base = starts[index]
        if not para.strip():
            continue
        pairs, unclosed = _pair(text, base, para, _DOUBLE_FAMILY)
        found = [QuoteCandidate(a + len(o), b, o, c) for o, a, c, b in pairs]
        if continued and found and found[0].start - len(found[0].open_mark) == base + len(para) - len(para.lstrip()):
            found[0] = QuoteCandidate(found[0].start, found[0].end, found[0].open_mark, found[0].close_mark, True)
        continued = False
        if unclosed is not None:
            opener, start = unclosed
            nxt = next((p.lstrip() for p in paragraphs[index + 1:] if p.strip()), "")
            if nxt[:1] in DOUBLE:
                # News convention: a quote running on to the next paragraph is not closed, and the
                # next paragraph opens with a mark again.
                found.append(QuoteCandidate(start + len(opener), base + len(para.rstrip()), opener, ""))
                continued = True
            else:
                rejections.append(Rejection(
                    path, article_id, "detect_unbalanced_marks",
                    f"quote opened with {opener} at offset {start} never closes in its paragraph"))
                found = [c for c in found if c.start < start]
        outside = _outside(para, base, found)
        for seg_start, seg in outside:
            singles, _ = _pair(text, seg_start, seg, _SINGLE_FAMILY)
            # two-letter pairs are elisions, not quotes: rock 'n' roll, 'em 'til
            found.extend(QuoteCandidate(a + len(o), b, o, c) for o, a, c, b in singles if b - a - len(o) > 2)
        candidates.extend(sorted(found, key=lambda c: c.start))
    mask = list(text)
    for c in candidates:
        _mask_span(mask, text, c)
    return Detection(tuple(candidates), "".join(mask), tuple(rejections))


def _outside(para: str, base: int, found: list[QuoteCandidate]) -> list[tuple[int, str]]:
    """The stretches of a paragraph not covered by the quotes already found."""
    out, cur = [], base
    for c in sorted(found, key=lambda c: c.start):
        a = c.start - len(c.open_mark)
        if a > cur:
            out.append((cur, para[cur - base:a - base]))
        cur = max(cur, c.end + len(c.close_mark))
    if base + len(para) > cur:
        out.append((cur, para[cur - base:]))
    return out


def _mask_span(mask: list[str], text: str, c: QuoteCandidate) -> None:
    """Write placeholders over one quote, marks included, keeping the length."""
    start = c.start - len(c.open_mark)
    end = c.end + len(c.close_mark)
    inner = text[c.start:c.end].rstrip()
    last = inner[-1:] if inner else ""
    tail = Q_END if last in ".?!…" else Q_COMMA if last == "," else Q_OTHER
    for i in range(start, end - 1):
        mask[i] = Q_BODY
    mask[end - 1] = tail


# ---------------------------------------------------------------------------------------------
# Sentences (over the mask, so they never end inside a quote)
# ---------------------------------------------------------------------------------------------

# Words that end with a period without ending a sentence (news style: titles, months, initials).
ABBREVIATIONS = frozenset("""mr mrs ms dr prof sen rep gov gen lt col capt sgt cmdr adm maj st mt ft
rev hon pres supt insp det jr sr messrs mmes no nos vs v etc inc corp co ltd bros dept univ assn
jan feb mar apr jun jul aug sep sept oct nov dec fig p pp a.m p.m u.s u.k u.n e.u d.c n.y l.a
ph.d i.e e.g approx est""".split())
# Linear character-class pattern, stdlib re: [^\W\d_a-z] stands for an upper-case letter of any script.
_BOUNDARY = re.compile(r"([.!?…]['’\"”)]*|[\ue001])(\s+)(?=[A-Z\u00c0-\u00de\u0391-\u03a9\u0410-\u042f\d\ue000\"“‘'(¿¡«„])|\n+")
_LAST_WORD = re.compile(r"([^\W\d_][\w.]*)\.$")


def sentences(mask: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of mask[start:end]; newlines always end a sentence."""
    end = len(mask) if end is None else end
    spans = []
    s = start
    for m in _BOUNDARY.finditer(mask, start, end):
        if m.group(1):
            cut = m.end(1)
            if m.group(1)[0] == ".":
                word = _LAST_WORD.search(mask[max(s, cut - 12):cut].rstrip("'’\"”)"))
                w = word.group(1).lower() if word else ""
                if w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                    continue
        else:
            cut = m.start()
        if cut > s:
            spans.append((s, cut))
        s = m.end()
    if end > s:
        spans.append((s, end))
    return [(a, b) for a, b in spans if mask[a:b].strip()]
