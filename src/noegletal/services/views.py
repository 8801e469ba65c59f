"""View models: the suppressed rows a page shows for a municipality, period and comparator.

Pages and the committee report never filter or suppress on their own; they ask here.
Suppression holds across views (:mod:`noegletal.metrics.disclosure`): a municipality is
suppressed on its complete rows (the same cells on its own page and as a comparator), a
comparison group's cell is shown only when every member's cell is shown, and the national
series follows the same rule when the dashboard holds every municipality.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from noegletal.domain.kommuner import kommune_navn
from noegletal.metrics import disclosure
from noegletal.metrics.catalogue import CATALOGUE
from noegletal.metrics.params import SUPPRESSION_THRESHOLD
from noegletal.metrics.pooling import pool_period
from noegletal.metrics.suppression import suppress
from noegletal.services.dashboard import DashboardData


@dataclass(frozen=True)
class ViewFilter:
    kommune: int | None
    fra: pd.Timestamp | None = None
    til: pd.Timestamp | None = None
    sammenlign: str = "landet"  # "landet" | "gruppe" | a municipality code as text
    gruppe: tuple[int, ...] = ()
    threshold: int = SUPPRESSION_THRESHOLD


def in_period(rows: pd.DataFrame, fra: pd.Timestamp | None, til: pd.Timestamp | None) -> pd.Series:
    """Rows within the period, by each key figure's ``period_selection`` (from its frequency
    in the catalogue).

    Cut-off figures: ``fra <= dato <= til``. Yearly figures (``dato`` = 31 December): the
    years from ``fra``'s year to ``til``'s year. School years (``dato`` = 1 August): the
    school years that end (31 July) within the period — a period ending in September 2017
    shows school year 2016/17, not 2017/18, which has only just begun. Cost assessments of
    interventions: always.
    """
    if rows.empty or (fra is None and til is None):
        return pd.Series(True, index=rows.index)
    rule = rows["noegletal"].map(
        lambda k: CATALOGUE[k].period_selection if k in CATALOGUE else "slut")
    d = pd.to_datetime(rows["dato"])
    lo = pd.Timestamp(fra) if fra is not None else pd.Timestamp.min
    hi = pd.Timestamp(til) if til is not None else pd.Timestamp.max
    cutoff = (d >= lo) & (d <= hi)
    yearly = (d.dt.year >= lo.year) & (d.dt.year <= hi.year)
    school_end = d + pd.DateOffset(years=1) - pd.Timedelta(days=1)
    school = (school_end <= hi) & (school_end >= lo)
    always = pd.Series(True, index=rows.index)
    return cutoff.where(rule == "dato", yearly.where(
        rule == "aar", school.where(rule == "slut", always)))


def suppressed_results(data: DashboardData, threshold: int,
                       kommuner: Iterable[int] | None = None) -> pd.DataFrame:
    """The municipalities' rows (all, or those of ``kommuner``) suppressed on each
    municipality's complete rows, computed once per data, threshold and municipalities.
    Only the municipalities asked for are read from the store (linked cells never span
    two municipalities, so each gets what its own page shows)."""
    ks = None if kommuner is None else tuple(sorted({int(k) for k in kommuner}))
    key = ("suppressed_results", int(threshold), ks)
    cached = data.extras.get(key)
    if cached is None:
        rows = data.results if ks is None else data.select(None, ks)
        cached = disclosure.suppress_municipalities(rows, threshold)
        data.extras[key] = cached
    return cached


def _municipality(data: DashboardData, ids: list[str], kommune: int | None,
                  threshold: int) -> pd.DataFrame:
    res = suppressed_results(data, threshold, [] if kommune is None else [kommune])
    return res[res["noegletal"].isin(ids) & (res["kommunekode"] == kommune)]


def kommune_frame(data: DashboardData, kf_ids: Iterable[str], f: ViewFilter) -> pd.DataFrame:
    """Suppressed rows of the key figures for the municipality within the period."""
    shown = _municipality(data, list(kf_ids), f.kommune, f.threshold)
    return shown[in_period(shown, f.fra, f.til)].reset_index(drop=True)


def pooled_frame(data: DashboardData, kf_ids: Iterable[str], f: ViewFilter) -> pd.DataFrame:
    """The key figures pooled over the chosen period for the municipality
    (:func:`noegletal.metrics.pooling.pool_period`: Σ numerators over Σ denominators of
    every cut-off in the period), suppressed like every other row."""
    ids = list(kf_ids)
    res = data.results
    rows = res[res["noegletal"].isin(ids) & (res["kommunekode"] == f.kommune)]
    rows = rows[in_period(rows, f.fra, f.til)].reset_index(drop=True)
    pooled = pool_period(rows, CATALOGUE)
    return suppress(pooled, f.threshold).reset_index(drop=True)


def comparator_label(f: ViewFilter) -> str:
    if f.sammenlign == "gruppe" and f.gruppe:
        names = ", ".join(kommune_navn(k) for k in f.gruppe[:4])
        more = f" m.fl. ({len(f.gruppe)} kommuner)" if len(f.gruppe) > 4 else ""
        return f"Gruppe: {names}{more}"
    if f.sammenlign.isdigit():
        return kommune_navn(int(f.sammenlign))
    return "Hele landet"


def comparator_frame(
    data: DashboardData, kf_ids: Iterable[str], f: ViewFilter
) -> tuple[pd.DataFrame | None, str]:
    """The chosen comparator's suppressed rows (one series) and its label.

    "Hele landet" comes from the published ``sammenligning`` series (only where the
    municipality uploaded it); another municipality from its own computed rows, suppressed
    as on its own page; a group is weighted (sum of numerators over sum of denominators, see
    ``metrics.comparators``) and shows a cell only where every member's cell is shown
    (``metrics.disclosure``). Returns ``(None, label)`` when the comparator has no rows for
    these key figures.
    """
    ids = list(kf_ids)
    label = comparator_label(f)
    if f.sammenlign == "gruppe" and f.gruppe:
        members = sorted({int(k) for k in f.gruppe})
        rows = data.select(ids, members)
        shown = disclosure.suppress_group(
            rows, f.threshold, members=members,
            suppressed_members=suppressed_results(data, f.threshold, members))
        shown = shown.drop(columns=["antal_kommuner"], errors="ignore")
    elif f.sammenlign.isdigit():
        shown = _municipality(data, ids, int(f.sammenlign), f.threshold)
    else:
        rows = data.national(ids)
        # Every municipality's suppression is needed only when the dashboard holds the
        # whole country (the member rule of metrics.disclosure); otherwise none is read.
        everyone = (suppressed_results(data, f.threshold)
                    if disclosure.covers_country(data.kommuner) else rows.iloc[0:0])
        shown = disclosure.suppress_national(rows, everyone, data.kommuner, f.threshold)
    if shown is None or shown.empty:
        return None, label
    shown = shown[in_period(shown, f.fra, f.til)].reset_index(drop=True)
    return (shown if not shown.empty else None), label


def expected_years_of(data: DashboardData, kommune: int | None) -> tuple[int, ...]:
    """The years whose expenditure figures for ``kommune`` rest on forventet regnskab
    (expected, not final, accounts), ascending."""
    ey = data.expected_years
    if kommune is None or ey is None or ey.empty:
        return ()
    years = ey.loc[ey["kommunekode"].astype(int) == int(kommune), "aar"].astype(int)
    return tuple(sorted(set(years)))


MAX_SEVERAL = 5  # municipalities on one chart (seed 004, Figur 35: three and the nation)


def several_kommuner(data: DashboardData, f: ViewFilter) -> tuple[int, ...]:
    """The municipalities drawn together with the chosen one (seed 004, Figur 35), the chosen
    one first, at most :data:`MAX_SEVERAL`: the comparison group's members when a group is
    chosen, the compared municipality when one is, else the municipalities with data of
    their own. All follow from the link's state, so a shared link shows the same chart."""
    if f.kommune is None:
        return ()
    if f.sammenlign == "gruppe" and f.gruppe:
        others = [int(k) for k in f.gruppe]
    elif f.sammenlign.isdigit():
        others = [int(f.sammenlign)]
    else:
        others = [int(k) for k in data.kommuner]
    chosen = [int(f.kommune)] + [k for k in dict.fromkeys(others) if k != int(f.kommune)]
    return tuple(chosen[:MAX_SEVERAL])


def several_frame(data: DashboardData, kf_ids: Iterable[str], f: ViewFilter
                  ) -> tuple[pd.DataFrame, tuple[int, ...]]:
    """Suppressed rows of the key figures for :func:`several_kommuner`, each suppressed as on
    its own page, within the period; and the municipalities in the order to draw them."""
    codes = several_kommuner(data, f)
    ids = list(kf_ids)
    res = suppressed_results(data, f.threshold)
    shown = res[res["noegletal"].isin(ids) & res["kommunekode"].isin(codes)]
    shown = shown[in_period(shown, f.fra, f.til)].reset_index(drop=True)
    with_rows = set(shown["kommunekode"].astype(int))
    return shown, tuple(k for k in codes if k in with_rows)


def national_frame(data: DashboardData, kf_ids: Iterable[str], f: ViewFilter
                   ) -> pd.DataFrame | None:
    """The national line (``Hele landet``) whatever comparator is chosen, suppressed as the
    comparator is (:func:`comparator_frame`)."""
    shown, _ = comparator_frame(data, kf_ids, replace(f, sammenlign="landet", gruppe=()))
    return shown
