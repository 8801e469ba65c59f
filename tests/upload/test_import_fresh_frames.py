"""An import hands its own rows to the materialisation without reading them back.

The stored key figures must be exactly those of the read-back path: for each import below,
the materialisation written in the import's transaction (the new versions' rows from memory,
the unchanged versions read from the database) is compared row for row with the one the
store computes afterwards from the database alone (the same state, materialised again after
deleting the first). On the bundled sample data: the first import of every file, an import
that adds rows to existing versions, and a replacement with rows of two municipalities
interleaved (so a version's rows are not one block of the file). SQLite only (the fixture
of these tests); PostgreSQL reads back ``-0.0`` as it is, SQLite as ``0.0``, which
``noegletal.store.frames.as_read_back`` follows per dialect.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from noegletal.services import imports as im
from noegletal.services.materialise import CatalogueMaterialiser, current_params
from noegletal.store import Store
from noegletal.store import frames as fr
from noegletal.store import results as res
from noegletal.store.engine import write_transaction

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def _stored(store: Store) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    info = store.serving_materialisation(CatalogueMaterialiser(current_params()).params_key)
    assert info is not None and info.current
    facts = {k: v for k, v in info.info.items()}
    return (facts, store.result_rows(info.id), store.result_rows(info.id, published=True))


def _read_back(store: Store) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The same state materialised again from the database alone."""
    params = current_params()
    info = store.serving_materialisation(CatalogueMaterialiser(params).params_key)
    with write_transaction(store.engine) as conn:
        res.delete(conn, [info.id])
    store.materialise(CatalogueMaterialiser(params))
    return _stored(store)


def _assert_same_both_ways(store: Store) -> None:
    facts, table, published = _stored(store)
    assert len(table) > 0
    facts2, table2, published2 = _read_back(store)
    assert facts == facts2
    pd.testing.assert_frame_equal(table, table2, check_exact=True)
    pd.testing.assert_frame_equal(published, published2, check_exact=True)


def _import(store: Store, uploads: list[im.Upload], how: str = im.HOW_REPLACE) -> None:
    checked = im.check_uploads(uploads, store, im.ALL)
    report = im.import_checked(store, checked, user="anna", mode=im.MODE_VALID,
                               permissions=im.ALL, how=how, confirmed=True)
    assert report.ok, report.message
    assert report.changed


@pytest.fixture(scope="module")
def first_import(tmp_path_factory) -> tuple[Path, list[str]]:
    """The first import of every sample file into an empty store, once for this module:
    the SQLite file and every statement SQLite ran for the import (its trace callback)."""
    path = tmp_path_factory.mktemp("first-import") / "store.sqlite3"
    store = Store(f"sqlite:///{path.as_posix()}")
    statements: list[str] = []
    sa.event.listen(store.engine, "connect",
                    lambda dbapi, _record: dbapi.set_trace_callback(statements.append))
    store.engine.dispose()  # the connections opened by the migration are not traced
    try:
        _import(store, [im.Upload(p.name, p.read_bytes()) for p in sorted(SAMPLE.glob("*.csv"))])
    finally:
        store.close()
    return path, statements


@pytest.fixture
def sample_store(first_import, tmp_path):
    """A store just after the first import of the sample data (a copy of ``first_import``'s
    file, through SQLite's backup API, so each test may change its own)."""
    copy = tmp_path / "store.sqlite3"
    with sqlite3.connect(first_import[0]) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    store = Store(f"sqlite:///{copy.as_posix()}")
    yield store
    store.close()


def test_the_first_import_stores_what_the_read_back_gives(sample_store):
    _assert_same_both_ways(sample_store)


def test_adding_to_existing_versions_stores_what_the_read_back_gives(sample_store):
    # New follow-ups for two children of Haderslev and a new population count: the new
    # versions are the active rows plus these; the other kinds are read back.
    follow = (b"kommunekode,barn_id,dato\n510,B9000001,2024-02-01\n510,B9000001,2024-06-01\n"
              b"657,B9000002,2024-03-01\n")
    pop = b"kommunekode,dato,antal_0_17\n510,2026-01-01,11700\n"
    _import(sample_store, [im.Upload("opfoelgninger_tillaeg.csv", follow),
                           im.Upload("befolkning_tillaeg.csv", pop)], how=im.HOW_ADD)
    _assert_same_both_ways(sample_store)


def test_interleaved_municipalities_store_what_the_read_back_gives(sample_store):
    lines = (SAMPLE / "befolkning.csv").read_text().splitlines()
    header, rows = lines[0], lines[1:]
    by_code: dict[str, list[str]] = {}
    for line in rows:
        by_code.setdefault(line.split(",")[0], []).append(line)
    # 657's and 167's rows alternate, with the population one lower (a new file); the
    # municipality's own rows and its units' rows (``enhed``) alike.
    col = header.split(",").index("antal_0_17")

    def one_lower(row: str) -> str:
        cells = row.split(",")
        cells[col] = str(int(cells[col]) - 1)
        return ",".join(cells)

    mixed = [one_lower(row)
             for pair in zip(by_code["657"], by_code["167"], strict=False) for row in pair]
    _import(sample_store, [im.Upload("befolkning.csv", ("\n".join([header, *mixed]) + "\n")
                                     .encode())])
    _assert_same_both_ways(sample_store)


def test_as_read_back_is_the_round_trip(sample_store):
    """The validated frames, as handed over, equal what the database gives back after they
    were written (dtypes included); SQLite gives ``-0.0`` back as ``0.0``."""
    uploads = [im.Upload(p.name, p.read_bytes()) for p in sorted(SAMPLE.glob("*.csv"))]
    stored = sample_store.active_frames()
    for f in im.check_uploads(uploads, sample_store, im.ALL):
        frame = f.result.frame
        if "kommunekode" in frame.columns:  # versions in municipality order
            frame = frame.sort_values("kommunekode", kind="stable")
        pd.testing.assert_frame_equal(fr.as_read_back(f.kind, frame, "sqlite"),
                                      stored[f.kind], check_exact=True)
    signed = stored["sammenligning"].head(2).copy()
    signed["vaerdi"] = [-0.0, float("nan")]
    back = fr.as_read_back("sammenligning", signed, "sqlite")["vaerdi"].to_numpy()
    assert str(back[0]) == "0.0" and pd.isna(back[1])
    assert str(fr.as_read_back("sammenligning", signed, "postgresql")["vaerdi"].iloc[0]) == "-0.0"


def test_the_first_import_reads_no_extract_rows_back(first_import, sample_store):
    """Every active version is new, so the materialisation reads no extract table (the
    statements SQLite ran for the first import, through its trace callback)."""
    _path, statements = first_import
    assert any("INSERT INTO extract_befolkning" in s for s in statements)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")
             and "FROM extract_" in s]
    assert reads == []
    assert sample_store.serving_materialisation(
        CatalogueMaterialiser(current_params()).params_key).current
