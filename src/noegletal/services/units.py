"""The unit breakdown (enhed) a page shows: every case-level key figure per unit, with the
municipality total, suppressed together (:func:`noegletal.metrics.units.suppress_units`).

Computed on first use per state of the data and cached on it, so a municipality without
units costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.metrics.units import compute_units, split_units, suppress_units, unit_key_figures
from noegletal.services.dashboard import DashboardData
from noegletal.services.views import ViewFilter, in_period

ALL_UNITS = "alle"


def units_for(data: DashboardData, kommune: int | None) -> list[str]:
    """The units of a municipality (empty when its case data has none)."""
    return list((data.extras or {}).get("units", {}).get(kommune, []))


def unit_key_figure_ids() -> list[str]:
    return unit_key_figures(CATALOGUE)


def unit_results(data: DashboardData) -> tuple[pd.DataFrame, list[str]]:
    """Unit rows of every case-level key figure at the dashboard's cut-offs (cached)."""
    cached = data.extras.get("unit_results")
    if cached is None:
        frames = data.extras.get("unit_frames") or {}
        if not frames:
            cached = (data.results.iloc[0:0], [])
        else:
            cached = compute_units(frames, data.cutoffs, data.params)
        data.extras["unit_results"] = cached
    return cached


def _suppressed(data: DashboardData, kommune: int, threshold: int) -> pd.DataFrame:
    key = ("unit_suppressed", int(kommune), int(threshold))
    cached = data.extras.get(key)
    if cached is None:
        ids = unit_key_figure_ids()
        units, _ = unit_results(data)
        total = data.results[(data.results["kommunekode"] == kommune)
                             & data.results["noegletal"].isin(ids)]
        rows = pd.concat([total, units[units["kommunekode"] == kommune]], ignore_index=True)
        cached = suppress_units(rows, threshold)
        base, unit = split_units(cached["dimension"])
        cached = cached.assign(grunddimension=base.to_numpy(), enhed=unit.to_numpy())
        data.extras[key] = cached
    return cached


def unit_frame(data: DashboardData, kf_ids: Iterable[str], view: ViewFilter,
               enhed: str | None = None) -> pd.DataFrame:
    """Suppressed rows of these key figures for the view's municipality and period: the
    municipality total (``enhed`` None) and every unit, or only ``enhed`` and the total.
    Columns: the suppressed result columns plus ``grunddimension`` and ``enhed``."""
    if view.kommune is None or not units_for(data, view.kommune):
        return pd.DataFrame()
    s = _suppressed(data, view.kommune, view.threshold)
    s = s[s["noegletal"].isin(list(kf_ids))]
    if enhed and enhed != ALL_UNITS:
        s = s[s["enhed"].isna() | (s["enhed"] == enhed)]
    return s[in_period(s, view.fra, view.til)].reset_index(drop=True)
