"""The whole pipeline: one article in isolation, then the corpus into `dataset/`."""

from __future__ import annotations

import hashlib
import json
import sys
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from builder import __version__, lexicons, sources
from builder.assemble import SpanError, article_record, assemble, merge_speakers
from builder.attribute import extract
from builder.cite import cite
from builder.export import CardMeta, DatasetWriter, ExportError
from builder.parse import parse
from builder.records import Article, ArticleResult, Rejection

PACKAGE_DIR = Path(__file__).parent


def process(path: Path, raw_root: Path) -> ArticleResult:
    """Run every stage on one file; any failure becomes a Rejection naming the file."""
    rel = path.relative_to(raw_root).as_posix()
    result = ArticleResult(rel)
    try:
        raw = sources.read(path, raw_root)
        if isinstance(raw, Rejection):
            result.rejections.append(raw)
            return result
        article = parse(raw)
        if isinstance(article, Rejection):
            result.rejections.append(article)
            return result
        result.article = article
        found = extract(article.text, article.language, rel, article.id, article.blocks)
        result.rejections.extend(found.rejections)
        quotes, citations, speakers = assemble(article, found.attributions, cite(article, found.attributions))
        result.quotes, result.citations, result.speakers = quotes, citations, speakers
    except SpanError as exc:
        result.article = None
        result.rejections.append(Rejection(rel, sources.article_id(rel), "internal_error", str(exc)))
    except Exception as exc:  # noqa: BLE001 - one broken article must not take the build down
        result.article = None
        where = traceback.extract_tb(exc.__traceback__)[-1]
        result.rejections.append(Rejection(
            rel, sources.article_id(rel), "internal_error",
            f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"))
    return result


def article_paths(raw_root: Path) -> list[Path]:
    """Article files in build order: sorted by article id (rows are sorted by it too)."""
    return sorted(sources.discover(raw_root), key=lambda p: sources.article_id(p.relative_to(raw_root).as_posix()))


# Modules that read or review the dataset without shaping it: editing them needs no rebuild.
TOOLING = frozenset({"__main__.py", "cli.py", "diff.py", "evaluate.py", "quality.py", "release.py", "review.py",
                     "snapshot.py"})


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


def input_digest(paths: list[Path], raw_root: Path, card_dir: Path) -> str:
    """sha256 over every input that shapes `dataset/`: raw files, sidecars, card metadata, code."""
    h = hashlib.sha256(code_digest().encode())
    for path in paths:
        h.update(path.relative_to(raw_root).as_posix().encode())
        for p in (path, sources.sidecar_path(path)):
            if p.exists():
                h.update(hashlib.sha256(p.read_bytes()).digest())
    for name in ("dataset.toml", "CHANGELOG.md"):
        h.update((card_dir / name).read_bytes())
    return h.hexdigest()


@dataclass
class Summary:
    """What a build did, for the terminal and the manifest."""

    articles: int = 0
    counts: Counter = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    up_to_date: bool = False

    def by_reason(self) -> dict[str, int]:
        return dict(sorted(Counter(r.reason for r in self.rejections).items()))

    def render(self) -> str:
        if self.up_to_date:
            return "dataset/ is up to date (inputs unchanged); nothing to do."
        lines = [f"articles: {self.articles}  quotes: {self.counts['quotes']}  citations: {self.counts['citations']}  "
                 f"speakers: {self.counts['speakers']}"]
        reasons = self.by_reason()
        lines.append("rejections: " + (", ".join(f"{k} {v}" for k, v in reasons.items()) if reasons else "none"))
        for r in self.rejections:
            if r.reason != "detect_unbalanced_marks":
                lines.append(f"  {r.path}: {r.reason}: {r.detail}")
        return "\n".join(lines)


def _results(paths: list[Path], raw_root: Path, jobs: int):
    if jobs <= 1 or len(paths) < 2:
        for p in paths:
            yield process(p, raw_root)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(process, paths, [raw_root] * len(paths), chunksize=8)


def build(raw_root: Path, out_dir: Path, card_dir: Path, jobs: int = 1, force: bool = False,
          progress: bool = True) -> Summary:
    """Rebuild `out_dir` from `raw_root` unless nothing changed; rejected articles are reported, not fatal."""
    from tqdm import tqdm

    if not raw_root.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_root}")
    paths = article_paths(raw_root)
    digest = input_digest(paths, raw_root, card_dir)
    manifest_path = out_dir / "manifest.json"
    if not force and manifest_path.exists():
        try:
            if json.loads(manifest_path.read_text(encoding="utf-8")).get("input_digest") == digest:
                return Summary(up_to_date=True)
        except (json.JSONDecodeError, OSError):
            pass
    meta = CardMeta.load(card_dir / "dataset.toml")
    summary = Summary()
    writer = DatasetWriter(out_dir)
    seen: dict[str, str] = {}
    try:
        bar = tqdm(total=len(paths), unit="article", desc="building", disable=not progress, file=sys.stderr)
        for result in _results(paths, raw_root, jobs):
            bar.update(1)
            summary.rejections.extend(result.rejections)
            article: Article | None = result.article
            if article is None:
                continue
            if article.sha256 in seen:
                summary.rejections.append(Rejection(result.path, article.id, "source_duplicate",
                                                    f"same bytes as {seen[article.sha256]}"))
                continue
            seen[article.sha256] = result.path
            writer.add(article_record(article), result.quotes, result.citations, result.speakers)
            summary.articles += 1
        bar.close()
        manifest = {
            "dataset_version": meta.version,
            "builder_version": __version__,
            "input_digest": digest,
            "code_digest": code_digest(),
            "articles": summary.articles,
            "rejections": summary.by_reason(),
            "rejected": [{"path": r.path, "reason": r.reason, "detail": r.detail}
                         for r in sorted(summary.rejections, key=lambda r: (r.path, r.reason, r.detail))],
        }
        writer.finish(meta, manifest, card_dir / "CHANGELOG.md", merge_speakers)
    except (ExportError, OSError, KeyboardInterrupt):
        writer.abort()
        raise
    summary.counts = writer.counts
    return summary
