"""Per-child state at dates: the machinery shared by the case-level key figures.

Every case-level key figure (themes A, B, C, D, F, G of the catalogue) asks the same few
questions about a child at a date: which step of the indsatstrappe is the child on, is the
child placed and in which form, is the person still a child. This module answers them once,
on integer codes, and caches the answers in ``ctx.cache``.

Definitions (catalogue, "Common definitions", and the lead's output conventions):

* A *child* is the pair ``(kommunekode, barn_id)``; each pair gets an integer *child code*
  ``0..n-1`` (:func:`prepare`).
* The child's birth date is the ``foedselsdato`` of the child's earliest-starting row (all
  rows, events included; rows with the same ``startdato`` keep their order in the extract).
  If a child's rows carry different birth dates, one Danish warning says how many children
  are affected.
* The 18th birthday is birth + 216 calendar months, clipped to the month end
  (``noegletal.domain.calendar.eighteenth_birthday``); *child at t* means ``t`` is before the
  18th birthday.
* A measure is *running at t* when ``startdato <= t`` and (``slutdato`` empty or
  ``slutdato >= t``). Events (``boernefaglig_undersoegelse``, ``underretning``) never define a
  step or a placement.
* *Step at t*: the highest rank (``noegletal.domain.vocabulary.STEP_RANK``) of the measures
  running at ``t``; 0 (``ingen``) when none runs.
* *Placement form at t* (the tie rule): among the placements running at ``t``, the one with
  the latest ``startdato``; on a tie the highest step. Its rank is 3 (netvaerkspleje),
  4 (familiepleje) or 5 (institution); -1 when the child is not placed.

Public API (other theme modules rely on these signatures):

* :func:`prepare` -> :class:`Prepared` (cached).
* :func:`snapshot` -> per-child state at one date (cached per date).
* :func:`state_arrays` -> the same state as dense arrays indexed by child code (cached).
* :func:`home_based_types_at` -> distinct (child, home-based type) pairs running at a date.
* :func:`child_codes` -> child codes of (kommunekode, barn_id) pairs.
* :func:`steps_at_dates` -> change points of every child's step over a grid of dates.
* :func:`children_with_measures_in_period` -> distinct children with a running measure in a
  period while under 18, per municipality.
* :func:`per_1000` -> counts turned into per-1000 rows with the population denominator.
* :func:`share_rows`, :func:`concat_results`, :func:`count_by_kommune`,
  :func:`population_ready` -> small output helpers shared by the theme modules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from noegletal.domain.calendar import eighteenth_birthday
from noegletal.domain.vocabulary import (
    EVENT_CODES,
    HOME_BASED_CODES,
    INDSATS_CODES,
    INDSATSER,
    STEP_RANK,
)
from noegletal.metrics.context import ComputeContext

DAY_NS = np.int64(86_400_000_000_000)
# Sentinel for an empty slutdato (still running): far after any real date, with room to add
# a day without overflow.
OPEN_END = np.int64(pd.Timestamp("2261-12-31").value)

INSTITUTION_RANK = STEP_RANK["institution"]
NOT_PLACED = -1

# Integer codes of the home-based types, in the order of HOME_BASED_CODES.
HOME_BASED_TYPE: dict[str, int] = {c: i for i, c in enumerate(HOME_BASED_CODES)}

_PREPARED_KEY = "engine.prepared"


@dataclass(frozen=True)
class Prepared:
    """Integer-coded view of ``foranstaltninger``.

    Per child (arrays indexed by child code ``0..n_children-1``):

    * ``child_kommune`` (int64), ``child_barn_id`` (object), ``birth`` and ``bday18``
      (int64 nanoseconds since the epoch; ``bday18`` is the 18th birthday).

    Per row of the extract, in extract order: ``row_child`` (the row's child code).

    Per non-event row, sorted by (child, startdato, rank) — the order the tie rule needs:

    * ``m_row`` (int64 position of the row in the extract, for looking up other columns such
      as ``bevilget_af``), ``m_child`` (int64), ``m_start``/``m_end`` (int64 ns, ``OPEN_END``
      when still running), ``m_rank`` (int8 step rank 1-5), ``m_placed`` (bool),
      ``m_home_type`` (int8: index into ``HOME_BASED_CODES``, -1 when the row is not
      home-based), ``m_code`` (int8: index into ``INDSATS_CODES``).

    Per event row, sorted by (child, startdato): ``e_row``, ``e_child``, ``e_start``,
    ``e_code`` (as above).

    ``kommuner`` lists every kommunekode that occurs in the extract (sorted);
    ``child_kpos`` is each child's position in ``kommuner``.
    """

    n_children: int
    child_kommune: np.ndarray
    child_barn_id: np.ndarray
    birth: np.ndarray
    bday18: np.ndarray
    row_child: np.ndarray
    m_row: np.ndarray
    m_child: np.ndarray
    m_start: np.ndarray
    m_end: np.ndarray
    m_rank: np.ndarray
    m_placed: np.ndarray
    m_home_type: np.ndarray
    m_code: np.ndarray
    e_row: np.ndarray
    e_child: np.ndarray
    e_start: np.ndarray
    e_code: np.ndarray
    kommuner: np.ndarray
    child_kpos: np.ndarray

    def is_child(self, codes: np.ndarray, t) -> np.ndarray:
        """True where the person with child code ``codes`` is under 18 at date ``t``."""
        return self.bday18[codes] > np.int64(pd.Timestamp(t).normalize().value)


def _to_ns(values: pd.Series, fill: np.int64 | None = None) -> np.ndarray:
    arr = pd.to_datetime(values, cache=False).to_numpy(dtype="datetime64[ns]")
    out = arr.astype(np.int64)
    if fill is not None:
        out = np.where(np.isnat(arr), fill, out)
    return out


# Lookup tables indexed by the position of a code in INDSATS_CODES.
_RANK_BY_CODE = np.array([INDSATSER[c].rank if INDSATSER[c].step else 0 for c in INDSATS_CODES],
                         dtype=np.int64)
_PLACED_BY_CODE = np.array([INDSATSER[c].placed for c in INDSATS_CODES], dtype=bool)
_EVENT_BY_CODE = np.array([c in EVENT_CODES for c in INDSATS_CODES], dtype=bool)
_HOME_BY_CODE = np.array([HOME_BASED_TYPE.get(c, -1) for c in INDSATS_CODES], dtype=np.int8)


def prepare(ctx: ComputeContext) -> Prepared:
    """Integer-code ``ctx.frames["foranstaltninger"]`` once per context (cached).

    The caller checks ``ctx.has("foranstaltninger")`` first.
    """
    cached = ctx.cache.get(_PREPARED_KEY)
    if cached is not None:
        return cached
    frame = ctx.frames["foranstaltninger"]
    unknown = ~frame["indsats"].isin(INDSATS_CODES).to_numpy()
    if unknown.any():
        ctx.warn(
            f"Foranstaltninger: {int(unknown.sum())} rækker har en ukendt indsatskode og er "
            "ikke brugt i nøgletallene."
        )
        frame = frame[~unknown]
    n_rows = len(frame)

    kommune = frame["kommunekode"].to_numpy(dtype=np.int64)
    barn_codes, barn_uniques = pd.factorize(frame["barn_id"], sort=False)
    nb = np.int64(max(len(barn_uniques), 1))
    child, pair_uniques = pd.factorize(kommune * nb + barn_codes.astype(np.int64), sort=False)
    child = child.astype(np.int64)
    n_children = len(pair_uniques)
    child_kommune = (pair_uniques // nb).astype(np.int64)
    child_barn_id = np.asarray(barn_uniques, dtype=object)[(pair_uniques % nb).astype(np.int64)]
    kommuner, child_kpos = np.unique(child_kommune, return_inverse=True)

    start = _to_ns(frame["startdato"])
    end = _to_ns(frame["slutdato"], fill=OPEN_END)
    birth_all = _to_ns(frame["foedselsdato"])
    code = pd.Categorical(frame["indsats"], categories=INDSATS_CODES).codes.astype(np.int64)

    # Birth date of each child's earliest-starting row; on a tie the first such row in the
    # extract. Computed with unbuffered ufunc.at instead of a sort.
    rows = np.arange(n_rows, dtype=np.int64)
    first_start = np.full(n_children, np.iinfo(np.int64).max)
    np.minimum.at(first_start, child, start)
    first_row = np.full(n_children, n_rows, dtype=np.int64)
    is_first = start == first_start[child]
    np.minimum.at(first_row, child[is_first], rows[is_first])
    birth = birth_all[first_row] if n_children else np.array([], dtype=np.int64)
    bmin = np.full(n_children, np.iinfo(np.int64).max)
    bmax = np.full(n_children, np.iinfo(np.int64).min)
    np.minimum.at(bmin, child, birth_all)
    np.maximum.at(bmax, child, birth_all)
    n_conflict = int(np.count_nonzero(bmin != bmax))
    if n_conflict:
        ctx.warn(
            f"Foranstaltninger: {n_conflict} børn har forskellige fødselsdatoer på deres "
            "rækker. For hvert af dem bruges fødselsdatoen på barnets tidligst startende række."
        )
    bday18 = _eighteenth_ns(birth)

    rank_all = _RANK_BY_CODE[code]
    is_event = _EVENT_BY_CODE[code]
    # One sort: measures before events, then by child, startdato (whole days) and rank.
    day = start // DAY_NS
    offset = day - (day.min() if n_rows else 0)  # < 2**19 for any datetime64[ns] range
    key = (is_event.astype(np.int64) << 62) | (child << 22) | (offset << 3) | rank_all
    order = np.argsort(key, kind="stable")
    n_m = n_rows - int(is_event.sum())
    m_order, e_order = order[:n_m], order[n_m:]
    m_code = code[m_order]

    prepared = Prepared(
        n_children=n_children,
        child_kommune=child_kommune,
        child_barn_id=child_barn_id,
        birth=birth,
        bday18=bday18,
        row_child=child,
        m_row=m_order,
        m_child=child[m_order],
        m_start=start[m_order],
        m_end=end[m_order],
        m_rank=rank_all[m_order].astype(np.int8),
        m_placed=_PLACED_BY_CODE[m_code],
        m_home_type=_HOME_BY_CODE[m_code],
        m_code=m_code.astype(np.int8),
        e_row=e_order,
        e_child=child[e_order],
        e_start=start[e_order],
        e_code=code[e_order].astype(np.int8),
        kommuner=kommuner,
        child_kpos=child_kpos,
    )
    ctx.cache[_PREPARED_KEY] = prepared
    return prepared


def _eighteenth_ns(birth: np.ndarray) -> np.ndarray:
    """18th birthdays (ns) of birth dates (ns), computed once per distinct birth date."""
    if len(birth) == 0:
        return birth.copy()
    uniq, inverse = np.unique(birth, return_inverse=True)
    b18 = eighteenth_birthday(pd.Series(uniq.astype("datetime64[ns]")))
    return b18.to_numpy(dtype="datetime64[ns]").astype(np.int64)[inverse]


# --------------------------------------------------------------------------------------------
# Snapshots at one date


def snapshot(ctx: ComputeContext, t) -> pd.DataFrame:
    """Per-child state at date ``t`` (cached in ``ctx.cache`` per date).

    Returns a DataFrame indexed by child code (``child``, int64, ascending) with one row per
    person who has at least one non-event measure running at ``t`` (everyone else is on step
    ``ingen``, not placed, and absent), with columns:

    * ``kommunekode`` (int64)
    * ``step_rank`` (int8): highest step rank of the running measures, 1-5
    * ``form_rank`` (int8): placement form by the tie rule (3, 4 or 5); -1 when not placed
    * ``is_child`` (bool): under 18 at ``t``

    Non-children are included (with ``is_child`` False) so callers can apply the child rule at
    another date. The signature is stable: themes C, D and F import it.
    """
    t = pd.Timestamp(t).normalize()
    key = ("engine.snapshot", t)
    cached = ctx.cache.get(key)
    if cached is not None:
        return cached
    p = prepare(ctx)
    tv = np.int64(t.value)
    idx = np.flatnonzero((p.m_start <= tv) & (p.m_end >= tv))
    run_child = p.m_child[idx]
    if len(idx):
        heads = np.flatnonzero(np.r_[True, run_child[1:] != run_child[:-1]])
        children = run_child[heads]
        step = np.maximum.reduceat(p.m_rank[idx], heads).astype(np.int8)
    else:
        children = np.array([], dtype=np.int64)
        step = np.array([], dtype=np.int8)
    form = np.full(len(children), NOT_PLACED, dtype=np.int8)
    pidx = idx[p.m_placed[idx]]
    if len(pidx):
        pchild = p.m_child[pidx]
        # Rows are ordered by (child, startdato, rank): the last placement of each child is
        # the one with the latest start, ties broken by the highest step.
        tails = np.flatnonzero(np.r_[pchild[1:] != pchild[:-1], True])
        pos = np.searchsorted(children, pchild[tails])
        form[pos] = p.m_rank[pidx[tails]]
    out = pd.DataFrame(
        {
            "kommunekode": p.child_kommune[children],
            "step_rank": step,
            "form_rank": form,
            "is_child": p.bday18[children] > tv,
        },
        index=pd.Index(children, name="child"),
    )
    ctx.cache[key] = out
    return out


def home_based_types_at(ctx: ComputeContext, t) -> pd.DataFrame:
    """Distinct (child, home-based type) pairs with a home-based measure running at ``t``.

    Columns: ``child`` (int64, ascending), ``kommunekode`` (int64), ``type`` (int8 index into
    ``noegletal.domain.vocabulary.HOME_BASED_CODES``), ``indsats`` (the code), ``is_child``
    (bool, under 18 at ``t``). Cached per date.
    """
    t = pd.Timestamp(t).normalize()
    key = ("engine.home_based", t)
    cached = ctx.cache.get(key)
    if cached is not None:
        return cached
    p = prepare(ctx)
    tv = np.int64(t.value)
    idx = np.flatnonzero((p.m_home_type >= 0) & (p.m_start <= tv) & (p.m_end >= tv))
    n_types = len(HOME_BASED_CODES)
    seen = np.zeros(p.n_children * n_types, dtype=bool)
    seen[p.m_child[idx] * n_types + p.m_home_type[idx]] = True
    pair = np.flatnonzero(seen)
    child = pair // n_types
    typ = (pair % n_types).astype(np.int8)
    out = pd.DataFrame(
        {
            "child": child,
            "kommunekode": p.child_kommune[child],
            "type": typ,
            "indsats": np.asarray(HOME_BASED_CODES, dtype=object)[typ.astype(np.int64)],
            "is_child": p.bday18[child] > tv,
        }
    )
    ctx.cache[key] = out
    return out


@dataclass(frozen=True)
class StateArrays:
    """Dense per-child state at one date: arrays of length ``n_children`` indexed by child
    code. ``step`` (int8, 0 = ingen), ``form`` (int8, -1 = not placed), ``home_based`` (bool:
    at least one home-based measure running)."""

    step: np.ndarray
    form: np.ndarray
    home_based: np.ndarray


def state_arrays(ctx: ComputeContext, t) -> StateArrays:
    """The state of every child at ``t`` as dense arrays (cached per date); the same facts as
    :func:`snapshot` and :func:`home_based_types_at`, for fast lookups by child code."""
    t = pd.Timestamp(t).normalize()
    key = ("engine.state_arrays", t)
    cached = ctx.cache.get(key)
    if cached is not None:
        return cached
    p = prepare(ctx)
    snap = snapshot(ctx, t)
    children = snap.index.to_numpy()
    step = np.zeros(p.n_children, dtype=np.int8)
    step[children] = snap["step_rank"].to_numpy()
    form = np.full(p.n_children, NOT_PLACED, dtype=np.int8)
    form[children] = snap["form_rank"].to_numpy()
    home = np.zeros(p.n_children, dtype=bool)
    home[home_based_types_at(ctx, t)["child"].to_numpy()] = True
    out = StateArrays(step=step, form=form, home_based=home)
    ctx.cache[key] = out
    return out


# --------------------------------------------------------------------------------------------
# Steps of arbitrary (child, date) pairs


def child_codes(ctx: ComputeContext, kommunekode, barn_id) -> np.ndarray:
    """Child codes of (kommunekode, barn_id) pairs; -1 where the pair has no row in
    ``foranstaltninger``."""
    p = prepare(ctx)
    known = pd.MultiIndex.from_arrays(
        [p.child_kommune, p.child_barn_id.astype(str)], names=["kommunekode", "barn_id"]
    )
    query = pd.MultiIndex.from_arrays(
        [np.asarray(kommunekode, dtype=np.int64), np.asarray(barn_id).astype(str)]
    )
    return known.get_indexer(query).astype(np.int64)


# --------------------------------------------------------------------------------------------
# Step changes over a grid of dates (used by flytninger_pr_1000)


def steps_at_dates(ctx: ComputeContext, grid) -> pd.DataFrame:
    """Every change of a child's step between consecutive dates of ``grid``.

    ``grid`` is an ascending sequence of dates ``g_0 < g_1 < ...``. For ``j >= 1`` and every
    child whose step at ``g_j`` differs from its step at ``g_{j-1}``, one row with columns
    ``child`` (int64), ``j`` (int64), ``delta`` (int8: step rank at ``g_j`` minus step rank at
    ``g_{j-1}``, never 0). Children whose step is unchanged do not appear.

    Computed without one snapshot per date: for each threshold ``r`` in 1-5 the child's
    measures of rank ``>= r`` are turned into intervals of grid indices and merged; the step
    at ``g_j`` equals the number of thresholds whose merged intervals cover ``j``, so the
    change between ``j-1`` and ``j`` is (+1 per merged interval starting at ``j``) minus (1 per
    merged interval ending at ``j-1``).
    """
    p = prepare(ctx)
    g = np.asarray(pd.DatetimeIndex(grid).normalize().asi8, dtype=np.int64)
    n = len(g)
    empty = pd.DataFrame({"child": np.array([], dtype=np.int64),
                          "j": np.array([], dtype=np.int64),
                          "delta": np.array([], dtype=np.int8)})
    if n < 2 or len(p.m_child) == 0:
        return empty
    i0 = np.searchsorted(g, p.m_start, side="left")
    i1 = np.searchsorted(g, p.m_end, side="right") - 1
    keep = i0 <= i1
    child, i0, i1, rank = p.m_child[keep], i0[keep], i1[keep], p.m_rank[keep]
    keys: list[np.ndarray] = []
    span = np.int64(n + 2)
    for r in range(1, max(STEP_RANK.values()) + 1):
        sel = rank >= r
        c, a, b = child[sel], i0[sel], i1[sel]
        if len(c) == 0:
            continue
        # Rows are sorted by child then startdato, hence by child then a (searchsorted is
        # monotone), which the running maximum below relies on.
        acc = np.maximum.accumulate(c * span + b)  # running max of b within each child
        prev_max = np.r_[np.int64(-2), (acc[:-1] - c[1:] * span)]
        new_child = np.r_[True, c[1:] != c[:-1]]
        head = new_child | (a > prev_max + 1)
        heads = np.flatnonzero(head)
        tails = np.r_[heads[1:] - 1, len(c) - 1]
        sc, sa = c[heads], a[heads]
        sb = acc[tails] - sc * span
        up = sa >= 1
        down = sb + 1 <= n - 1
        # Event = (child, grid index) with the sign in the lowest bit (1 = up, 0 = down).
        keys.append(((sc[up] * span + sa[up]) << 1) | 1)
        keys.append((sc[down] * span + sb[down] + 1) << 1)
    packed = np.sort(np.concatenate(keys)) if keys else np.array([], dtype=np.int64)
    if len(packed) == 0:
        return empty
    cell = packed >> 1
    sign = (packed & 1) * 2 - 1
    heads = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
    net = np.add.reduceat(sign, heads)
    cell = cell[heads]
    nz = net != 0
    cell, net = cell[nz], net[nz]
    return pd.DataFrame(
        {"child": cell // span, "j": cell % span, "delta": net.astype(np.int8)}
    )


# --------------------------------------------------------------------------------------------
# Periods


def children_with_measures_in_period(ctx: ComputeContext, start, end) -> pd.Series:
    """Distinct children per kommunekode with a running non-event measure in a period.

    A child counts when some non-event measure of the child runs on at least one day ``d``
    with ``start <= d <= end`` (both inclusive) on which the child is under 18 (``d`` before
    the 18th birthday), i.e. ``max(startdato, start) <= min(slutdato, end, 18th birthday - 1
    day)`` with an empty ``slutdato`` treated as open. Returns an int64 Series indexed by every
    kommunekode in ``foranstaltninger`` (0 where no child counts), named ``antal_boern``.
    """
    p = prepare(ctx)
    s = np.int64(pd.Timestamp(start).normalize().value)
    e = np.int64(pd.Timestamp(end).normalize().value)
    lo = np.maximum(p.m_start, s)
    hi = np.minimum(np.minimum(p.m_end, e), p.bday18[p.m_child] - DAY_NS)
    seen = np.zeros(p.n_children, dtype=bool)
    seen[p.m_child[lo <= hi]] = True
    children = np.flatnonzero(seen)
    kom = p.child_kommune[children]
    counts = pd.Series(kom).value_counts()
    out = pd.Series(0, index=pd.Index(p.kommuner, name="kommunekode"), dtype=np.int64)
    out.loc[counts.index.to_numpy()] = counts.to_numpy()
    out.name = "antal_boern"
    return out


# --------------------------------------------------------------------------------------------
# Output helpers shared by the theme modules


def count_by_kommune(kpos: np.ndarray, kommuner: np.ndarray) -> np.ndarray:
    """How often each position ``0..len(kommuner)-1`` occurs in ``kpos`` (positions in
    ``Prepared.kommuner``, e.g. ``Prepared.child_kpos[children]``)."""
    pos = kpos
    return np.bincount(pos, minlength=len(kommuner))[: len(kommuner)].astype(np.int64)


def population_ready(ctx: ComputeContext, ids: list[str]) -> bool:
    """True when ``befolkning`` is present; otherwise warn (in Danish) that ``ids`` are
    skipped."""
    if ctx.has("befolkning"):
        return True
    ctx.warn(
        "Befolkningstal (befolkning) mangler, så disse nøgletal pr. 1.000 børn er sprunget "
        f"over: {', '.join(ids)}."
    )
    return False


def per_1000(ctx: ComputeContext, noegletal: str, counts: pd.DataFrame,
             dimensions: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Tidy per-1000 rows from counts.

    ``counts`` has columns ``kommunekode, dato, taeller`` (+ ``dimension`` when
    ``dimensions`` is given); missing combinations count 0. One row is emitted for every
    kommunekode in both ``befolkning`` and ``foranstaltninger``, every cut-off in ``ctx.datoer`` and every dimension value
    (zeros included), with ``naevner`` =
    ``antal_0_17`` at the cut-off (data-contract rule) and ``vaerdi = 1000 * taeller /
    naevner``. Municipalities with population 0 are skipped; municipalities in
    ``foranstaltninger`` without population rows are skipped with a warning.
    """
    from noegletal.metrics.context import tidy

    pop = ctx.population()
    if ctx.has("foranstaltninger"):
        missing = np.setdiff1d(prepare(ctx).kommuner, pop["kommunekode"].unique())
        for k in missing:
            ctx.warn(
                f"Kommune {int(k)} har foranstaltninger, men ingen befolkningstal; "
                "nøgletal pr. 1.000 børn udelades for kommunen."
            )
    base = pop[pop["antal_0_17"] > 0]
    if ctx.has("foranstaltninger"):
        # Only municipalities that sent case data: a national population download must not
        # turn every other municipality into a misleading 0 per 1000.
        base = base[base["kommunekode"].isin(prepare(ctx).kommuner)]
    if dimensions is not None:
        base = base.merge(pd.DataFrame({"dimension": list(dimensions)}), how="cross")
        on = ["kommunekode", "dato", "dimension"]
    else:
        on = ["kommunekode", "dato"]
    c = counts[[*on, "taeller"]].groupby(on, as_index=False)["taeller"].sum()
    out = base.merge(c, on=on, how="left")
    out["taeller"] = out["taeller"].fillna(0).astype(np.int64)
    out["naevner"] = out["antal_0_17"].astype(np.int64)
    out["vaerdi"] = 1000.0 * out["taeller"] / out["naevner"]
    return tidy(noegletal, out, numerator="taeller", denominator="naevner",
                dimension="dimension" if dimensions is not None else None)


def concat_results(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate tidy result parts, skipping empty ones (an empty result when all are)."""
    from noegletal.metrics.context import empty_result

    nonempty = [part for part in parts if len(part)]
    if not nonempty:
        return empty_result()
    # Column by column: pandas' concat warns about all-NaN taeller/naevner columns.
    template = empty_result()
    return pd.DataFrame({
        col: np.concatenate([part[col].to_numpy() for part in nonempty]).astype(
            template[col].dtype)
        for col in template.columns
    })


def counts_by_kommune(kommune: np.ndarray, hits: np.ndarray, t) -> pd.DataFrame:
    """Per municipality (ascending) the number of ``hits`` (``taeller``) and of rows
    (``naevner``) at cut-off ``t``: what ``groupby("kommunekode").agg(sum, size)`` gives,
    without pandas' per-call cost (called once per cut-off and key figure)."""
    keys, inv = np.unique(np.asarray(kommune), return_inverse=True)
    inv = inv.reshape(-1)
    taeller = np.bincount(inv, weights=np.asarray(hits, dtype=np.float64),
                          minlength=len(keys)).astype(np.int64)
    naevner = np.bincount(inv, minlength=len(keys)).astype(np.int64)
    return pd.DataFrame({"kommunekode": keys, "taeller": taeller, "naevner": naevner,
                         "dato": pd.Timestamp(t)})


def median_by_kommune(kommune: np.ndarray, values: np.ndarray, t) -> pd.DataFrame:
    """Per municipality (ascending) the median of ``values`` (``vaerdi``: the middle value,
    or the mean of the two middle ones) and their number (``n``) at cut-off ``t``: what
    ``groupby("kommunekode").agg(median, size)`` gives, with one sort."""
    kommune = np.asarray(kommune)
    values = np.asarray(values, dtype=np.float64)
    order = np.lexsort((values, kommune))
    k, v = kommune[order], values[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if len(k) else np.zeros(0, int)
    n = np.diff(np.r_[starts, len(k)])
    lo = starts + (n - 1) // 2
    hi = starts + n // 2
    return pd.DataFrame({"kommunekode": k[starts], "vaerdi": (v[lo] + v[hi]) / 2,
                         "n": n.astype(np.int64), "dato": pd.Timestamp(t)})


def share_rows(noegletal: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Tidy share rows (percent) from ``kommunekode, dato, dimension, taeller, naevner``;
    rows with ``naevner`` 0 are dropped."""
    from noegletal.metrics.context import tidy

    f = frame[frame["naevner"] > 0].copy()
    f["vaerdi"] = 100.0 * f["taeller"] / f["naevner"]
    has_dim = "dimension" in f.columns
    return tidy(noegletal, f, numerator="taeller", denominator="naevner",
                dimension="dimension" if has_dim else None)
