"""Plausibility bands after the seed report's tables, and the three municipalities' profiles.

Every figure is computed directly from the generated files with the small helpers in
``tests/sample/helpers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import noegletal
from tests.sample import helpers

HADERSLEV, HERNING, HVIDOVRE = 510, 657, 167
TERTIALS = pd.to_datetime([f"{y}-{md}" for y in range(2015, 2026)
                           for md in ("01-31", "05-31", "09-30")])
YEARLY = pd.to_datetime([f"{y}-01-31" for y in range(2017, 2026)])


def mean_over(series_fn, frames, dates):
    """Mean over ``dates`` of a per-municipality figure."""
    return pd.concat([series_fn(frames, t) for t in dates], axis=1).mean(axis=1)


def placed(frames, t):
    return helpers.placed_per_1000(frames["foranstaltninger"], frames["befolkning"], t)


def institution(frames, t):
    return helpers.institution_share(frames["foranstaltninger"], t)


def home_based(frames, t):
    return helpers.home_based_per_1000(frames["foranstaltninger"], frames["befolkning"], t)


def preventive(frames, t):
    return helpers.preventive_per_1000(frames["foranstaltninger"], frames["befolkning"], t)


def year(y):
    return TERTIALS[TERTIALS.year == y]


def test_placed_per_1000_at_31_january_2017(frames):
    value = placed(frames, pd.Timestamp("2017-01-31"))
    assert value.between(6, 13).all(), value.to_dict()


@pytest.mark.parametrize("t", TERTIALS)
def test_placed_per_1000_stays_plausible(frames, t):
    assert placed(frames, t).between(5, 16).all()


@pytest.mark.parametrize("t", TERTIALS)
def test_institution_share(frames, t):
    assert institution(frames, t).between(5, 45).all()


def test_institution_share_at_31_january_2017(frames):
    value = institution(frames, pd.Timestamp("2017-01-31"))
    assert value.between(10, 40).all(), value.to_dict()


@pytest.mark.parametrize("t", YEARLY)
def test_home_based_and_preventive(frames, t):
    assert home_based(frames, t).between(15, 60).all()
    assert preventive(frames, t).between(4, 11).all()


def test_notifications_per_1000(frames):
    f = frames["foranstaltninger"]
    notes = f[f["indsats"] == "underretning"]
    for t in (pd.Timestamp("2016-12-31"), pd.Timestamp("2024-12-31")):
        window = notes[(notes["startdato"] > t - pd.DateOffset(months=12))
                       & (notes["startdato"] <= t)]
        n = window.groupby("kommunekode")["barn_id"].nunique()
        rate = n / helpers.children(frames["befolkning"], t) * 1000
        assert rate.between(20, 70).all(), rate.to_dict()


# --- the three profiles ------------------------------------------------------------------


def test_herning_shifts_from_institution_to_family_care_2015_2018(frames):
    before = mean_over(institution, frames, year(2015))
    after = mean_over(institution, frames, year(2019))
    assert before[HERNING] - after[HERNING] >= 10
    # ... and family care takes over: its share of placements rises correspondingly.
    f = frames["foranstaltninger"]
    share = {}
    for y in (2015, 2019):
        forms = pd.concat([helpers.placement_forms(f, t) for t in year(y)])
        herning = forms[forms["kommunekode"] == HERNING]
        share[y] = 100 * (herning["form"] == "familiepleje").mean()
    assert share[2019] - share[2015] >= 8


def test_hvidovre_falling_institution_share_and_rising_preventive(frames):
    inst_2015 = mean_over(institution, frames, year(2015))
    inst_2019 = mean_over(institution, frames, year(2019))
    assert inst_2015[HVIDOVRE] - inst_2019[HVIDOVRE] >= 8
    prev_2015 = mean_over(preventive, frames, year(2015))
    prev_2019 = mean_over(preventive, frames, year(2019))
    assert prev_2019[HVIDOVRE] > 1.5 * prev_2015[HVIDOVRE]
    assert mean_over(placed, frames, year(2015))[HVIDOVRE] > mean_over(placed, frames, year(2019))[HVIDOVRE]


def test_haderslev_rising_home_based_low_institution_share(frames):
    hb_2015 = mean_over(home_based, frames, year(2015))
    hb_2019 = mean_over(home_based, frames, year(2019))
    assert hb_2019[HADERSLEV] - hb_2015[HADERSLEV] >= 6
    assert hb_2019.idxmax() == HADERSLEV
    inst = mean_over(institution, frames, year(2015))
    assert inst.idxmin() == HADERSLEV
    assert mean_over(placed, frames, TERTIALS).idxmax() == HADERSLEV


def test_haderslev_rising_administration_costs(frames):
    u = frames["udgifter"]
    index = frames["prisindeks"].set_index("aar")["indeks"]
    admin = u[u["funktion"].str.startswith("6.45.")]
    fixed = admin["netto_1000_kr"] / admin["aar"].map(index) * 100
    per_year = fixed.groupby([admin["kommunekode"], admin["aar"]]).sum()
    growth = per_year.xs(2017, level="aar") / per_year.xs(2013, level="aar")
    assert growth[HADERSLEV] > 1.15
    assert growth.idxmax() == HADERSLEV
    # Hvidovre moves five social workers to the service budget in 2015.
    assert per_year[(HVIDOVRE, 2015)] < per_year[(HVIDOVRE, 2014)]


def test_preventive_courses_rise_in_herning_and_hvidovre(frames):
    before = mean_over(preventive, frames, year(2015))
    after = mean_over(preventive, frames, year(2018))
    assert (after[[HERNING, HVIDOVRE]] > 1.4 * before[[HERNING, HVIDOVRE]]).all()


# --- expenditure through the project's default model ----------------------------------------

MODEL = Path(noegletal.__file__).parent / "data" / "udgiftsmodel.csv"


@pytest.mark.skipif(not MODEL.exists(), reason="the default expenditure model is not shipped")
def test_every_account_is_in_the_default_model_and_steps_follow_the_profiles(frames):
    model = pd.read_csv(MODEL, dtype=str, keep_default_na=False)
    u = frames["udgifter"].assign(gruppering=frames["udgifter"]["gruppering"].fillna(""))
    exact = u.merge(model, on=["funktion", "gruppering"], how="left")
    general = u.merge(model[model["gruppering"].isin(["", "*"])].drop(columns="gruppering"),
                      on="funktion", how="left")
    trin = exact["trin"].fillna(general["trin"])
    kategori = exact["kategori"].fillna(general["kategori"])
    assert kategori.notna().all(), u.loc[kategori.isna(), "funktion"].unique()
    service = u[kategori == "service"].assign(trin=trin[kategori == "service"])
    gross = service.groupby(["kommunekode", "aar", "trin"])["brutto_1000_kr"].sum()
    share = 100 * gross / gross.groupby(["kommunekode", "aar"]).transform("sum")
    institution = share.xs("institution", level="trin")
    # Herning and Hvidovre spend a falling share on institutions over the project period.
    for kommune in (HERNING, HVIDOVRE):
        assert institution[(kommune, 2014)] - institution[(kommune, 2019)] >= 5
    # Network care is its own step through grouping 004 on 5.28.20.
    assert (share.xs("netvaerkspleje", level="trin") > 0).all()
