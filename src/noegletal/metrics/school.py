"""Theme E — skoletrivsel og fravær (4.-9. klasse), per school year.

Input: the aggregated ``skoletrivsel`` extract (one row per municipality, school year, group
and indicator with the mean ``gennemsnit`` and the number of pupils ``antal`` behind it).

Definitions (catalogue section E):

* ``faglig_trivsel``, ``social_trivsel`` (index 1-5) and ``fravaer_pct`` (percent): per
  municipality, school year and group (``udsatte`` / ``oevrige``): ``vaerdi`` = the mean,
  ``naevner`` = ``antal`` (N), ``taeller`` empty; ``dimension`` = the group.
* ``<indikator>_forskel``: ``udsatte`` minus ``oevrige`` for the same municipality, school
  year and indicator, emitted only when both groups are present; ``dimension`` ""
  and ``taeller``/``naevner`` empty.

``dato`` is 1 August of the school year's first calendar year (``2016/17`` -> 2016-08-01).
Rows with ``antal`` 0 carry no mean and are not emitted. When the extract holds several rows
for the same municipality, school year, group and indicator they are combined into one
N-weighted mean (with a warning). Municipalities are those present in the extract.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.metrics import engine
from noegletal.metrics.catalogue import Headline, KeyFigure
from noegletal.metrics.context import ComputeContext, empty_result, tidy

GROUPS: dict[str, str] = {"udsatte": "Børn i udsatte positioner", "oevrige": "Øvrige børn"}
INDICATORS: tuple[str, ...] = ("faglig_trivsel", "social_trivsel", "fravaer_pct")

_COMPOSITION = (
    "Gruppen af udsatte børn skifter sammensætning fra år til år: børn, der klarer sig godt "
    "og ikke længere får en indsats, forlader gruppen, og nye kommer til. Tallene er derfor en "
    "overvågning af udviklingen, ikke et mål for virkningen af kommunens indsats."
)
_SCHOOL_ONLY = (
    "Målingen handler kun om trivsel i skolen (folke- og specialskoler, 4.-9. klasse) og siger "
    "ikke noget om børnenes trivsel i øvrigt."
)
_ABSENT = "Elever, der er fraværende på dagen for trivselsmålingen, deltager ikke."
_SOURCE = "Socialstyrelsen 2018, Tabel 12-14 (STIL's nationale trivselsmåling og fraværsdata)"
_DATE_CHOICE = (
    "Skoleåret dateres til 1. august i skoleårets første kalenderår (2016/17 vises som "
    "1. august 2016)."
)
_DUP_CHOICE = (
    "Har udtrækket flere rækker for samme kommune, skoleår, gruppe og indikator, lægges de "
    "sammen til ét gennemsnit vægtet med antal elever."
)


def _trivsel(indicator: str, name: str, aspect: str) -> KeyFigure:
    return KeyFigure(
        id=indicator,
        theme="skoletrivsel",
        name=name,
        how_to_read=(
            f"Elevernes gennemsnitlige {aspect} i 4.-9. klasse på et indeks fra 1 (ringest) "
            "til 5 (bedst), for børn i udsatte positioner og for kommunens øvrige elever. "
            "Målet på sigt er, at de udsatte børns trivsel nærmer sig de øvriges."
        ),
        unit="indeks",
        numerator="Summen af elevernes indeksværdier (ikke oplyst; kun gennemsnittet leveres)",
        denominator="Antal elever i gruppen, der har besvaret trivselsmålingen (N)",
        inputs=("skoletrivsel",),
        direction="op",
        caveats=(_COMPOSITION, _SCHOOL_ONLY, _ABSENT),
        source=_SOURCE,
        frequency="skoleaar",
        dimensions=dict(GROUPS),
        choices=(_DATE_CHOICE, _DUP_CHOICE),
    )


def _forskel(indicator: str, name: str, unit: str, direction: str, reading: str,
             short: str, *, overview: bool = False) -> KeyFigure:
    return KeyFigure(
        id=f"{indicator}_forskel",
        difference_of=indicator,
        headline=Headline("", f"{short}: forskel", f"forskellen i {short.lower()}",
                          overview=overview),
        theme="skoletrivsel",
        name=name,
        how_to_read=reading,
        unit=unit,
        numerator="Gennemsnittet for udsatte børn minus gennemsnittet for øvrige børn",
        denominator="(ingen; en forskel mellem to gennemsnit)",
        inputs=("skoletrivsel",),
        direction=direction,
        caveats=(_COMPOSITION,),
        source=_SOURCE,
        frequency="skoleaar",
        choices=(
            _DATE_CHOICE,
            "Forskellen beregnes kun, når begge grupper har et gennemsnit for skoleåret.",
        ),
    )


DEFINITIONS: list[KeyFigure] = [
    _trivsel("faglig_trivsel", "Faglig trivsel i skolen", "faglige trivsel"),
    _trivsel("social_trivsel", "Social trivsel i skolen", "sociale trivsel"),
    KeyFigure(
        id="fravaer_pct",
        theme="skoletrivsel",
        name="Fravær i skolen",
        how_to_read=(
            "Elevernes gennemsnitlige fravær i procent af skoledagene i 4.-9. klasse, for børn "
            "i udsatte positioner og for kommunens øvrige elever. 9 betyder, at eleverne i "
            "gennemsnit var fraværende 9 procent af tiden."
        ),
        unit="pct",
        numerator="Fraværsprocenten for hver elev (kun gennemsnittet leveres)",
        denominator="Antal elever i gruppen (N)",
        inputs=("skoletrivsel",),
        direction="ned",
        caveats=(_COMPOSITION,
                 "Fravær registreres af den enkelte skole; praksis kan variere mellem skoler."),
        source=_SOURCE,
        frequency="skoleaar",
        dimensions=dict(GROUPS),
        choices=(_DATE_CHOICE, _DUP_CHOICE),
    ),
    _forskel(
        "faglig_trivsel", "Forskel i faglig trivsel (udsatte minus øvrige)", "indekspoint", "op",
        "Hvor meget lavere (negativt tal) de udsatte børns faglige trivsel er end de øvrige "
        "elevers, målt i point på indekset 1-5. Et tal tæt på 0 betyder, at forskellen er "
        "lukket.",
        "Faglig trivsel", overview=True,
    ),
    _forskel(
        "social_trivsel", "Forskel i social trivsel (udsatte minus øvrige)", "indekspoint", "op",
        "Hvor meget lavere (negativt tal) de udsatte børns sociale trivsel er end de øvrige "
        "elevers, målt i point på indekset 1-5. Et tal tæt på 0 betyder, at forskellen er "
        "lukket.",
        "Social trivsel",
    ),
    _forskel(
        "fravaer_pct", "Forskel i fravær (udsatte minus øvrige)", "procentpoint", "ned",
        "Hvor mange procentpoint højere fraværet er blandt de udsatte børn end blandt de "
        "øvrige elever. Et faldende tal betyder, at forskellen mindskes.",
        "Fravær",
    ),
]


def school_year_start(skoleaar: pd.Series) -> pd.Series:
    """1 August of the school year's first calendar year (``"2016/17"`` -> 2016-08-01);
    NaT where no four-digit year opens the text."""
    year = pd.to_numeric(skoleaar.astype(str).str.extract(r"^\s*(\d{4})")[0], errors="coerce")
    out = pd.to_datetime(
        pd.DataFrame({"year": year, "month": 8, "day": 1}), errors="coerce"
    )
    return out


def compute(ctx: ComputeContext) -> pd.DataFrame:
    """Tidy rows of the school wellbeing key figures (see the module docstring)."""
    if not ctx.has("skoletrivsel"):
        ctx.warn("Skoletrivsel mangler, så nøgletallene for trivsel og fravær er sprunget over.")
        return empty_result()
    f = ctx.frames["skoletrivsel"].copy()
    if f.empty:
        return empty_result()
    f["dato"] = school_year_start(f["skoleaar"])
    bad = f["dato"].isna()
    if bad.any():
        examples = ", ".join(sorted(f.loc[bad, "skoleaar"].astype(str).unique())[:3])
        ctx.warn(
            f"Skoletrivsel: {int(bad.sum())} rækker har et skoleår, der ikke kan læses "
            f"(fx {examples}); de er udeladt. Skriv skoleåret som 2016/17."
        )
        f = f[~bad]
    f = f[f["antal"] > 0]
    keys = ["kommunekode", "dato", "indikator", "gruppe"]
    if f.duplicated(keys).any():
        ctx.warn(
            "Skoletrivsel: nogle kommuner har flere rækker for samme skoleår, gruppe og "
            "indikator; de er lagt sammen til ét gennemsnit vægtet med antal elever."
        )
    f = f.assign(vsum=f["gennemsnit"] * f["antal"])
    g = f.groupby(keys, as_index=False).agg(vsum=("vsum", "sum"), antal=("antal", "sum"))
    g["vaerdi"] = g["vsum"] / g["antal"]

    parts = []
    for indicator in INDICATORS:
        rows = g[g["indikator"] == indicator]
        if rows.empty:
            continue
        parts.append(tidy(indicator, rows, denominator="antal", dimension="gruppe"))
        wide = rows.pivot_table(index=["kommunekode", "dato"], columns="gruppe",
                                values="vaerdi", aggfunc="first")
        if {"udsatte", "oevrige"} <= set(wide.columns):
            both = wide.dropna(subset=["udsatte", "oevrige"]).reset_index()
            both["forskel"] = both["udsatte"] - both["oevrige"]
            parts.append(tidy(f"{indicator}_forskel", both, value="forskel"))
    out = engine.concat_results(parts)
    out["taeller"] = out["taeller"].astype(np.float64)
    return out
