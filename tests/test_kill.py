"""Atomic output: a build killed with SIGKILL half-way leaves the previous dataset intact and loadable,
and the next build cleans up after it."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from builder.bench import replicate
from builder.pipeline import build

from .conftest import RAW, ROOT
from .test_build import rows, tree_bytes

CARD = ROOT / "card"


@pytest.fixture
def previous(tmp_path):
    """raw/ holding the seed, and the dataset built from it."""
    raw, out = tmp_path / "raw", tmp_path / "dataset"
    shutil.copytree(RAW / "seed", raw / "seed")
    build(raw, out, CARD, progress=False)
    return raw, out, tree_bytes(out)


def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")
def test_sigkill_mid_build_leaves_the_previous_dataset_intact_and_loadable(previous, tmp_path):
    raw, out, before = previous
    replicate(RAW, raw / "more", 400)                       # long enough to be caught half-way
    proc = subprocess.Popen([sys.executable, "-m", "builder", "build", "--raw", str(raw), "--out", str(out),
                             "--card", str(CARD), "--no-cache", "--jobs", "2", "--quiet"], cwd=ROOT,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while True:      # kill it once it has written rows into its temporary folder
        staged = list(tmp_path.glob(".dataset.building-*/.rows-articles.jsonl"))
        if staged and staged[0].stat().st_size > 200_000:
            break
        assert proc.poll() is None, "the build finished before it could be killed"
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)                   # the build and its workers, no clean-up possible
    proc.wait()

    assert tree_bytes(out) == before
    assert list(tmp_path.glob(".dataset.building-*"))      # the killed build's half-written folder, set aside
    datasets = pytest.importorskip("datasets")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for config, n in manifest["counts"].items():
        loaded = datasets.load_dataset(str(out), config, split="train", cache_dir=tempfile.mkdtemp())
        assert loaded.num_rows == n == len(rows(out, config))

    summary = build(raw, out, CARD, jobs=2, progress=False)
    assert not list(tmp_path.glob(".dataset.building-*"))
    assert summary.articles == 401 and json.loads((out / "manifest.json").read_text())["articles"] == 401


def test_a_build_killed_between_the_two_renames_is_put_back(previous, tmp_path):
    raw, out, before = previous
    pid = _dead_pid()
    # what the fallback swap leaves when killed after its first rename: no dataset/ at all
    os.replace(out, tmp_path / f".dataset.old-{pid}")
    (tmp_path / f".dataset.building-{pid}-x1y2").mkdir()
    summary = build(raw, out, CARD, progress=False)
    assert summary.up_to_date and tree_bytes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "raw"]


def test_a_running_builds_folder_is_left_alone(previous, tmp_path):
    raw, out, _before = previous
    mine = tmp_path / f".dataset.building-{os.getpid()}-abcd"
    mine.mkdir()
    build(raw, out, CARD, force=True, progress=False)
    assert mine.is_dir()
