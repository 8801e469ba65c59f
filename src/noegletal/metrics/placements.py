"""Theme A — anbringelsesmønster (placement pattern).

Definitions (catalogue section A; common definitions in :mod:`noegletal.metrics.engine`):

* ``anbragte_pr_1000``: children (under 18 at ``t``) placed at ``t``, per 1000 children aged
  0-17 in the municipality at ``t``.
* ``anbringelsesform_andel``: of the children placed at ``t``, the share (percent) in each
  placement form, where a child with several placements running counts once in the form of
  the placement with the latest ``startdato`` (tie: highest step). The three shares sum to 100.
* ``institution_ophoert_andel``: for each cut-off ``t`` with a previous cut-off ``s``: the
  cohort is the children whose placement form at ``s`` is the institution group and who are
  still children at ``t``; ``taeller`` = those of them whose placement form at ``t`` is not the
  institution group (ceased), ``naevner`` = the cohort.
* ``institution_ophoert_hvorhen``: of the ceased, the share whose placement form at ``t`` is
  familiepleje or netvaerkspleje (``anden_anbringelse``) and the share not placed at ``t``
  (``ikke_anbragt``); the two sum to 100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.domain.vocabulary import PLACEMENT_FORMS, STEP_LABELS, STEP_RANK
from noegletal.metrics import engine
from noegletal.metrics.catalogue import Headline, KeyFigure
from noegletal.metrics.context import ComputeContext, empty_result

_NATIONAL_CAVEAT = (
    "Landsgennemsnittet fra Danmarks Statistik rummer også børn anbragt på grund af "
    "funktionsnedsættelse og uledsagede flygtningebørn, så sammenlign med varsomhed."
)
_TIE_RULE = (
    "Et barn med flere anbringelser på samme tid tælles én gang, i formen for den anbringelse "
    "der startede senest; starter to samme dag, vælges det højeste trin på indsatstrappen."
)
_COHORT_18 = (
    "Børn, der er fyldt 18 år ved den senere skæringsdato, er taget ud af kohorten, så en "
    "naturlig afgang ved myndighedsalderen ikke tælles som et ophør (som i rapportens note 30)."
)

DEFINITIONS: list[KeyFigure] = [
    KeyFigure(
        id="anbragte_pr_1000",
        unit_report=True,
        headline=Headline("", "Anbragte pr. 1.000 børn", "anbragte børn pr. 1.000",
                          overview=True),
        theme="anbringelser",
        name="Anbragte børn pr. 1.000 børn",
        how_to_read=(
            "Hvor mange børn og unge under 18 år der var anbragt uden for hjemmet på "
            "skæringsdatoen (på institution, opholdssted, i familiepleje eller netværkspleje), "
            "for hver 1.000 børn på 0-17 år i kommunen. 7 betyder, at 7 ud af 1.000 børn var "
            "anbragt."
        ),
        unit="pr_1000",
        numerator="Antal børn under 18 år med en anbringelse i gang på skæringsdatoen",
        denominator="Antal børn på 0-17 år i kommunen (seneste opgørelse på eller før datoen)",
        inputs=("foranstaltninger", "befolkning"),
        direction="ned",
        caveats=(
            _NATIONAL_CAVEAT,
            "Andelen påvirkes af socioøkonomiske forhold og ændrer sig langsomt; forebyggelse "
            "af anbringelser kan tage flere år om at slå igennem.",
        ),
        source="Socialstyrelsen 2018, Figur 35 (Anbringelsesstatistikken)",
        choices=(
            "Et barn tælles én gang, også når flere anbringelser er i gang på samme tid.",
            "Kun personer under 18 år på skæringsdatoen tælles; efterværn tæller ikke med.",
            "En anbringelse er i gang på datoen, når startdato ≤ dato og slutdatoen er tom "
            "eller ≥ dato.",
        ),
    ),
    KeyFigure(
        id="anbringelsesform_andel",
        headline=Headline("institution", "Andel af de anbragte på institution",
                          "andelen på institution", overview=True),
        theme="anbringelser",
        name="Fordeling på anbringelsesformer",
        how_to_read=(
            "Hvordan de anbragte børn fordeler sig på institution (inkl. opholdssted, sikret "
            "institution og kost- eller efterskole), familiepleje og netværkspleje på "
            "skæringsdatoen. De tre andele giver tilsammen 100 procent. Omlægningen sigtede "
            "mod færre på institution og flere i familie- og netværkspleje."
        ),
        unit="pct",
        numerator="Antal anbragte børn under 18 år i anbringelsesformen",
        denominator="Antal anbragte børn under 18 år i alt",
        inputs=("foranstaltninger",),
        direction="ned",
        caveats=(
            _NATIONAL_CAVEAT,
            "Se de tre former samlet: en stigning i én form modsvares altid af et fald i en "
            "anden.",
        ),
        source="Socialstyrelsen 2018, Figur 36-39 (Anbringelsesstatistikken)",
        dimensions={f: STEP_LABELS[f] for f in PLACEMENT_FORMS},
        choices=(
            _TIE_RULE,
            "Institutionsgruppen omfatter døgninstitution, socialpædagogisk opholdssted, sikret "
            "døgninstitution og kost- eller efterskole.",
            "Alle tre former vises, også med 0 procent, når kommunen har anbragte børn.",
            "Den ønskede retning (bør falde) gælder institutionsandelen, som vises som "
            "overskrift; andelene i familiepleje og netværkspleje håbede man ville stige.",
        ),
    ),
    KeyFigure(
        id="institution_ophoert_andel",
        theme="anbringelser",
        name="Ophørte institutionsanbringelser",
        how_to_read=(
            "Af de børn, der var anbragt på institution ved den forrige skæringsdato, hvor "
            "mange procent der ikke længere er det ved denne skæringsdato. En højere andel "
            "betyder, at flere institutionsanbringelser er afsluttet i perioden."
        ),
        unit="pct",
        numerator="Antal børn i kohorten, der ikke er anbragt på institution ved skæringsdatoen",
        denominator=(
            "Antal børn anbragt på institution ved forrige skæringsdato, som stadig er under "
            "18 år ved skæringsdatoen"
        ),
        inputs=("foranstaltninger",),
        direction="op",
        caveats=(
            "Afhænger af afstanden mellem skæringsdatoerne: med fire måneder imellem (som i "
            "rapporten) er tallet ikke sammenligneligt med et halvårligt eller årligt tal.",
            "Et barn, der flytter fra én institution til en anden, tæller ikke som ophørt.",
        ),
        source="Socialstyrelsen 2018, Figur 40-43 og note 30",
        choices=(
            _COHORT_18,
            "Institutionsanbragt betyder, at barnets anbringelsesform er institutionsgruppen. "
            + _TIE_RULE,
            "Ophørt betyder, at barnets anbringelsesform ved skæringsdatoen ikke er "
            "institutionsgruppen (barnet er i en anden form eller slet ikke anbragt).",
            "Der beregnes intet tal for den første skæringsdato, som ikke har en forrige.",
            "Ønsket retning 'bør stige', fordi omlægningen sigtede mod kortere, målrettede "
            "institutionsanbringelser; rapporten satte ikke et mål.",
        ),
    ),
    KeyFigure(
        id="institution_ophoert_hvorhen",
        theme="anbringelser",
        name="Ophørte institutionsanbringelser – hvorhen",
        how_to_read=(
            "Hvor de børn, hvis institutionsanbringelse er ophørt siden forrige skæringsdato, "
            "befinder sig nu: anbragt i familiepleje eller netværkspleje, eller slet ikke "
            "anbragt (de er gået længere ned ad indsatstrappen). De to andele giver 100 "
            "procent."
        ),
        unit="pct",
        numerator="Antal ophørte i kategorien",
        denominator="Antal ophørte institutionsanbringelser (tælleren i institution_ophoert_andel)",
        inputs=("foranstaltninger",),
        direction="neutral",
        caveats=(
            "Få ophør giver store udsving; se også antallet bag andelen.",
            "'Ikke anbragt' kan dække både hjemmebaserede indsatser og slet ingen indsats.",
        ),
        source="Socialstyrelsen 2018, Figur 44",
        dimensions={
            "anden_anbringelse": "Anbragt i familiepleje eller netværkspleje",
            "ikke_anbragt": "Ikke længere anbragt",
        },
        choices=(
            _COHORT_18,
            "Kategorien afgøres af anbringelsesformen på skæringsdatoen: familiepleje eller "
            "netværkspleje giver 'anden anbringelse', ingen anbringelse i gang giver 'ikke "
            "anbragt'.",
            "Begge kategorier vises, også med 0 procent, når der er mindst ét ophør.",
        ),
    ),
]

IDS = tuple(kf.id for kf in DEFINITIONS)
_FORM_BY_RANK = {STEP_RANK[f]: f for f in PLACEMENT_FORMS}


def compute(ctx: ComputeContext) -> pd.DataFrame:
    """All theme A key figures for every cut-off in ``ctx.datoer``."""
    if not ctx.has("foranstaltninger"):
        ctx.warn(
            "Foranstaltninger mangler, så nøgletallene om anbringelsesmønster er sprunget "
            f"over: {', '.join(IDS)}."
        )
        return empty_result()
    if not ctx.datoer:
        return empty_result()
    p = engine.prepare(ctx)
    kommuner = p.kommuner
    placed_counts = []
    form_rows = []
    ceased_rows = []
    where_rows = []
    prev = None
    for t in ctx.datoer:
        snap = engine.snapshot(ctx, t)
        kids = snap[snap["is_child"].to_numpy()]
        form = kids["form_rank"].to_numpy()
        k = p.child_kpos[kids.index.to_numpy()]
        placed = form >= 0
        n_placed = engine.count_by_kommune(k[placed], kommuner)
        placed_counts.append(pd.DataFrame({"kommunekode": kommuner, "dato": t,
                                           "taeller": n_placed}))
        for rank, name in _FORM_BY_RANK.items():
            form_rows.append(pd.DataFrame({
                "kommunekode": kommuner, "dato": t, "dimension": name,
                "taeller": engine.count_by_kommune(k[form == rank], kommuner),
                "naevner": n_placed,
            }))
        if prev is not None:
            c, w = _ceased(ctx, p, prev, t)
            ceased_rows.append(c)
            where_rows.extend(w)
        prev = t

    parts = [engine.share_rows("anbringelsesform_andel", pd.concat(form_rows))]
    if ceased_rows:
        parts.append(engine.share_rows("institution_ophoert_andel", pd.concat(ceased_rows)))
        parts.append(engine.share_rows("institution_ophoert_hvorhen", pd.concat(where_rows)))
    if engine.population_ready(ctx, ["anbragte_pr_1000"]):
        parts.append(engine.per_1000(ctx, "anbragte_pr_1000", pd.concat(placed_counts)))
    return engine.concat_results(parts)


def _ceased(ctx: ComputeContext, p: engine.Prepared, s: pd.Timestamp,
            t: pd.Timestamp) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    kommuner = p.kommuner
    children = np.flatnonzero(engine.state_arrays(ctx, s).form == engine.INSTITUTION_RANK)
    children = children[p.is_child(children, t)]
    form_t = engine.state_arrays(ctx, t).form[children]
    k = p.child_kpos[children]
    cohort = engine.count_by_kommune(k, kommuner)
    ceased = form_t != engine.INSTITUTION_RANK
    n_ceased = engine.count_by_kommune(k[ceased], kommuner)
    other = engine.count_by_kommune(
        k[(form_t == STEP_RANK["familiepleje"]) | (form_t == STEP_RANK["netvaerkspleje"])],
        kommuner,
    )
    not_placed = engine.count_by_kommune(k[form_t == engine.NOT_PLACED], kommuner)
    share = pd.DataFrame({"kommunekode": kommuner, "dato": t, "taeller": n_ceased,
                          "naevner": cohort})
    where = [
        pd.DataFrame({"kommunekode": kommuner, "dato": t, "dimension": "anden_anbringelse",
                      "taeller": other, "naevner": n_ceased}),
        pd.DataFrame({"kommunekode": kommuner, "dato": t, "dimension": "ikke_anbragt",
                      "taeller": not_placed, "naevner": n_ceased}),
    ]
    return share, where
