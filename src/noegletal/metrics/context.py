"""What every key-figure computation receives: canonical frames, cut-offs and parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from noegletal.domain.schema import RESULT_COLUMNS
from noegletal.metrics.params import MetricParams


@dataclass
class ComputeContext:
    """Inputs of one computation run.

    ``frames`` holds canonical frames (see ``noegletal.domain.schema``) by extract name; any
    subset may be present. ``datoer`` are the cut-off dates in ascending order; "the previous
    cut-off" of ``datoer[i]`` is ``datoer[i-1]``. Computations append Danish warnings to
    ``warnings`` and may keep shared intermediate results in ``cache``.
    """

    frames: Mapping[str, pd.DataFrame]
    datoer: list[pd.Timestamp]
    params: MetricParams = field(default_factory=MetricParams)
    warnings: list[str] = field(default_factory=list)
    cache: dict = field(default_factory=dict)

    def has(self, *names: str) -> bool:
        return all(n in self.frames and self.frames[n] is not None for n in names)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def population(self, dates: list[pd.Timestamp] | None = None) -> pd.DataFrame:
        """Denominator ``antal_0_17`` per (kommunekode, dato) for each cut-off.

        The row with the latest ``dato <= t``; if none, the earliest row after ``t`` (with a
        warning). Returns columns ``kommunekode, dato, antal_0_17``. Rows with an ``enhed``
        (a unit's own population, data contract section 10) are not the municipality's and
        are left out.
        """
        dates = self.datoer if dates is None else dates
        key = ("population", tuple(dates))
        if key in self.cache:
            return self.cache[key]
        pop = self.frames["befolkning"]
        if "enhed" in pop.columns:
            pop = pop[pop["enhed"].isna().to_numpy()]
        pop = pop[["kommunekode", "dato", "antal_0_17"]]
        pop = pop.sort_values(["kommunekode", "dato"], kind="stable")
        out = []
        for kommune, g in pop.groupby("kommunekode", sort=True):
            d = g["dato"].to_numpy()
            n = g["antal_0_17"].to_numpy()
            for t in dates:
                i = np.searchsorted(d, np.datetime64(t), side="right") - 1
                if i < 0:
                    i = 0
                    self.warn(
                        f"Befolkning for kommune {kommune}: ingen opgørelse på eller før "
                        f"{t.date().isoformat()}; den første senere opgørelse er brugt."
                    )
                out.append((int(kommune), t, int(n[i])))
        res = pd.DataFrame(out, columns=["kommunekode", "dato", "antal_0_17"])
        self.cache[key] = res
        return res


def tidy(
    noegletal: str,
    frame: pd.DataFrame,
    *,
    value: str = "vaerdi",
    numerator: str | None = None,
    denominator: str | None = None,
    dimension: str | None = None,
) -> pd.DataFrame:
    """Shape a frame with ``kommunekode, dato`` (+ value/numerator/denominator/dimension
    columns) into the tidy result columns."""
    out = pd.DataFrame(
        {
            "noegletal": noegletal,
            "kommunekode": frame["kommunekode"].astype("int64").to_numpy(),
            "dato": pd.to_datetime(frame["dato"], cache=False).to_numpy(),
            "dimension": frame[dimension].astype(str).to_numpy() if dimension else "",
            "vaerdi": frame[value].astype("float64").to_numpy(),
            "taeller": frame[numerator].astype("float64").to_numpy() if numerator else np.nan,
            "naevner": frame[denominator].astype("float64").to_numpy() if denominator else np.nan,
        },
        columns=list(RESULT_COLUMNS),
    )
    return out


def empty_result() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "noegletal": pd.Series(dtype=object),
            "kommunekode": pd.Series(dtype="int64"),
            "dato": pd.Series(dtype="datetime64[ns]"),
            "dimension": pd.Series(dtype=object),
            "vaerdi": pd.Series(dtype="float64"),
            "taeller": pd.Series(dtype="float64"),
            "naevner": pd.Series(dtype="float64"),
        }
    )
