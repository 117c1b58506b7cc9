"""Incremental builds: the on-disk cache changes nothing in the output, is invalidated stage by stage,
survives corruption, and never keeps a timeout; a stuck or crashing worker costs one article."""

import os
import shutil
import time
from pathlib import Path

import pytest

from builder import export, pipeline
from builder.cache import Cache
from builder.pipeline import build

from .conftest import RAW, ROOT
from .test_build import tree_bytes

CARD = ROOT / "card"
# A small corpus: text and HTML articles, with and without sidecars.
STEMS = ["seed/coincu_346360_shanghai-hong-kong-financial-collaboration",
         "wikinews/2019-09-25_us-speaker-pelosi-announces-trump-impeachment-investigation",
         "wikinews/2020-02-05_police-shoot-man-dead-after-terrorist-related-knife-attack-i",
         "wikinews/qsample_wikinews-20070223-train",
         "voa/voanoticias_nicaragua-cientificos-rebrote-covid19_2020-10-08",
         "open-html/wikimediafoundation_turkey-access-restored_2020-01-15"]
HTML = "open-html"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("corpus") / "raw"
    for stem in STEMS:
        for path in (RAW / stem).parent.glob((RAW / stem).name + ".*"):
            (raw / stem).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, raw / path.relative_to(RAW))
    assert len(list(raw.rglob("*.txt"))) == 5 and len(list(raw.rglob("*.html"))) == 1
    return raw


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference") / "dataset"
    build(corpus, out, CARD, jobs=1, progress=False)        # no cache
    return tree_bytes(out)


def _copy(corpus: Path, tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(corpus, raw)
    return raw


def test_cache_and_workers_change_no_byte(corpus, reference, tmp_path):
    cache = tmp_path / "cache"
    for jobs in (2, 1, 2):                                   # cold with workers, warm in process, warm with workers
        out = tmp_path / f"dataset-{jobs}"
        summary = build(corpus, out, CARD, jobs=jobs, force=True, progress=False, cache_dir=cache)
        assert tree_bytes(out) == reference
    assert summary.work["reused"] == summary.articles


def test_output_does_not_depend_on_file_creation_order(corpus, reference, tmp_path):
    raw = tmp_path / "raw"
    for path in sorted(corpus.rglob("*"), reverse=True):   # create files in the opposite order
        if path.is_file():
            (raw / path.relative_to(corpus)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, raw / path.relative_to(corpus))
    build(raw, tmp_path / "dataset", CARD, jobs=2, progress=False, cache_dir=tmp_path / "cache")
    assert tree_bytes(tmp_path / "dataset") == reference


def test_one_edited_article_is_the_only_one_parsed_and_extracted(corpus, tmp_path):
    raw, cache = _copy(corpus, tmp_path), tmp_path / "cache"
    first = build(raw, tmp_path / "dataset", CARD, progress=False, cache_dir=cache)
    edited = sorted(raw.rglob("*.txt"))[0]
    with edited.open("a", encoding="utf-8") as f:
        f.write("\n\n“We added this paragraph,” said Jane Doe.\n")
    summary = build(raw, tmp_path / "dataset", CARD, progress=False, cache_dir=cache)
    assert (summary.parsed, summary.extracted, summary.work["reused"]) == (1, 1, first.articles - 1)
    build(raw, tmp_path / "fresh", CARD, progress=False)
    assert tree_bytes(tmp_path / "dataset") == tree_bytes(tmp_path / "fresh")


def test_unchanged_shards_are_linked_and_touched_ones_rewritten(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "MAX_SHARD_BYTES", 3_000)       # several shards per config
    raw, cache, out = _copy(corpus, tmp_path), tmp_path / "cache", tmp_path / "dataset"
    build(raw, out, CARD, progress=False, cache_dir=cache)
    before = {p.relative_to(out): p.stat().st_ino for p in out.glob("data/*/*.jsonl")}
    assert len([p for p in before if p.parts[1] == "quotes"]) > 1
    edited = sorted(raw.rglob("*.txt"))[0]
    with edited.open("a", encoding="utf-8") as f:
        f.write("\n\n“We added this paragraph,” said Jane Doe.\n")
    build(raw, out, CARD, progress=False, cache_dir=cache)
    after = {p.relative_to(out): p.stat().st_ino for p in out.glob("data/*/*.jsonl")}
    kept = {p for p in before if after.get(p) == before[p]}
    assert kept and len(kept) < len(before)       # most shards are the previous files; the edited article's are new
    build(raw, tmp_path / "fresh", CARD, progress=False)
    assert tree_bytes(out) == tree_bytes(tmp_path / "fresh")


def test_a_shard_changed_by_hand_is_not_reused(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "MAX_SHARD_BYTES", 3_000)
    raw, cache, out = _copy(corpus, tmp_path), tmp_path / "cache", tmp_path / "dataset"
    build(raw, out, CARD, progress=False, cache_dir=cache)
    for shard in out.glob("data/*/*.jsonl"):        # same size, other bytes, a later mtime
        data = shard.read_bytes()
        shard.write_bytes(data.replace(b"a", b"b"))
    edited = sorted(raw.rglob("*.txt"))[-1]
    with edited.open("a", encoding="utf-8") as f:
        f.write("\n\n“We added this paragraph,” said Jane Doe.\n")
    build(raw, out, CARD, progress=False, cache_dir=cache)
    build(raw, tmp_path / "fresh", CARD, progress=False)
    assert tree_bytes(out) == tree_bytes(tmp_path / "fresh")


def test_a_rule_change_reextracts_everything_and_reparses_nothing(corpus, reference, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    built = build(corpus, tmp_path / "d1", CARD, progress=False, cache_dir=cache).articles
    real = pipeline.code_digest()
    monkeypatch.setattr(pipeline, "code_digest", lambda: real[::-1])      # an engine, rule or lexicon edit
    summary = build(corpus, tmp_path / "d2", CARD, progress=False, cache_dir=cache)
    assert (summary.parsed, summary.extracted) == (0, built)
    monkeypatch.setattr(pipeline, "parse_digest", lambda: "a parser edit that changes no article")
    summary = build(corpus, tmp_path / "d3", CARD, force=True, progress=False, cache_dir=cache)
    assert (summary.parsed, summary.extracted) == (built, 0)
    monkeypatch.undo()
    assert tree_bytes(tmp_path / "d1") == reference


def test_corrupt_cache_entries_and_index_are_misses(corpus, reference, tmp_path):
    cache = tmp_path / "cache"
    build(corpus, tmp_path / "d1", CARD, progress=False, cache_dir=cache)
    files = sorted(p for p in cache.rglob("*") if p.is_file())
    assert len(files) > 3
    for i, path in enumerate(files):
        data = path.read_bytes()
        damage = [data[: len(data) // 2], data[:-1] + bytes([data[-1] ^ 1]), b"\x00garbage\n" * 3, b"",
                  data.replace(b"\n", b"\n\n", 2)][i % 5]
        path.write_bytes(damage)
    summary = build(corpus, tmp_path / "d2", CARD, progress=False, cache_dir=cache)
    assert tree_bytes(tmp_path / "d2") == reference
    assert summary.work == {"parsed+extracted": summary.articles}     # every entry was damaged: all redone


def test_a_timeout_is_a_rejection_and_is_not_cached(corpus, reference, tmp_path):
    cache = tmp_path / "cache"
    summary = build(corpus, tmp_path / "d1", CARD, progress=False, cache_dir=cache, budget=0.001)
    timed_out = {r.path for r in summary.rejections if r.reason == "detect_timeout"}
    assert any(p.startswith(HTML) for p in timed_out)      # parsing a page takes ~20 ms of CPU
    build(corpus, tmp_path / "d2", CARD, progress=False, cache_dir=cache)
    assert tree_bytes(tmp_path / "d2") == reference


@pytest.mark.parametrize("fault", ["hang", "die"])
def test_a_stuck_or_crashing_worker_costs_one_article(corpus, reference, tmp_path, monkeypatch, fault):
    victim = sorted(corpus.rglob("*.txt"))[1].relative_to(corpus).as_posix()
    real_parse = pipeline.parse

    def faulty(raw):
        if raw.path == victim:
            if fault == "hang":
                time.sleep(120)        # no CPU time passes: only the wall-clock limit ends it
            os._exit(9)
        return real_parse(raw)

    monkeypatch.setattr(pipeline, "parse", faulty)            # workers are forked: they see it
    monkeypatch.setattr(pipeline, "wall_limit", lambda budget: 2.0)
    start = time.monotonic()
    summary = build(corpus, tmp_path / "dataset", CARD, jobs=2, progress=False)
    assert time.monotonic() - start < 60
    (rejection,) = [r for r in summary.rejected_articles]
    assert rejection.path == victim
    assert (rejection.reason, fault) in {("detect_timeout", "hang"), ("internal_error", "die")}
    assert summary.articles == sum(1 for p in corpus.rglob("*") if p.suffix in (".txt", ".html")) - 1


def test_cache_entries_round_trip_and_reject_damage(tmp_path):
    cache = Cache(tmp_path)
    stored = cache.put("rows", "ab" * 32, {"x": [1, "é"]}, b"body\nbytes")
    entry = cache.get("rows", "ab" * 32)
    assert (entry.header, entry.body) == ({"x": [1, "é"]}, b"body\nbytes")
    assert Path(stored.path).read_bytes()[stored.offset:] == b"body\nbytes"
    assert cache.header("rows", "ab" * 32) == {"x": [1, "é"]}
    path = Path(stored.path)
    path.write_bytes(path.read_bytes().replace(b"body", b"bodY"))
    assert cache.get("rows", "ab" * 32) is None
    assert Cache(None).get("rows", "ab" * 32) is None and Cache(None).put("rows", "k", {}, b"") is None


def test_index_round_trip_and_corruption(tmp_path):
    cache = Cache(tmp_path)
    writer = cache.index_writer()
    writer.add("a.txt\tsig\tx")
    writer.add("b/c.txt\tsig\ty")
    writer.commit()
    assert list(cache.index_lines()) == ["a.txt\tsig\tx", "b/c.txt\tsig\ty"]
    index = tmp_path / "inputs.tsv"
    index.write_bytes(index.read_bytes().replace(b"sig\tx", b"sig\tz"))
    assert list(cache.index_lines()) == []


def test_sweep_removes_only_old_unused_entries(tmp_path):
    cache = Cache(tmp_path)
    for key in ("aa" * 32, "bb" * 32, "cc" * 32):
        cache.put("parse", key, {}, b"x")
    old = time.time() - 3 * 24 * 3600
    for key in ("aa" * 32, "bb" * 32):
        os.utime(tmp_path / "parse" / key[:2] / key, (old, old))
    later = Cache(tmp_path)
    later.get("parse", "aa" * 32)                            # used now: its age starts again
    assert later.sweep() == 1
    assert sorted(p.name for p in (tmp_path / "parse").rglob("*") if p.is_file()) == ["aa" * 32, "cc" * 32]
