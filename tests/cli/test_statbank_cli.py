"""`noegletal statbank import` of hand-downloaded CSV files, in a temporary store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from noegletal.store import Store
from tests.datain.statbank.server import recorded


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NOEGLETAL_DATABASE_URL": f"sqlite:///{db}",
           "NOEGLETAL_LOAD_SAMPLE_DATA": "false"}
    return subprocess.run([sys.executable, "-m", "noegletal", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def test_statbank_import_then_again_is_a_duplicate(tmp_path):
    db = tmp_path / "store.sqlite"
    files = []
    for table in ("ANBAAR9", "ISBU02", "UND2", "REGK31"):
        path = tmp_path / f"{table}.csv"
        path.write_bytes(recorded(f"data_{table}.csv"))
        files.append(str(path))
    folk = tmp_path / "befolkning_hentet.csv"  # not the table's name: --tabel says which
    b = recorded("data_FOLK1A_b.csv").decode("utf-8-sig").split("\r\n", 1)[1].encode()
    folk.write_bytes(recorded("data_FOLK1A_a.csv") + b)
    files.append(str(folk))
    tabel = ["--tabel", "ANBAAR9", "--tabel", "ISBU02", "--tabel", "UND2", "--tabel", "REGK31",
             "--tabel", "FOLK1A"]
    first = run_cli("statbank", "import", *files, *tabel, "--bruger", "anna", db=db)
    assert first.returncode == 0, first.stderr
    assert "Befolkning 0-17 år: 17 rækker" in first.stdout  # 2 x 9 quarters - 1 with ".."
    assert "Bemærk: UND2: 1 kommune-år" in first.stdout
    again = run_cli("statbank", "import", *files, *tabel, db=db)
    assert again.returncode == 0
    assert again.stdout.count("har ikke opdateret tallene") == 3
    with Store(f"sqlite:///{db}") as store:
        src = store.sources()
        assert set(src["kind"]) == {"befolkning", "sammenligning", "udgifter"}
        assert set(src["source"]) == {"Danmarks Statistik"}
        assert src["request"].iloc[0]["kilde"] == "fil"


def test_statbank_import_refuses_an_unknown_file_in_danish(tmp_path):
    path = tmp_path / "hvad.csv"
    path.write_bytes(recorded("data_UND2.csv"))
    out = run_cli("statbank", "import", str(path), db=tmp_path / "s.sqlite")
    assert out.returncode == 1
    assert "Det kan ikke afgøres, hvilken tabel hvad.csv er fra" in out.stderr
