"""Invented, published-style series for all 98 municipalities (eksempeldata).

They stand in for what :mod:`noegletal.services.statbank` fetches from Danmarks Statistik
(ANBAAR9, ISBU02 and UND2 divided by FOLK1A), so the Landet page works on a fresh clone:
one row per municipality, key figure and year at 31 December, with the numerator
(``taeller``, a whole number of children) and the denominator (``naevner``, children aged
0-17) in the ``sammenligning`` extract's optional columns. **Every number is made up.**

The random numbers come from their own stream (``SeedSequence([seed, 2])``), so the other
sample files do not change when this module does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.domain.kommuner import MUNICIPALITY_CODES
from noegletal.sample.profiles import children_0_17

FIRST_YEAR = 2015

# key figure -> (national level per 1000 in FIRST_YEAR, yearly change per 1000,
#                spread between municipalities as a log-normal sigma)
SERIES: dict[str, tuple[float, float, float]] = {
    "anbragte_pr_1000": (10.2, -0.12, 0.30),
    "hjemmebaserede_pr_1000": (25.0, 0.55, 0.28),
    "underretninger_pr_1000": (38.0, 1.60, 0.22),
}


def published_frame(end_year: int, seed: int) -> pd.DataFrame:
    """``sammenligning`` rows for the 98 municipalities, ``FIRST_YEAR`` to ``end_year - 1``
    (DST publishes a year in the spring after it)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    years = np.arange(FIRST_YEAR, end_year)
    codes = np.array(MUNICIPALITY_CODES, dtype=np.int64)
    base = np.array([children_0_17(int(k)) for k in codes], dtype=float)
    growth = rng.normal(0.0, 0.006, codes.size)  # yearly change of the child population
    rows = []
    for kf, (level, slope, sigma) in SERIES.items():
        own = np.exp(rng.normal(0.0, sigma, codes.size))  # the municipality's own level
        trend = rng.normal(0.0, 0.02, codes.size)  # and its own drift (share per year)
        for i, year in enumerate(years):
            naevner = np.round(base * (1.0 + growth) ** i)
            rate = (level + slope * i) * own * (1.0 + trend * i)
            expected = np.clip(rate, 0.1, None) * naevner / 1000.0
            taeller = rng.poisson(expected).astype(float)
            vaerdi = np.round(taeller / naevner * 1000.0, 4)
            rows.append(pd.DataFrame({
                "kommunekode": codes, "noegletal": kf,
                "dato": pd.Timestamp(int(year), 12, 31), "dimension": "", "vaerdi": vaerdi,
                "taeller": taeller, "naevner": naevner,
            }))
    frame = pd.concat(rows, ignore_index=True)
    frame["dato"] = frame["dato"].astype("datetime64[ns]")
    return frame.sort_values(["noegletal", "kommunekode", "dato"], kind="stable",
                             ignore_index=True)
