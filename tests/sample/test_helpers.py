"""The small key-figure helpers used by the plausibility tests, on hand-computed rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from noegletal.domain.calendar import eighteenth_birthday
from noegletal.sample.profiles import curve_values
from noegletal.sample.simulate import eighteenth_birthday_days
from noegletal.sample.tables import price_index
from tests.sample import helpers

T = pd.Timestamp("2017-01-31")


def measures(rows):
    frame = pd.DataFrame(rows, columns=["kommunekode", "barn_id", "foedselsdato", "indsats",
                                        "startdato", "slutdato"])
    for col in ("foedselsdato", "startdato", "slutdato"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


ROWS = measures([
    # A: institution, then family care from 2017-01-01 -> family care at T (latest start).
    (510, "A", "2005-03-01", "doegninstitution", "2015-01-01", "2017-02-28"),
    (510, "A", "2005-03-01", "familiepleje", "2017-01-01", None),
    # B: turns 18 on T: not a child at T.
    (510, "B", "1999-01-31", "opholdssted", "2014-01-01", None),
    # C: institution running through T; also a parent-directed (home-based) measure.
    (510, "C", "2010-06-30", "opholdssted", "2016-01-01", None),
    (510, "C", "2010-06-30", "foraeldrerettet_under_anbringelse", "2016-02-01", "2017-01-31"),
    # D: home-based measure that ended the day before T.
    (510, "D", "2012-02-29", "forebyggende_foranstaltning", "2016-01-01", "2017-01-30"),
    # E: § 11.3 course and a home-based measure at T.
    (510, "E", "2008-08-08", "forebyggende_11_3", "2016-12-01", None),
    (510, "E", "2008-08-08", "forebyggende_foranstaltning", "2017-01-31", "2017-01-31"),
    # F: another municipality, network care at T.
    (657, "F", "2011-11-11", "netvaerkspleje", "2016-06-01", None),
])
POP = pd.DataFrame({
    "kommunekode": [510, 510, 657],
    "dato": pd.to_datetime(["2016-01-01", "2017-01-01", "2017-01-01"]),
    "antal_0_17": [900, 1000, 500],
})


def test_children_uses_latest_row_on_or_before_t():
    assert helpers.children(POP, T).to_dict() == {510: 1000, 657: 500}


def test_placed_per_1000_counts_children_only():
    # 510: A and C (B is 18 at T); 657: F.
    assert helpers.placed_per_1000(ROWS, POP, T).to_dict() == {510: 2.0, 657: 2.0}


def test_institution_share_uses_latest_placement():
    # 510: A is in family care (latest start), C in an institution -> 50 %; 657: 0 %.
    assert helpers.institution_share(ROWS, T).to_dict() == {510: 50.0, 657: 0.0}


def test_home_based_and_preventive_per_1000():
    # Home-based at T in 510: C (parent-directed) and E; D ended the day before.
    assert helpers.home_based_per_1000(ROWS, POP, T).to_dict() == {510: 2.0, 657: 0.0}
    assert helpers.preventive_per_1000(ROWS, POP, T).to_dict() == {510: 1.0, 657: 0.0}


@pytest.mark.parametrize(
    ("birth", "expected"),
    [("2000-02-29", "2018-02-28"), ("2004-02-29", "2022-02-28"), ("1999-12-31", "2017-12-31"),
     ("2002-01-01", "2020-01-01")],
)
def test_eighteenth_birthday_days_matches_calendar(birth, expected):
    days = np.array([np.datetime64(birth, "D").astype(np.int64)])
    got = eighteenth_birthday_days(days)[0].astype("datetime64[D]")
    assert str(got) == expected
    assert eighteenth_birthday(pd.Series(pd.to_datetime([birth])))[0] == pd.Timestamp(expected)


def test_curve_values_interpolates_and_is_flat_outside():
    curve = ((2015, 1.0), (2017, 2.0))
    assert curve_values(curve, np.array([2013, 2015, 2016, 2017, 2020])).tolist() == [
        1.0, 1.0, 1.5, 2.0, 2.0]


def test_price_index_base_year_is_100():
    # 2024 grows 3.2 %, 2025 2.7 %: 100 / 1.027 = 97.37; 100 / (1.032 * 1.027) = 94.35.
    assert price_index(2023, 2025) == {2023: 94.35, 2024: 97.37, 2025: 100.0}
