"""Volume: a realistic case-level extract is imported and read back exactly (how fast is
measured by ``benchmarks/volume.py``, never asserted in a test)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.store import store_worker

N_ROWS = 200_000


@pytest.mark.slow
def test_bulk_import_and_read_back(store):
    frame = pd.concat(
        [store_worker.frame("A", N_ROWS // 2, 510), store_worker.frame("B", N_ROWS // 2, 657)],
        ignore_index=True,
    )
    outcome = store.import_frame("foranstaltninger", frame, filename="stor.csv",
                                 checksum="f" * 64, user="u")
    assert outcome.n_rows == N_ROWS and outcome.kommunekoder == (510, 657)

    active = store.active_frames()["foranstaltninger"]
    pd.testing.assert_frame_equal(active, frame)
