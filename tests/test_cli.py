"""The command line: help for every command, the extract contract, parse output, errors."""

import json
import subprocess
import sys

import pytest

from builder.cli import build_parser, main

from .conftest import RAW, ROOT

COMMANDS = ["build", "extract", "parse", "eval", "errors", "diff", "release", "review", "bench"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_every_command_is_listed():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(COMMANDS) <= set(sub.choices)


def test_extract_contract(tmp_path):
    text = "“We are ready,” she said.\n\nThe talks failed, according to Reuters."
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "d1", "text": text, "other": 1}) + "\n\n" + "not json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "builder", "extract", str(src), str(out)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "in.jsonl:3: skipped" in proc.stderr
    (line,) = out.read_text(encoding="utf-8").splitlines()
    doc = json.loads(line)
    assert set(doc) == {"id", "quotes", "citations"} and doc["id"] == "d1"
    q = doc["quotes"][0]
    for key in ("start", "end", "kind", "speaker", "speaker_mention", "speaker_start", "speaker_end",
                "speaker_title", "speaker_affiliation", "cue"):
        assert key in q
    assert text[q["start"]:q["end"]] == "We are ready," and q["speaker_mention"] == "she"
    assert any(c["cited"] == "Reuters" for c in doc["citations"])


def test_extract_output_is_the_same_for_any_jobs_and_a_timeout_is_an_error_line(tmp_path):
    docs = [{"id": f"d{i}", "text": f"“Point {i},” she said.\n\nThe talks failed, according to Reuters."}
            for i in range(40)]
    docs.insert(7, {"id": "slow", "text": 'He said "' + '"' * 300_000})   # over a second of work, far past 0.2 s
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        proc = subprocess.run([sys.executable, "-m", "builder", "extract", "--jobs", jobs, "--article-budget", "0.2",
                               str(src), str(out)], cwd=ROOT, capture_output=True, text=True)
        assert proc.returncode == 0 and "'slow': no result: detect_timeout" in proc.stderr
        outs[jobs] = out.read_bytes()
    assert outs["1"] == outs["2"]
    lines = [json.loads(line) for line in outs["1"].decode("utf-8").splitlines()]
    assert [d["id"] for d in lines] == [d["id"] for d in docs]
    assert lines[7]["quotes"] == [] and lines[7]["error"].startswith("detect_timeout")
    assert all("error" not in d and d["quotes"] for i, d in enumerate(lines) if i != 7)


def test_parse_prints_article_json(capsys):
    seed = next((RAW / "seed").glob("*.txt"))
    assert main(["parse", str(seed), "--raw", str(RAW)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["id"].startswith("seed/") and out["sections"] and out["paragraphs"]
    for p in out["paragraphs"]:
        assert out["text"][p["start"]:p["end"]] == p["text"]


def test_missing_raw_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["build", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "raw folder not found" in capsys.readouterr().err
