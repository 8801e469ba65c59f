"""Theme G — flows and volume (beyond Socialstyrelsen's catalogue).

Definitions (catalogue section G and the lead's decisions; common definitions in
:mod:`noegletal.metrics.engine`; ``u = t - 12 mdr`` with month-end clipping):

* ``flytninger_pr_1000``: the month ends ``m_1 < ... < m_n`` with ``u < m <= t``
  (``noegletal.domain.calendar.month_ends_between``; normally 12) and ``m_0`` = the month end
  before ``m_1``. For each ``k = 1..n`` a person who is a child at ``m_k`` and whose step at
  ``m_k`` differs from the step at ``m_{k-1}`` makes one move: ``op`` when higher, ``ned`` when
  lower (``ingen`` is step 0, so starting a first measure is a move up). Moves per 1000 aged
  0-17 at ``t``; ``samlet`` = op + ned.
* ``institution_varighed_dage``: a child's institution-group rows (døgninstitution,
  opholdssted, sikret institution, kost- eller efterskole) are merged into spells when they
  overlap or the next starts at most 1 day after the previous ends. A spell ends on its
  ``slutdato`` (the latest of its rows; an open row keeps the spell open, and open spells do not
  end). Length in days = ``slutdato - startdato + 1``. Spells ending in ``(u, t]`` of persons
  who are children on the spell's end date count: ``vaerdi`` = mean length, ``taeller`` = sum of
  days, ``naevner`` = number of spells.
* ``boern_med_foranstaltning_pr_1000``: children (under 18 at ``t``) whose step at ``t`` is not
  ``ingen`` (``alle``), and those whose step is ``forebyggende`` (``kun_forebyggende``), per
  1000 aged 0-17.
* ``underretninger_pr_1000``: distinct children (under 18 at ``t``) with an ``underretning``
  whose ``startdato`` lies in ``(u, t]``, per 1000 aged 0-17.

``udgift_pr_barn`` belongs to the expenditure module; it uses
:func:`noegletal.metrics.engine.children_with_measures_in_period`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.domain.calendar import month_ends_between, months_back
from noegletal.domain.vocabulary import INDSATS_CODES, STEP_RANK
from noegletal.metrics import engine
from noegletal.metrics.catalogue import KeyFigure
from noegletal.metrics.context import ComputeContext, empty_result, tidy

_SEED_002 = "Københavns Kommune 2018, 'Tæt på Familien' midtvejsevaluering"
_LOCAL_PRACTICE = (
    "Tallene bygger på kommunens egen registrering i fagsystemet og kan ikke sammenlignes "
    "direkte på tværs af kommuner."
)

DEFINITIONS: list[KeyFigure] = [
    KeyFigure(
        id="flytninger_pr_1000",
        page="anbringelser",
        theme="flows",
        name="Flytninger på indsatstrappen pr. 1.000 børn",
        how_to_read=(
            "Hvor mange gange børn er flyttet op eller ned ad indsatstrappen i løbet af de "
            "seneste 12 måneder, for hver 1.000 børn på 0-17 år. Barnets trin ses ved hver "
            "månedsafslutning; skifter trinnet fra én måned til den næste, er det en flytning. "
            "Et barn kan flytte flere gange. Flere flytninger kan betyde, at indsatsen oftere "
            "tilpasses barnets behov."
        ),
        unit="pr_1000",
        numerator="Antal flytninger op, ned eller i alt mellem månedsafslutninger i de 12 måneder",
        denominator="Antal børn på 0-17 år i kommunen på skæringsdatoen",
        inputs=("foranstaltninger", "befolkning"),
        direction="neutral",
        caveats=(
            _LOCAL_PRACTICE,
            "Ændret registreringspraksis (fx at flere rådgivningsforløb registreres) giver "
            "flere flytninger uden at praksis er ændret.",
            "Skift inden for samme måned, som er væk igen ved månedens udgang, ses ikke.",
        ),
        source=(
            f"Projektets eget nøgletal, inspireret af {_SEED_002}, Figur 10 (VIVE, "
            "'Indsatstrappen i Københavns Kommune', 2018)"
        ),
        dimensions={"op": "Flytninger op", "ned": "Flytninger ned", "samlet": "I alt"},
        choices=(
            "Trinnet måles ved hver månedsafslutning i de 12 måneder op til skæringsdatoen og "
            "sammenlignes med månedsafslutningen før; hver ændring er én flytning. Ligger "
            "skæringsdatoen 28. februar året efter et skudår, falder 13 månedsafslutninger i "
            "perioden, og alle 13 bruges.",
            "Gå fra 'ingen' indsats til en indsats er en flytning op, og ophør af alle "
            "indsatser er en flytning ned.",
            "Kun personer, der er under 18 år ved den senere af de to månedsafslutninger, "
            "tælles, så det at blive voksen ikke er en flytning.",
            "Nævneren er antallet af 0-17-årige på skæringsdatoen (VIVE brugte 13-17-årige).",
        ),
    ),
    KeyFigure(
        id="institution_varighed_dage",
        page="anbringelser",
        theme="flows",
        name="Gennemsnitlig varighed af afsluttede institutionsanbringelser",
        how_to_read=(
            "Hvor mange dage institutionsanbringelser, der sluttede inden for de seneste 12 "
            "måneder, i gennemsnit varede. Et barns anbringelser, der ligger i forlængelse af "
            "hinanden (fx flytning fra én institution til en anden), regnes som én samlet "
            "anbringelse."
        ),
        unit="dage",
        numerator="Samlet antal dage i de afsluttede institutionsanbringelser",
        denominator="Antal institutionsanbringelser afsluttet i de 12 måneder",
        inputs=("foranstaltninger",),
        direction="ned",
        caveats=(
            _LOCAL_PRACTICE,
            "Kun afsluttede anbringelser indgår; lange anbringelser, der stadig er i gang, "
            "trækker ikke gennemsnittet op, før de slutter.",
            "Få afsluttede anbringelser giver store udsving fra periode til periode.",
        ),
        source=f"Projektets eget nøgletal, inspireret af {_SEED_002}, Figur 7",
        choices=(
            "Institutionsgruppen omfatter døgninstitution, socialpædagogisk opholdssted, sikret "
            "døgninstitution og kost- eller efterskole.",
            "Et barns rækker i institutionsgruppen lægges sammen, når de overlapper, eller når "
            "den næste starter højst 1 dag efter, at den forrige sluttede.",
            "Varigheden tæller begge endedage med: slutdato minus startdato plus 1.",
            "En anbringelse tæller i perioden, når den samlede anbringelses slutdato ligger i "
            "de 12 måneder op til skæringsdatoen (første dag ikke medregnet).",
            "Kun anbringelser, der sluttede før barnets 18-års fødselsdag, indgår.",
        ),
    ),
    KeyFigure(
        id="boern_med_foranstaltning_pr_1000",
        theme="flows",
        name="Børn med en indsats pr. 1.000 børn",
        how_to_read=(
            "Hvor mange børn og unge under 18 år der havde mindst én indsats i gang på "
            "skæringsdatoen (fra et forebyggende forløb til en anbringelse), for hver 1.000 "
            "børn på 0-17 år. 'Kun forebyggende' er dem, hvis højeste trin er et forebyggende "
            "forløb efter § 11, stk. 3."
        ),
        unit="pr_1000",
        numerator="Antal børn under 18 år med en indsats i gang på datoen",
        denominator="Antal børn på 0-17 år i kommunen (seneste opgørelse på eller før datoen)",
        inputs=("foranstaltninger", "befolkning"),
        direction="neutral",
        caveats=(_LOCAL_PRACTICE,),
        source=f"Projektets eget nøgletal, inspireret af {_SEED_002}",
        dimensions={"alle": "Alle med en indsats",
                    "kun_forebyggende": "Kun forebyggende forløb"},
        choices=(
            "Underretninger og børnefaglige undersøgelser er hændelser og tæller ikke som en "
            "indsats.",
            "'Kun forebyggende' betyder, at barnets højeste trin på datoen er forebyggende.",
        ),
    ),
    KeyFigure(
        id="underretninger_pr_1000",
        theme="flows",
        name="Børn med underretninger pr. 1.000 børn",
        how_to_read=(
            "Hvor mange forskellige børn og unge under 18 år kommunen har modtaget mindst én "
            "underretning om i de seneste 12 måneder, for hver 1.000 børn på 0-17 år. Et barn "
            "med flere underretninger tælles én gang."
        ),
        unit="pr_1000",
        numerator="Antal forskellige børn under 18 år med en underretning i de 12 måneder",
        denominator="Antal børn på 0-17 år i kommunen (seneste opgørelse på eller før datoen)",
        inputs=("foranstaltninger", "befolkning"),
        direction="neutral",
        caveats=(
            _LOCAL_PRACTICE,
            "Flere underretninger kan både betyde flere bekymringer og bedre opmærksomhed hos "
            "fagfolk.",
        ),
        source="Projektets eget nøgletal",
        choices=(
            "Perioden er de 12 måneder op til skæringsdatoen: modtagelsesdato efter datoen "
            "minus 12 måneder og senest på skæringsdatoen.",
            "Kun børn, der er under 18 år på skæringsdatoen, tælles.",
        ),
    ),
]

IDS = tuple(kf.id for kf in DEFINITIONS)
_PER_1000_IDS = [i for i in IDS if i.endswith("_pr_1000")]


def compute(ctx: ComputeContext) -> pd.DataFrame:
    """All theme G key figures (except ``udgift_pr_barn``) for every cut-off."""
    if not ctx.has("foranstaltninger"):
        ctx.warn(
            "Foranstaltninger mangler, så nøgletallene om bevægelser og volumen er sprunget "
            f"over: {', '.join(IDS)}."
        )
        return empty_result()
    if not ctx.datoer:
        return empty_result()
    parts = [institution_duration(ctx)]
    if engine.population_ready(ctx, _PER_1000_IDS):
        parts.append(engine.per_1000(ctx, "flytninger_pr_1000", moves(ctx),
                                     dimensions=("op", "ned", "samlet")))
        parts.append(engine.per_1000(ctx, "boern_med_foranstaltning_pr_1000",
                                     children_with_steps(ctx),
                                     dimensions=("alle", "kun_forebyggende")))
        parts.append(engine.per_1000(ctx, "underretninger_pr_1000", notifications(ctx)))
    return engine.concat_results(parts)


def window_month_ends(t: pd.Timestamp) -> tuple[pd.Timestamp, list[pd.Timestamp]]:
    """``(m_0, [m_1, ..., m_n])`` for cut-off ``t``: the month ends in ``(t - 12 mdr, t]``
    and the month end before the first of them."""
    ends = month_ends_between(months_back(t, 12), t)
    return ends[0] - pd.offsets.MonthEnd(1), ends


def moves(ctx: ComputeContext) -> pd.DataFrame:
    """Counts of moves per ``kommunekode, dato, dimension`` (``op``, ``ned``, ``samlet``)."""
    p = engine.prepare(ctx)
    kommuner = p.kommuner
    windows = [window_month_ends(t) for t in ctx.datoer]
    grid = pd.date_range(min(w[0] for w in windows), max(w[1][-1] for w in windows), freq="ME")
    changes = engine.steps_at_dates(ctx, grid)
    child = changes["child"].to_numpy()
    j = changes["j"].to_numpy()
    grid_ns = grid.asi8
    counted = p.bday18[child] > grid_ns[j]  # a child at the later month end
    child, j, delta = child[counted], j[counted], changes["delta"].to_numpy()[counted]
    kpos = p.child_kpos[child]
    shape = (len(kommuner), len(grid))
    up = np.zeros(shape, dtype=np.int64)
    down = np.zeros(shape, dtype=np.int64)
    np.add.at(up, (kpos[delta > 0], j[delta > 0]), 1)
    np.add.at(down, (kpos[delta < 0], j[delta < 0]), 1)
    # Cumulative sums over the grid: the moves at grid indices a..b are cum[b + 1] - cum[a].
    cum_up = np.concatenate([np.zeros((len(kommuner), 1), np.int64), up.cumsum(axis=1)], axis=1)
    cum_down = np.concatenate([np.zeros((len(kommuner), 1), np.int64), down.cumsum(axis=1)],
                              axis=1)
    rows = []
    for t, (_, ends) in zip(ctx.datoer, windows, strict=True):
        a = grid.get_loc(ends[0])
        b = grid.get_loc(ends[-1])
        n_up = cum_up[:, b + 1] - cum_up[:, a]
        n_down = cum_down[:, b + 1] - cum_down[:, a]
        for name, n in (("op", n_up), ("ned", n_down), ("samlet", n_up + n_down)):
            rows.append(pd.DataFrame({"kommunekode": kommuner, "dato": t, "dimension": name,
                                      "taeller": n}))
    return pd.concat(rows, ignore_index=True)


def institution_spells(ctx: ComputeContext) -> pd.DataFrame:
    """Merged institution-group spells: ``child, kommunekode, start, end, open, days``.

    ``start``/``end`` are Timestamps (``end`` NaT and ``open`` True when the spell is still
    running); ``days`` = end - start + 1 for ended spells.
    """
    key = "flows.institution_spells"
    if key in ctx.cache:
        return ctx.cache[key]
    p = engine.prepare(ctx)
    sel = p.m_rank == STEP_RANK["institution"]
    child = p.m_child[sel]
    # Whole days since the epoch; rows stay sorted by (child, startdato).
    start = p.m_start[sel] // engine.DAY_NS
    end = p.m_end[sel] // engine.DAY_NS
    open_day = engine.OPEN_END // engine.DAY_NS
    span = np.int64(open_day + 10)
    if len(child):
        acc = np.maximum.accumulate(child * span + end)  # running max end within each child
        prev_max = np.r_[np.int64(np.iinfo(np.int64).min // 4), acc[:-1] - child[1:] * span]
        head = np.r_[True, child[1:] != child[:-1]] | (start > prev_max + 1)
        heads = np.flatnonzero(head)
        tails = np.r_[heads[1:] - 1, len(child) - 1]
        s_child = child[heads]
        s_start = start[heads]
        s_end = acc[tails] - s_child * span
    else:
        s_child = s_start = s_end = np.array([], dtype=np.int64)
    is_open = s_end >= open_day
    out = pd.DataFrame({
        "child": s_child,
        "kommunekode": p.child_kommune[s_child],
        "start": pd.to_datetime(s_start * engine.DAY_NS),
        "end": pd.to_datetime(np.where(is_open, np.iinfo(np.int64).min, s_end * engine.DAY_NS)),
        "open": is_open,
        "days": np.where(is_open, 0, s_end - s_start + 1),
    })
    ctx.cache[key] = out
    return out


def institution_duration(ctx: ComputeContext) -> pd.DataFrame:
    """Tidy rows of ``institution_varighed_dage``."""
    p = engine.prepare(ctx)
    kommuner = p.kommuner
    spells = institution_spells(ctx)
    ended = spells[~spells["open"].to_numpy()]
    end_ns = ended["end"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    child_then = p.bday18[ended["child"].to_numpy()] > end_ns
    end_ns = end_ns[child_then]
    kpos = p.child_kpos[ended["child"].to_numpy()[child_then]]
    days = ended["days"].to_numpy()[child_then]
    rows = []
    for t in ctx.datoer:
        u = months_back(t, 12)
        inside = (end_ns > u.value) & (end_ns <= t.value)
        n = np.bincount(kpos[inside], minlength=len(kommuner))
        total = np.bincount(kpos[inside], weights=days[inside], minlength=len(kommuner))
        rows.append(pd.DataFrame({"kommunekode": kommuner, "dato": t,
                                  "taeller": total, "naevner": n}))
    frame = pd.concat(rows, ignore_index=True)
    frame = frame[frame["naevner"] > 0].copy()
    frame["vaerdi"] = frame["taeller"] / frame["naevner"]
    return tidy("institution_varighed_dage", frame, numerator="taeller", denominator="naevner")


def children_with_steps(ctx: ComputeContext) -> pd.DataFrame:
    """Counts per ``kommunekode, dato, dimension`` (``alle``, ``kun_forebyggende``)."""
    p = engine.prepare(ctx)
    kommuner = p.kommuner
    rows = []
    for t in ctx.datoer:
        snap = engine.snapshot(ctx, t)
        kids = snap[snap["is_child"].to_numpy()]
        k = p.child_kpos[kids.index.to_numpy()]
        step = kids["step_rank"].to_numpy()
        rows.append(pd.DataFrame({"kommunekode": kommuner, "dato": t, "dimension": "alle",
                                  "taeller": engine.count_by_kommune(k[step > 0], kommuner)}))
        only = step == STEP_RANK["forebyggende"]
        rows.append(pd.DataFrame({"kommunekode": kommuner, "dato": t,
                                  "dimension": "kun_forebyggende",
                                  "taeller": engine.count_by_kommune(k[only], kommuner)}))
    return pd.concat(rows, ignore_index=True)


def notifications(ctx: ComputeContext) -> pd.DataFrame:
    """Counts per ``kommunekode, dato`` of distinct children with an underretning in the
    12 months up to the cut-off."""
    p = engine.prepare(ctx)
    kommuner = p.kommuner
    sel = p.e_code == INDSATS_CODES.index("underretning")
    child = p.e_child[sel]
    start = p.e_start[sel]
    rows = []
    for t in ctx.datoer:
        u = months_back(t, 12)
        inside = (start > u.value) & (start <= t.value)
        seen = np.zeros(p.n_children, dtype=bool)
        seen[child[inside]] = True
        children = np.flatnonzero(seen)
        children = children[p.is_child(children, t)]
        rows.append(pd.DataFrame({
            "kommunekode": kommuner, "dato": t,
            "taeller": engine.count_by_kommune(p.child_kpos[children], kommuner),
        }))
    return pd.concat(rows, ignore_index=True)
