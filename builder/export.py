"""Export stage: reviewable JSONL per config, the dataset card, manifest and changelog.

Everything is written into a fresh folder beside `dataset/` and swapped in only when complete,
so an interrupted build leaves the previous dataset intact (DESIGN.md §3). No timestamps, no
floats, fixed key order: the same inputs give byte-identical files.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import heapq
import json
import os
import shutil
import sys
import tempfile
import tomllib
from array import array
from collections import Counter
from pathlib import Path

import yaml

from builder import __version__
from builder.records import CONFIGS, DEFAULT_CONFIG, KINDS, SPEAKER_KINDS, SpeakerRecord
from builder.rules import BY_NAME
from builder.schema import as_row, features_yaml, validate_row

_LINE_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"})

# Licence strings of the sidecars mapped to Hub licence ids (the card's `license:` list).
HUB_LICENSES = (("cc-by-sa-4.0", "cc-by-sa-4.0"), ("cc-by-nd-4.0", "cc-by-nd-4.0"), ("cc-by-4.0", "cc-by-4.0"),
                ("cc-by-3.0", "cc-by-3.0"), ("cc-by-2.5", "cc-by-2.5"), ("cc0", "cc0-1.0"), ("mit", "mit"),
                ("apache-2.0", "apache-2.0"))


class ExportError(ValueError):
    """A row that fails validation: the build stops before anything replaces `dataset/`."""


def jsonl_line(row: dict) -> str:
    """One JSONL line: fixed key order, UTF-8 kept, line separators escaped so a row stays one line."""
    line = json.dumps(row, ensure_ascii=False)
    # str.translate walks a non-ASCII line character by character (slower than the encoding): skip
    # it unless a separator is there
    if "\u2028" in line or "\u2029" in line or "\u0085" in line:
        line = line.translate(_LINE_SEPARATORS)
    return line + "\n"


@dataclasses.dataclass(frozen=True)
class CardMeta:
    """card/dataset.toml: the dataset's name, version and prose."""

    pretty_name: str
    version: str
    summary: str
    tags: list[str]
    task_categories: list[str]
    citation: str
    homepage: str = ""
    hub_repo: str = ""        # "<user>/<name>" on the Hugging Face Hub, once published

    @classmethod
    def load(cls, path: Path) -> CardMeta:
        data = tomllib.loads(path.read_text(encoding="utf-8"))["dataset"]
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})


# Sharding (DESIGN.md §3): a config's rows are split into files by a stable hash of their shard key
# (the article id; the speaker id for `speakers`), so all rows of one article sit in one file. A
# shard is named by a prefix of sha256(key) in hex: `train.jsonl` holds every key while the config
# fits in MAX_SHARD_BYTES; a shard over the limit splits into up to 16 children `train-<prefix><d>.jsonl`,
# recursively. The layout is a pure function of the current rows (rebuilding from scratch gives the
# same files), adding or changing one article rewrites the one shard its hash lands in, and only a
# shard that crosses the limit is split. Numbered shards (`train-00000-of-00004`) were rejected:
# their names and contents all move whenever the shard count changes. 5 MB keeps every file a plain
# git blob on GitHub and the Hub (which want LFS past 10 MB) and quick to open in a browser.
MAX_SHARD_BYTES = 5_000_000
SHARD_KEYS = {"quotes": "article_id", "citations": "article_id", "speakers": "id", "articles": "id"}


def data_glob(config: str) -> str:
    """The card's `data_files` pattern of a config: every shard in its folder."""
    return f"data/{config}/*.jsonl"


def shard_name(prefix: str) -> str:
    """File name of the shard holding the keys whose hash starts with `prefix`."""
    return f"train-{prefix}.jsonl" if prefix else "train.jsonl"


def shard_layout(sizes: dict[str, int], limit: int) -> dict[str, str]:
    """The hash prefix of the shard each key goes to: the shortest prefix whose shard fits in `limit` bytes."""
    hashes = {key: hashlib.sha256(key.encode("utf-8")).hexdigest() for key in sizes}
    layout: dict[str, str] = {}
    pending = [("", sorted(sizes))]
    while pending:
        prefix, keys = pending.pop()
        # One key is never split (all rows of an article stay together), however large it is.
        if sum(sizes[k] for k in keys) <= limit or len(keys) == 1 or len(prefix) == 64:
            layout.update(dict.fromkeys(keys, prefix))
            continue
        children: dict[str, list[str]] = {}
        for key in keys:
            children.setdefault(hashes[key][len(prefix)], []).append(key)
        pending.extend((prefix + digit, ks) for digit, ks in children.items())
    return layout


def render_rows(config: str, records) -> tuple[list[dict], bytes]:
    """Validated rows of one config and their JSONL bytes; ExportError names the first bad row."""
    rows, lines = [], []
    for record in records:
        row = as_row(record)
        try:
            validate_row(row, CONFIGS[config])
        except ValueError as exc:
            raise ExportError(f"{config} row {row.get('id')!r}: {exc}") from None
        rows.append(row)
        lines.append(jsonl_line(row))
    return rows, "".join(lines).encode("utf-8")


def article_facts(article: dict, quotes: list[dict], citations: list[dict]) -> dict:
    """What the card's statistics need from one article's rows, so that cached rows are never parsed back
    (`example`: the index of the article's first direct quote with a named speaker, the card's example)."""
    example = next((i for i, q in enumerate(quotes) if q["kind"] == "direct" and q["speaker"]), None)
    return {
        "publisher": article["publisher"], "language": article["language"], "license": article["license"],
        "kind": Counter(q["kind"] for q in quotes), "speaker_kind": Counter(q["speaker_kind"] for q in quotes),
        "named": sum(1 for q in quotes if q["speaker"]), "quotes": len(quotes), "citations": len(citations),
        "rules": Counter(r for row in (*quotes, *citations) for r in row["rules"]),
        "cited": Counter(c["cited"] for c in citations), "example": example,
    }


class SortedSpill:
    """Lines written to disk in sorted runs and read back merged: a sort that never holds them all."""

    def __init__(self, folder: Path, run_bytes: int = 8_000_000):
        self.folder = folder
        self.run_bytes = run_bytes
        self._lines: list[bytes] = []
        self._size = 0
        self._runs: list[Path] = []

    def add(self, line: bytes) -> None:
        self._lines.append(line)
        self._size += len(line)
        if self._size >= self.run_bytes:
            self._flush()

    def _flush(self) -> None:
        run = self.folder / f".run-{len(self._runs):05d}"
        with run.open("wb") as f:
            f.writelines(sorted(self._lines))
        self._runs.append(run)
        self._lines, self._size = [], 0

    def __iter__(self):
        if not self._runs:
            yield from sorted(self._lines)
            return
        if self._lines:
            self._flush()
        files = [run.open("rb") for run in self._runs]
        try:
            yield from heapq.merge(*files)
        finally:
            for f in files:
                f.close()
            for run in self._runs:
                run.unlink()


@dataclasses.dataclass(frozen=True, slots=True)
class Piece:
    """One article's JSONL rows of one config; when `path` is set, the same bytes lie in that file
    (a cache entry) at `start`, and the shards are copied from there instead of from staging."""

    lines: int
    data: bytes
    path: str | None = None
    start: int = 0


class _Runs:
    """Where each article's rows of one config are (key, line count, size, file or None for the
    staging file, offset) and a digest of those rows, in arrays: under a hundred bytes an article,
    whatever the corpus size."""

    def __init__(self):
        self.keys: list[str] = []
        self.files: list[str | None] = []
        self.numbers = array("q")              # lines, size, offset of each run in turn
        self.digests = bytearray()             # RUN_DIGEST bytes per run

    def append(self, key: str, lines: int, size: int, file: str | None, offset: int, digest: bytes) -> None:
        self.keys.append(key)
        self.files.append(file)
        self.numbers.extend((lines, size, offset))
        self.digests += digest

    def digest(self, i: int) -> bytes:
        return bytes(self.digests[RUN_DIGEST * i:RUN_DIGEST * (i + 1)])

    def __iter__(self):
        n = self.numbers
        for i, (key, file) in enumerate(zip(self.keys, self.files)):
            yield key, n[3 * i], n[3 * i + 1], file, n[3 * i + 2]


RUN_DIGEST = 16      # bytes of blake2b per article run: the shard digests below are made of them


def _shard_stat(path: Path) -> str:
    """What must not have changed for a shard of the previous build to be reused: inode, size, mtime
    (not ctime: linking the file into the new dataset and dropping the old folder both change it)."""
    st = os.stat(path)
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


class DatasetWriter:
    """Streams validated rows into a temporary dataset folder, shards them, then swaps the folder in.

    Memory does not grow with the corpus: rows are staged on disk per config, per-article speaker
    rows are merged by an external sort, and only counters and one (key, lines, bytes, digest) entry
    per article and config stay in memory.

    `previous` is the `shards` record of the last build into `out_dir` ("data/<config>/<file>" ->
    [digest of its rows, `_shard_stat` of the file]): a shard whose rows have the same digest and
    whose file is untouched is linked from there instead of copied together again, so editing one
    article rewrites one shard per config. `shards` is the record of this build, for the next.
    """

    def __init__(self, out_dir: Path, previous: dict[str, list[str]] | None = None):
        self.out_dir = out_dir
        self.previous = previous or {}
        self.shards: dict[str, list[str]] = {}
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-{os.getpid()}-", dir=out_dir.parent))
        self.tmp.chmod(0o755)   # mkdtemp makes it private; the dataset is meant to be shared
        # Rows arrive sorted by key and are distributed to shards at the end, when every key's size is
        # known. Rows already in a cache entry are copied from there; others are staged in arrival
        # order. `_runs` remembers where each article's rows of a config are.
        self._staging = {config: (self.tmp / f".rows-{config}.jsonl").open("wb") for config in CONFIGS}
        self._runs = {config: _Runs() for config in CONFIGS}
        self._staged = Counter()        # bytes staged per config
        self._speaker_rows = SortedSpill(self.tmp)
        self._articles = 0
        self.files: dict[str, dict[str, int]] = {}
        self.counts = Counter()
        self.bytes = Counter()
        self.stats = {"publisher": Counter(), "kind": Counter(), "speaker_kind": Counter(), "language": Counter(),
                      "license": Counter(), "cited": Counter(), "speaker": Counter()}
        self.by_publisher: dict[str, Counter] = {}
        self.rule_counts = Counter()
        self.example: dict | None = None
        self.speaker_kinds = Counter()          # merged speakers per kind
        self.top_speakers: list[SpeakerRecord] = []

    def _stage(self, config: str, key: str, piece: Piece) -> None:
        if not piece.lines:
            return
        if piece.path is None:
            digest = hashlib.blake2b(piece.data, digest_size=RUN_DIGEST).digest()
            self._runs[config].append(key, piece.lines, len(piece.data), None, self._staged[config], digest)
            self._staging[config].write(piece.data)
            self._staged[config] += len(piece.data)
        else:
            # a cache entry's name is the digest of what it was computed from, and it is never
            # rewritten with other bytes: its name and place stand for the rows
            where = f"{piece.path}\0{piece.start}\0{len(piece.data)}".encode("utf-8", "surrogateescape")
            digest = hashlib.blake2b(where, digest_size=RUN_DIGEST).digest()
            self._runs[config].append(key, piece.lines, len(piece.data), piece.path, piece.start, digest)
        self.counts[config] += piece.lines
        self.bytes[config] += len(piece.data)

    def add(self, article_id: str, pieces: dict[str, Piece], speakers: list[bytes], facts: dict) -> None:
        """Take one article's rows (articles must arrive sorted by id): a `Piece` per config (JSONL from
        `render_rows`), its speaker rows as "<speaker id> TAB <JSON>" lines, its `article_facts`."""
        for config, piece in pieces.items():
            self._stage(config, article_id, piece)
        for line in speakers:
            sid, _tab, row = line.partition(b"\t")
            self._speaker_rows.add(b"%s\t%010d\t%s" % (sid, self._articles, row))
        self._articles += 1
        publisher = facts["publisher"] or "(unknown)"
        self.stats["publisher"][publisher] += 1
        self.stats["language"][facts["language"]] += 1
        self.stats["license"][(publisher, facts["license"] or "(not given)")] += 1
        per = self.by_publisher.setdefault(publisher, Counter())
        per.update(articles=1, quotes=facts["quotes"], citations=facts["citations"])
        per.update(facts["kind"])
        self.stats["kind"].update(facts["kind"])
        self.stats["speaker_kind"].update(facts["speaker_kind"])
        self.stats["speaker"].update(named=facts["named"], unnamed=facts["quotes"] - facts["named"])
        self.stats["cited"].update(facts["cited"])
        self.rule_counts.update(facts["rules"])
        if self.example is None and facts["example"] is not None:
            self.example = json.loads(pieces["quotes"].data.splitlines()[facts["example"]])

    def _merge_speakers(self, merge) -> None:
        """One `speakers` row per speaker id, merged from the per-article rows in article order."""
        def flush(group: list[SpeakerRecord]) -> None:
            (sp,) = merge(group)
            _rows, data = render_rows("speakers", [sp])
            self._stage("speakers", sp.id, Piece(1, data))
            self.speaker_kinds[sp.kind] += 1
            self.top_speakers.append(sp)
            if len(self.top_speakers) > 100:
                self._trim_top()

        group: list[SpeakerRecord] = []
        current = None
        for line in self._speaker_rows:
            sid, _seq, row = line.split(b"\t", 2)
            if sid != current and group:
                flush(group)
                group = []
            current = sid
            group.append(SpeakerRecord(**json.loads(row)))
        if group:
            flush(group)
        self._trim_top()

    def _trim_top(self) -> None:
        # names are unique (the id is the slug of the name), so this order has no ties
        self.top_speakers = sorted(self.top_speakers, key=lambda sp: (-sp.quote_count, sp.name))[:10]

    def _shard(self, config: str) -> None:
        """Copy a config's rows into its shard files, one file open at a time, from staging or from the
        cache entries they came from, or link an unchanged shard of the previous build (a config
        without rows gets one empty file)."""
        self._staging[config].close()
        staged = os.fspath(self.tmp / f".rows-{config}.jsonl")
        runs = self._runs[config]
        sizes = Counter()
        for key, _lines, size, _file, _start in runs:
            sizes[key] += size
        layout = shard_layout(sizes, MAX_SHARD_BYTES)
        pieces: dict[str, list[tuple[str, int, int]]] = {}
        digests: dict[str, hashlib.blake2b] = {}
        rows: Counter = Counter()
        for i, (key, lines, size, file, start) in enumerate(runs):
            name = shard_name(layout[key])
            pieces.setdefault(name, []).append((file or staged, start, size))
            digests.setdefault(name, hashlib.blake2b(digest_size=RUN_DIGEST)).update(runs.digest(i))
            rows[name] += lines
        folder = self.tmp / "data" / config
        folder.mkdir(parents=True)
        binary = getattr(os, "O_BINARY", 0)
        for name in sorted(pieces):
            rel, digest = f"data/{config}/{name}", digests[name].hexdigest()
            if not self._reuse(rel, digest, folder / name):
                out = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | binary, 0o644)
                try:
                    for file, start, size in pieces[name]:
                        src = os.open(file, os.O_RDONLY | binary)
                        try:
                            _copy_range(src, out, start, size)
                        finally:
                            os.close(src)
                finally:
                    os.close(out)
            self.shards[rel] = [digest, _shard_stat(folder / name)]
        if not sizes:   # the card's data_files glob must match a file
            (folder / "train.jsonl").touch()
            rows["train.jsonl"] = 0
        os.unlink(staged)
        self.files[config] = dict(sorted(rows.items()))

    def _reuse(self, rel: str, digest: str, dest: Path) -> bool:
        """Link (or copy) the previous build's shard `rel` to `dest` when it holds exactly these rows."""
        known = self.previous.get(rel)
        old = self.out_dir / rel
        try:
            if known is None or known[0] != digest or _shard_stat(old) != known[1]:
                return False
            try:
                os.link(old, dest)
            except OSError:                  # no hard links here (another file system, FAT)
                shutil.copyfile(old, dest)
        except OSError:
            return False
        return True

    def finish(self, meta: CardMeta, manifest: dict, changelog: Path, merge) -> None:
        """Write speakers, shards, card, manifest and changelog, then replace `out_dir` atomically."""
        self._merge_speakers(merge)
        for config in CONFIGS:
            self._shard(config)
        manifest = {**manifest, "counts": {c: self.counts[c] for c in CONFIGS},
                    "files": {c: {f"data/{c}/{name}": n for name, n in self.files[c].items()} for c in CONFIGS},
                    "rules": dict(sorted(self.rule_counts.items()))}
        (self.tmp / "README.md").write_text(render_card(meta, self, manifest), encoding="utf-8", newline="\n")
        (self.tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                                encoding="utf-8", newline="\n")
        shutil.copyfile(changelog, self.tmp / "CHANGELOG.md")
        swap_in(self.tmp, self.out_dir)

    def abort(self) -> None:
        """Drop the half-written folder; `dataset/` is untouched."""
        for f in self._staging.values():
            f.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _copy_range(src: int, out: int, start: int, size: int) -> None:
    """Append bytes [start, start + size) of file descriptor `src` to `out`, inside the kernel where it can."""
    copy = getattr(os, "copy_file_range", None)
    try:
        while copy is not None and size > 0:
            done = copy(src, out, size, start)
            if done == 0:
                break
            start, size = start + done, size - done
    except OSError:
        pass                          # a file system without it: copy by hand from where it stopped
    while size > 0:
        os.lseek(src, start, os.SEEK_SET)
        data = os.read(src, min(size, 1 << 22))
        if not data:
            raise ExportError("rows ended early in a staged or cached file: was the cache cleared during the build?")
        view = memoryview(data)
        while view:
            view = view[os.write(out, view):]
        start, size = start + len(data), size - len(data)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new`: one atomic exchange where the OS offers it, else two renames with
    a recoverable gap (`recover` puts the old folder back if a build dies between them)."""
    if target.exists() and _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)      # `new` now holds the previous dataset
        return
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def recover(target: Path) -> None:
    """Clean up after builds that were killed: put back a dataset caught between the two renames of
    `swap_in`, and remove temporary folders of builds that are no longer running."""
    for old in sorted(target.parent.glob(f".{target.name}.old-*")):
        if not target.exists() and not _running(old.name.rsplit("-", 1)[-1]):
            os.replace(old, target)
        elif not _running(old.name.rsplit("-", 1)[-1]):
            shutil.rmtree(old, ignore_errors=True)
    prefix = f".{target.name}.building-"
    for tmp in target.parent.glob(prefix + "*"):
        if not _running(tmp.name[len(prefix):].split("-")[0]):
            shutil.rmtree(tmp, ignore_errors=True)


def _running(pid: str) -> bool:
    """True when `pid` is a live process (a folder name without a pid counts as live: left alone)."""
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if n < limit:
            return name
    return "1M<n<10M"


def _hub_licenses(licenses: list[str]) -> list[str]:
    out = []
    for lic in licenses:
        low = lic.lower().replace(" ", "-")
        out.append(next((hub for key, hub in HUB_LICENSES if key in low), "other"))
    return sorted(set(out))


def card_yaml(meta: CardMeta, writer: DatasetWriter) -> dict:
    """The card's YAML header: configs with versions, features and split sizes from the record classes."""
    licenses = sorted({lic for (_pub, lic) in writer.stats["license"]})
    return {
        "pretty_name": meta.pretty_name,
        "language": sorted(writer.stats["language"]) or ["en"],
        "license": _hub_licenses(licenses) or ["other"],
        "task_categories": meta.task_categories,
        "tags": meta.tags,
        "size_categories": [_size_category(writer.counts["quotes"])],
        "configs": [
            {"config_name": config, "data_files": [{"split": "train", "path": data_glob(config)}],
             **({"default": True} if config == DEFAULT_CONFIG else {}), "version": meta.version}
            for config in CONFIGS
        ],
        "dataset_info": [
            {"config_name": config, "features": features_yaml(cls),
             "splits": [{"name": "train", "num_bytes": writer.bytes[config], "num_examples": writer.counts[config]}]}
            for config, cls in CONFIGS.items()
        ],
    }


def _field_table(cls) -> str:
    from builder.schema import _feature, _hints   # one source for type names

    rows = ["| field | type | meaning (null / empty) |", "|---|---|---|"]
    for f in dataclasses.fields(cls):
        feat = _feature(_hints(cls)[f.name])
        typ = feat.get("dtype") if isinstance(feat.get("dtype"), str) else (
            "class label" if "dtype" in feat else f"list of {feat['list']}" if isinstance(feat.get("list"), str)
            else "list of records")
        nullable = " or null" if "None" in str(_hints(cls)[f.name]) else ""
        rows.append(f"| `{f.name}` | {typ}{nullable} | {f.metadata.get('doc', '')} |")
    return "\n".join(rows)


def _cell(value) -> str:
    """A Markdown table cell: pipes escaped, one line."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _share(n: int, total: int) -> str:
    """n/total as a whole percentage, rounded half up with integers (no float formatting in the card)."""
    return f"{(200 * n + total) // (2 * total)}%" if total else "–"


def _table(header: list[str], rows: list[list], right: int = 1) -> str:
    """A Markdown table; columns from `right` on are numbers, aligned right."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i < right else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _by_count(counter: Counter) -> list[tuple]:
    """Items by decreasing count, ties by key: a stable order for the card."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))


def rule_doc(name: str) -> str:
    """What a rule named in `rules` does: its line in builder/rules.py (citation rules live in cite.py)."""
    return BY_NAME[name].doc if name in BY_NAME else "citation rule (builder/cite.py)"


def stats_section(writer: DatasetWriter, manifest: dict) -> str:
    """The card's statistics: counts per kind, speaker kind and publisher, top speakers and sources, rules."""
    counts, stats = writer.counts, writer.stats
    quotes = counts["quotes"]
    named = stats["speaker"]["named"]
    speaker_kinds = writer.speaker_kinds
    top = writer.top_speakers
    languages = ", ".join(f"{lang} ({n})" for lang, n in _by_count(stats["language"]))
    parts = [
        f"{quotes} quotes from {counts['articles']} articles by {len(stats['publisher'])} publishers "
        f"(languages: {languages}); {named} ({_share(named, quotes)}) name their speaker (`speaker` not null), "
        f"{counts['speakers']} speakers in all; {counts['citations']} citations credit a source. "
        "Regenerated on every build.\n",
        "### Quotes by kind\n",
        _table(["kind", "quotes", "share"], [[k, stats["kind"][k], _share(stats["kind"][k], quotes)] for k in KINDS]),
        "\n### Quotes by speaker kind\n",
        _table(["speaker kind", "quotes", "share", "named speakers"],
               [[k, stats["speaker_kind"][k], _share(stats["speaker_kind"][k], quotes), speaker_kinds[k]]
                for k in SPEAKER_KINDS]),
        "\n### By publisher\n",
        _table(["publisher", "articles", "quotes", *KINDS, "citations"],
               [[pub, *(writer.by_publisher[pub][c] for c in ("articles", "quotes", *KINDS, "citations"))]
                for pub, _n in _by_count(stats["publisher"])]),
        "\n### Top speakers\n",
        _table(["speaker", "kind", "first title", "quotes", "articles"],
               [[sp.name, sp.kind, sp.titles[0] if sp.titles else "—", sp.quote_count, len(sp.articles)]
                for sp in top], right=3),
        "\n### Most cited sources\n",
        _table(["source", "citations"], _by_count(stats["cited"])[:10]),
        "\n### Rules\n",
        "Rows per rule (a row names every rule that shaped it, so the column does not sum to the row count).\n",
        _table(["rule", "what it does", "rows"],
               [[f"`{name}`", rule_doc(name), n]
                for name, n in manifest["rules"].items()], right=2),
    ]
    return "\n".join(parts) + "\n"


def render_card(meta: CardMeta, writer: DatasetWriter, manifest: dict) -> str:
    """The whole dataset card: YAML header plus prose, regenerated on every build."""
    header = yaml.safe_dump(card_yaml(meta, writer), sort_keys=False, allow_unicode=True, width=1000)
    counts = writer.counts
    example = json.dumps(writer.example, ensure_ascii=False, indent=2) if writer.example else "{}"
    rejected = manifest.get("rejections") or {}
    sections = [
        f"---\n{header}---\n",
        f"# {meta.pretty_name}\n",
        meta.summary.strip() + "\n",
        f"Version **{meta.version}**, built by quote-builder {__version__} from {counts['articles']} articles: "
        f"{counts['quotes']} quotes, {counts['citations']} citations, {counts['speakers']} speakers.\n",
        "## How to load\n",
        "```python\nimport tempfile\nfrom datasets import load_dataset\n\n"
        "# this folder (a fresh cache_dir: `datasets` caches a local folder by its path, not its contents)\n"
        "quotes = load_dataset(\"dataset\", \"quotes\", split=\"train\", cache_dir=tempfile.mkdtemp())\n"
        "articles = load_dataset(\"dataset\", \"articles\", split=\"train\", cache_dir=tempfile.mkdtemp())"
        "  # spans index into articles.text\n\n"
        f"# this release on the Hub: versions are git tags of the dataset repository\n"
        f"quotes = load_dataset(\"{meta.hub_repo or '<user>/<repo>'}\", \"quotes\", split=\"train\", "
        f"revision=\"v{meta.version}\")\n```\n",
        f"Every config reports version {meta.version} (`configs[].version` above, `ds.info.version`). "
        "Configs: `quotes` (default), `citations`, `speakers`, `articles`; each is split into shards "
        "`data/<config>/train*.jsonl` by a hash of the article id, one JSON record a line, rows sorted by "
        "article, start, end.\n",
        "## Configs and fields\n",
        *[f"### `{config}`{' (default)' if config == DEFAULT_CONFIG else ''}\n\n{counts[config]} rows. "
          f"{(cls.__doc__ or '').strip()}\n\n{_field_table(cls)}\n" for config, cls in CONFIGS.items()],
        "Null means *not provided or not found*; an empty list means *looked, and there are none*.\n",
        "## Example record (`quotes`)\n",
        f"```json\n{example}\n```\n",
        "## What the dataset holds\n",
        stats_section(writer, manifest),
        "## Sources and licenses\n",
        "Each article keeps the license of its source (field `articles.license`); the credits are in "
        "`raw/NOTICE`. Reuse must follow the license of every article you reuse.\n",
        _table(["publisher", "license", "articles"],
               [[pub, lic, n] for (pub, lic), n in sorted(writer.stats["license"].items())], right=2) + "\n",
        "## How it was built\n",
        "Articles in `raw/` are parsed into one canonical text each; quote marks are paired from an explicit "
        "table; rules link quotes and reported statements to speakers, titles and affiliations; coreference "
        "resolves pronouns, surnames and titles within the article. Every row names the rules that made it "
        "(`rules`); `manifest.json` counts rows per rule and rejected inputs per reason.\n",
        f"Rejected inputs: {sum(rejected.values())}"
        + (" (" + ", ".join(f"{k}: {v}" for k, v in sorted(rejected.items())) + ")" if rejected else "") + ".\n",
        "## Citation\n",
        f"```bibtex\n{meta.citation.strip()}\n```\n",
        "## Changelog\n",
        "See `CHANGELOG.md` in this folder.\n",
    ]
    return "\n".join(sections)
