"""Attribute stage: who said each quote, and which sentences report speech without marks.

Three passes over one article, all on the mask from `detect` (quotes blanked, same length):
1. direct quotes: each quote candidate is tied to a cue and speaker next to it, or continues an
   earlier speaker, or is dropped as a scare quote / title of a work;
2. reported speech: sentences with a cue and a speaker but no attributed quote become indirect
   statements, or mixed ones when the reported clause holds a quoted fragment;
3. coreference: pronoun, surname and title mentions resolved to the entities of the article,
   and titles met anywhere attached to them.
Rule names (`builder/rules.py`) are recorded on every result.

Speed: whole-text scans are single stdlib `re` passes over literal tries or character classes
(linear time, so no timeout is needed); everything else works on one sentence at a time.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field, replace

import regex

from builder import lexicons, mentions
from builder.detect import Q_CHARS, Q_COMMA, Q_END, Q_OTHER, Detection, find_quotes, sentences
from builder.mentions import Mention
from builder.records import Attribution, Rejection, Span

# Verbs whose first complement is the person spoken to ("told reporters that ...").
OBJECT_VERBS = frozenset({"tell", "inform", "assure", "remind", "warn", "ask", "urge", "advise", "email", "promise"})
TIMEOUT = 1.0  # seconds a backtracking `regex` pattern may spend on one sentence (DESIGN.md §2)
CUE_CLASSES = ("speech_verbs", "quote_verbs", "cognition_verbs", "stance_verbs")
UNSPACED = frozenset({"zh", "ja"})   # languages written without spaces between words


@dataclass(slots=True)
class Cue:
    """A cue word found in the mask: a reporting verb form, or 'according to' / 'as per'."""

    start: int
    end: int
    text: str
    base: str            # the verb's base form; "according to" for prepositional cues
    speech: bool         # a verb of communication (may introduce a direct quote)
    clause: bool = True  # may report a clause (False for manner verbs: "chanted", "read")
    listed: bool = True  # in a lexicon (False: any verb before "that", rule verb_that_clause)
    used: bool = False   # already the cue of an attribution
    # An -ing form ("adding", "talking about"): a participle or a progressive, never a finite verb
    # (set once here: the passes ask it of every cue they try).
    participle: bool = field(init=False)

    def __post_init__(self) -> None:
        self.participle = self.text.split(" ", 1)[0].endswith("ing")

    @property
    def prepositional(self) -> bool:
        return self.base == "according to"


@dataclass
class Draft:
    """A mutable attribution while the passes run."""

    start: int
    end: int
    kind: str
    rules: list[str]
    mention: Mention | None = None
    cue: Cue | None = None
    appositive: str | None = None
    statement: int = -1
    speaker: str | None = None
    speaker_kind: str = "unknown"
    title: str | None = None
    affiliation: str | None = None


_RELATIVE_TAIL = re.compile(r"\s+(?:who|which|that|whose)\s.*$")
_NOT_TITLES = frozenset({"the", "a", "an"} | {w.lower() for w in mentions.COURTESY})
_CLAUSE_IN_TITLE = regex.compile(r"\b(?:is|are|was|were|began|begins|said|says|had|has|have|will|would|did|does"
                                 r"|spoke|told|took|gave|went|came|wrote|became|sent)\b")
# A party-and-state tag ("R-N.H.", "D-Ga.") or a bare state abbreviation ("N.H."): no office.
_PARTY_OR_STATE = re.compile(r"(?:[A-Z]-[A-Z][\w.]*|(?:[A-Z]\.){2,})")
# "speaking to the US Conference of Mayors", "running for reelection", "supporting Sanders": a
# participle with its object or preposition is what someone does, no office (PolNeAR train: 17 such
# titles). "leading candidate", "sitting governor" and the title modifiers ("acting Prime Minister",
# "managing director") are offices.
_PARTICIPLE_OBJECT = re.compile(r"([a-z]+ing)\s+(?:[A-Z]|(?:the|a|an|his|her|their|its|to|for|against|in|from"
                                r"|with|of|on|at|second|third)\s)")
# "Twitter post by", "Dean of", "videos and": words that lead into a name are no title on their own.
_ENDS_FUNCTION_WORD = re.compile(r"\b(?:by|in|of|for|from|at|to|with|on|and|or|the|a|an)$")


# "who is set to appear Monday before the committee": what someone is about to do, no office.
_ABOUT_TO = re.compile(r"(?:set|expected|scheduled|slated|due|likely|poised|about|going|ready|unable|able)\s+to\s")
# ("who was visiting Manhattan" is a verb in the progressive, kept whole so it is no title)
_RELATIVE_OFFICE = re.compile(r"^(?:who|which)\s+(?:is|was|has been|had been|served as|serves as|became)\s+(?:now\s+)?(?![a-z]+ing\b)")


# When an office was held is no part of it or of its organisation: "who was Trump's envoy to the
# coalition until December", "chairman since 2015", "at the State Department from 2009 to 2012".
_TIME_TAIL = re.compile(r"\s+(?:until|since|till|from\s+(?=\d{4}|[A-Z][a-z]+\s+\d))\s*\S.*$")


@functools.cache
def _verb_bases(language: str) -> frozenset[str]:
    """Base forms of every cue verb of a language, as the cue scanner's table holds them."""
    return frozenset(base for base, _speech, _clause in _cue_table(language)[1].values())


_TO_WORD = re.compile(r"\s+to\s+([a-z]+)\b")
# "the only senator to endorse Sanders", "the first woman to lead": the infinitive makes the office.
_RANK_BEFORE = re.compile(r"\b(?:only|first|last|second|third|next)\s+\S+$")


def _cut_purpose(title: str) -> str:
    """'a maintainer of the project [to discuss this takedown]': why someone was reached is no title;
    "adviser to the president" keeps its "to"."""
    for m in _TO_WORD.finditer(title):
        if m.group(1) in _verb_bases("en") and not _RANK_BEFORE.search(title, 0, m.start()):
            return title[:m.start()]
    return title


@mentions.per_language
def clean_title(title: str) -> str | None:
    """A title as kept: "who was Trump's envoy" -> "Trump's envoy"; None when not a title at all."""
    title = _RELATIVE_OFFICE.sub("", title.strip())
    if _ABOUT_TO.match(title.lower()):
        return None             # "set to appear Monday": a plan, before its "to" could be cut as a purpose
    title = _cut_purpose(_TIME_TAIL.sub("", title))
    head, comma, rest = title.partition(", ")
    if comma and (_CLAUSE_IN_TITLE.search(rest.lower()) or rest.startswith(("who ", "which "))):
        title = head            # "the acting Prime Minister of Iraq, spoke out against ...": the clause goes
    return title if valid_title(title) else None


def clean_affiliation(affiliation: str) -> str | None:
    """An affiliation without a relative clause or a time after it ("State Department from 2009")."""
    return _TIME_TAIL.sub("", _RELATIVE_TAIL.sub("", affiliation)).strip() or None


def valid_title(title: str) -> bool:
    """A title worth keeping: not an age ("53"), a courtesy word ("Mr."), an article, a relative
    clause ("who had started ..."), a clause with a finite verb ("the campaign began ..."), a plan
    ("set to appear Monday"), a lead-in ("Dean of"), a party tag, a doing ("running for reelection")
    or a predicate ("active in politics")."""
    title = title.strip()
    low = title.lower()
    if not low or low in _NOT_TITLES or low.replace(",", "").strip().isdigit() or len(low.split()) > 14:
        return False
    if (low + " ").startswith(("who ", "which ", "that ", "whose ")) or _CLAUSE_IN_TITLE.search(low) \
            or _ABOUT_TO.match(low) or _ENDS_FUNCTION_WORD.search(low) or _PARTY_OR_STATE.fullmatch(title):
        return False
    doing = _PARTICIPLE_OBJECT.match(title)
    return not (doing and doing[1] not in mentions.TITLE_MODIFIERS) and mentions.names_a_role(title)


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
    named: int = 0               # named mentions resolved to it so far: the article's main speaker has most

    def add(self, title: str | None, affiliation: str | None, alias: str | None = None) -> None:
        title = clean_title(title) if title else None
        if title and self.kind == "person" and mentions.describes_a_body(title):
            title = None            # "Doug Miller of Milltech Marine, a firm specialising in AIS"
        if title:
            self._add_title(title)
        affiliation = clean_affiliation(affiliation) if affiliation else None
        if affiliation and affiliation not in self.affiliations:
            self.affiliations.append(affiliation)
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)

    def _add_title(self, title: str) -> None:
        """Keep the fuller of two forms of one title in place ("tour manager" replaces "manager")."""
        new = _fold(title)
        for i, old in enumerate(map(_fold, self.titles)):
            if new == old or (old.endswith(" " + new) and _same_office(old[:-len(new)])):
                return
            if new.endswith(" " + old) and _same_office(new[:-len(old)]):
                self.titles[i] = title
                return
        self.titles.append(title)


# Words that make another office, or another time, of the title they precede: "Vice President" and
# "future president" (said of the sitting one) are not "President".
_OTHER_OFFICE = frozenset("""vice deputy assistant associate acting former ex interim under co future late then incoming
outgoing would-be lieutenant lt. shadow past honorary""".split())


def _same_office(extra: str) -> bool:
    """Whether words added before a title keep its office: "tour" manager, not "Secretary" General or "led" President."""
    return not any(w.strip("-") in _OTHER_OFFICE or (w.endswith("ed") and w not in mentions.TITLE_MODIFIERS)
                   or w in mentions.PREPOSITIONS or w in mentions.CONJUNCTIONS
                   or mentions._is_title_word(mentions.Token(w, 0, 0)) for w in extra.split())


def _trie(words: list[str]) -> str:
    """A regex alternation of literal words as a trie: linear to scan, 15x faster than a flat list."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not ends else "(?:" + "|".join(alts) + ")"
        return body + ("?" if ends else "")
    return emit(root)


@functools.cache
def _cue_table(language: str) -> tuple[re.Pattern, dict[str, tuple[str, bool, bool]]]:
    """The cue scanner of a language and {form: (base, is speech verb, may report a clause)}."""
    table: dict[str, tuple[str, bool, bool]] = {}
    for name in reversed(CUE_CLASSES):           # speech verbs win when a form is in two lists
        speech = name in ("speech_verbs", "quote_verbs")
        for form, base in lexicons.verb_forms(name, language).items():
            table[form] = (base, speech, name != "quote_verbs")
            if speech and form.islower():
                table[form.capitalize()] = table[form]   # sentence-initial inversion: "Said Ellis: “...”"
    for form, base in lexicons.phrasal_forms("phrasal_verbs", language).items():
        table.setdefault(form, (base, False, True))  # "talked about": a stance only with its preposition
    according = [p for phrase in mentions.function_words(language).according_to for p in (phrase, phrase[0].upper() + phrase[1:])]
    if language in UNSPACED:
        # Han text has no word boundaries: a cue is a verb followed by a colon, comma or quote
        # ("梁振英说：“...”", "他称，..."), which keeps 小说 or 名称 from matching.
        pattern = re.compile(r"(?:(" + _trie(sorted(table)) + r")|(" + _trie(sorted(according)) + r"))"
                             r"(?=\s*[：:，,\ue000-\ue003“「『])")
    else:
        # a look-ahead for the possible first letters rejects most positions faster than the look-behind
        first = re.escape("".join(sorted({w[0] for w in (*table, *according)})))
        pattern = re.compile(r"(?=[" + first + r"])(?<![\w-])(?:(" + _trie(sorted(table)) + r")|(" + _trie(sorted(according)) + r"))(?![\w-])")
    return pattern, table


# A verb form used as a noun: "the plan", "his support", "Clinton's call for".
# A verb (past tense, -s, or a two-word phrasal "pointed out") right before "that": see find_cues.
# A "that" followed straight by a verb is a relative pronoun, and the word before it a noun:
# "rules that could lead to ...", "trains that clanked ...", "operations that temporarily forced ...".
_VERB_THAT = re.compile(r"(?<![\w-])([a-z]{3,}(?:ed|s)(?: (?:out|up|clear|sure|known))?),? that\b"
                        r"(?!\s+(?:could|would|will|can|may|might|should|must|is|are|was|were|has|have|had|"
                        r"do|does|did|\w+ly\s|\w+ed\b))")
_THAT = re.compile(r" that\b")


def _verbs_before_that(mask: str):
    """The matches of `_VERB_THAT.finditer(mask)`, four times faster: each ends at a " that" (a fast
    literal search), so the pattern is tried only over the verb, particle and comma before one."""
    last = 0
    for t in _THAT.finditer(mask):
        lo = max(last, t.start() - 40)
        while lo > last and "a" <= mask[lo - 1] <= "z":      # a verb longer than the window
            lo -= 1
        # the window runs past "that" so the look-ahead sees the word after it
        for m in _VERB_THAT.finditer(mask, lo, t.end() + 60):
            if m.end() == t.end():
                yield m
                last = m.end()


# Words before "that" that are not verbs of saying or thinking: "so", "such", "means", ...
_NOT_REPORTING = frozenset("""means seems was has is does this thus ensured ensures provided assumed
caused causes happens happened proved proves reduced reduces increased increases ordered""".split())
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten both all several many".split())
_AUXILIARIES = frozenset("would will can could should may might must have has had are were is was do did does last also".split())
_DETERMINER_WORDS = frozenset("the a an his her their its our my your this these those any no every each".split())
_SENTENCE_START = re.compile(r"(?:^|[.!?\n\ue001]\s*|\n)$")
# Base forms that are never nouns, so a verb after anything but a determiner or possessive: "majorities in all
# five say", "Others, however, say" (PolNeAR train: 38 missed "say" cues).
_NEVER_NOUNS = frozenset("say think believe agree argue insist contend".split())
_SAY_FORMS = frozenset("say says said".split())
# Words after which a base or -s form ("plan", "supports") is a verb: subjects, modals, adverbs.
_VERB_AFTER = frozenset("""i you we they he she it who that which to will would could can may might must should
shall do does did not also often now still never always then just only really repeatedly""".split())


# Nouns an -ed form modifies in political copy: "pledged delegates", "committed superdelegates".
_PARTICIPLE_NOUN = re.compile(r"\s+(?:delegates|superdelegates)\b")
_SHARE_AFTER = frozenset("among from of in for across with and or".split())


def _noun_use(mask: str, start: int, form: str, base: str) -> bool:
    """True when a cue word reads as a noun: after a determiner or possessive, or - for a base form
    that is also a noun ("plan", "support", "call") - after an adjective-like word ("so-called plan").
    An -s form after a singular word is a verb ("the president says")."""
    space = mask.rfind(" ", max(0, start - 30), start - 1)
    word = mask[space + 1:start].strip()
    low = word.lower()
    if low in _DETERMINER_WORDS or low.endswith(("'s", "’s", "-")):
        return True
    if form in _NEVER_NOUNS:
        return False
    if low in _NUMBER_WORDS and (form == base or form.endswith("s")):
        return True                                   # "three states", not "mother of three replied"
    if form.endswith("ed") and (low.replace(",", "").isdigit() or low in _NUMBER_WORDS) \
            and _PARTICIPLE_NOUN.match(mask, start + len(form)):
        return True                                   # "475 pledged delegates": an adjective between a number and
                                                      # its noun ("Trump claimed delegates were stolen" keeps its verb)
    if form != base:
        if not form.endswith("s"):
            return False                              # a past tense is no noun: "what analysts said was a sign"
        # a plural noun followed by its own verb: "those new blue states would help ...", "the
        # state funding system, which advocates say disadvantages needy schools"
        nxt = mask[start + len(form):start + len(form) + 12].split(None, 1)
        return bool(nxt) and (nxt[0] in _SAY_FORMS or nxt[0] in _AUXILIARIES and not word[:1].isupper()
                              and low not in _VERB_AFTER)
    if not word:
        return False
    if low == "percent" or low.rstrip("%").isdigit():
        # "38 percent support among black voters" is a share, "55 percent support Clinton" a verb
        nxt = mask[start + len(form):start + len(form) + 12].split(None, 1)
        return not nxt or nxt[0].strip(",.;") in _SHARE_AFTER or nxt[0][:1] in ",.;"
    if word[:1].isupper() and not low.endswith("s"):
        # "a UN report", "the Trump plan": a determiner and a singular name make a noun phrase
        # ("the Democrats report that ..." has a plural subject and a verb)
        prev = mask[max(0, space - 12):max(0, space)].rsplit(None, 1)
        return bool(prev) and space > 0 and prev[-1].lower() in _DETERMINER_WORDS
    return not (word[:1].isupper() or low in _VERB_AFTER or low.endswith(("s", "ly")) or low.isdigit()
                or mentions.noun_kind(low) is not None or low in mentions.QUANTIFIERS or low == "percent")


_OF_NEXT = re.compile(r"\s+of\b")


def find_cues(mask: str, language: str) -> list[Cue]:
    """Every cue in the mask, in order; verb forms used as nouns are skipped.

    Besides the lexicon verbs, an English past-tense or -s verb followed by "that" counts as a cue
    ("pointed out that", "conceded that"): a that-clause after a verb is a reported proposition
    whatever the verb (rule `verb_that_clause`).
    """
    pattern, table = _cue_table(language)
    out = []
    if language == "en":
        for m in _verbs_before_that(mask):
            verb = m.group(1)
            if verb not in table and verb not in _NOT_REPORTING and not _noun_use(mask, m.start(1), verb, verb + "_"):
                # ("members of both parties that ...": a plural noun; the base is unknown, so no form equals it)
                out.append(Cue(m.start(1), m.end(1), verb, verb, False, True, listed=False))
    for m in pattern.finditer(mask):
        form = m.group(1)
        if form:
            base, speech, clause = table[form]
            start = m.start()
            if language in UNSPACED:
                out.append(Cue(start, m.end(), form, base, speech, clause))
                continue
            if form[0].isupper() and not _SENTENCE_START.search(mask, max(0, start - 4), start):
                continue                                  # "the Islamic State" is no cue
            if language == "en" and _noun_use(mask, start, form, base):
                continue                                  # an English-specific check (determiners, plurals)
            if form.endswith(" out") and _OF_NEXT.match(mask, m.end()):
                continue                                  # "spoke out of turn", "pointed out of the window"
            out.append(Cue(start, m.end(), form, base, speech, clause))
        else:
            out.append(Cue(m.start(), m.end(), m.group(2), "according to", True))
    if language == "en":
        out += [Cue(m.start(), m.end(), m.group(), "put it", True, False) for m in _PUT_IT.finditer(mask)
                if _AS_BEFORE_PUT_IT.search(mask, max(0, m.start() - 200), m.start())]
    if language not in UNSPACED:
        out += _headline_cues(mask, pattern, table, {c.start for c in out}, language)
    out.sort(key=lambda c: c.start)
    return out


# "As Tom Ridge, a former secretary of homeland security, put it: ''...''", "..., as she put it on
# Wednesday": news style for a quote whose words the writer borrows (PolNeAR train: 12 such quotes).
# Only with an "as" opening a clause before the speaker: "let me put it this way", "put it into
# play", "the bill, known as HR 1, puts it ...", "such as Smith put it on hold" are no cues.
# (The rare "put it" is found first and the "as" looked for before it: one scan for "as" over the
# whole text cost more than the rest of the cue scan.)
_PUT_IT = re.compile(r"\bputs?\s+it\b")
_AS_BEFORE_PUT_IT = re.compile(r"(?:^|[,;:(—–\n\ue000-\ue003]|\b(?:[Oo]r|[Aa]nd|[Bb]ut))\s*[Aa]s\s+"
                               r"(?!(?:a\s+result|well\s+as|soon\s+as)\b)[^.;:!?\ue000-\ue003]{1,120}?\s$")


# A headline in title case capitalises its verbs: "Bernie Sanders Says He's Already Started Writing
# His Inaugural Address", "Hillary Clinton Slams Donald Trump On Abortion" (PolNeAR train: 35 of 42
# such headline verbs are annotated cues). Only the first line is read this way.
_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")


def title_case(mask: str, lo: int, hi: int) -> bool:
    """mask[lo:hi] is a headline in title case: three or more words of four letters or more, 80% capitalised."""
    words = _TITLE_WORD.findall(mask, lo, hi)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _headline_cues(mask: str, pattern: re.Pattern, table: dict, taken: set[int], language: str) -> list[Cue]:
    """Cues written capitalised in a title-case first line."""
    end = mask.find("\n")
    end = len(mask) if end < 0 else end
    head = mask[:end].lower()
    if not title_case(mask, 0, end) or len(head) != end:
        return []
    out = []
    for m in pattern.finditer(head):
        form = m.group(1)
        if not form or m.start() in taken or not mask[m.start()].isupper():
            continue
        base, speech, clause = table[form]
        if language == "en" and _noun_use(head, m.start(), form, base):
            continue
        out.append(Cue(m.start(), m.end(), mask[m.start():m.end()], base, speech, clause))
    return out


# The words that open an indirect question ("asked whether ...", "wondered how ...").
_QUESTION_WORDS = "whether|if|why|how|what|when|where|who|whom|which"
# Days and months, which name a time, not a speaker or an addressee ("said Monday “...”").
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

# Between a cue and the end of its sentence: an adverbial at most ("said on Monday", "said in a
# statement", "told reporters", "said to the crowd"; "threaten to liquidate" is a complement), then the
# sentence's closing punctuation.
_WHEN_WHERE = (r"(?:on|in|at|during|to(?=\s+(?:the|a|an|his|her|their|its|our|him|them|us|me|reporters|[A-Z\d]))|after|before|via|from|with|by|over|last|this|earlier|later|"
               r"late|early|yesterday|today|tonight|recently|reporters|monday|tuesday|wednesday|thursday|"
               r"friday|saturday|sunday|" + _WEEKDAYS + r")\b"
               r"[^,.;:!?\ue000-\ue003]{0,80}?")
# "..., said Democrats who point to his record.": who the speakers are, after them.
_WHO_AFTER = re.compile(r",?\s+who\s")
_TAIL = regex.compile(rf"\s*(?:{_WHEN_WHERE})?\s*[.!?]?[\s'’\"”)]*$")
# The same attribution followed by the writer's aside: "..., top lawmakers said Friday, as they
# bristled at ..." / "..., he said, adding that ...". What comes after the comma is background or
# a statement of its own (the participle is a cue), not the second half of a split statement.
_TAIL_ASIDE = regex.compile(rf"\s*(?:{_WHEN_WHERE})?\s*,\s*(?:(?:as|while|when|whereas|though|although|even as)\b"
                            r"|(?P<ing>(?=[a-z]+ing\b)))")
# A sentence that opens with an adverbial or a subordinate clause ("On Thursday, Trump tweeted, ...",
# "When he moved back, he said, adding ...") has no statement before its first comma ("While he is
# third in the polls, a strong showing could ..., he said." has one before its second). Before an
# interrupting attribution ('In the long run, he said, ...') PolNeAR keeps the opening as a piece
# of the statement, so the split shape does not use this.
_SUBORDINATORS = r"As|When|While|Whereas|Though|Although|Even as|Even though|If|Because|Since|Until|Once|After|Before"
_FRONTED = re.compile(rf"\s*(?:On|In|At|During|Shortly|With|Without|From|By|Earlier|Later|Last|Even|Despite|{_SUBORDINATORS})\b")
# A sentence opening with a subordinate clause: a cue inside it reports up to the clause's comma.
_SUBORDINATE_OPENING = re.compile(rf"\s*(?:{_SUBORDINATORS})\s")
# A dateline opens the first sentence of wire copy ("WASHINGTON ―", "LONDON (Reuters) -"): not part of
# what was said.
# "NEW YORK", "LOS ANGELES": a short first word when more capitalised words follow.
_DATELINE = re.compile(r"(?:[A-Z][A-Z.'’]{3,}+|[A-Z][A-Z.'’]{1,2}+(?=\s[A-Z][A-Z]))(?:\s[A-Z][A-Z.'’]++){0,3}"
                       r"(?:,\s*[A-Z][\w.]++(?:\s\d{1,2}\b)?(?:,\s*\d{4})?)?\s*(?:\([\w .]+\)\s*)?"
                       r"[―—–-]+\s+")          # "WASHINGTON, Dec. 8 (UPI) — ", "NEW YORK, Jan. 5, 2016 — "
# A reported "clause" that is only when/where it was said: "said Wednesday morning on MSNBC."
_WHEN_PREPOSITIONS = ("on", "in", "at", "during")
_WHEN_DEICTICS = ("last", "this", "next", "early", "late")
_WHEN_WORDS = ("yesterday", "today", "tonight", "recently", "earlier", "later", *_WEEKDAYS.split("|"))
_ADVERBIAL_ONLY = regex.compile(
    rf"\s*(?:(?:(?:{'|'.join(_WHEN_PREPOSITIONS)})\s[^,.;:!?\ue000-\ue003]{{0,60}}?"
    rf"|(?:{'|'.join(_WHEN_DEICTICS)})\s+(?:week|month|year|morning|afternoon|evening|night|weekend|spring|summer|fall|winter)"
    rf"|{'|'.join(_WHEN_WORDS)})"
    r"(?:\s+(?:morning|afternoon|evening|night))?\s*[\ue000-\ue003]*)?[.!?]?[\s'’\"”)]*")
# Its first word, if it has one, is one of these (the pattern's other parts hold no word character).
_ADVERBIAL_FIRST_WORDS = frozenset(_WHEN_PREPOSITIONS + _WHEN_DEICTICS + _WHEN_WORDS)
# The first word of a span, read with the same engine (the same \s and \w) as the pattern it guards.
_FIRST_WORD = regex.compile(r"\s*(\w+)")


def _adverbial_only(mask: str, lo: int, hi: int) -> bool:
    """mask[lo:hi] is only when/where something was said (_ADVERBIAL_ONLY). The first word is tested
    first: the pattern, run with a timeout, costs several times more and almost never matches."""
    first = _FIRST_WORD.match(mask, lo, hi)
    if first is not None and first[1] not in _ADVERBIAL_FIRST_WORDS:
        return False
    return _ADVERBIAL_ONLY.fullmatch(mask, lo, hi, timeout=TIMEOUT) is not None


# Between a cue and the quote it introduces: nothing, or a short object/adverbial closed by , or :
# ("told reporters on Monday: “...”"). Anything else is a clause the quote is part of (mixed).
_CONNECT = regex.compile(r"\s*(?:[^\ue000-\ue003.;!?。！？]{0,90}?[,:，：])?\s*")
_ING_VERB_BEFORE = re.compile(r"(?:,|\b(?:is|are|was|were|be|been|am|and|but|while|by|after|before|without|also|'s|’s"
                              r"|(?:is|are|was|were)n['’]t))"
                              r"(?:\s+(?:once|again|still|now|not|already|even|\w+ly))*\s*$")   # "is once again questioning"
_TO_NEXT = re.compile(r"\s+to\s")
# Verbs that report a stance only with their complement: an infinitive for "declined to comment",
# "refused to say"; a clause for "maintain" ("Clinton has maintained [that she complied]" is a claim,
# "Clinton maintains a commanding lead" is none: PolNeAR train, 20 of 21 noun objects unannotated;
# "the campaign has long maintained [they were not marked]", "Iran has maintained [its program is
# peaceful]" have no "that", but a verb; "Turkey maintains [a position that ...]" (Wikinews) names
# the claim; "which Red Hat maintained and provided support for" is software upkeep, and "maintains a
# lead in polls that are tightening" has its auxiliary in another clause).
_NEEDS_COMPLEMENT = {"decline": _TO_NEXT, "refuse": _TO_NEXT,
                     "maintain": re.compile(r"\s+(?:that|he|she|they|we|I)\b|(?:(?!\b(?:that|which|who|and)\b)[^,.;:\ue000-\ue003])"
                                            r"{0,60}?\b(?:is|are|was|were|"
                                            r"has|have|had|will|would|can|could|should|must|may|might|do|does|did)\b"
                                            r"|\s+\w+\s+(?:position|view|stance|belief)\s+that\b"),
                     # "advised [him] that / to ...", not "advises big corporations on mergers" or "advised
                     # him to the end" (PolNeAR train: 1 of 13 "advise" clauses without that/to annotated)
                     "advise": re.compile(r"(?:\s+(?:(?!\b(?:on|about)\b)[^,;:\ue000-\ue003]){1,40}?)?\s+"
                                          r"(?:that\b|to\s+(?!(?:the|a|an|this|that|his|her|their|its)\b)[a-z\ue000-\ue003“\"‘])")}
# A passive auxiliary right before a cue ("the plan was reported", "has been first echoed"): its
# subject did not speak; with "by X" after the cue, X did (rule passive_by_speaker).
_PASSIVE = re.compile(r"\b(?:(?:has|have|had|will|would)\s+)?(?:is|are|was|were|be|been|being)\s+(?:(?:first|\w+ly)\s+)?$")
# What may stand between a cue and its quote without punctuation: a name or object pronoun the
# words were said to, or a prepositional phrase ("told Wikinews", "said on Twitter", "told reporters").
_SPOKEN_TO = r"him|her|them|us|me|reporters|journalists|supporters"
# Possessive quantifiers (*+, ++) throughout: a long run of capitals must fail in linear time.
# "to" only before a noun phrase: in "will continue to be “...”" it is an infinitive.
_SHORT_OBJECT = re.compile(rf"\s*+(?:(?:{_SPOKEN_TO}|the crowd)"
                           r"|(?:[A-Z][\w.'’-]*+\s++){0,2}[A-Z][\w.'’-]*+"
                           r"|(?:on|in|at|via|during|to(?=\s+(?:the|a|an|his|her|their|its|our|[A-Z\d])))\s+[\w.'’ -]{1,30}?)\s*+")
_ENDS_THAT = re.compile(r"\bthat\s*$")
_ENDS_COMMA = re.compile(r"[,:，：]\s*$")
_ENDS_BY = re.compile(r"\bby\s+$")
# A document that speaks for whoever issued it: "released a statement saying", "posted a tweet claiming".
_DOCUMENT_BEFORE = re.compile(r"\b(?:statements?|letters?|tweets?|messages?|posts?|emails?|e-mails?|notes?|memos?|"
                              r"signs?|banners?|placards?|"
                              r"releases?|videos?|ads?|advertisements?|petitions?|op-eds?|editorials?|filings?)\s+$")
_ENDS_TO = re.compile(r"\bto\s+$")
_PURPOSE_TO = re.compile(r"[a-z]\s+to\s+$")      # "... on ABC's This Week to [explain]" (not a sentence-initial "To")
# Between an interrupting cue and the second piece: a comma, maybe a short object before it
# ("Trump told CNN, ..."), maybe the opening quote mark.
_PIECE_AFTER_CUE = re.compile(r"(?:\s+[A-Z][\w.'’-]*){0,3},\s*[\ue000-\ue003“\"‘]?\s*")
# A relative pronoun right before a cue's speaker: the object the speaker reports on (PolNeAR train:
# 167 such "which"/"what" pieces, "a wall, which he said Mexico should pay for"; "that" is mostly a
# complementizer there). Not after a preposition ("an interview in which he said": where, not what)
# or "know" ("we don't know which survey").
_RELATIVE_BEFORE = re.compile(r"(?:\b(\w+)\s+)?\b(which|what)\s+$")
_NOT_BEFORE_RELATIVE = frozenset("in on at of by for during through with from to know".split())
_ENDS_CONJ = re.compile(r"(?:^|[\s,])(?:and|but|then|yet|before|after|while)\s+(?:(?:also|later|then|quickly|publicly|\w+ly)\s+)?$")
_URL_START = re.compile(r"https?://")
_WORDS = re.compile(r"[^\W_]+")
_TWO_WORDS = re.compile(r"[^\W_][\W_]+[^\W_]")     # where two _WORDS are: a word's end, a gap, the next's start
_QUOTED = re.compile(f"[{Q_CHARS}]")
_LABEL = re.compile(r"(?:\(\(([^()\n]{1,40})\)\)\s*:?|[\"“]?((?:[A-Z][\w.'’-]*+\s){0,3}[A-Z][\w.'’-]*+)\s*:)\s+(?=\S)")
_BARE_LABEL = re.compile(r"\(\([^()\n]{1,40}\)\)\s*:?")
_LETTER = re.compile(r"[^\W\d_]")
# 'wrote to Lynch, urging ...' / 'said to reporters that ...': "to" and a name after the cue say
# whom it was addressed to, not what was said (an infinitive 'to review' is the content).
_ADDRESSEE = re.compile(rf"\s+to\s+(?:{_SPOKEN_TO}|(?:the\s+)?[A-Z][\w.'’-]*+(?:\s+[A-Z][\w.'’-]*+)*+)(?=\s*(?:[,.;:]|that\b|$))")
_OBJECT = re.compile(rf"\s+(?:{_SPOKEN_TO}|the [\w-]+|[A-Z][\w.]*+(?:\s+[A-Z][\w.]*+)*+)")


# 'said [it is important that she close the gap]': a "that" after "it is" belongs to the clause, which
# starts at "it", not at the complementizer. So does one after a subject pronoun ('said [she appreciated
# the apology and that ...]'), after "and"/"but" (a second clause joined to the first) and after a
# wh-word ('said [she considered how that would play]', where "that" is a pronoun).
_FINITE_BEFORE_THAT = re.compile(r"\b(?:it|this|there)\s*(?:is|was|['’]s|will be|would be)\b"
                                 r"|\b(?:he|she|they|we|I)\s+[a-z]|\b(?:and|but|how|what|whether|if|why|so|such)\s*$")


@functools.cache
def _complementizer(language: str) -> tuple[regex.Pattern, tuple[str, ...]]:
    """A short stretch then the language's "that": the reported clause starts at the complementizer
    (and the words, for a plain search that rules out most cues before the pattern runs)."""
    words = mentions.function_words(language).complementizers or ("that",)
    return regex.compile(rf"[^,.;:\ue000-\ue003]{{0,60}}?(?<![\w])(?P<c>{'|'.join(map(regex.escape, words))})(?![\w])"), words


# A participle cue after a comma ends the reported clause before it: "..., he said, adding that".
# Measured: cutting also at ", but/and/which/as ..." gains 0.004 indirect F1 on PolNeAR train but
# drops 0.06 on the project gold, where those continuations are part of what was said.
# A relative or concessive clause that closes the sentence adds the writer's background, not what
# was said: 'acknowledged [the reality of climate change], which makes him an outlier' (PolNeAR
# train: 130 spans too long this way). One followed by another comma is a parenthesis inside the
# statement ('said the pipeline, which is running, renders ...') and stays.
# A dash usually opens the writer's comment ('... kill the families of terrorists — a controversial
# proposal he has raised'), but one followed by "and", "including", "especially" ... extends what was
# said ('plans to discuss options — including the possibility of ...'; PolNeAR train: 19 such spans
# right when kept whole, 4 when cut; train and dev all-kinds F1 +0.0006 each).
_CLAUSE_STOP = re.compile(r",\s+(?:adding|saying|telling|noting|arguing|explaining|writing|citing|insisting|according to)\b"
                          r"|,\s+(?:which|who|whom|where|while|whereas|despite|though|although|even though|even as)\b"
                          r"(?=(?:[^,;\ue000-\ue003]|(?<=\d),(?=\d))*$)"   # "100,000" is no comma
                          r"|\s[—–-]\s(?!(?:and|including|especially|like|for instance|whether|either)\b)|[;；]")
_DASH = re.compile(r"\s[—–-]\s")
# "As reported by X, ..." / "..., as noted by X.": the agent after "by" is the source.
_AS_LEAD = re.compile(r"\s*[Aa]s\s*")
_AS_WORD = re.compile(r"\b[Aa]s\s+")
_NONSPACE = re.compile(r"\S")
_COMMA_NEXT = re.compile(r"\s*,")
_AS_TAIL = re.compile(r",?\s*\bas\s*$")        # "…, as reported by": not "was accused by"
_BY_AGENT = re.compile(r"\s+by\s+(?=[A-Z]|the\s|a\s)")
# Strong frames after a quote that ends with , ? or ! : a short speaker and one past-tense or
# present verb, then the end of the sentence (an adverbial at most).
_SPEAKER_VERBED = regex.compile(r"\s*(?P<s>(?:[A-Z][\w.'’-]*|he|she|they)(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?P<v>[a-z]{3,}(?:ed|s))"
                                r"(?=\s*(?:[.!?,]|$|\s(?:on|in|at|to|during|before|after|as)\b))")
_VERBED_SPEAKER = regex.compile(r"\s*(?P<v>[a-z]{3,}ed)\s+(?P<s>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})(?=\s*[.,!?]|$)")
_DASH_NAME = regex.compile(r"\s*[—―–-]\s*((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,4})\.?\s*$")
# A name word: an initial ("J."), an abbreviated honorific, or a capitalised word without a final
# period, so a run never crosses a sentence end ("... said Smith. Smith added").
_NAME_WORD = rf"(?:[A-Z]\.|(?:Mr|Mrs|Ms|Dr|Jr|Sr|St|Sen|Rep|Gov|Gen)\.|(?:{mentions.NAME_PARTICLE})?[A-Z][\w'’-]*+)"
# The look-ahead (the first letters of a _NAME_WORD) rejects most positions before the look-behind: twice as fast.
_NAME_RUN = re.compile(rf"(?=[A-Z{mentions.PARTICLE_FIRST}])(?<![\w'’.-]){_NAME_WORD}(?:\s+(?:(?:of|de|van|von|bin|al|da|del|der|la|le)\s+)?{_NAME_WORD})++")


class Spans:
    """Disjoint spans kept sorted, so the passes ask "is this inside a quote?" in O(log n) (a long
    article has thousands of quotes; a linear scan per sentence made it quadratic)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def _last_before(self, pos: int) -> int:
        """Index of the last span starting at or before `pos` (-1 if none)."""
        return bisect.bisect_right(self.starts, pos) - 1

    def contains(self, pos: int) -> bool:
        i = self._last_before(pos)
        return i >= 0 and pos < self.ends[i]

    def covers(self, start: int, end: int) -> bool:
        i = self._last_before(start)
        return i >= 0 and end <= self.ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start

    def first_start(self, lo: int, hi: int) -> int | None:
        """The first span start in [lo, hi), if any."""
        i = bisect.bisect_left(self.starts, lo)
        return self.starts[i] if i < len(self.starts) and self.starts[i] < hi else None


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
        self.cues = find_cues(self.mask, language)
        self.cue_starts = [c.start for c in self.cues]
        self.drafts: list[Draft] = []
        self.quoted = Spans()                         # spans (marks included) of attributed quotes
        self.lower_uses: dict[str, bool] = {}         # _lower_use answers, by lower-case word

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.sent_starts, pos) - 1)
        return self.sents[i] if self.sents else (0, len(self.text))

    def para_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def in_headline(self, pos: int) -> bool:
        """Whether pos lies in a paragraph written in title case (a headline or subhead)."""
        return self.para_index(pos) in self.headline_paras

    @functools.cached_property
    def headline_paras(self) -> frozenset[int]:
        return frozenset(i for i, (s, e) in enumerate(self.paras) if title_case(self.mask, s, e))

    def cues_in(self, lo: int, hi: int) -> range:
        """Indexes of cue hits starting in [lo, hi)."""
        return range(bisect.bisect_left(self.cue_starts, lo), bisect.bisect_left(self.cue_starts, hi))

    @functools.cached_property
    def name_words(self) -> frozenset[str]:
        """Every word of a multi-word capitalised run: a surname met alone elsewhere is a person."""
        return frozenset(w for _pos, run in self.name_runs for w in run.split())

    @functools.cached_property
    def name_runs(self) -> list[tuple[int, str]]:
        """(offset, text) of every run of two or more capitalised words (full names, mostly)."""
        return [(m.start(), m.group()) for m in _NAME_RUN.finditer(self.mask)]


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
    """A cue and speaker right after a quote, in mask[lo:hi]: (mention, cue, appositive, rule)."""
    for ci in a.cues_in(lo, min(hi, lo + 120)):
        cue = a.cues[ci]
        if cue.prepositional or not cue.speech:
            continue
        if all(w in mentions.BETWEEN for w in a.mask[lo:cue.start].replace(",", " ").split()):
            if cue.participle:
                return None       # '... a defense of “New York values,” saying the city ...': no inversion
            # inverted: '..., said Vilsack, a former governor' / '« ... », a déclaré le ministre'
            m, appositive, _end = mentions.after(a.mask, cue.end, hi)
            if m is None:
                stop = _first(a.mask, ".;\ue000", cue.end, hi)
                m, appositive = mentions.framed(a.mask, cue.end, stop)
            return (m, cue, appositive, "quote_verb_speaker") if m is not None else None
        # '“...,” as she put it': the frame opens with the "as" of its cue
        as_word = max(_AS_WORD.finditer(a.mask, lo, cue.start), key=lambda m: m.start(), default=None) \
            if cue.base == "put it" else None
        frame = as_word.end() if as_word else lo
        m, appositive = mentions.framed(a.mask, frame, cue.start)
        if m is not None:
            return m, cue, appositive, "quote_speaker_verb"
        # a noun that is also a verb form ("the report said"): try the next cue
    return _unknown_verb_frame(a, lo, hi)


def _unknown_verb_frame(a: _Article, lo: int, hi: int):
    """'“...,” Hartley beamed.' / '“...!” beamed Hartley.' / '“...” ― Jane Doe': the frame alone
    says who spoke, whatever the (unlisted) verb."""
    # a dash credit is a few words up to the sentence end; past 160 characters it cannot match
    dash = _DASH_NAME.match(a.mask, lo, hi) if hi - lo <= 160 else None
    if dash is None and _blank(a.mask, lo, hi):
        # the credit on a paragraph of its own: '"..." ⏎⏎ - Clinton.' (fact-check roundups)
        nxt = a.paras[min(len(a.paras) - 1, a.para_index(lo) + 1)]
        if nxt[0] > lo:
            dash = _DASH_NAME.match(a.mask, nxt[0], nxt[1])
    if dash:
        m, _app = mentions.framed(a.mask, dash.start(1), dash.end(1))
        return (m, None, None, "quote_dash_speaker") if m is not None and m.name else None
    if a.mask[lo - 1:lo] not in ("\ue002", "\ue001", "\ue003") or a.text[lo - 2:lo - 1] == ".":
        return None
    # The frame is a few words long; matching in a bounded window keeps the regex module's scan for
    # a required literal ("ed") from running to the end of a huge sentence on every quote.
    window = min(hi, lo + 160)
    m = _SPEAKER_VERBED.match(a.mask, lo, window) or _VERBED_SPEAKER.match(a.mask, lo, window)
    if m is None or (window < hi and m.end() >= window):
        return None                     # "$" matched only at the window's edge, not the sentence end
    verb = Cue(m.start("v"), m.end("v"), m["v"], m["v"], True)
    mention, appositive = mentions.framed(a.mask, m.start("s"), m.end("s"))
    if mention is None or not (mention.name or mention.pronoun):
        return None
    return mention, verb, appositive, "quote_speaker_verb" if m.start("s") < verb.start else "quote_verb_speaker"


# 'The country "has made dramatic changes for the better," McConnell said.': the writer's own words
# open the sentence and run into the quote, which ends with a comma before its attribution. The
# statement is the whole sentence with its quoted part, a mixed quote (PolNeAR train: 76 of 87 such
# sentences are annotated mixed from the sentence start, 6 as the quote alone). An opening closed by
# a comma or colon ('In a statement, "...," he said') is an introduction, not part of what was said.
_QUOTE_THEN_CUE = frozenset({"quote_speaker_verb", "quote_verb_speaker"})
_LEAD_WORDS = 10


def _quote_lead(a: _Article, q, sent: tuple[int, int], close_sent: tuple[int, int]) -> int | None:
    """Where the writer's words leading into a comma-ended quote start, or None when the quote opens its sentence."""
    open_at, close_at = q.start - len(q.open_mark), q.end + len(q.close_mark)
    if close_sent != sent or a.mask[close_at - 1:close_at] != Q_COMMA or _blank(a.mask, sent[0], open_at):
        return None
    lo = sent[0]
    while a.text[lo] in " \n\xa0":
        lo += 1
    lead = a.mask[lo:open_at].rstrip()
    if not lead or lead[-1] in ",:;—–-(" or _QUOTED.search(lead) or any(c in lead for c in "\"“”«»") \
            or len(_WORDS.findall(lead)) > _LEAD_WORDS or _DATELINE.match(a.mask, lo, open_at) \
            or any(a.cues[ci].speech for ci in a.cues_in(lo, open_at)):
        return None                      # 'He added that the plan "is a disaster," Smith said': two statements
    return lo


# 'King says Ali “talked the talk and walked the walk.”', 'Jeb Bush called Trump “unhinged.”': a name
# or pronoun between a cue and its quote is the reported clause's subject (or what it calls someone),
# and the statement is one mixed quote from it (PolNeAR train: 25 of our 32 such quotes match a gold
# mixed quote, 1 a direct one). After "told/asked/warned" the name is whom it was said to: "Smith told
# Wikinews “...”" stays a direct quote; so does a time ("said Monday “...”").
_SUBJECT_BEFORE_QUOTE = re.compile(r"\s+(?P<s>him|her|them|it|(?!(?:" + _WEEKDAYS + "|" + _MONTHS + r")\b)"
                                   r"[A-Z][\w.'’-]*+(?:\s+[A-Z][\w.'’-]*+){0,2})\s*$")


def _subject_into_quote(a: _Article, cue: Cue, q) -> int | None:
    """Where the subject between a cue and its quote starts ('says [Ali “talked ...”]'), or None. A
    quote with a subject of its own ('wrote Congress “we are ready.”', 'said Thanksgiving “we will
    win.”') has the name as an addressee or a time."""
    if cue.prepositional or cue.base in OBJECT_VERBS or a.language != "en" or _OWN_SUBJECT.match(a.text, q.start, q.end):
        return None
    m = _SUBJECT_BEFORE_QUOTE.match(a.mask, cue.end, q.start - len(q.open_mark))
    return m.start("s") if m else None


_OWN_SUBJECT = re.compile(r"(?i:we|i|you|he|she|they|it|there)\b")


def _fragment_before_verb(a: _Article, q, sent_start: int, cue: Cue | None) -> bool:
    """'... that the advertisement “unmistakably and wrongfully” suggests that Phoenix ...': a quoted
    fragment inside a sentence, a verb right after it, is part of the clause, not a quote whose
    attribution is inverted (which needs the quote to end with , ? ! or open its sentence)."""
    close_at = q.end + len(q.close_mark)
    return (cue is not None and a.mask[close_at - 1:close_at] == Q_OTHER and a.text[q.end - 1:q.end].isalnum()
            and _blank(a.mask, close_at, cue.start) and not _blank(a.mask, sent_start, q.start - len(q.open_mark)))


def _blank(mask: str, lo: int, hi: int) -> bool:
    """True when mask[lo:hi] is only white space (a search, not a slice: a sentence may be huge)."""
    return _NONSPACE.search(mask, lo, hi) is None


def _first(mask: str, chars: str, lo: int, hi: int) -> int:
    """Offset of the first of `chars` in mask[lo:hi] (sentence-ending periods only), else hi."""
    best = hi
    for ch in chars:
        i = mask.find(ch, lo, best)
        while ch == "." and i >= 0 and i + 1 < best and not mask[i + 1:i + 2].isspace():
            i = mask.find(ch, i + 1, best)
        if 0 <= i < best:
            best = i
    return best


# Verbs of voicing words aloud, whose object is the words, never a title.
_VOICED = frozenset("chant shout yell".split())


def _pre_attribution(a: _Article, lo: int, hi: int, quote_ends_sentence: bool = True):
    """A speaker and cue that introduce a quote opening at `hi`: (mention, cue idx, appositive, rule)."""
    for ci in reversed(a.cues_in(lo, hi)):
        cue = a.cues[ci]
        if hi - cue.end > 200:
            return None                 # a quote this far from its cue is not introduced by it
        between = a.mask[cue.end:hi]
        words = len(_WORDS.findall(between))
        short_object = words <= 4 and quote_ends_sentence and _SHORT_OBJECT.fullmatch(between) is not None
        if not (_CONNECT.fullmatch(between, timeout=TIMEOUT) or short_object) or _ENDS_THAT.search(between) or words > 8:
            return None                 # 'Smith told Wikinews "..."' passes; a clause before the quote does not
        if not between.strip() and not quote_ends_sentence and cue.base not in _VOICED:
            return None                 # 'She read “War and Peace” twice': a title, not a quote (but 'The crowd
                                        # chanted "Lock her up!" as he spoke': a chant is no title)
        if cue.prepositional:
            m, appositive, _ = mentions.after(a.mask, cue.end, hi, appositive=False)
            if m is None:
                m, appositive = mentions.framed(a.mask, cue.end, hi)
            return (m, cue, None, "according_to_quote") if m else None
        m, appositive = None, None
        if _ENDS_CONJ.search(a.mask, lo, cue.start) or (cue.participle and _ENDS_COMMA.search(a.mask, lo, cue.start)):
            # "He laughed and said, “...”" / "Spicer said, adding, “...”": the sentence's speaker
            m, appositive = _sentence_speaker(a, lo, cue.start)
        if m is None:
            m, appositive = mentions.before(a.mask, lo, cue.start)
        if m is None:
            m, appositive, _ = mentions.after(a.mask, cue.end, hi)     # "said Vilsack: “...”"
        if m is None and cue.speech:
            m = mentions.adjacent(a.mask, lo, cue.start)               # "During the speech Trump claimed, “...”"
            return (m, cue, None, "speaker_inside_clause") if m else None
        return (m, cue, appositive, "speaker_verb_quote") if m else None
    return None


# 'Rep. Trey Gowdy (R-S.C.): "I have not heard ..."', '... - Philip Bump: “Two weeks ago ...”', 'John
# Bolton: ‘...’': a full name and a colon right before a quote label it (PolNeAR train: 23 of 47 such
# colons open a gold direct quote, 15 of them missed before). The name is all the sentence holds
# before the colon, or all that follows a dash.
_COLON_BEFORE = re.compile(r"\s*:\s*$")
_LAST_DASH = re.compile(r".*\s[-–—]\s", re.S)


def _name_label(a: _Article, lo: int, open_at: int):
    """A quote labelled by a person's full name and a colon before it: (mention, None, None, rule), or
    None. The label is all the sentence holds before the colon (or all after a dash), a person of
    two to four name words and no place, and it reads as a person: a title comes with it ("Rep. Trey
    Gowdy (R-S.C.):"), a dash sets it off in a roundup ("... - Philip Bump:"), the article opens with
    it (a headline) or names the person elsewhere. "Key West:", "Breaking News:", "Exhibit A:" are not."""
    colon = _COLON_BEFORE.search(a.mask, max(lo, open_at - 90), open_at)    # a label is a few words long
    if a.language != "en" or colon is None:
        return None
    dash = _LAST_DASH.match(a.mask, lo, colon.start())
    start = dash.end() if dash else lo
    m, _appositive = mentions.framed(a.mask, start, colon.start())
    if m is None or m.kind != "person" or not m.name or not 2 <= len(m.name.split()) <= 4 \
            or m.name in mentions.places(a.language) or not a.mask[start:colon.start()].strip()[:1].isupper():
        return None
    if a.in_headline(lo) and len(a.mask[m.start:m.end].split()) > 3:
        return None                     # a title-case headline capitalises its verbs: "Trump Addresses Munich Attack:"
    surname = m.name.split()[-1]
    named_elsewhere = any(not m.start <= hit.start() < m.end for hit in _compiled(rf"\b{regex.escape(surname)}\b").finditer(a.mask))
    if not (m.title or dash or a.para_index(lo) == 0 or named_elsewhere):
        return None
    return m, None, None, "name_label_quote"


def _colon_introduction(a: _Article, para: int):
    """'He said: ⏎⏎ "We have a situation ..."' / 'The New York Times reports: ⏎⏎ "..."': a paragraph
    ending in an attribution and a colon introduces the quote that opens the next one."""
    lo, hi = a.paras[para - 1]
    if a.mask[lo:hi].rstrip()[-1:] != ":":
        return None
    sent = a.sentence_of(hi - 1)[0]
    found = _pre_attribution(a, sent, hi, True)
    if found is not None and found[1] is not None and found[1].speech and len(_WORDS.findall(a.mask, found[1].end, hi)) <= 3:
        return found[0], found[1], found[2], "colon_introduces_quote"
    # ("... was refusing to call the San Bernardino party slaughter terrorism:" is no introduction)
    if _FOLLOWING.search(a.mask, max(sent, hi - 40), hi):
        # 'Trump issued the following statement: ⏎⏎ “...”': the subject before the sentence's verb,
        # whatever it is, but not one who got the words ('Smith received the following message:')
        verb = _FINITE_GUESS.search(a.mask, sent, hi)
        m, appositive = mentions.before(a.mask, sent, verb.start()) if verb else (None, None)
        if m is not None and (m.name or m.pronoun):
            return m, None, appositive, "colon_introduces_quote"
    return None


# The verb of a sentence opening 'X <verb> the following ...': a regular past or -s form before a
# determiner or reflexive, not a word of receiving ("received the following message").
_FINITE_GUESS = re.compile(r"(?<![\w-])(?!(?:received|receives|obtained|obtains|got|gets|found|finds)\b)[a-z]+(?:ed|es|s)\b"
                           r"(?=\s+(?:itself|himself|herself|themselves|the|a|an|this|his|her|its|their)\b)")
_FOLLOWING = re.compile(r"\bthe following(?:\s+(?:statement|message|way|words|note|tweet|remarks))?\s*:\s*$")


def _common_word(a: _Article, m: Mention) -> bool:
    """'Volunteers work together to write ...': a one-word name the article also writes in lower case
    ("written by Turkish-speaking volunteers") is a common noun opening the sentence."""
    return m.name is not None and " " not in m.name and _lower_use(a, m.name)


def _plural_common_noun(a: _Article, m: Mention, cue: Cue | None) -> bool:
    """'Plans call for ...' (VOA): a one-word plural subject taking a plural present verb, never
    capitalised in the article but to open a sentence, is a common noun. Names agree in the singular
    ("Forbes says", "Reuters reports"); nationalities and parties name their groups ("Americans say")."""
    word = m.name or ""
    return cue is not None and cue.start > m.end and not cue.prepositional and cue.text.lower() == cue.base \
        and " " not in word and word.endswith("s") and not word.endswith(("ss", "us", "is")) \
        and not mentions.names_a_people(word) \
        and _compiled(rf"[a-z,;:]\s+{regex.escape(word)}\b").search(a.mask) is None


def _lower_use(a: _Article, word: str) -> bool:
    """Does the article write this capitalised word in lower case somewhere (a common word)?"""
    low = word.lower()
    found = a.lower_uses.get(low)
    if found is None:                   # asked again and again of the same names: one search per article
        found = a.lower_uses[low] = _compiled(rf"\b{regex.escape(low)}\b").search(a.mask) is not None
    return found


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str) -> regex.Pattern:
    """A pattern built from article words, compiled once: the regex module's own cache lookup costs
    more than the search of a short article."""
    return regex.compile(pattern)


def _sentence_speaker(a: _Article, lo: int, hi: int) -> tuple[Mention | None, str | None]:
    """The speaker of a sentence for a cue far from its subject: the mention of an earlier cue in
    the sentence ("Spicer said, adding, ..."), else the mention opening the sentence."""
    for d in reversed(a.drafts[-30:]):               # the drafts of this sentence are the latest ones
        if d.cue is not None and lo <= d.cue.start < hi and d.mention is not None:
            return d.mention, None
    dateline = _DATELINE.match(a.mask, lo, hi)
    lo = dateline.end() if dateline else lo          # "WASHINGTON, Dec. 8 (UPI) — ...": the place is no speaker
    for ci in reversed(a.cues_in(lo, hi)):
        m, appositive = mentions.before(a.mask, lo, a.cues[ci].start)
        if m is not None:
            return m, appositive
    return mentions.subject(a.mask, lo, hi)


# Words that announce the name of a work: 'a spot titled “Arrogant,”', 'the documentary “13th,”'.
_WORK_KINDS = "documentary|film|movie|book|novel|memoir|song|album|show|series|play|column|op-ed|headline|hashtag"
_TITLE_INTRO = re.compile(r"\b(?:titled|entitled|dubbed|named|" + _WORK_KINDS + r")\s*$", re.I)
# ... or set off by commas after such a word: 'DuVernay’s documentary, “13th,” below'.
_TITLE_APPOSITIVE = re.compile(r"\b(?:" + _WORK_KINDS + r")\s*,\s*$", re.I)
# ... or after a possessor: '... he said on ABC's "This Week with George Stephanopoulos."' (the
# period American style puts inside the marks is no sentence of the title's own).
_POSSESSOR_BEFORE = re.compile(r"[A-Z][\w.&-]*['’]s\s*$")
_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from as vs".split())


def _title_of_work(text: str, fewest: int = 2) -> bool:
    """'“Face the Nation,”', '“13 Hours: The Secret Soldiers of Benghazi,”': two (or `fewest`) to ten
    words, all capitalised but small words, and no sentence punctuation - the name of a show, book or
    film, not someone's words ("“Hello,” he said" is one word and speech; PolNeAR train: the 3 such
    quotes of seven to ten words are titles or headlines, none annotated)."""
    words = text.strip().rstrip(",").split()
    return fewest <= len(words) <= 10 and not text.rstrip().endswith((".", "!")) and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words)


def _names_a_work(a: _Article, q, open_at: int, close_at: int) -> bool:
    """Is the quote the name of a work rather than someone's words? Title-case words, or words a
    work's kind introduces ('titled “Arrogant,”', 'the documentary, “13th,”', 'ABC's “This Week.”').
    A long title-case quote a speech cue follows is a tweet's words: '“Crooked Hillary Clinton Is
    Unfit To Be President,” Trump tweeted'."""
    inner = a.text[q.start:q.end]
    if _title_of_work(inner):
        cue_next = any(a.cues[ci].speech for ci in a.cues_in(close_at, close_at + 40))
        return len(inner.split()) < 7 or not cue_next
    return bool(_TITLE_INTRO.search(a.mask, max(0, open_at - 24), open_at)) \
        or (inner.endswith(",") and _title_of_work(inner, 1) and _TITLE_APPOSITIVE.search(a.mask, max(0, open_at - 24), open_at)) \
        or (_POSSESSOR_BEFORE.search(a.mask, max(0, open_at - 30), open_at) is not None and _title_of_work(inner.rstrip(".")))


def _standalone(a: _Article, q, sent: tuple[int, int]) -> bool:
    """A quote that is a sentence of its own (or its main part), not a fragment in running text."""
    before = a.mask[max(sent[0], q.start - len(q.open_mark) - 40):q.start - len(q.open_mark)].rstrip()
    if before and before[-1:] not in ",:，：":
        return False
    inner = a.text[q.start:q.end]
    return len(_WORDS.findall(inner)) >= 3 or inner.rstrip()[-1:] in ".?!,"


def _direct_pass(a: _Article, orphans: list) -> int:
    last_in_para: dict[int, Draft] = {}
    statement = 0
    prev: Draft | None = None
    for q in a.candidates:
        open_at, close_at = q.start - len(q.open_mark), q.end + len(q.close_mark)
        if _names_a_work(a, q, open_at, close_at):
            continue                                  # "Face the Nation," said ... / titled “Arrogant,”: a title
        sent = a.sentence_of(open_at)
        close_sent = a.sentence_of(max(close_at - 1, open_at))
        para = a.para_index(open_at)
        found = _post_attribution(a, close_at, close_sent[1])
        if found is not None and found[3] == "quote_verb_speaker" and _fragment_before_verb(a, q, sent[0], found[1]):
            found = None
        if found is None and a.mask[close_at - 1:close_at] == Q_END and close_at >= close_sent[1] - 1 \
                and _blank(a.mask, sent[0], open_at):
            # '“We will not stop.” Smith said.' - a bare attribution sentence after the quote
            nxt = a.sentence_of(close_sent[1] + 1)
            if nxt[0] > close_at and a.para_index(nxt[0]) == para:
                f = _post_attribution(a, nxt[0], nxt[1])
                # the next sentence opens with the attribution ('“...?” Trump said, looking out ...')
                if f is not None and f[1] is not None and f[1].start - nxt[0] <= 90 and (
                        _TAIL.fullmatch(a.mask, f[1].end, nxt[1], timeout=TIMEOUT)
                        or a.mask[f[1].end:nxt[1]].lstrip().startswith(",")):
                    found = (f[0], f[1], f[2], "quote_then_attribution_sentence")
        ends = close_sent[1] - close_at <= 40 and not a.mask[close_at:close_sent[1]].strip(" .,;!?'’\"”)")
        if found is None:
            found = _pre_attribution(a, sent[0], open_at, ends)
            if found is None and open_at == a.paras[para][0] and para:
                found = _colon_introduction(a, para)
            if found is None:
                found = _name_label(a, sent[0], open_at)
        elif found[0].pronoun:
            # 'McCaskill scolded him: “...,” she said.' - the name before beats the pronoun after
            named = _pre_attribution(a, sent[0], open_at, ends)
            if named is not None and named[0].name and named[1] is not None:
                if found[1] is not None:
                    found[1].used = True
                found = named
        if found is not None:
            m, cue, appositive, rule = found
            if cue is not None:
                cue.used = True
            d = Draft(q.start, q.end, "direct", [rule], m, cue, appositive)
            lead = _quote_lead(a, q, sent, close_sent) if rule in _QUOTE_THEN_CUE else None
            if lead is not None:
                d.start, d.end, d.kind, d.rules[0] = lead, close_at, "mixed", "lead_into_quote"
            subject = _subject_into_quote(a, cue, q) if rule == "speaker_verb_quote" else None
            if subject is not None:
                d.start, d.end, d.kind, d.rules[0] = subject, close_at, "mixed", "subject_into_quote"
            if prev is not None and d.cue is not None and prev.cue is d.cue:
                d.statement = prev.statement          # '“A,” she said, “B.”': one cue, two pieces
                d.rules[0] = "quote_split"
            else:
                d.statement, statement = statement, statement + 1
        elif _standalone(a, q, sent) or q.continued:
            # No cue of its own: continue the last speaker of this paragraph, or of the previous
            # one when this quote opens its paragraph (news convention for runs of quote paragraphs).
            source, rule = last_in_para.get(para), "quote_split"
            if source is None and para - 1 in last_in_para and open_at == a.paras[para][0] and not _subhead(a, q, para):
                source, rule = last_in_para[para - 1], "quote_continues_speaker"
            if source is None:
                orphans.append((q, para))        # maybe a reported statement introduces it (pass 2)
                continue
            d = Draft(q.start, q.end, "direct", [rule], source.mention, None, source.appositive)
            if rule == "quote_split" or q.continued:
                d.statement = source.statement
            else:
                d.statement, statement = statement, statement + 1
        else:
            continue
        a.drafts.append(d)
        a.quoted.add(min(d.start, open_at), close_at)
        last_in_para[para] = d
        prev = d
    return statement


# "(CROSSTALK)", "[Applause]": a transcript's stage directions are nobody's words; a paragraph with an
# @handle ("Follow Pam Key on Twitter @pamkeyNEN") is the byline's sign-off and ends the last turn.
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
_STAGE_DIRECTION = re.compile(r"[\"“]?\s*[(\[][^()\[\]\n]*[)\]]\.?\s*[\"”]?\s*")


# "With accredited Wikinews reporter William S. Saturn, Kokesh details ...": the reporter an interview
# article names (the full name right after the role word), who asks its questions.
_REPORTER_NAMED = re.compile(r"\b[RrCcJjIi](?:eporter|orrespondent|ournalist|nterviewer)\s+"
                             r"(?P<n>[A-Z][\w.'’-]*+(?:\s+[A-Z][\w.'’-]*+){1,3})")


def _interviewer(a: _Article, turns: list) -> tuple[str, Mention] | None:
    """(label, the person it stands for) when one label's turns are mostly questions (three in five)
    and the text before the first turn names exactly one reporter with a full name, who is none of
    the labelled speakers; else None."""
    asked: dict[str, list[bool]] = {}
    for i, label, *_ in turns:
        asked.setdefault(label, []).append(a.text[a.paras[i][0]:a.paras[i][1]].rstrip(" \"”").endswith("?"))
    askers = [label for label, q in asked.items() if len(q) >= 2 and sum(q) >= 0.6 * len(q)]
    if len(askers) != 1 or len(asked) < 2:
        return None
    named = []
    for role in _REPORTER_NAMED.finditer(a.mask, 0, a.paras[turns[0][0]][0]):
        m, _appositive = mentions.framed(a.mask, role.start(), role.end("n"))
        if m is not None and m.name and " " in m.name and m.name not in asked:
            named.append(m)
    return (askers[0], named[0]) if len({m.name for m in named}) == 1 else None


def _label_pass(a: _Article, statement: int) -> int:
    """Interview and transcript turns: 'NAME: text' / '((NAME)) text' paragraphs and the unlabelled
    paragraphs that continue them.

    A 'NAME:' label counts when it opens at least two paragraphs (so a one-off 'Source:' line is no
    speaker); '((NAME))' labels count when the article has at least three of them (Wikinews style).
    """
    turns, unanswered = [], set()
    for i, (s, e) in enumerate(a.paras):
        m = _LABEL.match(a.text, s, e)
        if m:
            label = (m.group(1) or m.group(2)).strip()
            turns.append((i, label, m.start(1) if m.group(1) else m.start(2), m.end(), bool(m.group(1))))
        elif _BARE_LABEL.fullmatch(a.text, s, e):
            unanswered.add(i)     # "((Wayne Tseng))" alone: a question left unanswered ends the turn before it
    counts: dict[str, int] = {}
    for _i, label, *_ in turns:
        counts[label] = counts.get(label, 0) + 1
    bracketed = sum(1 for t in turns if t[4])
    valid = [t for t in turns if (t[4] and bracketed >= 3) or counts[t[1]] >= 2]
    labelled = {t[0] for t in turns} | unanswered
    interviewer = _interviewer(a, valid)
    for n, (i, label, lstart, s, _bracketed) in enumerate(valid):
        e = a.paras[i][1]
        if _URL_START.match(a.text, s) or len(_WORDS.findall(a.text, s, e)) < 2 or not _LETTER.search(a.text, s, e):
            continue                             # ('Clinton: 2,316.': a tally, no words of anyone's)
        m = Mention(lstart, lstart + len(label), "person", label)
        named = interviewer is not None and label == interviewer[0]
        if named:
            m = replace(interviewer[1], start=m.start, end=m.end)   # "((WN))" is the reporter the article names
        # (start of what the turn covers, span start, span end, rule); the cover takes in the label and
        # the opening mark of a transcript quoted paragraph by paragraph ('"PENCE: ...'). A piece without
        # a rule is covered but nobody's words (a stage direction, a sign-off), so no pass takes it.
        pieces = [(a.paras[i][0], s, e, "interview_label")]
        # following paragraphs without a label belong to the same turn, up to the next label (or,
        # after the last turn, for a few paragraphs: transcripts end with the last speaker)
        stop = valid[n + 1][0] if n + 1 < len(valid) else min(len(a.paras), i + 5)
        for j in range(i + 1, stop):
            if j in labelled:
                break
            ps, pe = a.paras[j]
            if _HANDLE.search(a.text, ps, pe):
                pieces.append((ps, ps, pe, None))
                break
            start = ps
            while a.text[start] in '"“':
                start += 1
            if start > ps and a.text[pe - 1] in '"”' and not _QUOTED.search(a.text, start, pe - 1):
                pe -= 1                          # the turn's closing mark, with no quote inside it
            rule = None if _STAGE_DIRECTION.fullmatch(a.text, ps, pe) else "interview_turn_continues"
            pieces.append((ps, start, pe, rule))
        for cover, ps, pe, rule in pieces:
            if a.quoted.overlaps(cover, pe):
                continue
            if rule:
                a.drafts.append(Draft(ps, pe, "direct", [rule, "coref_interviewer"] if named else [rule], m, None,
                                      None, statement))
            a.quoted.add(cover, pe)
        statement += 1
    return statement


# A headline "Speaker: claim" ("Lynch: No outside influence on FBI probe", "Poll: Clinton and Trump
# in dead heat"): PolNeAR train marks 70 of 112 such first lines as the speaker's attribution; the
# rest are kickers ("The Latest:", "Breaking:", "BOOM:"), which name no one the article mentions.
_HEADLINE_LABEL = re.compile(r"((?:[A-Z][\w.'’-]*+\s){0,3}[A-Z][\w.'’-]*+):\s+(?=[\w‘“'\"])")


def _headline_pass(a: _Article, statement: int) -> int:
    """The first paragraph as 'Speaker: claim' when the speaker is a source noun or a name the article uses."""
    if not a.paras:
        return statement
    s, e = a.paras[0]
    m = _HEADLINE_LABEL.match(a.mask, s, e)
    if m is None or a.quoted.overlaps(s, m.end()):
        return statement
    words = m.group(1).split()
    kind = mentions.noun_kind(words[-1])
    named = words[0] != "The" and all(w in a.name_words for w in words) and not any(w.isupper() and len(w) > 3 for w in words)
    span = _clause_span(a, m.end(), e, trim_tail=False) if (kind or named) else None
    if span is None or len(_WORDS.findall(a.mask, *span)) < 3:
        return statement
    mention = Mention(m.start(1), m.end(1), kind or "person", None if kind else m.group(1))
    qkind = "mixed" if _QUOTED.search(a.mask, *span) else "indirect"
    a.drafts.append(Draft(span[0], span[1], qkind, ["headline_label"], mention, None, None, statement))
    return statement + 1


def _blockquote_pass(a: _Article, blocks, statement: int) -> int:
    """Block quotes of an HTML page are direct quotes; the paragraph introducing them names the speaker."""
    previous: Draft | None = None
    prev_block = None
    for b in blocks:
        if b.kind != "blockquote":
            prev_block = b
            previous = None
            continue
        if a.quoted.overlaps(b.start, b.end):
            continue
        if previous is None:
            found = None
            if prev_block is not None:
                sent = a.sentence_of(max(prev_block.end - 1, prev_block.start))
                found = _pre_attribution(a, sent[0], prev_block.end)
                if found is None:
                    # "She writes about the protest in her post:" - a cue anywhere in the sentence
                    for ci in reversed(a.cues_in(sent[0], prev_block.end)):
                        m, appositive = mentions.before(a.mask, sent[0], a.cues[ci].start)
                        if m is not None:
                            found = (m, a.cues[ci], appositive, "blockquote")
                            break
            if found is None:
                prev_block = b
                continue
            m, cue, appositive, _rule = found
            previous = Draft(b.start, b.end, "direct", ["blockquote"], m, cue, appositive, statement)
            statement += 1
        else:
            previous = Draft(b.start, b.end, "direct", ["blockquote"], previous.mention, None,
                             previous.appositive, previous.statement)
        a.drafts.append(previous)
        a.quoted.add(b.start, b.end)
        prev_block = b
    return statement


# The opening of a sentence before an interrupting attribution is a piece of the statement:
# "[Greensboro], Sexton said, [made him question ...]", "[In cases of abortion], it said, “[...]”"
# (PolNeAR train: 212 of 311 such openings are annotated pieces, most of them already found by
# clause_split_by_speaker; 28 of the 35 this pass adds are right). Not when the opening frames the
# saying instead: a question the speaker answered ("Asked if ..., Ryan said"), a participle or a
# time clause ("Holding open a book, Beck said", "While he was speaking ..., he said"; a condition
# or reason is part of what was said: "If Clinton is elected, he said, “she might ...”"), when
# or where it was said ("Minutes later, she wrote", "At CPAC, Hannity asked", "In a statement
# Thursday, ..."), a bare connective ("But, Carson added, ..."), or a clause that ends in a
# subordinator ("the good old days when, he said, ...": the piece starts inside it).
_FRAMING_OPENING = regex.compile(
    r"\s*+(?:Asked\b|[A-Z][a-z]+(?:ing|ed)\b|(?:While|When|Although|Though|As|At|On|During|Before|After|Since|Until|Later|Earlier)\b"
    r"|(?:In|During)\s+(?:a|an|his|her|their|its|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:statement|interview|speech|address|remarks|appearance|broadcast|video|debate|rally|hearing|briefing|conference"
    r"|post|tweet|message|letter|email|call|excerpt|piece|article|column|book)\b"
    r"|[^,]*?\b(?:ago|later|earlier|yesterday|today|tonight|morning|afternoon|evening|night|week|month|time"
    r"|" + _WEEKDAYS + "|" + _MONTHS + r"|(?:19|20)\d\ds?)\b)")
_CONNECTIVES = frozenset("but and yet still so then now also finally however instead yes no moreover meanwhile "
                         "furthermore besides in addition".split())
_ENDS_SUBORDINATOR = re.compile(r"\b(?:which|where|when|who|whom|whose|that|because|if|while|as|than)\s*,\s*$", re.I)


def _frames_statement(mask: str, lo: int, hi: int) -> bool:
    """mask[lo:hi], a sentence's opening before an interrupting attribution, frames the saying
    (see _FRAMING_OPENING) or is only connectives ("But,", "In addition,"): no piece of the statement."""
    return _FRAMING_OPENING.match(mask, lo, hi, timeout=TIMEOUT) is not None or all(
        w.lower() in _CONNECTIVES for w in _WORDS.findall(mask, lo, hi))


def _fronted_piece_pass(a: _Article) -> None:
    """'[X], $S $V, [Y]': give a statement whose speaker interrupts its sentence the opening piece X."""
    spans = sorted((d.start, d.end) for d in a.drafts)
    starts, reach = [st for st, _ in spans], list(itertools.accumulate((en for _, en in spans), max))
    opened: set[int] = set()                # sentences given an opening piece already
    for d in list(a.drafts):
        m, cue = d.mention, d.cue
        if m is None or cue is None or not m.end <= cue.start < d.start or a.mask[m.end:cue.start].strip():
            continue
        s, _e = a.sentence_of(m.start)
        between = a.mask[cue.end:d.start]
        if not _PIECE_AFTER_CUE.fullmatch(between):
            continue
        head = a.mask[s:m.start]
        if not _ENDS_COMMA.search(head) or _QUOTED.search(head) or _ENDS_SUBORDINATOR.search(head) \
                or s in opened or _frames_statement(a.mask, s, m.start):
            continue
        i = bisect.bisect_left(starts, m.start) - 1
        if i >= 0 and reach[i] > s:
            continue                        # the opening is (part of) a piece already
        lo, hi = s, m.start
        while lo < hi and a.text[lo] in " \n":
            lo += 1
        while hi > lo and a.text[hi - 1] in " ,\n":
            hi -= 1
        a.drafts.append(Draft(lo, hi, "indirect", ["fronted_piece"], m, cue, d.appositive, d.statement))
        opened.add(s)


# "In the latest Washington Post-ABC News poll, [Clinton led Trump 47 percent to 39 percent]": a sentence
# opening with the survey it reports is a finding credited to that survey, with no cue verb (PolNeAR
# train: 10 of the 16 such sentences without another attribution are annotated so). A participle
# after the comma ("In the new poll, conducted March 11-13, ...") describes the survey, not its finding.
_SURVEY_OPENING = regex.compile(r"\s*+In\s+(?P<source>(?:a|an|the)\s[^,.;:\ue000-\ue003]{0,90}?\b(?:poll|survey|study|analysis)\b"
                                r"[^,.;:\ue000-\ue003]{0,60}?)\s*,\s*+(?![a-z]+(?:ed|ing)\b)")


def _survey_finding_pass(a: _Article) -> None:
    """'In a/the <...> poll, $C': the finding of a survey named at the opening of its sentence."""
    statement = 1 + max((d.statement for d in a.drafts), default=-1)
    for s, e in a.sents:
        if not a.mask.startswith("In ", s) and not a.mask[s:s + 8].lstrip().startswith("In "):
            continue                                # a cheap test first: most sentences do not open so
        opening = _SURVEY_OPENING.match(a.mask, s, e, timeout=TIMEOUT)
        if opening is None or any(d.start < e and d.end > s for d in a.drafts):
            continue
        m, _appositive = mentions.framed(a.mask, opening.start("source"), opening.end("source"), longest=16)
        span = _clause_span(a, opening.end(), e) if m else None
        if span and len(_WORDS.findall(a.mask, *span)) >= 3:
            a.drafts.append(Draft(span[0], span[1], "indirect", ["survey_finding"], m, statement=statement))
            statement += 1


def _subhead(a: _Article, q, para: int) -> bool:
    """A short line in single marks that is its whole paragraph ('‘A fight from start to finish.’',
    NYT section heads) is a subhead, not more of the last speaker's words (fewer than six words; a
    short line in double marks, '“It will help everyone.”', is a quote)."""
    lo, hi = a.paras[para]
    return q.start - len(q.open_mark) == lo and _blank(a.mask, q.end + len(q.close_mark), hi) \
        and len(_WORDS.findall(a.text, q.start, q.end)) < 6 and q.open_mark in ("'", "‘")


def _orphan_pass(a: _Article, orphans: list, statement: int) -> None:
    """Quotes with no cue of their own take the speaker of the statement right before them."""
    for q, para in orphans:
        open_at = q.start - len(q.open_mark)
        if a.quoted.contains(open_at) or _subhead(a, q, para):
            continue
        # the statement must sit in the sentence just before the quote, and name its speaker
        prev_sent = a.sentence_of(max(0, a.sentence_of(open_at)[0] - 2))
        if a.para_index(prev_sent[0]) not in (para, para - 1) or prev_sent[0] >= open_at:
            continue
        earlier = [d for d in a.drafts if d.mention and prev_sent[0] <= (d.cue.start if d.cue else d.start) < open_at
                   and (d.mention.name or d.mention.pronoun)]
        if not earlier:
            continue
        source = max(earlier, key=lambda d: d.end)
        a.drafts.append(Draft(q.start, q.end, "direct", ["quote_continues_speaker"], source.mention, None,
                              source.appositive, statement))
        a.quoted.add(open_at, q.end + len(q.close_mark))
        statement += 1


# ---------------------------------------------------------------------------------------------
# Pass 2: reported speech
# ---------------------------------------------------------------------------------------------


# An abbreviation whose period also ends the sentence: "U.S.", "D.C.", "Inc.", "Jr.".
_ENDS_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Inc|Corp|Ltd|Co|Jr|Sr|Bros)\.)$")


def _clause_span(a: _Article, lo: int, hi: int, trim_tail: bool = True) -> tuple[int, int] | None:
    """Trim a reported clause to its words; None when it is too short to be a statement."""
    if trim_tail:
        stop = _CLAUSE_STOP.search(a.mask, lo, hi)
        while stop and _DASH.fullmatch(stop.group()):
            # "those old - and previously unreported - postings": a dash pair encloses an aside
            if len(_DASH.findall(a.mask, lo, stop.start())) % 2:
                stop = _CLAUSE_STOP.search(a.mask, stop.end(), hi)   # it closes the pair an "- and" opened
                continue
            # an aside may run 160 characters ('said [Sanders believes those efforts - which include
            # Spanish-language radio ads in Nevada and ... in South Carolina - will pay off]'; PolNeAR
            # train: 6 spans right that 80 characters cut, 4 wrong; dev 1 right)
            pair = _DASH.search(a.mask, stop.end(), min(hi, stop.end() + 160))
            if pair is None:
                break
            stop = _CLAUSE_STOP.search(a.mask, pair.end(), hi)
        if stop and stop.start() > lo:
            hi = stop.start()
        for ci in a.cues_in(lo + 1, hi):
            # '..., encouraging his supporters to ...': a participle cue after a comma starts a statement of its own
            cue = a.cues[ci]
            comma = _ENDS_COMMA.search(a.mask, lo, cue.start) if cue.participle else None
            if comma:
                hi = comma.start()
                break
    text = a.text
    while lo < hi and text[lo] in " ,:;—–-\n\xa0，：；":
        lo += 1
    dateline = _DATELINE.match(a.mask, lo, hi)
    if dateline:
        lo = dateline.end()
    while hi > lo and text[hi - 1] in " .,;:!?—–-\n\xa0，：；。！？":
        hi -= 1
    # (a match ending at the period starts within its last five characters: two initials or "Corp.")
    if text[hi:hi + 1] == "." and _ENDS_ABBREVIATION.search(text, max(lo, hi - 4), hi + 1):
        hi += 1                                   # "stay in the U.S.": the period belongs to the word
    if a.language not in UNSPACED:
        short = _TWO_WORDS.search(a.mask, lo, hi) is None   # (a search stops at the second word)
    else:
        short = sum(map(len, _WORDS.findall(a.mask, lo, hi))) < 4
    if short and not _QUOTED.search(a.mask, lo, hi):
        return None
    return lo, hi


_QUESTION_NEXT = re.compile(r"\s+(?:" + _QUESTION_WORDS + r")\b")


def _skip_object(a: _Article, cue: Cue, hi: int) -> int:
    """After 'told/assured/warned', skip the person spoken to and return where the clause starts."""
    pos = cue.end
    if cue.base in OBJECT_VERBS and not _QUESTION_NEXT.match(a.mask, pos, hi):
        # ('The group asked [whether candidates supported ...]': a question, no person asked)
        m, _app, end = mentions.after(a.mask, pos, hi, appositive=False)
        if m is not None:
            pos = end
        else:
            obj = _OBJECT.match(a.mask, pos, hi)
            if obj:
                pos = obj.end()
    elif a.language == "en":
        addressee = _ADDRESSEE.match(a.mask, pos, hi)
        if addressee:
            pos = addressee.end()
    pattern, words = _complementizer(a.language)
    # the pattern needs one of the words to start within 60 characters
    that = pattern.match(a.mask, pos, hi, timeout=TIMEOUT) if any(
        a.mask.find(w, pos, min(hi, pos + 60 + len(w))) >= 0 for w in words) else None
    if that and len(_WORDS.findall(that.group())) <= 8 and not _FINITE_BEFORE_THAT.search(a.mask, pos, that.start("c")):
        pos = that.start("c")
    return pos


def _reported_pass(a: _Article, statement: int) -> None:
    spans = {(d.start, d.end) for d in a.drafts}
    for s, e in a.sents:
        if a.quoted.covers(s, e):
            continue
        taken: list[tuple[int, int]] = []          # spans reported in this sentence so far
        for ci in a.cues_in(s, e):
            cue = a.cues[ci]
            if cue.used or any(ts <= cue.start < te for ts, te in taken):
                continue                            # a cue inside a reported clause is part of it
            # one record per span: 'She appeared to imply [that ...]' reaches the same clause from two cues
            drafts = [d for d in _reported(a, ci, s, e) if (d.start, d.end) not in spans]
            piece = _relative_piece(a, drafts[0], s) if drafts else None
            if piece is not None:
                drafts.insert(0, piece)
            for d in drafts:
                spans.add((d.start, d.end))
                d.statement = statement
                a.drafts.append(d)
                taken.append((d.start, d.end))
                if d.mention is not None:
                    taken.append((d.mention.start, d.mention.end))   # "according to videos posted on ..."
            if drafts:
                statement += 1
                cue.used = True


def _relative_piece(a: _Article, d: Draft, s: int) -> Draft | None:
    """'a wall, [which] he said [Mexico should pay for]': the relative pronoun before the speaker of
    draft `d` is a piece of its statement."""
    if d.mention is None:
        return None
    rel = _RELATIVE_BEFORE.search(a.mask, max(s, d.mention.start - 30), d.mention.start)
    if rel is None or (rel.group(1) or "").lower() in _NOT_BEFORE_RELATIVE or a.quoted.contains(rel.start(2)):
        return None
    return Draft(rel.start(2), rel.end(2), "indirect", ["relative_pronoun_piece"], d.mention, d.cue, d.appositive)


# "with" and a share of people as the subject of the participle after it, a poll's absolute clause:
# 'with 62 percent of voters saying ...', 'with three in 10 saying ...' (not 'with all precincts
# reporting' or 'an ally with many of the countries claiming parts of the sea': no poll's share).
_WITH_SHARE = re.compile(r"\b[Ww]ith\s+(?P<np>(?:about\s+|nearly\s+|almost\s+|only\s+)?(?:\d[\d.,]*\s*(?:%|percent)|"
                         r"(?:\d+|one|two|three|four|five|six|seven|eight|nine)\s+in\s+(?:10|ten))\b[^,;:\ue000-\ue003]{0,40}?)\s*$")


def _reported(a: _Article, ci: int, s: int, e: int) -> list[Draft]:
    """Try the reported-speech shapes for one cue in sentence [s, e); one draft per piece."""
    cue = a.cues[ci]
    mask = a.mask
    cs, ce = cue.start, cue.end
    if a.quoted.contains(cs) or not cue.clause:
        return []
    dateline = _DATELINE.match(mask, s, cs)
    if dateline:
        s = dateline.end()                          # "DECATUR, Ill. — Sen. Ted Cruz ...": the place is no part of it
    if cue.prepositional or _BY_AGENT.match(mask, ce, e):
        return _according_to(a, cue, s, e)
    lead = _ASKED_LEAD.search(mask, s, cs) if cue.text.lower() == "asked" else None
    if lead or (cue.text.lower() == "asked" and not mask[s:cs].strip()):
        # ('She was asked [about the border]': the passive's question runs to the sentence end as well)
        asked = _asked_question(a, cue, e, closing=bool(a.cues_in(s, cs)) or bool(lead and lead.group("passive")))
        if asked is not None:
            return asked                # (None: 'Ruth Marcus, editor ..., asked Mook if ...' is no such opening)
    to_verb = _TO_VERB.match(mask, ce, e)
    if to_verb and cue.base in _RAISING and not any(a.cues[cj].start == to_verb.end() for cj in a.cues_in(ce, e)):
        return _unattributed_expectation(a, cue, to_verb.start(), s, e)
    if cue.base in _PERCEIVED and not cue.participle and _PERCEIVED[cue.base].match(mask, ce, e) \
            and _BE_BEFORE.search(mask, s, cs):
        return _unattributed_expectation(a, cue, ce, s, e)
    document = cue.participle and cue.speech and _DOCUMENT_BEFORE.search(mask, max(s, cs - 30), cs) is not None
    if cue.participle and not document and not _ING_VERB_BEFORE.search(mask, max(s, cs - 45), cs):
        absolute = _WITH_SHARE.search(mask, max(s, cs - 80), cs) if cue.speech else None
        m = mentions.before(mask, absolute.start("np"), cs)[0] if absolute else None
        if m is None:
            return []                      # "the countries claiming parts of the sea": a modifier
        # 'with 62 percent of voters saying [race relations are worse]': "with" and its subject; the
        # absolute clause ends at a comma ('Most, with three in 10 saying [...], were undecided')
        start = _skip_object(a, cue, e)
        comma = _CLAUSE_COMMA.search(mask, start, e)
        span = _clause_span(a, start, comma.start() if comma else e)
        return [_draft(a, span, "speaker_verb_clause", m, cue, None)] if span else []
    if cue.participle and _participle_aside(a, cue, e):
        return []                          # "The Daily Telegraph, citing local groups, reported ...": an aside
    left = mask[s:cs]
    comma = left.rfind(",")
    # '$C , $V $S .' ("..., encouraging his supporters to ..." is a participle, not an inverted attribution)
    if comma >= 0 and not left[comma + 1:].strip() and not cue.participle:
        m, appositive, end = mentions.after(mask, ce, e)
        if m is not None and (_TAIL.fullmatch(mask, end, e, timeout=TIMEOUT) or _WHO_AFTER.match(mask, end, e)):
            span = _clause_span(a, s, s + comma, trim_tail=False)
            return [_draft(a, span, "clause_verb_speaker", m, cue, appositive)] if span else []
    if comma >= 0:
        m, appositive = mentions.before(mask, s + comma + 1, cs)
        # '..., who added [to her lead]': a relative clause after the comma is no attribution of what precedes
        if m is not None and not mask[s + comma + 1:m.start].strip() and mask[m.start:m.end].lower() not in ("who", "which"):
            after_cue = mask[ce:e]
            # 'On Thursday, the governor wrote, warning ...': no statement before the comma
            fronted = "," not in left[:comma] and _FRONTED.match(mask, s, s + comma) is not None
            aside = _aside_follows(a, ce, e)
            # '..., he told the court in his filing.': whom it was told to may follow the cue
            told = _OBJECT.match(mask, ce, e) if cue.base == "tell" else None
            if not fronted and (aside or _TAIL.fullmatch(mask, told.end() if told else ce, e, timeout=TIMEOUT)):
                # '$C , $S $V .' / '$C , $S $V , as ...'
                span = _clause_span(a, s, s + comma, trim_tail=False)
                return [_draft(a, span, "clause_speaker_verb", m, cue, appositive)] if span else []
            if after_cue.lstrip().startswith(",") and not aside:
                # '$C1 , $S $V , $C2 .' - the attribution interrupts the reported sentence
                first = _clause_span(a, s, s + comma, trim_tail=False)
                second = _clause_span(a, ce + after_cue.index(",") + 1, e)
                if first and second and not _ENDS_THAT.search(mask, s, s + comma):
                    return [_draft(a, first, "clause_split_by_speaker", m, cue, appositive),
                            _draft(a, second, "clause_split_by_speaker", m, cue, appositive)]
    rule = "speaker_verb_clause"
    if document:
        # 'Trump's campaign released a statement saying [it was postponing ...]': the statement
        # speaks for the subject of the sentence that issued it
        m, appositive = _sentence_speaker(a, s, cs)
        if m is not None:
            return _document_clause(a, cue, m, appositive, e)
    if not cue.participle and _PASSIVE.search(mask, s, cs):
        return []                                   # "the plan was reported": the subject did not speak
    # ("The White House is saying that ...", AP's "The Latest" style, is active: -ing is no passive)
    by_means = cue.participle and _ENDS_BY.search(mask, max(s, cs - 4), cs) is not None
    m, appositive = mentions.before(mask, s, cs) if not by_means else (None, None)
    if m is None and cue.participle and (by_means or _ENDS_COMMA.search(mask, s, cs)):
        # '..., arguing that ...' / '“...,” he said, adding that ...' / 'Trump launched his campaign by
        # calling ...': the sentence's speaker (not "Trump launched his campaign by")
        rule = "participle_clause"
        m, appositive = _sentence_speaker(a, s, cs)
    elif m is None and _ENDS_CONJ.search(mask, s, cs):
        # 'Carson admitted the name was wrong, but said ...': the subject of the first verb
        rule = "coordinated_verb_clause"
        m, appositive = _sentence_speaker(a, s, cs)
    elif (m is None or m.generic) and cue.speech and _PURPOSE_TO.search(mask, s, cs):
        # 'Ben Carson went on ABC's This Week to explain ...': a speech verb of the subject's purpose, if the
        # subject is a person (PolNeAR train: 50 of 92 right; other verbs 38 of 133, left out)
        rule = "purpose_infinitive"
        m, appositive = _sentence_speaker(a, s, cs)
        if m is not None and (m.generic or m.kind != "person" or not (m.name or m.pronoun) or _common_word(a, m)):
            m = None
    if m is None and cue.speech and not to_verb:
        # 'the third time AROS said [it had ...]': a speaker inside the clause reports a clause, but
        # not an infinitive ('bully who has repeatedly pledged to ...': 8 of 37 on PolNeAR train)
        rule = "speaker_inside_clause"
        m, appositive = mentions.adjacent(mask, s, cs), None
    if m is None or (not cue.speech and not _plausible_source(a, m)) or (m.generic and _ENDS_TO.search(mask, m.start, cs)):
        return []                                   # ('Hillary Clinton took to Twitter to [say]': a verb phrase, no speaker)
    if cue.base in _NEEDS_COMPLEMENT and not _NEEDS_COMPLEMENT[cue.base].match(mask, ce, e):
        return []                                   # "It declined in every state": not a refusal
    if _COMMA_NEXT.match(mask, ce, e) and any(
            _TAIL.fullmatch(mask, a.cues[cj].end, e, timeout=TIMEOUT) for cj in a.cues_in(ce, e)):
        return []                                   # 'Talks are continuing, he said.': the cue has no clause
    start = _skip_object(a, cue, e)
    when = _LEADING_WHEN.match(mask, start, e)
    if when:
        start = when.end()                          # 'said on Wednesday [the plan was dead]'
    governed = _GOVERNED_PREP.match(mask, start, e)
    if governed:
        start = governed.end()                      # 'called for [more investment]': the preposition is the cue's
    end = e
    if _adverbial_only(mask, start, e) or mask[s:e].rstrip().endswith(":"):
        return []                                   # "said Wednesday on MSNBC." / "said about X:" - nothing reported here
    if _SUBORDINATE_OPENING.match(mask, s, cs) and "," not in mask[s:cs]:
        comma = mask.find(",", start, end)
        if comma > start:
            end = comma                             # 'As Clinton talked about [X], the crowd cheered.'
    if not cue.speech and cue.base in _lexicon_bases("stance_verbs", a.language) and not _CLAUSE_OPENER.match(mask, start, end):
        when_done = _OBJECT_THEN_WHEN.search(mask, start, end)
        if when_done and len(_WORDS.findall(mask, start, when_done.start())) >= 2:
            end = when_done.start()                 # 'Ryan endorsed [Trump] in early June, but ...'
    if mask[m.start:m.end].lower() in ("who", "which"):
        comma = _CLAUSE_COMMA.search(mask, start, end)
        if comma:
            end = comma.start()                     # 'X, who said [that A], is B': the relative clause ends
    first_quote = a.quoted.first_start(start, end)
    if first_quote is not None:
        end = first_quote
    for cj in a.cues_in(start, end):
        conj = _ENDS_CONJ.search(a.mask, start, a.cues[cj].start)
        if conj:                                    # '... but said ...': the next statement starts
            end = conj.start()
            break
        trailing = _trailing_attribution(a, a.cues[cj], start, e)
        if trailing is not None:                    # 'Authorities are concerned that C, Mr. Haddox said.':
            end = trailing                          # the closing attribution is a statement of its own
            break
        joined = _joined_attribution(a, a.cues[cj], start)
        if joined is not None:                      # '... but U.S. officials have said [they ...]': a new
            end = joined                            # speaker and cue start a statement of their own
            break
    span = _clause_span(a, start, end)
    if span is None and not cue.speech and cue.base in _lexicon_bases("stance_verbs", a.language):
        name = _ONE_NAME.match(mask, start, end)
        span = name.span(1) if name else None       # 'Clinton attacked [Trump], saying ...'
    if span is None or _adverbial_only(mask, *span) or _PARTICLE.match(mask, *span):
        return []                                   # 'said in a statement, adding ...' / 'showed up at the debate'
    return [_draft(a, span, rule, m, cue, appositive)]


# A stance verb's object ends where the time it was taken follows: 'Ryan endorsed [Trump] in early
# June', 'praised [Clinton's remarks] on Thursday, but ...' (PolNeAR train: of 72 objects cut, 36
# match the gold span after the cut against 28 before it; dev 3 of 4 against 1). A clause object
# ('that ...', 'to ...') keeps its adverbials, and so does a time followed by "that", "to" or a
# quote ('defended statements by Trump last week that ...'): they belong to what was said.
_OBJECT_THEN_WHEN = re.compile(
    r"\s(?:in\s+(?:early\s+|late\s+|mid-?)?(?:" + _MONTHS + r")"
    r"|(?:last|this|earlier\s+this)\s+(?:week|month|year|summer|spring|fall|winter)"
    r"|on\s+(?:" + _WEEKDAYS + r"))\b(?![’']s|\s+(?:that|to)\b|\s*[\ue000-\ue003“\"‘])")
# A stance verb's object may be one name, too short for a clause: 'which has endorsed [Trump], used'
# (PolNeAR train: 18 of 27 such spans right).
_ONE_NAME = re.compile(r"\s*([A-Z][a-z]+)\s*[,.;]?\s*$")
_CLAUSE_OPENER = re.compile(r"\s*(?:that|to|" + _QUESTION_WORDS + r")\b", re.I)


@functools.cache
def _lexicon_bases(lexicon: str, language: str) -> frozenset[str]:
    """Base forms of one verb lexicon of a language: "cognition_verbs" (belief: "think", "hope"),
    "stance_verbs" (taking a noun object: "endorse", "criticize")."""
    return frozenset(lexicons.verb_forms(lexicon, language).values())


# A particle right after the cue makes another verb: "showed up", "called off", "called in to a show"
# (PolNeAR train: 0 of 14 such spans are attributions).
_PARTICLE = re.compile(r"(?:up|off|into|in to)\b")
# When it was said, between the cue and a clause without "that": "said Monday the ...".
_LEADING_WHEN = re.compile(r"\s*(?:on\s+)?(?:(?:last|this|next)\s+)?(?:" + _WEEKDAYS + r"|yesterday|today)(?:\s+(?:morning|afternoon|evening|night))?(?:\s*,)?(?=\s+[\w“\"‘'])")
# The preposition a cue governs belongs to the cue, not to what was said: 'called for [more school
# investment]', 'talked about [bringing communities together]', 'warned against [X]' (PolNeAR train:
# 143 gold spans start after such a preposition, 24 at it). "on Monday" is when it was said.
_GOVERNED_PREP = re.compile(r"\s*(?:about|against|for|of|with|over|on(?!\s+(?:" + _WEEKDAYS + r"|"
                            r"[A-Z][a-z]{2,8}\.?\s+\d|the\s+(?:day|morning|evening|night|eve)\b)))\s+")


# "Asked about [his criticisms of Trump], Christie said ...", "When asked [whether he had met Trump], he
# said ...": the question a sentence opens with is reported speech of an unnamed asker (PolNeAR train:
# 41 of our 57 such spans are annotated, to the comma; "asked to" is a request and stays out).
_CLAUSE_COMMA = re.compile(r"(?<!\d),|,(?!\d)")          # not the comma of "250,000"
# When and where a question was put, after it: not part of it.
_ASKED_WHEN = re.compile(r"\s(?:during|in an interview|at an?|at the|on (?:" + _WEEKDAYS + r"))\b")
_ASKED_LEAD = re.compile(r"(?:,\s*|\b[Ww]hen\s+|(?P<passive>\b(?:was|were|been|being)\s+(?:also\s+|later\s+|then\s+)?))$")
_ASKED_WHAT = re.compile(r"(?:\s+(?:on|by|in|during|at)\s+[^,]{1,40}?)?\s+(?:about\s+|(?P<request>for)\s+|(?=(?:"
                         + _QUESTION_WORDS + r")\b))")


def _asked_question(a: _Article, cue: Cue, e: int, closing: bool) -> list[Draft] | None:
    """'Asked about [X], $S said ...': the question, up to the comma before the answer; when it is
    `closing` the sentence after the answer's cue ('..., he said when asked [whether X]') or a
    passive ('She was asked [about the border]'), up to the end of its clause. None when no question
    follows the cue."""
    what = _ASKED_WHAT.match(a.mask, cue.end, e)
    if what is None or (closing and what.group("request")):
        return None                     # ('He was asked for his ID': a request)
    comma = _CLAUSE_COMMA.search(a.mask, what.end(), e)
    if comma is None and not closing:
        return []                       # no comma before the answer: where the question ends is unknown
    end = comma.start() if comma else e
    if comma is None:
        # the question ends where the subject's next verb or a new clause starts ('was asked [about her
        # emails] and said ...', '[how many died]; they said 12', '[about it] by a reporter'); a cue
        # inside it is part of it ('whether she wanted Cruz to campaign')
        stop = _QUESTION_END.search(a.mask, what.end(), end)
        end = stop.start() if stop else end
        for cj in a.cues_in(what.end(), end):
            conj = _ENDS_CONJ.search(a.mask, what.end(), a.cues[cj].start)
            if conj:
                end = conj.start()
                break
    when = _ASKED_WHEN.search(a.mask, what.end(), end)
    if when:
        end = when.start()              # '... was asked [about it] during the debate on Thursday'
    span = _clause_span(a, what.end(), end, trim_tail=comma is not None)
    return [_draft(a, span, "asked_question", None, cue, None)] if span else []


_QUESTION_END = re.compile(r";|\sby\s+(?:a|an|the|reporters|journalists|[A-Z])\b")


# "X is expected to Y", "X seemed to Y", "X appears to Y": the writer reports a view whose holders go
# unnamed. PolNeAR marks the subject and the infinitive as two pieces of one attribution without a
# source (train: "is expected to" 70 of 80 annotated, "seemed to" 42 of 54, "appeared to" 32 of 53).
_RAISING = {"seem": False, "appear": False, "expect": True}     # base -> needs a form of "be" before it
# "[The kingdom] is viewed [as a bulwark]", "[The walk-off] is considered [one of the largest]": a
# passive view with no "by" agent reads the same way, subject and complement as two pieces (PolNeAR
# train: 50 of 101 such pieces right; "is considering" is active and keeps its subject as the speaker).
_AS_NEXT = re.compile(r"\s+as\s")
_PERCEIVED = {"see": _AS_NEXT, "view": _AS_NEXT, "regard": _AS_NEXT,
              "consider": re.compile(r"\s+(?!by\s|that\s|to\s(?!be\s))[\w$“\"]")}
_TO_VERB = re.compile(r"\s+to\s+(?=[a-z])")
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|isn[’']t|aren[’']t|wasn[’']t|weren[’']t|[’']s)"
                        r"\s+(?:(?:not|also|still|now|[a-z]+ly)\s+){0,2}$")
_MODAL_BEFORE = re.compile(r"(?:\s+(?:(?:would|could|might|may|can|will|should|must|does|do|did)(?:n[’']t)?|not|also|still|now|"
                           r"[a-z]+ly))*\s*$")
_RELATIVE = frozenset({"which", "who", "that"})
# Where the subject starts: after the last comma (not one inside "250,000"), semicolon, colon, dash or bracket.
_SUBJECT_LEAD = re.compile(_CLAUSE_COMMA.pattern + r"|[;:—–(]")
_SUBJECT_WORD = re.compile(r"[^\s,;:—–()]+")
_ADVERB_ONLY = re.compile(r"(?:often|also|still|now|[a-z]+ly)")


def _unattributed_expectation(a: _Article, cue: Cue, to_at: int, s: int, e: int) -> list[Draft]:
    """'[Trump] is expected [to deliver a victory speech]': subject and infinitive, no source."""
    mask = a.mask
    if _RAISING.get(cue.base, True):
        be = _BE_BEFORE.search(mask, s, cue.start)
        if be is None:
            return []                      # 'he expected me to read ...' names who expected it
        subject_end = be.start()
    else:
        subject_end = cue.start
    subject_end = _MODAL_BEFORE.search(mask, s, subject_end).start()
    lead = max((m.end() for m in _SUBJECT_LEAD.finditer(mask, s, subject_end)), default=s)
    words = [(m.start(), m.end()) for m in _SUBJECT_WORD.finditer(mask, lead, subject_end)]
    # the complement ends at the first clause comma: '[as opportunities for Sanders], largely because
    # ...', '[to come before the deadline at midnight Friday], but Republicans ...' (PolNeAR dev +0.0012)
    comma = _CLAUSE_COMMA.search(mask, to_at, e)
    end = comma.start() if comma else e
    relative = [w for w in words if mask[w[0]:w[1]].lower() in _RELATIVE]
    if relative and (mask[relative[-1][0]:relative[-1][1]].lower() != "that" or relative[-1] == words[-1]):
        words = relative[-1:]              # '..., which is expected to draw [X], starts': the relative pronoun
    else:
        while words and mask[words[0][0]:words[0][1]].lower() in mentions.CONJUNCTIONS:
            words = words[1:]              # 'But [she] is expected to ...'

    predicate = _clause_span(a, to_at, end)
    if predicate is None:
        return []
    rule = "unattributed_expectation"
    out = [_draft(a, predicate, rule, None, cue, None)]
    # the subject piece only when it is a plain noun phrase: no cue of its own, no quote, a dozen words at most
    if words and len(words) <= 12 and not a.cues_in(words[0][0], words[-1][1]) and not _QUOTED.search(
            mask, words[0][0], words[-1][1]) and not _ADVERB_ONLY.fullmatch(mask, words[0][0], words[-1][1]):
        out.insert(0, _draft(a, (words[0][0], words[-1][1]), rule, None, cue, None))
    return out


def _document_clause(a: _Article, cue: Cue, m: Mention, appositive: str | None, e: int) -> list[Draft]:
    """The clause reported by '<document> saying ...', up to the end of the sentence."""
    first_quote = a.quoted.first_start(cue.end, e)
    span = _clause_span(a, cue.end, first_quote if first_quote is not None else e)
    return [_draft(a, span, "document_saying", m, cue, appositive)] if span else []


def _trailing_attribution(a: _Article, cue: Cue, lo: int, e: int) -> int | None:
    """Where ', $S $V .' closes the sentence at `cue` (the comma's offset), or None."""
    if not _TAIL.fullmatch(a.mask, cue.end, e, timeout=TIMEOUT):
        return None
    comma = a.mask.rfind(",", lo, cue.start)
    if comma < 0 or not a.mask[comma + 1:comma + 2].isspace() or _PASSIVE.search(a.mask, comma, cue.start):
        return None                                  # "100,000 people are thought to": no attribution
    m, _ = mentions.before(a.mask, comma + 1, cue.start)
    return comma if m is not None and not a.mask[comma + 1:m.start].strip() else None


# A coordinated clause with its own speaker: "Islamic State claimed responsibility, but U.S. officials
# have said they do not believe ...".
_JOIN = re.compile(r"(?:,\s*|\s)(?P<conj>and|but|while|whereas|though|although)\s+|,\s+")


def _joined_attribution(a: _Article, cue: Cue, lo: int) -> int | None:
    """Where ', but $S $V' joins a new attribution to the clause at `cue` (the conjunction), or None."""
    join = max(_JOIN.finditer(a.mask, max(lo, cue.start - 80), cue.start), key=lambda j: j.start(), default=None)
    if join is None or cue.participle or cue.base in _lexicon_bases("cognition_verbs", a.language) or _PASSIVE.search(a.mask, join.end(), cue.start):
        return None
    if not join.group("conj") and not cue.speech:
        return None                        # 'if the state held up the deal, Patriot could threaten ...': a main clause
    m, _ = mentions.before(a.mask, join.end(), cue.start)
    if m is None or m.generic or a.mask[join.end():m.start].strip() or not (m.pronoun or _plausible_source(a, m)):
        return None
    return join.start()


# 'X, citing local groups, reported that ...': a participle phrase closed by a comma right before the
# sentence's own reporting verb.
_CLOSES_ASIDE = re.compile(r"[^,;:\ue000-\ue003]{1,80},\s*(?:\w+ly\s+)?$")


def _participle_aside(a: _Article, cue: Cue, e: int) -> bool:
    """The participle cue opens an aside between its subject and that subject's finite cue."""
    if not _ENDS_COMMA.search(a.mask, max(0, cue.start - 3), cue.start):
        return False
    return any(not a.cues[cj].participle and _CLOSES_ASIDE.fullmatch(a.mask, cue.end, a.cues[cj].start)
               for cj in a.cues_in(cue.end, e))


def _aside_follows(a: _Article, ce: int, e: int) -> bool:
    """After the cue: a comma, then the writer's aside or a participle cue with its own statement."""
    m = _TAIL_ASIDE.match(a.mask, ce, e, timeout=TIMEOUT)
    # "he said, adding that ...": a cue; "he said, replacing Clinton would ...": a gerund subject
    if m is None or m.group("ing") is None:
        return m is not None
    # 'he said, adding, "..."': the quote after the participle is the second half of the statement
    return any(a.cues[cj].start == m.end() and not _COMMA_NEXT.match(a.mask, a.cues[cj].end, e)
               for cj in a.cues_in(m.end(), e))


# A capitalised plural naming members of a party, nation or movement ("Republicans", "Democrats",
# "Palestinians", "Conservatives", "Socialists"): a group that holds views.
_GROUP_PLURAL = re.compile(r"[A-Z][a-z]+(?:ans|ats|ists|ites|ives)")


def _plausible_source(a: _Article, m: Mention) -> bool:
    """A subject that can hold a view: a person or organisation named, a pronoun, or a source noun
    ("the poll", "officials"). 'Bitcoin shows a 27% increase' or 'This could challenge ...' are not
    attributions, so stance and cognition verbs need one of these."""
    if m.generic:
        return False
    if m.pronoun or m.kind in ("organization", "group", "anonymous"):
        return True
    if m.name is None:
        return True                                   # a lexicon noun or a title ("the senator")
    return len(m.name.split()) >= 2 or m.name in a.name_words or _GROUP_PLURAL.fullmatch(m.name) is not None


# After 'C1, according to X': a comma, then a clause with a finite verb is the statement's second
# piece ('..., according to Ross, [was a decision by Mr. Obama ...]'); a relative clause, an
# appositive ('a former adviser'), a participle or a subordinate clause is not.
_SECOND_PIECE = regex.compile(r",\s*+(?!(?:who|which|whose|whom|where|when|as|even|while|though|although|but|so|a|an)\b|[a-z]+ing\b)(?=[^,;]*?\b(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|did|do|[a-z]+ed)\b)")


def _according_to(a: _Article, cue: Cue, s: int, e: int) -> list[Draft]:
    """'According to X, C.' / 'C, according to X.' / 'C — according to X — C'."""
    mask = a.mask
    agent = _BY_AGENT.match(mask, cue.end, e)
    source_at = agent.end() if agent else cue.end
    lead = mask[s:cue.start]
    bare = " ".join(w for w in lead.replace(",", " ").split() if w.lower() not in mentions.CONJUNCTIONS
                    and w not in mentions.SENTENCE_WORDS)
    if not bare.strip(" ,—–") or (agent and _AS_LEAD.fullmatch(lead)):
        stop = _first(mask, ",\ue000", source_at, e)
        m, appositive = mentions.framed(mask, source_at, stop, longest=16)
        span = _clause_span(a, stop, e) if m else None
    else:
        passive = _PASSIVE.search(lead) if agent else None
        if passive and not cue.prepositional and "," not in lead:
            # '[The registration issue] was first reported by The Washington Post.' / '[His views] were
            # echoed by tax experts': the subject is what was said (PolNeAR train: 59 such spans)
            m, _app, _ = mentions.after(mask, source_at, e, appositive=False)
            span = _clause_span(a, s, s + passive.start(), trim_tail=False) if m else None
            return [_draft(a, span, "passive_by_speaker", m, cue, None)] if span else []
        if agent and not _AS_TAIL.search(lead):
            return []
        stop = _first(mask, ",;\ue000", source_at, e) if _ENDS_COMMA.search(lead) else e
        m, appositive = mentions.framed(mask, source_at, stop)
        if m is None:
            m, appositive, _ = mentions.after(mask, source_at, e, appositive=False)
        lead_end = _AS_TAIL.search(lead).start() + s if agent else cue.start
        span = _clause_span(a, s, lead_end, trim_tail=False) if m else None
        rest = _SECOND_PIECE.match(mask, stop, e, timeout=TIMEOUT) if m and mask[stop:stop + 1] == "," else None
        if rest:
            second = _clause_span(a, rest.end(), e)
            if second:
                if span and _frames_statement(mask, s, lead_end):
                    span = None
                return [_draft(a, piece, "according_to_clause", m, cue, None) for piece in (span, second) if piece]
    return [_draft(a, span, "according_to_clause", m, cue, None)] if span else []


def _draft(a: _Article, span: tuple[int, int], rule: str, m: Mention, cue: Cue, appositive) -> Draft:
    kind = "mixed" if _QUOTED.search(a.mask, span[0], span[1]) else "indirect"
    return Draft(span[0], span[1], kind, [rule] if cue.listed else [rule, "verb_that_clause"], m, cue, appositive)


# ---------------------------------------------------------------------------------------------
# Pass 3: coreference and titles
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _name_key(name: str) -> tuple[str, ...]:
    # cached: _find_entity compares a name with every entity of the article
    return tuple(_WORDS.findall(name))


def _find_entity(a: _Article, entities: list[Entity], name: str) -> Entity | None:
    words = _name_key(name)
    for ent in reversed(entities):
        if _name_key(ent.name) == words:
            return ent
    if len(words) == 1:
        # a bare surname shared by two people ("Lazar" after "his wife, Gabriela Violeta Lazar,",
        # "Trump" after "Melania Trump") is the one named most so far: the story's subject, not a
        # relative quoted once; on a tie, the latest
        sharing = [e for e in entities if words[0] in _name_key(e.name)]
        if sharing:
            return max(reversed(sharing), key=lambda e: e.named)
    spelled = name.split()
    for ent in reversed(entities):
        ew = _name_key(ent.name)
        short, full = sorted((spelled, ent.name.split()), key=len)
        if short is spelled and len(short) >= 2 and short[0].lower() in mentions.NAME_JOINERS and ent.kind == "person" \
                and len(full) > len(short) and [w.lower() for w in full[-len(short):]] == [w.lower() for w in short]:
            return ent                                   # "De Blasio said" after "Bill de Blasio", "Le Pen" after "Marine Le Pen"
        if len(short) >= 2 and len(full) > len(short) and full[-len(short):] == short and ent.kind == "person" \
                and all(_lower_use(a, w) for w in full[:-len(short)]):
            # "Rival Hillary Clinton" in a Title Case headline is "Hillary Clinton" of the body: the
            # extra words are ones the article also writes in lower case ("his rival")
            if short is spelled:
                ent.aliases.append(ent.name)
                ent.name = name
            return ent
        if len(ew) == 1 and ew[0] in words and ent.kind == "person":
            if ent.name not in ent.aliases:
                ent.aliases.append(ent.name)
            ent.name = name                              # a fuller form of the same person
            return ent
    return None


def _full_name(a: _Article, surname: str) -> str | None:
    """The first run of capitalised words in the text holding `surname` as its last (or, for
    family-name-first names, first) name word, without titles or a following "of <organisation>".
    A surname opening with a joiner ("De Blasio", "Le Pen") is matched by its last word and must end
    the full name ("Bill de Blasio"); other names of two or more words have no fuller form here."""
    words = surname.split()
    if len(_name_key(surname)) > 1:
        if len(words) != 2 or words[0].lower() not in mentions.NAME_JOINERS:
            return None
        full = _full_name(a, words[1])
        return full if full and full.lower().endswith(" " + surname.lower()) else None
    doubtful = None
    for pos, run in a.name_runs:
        words = run.split()
        if surname not in words or a.in_headline(pos):
            continue                    # "Is Sanders Finally Connecting ...": a headline capitalises every word
        at = words.index(surname)
        if surname in mentions.places(a.language) and (at + 1 < len(words) or not all(w[:1].isupper() for w in words)):
            continue                                       # "China said": not "South China Sea" or "Great Wall of China"
        words = words[:at + 1]                             # "Dr. Tristan Smith of University College London"
        owner = max((i + 1 for i, w in enumerate(words[:at]) if w.endswith(mentions.POSSESSIVE)), default=0)
        words = words[owner:]                              # "France’s Marine Le Pen": the possessor is no name
        toks = [mentions.Token(w, 0, 0) for w in words]
        _title, name = mentions.split_title(toks)
        name_words = [t.text for t in name if t.text.rstrip(".") not in mentions.HONORIFICS
                      and t.text not in mentions.HONORIFICS]
        if 2 <= len(name_words) <= 4 and surname in (name_words[-1], name_words[0]) and not any(
                w in mentions.SENTENCE_WORDS for w in name_words):
            if name_words[0] == words[0] and _SENTENCE_START.search(a.mask, max(0, pos - 3), pos) \
                    and _lower_use(a, name_words[0]):
                # "Is Sanders finally ...", "Top Clinton adviser ...": maybe a capitalised common word, so a
                # fuller name met elsewhere wins; "Bill Clinton campaigned ..." stays when there is none
                if not mentions.names_a_people(surname):     # ("Opposition Democrats": a party, no surname)
                    doubtful = doubtful or " ".join(name_words)
                continue
            return " ".join(name_words)
    return doubtful


def _title_holder(a: _Article, label: str) -> tuple[str, str] | None:
    """(title, name) of the person the article introduces with the title a label spells."""
    words = [w for w in label.split() if w.lower() not in ("the", "mr.", "mrs.", "ms.")]
    if not words or not all(mentions._is_title_word(mentions.Token(w.lower(), 0, 0))
                            or w.lower() in mentions.TITLE_MODIFIERS for w in words):
        return None
    title = " ".join(w.capitalize() for w in words)
    m = _compiled(rf"(?i:{regex.escape(' '.join(words))})\s+((?:[A-Z][\w'’.-]+\s?){{2,3}})").search(a.mask, timeout=TIMEOUT)
    return (title, m[1].strip()) if m else None


def _titled_name_before(a: _Article, title: str, pos: int) -> tuple[str, str] | None:
    """(title, name) of the last '<title> Firstname Lastname' before `pos`, the title written in
    any case ("President-elect Joe Biden" for "the president-elect"; "the Democratic nominee" needs
    "Democratic nominee" in full, not "Republican nominee Donald Trump")."""
    words = title.split()
    if not words or not mentions._is_title_word(mentions.Token(words[-1].lower(), 0, 0)):
        return None
    found = None
    spelled = r"\s+".join(regex.escape(w) for w in words)
    for m in _compiled(rf"\b(?i:{spelled})\s+((?:{_NAME_WORD}\s+){{1,2}}{_NAME_WORD})").finditer(
            a.mask, endpos=pos, timeout=TIMEOUT):
        name = mentions.without_possessive(m[1])        # "Joe Biden’s team": Joe Biden
        toks = mentions.tokens(name, 0, len(name))
        if all(t.cap and not mentions._is_title_word(t) for t in toks):
            found = (a.mask[m.start():m.start(1)].strip(), name)
    return found


def _resolve(a: _Article) -> list[Entity]:
    entities: list[Entity] = []
    owner: dict[int, Entity] = {}        # draft id -> its entity, whose name may still grow fuller
    for d in sorted(a.drafts, key=lambda d: (d.mention.start if d.mention else d.start)):
        m = d.mention
        if m is None:
            continue
        title, affiliation = mentions.split_affiliation(d.appositive) if d.appositive else (None, None)
        if m.title:
            pre_title, pre_aff = mentions.split_affiliation(m.title)
            title = title or pre_title
            affiliation = affiliation or pre_aff
        affiliation = affiliation or m.affiliation
        if title and m.kind == "person" and m.name and mentions.describes_a_body(title):
            # "Doug Miller of Milltech Marine, a firm specialising in AIS": the description is of the
            # organisation named before it; "Wealth-X, a private company, said": a one-word name (a
            # person's has two) is the organisation's
            if affiliation or " " in m.name:
                title = None
            else:
                m = d.mention = replace(m, kind="organization")
        if m.pronoun:
            want = {"person"} if m.kind == "person" else {"organization"} if m.kind == "organization" else {"group"}
            para = a.para_index(m.start)
            cand = [e for e in entities if e.kind in want and e.last <= m.start and para - a.para_index(e.last) <= 3]
            if cand:
                ent = max(cand, key=lambda e: e.last)
                owner[id(d)], d.speaker_kind = ent, ent.kind
                d.rules.append("coref_pronoun")
                ent.last = max(ent.last, m.start)
            else:
                d.speaker_kind = m.kind
            continue
        if m.name and m.name.isupper() and (holder := _title_holder(a, m.name)):
            # "THE PRESIDENT:" in a transcript that opens "Remarks of President Barack Obama"
            m = Mention(m.start, m.end, "person", holder[1], holder[0])
            d.mention = m
            d.rules.append("coref_title")
            title = title or holder[0]
        if m.name and m.kind == "person" and (_common_word(a, m) or _plural_common_noun(a, m, d.cue)) \
                and _find_entity(a, entities, m.name) is None \
                and _full_name(a, m.name) is None:
            # "Migrants say ...", "Plans call for ...": a common noun opening the sentence, no name
            m = d.mention = Mention(m.start, m.end, "group" if m.name.endswith("s") else "unknown", None, m.title)
        if m.name:
            ent = _find_entity(a, entities, m.name)
            if ent is None:
                full = _full_name(a, m.name) if m.kind == "person" \
                    and "capitalised_nouns" not in mentions.function_words(a.language).flags else None
                # "China said", "Washington says": a country or capital no person of the article is
                # named after speaks for its government
                kind = "organization" if m.kind == "person" and not full and m.name in mentions.places(a.language) \
                    else m.kind
                ent = Entity(full or m.name, kind, m.start)
                entities.append(ent)
                if full:
                    d.rules.append("coref_surname")
            elif _name_key(m.name) != _name_key(ent.name):
                d.rules.append("coref_surname")
            ent.last = max(ent.last, m.end)
            ent.named += 1
            ent.add(title, affiliation, m.name)
            owner[id(d)], d.speaker_kind = ent, ent.kind
        else:
            mention_text = a.text[m.start:m.end]
            head = (mention_text.split() or [""])[-1].lower()
            ent = None
            if mention_text.lower().startswith("the "):
                ent = next((e for e in reversed(entities) if any(head in t.lower().split() for t in e.titles)), None)
                holder = _titled_name_before(a, mention_text[4:], m.start) if ent is None and m.kind in ("person", "unknown") else None
                if holder is not None:
                    # "U.S. President-elect Joe Biden introduced ..." then "the president-elect said":
                    # the person the article introduced with that title, though not yet quoted
                    ent = _find_entity(a, entities, holder[1])
                    if ent is None:
                        ent = Entity(holder[1], "person", m.start)
                        entities.append(ent)
                    ent.add(holder[0], None)
            if ent is not None:
                owner[id(d)], d.speaker_kind = ent, ent.kind
                d.rules.append("coref_title")
                ent.last = max(ent.last, m.end)
            else:
                d.speaker_kind = m.kind
        d.title = clean_title(title) if title else None
        d.affiliation = clean_affiliation(affiliation) if affiliation else None
    _propagate_titles(a, entities)
    for d in a.drafts:
        ent = owner.get(id(d))
        if ent is not None:
            d.speaker = ent.name
            if not d.title and ent.titles:
                d.title = ent.titles[0]
                d.rules.append("title_propagated")
            if not d.affiliation and ent.affiliations:
                d.affiliation = ent.affiliations[0]
    return entities


@functools.cache
def _appositive_at() -> regex.Pattern:
    """'NAME, TITLE,' / 'NAME, TITLE.' / 'NAME, TITLE said': the appositive after a name. The title may
    hold the period of an abbreviation or initial ("a former adviser to Mr. Obama", "U.S. envoy"),
    which does not end it (PolNeAR train: 37 titles cut to "... to Mr")."""
    abbreviations = sorted({h.rstrip(".") for h in lexicons.words("honorifics", "en")}, key=len, reverse=True)
    abbreviation = r"(?<!\w)(?:" + "|".join(abbreviations) + r"|[A-Z])"
    # each period is matched before the look-behind for an abbreviation ending at it, so that the
    # look-behind runs at periods only (twice as fast as before each character)
    return regex.compile(r",\s+(?P<t>(?:[^,.;:\ue000-\ue003]|\.(?<=" + abbreviation + r"\.)){3,120}?)"
                         r"(?:,\s*(?P<aff>(?:[A-Z][\w-]*\s?){1,5})(?=,)|(?=,)|\.(?<!" + abbreviation + r"\.)(?=\s|$)|"
                         r"\s+(?=(?:said|says|noted|remarked|added|emphasized|stressed|shared|told)\b))")


_TOWN = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")


def _propagate_titles(a: _Article, entities: list[Entity]) -> None:
    """Collect the 'NAME, TITLE,' appositives met anywhere in the article for each named person
    (for Chinese, the title written before the name: "香港行政长官梁振英")."""
    if a.language in UNSPACED:
        for ent in entities:
            if ent.kind != "person":
                continue
            for at in _occurrences(a.mask, ent.name, whole_words=False):
                lead = a.mask[max(0, at - 12):at]
                mention = mentions.han_before(lead + ent.name, 0, len(lead) + len(ent.name))
                if mention is not None and mention.name == ent.name and mention.title:
                    ent.add(mention.title, mention.affiliation)
        return
    for ent in entities:
        if ent.kind != "person" or len(_name_key(ent.name)) < 2:
            continue
        occurrences = _occurrences(a.mask, ent.name, whole_words=True)
        for at in occurrences:
            pos = at + len(ent.name)
            org = _OF_ORGANISATION.match(a.mask, pos)       # "Tristan Smith of University College London,"
            if org and mentions.state_follows(a.mask, org.end()):
                org = None                                  # "Tom Emanuel of Laconia, N.H.,": a home town
            if org:
                ent.add(None, org.group(1))
                pos = org.end()
            # the pattern opens with a comma: test for it first (the pattern is slow, with a timeout)
            m = _appositive_at().match(a.mask, pos, timeout=TIMEOUT) if a.mask.startswith(",", pos) else None
            if not m:
                continue
            if mentions.state_follows(a.mask, m.end()) and _TOWN.fullmatch(m["t"]):
                continue                                  # "Tom Emanuel, Laconia, N.H.,": a home town, no title
            t = _RELATIVE_TAIL.sub("", m["t"]).strip()    # "adviser to Mr. Obama who is now a fellow at ..."
            toks = mentions.tokens(t, 0, len(t))
            if len(toks) <= 16 and mentions.title_like(toks) and not t[:1].isdigit():
                title, aff = mentions.split_affiliation(t + (", " + m["aff"].strip() if m["aff"] else ""))
                ent.add(title, aff)
        for at in occurrences:
            # then a title written before the name in any sentence: "Greek Prime Minister Kyriakos
            # Mitsotakis visited ...", and "Mitsotakis said" later quotes the prime minister
            lo = max(a.sentence_of(at)[0], at - 80)
            run = _title_run_before(a.mask, lo, at)
            if run is None:
                continue                            # no title-like word right before the name
            lead, _app = mentions.before(a.mask, lo, at + len(ent.name))
            if lead is not None and lead.name == ent.name and lead.title and _prename_title(lead.title):
                title, aff = mentions.split_affiliation(lead.title)
                ent.add(title, lead.affiliation or aff)
            elif _prename_title(run):
                # the name inside a clause: "the conduct of United States President Donald Trump",
                # "attended by Israeli prime minister Benjamin Netanyahu"
                ent.add(*mentions.split_affiliation(run))


# Capitalised at the start of a sentence or as dates, never part of a title: "For Libertarian Party
# nominee ...", "On Sunday President ...".
_NOT_IN_TITLE_RUN = frozenset("the a an and or but in on at for during after before with from by of to as since "
                               "monday tuesday wednesday thursday friday saturday sunday".split())


_NOUN_MODIFIER = re.compile(r"[a-z]{3,}")


def _title_run_before(mask: str, lo: int, at: int) -> str | None:
    """The words right before offset `at` that can be a pre-name title: capitalised, title words
    or their modifiers, back to the first word that is none of these."""
    # a quote mark is no such word: tokenise after the last one (a masked quote is a token per character)
    lo = max(lo, *(mask.rfind(q, lo, at) + 1 for q in mentions.Q_MARKS))
    toks = mentions.tokens(mask, lo, at)
    k = len(toks)
    while k > 0 and toks[k - 1].text[0].isalnum() and (toks[k - 1].lower not in _NOT_IN_TITLE_RUN and (
            toks[k - 1].cap or mentions._is_title_word(toks[k - 1]) or toks[k - 1].lower in mentions.TITLE_MODIFIERS)
            or _office_of(toks, k - 1)):
        k -= 1
    if 0 < k < len(toks) and toks[k].text.islower() and mentions._is_title_word(toks[k]) \
            and _NOUN_MODIFIER.fullmatch(toks[k - 1].text):
        k -= 1                          # "tour manager Thomas Gray": checked by _prename_title
    return mask[toks[k].start:toks[-1].end] if k < len(toks) else None


def _office_of(toks: list[mentions.Token], i: int) -> bool:
    """toks[i] is the "of" between an office and the capitalised place it serves: "Chief Executive
    of Hong Kong Carrie Lam", "Secretary of State John Kerry"."""
    return toks[i].lower == "of" and i > 0 and i + 1 < len(toks) and toks[i + 1].cap \
        and mentions._is_title_word(toks[i - 1])


def _prename_title(title: str) -> bool:
    """A run of title words ending in one ("Greek prime minister", "Dr."), or in "of" and the place
    the office serves ("Chief Executive of Hong Kong"), not a clause that happens to precede a name
    ("Wikinews reached out to", "Biden named Senator")."""
    toks = mentions.tokens(title, 0, len(title))
    of = next((i for i in range(len(toks)) if _office_of(toks, i)), None)
    if of is not None and all(t.cap for t in toks[of + 1:]):
        toks = toks[:of]
    if len(toks) >= 2 and _NOUN_MODIFIER.fullmatch(toks[0].text) and toks[0].lower not in _NOT_IN_TITLE_RUN \
            and toks[0].lower not in mentions.BETWEEN and mentions._is_title_word(toks[1]):
        toks = toks[1:]                 # a noun naming the field of the office: "tour manager", "campaign chairman"
    return bool(toks) and mentions._is_title_word(toks[-1]) and all(
        t.cap or mentions._is_title_word(t) or t.lower in mentions.TITLE_MODIFIERS or t.lower in ("of", "for", "the", "and")
        for t in toks)


def _occurrences(text: str, name: str, whole_words: bool) -> list[int]:
    """Offsets of `name` in `text` (plain string search: no pattern compiled per name)."""
    out, at = [], text.find(name)
    while at >= 0:
        end = at + len(name)
        if not whole_words or ((at == 0 or not text[at - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())):
            out.append(at)
        at = text.find(name, at + 1)
    return out


_OF_ORGANISATION = re.compile(r"\s+(?:of|at)\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of|for|and|the)?\s*[A-Z][\w'’.-]*)*)")


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extraction:
    """Attributions of one text and the quote candidates rejected on the way."""

    attributions: tuple[Attribution, ...]
    rejections: tuple[Rejection, ...]


def extract(text: str, language: str = "en", path: str = "", article_id: str | None = None,
            blocks: tuple = ()) -> Extraction:
    """Run detect + the attribution passes on one canonical text (`blocks`: its parsed blocks, if any)."""
    mentions.use(language)
    detection = find_quotes(text, path, article_id)
    a = _Article(text, detection, language)
    orphans: list = []
    statement = _direct_pass(a, orphans)
    statement = _label_pass(a, statement)
    statement = _headline_pass(a, statement)
    statement = _blockquote_pass(a, blocks, statement)
    _reported_pass(a, statement)
    _orphan_pass(a, orphans, statement + len(a.drafts))
    _fronted_piece_pass(a)
    _survey_finding_pass(a)
    entities = _resolve(a)
    by_name = {e.name: e for e in entities}
    out = []
    for d in sorted(a.drafts, key=lambda d: (d.start, d.end)):
        m = d.mention
        ent = by_name.get(d.speaker) if d.speaker else None
        out.append(Attribution(
            start=d.start, end=d.end, kind=d.kind, statement=d.statement, rules=tuple(d.rules),
            speaker=d.speaker, speaker_kind=d.speaker_kind or "unknown",
            mention=Span(m.start, m.end, text[m.start:m.end]) if m else None,
            cue=Span(d.cue.start, d.cue.end, text[d.cue.start:d.cue.end]) if d.cue else None,
            title=d.title, affiliation=d.affiliation,
            aliases=tuple(ent.aliases) if ent else (),
            titles=tuple(ent.titles) if ent else (),
            affiliations=tuple(ent.affiliations) if ent else (),
        ))
    return Extraction(tuple(out), detection.rejections)
