"""Shared fixtures: paths, an isolated store per test, and test settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_data"
SHARED = ROOT.parent / "shared"


DEVELOPER_DATA = ROOT / "data"  # the default data folder of `make run`
_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _data_folder_files() -> set[str] | None:
    """The files in the developer's data folder (None when there is none). SQLite's side
    files are left out: a dashboard the developer runs meanwhile may create them."""
    if not DEVELOPER_DATA.exists():
        return None
    return {str(p.relative_to(DEVELOPER_DATA)) for p in DEVELOPER_DATA.rglob("*")
            if not p.name.endswith(_SQLITE_SIDE_FILES)}


@pytest.fixture(scope="session", autouse=True)
def _never_the_developers_data_folder(tmp_path_factory):
    """The whole session, module- and session-scoped fixtures included, runs with the data
    folder in a temporary directory; when it ends, ``./data`` must be as it was (not created
    if it was not there, no file added or removed if it was)."""
    before = _data_folder_files()
    mp = pytest.MonkeyPatch()
    mp.setenv("NOEGLETAL_DATA_DIR", str(tmp_path_factory.mktemp("session-data")))
    mp.delenv("NOEGLETAL_DATABASE_URL", raising=False)
    yield
    mp.undo()
    after = _data_folder_files()
    assert after == before, (
        f"the tests touched the developer's data folder {DEVELOPER_DATA}: "
        f"{'created it' if before is None else sorted((after or set()) ^ before)}")


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
