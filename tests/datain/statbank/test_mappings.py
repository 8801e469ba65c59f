"""Each declared mapping from a DST table to the data contract, on the recorded responses.

The arithmetic is written next to every expectation; the recorded numbers are in
``make_recorded.py``.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from noegletal.datain.statbank import StatbankError, parse_csv
from noegletal.datain.statbank.mappings import (
    MAPPINGS,
    SOURCES,
    TABLES,
    Pick,
    derive_source,
    docs_markdown,
    function_code,
    quarter_start,
    table_of_columns,
)
from noegletal.datain.statbank.tableinfo import TableInfo
from tests.datain.statbank.server import recorded


def _frames(*tables: str) -> dict[str, pd.DataFrame]:
    out = {}
    for t in tables:
        if t == "FOLK1A":
            out[t] = pd.concat([parse_csv(recorded("data_FOLK1A_a.csv")),
                                parse_csv(recorded("data_FOLK1A_b.csv"))], ignore_index=True)
        else:
            out[t] = parse_csv(recorded(f"data_{t}.csv"))
    return out


def _info(table: str) -> TableInfo:
    return TableInfo.from_json(json.loads(recorded(f"tableinfo_{table}.json")))


def test_befolkning_from_folk1a_sums_ages_0_17():
    frame, notes = derive_source("befolkning", _frames("FOLK1A"))
    # Recorded: a one-year age group has PER_AGE + 3 * quarter index + age children, so
    # 0-17 sums to 18 * PER_AGE + 18 * 3 * i + (0 + 1 + ... + 17) = 18 * PER_AGE + 54 i + 153.
    hv = frame[frame["kommunekode"] == 167].set_index("dato")["antal_0_17"]
    assert hv[pd.Timestamp("2024-01-01")] == 18 * 640 + 54 * 4 + 153  # 2024K1 is i = 4
    kbh = frame[frame["kommunekode"] == 101].set_index("dato")["antal_0_17"]
    assert kbh[pd.Timestamp("2025-01-01")] == 18 * 6200 + 54 * 8 + 153
    # 167 in 2023K1 has one ".." age cell: that quarter is left out, never summed as 0.
    assert pd.Timestamp("2023-01-01") not in hv.index and len(hv) == 8
    assert "FOLK1A: 1 aldersceller" in notes[0]
    # No national row (kommunekode 0 is only allowed in sammenligning), no region 084.
    assert set(frame["kommunekode"]) == {101, 167}
    assert list(frame.columns) == ["kommunekode", "dato", "antal_0_17"]


def test_quarter_is_the_first_day():
    assert quarter_start("2024K1") == dt.date(2024, 1, 1)
    assert quarter_start("2024Q3") == dt.date(2024, 7, 1)


def test_sammenligning_rates_per_1000_with_numerator_and_denominator():
    frame, notes = derive_source("sammenligning", _frames("ANBAAR9", "ISBU02", "UND2", "FOLK1A"))
    f = frame.set_index(["noegletal", "kommunekode", "dato"])
    # ANBAAR9 Hvidovre 2024: 101 placed 0-17-year-olds; denominator FOLK1A 2025K1 (1 January
    # the year after, quarter index 8): 18 * 640 + 54 * 8 + 153 = 12105.
    row = f.loc[("anbragte_pr_1000", 167, pd.Timestamp("2024-12-31"))]
    assert (row["taeller"], row["naevner"]) == (101.0, 12105.0)
    assert row["vaerdi"] == pytest.approx(101 / 12105 * 1000)  # 8.3437...
    # National (ADMKOM "0" in ANBAAR9 -> kommunekode 0): 11200 / (18 * 63000 + 54 * 4 + 153).
    nat = f.loc[("anbragte_pr_1000", 0, pd.Timestamp("2023-12-31"))]
    assert nat["vaerdi"] == pytest.approx(11200 / 1134369 * 1000)
    # ISBU02 (area variable KOMK, national "000").
    isbu = f.loc[("hjemmebaserede_pr_1000", 101, pd.Timestamp("2023-12-31"))]
    assert isbu["vaerdi"] == pytest.approx(3550 / (18 * 6200 + 54 * 4 + 153) * 1000)
    # UND2 Hvidovre 2023 is ".." in the table: no row, and a note saying so.
    assert ("underretninger_pr_1000", 167, pd.Timestamp("2023-12-31")) not in f.index
    assert any("UND2: 1 kommune-år" in n for n in notes)
    assert set(frame["dimension"]) == {""}
    assert len(frame) == 3 * 2 * 3 - 1  # 3 series x 3 areas x 2 years, one missing


def test_udgifter_from_regk31():
    frame, notes = derive_source("udgifter", _frames("REGK31"))
    f = frame.set_index(["kommunekode", "aar", "funktion"])
    row = f.loc[(101, 2023, "5.28.21")]
    assert (row["brutto_1000_kr"], row["netto_1000_kr"]) == (412345.5, 380101.2)
    # 2024 = 2023 x 1.1 with one decimal in the recorded CSV: 38010.1 * 1.1 = 41811.11 -> "41811,1".
    assert f.loc[(167, 2024, "5.28.21")]["netto_1000_kr"] == 41811.1
    # 167 / 5.28.22 / 2024 has ".." as gross: the row is left out, not written with 0.
    assert (167, 2024, "5.28.22") not in f.index
    assert any("REGK31: 1 funktioner/år" in n for n in notes)
    assert set(frame["funktion"]) == {"5.28.21", "5.28.22", "5.28.23", "6.45.51"}
    assert set(frame["regnskabstype"]) == {"regnskab"} and frame["gruppering"].isna().all()
    assert len(frame) == 2 * 4 * 2 - 1


def test_codes_resolved_from_tableinfo():
    # ALDER "0-17 år" has the code "0-17" in the recorded ANBAAR9: found by its text.
    req = TABLES["ANBAAR9"].request(_info("ANBAAR9"), kommuner=[101, 167])
    assert req.variables == {"ADMKOM": ("0", "101", "167"), "ALDER": ("0-17",),
                             "Tid": ("2023", "2024")}
    req = TABLES["ISBU02"].request(_info("ISBU02"), kommuner=[167, 101])
    assert req.variables["KOMK"] == ("000", "101", "167")
    # REGK31: every 5-digit FUNKTION code under 528 and 645 (not 00101).
    req = TABLES["REGK31"].request(_info("REGK31"), kommuner=[101, 167])
    assert req.variables["FUNKTION"] == ("52821", "52822", "52823", "64551")
    assert req.variables["OMRÅDE"] == ("101", "167")  # no national total for the accounts
    assert (req.variables["ART"], req.variables["PRISENHED"]) == (("TOT", "UE"), ("LOBM",))


def test_an_assumption_that_does_not_hold_stops_the_fetch():
    with pytest.raises(StatbankError, match="ingen værdi med teksten '0-19 år'"):
        Pick(("ALDER",), texts=("0-19 år",)).resolve(_info("ANBAAR9"))
    with pytest.raises(StatbankError, match="ingen af variablerne"):
        Pick(("ANBRINGELSE",), codes=("TOT",)).resolve(_info("ANBAAR9"))
    with pytest.raises(StatbankError, match="ikke kommunekoder"):
        TABLES["FOLK1A"].request(_info("FOLK1A"), kommuner=[999])


def test_function_code_and_table_detection():
    assert function_code("64551") == "6.45.51"
    assert table_of_columns(["OMRÅDE", "KØN", "ALDER", "TID", "INDHOLD"]) == "FOLK1A"
    assert table_of_columns(["OMRÅDE", "FUNKTION", "ART", "TID"]) == "REGK31"
    assert table_of_columns(["ADMKOM", "ALDER", "TID"]) is None


def test_every_mapping_declared_once_and_documented():
    ids = [m.id for m in MAPPINGS]
    assert len(ids) == len(set(ids))
    assert {i for _, (_, s) in SOURCES.items() for i in s} == set(ids)
    text = docs_markdown()
    for m in MAPPINGS:
        assert f"| `{m.id}` | `{m.extract}` |" in text
    for t in TABLES:
        assert f"### {t} " in text


def test_generated_docs_are_committed():
    from pathlib import Path

    doc = Path(__file__).resolve().parents[3] / "docs" / "STATBANK.md"
    assert doc.read_text(encoding="utf-8") == docs_markdown(), (
        "docs/STATBANK.md is out of date: python -m noegletal.datain.statbank.mappings "
        "> docs/STATBANK.md")
