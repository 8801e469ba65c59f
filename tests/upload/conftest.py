"""Fixtures for the upload service tests: an empty store on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from noegletal.store import Store
from tests.store.conftest import store_url  # noqa: F401 - the backend-parametrised URL

FILES = Path(__file__).parent / "files"


@pytest.fixture
def store(store_url) -> Iterator[Store]:  # noqa: F811
    s = Store(store_url)
    yield s
    s.close()


@pytest.fixture
def small_chunk_store(store_url) -> Iterator[Store]:  # noqa: F811
    """Writes 2 rows per chunk, so a failure can strike in the middle of a file."""
    s = Store(store_url, chunk_size=2)
    yield s
    s.close()


def read(name: str) -> bytes:
    return (FILES / name).read_bytes()
