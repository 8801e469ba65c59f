"""Theme B — indsatstrappen: home-based measures and movements on the ladder.

Definitions (catalogue section B; common definitions in :mod:`noegletal.metrics.engine`;
``u = t - 12 mdr`` with month-end clipping):

* ``hjemmebaserede_pr_1000``: children (under 18 at ``t``) with at least one home-based
  measure running at ``t``, per 1000 aged 0-17. A placed child with a home-based measure
  running (e.g. a parent-directed measure) counts too.
* ``hjemmebaserede_type_antal``: per home-based type, the number of distinct children (under
  18 at ``t``) with a measure of that type running at ``t``; a child may count under several
  types. Emitted for every type (zeros included) and every municipality in
  ``foranstaltninger``.
* ``hjemmebaserede_type_pr_1000``: the same counts per 1000 aged 0-17.
* ``bevaegelse_fra_hjemmebaserede``: cohort = children (under 18 at ``t``) with a home-based
  measure running at ``u`` who were not placed at ``u``. Outcome at ``t``: ``op`` = placed;
  ``ingen`` = not placed but a home-based measure running; ``ned`` = neither. Shares of the
  cohort; they sum to 100.
* ``trin_overgange``: for every child (under 18 at ``t``) whose step at ``u`` or at ``t`` is not
  ``ingen``: the number of children per pair (step at ``u``, step at ``t``), dimension
  ``a>b``. Only pairs with a count above 0 are emitted; unchanged steps (``a>a``) are pairs too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.domain.calendar import months_back
from noegletal.domain.vocabulary import HOME_BASED_CODES, STEP_LABELS, STEPS
from noegletal.metrics import engine
from noegletal.metrics.catalogue import Headline, KeyFigure
from noegletal.metrics.context import ComputeContext, empty_result, tidy

_TYPE_LABELS = {
    "forebyggende_foranstaltning": "Forebyggende foranstaltninger",
    "doegnophold_familie": "Døgnophold for hele familien",
    "eget_vaerelse": "Eget værelse, kollegium o.l. (hjemmebaseret anbringelse)",
    "foraeldrerettet_under_anbringelse": "Forældrerettede indsatser under anbringelse",
}
_LOCAL_PRACTICE = (
    "Tallene bygger på kommunens egen registrering i fagsystemet og kan ikke sammenlignes "
    "direkte på tværs af kommuner."
)
_HOME_BASED_DEF = (
    "Hjemmebaserede indsatser er forebyggende foranstaltninger, døgnophold for hele familien, "
    "eget værelse/kollegium og forældrerettede indsatser under anbringelse."
)
_AGE_18 = (
    "Kun børn, der stadig er under 18 år ved skæringsdatoen, indgår (rapporten korrigerer kun "
    "for 18-årige ved institutionsanbringelser; her korrigeres også, så det at blive voksen ikke "
    "tælles som en bevægelse ned ad trappen)."
)

DEFINITIONS: list[KeyFigure] = [
    KeyFigure(
        id="hjemmebaserede_pr_1000",
        unit_report=True,
        headline=Headline("", "Hjemmebaserede indsatser pr. 1.000 børn",
                          "hjemmebaserede indsatser", overview=True),
        theme="indsatstrappen",
        name="Modtagere af hjemmebaserede indsatser pr. 1.000 børn",
        how_to_read=(
            "Hvor mange børn og unge under 18 år der modtog mindst én hjemmebaseret indsats på "
            "skæringsdatoen, for hver 1.000 børn på 0-17 år i kommunen. Omlægningen ventede "
            "flere børn på de lavere trin af indsatstrappen."
        ),
        unit="pr_1000",
        numerator="Antal børn under 18 år med mindst én hjemmebaseret indsats i gang på datoen",
        denominator="Antal børn på 0-17 år i kommunen (seneste opgørelse på eller før datoen)",
        inputs=("foranstaltninger", "befolkning"),
        direction="op",
        caveats=(_LOCAL_PRACTICE,),
        source="Socialstyrelsen 2018, Figur 45 (og de tilsvarende figurer for Herning og Hvidovre)",
        choices=(
            _HOME_BASED_DEF,
            "Et barn tælles én gang, selv med flere hjemmebaserede indsatser, og også hvis "
            "barnet samtidig er anbragt (fx ved en forældrerettet indsats under anbringelse).",
        ),
    ),
    KeyFigure(
        id="hjemmebaserede_type_antal",
        theme="indsatstrappen",
        name="Modtagere af hjemmebaserede indsatser efter type (antal)",
        how_to_read=(
            "Hvor mange børn og unge under 18 år der modtog hver type hjemmebaseret indsats på "
            "skæringsdatoen. Et barn med flere typer tælles under hver af dem, så typerne kan "
            "ikke lægges sammen til det samlede antal modtagere."
        ),
        unit="antal",
        numerator="Antal forskellige børn under 18 år med en indsats af typen i gang på datoen",
        denominator="Ingen (et antal)",
        inputs=("foranstaltninger",),
        direction="neutral",
        caveats=(_LOCAL_PRACTICE,),
        source="Socialstyrelsen 2018, Tabel 7, 11 og 15",
        dimensions=dict(_TYPE_LABELS),
        choices=(
            "Alle fire typer vises for hver kommune med foranstaltninger, også med 0.",
        ),
    ),
    KeyFigure(
        id="hjemmebaserede_type_pr_1000",
        theme="indsatstrappen",
        name="Modtagere af hjemmebaserede indsatser efter type pr. 1.000 børn",
        how_to_read=(
            "Antallet af modtagere af hver type hjemmebaseret indsats for hver 1.000 børn på "
            "0-17 år i kommunen. Et barn med flere typer tælles under hver af dem."
        ),
        unit="pr_1000",
        numerator="Antal forskellige børn under 18 år med en indsats af typen i gang på datoen",
        denominator="Antal børn på 0-17 år i kommunen (seneste opgørelse på eller før datoen)",
        inputs=("foranstaltninger", "befolkning"),
        direction="neutral",
        caveats=(_LOCAL_PRACTICE,),
        source="Socialstyrelsen 2018, Tabel 7, 11 og 15",
        dimensions=dict(_TYPE_LABELS),
        choices=("Alle fire typer vises, også med 0.",),
    ),
    KeyFigure(
        id="bevaegelse_fra_hjemmebaserede",
        theme="indsatstrappen",
        name="Bevægelser fra hjemmebaserede indsatser",
        how_to_read=(
            "Af de børn, der for et år siden modtog en hjemmebaseret indsats uden at være "
            "anbragt: hvor mange procent der nu er anbragt (op ad trappen), stadig modtager en "
            "hjemmebaseret indsats (ingen bevægelse), og hvor mange der hverken er anbragt "
            "eller modtager en hjemmebaseret indsats (ned ad trappen). De tre andele giver "
            "100 procent."
        ),
        unit="pct",
        numerator="Antal børn i kohorten med bevægelsen",
        denominator=(
            "Antal børn med en hjemmebaseret indsats og uden anbringelse 12 måneder før "
            "skæringsdatoen, som stadig er under 18 år ved skæringsdatoen"
        ),
        inputs=("foranstaltninger",),
        direction="neutral",
        caveats=(
            _LOCAL_PRACTICE,
            "En bevægelse op kan være den rette indsats til et nyt eller større behov; tallet "
            "skal læses sammen med en faglig vurdering.",
            "'Ned' omfatter både børn på § 11, stk. 3-forløb og børn helt uden indsats.",
        ),
        source="Socialstyrelsen 2018, Figur 46 og note 31",
        dimensions={
            "op": "Op: anbragt",
            "ingen": "Ingen bevægelse: stadig hjemmebaseret",
            "ned": "Ned: hverken anbragt eller hjemmebaseret",
        },
        choices=(
            _AGE_18,
            "12 måneder før regnes i kalendermåneder med klipning til månedens sidste dag "
            "(29. februar 2016 minus 12 måneder er 28. februar 2015).",
            "'Anbragt' betyder, at en anbringelse (netværkspleje, familiepleje eller "
            "institutionsgruppen) er i gang på datoen.",
            "Alle tre udfald vises, også med 0 procent, når kohorten ikke er tom.",
        ),
    ),
    KeyFigure(
        id="trin_overgange",
        theme="indsatstrappen",
        name="Overgange mellem trin på indsatstrappen over 12 måneder",
        how_to_read=(
            "Hvor mange børn der er gået fra ét trin på indsatstrappen for 12 måneder siden til "
            "et andet (eller samme) trin nu. Overgangen fra hjemmebaseret til familiepleje er fx "
            "antallet af børn, der modtog en hjemmebaseret indsats for et år siden og nu er i "
            "familiepleje; «ingen» betyder ingen indsats."
        ),
        unit="antal",
        numerator="Antal børn under 18 år med det pågældende trin for 12 måneder siden og nu",
        denominator="Ingen (et antal)",
        inputs=("foranstaltninger",),
        direction="neutral",
        caveats=(
            _LOCAL_PRACTICE,
            "Viser kun trinnet på de to datoer; bevægelser frem og tilbage imellem ses ikke "
            "(se «Flytninger på indsatstrappen pr. 1.000 børn» på siden Anbringelser).",
        ),
        source=(
            "Projektets eget nøgletal, inspireret af bevægelsesanalysen i Socialstyrelsen 2018 "
            "(Figur 46) og VIVEs 'Indsatstrappen i Københavns Kommune'"
        ),
        dimensions={f"{a}>{b}": f"{STEP_LABELS[a]} → {STEP_LABELS[b]}"
                    for a in STEPS for b in STEPS if not (a == "ingen" and b == "ingen")},
        choices=(
            "Trinnet på en dato er det højeste trin blandt barnets indsatser i gang på datoen "
            "(hændelser som underretninger og børnefaglige undersøgelser er ikke trin).",
            "Kun børn under 18 år på skæringsdatoen indgår, og kun børn med et andet trin end "
            "'ingen' på mindst én af de to datoer.",
            "Kun par med mindst ét barn vises; par med samme trin (fx "
            "'hjemmebaseret>hjemmebaseret') er med.",
        ),
    ),
]

IDS = tuple(kf.id for kf in DEFINITIONS)
_N_TYPES = len(HOME_BASED_CODES)


def compute(ctx: ComputeContext) -> pd.DataFrame:
    """All theme B key figures for every cut-off in ``ctx.datoer``."""
    if not ctx.has("foranstaltninger"):
        ctx.warn(
            "Foranstaltninger mangler, så nøgletallene om indsatstrappen er sprunget over: "
            f"{', '.join(IDS)}."
        )
        return empty_result()
    if not ctx.datoer:
        return empty_result()
    p = engine.prepare(ctx)
    kommuner = p.kommuner
    home_counts, type_counts, movement, transitions = [], [], [], []
    for t in ctx.datoer:
        hb = engine.home_based_types_at(ctx, t)
        hb = hb[hb["is_child"].to_numpy()]
        home_children = np.flatnonzero(engine.state_arrays(ctx, t).home_based)
        home_children = home_children[p.is_child(home_children, t)]
        home_counts.append(pd.DataFrame({
            "kommunekode": kommuner, "dato": t,
            "taeller": engine.count_by_kommune(p.child_kpos[home_children], kommuner),
        }))
        k = p.child_kpos[hb["child"].to_numpy()]
        typ = hb["type"].to_numpy()
        for i, code in enumerate(HOME_BASED_CODES):
            type_counts.append(pd.DataFrame({
                "kommunekode": kommuner, "dato": t, "dimension": code,
                "taeller": engine.count_by_kommune(k[typ == i], kommuner),
            }))
        u = months_back(t, 12)
        before = engine.state_arrays(ctx, u)
        now = engine.state_arrays(ctx, t)
        movement.extend(_movement(p, before, now, t))
        transitions.append(_transitions(p, before, now, t))

    types = pd.concat(type_counts, ignore_index=True)
    types["vaerdi"] = types["taeller"].astype("float64")
    parts = [
        tidy("hjemmebaserede_type_antal", types, dimension="dimension"),
        engine.share_rows("bevaegelse_fra_hjemmebaserede", pd.concat(movement)),
        pd.concat(transitions, ignore_index=True),
    ]
    if engine.population_ready(ctx, ["hjemmebaserede_pr_1000", "hjemmebaserede_type_pr_1000"]):
        parts.append(engine.per_1000(ctx, "hjemmebaserede_pr_1000", pd.concat(home_counts)))
        parts.append(engine.per_1000(ctx, "hjemmebaserede_type_pr_1000", types,
                                     dimensions=HOME_BASED_CODES))
    return engine.concat_results(parts)


def _movement(p: engine.Prepared, before: engine.StateArrays, now: engine.StateArrays,
              t: pd.Timestamp) -> list[pd.DataFrame]:
    """Counts of op/ingen/ned (``taeller``) and the cohort (``naevner``) per municipality."""
    kommuner = p.kommuner
    cohort = np.flatnonzero(before.home_based & (before.form == engine.NOT_PLACED))
    cohort = cohort[p.is_child(cohort, t)]
    placed_t = now.form[cohort] != engine.NOT_PLACED
    home_t = now.home_based[cohort]
    k = p.child_kpos[cohort]
    n = engine.count_by_kommune(k, kommuner)
    outcomes = {
        "op": placed_t,
        "ingen": ~placed_t & home_t,
        "ned": ~placed_t & ~home_t,
    }
    return [
        pd.DataFrame({"kommunekode": kommuner, "dato": t, "dimension": name,
                      "taeller": engine.count_by_kommune(k[mask], kommuner), "naevner": n})
        for name, mask in outcomes.items()
    ]


_N_STEPS = len(STEPS)
_PAIR_NAMES = np.array([f"{x}>{y}" for x in STEPS for y in STEPS], dtype=object)


def _transitions(p: engine.Prepared, before: engine.StateArrays, now: engine.StateArrays,
                 t: pd.Timestamp) -> pd.DataFrame:
    children = np.flatnonzero((before.step > 0) | (now.step > 0))
    children = children[p.is_child(children, t)]
    a = before.step[children].astype(np.int64)
    b = now.step[children].astype(np.int64)
    kpos = p.child_kpos[children]
    n_pairs = _N_STEPS * _N_STEPS
    counts = np.bincount(kpos * n_pairs + a * _N_STEPS + b, minlength=len(p.kommuner) * n_pairs)
    nz = np.flatnonzero(counts)
    frame = pd.DataFrame({
        "kommunekode": p.kommuner[nz // n_pairs],
        "dato": t,
        "dimension": _PAIR_NAMES[nz % n_pairs],
        "vaerdi": counts[nz].astype("float64"),
    })
    return tidy("trin_overgange", frame, dimension="dimension")
