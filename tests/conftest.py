"""Shared fixtures. One Screener per test session: building it is the slow part."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def screener():
    from screening import Screener

    return Screener(fingerprint_key="test-key")
