"""Every municipality side by side on a published key figure (the Landet page).

Pure functions on the ``sammenligning`` extract (published series, e.g. Danmarks Statistik's
figures for every municipality with ``taeller`` and ``naevner``):

* :func:`published` — the municipalities' rows of one key figure as tidy result rows.
* :func:`ranking` — one date, suppressed first, then ranked: nr. 1 has the *highest* value
  (a placement, not a grade); quartiles of the shown values; suppressed municipalities are
  listed but not ranked, so their place cannot reveal the hidden value.
* :func:`national_value` — "Hele landet": the published national row (kommunekode 0) when
  there is one, otherwise the sum of the municipalities' numerators over the sum of their
  denominators.
* :func:`suggest_group` — a comparison group suggested from published structure: the
  municipalities closest in the number of children aged 0-17 (on a log scale) and, where the
  accounts are known for most municipalities, in net expenditure per child.
* :func:`polarity` — whether a higher value is better, worse or neither, from the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from noegletal.domain.formatting import join_danish
from noegletal.domain.schema import NATIONAL, RESULT_COLUMNS
from noegletal.metrics.suppression import suppress

HIGHER_BETTER = "hoejere_bedre"
HIGHER_WORSE = "hoejere_daarligere"
NEITHER = "neutral"
POLARITY_LABELS = {
    HIGHER_BETTER: "et højere tal er bedre",
    HIGHER_WORSE: "et lavere tal er bedre",
    NEITHER: "hverken højere eller lavere er i sig selv bedre",
}
_DIRECTION_POLARITY = {"op": HIGHER_BETTER, "ikke_falde": HIGHER_BETTER, "ned": HIGHER_WORSE,
                       "ikke_stige": HIGHER_WORSE, "neutral": NEITHER}
_POLARITY_WORDS = {
    HIGHER_BETTER: {"op", "higher_better", "higher_is_better", "hoejere_bedre", "positive",
                    "positiv", "1", "+1"},
    HIGHER_WORSE: {"ned", "higher_worse", "higher_is_worse", "lower_better",
                   "hoejere_daarligere", "lavere_bedre", "negative", "negativ", "-1"},
}


def polarity(kf) -> str:
    """``kf.polarity`` when the catalogue has it (catalogue v2), else ``kf.direction``:
    "op"/"ikke_falde" -> higher is better, "ned"/"ikke_stige" -> higher is worse."""
    value = getattr(kf, "polarity", None)
    if value is not None:
        text = str(getattr(value, "value", value)).strip().lower()
        for key, words in _POLARITY_WORDS.items():
            if text in words:
                return key
        return NEITHER
    return _DIRECTION_POLARITY.get(getattr(kf, "direction", "neutral"), NEITHER)


def published(sammenligning: pd.DataFrame | None, noegletal: str) -> pd.DataFrame:
    """The municipalities' rows (kommunekode != 0) of ``noegletal`` as tidy result rows."""
    cols = list(RESULT_COLUMNS)
    if sammenligning is None or sammenligning.empty:
        return pd.DataFrame(columns=cols)
    s = sammenligning[(sammenligning["noegletal"] == noegletal)
                      & (sammenligning["kommunekode"] != NATIONAL)]
    s = s[s["dimension"].fillna("") == ""]
    out = pd.DataFrame({
        "noegletal": s["noegletal"].astype(str).to_numpy(),
        "kommunekode": s["kommunekode"].astype("int64").to_numpy(),
        "dato": pd.to_datetime(s["dato"]).to_numpy(),
        "dimension": "",
        "vaerdi": s["vaerdi"].astype("float64").to_numpy(),
        "taeller": (s["taeller"] if "taeller" in s else pd.Series(np.nan, index=s.index))
        .astype("float64").to_numpy(),
        "naevner": (s["naevner"] if "naevner" in s else pd.Series(np.nan, index=s.index))
        .astype("float64").to_numpy(),
    }, columns=cols)
    return out.sort_values(["kommunekode", "dato"], kind="stable", ignore_index=True)


def published_ids(sammenligning: pd.DataFrame | None) -> list[str]:
    """Key figures that are published for at least two municipalities."""
    if sammenligning is None or sammenligning.empty:
        return []
    s = sammenligning[sammenligning["kommunekode"] != NATIONAL]
    n = s.groupby("noegletal")["kommunekode"].nunique()
    return sorted(n[n >= 2].index)


def ranking(rows: pd.DataFrame, dato: pd.Timestamp, threshold: int,
            catalogue=None) -> pd.DataFrame:
    """The municipalities on ``dato``, highest value first.

    Columns: ``kommunekode, vaerdi, taeller, naevner, undertrykt, vises, plads`` (1 = highest
    shown value; <NA> when suppressed), ``kvartil`` (1 = the quarter with the highest values:
    ``(plads - 1) * 4 // shown + 1``; <NA> when suppressed). Suppressed rows come last, by kommunekode, with their values
    removed.

    >>> rows = pd.DataFrame({"noegletal": "x_pr_1000", "kommunekode": [1, 2, 3, 4, 5],
    ...     "dato": pd.Timestamp("2024-12-31"), "dimension": "", "vaerdi": [5.0, 9.0, 7.0, 1.0, 2.0],
    ...     "taeller": [50, 90, 70, 10, 2], "naevner": [1e4, 1e4, 1e4, 1e4, 1e3]})
    >>> r = ranking(rows, pd.Timestamp("2024-12-31"), 5)
    >>> r[["kommunekode", "plads", "kvartil", "vises"]].values.tolist()
    [[2, 1, 1, 9.0], [3, 2, 2, 7.0], [1, 3, 3, 5.0], [4, 4, 4, 1.0], [5, <NA>, <NA>, '<5']]
    """
    day = rows[pd.to_datetime(rows["dato"]) == pd.Timestamp(dato)]
    shown = suppress(day.reset_index(drop=True), threshold, catalogue)
    visible = shown[~shown["undertrykt"] & shown["vaerdi"].notna()].sort_values(
        ["vaerdi", "kommunekode"], ascending=[False, True], kind="stable")
    hidden = shown[shown["undertrykt"] | shown["vaerdi"].isna()].sort_values("kommunekode")
    n = len(visible)
    plads = np.arange(1, n + 1)
    visible = visible.assign(
        plads=pd.array(plads, dtype="Int64"),
        kvartil=pd.array((plads - 1) * 4 // n + 1 if n else [], dtype="Int64"),
    )
    hidden = hidden.assign(vaerdi=np.nan, taeller=np.nan, naevner=np.nan,
                           plads=pd.array([pd.NA] * len(hidden), dtype="Int64"),
                           kvartil=pd.array([pd.NA] * len(hidden), dtype="Int64"))
    cols = ["kommunekode", "vaerdi", "taeller", "naevner", "undertrykt", "vises", "plads",
            "kvartil"]
    return pd.concat([visible[cols], hidden[cols]], ignore_index=True)


@dataclass(frozen=True)
class NationalValue:
    vaerdi: float | None
    method: str  # Danish: where the value comes from


def national_value(sammenligning: pd.DataFrame | None, noegletal: str, dato: pd.Timestamp,
                   rows: pd.DataFrame, scale: float = 1000.0) -> NationalValue:
    """The published national row for ``dato``, else Σ taeller / Σ naevner × ``scale`` over
    the municipalities in ``rows`` that have both."""
    if sammenligning is not None and not sammenligning.empty:
        s = sammenligning[(sammenligning["kommunekode"] == NATIONAL)
                          & (sammenligning["noegletal"] == noegletal)
                          & (pd.to_datetime(sammenligning["dato"]) == pd.Timestamp(dato))
                          & (sammenligning["dimension"].fillna("") == "")]
        if not s.empty:
            return NationalValue(float(s["vaerdi"].iloc[0]), "offentliggjort landstal")
    day = rows[(pd.to_datetime(rows["dato"]) == pd.Timestamp(dato))
               & rows["taeller"].notna() & rows["naevner"].notna()]
    if day.empty or day["naevner"].sum() <= 0:
        return NationalValue(None, "")
    value = float(day["taeller"].sum() / day["naevner"].sum() * scale)
    return NationalValue(value, f"summen af de {day['kommunekode'].nunique()} kommuners "
                                "tællere divideret med summen af deres nævnere")


@dataclass(frozen=True)
class SuggestedGroup:
    members: tuple[int, ...]
    criteria: str  # Danish: what the members have in common


def suggest_group(structure: pd.DataFrame, kommune: int, size: int = 10) -> SuggestedGroup:
    """The ``size`` municipalities most like ``kommune`` in published structure.

    ``structure`` has ``kommunekode``, ``boern_0_17`` and optionally ``udgift_pr_barn`` (net
    expenditure per child). Distance: |Δ log(children)| / sd, plus |Δ expenditure| / sd when
    that column is known for the municipality and at least half of the others.

    >>> s = pd.DataFrame({"kommunekode": [1, 2, 3, 4], "boern_0_17": [1000, 1100, 9000, 900]})
    >>> suggest_group(s, 1, size=2).members
    (2, 4)
    """
    s = structure.dropna(subset=["boern_0_17"]).drop_duplicates("kommunekode")
    s = s[s["boern_0_17"] > 0].set_index("kommunekode")
    if kommune not in s.index or len(s) < 2:
        return SuggestedGroup((), "")
    logs = np.log(s["boern_0_17"].astype(float))
    dist = (logs - logs[kommune]).abs() / (logs.std() or 1.0)
    criteria = "har omtrent lige så mange børn på 0-17 år"
    if "udgift_pr_barn" in s.columns:
        exp = s["udgift_pr_barn"].astype(float)
        if not np.isnan(exp.get(kommune, np.nan)) and exp.notna().mean() >= 0.5:
            d2 = (exp - exp[kommune]).abs() / (exp.std() or 1.0)
            dist = dist + d2.fillna(d2.max())
            criteria += " og bruger omtrent lige meget netto pr. barn på 5.28"
    others = dist.drop(index=kommune).sort_values(kind="stable")
    members = tuple(sorted(int(k) for k in others.index[:size]))
    return SuggestedGroup(members, criteria)


def structure_from(sammenligning: pd.DataFrame | None, expenditure: pd.DataFrame | None = None,
                   ) -> pd.DataFrame:
    """Published structure per municipality: children 0-17 (the newest ``naevner`` of the
    published per-1000 series) and, from ``expenditure`` (``kommunekode, aar,
    netto_1000_kr`` summed over 5.28), net kr. per child in the newest year."""
    cols = ["kommunekode", "boern_0_17", "udgift_pr_barn"]
    if sammenligning is None or sammenligning.empty or "naevner" not in sammenligning:
        return pd.DataFrame(columns=cols)
    s = sammenligning[(sammenligning["kommunekode"] != NATIONAL)
                      & sammenligning["naevner"].notna()]
    if s.empty:
        return pd.DataFrame(columns=cols)
    newest = s.sort_values("dato").groupby("kommunekode").tail(1)
    out = pd.DataFrame({"kommunekode": newest["kommunekode"].astype("int64").to_numpy(),
                        "boern_0_17": newest["naevner"].astype(float).to_numpy()})
    out["udgift_pr_barn"] = np.nan
    if expenditure is not None and not expenditure.empty:
        last = expenditure[expenditure["aar"] == expenditure["aar"].max()]
        per = last.groupby("kommunekode")["netto_1000_kr"].sum() * 1000.0
        out["udgift_pr_barn"] = (out["kommunekode"].map(per) / out["boern_0_17"]).to_numpy()
    return out.sort_values("kommunekode", ignore_index=True)


def members_text(members: Iterable[int], names) -> str:
    """Danish list of the members' names: ``Ballerup, Brøndby og Dragør``."""
    n = [names(k) for k in members]
    return join_danish(n)
