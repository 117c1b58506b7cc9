"""Every article in raw/ has a reviewed golden file, and the pipeline still produces it."""

import difflib

import pytest

from builder.sources import discover

from .conftest import RAW
from .golden_tool import golden_path, render

ARTICLES = discover(RAW)


def test_raw_is_not_empty():
    assert len(ARTICLES) >= 40


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.relative_to(RAW).as_posix())
def test_golden(path):
    rel = path.relative_to(RAW).as_posix()
    expected_file = golden_path(rel)
    assert expected_file.exists(), f"no golden file for {rel}: run `make golden` and review the new file"
    expected = expected_file.read_text(encoding="utf-8")
    got = render(path)
    if got != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                            f"golden/{rel}", f"now/{rel}", n=2))
        pytest.fail(f"{rel} changed (run `make golden`, review, commit):\n{diff[:6000]}")
