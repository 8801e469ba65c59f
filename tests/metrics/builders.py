"""Tiny builders for canonical frames and contexts in key-figure tests.

Build the frames of the data contract (see ``noegletal.domain.schema``) in a line or two::

    from tests.metrics.builders import context, measures, population, values

    ctx = context(
        measures([
            ("A", "2005-03-01", "familiepleje", "2015-01-01", None),
            ("B", "2010-06-15", "forebyggende_11_3", "2016-02-01", "2016-08-31", "andre"),
            ("C", "2001-01-01", "doegninstitution", "2016-01-01", None, "myndighed", 657),
        ]),
        population({510: 1000, 657: 2000}),
        datoer=["2016-01-31", "2016-05-31"],
    )
    result = placements.compute(ctx)
    assert values(result, "anbragte_pr_1000")[(510, "2016-01-31", "")] == (1.0, 1, 1000)

Row tuples of :func:`measures` follow the column order of the data contract without the
municipality: ``(barn_id, foedselsdato, indsats, startdato, slutdato)``, optionally followed by
``bevilget_af`` (default ``myndighed``) and then ``kommunekode`` (default: the ``kommunekode``
argument, 510). Dates are ISO strings; ``None`` is an empty ``slutdato``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from noegletal.domain.schema import EXTRACTS
from noegletal.metrics.context import ComputeContext

DEFAULT_KOMMUNE = 510
POPULATION_DATE = "2000-01-01"  # before every cut-off used in the tests


def _dates(values) -> pd.Series:
    return pd.to_datetime(pd.Series(list(values), dtype=object)).astype("datetime64[ns]")


def measures(rows: Iterable[tuple], kommunekode: int = DEFAULT_KOMMUNE) -> pd.DataFrame:
    """A canonical ``foranstaltninger`` frame from row tuples (see the module docstring)."""
    full = []
    for r in rows:
        if not 5 <= len(r) <= 7:
            raise ValueError(f"a measure row has 5-7 fields, got {r!r}")
        barn_id, birth, indsats, start, end = r[:5]
        bevilget = r[5] if len(r) > 5 and r[5] is not None else "myndighed"
        kommune = r[6] if len(r) > 6 else kommunekode
        full.append((kommune, barn_id, birth, indsats, start, end, bevilget))
    cols = EXTRACTS["foranstaltninger"].column_names
    raw = list(zip(*full, strict=True)) if full else [[] for _ in cols]
    return pd.DataFrame(
        {
            "kommunekode": pd.Series(raw[0], dtype="int64"),
            "barn_id": pd.Series(raw[1], dtype=object),
            "foedselsdato": _dates(raw[2]),
            "indsats": pd.Series(raw[3], dtype=object),
            "startdato": _dates(raw[4]),
            "slutdato": _dates(raw[5]),
            "bevilget_af": pd.Series(raw[6], dtype=object),
        },
        columns=cols,
    )


def population(counts: Mapping[int, int | Iterable[tuple[str, int]]]) -> pd.DataFrame:
    """A canonical ``befolkning`` frame.

    ``{510: 1000}`` gives one row dated 2000-01-01 (before every test cut-off);
    ``{510: [("2016-01-01", 1000), ("2017-01-01", 1100)]}`` gives dated rows.
    """
    rows = []
    for kommune, value in counts.items():
        if isinstance(value, int | np.integer):
            rows.append((kommune, POPULATION_DATE, int(value)))
        else:
            rows.extend((kommune, d, int(n)) for d, n in value)
    return pd.DataFrame(
        {
            "kommunekode": pd.Series([r[0] for r in rows], dtype="int64"),
            "dato": _dates(r[1] for r in rows),
            "antal_0_17": pd.Series([r[2] for r in rows], dtype="int64"),
        }
    )


def context(foranstaltninger: pd.DataFrame | None = None,
            befolkning: pd.DataFrame | None = None,
            datoer: Iterable[str] = ("2016-01-31",),
            **other_frames: pd.DataFrame) -> ComputeContext:
    """A :class:`ComputeContext` with the given frames and cut-offs (sorted)."""
    frames = dict(other_frames)
    if foranstaltninger is not None:
        frames["foranstaltninger"] = foranstaltninger
    if befolkning is not None:
        frames["befolkning"] = befolkning
    dates = sorted({pd.Timestamp(d) for d in datoer})
    return ComputeContext(frames=frames, datoer=dates)


def values(result: pd.DataFrame, noegletal: str) -> dict[tuple[int, str, str], tuple]:
    """Rows of one key figure as ``{(kommunekode, "YYYY-MM-DD", dimension):
    (vaerdi, taeller, naevner)}``; an empty ``taeller``/``naevner`` becomes ``None``."""
    rows = result[result["noegletal"] == noegletal]
    out = {}
    for r in rows.itertuples(index=False):
        key = (int(r.kommunekode), pd.Timestamp(r.dato).date().isoformat(), r.dimension)
        if key in out:
            raise AssertionError(f"duplicate row for {noegletal} {key}")
        num = None if pd.isna(r.taeller) else r.taeller
        den = None if pd.isna(r.naevner) else r.naevner
        out[key] = (r.vaerdi, num, den)
    return out
