"""Speaker mentions: the noun phrase next to a cue, its kind, and the titles around it.

`before(mask, lo, hi)` finds the mention that ends at `hi` (right before a cue: "Treasury
Secretary Christopher Hui said"); `after(mask, lo, hi)` finds the one that starts at `lo` (right
after a cue: 'said a spokesman for the ministry, John Doe'). Both work on word tokens with
offsets, so every mention slices back to its text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from builder import lexicons

_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.\-&/]*|[,;:()—–\ue000-\ue003]")

PRONOUNS = {"he": "person", "she": "person", "i": "person", "we": "group", "they": "group",
            "it": "organization", "who": "unknown", "you": "person"}
# Words that end a mention on the left: a clause begins after them.
CONJUNCTIONS = frozenset("""and but or nor so yet while as because though although when whenever after
before since where whereas if unless until once that which whom whose than then also meanwhile however
instead still now later earlier today yesterday tonight thus hence indeed moreover furthermore""".split())
# Adverbs and auxiliaries allowed between a mention and its cue ("he also said", "has long argued").
BETWEEN = frozenset("""also has have had would will could might may did does do is was were are been be
being has later then previously recently once again further earlier first last long already often
never not still just only repeatedly reportedly publicly privately even now ultimately quickly simply
originally initially separately subsequently since""".split())
DETERMINERS = frozenset("""the a an another one two three four five six seven eight nine ten some many
several most other both few numerous his her their its our this that these those each every
all any""".split())
# Lower-case words joining the capitalised words of one name ("Secretary of State", "Liu Bin",
# "Ludwig van Beethoven"); a name never starts or ends with one.
NAME_JOINERS = frozenset("of for and the de da del della der di du van von bin al la le ibn ben y dos das st".split())
SENTENCE_WORDS = frozenset("""But And Or So Yet While As Because Though Although When After Before Since
Where If Unless Until Once That Which Then Also Meanwhile However Instead Still Now Later Earlier Today
Yesterday Tonight Thus Hence Indeed Moreover Furthermore In On At By For From With Without Under Over
During Despite Asked Speaking Writing Told Responding Instead Though Last This These Those There Here
Even Only Just Perhaps Maybe Still Some Many Most Other Others Such What Who Why How Both Neither Either
Nor Not No Yes Her His Their Its Our My Your""".split())
POSSESSIVE = ("'s", "’s", "s'", "s’")
Q_MARKS = "\ue000\ue001\ue002\ue003"
# Words that cannot sit inside a mention's modifiers: prepositions and verbs of being.
_MODIFIER_STOP = frozenset("""of to in on at by for from with about against into over under after before
between during without within through is are was were be been being has have had do does did not""".split())


def mentions_stop() -> frozenset[str]:
    """Words that end a mention's modifiers on the left."""
    return _MODIFIER_STOP


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark with its offsets in the mask."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() or (self.text[:1].isdigit() and len(self.text) > 1 and self.text[-1:].isalpha())


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention: its span, kind, and title/affiliation found around it."""

    start: int
    end: int
    kind: str                  # person | organization | group | anonymous | unknown
    name: str | None = None    # the name part without titles ("Christopher Hui"), when there is one
    title: str | None = None
    affiliation: str | None = None
    pronoun: bool = False


def tokens(mask: str, lo: int, hi: int) -> list[Token]:
    """Word tokens of mask[lo:hi]; a trailing sentence period is split off a non-abbreviation."""
    out = []
    for m in _TOKEN.finditer(mask, lo, hi):
        text, s, e = m.group(), m.start(), m.end()
        if text.endswith(".") and len(text) > 1 and not _is_abbreviation(text):
            text, e = text[:-1], e - 1
        out.append(Token(text, s, e))
    return out


def _is_abbreviation(word: str) -> bool:
    core = word.rstrip(".")
    return (word in lexicons.words("honorifics") or len(core) == 1 or "." in core
            or core.lower() in {"jr", "sr", "inc", "corp", "ltd", "co", "st", "gov", "sen", "rep"})


def _title_words() -> frozenset[str]:
    return lexicons.words("titles")


def _is_title_word(tok: Token) -> bool:
    low = tok.lower.rstrip(".")
    return low in _title_words() or low.rstrip("s") in _title_words() or tok.text in lexicons.words("honorifics")


def _noun_kind(word: str) -> str | None:
    return lexicons.table("speaker_nouns").get(word.lower())


def _is_org_name(words: list[str]) -> bool:
    org = lexicons.words("organization_words")
    return any(w in org for w in words) or (len(words) == 1 and words[0].isupper() and len(words[0]) > 1)


def _name_run_start(toks: list[Token], end: int) -> int:
    """Index where the run of capitalised name words ending at toks[end-1] begins."""
    j = end
    while j > 0:
        t = toks[j - 1]
        if t.capitalised and t.text not in "\ue000\ue001\ue002\ue003" and not t.text.endswith(POSSESSIVE):
            j -= 1
        elif t.lower in NAME_JOINERS and j < end and _capitalised_before_joiners(toks, j - 1):
            j -= 1
        else:
            break
    while j < end and (toks[j].lower in NAME_JOINERS or toks[j].text in SENTENCE_WORDS):
        j += 1
    return j


def _capitalised_before_joiners(toks: list[Token], i: int) -> bool:
    """True when toks[i] is a joiner and a capitalised word comes right before its run of joiners."""
    k = i
    while k >= 0 and toks[k].lower in NAME_JOINERS and i - k < 2:
        k -= 1
    return k >= 0 and toks[k].capitalised and toks[k].lower not in NAME_JOINERS


def _split_title(words: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split a capitalised run into (title words, name words) at the last title word.

    "Treasury Secretary Christopher Hui" -> (Treasury Secretary, Christopher Hui);
    "Sen. Bernie Sanders" -> (Sen., Bernie Sanders). A run ending in a title word
    ("Financial Secretary") or made of "<title> for/of ..." is all title.
    """
    if words and _is_title_word(words[-1]):
        return words, []
    if len(words) > 2 and _is_title_word(words[0]) and words[1].lower in ("of", "for") and any(
            t.lower in ("and", "the") for t in words[2:]):
        return words, []
    cut = 0
    for i, tok in enumerate(words[:-1]):
        if _is_title_word(tok):
            cut = i + 1
    while cut < len(words) and words[cut].lower in NAME_JOINERS:
        cut += 1
    return words[:cut], words[cut:]


def _classify_name(words: list[str]) -> str:
    return "organization" if _is_org_name(words) else "person"


def _span_text(mask: str, toks: list[Token]) -> str:
    return mask[toks[0].start:toks[-1].end]


def _mention_from(mask: str, toks: list[Token], i: int, j: int) -> Mention | None:
    """Build a mention from toks[i:j]: a pronoun, a name run with titles, or a common noun phrase.

    A common noun followed by for/of/at + a name ("a spokeswoman for the British Transport Police")
    is a speaker whose title is the noun and whose affiliation is the name.
    """
    if i >= j:
        return None
    span = toks[i:j]
    head = span[-1]
    if len(span) == 1 and head.lower in PRONOUNS:
        return Mention(head.start, head.end, PRONOUNS[head.lower], pronoun=True)
    for p in range(1, len(span) - 1):
        if span[p].lower in ("for", "of", "at", "with", "from") and _noun_kind(span[p - 1].lower) and span[-1].capitalised:
            inner = _mention_from(mask, toks, i, i + p)
            if inner is not None and inner.name is None:
                org = [t for t in span[p + 1:] if t.lower not in DETERMINERS]
                return Mention(span[0].start, head.end, inner.kind, None, span[p - 1].text,
                               _span_text(mask, org) if org else None)
    if head.capitalised:
        title_toks, name_toks = _split_title([t for t in span if t.lower not in DETERMINERS or t.capitalised])
        lead = [t for t in span if not t.capitalised]
        title = " ".join(t.text for t in [*lead, *title_toks] if t.lower not in DETERMINERS) or None
        if not name_toks:
            kind = _noun_kind(head.lower) or ("organization" if _is_org_name([t.text for t in span]) else "person")
            return Mention(span[0].start, head.end, kind, None, title)
        name = _span_text(mask, name_toks)
        return Mention(span[0].start, head.end, _classify_name([t.text for t in name_toks]), name, title)
    kind = _noun_kind(head.lower)
    if kind is None:
        return None
    if kind == "person" and span[0].lower in ("a", "an", "one", "another"):
        kind = "anonymous"          # "a spokesman said": a person the article does not name
    return Mention(span[0].start, head.end, kind)


def _np_start(toks: list[Token], end: int) -> int | None:
    """Index where a mention ending at toks[end-1] begins, or None if none ends there."""
    head = toks[end - 1]
    if head.lower in PRONOUNS:
        return end - 1
    if head.capitalised and head.text not in SENTENCE_WORDS:
        j = _name_run_start(toks, end)
        if j >= end:
            return None
        # "Hong Kong’s Financial Secretary": a possessor before the run belongs to the mention.
        if j > 0 and toks[j - 1].text.endswith(POSSESSIVE) and toks[j - 1].capitalised:
            j = _name_run_start(toks, j - 1) if _name_run_start(toks, j - 1) < j - 1 else j - 1
            while j < end and (toks[j].lower in NAME_JOINERS or toks[j].text in SENTENCE_WORDS):
                j += 1
        return _extend_title_left(toks, j)
    if _noun_kind(head.lower):
        return _extend_left(toks, end - 1)
    return None


def _extend_title_left(toks: list[Token], j: int) -> int:
    """Take lower-case title words and one determiner in front of a name ("former Sen. X")."""
    modifiers = lexicons.words("title_modifiers")
    while j > 0 and (toks[j - 1].lower in modifiers or (toks[j - 1].text.islower() and _is_title_word(toks[j - 1]))):
        j -= 1
    if j > 0 and toks[j - 1].lower in DETERMINERS:
        j -= 1
    return j


def _extend_left(toks: list[Token], j: int) -> int:
    """Take the modifiers in front of a head back to a determiner or a clause start.

    "the Coincu research team", "a senior administration official", "Clinton’s campaign". If the
    words before the head reach neither, the head stands alone (and will fail the clause check).
    """
    k = j
    while k > 0 and j - k < 5:
        t = toks[k - 1]
        low = t.lower
        if low in DETERMINERS:
            return k - 1
        if t.text in ",;:()—–" or low in CONJUNCTIONS or t.text[0] in Q_MARKS:
            return k
        if low in BETWEEN or low in mentions_stop():
            break
        if t.text[:1].isalnum():
            k -= 1
            continue
        break
    return k if k == 0 else j


def _prep_extension(toks: list[Token], i: int) -> int:
    """'a spokesman for the ministry': extend a mention left over 'for/of/at' to a speaker noun."""
    if i >= 2 and toks[i - 1].lower in ("for", "of", "at", "from", "with", "to") and toks[i].lower in DETERMINERS | {"the"} | {""} or (
            i >= 2 and toks[i - 1].lower in ("for", "of", "at", "from") and toks[i].capitalised):
        k = _np_start(toks, i - 1)
        if k is not None and (_noun_kind(toks[i - 2].lower) or _is_title_word(toks[i - 2])):
            return k
    return i


def before(mask: str, lo: int, hi: int) -> tuple[Mention | None, str | None]:
    """The mention ending at `hi` in mask[lo:hi] (text before a cue), and an appositive title.

    Handles 'X said', 'X, T, said', 'X, T1, T2, said', 'He also said'. Returns (None, None)
    when the words before the cue are not a mention that starts a clause.
    """
    toks = tokens(mask, lo, hi)
    end = len(toks)
    while end > 0 and toks[end - 1].lower in BETWEEN:
        end -= 1
    while end > 0 and toks[end - 1].lower.endswith("ly") and toks[end - 1].text.islower():
        end -= 1
    if end == 0:
        return None, None
    if toks[end - 1].text != ",":
        return _mention_ending(mask, toks, end), None
    # "Paul Chan Mo-po, Financial Secretary, Hong Kong SAR, remarked": walk back over
    # comma-separated title segments to the name they describe.
    commas = [k for k in range(end) if toks[k].text == ","]
    for n in range(len(commas) - 2, -1, -1):
        k = commas[n]
        segment = toks[k + 1:commas[n + 1]]
        if not _title_like(segment):
            return None, None
        m = _mention_ending(mask, toks, k)
        if m is not None and m.name and not m.pronoun:
            appositive = mask[toks[k].end:toks[end - 1].start].strip()
            return m, appositive
    return None, None


def _title_like(segment: list[Token]) -> bool:
    """A comma segment that can be a title or affiliation: no verb, starts like a noun phrase."""
    if not segment or len(segment) > 18:
        return False
    first = segment[0]
    if not (first.capitalised or first.lower in DETERMINERS or first.lower in lexicons.words("title_modifiers")
            or _is_title_word(first) or first.text[:1].isdigit()):
        return False
    return not any(t.lower in _APPOSITIVE_VERBS for t in segment)


_APPOSITIVE_VERBS = frozenset("is are was were has have had will would said says told".split())


def _mention_ending(mask: str, toks: list[Token], end: int) -> Mention | None:
    """A mention that ends at toks[end-1] and starts a clause."""
    if end == 0:
        return None
    i = _np_start(toks, end)
    if i is None:
        return None
    i = _prep_extension(toks, i)
    if i > 0:
        prev = toks[i - 1]
        ok = (prev.text in ",;:()—–" or prev.text[0] in "\ue000\ue001\ue002\ue003" or prev.lower in CONJUNCTIONS
              or prev.lower in ("who", "as", "to", "says", "said"))
        if not ok:
            return None
    return _mention_from(mask, toks, i, end)


_CLAUSE_VERB = regex.compile(r"\b(?:is|are|was|were|has|have|had|will|would|said|says)\b")


def _has_clause_verb(text: str) -> bool:
    return bool(_CLAUSE_VERB.search(text))


def after(mask: str, lo: int, hi: int, appositive: bool = True) -> tuple[Mention | None, str | None, int]:
    """The mention starting at `lo` (text after a cue), an appositive title, and where it ends.

    Handles 'said Vilsack, a former governor', 'said a spokesman for the ministry, John Doe',
    'said spokesman John Doe', 'said he'. The third value is the offset just past the mention and
    its appositive.
    """
    toks = tokens(mask, lo, hi)
    if not toks:
        return None, None, lo
    if toks[0].lower in PRONOUNS and toks[0].lower not in ("who", "it", "you"):
        return _mention_from(mask, toks, 0, 1), None, toks[0].end
    n = len(toks)
    modifiers = lexicons.words("title_modifiers")
    j = 0
    while j < n and j < 4 and (toks[j].lower in DETERMINERS or toks[j].lower in modifiers):
        j += 1
    k = j
    # lower-case title words before a name: "said spokesman John Doe"
    while k < n and toks[k].text.islower() and _is_title_word(toks[k]) and k + 1 < n and (
            toks[k + 1].capitalised or _is_title_word(toks[k + 1])):
        k += 1
    if k < n and toks[k].capitalised and toks[k].text[0] not in Q_MARKS:
        while k < n and (toks[k].capitalised or (toks[k].lower in NAME_JOINERS and k + 1 < n and toks[k + 1].capitalised)):
            k += 1
    else:
        # a common-noun head: "said a senior administration official"
        k = j
        while k < n and k < j + 3 and toks[k].text.isalpha() and toks[k].text.islower() and not _noun_kind(toks[k].lower):
            k += 1
        if not (k < n and _noun_kind(toks[k].lower)):
            return None, None, lo
        k += 1
        # "a spokesman for the British Transport Police": the organisation the speaker speaks for
        if k + 1 < n and toks[k].lower in ("for", "of", "at", "with", "from"):
            p = k + 1
            while p < n and (toks[p].lower in DETERMINERS or toks[p].capitalised or toks[p].lower in NAME_JOINERS):
                p += 1
            if p > k + 1 and toks[p - 1].capitalised:
                k = p
    m = _mention_from(mask, toks, 0, k)
    if m is None:
        return None, None, lo
    end = toks[k - 1].end
    title = None
    if appositive:
        title, end = _appositive_after(mask, toks, k, end)
    return m, title, end


def _appositive_after(mask: str, toks: list[Token], k: int, end: int) -> tuple[str | None, int]:
    """Title-like comma segments after a mention: 'Vilsack, a former Iowa governor'."""
    segments = []
    while k < len(toks) and toks[k].text == ",":
        stop = next((q for q in range(k + 1, len(toks)) if toks[q].text in ",;:()" or toks[q].text[0] in Q_MARKS), len(toks))
        segment = toks[k + 1:stop]
        if not _title_like(segment):
            break
        segments.append(segment)
        k = stop
    if not segments:
        return None, end
    return mask[segments[0][0].start:segments[-1][-1].end], segments[-1][-1].end


def split_affiliation(title: str) -> tuple[str, str | None]:
    """'director of the Research Office at the Pudong Institute' -> (title, 'Pudong Institute').

    Also 'Financial Secretary, Hong Kong SAR' (last comma part is a place or organisation) and
    "Hong Kong’s Financial Secretary" (possessor).
    """
    title = title.strip().rstrip(",")
    parts = [p.strip() for p in title.split(",") if p.strip()]
    if len(parts) >= 2 and all(w[:1].isupper() for w in parts[-1].split() if w.lower() not in NAME_JOINERS) \
            and not any(_is_title_word(Token(w, 0, 0)) for w in parts[-1].split()):
        return ", ".join(parts[:-1]), parts[-1]
    m = regex.search(r"^(?P<org>\p{Lu}[\p{L}\s.&-]*?)['’]s\s+(?P<title>.+)$", title)
    if m:
        return m["title"], m["org"].strip()
    m = regex.search(r"\s(?:at|with)\s+(?:the\s+)?(?P<org>\p{Lu}[^,]*)$", title)
    if m:
        return title, m["org"].strip()
    m = regex.search(r"\s(?:of|for)\s+(?:the\s+)?(?P<org>\p{Lu}[^,]*)$", title)
    if m and _is_org_name(m["org"].split()):
        return title, m["org"].strip()
    return title, None
