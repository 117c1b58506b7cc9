"""Export stage: reviewable JSONL per config, the dataset card, manifest and changelog.

Everything is written into a fresh folder beside `dataset/` and swapped in only when complete,
so an interrupted build leaves the previous dataset intact (DESIGN.md §3). No timestamps, no
floats, fixed key order: the same inputs give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

import yaml

from builder import __version__
from builder.records import (CONFIGS, DEFAULT_CONFIG, KINDS, SPEAKER_KINDS, ArticleRecord, QuoteRecord,
                             SpeakerRecord)
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
    return json.dumps(row, ensure_ascii=False).translate(_LINE_SEPARATORS) + "\n"


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


class DatasetWriter:
    """Streams validated rows into a temporary dataset folder, shards them, then swaps the folder in."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
        self.tmp.chmod(0o755)   # mkdtemp makes it private; the dataset is meant to be shared
        # Rows are staged in arrival order (sorted by key) and distributed to shards at the end, when
        # every key's size is known; `_runs` remembers which key each stretch of staged lines belongs to.
        self._staging = {config: (self.tmp / f".rows-{config}.jsonl").open("wb") for config in CONFIGS}
        self._runs: dict[str, list[list]] = {config: [] for config in CONFIGS}
        self.files: dict[str, dict[str, int]] = {}
        self.counts = Counter()
        self.bytes = Counter()
        self.speakers: list[SpeakerRecord] = []
        self.stats = {"publisher": Counter(), "kind": Counter(), "speaker_kind": Counter(), "language": Counter(),
                      "license": Counter(), "cited": Counter(), "speaker": Counter()}
        self.by_publisher: dict[str, Counter] = {}
        self.rule_counts = Counter()
        self.example: dict | None = None

    def _write(self, config: str, record) -> None:
        row = as_row(record)
        try:
            validate_row(row, CONFIGS[config])
        except ValueError as exc:
            raise ExportError(f"{config} row {row.get('id')!r}: {exc}") from None
        line = jsonl_line(row).encode("utf-8")
        self._staging[config].write(line)
        key, runs = row[SHARD_KEYS[config]], self._runs[config]
        if runs and runs[-1][0] == key:
            runs[-1][1] += 1
            runs[-1][2] += len(line)
        else:
            runs.append([key, 1, len(line)])
        self.counts[config] += 1
        self.bytes[config] += len(line)
        if config == "quotes":
            self.stats["kind"][record.kind] += 1
            self.stats["speaker_kind"][record.speaker_kind] += 1
            self.stats["speaker"]["named" if record.speaker else "unnamed"] += 1
            self.rule_counts.update(record.rules)
            if self.example is None and record.kind == "direct" and record.speaker:
                self.example = row

    def add(self, article: ArticleRecord, quotes: list[QuoteRecord], citations, speakers) -> None:
        """Write one article's rows (articles must arrive sorted by id)."""
        self._write("articles", article)
        publisher = article.publisher or "(unknown)"
        self.stats["publisher"][publisher] += 1
        self.stats["language"][article.language] += 1
        self.stats["license"][(publisher, article.license or "(not given)")] += 1
        per = self.by_publisher.setdefault(publisher, Counter())
        per.update(articles=1, quotes=len(quotes), citations=len(citations))
        per.update(q.kind for q in quotes)
        for q in quotes:
            self._write("quotes", q)
        for c in citations:
            self._write("citations", c)
            self.stats["cited"][c.cited] += 1
            self.rule_counts.update(c.rules)
        self.speakers.extend(speakers)

    def _shard(self, config: str) -> None:
        """Move a config's staged rows into its shard files (a config without rows gets one empty file)."""
        self._staging[config].close()
        staged = self.tmp / f".rows-{config}.jsonl"
        sizes = Counter()
        for key, _lines, size in self._runs[config]:
            sizes[key] += size
        layout = shard_layout(sizes, MAX_SHARD_BYTES)
        folder = self.tmp / "data" / config
        folder.mkdir(parents=True)
        rows: Counter = Counter()
        outs = {}
        with staged.open("rb") as src:
            for key, lines, _size in self._runs[config]:
                name = shard_name(layout[key])
                if name not in outs:
                    outs[name] = (folder / name).open("wb")
                for _ in range(lines):
                    outs[name].write(src.readline())
                rows[name] += lines
        for f in outs.values():
            f.close()
        if not sizes:   # the card's data_files glob must match a file
            (folder / "train.jsonl").touch()
            rows["train.jsonl"] = 0
        staged.unlink()
        self.files[config] = dict(sorted(rows.items()))

    def finish(self, meta: CardMeta, manifest: dict, changelog: Path, merge) -> None:
        """Write speakers, shards, card, manifest and changelog, then replace `out_dir` atomically."""
        speakers = merge(self.speakers)
        for sp in speakers:
            self._write("speakers", sp)
        for config in CONFIGS:
            self._shard(config)
        manifest = {**manifest, "counts": {c: self.counts[c] for c in CONFIGS},
                    "files": {c: {f"data/{c}/{name}": n for name, n in self.files[c].items()} for c in CONFIGS},
                    "rules": dict(sorted(self.rule_counts.items()))}
        (self.tmp / "README.md").write_text(render_card(meta, self, speakers, manifest), encoding="utf-8",
                                            newline="\n")
        (self.tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                                encoding="utf-8", newline="\n")
        shutil.copyfile(changelog, self.tmp / "CHANGELOG.md")
        swap_in(self.tmp, self.out_dir)

    def abort(self) -> None:
        """Drop the half-written folder; `dataset/` is untouched."""
        for f in self._staging.values():
            f.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with renames only: at every instant one complete dataset exists."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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


def stats_section(writer: DatasetWriter, speakers: list[SpeakerRecord], manifest: dict) -> str:
    """The card's statistics: counts per kind, speaker kind and publisher, top speakers and sources, rules."""
    counts, stats = writer.counts, writer.stats
    quotes = counts["quotes"]
    named = stats["speaker"]["named"]
    speaker_kinds = Counter(sp.kind for sp in speakers)
    top = sorted(speakers, key=lambda sp: (-sp.quote_count, sp.name))[:10]
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


def render_card(meta: CardMeta, writer: DatasetWriter, speakers: list[SpeakerRecord], manifest: dict) -> str:
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
        stats_section(writer, speakers, manifest),
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
