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


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test process (Playwright's sync API allows only one
    driver per thread, so every browser test shares this one)."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium er ikke installeret (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
