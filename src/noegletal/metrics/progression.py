"""H. Progression in named interventions (from ``maalinger``; seed 003, chapters 5-10).

A *series* is one participant's scores on one (``indsats_navn``, ``redskab``, ``skala``). At a
cut-off ``t`` a series counts when it has scores on at least two different days on or before
``t`` and its latest score lies in (``t - 12 mdr``, ``t``]. *First* is the mean of the scores
on its earliest day, *last* the mean of the scores on its latest day on or before ``t``.
Direction, limit and reliable change come from ``redskaber`` (uploaded, else the project's
default): the row for the series' participant type (``deltager_type`` of its latest score),
else the row for everyone. ``dimension`` = ``indsats_navn|redskab|skala``.

* ``progression_foer_gns`` / ``progression_efter_gns`` / ``progression_aendring_gns``: mean
  first score, mean last score, mean of last - first (``naevner`` = series; no ``taeller``).
* ``progression_forbedret_andel`` / ``progression_forvaerret_andel``: share of the series
  whose change in the better (worse) direction is at least ``paalidelig_aendring``, or
  greater than 0 where it is empty or 0.
* ``progression_uden_for_normal_foer_andel`` / ``..._efter_andel``: share of the series with
  a limit whose first (last) score is outside the normal range (``score > graense`` where
  lower is better, ``score < graense`` where higher is better); ``naevner`` = the series
  with a limit; nothing for tools without a limit.
* ``progression_datagrundlag``: dimension ``...|deltagere`` (distinct participants with a
  score in the window), ``...|foer_og_efter`` (counted series), ``...|skemaer`` (scores in
  the window), as seed 003 Tabel 10-1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.domain.interventions import TOTAL_SCALE, default_redskaber, name_keys
from noegletal.metrics.catalogue import KeyFigure
from noegletal.metrics.context import ComputeContext, empty_result, tidy
from noegletal.metrics.engine import concat_results

SERIES = ["kommunekode", "indsats_navn", "redskab", "skala", "deltager_id"]
GROUP = ["kommunekode", "indsats_navn", "redskab", "skala"]
BASIS_PARTS: dict[str, str] = {
    "deltagere": "Deltagere med et skema det seneste år",
    "foer_og_efter": "Deltagere med både en før- og en eftermåling",
    "skemaer": "Udfyldte skemaer det seneste år",
}

_SOURCE = "Rambøll for Socialstyrelsen 2020 (seed 003), kapitel 5-10 og Tabel 10-1"
_NO_EFFECT = ("Uden en sammenligningsgruppe er en ændring en udvikling, ikke en effekt: "
              "deltagerne kunne have udviklet sig på samme måde uden indsatsen.")
_SMALL = ("Grupperne er ofte små; tal bag færre end 5 serier vises som «<5» (rapporten viser "
          "aldrig færre end tre observationer).")
_DROPOUT = ("Kun deltagere med både en før- og en eftermåling indgår; de, der stopper tidligt, "
            "mangler ofte eftermålingen, så resultatet kan se bedre ud end for alle deltagere.")
_SERIES_CHOICE = ("En serie tæller ved en skæringsdato, når den har skemaer på mindst to "
                  "forskellige dage, og det seneste er udfyldt inden for de sidste 12 måneder.")
_SAME_DAY = "Flere skemaer samme dag (fx fra mor og far på samme id) indgår som deres gennemsnit."
_TOOL_CHOICE = ("Grænse og retning kommer fra redskabstabellen (standardtabellen er "
                "dokumenteret i noegletal/data/REDSKABER.md).")


def _kf(id: str, name: str, how: str, unit: str, num: str, den: str, direction: str,
        extra: tuple[str, ...] = (), choices: tuple[str, ...] = ()) -> KeyFigure:
    return KeyFigure(
        id=id, theme="indsatser", name=name, how_to_read=how, unit=unit, numerator=num,
        denominator=den, inputs=("maalinger", "redskaber"), direction=direction,
        caveats=(_NO_EFFECT, _DROPOUT, _SMALL, *extra), source=_SOURCE,
        choices=(_SERIES_CHOICE, _SAME_DAY, _TOOL_CHOICE, *choices),
    )


DEFINITIONS: list[KeyFigure] = [
    _kf("progression_foer_gns", "Gennemsnitlig score ved første måling",
        "Gennemsnittet af deltagernes første score på redskabet (før-målingen), for de "
        "deltagere, der også har en senere måling. Om en høj score er god eller dårlig, "
        "afhænger af redskabet.",
        "point", "Summen af deltagernes første score",
        "Antal deltagere med både en før- og en eftermåling", "neutral"),
    _kf("progression_efter_gns", "Gennemsnitlig score ved seneste måling",
        "Gennemsnittet af de samme deltageres seneste score (eftermålingen). Sammenlign med "
        "første måling: forskellen er deltagernes udvikling i forløbet.",
        "point", "Summen af deltagernes seneste score",
        "Antal deltagere med både en før- og en eftermåling", "neutral"),
    _kf("progression_aendring_gns", "Gennemsnitlig ændring fra første til seneste måling",
        "Seneste minus første score i gennemsnit. Tallet har redskabets fortegn: på et "
        "redskab, hvor lavere er bedre (fx SDQ), er et negativt tal en forbedring; hvor "
        "højere er bedre (fx FIT ORS), er et positivt tal en forbedring.",
        "point", "Summen af deltagernes ændringer",
        "Antal deltagere med både en før- og en eftermåling", "neutral",
        choices=("Ændringen vises som målt (seneste minus første); læsningen som bedre eller "
                 "dårligere følger redskabets retning.",)),
    _kf("progression_forbedret_andel", "Andel med en forbedring",
        "Andelen af deltagerne, hvis score har flyttet sig i den gode retning med mindst "
        "redskabets pålidelige ændring (fx 5 point på FIT ORS for voksne), eller med mere end "
        "0, hvor redskabet ikke har en pålidelig ændring.",
        "pct", "Deltagere med en forbedring", "Deltagere med både en før- og en eftermåling",
        "op", choices=("Uden en pålidelig ændring i redskabstabellen tæller enhver ændring i "
                       "den gode retning.",)),
    _kf("progression_forvaerret_andel", "Andel med en forværring",
        "Andelen af deltagerne, hvis score har flyttet sig i den dårlige retning med mindst "
        "redskabets pålidelige ændring (eller mere end 0). Resten er uændrede.",
        "pct", "Deltagere med en forværring", "Deltagere med både en før- og en eftermåling",
        "ned"),
    _kf("progression_uden_for_normal_foer_andel", "Andel uden for normalområdet ved start",
        "Andelen af deltagerne, hvis første score lå uden for redskabets normalområde (fx over "
        "13 på SDQ's samlede vanskeligheder eller under 25 på FIT ORS for voksne).",
        "pct", "Deltagere med en første score uden for normalområdet",
        "Deltagere med både en før- og en eftermåling på et redskab med en grænse", "neutral",
        extra=("Vises kun for redskaber med en grænse for normalområdet.",)),
    _kf("progression_uden_for_normal_efter_andel", "Andel uden for normalområdet ved seneste "
        "måling",
        "Andelen af de samme deltagere, hvis seneste score lå uden for normalområdet. Færre "
        "end ved start er en udvikling i den gode retning.",
        "pct", "Deltagere med en seneste score uden for normalområdet",
        "Deltagere med både en før- og en eftermåling på et redskab med en grænse", "ned",
        extra=("Vises kun for redskaber med en grænse for normalområdet.",)),
    KeyFigure(
        id="progression_datagrundlag", theme="indsatser", name="Datagrundlag for målingerne",
        how_to_read=("Hvor mange deltagere der har udfyldt skemaer det seneste år, hvor mange "
                     "der både har en før- og en eftermåling, og hvor mange skemaer der er "
                     "udfyldt, pr. indsats og redskab, som rapportens Tabel 10-1."),
        unit="antal_deltagere", numerator="Antal deltagere, serier eller skemaer",
        denominator="Ingen (et antal)", inputs=("maalinger",), direction="neutral",
        caveats=(_DROPOUT, _SMALL), source=_SOURCE,
        dimensions=dict(BASIS_PARTS),
        choices=(_SERIES_CHOICE,
                 "Det seneste år er de 12 måneder op til og med skæringsdatoen."),
    ),
]

# The parts the page and the report show (``noegletal.presentation.themes.indsatser``): the
# data basis (Tabel 10-1) and the development from first to last measurement.
BASIS_FIGURE = "progression_datagrundlag"
DEVELOPMENT_FIGURES: tuple[str, ...] = tuple(
    kf.id for kf in DEFINITIONS if kf.id != BASIS_FIGURE)
MEAN_FIGURES: tuple[str, str] = ("progression_foer_gns", "progression_efter_gns")


def _redskaber(ctx: ComputeContext) -> pd.DataFrame:
    frame = ctx.frames.get("redskaber") if ctx.has("redskaber") else None
    r = frame if frame is not None and len(frame) else default_redskaber()
    return r.assign(redskab=name_keys(r["redskab"]),
                    skala=name_keys(r["skala"].fillna(TOTAL_SCALE)).replace("", TOTAL_SCALE),
                    deltager_type=r["deltager_type"].fillna("").astype(object))


def _tool_params(series: pd.DataFrame, tools: pd.DataFrame) -> pd.DataFrame:
    """``series`` with ``hoejere``, ``graense`` and ``rel`` from the row for its participant
    type, else the row for everyone; ``known`` False where the tool is unknown."""
    cols = ["redskab", "skala", "deltager_type", "hoejere_er_bedre", "graense",
            "paalidelig_aendring"]
    t = tools[cols].drop_duplicates(["redskab", "skala", "deltager_type"])
    own = series.merge(t, on=["redskab", "skala", "deltager_type"], how="left")
    general = series[["redskab", "skala"]].merge(
        t[t["deltager_type"] == ""].drop(columns="deltager_type"), on=["redskab", "skala"],
        how="left")
    use_general = own["hoejere_er_bedre"].isna().to_numpy()
    out = series.copy()
    for c in ("hoejere_er_bedre", "graense", "paalidelig_aendring"):
        out[c] = np.where(use_general, general[c].to_numpy(), own[c].to_numpy())
    out["known"] = out["hoejere_er_bedre"].notna()
    out["hoejere"] = out["hoejere_er_bedre"] == "ja"
    out["graense"] = out["graense"].astype(np.float64)
    out["rel"] = out["paalidelig_aendring"].astype(np.float64)
    return out


def daily_scores(m: pd.DataFrame) -> pd.DataFrame:
    """One row per series and day (same-day scores averaged), sorted by series and day, with
    ``code`` numbering the series and the ``deltager_type`` of the day's last score."""
    daily = (m.groupby([*SERIES, "dato"], sort=True)
             .agg(score=("score", "mean"), deltager_type=("deltager_type", "last"))
             .reset_index())
    daily["code"] = daily.groupby(SERIES, sort=False).ngroup().to_numpy()
    return daily


def series_at(daily: pd.DataFrame, t: pd.Timestamp) -> pd.DataFrame:
    """One row per series with a score on or before ``t``: ``first``, ``last`` (day means),
    ``n_days``, ``last_dato``, ``deltager_type`` (of the latest score) and ``counted``.
    ``daily`` is :func:`daily_scores`."""
    d = daily[daily["dato"].to_numpy() <= np.datetime64(t)]
    if d.empty:
        return pd.DataFrame(columns=[*SERIES, "first", "last", "n_days", "last_dato",
                                     "deltager_type", "counted"])
    codes = d["code"].to_numpy()
    # rows are sorted by series and day: a series' first row is its first day, the row
    # before the next series its last day
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(codes)] - 1
    first, last = d.iloc[starts], d.iloc[ends]
    g = first[SERIES].reset_index(drop=True)
    g["first"] = first["score"].to_numpy()
    g["last"] = last["score"].to_numpy()
    g["n_days"] = ends - starts + 1
    g["last_dato"] = last["dato"].to_numpy()
    g["deltager_type"] = last["deltager_type"].to_numpy()
    start = t - pd.DateOffset(months=12)
    g["counted"] = (g["n_days"] >= 2) & (g["last_dato"] > start)
    return g


def _shares(c: pd.DataFrame) -> pd.DataFrame:
    better = np.where(c["hoejere"], c["last"] - c["first"], c["first"] - c["last"])
    rel = c["rel"].to_numpy()
    has_rel = ~np.isnan(rel) & (rel > 0)
    c = c.assign(
        aendring=c["last"] - c["first"],
        forbedret=np.where(has_rel, better >= rel, better > 0),
        forvaerret=np.where(has_rel, -better >= rel, -better > 0),
        has_limit=~np.isnan(c["graense"].to_numpy()),
    )
    lim = c["graense"].to_numpy()
    out_first = np.where(c["hoejere"], c["first"] < lim, c["first"] > lim)
    out_last = np.where(c["hoejere"], c["last"] < lim, c["last"] > lim)
    c["ude_foer"] = out_first & c["has_limit"]
    c["ude_efter"] = out_last & c["has_limit"]
    return c


def _dimension(frame: pd.DataFrame, suffix: str | pd.Series | None = None) -> pd.Series:
    d = frame["indsats_navn"].astype(str) + "|" + frame["redskab"].astype(str) + "|" + \
        frame["skala"].astype(str)
    return d if suffix is None else d + "|" + suffix


def progression_at(m: pd.DataFrame, tools: pd.DataFrame, t: pd.Timestamp,
                   daily: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tidy rows of every H key figure at cut-off ``t`` (``m``: canonical ``maalinger`` with
    keyed ``redskab``/``skala``; ``tools``: keyed ``redskaber``; ``daily``: the
    :func:`daily_scores` of ``m``, computed when not given)."""
    parts = []
    g = series_at(daily_scores(m) if daily is None else daily, t)
    start = t - pd.DateOffset(months=12)
    window = m[(m["dato"] > start) & (m["dato"] <= t)]
    if not window.empty:
        basis = window.groupby(GROUP, sort=True).agg(
            deltagere=("deltager_id", "nunique"), skemaer=("score", "size")).reset_index()
        counted = (g[g["counted"]].groupby(GROUP).size().rename("foer_og_efter")
                   if len(g) else pd.Series(dtype=np.int64, name="foer_og_efter"))
        basis = basis.merge(counted.reset_index(), on=GROUP, how="left")
        basis["foer_og_efter"] = basis["foer_og_efter"].fillna(0)
        long = basis.melt(id_vars=GROUP, value_vars=list(BASIS_PARTS), var_name="part",
                          value_name="vaerdi")
        long["dimension"] = _dimension(long, long["part"])
        long["dato"] = t
        long["taeller"] = long["vaerdi"]
        parts.append(tidy("progression_datagrundlag", long, numerator="taeller",
                          dimension="dimension"))
    c = g[g["counted"]] if len(g) else g
    if len(c):
        c = _tool_params(c.reset_index(drop=True), tools)
        c = _shares(c[c["known"]].reset_index(drop=True))
    if len(c):
        agg = c.groupby(GROUP, sort=True).agg(
            n=("first", "size"), foer=("first", "mean"), efter=("last", "mean"),
            aendring=("aendring", "mean"), forbedret=("forbedret", "sum"),
            forvaerret=("forvaerret", "sum"), n_limit=("has_limit", "sum"),
            ude_foer=("ude_foer", "sum"), ude_efter=("ude_efter", "sum")).reset_index()
        agg["dimension"] = _dimension(agg)
        agg["dato"] = t
        for kf, col in (("progression_foer_gns", "foer"), ("progression_efter_gns", "efter"),
                        ("progression_aendring_gns", "aendring")):
            parts.append(tidy(kf, agg, value=col, denominator="n", dimension="dimension"))
        for kf, col in (("progression_forbedret_andel", "forbedret"),
                        ("progression_forvaerret_andel", "forvaerret")):
            a = agg.assign(vaerdi=100.0 * agg[col] / agg["n"])
            parts.append(tidy(kf, a, numerator=col, denominator="n", dimension="dimension"))
        lim = agg[agg["n_limit"] > 0]
        for kf, col in (("progression_uden_for_normal_foer_andel", "ude_foer"),
                        ("progression_uden_for_normal_efter_andel", "ude_efter")):
            a = lim.assign(vaerdi=100.0 * lim[col] / lim["n_limit"])
            parts.append(tidy(kf, a, numerator=col, denominator="n_limit",
                              dimension="dimension"))
    return concat_results(parts)


def prepared(ctx: ComputeContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``maalinger`` with keyed tool codes and the tool table (cached on ``ctx``)."""
    if "progression" not in ctx.cache:
        m = ctx.frames["maalinger"]
        m = m.assign(redskab=name_keys(m["redskab"]),
                     skala=name_keys(m["skala"].fillna(TOTAL_SCALE)).replace("", TOTAL_SCALE),
                     deltager_type=m["deltager_type"].fillna("barn"))
        ctx.cache["progression"] = (m, _redskaber(ctx))
    return ctx.cache["progression"]


def compute(ctx: ComputeContext) -> pd.DataFrame:
    """Tidy rows of the H key figures at every cut-off (see the module docstring)."""
    if not ctx.has("maalinger") or ctx.frames["maalinger"].empty:
        ctx.warn("Målinger i indsatser mangler, så nøgletallene for udvikling i indsatser er "
                 "sprunget over.")
        return empty_result()
    m, tools = prepared(ctx)
    unknown = sorted(set(m["redskab"]) - set(tools["redskab"]))
    if unknown:
        ctx.warn(f"Måleredskabet/redskaberne {', '.join(unknown)} findes ikke i redskabstabellen; "
                 "deres målinger indgår kun i datagrundlaget.")
    daily = daily_scores(m)
    first = m["dato"].min()
    return concat_results([progression_at(m, tools, t, daily) for t in ctx.datoer
                           if t >= first])
