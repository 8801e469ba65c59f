"""`noegletal import` and `noegletal activate` store the key figures of the new state."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from noegletal.metrics.compute import compute_catalogue
from noegletal.services.dashboard import default_cutoffs, load_dashboard_data
from noegletal.store import Store
from tests.cli.test_compute_cli import mini  # noqa: F401 - the fixture


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NOEGLETAL_DATA_DIR": str(data_dir)}
    env.pop("NOEGLETAL_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "noegletal", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def test_import_and_activate_store_the_figures_of_the_new_state(mini, tmp_path):  # noqa: F811
    data_dir = tmp_path / "data"
    files = [str(mini / "foranstaltninger.csv"), str(mini / "befolkning.csv")]
    done = run_cli(data_dir, "import", *files, "--bruger", "anna")
    assert done.returncode == 0, done.stderr
    url = f"sqlite:///{(data_dir / 'noegletal.sqlite3').as_posix()}"
    with Store(url) as store:
        first = store.versions(kind="befolkning")["id"].iloc[0]
        stored = store.materialisations()
        assert stored["state_token"].tolist() == [store.state_token()]
        frames = store.active_frames()
        expected = compute_catalogue(frames, default_cutoffs(frames)).table
        pd.testing.assert_frame_equal(load_dashboard_data(store).results, expected)

    newer = tmp_path / "befolkning.csv"
    # 12000 -> 6000 children on 1 January 2015; the cut-offs start in 2016 (one year after
    # the first population figure), so only the 2015 rows of the population change.
    newer.write_text("kommunekode,dato,antal_0_17\n510,2015-01-01,6000\n510,2016-01-01,11900\n",
                     encoding="utf-8")
    assert run_cli(data_dir, "import", str(newer)).returncode == 0
    with Store(url) as store:
        second_token = store.state_token()
        assert store.materialisations()["state_token"].tolist() == [second_token]  # pruned

    done = run_cli(data_dir, "activate", str(first))
    assert done.returncode == 0, done.stderr
    assert "er nu aktiv" in done.stdout
    with Store(url) as store:
        assert store.state_token() != second_token
        assert store.materialisations()["state_token"].tolist() == [store.state_token()]
        frames = store.active_frames()
        assert frames["befolkning"]["antal_0_17"].tolist() == [12000, 11900]
        expected = compute_catalogue(frames, default_cutoffs(frames)).table
        pd.testing.assert_frame_equal(load_dashboard_data(store).results, expected)
