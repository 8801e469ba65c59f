"""Fixtures for the store tests: a clean database per test on SQLite and on PostgreSQL.

PostgreSQL runs when ``NOEGLETAL_TEST_POSTGRES_URL`` points at a server (CI starts one);
each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from noegletal.store import Store
from tests.conftest import postgres_url

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _postgres_schema_url(schema: str) -> str:
    base = sa.make_url(postgres_url())
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> Iterator[str]:
    """The URL of an empty database on the backend of the parameter."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'store.sqlite3').as_posix()}"
        return
    if postgres_url() is None:
        pytest.skip("NOEGLETAL_TEST_POSTGRES_URL er ikke sat; PostgreSQL-testene springes over.")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(postgres_url())
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(store_url) -> Iterator[Store]:
    s = Store(store_url)
    yield s
    s.close()


@pytest.fixture
def small_chunk_store(store_url) -> Iterator[Store]:
    """A store that writes 2 rows per chunk, so a failure can strike between chunks."""
    s = Store(store_url, chunk_size=2)
    yield s
    s.close()
