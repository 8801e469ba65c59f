"""The case-level simulation behind the sample data: children, their measures and events.

Model (all invented; see ``sample_data/README.md``):

* **Population.** Every municipality gets yearly birth cohorts (``children_0_17 / 18``
  children a year, with a gentle national birth-rate pattern and municipal noise). Birth
  dates are uniform over the days of the year, so 29 February occurs in leap years.
* **The ladder as a monthly Markov chain.** Each child has one *primary* state: no measure,
  a § 11.3 course, one of three home-based measures, or one of six placement forms. Every
  calendar month from ``start_year - 10`` (a burn-in, so the stock of long placements is in
  equilibrium when the extract window opens) to ``end_year`` the child leaves its state with
  probability ``1 - exp(-sum of rates)`` and moves to another state in proportion to the
  rates. Rates are a base matrix times the child's age profile times the municipality's
  yearly profile (``noegletal.sample.profiles``). A state change happens on a uniformly
  drawn day of the month; a spell runs from that day to the day before the next change.
  No change happens in the month of birth, so every measure starts after the birth date.
* **At 18.** A spell still open at the 18th birthday ends the day before it; 35 % of
  placements continue as aftercare (efterværn) for 1-30 months and may still be running.
* **Overlaps.** 20 % of moves between two measures (not placement to placement) let the old
  measure run on for up to 45 days; a share of placements (``Profile.parent_measure``)
  gets a parent-directed measure (``foraeldrerettet_under_anbringelse``) inside it.
* **Events.** A børnefaglig undersøgelse precedes 85 % of moves from no measure or § 11.3 up
  to a home-based measure or placement (and is never dated before the § 11.3 start); 2.5 %
  of § 11.3 courses are followed by an investigation that leads nowhere; 8 % of background
  notifications are investigated. Notifications precede 70 % of entries to home-based
  measures and placements and 40 % of § 11.3 courses, come in the background at a
  municipal rate rising over the years, and come more often for children with measures.
* **Extract.** The extract is taken on 31 December of ``end_year``: spells ending before
  1 January of ``start_year`` are left out (earlier start dates are kept), events are kept
  from 1 January of ``start_year``; spells running on the extract date have no end date.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from noegletal.sample.profiles import Profile, children_0_17, curve_values

# Primary states of the chain. Index 0 = no measure.
STATES: tuple[str, ...] = (
    "",
    "forebyggende_11_3",
    "forebyggende_foranstaltning",
    "doegnophold_familie",
    "eget_vaerelse",
    "netvaerkspleje",
    "familiepleje",
    "doegninstitution",
    "opholdssted",
    "sikret_institution",
    "kost_efterskole",
)
S = {c: i for i, c in enumerate(STATES)}
NONE, F113, FF, DF, EV, NP, FP, DI, OS, SI, KE = range(len(STATES))
HOME = (FF, DF, EV)
PLACE = (NP, FP, DI, OS, SI, KE)
INSTITUTION_FORMS = (DI, OS, SI)  # the forms the profile's "institution" curve steers
NSTATE = len(STATES)

# Codes of rows in the output that are not primary states.
PARENT_CODE = "foraeldrerettet_under_anbringelse"
BFU_CODE = "boernefaglig_undersoegelse"
NOTIFICATION_CODE = "underretning"
ALL_CODES: tuple[str, ...] = (*STATES[1:], PARENT_CODE, BFU_CODE, NOTIFICATION_CODE)
CODE_INDEX = {c: i for i, c in enumerate(ALL_CODES)}

BURN_IN_YEARS = 10
NAT = np.iinfo(np.int64).min  # "no date" in the integer day arrays


def _base_rates() -> np.ndarray:
    """Monthly transition rates between primary states at profile multiplier 1."""
    r = np.zeros((NSTATE, NSTATE))
    r[NONE, [F113, FF, DF, EV, NP, FP, DI, OS, SI, KE]] = [
        0.00050, 0.00075, 0.00002, 0.00003, 0.000012, 0.000050, 0.000022, 0.000014,
        0.000006, 0.000006,
    ]
    r[F113, [NONE, FF, NP, FP, DI, OS, KE]] = [0.108, 0.008, 0.0003, 0.0010, 0.0005, 0.0003, 0.0003]
    r[FF, [NONE, F113, DF, EV, NP, FP, DI, OS, SI, KE]] = [
        0.030, 0.004, 0.0008, 0.004, 0.0006, 0.0020, 0.0009, 0.0006, 0.0001, 0.0008,
    ]
    r[DF, [NONE, FF, FP, NP]] = [0.05, 0.15, 0.04, 0.01]
    r[EV, [NONE, FF, OS, DI]] = [0.05, 0.02, 0.008, 0.004]
    r[NP, [NONE, FF, FP, DI, OS, EV]] = [0.009, 0.008, 0.003, 0.001, 0.001, 0.001]
    r[FP, [NONE, FF, NP, DI, OS, EV, KE, SI]] = [
        0.0065, 0.0070, 0.0008, 0.0015, 0.0020, 0.0020, 0.0008, 0.0001,
    ]
    r[DI, [NONE, FF, FP, NP, OS, SI, EV, KE]] = [0.012, 0.013, 0.009, 0.002, 0.006, 0.001, 0.004, 0.002]
    r[OS, [NONE, FF, FP, NP, DI, EV, KE, SI]] = [
        0.009, 0.010, 0.007, 0.0015, 0.004, 0.004, 0.002, 0.0008,
    ]
    r[SI, [DI, OS, NONE, FF]] = [0.15, 0.12, 0.03, 0.03]
    r[KE, [NONE, FF, FP, OS, EV]] = [0.04, 0.03, 0.01, 0.015, 0.005]
    return r


def _age_multipliers() -> np.ndarray:
    """Multiplier on the rate into each destination state by age in whole years (0-17)."""
    a = np.ones((18, NSTATE))
    ages = np.arange(18)

    def band(lo: int, hi: int) -> np.ndarray:
        return (ages >= lo) & (ages <= hi)

    a[:, F113] = np.select([band(0, 2), band(3, 5)], [0.5, 0.8], 1.2)
    a[:, FF] = np.select([band(0, 2), band(13, 17)], [0.8, 1.2], 1.0)
    a[:, DF] = np.select([band(0, 2), band(3, 5)], [3.0, 1.0], 0.2)
    a[:, EV] = np.where(ages >= 15, 1.0, 0.0)
    a[:, NP] = np.where(ages >= 13, 1.0, 0.9)
    a[:, FP] = np.where(ages >= 13, 1.1, 0.8)
    a[:, DI] = np.select([band(0, 5), band(6, 11)], [0.15, 0.6], 2.2)
    a[:, OS] = np.select([band(0, 5), band(6, 11)], [0.1, 0.6], 2.4)
    a[:, SI] = np.where(ages >= 14, 1.0, 0.0)
    a[:, KE] = np.where(ages >= 14, 1.0, 0.0)
    return a


@dataclass
class Population:
    """Every simulated person, sorted by birth date.

    ``birth`` and ``adult`` (the 18th birthday) are integer days since 1970-01-01;
    ``mun`` indexes ``kommuner``.
    """

    kommuner: list[int]
    birth: np.ndarray
    adult: np.ndarray
    mun: np.ndarray


@dataclass
class Simulation:
    """The simulated case-level data.

    ``rows`` has one row per output row of ``foranstaltninger`` with integer columns
    ``person``, ``code`` (index into ``ALL_CODES``), ``start``, ``end`` (days since epoch;
    ``NAT`` = empty) and ``andre`` (True where a § 11.3 course was granted by others).
    ``spells`` are all measure spells (primary states and parent-directed measures) with
    ``person``, ``code``, ``start``, ``end``, including those that ended before the extract
    window; the accounts before ``start_year`` are computed from them.
    """

    population: Population
    rows: pd.DataFrame
    spells: pd.DataFrame
    window_start: int
    extract_end: int
    start_year: int
    end_year: int


def _days(x: str | np.datetime64) -> int:
    return int(np.datetime64(x, "D").astype(np.int64))


def eighteenth_birthday_days(birth: np.ndarray) -> np.ndarray:
    """18th birthday (birth + 216 calendar months, 29 February -> 28 February) as days."""
    b = birth.astype("datetime64[D]")
    months = b.astype("datetime64[M]")
    day = (b - months.astype("datetime64[D]")).astype(np.int64)  # 0-based day of month
    m18 = months + 216
    length = ((m18 + 1).astype("datetime64[D]") - m18.astype("datetime64[D]")).astype(np.int64)
    day = np.minimum(day, length - 1)
    return m18.astype("datetime64[D]").astype(np.int64) + day


def make_population(
    kommuner: list[int], rng: np.random.Generator, first_birth_year: int, last_birth_year: int,
    scale: float,
) -> Population:
    """Birth cohorts for each municipality, sorted by birth date."""
    years = np.arange(first_birth_year, last_birth_year + 1)
    # A gentle national pattern: higher cohorts up to 2008, a dip 2011-2014, recovery after.
    pattern = np.interp(years, [1985, 1995, 2008, 2012, 2014, 2018, 2025],
                        [0.95, 1.05, 1.04, 0.95, 0.92, 1.0, 0.98])
    starts = np.array([_days(f"{y}-01-01") for y in years])
    lengths = np.array([_days(f"{y + 1}-01-01") for y in years]) - starts
    births, muns = [], []
    for i, k in enumerate(kommuner):
        per_year = children_0_17(k) / 18.0 * scale
        noise = np.exp(rng.normal(0.0, 0.03, size=years.size))
        sizes = np.maximum(rng.poisson(per_year * pattern * noise), 0)
        y_idx = np.repeat(np.arange(years.size), sizes)
        day = (rng.random(y_idx.size) * lengths[y_idx]).astype(np.int64)
        births.append(starts[y_idx] + day)
        muns.append(np.full(y_idx.size, i, dtype=np.int16))
    birth = np.concatenate(births)
    mun = np.concatenate(muns)
    order = np.lexsort((mun, birth))
    birth, mun = birth[order], mun[order]
    return Population(kommuner=kommuner, birth=birth, adult=eighteenth_birthday_days(birth), mun=mun)


def rate_tables(
    profiles: list[Profile], years: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rates ``R[mun, year, from, to]`` and leaving probabilities ``P[mun, year, from, age]``."""
    base = _base_rates()
    age = _age_multipliers()
    r = np.broadcast_to(base, (len(profiles), years.size, NSTATE, NSTATE)).copy()
    into_place_from = (NONE, F113, FF, DF, EV)
    every = tuple(range(NSTATE))

    def scale(i: int, froms: tuple[int, ...], tos: tuple[int, ...], curve: np.ndarray) -> None:
        for f in froms:
            for d in tos:
                r[i, :, f, d] *= curve

    for i, p in enumerate(profiles):
        scale(i, into_place_from, PLACE, curve_values(p.placement_entry, years))
        scale(i, every, INSTITUTION_FORMS, curve_values(p.institution, years))
        scale(i, (DI, OS, SI, KE), (NP, FP), curve_values(p.institution_to_family, years))
        scale(i, every, (NP,), curve_values(p.network, years))
        scale(i, (NONE, F113), HOME, curve_values(p.home_based, years))
        scale(i, (NONE,), (F113,), curve_values(p.preventive, years))
    idx = np.arange(NSTATE)
    r[:, :, idx, idx] = 0.0
    total = np.einsum("myfd,ad->myfa", r, age)
    return r, 1.0 - np.exp(-total)


def run_chain(
    pop: Population, profiles: list[Profile], rng: np.random.Generator, chain_start_year: int,
    end_year: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Simulate the monthly chain; returns transitions ``(person, month, new_state)``.

    Month 0 is January of ``chain_start_year``. Only children (months ``bm <= m < bm + 216``
    after the birth month ``bm``) move; nobody moves in the month of birth.
    """
    years = np.arange(chain_start_year, end_year + 1)
    rates, leave = rate_tables(profiles, years)
    age_mult = _age_multipliers()
    months = years.size * 12
    bm = (pop.birth.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
          - (chain_start_year - 1970) * 12)
    state = np.zeros(pop.birth.size, dtype=np.int8)
    persons, when, new_states = [], [], []
    for m in range(months):
        lo = int(np.searchsorted(bm, m - 215, side="left"))
        hi = int(np.searchsorted(bm, m, side="left"))  # excludes those born this month
        if hi <= lo:
            continue
        s = state[lo:hi]
        ages = (m - bm[lo:hi]) // 12
        mi = pop.mun[lo:hi]
        yi = m // 12
        p = leave[mi, yi, s, ages]
        moving = np.flatnonzero(rng.random(hi - lo) < p)
        if moving.size == 0:
            continue
        w = rates[mi[moving], yi, s[moving], :] * age_mult[ages[moving], :]
        c = np.cumsum(w, axis=1)
        pick = rng.random(moving.size) * c[:, -1]
        new = (c < pick[:, None]).sum(axis=1).astype(np.int8)
        state[lo + moving] = new
        persons.append(lo + moving)
        when.append(np.full(moving.size, m, dtype=np.int32))
        new_states.append(new)
    if not persons:
        return np.array([], np.int64), np.array([], np.int32), np.array([], np.int8)
    return np.concatenate(persons), np.concatenate(when), np.concatenate(new_states)


def _uniform_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A uniformly drawn integer day in ``[lo, hi]`` (inclusive) for each pair."""
    return lo + np.floor(rng.random(lo.size) * (hi - lo + 1)).astype(np.int64)


def parent_and_primary(primary: pd.DataFrame, parent: pd.DataFrame) -> pd.DataFrame:
    """All measure spells as ``person, code, start, end`` (``code`` indexes ``ALL_CODES``)."""
    first = pd.DataFrame({"person": primary["person"].to_numpy(),
                          "code": primary["state"].to_numpy().astype(np.int64) - 1,
                          "start": primary["start"].to_numpy(), "end": primary["end"].to_numpy()})
    return pd.concat([first, parent[["person", "code", "start", "end"]]], ignore_index=True)


def simulate(
    kommuner: list[int], profiles: dict[int, Profile], *, seed: int, start_year: int,
    end_year: int, scale: float,
) -> Simulation:
    """Run the whole case-level simulation (see the module docstring)."""
    ss = np.random.SeedSequence(seed)
    r_pop, r_chain, r_days, r_ext, r_bfu, r_not = (np.random.default_rng(s) for s in ss.spawn(6))
    chain_start = start_year - BURN_IN_YEARS
    pop = make_population(kommuner, r_pop, chain_start - 18, end_year, scale)
    prof = [profiles[k] for k in kommuner]
    person, month, new = run_chain(pop, prof, r_chain, chain_start, end_year)

    window_start = _days(f"{start_year}-01-01")
    extract_end = _days(f"{end_year}-12-31")

    # --- transition dates and spells ------------------------------------------------------
    order = np.lexsort((month, person))
    person, month, new = person[order], month[order], new[order]
    month_start = (np.datetime64(f"{chain_start}-01", "M") + month).astype("datetime64[D]")
    month_len = ((np.datetime64(f"{chain_start}-01", "M") + month + 1).astype("datetime64[D]")
                 - month_start).astype(np.int64)
    ms = month_start.astype(np.int64)
    date = _uniform_days(r_days, ms, ms + month_len - 1)
    same_next = np.zeros(person.size, dtype=bool)
    same_next[:-1] = person[1:] == person[:-1]
    same_prev = np.zeros(person.size, dtype=bool)
    same_prev[1:] = same_next[:-1]
    prev_state = np.where(same_prev, np.roll(new, 1), NONE).astype(np.int8)
    prev_start = np.where(same_prev, np.roll(date, 1), NAT)
    next_date = np.where(same_next, np.roll(date, -1), NAT)

    adult = pop.adult[person]
    end = np.where(same_next, next_date - 1, adult - 1)
    # Aftercare: 35 % of placements open at the 18th birthday continue 1-30 months.
    is_place = np.isin(new, PLACE)
    aged_out = ~same_next
    after = aged_out & is_place & (r_ext.random(person.size) < 0.35)
    end = np.where(after, adult - 1 + r_ext.integers(30, 900, person.size), end)
    end = np.where(end > extract_end, NAT, end)

    spells = pd.DataFrame({
        "person": person, "state": new, "start": date, "end": end,
        "prev_state": prev_state, "prev_start": prev_start,
    })
    spells["mun"] = pop.mun[person]

    # Overlaps: the previous measure runs on for up to 45 days (not placement to placement).
    nxt_len = np.where(same_next & (np.roll(end, -1) != NAT), np.roll(end, -1) - next_date + 1,
                       np.iinfo(np.int64).max)
    nxt_state = np.where(same_next, np.roll(new, -1), NONE)
    may_overlap = same_next & (new != NONE) & (nxt_state != NONE) & ~(
        np.isin(new, PLACE) & np.isin(nxt_state, PLACE))
    ext = np.minimum(r_ext.integers(1, 46, person.size), nxt_len - 1)
    overlap = may_overlap & (r_ext.random(person.size) < 0.20) & (ext > 0)
    extended = end[overlap] + ext[overlap]
    spells.loc[overlap, "end"] = np.where(extended > extract_end, NAT, extended)

    primary = spells[spells["state"] != NONE].copy()
    all_spells = primary[["person", "state", "start", "end"]].copy()
    primary["code"] = primary["state"].astype(np.int64) - 1  # ALL_CODES index of a state
    primary["andre"] = False
    # bevilget_af for § 11.3 courses, from the municipality's yearly share.
    f113 = primary["state"].to_numpy() == F113
    start_years = primary["start"].to_numpy().astype("datetime64[D]").astype("datetime64[Y]")
    start_years = start_years.astype(np.int64) + 1970
    share = np.zeros(len(primary))
    mun_arr = primary["mun"].to_numpy()
    for i, p in enumerate(prof):
        sel = mun_arr == i
        share[sel] = curve_values(p.andre_share, start_years[sel])
    primary["andre"] = f113 & (r_ext.random(len(primary)) < share)

    parts = [primary[["person", "code", "start", "end", "andre"]]]

    # --- parent-directed measures inside placements ---------------------------------------
    pl = primary[np.isin(primary["state"].to_numpy(), PLACE)]
    p_share = np.array([p.parent_measure for p in prof])[pl["mun"].to_numpy()]
    pick = r_ext.random(len(pl)) < p_share
    pl = pl[pick]
    st = pl["start"].to_numpy() + r_ext.integers(0, 91, len(pl))
    ln = r_ext.integers(60, 721, len(pl))
    pend = pl["end"].to_numpy()
    en = st + ln
    capped = np.where(pend == NAT, en, np.minimum(en, pend))
    ok = (pend == NAT) | (st <= pend)
    ok &= st <= extract_end
    en = np.where((pend == NAT) & (capped > extract_end), NAT, capped)
    parent = pd.DataFrame({
        "person": pl["person"].to_numpy()[ok], "code": CODE_INDEX[PARENT_CODE],
        "start": st[ok], "end": en[ok], "andre": False,
    })
    parts.append(parent)

    # --- børnefaglige undersøgelser -------------------------------------------------------
    birth = pop.birth
    bfu_parts = []
    up = primary[np.isin(primary["prev_state"].to_numpy(), [NONE, F113])
                 & np.isin(primary["state"].to_numpy(), [*HOME, *PLACE])]
    up = up[r_bfu.random(len(up)) < 0.85]
    bstart = up["start"].to_numpy() - r_bfu.integers(10, 111, len(up))
    from_f113 = up["prev_state"].to_numpy() == F113
    bstart = np.where(from_f113, np.maximum(bstart, up["prev_start"].to_numpy()), bstart)
    bstart = np.maximum(bstart, birth[up["person"].to_numpy()] + 1)
    bfu_parts.append(pd.DataFrame({"person": up["person"].to_numpy(), "start": bstart}))
    f = primary[primary["state"].to_numpy() == F113]
    f = f[r_bfu.random(len(f)) < 0.025]
    bfu_parts.append(pd.DataFrame({
        "person": f["person"].to_numpy(),
        "start": f["start"].to_numpy() + r_bfu.integers(20, 201, len(f)),
    }))

    # --- notifications ---------------------------------------------------------------------
    notes = []
    entries = primary[primary["prev_state"].to_numpy() == NONE]
    p_note = np.where(entries["state"].to_numpy() == F113, 0.4, 0.7)
    entries = entries[r_not.random(len(entries)) < p_note]
    notes.append(pd.DataFrame({
        "person": entries["person"].to_numpy(),
        "start": entries["start"].to_numpy() - r_not.integers(3, 121, len(entries)),
    }))
    # Background notifications: Poisson over each child's time as a child in the window,
    # thinned by a national trend (more notifications over the years) and a municipal level.
    lo = np.maximum(window_start, birth + 1)
    hi = np.minimum(pop.adult - 1, extract_end)
    expo = np.maximum(hi - lo + 1, 0) / 365.25
    mun_level = np.exp(r_not.normal(0.0, 0.15, len(kommuner)))
    lam = 0.016 * 1.6 * mun_level[pop.mun]
    n = r_not.poisson(lam * expo)
    who = np.repeat(np.arange(birth.size), n)
    when = _uniform_days(r_not, lo[who], hi[who])
    yrs = (when.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970)
    trend = np.interp(yrs, [2013, 2019, 2025], [1.0, 1.45, 1.6]) / 1.6
    keep = r_not.random(who.size) < trend
    background = pd.DataFrame({"person": who[keep], "start": when[keep]})
    notes.append(background)
    # Children with home-based measures or placements get more notifications.
    big = primary[primary["state"].to_numpy() != F113]
    s0 = np.maximum(big["start"].to_numpy(), window_start)
    e0 = big["end"].to_numpy()
    e0 = np.where(e0 == NAT, extract_end, np.minimum(e0, extract_end))
    dur = np.maximum(e0 - s0 + 1, 0) / 365.25
    k = r_not.poisson(0.2 * dur)
    idx = np.repeat(np.arange(len(big)), k)
    notes.append(pd.DataFrame({
        "person": big["person"].to_numpy()[idx],
        "start": _uniform_days(r_not, s0[idx], e0[idx]),
    }))
    # 8 % of background notifications are investigated without leading to a measure.
    inv = background[r_bfu.random(len(background)) < 0.08]
    bfu_parts.append(pd.DataFrame({
        "person": inv["person"].to_numpy(),
        "start": inv["start"].to_numpy() + r_bfu.integers(5, 61, len(inv)),
    }))

    bfu = pd.concat(bfu_parts, ignore_index=True)
    bend = bfu["start"].to_numpy() + r_bfu.integers(20, 121, len(bfu))
    bfu["end"] = np.where(bend > extract_end, NAT, bend)
    bfu["code"] = CODE_INDEX[BFU_CODE]
    bfu["andre"] = False
    note = pd.concat(notes, ignore_index=True)
    note["end"] = note["start"]
    note["code"] = CODE_INDEX[NOTIFICATION_CODE]
    note["andre"] = False
    events = pd.concat([bfu, note], ignore_index=True)
    ep = events["person"].to_numpy()
    es = events["start"].to_numpy()
    ok = (es >= window_start) & (es <= extract_end) & (es > birth[ep]) & (es < pop.adult[ep])
    events = events[ok]
    parts.append(events[["person", "code", "start", "end", "andre"]])

    rows = pd.concat(parts, ignore_index=True)
    e = rows["end"].to_numpy()
    rows = rows[(e == NAT) | (e >= window_start)]
    rows = rows.drop_duplicates(["person", "code", "start"])
    rows = rows.sort_values(["person", "start", "code"], kind="stable").reset_index(drop=True)
    return Simulation(
        population=pop, rows=rows, spells=parent_and_primary(all_spells, parent),
        window_start=window_start, extract_end=extract_end,
        start_year=start_year, end_year=end_year,
    )
