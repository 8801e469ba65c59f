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
   others (e.g. ``samlet = op + ned``). If such a group has a
   suppressed cell and some cell is still shown, the hidden cells must include a *cover*: a
   cell whose count is at least ``n + 1``. Otherwise the smallest shown cell with a count of
   at least ``n + 1`` is hidden; when none exists the whole group is hidden. With a cover every
   hidden cell can move by one (the small cell within 1..n-1, the cover staying at ``n`` or
   more), so no hidden cell can be recomputed from the shown cells and the total — not even
   by someone who knows which cells are ``"<5"`` and which are ``".."``. (A cover of exactly
   ``n`` would not do: ``1`` hidden next to ``n`` leaves ``1 + n`` as the only split.)
3. *Differences.* A figure whose ``difference_of`` is ``x`` (e.g. ``faglig_trivsel_forskel`` =
   udsatte minus øvrige of ``faglig_trivsel``) is hidden when any row of ``x`` for the same
   municipality and date is hidden,
   since the shown group and the difference would give the hidden one away.

Limitation: links *between* key figures (e.g. the number of placed children behind
``anbragte_pr_1000`` and the partition of ``anbringelsesform_andel``) are covered because the
partition's total is treated as known; a partition whose cells are all small and whose
total is shown elsewhere can still be bounded, not recomputed, unless all cells equal 1 or
``n - 1``.
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


def _secondary(frame: pd.DataFrame, hidden: np.ndarray, n: int,
               rules: _Rules) -> np.ndarray:
    """Rule 2 (see the module docstring); returns the extended hidden mask."""
    hidden = hidden.copy()
    if len(frame) == 0:
        return hidden
    gid = _group_ids(frame)
    c, linked = _linked_counts(frame, gid, rules)
    cover_ok = np.nan_to_num(c, nan=-1.0) >= n + 1
    for _ in range(len(frame) + 1):
        g = pd.DataFrame({"gid": gid, "h": hidden, "cover": hidden & cover_ok, "linked": linked})
        grp = g.groupby("gid")
        any_h = grp["h"].transform("any").to_numpy(dtype=bool)
        all_h = grp["h"].transform("all").to_numpy(dtype=bool)
        has_cover = grp["cover"].transform("any").to_numpy(dtype=bool)
        need = linked & any_h & ~all_h & ~has_cover
        if not need.any():
            break
        cand = pd.DataFrame({"gid": gid, "c": c})[need & ~hidden & cover_ok]
        chosen = cand.sort_values(["gid", "c"], kind="stable").drop_duplicates("gid").index
        hidden[chosen.to_numpy()] = True
        # Groups without any possible cover are hidden completely.
        no_cover = np.isin(gid, np.setdiff1d(np.unique(gid[need]), cand["gid"].to_numpy()))
        hidden |= no_cover
    return hidden


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
    hidden = _secondary(frame, hidden, n, rules)
    hidden = _differences(frame, hidden, rules)
    vises = frame["vaerdi"].astype(object).to_numpy()
    vises[hidden] = SECONDARY_MARK
    vises[prim] = PRIMARY_MARK.format(n=n)
    out["undertrykt"] = hidden
    out["vises"] = vises
    return out


