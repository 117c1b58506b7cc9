"""`make bench`: extraction throughput against a bare-regex floor, a 10 000-article build, an
incremental rebuild and peak memory. Timings live here, never in tests.

Wall-clock time on a shared machine is noisy: each figure is the min and median of repeated runs,
and single-core CPU time is printed beside it. Builds run as a separate `python -m builder build`
process so that their peak RSS (main process plus workers, sampled from /proc) is theirs alone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from builder import sources
from builder.cli import extract_lines, quote_rows
from builder.parse import parse
from builder.records import Rejection

TARGET_DOCS_PER_S = 1400          # PolNeAR dev, --jobs = all cores (issue 6)
TARGET_FLOOR_RATIO = 10           # our time / bare regex scan
TARGET_RSS_MB = 300
TARGET_REBUILD_SHARE = 0.05       # rebuild after a one-article edit / full build

# The cost floor: what any quote extractor must at least do, one pass for paired quote marks and
# one for a said-verb, with stdlib `re` over the same texts.
FLOOR_QUOTES = re.compile(r'"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»')
FLOOR_SAID = re.compile(r"\b(?:said|says|told|according to|added|stated)\b")


def floor_scan(texts: list[str]) -> int:
    """The bare regex scan: quote-mark pairs plus said-verbs, counted."""
    return sum(len(FLOOR_QUOTES.findall(t)) + len(FLOOR_SAID.findall(t)) for t in texts)


def _timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _mm(values: list[float]) -> tuple[float, float]:
    return min(values), statistics.median(values)


def raw_texts(raw: Path) -> list[tuple[str, str, str]]:
    """(id, canonical text, language) of every article in `raw` that parses."""
    docs = []
    for path in sorted(sources.discover(raw)):
        doc = sources.read(path, raw)
        article = doc if isinstance(doc, Rejection) else parse(doc)
        if not isinstance(article, Rejection):
            docs.append((article.id, article.text, article.language))
    return docs


def bench_extract(name: str, docs: list[tuple[str, str, str]], jobs: int, runs: int) -> list[str]:
    """Lines of the extract report for one corpus: our throughput, one core's CPU cost, the floor."""
    chars = sum(len(d[1]) for d in docs)
    texts = [d[1] for d in docs]
    quote_rows("warm-up", "“Warm,” she said.")           # lexicons and patterns compiled once, as in a worker
    ours = _mm(_timed(lambda: sum(1 for _ in extract_lines(docs, jobs, 10.0)), runs))
    cpu = time.process_time()
    for _ in extract_lines(docs, 1, 10.0):
        pass
    cpu = time.process_time() - cpu
    floor = _mm(_timed(lambda: floor_scan(texts), runs))
    lines = [f"extract  {name}: {len(docs)} docs, {chars:,} chars, --jobs {jobs}, {runs} runs (min / median)",
             f"  ours         {ours[0]:8.3f} / {ours[1]:.3f} s   {len(docs) / ours[0]:7,.0f} / {len(docs) / ours[1]:,.0f} docs/s"
             f"   {chars / ours[0] / 1e6:5.2f} / {chars / ours[1] / 1e6:.2f} M chars/s",
             f"  one core     {cpu * 1000 / len(docs):8.2f} ms CPU per doc ({len(docs) / cpu:,.0f} docs/s per core)",
             f"  regex floor  {floor[0]:8.4f} / {floor[1]:.4f} s   ours / floor = {ours[0] / floor[0]:.1f}x / "
             f"{ours[1] / floor[1]:.1f}x"]
    if name.startswith("PolNeAR"):
        lines.append(f"  target >= {TARGET_DOCS_PER_S:,} docs/s: {_verdict(len(docs) / ours[1] >= TARGET_DOCS_PER_S)}"
                     f"   target <= {TARGET_FLOOR_RATIO}x the floor: {_verdict(ours[1] / floor[1] <= TARGET_FLOOR_RATIO)}")
    return lines


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def replicate(raw: Path, dest: Path, n: int) -> list[Path]:
    """A corpus of `n` articles made of copies of raw/ (sidecars too): copy k lives in copy-<k>/, and
    a trailing whitespace line that every parser drops makes each file's bytes (and id) distinct."""
    originals = sorted(sources.discover(raw))
    made = []
    k = 0
    while len(made) < n:
        for path in originals[: n - len(made)]:
            rel = path.relative_to(raw)
            target = dest / f"copy-{k:05d}" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            # bits of k as spaces and tabs: whitespace to the text parser, a comment to the HTML one
            mark = format(k, "b").replace("0", " ").replace("1", "\t")
            tail = f"\n<!-- {mark} -->\n" if path.suffix.lower() in (".html", ".htm") else f"\n\n{mark}\n"
            target.write_bytes(path.read_bytes() + tail.encode())
            side = sources.sidecar_path(path)
            if side.exists():
                shutil.copyfile(side, sources.sidecar_path(target))
            made.append(target)
        k += 1
    return made


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc), 0 when it is gone."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_build(args: list[str]) -> tuple[float, int, str]:
    """(wall seconds, peak RSS of the process tree in bytes, stdout) of `python -m builder build ARGS`."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "builder", "build", "--quiet", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.01)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"build failed ({proc.returncode}): {err[-2000:]}")
    return wall, peak, out


def bench_build(raw: Path, card: Path, n: int, jobs: int, runs: int, work: Path, incremental: bool) -> tuple[list[str], int]:
    """Report lines for a cold build of `n` replicated articles (and rebuilds), and its peak RSS."""
    corpus, out, cache = work / f"raw-{n}", work / f"dataset-{n}", work / f"cache-{n}"
    paths = replicate(raw, corpus, n)
    common = ["--raw", str(corpus), "--out", str(out), "--card", str(card), "--cache", str(cache), "--jobs", str(jobs)]
    full, peak, summary = run_build(common)
    articles = json.loads((out / "manifest.json").read_text())["articles"]
    lines = [f"build  {n:,} articles (raw/ replicated; {articles:,} built), --jobs {jobs}, empty cache",
             f"  full build            {full:8.2f} s   ({n / full:,.0f} articles/s)   peak RSS {peak / 2**20:6.1f} MB "
             f"(main process + workers)"]
    if incremental:
        noop = _mm([run_build(common)[0] for _ in range(runs)])
        edited = [p for p in paths if p.suffix == ".txt"]
        times = []
        for i in range(runs):
            target = edited[(i * 997) % len(edited)]          # a different article each run
            with target.open("ab") as f:
                f.write(f"\n\n“This sentence was added by edit {i},” Jane Doe said.\n".encode())
            wall, _peak, summary = run_build(common)
            times.append(wall)
        inc = _mm(times)
        lines += [f"  no-op rebuild         {noop[0]:8.2f} / {noop[1]:.2f} s (inputs unchanged)",
                  f"  one article edited    {inc[0]:8.2f} / {inc[1]:.2f} s = {inc[0] / full:.1%} / {inc[1] / full:.1%} "
                  f"of the full build   target < {TARGET_REBUILD_SHARE:.0%}: {_verdict(inc[1] / full < TARGET_REBUILD_SHARE)}",
                  "  " + next(line for line in summary.splitlines() if line.startswith("work:"))]
    shutil.rmtree(corpus)
    shutil.rmtree(out)
    shutil.rmtree(cache)
    return lines, peak


def run(raw: Path, card: Path, eval_file: Path | None, articles: int, memory_sizes: list[int], jobs: int,
        runs: int) -> int:
    """Print the whole benchmark report."""
    print(f"quote-builder bench: {os.cpu_count()} cores, Python {sys.version.split()[0]}, --jobs {jobs}\n", flush=True)
    if eval_file is not None and eval_file.exists():
        dev = [(d["id"], d["text"], "en") for d in map(json.loads, eval_file.read_text(encoding="utf-8").splitlines())]
        print("\n".join(bench_extract("PolNeAR dev", dev, jobs, runs)) + "\n", flush=True)
    else:
        print(f"extract  PolNeAR dev: skipped ({eval_file} not found)\n", flush=True)
    print("\n".join(bench_extract("raw/", raw_texts(raw), jobs, runs)) + "\n", flush=True)
    peaks = {}
    with tempfile.TemporaryDirectory(prefix="quote-builder-bench-") as tmp:
        lines, peaks[articles] = bench_build(raw, card, articles, jobs, runs, Path(tmp), incremental=True)
        print("\n".join(lines) + "\n", flush=True)
        for n in memory_sizes:
            if n != articles:
                _lines, peaks[n] = bench_build(raw, card, n, jobs, runs, Path(tmp), incremental=False)
    print("memory  peak RSS of a cold build (main process + workers): " +
          ", ".join(f"{n:,} articles {peak / 2**20:.0f} MB" for n, peak in sorted(peaks.items())) +
          f"   target < {TARGET_RSS_MB} MB: {_verdict(max(peaks.values()) < TARGET_RSS_MB * 2**20)}")
    return 0
