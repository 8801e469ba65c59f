"""Theme F — sagsbehandling: caseloads and follow-ups (optional extracts).

Definitions (catalogue section F), for every cut-off ``t``:

* Caseload snapshot at ``t``: per municipality, the ``sagstal`` rows with the latest ``dato``
  on or before ``t``. Rows of the same social worker in one snapshot are added together
  first (cases and FTE). A worker's *caseload* is ``antal_sager / stillingsandel`` (cases per
  full-time equivalent).
* ``sagstal_gennemsnit``: sum of cases / sum of FTE of the snapshot; ``taeller`` = the cases,
  ``naevner`` = the FTE.
* ``sagstal_hoejeste`` / ``sagstal_laveste``: the highest / lowest individual caseload (cases
  per FTE) in the snapshot; no ``taeller``/``naevner``.
* Follow-ups: ``opfoelgninger`` rows, with exact duplicates of (municipality, child, date)
  counted once. Two follow-ups on the same child are *consecutive* when no other follow-up on
  the child lies between them; the interval is the number of days between them.
* ``dage_mellem_opfoelgninger_median``: the median interval over the consecutive pairs among
  the follow-ups dated in (``t - 12 mdr``, ``t``]; ``naevner`` = the number of intervals.
* ``opfoelgninger_rettidige_andel``: consecutive pairs over the child's whole history whose
  later follow-up is dated in (``t - 12 mdr``, ``t``] and whose child was under 18 at the
  earlier follow-up; the child's step at the earlier follow-up (engine: highest step of the
  measures running that day) selects the standard in ``MetricParams.followup_standard_days``;
  steps without a standard (``ingen``, ``forebyggende``) are not counted. ``taeller`` = the
  intervals no longer than the standard, ``naevner`` = the intervals counted; percent.

Municipalities are those present in the extract behind each key figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.domain.calendar import months_back
from noegletal.domain.vocabulary import STEP_RANK
from noegletal.metrics import engine
from noegletal.metrics.catalogue import Headline, KeyFigure
from noegletal.metrics.context import ComputeContext, empty_result, tidy

_CASELOAD_CAVEAT = (
    "Sagstal kan ikke uden videre sammenlignes på tværs af kommuner: sagernes tyngde og "
    "myndighedens organisering (fx et særskilt modtagerteam) er forskellige."
)
_SNAPSHOT_CHOICE = (
    "Ved hver skæringsdato bruges kommunens seneste opgørelse af sagstal på eller før "
    "datoen; findes ingen, vises intet tal."
)
_PER_FTE_CHOICE = (
    "Den enkelte rådgivers sagstal regnes pr. årsværk (antal sager divideret med "
    "stillingsandel), så en deltidsansat eller delvist sygemeldt rådgiver ikke fremstår med et "
    "lavt sagstal. Rapportens Tabel 4 viser rå antal og måtte forklare de laveste tal i "
    "fodnoter (delvis sygemelding, nedsat sagstal pga. andre opgaver); pr. årsværk er "
    "højeste og laveste på samme skala som gennemsnittet."
)
_FOLLOWUP_CAVEAT = (
    "Afhænger af, hvordan opfølgninger registreres i fagsystemet; sammenlign med varsomhed "
    "på tværs af kommuner."
)
_DEDUP_CHOICE = (
    "Flere registreringer af en opfølgning på samme barn samme dag tælles som én opfølgning."
)


def _sagstal(kind: str) -> KeyFigure:
    high = kind == "hoejeste"
    word = "højeste" if high else "laveste"
    return KeyFigure(
        id=f"sagstal_{kind}",
        pooling="max" if high else "min",
        theme="sagsbehandling",
        name=f"Sagstal: {word} for en enkelt rådgiver",
        how_to_read=(
            f"Det {word} antal sager pr. årsværk, som en enkelt socialrådgiver havde ved "
            "kommunens seneste opgørelse. Sammen med gennemsnittet viser det, hvor forskellig "
            "sagsbyrden er; forskelle kan være helt legitime, fx når sager fordeles efter tyngde."
        ),
        unit="sager",
        numerator=f"Den enkelte rådgivers antal sager divideret med stillingsandel ({word})",
        denominator="(ingen; et enkelt rådgiversagstal)",
        inputs=("sagstal",),
        direction="neutral",
        caveats=(_CASELOAD_CAVEAT,),
        source="Socialstyrelsen 2018, Tabel 4",
        choices=(_SNAPSHOT_CHOICE, _PER_FTE_CHOICE,
                 "En rådgiver med flere rækker i samme opgørelse lægges sammen til én."),
    )


DEFINITIONS: list[KeyFigure] = [
    KeyFigure(
        id="sagstal_gennemsnit",
        headline=Headline("", "Gennemsnitligt sagstal", "sagstallet", overview=True),
        theme="sagsbehandling",
        name="Gennemsnitligt sagstal pr. socialrådgiver",
        how_to_read=(
            "Hvor mange sager en fuldtidsansat socialrådgiver i myndighed i gennemsnit havde "
            "ved kommunens seneste opgørelse. Partnerskabskommunerne havde et mål på 25 (25-30 "
            "i Herning); i den svenske Borås-model var tallet 15-20."
        ),
        unit="sager",
        numerator="Antal sager i alt",
        denominator="Antal årsværk (summen af stillingsandele)",
        inputs=("sagstal",),
        direction="ikke_stige",
        caveats=(
            _CASELOAD_CAVEAT,
            "Et passende sagstal er en nødvendig, men ikke tilstrækkelig betingelse for hyppig "
            "opfølgning.",
        ),
        source="Socialstyrelsen 2018, Tabel 4",
        choices=(_SNAPSHOT_CHOICE,
                 "Gennemsnittet er summen af sager divideret med summen af årsværk (ikke et "
                 "gennemsnit af de enkelte rådgiveres sagstal)."),
    ),
    _sagstal("hoejeste"),
    _sagstal("laveste"),
    KeyFigure(
        id="dage_mellem_opfoelgninger_median",
        headline=Headline("", "Dage mellem opfølgninger", "dagene mellem opfølgninger"),
        theme="sagsbehandling",
        name="Dage mellem opfølgninger (median)",
        how_to_read=(
            "Det typiske antal dage mellem to opfølgninger på det samme barns sag i de seneste "
            "12 måneder: halvdelen af intervallerne er kortere, halvdelen længere. Hyppig "
            "opfølgning (fx hver 6. uge = 42 dage) var en del af omlægningen."
        ),
        unit="dage",
        numerator="Medianen af antal dage mellem på hinanden følgende opfølgninger",
        denominator="Antal intervaller mellem opfølgninger i perioden",
        inputs=("opfoelgninger",),
        direction="ikke_stige",
        caveats=(
            _FOLLOWUP_CAVEAT,
            "Et barn med kun én opfølgning i perioden bidrager ikke med et interval.",
        ),
        source="Socialstyrelsen 2018, kapitlet om hyppig opfølgning (foreslået nøgletal)",
        choices=(
            "Kun opfølgninger dateret efter skæringsdato minus 12 måneder og senest på "
            "skæringsdatoen indgår; intervallerne er mellem to på hinanden følgende af dem.",
            _DEDUP_CHOICE,
            "Alle opfølgninger i udtrækket indgår, uanset barnets alder.",
        ),
    ),
    KeyFigure(
        id="opfoelgninger_rettidige_andel",
        headline=Headline("", "Rettidige opfølgninger", "andelen af rettidige opfølgninger"),
        parameters=("followup_standard_days", "followup_standard_days_by_kommune"),
        theme="sagsbehandling",
        name="Rettidige opfølgninger",
        how_to_read=(
            "Af intervallerne mellem to opfølgninger på samme barn, der sluttede i de seneste "
            "12 måneder, hvor mange procent der ikke var længere end standarden for barnets "
            "trin (fx 91 dage i hjemmebaserede sager og familiepleje, 42 dage ved "
            "institutionsanbringelse)."
        ),
        unit="pct",
        numerator="Antal intervaller, der højst var så lange som standarden",
        denominator=(
            "Antal intervaller mellem på hinanden følgende opfølgninger, hvor den seneste lå i "
            "perioden og barnet var på et trin med en standard ved den første"
        ),
        inputs=("opfoelgninger", "foranstaltninger"),
        direction="op",
        caveats=(
            _FOLLOWUP_CAVEAT,
            "Kommunernes egne standarder er forskellige (rapportens Tabel 5); standarderne er "
            "en indstilling, der kan ændres.",
        ),
        source=(
            "Projektets eget nøgletal, inspireret af Socialstyrelsen 2018, Tabel 5 (standarder "
            "for opfølgning)"
        ),
        choices=(
            "Intervallerne findes over barnets hele historik; et interval tæller ved den "
            "skæringsdato, hvor den seneste af de to opfølgninger ligger inden for de 12 "
            "måneder før datoen.",
            "Standarden vælges efter barnets trin på dagen for den første af de to opfølgninger "
            "(det højeste trin blandt de foranstaltninger, der var i gang den dag).",
            "Trin uden standard (ingen indsats og forebyggende § 11, stk. 3) tælles ikke med.",
            "Kun intervaller, hvor barnet var under 18 år ved den første opfølgning, tælles.",
            _DEDUP_CHOICE,
        ),
    ),
]


# --------------------------------------------------------------------------------------------
# Caseloads


def _caseloads(ctx: ComputeContext) -> pd.DataFrame:
    f = ctx.frames["sagstal"]
    if f.empty or not ctx.datoer:
        return empty_result()
    workers = f.groupby(["kommunekode", "dato", "socialraadgiver_id"], as_index=False).agg(
        antal_sager=("antal_sager", "sum"), stillingsandel=("stillingsandel", "sum")
    )
    workers["per_fte"] = workers["antal_sager"] / workers["stillingsandel"]
    snap = workers.groupby(["kommunekode", "dato"], as_index=False).agg(
        sager=("antal_sager", "sum"),
        fte=("stillingsandel", "sum"),
        hoejeste=("per_fte", "max"),
        laveste=("per_fte", "min"),
    )
    snap = snap.rename(columns={"dato": "snapshot"}).sort_values("snapshot")
    cut = pd.DataFrame({"dato": ctx.datoer}).merge(
        pd.DataFrame({"kommunekode": snap["kommunekode"].unique()}), how="cross"
    ).sort_values("dato")
    m = pd.merge_asof(cut, snap, left_on="dato", right_on="snapshot", by="kommunekode",
                      direction="backward").dropna(subset=["snapshot"])
    m["gennemsnit"] = m["sager"] / m["fte"]
    return engine.concat_results(
        [
            tidy("sagstal_gennemsnit", m, value="gennemsnit", numerator="sager",
                 denominator="fte"),
            tidy("sagstal_hoejeste", m, value="hoejeste"),
            tidy("sagstal_laveste", m, value="laveste"),
        ]
    )


# --------------------------------------------------------------------------------------------
# Follow-ups


def _followups(ctx: ComputeContext) -> pd.DataFrame:
    """Distinct follow-ups sorted by child then date, with ``child`` (an integer per
    (kommunekode, barn_id)), the previous follow-up on the same child (``prev``, NaT for the
    child's first) and ``days`` between them."""
    f = ctx.frames["opfoelgninger"]
    barn_code, barn_ids = pd.factorize(f["barn_id"].astype(str), sort=False)
    kom = f["kommunekode"].to_numpy(dtype=np.int64)
    pair = kom * np.int64(max(len(barn_ids), 1)) + barn_code.astype(np.int64)
    date = f["dato"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    order = np.lexsort((date, pair))
    pair, date, kom, barn_code = pair[order], date[order], kom[order], barn_code[order]
    # (sized from the arrays, so that no follow-ups at all, as for a unit without any, work)
    keep = np.ones(len(pair), dtype=bool)
    keep[1:] = (pair[1:] != pair[:-1]) | (date[1:] != date[:-1])
    pair, date, kom, barn_code = pair[keep], date[keep], kom[keep], barn_code[keep]
    same = np.zeros(len(pair), dtype=bool)
    same[1:] = pair[1:] == pair[:-1]
    prev = np.where(same, np.r_[0, date[:-1]], 0)
    out = pd.DataFrame({
        "kommunekode": kom,
        "barn_id": np.asarray(barn_ids, dtype=object)[barn_code],
        "dato": date.astype("datetime64[ns]"),
        "child": np.cumsum(~same),
        "prev": pd.to_datetime(np.where(same, prev, np.iinfo(np.int64).min), cache=False),
        "days": np.where(same, (date - prev) // engine.DAY_NS, -1),
    })
    return out


def _child_codes(p: engine.Prepared, kommunekode: np.ndarray, barn_id: np.ndarray) -> np.ndarray:
    """Engine child codes of (kommunekode, barn_id) pairs, -1 where unknown; the same mapping
    as ``engine.child_codes``, by hashing the ids once instead of a MultiIndex lookup."""
    ids, uniq = pd.factorize(
        np.concatenate([p.child_barn_id.astype(str), np.asarray(barn_id).astype(str)]),
        sort=False)
    nb = np.int64(max(len(uniq), 1))
    known = p.child_kommune.astype(np.int64) * nb + ids[: p.n_children]
    query = np.asarray(kommunekode, dtype=np.int64) * nb + ids[p.n_children:]
    order = np.argsort(known, kind="stable")
    pos = np.searchsorted(known[order], query)
    pos_c = np.minimum(pos, max(len(known) - 1, 0))
    found = (pos < len(known)) & (known[order][pos_c] == query) if len(known) else \
        np.zeros(len(query), dtype=bool)
    return np.where(found, order[pos_c] if len(known) else -1, -1).astype(np.int64)


def _steps(p: engine.Prepared, codes: np.ndarray, when: np.ndarray) -> np.ndarray:
    """Step rank at ``when`` (ns) of children ``codes``: the engine's rule (highest step of the
    non-event measures running that day, 0 when none), on the engine's coded measures."""
    out = np.zeros(len(codes), dtype=np.int8)
    known = np.flatnonzero(codes >= 0)
    if len(known) == 0 or len(p.m_child) == 0:
        return out
    first = np.searchsorted(p.m_child, codes[known], side="left")
    counts = np.searchsorted(p.m_child, codes[known], side="right") - first
    q = np.repeat(np.arange(len(known)), counts)
    rows = np.repeat(first - np.cumsum(np.r_[0, counts[:-1]]), counts) + np.arange(counts.sum())
    tq = when[known][q]
    running = (p.m_start[rows] <= tq) & (p.m_end[rows] >= tq)
    best = np.zeros(len(known), dtype=np.int8)
    np.maximum.at(best, q, np.where(running, p.m_rank[rows], 0).astype(np.int8))
    out[known] = best
    return out


def _median_rows(ctx: ComputeContext, f: pd.DataFrame) -> pd.DataFrame:
    kom = f["kommunekode"].to_numpy()
    child = f["child"].to_numpy()
    date = f["dato"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    out = []
    for t in ctx.datoer:
        lo = np.int64(months_back(t, 12).value)
        idx = np.flatnonzero((date > lo) & (date <= np.int64(t.value)))
        if len(idx) < 2:
            continue
        # Rows are sorted by child then date, so consecutive follow-ups are adjacent.
        c, d = child[idx], date[idx]
        pair = c[1:] == c[:-1]
        if not pair.any():
            continue
        days = (d[1:] - d[:-1])[pair] / engine.DAY_NS
        out.append(engine.median_by_kommune(kom[idx][1:][pair], days, t))
    if not out:
        return empty_result()
    return tidy("dage_mellem_opfoelgninger_median", pd.concat(out, ignore_index=True),
                denominator="n")


def _on_time_rows(ctx: ComputeContext, f: pd.DataFrame) -> pd.DataFrame:
    iv = f[f["days"] >= 0]
    if iv.empty:
        return empty_result()
    def by_rank(days: dict[str, int]) -> dict[int, int]:
        return {STEP_RANK[s]: int(d) for s, d in days.items()
                if s in STEP_RANK and d is not None}

    standards = by_rank(ctx.params.followup_standard_days)
    p = engine.prepare(ctx)
    # One engine lookup per distinct child, then per interval.
    heads = np.r_[True, iv["child"].to_numpy()[1:] != iv["child"].to_numpy()[:-1]]
    child_code = _child_codes(p, iv["kommunekode"].to_numpy()[heads],
                              iv["barn_id"].to_numpy()[heads])
    codes = child_code[np.cumsum(heads) - 1]
    prev_ns = iv["prev"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    step = _steps(p, codes, prev_ns)
    is_child = np.zeros(len(iv), dtype=bool)
    known = codes >= 0
    is_child[known] = p.bday18[codes[known]] > prev_ns[known]
    limit = pd.Series(step).map(standards).to_numpy(dtype=np.float64)
    # A municipality's own standards replace the default for its intervals.
    iv_kom = iv["kommunekode"].to_numpy()
    for code in ctx.params.followup_standard_days_by_kommune:
        sel = iv_kom == int(code)
        if sel.any():
            own = by_rank(ctx.params.followup_standards_for(int(code)))
            limit[sel] = pd.Series(step[sel]).map(own).to_numpy(dtype=np.float64)
    keep = is_child & ~np.isnan(limit)
    later = iv["dato"].to_numpy(dtype="datetime64[ns]").astype(np.int64)[keep]
    on_time = (iv["days"].to_numpy()[keep] <= limit[keep]).astype(np.int64)
    kom = iv["kommunekode"].to_numpy()[keep]
    out = []
    for t in ctx.datoer:
        lo = np.int64(months_back(t, 12).value)
        sel = (later > lo) & (later <= np.int64(t.value))
        if not sel.any():
            continue
        out.append(engine.counts_by_kommune(kom[sel], on_time[sel], t))
    if not out:
        return empty_result()
    return engine.share_rows("opfoelgninger_rettidige_andel", pd.concat(out, ignore_index=True))


def compute(ctx: ComputeContext) -> pd.DataFrame:
    """Tidy rows of the casework key figures (see the module docstring)."""
    parts = []
    if ctx.has("sagstal"):
        parts.append(_caseloads(ctx))
    else:
        ctx.warn("Sagstal mangler (valgfrit udtræk), så nøgletallene for sagstal er sprunget "
                 "over.")
    if ctx.has("opfoelgninger"):
        f = _followups(ctx)
        parts.append(_median_rows(ctx, f))
        if ctx.has("foranstaltninger"):
            parts.append(_on_time_rows(ctx, f))
        else:
            ctx.warn("Rettidige opfølgninger kræver foranstaltninger (for barnets trin); "
                     "nøgletallet er sprunget over.")
    else:
        ctx.warn("Opfølgninger mangler (valgfrit udtræk), så nøgletallene for opfølgninger er "
                 "sprunget over.")
    return engine.concat_results(parts)
