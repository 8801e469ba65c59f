"""Migrations, schema invariants and SQLite connection settings."""

from __future__ import annotations

import warnings

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from noegletal.domain.schema import EXTRACTS
from noegletal.store import Store
from noegletal.store.migrate import MIGRATIONS_DIR, alembic_config, head_revision
from noegletal.store.tables import metadata
from tests.store.canonical import import_kind


def test_migrations_are_packaged_and_reach_head(store):
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert head_revision() == "0006"
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0006"


def test_tables_and_migrations_do_not_drift(store):
    with store.engine.connect() as conn, warnings.catch_warnings():
        # Expression indexes cannot be compared by autogenerate; checked separately below.
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    diffs = [d for d in diffs if not _is_expression_index(d)]
    assert diffs == []


def _is_expression_index(diff) -> bool:
    return (
        isinstance(diff, tuple)
        and diff[0] in ("add_index", "remove_index")
        and diff[1].name == "uq_dataset_version_active_scope"
    )


def test_one_typed_table_per_extract_with_an_index_on_version_id(store):
    inspector = sa.inspect(store.engine)
    tables = set(inspector.get_table_names())
    assert {"dataset_version", "import_batch", "audit_log", "store_meta"} <= tables
    for kind, spec in EXTRACTS.items():
        table = f"extract_{kind}"
        columns = [c["name"] for c in inspector.get_columns(table)]
        assert columns == ["id", "version_id", *spec.column_names]
        indexes = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}
        assert ("version_id",) in indexes
        nullable = {c["name"]: c["nullable"] for c in inspector.get_columns(table)}
        assert [c.name for c in spec.columns if nullable[c.name]] == [
            c.name for c in spec.columns if not c.required
        ]


def test_reopening_is_a_no_op(store_url):
    for _ in range(2):
        s = Store(store_url)
        import_kind(s, "prisindeks", label=str(_))
        s.close()
    s = Store(store_url)
    assert len(s.versions()) == 2
    s.close()


def test_downgrade_to_base_and_upgrade_again(store):
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(sa.inspect(store.engine).get_table_names()) <= {"alembic_version"}
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    import_kind(store, "befolkning")
    assert len(store.versions()) == 2


@pytest.mark.parametrize("kind", ["befolkning", "udgiftsmodel"])
def test_at_most_one_active_version_per_scope_is_enforced(store, kind):
    import_kind(store, kind, label="_a")
    import_kind(store, kind, label="_b")
    first = int(store.versions(kind=kind).sort_values("id")["id"].iloc[0])
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE dataset_version SET status = 'aktiv' WHERE id = :i"),
                     {"i": first})


def test_status_must_be_known(store):
    import_kind(store, "prisindeks")
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE dataset_version SET status = 'slettet'"))


def test_rows_must_belong_to_a_version(store):
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO extract_prisindeks (version_id, aar, indeks) "
                             "VALUES (999, 2016, 100.0)"))


def test_sqlite_connection_settings(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 60_000
    store.close()
