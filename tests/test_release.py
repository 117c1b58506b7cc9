"""`builder release`: version bump in the card, CHANGELOG entry from the diff, rebuilt dataset that loads as the new version."""

import json
import shutil
import tempfile

import pytest

from builder.cli import main
from builder.snapshot import card_header
from builder.pipeline import build
from builder.release import ReleaseError, add_entry, release, set_version

from .test_build import tree_bytes
from .test_diff import edit_seed, git, make_repo


def release_in(repo, **kwargs):
    return release(repo / "raw", repo / "dataset", repo / "card", **kwargs)


def test_set_version_keeps_the_rest_of_the_toml():
    toml = '# comment\n[dataset]\nname = "x"\nversion = "1.2.3"  # bumped by release\nother = "version = 9"\n'
    assert set_version(toml, "1.3.0") == toml.replace('"1.2.3"', '"1.3.0"')
    with pytest.raises(ReleaseError):
        set_version("[dataset]\n", "1.0.0")


def test_entry_goes_above_the_newest_version():
    log = "# Changelog\n\nIntro.\n\n## 0.1.0\n\n- First.\n"
    assert add_entry(log, "## 0.2.0\n\n- Second.\n") == "# Changelog\n\nIntro.\n\n## 0.2.0\n\n- Second.\n\n## 0.1.0\n\n- First.\n"


def test_release_minor_after_an_article_edit(tmp_path):
    datasets = pytest.importorskip("datasets")
    repo = make_repo(tmp_path)
    git(repo, "tag", "v0.1.0")
    edit_seed(repo / "raw")
    with pytest.raises(ReleaseError, match="need a MINOR release"):
        release_in(repo, bump="patch")
    r = release_in(repo, bump="minor", note="Seed article corrected.")
    assert (r.old_version, r.version, r.tag, r.baseline) == ("0.1.0", "0.2.0", "v0.2.0", "v0.1.0")
    assert 'version = "0.2.0"' in (repo / "card" / "dataset.toml").read_text(encoding="utf-8")
    log = (repo / "card" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.index("## 0.2.0\n\nSeed article corrected.\n\nMINOR release, compared with 0.1.0") < log.index("## 0.1.0")
    assert "- quotes: 1 added, 1 changed" in log
    assert (repo / "dataset" / "CHANGELOG.md").read_text(encoding="utf-8") == log
    card = card_header((repo / "dataset" / "README.md").read_text(encoding="utf-8"))
    assert {c["version"] for c in card["configs"]} == {"0.2.0"}
    assert json.loads((repo / "dataset" / "manifest.json").read_text())["dataset_version"] == "0.2.0"
    for config in ("quotes", "articles"):
        ds = datasets.load_dataset(str(repo / "dataset"), config, split="train", cache_dir=tempfile.mkdtemp())
        assert str(ds.info.version) == "0.2.0"
    # the card folder is the source of truth: a rebuild from scratch gives the same bytes
    released = tree_bytes(repo / "dataset")
    shutil.rmtree(repo / "dataset")
    build(repo / "raw", repo / "dataset", repo / "card", jobs=1, progress=False)
    assert tree_bytes(repo / "dataset") == released


def test_nothing_to_release_and_the_cli(tmp_path, capsys, monkeypatch):
    repo = make_repo(tmp_path)
    with pytest.raises(ReleaseError, match="nothing to release"):
        release_in(repo)
    monkeypatch.chdir(repo)
    edit_seed(repo / "raw")
    assert main(["release", "--dry-run", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "Would release 0.2.0 (MINOR, was 0.1.0; compared with HEAD)" in out
    assert 'version = "0.1.0"' in (repo / "card" / "dataset.toml").read_text(encoding="utf-8")
    assert main(["release", "--jobs", "1"]) == 0      # the implied bump
    out = capsys.readouterr().out
    assert "Tag to create: v0.2.0" in out and "git tag -a v0.2.0" in out and "hf repos tag create" in out
