"""Suppression of small numbers (diskretionering) for everything the dashboard shows or exports.

:func:`suppress` takes tidy result rows (``noegletal, kommunekode, dato, dimension, vaerdi,
taeller, naevner``; any subset of a computed table) and adds two columns:

* ``undertrykt`` (bool): the value must not be shown — and neither its ``taeller`` nor its
  ``naevner``;
* ``vises``: what to show instead of ``vaerdi``: ``"<5"`` (with the threshold in force) for a
  cell suppressed because it rests on 1-4 individuals, ``".."`` for a cell hidden so that
  such a cell cannot be worked out from the others (secondary suppression), otherwise the
  value itself (a float, formatted by the presentation layer).

Rules, with threshold ``n`` (passed in by the caller — the services pass the setting
``suppression_threshold``; default :data:`noegletal.metrics.params.SUPPRESSION_THRESHOLD`, 5;
never below 3). What counts individuals is read from the catalogue (``KeyFigure.unit_type``
and ``KeyFigure.is_amount``), never from ids or theme names:

1. *Primary.* A count (``Unit.counts_value``, unit ``antal``) with ``0 < vaerdi < n`` is
   suppressed. A rate, share or mean is suppressed when a column that counts individuals
   (``Unit.counts_taeller`` / ``Unit.counts_naevner``) is in ``0 < x < n``: ``taeller`` and
   ``naevner`` for per-1000 figures and shares; ``naevner`` only for means, medians,
   caseloads and kr. per child (their ``taeller`` is a sum of days, cases or kroner). Zero is
   never suppressed. Amounts (``is_amount``: unit ``1000_kr``, and the expenditure shares,
   whose ``taeller``/``naevner`` are kroner) count no individuals and are never suppressed.
2. *Secondary, within a linked group* — the rows of one key figure for one municipality and
   date — when the group is linked by a sum: (a) a *partition*: every row has ``taeller`` and
   the same ``naevner``, and the ``taeller`` add up to the ``naevner`` (shares summing to 100);
   (b) a *total*: three or more counts (``taeller``, or ``vaerdi`` for unit ``antal``) where
   the row whose dimension names a total (:data:`TOTAL_DIMENSIONS`) equals the sum of the
   others (e.g. ``samlet = op + ned``). The rule assumes a reader who knows it (it is
   published here) and reasons with bounds, not only sums:
   (i) if a component of such a group is hidden and another is shown, the largest shown
   component (never the total row) is hidden as well — always exactly one such *cover*,
   whatever the values, so taking it reveals nothing; (ii) the reader then knows that each
   ``"<n"`` cell is at least 1 and at most ``n - 1``, and each ``".."`` component at least
   ``n`` and at least every component still shown (covers are the largest). If the hidden
   cells' sum leaves less than :data:`SLACK` units above those lower bounds (or, without a
   ``".."`` component, below the upper bounds), some hidden cell could still be pinned and
   the whole group is hidden; (iii) a total that is itself ``"<n"`` hides the whole group.
   A group hidden completely shows one mark in every cell (``".."``, or ``"<n"`` when even
   its total is below ``n``), so the marks do not tell which cells were the small ones.
   Example of what a weaker rule gave away (threshold 5): op = 1, ned = 6, samlet = 7 shown
   as ``<5``, ``..``, 7 under the rule "the cover is the smallest cell of at least 6" gives
   ned >= 6 and so op = 1. ``tests/metrics/test_suppression_inference.py`` enumerates every
   input in a range and checks that inputs that look alike never pin a small cell.
3. *Differences.* A figure whose ``difference_of`` is ``x`` (e.g. ``faglig_trivsel_forskel`` =
   udsatte minus øvrige of ``faglig_trivsel``) is hidden when any row of ``x`` for the same
   municipality and date is hidden,
   since the shown group and the difference would give the hidden one away.

Limitation: links *between* key figures are covered for a distribution's total (the
inference tests treat it as known from another figure, e.g. the number of placed children
behind ``anbragte_pr_1000``); links between dates (a cohort at two cut-offs) or between
unrelated figures are not modelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from noegletal.metrics.catalogue import UNIT_TYPES
from noegletal.metrics.params import SUPPRESSION_THRESHOLD

PRIMARY_MARK = "<{n}"
SECONDARY_MARK = ".."
GROUP_KEYS: tuple[str, ...] = ("noegletal", "kommunekode", "dato")
# Dimension values that name the total of the other values of their key figure.
TOTAL_DIMENSIONS: frozenset[str] = frozenset({"samlet", "i_alt", "i alt", "total"})
MIN_THRESHOLD = 3
# Units a reader must be unable to rule out around the hidden cells of a linked group.
SLACK = 2


def suppression_note(threshold: int | None = None) -> str:
    """Danish legend for charts and exports."""
    n = _threshold(threshold)
    return (
        f"<{n}: tallet bygger på færre end {n} børn og vises ikke. "
        f"{SECONDARY_MARK}: skjult, så et lille tal ikke kan regnes ud fra de øvrige tal."
    )


def primary_mark(threshold: int | None = None) -> str:
    """What a primarily suppressed cell shows: ``<5`` with the threshold in force."""
    return PRIMARY_MARK.format(n=_threshold(threshold))


def _threshold(threshold: int | None) -> int:
    n = int(SUPPRESSION_THRESHOLD if threshold is None else threshold)
    if n < MIN_THRESHOLD:
        raise ValueError(
            f"Diskretioneringsgrænsen skal være mindst {MIN_THRESHOLD}; {n} er for lav."
        )
    return n


@dataclass(frozen=True)
class _Rules:
    """Per key-figure id, what the rules need from the catalogue."""

    value: dict[str, bool]  # vaerdi counts individuals (rule 1, and counts in rule 2b)
    taeller: dict[str, bool]  # taeller counts individuals (rule 1)
    naevner: dict[str, bool]  # naevner counts individuals (rule 1)
    difference_of: dict[str, str]  # difference id -> the figure it is the difference of


def _rules(catalogue: Mapping | None) -> _Rules:
    if catalogue is None:
        from noegletal.metrics.catalogue import CATALOGUE

        catalogue = CATALOGUE
    value, taeller, naevner, diff = {}, {}, {}, {}
    for k, kf in catalogue.items():
        unit = UNIT_TYPES[kf.unit]
        amount = getattr(kf, "is_amount", None)
        amount = unit.amount if amount is None else bool(amount)
        value[k] = not amount and unit.counts_value
        taeller[k] = not amount and unit.counts_taeller
        naevner[k] = not amount and unit.counts_naevner
        base = getattr(kf, "difference_of", None)
        if base is not None:
            diff[k] = base
    return _Rules(value, taeller, naevner, diff)


def _flag(frame: pd.DataFrame, by_id: Mapping[str, bool], default: bool) -> np.ndarray:
    m = frame["noegletal"].map(by_id)
    return np.where(m.notna().to_numpy(), m.eq(True).to_numpy(), default)


def _small(x: pd.Series, n: int) -> np.ndarray:
    v = x.to_numpy(dtype=np.float64)
    return (v > 0) & (v < n)


def primary(frame: pd.DataFrame, threshold: int | None = None,
            catalogue: Mapping | None = None) -> pd.Series:
    """Rule 1: True for rows that rest on 1..threshold-1 individuals."""
    n = _threshold(threshold)
    rules = _rules(catalogue)
    # Ids not in the catalogue are treated as rates: taeller and naevner checked.
    out = (_flag(frame, rules.value, False) & _small(frame["vaerdi"], n)) \
        | (_flag(frame, rules.taeller, True) & _small(frame["taeller"], n)) \
        | (_flag(frame, rules.naevner, True) & _small(frame["naevner"], n))
    return pd.Series(out, index=frame.index, name="primaer")


def _group_ids(frame: pd.DataFrame) -> np.ndarray:
    return frame.groupby(list(GROUP_KEYS), sort=False, dropna=False).ngroup().to_numpy()


def _linked_counts(frame: pd.DataFrame, gid: np.ndarray,
                   rules: _Rules) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the count used in sums (``c``) and whether the row's group is linked by a sum
    (rule 2a or 2b)."""
    counts_value = _flag(frame, rules.value, False)
    taeller = frame["taeller"].to_numpy(dtype=np.float64)
    naevner = frame["naevner"].to_numpy(dtype=np.float64)
    vaerdi = frame["vaerdi"].to_numpy(dtype=np.float64)
    c = np.where(np.isnan(taeller) & counts_value, vaerdi, taeller)
    g = pd.DataFrame({"gid": gid, "c": c, "t": taeller, "n": naevner})
    grp = g.groupby("gid")
    size = grp["c"].transform("size").to_numpy()
    # 2a: partition of a common denominator.
    all_t = grp["t"].transform("count").to_numpy() == size
    n_min = grp["n"].transform("min").to_numpy()
    n_max = grp["n"].transform("max").to_numpy()
    t_sum = grp["t"].transform("sum").to_numpy()
    partition = (size >= 2) & all_t & (n_min == n_max) & ~np.isnan(n_min) \
        & (np.abs(t_sum - n_min) <= 1e-9 * np.maximum(1.0, np.abs(n_min)))
    # 2b: a total row (dimension samlet, i_alt, ...) equals the sum of the other rows.
    is_total_dim = frame["dimension"].isin(TOTAL_DIMENSIONS).to_numpy()
    g["tot"] = np.where(is_total_dim, c, np.nan)
    grp = g.groupby("gid")
    all_c = grp["c"].transform("count").to_numpy() == size
    c_sum = grp["c"].transform("sum").to_numpy()
    tot = grp["tot"].transform("max").to_numpy()
    total = (size >= 3) & all_c & ~np.isnan(tot) \
        & (np.abs(2 * tot - c_sum) <= 1e-9 * np.maximum(1.0, np.abs(c_sum)))
    return c, partition | total


def secondary_cover(gid: np.ndarray, count: np.ndarray, linked: np.ndarray,
                    is_total: np.ndarray, hidden: np.ndarray, prim: np.ndarray, n: int, *,
                    reuse_covers: bool = False) -> np.ndarray:
    """Steps (i)-(iii) of rule 2 (module docstring) on any grouping of rows into lines.

    ``gid`` is each row's line, ``count`` the count the line adds up (0 where unknown),
    ``linked`` whether the row's line is linked by a sum, ``is_total`` whether the row is the
    line's total, ``hidden`` what is hidden so far and ``prim`` the primary cells. Returns
    the extended hidden mask.

    ``reuse_covers``: a row may lie on several lines (a unit's row, see
    :mod:`noegletal.metrics.units`); a component hidden as ``..`` for another line then
    already is this line's cover when it is not the line's only hidden component, and no
    further one is added — step (ii) decides, with the reader's bounds, whether that is
    enough. (A line's only hidden component is always its total minus the shown ones.)

    A line whose components add up to 0 is left alone: every component is 0 by the shown
    total alone, so no cell on it is small, and a cover would protect nothing.
    """
    hidden = hidden.copy()
    part = ~is_total

    def per_group(values, how: str) -> np.ndarray:
        return pd.Series(values).groupby(gid).transform(how).to_numpy()

    linked = linked & (per_group(np.where(part, count, 0.0), "sum") > 0)
    # A total that is itself "<n" bounds every component by n - 1: the whole group goes.
    small_total = linked & per_group(is_total & prim, "any").astype(bool)
    hidden |= small_total
    # (i) one cover: the largest shown component of every linked group with a hidden
    # component, whatever the values (so that taking a cover tells nothing).
    total_hidden = per_group(is_total & hidden, "any").astype(bool)
    any_h = per_group(hidden & part, "any").astype(bool)
    any_shown = per_group(~hidden & part, "any").astype(bool)
    need = linked & any_h & any_shown & ~total_hidden
    if reuse_covers:
        n_hidden = per_group(hidden & part, "sum")
        need &= ~(per_group(hidden & part & ~prim, "any").astype(bool) & (n_hidden >= 2))
    cand = pd.DataFrame({"gid": gid, "c": count})[need & ~hidden & part]
    cand = cand.sort_values(["gid", "c"], ascending=[True, False], kind="stable")
    hidden[cand.drop_duplicates("gid").index.to_numpy()] = True
    # (ii) is that enough? A reader knows each "<n" cell is at least 1 and each ".."
    # component at least n and at least the largest component still shown; with SLACK
    # units left over every hidden cell can move. Otherwise the whole group is hidden.
    hp = per_group(np.where(hidden & part & prim, 1.0, 0.0), "sum")
    hq = per_group(np.where(hidden & part & ~prim, 1.0, 0.0), "sum")
    h_sum = per_group(np.where(hidden & part, count, 0.0), "sum")
    lower = np.maximum(float(n), per_group(np.where(~hidden & part, count, -np.inf), "max"))
    slack = h_sum - hp - hq * lower
    # Without a ".." component the "<n" cells are bounded above too (by n - 1 each).
    room_above = np.where(hq > 0, np.inf, hp * (n - 1) - h_sum)
    weak = linked & any_h & ~total_hidden & ~small_total \
        & ((slack < SLACK) | (room_above < SLACK))
    return hidden | weak


def _secondary(frame: pd.DataFrame, hidden: np.ndarray, prim: np.ndarray, n: int,
               rules: _Rules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rule 2 (see the module docstring). Returns the extended hidden mask and two masks of
    linked groups hidden completely, whose cells all show one mark: ``..`` and ``<n``."""
    none = np.zeros(len(frame), dtype=bool)
    if len(frame) == 0:
        return hidden.copy(), none, none
    gid = _group_ids(frame)
    c, linked = _linked_counts(frame, gid, rules)
    count = np.nan_to_num(c, nan=0.0)
    is_total = frame["dimension"].isin(TOTAL_DIMENSIONS).to_numpy()
    hidden = secondary_cover(gid, count, linked, is_total, hidden, prim, n)

    def per_group(values, how: str) -> np.ndarray:
        return pd.Series(values).groupby(gid).transform(how).to_numpy()

    # A linked group hidden completely shows one mark in every cell, so the marks do not
    # tell which cells were the small ones: "<n" when even its total is below n, else "..".
    size = per_group(np.ones(len(frame)), "sum")
    whole = linked & (size >= 2) & per_group(hidden, "all").astype(bool)
    naevner = frame["naevner"].to_numpy(dtype=np.float64)
    total_count = np.where(per_group(is_total, "any").astype(bool),
                           per_group(np.where(is_total, count, -np.inf), "max"),
                           per_group(naevner, "max"))
    below = whole & (np.nan_to_num(total_count, nan=np.inf) < n)
    return hidden, whole & ~below, below


def _differences(frame: pd.DataFrame, hidden: np.ndarray, rules: _Rules) -> np.ndarray:
    """Rule 3: hide a difference where a row of the figure it is the difference of (same
    place and date) is hidden."""
    base = frame["noegletal"].map(rules.difference_of)
    is_diff = base.notna().to_numpy()
    if not is_diff.any() or not hidden.any():
        return hidden
    keys = ["noegletal", "kommunekode", "dato"]
    hid = frame.loc[hidden, keys].drop_duplicates().assign(_h=True)
    probe = frame[keys].assign(noegletal=base.fillna(""))
    m = probe.merge(hid, how="left", on=keys)
    return hidden | (is_diff & m["_h"].notna().to_numpy())


def suppress(result: pd.DataFrame, threshold: int | None = None,
             catalogue: Mapping | None = None, *, also_hidden=None) -> pd.DataFrame:
    """The rows of ``result`` with ``undertrykt`` and ``vises`` added (module docstring).

    ``catalogue`` maps key-figure ids to :class:`~noegletal.metrics.catalogue.KeyFigure`
    (default: the project's catalogue); ids not in it are treated as rates (both ``taeller``
    and ``naevner`` checked). ``also_hidden`` (booleans, one per row) hides further cells
    whatever their own counts, marked ``..``, before rules 2 and 3 run (e.g. a comparison
    group's cell whose member is hidden, see :mod:`noegletal.metrics.disclosure`).
    """
    n = _threshold(threshold)
    rules = _rules(catalogue)
    out = result.copy()
    frame = out.reset_index(drop=True)
    prim = primary(frame, n, catalogue).to_numpy()
    forced = np.zeros(len(frame), dtype=bool) if also_hidden is None \
        else np.asarray(also_hidden, dtype=bool)
    hidden = _differences(frame, prim | forced, rules)
    hidden, whole_dots, whole_small = _secondary(frame, hidden, prim, n, rules)
    hidden = _differences(frame, hidden, rules)
    vises = frame["vaerdi"].astype(object).to_numpy()
    vises[hidden] = SECONDARY_MARK
    vises[(prim & ~whole_dots) | whole_small] = PRIMARY_MARK.format(n=n)
    out["undertrykt"] = hidden
    out["vises"] = vises
    return out


