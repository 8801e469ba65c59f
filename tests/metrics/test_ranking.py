"""Ranking municipalities on a published key figure (metrics.ranking)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from noegletal.metrics import ranking as rk
from noegletal.metrics.catalogue import CATALOGUE

D = pd.Timestamp("2024-12-31")


def _rows(taeller, naevner, dato=D, kf="anbragte_pr_1000"):
    k = np.arange(1, len(taeller) + 1) * 100
    t, n = np.asarray(taeller, float), np.asarray(naevner, float)
    return pd.DataFrame({"noegletal": kf, "kommunekode": k, "dato": dato, "dimension": "",
                         "vaerdi": t / n * 1000, "taeller": t, "naevner": n})


def test_ranking_by_hand():
    # values per 1000: 100 -> 10.0, 200 -> 5.0, 300 -> 20.0, 400 -> 3/1000*1000 = 3 (suppressed)
    rows = _rows([100, 50, 200, 3], [10_000, 10_000, 10_000, 1_000])
    r = rk.ranking(rows, D, 5)
    assert r["kommunekode"].tolist() == [300, 100, 200, 400]
    assert r["plads"].tolist()[:3] == [1, 2, 3] and pd.isna(r["plads"].iloc[3])
    # quartile = (place - 1) * 4 // shown + 1: 0 // 3 + 1 = 1, 4 // 3 + 1 = 2, 8 // 3 + 1 = 3
    assert r["kvartil"].tolist()[:3] == [1, 2, 3]
    hidden = r.iloc[3]
    assert hidden["vises"] == "<5" and np.isnan(hidden["vaerdi"]) and np.isnan(hidden["taeller"])


def test_national_value_published_or_summed():
    rows = _rows([100, 50], [10_000, 5_000])
    # no national row: (100 + 50) / (10000 + 5000) * 1000 = 10.0
    nv = rk.national_value(None, "anbragte_pr_1000", D, rows)
    assert nv.vaerdi == 10.0 and "summen af de 2 kommuners" in nv.method
    comp = pd.DataFrame({"kommunekode": [0], "noegletal": ["anbragte_pr_1000"], "dato": [D],
                         "dimension": [""], "vaerdi": [9.3]})
    assert rk.national_value(comp, "anbragte_pr_1000", D, rows) == rk.NationalValue(
        9.3, "offentliggjort landstal")


def test_polarity_from_direction_and_from_catalogue_v2():
    assert rk.polarity(CATALOGUE["anbragte_pr_1000"]) == rk.HIGHER_WORSE  # direction "ned"
    assert rk.polarity(CATALOGUE["hjemmebaserede_pr_1000"]) == rk.HIGHER_BETTER  # "op"
    assert rk.polarity(CATALOGUE["underretninger_pr_1000"]) == rk.NEITHER
    assert rk.polarity(SimpleNamespace(polarity="higher_better", direction="ned")) == \
        rk.HIGHER_BETTER
    assert rk.polarity(SimpleNamespace(polarity="neither", direction="op")) == rk.NEITHER


def test_suggested_group_by_children_and_expenditure():
    s = pd.DataFrame({"kommunekode": [1, 2, 3, 4, 5],
                      "boern_0_17": [1000, 1050, 950, 5000, 1000],
                      "udgift_pr_barn": [100.0, 900.0, 110.0, 100.0, np.nan]})
    g = rk.suggest_group(s, 1, size=2)
    # Distance = |Δ log children| / sd + |Δ expenditure| / sd (sd of logs 0.72, of
    # expenditure 398.5): 3 -> 0.071 + 0.025 = 0.096; 5 (no expenditure: the largest
    # expenditure distance, 2.008) -> 0 + 2.008; 2 -> 0.068 + 2.008 = 2.076; 4 -> 2.23 + 0.
    assert g.members == (3, 5)
    assert "udgift" not in rk.suggest_group(s.drop(columns="udgift_pr_barn"), 1).criteria
    assert "bruger omtrent lige meget netto pr. barn" in g.criteria


def test_structure_from_published_denominators_and_accounts():
    comp = pd.concat([_rows([100, 50], [10_000, 5_000], pd.Timestamp("2023-12-31")),
                      _rows([100, 50], [10_100, 5_050])])
    acc = pd.DataFrame({"kommunekode": [100, 200], "aar": [2024, 2024],
                        "netto_1000_kr": [50_500.0, 5_050.0]})
    s = rk.structure_from(comp, acc)
    assert s["boern_0_17"].tolist() == [10_100.0, 5_050.0]  # the newest date
    assert s["udgift_pr_barn"].tolist() == [5000.0, 1000.0]  # 50.5 mio. kr. / 10100 children


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 20_000)), min_size=1,
                max_size=40))
def test_ranking_invariants(pairs):
    rows = _rows([p[0] for p in pairs], [p[1] for p in pairs])
    r = rk.ranking(rows, D, 5)
    assert len(r) == len(rows)
    shown = r[r["plads"].notna()]
    assert shown["plads"].tolist() == list(range(1, len(shown) + 1))
    assert shown["vaerdi"].tolist() == sorted(shown["vaerdi"], reverse=True)
    assert shown["kvartil"].between(1, 4).all()
    assert shown["kvartil"].tolist() == sorted(shown["kvartil"])
    hidden = r[r["plads"].isna()]
    # every hidden municipality has no value, numerator or denominator left to read
    assert hidden["vaerdi"].isna().all() and hidden["taeller"].isna().all()
    # and every municipality with 1-4 children behind its value is hidden
    small = {k for k, (t, _) in zip(rows["kommunekode"], pairs, strict=True) if 0 < t < 5}
    assert small <= set(hidden["kommunekode"])
