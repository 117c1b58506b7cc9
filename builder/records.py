"""The data model: every record passed between pipeline stages and written to the dataset.

Read this file to know the whole contract. Stages are plain functions over these frozen
dataclasses (DESIGN.md §1). The four export classes at the bottom (`QuoteRecord`,
`CitationRecord`, `SpeakerRecord`, `ArticleRecord`) are the dataset's configs: their field order
is the JSONL key order and the card's `dataset_info` features are generated from their type hints
(`builder.schema`), so this file is the single source of truth for the published schema.

Null versus empty, everywhere: `None` means "not provided / not found"; an empty list means
"looked, and there are none".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

# Closed vocabularies. Order matters: it is the ClassLabel integer order in the card.
KINDS = ("direct", "mixed", "indirect")
SPEAKER_KINDS = ("person", "organization", "group", "anonymous", "unknown")
CITED_KINDS = ("publication", "organization", "person", "document", "url", "unknown")
BLOCK_KINDS = ("paragraph", "heading", "list_item", "blockquote", "table", "caption")

# Rejection reasons, stage-prefixed (DESIGN.md §1). An article-level rejection drops the article;
# a candidate-level one drops one quote candidate and is only counted.
REJECTION_REASONS = (
    "source_unreadable",      # the file could not be read (permissions, vanished, symlink outside raw/)
    "source_empty",           # zero bytes or only whitespace
    "source_binary",          # NUL bytes or a known binary signature (PDF, ZIP, images)
    "source_bad_sidecar",     # .meta.json is not valid JSON or has wrong types
    "source_duplicate",       # byte-identical to an article already read under another name
    "parse_undecodable",      # no encoding decodes the bytes
    "parse_no_body",          # decoded, but no article text was found
    "parse_too_large",        # over the configured size limit
    "detect_unbalanced_marks",  # one quote candidate whose marks never close (candidate-level)
    "detect_timeout",         # a rule ran past its time budget on this article
    "internal_error",         # an unexpected exception; the message names the file
)


def doc(text: str):
    """A dataclass field with a description for the dataset card's field table."""
    return field(metadata={"doc": text})


@dataclass(frozen=True, slots=True)
class Label:
    """`Annotated` metadata marking a string field as a ClassLabel with these names."""

    names: tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# Between stages
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input file as read from disk: bytes, digest and sidecar metadata (`sources`)."""

    path: str                 # POSIX path relative to the raw root, e.g. "wikinews/2019-....txt"
    data: bytes
    sha256: str
    meta: dict                # the sidecar's keys (url, title, publisher, published, language, license, ...)
    format: str               # "html" or "text"


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why an article (or one candidate in it) was left out, with the file it came from."""

    path: str
    article_id: str | None
    reason: str               # one of REJECTION_REASONS
    detail: str

    def __post_init__(self):
        if self.reason not in REJECTION_REASONS:
            raise ValueError(f"unknown rejection reason {self.reason!r}")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like unit of the canonical text: its span, kind and section index."""

    start: int
    end: int
    kind: str                 # one of BLOCK_KINDS
    section: int              # index into Article.sections


@dataclass(frozen=True, slots=True)
class Section:
    """A headed part of the article; the lead section before the first heading has no title."""

    title: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink whose anchor text is text[start:end] (HTML only)."""

    start: int
    end: int
    href: str


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article: ONE canonical text, fixed here and never rewritten afterwards."""

    id: str
    path: str
    sha256: str
    text: str
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    links: tuple[Link, ...] = ()
    url: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    published: str | None = None
    language: str = "en"
    license: str | None = None
    encoding: str | None = None
    format: str = "text"


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of the canonical text with the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class QuoteCandidate:
    """A span in quote marks found by `detect`, before attribution."""

    start: int                # first character inside the opening mark
    end: int                  # the closing mark's offset
    open_mark: str
    close_mark: str
    continued: bool = False   # opened again at a new paragraph after an unclosed quote (news convention)


@dataclass(frozen=True, slots=True)
class Attribution:
    """One quoted or reported span with everything `attribute` learnt about who said it."""

    start: int
    end: int
    kind: str                 # one of KINDS
    statement: int            # pieces of one interrupted quote share this number
    rules: tuple[str, ...]
    speaker: str | None = None          # canonical full name after coreference
    speaker_kind: str = "unknown"
    mention: Span | None = None         # the mention at the attribution site ("he", "Hui")
    cue: Span | None = None
    title: str | None = None
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()        # every title met for this speaker in the article
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    """A source the article cites, found by `cite`."""

    cited: str
    cited_kind: str           # one of CITED_KINDS
    cue: str                  # "according to", "as per", "Source:", "link", "reported", "told"
    start: int                # span of the cited name (or link anchor) in the text
    end: int
    rules: tuple[str, ...]
    url: str | None = None
    claim: Span | None = None  # the statement attributed to the source, when there is one


# ---------------------------------------------------------------------------------------------
# Exported rows (one class per dataset config). Field order = JSONL key order.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A row of the `quotes` config: one contiguous quoted or reported span."""

    id: str = doc('"<article_id>:<start>-<end>": stable while the span does not move')
    article_id: str = doc('the article (row of `articles`) the span points into')
    quote: str = doc('the quoted or reported words: text[start:end] of the article (direct quotes exclude the marks)')
    start: int = doc('offset of the first character in the article text')
    end: int = doc('offset just past the last character')
    kind: Annotated[str, Label(KINDS)] = doc('direct (verbatim, in quote marks or an interview turn), mixed (reported clause holding a quoted fragment) or indirect (reported without marks)')
    statement_id: str = doc('id of the first piece of the statement; the pieces of an interrupted quote share it')
    speaker: str | None = doc('canonical name after coreference ("Christopher Hui"); null when the mention is anonymous, generic or unresolved')
    speaker_id: str | None = doc("key of the speaker's row in the `speakers` config; null when `speaker` is null")
    speaker_mention: str | None = doc('the words naming the speaker at the attribution site ("he", "a spokesman"); null when no mention was found')
    speaker_start: int | None = doc('offset of the mention; null with speaker_mention')
    speaker_end: int | None = doc('end offset of the mention; null with speaker_mention')
    speaker_kind: Annotated[str, Label(SPEAKER_KINDS)] = doc('person, organization, group, anonymous ("a source") or unknown')
    speaker_title: str | None = doc('the speaker\'s title at this point of the article ("Financial Secretary"); null when none is given anywhere in the article')
    speaker_affiliation: str | None = doc('organisation or place the title belongs to ("Hong Kong SAR"); null when none is given')
    cue: str | None = doc('the reporting verb or phrase ("said", "according to"); null for continued quotes and interview turns')
    cue_start: int | None = doc('offset of the cue; null with cue')
    cue_end: int | None = doc('end offset of the cue; null with cue')
    section: str | None = doc('heading of the section holding the quote; null in the lead before any heading')
    paragraph: int = doc('0-based index of the paragraph-like block (see `articles.paragraphs`)')
    rules: list[str] = doc('names of the rules that produced the record, in the order applied (see builder/rules.py)')
    source_url: str | None = doc('URL of the article; null when unknown')
    source_title: str | None = doc('headline of the article; null when unknown')
    publisher: str | None = doc('publisher of the article; null when unknown')
    published: str | None = doc('publication date, ISO 8601; null when unknown')


@dataclass(frozen=True, slots=True)
class CitationRecord:
    """A row of the `citations` config: one source the article cites."""

    id: str = doc('"<article_id>:c<start>-<end>"')
    article_id: str = doc('the article that cites the source')
    cited: str = doc('the source as named in the text ("CoinMarketCap") or the URL')
    cited_kind: Annotated[str, Label(CITED_KINDS)] = doc('publication, organization, person, document, url or unknown')
    cue: str = doc('how the text cites it: according to, as per, Source:, reported, told, statement, link')
    url: str | None = doc('the link target or the URL given; null when the text names the source without a link')
    claim: str | None = doc('the statement credited to the source; null when the citation stands alone (a Source: line)')
    start: int = doc('offset of the cited name (or link anchor) in the article text')
    end: int = doc('end offset of the cited name')
    quote_id: str | None = doc('the `quotes` row whose statement this source carries ("told Reuters", "according to"); null when none')
    rules: list[str] = doc('names of the rules that found the citation')


@dataclass(frozen=True, slots=True)
class SpeakerRecord:
    """A row of the `speakers` config: one named speaker merged across the corpus."""

    id: str = doc('slug of the canonical name (key used by quotes.speaker_id)')
    name: str = doc('canonical full name')
    kind: Annotated[str, Label(SPEAKER_KINDS)] = doc('person, organization, group, anonymous or unknown')
    titles: list[str] = doc('every title met for the speaker, in order of first appearance; empty when none')
    affiliations: list[str] = doc('every affiliation met, in order of first appearance; empty when none')
    aliases: list[str] = doc('other names that resolved to the speaker (surnames, shorter forms); empty when none')
    articles: list[str] = doc('ids of the articles quoting the speaker')
    quote_count: int = doc('number of `quotes` rows attributed to the speaker')


@dataclass(frozen=True, slots=True)
class SectionRecord:
    """A section of an exported article."""

    title: str | None = doc('heading text; null for the lead section')
    start: int = doc('offset of the section')
    end: int = doc('end offset')


@dataclass(frozen=True, slots=True)
class ParagraphRecord:
    """A paragraph-like block of an exported article."""

    start: int = doc('offset of the block')
    end: int = doc('end offset')
    kind: str = doc('paragraph, heading, list_item, blockquote, table or caption')


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """A row of the `articles` config: the canonical text every span points into."""

    id: str = doc('article id: the path under raw/ without its extension')
    path: str = doc('path of the input file under raw/')
    sha256: str = doc("sha256 of the input file's bytes")
    url: str | None = doc('original URL; null when unknown')
    title: str | None = doc('headline; null when the file has none')
    authors: list[str] = doc('bylines; empty when none are given')
    publisher: str | None = doc('publisher or site name; null when unknown')
    published: str | None = doc('publication date, ISO 8601; null when unknown')
    language: str = doc('ISO 639-1 code')
    license: str | None = doc("the article's license as given in its metadata; null when not given")
    text: str = doc('the canonical text every offset in the dataset points into')
    sections: list[SectionRecord] = doc('headed parts of the text, in order')
    paragraphs: list[ParagraphRecord] = doc('paragraph-like blocks of the text, in order')


CONFIGS: dict[str, type] = {
    "quotes": QuoteRecord,
    "citations": CitationRecord,
    "speakers": SpeakerRecord,
    "articles": ArticleRecord,
}
DEFAULT_CONFIG = "quotes"


@dataclass(slots=True)
class ArticleResult:
    """Everything one article contributes to the dataset, or why it contributes nothing."""

    path: str
    article: Article | None = None
    quotes: list[QuoteRecord] = field(default_factory=list)
    citations: list[CitationRecord] = field(default_factory=list)
    speakers: list[SpeakerRecord] = field(default_factory=list)   # per-article, merged at export
    rejections: list[Rejection] = field(default_factory=list)
