"""Sample targets (maal) for every sample municipality and units (enhed) for one of them.

Everything here draws from its own random stream (``SeedSequence([seed, 7])``), so the
other sample extracts keep their bytes: ``foranstaltninger`` only gains the ``enhed``
column (filled for :data:`UNIT_KOMMUNE`, empty elsewhere) and ``befolkning`` the unit
populations of that municipality (rows with ``enhed``, after the municipality's own rows).

Units: four invented districts of Herning with different profiles — one with more
placements, one with more early, preventive work, one large and average, one small. Each
child gets a home district with probabilities that depend on the highest step the child
ever reaches; about 6 % of the children with several courses move district once (the
courses starting on or after the move belong to the new district). Each district's
population is a fixed share of the municipality's.

Targets: the caseload targets of the partnership report (seed 004: 25 cases per worker in
Haderslev and Hvidovre, 25-30 in Herning, followed up on the upper limit 30), and a few
targets of the kind a committee sets (fewer placements, more preventive courses, a lower
institution share, timely follow-ups), some reached and some not in the sample data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.domain.vocabulary import INDSATSER, STEP_RANK

UNIT_KOMMUNE = 657  # Herning
DISTRICTS: tuple[str, ...] = ("Distrikt Nord", "Distrikt Syd", "Distrikt Øst", "Distrikt Vest")
# Share of the municipality's children aged 0-17 living in each district.
POPULATION_SHARES: tuple[float, ...] = (0.31, 0.24, 0.33, 0.12)
# Probability of each district by the highest step a child reaches (rows: no step or
# § 11.3 only, home-based, placed).
_DISTRICT_WEIGHTS = np.array([
    [0.26, 0.18, 0.44, 0.12],  # early, preventive work: most in Øst
    [0.30, 0.25, 0.33, 0.12],
    [0.22, 0.42, 0.24, 0.12],  # placements: most in Syd
])
MOVE_SHARE = 0.06
TARGET_STREAM = 7


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, TARGET_STREAM]))


def _bucket(rank: np.ndarray) -> np.ndarray:
    return np.where(rank >= STEP_RANK["netvaerkspleje"], 2,
                    np.where(rank >= STEP_RANK["hjemmebaseret"], 1, 0))


def add_units(foranstaltninger: pd.DataFrame, befolkning: pd.DataFrame, *, seed: int,
              kommune: int = UNIT_KOMMUNE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``foranstaltninger`` with ``enhed`` (districts for ``kommune``, empty elsewhere) and
    ``befolkning`` with ``enhed`` (empty) plus the districts' populations."""
    rng = _rng(seed)
    f = foranstaltninger.copy()
    enhed = np.full(len(f), None, dtype=object)
    mine = np.flatnonzero(f["kommunekode"].to_numpy() == kommune)
    if len(mine):
        sub = f.iloc[mine]
        rank = sub["indsats"].map(lambda c: INDSATSER[c].rank if INDSATSER[c].step else 0)
        codes, children = pd.factorize(sub["barn_id"], sort=True)
        top = np.zeros(len(children), dtype=np.int64)
        np.maximum.at(top, codes, rank.to_numpy(dtype=np.int64))
        weights = _DISTRICT_WEIGHTS[_bucket(top)]
        u = rng.random(len(children))
        home = (u[:, None] > np.cumsum(weights, axis=1)).sum(axis=1)
        home = np.minimum(home, len(DISTRICTS) - 1)
        n_rows = np.bincount(codes, minlength=len(children))
        movers = (n_rows >= 2) & (rng.random(len(children)) < MOVE_SHARE)
        new_home = (home + rng.integers(1, len(DISTRICTS), len(children))) % len(DISTRICTS)
        start = sub["startdato"].to_numpy()
        # The move date: the start of the child's middle course (sorted by start).
        order = np.lexsort((start, codes))
        first = np.r_[0, np.cumsum(n_rows)[:-1]]
        move_at = start[order][first + n_rows // 2]
        moved = movers[codes] & (start >= move_at[codes])
        district = np.where(moved, new_home[codes], home[codes])
        enhed[mine] = np.asarray(DISTRICTS, dtype=object)[district]
    f["enhed"] = enhed

    b = befolkning.copy()
    b["enhed"] = None
    own = b[b["kommunekode"].to_numpy() == kommune]
    parts = [b]
    if len(own):
        total = own["antal_0_17"].to_numpy(dtype=np.int64)
        shares = np.asarray(POPULATION_SHARES)
        counts = np.floor(total[:, None] * shares[None, :]).astype(np.int64)
        counts[:, 0] += total - counts.sum(axis=1)  # the districts add up to the total
        for j, name in enumerate(DISTRICTS):
            parts.append(pd.DataFrame({
                "kommunekode": own["kommunekode"].to_numpy(),
                "dato": own["dato"].to_numpy(),
                "antal_0_17": counts[:, j],
                "enhed": name,
            }))
    b = pd.concat(parts, ignore_index=True)
    b["kommunekode"] = b["kommunekode"].astype("int64")
    b["antal_0_17"] = b["antal_0_17"].astype("int64")
    b["enhed"] = b["enhed"].astype(object).where(b["enhed"].notna(), None)
    return f, b


# (noegletal, dimension, maalvaerdi, retning, fra_dato, til_dato, beskrivelse) per kommune.
_TARGETS: dict[int, list[tuple]] = {
    510: [
        ("sagstal_gennemsnit", "", 25.0, "hoejst", "2016-01-01", None,
         "Højst 25 sager pr. socialrådgiver (partnerskabets mål)."),
        ("anbragte_pr_1000", "", 10.5, "hoejst", "2020-01-01", "2025-12-31",
         "Færre anbragte børn."),
        ("forebyggende_11_3_pr_1000", "", 8.0, "mindst", "2020-01-01", "2025-12-31",
         "Flere børn i tidlige, forebyggende forløb."),
        ("opfoelgninger_rettidige_andel", "", 95.0, "mindst", "2018-01-01", None,
         "Opfølgning til tiden på mindst 95 procent af sagerne."),
    ],
    657: [
        ("sagstal_gennemsnit", "", 30.0, "hoejst", "2016-01-01", None,
         "Målet er 25-30 sager pr. socialrådgiver. Opfølgningen bruger den øvre grænse 30."),
        ("anbragte_pr_1000", "", 7.0, "hoejst", "2020-01-01", "2025-12-31",
         "Færre anbragte børn."),
        ("anbringelsesform_andel", "institution", 15.0, "hoejst", "2021-01-01", None,
         "Højst 15 procent af de anbragte på institution."),
        ("opfoelgninger_rettidige_andel", "", 80.0, "mindst", "2018-01-01", None,
         "Opfølgning til tiden på mindst 80 procent af sagerne."),
    ],
    167: [
        ("sagstal_gennemsnit", "", 25.0, "hoejst", "2016-01-01", None,
         "Højst 25 sager pr. socialrådgiver (partnerskabets mål)."),
        ("hjemmebaserede_pr_1000", "", 30.0, "mindst", "2020-01-01", "2025-12-31",
         "Flere børn hjulpet i hjemmet."),
        ("anbringelsesform_andel", "institution", 15.0, "hoejst", "2021-01-01", None,
         "Højst 15 procent af de anbragte på institution."),
    ],
}


def targets_frame(kommuner: list[int]) -> pd.DataFrame:
    """The sample targets of the chosen municipalities (a canonical ``maal`` frame)."""
    rows = [(k, *t) for k in kommuner for t in _TARGETS.get(k, [])]
    frame = pd.DataFrame(rows, columns=["kommunekode", "noegletal", "dimension", "maalvaerdi",
                                        "retning", "fra_dato", "til_dato", "beskrivelse"])
    frame["kommunekode"] = frame["kommunekode"].astype("int64")
    frame["maalvaerdi"] = frame["maalvaerdi"].astype("float64")
    frame["fra_dato"] = pd.to_datetime(frame["fra_dato"])
    frame["til_dato"] = pd.to_datetime(frame["til_dato"])
    return frame
