"""Write the invented sample data set: every extract of the data contract as UTF-8 CSV."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from noegletal.domain.calendar import danish_date
from noegletal.domain.formatting import format_count
from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.schema import EXTRACTS
from noegletal.sample import tables
from noegletal.sample import targets as sample_targets
from noegletal.sample.interventions import intervention_frames
from noegletal.sample.profiles import DEFAULT_KOMMUNER, profiles_for, select_kommuner
from noegletal.sample.published import published_frame
from noegletal.sample.simulate import simulate

# The files written, in the order of the contract (udgiftsmodel, redskaber and loenninger are
# shipped by the project).
SAMPLE_FILES: tuple[str, ...] = (
    "foranstaltninger", "befolkning", "udgifter", "prisindeks", "skoletrivsel", "sagstal",
    "opfoelgninger", "sammenligning", "maalinger", "ressourceforbrug", "indsatser", "maal",
)
FIRST_ACCOUNT_YEAR = 2011


def _formatted(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO strings (empty when missing), missing values as empty strings."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            text = np.datetime_as_string(out[col].to_numpy().astype("datetime64[D]"), unit="D")
            out[col] = np.where(text == "NaT", "", text)
    return out


def write_csv(frame: pd.DataFrame, name: str, path: Path) -> None:
    """Write ``frame`` with exactly the contract's columns for extract ``name``."""
    columns = EXTRACTS[name].column_names
    if list(frame.columns) != columns:
        raise ValueError(f"Kolonnerne i {name} passer ikke med datakontrakten: {list(frame.columns)}")
    _formatted(frame).to_csv(path, index=False, sep=",", encoding="utf-8", lineterminator="\n",
                             na_rep="")


def build_frames(
    kommuner: int | list[int] = 3, *, seed: int = 2018, start_year: int = 2013,
    end_year: int = 2025, scale: float = 1.0,
) -> dict[str, pd.DataFrame]:
    """Simulate and return the sample extracts as frames (no files written).

    Frames have the contract's columns; dates are ``datetime64[ns]`` with ``NaT`` for empty,
    ``bevilget_af`` is ``myndighed``/``andre`` on § 11.3 rows and empty elsewhere, and
    ``gruppering``/``dimension`` are empty where not used.
    """
    if not 2000 <= start_year < end_year <= 2100:
        raise ValueError("Startåret skal ligge før slutåret (og mellem 2000 og 2100).")
    if end_year - start_year < 3:
        raise ValueError("Eksempeldata skal dække mindst fire år.")
    if not 0 < scale <= 10:
        raise ValueError("Skalaen skal være et positivt tal (højst 10).")
    codes = select_kommuner(kommuner)
    profiles = profiles_for(codes, seed)
    sim = simulate(codes, profiles, seed=seed, start_year=start_year, end_year=end_year,
                   scale=scale)
    streams = np.random.SeedSequence([seed, 1]).spawn(6)
    r_ids, r_case, r_fu, r_acc, r_school, r_nat = (np.random.default_rng(s) for s in streams)
    ids = tables.person_ids(sim, r_ids)
    foranstaltninger = tables.foranstaltninger_frame(sim, ids)
    sagstal = tables.sagstal_frame(sim, profiles, r_case)
    first_account_year = min(FIRST_ACCOUNT_YEAR, start_year)
    # Units and targets come from their own random stream (noegletal.sample.targets).
    foranstaltninger, befolkning = sample_targets.add_units(
        foranstaltninger, tables.befolkning_frame(sim), seed=seed)
    frames = {
        "foranstaltninger": foranstaltninger,
        "befolkning": befolkning,
        "udgifter": tables.udgifter_frame(sim, profiles, sagstal, r_acc, first_account_year),
        "prisindeks": tables.prisindeks_frame(first_account_year, end_year),
        "skoletrivsel": tables.skoletrivsel_frame(sim, profiles, r_school),
        "sagstal": sagstal,
        "opfoelgninger": tables.opfoelgninger_frame(sim, profiles, ids, r_fu),
        # The invented national series, then invented published-style series for all 98
        # municipalities (their own random stream, see noegletal.sample.published).
        "sammenligning": pd.concat(
            [tables.sammenligning_frame(end_year, r_nat), published_frame(end_year, seed)],
            ignore_index=True),
        "maal": sample_targets.targets_frame(codes),
    }
    # Interventions draw from their own stream, so the files above never change with them.
    frames.update(intervention_frames(codes, start_year + 2, min(start_year + 4, end_year),
                                      seed))
    return frames


def generate(
    out_dir: Path | str, *, kommuner: int | list[int] = 3, seed: int = 2018,
    start_year: int = 2013, end_year: int = 2025, scale: float = 1.0,
) -> dict[str, Path]:
    """Generate invented sample data (eksempeldata) and write it to ``out_dir``.

    Writes ``<extract>.csv`` for every extract of the data contract except ``udgiftsmodel``
    (the project ships a default), as UTF-8 CSV with ``,`` and ISO dates, exactly the
    contract's columns, plus a Danish ``README.md``. ``kommuner`` is a number (the three
    partnership municipalities 510 Haderslev, 657 Herning and 167 Hvidovre first, then the
    others in code order; ``98`` = national scale, about 1.1 million children) or a list of
    codes. The same arguments always give byte-identical files.

    Returns the written paths by extract name, and ``README`` for the description.
    """
    frames = build_frames(kommuner, seed=seed, start_year=start_year, end_year=end_year,
                          scale=scale)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name in SAMPLE_FILES:
        path = out / f"{name}.csv"
        write_csv(frames[name], name, path)
        paths[name] = path
    readme = out / "README.md"
    readme.write_text(
        readme_text(frames, select_kommuner(kommuner), seed=seed, start_year=start_year,
                    end_year=end_year, scale=scale),
        encoding="utf-8",
    )
    paths["README"] = readme
    return paths


FILE_DESCRIPTIONS: dict[str, str] = {
    "foranstaltninger": "Én række pr. forløb eller hændelse pr. barn: § 11, stk. 3-forløb, "
                        "hjemmebaserede indsatser, anbringelser, børnefaglige undersøgelser og "
                        "underretninger. For Herning står det ansvarlige distrikt i kolonnen "
                        "enhed.",
    "befolkning": "Antal børn 0-17 år pr. kommune den første dag i hvert kvartal; for "
                  "Herning også pr. distrikt (kolonnen enhed).",
    "udgifter": "Brutto- og nettodriftsudgifter pr. funktion, gruppering og år i 1.000 kr., "
                "løbende priser. Det sidste år er forventet regnskab.",
    "prisindeks": "Et opdigtet pris- og lønindeks med det sidste år = 100.",
    "skoletrivsel": "Faglig og social trivsel (indeks 1-5) og fravær (pct.) i 4.-9. klasse "
                    "for udsatte og øvrige elever pr. skoleår, med antal elever bag.",
    "sagstal": "Antal sager og stillingsandel pr. socialrådgiver den 1. marts og "
               "1. september hvert år.",
    "opfoelgninger": "Én række pr. opfølgning på et barns sag.",
    "maal": "Kommunernes mål for udvalgte nøgletal: partnerskabets mål for sagstal (25 "
            "sager pr. socialrådgiver i Haderslev og Hvidovre, 25-30 i Herning) og nogle "
            "opdigtede mål af den slags et udvalg sætter.",
    "sammenligning": "En opdigtet landsserie (kommunekode 0) ved skæringsdatoerne 31. januar, "
                     "31. maj og 30. september, og opdigtede tal i Danmarks Statistiks stil for "
                     "alle 98 kommuner (anbragte, forebyggende foranstaltninger og "
                     "underretninger pr. 1.000 børn pr. 31. december, med tæller og nævner).",
    "maalinger": "Scorer på måleredskaber (SDQ, FIT ORS/SRS, PSS, GSES) for deltagere i tre "
                 "navngivne indsatser pr. kommune fra det tredje år og op til tre år frem: "
                 "mange førmålinger, færre eftermålinger.",
    "ressourceforbrug": "Timer pr. personalegruppe (med og uden borgerne) og øvrige udgifter "
                        "pr. kvartal for de samme indsatser; enkelte kvartaler mangler.",
    "indsatser": "Deltagere pr. år, måneder pr. deltager, enhed og alternativ for hver "
                 "indsats.",
}


def _thousands(n: int) -> str:
    return format_count(n)


def readme_text(
    frames: dict[str, pd.DataFrame], kommuner: list[int], *, seed: int, start_year: int,
    end_year: int, scale: float,
) -> str:
    """The Danish description written next to the generated files."""
    if list(kommuner) == list(DEFAULT_KOMMUNER):
        arg = ""
    elif len(kommuner) <= 5:
        arg = " --kommuner " + ",".join(str(k) for k in kommuner)
    else:
        arg = f" --kommuner {len(kommuner)}"
    extra = ""
    if start_year != 2013 or end_year != 2025 or scale != 1.0:
        extra = (f" (startår {start_year}, slutår {end_year}, skala "
                 f"{str(scale).replace('.', ',')})")
    names = ", ".join(f"{kommune_navn(k)} ({k})" for k in kommuner[:6])
    if len(kommuner) > 6:
        names += f" og {len(kommuner) - 6} andre kommuner"
    children = frames["befolkning"]
    children = children[children["enhed"].isna()]
    last = children[children["dato"] == children["dato"].max()]["antal_0_17"].sum()
    py_args = "" if list(kommuner) == list(DEFAULT_KOMMUNER) else f", kommuner={kommuner!r}"
    lines = [
        "# Eksempeldata",
        "",
        "**Alt i denne mappe er opdigtet.** Filerne er eksempeldata, lavet af en simulering, så "
        "man kan prøve dashboardet og nøgletalsberegningerne af uden rigtige data. De handler "
        "ikke om virkelige børn, familier eller medarbejdere, og tallene er ikke kommunernes "
        "egne tal, selv om kommunenavnene er rigtige og størrelsesordenerne er lagt tæt på "
        "dem, der kendes fra Socialstyrelsens evaluering af partnerskabet med Haderslev, "
        "Herning og Hvidovre (2018).",
        "",
        "## Sådan blev filerne lavet",
        "",
        "```",
        f"noegletal sample{arg} --seed {seed} --out <mappe>",
        "```",
        "",
        "eller fra Python:",
        "",
        "```python",
        "from noegletal.sample import generate",
        f"generate(\"<mappe>\"{py_args}, seed={seed})",
        "```",
        "",
        "hvor `<mappe>` er den mappe, filerne skrives til (i projektet `sample_data`).",
        "",
        f"Kommuner: {names}{extra}. Forløbene dækker perioden 1. januar {start_year} til "
        f"{danish_date(pd.Timestamp(f'{end_year}-12-31'))} (udtræksdatoen); forløb, der "
        "begyndte før perioden og stadig kørte ved dens start, er med med deres rigtige "
        f"startdato. Samme frø (seed) giver de samme filer, byte for byte. Ved seneste "
        f"opgørelse er der {_thousands(int(last))} børn på 0-17 år i alt.",
        "",
        "Kolonnerne følger datakontrakten (`data-contract.md`) præcist. Filerne er UTF-8 med "
        "komma som skilletegn, punktum som decimaltegn og datoer som ÅÅÅÅ-MM-DD. "
        "Udgiftsmodellen (`udgiftsmodel`) er ikke med her, fordi projektet leverer en "
        "standardmodel; det samme gælder måleredskaber (`redskaber`) og lønninger "
        "(`loenninger`).",
        "",
        "## Filerne",
        "",
        "| fil | indhold | rækker |",
        "|---|---|---|",
    ]
    for name in SAMPLE_FILES:
        lines.append(f"| `{name}.csv` | {FILE_DESCRIPTIONS[name]} | "
                     f"{_thousands(len(frames[name]))} |")
    lines += [
        "",
        "## Sådan virker simuleringen",
        "",
        "- **Børn.** Hver kommune får årgange af børn med fødselsdatoer spredt over hele "
        "året (også 29. februar i skudår). Børnene har pseudonymer som `B0001234`, nummereret "
        "for sig i hver kommune; der er ingen CPR-numre eller andre rigtige id'er.",
        "- **Indsatstrappen.** Hver måned kan et barn skifte trin: ingen indsats, et § 11, "
        "stk. 3-forløb, en hjemmebaseret indsats (forebyggende foranstaltning, døgnophold "
        "for hele familien, eget værelse) eller en anbringelse (netværkspleje, familiepleje, "
        "døgninstitution, opholdssted, sikret institution, kost- eller efterskole). "
        "Sandsynlighederne afhænger af alder, kommune og år. Simuleringen starter ti år før "
        "perioden, så bestanden af lange anbringelser er på plads fra begyndelsen.",
        "- **Overlap.** En del forløb overlapper: forældrerettede indsatser under anbringelse, "
        "og et gammelt forløb, der kører lidt videre, når et nyt begynder.",
        "- **18 år.** Forløb slutter dagen før 18-årsdagen; nogle anbringelser fortsætter "
        "som efterværn i op til 2½ år.",
        "- **Hændelser.** De fleste skift op ad trappen har en børnefaglig undersøgelse før "
        "sig, og nogle § 11, stk. 3-forløb følges af en undersøgelse inden for få måneder. "
        "Underretninger kommer før mange nye forløb og derudover jævnt fordelt, stigende "
        "over årene. En underretning har slutdato = startdato.",
        "- **§ 11, stk. 3.** Kolonnen `bevilget_af` er udfyldt på § 11, stk. 3-forløb "
        "(`myndighed` eller `andre`) og tom på alle andre rækker.",
        "- **Afledte filer.** Befolkning, sagstal, opfølgninger, udgifter og antal elever i "
        "skoletrivsel er regnet ud fra de simulerede børn, så filerne hænger sammen. "
        "Sagstal fordeler kommunens åbne sager på en gruppe socialrådgivere (id'er som "
        "`S017`), og udgifterne er børnenes dage i hver indsats gange opdigtede dagstakster "
        "plus lønnen til socialrådgiverne (6.45.51) og øvrig administration (6.45.58).",
        "",
        "## De tre partnerskabskommuner",
        "",
        "Profilerne er lagt, så de ligner tendenserne i evalueringen, men tallene er "
        "opdigtede:",
        "",
        "- **Haderslev (510):** mange anbragte og en stigende andel, meget få på institution "
        "og mange i netværkspleje, mange og flere hjemmebaserede indsatser, og stigende "
        "administrationsudgifter, fordi der ansættes flere socialrådgivere fra 2015.",
        "- **Herning (657):** et tydeligt skift fra institution til familiepleje 2015-2018 og "
        "flere § 11, stk. 3-forløb, fra 2017 også forløb bevilget uden for myndigheden.",
        "- **Hvidovre (167):** faldende institutionsandel og færre anbragte, flere § 11, "
        "stk. 3-forløb (alle bevilget af myndigheden); fra 2015 betales fem socialrådgivere "
        "over servicebudgettet (5.28.21), så administrationsudgifterne falder.",
        "",
        "Øvrige kommuner får tilfældige profiler omkring landsgennemsnittet.",
        "",
        "## Konti i udgifter",
        "",
        "| funktion | gruppering | indhold |",
        "|---|---|---|",
    ]
    account_text = {
        ("5.28.20", "001"): "Almene plejefamilier (familiepleje)",
        ("5.28.20", "002"): "Forstærkede plejefamilier (familiepleje)",
        ("5.28.20", "003"): "Specialiserede plejefamilier (familiepleje)",
        ("5.28.20", "004"): "Netværksplejefamilier",
        ("5.28.21", "001"): "Forebyggende foranstaltninger og forældrerettede indsatser "
                            "under anbringelse; et fast beløb til familiecenter",
        ("5.28.21", "002"): "Døgnophold for hele familien",
        ("5.28.21", "003"): "Forebyggende forløb efter § 11, stk. 3",
        ("5.28.22", "001"): "Opholdssteder",
        ("5.28.22", "002"): "Eget værelse, kollegium o.l.",
        ("5.28.22", "003"): "Kost- og efterskoler",
        ("5.28.23", None): "Døgninstitutioner",
        ("5.28.24", None): "Sikrede døgninstitutioner",
    }
    for funktion, gruppering, _codes, _refund in tables.ACCOUNTS:
        lines.append(f"| {funktion} | {gruppering or ''} | {account_text[(funktion, gruppering)]} |")
    lines += [
        f"| {tables.ADMIN_SOCIAL_WORKERS} | | Socialrådgivere i myndighed (fra {start_year}) |",
        f"| {tables.ADMIN_OTHER} | | Øvrig administration på det specialiserede børneområde "
        f"(fra {start_year}) |",
        "",
        "Funktioner og grupperinger på 5.28.20 følger projektets standardudgiftsmodel "
        "(`udgiftsmodel.csv`); grupperingerne på 5.28.21 og 5.28.22 er eksempeldataenes egne, "
        "så en kommunal udgiftsmodel kan skille fx § 11, stk. 3-forløb eller eget værelse "
        "ud. Med standardmodellen tælles de med under hjemmebaserede indsatser "
        "henholdsvis institution. Bruttoudgiften er altid mindst lige så stor som "
        "nettoudgiften.",
        "",
        "## Forbehold",
        "",
        "- Brug ikke tallene til at sige noget om de rigtige kommuner.",
        "- Landsserien i `sammenligning.csv` er opdigtet og er ikke beregnet ud fra de "
        "simulerede kommuner.",
        "- Tallene for alle 98 kommuner i `sammenligning.csv` (31. december hvert år) er også "
        "opdigtede. De ligner Danmarks Statistiks offentliggjorte tal (ANBAAR9, ISBU02 og UND2 "
        "delt med FOLK1A) i form, så siden «Landet» kan vises uden internet, men de er ikke "
        "kommunernes rigtige tal og passer ikke med de simulerede børn.",
        "- Små kommuner har få børn i hver indsats, så deres nøgletal svinger meget.",
        "",
    ]
    return "\n".join(lines)


def parse_kommuner(text: str) -> int | list[int]:
    """``"3"`` -> 3, ``"510,657"`` -> [510, 657] (Danish error message when malformed)."""
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        raise ValueError(
            f"Ugyldig værdi for kommuner: '{text}'. Skriv et antal (fx 3 eller 98) eller "
            "kommunekoder adskilt af komma (fx 510,657)."
        )
    if len(parts) == 1 and int(parts[0]) <= 98:
        return int(parts[0])
    return [int(p) for p in parts]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``[--kommuner N|510,657] [--out DIR] [--seed S] ...``."""
    parser = argparse.ArgumentParser(
        prog="noegletal sample",
        description="Lav opdigtede eksempeldata i datakontraktens format.",
    )
    parser.add_argument("--kommuner", default="3",
                        help="antal kommuner (3 = Haderslev, Herning, Hvidovre; 98 = hele "
                             "landet) eller kommunekoder adskilt af komma")
    parser.add_argument("--out", default="sample_data", help="mappe filerne skrives til")
    parser.add_argument("--seed", type=int, default=2018, help="frø til tilfældighederne")
    parser.add_argument("--start-year", type=int, default=2013, help="første år i perioden")
    parser.add_argument("--end-year", type=int, default=2025, help="sidste år i perioden")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="gang antallet af børn med dette tal")
    args = parser.parse_args(argv)
    try:
        kommuner = parse_kommuner(args.kommuner)
        began = time.perf_counter()
        paths = generate(args.out, kommuner=kommuner, seed=args.seed,
                         start_year=args.start_year, end_year=args.end_year, scale=args.scale)
    except ValueError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - began
    for name, path in paths.items():
        size = path.stat().st_size / 1e6
        print(f"{name:18s} {path}  ({str(round(size, 1)).replace('.', ',')} MB)")
    print(f"Færdig på {str(round(seconds, 1)).replace('.', ',')} sekunder.")
    return 0
