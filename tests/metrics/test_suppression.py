"""Suppression (diskretionering): primary, secondary and differences, plus property tests
showing that no hidden cell can be recomputed from what is shown."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import noegletal.metrics.catalogue  # noqa: F401  (loads the theme modules in catalogue order)
from noegletal.metrics.suppression import (
    SECONDARY_MARK,
    primary,
    suppress,
    suppression_note,
)

T = pd.Timestamp("2016-01-31")
COLUMNS = ["noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller", "naevner"]


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def shares(noegletal: str, counts: dict[str, int], kommune: int = 510) -> list[tuple]:
    n = sum(counts.values())
    return [(noegletal, kommune, T, d, 100.0 * c / n, float(c), float(n))
            for d, c in counts.items()]


def shown(out: pd.DataFrame) -> dict[str, object]:
    return dict(zip(out["dimension"], out["vises"], strict=True))


# ---------------------------------------------------------------------------------------------
# Examples


def test_primary_counts_and_zero():
    out = suppress(frame([
        ("hjemmebaserede_type_antal", 510, T, "eget_vaerelse", 3.0, np.nan, np.nan),
        ("hjemmebaserede_type_antal", 510, T, "doegnophold_familie", 0.0, np.nan, np.nan),
        ("hjemmebaserede_type_antal", 510, T, "forebyggende_foranstaltning", 5.0, np.nan,
         np.nan),
    ]), threshold=5)
    assert shown(out) == {"eget_vaerelse": "<5", "doegnophold_familie": 0.0,
                          "forebyggende_foranstaltning": 5.0}
    assert out["undertrykt"].tolist() == [True, False, False]


def test_partition_gets_a_cover_of_at_least_threshold_plus_one():
    # Hiding 1 next to 5 would leave 1 + 5 = 6 as the only split (5 is not "<5"), so the
    # cover is the smallest cell of at least 6.
    out = suppress(frame(shares("anbringelsesform_andel",
                                {"institution": 1, "familiepleje": 5, "netvaerkspleje": 92})),
                   threshold=5)
    assert shown(out) == {"institution": "<5", "familiepleje": 100.0 * 5 / 98,
                          "netvaerkspleje": SECONDARY_MARK}


def test_small_denominator_hides_the_whole_distribution():
    out = suppress(frame(shares("institution_ophoert_hvorhen",
                                {"anden_anbringelse": 0, "ikke_anbragt": 3})), threshold=5)
    assert out["vises"].tolist() == ["<5", "<5"]


def test_total_row_counts_as_a_sum():
    rows = [("flytninger_pr_1000", 510, T, d, 1000.0 * c / 5000, float(c), 5000.0)
            for d, c in {"op": 2, "ned": 40, "samlet": 42}.items()]
    out = suppress(frame(rows), threshold=5)
    assert shown(out) == {"op": "<5", "ned": SECONDARY_MARK, "samlet": 1000.0 * 42 / 5000}


def test_counts_that_happen_to_add_up_are_not_a_total():
    out = suppress(frame([
        ("hjemmebaserede_type_antal", 510, T, d, float(c), np.nan, np.nan)
        for d, c in {"eget_vaerelse": 2, "doegnophold_familie": 30,
                     "forebyggende_foranstaltning": 32}.items()
    ]), threshold=5)
    assert out["undertrykt"].tolist() == [True, False, False]


def test_differences_follow_their_components():
    out = suppress(frame([
        ("faglig_trivsel", 510, T, "udsatte", 3.4, np.nan, 4.0),
        ("faglig_trivsel", 510, T, "oevrige", 3.8, np.nan, 4000.0),
        ("faglig_trivsel_forskel", 510, T, "", -0.4, np.nan, np.nan),
        ("social_trivsel", 510, T, "udsatte", 3.9, np.nan, 88.0),
        ("social_trivsel", 510, T, "oevrige", 4.1, np.nan, 4873.0),
        ("social_trivsel_forskel", 510, T, "", -0.2, np.nan, np.nan),
    ]), threshold=5)
    assert out["vises"].tolist() == ["<5", 3.8, SECONDARY_MARK, 3.9, 4.1, -0.2]


def test_amounts_are_never_suppressed_but_children_behind_costs_are():
    out = suppress(frame([
        ("udgifter_netto", 510, T, "service", 3.0, np.nan, np.nan),
        ("serviceudgifter_trin_andel", 510, T, "forebyggende", 2.0, 2.0, 100.0),
        ("serviceudgifter_trin_andel", 510, T, "institution", 98.0, 98.0, 100.0),
        ("udgift_pr_barn_trin", 510, T, "institution", 400000.0, 200000.0, 0.5),
        ("udgift_pr_barn", 510, T, "", 5000.0, 500000.0, 100.0),
        ("sagstal_hoejeste", 510, T, "", 3.0, np.nan, np.nan),
    ]), threshold=5)
    assert out["undertrykt"].tolist() == [False, False, False, True, False, False]


def test_rates_check_numerator_and_denominator():
    got = primary(frame([
        ("anbragte_pr_1000", 510, T, "", 0.4, 4.0, 10000.0),
        ("anbragte_pr_1000", 657, T, "", 0.0, 0.0, 10000.0),
        ("dage_mellem_opfoelgninger_median", 510, T, "", 45.0, np.nan, 4.0),
        ("sagstal_gennemsnit", 510, T, "", 26.0, 65.0, 2.5),
    ]), threshold=5)
    assert got.tolist() == [True, False, True, True]


def test_threshold_never_below_three_and_passed_in_not_read_from_settings(monkeypatch):
    rows = frame([("hjemmebaserede_type_antal", 510, T, "eget_vaerelse", 3.0, np.nan, np.nan)])
    with pytest.raises(ValueError, match="mindst 3"):
        suppress(rows, threshold=2)
    # The metrics layer never reads the settings: the caller passes the threshold in force.
    monkeypatch.setenv("NOEGLETAL_SUPPRESSION_THRESHOLD", "4")
    assert suppress(rows)["vises"].tolist() == ["<5"]  # the default of MetricParams' module
    assert suppress(rows, threshold=4)["vises"].tolist() == ["<4"]
    assert suppress(rows, threshold=3)["vises"].tolist() == [3.0]  # 3 is not below 3
    assert "<4" in suppression_note(4) and "færre end 4 børn" in suppression_note(4)
    assert "<5" in suppression_note()


def test_the_settings_default_is_the_metrics_default():
    from noegletal.metrics.params import SUPPRESSION_THRESHOLD
    from noegletal.settings import Settings

    assert SUPPRESSION_THRESHOLD == 5
    assert Settings.model_fields["suppression_threshold"].default == SUPPRESSION_THRESHOLD


def test_wide_display_table_keeps_the_marks():
    out = suppress(frame(shares("anbringelsesform_andel",
                                {"institution": 1, "familiepleje": 5, "netvaerkspleje": 92})),
                   threshold=5)
    wide = out.pivot_table(index="dato", columns="dimension", values="vises", aggfunc="first")
    assert wide.loc[T, "institution"] == "<5"
    assert wide.loc[T, "netvaerkspleje"] == SECONDARY_MARK


# ---------------------------------------------------------------------------------------------
# Properties: what an outsider can work out from the shown cells


FAKE = {
    "fordeling": SimpleNamespace(unit="pct", theme="anbringelser"),
    "antal_med_total": SimpleNamespace(unit="antal", theme="flows"),
    "mean": SimpleNamespace(unit="indeks", theme="skoletrivsel"),
    "mean_forskel": SimpleNamespace(unit="indekspoint", theme="skoletrivsel",
                                    difference_of="mean"),
}


def _domain(mark: object, t: int, upper: int, small_total: bool) -> list[int]:
    """Values a hidden cell can take, to someone who sees its mark."""
    if mark == SECONDARY_MARK:
        return [0, *range(t, upper + 1)]
    if small_total:
        return list(range(0, upper + 1))
    return list(range(1, t))


def _feasible_values(domains: list[list[int]], coeffs: list[int], target: int) -> list[set]:
    """For each hidden cell, the values it takes in some solution of
    sum(coeff * x) == target with every x in its domain."""
    out = [set() for _ in domains]
    for combo in itertools.product(*domains):
        if sum(c * x for c, x in zip(coeffs, combo, strict=True)) == target:
            for i, x in enumerate(combo):
                out[i].add(x)
    return out


@settings(max_examples=150, deadline=None)
@given(
    counts=st.lists(st.integers(0, 12), min_size=2, max_size=4).filter(lambda c: sum(c) > 0),
    t=st.integers(3, 6),
)
def test_hidden_share_cells_cannot_be_recomputed(counts, t):
    n = sum(counts)
    rows = shares("fordeling", {f"d{i}": c for i, c in enumerate(counts)})
    out = suppress(frame(rows), threshold=t, catalogue=FAKE)
    hidden = out["undertrykt"].to_numpy()
    marks = out["vises"].tolist()
    # Shown cells never rest on 1..t-1 children.
    for c, h in zip(counts, hidden, strict=True):
        assert h or c == 0 or c >= t
    assert not (n < t and not hidden.all())
    if not hidden.any():
        return
    if hidden.all():
        return  # nothing shown, not even the denominator: nothing to recompute from
    # The denominator is shown with every shown share; the hidden cells share the rest.
    rest = n - sum(c for c, h in zip(counts, hidden, strict=True) if not h)
    idx = [i for i, h in enumerate(hidden) if h]
    domains = [_domain(marks[i], t, n, n < t) for i in idx]
    feasible = _feasible_values(domains, [1] * len(idx), rest)
    for i, values_i in zip(idx, feasible, strict=True):
        assert counts[i] in values_i
        assert len(values_i) >= 2, f"cell {i} of {counts} can be recomputed"


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(st.integers(0, 9), min_size=2, max_size=3), t=st.integers(3, 5))
def test_hidden_counts_beside_a_total_cannot_be_recomputed(parts, t):
    total = sum(parts)
    cells = [*parts, total]
    dims = [f"d{i}" for i in range(len(parts))] + ["samlet"]
    rows = [("antal_med_total", 510, T, d, float(c), np.nan, np.nan)
            for d, c in zip(dims, cells, strict=True)]
    out = suppress(frame(rows), threshold=t, catalogue=FAKE)
    hidden = out["undertrykt"].to_numpy()
    marks = out["vises"].tolist()
    for c, h in zip(cells, hidden, strict=True):
        assert h or c == 0 or c >= t
    if not hidden.any() or hidden.all():
        return
    # Identity: sum(parts) - total == 0; shown cells move to the right-hand side.
    coeffs_all = [1] * len(parts) + [-1]
    target = -sum(k * c for k, c, h in zip(coeffs_all, cells, hidden, strict=True) if not h)
    idx = [i for i, h in enumerate(hidden) if h]
    upper = 3 * (total + t)
    domains = [_domain(marks[i], t, upper, False) for i in idx]
    feasible = _feasible_values(domains, [coeffs_all[i] for i in idx], target)
    for i, values_i in zip(idx, feasible, strict=True):
        assert cells[i] in values_i
        assert len(values_i) >= 2, f"cell {i} of {cells} can be recomputed"


@settings(max_examples=100, deadline=None)
@given(n_udsatte=st.integers(0, 10), n_oevrige=st.integers(1, 10), t=st.integers(3, 6))
def test_a_difference_never_reveals_a_hidden_mean(n_udsatte, n_oevrige, t):
    rows = [("mean", 510, T, "udsatte", 3.25, np.nan, float(n_udsatte)),
            ("mean", 510, T, "oevrige", 3.75, np.nan, float(n_oevrige)),
            ("mean_forskel", 510, T, "", -0.5, np.nan, np.nan)]
    out = suppress(frame(rows), threshold=t, catalogue=FAKE)
    hidden = dict(zip(out["dimension"], out["undertrykt"], strict=True))
    if hidden["udsatte"] or hidden["oevrige"]:
        assert hidden[""]
    assert hidden["udsatte"] == (0 < n_udsatte < t)
