"""Command-line interface: `python -m builder <command>` or `quote-builder <command>`."""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections import deque
from pathlib import Path

from builder import __version__

DEFAULT_GOLD = Path("tests/gold")


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def cmd_build(args) -> int:
    from builder.pipeline import ArticleOptions, build

    summary = build(Path(args.raw), Path(args.out), Path(args.card), jobs=args.jobs, force=args.force,
                    progress=not args.quiet and sys.stderr.isatty(),
                    cache_dir=None if args.no_cache else Path(args.cache),
                    options=ArticleOptions(max_bytes=args.max_bytes), budget=args.article_budget or None)
    print(summary.render())
    if args.strict and summary.rejected_articles:
        print(f"--strict: {len(summary.rejected_articles)} rejected article(s) make this build fail", file=sys.stderr)
        return 1
    return 0


def quote_rows(doc_id: str, text: str, language: str = "en", article=None) -> tuple[list[dict], list[dict]]:
    """The quotes and citations of one text (or of a parsed `article`, with its blocks and links),
    as rows of the quotes/citations configs."""
    from builder.assemble import assemble, text_article
    from builder.attribute import extract
    from builder.cite import cite
    from builder.schema import as_row

    article = article or text_article(doc_id, text, language)
    found = extract(article.text, article.language, doc_id, doc_id, article.blocks)
    quotes, citations, _speakers = assemble(article, found.attributions, cite(article, found.attributions))
    return [as_row(q) for q in quotes], [as_row(c) for c in citations]


def _extract_chunk(task: tuple[list[tuple], float | None]) -> list[tuple[str, str | None]]:
    """(output line, error) of a few documents, each under its own CPU budget (runs in a worker)."""
    from builder.export import jsonl_line
    from builder.pipeline import guarded
    from builder.records import Rejection

    docs, budget = task
    out = []
    for doc_id, text, language in docs:
        found = guarded(str(doc_id), budget, functools.partial(quote_rows, str(doc_id), text, language))
        if isinstance(found, Rejection):
            out.append(_failed_line(doc_id, f"{found.reason}: {found.detail}"))
        else:
            out.append((jsonl_line({"id": doc_id, "quotes": found[0], "citations": found[1]}), None))
    return out


def _failed_line(doc_id, error: str) -> tuple[str, str]:
    """The output line of a document without results: the contract's keys, empty, and why."""
    from builder.export import jsonl_line

    return jsonl_line({"id": doc_id, "quotes": [], "citations": [], "error": error}), error


def extract_lines(docs, jobs: int = 1, budget: float | None = None, chunk_chars: int = 40_000, chunk_docs: int = 8):
    """(output line, error or None) for (id, text, language) documents, in input order and with the
    same bytes for any `jobs`; a document that fails or runs past its budget gets an `error` key."""
    from builder.pipeline import wall_limit
    from builder.pool import Failure, ordered_map

    sent: deque[list[tuple]] = deque()       # the documents of the tasks in flight, for failures

    def chunks():
        batch, size = [], 0
        for doc in docs:
            batch.append(doc)
            size += len(doc[1])
            if size >= chunk_chars or len(batch) == chunk_docs:   # a few documents per pipe round trip
                sent.append(batch)
                yield batch, budget
                batch, size = [], 0
        if batch:
            sent.append(batch)
            yield batch, budget

    for out in ordered_map(_extract_chunk, chunks(), jobs, wall_limit(budget and budget * chunk_docs)):
        batch = sent.popleft()
        if isinstance(out, Failure):
            out = [_failed_line(doc[0], f"{out.reason}: {out.detail}") for doc in batch]
        yield from out


def cmd_extract(args) -> int:
    src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    dst = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8", newline="\n")

    def docs():
        for lineno, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                doc_id, text = doc["id"], doc["text"]
                if not isinstance(text, str):
                    raise TypeError("'text' must be a string")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                print(f"{args.input}:{lineno}: skipped: {exc}", file=sys.stderr)
                continue
            yield doc_id, text, doc.get("language") or args.language

    n = 0
    with src, dst:
        for line, error in extract_lines(docs(), args.jobs, args.article_budget or None):
            dst.write(line)
            n += 1
            if error:
                print(f"{args.input}: document {json.loads(line)['id']!r}: no result: {error}", file=sys.stderr)
    print(f"extracted {n} documents", file=sys.stderr)
    return 0


def cmd_parse(args) -> int:
    from builder.parse import parse
    from builder.records import Rejection
    from builder.sources import read

    path = Path(args.file)
    root = Path(args.raw) if args.raw else path.parent
    raw = read(path.resolve(), root.resolve()) if path.exists() else None
    if raw is None:
        print(f"{path}: no such file", file=sys.stderr)
        return 2
    article = raw if isinstance(raw, Rejection) else parse(raw)
    if isinstance(article, Rejection):
        print(f"{article.path}: rejected: {article.reason}: {article.detail}", file=sys.stderr)
        return 1
    out = {
        "id": article.id, "path": article.path, "title": article.title, "authors": list(article.authors),
        "publisher": article.publisher, "published": article.published, "url": article.url,
        "language": article.language, "license": article.license, "encoding": article.encoding,
        "sections": [{"title": s.title, "start": s.start, "end": s.end} for s in article.sections],
        "paragraphs": [{"start": b.start, "end": b.end, "kind": b.kind, "section": b.section,
                        "text": article.text[b.start:b.end]} for b in article.blocks],
        "links": [{"start": ln.start, "end": ln.end, "href": ln.href} for ln in article.links],
        "text": article.text,
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def _predict(gold_docs: list[dict]) -> tuple[dict, dict]:
    preds, cits = {}, {}
    for doc in gold_docs:
        quotes, citations = quote_rows(doc["id"], doc["text"], doc.get("language", "en"), doc.get("article"))
        preds[doc["id"]], cits[doc["id"]] = quotes, citations
    return preds, cits


def load_gold(path: Path, raw_root: Path) -> list[dict]:
    """Gold documents with text and offsets: PolNeAR lines as they are, project gold resolved via raw/.

    `path` is a JSONL file, or a folder of one JSON document per article (tests/gold/).
    """
    from builder import evaluate
    from builder.parse import parse
    from builder.records import Rejection
    from builder.sources import FORMATS, read

    docs = []
    lines = ([json.loads(p.read_text(encoding="utf-8")) for p in sorted(path.rglob("*.json"))] if path.is_dir()
             else evaluate.load_jsonl(path))
    for doc in lines:
        if "text" in doc:
            docs.append(doc)
            continue
        base = raw_root / doc["id"]
        file = next((base.with_name(base.name + ext) for ext in FORMATS if base.with_name(base.name + ext).exists()), None)
        if file is None:
            raise evaluate.GoldError(f"{doc['id']}: no article with this id under {raw_root}")
        article = parse(read(file, raw_root))
        if isinstance(article, Rejection):
            raise evaluate.GoldError(f"{doc['id']}: the article is rejected: {article.reason}")
        docs.append({**evaluate.resolve_gold(doc, article.text), "language": article.language, "article": article})
    return docs


def cmd_eval(args) -> int:
    from builder import evaluate

    gold = load_gold(Path(args.gold), Path(args.raw))
    if args.pred:
        preds = {d["id"]: d.get("quotes") or [] for d in evaluate.load_jsonl(Path(args.pred))}
        cits = {d["id"]: d.get("citations") or [] for d in evaluate.load_jsonl(Path(args.pred))}
    else:
        preds, cits = _predict(gold)
    rows = evaluate.score(gold, preds)
    print(evaluate.format_table(rows))
    extra = {}
    if any(q.get("title") or q.get("affiliation") for d in gold for q in d["quotes"]):
        extra["titles"] = evaluate.title_scores(gold, preds)
    if any(d.get("citations") for d in gold):
        extra["citations"] = evaluate.citation_scores(gold, cits)
    for name, figures in extra.items():
        print(f"{name}: {json.dumps(figures)}")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, **extra}, indent=1) + "\n", encoding="utf-8")
    if args.floors:
        from builder.quality import check_floors

        failures = check_floors(rows, extra, Path(args.floors), update=args.update_floors,
                                allow_drop=args.allow_drop)
        for f in failures:
            print(f"QUALITY GATE: {f}", file=sys.stderr)
        return 1 if failures else 0
    return 0


def cmd_errors(args) -> int:
    from builder import evaluate, lexicons

    gold = load_gold(Path(args.gold), Path(args.raw))
    preds, _ = _predict(gold)
    from builder.attribute import CUE_CLASSES

    cue_words = {form for name in CUE_CLASSES for form in lexicons.verb_forms(name)} | {"according"}
    cue_words |= {phrase.split()[0] for phrase in lexicons.phrasal_forms("phrasal_verbs")}
    groups = evaluate.errors(gold, preds, cue_words)
    if args.kind:
        groups = {k: v for k, v in groups.items() if args.kind in k}
    print("## Error causes\n")
    for cause, items in groups.items():
        print(f"- {len(items):5d}  {cause}")
    for cause, items in groups.items():
        print(f"\n## {cause} ({len(items)})\n")
        for item in items[: args.limit]:
            print(f"- {item}")
        if len(items) > args.limit:
            print(f"- ... {len(items) - args.limit} more")
    return 0


def cmd_diff(args) -> int:
    from builder import diff, snapshot

    old = snapshot.load(args.old, Path(args.dataset))
    new = snapshot.load(args.new or args.dataset, Path(args.dataset))
    d = diff.diff(old, new)
    if args.json:
        print(json.dumps(diff.to_json(d), ensure_ascii=False, indent=1))
    else:
        print(diff.render_markdown(d), end="")
    return 0


def cmd_review(args) -> int:
    from builder import diff, snapshot
    from builder.review import write_review

    new = snapshot.load(args.dataset, Path(args.dataset))
    d = diff.diff(snapshot.load(args.diff, Path(args.dataset)), new) if args.diff else None
    out = Path(args.out)
    pages = write_review(new, out, args.articles, d)
    print(f"wrote {out / 'index.html'} and {len(pages)} article pages; open it in a browser")
    return 0


def cmd_release(args) -> int:
    from builder.export import CardMeta
    from builder.release import next_steps, release

    r = release(Path(args.raw), Path(args.out), Path(args.card), bump=args.bump, since=args.since, note=args.note,
                force=args.force, dry_run=args.dry_run, jobs=args.jobs)
    print(f"{'Would release' if args.dry_run else 'Released'} {r.version} ({r.bump.upper()}, was {r.old_version}; "
          f"compared with {r.baseline}). CHANGELOG entry:\n\n{r.entry}")
    if not args.dry_run:
        print(f"card/dataset.toml, card/CHANGELOG.md and {args.out}/ now say {r.version}. Tag to create: {r.tag}\n")
        print(next_steps(r, CardMeta.load(Path(args.card) / "dataset.toml").hub_repo))
    return 0


def cmd_html_eval(args) -> int:
    from builder import htmleval

    root = Path(args.fixtures)
    if not root.is_dir():
        raise FileNotFoundError(f"fixtures folder not found: {root}")
    report = htmleval.evaluate(root)
    print(htmleval.format_table(report))
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": report.rows, "seconds": dict(report.seconds)}, indent=1) + "\n",
                                   encoding="utf-8")
    for failure in report.failures():
        print(f"HTML GATE: {failure}", file=sys.stderr)
    return 1 if report.failures() else 0


def _budget_option(p: argparse.ArgumentParser) -> None:
    from builder.pipeline import ARTICLE_BUDGET

    p.add_argument("--article-budget", type=float, default=ARTICLE_BUDGET, metavar="SECONDS",
                   help=f"CPU seconds one article may take before it is rejected as detect_timeout "
                        f"(default: {ARTICLE_BUDGET:g}; 0: no budget)")


def cmd_bench(args) -> int:
    from builder import bench

    return bench.run(Path(args.raw), Path(args.card), Path(args.eval) if args.eval else None, args.articles,
                     args.memory, args.jobs, args.runs)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    from builder import sources

    ap = argparse.ArgumentParser(prog="python -m builder", description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--version", action="version", version=f"quote-builder {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="rebuild dataset/ from raw/ (does nothing when inputs are unchanged)",
                       description="Parse every article under --raw, attribute quotes, cite sources, and write "
                                   "the Hugging Face dataset to --out (atomically). Rejected articles are reported "
                                   "with their path and reason; the others are still built.")
    p.add_argument("--raw", default="raw", help="folder of input articles (default: raw)")
    p.add_argument("--out", default="dataset", help="dataset folder to write (default: dataset)")
    p.add_argument("--card", default="card", help="folder with dataset.toml and CHANGELOG.md (default: card)")
    p.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1,
                   help="worker processes (default: all cores; 1 runs in this process); output is identical for any N")
    p.add_argument("--force", action="store_true", help="rebuild even when the inputs are unchanged")
    p.add_argument("--strict", action="store_true", help="exit non-zero when any article is rejected (for CI)")
    p.add_argument("--cache", default="build/cache",
                   help="folder of per-article work reused between builds (default: build/cache)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    p.add_argument("--max-bytes", type=_positive, default=sources.MAX_BYTES,
                   help=f"reject larger input files as parse_too_large (default: {sources.MAX_BYTES})")
    _budget_option(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("extract", help="quotes and citations of plain texts (the evaluation contract)",
                       description='IN has one {"id", "text"} JSON document a line (other keys ignored; "-" for '
                                   'stdin). OUT gets one line per document: {"id", "quotes", "citations"}, offsets '
                                   'into that document\'s text, unchanged.')
    p.add_argument("input", metavar="IN.jsonl")
    p.add_argument("output", metavar="OUT.jsonl")
    p.add_argument("--language", default="en", help="language of documents without a 'language' key (default: en)")
    p.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1,
                   help="worker processes (default: all cores); output order and bytes do not depend on it")
    _budget_option(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("parse", help="print one parsed article (metadata, text, sections, paragraphs) as JSON")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--raw", help="raw folder the file sits in (for its id; default: the file's folder)")
    p.set_defaults(func=cmd_parse)

    for name, helptext in (("eval", "score extraction against a gold file (PolNeAR lines or tests/gold)"),
                           ("errors", "list misses and false alarms on a gold file, grouped by cause")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("gold", metavar="GOLD", nargs="?", default=str(DEFAULT_GOLD),
                       help=f"gold attributions: a JSONL file or a folder of per-article JSON (default: {DEFAULT_GOLD})")
        p.add_argument("--raw", default="raw", help="raw folder for project gold (default: raw)")
        if name == "eval":
            p.add_argument("--pred", help="score this prediction file instead of extracting")
            p.add_argument("--json", help="also write the figures to this file")
            p.add_argument("--floors", help="quality floors (JSON) to check; exit 1 below any floor")
            p.add_argument("--update-floors", action="store_true", help="raise the floors to the current scores")
            p.add_argument("--allow-drop", action="store_true", help="with --update-floors: also lower floors")
            p.set_defaults(func=cmd_eval)
        else:
            p.add_argument("--kind", help="only causes mentioning this text (direct, mixed, indirect, miss, ...)")
            p.add_argument("--limit", type=int, default=15, help="examples shown per cause (default: 15)")
            p.set_defaults(func=cmd_errors)

    p = sub.add_parser("diff", help="what changed between two dataset versions, as Markdown for a PR comment",
                       description="Compare two versions of the dataset record by record: per config, records "
                                   "added, removed, changed (field by field) and moved with the text; per article, "
                                   "the changes grouped by the rules that made the records; schema changes first; "
                                   "the version bump they imply (MAJOR schema, MINOR records added/removed, PATCH "
                                   "fields changed). OLD and NEW are dataset folders or git revisions (HEAD, a tag, "
                                   "a branch) whose dataset folder is read from git.")
    p.add_argument("old", metavar="OLD", nargs="?", default="HEAD", help="folder or git revision (default: HEAD)")
    p.add_argument("new", metavar="NEW", nargs="?", default=None,
                   help="folder or git revision (default: the --dataset folder in the working tree)")
    p.add_argument("--dataset", default="dataset", help="the dataset folder, in the working tree and in revisions "
                                                        "(default: dataset)")
    p.add_argument("--json", action="store_true", help="machine-readable output for tools")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("review", help="static HTML pages showing each article with its quotes highlighted",
                       description="Write OUT/index.html (articles with counts) and one page per article: the text "
                                   "with quotes highlighted by kind, speaker mentions linked to their quotes, titles "
                                   "and rules on hover, citations marked. Self-contained HTML: open it from disk.")
    p.add_argument("articles", metavar="ARTICLE_ID", nargs="*",
                   help="articles to show: ids or glob patterns such as 'seed/*' (default: all)")
    p.add_argument("--out", default="build/review", help="folder to write (default: build/review)")
    p.add_argument("--dataset", default="dataset", help="dataset folder to show (default: dataset)")
    p.add_argument("--diff", metavar="OLD", help="also mark what changed since OLD (a dataset folder or git revision)")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("release", help="bump the dataset version, write the CHANGELOG entry, rebuild dataset/",
                       description="Compare dataset/ with the last release (git tag v<version>, else HEAD), bump "
                                   "the version in card/dataset.toml (by the bump the changes imply unless given), "
                                   "add a CHANGELOG entry written from the diff, rebuild dataset/ so every "
                                   "configs[].version, the manifest and CHANGELOG.md agree, and print the git tag "
                                   "to create.")
    level = p.add_mutually_exclusive_group()
    for name in ("major", "minor", "patch"):
        level.add_argument(f"--{name}", dest="bump", action="store_const", const=name,
                           help=f"a {name.upper()} release (default: the bump the changes imply)")
    p.add_argument("--since", help="the previous release to compare with: git revision or dataset folder "
                                   "(default: tag v<current version>, else HEAD)")
    p.add_argument("--note", help="a sentence for the top of the CHANGELOG entry")
    p.add_argument("--force", action="store_true", help="allow a bump smaller than the changes imply")
    p.add_argument("--dry-run", action="store_true", help="print the version and entry, change nothing")
    p.add_argument("--raw", default="raw", help="folder of input articles (default: raw)")
    p.add_argument("--out", default="dataset", help="dataset folder (default: dataset)")
    p.add_argument("--card", default="card", help="folder with dataset.toml and CHANGELOG.md (default: card)")
    p.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("html-eval", help="score main-text extraction of saved news pages, beside trafilatura",
                       description="Token precision, recall and F1 of the article text our parser and trafilatura "
                                   "extract from each page under FIXTURES, against the page's expected text, in "
                                   "one run. Exit 1 when our mean F1 is below trafilatura's or a page is below "
                                   "0.80.")
    p.add_argument("fixtures", metavar="FIXTURES", nargs="?", default="../shared/corpus/html-fixtures",
                   help="folder of page folders (default: ../shared/corpus/html-fixtures)")
    p.add_argument("--json", help="also write the scores to this file")
    p.set_defaults(func=cmd_html_eval)

    p = sub.add_parser("bench", help="speed and memory: extract throughput, a large build, an incremental rebuild",
                       description="Measure extract throughput (PolNeAR dev and raw/) against a bare regex scan, a "
                                   "cold build of raw/ replicated to --articles articles with its peak RSS, no-op and "
                                   "one-article-edit rebuilds, and the peak RSS of cold builds of other sizes.")
    p.add_argument("--raw", default="raw", help="articles to measure and replicate (default: raw)")
    p.add_argument("--card", default="card", help="card folder for the builds (default: card)")
    p.add_argument("--eval", default="../shared/eval/polnear.dev.jsonl",
                   help="PolNeAR dev texts (default: ../shared/eval/polnear.dev.jsonl; skipped when absent)")
    p.add_argument("--articles", type=_positive, default=10_000, help="size of the timed build corpus (default: 10000)")
    p.add_argument("--memory", type=_positive, nargs="*", default=[1_000], metavar="N",
                   help="also measure the peak RSS of cold builds of these sizes (default: 1000)")
    p.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    p.add_argument("--runs", type=_positive, default=5, help="repetitions of each timing (default: 5)")
    p.set_defaults(func=cmd_bench)
    return ap


def main(argv: list[str] | None = None) -> int:
    """Run one command; expected failures print a one-line reason and exit 2."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
