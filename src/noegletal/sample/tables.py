"""Build every extract of the data contract from a :class:`~noegletal.sample.simulate.Simulation`.

Each ``*_frame`` function returns a DataFrame with exactly the contract's columns (in the
order of ``noegletal.domain.schema.EXTRACTS``); dates are ``datetime64[ns]``. The aggregate
extracts are derived from the simulated children where the real ones would be:

* ``befolkning``: the simulated population aged 0-17 on the first day of every quarter.
* ``sagstal``: open cases (children with a running measure or investigation, § 11.3 courses
  granted by others excepted) on 1 March and 1 September, spread over a pool of social
  workers sized to the municipality's target caseload.
* ``opfoelgninger``: follow-ups during home-based measures and placements (and § 11.3
  courses where the profile says so) at the municipality's standard interval of the year,
  with gamma-distributed deviations.
* ``udgifter``: child-days per measure times invented daily unit costs, a fixed part for the
  family centre, social workers' salaries (6.45.51) and other administration (6.45.58).
* ``skoletrivsel``: N from the simulated pupils in 4.-9. klasse with and without a measure in
  the school year; the means are drawn around national levels.
* ``sammenligning``: an invented, smooth national series (kommunekode 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.sample.profiles import Profile, curve_values
from noegletal.sample.simulate import (
    ALL_CODES,
    BFU_CODE,
    CODE_INDEX,
    HOME,
    NAT,
    NOTIFICATION_CODE,
    PARENT_CODE,
    PLACE,
    STATES,
    Simulation,
)

DAY_NS = 86_400 * 10**9

# --- helpers --------------------------------------------------------------------------------


def to_datetime(days: np.ndarray) -> np.ndarray:
    """Integer days since 1970-01-01 (``NAT`` = empty) to ``datetime64[ns]``."""
    days = np.asarray(days, dtype=np.int64)
    out = days.astype("datetime64[D]").astype("datetime64[ns]")
    out[days == NAT] = np.datetime64("NaT")
    return out


def days_of(date: str) -> int:
    return int(np.datetime64(date, "D").astype(np.int64))


def codes_index(codes: tuple[str, ...] | list[str]) -> np.ndarray:
    return np.array([CODE_INDEX[c] for c in codes])


MEASURE_CODES = (*STATES[1:], PARENT_CODE)
STEP_CODES_PREVENTIVE = ("forebyggende_11_3",)
HOME_CODES = (*(STATES[i] for i in HOME), PARENT_CODE)
PLACE_CODES = tuple(STATES[i] for i in PLACE)


def running_at(sim: Simulation, t: int, codes: np.ndarray) -> np.ndarray:
    """Boolean mask of ``sim.rows`` with a code in ``codes`` running on day ``t``."""
    r = sim.rows
    end = r["end"].to_numpy()
    return (np.isin(r["code"].to_numpy(), codes) & (r["start"].to_numpy() <= t)
            & ((end == NAT) | (end >= t)))


def distinct_per_mun(sim: Simulation, mask: np.ndarray) -> np.ndarray:
    """Number of distinct persons per municipality among the rows in ``mask``."""
    persons = np.unique(sim.rows["person"].to_numpy()[mask])
    return np.bincount(sim.population.mun[persons], minlength=len(sim.population.kommuner))


# --- foranstaltninger -----------------------------------------------------------------------


def person_ids(sim: Simulation, rng: np.random.Generator) -> pd.DataFrame:
    """Pseudonymous ids ``B`` + 7 digits for every person in the extract.

    Ids are numbered from 1 within each municipality in a random order, so the same id can
    occur in two municipalities (the contract's ids are stable *within* a municipality).
    Returns ``person, kommunekode, barn_id`` sorted by ``person``.
    """
    pop = sim.population
    persons = np.unique(sim.rows["person"].to_numpy())
    mun = pop.mun[persons]
    number = np.zeros(persons.size, dtype=np.int64)
    for i in range(len(pop.kommuner)):
        sel = np.flatnonzero(mun == i)
        number[sel] = rng.permutation(sel.size) + 1
    if number.size and number.max() > 9_999_999:
        raise ValueError("For mange børn i én kommune til 7-cifrede pseudonymer.")
    return pd.DataFrame({
        "person": persons,
        "kommunekode": np.array(pop.kommuner, dtype=np.int64)[mun],
        "barn_id": np.char.add("B", np.char.zfill(number.astype(str), 7)).astype(object),
    })


def foranstaltninger_frame(sim: Simulation, ids: pd.DataFrame) -> pd.DataFrame:
    """One row per course or event (``ids`` from :func:`person_ids`).

    ``bevilget_af`` is ``myndighed`` or ``andre`` on § 11.3 rows and empty on the others.
    """
    pop = sim.population
    rows = sim.rows
    person = rows["person"].to_numpy()
    pos = np.searchsorted(ids["person"].to_numpy(), person)
    code = rows["code"].to_numpy()
    is_f113 = code == CODE_INDEX["forebyggende_11_3"]
    bevilget = np.where(is_f113, np.where(rows["andre"].to_numpy(), "andre", "myndighed"), "")
    frame = pd.DataFrame({
        "kommunekode": ids["kommunekode"].to_numpy()[pos],
        "barn_id": ids["barn_id"].to_numpy()[pos],
        "foedselsdato": to_datetime(pop.birth[person]),
        "indsats": np.array(ALL_CODES, dtype=object)[code],
        "startdato": to_datetime(rows["start"].to_numpy()),
        "slutdato": to_datetime(rows["end"].to_numpy()),
        "bevilget_af": bevilget.astype(object),
    })
    return frame.sort_values(["kommunekode", "barn_id", "startdato", "indsats"],
                             kind="stable").reset_index(drop=True)


# --- befolkning -----------------------------------------------------------------------------


def quarter_starts(start_year: int, end_year: int) -> list[np.datetime64]:
    return [np.datetime64(f"{y}-{m:02d}-01") for y in range(start_year, end_year + 1)
            for m in (1, 4, 7, 10)]


def children_at(sim: Simulation, t: int) -> np.ndarray:
    """Children aged 0-17 on day ``t`` (born on or before ``t``, 18th birthday after ``t``)."""
    pop = sim.population
    alive = (pop.birth <= t) & (pop.adult > t)
    return np.bincount(pop.mun[alive], minlength=len(pop.kommuner))


def befolkning_frame(sim: Simulation) -> pd.DataFrame:
    """Children aged 0-17 per municipality on the first day of every quarter."""
    out = []
    for q in quarter_starts(sim.start_year, sim.end_year):
        n = children_at(sim, int(q.astype(np.int64)))
        out.append(pd.DataFrame({"kommunekode": sim.population.kommuner,
                                 "dato": np.datetime64(q, "ns"), "antal_0_17": n}))
    frame = pd.concat(out, ignore_index=True)
    frame["kommunekode"] = frame["kommunekode"].astype(np.int64)
    frame["antal_0_17"] = frame["antal_0_17"].astype(np.int64)
    return frame.sort_values(["kommunekode", "dato"], kind="stable").reset_index(drop=True)


# --- sagstal --------------------------------------------------------------------------------

FTE_CHOICES = np.array([1.0, 0.9, 0.8, 0.5])
FTE_PROBS = np.array([0.80, 0.05, 0.10, 0.05])


def snapshot_dates(start_year: int, end_year: int) -> list[np.datetime64]:
    return [np.datetime64(f"{y}-{m:02d}-01") for y in range(start_year, end_year + 1)
            for m in (3, 9)]


def open_cases(sim: Simulation, t: int) -> np.ndarray:
    """Open cases per municipality on day ``t`` (see the module docstring)."""
    codes = codes_index([*MEASURE_CODES, BFU_CODE])
    mask = running_at(sim, t, codes) & ~sim.rows["andre"].to_numpy()
    return distinct_per_mun(sim, mask)


def sagstal_frame(
    sim: Simulation, profiles: dict[int, Profile], rng: np.random.Generator
) -> pd.DataFrame:
    """Caseload snapshots per social worker on 1 March and 1 September.

    The pool keeps 90 % of its workers from one snapshot to the next and hires (ids
    ``S001``, ``S002``, ... per municipality) until the FTE reach the open cases divided by
    the profile's target caseload. Cases are shared out in proportion to FTE times a
    gamma-distributed personal weight (coefficient of variation about 0.16).
    """
    dates = snapshot_dates(sim.start_year, sim.end_year)
    cases = np.stack([open_cases(sim, int(d.astype(np.int64))) for d in dates])
    out = []
    for i, k in enumerate(sim.population.kommuner):
        target = curve_values(profiles[k].caseload,
                              np.array([d.astype("datetime64[Y]").astype(int) + 1970
                                        for d in dates]))
        ids: list[int] = []
        fte: list[float] = []
        next_id = 1
        for j, d in enumerate(dates):
            keep = rng.random(len(ids)) < 0.9
            ids = [x for x, kp in zip(ids, keep, strict=True) if kp]
            fte = [x for x, kp in zip(fte, keep, strict=True) if kp]
            need = max(cases[j, i] / target[j], 1.0)
            while sum(fte) > need + 1.0 and len(ids) > 1:
                drop = int(rng.integers(len(ids)))
                ids.pop(drop)
                fte.pop(drop)
            while sum(fte) < need - 0.25:
                ids.append(next_id)
                next_id += 1
                fte.append(float(rng.choice(FTE_CHOICES, p=FTE_PROBS)))
            weights = np.array(fte) * rng.gamma(40.0, 1.0 / 40.0, len(fte))
            n = rng.multinomial(int(cases[j, i]), weights / weights.sum())
            out.append(pd.DataFrame({
                "kommunekode": k, "dato": np.datetime64(d, "ns"),
                "socialraadgiver_id": [f"S{x:03d}" for x in ids],
                "antal_sager": n, "stillingsandel": fte,
            }))
    frame = pd.concat(out, ignore_index=True)
    frame["kommunekode"] = frame["kommunekode"].astype(np.int64)
    frame["antal_sager"] = frame["antal_sager"].astype(np.int64)
    frame["stillingsandel"] = frame["stillingsandel"].astype(np.float64)
    return frame.sort_values(["kommunekode", "dato", "socialraadgiver_id"],
                             kind="stable").reset_index(drop=True)


# --- opfoelgninger --------------------------------------------------------------------------


def _intensity(curve: tuple, years: np.ndarray, knots: np.ndarray) -> np.ndarray | None:
    """Cumulative follow-up intensity at yearly knots (1 unit = one standard interval)."""
    standard = curve_values(curve, years)
    if np.any(standard <= 0):
        if np.all(standard <= 0):
            return None
        standard = np.where(standard <= 0, 1e9, standard)  # no follow-ups in those years
    return np.concatenate([[0.0], np.cumsum(np.diff(knots) / standard)])


def opfoelgninger_frame(
    sim: Simulation, profiles: dict[int, Profile], ids: pd.DataFrame, rng: np.random.Generator,
) -> pd.DataFrame:
    """Follow-ups per child (see the module docstring); only dates in the extract window.

    Within a spell, the time to the next follow-up is gamma distributed (shape 5) with the
    standard interval of the time as mean; the first comes after 25-80 % of an interval.
    ``ids`` maps ``person`` to ``kommunekode, barn_id``.
    """
    rows = sim.rows
    code = rows["code"].to_numpy()
    years = np.arange(sim.start_year - 11, sim.end_year + 1)
    knots = np.array([days_of(f"{y}-01-01") for y in [*years, sim.end_year + 1]], dtype=float)
    groups = {
        "home": codes_index([STATES[i] for i in HOME]),
        "place": codes_index(PLACE_CODES),
        "preventive": codes_index(STEP_CODES_PREVENTIVE),
    }
    mun = sim.population.mun[rows["person"].to_numpy()]
    parts = []
    for g, gcodes in groups.items():
        in_group = np.isin(code, gcodes)
        if g == "preventive":
            in_group &= ~rows["andre"].to_numpy()
        for i, k in enumerate(sim.population.kommuner):
            p = profiles[k]
            curve = {"home": p.followup_home, "place": p.followup_place,
                     "preventive": p.followup_preventive}[g]
            lam = _intensity(curve, years, knots)
            sel = np.flatnonzero(in_group & (mun == i))
            if lam is None or sel.size == 0:
                continue
            start = rows["start"].to_numpy()[sel].astype(float)
            end = rows["end"].to_numpy()[sel]
            end = np.where(end == NAT, sim.extract_end, end).astype(float)
            u0 = np.interp(start, knots, lam)
            u1 = np.interp(end, knots, lam)
            n = np.ceil((u1 - u0) * 1.6 + 3).astype(np.int64)
            rep = np.repeat(np.arange(sel.size), n)
            steps = rng.gamma(5.0, 0.2, rep.size)
            first = np.r_[0, np.cumsum(n)[:-1]]
            steps[first] = rng.uniform(0.25, 0.8, sel.size)
            cum = np.cumsum(steps)
            offset = np.repeat(cum[first] - steps[first], n)
            u = u0[rep] + cum - offset
            day = np.floor(np.interp(u, lam, knots)).astype(np.int64)
            ok = (u <= u1[rep]) & (day >= sim.window_start) & (day <= sim.extract_end)
            parts.append(pd.DataFrame({
                "person": rows["person"].to_numpy()[sel][rep[ok]], "dato": day[ok],
            }))
    fu = pd.concat(parts, ignore_index=True).drop_duplicates()
    fu = fu.merge(ids, on="person", how="left")
    frame = pd.DataFrame({
        "kommunekode": fu["kommunekode"].astype(np.int64).to_numpy(),
        "barn_id": fu["barn_id"].to_numpy(),
        "dato": to_datetime(fu["dato"].to_numpy()),
    })
    return frame.sort_values(["kommunekode", "barn_id", "dato"], kind="stable").reset_index(
        drop=True
    )


# --- prisindeks and udgifter ----------------------------------------------------------------

# Yearly growth of the invented pris- og lønindeks (percent), roughly the service P/L.
PL_GROWTH: dict[int, float] = {
    2012: 1.7, 2013: 1.4, 2014: 1.5, 2015: 1.3, 2016: 1.2, 2017: 1.8, 2018: 1.6, 2019: 1.7,
    2020: 1.9, 2021: 2.2, 2022: 4.6, 2023: 4.0, 2024: 3.2, 2025: 2.7,
}


def price_index(first_year: int, base_year: int) -> dict[int, float]:
    """Index per year with ``base_year = 100`` (growth 2 % a year outside ``PL_GROWTH``)."""
    years = range(first_year, base_year + 1)
    level = {first_year: 1.0}
    for y in years:
        if y > first_year:
            level[y] = level[y - 1] * (1 + PL_GROWTH.get(y, 2.0) / 100)
    return {y: round(100 * level[y] / level[base_year], 2) for y in years}


def prisindeks_frame(first_year: int, end_year: int) -> pd.DataFrame:
    idx = price_index(first_year, end_year)
    return pd.DataFrame({"aar": np.array(list(idx), dtype=np.int64),
                         "indeks": np.array(list(idx.values()), dtype=np.float64)})


# Invented gross daily unit costs in kr., prices of the last year (2025).
DAILY_COST: dict[str, float] = {
    "forebyggende_11_3": 75.0,
    "forebyggende_foranstaltning": 330.0,
    "foraeldrerettet_under_anbringelse": 180.0,
    "doegnophold_familie": 3300.0,
    "eget_vaerelse": 700.0,
    "netvaerkspleje": 330.0,
    "familiepleje": 1400.0,
    "doegninstitution": 4000.0,
    "opholdssted": 3100.0,
    "sikret_institution": 9500.0,
    "kost_efterskole": 700.0,
}

# The accounts (funktion, gruppering) and the measures booked on them, after the project's
# default expenditure model (``noegletal/data/udgiftsmodel.csv``): hovedfunktion 5.28 Tilbud
# til børn og unge med særlige behov with 5.28.20 plejefamilier (groupings by type of foster
# family, 004 = netværksplejefamilier), 5.28.21 forebyggende foranstaltninger, 5.28.22
# opholdssteder mv., 5.28.23 døgninstitutioner and 5.28.24 sikrede døgninstitutioner. The
# groupings on 5.28.21 and 5.28.22 are this sample's own, so that a municipality's own model
# can single out § 11.3 courses or eget værelse.
ACCOUNTS: tuple[tuple[str, str | None, dict[str, float], float], ...] = (
    # funktion, gruppering, {measure: share of its cost booked here}, typical refund share
    ("5.28.20", "001", {"familiepleje": 0.55}, 0.03),
    ("5.28.20", "002", {"familiepleje": 0.30}, 0.03),
    ("5.28.20", "003", {"familiepleje": 0.15}, 0.03),
    ("5.28.20", "004", {"netvaerkspleje": 1.0}, 0.02),
    ("5.28.21", "001", {"forebyggende_foranstaltning": 1.0,
                        "foraeldrerettet_under_anbringelse": 1.0}, 0.03),
    ("5.28.21", "002", {"doegnophold_familie": 1.0}, 0.02),
    ("5.28.21", "003", {"forebyggende_11_3": 1.0}, 0.01),
    ("5.28.22", "001", {"opholdssted": 1.0}, 0.04),
    ("5.28.22", "002", {"eget_vaerelse": 1.0}, 0.03),
    ("5.28.22", "003", {"kost_efterskole": 1.0}, 0.05),
    ("5.28.23", None, {"doegninstitution": 1.0}, 0.12),
    ("5.28.24", None, {"sikret_institution": 1.0}, 0.06),
)
ADMIN_SOCIAL_WORKERS = "6.45.51"
ADMIN_OTHER = "6.45.58"
SALARY_KR = 640_000.0  # yearly cost of one full-time social worker, last year's prices
FAMILY_CENTRE_KR_PER_CHILD = 1_200.0  # fixed part of 5.28.21/001, per child 0-17 a year
OTHER_ADMIN_KR_PER_CHILD = 180.0  # 6.45.58 for municipalities without a hand-written level


def child_days(sim: Simulation, year: int) -> np.ndarray:
    """Days of each measure code per municipality in ``year``: shape (municipalities, codes)."""
    r = sim.spells
    ys, ye = days_of(f"{year}-01-01"), days_of(f"{year}-12-31")
    end = r["end"].to_numpy()
    end = np.where(end == NAT, sim.extract_end, end)
    days = np.clip(np.minimum(end, ye) - np.maximum(r["start"].to_numpy(), ys) + 1, 0, None)
    mun = sim.population.mun[r["person"].to_numpy()]
    n_codes = len(ALL_CODES)
    flat = np.bincount(mun.astype(np.int64) * n_codes + r["code"].to_numpy(), weights=days,
                       minlength=len(sim.population.kommuner) * n_codes)
    return flat.reshape(len(sim.population.kommuner), n_codes)


def udgifter_frame(
    sim: Simulation, profiles: dict[int, Profile], sagstal: pd.DataFrame,
    rng: np.random.Generator, first_year: int,
) -> pd.DataFrame:
    """Yearly gross and net operating expenditure per account, current prices, 1000 kr.

    Service accounts from ``first_year``; administration (6.45.51, 6.45.58) from
    ``start_year``. The last year is ``forventet_regnskab``. Unit costs also rise 0.8 % a
    year in real terms. Net = gross times one minus the account's refund share (drawn
    around the typical share each year), so gross >= net.
    """
    index = price_index(first_year, sim.end_year)
    kommuner = sim.population.kommuner
    fte = (sagstal.assign(aar=sagstal["dato"].dt.year)
           .groupby(["kommunekode", "aar", "dato"])["stillingsandel"].sum()
           .groupby(["kommunekode", "aar"]).mean())
    out = []
    for year in range(first_year, sim.end_year + 1):
        price = index[year] / 100 * (1 - 0.008 * (sim.end_year - year))
        days = child_days(sim, year)
        mid = children_at(sim, days_of(f"{year}-07-01"))
        for i, k in enumerate(kommuner):
            p = profiles[k]
            level = p.cost_level
            in_service_fte = float(curve_values(p.fte_in_service, np.array([year]))[0])
            for funktion, gruppering, codes, refund in ACCOUNTS:
                gross = sum(days[i, CODE_INDEX[c]] * DAILY_COST[c] * part
                            for c, part in codes.items())
                if gross == 0:
                    continue  # nothing booked on the account that year
                if (funktion, gruppering) == ("5.28.21", "001"):
                    gross += FAMILY_CENTRE_KR_PER_CHILD * mid[i]
                    gross += in_service_fte * SALARY_KR
                gross *= level * price * float(np.exp(rng.normal(0.0, 0.03)))
                share = float(np.clip(refund + rng.normal(0.0, 0.01), 0.0, 0.5))
                out.append((k, year, funktion, gruppering, gross / 1000, gross * (1 - share) / 1000))
            if year < sim.start_year:
                continue
            workers = float(fte.get((k, year), np.nan))
            if np.isnan(workers):
                continue
            admin = max(workers - in_service_fte, 0.0) * SALARY_KR * price
            admin *= float(np.exp(rng.normal(0.0, 0.02)))
            out.append((k, year, ADMIN_SOCIAL_WORKERS, None, admin / 1000, admin / 1000))
            other = float(curve_values(p.admin_other_1000_kr, np.array([year]))[0]) * 1000
            if other <= 0:
                other = OTHER_ADMIN_KR_PER_CHILD * mid[i]
            other *= price * float(np.exp(rng.normal(0.0, 0.05)))
            share = float(np.clip(rng.normal(0.01, 0.005), 0.0, 0.05))
            out.append((k, year, ADMIN_OTHER, None, other / 1000, other * (1 - share) / 1000))
    frame = pd.DataFrame(out, columns=["kommunekode", "aar", "funktion", "gruppering",
                                       "brutto_1000_kr", "netto_1000_kr"])
    frame["kommunekode"] = frame["kommunekode"].astype(np.int64)
    frame["aar"] = frame["aar"].astype(np.int64)
    frame["brutto_1000_kr"] = frame["brutto_1000_kr"].round(1)
    frame["netto_1000_kr"] = np.minimum(frame["netto_1000_kr"].round(1), frame["brutto_1000_kr"])
    frame["regnskabstype"] = np.where(frame["aar"] == sim.end_year, "forventet_regnskab",
                                      "regnskab").astype(object)
    frame["gruppering"] = frame["gruppering"].astype(object)
    return frame.sort_values(["kommunekode", "aar", "funktion", "gruppering"],
                             kind="stable", na_position="first").reset_index(drop=True)


# --- skoletrivsel ---------------------------------------------------------------------------

# National additions to øvrige pupils' absence (percentage points) in the years after the
# pandemic; invented, in the direction seen nationally.
ABSENCE_BUMP: dict[int, float] = {2020: 0.6, 2021: 1.9, 2022: 1.5, 2023: 1.1, 2024: 0.9}


def skoletrivsel_frame(
    sim: Simulation, profiles: dict[int, Profile], rng: np.random.Generator
) -> pd.DataFrame:
    """Wellbeing and absence in 4.-9. klasse for udsatte and øvrige pupils per school year.

    A pupil is in 4.-9. klasse in school year ``Y/Y+1`` when born in ``Y-15 .. Y-10``; udsatte
    are those with a § 11.3 course, home-based measure or placement running at some time
    from 1 August ``Y`` to 31 July ``Y+1``. N: 60 % (udsatte) and 80 % (øvrige) answer the
    wellbeing survey, 90 % and 93 % have registered absence. Rows with N = 0 are left out.
    """
    pop = sim.population
    r = sim.rows
    birth_year = pop.birth.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    measure = np.isin(r["code"].to_numpy(), codes_index(MEASURE_CODES))
    end = r["end"].to_numpy()
    end = np.where(end == NAT, sim.extract_end, end)
    n_mun = len(pop.kommuner)
    mun_faglig = rng.normal(0.0, 0.05, n_mun)
    mun_social = rng.normal(0.0, 0.04, n_mun)
    mun_absence = rng.normal(0.0, 0.35, n_mun)
    out = []
    for y in range(sim.start_year + 1, sim.end_year):
        a, b = days_of(f"{y}-08-01"), days_of(f"{y + 1}-07-31")
        pupils = (birth_year >= y - 15) & (birth_year <= y - 10)
        cohort = np.bincount(pop.mun[pupils], minlength=n_mun)
        active = measure & (r["start"].to_numpy() <= b) & (end >= a)
        persons = np.unique(r["person"].to_numpy()[active])
        persons = persons[pupils[persons]]
        udsatte = np.bincount(pop.mun[persons], minlength=n_mun)
        oevrige = cohort - udsatte
        drift = 0.005 * max(0, y - 2019)
        for i, k in enumerate(pop.kommuner):
            p = profiles[k]
            ratio = float(curve_values(p.absence_ratio, np.array([y]))[0])
            base_abs = 4.9 + mun_absence[i]
            bump = ABSENCE_BUMP.get(y, 0.0)
            for gruppe, total, survey, registered in (
                ("udsatte", udsatte[i], 0.60, 0.90), ("oevrige", oevrige[i], 0.80, 0.93),
            ):
                n_faglig = int(rng.binomial(total, survey))
                n_social = n_faglig - int(rng.binomial(n_faglig, 0.01))
                n_absence = int(rng.binomial(total, registered))
                gap = p.school_gap if gruppe == "udsatte" else 0.0
                noise = 0.5 if gruppe == "udsatte" else 0.35
                faglig = 3.72 + mun_faglig[i] - drift - gap
                social = 4.10 + mun_social[i] - drift - 0.9 * gap
                absence = base_abs * ratio + 1.2 * bump if gruppe == "udsatte" else base_abs + bump
                for indikator, n, mean, sd in (
                    ("faglig_trivsel", n_faglig, faglig, noise),
                    ("social_trivsel", n_social, social, noise),
                    ("fravaer_pct", n_absence, absence, 4.0 if gruppe == "udsatte" else 2.0),
                ):
                    if n <= 0:
                        continue
                    value = mean + rng.normal(0.0, sd / np.sqrt(n))
                    lo, hi = (0.5, 30.0) if indikator == "fravaer_pct" else (1.0, 5.0)
                    out.append((k, f"{y}/{(y + 1) % 100:02d}", gruppe, indikator,
                                round(float(np.clip(value, lo, hi)), 2), n))
    frame = pd.DataFrame(out, columns=["kommunekode", "skoleaar", "gruppe", "indikator",
                                       "gennemsnit", "antal"])
    frame["kommunekode"] = frame["kommunekode"].astype(np.int64)
    frame["antal"] = frame["antal"].astype(np.int64)
    return frame


# --- sammenligning --------------------------------------------------------------------------

# Invented national series: (key figure, dimension) -> anchor values by year.
NATIONAL_SERIES: dict[tuple[str, str], tuple[tuple[int, float], ...]] = {
    ("anbragte_pr_1000", ""): ((2015, 10.4), (2020, 9.7), (2025, 9.3)),
    ("anbringelsesform_andel", "institution"): ((2015, 36.0), (2018, 33.0), (2025, 29.0)),
    ("anbringelsesform_andel", "netvaerkspleje"): ((2015, 7.0), (2018, 8.0), (2025, 10.0)),
    ("hjemmebaserede_pr_1000", ""): ((2015, 26.0), (2020, 31.0), (2025, 33.5)),
    ("forebyggende_11_3_pr_1000", ""): ((2015, 5.0), (2020, 7.4), (2025, 8.4)),
}


def tertial_dates(first_year: int, end_year: int) -> list[np.datetime64]:
    return [np.datetime64(f"{y}-{md}") for y in range(first_year, end_year + 1)
            for md in ("01-31", "05-31", "09-30")]


def sammenligning_frame(end_year: int, rng: np.random.Generator) -> pd.DataFrame:
    """National comparator series (kommunekode 0) at the tertial cut-offs 2015-``end_year``.

    Values follow the anchors linearly in time plus small noise; the three placement-form
    shares sum to 100 (familiepleje is the remainder).
    """
    dates = tertial_dates(2015, end_year)
    t = np.array([d.astype("datetime64[D]").astype(np.int64) for d in dates], dtype=float)
    t_years = 1970 + t / 365.2425
    out = []
    values: dict[tuple[str, str], np.ndarray] = {}
    for (kf, dim), curve in NATIONAL_SERIES.items():
        v = curve_values(curve, t_years) + rng.normal(0.0, 0.08, t.size)
        values[(kf, dim)] = np.round(v, 2)
    values[("anbringelsesform_andel", "familiepleje")] = np.round(
        100.0 - values[("anbringelsesform_andel", "institution")]
        - values[("anbringelsesform_andel", "netvaerkspleje")], 2)
    order = [("anbragte_pr_1000", ""), ("anbringelsesform_andel", "familiepleje"),
             ("anbringelsesform_andel", "institution"),
             ("anbringelsesform_andel", "netvaerkspleje"), ("hjemmebaserede_pr_1000", ""),
             ("forebyggende_11_3_pr_1000", "")]
    for kf, dim in order:
        out.append(pd.DataFrame({"kommunekode": 0, "noegletal": kf,
                                 "dato": np.array(dates, dtype="datetime64[ns]"),
                                 "dimension": dim, "vaerdi": values[(kf, dim)]}))
    frame = pd.concat(out, ignore_index=True)
    frame["kommunekode"] = frame["kommunekode"].astype(np.int64)
    frame["taeller"] = np.nan  # the published numerator and denominator: not in this series
    frame["naevner"] = np.nan
    return frame


__all__ = [
    "ACCOUNTS",
    "ADMIN_OTHER",
    "ADMIN_SOCIAL_WORKERS",
    "NOTIFICATION_CODE",
    "befolkning_frame",
    "foranstaltninger_frame",
    "opfoelgninger_frame",
    "prisindeks_frame",
    "sagstal_frame",
    "sammenligning_frame",
    "skoletrivsel_frame",
    "udgifter_frame",
]
