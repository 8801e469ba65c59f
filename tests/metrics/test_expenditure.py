"""Theme D: expenditure per category, extra expenditure, distribution on the ladder."""

from __future__ import annotations

import pandas as pd
import pytest

import noegletal.metrics.catalogue  # noqa: F401  (loads the theme modules in catalogue order)
from noegletal.domain.schema import EXTRACTS
from noegletal.domain.vocabulary import STEPS
from noegletal.metrics import expenditure
from noegletal.metrics.params import MetricParams
from tests.metrics.builders import context, measures, values

BASE = {"service": (2013, 2014), "administration": (2013, 2014), "i_alt": (2013, 2014)}


def udgifter(rows) -> pd.DataFrame:
    """Canonical ``udgifter`` from (aar, funktion, gruppering, brutto, netto, regnskabstype)."""
    return pd.DataFrame({
        "kommunekode": pd.Series([510] * len(rows), dtype="int64"),
        "aar": pd.Series([r[0] for r in rows], dtype="int64"),
        "funktion": [r[1] for r in rows],
        "gruppering": [r[2] for r in rows],
        "brutto_1000_kr": pd.Series([r[3] for r in rows], dtype="float64"),
        "netto_1000_kr": pd.Series([r[4] for r in rows], dtype="float64"),
        "regnskabstype": [r[5] for r in rows],
    })


def prisindeks(index: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"aar": pd.Series(list(index), dtype="int64"),
                         "indeks": pd.Series(list(index.values()), dtype="float64")})


ACCOUNTS = udgifter([
    (2013, "5.28.23", None, 80.0, 80.0, "regnskab"),  # x 1.25 in 2016 prices
    (2013, "6.45.51", None, 8.0, 8.0, "regnskab"),
    (2013, "6.45.58", None, 4.0, 4.0, "regnskab"),
    (2014, "5.28.23", None, 120.0, 110.0, "regnskab"),
    (2014, "6.45.51", None, 10.0, 10.0, "regnskab"),
    (2014, "6.45.58", None, 5.0, 5.0, "regnskab"),
    (2015, "5.28.21", None, 140.0, 130.0, "forventet_regnskab"),  # no regnskab for 2015
    (2015, "5.28.23", None, 999.0, 999.0, "budget"),  # budgets are ignored
    (2016, "5.28.20", "4", 40.0, 40.0, "regnskab"),  # netværksplejefamilier (004)
    (2016, "5.28.20", None, 60.0, 50.0, "regnskab"),
    (2016, "05.28.21", "*", 100.0, 90.0, "regnskab"),
    (2016, "5.28.23", "001", 200.0, 180.0, "regnskab"),
    (2016, "6.45.51", None, 12.0, 12.0, "regnskab"),
    (2016, "5.28.23", None, 999.0, 999.0, "forventet_regnskab"),  # regnskab exists for 2016
    (2016, "9.99.99", None, 7.0, 7.0, "regnskab"),  # not in the model
])
INDEX = prisindeks({2013: 80.0, 2014: 100.0, 2015: 100.0, 2016: 100.0})

KIDS = measures([
    ("A", "2008-01-01", "familiepleje", "2015-01-01", None),
    ("B", "2008-01-01", "doegninstitution", "2016-03-01", None),
    ("C", "2008-01-01", "netvaerkspleje", "2015-01-01", "2016-02-15"),
    ("D", "2008-01-01", "forebyggende_foranstaltning", "2016-01-01", None),
    ("E", "1990-01-01", "doegninstitution", "2012-01-01", None),  # an adult all along
])


def _ctx(**kw):
    frames = {"udgifter": ACCOUNTS, "prisindeks": INDEX, **kw}
    ctx = context(KIDS, datoer=["2016-01-31", "2016-05-31"], **frames)
    ctx.params = MetricParams(base_periods=BASE)
    return ctx


def test_net_expenditure_per_category_in_fixed_prices():
    ctx = _ctx()
    got = values(expenditure.compute(ctx), "udgifter_netto")
    assert got == {
        (510, "2013-12-31", "service"): (100.0, None, None),
        (510, "2013-12-31", "administration_myndighed"): (10.0, None, None),
        (510, "2013-12-31", "administration_oevrig"): (5.0, None, None),
        (510, "2013-12-31", "administration"): (15.0, None, None),
        (510, "2013-12-31", "i_alt"): (115.0, None, None),
        (510, "2014-12-31", "service"): (110.0, None, None),
        (510, "2014-12-31", "administration_myndighed"): (10.0, None, None),
        (510, "2014-12-31", "administration_oevrig"): (5.0, None, None),
        (510, "2014-12-31", "administration"): (15.0, None, None),
        (510, "2014-12-31", "i_alt"): (125.0, None, None),
        (510, "2015-12-31", "service"): (130.0, None, None),
        (510, "2016-12-31", "service"): (360.0, None, None),
        (510, "2016-12-31", "administration_myndighed"): (12.0, None, None),
        (510, "2016-12-31", "administration"): (12.0, None, None),
        (510, "2016-12-31", "i_alt"): (372.0, None, None),
    }
    assert any("9.99.99" in w for w in ctx.warnings)


def test_expected_years_are_flagged():
    got = expenditure.expected_years({"udgifter": ACCOUNTS})
    assert got.to_dict("list") == {"kommunekode": [510], "aar": [2015]}


def test_merudgifter_against_the_base_period_mean():
    got = values(expenditure.compute(_ctx()), "merudgifter")
    assert got == {
        (510, "2015-12-31", "service"): (25.0, None, None),  # 130 - (100 + 110) / 2
        (510, "2016-12-31", "service"): (255.0, None, None),
        (510, "2016-12-31", "administration"): (-3.0, None, None),  # 12 - 15
        (510, "2016-12-31", "i_alt"): (252.0, None, None),  # 372 - 120
    }


def test_merudgifter_skips_a_category_without_base_years():
    ctx = _ctx()
    ctx.params = MetricParams(base_periods={**BASE, "administration": (2010, 2011)})
    got = values(expenditure.compute(ctx), "merudgifter")
    assert not [k for k in got if k[2] == "administration"]
    assert any("Merudgifter for »Administration i alt«" in w for w in ctx.warnings)


def test_service_distribution_on_the_ladder():
    got = values(expenditure.compute(_ctx()), "serviceudgifter_trin_andel")
    assert {k: v for k, v in got.items() if k[1] == "2016-12-31"} == {
        (510, "2016-12-31", "forebyggende"): (0.0, 0.0, 400.0),
        (510, "2016-12-31", "hjemmebaseret"): (25.0, 100.0, 400.0),
        (510, "2016-12-31", "netvaerkspleje"): (10.0, 40.0, 400.0),
        (510, "2016-12-31", "familiepleje"): (15.0, 60.0, 400.0),
        (510, "2016-12-31", "institution"): (50.0, 200.0, 400.0),
    }
    assert got[(510, "2013-12-31", "institution")] == (100.0, 100.0, 100.0)


def test_cost_per_child_on_each_step():
    got = values(expenditure.compute(_ctx()), "udgift_pr_barn_trin")
    # Mean children at 2016-01-31 and 2016-05-31: familiepleje (1 + 1) / 2, institution
    # (0 + 1) / 2, netværkspleje (1 + 0) / 2, hjemmebaseret (1 + 1) / 2. Years without a
    # cut-off and steps without expenditure are not emitted.
    assert got == {
        (510, "2016-12-31", "familiepleje"): (60000.0, 60000.0, 1.0),
        (510, "2016-12-31", "institution"): (400000.0, 200000.0, 0.5),
        (510, "2016-12-31", "netvaerkspleje"): (80000.0, 40000.0, 0.5),
        (510, "2016-12-31", "hjemmebaseret"): (100000.0, 100000.0, 1.0),
    }


def test_cost_per_child_with_any_measure_in_the_year():
    got = values(expenditure.compute(_ctx()), "udgift_pr_barn")
    assert got == {
        (510, "2015-12-31", ""): (70000.0, 140000.0, 2),  # A and C in 2015
        (510, "2016-12-31", ""): (100000.0, 400000.0, 4),  # A-D; E is an adult
    }


def test_price_base_year_parameter_and_missing_index_years():
    ctx = _ctx(prisindeks=prisindeks({2013: 80.0, 2016: 100.0}))
    ctx.params = MetricParams(base_periods=BASE, price_base_year=2013)
    got = values(expenditure.compute(ctx), "udgifter_netto")
    assert got[(510, "2016-12-31", "service")] == (288.0, None, None)  # 360 x 80 / 100
    assert got[(510, "2013-12-31", "service")] == (80.0, None, None)
    assert not [k for k in got if k[1] in ("2014-12-31", "2015-12-31")]
    assert any("2014, 2015" in w for w in ctx.warnings)


def test_current_prices_without_an_index():
    ctx = context(udgifter=ACCOUNTS)
    got = values(expenditure.compute(ctx), "udgifter_netto")
    assert got[(510, "2013-12-31", "service")] == (80.0, None, None)
    assert any("løbende priser" in w for w in ctx.warnings)
    assert expenditure.price_base_year({"udgifter": ACCOUNTS}) is None
    assert expenditure.price_base_year({"prisindeks": INDEX}) == 2016


def test_an_uploaded_model_replaces_the_default():
    model = pd.DataFrame({"funktion": ["5.28.21", "5.28.21"], "gruppering": ["*", "011"],
                          "kategori": ["service", "service"],
                          "trin": ["hjemmebaseret", "forebyggende"]})
    accounts = udgifter([(2016, "5.28.21", "11", 30.0, 30.0, "regnskab"),
                         (2016, "5.28.21", "002", 70.0, 70.0, "regnskab"),
                         (2016, "5.28.23", None, 100.0, 100.0, "regnskab")])
    ctx = context(udgifter=accounts, udgiftsmodel=model, prisindeks=INDEX)
    out = expenditure.compute(ctx)
    got = values(out, "serviceudgifter_trin_andel")
    assert got[(510, "2016-12-31", "forebyggende")] == (30.0, 30.0, 100.0)
    assert got[(510, "2016-12-31", "hjemmebaseret")] == (70.0, 70.0, 100.0)
    assert any("5.28.23" in w for w in ctx.warnings)


def test_default_model_is_valid():
    model = expenditure.load_default_model()
    spec = EXTRACTS["udgiftsmodel"]
    assert list(model.columns) == spec.column_names
    assert set(model["kategori"]) <= set(spec.column("kategori").allowed)
    assert set(model["trin"].dropna()) <= set(STEPS)
    assert not model.duplicated(["funktion", "gruppering"]).any()
    row = model[(model["funktion"] == "5.28.20") & (model["gruppering"] == "004")]
    assert row["trin"].tolist() == ["netvaerkspleje"]
    admin = dict(zip(model["funktion"], model["kategori"], strict=False))
    assert admin["6.45.51"] == "administration_myndighed"
    assert admin["6.45.58"] == "administration_oevrig"


@pytest.mark.parametrize("kf", expenditure.DEFINITIONS, ids=lambda kf: kf.id)
def test_definitions_are_complete(kf):
    assert kf.frequency == "aar"
    assert kf.name and kf.how_to_read and kf.caveats and kf.choices and kf.source
