"""The whole pipeline: one article in isolation, then the corpus into `dataset/`.

A build makes two passes over raw/. The first reads and hashes every file and keeps only the
digests: the input digest makes an unchanged build a no-op, and byte-identical files are found.
The second streams the articles in id order through the cache (builder/cache.py) and, on a miss,
through worker processes (builder/pool.py); rows go to the writer as they come (copied from their
cache entries, or staged), so memory does not grow with the corpus. Every article runs under a
CPU-time budget (an overrun is a `detect_timeout` rejection) and a worker still busy past a
wall-clock limit is killed. Timeouts and unexpected errors are never cached: they may not happen
again.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import signal
import stat
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path

from builder import __version__, lexicons, sources
from builder.assemble import SpanError, article_record, assemble, merge_speakers
from builder.attribute import extract
from builder.cache import Cache, Entry
from builder.cite import cite
from builder.export import CardMeta, DatasetWriter, Piece, article_facts, recover, render_rows
from builder.parse import parse
from builder.pool import Done, Failure, Workers
from builder.records import REJECTION_REASONS, Article, ArticleResult, Block, Link, Rejection, Section
from builder.schema import as_row

PACKAGE_DIR = Path(__file__).parent
# CPU seconds one article may take from bytes to rows. A news article takes 5-50 ms; the budget
# only stops pathological inputs (and engine hot spots on them) from stalling a build.
ARTICLE_BUDGET = 10.0
# Rejections of one quote candidate, not of its article: counted, the article is still built.
CANDIDATE_REASONS = frozenset({"detect_unbalanced_marks"})


@dataclass(frozen=True)
class ArticleOptions:
    """Build options that decide what an article becomes: part of the input digest and of every cache key."""

    max_bytes: int = sources.MAX_BYTES     # larger files are rejected as parse_too_large, unread


# ---------------------------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------------------------


def wall_limit(budget: float | None) -> float | None:
    """Wall-clock seconds after which a worker still on one article is killed: the CPU budget cannot
    fire while a worker waits or sits in C code that never checks for signals."""
    return 3 * budget + 10 if budget else None


class BudgetExceeded(BaseException):
    """An article ran past its CPU budget (a BaseException, so no `except Exception` in a stage swallows it)."""


@contextmanager
def time_budget(seconds: float | None):
    """Raise BudgetExceeded in this block once it has used `seconds` of CPU time.

    Both `re` and `regex` check for signals while matching, so this also stops a backtracking
    pattern that has no `timeout=`. Only the main thread receives signals: elsewhere (and where
    the OS has no profiling timer) the block runs unbudgeted.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def overrun(_signum, _frame):
        raise BudgetExceeded

    previous = signal.signal(signal.SIGPROF, overrun)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _where(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    return f"at {Path(frame.filename).name}:{frame.lineno}"


def guarded(rel: str, budget: float | None, work):
    """work() under the CPU budget; an overrun or any exception becomes a Rejection naming the file."""
    aid = sources.article_id(rel)
    try:
        with time_budget(budget):
            return work()
    except BudgetExceeded:
        return Rejection(rel, aid, "detect_timeout", f"over its budget of {budget:g} s of CPU time")
    except TimeoutError as exc:     # a `regex` call's own timeout=
        return Rejection(rel, aid, "detect_timeout", f"a pattern ran past its timeout ({_where(exc)})")
    except SpanError as exc:
        return Rejection(rel, aid, "internal_error", str(exc))
    except Exception as exc:  # noqa: BLE001 - one broken article must not take the build down
        return Rejection(rel, aid, "internal_error", f"{type(exc).__name__}: {exc} ({_where(exc)})")


def analyse(article: Article) -> tuple[list, list, list, tuple[Rejection, ...]]:
    """Quotes, citations and per-article speakers of a parsed article, and the candidates rejected on the way."""
    found = extract(article.text, article.language, article.path, article.id, article.blocks)
    quotes, citations, speakers = assemble(article, found.attributions, cite(article, found.attributions))
    return quotes, citations, speakers, found.rejections


def process(path: Path, raw_root: Path) -> ArticleResult:
    """Run every stage on one file (no cache, no budget); any failure becomes a Rejection naming the file."""
    rel = path.relative_to(raw_root).as_posix()
    result = ArticleResult(rel)
    raw = sources.read(path, raw_root)
    article = raw if isinstance(raw, Rejection) else guarded(rel, None, lambda: parse(raw))
    if isinstance(article, Rejection):
        result.rejections.append(article)
        return result
    found = guarded(rel, None, lambda: analyse(article))
    if isinstance(found, Rejection):
        result.rejections.append(found)
        return result
    result.article = article
    result.quotes, result.citations, result.speakers, rejections = found
    result.rejections.extend(rejections)
    return result


# ---------------------------------------------------------------------------------------------
# Digests: what invalidates the dataset, the parse cache and the rows cache
# ---------------------------------------------------------------------------------------------


def article_rels(raw_root: Path) -> list[str]:
    """Paths under raw/ of the article files in build order: sorted by article id (rows are sorted by it too)."""
    return sorted(sources.article_files(raw_root), key=sources.article_id)


def article_paths(raw_root: Path) -> list[Path]:
    """Article files in build order."""
    return [raw_root / rel for rel in article_rels(raw_root)]


# Modules that read or review the dataset without shaping it: editing them needs no rebuild.
TOOLING = frozenset({"__main__.py", "bench.py", "cli.py", "diff.py", "evaluate.py", "quality.py", "release.py",
                     "review.py", "snapshot.py"})


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def code_digest() -> str:
    """sha256 over the source that shapes dataset/ and the lexicons: a rule change invalidates the build."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if path.name in TOOLING and path.parent == PACKAGE_DIR:
            continue
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(path.read_bytes())
    h.update(lexicons.digest().encode())
    return h.hexdigest()


def module_closure(*roots: str) -> list[Path]:
    """Source files of the builder modules `roots` and everything they import, inside functions too."""
    found: dict[str, Path] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in found or not name.startswith("builder"):
            continue
        base = PACKAGE_DIR.parent.joinpath(*name.split("."))
        path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        if not path.is_file():
            continue                         # `from builder import __version__`: a name, not a module
        found[name] = path
        todo.append(name.rpartition(".")[0])  # a package runs its __init__ first
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Import):
                todo.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                todo.append(node.module)
                todo.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(found.values())


def parse_digest() -> str:
    """sha256 over the code of the parse stage only: rule and lexicon changes leave parsed articles valid."""
    files = module_closure("builder.parse", "builder.sources")
    parts = [__version__, *(p.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + p.read_bytes() for p in files)]
    if PACKAGE_DIR / "lexicons.py" in files:
        parts.append(lexicons.digest())
    return _sha(*parts)


@dataclass(frozen=True, slots=True)
class Input:
    """One article file as the first pass saw it: its digests, or why it cannot be used."""

    rel: str
    sha256: str | None = None
    meta: str | None = None               # sha256 of its sidecar metadata
    rejection: Rejection | None = None
    signature: str | None = None          # stat of the file and its sidecar (None: a symlink, read every time)
    article: str | None = None            # sha256 of its parsed article, known from the index for this parse code


def _meta_digest(meta: dict) -> str:
    return _sha(json.dumps(meta, sort_keys=True, ensure_ascii=False))


def _stat_key(st) -> str:
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def signature(path: str) -> tuple[str, int, int] | None:
    """(stat signature of an article file and its sidecar, the file's size, their newest change time),
    or None when either is not a regular file (a symlink is read and checked on every build)."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            return None
        try:
            side = os.lstat(path[: -len(os.path.splitext(path)[1])] + sources.SIDECAR_SUFFIX)
        except FileNotFoundError:
            return f"{_stat_key(st)}|-", st.st_size, max(st.st_mtime_ns, st.st_ctime_ns)
    except OSError:
        return None
    if not stat.S_ISREG(side.st_mode):
        return None
    return (f"{_stat_key(st)}|{_stat_key(side)}", st.st_size,
            max(st.st_mtime_ns, st.st_ctime_ns, side.st_mtime_ns, side.st_ctime_ns))


def fingerprint(raw_root: Path, rel: str, options: ArticleOptions, indexed: str | None = None,
                settings: Settings | None = None, stable_before: int = 0) -> Input:
    """Digest one file and its sidecar, reading them unless the index line of an unchanged file says it all.

    A signature is only kept (for the next index) when both files were last changed before
    `stable_before` (ns): a file rewritten within the same clock tick as its recorded stat could
    otherwise keep its signature with new content (git's "racy" entries).
    """
    sig = signature(os.path.join(raw_root, rel))
    if sig is not None and sig[2] >= stable_before:
        sig = None
    if indexed and sig is not None and sig[1] <= options.max_bytes:
        parts = indexed.split("\t")
        if len(parts) == 6 and parts[1] == sig[0]:
            _rel, _sig, sha, meta, pkey, article = parts
            known = article if settings is not None and article and pkey == settings.parse_key(rel, sha, meta) else None
            return Input(rel, sha, meta, signature=sig[0], article=known)
    raw = sources.read(raw_root / rel, raw_root, options.max_bytes)
    if isinstance(raw, Rejection):
        return Input(rel, rejection=raw)
    return Input(rel, raw.sha256, _meta_digest(raw.meta), signature=sig[0] if sig else None)


def _input_digest(inputs: list[Input], card_dir: Path, options: ArticleOptions) -> str:
    h = hashlib.sha256(code_digest().encode())
    h.update(repr(options).encode())
    for inp in inputs:
        r = inp.rejection
        h.update(f"{inp.rel}\0{inp.sha256}\0{inp.meta}\0{r.reason if r else ''}\0{r.detail if r else ''}\n".encode())
    for name in ("dataset.toml", "CHANGELOG.md"):
        h.update((card_dir / name).read_bytes())
    return h.hexdigest()


def input_digest(paths: list[Path], raw_root: Path, card_dir: Path, options: ArticleOptions = ArticleOptions()) -> str:
    """sha256 over every input that shapes `dataset/`: raw files, sidecars, options, card metadata, code."""
    return _input_digest([fingerprint(raw_root, p.relative_to(raw_root).as_posix(), options) for p in paths],
                         card_dir, options)


# ---------------------------------------------------------------------------------------------
# What one article contributes, computed in a worker or read from the cache
# ---------------------------------------------------------------------------------------------

ROW_CONFIGS = ("articles", "quotes", "citations")     # `speakers` rows are merged across articles at the end


def article_json(article: Article) -> bytes:
    """The parsed article as JSON (the parse cache entry; its sha256 keys the rows entry)."""
    row = {}
    for f in fields(Article):
        value = getattr(article, f.name)
        if f.name in _NESTED:
            value = [[getattr(x, g.name) for g in fields(_NESTED[f.name])] for x in value]
        row[f.name] = value
    return json.dumps(row, ensure_ascii=False).encode("utf-8")


_NESTED = {"blocks": Block, "sections": Section, "links": Link}


def article_from_json(body: bytes) -> Article:
    """Inverse of `article_json`."""
    row = json.loads(body)
    for name, cls in _NESTED.items():
        row[name] = tuple(cls(*x) for x in row[name])
    row["authors"] = tuple(row["authors"])
    return Article(**row)


@dataclass
class ArticleOutput:
    """One article's rows (JSONL bytes per config, speaker lines), card facts and rejections.

    `header` and `body` are exactly its `rows` cache entry, and `stored` says where that entry's
    body lies on disk (file, offset), so the writer can copy the rows from there instead of
    staging them again; `work` says what this build did for the article.
    """

    header: dict
    body: bytes
    work: str = "reused"          # the stages this build ran for it: reused, parsed, extracted, parsed+extracted, failed
    stored: tuple[str, int] | None = None

    @classmethod
    def rejected(cls, rejection: Rejection, work: str = "failed") -> ArticleOutput:
        return cls({"path": rejection.path, "rejections": [[rejection.reason, rejection.detail, 1]],
                    "lines": {}, "facts": None}, b"", work)

    @classmethod
    def from_entry(cls, entry: Entry, work: str = "reused") -> ArticleOutput:
        """An output read back from the cache, checked for shape (ValueError when it is not one)."""
        header = entry.header
        sizes = [n for _lines, n in header["lines"].values()]
        if list(header["lines"]) != [*ROW_CONFIGS, "speakers"] or sum(sizes) != len(entry.body):
            raise ValueError("rows entry does not match its body")
        if any(reason not in REJECTION_REASONS for reason, _detail, _n in header["rejections"]):
            raise ValueError("unknown rejection reason")
        return cls(header, entry.body, work, (entry.path, entry.offset))

    @property
    def built(self) -> bool:
        """True when the article has rows (it was not rejected as a whole)."""
        return bool(self.header["lines"])

    def pieces(self) -> tuple[dict[str, Piece], list[bytes]]:
        """The rows of each config as writer pieces (pointing into the cache entry when there is one),
        and the speaker lines."""
        out, pos = {}, 0
        for config, (lines, size) in self.header["lines"].items():
            data = self.body[pos:pos + size]
            if config == "speakers":
                speakers = data.splitlines(keepends=True)
            else:
                out[config] = Piece(lines, data, *((self.stored[0], self.stored[1] + pos) if self.stored else ()))
            pos += size
        return out, speakers


def _grouped(rejections) -> list[list]:
    """[reason, first detail, count] per reason: one article with 10 000 unbalanced marks is one entry."""
    out: dict[str, list] = {}
    for r in rejections:
        if r.reason in out:
            out[r.reason][2] += 1
        else:
            out[r.reason] = [r.reason, r.detail, 1]
    return list(out.values())


def _render(article: Article, quotes, citations, speakers, rejections) -> tuple[dict, bytes]:
    """The rows entry of a built article: validated JSONL per config, speaker lines, facts for the card."""
    parts, lines = [], {}
    rows = {}
    for config, records in zip(ROW_CONFIGS, ([article_record(article)], quotes, citations)):
        rows[config], data = render_rows(config, records)
        parts.append(data)
        lines[config] = [len(records), len(data)]
    speaker_lines = "".join(f"{sp.id}\t{json.dumps(as_row(sp), ensure_ascii=False)}\n" for sp in speakers).encode()
    parts.append(speaker_lines)
    lines["speakers"] = [len(speakers), len(speaker_lines)]
    header = {"path": article.path, "rejections": _grouped(rejections), "lines": lines,
              "facts": article_facts(rows["articles"][0], rows["quotes"], rows["citations"])}
    return header, b"".join(parts)


@dataclass(frozen=True)
class Settings:
    """What every article of one build shares (sent with each task: workers may be spawned, not forked)."""

    raw_root: Path
    cache_root: Path | None
    options: ArticleOptions
    parse_code: str
    rows_code: str
    budget: float | None

    def parse_key(self, rel: str, sha256: str, meta: str) -> str:
        return _sha("parse", self.parse_code, repr(self.options), rel, sha256, meta)

    def rows_key(self, article_sha256: str) -> str:
        return _sha("rows", self.rows_code, article_sha256)


def build_article(task: tuple[Settings, str, str]) -> ArticleOutput:
    """Everything one article contributes, from the cache where possible (runs in a worker).

    `task`: the build's settings, the article's path under raw/ and the sha256 the first pass saw.
    """
    settings, rel, sha256 = task
    outcome = guarded(rel, settings.budget, lambda: _build_article(settings, rel, sha256))
    return ArticleOutput.rejected(outcome) if isinstance(outcome, Rejection) else outcome


def _build_article(settings: Settings, rel: str, sha256: str) -> ArticleOutput:
    raw = sources.read(settings.raw_root / rel, settings.raw_root, settings.options.max_bytes)
    if isinstance(raw, Rejection):
        return ArticleOutput.rejected(raw)
    # edited since the first pass digested it: build what is there now, but cache nothing under the old digest
    cache = Cache(settings.cache_root if raw.sha256 == sha256 else None)
    pkey = settings.parse_key(raw.path, raw.sha256, _meta_digest(raw.meta))
    article, body = _cached_parse(cache.get("parse", pkey), raw.path)
    parsed = article is None
    if isinstance(article, Rejection):
        return ArticleOutput.rejected(article, "reused")
    if parsed:
        article = parse(raw)
        if isinstance(article, Rejection):
            cache.put("parse", pkey, {"rejection": [article.reason, article.detail]}, b"")
            return ArticleOutput.rejected(article, "parsed")
        body = article_json(article)
        cache.put("parse", pkey, {"article": _sha(body)}, body)
    digest = _sha(body)
    rkey = settings.rows_key(digest)
    try:
        hit = cache.get("rows", rkey)
        out = ArticleOutput.from_entry(hit, "parsed" if parsed else "reused") if hit else None
    except (ValueError, KeyError, TypeError):
        out = None                                        # a damaged entry is computed again
    if out is None:
        header, rows = _render(article, *analyse(article))
        stored = cache.put("rows", rkey, header, rows)
        out = ArticleOutput(header, rows, "parsed+extracted" if parsed else "extracted",
                            (stored.path, stored.offset) if stored else None)
    out.header["article"] = digest
    return out


def _cached_parse(entry: Entry | None, rel: str) -> tuple[Article | Rejection | None, bytes | None]:
    """(the parsed article or its rejection, the entry's body) from a parse entry; (None, None) when
    there is none or it cannot be read back."""
    if entry is None:
        return None, None
    try:
        if entry.header.get("rejection"):
            return Rejection(rel, sources.article_id(rel), *entry.header["rejection"]), None
        return article_from_json(entry.body), entry.body
    except (ValueError, KeyError, TypeError):
        return None, None


def _lookup(settings: Settings, cache: Cache, inp: Input) -> ArticleOutput | None:
    """The article's output when its cache entries are there (read in the parent, no worker needed)."""
    try:
        article = inp.article
        if article is None:
            header = cache.header("parse", settings.parse_key(inp.rel, inp.sha256, inp.meta))
            if header is None:
                return None
            if header.get("rejection"):
                return ArticleOutput.rejected(Rejection(inp.rel, sources.article_id(inp.rel), *header["rejection"]),
                                              "reused")
            article = header["article"]
        hit = cache.get("rows", settings.rows_key(article))
        if hit is None:
            return None
        out = ArticleOutput.from_entry(hit)
        out.header["article"] = article
        return out
    except (ValueError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------


@dataclass
class Summary:
    """What a build did, for the terminal and the manifest."""

    articles: int = 0
    counts: Counter = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)   # one per article and reason
    repeats: Counter = field(default_factory=Counter)           # (path, reason) -> how many times
    reasons: Counter = field(default_factory=Counter)           # every rejection, candidates included
    work: Counter = field(default_factory=Counter)              # articles per ArticleOutput.work
    up_to_date: bool = False

    @property
    def parsed(self) -> int:
        """Articles whose parse ran in this build (the others came from the cache or failed before it)."""
        return self.work["parsed"] + self.work["parsed+extracted"]

    @property
    def extracted(self) -> int:
        """Articles whose extraction ran in this build."""
        return self.work["extracted"] + self.work["parsed+extracted"]

    def by_reason(self) -> dict[str, int]:
        return dict(sorted(self.reasons.items()))

    @property
    def rejected_articles(self) -> list[Rejection]:
        """Rejections that kept an article out of the dataset (what --strict fails on)."""
        return [r for r in self.rejections if r.reason not in CANDIDATE_REASONS]

    def add(self, path: str, output: ArticleOutput) -> None:
        self.work[output.work] += 1
        for reason, detail, n in output.header["rejections"]:
            self.rejections.append(Rejection(path, sources.article_id(path), reason, detail))
            self.repeats[(path, reason)] += n
            self.reasons[reason] += n

    def render(self, shown: int = 20) -> str:
        rejected = self.rejected_articles
        if self.up_to_date:
            lines = ["dataset/ is up to date (inputs unchanged); nothing to do."]
        else:
            lines = [f"articles: {self.articles}  quotes: {self.counts['quotes']}  citations: {self.counts['citations']}  "
                     f"speakers: {self.counts['speakers']}",
                     f"work: {self.work['reused']} articles reused from the cache, {self.parsed} parsed, "
                     f"{self.extracted} extracted, {self.work['failed']} failed"]
        reasons = self.by_reason()
        lines.append("rejections: " + (", ".join(f"{k} {v}" for k, v in reasons.items()) if reasons else "none"))
        lines += [f"  {r.path}: {r.reason}: {r.detail}" for r in rejected[:shown]]
        if len(rejected) > shown:
            lines.append(f"  ... and {len(rejected) - shown} more (dataset/manifest.json lists them all)")
        return "\n".join(lines)

    @classmethod
    def from_manifest(cls, manifest: dict) -> Summary:
        """The summary of the build that wrote `manifest` (for a no-op build: --strict still sees its rejections)."""
        summary = cls(up_to_date=True, reasons=Counter(manifest.get("rejections") or {}))
        for r in manifest.get("rejected") or []:
            summary.rejections.append(Rejection(r["path"], sources.article_id(r["path"]), r["reason"], r["detail"]))
        return summary


def build(raw_root: Path, out_dir: Path, card_dir: Path, jobs: int = 1, force: bool = False,
          progress: bool = True, cache_dir: Path | None = None, options: ArticleOptions = ArticleOptions(),
          budget: float | None = ARTICLE_BUDGET) -> Summary:
    """Rebuild `out_dir` from `raw_root` unless nothing changed; rejected articles are reported, not fatal.

    `jobs` worker processes (1: in this process); `cache_dir` keeps per-article work between builds
    (None: no cache); `budget` is each article's CPU-time budget in seconds.
    """
    if not raw_root.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_root}")
    recover(out_dir)
    code = code_digest()
    settings = Settings(raw_root, cache_dir, options, parse_digest(), code, budget)
    cache = Cache(cache_dir)
    with Workers(build_article, jobs) as workers:
        stable_before = time.time_ns() - 2_000_000_000
        rels = article_rels(raw_root)
        inputs = [fingerprint(raw_root, rel, options, line, settings, stable_before)
                  for rel, line in zip(rels, _indexed(cache.index_lines(), rels))]
        del rels
        digest = _input_digest(inputs, card_dir, options)
        manifest_path = out_dir / "manifest.json"
        if not force and manifest_path.exists():
            try:
                previous = json.loads(manifest_path.read_text(encoding="utf-8"))
                if previous.get("input_digest") == digest:
                    return Summary.from_manifest(previous)
            except (ValueError, OSError, KeyError, TypeError):
                pass
        return _build(inputs, digest, settings, cache, workers, out_dir, card_dir, progress)


def _indexed(lines: Iterator[str], rels: list[str]) -> Iterator[str | None]:
    """The index line of each of `rels` (both in build order), None where it has none."""
    def order(rel: str) -> tuple[str, str]:
        return sources.article_id(rel), rel

    line = next(lines, None)
    for rel in rels:
        while line is not None and order(line.partition("\t")[0]) < order(rel):
            line = next(lines, None)
        if line is not None and line.partition("\t")[0] == rel:
            yield line
            line = next(lines, None)
        else:
            yield None


def _build(inputs: list[Input], digest: str, settings: Settings, cache: Cache, workers: Workers, out_dir: Path,
           card_dir: Path, progress: bool) -> Summary:
    """The second pass of `build`: every article through the cache or the workers, into the writer."""
    from tqdm import tqdm

    meta = CardMeta.load(card_dir / "dataset.toml")
    summary = Summary()
    writer = DatasetWriter(out_dir, cache.shards(out_dir))
    index_out = cache.index_writer()

    def items():
        first: dict[str, str] = {}          # sha256 -> the first file with these bytes
        previous = None                     # x.txt and x.html share an article id, and sort side by side
        for inp in inputs:
            aid = sources.article_id(inp.rel)
            if inp.rejection is not None:
                yield Done(ArticleOutput.rejected(inp.rejection))
            elif inp.sha256 in first:
                yield Done(ArticleOutput.rejected(
                    Rejection(inp.rel, aid, "source_duplicate", f"same bytes as {first[inp.sha256]}")))
            elif previous is not None and sources.article_id(previous) == aid:
                yield Done(ArticleOutput.rejected(
                    Rejection(inp.rel, aid, "source_duplicate", f"same article id as {previous}")))
            else:
                first[inp.sha256], previous = inp.rel, inp.rel
                hit = _lookup(settings, cache, inp)
                yield Done(hit) if hit is not None else (settings, inp.rel, inp.sha256)

    # No tqdm monitor thread: workers are forked, and forking a process with threads is unsafe.
    bar_class = type("Bar", (tqdm,), {"monitor_interval": 0})
    try:
        bar = bar_class(total=len(inputs), unit="article", desc="building", disable=not progress, file=sys.stderr)
        for inp, out in zip(inputs, workers.map(items(), wall_limit(settings.budget))):
            bar.update(1)
            if isinstance(out, Failure):
                reason = "detect_timeout" if out.reason == "timeout" else "internal_error"
                out = ArticleOutput.rejected(Rejection(inp.rel, sources.article_id(inp.rel), reason, out.detail))
            summary.add(inp.rel, out)
            if index_out is not None and inp.signature is not None:
                index_out.add("\t".join((inp.rel, inp.signature, inp.sha256, inp.meta,
                                         settings.parse_key(inp.rel, inp.sha256, inp.meta),
                                         out.header.get("article") or "")))
            if out.built:
                writer.add(sources.article_id(inp.rel), *out.pieces(), out.header["facts"])
                summary.articles += 1
        bar.close()
        manifest = {
            "dataset_version": meta.version,
            "builder_version": __version__,
            "input_digest": digest,
            "code_digest": settings.rows_code,
            "articles": summary.articles,
            "rejections": summary.by_reason(),
            "rejected": [{"path": r.path, "reason": r.reason, "detail": r.detail, "count": summary.repeats[(r.path, r.reason)]}
                         for r in sorted(summary.rejections, key=lambda r: (r.path, r.reason))],
        }
        writer.finish(meta, manifest, card_dir / "CHANGELOG.md", merge_speakers)
    except BaseException:
        writer.abort()
        if index_out is not None:
            index_out.discard()
        raise
    if index_out is not None:
        index_out.commit()
    cache.save_shards(out_dir, writer.shards)
    summary.counts = writer.counts
    if summary.parsed + summary.extracted > len(inputs) // 10:
        cache.sweep()     # a large invalidation (a rule change): drop old entries nothing uses any more
    return summary
