"""Shared fixtures: paths, an isolated store per test, and test settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Never touch the developer's own data folder: each test gets its own."""
    monkeypatch.setenv("NOEGLETAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NOEGLETAL_DATABASE_URL", raising=False)
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


def postgres_url() -> str | None:
    return os.environ.get("NOEGLETAL_TEST_POSTGRES_URL") or None
