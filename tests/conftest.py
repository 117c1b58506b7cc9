"""Shared paths and markers for the test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SHARED = ROOT.parent / "shared"

# The evaluation data and corpus live beside the repo in CI, not in a user's fresh clone.
needs_shared = pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared is not present")

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
