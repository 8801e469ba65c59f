"""Pooling a key figure over a period (seed 004, Figur 40 and 44).

Per cut-off, the share of ceased institution placements and where the children went rest on
few children and are nearly always suppressed in a small municipality. Over the whole
period they can be read: the sum of the numerators over the sum of the denominators of every
cut-off in the period, per municipality and dimension.

:func:`pool_period` is a pure function of *unsuppressed* result rows (``RESULT_COLUMNS``);
its output is result rows too, dated at the period's last cut-off, so the services suppress
them like every other row before anything is shown (a pooled count below the threshold is
hidden as well). Only key figures whose catalogue pooling is a rate (``rate`` or
``rate_or_mean`` with numerators) can be pooled this way; others are left out.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from noegletal.domain.schema import RESULT_COLUMNS
from noegletal.metrics.catalogue import KeyFigure

POOLABLE = frozenset({"rate", "rate_or_mean"})


def pool_period(rows: pd.DataFrame, catalogue: Mapping[str, KeyFigure]) -> pd.DataFrame:
    """One row per (key figure, municipality, dimension): ``taeller`` = Σ taeller,
    ``naevner`` = Σ naevner over the rows given, ``vaerdi`` = Σ taeller / Σ naevner × the
    unit's scale, ``dato`` = the latest date of the rows. Rows without both counts are
    ignored; a group whose denominators sum to 0 gets no value."""
    if rows.empty:
        return pd.DataFrame(columns=list(RESULT_COLUMNS))
    ids = [k for k in rows["noegletal"].unique()
           if k in catalogue and catalogue[k].pooling in POOLABLE]
    r = rows.loc[rows["noegletal"].isin(ids) & rows["taeller"].notna()
                 & rows["naevner"].notna()].copy()
    if r.empty:
        return pd.DataFrame(columns=list(RESULT_COLUMNS))
    r["dimension"] = r["dimension"].fillna("")
    g = r.groupby(["noegletal", "kommunekode", "dimension"], as_index=False).agg(
        taeller=("taeller", "sum"), naevner=("naevner", "sum"), dato=("dato", "max"))
    scale = g["noegletal"].map(lambda k: catalogue[k].unit_type.scale)
    g["vaerdi"] = (g["taeller"] / g["naevner"].where(g["naevner"] > 0)) * scale
    return g[list(RESULT_COLUMNS)].reset_index(drop=True)
