"""Small, direct pandas computations of a few key figures, used to check the sample data.

These are deliberately independent of ``noegletal.metrics``: they follow the catalogue's
definitions in the plainest possible way, so the plausibility tests say something about
the generated data and not about the metrics library.
"""

from __future__ import annotations

import pandas as pd

from noegletal.domain.calendar import eighteenth_birthday
from noegletal.domain.vocabulary import HOME_BASED_CODES, INDSATSER, PLACEMENT_CODES


def running(frame: pd.DataFrame, t: pd.Timestamp) -> pd.DataFrame:
    """Rows running at ``t`` for children (younger than 18 at ``t``)."""
    run = (frame["startdato"] <= t) & (frame["slutdato"].isna() | (frame["slutdato"] >= t))
    child = eighteenth_birthday(frame["foedselsdato"]) > t
    return frame[run & child]


def children(befolkning: pd.DataFrame, t: pd.Timestamp) -> pd.Series:
    """``antal_0_17`` per municipality from the latest row on or before ``t``."""
    if "enhed" in befolkning.columns:  # the districts' own rows are not the municipality's
        befolkning = befolkning[befolkning["enhed"].fillna("") == ""]
    b = befolkning[befolkning["dato"] <= t].sort_values("dato")
    return b.groupby("kommunekode")["antal_0_17"].last()


def per_1000(frame: pd.DataFrame, befolkning: pd.DataFrame, t: pd.Timestamp,
             codes: tuple[str, ...]) -> pd.Series:
    """Distinct children with one of ``codes`` running at ``t`` per 1000 aged 0-17."""
    r = running(frame, t)
    n = r[r["indsats"].isin(codes)].groupby("kommunekode")["barn_id"].nunique()
    pop = children(befolkning, t)
    return (n.reindex(pop.index, fill_value=0) / pop * 1000).rename("per_1000")


def placement_forms(frame: pd.DataFrame, t: pd.Timestamp) -> pd.DataFrame:
    """Per placed child at ``t`` the form of the placement with the latest start."""
    r = running(frame, t)
    r = r[r["indsats"].isin(PLACEMENT_CODES)].copy()
    r["form"] = r["indsats"].map(lambda c: INDSATSER[c].step)
    r["rank"] = r["indsats"].map(lambda c: INDSATSER[c].rank)
    r = r.sort_values(["kommunekode", "barn_id", "startdato", "rank"])
    return r.groupby(["kommunekode", "barn_id"]).tail(1)


def institution_share(frame: pd.DataFrame, t: pd.Timestamp) -> pd.Series:
    """Percent of the placed children at ``t`` whose form is the institution group."""
    forms = placement_forms(frame, t)
    return forms.groupby("kommunekode")["form"].apply(lambda f: 100 * (f == "institution").mean())


def placed_per_1000(frame, befolkning, t):
    return per_1000(frame, befolkning, t, PLACEMENT_CODES)


def home_based_per_1000(frame, befolkning, t):
    return per_1000(frame, befolkning, t, HOME_BASED_CODES)


def preventive_per_1000(frame, befolkning, t):
    return per_1000(frame, befolkning, t, ("forebyggende_11_3",))
