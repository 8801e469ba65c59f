"""Sample data in an empty store: read like an upload, imported once, marked as sample data."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from noegletal.store import STATUS_ACTIVE, Store
from noegletal.store.bootstrap import (
    SAMPLE_USER,
    SampleDataError,
    ensure_sample_data,
    sample_files,
)
from tests.store.canonical import dates

ROOT = Path(__file__).resolve().parents[2]

BEFOLKNING = b"kommunekode;dato;antal_0_17\n510;31-12-2016;11873\n657;31-12-2016;19705\n"
FORANSTALTNINGER = (
    b"kommunekode,barn_id,foedselsdato,indsats,startdato,slutdato,bevilget_af\n"
    b"510,x1,2005-01-31,familiepleje,2016-01-01,2016-12-31,\n"
    b"657,x2,2008-02-29,Plejefamilie,2016-03-15,,andre\n"
)
MAPPING = b"betegnelse;indsats\nPlejefamilie;familiepleje\n"


@pytest.fixture
def sample_dir(tmp_path) -> Path:
    d = tmp_path / "sample"
    d.mkdir()
    (d / "befolkning.csv").write_bytes(BEFOLKNING)
    (d / "foranstaltninger.csv").write_bytes(FORANSTALTNINGER)
    (d / "indsats_mapping.csv").write_bytes(MAPPING)
    (d / "LÆSMIG.md").write_text("Opdigtede data.")
    (d / "~$befolkning.xlsx").write_bytes(b"lock file of an open workbook")
    return d


def test_sample_files_are_the_data_files(sample_dir):
    assert [p.name for p in sample_files(sample_dir)] == [
        "befolkning.csv", "foranstaltninger.csv", "indsats_mapping.csv",
    ]
    assert sample_files(sample_dir / "findes_ikke") == []


def test_empty_store_gets_the_sample_data_once(store, sample_dir):
    outcomes = ensure_sample_data(store, sample_dir)
    assert [(o.kind, o.kommunekoder, o.n_rows) for o in outcomes] == [
        ("befolkning", (510, 657), 2),
        ("foranstaltninger", (510, 657), 2),
    ]
    assert outcomes[0].checksum == hashlib.sha256(BEFOLKNING).hexdigest()
    versions = store.versions()
    assert set(versions["created_by"]) == {SAMPLE_USER}
    assert set(versions["status"]) == {STATUS_ACTIVE}
    assert store.is_sample_data()

    frames = store.active_frames()
    pd.testing.assert_frame_equal(frames["befolkning"], pd.DataFrame({
        "kommunekode": np.array([510, 657], dtype="int64"),
        "dato": dates("2016-12-31", "2016-12-31"),
        "antal_0_17": np.array([11873, 19705], dtype="int64"),
        "enhed": [None, None],
    }))
    pd.testing.assert_frame_equal(frames["foranstaltninger"], pd.DataFrame({
        "kommunekode": np.array([510, 657], dtype="int64"),
        "barn_id": ["x1", "x2"],
        "foedselsdato": dates("2005-01-31", "2008-02-29"),
        "indsats": ["familiepleje", "familiepleje"],  # the mapping file was applied
        "startdato": dates("2016-01-01", "2016-03-15"),
        "slutdato": dates("2016-12-31", None),
        "bevilget_af": ["myndighed", "andre"],
        "enhed": [None, None],
    }))

    assert ensure_sample_data(store, sample_dir) == []
    assert len(store.imports()) == 2


def test_nothing_when_switched_off_or_no_files(store, sample_dir, tmp_path):
    assert ensure_sample_data(store, sample_dir, load=False) == []
    assert ensure_sample_data(store, tmp_path / "tom") == []
    assert store.is_empty()
    assert not store.is_sample_data()


def test_not_sample_data_once_the_analyst_has_replaced_it(store, sample_dir):
    (sample_dir / "foranstaltninger.csv").unlink()
    (sample_dir / "indsats_mapping.csv").unlink()
    ensure_sample_data(store, sample_dir)
    own = store.active_frames()["befolkning"].assign(antal_0_17=[12000, 20000])
    store.import_frame("befolkning", own.iloc[:1], filename="egen.csv", checksum="1" * 64,
                       user="analytiker")
    assert store.is_sample_data()  # 657 still shows sample data
    store.import_frame("befolkning", own.iloc[1:], filename="egen2.csv", checksum="2" * 64,
                       user="analytiker")
    assert not store.is_sample_data()


def test_an_invalid_sample_file_imports_nothing(store, sample_dir):
    (sample_dir / "prisindeks.csv").write_bytes(b"aar;indeks\n2016;hundrede\n")
    with pytest.raises(SampleDataError, match=r"Eksempelfilen prisindeks\.csv kunne ikke"):
        ensure_sample_data(store, sample_dir)
    assert store.is_empty()


@pytest.mark.slow
def test_two_processes_starting_at_once_import_the_sample_data_once(store_url, sample_dir,
                                                                     tmp_path):
    go = tmp_path / "go"
    script = (
        "import sys, time, pathlib\n"
        "from noegletal.store import Store\n"
        "from noegletal.store.bootstrap import ensure_sample_data\n"
        "store = Store(sys.argv[1])\n"
        "print('READY', flush=True)\n"
        "while not pathlib.Path(sys.argv[3]).exists():\n"
        "    time.sleep(0.01)\n"
        "print(len(ensure_sample_data(store, pathlib.Path(sys.argv[2]))), flush=True)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, store_url, str(sample_dir), str(go)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    for p in procs:
        assert p.stdout.readline() == "READY\n"
    go.touch()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(int(out))
    assert sorted(results) == [0, 2]
    store = Store(store_url)
    assert len(store.imports()) == 2
    assert len(store.versions()) == 4
    store.close()
