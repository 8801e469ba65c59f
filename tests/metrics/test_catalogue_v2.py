"""Catalogue v2: what each key figure declares about its behaviour, and the defaults."""

from __future__ import annotations

import dataclasses

import pytest

from noegletal.metrics.catalogue import (
    CATALOGUE,
    PAGE_BY_KEY,
    UNIT_TYPES,
    Headline,
    KeyFigure,
    difference_figure,
)
from noegletal.metrics.params import MetricParams


def _kf(**overrides) -> KeyFigure:
    base = dict(id="x_pr_1000", theme="flows", name="X", how_to_read="Y.", unit="pr_1000",
                numerator="n", denominator="d", inputs=("befolkning",), direction="ned",
                caveats=("c.",), source="s")
    return KeyFigure(**{**base, **overrides})


def test_defaults_come_from_the_direction_the_unit_and_the_theme():
    kf = _kf()
    assert kf.polarity == "lower_better"  # "ned": a lower value is better
    assert _kf(direction="ikke_falde").polarity == "higher_better"
    assert _kf(direction="neutral").polarity == "neutral"
    assert kf.is_amount is False and _kf(unit="1000_kr").is_amount is True
    assert kf.page == "indsatstrappen"  # the flows theme's page
    assert kf.pooling == "rate" and _kf(unit="antal").pooling == "sum"
    assert kf.headline is None and kf.difference_of is None and kf.parameters == ()


def test_explicit_declarations_win():
    kf = _kf(polarity="neutral", is_amount=True, page="anbringelser", pooling="max",
             parameters=["base_periods"], headline=Headline("", "X", "x"))
    assert (kf.polarity, kf.is_amount, kf.page, kf.pooling) == (
        "neutral", True, "anbringelser", "max")
    assert kf.parameters == ("base_periods",)
    # an amount counts no individuals, whatever its unit says
    assert not (kf.checks_value or kf.checks_taeller or kf.checks_naevner)
    plain = _kf()
    assert (plain.checks_value, plain.checks_taeller, plain.checks_naevner) == (
        False, True, True)


@pytest.mark.parametrize("bad", [dict(page="nowhere"), dict(pooling="median"),
                                 dict(polarity="up"), dict(unit="liter"),
                                 dict(headline=Headline("udsatte", "X"))])
def test_unknown_declarations_are_refused(bad):
    with pytest.raises(ValueError):
        _kf(**bad)


def test_the_constructor_keeps_todays_keywords():
    fields = [f.name for f in dataclasses.fields(KeyFigure)]
    assert fields[:14] == ["id", "theme", "name", "how_to_read", "unit", "numerator",
                           "denominator", "inputs", "direction", "caveats", "source",
                           "frequency", "dimensions", "choices"]


def test_declared_behaviour_of_the_project_catalogue():
    assert CATALOGUE["serviceudgifter_trin_andel"].is_amount  # shares of kroner
    assert CATALOGUE["udgifter_netto"].is_amount
    assert not CATALOGUE["anbringelsesform_andel"].is_amount
    assert CATALOGUE["sagstal_hoejeste"].pooling == "max"
    assert CATALOGUE["sagstal_laveste"].pooling == "min"
    assert CATALOGUE["udgift_pr_barn"].page == "udgifter"
    assert CATALOGUE["flytninger_pr_1000"].page == "anbringelser"
    gaps = {kf.id: kf.difference_of for kf in CATALOGUE.values() if kf.difference_of}
    assert gaps == {"faglig_trivsel_forskel": "faglig_trivsel",
                    "social_trivsel_forskel": "social_trivsel",
                    "fravaer_pct_forskel": "fravaer_pct"}
    assert difference_figure("fravaer_pct").id == "fravaer_pct_forskel"
    assert difference_figure("anbragte_pr_1000") is None


@pytest.mark.parametrize("kf", list(CATALOGUE.values()), ids=list(CATALOGUE))
def test_every_figure_names_real_parameters_and_a_known_unit_and_page(kf):
    params = {f.name for f in dataclasses.fields(MetricParams)}
    assert set(kf.parameters) <= params
    assert kf.unit in UNIT_TYPES and kf.page in PAGE_BY_KEY
    assert PAGE_BY_KEY[kf.page].kind == "theme"
    if kf.difference_of is not None:
        assert {"udsatte", "oevrige"} <= set(CATALOGUE[kf.difference_of].dimensions)
        assert kf.pooling == "difference"
