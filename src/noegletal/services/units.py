"""The unit breakdown (enhed) a page shows: every case-level key figure per unit, with the
municipality total, suppressed together (:func:`noegletal.metrics.units.suppress_units`).

On a stored materialisation (the pages) the unit rows are read from the store, where the
materialisation step put them (:class:`noegletal.services.materialise.CatalogueMaterialiser`);
on in-memory data (tests, a computed table) they are computed on first use per state of the
data and cached on it. Either way a municipality without units costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from noegletal.metrics.catalogue import CATALOGUE, theme_modules
from noegletal.metrics.units import (
    compute_units,
    split_units,
    suppress_units,
    unit_key_figures,
    unit_report_figures,
)
from noegletal.services.dashboard import DashboardData
from noegletal.services.views import ViewFilter, in_period

ALL_UNITS = "alle"


def units_for(data: DashboardData, kommune: int | None) -> list[str]:
    """The units of a municipality (empty when its case data has none)."""
    return list((data.extras or {}).get("units", {}).get(kommune, []))


def unit_key_figure_ids() -> list[str]:
    return unit_key_figures(CATALOGUE)


def unit_report_figure_ids() -> list[str]:
    """The figures the udvalgsrapport shows by unit; the first opens the pages' unit view."""
    return unit_report_figures(CATALOGUE)


def _module_of(kf_id: str) -> str:
    for module in theme_modules():
        if any(kf.id == kf_id for kf in module.DEFINITIONS):
            return module.__name__
    raise KeyError(kf_id)


def unit_results(data: DashboardData, kf_ids: Iterable[str] | None = None
                 ) -> tuple[pd.DataFrame, list[str]]:
    """Unit rows of these case-level key figures (default all) at the dashboard's cut-offs.
    Computed per theme module on first use and cached on the data."""
    ids = [k for k in (kf_ids if kf_ids is not None else unit_key_figure_ids())
           if k in set(unit_key_figure_ids())]
    cache = data.extras.setdefault("unit_results", {})
    frames = data.extras.get("unit_frames") or {}
    for module in dict.fromkeys(_module_of(k) for k in ids):
        if module in cache:
            continue
        if not frames:
            cache[module] = (data.results.iloc[0:0], [])
            continue
        mine = [k for k in unit_key_figure_ids() if _module_of(k) == module]
        cache[module] = compute_units(frames, data.cutoffs, data.params, only=mine)
    parts = [cache[m][0] for m in dict.fromkeys(_module_of(k) for k in ids)]
    warnings = list(dict.fromkeys(w for m in dict.fromkeys(_module_of(k) for k in ids)
                                  for w in cache[m][1]))
    if not parts:
        return data.results.iloc[0:0], warnings
    table = pd.concat(parts, ignore_index=True)
    return table[table["noegletal"].isin(ids)], warnings


def _unit_rows(data: DashboardData, kommune: int, kf_ids: list[str]) -> pd.DataFrame:
    stored = data.unit_rows(kf_ids, kommune)
    if stored is not None:
        return stored
    units, _ = unit_results(data, kf_ids)
    return units[units["kommunekode"] == kommune]


def _suppressed(data: DashboardData, kommune: int, threshold: int,
                kf_ids: list[str]) -> pd.DataFrame:
    key = ("unit_suppressed", int(kommune), int(threshold), tuple(sorted(kf_ids)))
    cached = data.extras.get(key)
    if cached is None:
        units = _unit_rows(data, kommune, kf_ids)
        total = data.select(kf_ids, [kommune])
        rows = pd.concat([total, units], ignore_index=True)
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
    ids = [k for k in kf_ids if k in set(unit_key_figure_ids())]
    if not ids:
        return pd.DataFrame()
    s = _suppressed(data, view.kommune, view.threshold, ids)
    if enhed and enhed != ALL_UNITS:
        s = s[s["enhed"].isna() | (s["enhed"] == enhed)]
    return s[in_period(s, view.fra, view.til)].reset_index(drop=True)
