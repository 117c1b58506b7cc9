"""Speaker mentions: the noun phrase next to a cue, its kind, and the titles around it.

- `before(mask, lo, hi)`: the mention ending at `hi`, right before a cue, that starts a clause
  ("Treasury Secretary Christopher Hui said", "Paul Chan Mo-po, Financial Secretary, remarked").
- `after(mask, lo, hi)`: the mention starting at `lo`, right after a cue
  ("said a spokesman for the ministry, John Doe", "said Vilsack, a former governor").
- `framed(mask, lo, hi)`: the words between a quote and its cue taken whole, for the strong frame
  '“...,” <mention> said' where anything short enough is the speaker ("one unaligned strategist").
- `subject(mask, lo, hi)`: the mention opening a clause, for cues whose subject is far away
  ("Carson admitted X, but said ...").

All work on word tokens with offsets into the mask (same length as the text), so every mention
slices back to its text. Tokenising uses stdlib `re` on short spans: linear patterns, no timeout needed.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace

from builder import lexicons
from builder.parse.dates import MONTHS

# A surname behind a lower-case Arabic or Romance particle is still a name: "el-Sisi", "al-Assad", "d’Alema".
NAME_PARTICLE = r"(?:a[dlnrstz]|el|ash|ibn|bin|abu|ben)-"     # attribute's name runs use it too
PARTICLE_FIRST = "abei"       # the letters NAME_PARTICLE starts with: other words skip the match
_PARTICLE_NAME = re.compile(rf"{NAME_PARTICLE}[A-Z]|d['’][A-Z]")
# A masked quote's run of placeholders is one match, split into one token per placeholder below.
_TOKEN = re.compile(r"[^\W_][\w'’.\-&/]*|\ue000+|[,;:()—–―‒\ue001-\ue003]|(?<=\s)-(?=\s)")
Q_MARKS = "\ue000\ue001\ue002\ue003"
WINDOW = 220   # characters before a cue searched for its speaker (longest appositive chains in PolNeAR train fit)
_BOUNDARY_PUNCT = frozenset([",", ";", ":", "(", ")", "—", "–", "―", "‒", "-"])



@dataclass(frozen=True)
class FunctionWords:
    """The closed-class words of one language (builder/lexicons/function_words.<lang>.txt)."""

    pronouns: dict[str, str]
    determiners: frozenset[str]
    conjunctions: frozenset[str]
    between: frozenset[str]
    sentence_words: frozenset[str]
    according_to: tuple[str, ...]
    complementizers: tuple[str, ...]
    prepositions: frozenset[str]
    flags: frozenset[str]


@functools.cache
def function_words(language: str) -> FunctionWords:
    """Function words of `language` (English when it has no list)."""
    rows = [line.split(None, 1) for line in lexicons.lines("function_words", language)]
    by = lambda cat: [value for c, value in rows if c == cat]  # noqa: E731 - local reader
    return FunctionWords(
        pronouns=dict(v.split() for v in by("pronoun")),
        determiners=frozenset(by("determiner")),
        conjunctions=frozenset(by("conjunction")),
        between=frozenset(by("between")),
        sentence_words=frozenset(by("sentence_word")),
        according_to=tuple(by("according_to")),
        complementizers=tuple(by("complementizer")),
        prepositions=frozenset(by("preposition")),
        flags=frozenset(by("flag")),
    )


@functools.cache
def places(language: str) -> frozenset[str]:
    """Countries and capitals that stand for their governments ("China said", "Washington says")."""
    return frozenset(lexicons.lines("places", language))


def use(language: str) -> None:
    """Read mentions with the function words of `language` (extract() calls this per article).

    The grammar below refers to these module names; rebinding them keeps every helper's signature
    free of a language argument.
    """
    global PRONOUNS, DETERMINERS, CONJUNCTIONS, BETWEEN, SENTENCE_WORDS
    global TITLES, HONORIFICS, TITLE_MODIFIERS, SPEAKER_NOUNS, ORGANIZATION_WORDS
    _LANGUAGE[0] = language
    words = function_words(language)
    PRONOUNS, DETERMINERS, CONJUNCTIONS = words.pronouns, words.determiners, words.conjunctions
    BETWEEN, SENTENCE_WORDS = words.between, words.sentence_words
    TITLES, HONORIFICS = lexicons.words("titles", language), lexicons.words("honorifics", language)
    TITLE_MODIFIERS = lexicons.words("title_modifiers", language)
    SPEAKER_NOUNS, ORGANIZATION_WORDS = lexicons.table("speaker_nouns", language), lexicons.words("organization_words", language)


_LANGUAGE = ["en"]


def per_language(fn):
    """Memoise `fn(text)`, a pure function of a string and of the lexicons `use` set: one article
    cleans and splits the same few titles again and again."""
    cached = functools.lru_cache(maxsize=4096)(lambda text, _language: fn(text))

    @functools.wraps(fn)
    def memoised(text: str):
        return cached(text, _LANGUAGE[0])
    return memoised


PRONOUNS: dict[str, str] = {}
SPEAKER_NOUNS: dict[str, str] = {}
DETERMINERS = CONJUNCTIONS = BETWEEN = SENTENCE_WORDS = frozenset()
TITLES = HONORIFICS = TITLE_MODIFIERS = ORGANIZATION_WORDS = frozenset()
use("en")
# Quantifier subjects that speak for a group: "Some said", "Most say", "21 percent said".
QUANTIFIERS = frozenset("some many most others several few all both none majority half".split())
# Lower-case words joining the capitalised words of one name ("Secretary of State", "Ludwig van
# Beethoven"); a name never starts or ends with one.
NAME_JOINERS = frozenset("of for and the de da del della der di du van von bin al la le ibn ben y dos das st".split())
POSSESSIVE = ("'s", "’s", "s'", "s’")
# Words that cannot sit among a mention's modifiers: prepositions and verbs of being.
_MODIFIER_STOP = frozenset("""of to in on at by for from with about against into over under after before
between during without within through is are was were be been being has have had do does did not""".split())
PREPOSITIONS = frozenset("""in on at for during after before with from by according like unlike about of to into
over through under via against between among within without despite beyond besides""".split())
# Verbs that end an appositive: "X, who was ..." is fine, "X, was ..." is a clause.
_APPOSITIVE_VERBS = frozenset("is are was were has have had will would said says told".split())
_PARTY_TAG = re.compile(r"\s*\([A-Z]-[A-Z][\w.]*\.?\)")        # "(D-Ga.)", "(R-Texas)", "(I-Vt.)"
_ORG_OF = re.compile(r"\s(?:at|with|from)\s+(?:the\s+)?([A-Z][^,]*)$")
_ORG_OF_WEAK = re.compile(r"\s(?:of|for)\s+(?:the\s+)?([A-Z][^,]*)$")
_POSSESSOR = re.compile(r"^([A-Z][\w\s.&-]*?)['’]s\s+(.+)$")
_ORG_OF_POSSESSIVE = re.compile(r"\s(?:of|at|for)\s+([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*['’]s\s[^,]+)$")


class Token:
    """A word or punctuation mark with its offsets in the mask."""

    __slots__ = ("text", "lower", "start", "end", "cap")

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end
        self.lower, self.cap = _word_shape(text)

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


@functools.lru_cache(maxsize=1 << 16)
def _word_shape(text: str) -> tuple[str, bool]:
    """(lower case, capitalised) of a token's text: worked out once per word, not once per token."""
    first = text[:1]
    return text.lower(), (first.isupper() or (first.isdigit() and len(text) > 1 and text[-1:].isalpha())
                          or (first in PARTICLE_FIRST + "d" and _PARTICLE_NAME.match(text) is not None)
                          or (first in "et" and _TIME_PREFIXED.match(text) is not None))


# "then-Senate Majority Leader", "ex-President": a time prefix on a capitalised title word.
_TIME_PREFIXED = re.compile(r"(?:then|ex)-[A-Z]")


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention: its span, kind, and title/affiliation found in it."""

    start: int
    end: int
    kind: str                  # person | organization | group | anonymous | unknown
    name: str | None = None    # the name part without titles ("Christopher Hui"), when there is one
    title: str | None = None
    affiliation: str | None = None
    pronoun: bool = False
    generic: bool = False      # only the clause-subject fallback found it ("The heads of both firms")


def tokens(mask: str, lo: int, hi: int) -> list[Token]:
    """Word tokens of mask[lo:hi]; a trailing period is split off unless the word is an abbreviation."""
    out = []
    for m in _TOKEN.finditer(mask, lo, hi):
        text = m.group()
        s, e = m.span()
        if text[0] == "\ue000":
            out += [Token("\ue000", p, p + 1) for p in range(s, e)]
            continue
        if text[-1] == "." and len(text) > 1 and not is_abbreviation(text):
            text, e = text[:-1], e - 1
        out.append(Token(text, s, e))
    return out


def is_abbreviation(word: str) -> bool:
    """'Dr.', 'U.S.', 'Inc.', 'J.': a word whose final period is part of it."""
    core = word.rstrip(".")
    return (word in HONORIFICS or len(core) == 1 or "." in core
            or core.lower() in ("jr", "sr", "inc", "corp", "ltd", "co", "st", "gov", "sen", "rep"))


def _is_title_word(tok: Token) -> bool:
    low = tok.lower.rstrip(".")
    return low in TITLES or low.rstrip("s") in TITLES or tok.text in HONORIFICS


# Kin words describe someone as a title does ("daughter of ...", "the candidate's niece"); they are
# no speaker nouns, since "about his father" is no speaker.
_KIN = frozenset("""daughter son mother father husband wife sister brother niece nephew cousin widow widower
grandson granddaughter neighbor friend""".split())


def names_a_role(title: str) -> bool:
    """An English title names an office, a job, a kind of person or a relation ("chief strategist",
    "a nursing home owner", "Vermont Sen.", "daughter of ..."). A phrase opening in lower case with
    none of those is a predicate or a fragment: "regarded as something of a germaphobe", "active in
    politics", "critical of Sanders", "of jobs", "and Sen." (PolNeAR train: about 300 such titles).
    Other languages keep their titles: their lexicons list too few jobs to judge by."""
    words = title.split()
    if title in places(_LANGUAGE[0]):
        return False                  # "Ed Donahue, Washington.": a reporter's sign-off names a place
    if _LANGUAGE[0] != "en" or not words:
        return True
    first = words[0].lower()
    if first in CONJUNCTIONS or first in PREPOSITIONS:
        return False
    if not words[0][:1].islower() or first in DETERMINERS or first in TITLE_MODIFIERS:
        return True
    return any(_is_title_word(Token(w, 0, 0)) or w.lower().strip(".,") in _KIN or noun_kind(w.strip(".,"))
               for w in words)


@per_language
def describes_a_body(title: str) -> bool:
    """'a firm specialising in AIS', 'the Canadian mining company': a description headed by an organisation noun."""
    words = title.split()
    if len(words) < 2 or words[0].lower() not in DETERMINERS:
        return False
    def ends_head(i: int, w: str) -> bool:
        inside_name = words[i - 1][:1].isupper() and i + 1 < len(words) and words[i + 1][:1].isupper()
        return (w.lower() in PREPOSITIONS and not inside_name) or w.lower() in ("who", "which", "that") \
            or (i > 1 and w.islower() and w.endswith("ing") and noun_kind(words[i - 1]) == "organization")
    end = next((i for i, w in enumerate(words[1:], 1) if ends_head(i, w)), len(words))
    return noun_kind(words[end - 1].strip(".,")) == "organization"


def noun_kind(word: str) -> str | None:
    """The speaker kind a head noun implies ("ministry" -> organization), or None."""
    return SPEAKER_NOUNS.get(word.lower())


# One word written like a brand, not a person: a capital after two or more lower-case letters
# ("GitHub", "CoinMarketCap", "YouTube"; not "McCain", "DeJoy", "MacArthur", "DelBene", "DesJarlais",
# "VonDrehle") or a web domain ("Domain.com").
_BRAND = re.compile(r"(?!Mac|Van|Von|Fitz|Del|Des)[A-Z][a-z]{2,}[A-Z]\w*|[\w-]+\.(?:com|org|net|io)")


def _is_org_name(words: list[str]) -> bool:
    return any(w in ORGANIZATION_WORDS for w in words) or (len(words) == 1 and len(words[0]) > 1 and (
        words[0].isupper() or _BRAND.fullmatch(without_possessive(words[0])) is not None))


def _is_proper_name(words: list[str]) -> bool:
    """Two or more capitalised words without an office among them ("Greek Energy Forum", "Hong Kong",
    "United States"): a body or place, where "State" in "Secretary of State" is a portfolio."""
    return len(words) >= 2 and words[0][:1].isupper() and words[-1][:1].isupper() and all(
        (w[:1].isupper() and not _is_title_word(Token(w, 0, 0))) or w in NAME_JOINERS or w in ("of", "for", "and", "the", "&")
        for w in words)


def _text(mask: str, toks: list[Token]) -> str:
    return mask[toks[0].start:toks[-1].end]


_POSSESSIVE_END = re.compile(r"['’]s?$")


def without_possessive(name: str) -> str:
    """'Joe Biden’s' -> 'Joe Biden', 'Sanders'' -> 'Sanders'."""
    return _POSSESSIVE_END.sub("", name)


# ---------------------------------------------------------------------------------------------
# What a span of words says about the speaker
# ---------------------------------------------------------------------------------------------


# Titles written before a name; after one, "<Name> King" is a first name and a surname.
_PRENAME_TITLES = frozenset("representative senator governor congressman congresswoman".split())


def _title_word_surname(words: list[Token]) -> bool:
    """'Peter T. King', 'Rep. Peter King', 'former Gov. Howard Dean': a surname that is also a
    title word, known by the initial or the pre-name title before its first name ("Financial
    Secretary" and "Associate Dean" have neither)."""
    if len(words) < 2:
        return False
    first = words[-2]
    if len(first.text) == 2 and first.text[1] == "." and first.text[0].isupper():
        return True                                            # "Peter T. King"
    if len(words) < 3 or not first.cap or _is_title_word(first) or first.lower in TITLE_MODIFIERS:
        return False
    title = words[-3]
    return (title.text.endswith(".") and _is_title_word(title)) or title.lower in _PRENAME_TITLES


# Joiners that open an office or an outlet's name, never a person's: "of", "the".
_ARTICLE_JOINERS = frozenset("the of for and".split())


def split_title(words: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split a capitalised run into (title words, name words) at the last title word.

    "Treasury Secretary Christopher Hui" -> (Treasury Secretary, Christopher Hui);
    "Sen. Bernie Sanders" -> (Sen., Bernie Sanders). A run ending in a title word
    ("Financial Secretary") or made of "<title> for/of ... and the ..." is all title.
    """
    if words and _is_title_word(words[-1]) and not _title_word_surname(words):
        return words, []
    if len(words) > 2 and _is_title_word(words[0]) and words[1].lower in ("of", "for") and any(
            t.lower in ("and", "the") for t in words[2:]):
        return words, []
    cut = 0
    for i, tok in enumerate(words[:-1]):
        if _is_title_word(tok):
            cut = i + 1
    if cut == 0 and 3 <= len(words) <= 4 and _LANGUAGE[0] == "en" and (
            noun_kind(words[0].lower) in ("person", "anonymous")) and _is_person_name(words[1:]):
        cut = 1                 # "Voter Kitty Mak told ...", "Student Joshua Wong": a role noun before a name
    if 0 < cut < len(words) - 2 and words[cut].lower in ("of", "to", "for"):
        # "Mayor of London Sadiq Khan", "Ambassador to the United Nations Nikki Haley": the office
        # takes its place or body, and the name is the last two words (three with an initial)
        rest = len(words) - cut - 1 - (words[cut + 1].lower == "the")
        name_len = 3 if len(words) >= 3 and words[-2].text.endswith(".") and len(words[-2].text) <= 2 else 2
        name = words[-name_len:]
        if rest >= name_len + 1 and all(t.cap and t.lower not in NAME_JOINERS for t in name) \
                and not _is_org_name([t.text for t in name]):
            return words[:-name_len], name
    if 0 < cut < len(words) - 1 and words[cut].lower in ("of", "to", "for"):
        return words, []        # "the acting Prime Minister of Iraq": an office and its body, no name
    # a joiner never opens a name ("Secretary of State", "the Guardian"), but a capitalised one is a
    # first name: "Ben Carson", "Al Gore", "Van Jones" (PolNeAR train: 88 quotes by "Carson", title "Ben")
    while cut < len(words) and words[cut].lower in NAME_JOINERS and (
            not words[cut].cap or words[cut].lower in _ARTICLE_JOINERS):
        cut += 1
    return words[:cut], words[cut:]


# "the Democrats", "the Clintons", "the Kurds": a plural name after "the" is a people or a party.
_PLURAL_NAME = re.compile(r"[A-Z][a-z]+[^s\W]s")
# ... but "the Republican said" is one party member, a person.
_PARTY_MEMBERS = frozenset("Republican Democrat Independent Conservative Liberal Libertarian Socialist".split())


# "Trump's rivals", "Trump's supporters", "Trump's wife": people set against, for or close to the
# possessor, who is no body they speak for (the kin words are the other such heads).
_NOT_MEMBERS = frozenset("rivals opponents critic critics supporters backers allies fans friends".split())


def describe(mask: str, span: list[Token]) -> Mention | None:
    """What a span of words names: a pronoun, a name with titles, or a common noun phrase.

    A common noun followed by for/of/at + a name ("a spokeswoman for the British Transport
    Police") or preceded by one ("a Woolworths spokesperson") is a speaker whose title is the
    noun and whose affiliation is the name.
    """
    span = [t for t in span if t.text not in "()" and t.text[0] not in Q_MARKS]
    while span and span[-1].text in ",;:—–":
        span = span[:-1]
    if not span:
        return None
    head = span[-1]
    start, end = span[0].start, head.end
    if len(span) == 1 and head.lower in PRONOUNS:
        return Mention(start, end, PRONOUNS[head.lower], pronoun=True)
    if len(span) == 1 and head.lower in ("one", "another", "others", "some", "many", "most", "several", "both"):
        return Mention(start, end, "anonymous" if head.lower in ("one", "another") else "group")
    # "a spokesman for the president": the body may be an office, which is not an affiliation
    office = not span[-1].cap and _is_title_word(span[-1])
    for p in range(1, len(span) - 1):
        if span[p].lower in ("for", "of", "at", "with", "from") and noun_kind(span[p - 1].lower) and (span[-1].cap or office):
            inner = describe(mask, span[:p])
            if inner is not None and inner.name is None:
                org = [t for t in span[p + 1:] if t.lower not in DETERMINERS]
                return Mention(start, end, inner.kind, None, span[p - 1].text, _text(mask, org) if org and not office else None)
    if len(span) == 1 and head.cap and noun_kind(head.lower):
        return Mention(start, end, noun_kind(head.lower))  # "Polls show", "Officials said": capitalised to open a sentence
    if (member := _member_of_body(mask, span)) is not None:
        return member
    if head.cap and not head.text[:1].isdigit():
        # the name is the last capitalised run; lower-case words before it are title modifiers
        k = len(span)
        while True:
            while k > 0 and (span[k - 1].cap or (span[k - 1].lower in NAME_JOINERS and k < len(span)
                                                  and _capitalised_before_joiners(span, k - 1))):
                k -= 1
            # "Ambassador to the United Nations Nikki Haley": an office joined to its body by
            # to/of/for (the) belongs to the run, and split_title separates it from the name
            j = k - (k > 0 and span[k - 1].lower == "the")
            if j >= 2 and span[j - 1].lower in ("to", "of", "for") and _is_title_word(span[j - 2]):
                k = j - 2
                continue
            break
        while k < len(span) and span[k].lower in DETERMINERS:
            k += 1                                     # "Die Bloggerin Ana Siú": German capitalises nouns
        # the possessor is every word up to its possessive ending: "Hong Kong’s Financial Secretary"
        owner = max((i for i in range(k, len(span) - 1) if span[i].text.endswith(POSSESSIVE)), default=k - 1)
        run = [t for t in span[owner + 1:] if not t.text.endswith(POSSESSIVE)]
        possessor = span[k:owner + 1] or [t for t in span[k:] if t.text.endswith(POSSESSIVE)]
        lead = [t for t in span[:k] if t.lower not in DETERMINERS]
        title_toks, name_toks = split_title(run)
        if len(name_toks) == 1 and name_toks[0].lower in MONTHS and not title_toks and k > 0 and not span[k - 1].cap:
            return None                                # "a poll released in late August": a date, no name
        title = " ".join(t.text for t in [*lead, *title_toks]) or None
        affiliation = None
        if possessor and name_toks and run and possessor[-1].end <= run[0].start:
            affiliation = without_possessive(_text(mask, possessor))
        if not name_toks:
            kind = noun_kind(head.lower) or ("organization" if _is_org_name([t.text for t in run]) else "person")
            return Mention(start, end, kind, None, title, affiliation)
        of = next((i for i, t in enumerate(name_toks) if t.lower in ("of", "at") and 1 <= i < len(name_toks) - 1), None)
        if of is not None and not _is_org_name([t.text for t in name_toks[:of]]) and (
                _is_org_name([t.text for t in name_toks[of + 1:]]) or len(name_toks) <= of + 5):
            # "Eugene Volokh of UCLA School of Law", "Abdel Fattah el-Sisi of Egypt", "Doug Miller of
            # Milltech Marine": a person, then the organisation or place they belong to; before a
            # state ("Tom Emanuel of Laconia, N.H.,") the place is a home town, no affiliation
            if not state_follows(mask, end):
                affiliation = affiliation or _text(mask, name_toks[of + 1:])
            name_toks = name_toks[:of]
        name = _text(mask, name_toks)
        kind = "organization" if _is_org_name([t.text for t in name_toks]) else "person"
        if kind == "person" and any(t.lower in ("and", "&") for t in name_toks):
            return Mention(start, end, "group", None, title, affiliation)   # "Miller and Smith": two people
        if kind == "person" and k > 0 and span[k - 1].lower == "the" and not lead and not title_toks and not possessor \
                and name not in _PARTY_MEMBERS:
            # "The Guardian reported", "the Lebanese Red Cross said", "the Democrats say": English puts no
            # article before a person's name, so the name is a body, or a people when a plural
            kind = "group" if len(name_toks) == 1 and _PLURAL_NAME.fullmatch(name) else "organization"
        return Mention(start, end, kind, name, title, affiliation)
    kind = noun_kind(head.lower)
    if kind is None and head.text.isalpha() and _is_title_word(head):
        # "the minister said" after "Italian economic development minister Stefano Patuanelli": an
        # office heads a person, whom the title may name; plural ("the ministers"), a group
        kind = "person" if head.lower in TITLES else "group"
    if kind is None:
        if head.lower in QUANTIFIERS or head.lower in ("percent", "%") or (
                len(span) >= 2 and span[-2].lower in ("percent", "of") and head.lower.endswith("s")):
            return Mention(start, end, "group")
        if len(span) >= 2 and span[0].lower in DETERMINERS and head.text.isalpha() and head.text.islower() \
                and head.lower not in PRONOUNS and head.lower not in _MODIFIER_STOP:
            kind = "group" if head.lower.endswith("s") else "anonymous"   # "one man", "the nurses"
        else:
            return None
    if kind == "person" and span[0].lower in ("a", "an", "one", "another"):
        kind = "anonymous"          # "a spokesman said": a person the article does not name
    owner = max((i for i, t in enumerate(span[:-1]) if t.cap and t.text.endswith(POSSESSIVE)), default=None)
    if kind != "organization" and owner is not None and not any(t.cap for t in span[owner + 1:]) \
            and (noun_kind(head.lower) or _is_title_word(head)) and head.lower not in _NOT_MEMBERS \
            and head.lower not in _KIN and without_possessive(span[owner].text) not in SENTENCE_WORDS:
        # "The Food and Agriculture Organization's chief veterinary officer", "Mr. Sanders's campaign
        # manager": the possessor is whom the speaker works for, the words after it the title
        first = 1 if span[0].lower in DETERMINERS else 0
        while first < owner and span[first].text in HONORIFICS:
            first += 1
        possessor = span[first:owner + 1]
        if possessor and possessor[0].cap and all(t.cap or t.lower in NAME_JOINERS for t in possessor):
            return Mention(start, end, kind, None, _text(mask, span[owner + 1:]), without_possessive(_text(mask, possessor)))
    if kind != "organization":
        # "a Woolworths spokesperson", "a senior State Department official", "Republican officials":
        # the capitalised words right before the role noun are who the speaker speaks for
        first = 1 if span[0].lower in DETERMINERS else 0
        k = len(span) - 1
        while k > first and not span[k - 1].text.endswith(POSSESSIVE) and (span[k - 1].cap or (
                span[k - 1].lower in ("of", "for", "and") and k - 1 > first and span[k - 2].cap)):
            k -= 1
        org = [t.text for t in span[k:-1]]
        # a lone capitalised word opening the sentence may be any adjective ("Local authorities")
        proper = k > 0 or len(org) > 1 or _DEMONYM.match(org[0] if org else "") or _is_org_name(org)
        if org and proper and not any(_is_title_word(t) for t in span[k:-1]):
            mods = [t.text for t in span[:k] if t.lower not in DETERMINERS]
            return Mention(start, end, kind, None, " ".join([*mods, head.text]), _text(mask, span[k:-1]))
    return Mention(start, end, kind)


def _member_of_body(mask: str, span: list[Token]) -> Mention | None:
    """'Jane Doe from Amnesty International', 'Regina Ip from the pro-Beijing camp': a named person,
    then of/from/at/with and the body they belong to, which is their affiliation. Without this the
    body was taken for the speaker (the name read as its title) or, lower case, nothing was."""
    at = next((i for i, t in enumerate(span) if not t.cap), len(span))
    if not 2 <= at < len(span) - 1 or span[at].lower not in ("from", "of", "at", "with"):
        return None
    person = describe(mask, span[:at])
    body = span[at + 2:] if span[at + 1].text in DETERMINERS else span[at + 1:]   # "the Sierra Club", "The Nation"
    if person is None or person.kind != "person" or person.name is None or not body:
        return None
    joined = any(t.lower == "and" for t in body)
    if all(t.cap or t.lower in NAME_JOINERS for t in body):
        # "Isakson of Georgia and Boozman of Arkansas", "Kerry with Sergei Lavrov": two people, no body
        names = [t.text for t in body]
        if joined and not _is_org_name(names):
            return Mention(span[0].start, span[-1].end, "group", None, person.title)
        if span[at].lower == "with" and not _is_org_name(names):
            return replace(person, start=span[0].start, end=span[-1].end)   # "Kerry with Sergei Lavrov"
    elif span[at].lower in ("at", "with") or len(body) > 3 or joined or not _is_plain_noun_phrase(body) \
            or not _names_a_body(body[-1].text):
        return None                     # "Trump at the time said", "John Smith of all people said"
    affiliation = person.affiliation or _text(mask, body)
    if (span[at].lower == "from" and _text(mask, body) in places(_LANGUAGE[0])) or state_follows(mask, span[-1].end):
        # "Maria Lopez from Guatemala", "Tom Emanuel of Laconia, N.H.,": where they live, not whom
        # they speak for
        affiliation = person.affiliation
    return Mention(span[0].start, span[-1].end, "person", person.name, person.title, affiliation)


def _names_a_body(word: str) -> bool:
    """'camp', 'project', 'Ministry': a word for an organisation."""
    return noun_kind(word) == "organization" or word.capitalize() in ORGANIZATION_WORDS


def _is_plain_noun_phrase(toks: list[Token]) -> bool:
    """Modifiers and a head noun, no verb or preposition: "pro-Beijing camp", "youtube-dl project"."""
    return all(t.text[:1].isalnum() and t.lower not in _MODIFIER_STOP and not t.lower.endswith("ed") for t in toks)


# ---------------------------------------------------------------------------------------------
# Finding the span
# ---------------------------------------------------------------------------------------------


def _capitalised_before_joiners(toks: list[Token], i: int) -> bool:
    """True when toks[i] is a joiner and a capitalised word comes right before its run of joiners."""
    k = i
    while k >= 0 and toks[k].lower in NAME_JOINERS and i - k < 2:
        k -= 1
    return k >= 0 and toks[k].cap and toks[k].lower not in NAME_JOINERS


def _name_run_start(toks: list[Token], end: int) -> int:
    """Index where the run of capitalised name words ending at toks[end-1] begins; only that last
    word may be a possessive ("Food and Agriculture Organization's")."""
    j = end
    while j > 0:
        t = toks[j - 1]
        if t.cap and t.text[0] not in Q_MARKS and (j == end or not t.text.endswith(POSSESSIVE)):
            j -= 1
        elif t.lower in NAME_JOINERS and j < end and _capitalised_before_joiners(toks, j - 1):
            j -= 1
        else:
            break
    while j < end and (toks[j].lower in NAME_JOINERS or toks[j].text in SENTENCE_WORDS):
        j += 1
    return j


def _extend_title_left(toks: list[Token], j: int) -> int:
    """Take title words, a possessor and one determiner in front of a name.

    "former Sen. X", "Cruz spokeswoman Catherine Frazier", "Hong Kong’s Financial Secretary X".
    """
    modifiers = TITLE_MODIFIERS
    # ("Then Trump wondered": a capitalised "Then" opens the sentence; "then-Gov. X", "the then governor" are titles)
    while j > 0 and ((toks[j - 1].lower in modifiers and toks[j - 1].text not in SENTENCE_WORDS)
                     or (toks[j - 1].text.islower() and _is_title_word(toks[j - 1]))):
        j -= 1
        if j > 0 and toks[j - 1].cap and toks[j - 1].text not in SENTENCE_WORDS:
            k = _name_run_start(toks, j)       # the organisation a title belongs to: "Cruz spokeswoman"
            if k < j:
                j = k
    if j > 0 and toks[j - 1].text.endswith(POSSESSIVE) and toks[j - 1].cap:
        k = _name_run_start(toks, j - 1)
        j = k if k < j - 1 else j - 1
        while j < len(toks) and (toks[j].lower in NAME_JOINERS or toks[j].text in SENTENCE_WORDS):
            j += 1
    # "that" before a name is a conjunction: "is that Republicans think", never "that Republicans"
    if j > 0 and toks[j - 1].lower in DETERMINERS and not (toks[j - 1].lower == "that" and toks[j].cap):
        j -= 1
    return j


def _extend_left(toks: list[Token], j: int) -> int:
    """Take the modifiers in front of a common-noun head back to a determiner or a clause start.

    "the Coincu research team", "a senior administration official", "Clinton’s campaign". If the
    words before the head reach neither, the head stands alone (and will fail the clause check).
    """
    k, words = j, 0
    while k > 0 and words < 5:
        t = toks[k - 1]
        if t.lower in DETERMINERS:
            return k - 1
        if t.text in _BOUNDARY_PUNCT or t.lower in CONJUNCTIONS or t.text[0] in Q_MARKS:
            return k
        if t.lower in BETWEEN or t.lower in _MODIFIER_STOP:
            break
        if t.cap and t.text.endswith(POSSESSIVE):
            # the possessor is one name, joiners and all: "The National Institute of Allergy and
            # Infectious Disease's director" (Wikinews) was cut to "Infectious Disease's director"
            k, words = _name_run_start(toks, k), words + 1
            continue
        if t.text[:1].isalnum():
            k, words = k - 1, words + 1
            continue
        break
    return k if k == 0 else j


def _np_start(toks: list[Token], end: int) -> int | None:
    """Index where a mention ending at toks[end-1] begins, or None if none ends there."""
    head = toks[end - 1]
    if head.lower in PRONOUNS:
        return end - 1
    if head.cap and head.text not in SENTENCE_WORDS and not head.text[:1].isdigit():
        j = _name_run_start(toks, end)
        return None if j >= end else _extend_title_left(toks, j)
    if noun_kind(head.lower) or head.lower in QUANTIFIERS:
        j = _extend_left(toks, end - 1)
        # "about half of Democratic primary voters", "21 percent of voters"
        if j >= 2 and toks[j - 1].lower == "of" and (toks[j - 2].lower in QUANTIFIERS or toks[j - 2].lower == "percent"):
            j = _extend_left(toks, j - 2)
        return j
    if head.lower in ("percent", "%") and end >= 2 and toks[end - 2].text[:1].isdigit():
        return _extend_left(toks, end - 2)
    return None


def _prep_extension(toks: list[Token], i: int) -> int:
    """'a spokesman for the ministry', 'a study by the Pew Research Center': extend a mention left
    over for/of/at (by, after a source noun) to a speaker noun."""
    if i >= 2 and (toks[i - 1].lower in ("for", "of", "at", "from") or (toks[i - 1].lower == "by" and noun_kind(toks[i - 2].lower))) and (
            noun_kind(toks[i - 2].lower) or _is_title_word(toks[i - 2])):
        k = _np_start(toks, i - 1)
        if k is not None:
            return k
    return i


def _starts_clause(toks: list[Token], i: int) -> bool:
    """Whether toks[i] opens a clause; "what" opens a free relative ("adapt to what [she] said is ...")."""
    if i == 0:
        return True
    prev = toks[i - 1]
    return (prev.text in _BOUNDARY_PUNCT or prev.text[0] in Q_MARKS or prev.lower in CONJUNCTIONS
            or prev.lower in ("who", "as", "says", "said", "what"))


def _mention_ending(mask: str, toks: list[Token], end: int) -> Mention | None:
    """A mention that ends at toks[end-1] and starts a clause."""
    if end == 0:
        return None
    i = _np_start(toks, end)
    if i is None:
        return None
    i = _prep_extension(toks, i)
    return describe(mask, toks[i:end]) if _starts_clause(toks, i) else None


# Emphasis after a speaker, not part of it: "Clinton herself also signaled".
_REFLEXIVES = frozenset("himself herself itself themselves myself ourselves".split())
# When a statement was made, never who made it: "X on Tuesday told", "On Friday Ford announced".
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_PERIODS = frozenset("week weekend month year spring summer fall autumn winter".split())
_PARTICIPLE_OR_PREP = re.compile(r"[a-z]+ed|taken|out|up|until|since|from|through")
# Dashes that enclose an aside between a speaker and the cue.
_DASHES = frozenset("—–")

# Verbs that take the cue as an infinitive without changing who speaks: "Caddell went on to discuss",
# "Stumpf appeared to blame", "Clinton tried to reassure" (PolNeAR train multi-word cues). Negative
# ones ("refused to say") are left out: they report that nothing was said.
CATENATIVES = frozenset("went continued continues began begins tried tries sought seeks seemed seems appeared appears "
                        "used wanted wants hoped hopes vowed vows promised promises moved moves rushed rushes "
                        "attempted attempts managed manages has have had need needs needed".split())


def adjacent(mask: str, lo: int, hi: int) -> Mention | None:
    """A pronoun or name right before a cue that does not start its clause: 'the third time AROS
    said', 'In a Bloomberg interview Trump declared'; the weaker reading, for English speech verbs.

    Not the object of a preposition ('at the Democratic National Convention further highlighted'),
    not a free relative ('Here's what we propose'), not 'you' (an interviewer's question), and
    a leading weekday is when, not who ('On Friday Ford Motor Company announced').
    """
    if _LANGUAGE[0] != "en":
        return None                                   # German and French put the subject after a fronted verb
    toks = tokens(mask, lo, hi)
    end = _strip_between(toks)
    if end == 0 or not (toks[end - 1].lower in PRONOUNS or toks[end - 1].cap) or toks[end - 1].lower == "you":
        return None
    if toks[end - 1].lower in ("who", "which"):
        # "spoke to the Navy, who told it ...": the relative pronoun stands for the phrase before it
        j = end - 1 - (end >= 2 and toks[end - 2].text == ",")
        i = _np_start(toks, j) if j > 0 else None
        antecedent = describe(mask, toks[i:j]) if i is not None else None
        return None if antecedent is None or antecedent.pronoun else _standing_for(antecedent, toks[end - 1])
    i = _np_start(toks, end)
    if i is None:
        return None
    when = i
    while i < end and toks[i].lower in _WEEKDAYS:
        i += 1
    if i == end or (i == when and i and (toks[i - 1].lower in PREPOSITIONS or toks[i - 1].lower == "what")):
        return None
    return describe(mask, toks[i:end])


def _standing_for(antecedent: Mention, pronoun: Token) -> Mention:
    """The mention of a relative pronoun: a named antecedent keeps the pronoun as the mention, as "he"
    would be ("Mr. Kamin, [who] emphasized"); an unnamed one is the mention itself ("the Navy, who")."""
    return replace(antecedent, start=pronoun.start, end=pronoun.end) if antecedent.name else antecedent


def _strip_between(toks: list[Token]) -> int:
    """Length of toks without trailing adverbs, auxiliaries, catenative verbs and floating quantifiers
    before a cue ("he also said", "Miller and Smith both acknowledged", "he went on to discuss")."""
    end = len(toks)
    while end > 0:
        low = toks[end - 1].lower
        if low == "to" and end >= 2 and toks[end - 2].lower in CATENATIVES:
            end -= 2
        elif low == "to" and end >= 3 and toks[end - 2].lower == "on" and toks[end - 3].lower in CATENATIVES:
            end -= 3                                  # "went on to"
        elif low in _REFLEXIVES and end >= 2 and (toks[end - 2].cap or toks[end - 2].lower in PRONOUNS):
            end -= 1                                  # "Clinton herself also signaled", "Obama himself seemed"
        elif low in _WEEKDAYS and end >= 2:
            end -= 2 if toks[end - 2].lower == "on" else 1   # "Baslan Damang, a security official, on Tuesday told"
        elif low in _PERIODS and end >= 3 and toks[end - 2].lower in ("last", "this", "next") \
                and not _PARTICIPLE_OR_PREP.fullmatch(toks[end - 3].lower):
            # "Trump earlier this week said"; "a poll released last week showed" keeps its time
            end -= 3 if toks[end - 3].lower in ("earlier", "later") and end >= 4 else 2
        elif low in BETWEEN or (low.endswith("ly") and toks[end - 1].text.islower()) or low.endswith(("n't", "n’t")) or (
                low in ("both", "all", "each") and end >= 2 and (toks[end - 2].cap or toks[end - 2].lower.endswith("s"))):
            end -= 1
        else:
            break
    return end


# ", who ..." opening a relative clause: what it is about comes before it.
_RELATIVE_OPENING = re.compile(r",\s+(?:who|which)\s")


def before(mask: str, lo: int, hi: int) -> tuple[Mention | None, str | None]:
    """The mention ending at `hi` in mask[lo:hi] (text before a cue), and an appositive title."""
    m, appositive = _mention_before(mask, lo, hi)
    if m is None or m.pronoun or _LANGUAGE[0] == "zh":
        return m, appositive
    rel = max(_RELATIVE_OPENING.finditer(mask, lo, m.start), key=lambda r: r.start(), default=None)
    # the mention is inside the clause, not its subject ('The U.N., which [state media] said ...') and
    # not next to the cue ('Tim Canova, who ..., received $250,000 after [Sanders] endorsed him')
    if rel is not None and "," in mask[rel.end():m.start] and "," in mask[m.end:hi]:
        # "Joe Biden, who visited Columbus, Ohio, on Wednesday, said": the mention found is inside a
        # relative clause that runs to the cue; its named antecedent opening the clause is the
        # speaker (PolNeAR train gave "Ohio")
        toks = tokens(mask, lo, rel.start())
        antecedent = _mention_ending(mask, toks, len(toks)) if toks else None
        if antecedent is not None and antecedent.name and antecedent.start == toks[0].start \
                and toks[0].lower not in PREPOSITIONS:
            return antecedent, None             # (not "Unlike Trump, who ..., Sen. Ted Cruz said")
    return m, appositive


def _mention_before(mask: str, lo: int, hi: int) -> tuple[Mention | None, str | None]:
    """`before` without the relative-clause check: the mention ending at `hi` and an appositive title.

    Handles 'X said', 'X, T, said', 'X, T1, T2, said', 'X, however, said', 'He also said', and
    falls back to the noun phrase opening the clause ('The heads of both firms told ...').
    Returns (None, None) when the words before the cue are not a mention that starts a clause.
    """
    if _LANGUAGE[0] == "zh":
        return han_before(mask, lo, hi), None
    tag = _PARTY_TAG.search(mask, lo, hi) if mask.find("(", lo, hi) >= 0 else None   # (a search for its bracket is faster)
    if tag and tag.end() >= hi - 1:
        hi = tag.start()                                  # "Rep. Hank Johnson (D-Ga.) said"
    if hi - lo > WINDOW:                                  # a mention and its appositives fit in the window
        lo = mask.find(" ", hi - WINDOW, hi) + 1 or hi - WINDOW
    toks = _tokens_without_parentheticals(mask, lo, hi)
    if toks and toks[-1].text in _DASHES:
        # "insiders in the next two states — Nevada and South Carolina — said": an aside between dashes
        opening = next((i for i in range(len(toks) - 2, max(-1, len(toks) - 14), -1) if toks[i].text == toks[-1].text), None)
        if opening:
            toks = toks[:opening]
    end = _strip_between(toks)
    # "Clinton, however, said" / "The poll, released on Wednesday, showed": step over adverbial
    # and participial comma segments
    while end > 0 and toks[end - 1].text == ",":
        k = max((i for i in range(end - 1) if toks[i].text == ","), default=-1)
        segment = toks[k + 1:end - 1]
        if k < 0 or not (adverbial(segment) or _participial(segment)):
            break
        end = _strip_between(toks[:k])
    if end == 0:
        return None, None
    if toks[end - 1].text != ",":
        if toks[end - 1].lower in ("who", "which") and end >= 2:
            # "the Navy, who told it ...": the relative pronoun stands for the phrase before it. A named
            # antecedent keeps the pronoun as the mention, as "he" would be ("Mr. Kamin, [who] emphasized").
            # Without the comma the clause restricts a noun anywhere in the sentence ("supporters who
            # believe the claim", "people like me who say"): no speaker (measured on PolNeAR train and
            # the project gold, taking that noun loses attribution-F1).
            antecedent = None
            if toks[end - 2].text == ",":
                at = end - 2
                aged = at >= 3 and toks[at - 1].text.isdigit() and toks[at - 2].text == ","
                if aged:
                    at -= 2                           # "Thomas Gray, 24, who cited ...": the age is no antecedent
                antecedent = _mention_ending(mask, toks, at) or _clause_subject(mask, toks, at)
                if antecedent is None and aged and (i := _np_start(toks, at)) is not None:
                    antecedent = describe(mask, toks[i:at])   # "Another was tour manager [Thomas Gray], 24, who"
            if antecedent is None or antecedent.pronoun:
                return None, None                     # "those who", "he who": nothing to stand for
            return _standing_for(antecedent, toks[end - 1]), None
        m = _mention_ending(mask, toks, end)
        if m is not None and m.title and not m.name:
            # "Erwin Chemerinsky, Dean of UC Berkeley School of Law called it": an office without the
            # comma that would close it describes the full name before it
            at = next((i for i in range(end) if toks[i].start == m.start), 0) - 1
            first = at
            while first > 0 and toks[first - 1].cap:
                first -= 1
            if at > 0 and toks[at].text == "," and _is_person_name(toks[first:at]):
                return Mention(toks[first].start, toks[at - 1].end, "person", _text(mask, _without_honorifics(toks[first:at]))), \
                    mask[m.start:m.end]
        return (m, None) if m is not None else (_clause_subject(mask, toks, end), None)
    # "Paul Chan Mo-po, Financial Secretary, Hong Kong SAR, remarked": walk back over
    # comma-separated title segments to the name they describe.
    commas = [k for k in range(end) if toks[k].text == ","]
    segments = [toks[commas[n] + 1:commas[n + 1]] for n in range(len(commas) - 1)]
    residence = _residence_segments(mask, segments)
    found = []                                 # (comma index, mention), nearest first
    for n in range(len(commas) - 2, -1, -1):
        k = commas[n]
        if not (residence[n] or title_like(segments[n])):
            break
        if n and residence[n - 1]:
            continue                           # "Cory James, 22, [of Flint], Mich.": no name ends here
        m = _mention_ending(mask, toks, k) or _clause_subject(mask, toks, k)
        if m is not None and residence[n] == "state" and not _named_before_town(m, segments[n - 1]):
            continue                           # "a salesman from [Sumter], South Carolina": the town is no speaker
        # "Financial Secretary" alone is a title of the name further left, not a speaker
        if m is not None and not m.pronoun and (m.name or m.kind in ("anonymous", "group", "organization")
                                                or not m.title or _is_person_name(toks[k + 1:commas[n + 1]])):
            found.append((n, k, m))
    if not found:
        return None, None
    n, k, m = next((f for f in found if f[2].name), found[0])   # a named speaker beats an unnamed one
    first = toks[k + 1:commas[n + 1]]
    if ((m.title and not m.name) or _is_title_phrase(mask, m) or _INDEFINITE.match(mask, m.start)) \
            and _is_person_name(first):
        # "The mayor of London, Sadiq Khan, said": the name is the speaker, the phrase its title
        rest = mask[toks[commas[n + 1]].end:toks[end - 1].start].strip() if n + 1 < len(commas) - 1 else None
        title = mask[m.start:m.end] + (", " + rest if rest else "")
        name = _without_honorifics(first)
        office = [t.text for t in first[:len(first) - len(name)] if t.text not in COURTESY]
        if office and _RELATION_HEAD.search(title):
            # "His Democratic opponent, Rep. Alan Grayson, said": the description relates him to
            # someone; the office before his name says what he is
            return Mention(first[0].start, first[-1].end, "person", _text(mask, name), " ".join(office)), None
        return Mention(first[0].start, first[-1].end, "person", _text(mask, name)), title
    titles = [_text(mask, seg) for seg, kind in zip(segments[n:], residence[n:]) if not kind]
    return m, ", ".join(titles) or None


# Vox-pop appositives say who someone is, not their office: an age ("29"), a home town ("of
# Huntsville", "from Derry") and the state or country after a town ("Ala.", "South Carolina").
# PolNeAR train: "Brianne Stone, 29, of Huntsville, Ala., says" and "Cory James, 22, of Flint, Mich.,
# said" had no speaker; "Bill Carr, 31, a Philadelphia freelance photographer, said" took "31, ..." as
# title; "a 55-year-old salesman from Sumter, South Carolina, says" took South Carolina as speaker.
def _residence_segments(mask: str, segments: list[list[Token]]) -> list[str | None]:
    """For each comma segment after a name: "age", "home" (town), "state" (after a town) or None."""
    out: list[str | None] = []
    for i, seg in enumerate(segments):
        town = i > 0 and (_town_at(segments[i - 1]) is not None or out[i - 1] == "home")
        if len(seg) == 1 and seg[0].text.isdigit() and len(seg[0].text) <= 3:
            out.append("age")
        elif 2 <= len(seg) <= 4 and seg[0].lower in ("of", "from") and all(t.cap for t in seg[1:]):
            out.append("home")
        elif 1 <= len(seg) <= 2 and i + 1 < len(segments) and 1 <= len(segments[i + 1]) <= 2 \
                and is_state_abbreviation(mask[segments[i + 1][0].start:segments[i + 1][-1].end + 1].strip(" ,")) \
                and all(t.cap and not _is_title_word(t) for t in seg[seg[0].lower == "a" and len(seg) > 1:]):
            # "Tom Emanuel, [Laconia], N.H., said": a town without "of"; "Jeffrey Salkin, [a Hollywood],
            # Fla., rabbi helping ..., said": a town used as a modifier
            out.append("home")
        elif town and len(seg) <= 2 and all(t.cap and not _is_title_word(t) for t in seg):
            out.append("state")
        else:
            out.append(None)
    return out


# AP-style state abbreviations ("N.H.", "Mich.", "Calif."); "Del." and "Miss." read as honorifics first.
_STATE_ABBREVIATIONS = frozenset("""Ala. Ariz. Ark. Calif. Colo. Conn. D.C. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass.
Mich. Minn. Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Vt. Va. Wash.
W.Va. Wis. Wyo.""".split())


def is_state_abbreviation(text: str) -> bool:
    """'N.H.', 'Mass.': an AP-style state abbreviation (not 'Inc.' or 'Jr.')."""
    return text in _STATE_ABBREVIATIONS


_NEXT_SEGMENT = re.compile(r",\s*([^\s,]{2,8}),")


def state_follows(mask: str, pos: int) -> bool:
    """Whether ', <state abbreviation>,' follows pos: what comes before it is a town ("of Laconia, N.H.,")."""
    m = _NEXT_SEGMENT.match(mask, pos)
    return m is not None and is_state_abbreviation(m[1])


def _town_at(segment: list[Token]) -> int | None:
    """Where the place closing a segment starts ("a junior from [Las Vegas]", "of [Flint]"), or None."""
    i = len(segment)
    while i > 0 and segment[i - 1].cap and len(segment) - i < 3:
        i -= 1
    return i if 0 < i < len(segment) and segment[i - 1].lower in ("of", "from", "in") else None


def _named_before_town(m: Mention, segment: list[Token]) -> bool:
    """'Michael Brown of Washington', D.C.: a person named before the town closing the segment."""
    at = _town_at(segment)
    words = (m.name or "").split()
    return m.kind == "person" and bool(words) and m.start < segment[at - 1].start \
        and not any(t.text in words for t in segment[at:])


def _is_title_phrase(mask: str, m: Mention) -> bool:
    """'The mayor of London', 'A former Israeli security official': an office, not a name."""
    words = tokens(mask, m.start, m.end)
    return any(w.text.islower() and (_is_title_word(w) or noun_kind(w.lower) in ("person", "anonymous") or w.lower in _KIN)
               for w in words)


# Descriptions that only relate a person to someone else: "His Democratic opponent", "her successor".
_RELATION_HEAD = re.compile(r"\b(?i:opponent|rival|challenger|successor|predecessor)$")
# Courtesy titles say nothing of an office.
COURTESY = frozenset("Mr. Mrs. Ms. Miss Mx. Mr Mrs Ms".split())
# "a Republican, Mark Amodei, said": an indefinite noun phrase describes; it never names.
_INDEFINITE = re.compile(r"(?:a|an|A|An)\s")


def _without_honorifics(segment: list[Token]) -> list[Token]:
    """A name's words after its honorifics: 'Dr. Anthony Fauci' -> 'Anthony Fauci', 'Rep. Alan Grayson' -> 'Alan Grayson'."""
    i = 0
    while i < len(segment) - 2 and segment[i].text in HONORIFICS:
        i += 1
    return segment[i:]


def _is_person_name(segment: list[Token]) -> bool:
    """Two to four capitalised words without title words, after any honorific: 'Sadiq Khan',
    'Dr. Anthony Fauci' (Wikinews: "the institute's director, Dr. Anthony Fauci, said" had no speaker)."""
    segment = _without_honorifics(segment)
    return 2 <= len(segment) <= 4 and all(t.cap and not _is_title_word(t) and t.text not in SENTENCE_WORDS
                                          for t in segment) and not _is_org_name([t.text for t in segment])


_AUXILIARY_BEFORE = frozenset("also has have had was were is are been be will would".split())
_LEADING_ADVERBS = frozenset("even only also just perhaps still now then meanwhile indeed".split())
_POSTMODIFIER_OPENERS = frozenset("of from by on in about".split())
# "News of the incident was not reported until ...": news (word, reports) of an event is the event
# becoming known, not a source (raw/ Wikinews campaign-trail article)
_TOPIC_OF = frozenset("news word reports".split())
_VERBISH = frozenset("""is are was were be been being do does did can could should would will may might must
has have had said says told not""".split())


def _clause_subject(mask: str, toks: list[Token], end: int) -> Mention | None:
    """The whole noun phrase from the last clause boundary to toks[end]: 'Nearly a third', 'The
    heads of both lobbying firms', 'Democrat socialist Sen. Bernie Sanders'. A fallback when no
    lexicon-backed mention ends there; it must be short, start like a noun phrase and hold no verb."""
    b = end
    while b > 0 and not (toks[b - 1].text in _BOUNDARY_PUNCT or toks[b - 1].text[0] in Q_MARKS
                         or (toks[b - 1].lower in CONJUNCTIONS and toks[b - 1].lower not in ("that",)
                             and not (toks[b - 1].lower in DETERMINERS and b < end and toks[b].cap))):
        # German "der", "die" are relative pronouns and articles; before a noun, an article:
        # "In der Zwischenzeit rufen ..." is an adverbial, not the subject "Zwischenzeit"
        b -= 1
        if b >= 2 and toks[b - 1].lower == "and" and toks[b - 2].cap:
            i = b                                     # "The Food and Agriculture Organization's chief ...": one name
            while i < end - 1 and toks[i].cap and not toks[i].text.endswith(POSSESSIVE):
                i += 1
            run = _name_run_start(toks, i + 1)
            if toks[i].cap and toks[i].text.endswith(POSSESSIVE) and _is_org_name(
                    [without_possessive(t.text) for t in toks[run:i + 1]]):
                b = run                               # (not "hit Florida and Georgia's governor")
                break
    while b < end and (toks[b].lower in _LEADING_ADVERBS or (toks[b].lower.endswith("ly") and toks[b].text.islower())):
        b += 1                                        # "Even the organizer ...", "virtually all the attendees"
    opening = b
    if b + 2 < end and toks[b].lower == "at" and toks[b + 1].lower in ("least", "most"):
        b += 2                                        # "[At least half of voters] say": a quantity, no place
    span = toks[b:end]
    rel = next((i for i, t in enumerate(span) if i and t.lower in ("who", "that", "which")), None)
    if rel is not None and rel <= 6:
        span = span[:rel]                             # "The judges who ruled that ... said": the judges
    if not span or len(span) > 9:
        return None
    first = span[0]
    if first.text.islower() and ((first.lower in PREPOSITIONS and first.lower != "about") or first.lower.endswith("ing")):
        return None                                   # "in a statement", "receiving 19 percent": no noun phrase
                                                      # ("about half of voters" is one)
    if first.text.islower() and first.lower.endswith("ed") and first.lower not in TITLE_MODIFIERS and (
            (b > 0 and toks[b - 1].lower in _AUXILIARY_BEFORE) or len(span) < 2 or not noun_kind(span[1].lower)):
        return None                                   # "(has also) included members of ...", "attempted to make the
                                                      # case": a verb phrase ("undecided voters" is a noun phrase)
    head_noun = any(noun_kind(t.lower) for t in span if not t.cap)
    if not (first.cap or first.lower in DETERMINERS or first.lower in QUANTIFIERS or first.text[:1].isdigit()
            or first.lower in ("his", "her", "their", "its", "our") or (head_noun and first.text.isalpha())):
        return None
    if first.text in SENTENCE_WORDS and first.lower not in DETERMINERS and first.lower not in QUANTIFIERS:
        return None
    if any(t.lower in _VERBISH or (t.lower in PRONOUNS and i) or t.text in "()" for i, t in enumerate(span)):
        return None
    # "Another intelligence source speaking to Fox News": the head comes before the modifier
    cut = next((i for i, t in enumerate(span) if i and t.text.islower() and t.lower.endswith("ing")), None)
    if cut and not span[-1].cap:
        span = span[:cut]
    if len(span) == 1 and first.lower in DETERMINERS:
        return None                                   # "This could challenge ...": no source
    m = describe(mask, span)
    if m is not None:
        return replace(m, start=toks[opening].start) if opening < b else m
    head = span[-1]
    # "Video of the incident shows", "A Quinnipiac University poll released in late August found": a
    # source noun with what it is of or when it came out is that source
    post = next((i for i, t in enumerate(span) if i and (t.lower in _POSTMODIFIER_OPENERS or (
        t.text.islower() and t.lower.endswith("ed") and i + 1 < len(span) and span[i + 1].lower in PREPOSITIONS))), None)
    if post is not None and (kind := noun_kind(span[post - 1].lower)) == "organization" \
            and not (span[post].lower == "of" and span[post - 1].lower in _TOPIC_OF):
        return Mention(toks[opening].start, head.end, kind)
    return Mention(toks[opening].start, head.end, "group" if head.lower.endswith("s") else "unknown", generic=True)


def _tokens_without_parentheticals(mask: str, lo: int, hi: int) -> list[Token]:
    """tokens(mask, lo, hi) without short parenthetical groups: "Sen. Rob Portman (R-Ohio), another incumbent" ."""
    toks = tokens(mask, lo, hi)
    if mask.find("(", lo, hi) < 0:
        return toks                     # most spans have no bracket: a plain search, no pass over the tokens
    out, i = [], 0
    while i < len(toks):
        if toks[i].text == "(":
            close = next((j for j in range(i + 1, min(len(toks), i + 6)) if toks[j].text == ")"), None)
            if close is not None:
                i = close + 1
                continue
        out.append(toks[i])
        i += 1
    return out


def title_like(segment: list[Token]) -> bool:
    """A comma segment that can be a title or affiliation: a noun phrase, no main verb.

    "Financial Secretary", "dean of the law school", "a consultant who ...", "Hong Kong SAR".
    Adverbials ("however", "in a statement") and verb phrases ("shared insights on X") are not.
    """
    # a relative clause may run long ("Rich Heffley, a top Tallahassee GOP operative who played a major role
    # in ... and is now running ..., said"; PolNeAR train: about 25 speakers lost at 22 words), the noun
    # phrase before it may not
    relative = next((i for i, t in enumerate(segment) if t.lower in ("who", "which", "whose", "that")), len(segment))
    if not segment or relative > 22 or len(segment) > 50 or adverbial(segment):
        return False
    first = segment[0]
    if first.lower in ("who", "whose", "which"):
        return True                                    # "Ann Compton, who covered the White House, said"
    if first.lower in PRONOUNS or first.lower in CONJUNCTIONS or first.lower in _MODIFIER_STOP:
        return False
    if first.text.islower() and first.lower.endswith(("ed", "ing")) and not _is_title_word(first) \
            and first.lower not in TITLE_MODIFIERS:
        return False                                   # "shared insights", "noting that"
    noun_phrase = first.lower in DETERMINERS
    for i, t in enumerate(segment[:relative]):
        if t.lower in _APPOSITIVE_VERBS or _verb_form(t, segment[i - 1] if i else None, noun_phrase,
                                                       segment[i + 1] if i + 1 < len(segment) else None):
            return False
        # after a title word or modifier an -ing word is part of the noun phrase: "senior associate for education
        # organizing", "rabbi helping to organize the boycott" (PolNeAR train: no speaker before)
        noun_phrase = noun_phrase or _is_title_word(t) or t.lower in TITLE_MODIFIERS
    return True


# Prepositions that follow an -ed postmodifier in a noun phrase ("allied with", "founded by", "based
# in"), not the time phrases a verb takes ("the panel announced on Monday").
_POSTMODIFIER_PREPOSITIONS = frozenset("by with for against from as in".split())


def _verb_form(tok: Token, prev: Token | None, noun_phrase: bool, nxt: Token | None = None) -> bool:
    """A lower-case -ed/-ing word used as a verb. Not one after a determiner or preposition ("a
    retired general"), not a hyphenated adjective ("self-described"), not an -ing word inside a
    phrase opened by a determiner ("a Republican expert on political messaging", "a lawyer
    representing the family"), nor an -ed word there before a preposition ("a super PAC allied
    with House leadership", "a group founded by"); "the panel concluded" keeps its verb."""
    return tok.text.islower() and tok.lower.endswith(("ed", "ing")) and tok.lower not in TITLE_MODIFIERS \
        and not _is_title_word(tok) and "-" not in tok.text and not (noun_phrase and tok.lower.endswith("ing")) \
        and not (noun_phrase and nxt is not None and nxt.lower in _POSTMODIFIER_PREPOSITIONS) \
        and not (prev is not None and (prev.lower in DETERMINERS or prev.lower in PREPOSITIONS))


def _participial(segment: list[Token]) -> bool:
    """'released on Wednesday by the institute', 'speaking on condition of anonymity'."""
    first = segment[0] if segment else None
    if first is not None and len(segment) <= 10 and (first.lower in ("including", "among") or (
            first.lower in ("along", "together") and len(segment) > 1 and segment[1].lower == "with")):
        return True                                    # "Several candidates, including Trump, said"
    # a participle followed by a preposition ("released on", "speaking on condition"); a past form
    # followed by its object is a main verb ("X, director of Y, shared insights on Z, noting ..."),
    # an -ing form never is ("Mr. Bush, channeling his respectful roots, responded")
    return first is not None and first.text.islower() and first.lower.endswith(("ed", "ing")) and len(segment) <= 14 \
        and first.lower not in TITLE_MODIFIERS and (len(segment) == 1 or segment[1].lower in PREPOSITIONS
                                                    or first.lower.endswith("ing"))


def adverbial(segment: list[Token]) -> bool:
    """A comma segment that is an adverbial: 'however', 'in a statement', 'for his part', 'on Monday'."""
    if not segment:
        return False                                   # ",," has an empty segment
    first = segment[0]
    return (len(segment) == 1 and (first.lower in CONJUNCTIONS or first.lower in BETWEEN
                                   or (first.lower.endswith("ly") and first.text.islower()))) \
        or (first.lower in PREPOSITIONS and len(segment) <= 14)


# A lower-case word before a speaker noun, possessives included: "said the company's chief executive".
_LOWER_WORD = re.compile(r"[a-z]+(?:['’]s)?")


def after(mask: str, lo: int, hi: int, appositive: bool = True) -> tuple[Mention | None, str | None, int]:
    """The mention starting at `lo` (text after a cue), an appositive title, and where it ends.

    Handles 'said Vilsack, a former governor', 'said a spokesman for the ministry, John Doe',
    'said spokesman John Doe', 'said he'. The third value is the offset just past the mention and
    its appositive.
    """
    if _LANGUAGE[0] == "zh":
        return None, None, lo                              # Chinese puts the speaker before the cue
    toks = tokens(mask, lo, hi)
    if not toks:
        return None, None, lo
    if toks[0].lower in PRONOUNS and toks[0].lower not in ("who", "it", "you"):
        return describe(mask, toks[:1]), None, toks[0].end
    if toks[0].text in SENTENCE_WORDS and toks[0].lower not in DETERMINERS:
        return None, None, lo                              # "Once on the highway, I said"
    n = len(toks)
    modifiers = TITLE_MODIFIERS
    j = 0
    while j < n and j < 4 and (toks[j].lower in DETERMINERS or toks[j].lower in modifiers):
        j += 1
    k = j
    # lower-case words describing the person before a name: "said student protester Joshua Wong"
    cap_at = next((i for i in range(j, min(n, j + 4)) if toks[i].cap), None)
    # ("several environmental groups granted Mr. Clarke ...": an -ed word after another is a verb)
    if cap_at is not None and all(t.text.isalpha() and t.text.islower() and t.lower not in _MODIFIER_STOP
                                  and t.lower not in CONJUNCTIONS and t.lower not in PRONOUNS
                                  and not (i > j and t.lower.endswith("ed") and t.lower not in modifiers)
                                  for i, t in enumerate(toks[j:cap_at], j)):
        k = cap_at
    if k < n and toks[k].cap and toks[k].text[0] not in Q_MARKS:
        # "former Pennsylvania governor Ed Rendell": a lower-case title inside the run
        while k < n and (toks[k].cap or (k + 1 < n and toks[k + 1].cap and (
                toks[k].lower in NAME_JOINERS or (toks[k].text.islower() and _is_title_word(toks[k]))))):
            k += 1
            # "said Ambassador to the United Nations Nikki Haley": an office joined to its body by
            # to/of/for (the) takes the body and the name after it, as describe() splits them
            if k + 1 < n and toks[k].lower in ("to", "of", "for") and _is_title_word(toks[k - 1]):
                p = k + 1 + (toks[k + 1].lower == "the")
                if p < n and toks[p].cap:
                    k = p
        if j > 0 and k < n and toks[k].text.islower() and noun_kind(toks[k].lower):
            # "said a BBC executive", "a White House official": the capitalised words name the body,
            # the lower-case noun after them is the head
            while k < n and toks[k].text.islower() and noun_kind(toks[k].lower):
                k += 1
    else:
        # a common-noun head: "said a senior administration official"
        k = j
        while k < n and k < j + 3 and _LOWER_WORD.fullmatch(toks[k].text) and not noun_kind(toks[k].lower) \
                and toks[k].lower not in _VERBISH and toks[k].lower not in DETERMINERS:   # not "stagnation is the source"
            k += 1
        if not (k < n and noun_kind(toks[k].lower)):
            return None, None, lo
        k += 1
        while k < n and k < j + 5 and toks[k].text.islower() and noun_kind(toks[k].lower):
            k += 1                                 # a compound head: "chief executive", "campaign spokesman"
        # "a spokesman for the British Transport Police": the organisation the speaker speaks for
        if k + 1 < n and toks[k].lower in ("for", "of", "at", "with", "from"):
            p = k + 1
            while p < n and (toks[p].lower in DETERMINERS or toks[p].cap or toks[p].lower in NAME_JOINERS):
                p += 1
            if p > k + 1 and toks[p - 1].lower in DETERMINERS and p < n and noun_kind(toks[p].lower) == "organization":
                p += 1                             # "a spokesman for the ministry"
            if p > k + 1 and (toks[p - 1].cap or noun_kind(toks[p - 1].lower) == "organization"):
                k = p
    m = describe(mask, toks[:k])
    if m is None:
        return None, None, lo
    end = toks[k - 1].end
    title = None
    if appositive:
        title, end = _appositive_after(mask, toks, k, end)
        # the first comma segment only: "said a former spokesman for the ministry, Oleg Voloshyn, who ..."
        rest = list(itertools.takewhile(lambda t: t.text != ",", toks[k + 1:])) if title else []
        named = _name_after_description(mask, m, toks[:k], rest) if rest else None
        if named is not None:                     # "said a spokesman for Google, John Doe"
            return named, _text(mask, toks[:k]), end
    return m, title, end


def _appositive_after(mask: str, toks: list[Token], k: int, end: int) -> tuple[str | None, int]:
    """Title-like comma segments after a mention: 'Vilsack, a former Iowa governor'."""
    segments = []
    while k < len(toks) and toks[k].text == ",":
        stop = next((q for q in range(k + 1, len(toks)) if toks[q].text in ",;:()" or toks[q].text[0] in Q_MARKS), len(toks))
        segment = toks[k + 1:stop]
        if not title_like(segment):
            break
        segments.append(segment)
        k = stop
    if not segments:
        return None, end
    return mask[segments[0][0].start:segments[-1][-1].end], segments[-1][-1].end


_PARTICIPLE_FIRST = re.compile(r"[a-z]+ing")


def framed(mask: str, lo: int, hi: int, longest: int = 9) -> tuple[Mention | None, str | None]:
    """The words of mask[lo:hi] taken whole as the speaker, in a strong quote frame.

    '“...,” one unaligned Florida Republican strategist said' or '... said Stephanie Hooton of
    Derry, N.H.': between a quote and its cue nothing else can stand, so any short phrase without
    a verb is the speaker. A comma splits off an appositive ("Alex Castellanos, a consultant who
    ..., said"). Returns (None, None) for longer or verb-bearing text.
    """
    if _LANGUAGE[0] == "zh":
        return han_before(mask, lo, hi), None
    toks = _tokens_without_parentheticals(mask, lo, hi)     # "Sen. Claire McCaskill (D-Mo.) said"
    while toks and toks[0].text in _BOUNDARY_PUNCT:
        toks = toks[1:]
    end = _strip_between(toks)
    toks = toks[:end]
    while toks and toks[-1].text in _BOUNDARY_PUNCT:
        toks = toks[:-1]
    if not toks or len(toks) > 40 or toks[0].lower in PREPOSITIONS or toks[0].lower in CONJUNCTIONS \
            or toks[-1].lower in CONJUNCTIONS \
            or toks[0].lower in ("that", "who", "which", "whose", "whom", "where", "when") \
            or (toks[0].text in SENTENCE_WORDS and toks[0].lower not in DETERMINERS) \
            or any(t.text in _BOUNDARY_PUNCT - {","} for t in toks) or _PARTICIPLE_FIRST.fullmatch(toks[0].text):
        return None, None                  # ('“...,” giving states more power': a participle clause, no speaker;
                                           # '“...,” denounced her record and said': a verb phrase, no speaker)
    comma = next((i for i, t in enumerate(toks) if t.text == ","), len(toks))
    head, rest = toks[:comma], toks[comma + 1:]
    if not head or len(head) > longest or any(t.lower in _APPOSITIVE_VERBS or t.text in ";:" for t in head):
        return None, None
    if rest and not title_like(rest):
        # "Derry, N.H." - a place after a name: keep it in the mention, not as a title
        if len(rest) <= 3 and all(t.cap for t in rest):
            return describe(mask, toks), None
        return None, None
    m = describe(mask, head)
    if m is None:
        content = [t for t in head if t.lower not in DETERMINERS and t.lower not in _MODIFIER_STOP
                   and t.lower not in PRONOUNS and t.lower not in CONJUNCTIONS]
        if not content or any(t.lower in _MODIFIER_STOP - {"of", "for", "at", "from", "with", "in"} for t in head) \
                or any(t.lower in PRONOUNS for t in head[1:]):   # "the play he wrote": a relative clause
            return None, None
        m = Mention(head[0].start, head[-1].end, "unknown", generic=True)
    named = _name_after_description(mask, m, head, rest) if rest and len(rest) <= longest else None
    if named is not None:
        return named, _text(mask, head)
    return m, (_text(mask, rest) if rest else None)


def _name_after_description(mask: str, m: Mention, head: list[Token], rest: list[Token]) -> Mention | None:
    """The full name in `rest` when `head` only describes the person: "Scott's niece, state Del.
    Marcia Price", "the Vatican spokesman, Federico Lombardi", "a spokesman for Google, John Doe",
    "the mayor of Leeds, Anna Pike". A head that is a name itself ("Representative Peter T. King,
    Republican of New York") keeps it, and so does one written all in capitals."""
    if m.pronoun or all(t.cap for t in head) or not all(
            t.cap or t.lower in NAME_JOINERS or t.lower in TITLE_MODIFIERS or _is_title_word(t) for t in rest):
        return None                               # (not a clause: "..., who praised President George W. Bush")
    if m.name is not None and not _INDEFINITE.match(mask, head[0].start):      # 'a Republican, Mark Amodei'
        # the capitalised words are only the place or body after "of/for/at": 'the mayor of Leeds'
        prep = next((i for i, t in enumerate(head) if t.lower in ("of", "for", "at")), None)
        if prep is None or any(t.cap and not _is_title_word(t) for t in head[:prep]):
            return None
    named = describe(mask, rest)
    if named is None or named.kind != "person" or not named.name or " " not in named.name:
        return None
    return replace(named, affiliation=named.affiliation or m.affiliation)   # "a BBC executive" -> BBC


_OPENING_ADVERB = re.compile(r"\s*(?:[A-Z][a-z]+ly|However|Meanwhile|Still|Yet|Now|Then|Instead|Indeed|Moreover|Also"
                             r"|(?:[A-Z][a-z]+\s+){1,2}(?:later|earlier|ago))\s*")        # "Hours later, Trump ..."


# Connectives opening a sentence before its subject, with no comma of their own.
_LINKING_OPENERS = frozenset("then but and so yet still now also later".split())


def subject(mask: str, lo: int, hi: int) -> tuple[Mention | None, str | None]:
    """The mention opening the clause mask[lo:hi], after an introductory phrase ("On Monday, X ...")."""
    first = _TOKEN.search(mask, lo, hi)
    if first and first.group().lower() in _LINKING_OPENERS:
        lo, first = first.end(), _TOKEN.search(mask, first.end(), hi)   # "Then he cut into Bush, ...": he
    m, appositive = None, None
    comma = mask.find(",", lo, min(hi, lo + 90))
    # "Appearing before supporters, Suu Kyi said", "Recently, Tom Emanuel stood ...": an opener, no subject
    if first and not first.group().endswith("ing") and not (comma > 0 and _OPENING_ADVERB.fullmatch(mask, lo, comma)):
        m, appositive, _ = after(mask, lo, hi)
    if m is None:
        if comma > 0:
            m, appositive, _ = after(mask, comma + 1, hi)
    if m is not None and mask[m.start:m.end].endswith(POSSESSIVE):
        m = _possessed(mask, m, hi) or m
    return m, appositive


def _possessed(mask: str, possessor: Mention, hi: int) -> Mention | None:
    """'Trump's campaign manager ...': the subject a possessor opens is the noun phrase it owns, up to
    the last of the speaker nouns in a row among the four lower-case words after it; with a name
    after them ("Trump's campaign manager Corey Lewandowski") the whole phrase, read as a title and a
    name; else None."""
    owned = None
    for t in tokens(mask, possessor.end, min(hi, possessor.end + 60))[:5]:
        if t.text[:1].isupper() and owned is not None:
            name, _appositive, _ = after(mask, t.start, hi)
            whole = before(mask, possessor.start, name.end)[0] if name is not None and name.name else None
            return whole if whole is not None and whole.start == possessor.start else owned
        if not t.text.islower() or t.lower in _VERBISH or t.lower in PREPOSITIONS or t.lower in CONJUNCTIONS:
            break
        if (kind := noun_kind(t.lower)) is not None:
            owned = Mention(possessor.start, t.end, kind)
        elif owned is not None:
            break                       # the noun phrase ended: "Clinton’s right-hand woman [rallied] ..."
    return owned


# ---------------------------------------------------------------------------------------------
# Chinese: no spaces or capitals, so the speaker is cut out of the clause before the cue
# ---------------------------------------------------------------------------------------------

_HAN_STOP = frozenset("。！？；，、：”」』\n,;:" + Q_MARKS)
_HAN_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}|[A-Za-z][\w.\- ]{1,30}")
_ORG_SUFFIX = tuple("会党部局院府署委社台所组")
_TITLE_PREFIXES = ("直选", "间选", "前", "副", "首席", "常务", "候任")


def han_before(mask: str, lo: int, hi: int) -> Mention | None:
    """The speaker of a Chinese cue: the clause before it, cut at the first preposition
    ("梁振英在接受质询前的发言中说" -> 梁振英), adverbs dropped, what follows 的 kept
    ("现为间选议员的何俊仁" -> 何俊仁), then split into affiliation, title and name."""
    end = hi
    while end > lo and mask[end - 1] in " \u3000":
        end -= 1
    start = end
    while start > lo and mask[start - 1] not in _HAN_STOP:
        start -= 1
    words = function_words("zh")
    cut = next((i for i in range(start + 1, end) if mask[i] in words.prepositions), end)
    end = cut
    while end > start and mask[end - 1] in words.between:
        end -= 1
    for adverb in sorted(words.between, key=len, reverse=True):
        if mask[start:end].endswith(adverb) and end - len(adverb) > start:
            end -= len(adverb)
    title_before = None
    de = mask.rfind("的", start, end)
    if de >= 0 and de + 1 < end:
        title_before, start = mask[start:de], de + 1
    text = mask[start:end]
    if not text or len(text) > 16 or any(ch in _HAN_STOP for ch in text):
        return None
    if text in words.pronouns:
        return Mention(start, end, words.pronouns[text], pronoun=True)
    titles = sorted(lexicons.words("titles", "zh"), key=len, reverse=True)
    at = next(((text.rfind(t), t) for t in titles if t in text), None)
    if at is None:
        kind = "organization" if text.endswith(_ORG_SUFFIX) else "person"
        return Mention(start, end, kind, text if _HAN_NAME.fullmatch(text) or kind == "organization" else None,
                       _han_title(title_before))
    i, title = at
    before_title, after_title = text[:i], text[i + len(title):]
    for prefix in _TITLE_PREFIXES:                    # "直选议员": the modifier belongs to the title
        if before_title.endswith(prefix):
            before_title, title = before_title[: -len(prefix)], prefix + title
    name = after_title if _HAN_NAME.fullmatch(after_title or "") else (
        before_title if not after_title and _HAN_NAME.fullmatch(before_title or "") else None)
    affiliation = before_title if name == after_title and before_title else None
    if name is None:
        return Mention(start, end, "person", None, title, affiliation)
    return Mention(start, end, "person", name, title, affiliation)


def _han_title(text: str | None) -> str | None:
    """The title held by a 的 phrase before a name ("现为间选议员" -> 间选议员)."""
    if not text:
        return None
    titles = sorted(lexicons.words("titles", "zh"), key=len, reverse=True)
    found = next((t for t in titles if text.endswith(t)), None)
    if found is None:
        return None
    start = len(text) - len(found)
    for prefix in _TITLE_PREFIXES:
        if text[:start].endswith(prefix):
            start -= len(prefix)
    return text[start:]


@per_language
def split_affiliation(title: str) -> tuple[str, str | None]:
    """A title phrase split into (title, affiliation).

    'director of the Research Office at the Pudong Institute' -> affiliation 'Pudong Institute';
    'Financial Secretary, Hong Kong SAR' (last comma part a place or organisation); "Hong Kong’s
    Financial Secretary" (possessor); 'U.S. Attorney General', 'State Department spokesperson',
    'Democratic Representative' (an organisation, abbreviation or demonym before the office);
    'miembro de la Academia de Ciencias' (de/der/du + a capitalised name, as 'of').
    """
    title = title.strip().rstrip(",")
    parts = [p.strip() for p in title.split(",") if p.strip()]
    if len(parts) >= 2 and all(w[:1].isupper() for w in parts[-1].split() if w.lower() not in NAME_JOINERS) \
            and not any(_is_title_word(Token(w, 0, 0)) for w in parts[-1].split()):
        return ", ".join(parts[:-1]), parts[-1]
    m = _POSSESSOR.match(title)
    if m and all(w[:1].isupper() or w in NAME_JOINERS for w in m[1].split()):
        return m[2], m[1].strip()
    of = _ORG_OF_POSSESSIVE.search(title)
    if of and _names_a_body(of[1].split()[-1]) and _is_title_word(Token(title[:of.start()].split()[-1], 0, 0)):
        # "The leader of Uganda's main opposition party": the possessive is inside the body the
        # office serves, which is the affiliation (not "a critic of China's government")
        return title, of[1]
    lower_possessor = m is not None                 # "The group's executive director": no name to split off
    m = _ORG_OF.search(title)
    if m:
        return title, m[1].strip()
    m = _ORG_OF_WEAK.search(title)
    if m and (_is_org_name(m[1].split()) or _is_proper_name(m[1].split()) or _jurisdiction(title, m)):
        return title, m[1].strip()
    m = _ORG_DE.search(title)
    if m:
        return title[:m.start()].strip(), re.sub(r"\s*\([^)]*\)?$", "", m[1]).strip()
    m = _PROJECT_OF.search(title)
    if m:
        return title, m[1]
    return (title, None) if lower_possessor else _split_leading_affiliation(title)


# "a former maintainer and contributor of the youtube-dl project": a software project, lower-case
# as its name is, is the body a maintainer serves (Wikinews youtube-dl and CentOS interviews).
_PROJECT_OF = re.compile(r"\s(?:of|for|on|at|with)\s+the\s+([\w.+-]+(?:\s[\w.+-]+)?\sproject)\b")


def _jurisdiction(title: str, of: re.Match) -> bool:
    """'mayor of London', 'Governor of Texas': one capitalised word after an office word and "of"
    is the place or body the office serves."""
    before = title[:of.start()].split()
    return len(of[1].split()) == 1 and of[1].strip() not in _PORTFOLIOS and bool(before) \
        and _is_title_word(Token(before[-1].lower(), 0, 0))


# Title modifiers that say when the office was held, written before whom it serves.
_TIME_MODIFIERS = frozenset("former then incoming outgoing interim acting late retired longtime".split())
# What an office is in charge of, not whom it serves: "Secretary of State", "Minister of Health".
_PORTFOLIOS = frozenset("""State Defense Defence Justice Health Finance Labor Labour Energy Education Commerce
Agriculture Transportation Transport Interior Treasury Housing Veterans Trade Culture Environment Tourism
Communications Research Operations Staff""".split())


# "miembro de la Academia de Ciencias de Nicaragua (ACN)", "Sprecher der Stadt Berlin"
_ORG_DE = re.compile(r"\s(?:de la|de los|de las|del|de l['’]|de|der|des|du|de la)\s+([A-ZÁÉÍÓÚÑÄÖÜ][^,]*)$")
_DEMONYM = re.compile(r"^(?:[A-Z][a-z]+(?:an|ian|ese|ish|i|ic|ch|ek)|[A-Z]{2,4}|(?:[A-Z]\.){2,3})$")


def names_a_people(plural: str) -> bool:
    """'Americans', 'Palestinians', 'Democrats': a nationality or a party's members, which are
    proper names of groups even without a name of their own."""
    one = plural[:-1]
    if one.lower() in _AN_NOUNS:
        return False                            # "Plans", "Scans": not "Americans", "Cubans"
    return one in _PARTY_MEMBERS or _DEMONYM.match(one) is not None


# Common nouns ending like demonyms in -an.
_AN_NOUNS = frozenset("plan scan fan ban van clan span man woman caravan veteran".split())


def _split_leading_affiliation(title: str) -> tuple[str, str | None]:
    """'U.S. Attorney General' -> ('Attorney General', 'U.S.'): the office is the run of title words
    at the end; what precedes it is an affiliation when it names an organisation ('State
    Department'), is an abbreviation ('U.S.') or a demonym or party ('Greek', 'Democratic').
    'Treasury Secretary' stays whole: 'Treasury' names the office, not who holds it."""
    words = title.split()
    tail: list[str] = []
    to = next((i for i, w in enumerate(words[1:-1], 1) if w == "to" and _is_title_word(Token(words[i - 1], 0, 0))), None)
    if to is not None:
        words, tail = words[:to], words[to:]    # "Former US Ambassador | to the United Nations"
    k = len(words)
    modifiers = TITLE_MODIFIERS
    while k > 0 and (_is_title_word(Token(words[k - 1], 0, 0)) or words[k - 1].lower() in modifiers
                     or (words[k - 1].lower() in ("of", "for") and k < len(words))):
        k -= 1
    while 0 < k < len(words) and words[k - 1].isalpha() and words[k - 1].islower():
        k -= 1          # the field of the office: "Birmingham City University criminology professor"
    lead = 0
    while lead < k and words[lead].lower() in _TIME_MODIFIERS:
        lead += 1       # "Former US Ambassador", "former Massachusetts governor": the title keeps "former"
    prefix, office = words[lead:k], words[:lead] + words[k:]
    if not prefix or not office or prefix[0][:1].islower() or any(
            (w[:1].islower() and w.lower() not in NAME_JOINERS) or w.lower() in DETERMINERS for w in prefix):
        return title, None
    if _is_org_name(prefix) or all(_DEMONYM.match(w) for w in prefix) or _is_proper_name(prefix) or (
            all(w.islower() for w in office) and all(w[:1].isupper() for w in prefix)):
        # the last: "Virgin owner", "Haifa University geostrategy expert", a name before a lower-case
        # office says whom the office serves ("Treasury Secretary", capitalised, is the office itself)
        return " ".join(office + tail), " ".join(prefix)
    return title, None
