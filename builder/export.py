"""Export stage: reviewable JSONL per config, the dataset card, manifest and changelog.

Everything is written into a fresh folder beside `dataset/` and swapped in only when complete,
so an interrupted build leaves the previous dataset intact (DESIGN.md §3). No timestamps, no
floats, fixed key order: the same inputs give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

import yaml

from builder import __version__
from builder.records import CONFIGS, DEFAULT_CONFIG, ArticleRecord, QuoteRecord, SpeakerRecord
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

    @classmethod
    def load(cls, path: Path) -> CardMeta:
        data = tomllib.loads(path.read_text(encoding="utf-8"))["dataset"]
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data})


def data_path(config: str) -> str:
    """Where a config's rows live inside the dataset folder."""
    return f"data/{config}/train.jsonl"


class DatasetWriter:
    """Streams validated rows into a temporary dataset folder, then swaps it in."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
        self.tmp.chmod(0o755)   # mkdtemp makes it private; the dataset is meant to be shared
        self._files = {}
        for config in CONFIGS:
            path = self.tmp / data_path(config)
            path.parent.mkdir(parents=True, exist_ok=True)
            if config != "speakers":
                self._files[config] = path.open("w", encoding="utf-8", newline="\n")
        self.counts = Counter()
        self.bytes = Counter()
        self.speakers: list[SpeakerRecord] = []
        self.stats = {"publisher": Counter(), "kind": Counter(), "speaker_kind": Counter(), "language": Counter(),
                      "license": Counter()}
        self.rule_counts = Counter()
        self.example: dict | None = None

    def _write(self, config: str, record) -> None:
        row = as_row(record)
        try:
            validate_row(row, CONFIGS[config])
        except ValueError as exc:
            raise ExportError(f"{config} row {row.get('id')!r}: {exc}") from None
        line = jsonl_line(row)
        self._files[config].write(line)
        self.counts[config] += 1
        self.bytes[config] += len(line.encode("utf-8"))
        if config == "quotes":
            self.stats["kind"][record.kind] += 1
            self.stats["speaker_kind"][record.speaker_kind] += 1
            self.rule_counts.update(record.rules)
            if self.example is None and record.kind == "direct" and record.speaker:
                self.example = row

    def add(self, article: ArticleRecord, quotes: list[QuoteRecord], citations, speakers) -> None:
        """Write one article's rows (articles must arrive sorted by id)."""
        self._write("articles", article)
        self.stats["publisher"][article.publisher or "(unknown)"] += 1
        self.stats["language"][article.language] += 1
        self.stats["license"][(article.publisher or "(unknown)", article.license or "(not given)")] += 1
        for q in quotes:
            self._write("quotes", q)
        for c in citations:
            self._write("citations", c)
            self.rule_counts.update(c.rules)
        self.speakers.extend(speakers)

    def finish(self, meta: CardMeta, manifest: dict, changelog: Path, merge) -> None:
        """Write speakers, card, manifest and changelog, then replace `out_dir` atomically."""
        for f in self._files.values():
            f.close()
        path = self.tmp / data_path("speakers")
        with path.open("w", encoding="utf-8", newline="\n") as f:
            for sp in merge(self.speakers):
                row = as_row(sp)
                validate_row(row, SpeakerRecord)
                line = jsonl_line(row)
                f.write(line)
                self.counts["speakers"] += 1
                self.bytes["speakers"] += len(line.encode("utf-8"))
        top = sorted(((sp.quote_count, sp.name) for sp in merge(self.speakers)), key=lambda t: (-t[0], t[1]))[:10]
        manifest = {**manifest, "counts": {c: self.counts[c] for c in CONFIGS},
                    "rules": dict(sorted(self.rule_counts.items()))}
        (self.tmp / "README.md").write_text(render_card(meta, self, top, manifest), encoding="utf-8", newline="\n")
        (self.tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                                encoding="utf-8", newline="\n")
        shutil.copyfile(changelog, self.tmp / "CHANGELOG.md")
        swap_in(self.tmp, self.out_dir)

    def abort(self) -> None:
        """Drop the half-written folder; `dataset/` is untouched."""
        for f in self._files.values():
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
            {"config_name": config, "data_files": [{"split": "train", "path": data_path(config).replace("train.jsonl", "*.jsonl")}],
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


def _counter_table(title: str, counter: Counter, limit: int = 12) -> str:
    rows = [f"| {title} | rows |", "|---|---|"]
    rows += [f"| {k} | {v} |" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:limit]]
    return "\n".join(rows)


def render_card(meta: CardMeta, writer: DatasetWriter, top: list, manifest: dict) -> str:
    """The whole dataset card: YAML header plus prose, regenerated on every build."""
    header = yaml.safe_dump(card_yaml(meta, writer), sort_keys=False, allow_unicode=True, width=1000)
    counts = writer.counts
    lic_rows = ["| publisher | license | articles |", "|---|---|---|"]
    lic_rows += [f"| {pub} | {lic} | {n} |" for (pub, lic), n in sorted(writer.stats["license"].items())]
    example = json.dumps(writer.example, ensure_ascii=False, indent=2) if writer.example else "{}"
    rejected = manifest.get("rejections") or {}
    sections = [
        f"---\n{header}---\n",
        f"# {meta.pretty_name}\n",
        meta.summary.strip() + "\n",
        f"Version **{meta.version}**, built by quote-builder {__version__} from {counts['articles']} articles: "
        f"{counts['quotes']} quotes, {counts['citations']} citations, {counts['speakers']} speakers.\n",
        "## How to load\n",
        "```python\nfrom datasets import load_dataset\n\n"
        "quotes = load_dataset(\"dataset\", \"quotes\", split=\"train\")      # the default config\n"
        "speakers = load_dataset(\"dataset\", \"speakers\", split=\"train\")\n"
        "articles = load_dataset(\"dataset\", \"articles\", split=\"train\")  # spans index into articles.text\n```\n",
        "`datasets` caches a local folder by its path, not its contents: after a rebuild it can return the old "
        "rows. Load with a fresh cache (`cache_dir=tempfile.mkdtemp()`) or "
        "`download_mode=\"force_redownload\"` after every rebuild.\n",
        "A released version on the Hub is a git tag: `load_dataset(\"<user>/<repo>\", \"quotes\", "
        f"revision=\"v{meta.version}\")`. The version each config reports is `configs[].version` above.\n",
        "## Configs and fields\n",
        *[f"### `{config}`{' (default)' if config == DEFAULT_CONFIG else ''}\n\n{counts[config]} rows. "
          f"{(cls.__doc__ or '').strip()}\n\n{_field_table(cls)}\n" for config, cls in CONFIGS.items()],
        "Null means *not provided or not found*; an empty list means *looked, and there are none*.\n",
        "## Example record (`quotes`)\n",
        f"```json\n{example}\n```\n",
        "## What the dataset holds\n",
        _counter_table("kind", writer.stats["kind"]) + "\n",
        _counter_table("speaker kind", writer.stats["speaker_kind"]) + "\n",
        _counter_table("publisher (articles)", writer.stats["publisher"]) + "\n",
        "| top speakers | quotes |\n|---|---|\n" + "\n".join(f"| {name} | {n} |" for n, name in top) + "\n",
        "## Sources and licenses\n",
        "Each article keeps the license of its source (field `articles.license`); the credits are in "
        "`raw/NOTICE`. Reuse must follow the license of every article you reuse.\n",
        "\n".join(lic_rows) + "\n",
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
