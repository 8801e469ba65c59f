"""Volume timings that used to be asserted in the test suite, as printed PASS/FAIL lines.

    .venv/bin/python benchmarks/volume.py              # read/validate and store
    .venv/bin/python benchmarks/volume.py --generate   # also the national sample generator

* reading and validating a 200.000-row ``foranstaltninger`` CSV (Windows-1252, ``;``): target
  under 20 s;
* importing the same number of rows into an embedded SQLite store: target at least 50.000
  rows/s; reading them back: target under 4 s;
* with ``--generate``: generating the national sample (98 municipalities): target under 180 s.

The tests (``tests/datain/test_performance.py``, ``tests/store/test_store_volume.py``,
``tests/sample/test_generate.py::test_national_scale``) check
that the results are right at this volume; only this script measures how long it takes, so a
loaded machine never fails the suite. Exit status 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from noegletal.domain.formatting import format_count, format_number  # noqa: E402

N_ROWS = 200_000
READ_VALIDATE_TARGET_S = 20.0
IMPORT_TARGET_ROWS_PER_S = 50_000
READ_BACK_TARGET_S = 4.0
GENERATE_TARGET_S = 180.0


def extract_csv(n: int = N_ROWS) -> bytes:
    """The CSV of ``tests/datain/test_performance.py``: n rows, one invalid date."""
    i = np.arange(n)
    start = pd.Timestamp("2014-01-01") + pd.to_timedelta(i % 2000, unit="D")
    frame = pd.DataFrame({
        "kommunekode": np.where(i % 2 == 0, 510, 657),
        "barn_id": [f"b{k:07d}" for k in i],
        "foedselsdato": (start - pd.Timedelta(days=3000)).strftime("%d-%m-%Y"),
        "indsats": np.where(i % 3 == 0, "Døgninstitution", "familiepleje"),
        "startdato": start.strftime("%Y-%m-%d"),
        "slutdato": np.where(i % 4 == 0, "", (start + pd.Timedelta(days=30)).strftime("%d.%m.%Y")),
    })
    frame.loc[7, "startdato"] = "31-02-2016"
    return frame.to_csv(sep=";", index=False).encode("cp1252")


def _line(ok: bool, text: str) -> bool:
    print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return ok


def read_and_validate() -> bool:
    from noegletal.datain.readers import read_table
    from noegletal.datain.validation import validate

    data = extract_csv()
    began = time.perf_counter()
    result = validate(read_table(data, "foranstaltninger.csv"), "foranstaltninger",
                      today=dt.date(2025, 1, 1))
    seconds = time.perf_counter() - began
    assert len(result.frame) == N_ROWS - 1
    return _line(seconds < READ_VALIDATE_TARGET_S,
                 f"læs og validér {format_count(N_ROWS)} rækker: {format_number(seconds, 1)} s "
                 f"(mål < {format_number(READ_VALIDATE_TARGET_S)} s)")


def store_round_trip() -> bool:
    from noegletal.store import Store
    from tests.store import store_worker

    frame = pd.concat([store_worker.frame("A", N_ROWS // 2, 510),
                       store_worker.frame("B", N_ROWS // 2, 657)], ignore_index=True)
    with tempfile.TemporaryDirectory() as tmp, \
            Store(f"sqlite:///{Path(tmp, 'volume.sqlite3').as_posix()}") as store:
        began = time.perf_counter()
        store.import_frame("foranstaltninger", frame, filename="stor.csv", checksum="f" * 64,
                           user="benchmark")
        import_s = time.perf_counter() - began
        began = time.perf_counter()
        active = store.active_frames()["foranstaltninger"]
        read_s = time.perf_counter() - began
    assert len(active) == N_ROWS
    rate = N_ROWS / import_s
    ok_in = _line(rate > IMPORT_TARGET_ROWS_PER_S,
                  f"import i SQLite: {format_count(rate)} rækker/s "
                  f"(mål > {format_count(IMPORT_TARGET_ROWS_PER_S)})")
    ok_out = _line(read_s < READ_BACK_TARGET_S,
                   f"læs {format_count(N_ROWS)} rækker tilbage: {format_number(read_s, 1)} s "
                   f"(mål < {format_number(READ_BACK_TARGET_S)} s)")
    return ok_in and ok_out


def generate_national() -> bool:
    from noegletal.sample.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        generate(tmp, kommuner=98)
        seconds = time.perf_counter() - began
    return _line(seconds < GENERATE_TARGET_S,
                 f"generér landsdækkende eksempeldata: {format_number(seconds)} s "
                 f"(mål < {format_number(GENERATE_TARGET_S)} s)")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    results = [read_and_validate(), store_round_trip()]
    if "--generate" in args:
        results.append(generate_national())
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
