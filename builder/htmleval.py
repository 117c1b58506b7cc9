"""Main-text extraction scored on saved news pages: token F1 against their expected text, beside trafilatura.

Each page folder under the fixtures root holds one HTML page and the text another extraction
project expects from it (`expected.txt`, `<name>.expected.txt`, readability's `expected.html`, or
goose3's `<name>.expected.json`). Both extractors run on the same bytes in the same process, so
the speeds compare. The pages are copyrighted: they are read where they are, never copied.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import regex

DEFAULT_FIXTURES = Path("../shared/corpus/html-fixtures")
FLOOR = 0.80          # no page may score below this (issue 4)
# One token per CJK character (no spaces to split on), else runs of letters and digits; case folded.
_TOKEN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|[\p{L}\p{N}]+")
_SENTENCE_END = regex.compile(r"[.!?。！？”\"’)」]\s*$")
EXTRACTORS = ("ours", "trafilatura", "visible")


@dataclass
class Page:
    """One saved page and the text its fixture expects."""

    name: str
    html: bytes
    expected: str
    prefix: bool      # the expected text is only the article's beginning: precision cannot be scored


@dataclass
class Report:
    """Scores per page and extractor, and the seconds each extractor spent."""

    rows: list[dict] = field(default_factory=list)
    seconds: Counter = field(default_factory=Counter)

    def full(self) -> list[dict]:
        """Rows whose expected text is the whole article (the pages that count)."""
        return [r for r in self.rows if not r["prefix"]]

    def mean(self, extractor: str) -> float:
        return sum(r[extractor][2] for r in self.full()) / max(1, len(self.full()))

    def worst(self, extractor: str) -> float:
        return min((r[extractor][2] for r in self.full()), default=0.0)

    def pages_per_second(self, extractor: str) -> float:
        return len(self.rows) / self.seconds[extractor] if self.seconds[extractor] else 0.0

    def failures(self) -> list[str]:
        """Why the acceptance gate fails: mean below trafilatura's, or a page below FLOOR."""
        out = []
        if self.mean("ours") < self.mean("trafilatura"):
            out.append(f"mean F1 {self.mean('ours'):.3f} is below trafilatura's {self.mean('trafilatura'):.3f}")
        out += [f"{r['page']}: F1 {r['ours'][2]:.3f} is below {FLOOR}" for r in self.full() if r["ours"][2] < FLOOR]
        return out


def tokens(text: str) -> Counter:
    """The multiset of case-folded word tokens of a text."""
    return Counter(t.casefold() for t in _TOKEN.findall(text))


def prf(predicted: str, expected: str) -> tuple[float, float, float]:
    """Token-level precision, recall and F1 of a predicted text against the expected one."""
    p, g = tokens(predicted), tokens(expected)
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def visible_text(html: bytes) -> str:
    """Every visible text node of a page: the baseline any extractor must beat."""
    from builder.parse.decode import decode

    tree = lxml.html.document_fromstring(decode(html, "html")[0].encode("utf-8"))
    for el in tree.xpath("//script|//style|//noscript|//template"):
        el.drop_tree()
    body = tree.find("body")
    return (body if body is not None else tree).text_content()


def load_pages(root: Path) -> list[Page]:
    """Every page folder under `root` that holds an expected text, in name order."""
    pages = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(p for p in folder.iterdir() if p.is_file())
        expected = [p for p in files if "expected" in p.name and "metadata" not in p.name]
        html = [p for p in files if p.suffix == ".html" and p not in expected]
        if not expected or not html:
            continue
        path = expected[0]
        prefix = False
        if path.suffix == ".json":
            text = json.loads(path.read_text(encoding="utf-8"))["expected"]["cleaned_text"]
            # goose3 tests compare cleaned_text as a prefix; a text that stops mid-sentence is one.
            prefix = not _SENTENCE_END.search(text)
        elif path.suffix == ".html":
            text = lxml.html.document_fromstring(path.read_text(encoding="utf-8")).text_content()
        else:
            text = path.read_text(encoding="utf-8")
        pages.append(Page(folder.name, html[0].read_bytes(), text, prefix))
    return pages


def evaluate(root: Path) -> Report:
    """Score our parser, trafilatura and the visible-text baseline on every page under `root`."""
    import trafilatura

    from builder.parse import parse
    from builder.records import RawDocument

    extract = {
        "ours": lambda html: getattr(parse(RawDocument("page.html", html, "", {}, "html")), "text", ""),
        # The same task as ours: the article's text with its tables, without reader comments.
        "trafilatura": lambda html: trafilatura.extract(html, include_comments=False, include_tables=True) or "",
        "visible": visible_text,
    }
    report = Report()
    pages = load_pages(root)
    for name in EXTRACTORS if pages else ():    # first calls import and compile: untimed
        extract[name](pages[0].html)
    for page in pages:
        row: dict = {"page": page.name, "prefix": page.prefix}
        for name in EXTRACTORS:
            start = time.perf_counter()
            text = extract[name](page.html)
            report.seconds[name] += time.perf_counter() - start
            row[name] = prf(text, page.expected)
        report.rows.append(row)
    return report


def format_table(report: Report) -> str:
    """The report as a Markdown table: P/R/F1 per page and extractor, then mean, worst and speed."""
    head = "| page | " + " | ".join(f"{e} P / R / F1" for e in EXTRACTORS) + " |"
    lines = [head, "|---|" + "---|" * len(EXTRACTORS)]
    for r in report.rows:
        cells = [f"{r[e][0]:.3f} / {r[e][1]:.3f} / **{r[e][2]:.3f}**" for e in EXTRACTORS]
        note = " (expected text is a prefix: recall only, not in the mean)" if r["prefix"] else ""
        lines.append(f"| {r['page']}{note} | " + " | ".join(cells) + " |")
    n = len(report.full())
    lines.append(f"| **mean F1 ({n} pages)** | " + " | ".join(f"**{report.mean(e):.3f}**" for e in EXTRACTORS) + " |")
    lines.append("| **worst F1** | " + " | ".join(f"{report.worst(e):.3f}" for e in EXTRACTORS) + " |")
    lines.append("| pages/s | " + " | ".join(f"{report.pages_per_second(e):.1f}" for e in EXTRACTORS) + " |")
    return "\n".join(lines)
