from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from noegletal.datain.columns import column_key, match_columns
from noegletal.datain.parsing import parse_date, parse_float, parse_int, to_arrow
from noegletal.domain.schema import EXTRACTS


def arr(*values: str):
    return to_arrow(pd.Series(list(values), dtype=object))


def test_int_spellings():
    values, bad = parse_int(arr("1234", "1.234", "1.234.567", "1 234", "+5", "-3", "510,0",
                                "510.00", "", "12,5", "1,000", "abc", "1.2345"))
    assert values[:8].tolist() == [1234, 1234, 1234567, 1234, 5, -3, 510, 510]
    assert np.isnan(values[8:]).all()
    assert bad.tolist() == [False] * 9 + [True] * 4


def test_float_spellings():
    r = parse_float(arr("12,5", "1.234,5", "1 234,5", "-0,25", ",5", "1.234.567", "7", "+7",
                        "", "1,2,3", "12.34.5", "1e3x"))
    assert r.values[:8].tolist() == [12.5, 1234.5, 1234.5, -0.25, 0.5, 1234567.0, 7.0, 7.0]
    assert r.bad.tolist() == [False] * 9 + [True] * 3


@pytest.mark.parametrize(
    ("values", "delimiter", "expected", "thousands", "guessed"),
    [
        (("1.234", "12,5"), None, [1234.0, 12.5], True, False),  # comma column: dot = thousands
        (("1.234", "12.5"), None, [1.234, 12.5], False, False),  # point column: dot = decimal
        (("1.234", "2"), ";", [1234.0, 2.0], True, True),  # no evidence, Danish ;-file
        (("1.234", "2"), ",", [1.234, 2.0], False, True),  # no evidence, ,-file
    ],
)
def test_ambiguous_dot_is_read_by_column_evidence(values, delimiter, expected, thousands,
                                                   guessed):
    r = parse_float(arr(*values), delimiter)
    assert r.values.tolist() == expected
    assert (r.thousands, r.guessed) == (thousands, guessed)
    assert not r.bad.any()


def test_leading_zero_is_never_a_thousands_group():
    r = parse_float(arr("0.125", "2"), ";")
    assert r.values.tolist() == [0.125, 2.0]
    assert not r.ambiguous.any() and not r.guessed
    values, bad = parse_int(arr("0.125", "01.234"))
    assert np.isnan(values).all()
    assert bad.tolist() == [True, True]


def test_ambiguous_dot_in_mixed_column_is_bad():
    r = parse_float(arr("1.234", "12.5", "3,5"))
    assert r.bad.tolist() == [True, False, False]
    assert r.ambiguous.tolist() == [True, False, False]


def test_dates_all_spellings_and_invalid_days():
    values, bad, out_of_range = parse_date(arr(
        "2016-01-31", "31-01-2016", "31.01.2016", "31/01/2016", "1-2-2016", "2016-1-5",
        "2016-01-31 00:00:00", "2016-02-29", "", "31-02-2016", "2015-02-29", "31-01-16",
        "2016-13-01", "2016-01-00", "0016-01-01", "idag"))
    assert [str(v)[:10] for v in values[:8]] == [
        "2016-01-31", "2016-01-31", "2016-01-31", "2016-01-31", "2016-02-01", "2016-01-05",
        "2016-01-31", "2016-02-29"]
    assert np.isnat(values[8:]).all()
    assert bad.tolist() == [False] * 9 + [True] * 7
    assert out_of_range.tolist() == [False] * 14 + [True, False]


def test_column_key_and_matching():
    assert column_key(" Fødselsdato ") == "foedselsdato"
    assert column_key("Antal 0-17") == "antal_0_17"
    spec = EXTRACTS["foranstaltninger"]
    m = match_columns(["KOMMUNE_NR", "barn id", "fødselsdato", "Indsats", "Start", "x"], spec)
    assert m.positions == {"kommunekode": 0, "barn_id": 1, "foedselsdato": 2, "indsats": 3,
                           "startdato": 4}
    assert m.unknown == [5]
    assert m.missing == []
    assert m.absent_optional == ["slutdato", "bevilget_af", "enhed"]
    dup = match_columns(["fødselsdato", "foedselsdato"], spec)
    assert dup.duplicates == {"foedselsdato": [0, 1]}
