"""Which Statbank tables feed which extract of the data contract: declared once, here.

Two declarations, both read by the fetch, the import of a hand-downloaded file, the tests and
the generated documentation (``docs/STATBANK.md``, :func:`docs_markdown`):

* :data:`TABLES` — one :class:`TableRequest` per DST table: the variables selected and how
  their codes are chosen (explicit codes, codes whose *text* in ``tableinfo`` is given, or
  codes with a prefix), the area and time variables, and which codes are confirmed by DST's
  documentation and which are assumptions checked against ``tableinfo`` at every fetch.
* :data:`MAPPINGS` — one :class:`Mapping` per derived series: the contract extract and
  column(s) it writes, the tables it reads, and how the value is derived (in Danish).

:data:`SOURCES` groups the mappings into the three things an analyst can fetch (one button
each on the Data page): ``befolkning``, ``sammenligning`` and ``udgifter``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from noegletal.datain.statbank.client import DataRequest
from noegletal.datain.statbank.csvtext import TIME_COLUMN, VALUE_COLUMN
from noegletal.datain.statbank.errors import StatbankError
from noegletal.datain.statbank.tableinfo import TableInfo
from noegletal.domain.kommuner import KOMMUNER, MUNICIPALITY_CODES

SOURCE_NAME = "Danmarks Statistik"
NATIONAL_CODES = ("000", "0")  # "Hele landet" in OMRÅDE (confirmed) / ADMKOM, KOMK (either)


@dataclass(frozen=True)
class Pick:
    """How the codes of one variable are chosen.

    Exactly one of ``codes`` (explicit codes), ``texts`` (the codes whose text in
    ``tableinfo`` is one of these, compared without case and extra spaces) or ``prefixes``
    (every code that starts with one of these and has ``length`` characters) is given.
    ``candidates`` are the variable ids to look for, the first one present in ``tableinfo``
    is used (DST names the municipality variable ``OMRÅDE``, ``ADMKOM`` or ``KOMK``).
    """

    candidates: tuple[str, ...]
    codes: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    length: int | None = None
    confirmed: bool = False
    note: str = ""

    @property
    def label(self) -> str:
        return " / ".join(self.candidates)

    def describe(self) -> str:
        if self.codes:
            what = ", ".join(f"`{c}`" for c in self.codes)
        elif self.texts:
            what = "koden med teksten " + " eller ".join(f"«{t}»" for t in self.texts)
        else:
            what = "alle koder, der begynder med " + " eller ".join(
                f"`{p}`" for p in self.prefixes)
            if self.length:
                what += f" ({self.length} cifre)"
        status = "bekræftet" if self.confirmed else "antaget, tjekkes mod tableinfo"
        return f"{what} ({status})" + (f". {self.note}" if self.note else "")

    def variable(self, info: TableInfo) -> str | None:
        for c in self.candidates:
            if info.has(c):
                return info.variable(c).id
        return None

    def resolve(self, info: TableInfo) -> tuple[str, tuple[str, ...]]:
        var_id = self.variable(info)
        if var_id is None:
            raise StatbankError(
                f"Tabellen {info.id} har ingen af variablerne {', '.join(self.candidates)}, som "
                "projektet forventede. Koblingen skal rettes, før tabellen kan hentes.",
                table=info.id,
            )
        var = info.variable(var_id)
        if self.codes:
            missing = [c for c in self.codes if c not in var.codes]
            if missing:
                raise StatbankError(
                    f"Tabellen {info.id} har ikke koden {', '.join(missing)} i {var.id}; "
                    "projektets antagelse om koderne holder ikke længere.", table=info.id)
            return var.id, self.codes
        if self.texts:
            for t in self.texts:
                code = var.code_for_text(t)
                if code is not None:
                    return var.id, (code,)
            raise StatbankError(
                f"Tabellen {info.id} har ingen værdi med teksten "
                f"{' eller '.join(repr(t) for t in self.texts)} i {var.id} ({var.text}).",
                table=info.id)
        found = tuple(c for c in var.codes if c.startswith(self.prefixes)
                      and (self.length is None or len(c) == self.length))
        if not found:
            raise StatbankError(
                f"Tabellen {info.id} har ingen koder, der begynder med "
                f"{', '.join(self.prefixes)}, i {var.id}.", table=info.id)
        return var.id, found


@dataclass(frozen=True)
class TableRequest:
    """What is asked of one DST table. ``area`` and ``time`` are chosen at fetch time (the
    municipalities asked for, the periods from a start year); ``picks`` are the other
    selected variables; every variable not named is eliminated to its total by DST."""

    table: str
    title: str
    area: tuple[str, ...]  # candidate ids of the municipality variable
    picks: tuple[Pick, ...]
    frequency: str  # "kvartal" | "aar"
    national: bool  # also ask for "Hele landet"
    area_confirmed: bool = False
    note: str = ""

    def request(self, info: TableInfo, *, kommuner: Iterable[int] | None = None,
                fra: int | None = None) -> DataRequest:
        """The data call for ``kommuner`` (default all 98) from year ``fra`` on, with every
        code checked against ``info`` (raises :class:`StatbankError` with a Danish message)."""
        area_pick = Pick(self.area, prefixes=("",))
        area_var = area_pick.variable(info)
        if area_var is None:
            raise StatbankError(
                f"Tabellen {info.id} har ingen af områdevariablerne {', '.join(self.area)}.",
                table=info.id)
        known = set(info.codes(area_var))
        wanted = sorted({int(k) for k in (kommuner or MUNICIPALITY_CODES)})
        unknown = [k for k in wanted if k not in KOMMUNER or k == 0]
        if unknown:
            raise StatbankError(f"{', '.join(map(str, unknown))} er ikke kommunekoder.")
        area = [f"{k:03d}" for k in wanted if f"{k:03d}" in known]
        area += [str(k) for k in wanted if f"{k:03d}" not in known and str(k) in known]
        if self.national:
            national = next((c for c in NATIONAL_CODES if c in known), None)
            if national is None:
                raise StatbankError(f"Tabellen {info.id} har ingen kode for hele landet "
                                    f"(000 eller 0) i {area_var}.", table=info.id)
            area.insert(0, national)
        if not area:
            raise StatbankError(f"Tabellen {info.id} har ingen af de valgte kommuner.",
                                table=info.id)
        periods = info.time.codes
        if fra is not None:
            periods = tuple(p for p in periods if int(p[:4]) >= fra)
        if not periods:
            first, last = info.time.codes[0], info.time.codes[-1]
            raise StatbankError(
                f"Tabellen {info.id} dækker {first}-{last}; der er intet fra {fra} og frem.",
                table=info.id)
        variables: dict[str, tuple[str, ...]] = {area_var: tuple(area)}
        for pick in self.picks:
            var_id, codes = pick.resolve(info)
            variables[var_id] = codes
        variables[info.time.id] = periods
        return DataRequest(self.table, variables)


TABLES: dict[str, TableRequest] = {
    t.table: t
    for t in (
        TableRequest(
            "FOLK1A", "Befolkningen den 1. i kvartalet",
            area=("OMRÅDE",), area_confirmed=True, frequency="kvartal", national=True,
            picks=(
                Pick(("ALDER",), codes=tuple(str(a) for a in range(18)), confirmed=True,
                     note="Alder 0 til 17 år, ét år ad gangen."),
                Pick(("KØN",), codes=("TOT",), confirmed=True),
            ),
            note="CIVILSTAND er elimineret (i alt).",
        ),
        TableRequest(
            "ANBAAR9", "Anbragte børn og unge pr. 31. december efter kommune og alder",
            area=("ADMKOM", "KOMK", "OMRÅDE"), frequency="aar", national=True,
            picks=(Pick(("ALDER",), texts=("0-17 år", "0-17 år i alt"),
                        note="Aldersgruppen 0-17 år; koden læses i tableinfo."),),
            note="Alle andre variabler (fx køn) er elimineret (i alt).",
        ),
        TableRequest(
            "ISBU02", "Børn og unge med forebyggende foranstaltninger efter kommune",
            area=("ADMKOM", "KOMK", "OMRÅDE"), frequency="aar", national=True,
            picks=(Pick(("ALDER",), texts=("0-17 år", "0-17 år i alt"),
                        note="Aldersgruppen 0-17 år; koden læses i tableinfo."),),
            note=("Opgjort som børn med mindst én forebyggende foranstaltning i året; "
                  "foranstaltningstypen er elimineret (i alt)."),
        ),
        TableRequest(
            "UND2", "Børn og unge med underretninger efter kommune",
            area=("ADMKOM", "KOMK", "OMRÅDE"), frequency="aar", national=True,
            picks=(Pick(("ALDER",), texts=("0-17 år", "0-17 år i alt"),
                        note="Aldersgruppen 0-17 år; koden læses i tableinfo."),),
            note="Børn med mindst én underretning i året; andre variabler elimineret.",
        ),
        TableRequest(
            "REGK31", "Kommunernes regnskaber på funktioner (drift)",
            area=("OMRÅDE",), area_confirmed=True, frequency="aar", national=False,
            picks=(
                Pick(("FUNKTION",), prefixes=("528", "645"), length=5,
                     note="5.28.xx (anbringelser og forebyggelse) og 6.45.xx (myndighed og "
                          "administration); funktionskoderne læses i tableinfo."),
                Pick(("DRANST",), codes=("1",), confirmed=True, note="1 = drift."),
                Pick(("ART",), codes=("TOT", "UE"), confirmed=True,
                     note="TOT = netto, UE = bruttoudgift."),
                Pick(("PRISENHED",), codes=("LOBM",), confirmed=True,
                     note="LOBM = 1.000 kr., løbende priser."),
            ),
        ),
    )
}


@dataclass(frozen=True)
class Mapping:
    """One derived series: DST table(s) -> extract and column(s) of the data contract."""

    id: str
    extract: str  # "befolkning" | "sammenligning" | "udgifter"
    target: str  # the column(s) written, e.g. "antal_0_17" or "noegletal = anbragte_pr_1000"
    tables: tuple[str, ...]
    derivation: str  # Danish: how the value is derived
    dato: str  # Danish: which date a value gets
    derive: Callable[[dict[str, pd.DataFrame]], tuple[pd.DataFrame, list[str]]] = field(
        repr=False, compare=False, default=None)  # type: ignore[assignment]
    noegletal: str | None = None  # sammenligning: the catalogue id written


# ------------------------------------------------------------------- derivations

_QUARTER = re.compile(r"(\d{4})[KQ]([1-4])")


def quarter_start(code: str) -> dt.date:
    """``2024K1`` (or ``2024Q1``) -> 1 January 2024: FOLK1A counts on the first day of the
    quarter.

    >>> quarter_start("2024K1"), quarter_start("2024K4")
    (datetime.date(2024, 1, 1), datetime.date(2024, 10, 1))
    """
    m = _QUARTER.fullmatch(code)
    if not m:
        raise StatbankError(f"«{code}» er ikke et kvartal som 2024K1.")
    return dt.date(int(m[1]), 3 * (int(m[2]) - 1) + 1, 1)


def area_code(code: str) -> int | None:
    """DST's area code as the contract's kommunekode: ``000``/``0`` -> 0, ``101`` -> 101;
    regions (081-085) and unknown codes -> None."""
    if not code.isdigit():
        return None
    k = int(code)
    if k == 0:
        return 0
    return k if k in MUNICIPALITY_CODES else None


def _area_column(frame: pd.DataFrame, table: str) -> str:
    for c in TABLES[table].area:
        if c.upper() in frame.columns:
            return c.upper()
    raise StatbankError(f"Svaret fra {table} har ingen områdekolonne "
                        f"({', '.join(TABLES[table].area)}).", table=table)


def _with_kommune(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    col = _area_column(frame, table)
    out = frame.copy()
    out["kommunekode"] = out[col].map(area_code)
    return out[out["kommunekode"].notna()].astype({"kommunekode": "int64"})


def _missing_note(table: str, frame: pd.DataFrame, what: str) -> list[str]:
    n = int(frame[VALUE_COLUMN].isna().sum())
    if not n:
        return []
    return [f"{table}: {n} {what} er ikke offentliggjort («..») og er udeladt, ikke sat til 0."]


def population_0_17(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """FOLK1A summed over ages 0-17: kommunekode (0 = Hele landet), dato, antal (NaN when an
    age cell is missing)."""
    folk = _with_kommune(frames["FOLK1A"], "FOLK1A")
    folk = folk.assign(dato=folk[TIME_COLUMN].map(quarter_start))
    summed = folk.groupby(["kommunekode", "dato"], sort=True)[VALUE_COLUMN].agg(
        lambda s: s.sum() if s.notna().all() else np.nan)
    return summed.rename("antal").reset_index()


def derive_befolkning(frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    pop = population_0_17(frames)
    notes = _missing_note("FOLK1A", frames["FOLK1A"], "aldersceller")
    pop = pop[(pop["kommunekode"] != 0) & pop["antal"].notna()]
    out = pd.DataFrame({
        "kommunekode": pop["kommunekode"].astype("int64").to_numpy(),
        "dato": pd.to_datetime(pop["dato"]).to_numpy(),
        "antal_0_17": pop["antal"].round().astype("int64").to_numpy(),
    })
    return out.sort_values(["kommunekode", "dato"], kind="stable").reset_index(drop=True), notes


def _denominator(pop: pd.DataFrame, year: int, kommunekode: int) -> float:
    """Children 0-17 on 1 January of ``year + 1`` (FOLK1A (year+1)K1, the day after the
    status date 31 December); when that quarter is not published yet, the latest quarter of
    ``year``."""
    rows = pop[(pop["kommunekode"] == kommunekode) & pop["antal"].notna()]
    after = rows[rows["dato"] == dt.date(year + 1, 1, 1)]
    if not after.empty:
        return float(after["antal"].iloc[0])
    same = rows[pd.to_datetime(rows["dato"]).dt.year == year]
    return float(same.sort_values("dato")["antal"].iloc[-1]) if not same.empty else np.nan


def _rate(table: str, noegletal: str) -> Callable[[dict[str, pd.DataFrame]],
                                                  tuple[pd.DataFrame, list[str]]]:
    def derive(frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
        counts = _with_kommune(frames[table], table)
        notes = _missing_note(table, frames[table], "kommune-år")
        pop = population_0_17(frames)
        rows = []
        no_pop = 0
        for k, year, count in zip(counts["kommunekode"], counts[TIME_COLUMN].astype(int),
                                  counts[VALUE_COLUMN], strict=True):
            if np.isnan(count):
                continue
            n = _denominator(pop, int(year), int(k))
            if np.isnan(n) or n <= 0:
                no_pop += 1
                continue
            rows.append((int(k), noegletal, pd.Timestamp(int(year), 12, 31), "",
                         count / n * 1000.0, float(count), n))
        if no_pop:
            notes.append(f"{table}: {no_pop} kommune-år uden befolkningstal i FOLK1A er udeladt.")
        out = pd.DataFrame(rows, columns=["kommunekode", "noegletal", "dato", "dimension",
                                          "vaerdi", "taeller", "naevner"])
        out["kommunekode"] = out["kommunekode"].astype("int64")
        out["dato"] = pd.to_datetime(out["dato"])
        return out, notes
    return derive


def function_code(code: str) -> str:
    """REGK31's 5-digit FUNKTION code as the contract's ``d.dd.dd``.

    >>> function_code("52821")
    '5.28.21'
    """
    if not (len(code) == 5 and code.isdigit()):
        raise StatbankError(f"«{code}» er ikke en 5-cifret funktionskode.")
    return f"{code[0]}.{code[1:3]}.{code[3:]}"


def derive_udgifter(frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    regk = _with_kommune(frames["REGK31"], "REGK31")
    regk = regk[regk["kommunekode"] != 0]
    notes = _missing_note("REGK31", frames["REGK31"], "beløb")
    wide = regk.pivot_table(index=["kommunekode", TIME_COLUMN, "FUNKTION"], columns="ART",
                            values=VALUE_COLUMN, aggfunc="first", dropna=False).reset_index()
    for art in ("TOT", "UE"):
        if art not in wide.columns:
            wide[art] = np.nan
    incomplete = wide["TOT"].isna() | wide["UE"].isna()
    if incomplete.any():
        notes.append(f"REGK31: {int(incomplete.sum())} funktioner/år uden både brutto og netto "
                     "er udeladt.")
    wide = wide[~incomplete]
    out = pd.DataFrame({
        "kommunekode": wide["kommunekode"].astype("int64").to_numpy(),
        "aar": wide[TIME_COLUMN].astype("int64").to_numpy(),
        "funktion": wide["FUNKTION"].map(function_code).to_numpy(),
        "gruppering": None,
        "brutto_1000_kr": wide["UE"].astype("float64").to_numpy(),
        "netto_1000_kr": wide["TOT"].astype("float64").to_numpy(),
        "regnskabstype": "regnskab",
    })
    out = out.sort_values(["kommunekode", "aar", "funktion"], kind="stable")
    return out.reset_index(drop=True), notes


MAPPINGS: tuple[Mapping, ...] = (
    Mapping(
        "befolkning", "befolkning", "antal_0_17", ("FOLK1A",),
        derivation="Summen af ALDER 0 til 17 (KØN i alt) pr. kommune og kvartal. Mangler én "
                   "aldersgruppe («..»), udelades kommunens kvartal.",
        dato="Kvartalets første dag: 2024K1 = 1. januar 2024.",
        derive=derive_befolkning,
    ),
    Mapping(
        "anbragte_pr_1000", "sammenligning", "noegletal = anbragte_pr_1000", ("ANBAAR9", "FOLK1A"),
        noegletal="anbragte_pr_1000",
        derivation="Anbragte 0-17-årige pr. 31. december (tæller) divideret med antal "
                   "0-17-årige i FOLK1A 1. januar året efter (nævner), gange 1.000. Er næste "
                   "års første kvartal ikke offentliggjort, bruges årets seneste kvartal.",
        dato="31. december i året (status ultimo året).",
        derive=_rate("ANBAAR9", "anbragte_pr_1000"),
    ),
    Mapping(
        "hjemmebaserede_pr_1000", "sammenligning", "noegletal = hjemmebaserede_pr_1000",
        ("ISBU02", "FOLK1A"), noegletal="hjemmebaserede_pr_1000",
        derivation="0-17-årige med forebyggende foranstaltninger (tæller) divideret med "
                   "0-17-årige i FOLK1A (som ovenfor), gange 1.000. DST tæller børn med en "
                   "forebyggende foranstaltning i løbet af året; projektets eget tal tæller "
                   "på en skæringsdato, så niveauet er ikke helt det samme.",
        dato="31. december i året.",
        derive=_rate("ISBU02", "hjemmebaserede_pr_1000"),
    ),
    Mapping(
        "underretninger_pr_1000", "sammenligning", "noegletal = underretninger_pr_1000",
        ("UND2", "FOLK1A"), noegletal="underretninger_pr_1000",
        derivation="0-17-årige med mindst én underretning i året (tæller) divideret med "
                   "0-17-årige i FOLK1A (som ovenfor), gange 1.000.",
        dato="31. december i året.",
        derive=_rate("UND2", "underretninger_pr_1000"),
    ),
    Mapping(
        "udgifter", "udgifter", "brutto_1000_kr, netto_1000_kr", ("REGK31",),
        derivation="Drift (DRANST 1) i 1.000 kr. løbende priser (PRISENHED LOBM) pr. kommune, "
                   "funktion og år: ART UE = brutto_1000_kr, ART TOT = netto_1000_kr. "
                   "FUNKTION 52821 skrives 5.28.21; gruppering er tom (hele funktionen); "
                   "regnskabstype er regnskab.",
        dato="Regnskabsåret (aar).",
        derive=derive_udgifter,
    ),
)
MAPPING_BY_ID = {m.id: m for m in MAPPINGS}

# What an analyst can fetch: source key -> (extract, mappings). One button each.
SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "befolkning": ("befolkning", ("befolkning",)),
    "sammenligning": ("sammenligning", ("anbragte_pr_1000", "hjemmebaserede_pr_1000",
                                        "underretninger_pr_1000")),
    "udgifter": ("udgifter", ("udgifter",)),
}
SOURCE_LABELS: dict[str, str] = {
    "befolkning": "Befolkning 0-17 år (FOLK1A)",
    "sammenligning": "Anbragte, forebyggende og underretninger (ANBAAR9, ISBU02, UND2)",
    "udgifter": "Udgifter på 5.28 og 6.45 (REGK31)",
}


def source_tables(source: str) -> tuple[str, ...]:
    """The DST tables a source needs, in a fixed order."""
    _, ids = SOURCES[source]
    seen: list[str] = []
    for i in ids:
        for t in MAPPING_BY_ID[i].tables:
            if t not in seen:
                seen.append(t)
    return tuple(seen)


def derive_source(source: str, frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    """The extract frame of ``source`` (all its mappings concatenated) from the parsed tables
    (``{table id: parse_csv(...)}``), and Danish notes about what was left out."""
    _, ids = SOURCES[source]
    parts, notes = [], []
    for i in ids:
        mapping = MAPPING_BY_ID[i]
        missing = [t for t in mapping.tables if t not in frames]
        if missing:
            raise StatbankError(f"{mapping.id} kræver tabellen {', '.join(missing)}.")
        frame, n = mapping.derive(frames)
        parts.append(frame)
        notes.extend(x for x in n if x not in notes)
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return out, notes


def table_of_columns(columns: Iterable[str]) -> str | None:
    """Which declared table a parsed CSV comes from, by its header (for a file downloaded by
    hand): FOLK1A has ALDER, KØN and OMRÅDE; REGK31 has FUNKTION and ART. The three tables of
    published series look alike, so they need the table id (``--tabel``)."""
    cols = {c.upper() for c in columns}
    if {"FUNKTION", "ART"} <= cols:
        return "REGK31"
    if {"OMRÅDE", "ALDER", "KØN"} <= cols:
        return "FOLK1A"
    return None


def docs_markdown() -> str:
    """The Danish documentation of the tables and mappings (``docs/STATBANK.md``)."""
    lines = [
        "# Data fra Danmarks Statistik (Statistikbanken)",
        "",
        "Genereret fra `noegletal.datain.statbank.mappings` — ret dér, ikke her "
        "(`python -m noegletal.datain.statbank.mappings > docs/STATBANK.md`).",
        "",
        "Alle kald er `POST https://api.statbank.dk/v1/data` med `format=CSV`, `lang=da` og "
        "`valuePresentation=Code`. Før hvert kald læses tabellens `tableinfo`: koderne "
        "nedenfor tjekkes, perioderne vælges blandt dem, tabellen har, og tidspunktet "
        "`updated` gemmes med dataversionen. Koder markeret «antaget» er ikke bekræftet i "
        "DST's dokumentation; de læses i `tableinfo` ved hver hentning, og findes de ikke, "
        "stopper hentningen med en dansk besked i stedet for at gætte.",
        "",
        "## Tabeller",
        "",
    ]
    for t in TABLES.values():
        area = " / ".join(f"`{a}`" for a in t.area)
        lines += [
            f"### {t.table} — {t.title}",
            "",
            f"- Område: {area} ({'bekræftet' if t.area_confirmed else 'antaget: den første, der findes i tableinfo'}); "
            "de valgte kommuner som 3-cifrede koder"
            + (", og hele landet (`000` eller `0`)" if t.national else "") + ".",
            f"- Tid: {'kvartaler' if t.frequency == 'kvartal' else 'år'} fra det valgte "
            "startår til det nyeste i tableinfo.",
        ]
        for p in t.picks:
            lines.append(f"- {p.label}: {p.describe()}")
        if t.note:
            lines.append(f"- {t.note}")
        lines.append("")
    lines += [
        "## Fra tabel til datakontrakt",
        "",
        "| serie | udtræk | kolonne | tabeller | sådan udledes værdien | dato |",
        "|---|---|---|---|---|---|",
    ]
    for m in MAPPINGS:
        lines.append(f"| `{m.id}` | `{m.extract}` | {m.target} | {', '.join(m.tables)} | "
                     f"{m.derivation} | {m.dato} |")
    lines += [
        "",
        "Sammenligningstallene skrives for hver kommune og for hele landet (kommunekode 0) "
        "med tæller og nævner i de valgfri kolonner `taeller` og `naevner`, så en gruppe af "
        "kommuner kan vægtes som summen af tællerne divideret med summen af nævnerne.",
        "",
        "## Hentninger, der kan vælges",
        "",
    ]
    for key, (extract, ids) in SOURCES.items():
        lines.append(f"- **{SOURCE_LABELS[key]}** → `{extract}`: "
                     f"{', '.join(f'`{i}`' for i in ids)} (tabeller: "
                     f"{', '.join(source_tables(key))}).")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(docs_markdown(), end="")
