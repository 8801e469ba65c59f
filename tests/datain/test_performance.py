from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from noegletal.datain.readers import read_table
from noegletal.datain.validation import validate


@pytest.mark.slow
def test_200k_rows_read_and_validate_exactly():
    """At national volume every row is read and checked (the time it takes is measured by
    ``benchmarks/volume.py``, not asserted here)."""
    n = 200_000
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
    data = frame.to_csv(sep=";", index=False).encode("cp1252")
    result = validate(read_table(data, "foranstaltninger.csv"), "foranstaltninger",
                      today=dt.date(2025, 1, 1))
    assert [(p.row, p.kind) for p in result.problems] == [(9, "ugyldig_dato")]
    assert len(result.frame) == n - 1
    assert (result.frame["indsats"] == "doegninstitution").sum() == (i % 3 == 0).sum()
