"""All or nothing: failures inside an import, concurrent writers, and a killed process."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from noegletal.store import (
    STATUS_ACTIVE,
    STATUS_REPLACED,
    PendingImport,
    Store,
    StoreError,
)
from tests.store import store_worker
from tests.store.canonical import FRAMES, checksum, foranstaltninger, import_kind

ROOT = Path(__file__).resolve().parents[2]


class InjectedFailure(RuntimeError):
    pass


def _row_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            table: conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("import_batch", "dataset_version", "audit_log",
                          "extract_foranstaltninger")
        }


def _seven_rows() -> pd.DataFrame:
    return pd.concat(
        [foranstaltninger("n", kommuner=(510, 510, 657)),
         foranstaltninger("m", kommuner=(510, 657, 657)),
         foranstaltninger("k", kommuner=(510, 510, 510)).iloc[:1]],
        ignore_index=True,
    )


def test_failure_between_chunks_leaves_the_previous_version_active(small_chunk_store):
    store = small_chunk_store
    import_kind(store, "foranstaltninger", label="_v1")
    before = _row_counts(store)
    token = store.state_token()
    seen: list[int] = []

    def fail_after_four_rows(rows_written: int) -> None:
        seen.append(rows_written)
        if rows_written >= 4:
            raise InjectedFailure("stop")

    with pytest.raises(InjectedFailure):
        import_kind(store, "foranstaltninger", _seven_rows(), label="_v2",
                    on_chunk=fail_after_four_rows)
    assert seen == [2, 4]  # two chunks were written inside the transaction before the failure
    assert _row_counts(store) == before
    assert store.state_token() == token
    assert store.versions()["status"].tolist() == [STATUS_ACTIVE, STATUS_ACTIVE]
    pd.testing.assert_frame_equal(store.active_frames()["foranstaltninger"],
                                  FRAMES["foranstaltninger"])
    # The store is fine afterwards, and the failed file is not taken for a duplicate.
    outcome = import_kind(store, "foranstaltninger", _seven_rows(), label="_v2")
    assert not outcome.duplicate and outcome.n_rows == 7


def test_database_error_in_a_late_chunk_rolls_everything_back(small_chunk_store):
    store = small_chunk_store
    import_kind(store, "foranstaltninger", label="_v1")
    before = _row_counts(store)
    bad = _seven_rows()
    bad.loc[6, "barn_id"] = None  # violates NOT NULL in the fourth chunk
    with pytest.raises(StoreError, match="importen er rullet tilbage, og intet er gemt"):
        import_kind(store, "foranstaltninger", bad, label="_bad")
    assert _row_counts(store) == before
    pd.testing.assert_frame_equal(store.active_frames()["foranstaltninger"],
                                  FRAMES["foranstaltninger"])


def test_several_files_in_one_transaction_are_all_or_nothing(small_chunk_store):
    store = small_chunk_store
    bad = _seven_rows()
    bad.loc[5, "startdato"] = pd.NaT
    items = [
        PendingImport("befolkning", FRAMES["befolkning"], "befolkning.csv", checksum("b")),
        PendingImport("foranstaltninger", bad, "f.csv", checksum("f")),
    ]
    with pytest.raises(StoreError):
        store.import_frames(items, user="u")
    assert store.is_empty()
    assert _row_counts(store) == {"import_batch": 0, "dataset_version": 0, "audit_log": 0,
                                  "extract_foranstaltninger": 0}


def test_concurrent_imports_from_two_threads_are_serialised(store_url):
    """B starts while A is in the middle of its import: B waits, then commits last."""
    setup = Store(store_url)
    import_kind(setup, "foranstaltninger", label="_v0")  # 510: v1, 657: v2
    a_inside = threading.Event()
    outcomes: dict[str, object] = {}
    errors: list[BaseException] = []

    def run(label: str, hook) -> None:
        try:
            s = Store(store_url, chunk_size=500)
            outcomes[label] = s.import_frame(
                "foranstaltninger", store_worker.frame(label, 3000, 657),
                filename=f"{label}.csv", checksum=checksum(label), user=label, on_chunk=hook,
            )
            s.close()
        except BaseException as exc:
            errors.append(exc)

    def a_hook(rows_written: int) -> None:
        if rows_written == 500:
            a_inside.set()
            time.sleep(0.5)  # B tries to start during this pause

    thread_a = threading.Thread(target=run, args=("A", a_hook))
    thread_b = threading.Thread(target=run, args=("B", None))
    thread_a.start()
    assert a_inside.wait(30)
    thread_b.start()
    thread_a.join(60)
    thread_b.join(60)
    assert not errors

    a, b = outcomes["A"], outcomes["B"]
    assert a.version_ids == (3,) and b.version_ids == (4,)
    assert a.replaced_version_ids == (2,) and b.replaced_version_ids == (3,)
    versions = setup.versions(kind="foranstaltninger", kommunekode=657).set_index("id")
    assert versions["status"].to_dict() == {4: STATUS_ACTIVE, 3: STATUS_REPLACED,
                                            2: STATUS_REPLACED}
    with setup.engine.connect() as conn:
        stored = dict(conn.execute(sa.text(
            "SELECT version_id, count(*) FROM extract_foranstaltninger GROUP BY version_id"
        )).all())
    assert stored == {1: 2, 2: 1, 3: 3000, 4: 3000}
    active = setup.active_frames()["foranstaltninger"]
    pd.testing.assert_frame_equal(
        active[active["kommunekode"] == 657].reset_index(drop=True),
        store_worker.frame("B", 3000, 657),
    )
    setup.close()


def _worker(url: str, label: str, n_rows: int, kommunekode: int, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.store_worker", url, label, str(n_rows),
         str(kommunekode), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
    )


def _expect_line(proc: subprocess.Popen, prefix: str) -> str:
    line = proc.stdout.readline()
    if not line.startswith(prefix):
        proc.kill()
        raise AssertionError(f"expected {prefix!r}, got {line!r}; stderr: {proc.stderr.read()}")
    return line


@pytest.mark.slow
def test_concurrent_imports_from_two_processes_on_a_new_database(store_url, tmp_path):
    """Two processes open a brand-new database (both migrate) and import for the same
    municipality at the same moment: both versions are recorded whole, the later is active."""
    go = tmp_path / "go"
    procs = [_worker(store_url, label, 20_000, 657, "--go-file", str(go))
             for label in ("P", "Q")]
    for proc in procs:
        _expect_line(proc, "READY")
    go.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.startswith("DONE")

    store = Store(store_url)
    versions = store.versions().sort_values("id")
    assert versions["n_rows"].tolist() == [20_000, 20_000]
    assert versions["status"].tolist() == [STATUS_REPLACED, STATUS_ACTIVE]
    later = versions["created_by"].iloc[-1]
    with store.engine.connect() as conn:
        stored = dict(conn.execute(sa.text(
            "SELECT version_id, count(*) FROM extract_foranstaltninger GROUP BY version_id"
        )).all())
    assert stored == dict.fromkeys(versions["id"].tolist(), 20_000)
    pd.testing.assert_frame_equal(store.active_frames()["foranstaltninger"],
                                  store_worker.frame(later, 20_000, 657))
    store.close()


@pytest.mark.slow
def test_killed_process_loses_nothing_committed_and_leaves_no_partial_version(store_url):
    setup = Store(store_url)
    import_kind(setup, "foranstaltninger", label="_v1")
    import_kind(setup, "befolkning")
    setup.close()

    proc = _worker(store_url, "K", 50_000, 510, "--commit-first", "--hang-after", "5")
    line = _expect_line(proc, "HANGING")
    assert line.split() == ["HANGING", "5000"]  # 5.000 rows written, not yet committed
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL

    store = Store(store_url)
    versions = store.versions().sort_values("id")
    assert versions[["kind", "kommunekode", "created_by", "status"]].values.tolist() == [
        ["foranstaltninger", 510, "analytiker", STATUS_ACTIVE],
        ["foranstaltninger", 657, "analytiker", STATUS_ACTIVE],
        ["befolkning", 510, "analytiker", STATUS_ACTIVE],
        ["befolkning", 657, "analytiker", STATUS_ACTIVE],
        ["opfoelgninger", 510, "K", STATUS_ACTIVE],  # committed before the kill
    ]
    assert _row_counts(store) == {"import_batch": 3, "dataset_version": 5, "audit_log": 5,
                                  "extract_foranstaltninger": 3}
    frames = store.active_frames()
    pd.testing.assert_frame_equal(frames["foranstaltninger"], FRAMES["foranstaltninger"])
    assert frames["opfoelgninger"]["barn_id"].tolist() == ["K-0"]
    if store.dialect == "sqlite":
        path = sa.make_url(store_url).database
        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The writer lock died with the process: the same file imports fine now.
    outcome = store.import_frame("foranstaltninger", store_worker.frame("K", 50_000, 510),
                                 filename="K.csv", checksum=store_worker.checksum("K"), user="K")
    assert not outcome.duplicate and outcome.replaced_version_ids == (1,)
    store.close()


def test_readers_see_the_old_data_without_waiting_during_an_import(store_url):
    writer = Store(store_url, chunk_size=2)
    import_kind(writer, "foranstaltninger", label="_v1")
    token = writer.state_token()
    # The reader may wait at most a millisecond for a lock: a reader that needed the
    # writer's lock would fail with "database is locked" instead of reading.
    reader = Store(store_url, busy_timeout_s=0.001)
    seen: dict[str, object] = {}

    def read_while_writing(rows_written: int) -> None:
        if rows_written == 4:
            seen["snapshot"] = reader.snapshot()

    import_kind(writer, "foranstaltninger", _seven_rows(), label="_v2",
                on_chunk=read_while_writing)
    assert seen["snapshot"].token == token
    pd.testing.assert_frame_equal(seen["snapshot"].frames["foranstaltninger"],
                                  FRAMES["foranstaltninger"])
    assert reader.state_token() != token
    reader.close()
    writer.close()
