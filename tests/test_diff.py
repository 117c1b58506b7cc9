"""`builder diff`: records matched across versions, field changes, implied bump, Markdown and JSON, git sides."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from builder import export, snapshot
from builder.cli import main
from builder.diff import bump_version, diff, render_markdown
from builder.pipeline import build

from .conftest import RAW, ROOT

SEED = "seed/coincu_346360_shanghai-hong-kong-financial-collaboration"
SEED_FILE = RAW / (SEED + ".txt")


def edit_seed(raw: Path) -> None:
    """One raw article change: a sentence inserted early (shifts every later span), one quote edited, one added."""
    path = raw / (SEED + ".txt")
    text = path.read_text(encoding="utf-8")
    text = text.replace("increasing the global reach of the digital RMB.",
                        "increasing the global reach of the digital RMB. Officials expect the first pilots soon.")
    text = text.replace("including not just financing, but also risk management", "including financing, risk management")
    path.write_text(text, encoding="utf-8", newline="")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout


def make_repo(root: Path, articles: tuple[str, ...] = (SEED,)) -> Path:
    """A git repository with raw/ (the given articles), card/ and the built dataset/, committed."""
    repo = root / "repo"
    for article in articles:
        for src in RAW.glob(article + ".*"):
            dst = repo / "raw" / src.relative_to(RAW)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    shutil.copytree(ROOT / "card", repo / "card")
    build(repo / "raw", repo / "dataset", repo / "card", jobs=1, progress=False)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return make_repo(tmp_path_factory.mktemp("diff"))


@pytest.fixture(scope="module")
def edited(repo, tmp_path_factory) -> Path:
    """The repository's dataset rebuilt after `edit_seed`, as a separate folder."""
    work = tmp_path_factory.mktemp("edited")
    shutil.copytree(repo / "raw", work / "raw")
    edit_seed(work / "raw")
    build(work / "raw", work / "dataset", repo / "card", jobs=1, progress=False)
    return work / "dataset"


def rows(folder: Path, config: str) -> list[dict]:
    return [json.loads(line) for f in sorted((folder / "data" / config).glob("*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines()]


def write_rows(folder: Path, config: str, new_rows: list[dict]) -> None:
    for f in (folder / "data" / config).glob("*.jsonl"):
        f.unlink()
    (folder / "data" / config / "train.jsonl").write_text("".join(export.jsonl_line(r) for r in new_rows),
                                                          encoding="utf-8")


def test_identical_versions_need_no_bump(repo):
    d = diff(snapshot.load(str(repo / "dataset")), snapshot.load(str(repo / "dataset")))
    assert d.bump() == "none" and not d.changes
    assert "No record changed" in render_markdown(d)


def test_article_edit_reads_as_changes_not_removals(repo, edited):
    d = diff(snapshot.load(str(repo / "dataset")), snapshot.load(str(edited)))
    quotes = [c for c in d.changes if c.config == "quotes"]
    assert not [c for c in quotes if c.status == "removed"]
    (added,) = [c for c in quotes if c.status == "added"]
    assert added.new["quote"] == "the first pilots soon"
    (changed,) = [c for c in quotes if c.status == "changed"]
    assert changed.old["id"] != changed.new["id"] and changed.new["speaker"] == "Christopher Hui"
    assert set(changed.fields) - changed.shifted == {"quote"}    # the offsets moved with the inserted sentence
    moved = [c for c in quotes if c.status == "moved"]
    assert moved and all(c.old["quote"] == c.new["quote"] for c in moved)
    assert d.bump() == "minor" and bump_version(d.old.version, d.bump()) == "0.2.0"
    md = render_markdown(d)
    assert "**Implied version bump: MINOR**" in md and "`python -m builder release --minor`" in md
    assert "quote: `…" in md and "not just financing" in md
    assert "records only moved with the text" in md and f"#### `{SEED}`" in md


def test_rule_change_shows_field_level_changes_grouped_by_rule(repo, tmp_path):
    """A coreference rule resolving "he" differently: PATCH, speaker before → after under the rules that made it."""
    new = tmp_path / "dataset"
    shutil.copytree(repo / "dataset", new)
    quotes = rows(new, "quotes")
    target = next(q for q in quotes if q["speaker"] == "Christopher Hui")
    target.update(speaker="Paul Chan Mo-po", speaker_id="paul-chan-mo-po", rules=[*target["rules"], "coref_pronoun"])
    write_rows(new, "quotes", quotes)
    d = diff(snapshot.load(str(repo / "dataset")), snapshot.load(str(new)))
    (change,) = d.changes
    assert change.status == "changed" and set(change.fields) == {"speaker", "speaker_id", "rules"}
    assert d.bump() == "patch"
    md = render_markdown(d)
    assert 'speaker: `"Christopher Hui"` → `"Paul Chan Mo-po"`' in md
    assert "`speaker_verb_quote` → `speaker_verb_quote` + `coref_pronoun`" in md
    assert "| `coref_pronoun` |" in md     # the rules table names the rule and what it does
    assert render_markdown(d) == md        # stable output


def test_removed_records_and_schema_changes(repo, tmp_path):
    new = tmp_path / "dataset"
    shutil.copytree(repo / "dataset", new)
    write_rows(new, "citations", rows(new, "citations")[1:])
    d = diff(snapshot.load(str(repo / "dataset")), snapshot.load(str(new)))
    assert d.bump() == "minor" and d.counts()["citations"]["removed"] == 1
    card = (new / "README.md").read_text(encoding="utf-8")
    (new / "README.md").write_text(card.replace("  - name: cue_start\n    dtype: int64\n", "", 1)
                                   .replace("  - name: paragraph\n    dtype: int64\n", "  - name: paragraph\n    dtype: string\n", 1),
                                   encoding="utf-8")
    d = diff(snapshot.load(str(repo / "dataset")), snapshot.load(str(new)))
    assert d.bump() == "major"
    assert d.schema == ["quotes: field `cue_start` removed (was int64)", "quotes: field `paragraph` retyped: int64 → string"]
    md = render_markdown(d)
    assert md.index("Schema changes") < md.index("Implied version bump: MAJOR") < md.index("| config |")


def test_git_revision_side_and_cli(repo, edited, tmp_path, capsys):
    head = snapshot.load("HEAD", repo / "dataset")
    folder = snapshot.load(str(repo / "dataset"))
    assert head.rows == folder.rows and head.card == folder.card and head.label.startswith("HEAD (")
    assert main(["diff", "HEAD", str(edited), "--dataset", str(repo / "dataset")]) == 0
    md = capsys.readouterr().out
    assert md.startswith("## Dataset diff: `HEAD (") and "Implied version bump: MINOR" in md
    assert main(["diff", "HEAD", str(edited), "--dataset", str(repo / "dataset"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["bump"] == "minor" and data["next_version"] == "0.2.0"
    assert data["counts"]["quotes"]["added"] == 1
    kinds = {c["status"] for c in data["changes"] if c["config"] == "quotes"}
    assert kinds == {"added", "changed", "moved"}
    assert main(["diff", "no-such-rev", "--dataset", str(repo / "dataset")]) == 2
    assert "neither a dataset folder nor a git revision" in capsys.readouterr().err


def test_long_lists_are_folded_and_the_comment_fits(repo, tmp_path):
    new = tmp_path / "dataset"
    shutil.copytree(repo / "dataset", new)
    quotes = rows(new, "quotes")
    extra = [dict(q, id=f"{q['article_id']}:{q['start'] + 100000 + i}-{q['end'] + 100000 + i}",
                  start=q["start"] + 100000 + i, end=q["end"] + 100000 + i) for i, q in enumerate(quotes * 20)]
    write_rows(new, "quotes", quotes + extra)
    md = render_markdown(diff(snapshot.load(str(repo / "dataset")), snapshot.load(str(new))))
    assert "<details><summary>" in md and "more records</summary>" in md
    assert len(md) < 65_536


def test_one_article_change_touches_one_shard_per_config(tmp_path, monkeypatch):
    """Shards keyed by a hash of the article id: small files, an article's rows together, edits stay local."""
    datasets = pytest.importorskip("datasets")
    monkeypatch.setattr(export, "MAX_SHARD_BYTES", 3_000)
    raw = tmp_path / "raw"
    for src in sorted(RAW.glob("wikinews/2019-*"))[:12] + sorted(RAW.glob("seed/*")):
        (raw / src.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, raw / src.parent.name / src.name)
    build(raw, tmp_path / "before", ROOT / "card", jobs=1, progress=False)
    edit_seed(raw)
    build(raw, tmp_path / "after", ROOT / "card", jobs=1, progress=False)
    before, after = tmp_path / "before", tmp_path / "after"
    for config in ("quotes", "citations", "articles"):
        shards = sorted((after / "data" / config).glob("*.jsonl"))
        assert len(shards) > 1
        seen = {}
        for shard in shards:
            lines = shard.read_text(encoding="utf-8").splitlines()
            keys = [json.loads(line)["article_id" if config != "articles" else "id"] for line in lines]
            assert len(set(keys)) == 1 or shard.stat().st_size <= 3_000
            for key in keys:
                assert seen.setdefault(key, shard.name) == shard.name      # one article, one shard
            parsed = [json.loads(line) for line in lines]
            order = [(r.get("article_id", r["id"]), r.get("start", 0), r.get("end", 0)) for r in parsed]
            assert order == sorted(order)
        touched = [p.name for p in shards if not (before / "data" / config / p.name).exists()
                   or (before / "data" / config / p.name).read_bytes() != p.read_bytes()]
        assert touched == [seen[SEED]]
        ds = datasets.load_dataset(str(after), config, split="train", cache_dir=str(tmp_path / f"cache-{config}"))
        assert ds.num_rows == json.loads((after / "manifest.json").read_text())["counts"][config]
