"""``noegletal import``: all files or none, and a Danish message when the store is locked
(issue #9, items 6 and 9). Run as a subprocess, as an operator would."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from noegletal.store import Store

BEFOLKNING = "kommunekode;dato;antal_0_17\n510;2016-01-31;11873\n"
CPR_FILE = ("kommunekode;barn_id;foedselsdato;indsats;startdato\n"
            "510;150510-1234;2008-01-01;familiepleje;2016-01-01\n")


def run_import(db: Path, *args: str, timeout_s: str = "60") -> subprocess.CompletedProcess:
    env = {**os.environ, "NOEGLETAL_DATABASE_URL": f"sqlite:///{db}",
           "NOEGLETAL_LOAD_SAMPLE_DATA": "false", "NOEGLETAL_SQLITE_BUSY_TIMEOUT_S": timeout_s}
    return subprocess.run([sys.executable, "-m", "noegletal.cli", "import", "--bruger", "ana",
                           *args], capture_output=True, text=True, env=env, timeout=300)


def test_a_refused_second_file_means_the_valid_first_is_not_imported(tmp_path):
    (tmp_path / "befolkning.csv").write_text(BEFOLKNING)
    (tmp_path / "foranstaltninger.csv").write_text(CPR_FILE)
    db = tmp_path / "store.sqlite3"
    done = run_import(db, str(tmp_path / "befolkning.csv"),
                      str(tmp_path / "foranstaltninger.csv"))
    assert done.returncode == 1, done.stderr
    assert "Intet er importeret" in done.stderr and "Traceback" not in done.stderr
    assert "150510" not in done.stderr + done.stdout
    store = Store(f"sqlite:///{db}")
    assert store.versions().empty
    audit = store.audit_log()
    assert audit["action"].tolist() == ["afvist_upload"]
    assert audit["filename"].tolist() == ["foranstaltninger.csv"]
    store.close()


def test_two_valid_files_are_imported_together(tmp_path):
    (tmp_path / "befolkning.csv").write_text(BEFOLKNING)
    (tmp_path / "opfoelgninger.csv").write_text("kommunekode;barn_id;dato\n510;a1;2016-01-31\n")
    db = tmp_path / "store.sqlite3"
    done = run_import(db, str(tmp_path / "befolkning.csv"), str(tmp_path / "opfoelgninger.csv"))
    assert done.returncode == 0, done.stderr
    assert "befolkning.csv: importeret som befolkning, 1 række" in done.stdout
    store = Store(f"sqlite:///{db}")
    versions = store.versions()
    assert sorted(versions["kind"]) == ["befolkning", "opfoelgninger"]
    assert versions["import_id"].nunique() == 2 and len(store.imports()) == 2
    store.close()


def test_a_lock_that_is_not_released_gives_a_danish_message_and_no_traceback(tmp_path):
    db = tmp_path / "store.sqlite3"
    Store(f"sqlite:///{db}").close()
    (tmp_path / "befolkning.csv").write_text(BEFOLKNING)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another import holds the writer lock
    try:
        done = run_import(db, str(tmp_path / "befolkning.csv"), timeout_s="0.3")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Databasen er optaget af en anden import eller aktivering" in done.stderr
    assert "inden for 0,3 sekunder. Intet er ændret." in done.stderr


def test_a_big_drop_needs_the_confirmation_flag(tmp_path):
    db = tmp_path / "store.sqlite3"
    full = tmp_path / "full" / "befolkning.csv"
    full.parent.mkdir()
    full.write_text("kommunekode;dato;antal_0_17\n" + "".join(
        f"510;{y}-01-31;11873\n" for y in range(2010, 2020)))
    assert run_import(db, str(full)).returncode == 0
    (tmp_path / "befolkning.csv").write_text(BEFOLKNING)  # 1 of the 10 rows
    done = run_import(db, str(tmp_path / "befolkning.csv"))
    assert done.returncode == 1
    assert "Haderslev, befolkning 0-17 år (befolkning.csv): 10 rækker → 1 række (−90 %)" in (
        done.stderr)
    assert "--bekraeft-fald" in done.stderr
    added = run_import(db, str(tmp_path / "befolkning.csv"), "--tilfoej")
    assert added.returncode == 0, added.stderr  # adding replaces the one row with its key
    other = tmp_path / "igen" / "befolkning.csv"
    other.parent.mkdir()
    other.write_text("kommunekode;dato;antal_0_17\n510;2016-01-31;11000\n")
    assert run_import(db, str(other)).returncode == 1
    assert run_import(db, str(other), "--bekraeft-fald").returncode == 0
    store = Store(f"sqlite:///{db}")
    assert store.active_frames()["befolkning"]["antal_0_17"].tolist() == [11000]
    store.close()
