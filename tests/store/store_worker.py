"""A separate process that writes to a store, for the concurrency and crash tests.

``python -m tests.store.store_worker URL LABEL N_ROWS KOMMUNEKODE [options]`` imports a
foranstaltninger extract of ``N_ROWS`` rows for one municipality from file ``LABEL.csv``
(children ``LABEL-0``, ``LABEL-1``, ...). Options:

``--commit-first``    first import (and commit) a one-row opfoelgninger extract ``LABEL-opf.csv``
``--go-file PATH``    print ``READY`` and wait until PATH exists before importing
``--hang-after K``    after K chunks print ``HANGING`` and sleep inside the open transaction
``--chunk-size C``    rows per chunk
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from noegletal.store import Store


def frame(label: str, n_rows: int, kommunekode: int) -> pd.DataFrame:
    i = np.arange(n_rows)
    start = pd.Timestamp("2015-01-01") + pd.to_timedelta(i % 1000, unit="D")
    return pd.DataFrame(
        {
            "kommunekode": np.full(n_rows, kommunekode, dtype="int64"),
            "barn_id": pd.Series(i.astype(str)).radd(f"{label}-").astype(object),
            "foedselsdato": (pd.Timestamp("2003-06-30") + pd.to_timedelta(i % 3000, unit="D")),
            "indsats": np.where(i % 2 == 0, "familiepleje", "forebyggende_11_3").astype(object),
            "startdato": start,
            "slutdato": pd.Series(start + pd.Timedelta(days=30)).where(i % 3 != 0).to_numpy(),
            "bevilget_af": np.full(n_rows, "myndighed", dtype=object),
            "enhed": np.where(i % 4 == 0, None, "Syd").astype(object),
        }
    )


def checksum(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("label")
    p.add_argument("n_rows", type=int)
    p.add_argument("kommunekode", type=int)
    p.add_argument("--commit-first", action="store_true")
    p.add_argument("--go-file")
    p.add_argument("--hang-after", type=int)
    p.add_argument("--chunk-size", type=int, default=1000)
    a = p.parse_args(argv)

    store = Store(a.url, chunk_size=a.chunk_size)
    if a.commit_first:
        opf = pd.DataFrame({"kommunekode": [a.kommunekode], "barn_id": [f"{a.label}-0"],
                            "dato": pd.to_datetime(["2016-02-01"])})
        store.import_frame("opfoelgninger", opf, filename=f"{a.label}-opf.csv",
                           checksum=checksum(f"{a.label}-opf"), user=a.label)
    data = frame(a.label, a.n_rows, a.kommunekode)
    if a.go_file:
        print("READY", flush=True)
        while not Path(a.go_file).exists():
            time.sleep(0.01)
    chunks = 0

    def on_chunk(rows_written: int) -> None:
        nonlocal chunks
        chunks += 1
        if a.hang_after is not None and chunks == a.hang_after:
            print(f"HANGING {rows_written}", flush=True)
            time.sleep(600)

    outcome = store.import_frame("foranstaltninger", data, filename=f"{a.label}.csv",
                                 checksum=checksum(a.label), user=a.label, on_chunk=on_chunk)
    print(f"DONE {outcome.import_id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
