"""Fixtures for the calibration tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from cal_helpers import tiny_targets_text  # tests/calibration is on sys.path (rootdir-relative import)


@pytest.fixture
def tiny_targets(tmp_path: Path) -> Path:
    """Path of a tiny targets file."""
    p = tmp_path / "tiny_targets.toml"
    p.write_text(tiny_targets_text(), encoding="utf-8")
    return p
