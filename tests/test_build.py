"""The whole build: acceptance facts of the seed, invariants, bad inputs, and loading through datasets."""

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from builder.pipeline import build
from builder.records import CONFIGS
from builder.schema import features_yaml

from .conftest import RAW, ROOT

CARD = ROOT / "card"
SEED_ID = "seed/coincu_346360_shanghai-hong-kong-financial-collaboration"


def rows(out: Path, config: str) -> list[dict]:
    return [json.loads(line) for f in sorted((out / "data" / config).glob("*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines()]


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "dataset"
    build(RAW, out, CARD, jobs=1, progress=False)
    return out


def test_seed_acceptance(built):
    quotes = [q for q in rows(built, "quotes") if q["article_id"] == SEED_ID]
    plan = next(q for q in quotes if q["quote"].startswith("The action plan implements"))
    assert plan["speaker"] == "Paul Chan Mo-po" and "Financial Secretary" in plan["speaker_title"]
    assert plan["speaker_affiliation"] == "Hong Kong SAR" and plan["kind"] == "direct"
    economy = next(q for q in quotes if q["quote"].startswith("Most of our economy is service-driven"))
    assert economy["speaker"] == "Christopher Hui"
    assert economy["speaker_title"] == "Secretary for Financial Services and the Treasury"
    assert any(q["speaker"] == "Liu Bin" and q["kind"] == "indirect" for q in quotes)
    speakers = {s["name"]: s for s in rows(built, "speakers")}
    assert any("Financial Research Office" in t and "Pudong Institute of Reform and Development" in t
               for t in speakers["Liu Bin"]["titles"])
    assert {"Treasury Secretary", "Secretary for Financial Services and the Treasury"} <= set(
        speakers["Christopher Hui"]["titles"])
    cited = [(c["cited"], c["url"]) for c in rows(built, "citations") if c["article_id"] == SEED_ID]
    assert ("CoinMarketCap", None) in cited
    assert any(url == "https://coincu.com/346360-shanghai-hong-kong-financial-collaboration/" for _, url in cited)


def test_every_span_slices_to_its_text(built):
    texts = {a["id"]: a["text"] for a in rows(built, "articles")}
    for q in rows(built, "quotes"):
        text = texts[q["article_id"]]
        assert text[q["start"]:q["end"]] == q["quote"]
        if q["speaker_mention"] is not None:
            assert text[q["speaker_start"]:q["speaker_end"]] == q["speaker_mention"]
        if q["cue"] is not None:
            assert text[q["cue_start"]:q["cue_end"]] == q["cue"]
    for c in rows(built, "citations"):
        assert texts[c["article_id"]][c["start"]:c["end"]] == c["cited"]


def test_rows_sorted_and_manifest_counts(built):
    for shard in sorted((built / "data" / "quotes").glob("*.jsonl")):
        quotes = [json.loads(line) for line in shard.read_text(encoding="utf-8").splitlines()]
        assert quotes == sorted(quotes, key=lambda q: (q["article_id"], q["start"], q["end"])), shard.name
    manifest = json.loads((built / "manifest.json").read_text())
    for config in CONFIGS:
        assert manifest["counts"][config] == len(rows(built, config))
    assert manifest["dataset_version"] and manifest["input_digest"]


def test_rebuild_is_byte_identical_whatever_the_worker_count(built, tmp_path):
    again = tmp_path / "dataset"
    build(RAW, again, CARD, jobs=2, progress=False)
    assert tree_bytes(again) == tree_bytes(built)


def test_second_build_with_same_inputs_is_a_no_op(built):
    before = tree_bytes(built)
    summary = build(RAW, built, CARD, jobs=1, progress=False)
    assert summary.up_to_date and tree_bytes(built) == before


def test_bad_articles_are_reported_and_the_rest_is_built(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW / "seed", raw / "seed")
    (raw / "bad").mkdir()
    (raw / "bad" / "empty.txt").write_bytes(b"")
    (raw / "bad" / "binary.html").write_bytes(b"%PDF-1.4\n\x00\x01\x02")
    (raw / "bad" / "latin.txt").write_bytes(b"\xff\xfe\x00\xd8 broken utf-16 surrogate")
    (raw / "bad" / "sidecar.txt").write_text("A title\n\nA body paragraph that is fine.", encoding="utf-8")
    (raw / "bad" / "sidecar.meta.json").write_text("{not json", encoding="utf-8")
    summary = build(raw, tmp_path / "dataset", CARD, jobs=1, progress=False)
    reasons = {r.path: r.reason for r in summary.rejections if r.reason != "detect_unbalanced_marks"}
    assert reasons == {"bad/empty.txt": "source_empty", "bad/binary.html": "source_binary",
                       "bad/latin.txt": "parse_undecodable", "bad/sidecar.txt": "source_bad_sidecar"}
    assert summary.articles == 1
    manifest = json.loads((tmp_path / "dataset" / "manifest.json").read_text())
    assert manifest["rejections"]["source_empty"] == 1
    assert {r["path"] for r in manifest["rejected"]} >= set(reasons)


def test_failed_export_leaves_previous_dataset_intact(tmp_path, monkeypatch):
    out = tmp_path / "dataset"
    raw = tmp_path / "raw"
    shutil.copytree(RAW / "seed", raw / "seed")
    build(raw, out, CARD, jobs=1, progress=False)
    before = tree_bytes(out)
    from builder import export

    def broken(*args, **kwargs):
        raise export.ExportError("simulated bad row")
    monkeypatch.setattr(export.DatasetWriter, "add", broken)
    with pytest.raises(export.ExportError):
        build(raw, out, CARD, jobs=1, force=True, progress=False)
    assert tree_bytes(out) == before
    assert not list(tmp_path.glob(".dataset.building-*"))


def test_loads_through_datasets_with_declared_features(built):
    datasets = pytest.importorskip("datasets")
    manifest = json.loads((built / "manifest.json").read_text())
    for config, cls in CONFIGS.items():
        ds = datasets.load_dataset(str(built), config, split="train", cache_dir=tempfile.mkdtemp())
        assert ds.num_rows == manifest["counts"][config]
        assert ds.features == datasets.Features._from_yaml_list(features_yaml(cls))
        assert ds.info.version is not None and str(ds.info.version) == manifest["dataset_version"]
    default = datasets.load_dataset(str(built), split="train", cache_dir=tempfile.mkdtemp())
    assert default.num_rows == manifest["counts"]["quotes"]
    kinds = datasets.load_dataset(str(built), "quotes", split="train", cache_dir=tempfile.mkdtemp()).features["kind"]
    assert kinds.names == ["direct", "mixed", "indirect"]


def test_committed_dataset_is_current():
    """dataset/ in the repo is what the builder makes from raw/ now (run `make` and commit)."""
    committed = ROOT / "dataset"
    if not (committed / "manifest.json").exists():
        pytest.skip("no dataset/ built yet")
    from builder.pipeline import article_paths, input_digest

    paths = article_paths(RAW)
    manifest = json.loads((committed / "manifest.json").read_text())
    assert manifest["input_digest"] == input_digest(paths, RAW, CARD), "dataset/ is stale: run `make` and commit"
