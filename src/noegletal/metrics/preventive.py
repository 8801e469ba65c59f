"""Theme C — forebyggende forløb efter § 11, stk. 3 (SEL) / § 30 (Barnets Lov).

Definitions (catalogue section C; common definitions in :mod:`noegletal.metrics.engine`):

* ``forebyggende_11_3_pr_1000``: children (under 18 at ``t``) with at least one
  ``forebyggende_11_3`` course running at ``t`` (whoever granted it), per 1000 children aged
  0-17 in the municipality at ``t``.
* ``forebyggende_11_3_bfu_andel``: the cohort is the children under 18 at ``t`` with a
  ``forebyggende_11_3`` course granted by ``myndighed`` whose ``startdato`` lies in
  (``t - 6 mdr``, ``t``]; ``F`` is the child's first such start. ``taeller`` = the children of
  the cohort with a ``boernefaglig_undersoegelse`` whose ``startdato`` satisfies
  ``F <= startdato <= t``; ``naevner`` = the cohort; ``vaerdi`` in percent.
* ``forebyggende_11_3_bfu_12_mdr``: the cohort is the children with a ``forebyggende_11_3``
  course granted by ``myndighed`` starting in (``t - 24 mdr``, ``t - 12 mdr``]; ``S`` is the
  child's first such start and the child must be under 18 at ``S``. ``taeller`` = those with a
  ``boernefaglig_undersoegelse`` whose ``startdato`` lies in [``S``, ``S + 12 mdr``]
  (calendar months with month-end clipping); ``naevner`` = the cohort.

Shares are emitted per (municipality, cut-off) only when the cohort is not empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.domain.calendar import months_back
from noegletal.domain.vocabulary import INDSATS_CODES
from noegletal.metrics import engine
from noegletal.metrics.catalogue import Headline, KeyFigure
from noegletal.metrics.context import ComputeContext, empty_result

COURSE = "forebyggende_11_3"
BFU = "boernefaglig_undersoegelse"
_COURSE_CODE = INDSATS_CODES.index(COURSE)
_BFU_CODE = INDSATS_CODES.index(BFU)

_REGISTRATION_CAVEAT = (
    "Kan ikke sammenlignes på tværs af kommuner: kommunerne registrerer § 11, stk. 3-forløb "
    "forskelligt, især forløb bevilget af andre end myndigheden (fx tværfaglige teams)."
)
_LEGAL = (
    "§ 11, stk. 3 i serviceloven blev fra 1. januar 2024 til § 30 i barnets lov; koden "
    "forebyggende_11_3 dækker begge."
)

DEFINITIONS: list[KeyFigure] = [
    KeyFigure(
        id="forebyggende_11_3_pr_1000",
        unit_report=True,
        headline=Headline("", "§ 11, stk. 3-forløb pr. 1.000 børn",
                          "forebyggende § 11, stk. 3-forløb", overview=True),
        theme="forebyggende",
        name="Børn i forebyggende forløb (§ 11, stk. 3) pr. 1.000 børn",
        how_to_read=(
            "Hvor mange børn og unge under 18 år der var i gang med et forebyggende forløb "
            "efter § 11, stk. 3 (fra 2024 § 30 i barnets lov) på skæringsdatoen, for hver 1.000 "
            "børn på 0-17 år i kommunen. Et stigende tal tyder på, at kommunen sætter tidligere "
            "ind, før problemerne vokser sig store."
        ),
        unit="pr_1000",
        numerator="Antal børn under 18 år med et § 11, stk. 3-forløb i gang på skæringsdatoen",
        denominator="Antal børn på 0-17 år i kommunen (seneste opgørelse på eller før datoen)",
        inputs=("foranstaltninger", "befolkning"),
        direction="op",
        caveats=(
            _REGISTRATION_CAVEAT,
            "Forløb, der både starter og slutter mellem to skæringsdatoer, tælles ikke med "
            "(rapportens note 35).",
            _LEGAL,
        ),
        source="Socialstyrelsen 2018, Figur 56 og note 35 og 40",
        choices=(
            "Alle § 11, stk. 3-forløb tælles, uanset om de er bevilget af myndigheden eller af "
            "andre (bevilget_af).",
            "Et barn med flere forløb i gang tælles én gang.",
            "Kun personer under 18 år på skæringsdatoen tælles.",
        ),
    ),
    KeyFigure(
        id="forebyggende_11_3_bfu_andel",
        headline=Headline("", "Seneste halve år", "andelen i halvårsopgørelsen"),
        theme="forebyggende",
        name="§ 11, stk. 3-forløb efterfulgt af en børnefaglig undersøgelse (seneste halve år)",
        how_to_read=(
            "Af de børn, der inden for det seneste halve år har fået et forebyggende forløb "
            "efter § 11, stk. 3 bevilget af myndigheden, hvor mange procent der siden har fået "
            "en børnefaglig undersøgelse (§ 50, fra 2024 § 20 i barnets lov). Tallet forventes "
            "ikke at være nul, men det bør ikke stige, når kommunen sætter tidligere ind."
        ),
        unit="pct",
        numerator=(
            "Antal børn i kohorten med en børnefaglig undersøgelse besluttet på eller efter "
            "barnets første forløbsstart i perioden og senest på skæringsdatoen"
        ),
        denominator=(
            "Antal børn under 18 år, der har startet et myndighedsbevilget § 11, stk. 3-forløb "
            "inden for de seneste 6 måneder før skæringsdatoen"
        ),
        inputs=("foranstaltninger",),
        direction="ikke_stige",
        caveats=(
            "En systematisk stikprøve: forløb startet mere end 6 måneder før skæringsdatoen "
            "indgår ikke, selv om de senere følges af en undersøgelse (rapportens note 24).",
            _REGISTRATION_CAVEAT,
            "Bygger ofte på få børn; se tallet sammen med en faglig vurdering af sagerne.",
        ),
        source="Socialstyrelsen 2018, Tabel 6 og note 24",
        choices=(
            "Perioden er de 6 kalendermåneder op til skæringsdatoen: startdato efter "
            "skæringsdato minus 6 måneder og senest på skæringsdatoen.",
            "Har barnet flere forløb i perioden, regnes fra det første; undersøgelsen skal være "
            "besluttet samme dag som eller efter den start.",
            "Kun forløb bevilget af myndigheden (bevilget_af = myndighed) indgår, som i "
            "rapporten.",
            "Kun børn under 18 år på skæringsdatoen indgår.",
        ),
    ),
    KeyFigure(
        id="forebyggende_11_3_bfu_12_mdr",
        headline=Headline("", "Fulgt i 12 måneder", "andelen i tolvmånedersopgørelsen"),
        theme="forebyggende",
        name="§ 11, stk. 3-forløb efterfulgt af en børnefaglig undersøgelse inden for 12 måneder",
        how_to_read=(
            "Af de børn, der startede et myndighedsbevilget forebyggende forløb efter § 11, "
            "stk. 3 for mellem 12 og 24 måneder siden, hvor mange procent der fik en "
            "børnefaglig undersøgelse inden for 12 måneder efter forløbets start. I modsætning "
            "til halvårstallet følger det alle forløb et helt år frem."
        ),
        unit="pct",
        numerator=(
            "Antal børn i kohorten med en børnefaglig undersøgelse besluttet fra forløbets "
            "start til og med 12 måneder efter"
        ),
        denominator=(
            "Antal børn, der som under 18-årige startede et myndighedsbevilget § 11, stk. "
            "3-forløb mellem 24 og 12 måneder før skæringsdatoen"
        ),
        inputs=("foranstaltninger",),
        direction="ikke_stige",
        caveats=(
            _REGISTRATION_CAVEAT,
            "Beskriver forløb startet 1-2 år før skæringsdatoen, så ændringer i praksis slår "
            "først igennem et år senere.",
        ),
        source=(
            "Projektets eget nøgletal, inspireret af Socialstyrelsen 2018, Tabel 6 "
            "(den fulde kohorte, som data på barnniveau gør mulig)"
        ),
        choices=(
            "Kohorten er forløb med startdato efter skæringsdato minus 24 måneder og senest "
            "skæringsdato minus 12 måneder; barnets første sådanne start bruges.",
            "Barnet skal være under 18 år på forløbets startdato (ikke på skæringsdatoen).",
            "Undersøgelsen tæller, når den er besluttet fra og med startdatoen til og med "
            "samme dato 12 kalendermåneder senere.",
            "Kun forløb bevilget af myndigheden indgår.",
        ),
    ),
]

# Composite keys (child, day) for searchsorted: days are offset to stay positive.
_DAY_OFFSET = np.int64(1 << 19)
_DAY_SPAN = np.int64(1 << 21)


def _days(ns: np.ndarray) -> np.ndarray:
    return np.floor_divide(ns, engine.DAY_NS).astype(np.int64) + _DAY_OFFSET


def _day(t: pd.Timestamp) -> np.int64:
    return np.int64(pd.Timestamp(t).normalize().value // engine.DAY_NS) + _DAY_OFFSET


def _courses(ctx: ComputeContext) -> pd.DataFrame:
    """The § 11.3 rows as arrays: child code, start/end (ns), granted by myndighed (bool)."""
    key = "preventive.courses"
    cached = ctx.cache.get(key)
    if cached is not None:
        return cached
    p = engine.prepare(ctx)
    sel = p.m_code == _COURSE_CODE
    granted = ctx.frames["foranstaltninger"]["bevilget_af"].to_numpy(dtype=object)[p.m_row[sel]]
    out = pd.DataFrame(
        {
            "child": p.m_child[sel],
            "start": p.m_start[sel],
            "end": p.m_end[sel],
            # An empty bevilget_af means myndighed (data contract).
            "myndighed": granted != "andre",
        }
    )
    ctx.cache[key] = out
    return out


def _bfu_keys(p: engine.Prepared) -> np.ndarray:
    """Sorted composite keys ``child * span + day`` of every børnefaglig undersøgelse."""
    sel = p.e_code == _BFU_CODE
    keys = p.e_child[sel] * _DAY_SPAN + _days(p.e_start[sel])
    return np.sort(keys)


def _has_bfu_between(bfu: np.ndarray, child: np.ndarray, lo_day: np.ndarray,
                     hi_day: np.ndarray) -> np.ndarray:
    """True where ``child`` has a BFU with ``lo_day <= day <= hi_day`` (vectorised)."""
    if len(bfu) == 0 or len(child) == 0:
        return np.zeros(len(child), dtype=bool)
    lo = child * _DAY_SPAN + lo_day
    pos = np.searchsorted(bfu, lo, side="left")
    found = pos < len(bfu)
    k = bfu[np.minimum(pos, len(bfu) - 1)]
    return found & (k // _DAY_SPAN == child) & (k % _DAY_SPAN <= hi_day)


def _first_start(child: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct children and each one's earliest start."""
    if len(child) == 0:
        return child, start
    order = np.lexsort((start, child))
    c, s = child[order], start[order]
    heads = np.r_[True, c[1:] != c[:-1]]
    return c[heads], s[heads]


def _share_frame(p: engine.Prepared, t: pd.Timestamp, child: np.ndarray,
                 hit: np.ndarray) -> pd.DataFrame:
    return engine.counts_by_kommune(p.child_kommune[child], hit, t)


def compute(ctx: ComputeContext) -> pd.DataFrame:
    """Tidy rows of the three § 11.3 key figures (see the module docstring)."""
    if not ctx.has("foranstaltninger"):
        ctx.warn(
            "Foranstaltninger mangler, så nøgletallene for forebyggende forløb (§ 11, stk. 3) "
            "er sprunget over."
        )
        return empty_result()
    p = engine.prepare(ctx)
    courses = _courses(ctx)
    c_child = courses["child"].to_numpy()
    c_start = courses["start"].to_numpy()
    c_end = courses["end"].to_numpy()
    c_myn = courses["myndighed"].to_numpy()
    bfu = _bfu_keys(p)

    parts = []

    # forebyggende_11_3_pr_1000
    if engine.population_ready(ctx, ["forebyggende_11_3_pr_1000"]):
        counts = []
        for t in ctx.datoer:
            tv = np.int64(t.value)
            run = np.unique(c_child[(c_start <= tv) & (c_end >= tv)])
            run = run[p.bday18[run] > tv]
            counts.append(pd.DataFrame({"kommunekode": p.child_kommune[run], "dato": t,
                                        "taeller": 1}))
        cnt = pd.concat(counts, ignore_index=True) if counts else pd.DataFrame(
            columns=["kommunekode", "dato", "taeller"])
        parts.append(engine.per_1000(ctx, "forebyggende_11_3_pr_1000", cnt))

    # forebyggende_11_3_bfu_andel
    rows_6, rows_12 = [], []
    for t in ctx.datoer:
        tv = np.int64(t.value)
        lo6 = np.int64(months_back(t, 6).value)
        sel = c_myn & (c_start > lo6) & (c_start <= tv)
        child, first = _first_start(c_child[sel], c_start[sel])
        keep = p.bday18[child] > tv
        child, first = child[keep], first[keep]
        if len(child):
            hit = _has_bfu_between(bfu, child, _days(first), np.full(len(child), _day(t)))
            rows_6.append(_share_frame(p, t, child, hit))

        # forebyggende_11_3_bfu_12_mdr
        lo24 = np.int64(months_back(t, 24).value)
        hi12 = np.int64(months_back(t, 12).value)
        sel = c_myn & (c_start > lo24) & (c_start <= hi12)
        child, first = _first_start(c_child[sel], c_start[sel])
        keep = p.bday18[child] > first
        child, first = child[keep], first[keep]
        if len(child):
            uniq, inv = np.unique(first, return_inverse=True)
            # S plus 12 calendar months with month-end clipping, once per distinct start.
            ends = pd.DatetimeIndex(uniq.astype("datetime64[ns]")) + pd.DateOffset(months=12)
            hi_day = _days(ends.asi8.astype(np.int64))[inv]
            hit = _has_bfu_between(bfu, child, _days(first), hi_day)
            rows_12.append(_share_frame(p, t, child, hit))

    if rows_6:
        parts.append(engine.share_rows("forebyggende_11_3_bfu_andel",
                                       pd.concat(rows_6, ignore_index=True)))
    if rows_12:
        parts.append(engine.share_rows("forebyggende_11_3_bfu_12_mdr",
                                       pd.concat(rows_12, ignore_index=True)))
    return engine.concat_results(parts)
