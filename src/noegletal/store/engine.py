"""Engines and transactions for the store, on SQLite and PostgreSQL.

SQLite: foreign keys on, WAL journal (readers never block the writer and vice versa), a busy
timeout so a second writer waits instead of failing, and write transactions opened with
``BEGIN IMMEDIATE`` so two writers serialise at the start of their transaction (a deferred
transaction that upgrades to a writer later can fail at once with "database is locked").

PostgreSQL: every write transaction first takes a transaction-scoped advisory lock keyed on
the current schema, so imports and activations against the same store run one after the other
(readers are not blocked). Read transactions run at REPEATABLE READ, so a read of several
tables sees one consistent snapshot.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import StaticPool

from noegletal.domain.formatting import format_decimal_text

SQLITE_BUSY_TIMEOUT_S = 60.0
_BEGIN_OPTION = "noegletal_sqlite_begin"


class StoreError(Exception):
    """A store operation that cannot be carried out; the message is Danish, for users."""


class StoreBusyError(StoreError):
    """The writer lock was not free within the busy timeout (another import is running)."""


#: The busy timeout each SQLite engine was created with (for the message when it ran out).
_BUSY_TIMEOUTS: weakref.WeakKeyDictionary[sa.Engine, float] = weakref.WeakKeyDictionary()


def _busy_message(seconds: float) -> str:
    shown = f"{seconds:.0f}" if seconds >= 1 else format_decimal_text(seconds, 1)
    return (f"Databasen er optaget af en anden import eller aktivering, og den blev ikke ledig "
            f"inden for {shown} sekunder. Intet er ændret. Vent til den anden import er "
            "færdig, og prøv igen.")


def is_memory_sqlite(url: sa.URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_store_engine(url: str, *,
                        busy_timeout_s: float = SQLITE_BUSY_TIMEOUT_S) -> sa.Engine:
    """An engine for ``url`` configured as described in the module docstring; on SQLite a
    writer waits up to ``busy_timeout_s`` seconds for the lock (the setting
    ``NOEGLETAL_SQLITE_BUSY_TIMEOUT_S``, which the caller reads: the store reads no
    settings)."""
    parsed = sa.make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, busy_timeout_s)
    if backend == "postgresql":
        return sa.create_engine(parsed, pool_pre_ping=True)
    raise ValueError(
        f"Databasen '{parsed.render_as_string(hide_password=True)}' understøttes ikke; "
        "brug SQLite (sqlite:///sti/til/fil.sqlite3) eller PostgreSQL "
        "(postgresql+psycopg://bruger:kode@vært/database)."
    )


def _sqlite_engine(url: sa.URL, timeout: float) -> sa.Engine:
    memory = is_memory_sqlite(url)
    if not memory and not url.database.startswith("file:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict = {"connect_args": {"timeout": timeout}}
    if memory:
        # One shared connection, otherwise every connection would see its own empty database.
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"]["check_same_thread"] = False
    engine = sa.create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy (below) emit BEGIN itself instead of the driver's implicit BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    _BUSY_TIMEOUTS[engine] = timeout
    return engine


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection inside a write transaction that holds the store's writer lock.

    Commits when the block ends normally and rolls back on any exception. When SQLite's
    lock stays taken for longer than the busy timeout, :class:`StoreBusyError` is raised
    with a Danish message (never the driver's traceback).
    """
    try:
        with _write_transaction(engine) as conn:
            yield conn
    except sa.exc.OperationalError as exc:
        if engine.dialect.name == "sqlite" and "locked" in str(exc.orig).lower():
            timeout = _BUSY_TIMEOUTS.get(engine, SQLITE_BUSY_TIMEOUT_S)
            raise StoreBusyError(_busy_message(timeout)) from exc
        raise


@contextmanager
def _write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn = conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(
                    sa.text(
                        "SELECT pg_advisory_xact_lock("
                        "hashtext('noegletal-store:' || current_schema()))"
                    )
                )
            yield conn


@contextmanager
def read_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection inside a read transaction that sees one consistent snapshot."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn
