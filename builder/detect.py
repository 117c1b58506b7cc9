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

from builder.parse.dates import MONTHS
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
# ''|``|["“”„«»‹›「」『』‘’‚'] written to start with a character class, which `re` skips to by a fast
# scan (twice as fast): '' is preferred to ', and a lone ` is no mark. Linear: stdlib re.
_MARK = re.compile(r"[\"“”„«»‹›「」『』‘’‚'`](?:(?<=')'|(?<=`)`|(?<=[^`]))")

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


def _pair(text: str, marks: list[tuple[str, int]], family: frozenset) -> tuple[list[tuple[str, int, str, int]], tuple[str, int] | None]:
    """Pair the marks of one family in one paragraph: ([(opener, at, closer, at)], unclosed top opener)."""
    pairs = []
    stack: list[tuple[str, int]] = []
    n = len(text)
    for mark, at in marks:
        if mark not in family:
            continue
        prev = text[at - 1] if at > 0 else ""
        nxt = text[at + len(mark)] if at + len(mark) < n else ""
        role = _role(mark, prev, nxt)
        if role == "apostrophe":
            continue
        depth = None                    # the innermost open mark this one closes
        for i in range(len(stack) - 1, -1, -1):
            if _closes(stack[i][0], mark):
                depth = i
                break
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


def _paragraph_marks(text: str) -> list[tuple[int, int, list[tuple[str, int]]]]:
    """(start, end, marks) of every paragraph (line) that holds quote marks: one scan of the text."""
    out: list[tuple[int, int, list[tuple[str, int]]]] = []
    for m in _MARK.finditer(text):
        at = m.start()
        if not out or at >= out[-1][1]:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            out.append((start, len(text) if end < 0 else end, []))
        out[-1][2].append((m.group(), at))
    return out


def find_quotes(text: str, path: str = "", article_id: str | None = None) -> Detection:
    """Pair the quote marks of `text` paragraph by paragraph; see the module docstring.

    Double marks are paired first; single marks only outside them, and an unclosed single is an
    apostrophe, never a rejection, so a stray ' cannot swallow the quotes after it.
    """
    candidates: list[QuoteCandidate] = []
    rejections: list[Rejection] = []
    continued_at = -1                          # where a quote carried over from the last paragraph reopens
    for start, end, marks in _paragraph_marks(text):
        pairs, unclosed = _pair(text, marks, _DOUBLE_FAMILY)
        found = [QuoteCandidate(a + len(o), b, o, c, a == continued_at) for o, a, c, b in pairs
                 if not _nickname(text, a, b + len(c))]
        if unclosed is not None:
            opener, at = unclosed
            nxt = _next_paragraph_start(text, end)
            if text[nxt:nxt + 1] in DOUBLE:
                # News convention: a quote running on to the next paragraph is not closed, and the
                # next paragraph opens with a mark again.
                found.append(QuoteCandidate(at + len(opener), start + len(text[start:end].rstrip()), opener, "",
                                            at == continued_at))
                continued_at = nxt
            else:
                rejections.append(Rejection(
                    path, article_id, "detect_unbalanced_marks",
                    f"quote opened with {opener} at offset {at} never closes in its paragraph"))
                found = [c for c in found if c.start < at]
        if any(mark in _SINGLE_FAMILY for mark, _ in marks):
            covered = [(c.start - len(c.open_mark), c.end + len(c.close_mark)) for c in found]
            outside = [(mark, at) for mark, at in marks if not any(a <= at < b for a, b in covered)]
            singles, _ = _pair(text, outside, _SINGLE_FAMILY)
            # two-letter pairs are elisions, not quotes: rock 'n' roll, 'em 'til
            found.extend(QuoteCandidate(a + len(o), b, o, c) for o, a, c, b in singles if b - a - len(o) > 2)
        candidates.extend(sorted(found, key=lambda c: c.start))
    return Detection(tuple(candidates), _mask(text, candidates), tuple(rejections))


# A nickname inside a name: 'state Del. Marcia "Cia" Price (D-Newport News), shouted ...'.
_NAME_BEFORE = re.compile(r"(?<![\w.'’-])[A-Z][\w.'’-]*\s$")
_NICKNAME = re.compile(r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}")
_NAME_AFTER = re.compile(r"\s[A-Z][\w'’-]+")


def _nickname(text: str, open_at: int, close_end: int) -> bool:
    """A quoted word or two between a first name and a surname: part of the name, not a quote."""
    inner = text[open_at + 1:close_end - 1]
    return _NICKNAME.fullmatch(inner) is not None and inner[-1].isalpha() \
        and _NAME_BEFORE.search(text, max(0, open_at - 30), open_at) is not None \
        and _NAME_AFTER.match(text, close_end) is not None


def _next_paragraph_start(text: str, end: int) -> int:
    """Offset of the first non-space character after `end` (the next paragraph's first mark)."""
    i = end
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _mask(text: str, candidates: list[QuoteCandidate]) -> str:
    """The text with every quote, marks included, overwritten by placeholders of the same length."""
    parts, pos = [], 0
    for c in sorted(candidates, key=lambda c: c.start):
        start = c.start - len(c.open_mark)
        end = c.end + len(c.close_mark)
        if start < pos:
            continue                                        # nested inside a masked quote
        inner = text[c.start:c.end].rstrip().rstrip("])")      # "... the victims[.]": an editor's bracketed period
        last = inner[-1:] if inner else ""
        tail = Q_END if last in ".?!…" else Q_COMMA if last == "," else Q_OTHER
        parts.append(text[pos:start])
        parts.append(Q_BODY * (end - start - 1) + tail)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Sentences (over the mask, so they never end inside a quote)
# ---------------------------------------------------------------------------------------------

# Words that end with a period without ending a sentence (news style: titles, months, initials).
ABBREVIATIONS = frozenset("""mr mrs ms dr prof sen rep del gov gen lt col capt sgt cmdr adm maj st mt ft
rev hon pres supt insp det jr sr messrs mmes no nos vs v etc inc corp co ltd bros dept univ assn
jan feb mar apr jun jul aug sep sept oct nov dec fig p pp a.m p.m u.s u.k u.n e.u d.c n.y l.a
ph.d i.e e.g approx est""".split())
# Abbreviations that often close a sentence ("... in the U.S. He says ..."): a pronoun or article
# after one starts the next sentence. Titles ("Sen. The ...") never close one.
CLOSING_ABBREVIATIONS = frozenset("u.s u.k u.n e.u d.c n.y l.a a.m p.m etc inc corp co ltd jr sr bros".split())
_OPENERS = frozenset("he she they it we i the this these those there his her their its but and".split())
_NEXT_WORD = re.compile(r"[\"“‘']?([A-Z][a-z]*)\b")


def _opener(mask: str, pos: int) -> bool:
    """Does a sentence-opening pronoun, article or conjunction start at `pos`?"""
    m = _NEXT_WORD.match(mask, pos)
    return m is not None and m.group(1).lower() in _OPENERS


# Linear character-class pattern, stdlib re: [^\W\d_a-z] stands for an upper-case letter of any script.
_BOUNDARY = re.compile(r"(?P<p>[.!?…]['’\"”)]*|[\ue001])\s+(?=[A-Z\u00c0-\u00de\u0391-\u03a9\u0410-\u042f\d\ue000\"“‘'(¿¡«„])"
                       r"|(?P<cjk>[。！？])\s*|\n+")   # Chinese and Japanese end sentences without a space
_BOUNDARY_START = re.compile(r"[.!?…\ue001。！？\n]")   # the characters a _BOUNDARY match starts with


def _boundaries(mask: str, start: int, end: int):
    """The matches of `_BOUNDARY.finditer(mask, start, end)`, four times faster: a character-class
    search skips to the few places where one can start, and only there is the pattern tried."""
    pos = start
    while (c := _BOUNDARY_START.search(mask, pos, end)) is not None:
        m = _BOUNDARY.match(mask, c.start(), end)
        if m is None:
            pos = c.end()
        else:
            yield m
            pos = m.end()


def sentences(mask: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of mask[start:end]; newlines always end a sentence."""
    end = len(mask) if end is None else end
    spans = []
    s = start
    for m in _boundaries(mask, start, end):
        p = m.group("p")
        if p or m.group("cjk"):
            cut = m.end("p") if p else m.end("cjk")
            if p and p[0] == "." and "\n" not in mask[cut:m.end()]:   # "the U.K.\n\nThe ..."
                dot = m.start("p")
                space = max(mask.rfind(" ", s, dot), mask.rfind("\n", s, dot))
                word = mask[space + 1 if space >= 0 else s:dot].lstrip("(\"“'‘").lower()
                if (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())) and not (
                        word in CLOSING_ABBREVIATIONS and _opener(mask, m.end())):
                    continue
                if word.isdigit() and len(word) <= 2 and mask[m.end():m.end() + 12].split(None, 1)[:1] \
                        and mask[m.end():m.end() + 12].split(None, 1)[0].rstrip(".,").lower() in MONTHS:
                    continue                       # "am 30. Mai", "le 1. janvier": a day, not a sentence end
        else:
            cut = m.start()
        if cut > s:
            spans.append((s, cut))
        s = m.end()
    if end > s:
        spans.append((s, end))
    return [(a, b) for a, b in spans if mask[a:b].strip()]
