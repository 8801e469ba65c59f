"""Comparator series for a municipality's key figures.

Three kinds of comparison, all returned as tidy rows (``noegletal, kommunekode, dato,
dimension, vaerdi, taeller, naevner``):

* :func:`national` — "Hele landet" from the ``sammenligning`` extract (kommunekode 0), as
  published (e.g. Danmarks Statistik); only ``vaerdi`` is known. (:func:`published` gives
  every row of that extract in the same tidy form, with taeller and naevner.)
* :func:`municipality` — another municipality's own computed rows.
* :func:`group` — a comparison group of chosen municipalities, combined per key figure,
  date and dimension value by the figure's ``pooling`` (from the catalogue; by default its
  unit's, :data:`RULES` has the Danish texts):

  ======================  =====================================================================
  unit                    group value
  ======================  =====================================================================
  ``pr_1000``             1000 × Σ taeller / Σ naevner (all children in the group)
  ``pct`` with taeller    100 × Σ taeller / Σ naevner (shares pooled, incl. expenditure shares)
  ``pct`` without         Σ (vaerdi × naevner) / Σ naevner (N-weighted mean, e.g. fravær)
  ``kr``, ``sager``       Σ taeller / Σ naevner (kr. per child, cases per FTE, pooled)
  ``indeks``, ``dage``    Σ (vaerdi × naevner) / Σ naevner (N-weighted mean; for the median
                          of days between follow-ups an approximation: the weighted mean of
                          the municipalities' medians)
  ``antal``, ``1000_kr``  Σ vaerdi (counts and amounts add up)
  pooling ``max``/``min`` max / min of the municipalities' values (highest and lowest
                          caseload of a single social worker)
  ``difference_of``       recomputed from the group's own values: udsatte minus øvrige
  ======================  =====================================================================

  Only rows that carry what the rule needs take part (a rate row needs ``taeller`` and
  ``naevner``; a weighted mean needs ``naevner``). The extra column ``antal_kommuner`` says how
  many municipalities are behind each group value, so a view can flag incomplete groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from noegletal.domain.schema import NATIONAL, RESULT_COLUMNS
from noegletal.metrics.catalogue import UNIT_TYPES

GROUP_CODE = -1  # kommunekode of a comparison group's rows

# How a comparison group is combined, per unit (the docs page shows these texts).
RULES: dict[str, str] = {k: u.pooling_text for k, u in UNIT_TYPES.items()}


def _catalogue(catalogue: Mapping | None) -> Mapping:
    if catalogue is None:
        from noegletal.metrics.catalogue import CATALOGUE

        return CATALOGUE
    return catalogue


def aggregation_rule(unit: str) -> str:
    """Danish description of how a comparison group is combined for a unit."""
    return RULES.get(unit, "Summen af tællerne divideret med summen af nævnerne.")


def national(sammenligning: pd.DataFrame | None, noegletal: str | None = None) -> pd.DataFrame:
    """"Hele landet" rows (kommunekode 0) of the ``sammenligning`` extract as tidy rows."""
    cols = list(RESULT_COLUMNS)
    if sammenligning is None or len(sammenligning) == 0:
        return pd.DataFrame(columns=cols)
    s = sammenligning[sammenligning["kommunekode"] == NATIONAL]
    if noegletal is not None:
        s = s[s["noegletal"] == noegletal]
    return pd.DataFrame(
        {
            "noegletal": s["noegletal"].astype(str).to_numpy(),
            "kommunekode": s["kommunekode"].astype("int64").to_numpy(),
            "dato": pd.to_datetime(s["dato"]).to_numpy(),
            "dimension": s["dimension"].fillna("").astype(str).to_numpy()
            if "dimension" in s else "",
            "vaerdi": s["vaerdi"].astype("float64").to_numpy(),
            "taeller": np.nan,
            "naevner": np.nan,
        },
        columns=cols,
    )


def published(sammenligning: pd.DataFrame | None) -> pd.DataFrame:
    """Every row of the ``sammenligning`` extract (each municipality's and "Hele landet")
    as tidy rows, with the published taeller and naevner where the extract has them."""
    cols = list(RESULT_COLUMNS)
    if sammenligning is None or len(sammenligning) == 0:
        return pd.DataFrame(columns=cols)
    s = sammenligning

    def numbers(col: str):
        return (pd.to_numeric(s[col], errors="coerce").astype("float64").to_numpy()
                if col in s else np.nan)

    return pd.DataFrame(
        {
            "noegletal": s["noegletal"].astype(str).to_numpy(),
            "kommunekode": s["kommunekode"].astype("int64").to_numpy(),
            "dato": pd.to_datetime(s["dato"]).to_numpy(),
            "dimension": s["dimension"].fillna("").astype(str).to_numpy()
            if "dimension" in s else "",
            "vaerdi": numbers("vaerdi"),
            "taeller": numbers("taeller"),
            "naevner": numbers("naevner"),
        },
        columns=cols,
    )


def municipality(result: pd.DataFrame, kommunekode: int,
                 noegletal: str | None = None) -> pd.DataFrame:
    """Another municipality's rows of a computed table."""
    rows = result[result["kommunekode"] == int(kommunekode)]
    if noegletal is not None:
        rows = rows[rows["noegletal"] == noegletal]
    return rows.reset_index(drop=True)


def group(result: pd.DataFrame, kommuner: Iterable[int], *, code: int = GROUP_CODE,
          catalogue: Mapping | None = None) -> pd.DataFrame:
    """Weighted comparison-group rows for the municipalities ``kommuner`` (see the module
    docstring), with ``kommunekode`` = ``code`` and the extra column ``antal_kommuner``."""
    members = sorted({int(k) for k in kommuner})
    sub = result[result["kommunekode"].isin(members)]
    cols = [*RESULT_COLUMNS, "antal_kommuner"]
    if sub.empty:
        return pd.DataFrame(columns=cols)
    cat = _catalogue(catalogue)
    poolings = {k: kf.pooling for k, kf in cat.items()}
    scales = {k: UNIT_TYPES[kf.unit].scale for k, kf in cat.items()}
    bases = {k: kf.difference_of for k, kf in cat.items()
             if getattr(kf, "difference_of", None) is not None}
    ids = sub["noegletal"].astype(str)
    t = sub["taeller"].to_numpy(dtype=np.float64)
    n = sub["naevner"].to_numpy(dtype=np.float64)
    v = sub["vaerdi"].to_numpy(dtype=np.float64)
    both = ~np.isnan(t) & ~np.isnan(n)
    has_n = ~np.isnan(n)
    work = pd.DataFrame(
        {
            "noegletal": ids.to_numpy(),
            "dato": sub["dato"].to_numpy(),
            "dimension": sub["dimension"].to_numpy(),
            "pooling": ids.map(poolings).fillna("").to_numpy(),
            "t_r": np.where(both, t, np.nan),
            "n_r": np.where(both, n, np.nan),
            "vn": np.where(has_n, v * n, np.nan),
            "n_w": np.where(has_n, n, np.nan),
            "v": v,
            "kom": sub["kommunekode"].to_numpy(),
        }
    )
    keys = ["noegletal", "dato", "dimension"]
    agg = work.groupby(keys, as_index=False, sort=True).agg(
        pooling=("pooling", "first"),
        st=("t_r", "sum"),
        n_rate=("t_r", "count"),
        sn=("n_r", "sum"),
        svn=("vn", "sum"),
        snw=("n_w", "sum"),
        n_weighted=("n_w", "count"),
        sv=("v", "sum"),
        vmax=("v", "max"),
        vmin=("v", "min"),
        antal_kommuner=("kom", "nunique"),
    )
    for col, cnt in (("st", "n_rate"), ("sn", "n_rate"), ("svn", "n_weighted"),
                     ("snw", "n_weighted")):
        agg[col] = agg[col].where(agg[cnt] > 0)
    pooling = agg["pooling"]
    ratio = agg["st"] / agg["sn"]
    wmean = agg["svn"] / agg["snw"]
    pooled = agg["st"].notna() & (agg["sn"] > 0)
    value = pd.Series(np.nan, index=agg.index)
    taeller = pd.Series(np.nan, index=agg.index)
    naevner = pd.Series(np.nan, index=agg.index)

    is_rate = pooling.isin(["rate", "rate_or_mean"]) & pooled
    scale = agg["noegletal"].map(scales).fillna(1.0)
    value[is_rate] = (ratio * scale)[is_rate]
    taeller[is_rate] = agg["st"][is_rate]
    naevner[is_rate] = agg["sn"][is_rate]

    is_wmean = ~is_rate & pooling.isin(["rate_or_mean", "mean"]) & (agg["snw"] > 0)
    value[is_wmean] = wmean[is_wmean]
    naevner[is_wmean] = agg["snw"][is_wmean]

    is_sum = pooling.eq("sum")
    value[is_sum] = agg["sv"][is_sum]

    is_max = pooling.eq("max")
    is_min = pooling.eq("min")
    value[is_max] = agg["vmax"][is_max]
    value[is_min] = agg["vmin"][is_min]

    out = pd.DataFrame(
        {
            "noegletal": agg["noegletal"],
            "kommunekode": np.int64(code),
            "dato": agg["dato"],
            "dimension": agg["dimension"],
            "vaerdi": value,
            "taeller": taeller,
            "naevner": naevner,
            "antal_kommuner": agg["antal_kommuner"].astype("int64"),
        }
    )
    is_diff = out["noegletal"].isin(list(bases))
    out = out[~is_diff & out["vaerdi"].notna()]
    diffs = _differences(out, agg[is_diff.to_numpy()], bases)
    if diffs.empty:
        return out[cols].reset_index(drop=True)
    return pd.concat([out, diffs], ignore_index=True)[cols]


def _differences(groups: pd.DataFrame, diff_rows: pd.DataFrame,
                 bases: Mapping[str, str]) -> pd.DataFrame:
    """A difference figure = the group's ``udsatte`` minus ``oevrige`` value of the figure it
    is the ``difference_of``."""
    if diff_rows.empty:
        return groups.iloc[0:0]
    out = []
    for diff_id in diff_rows["noegletal"].unique():
        base = bases[diff_id]
        rows = groups[groups["noegletal"] == base]
        wide = rows.pivot_table(index=["dato", "kommunekode"], columns="dimension",
                                values="vaerdi", aggfunc="first")
        if not {"udsatte", "oevrige"} <= set(wide.columns):
            continue
        w = wide.dropna(subset=["udsatte", "oevrige"]).reset_index()
        n = rows.groupby("dato")["antal_kommuner"].min()
        out.append(pd.DataFrame({
            "noegletal": diff_id,
            "kommunekode": w["kommunekode"].astype("int64"),
            "dato": w["dato"],
            "dimension": "",
            "vaerdi": w["udsatte"] - w["oevrige"],
            "taeller": np.nan,
            "naevner": np.nan,
            "antal_kommuner": w["dato"].map(n).astype("int64"),
        }))
    return pd.concat(out, ignore_index=True) if out else groups.iloc[0:0]


