"""Writes the recorded Statbank responses in ``recorded/`` (run once; the files are committed).

The responses follow ``statbank.md`` to the letter: CSV with a BOM, ``;``, CRLF, header of
upper-case codes with ``TID`` and ``INDHOLD``, ``..`` for missing cells, decimal comma
(lang=da); ``tableinfo`` as JSON; an error body as DST sends it. The numbers are made up.
Municipalities: 101 København and 167 Hvidovre, plus the national total.

    python tests/datain/statbank/make_recorded.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent / "recorded"
BOM = "\ufeff"


def csv(header: list[str], rows: list[list[str]]) -> bytes:
    lines = [";".join(header), *(";".join(r) for r in rows)]
    return (BOM + "\r\n".join(lines) + "\r\n").encode("utf-8")


def values(pairs):
    return [{"id": i, "text": t} for i, t in pairs]


def tableinfo(table, text, unit, updated, variables):
    return {"id": table, "text": text, "description": text, "unit": unit,
            "suppressedDataValue": "..", "updated": updated, "active": True,
            "footnote": None, "variables": variables}


def var(id_, text, vals, *, elimination=True, time=False):
    return {"id": id_, "text": text, "elimination": elimination, "time": time,
            "values": values(vals)}


AREAS = [("000", "Hele landet"), ("084", "Region Hovedstaden"), ("101", "København"),
         ("167", "Hvidovre")]
QUARTERS = [f"{y}K{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)] + ["2025K1"]
# Children per one-year age group on the first day of the quarter (made up).
PER_AGE = {"000": 63000, "101": 6200, "167": 640}


def folk1a() -> None:
    info = tableinfo(
        "FOLK1A", "Befolkningen den 1. i kvartalet", "antal", "2026-02-11T08:00:00",
        [var("OMRÅDE", "område", AREAS),
         var("KØN", "køn", [("TOT", "I alt"), ("1", "Mænd"), ("2", "Kvinder")]),
         var("ALDER", "alder", [("IALT", "Alder i alt"),
                                *((str(a), f"{a} år") for a in range(126))]),
         var("CIVILSTAND", "civilstand", [("TOT", "I alt"), ("U", "Ugift"), ("G", "Gift/separeret"),
                                          ("E", "Enke/enkemand"), ("F", "Fraskilt")]),
         var("Tid", "tid", [(q, q) for q in QUARTERS], elimination=False, time=True)])
    (HERE / "tableinfo_FOLK1A.json").write_text(json.dumps(info, ensure_ascii=False, indent=1),
                                                encoding="utf-8")
    # The request for 000, 101, 167 x ages 0-17 x 9 quarters is split in two halves of the
    # ages (0-8 and 9-17) by a client whose cell limit is 1,500.
    for part, ages in (("a", range(0, 9)), ("b", range(9, 18))):
        rows = []
        for area in ("000", "101", "167"):
            for age in ages:
                for i, q in enumerate(QUARTERS):
                    n = PER_AGE[area] + 3 * i + age
                    cell = ".." if (area == "167" and q == "2023K1" and age == 5) else str(n)
                    rows.append([area, "TOT", str(age), q, cell])
        (HERE / f"data_FOLK1A_{part}.csv").write_bytes(
            csv(["OMRÅDE", "KØN", "ALDER", "TID", "INDHOLD"], rows))


def published(table, text, area_var, national, age_code, counts, updated):
    areas = [(national, "Hele landet"), ("101", "København"), ("167", "Hvidovre"),
             ("851", "Aalborg")]
    info = tableinfo(
        table, text, "antal", updated,
        [var(area_var, "administrationskommune", areas),
         var("ALDER", "alder", [("TOT", "Alder i alt"), (age_code, "0-17 år"),
                                ("18-22", "18-22 år")]),
         var("KØN", "køn", [("TOT", "I alt"), ("D", "Drenge"), ("P", "Piger")]),
         var("Tid", "tid", [("2023", "2023"), ("2024", "2024")], elimination=False, time=True)])
    (HERE / f"tableinfo_{table}.json").write_text(json.dumps(info, ensure_ascii=False, indent=1),
                                                  encoding="utf-8")
    rows = [[area, age_code, year, counts[(area, year)]]
            for area in (national, "101", "167") for year in ("2023", "2024")]
    (HERE / f"data_{table}.csv").write_bytes(csv([area_var, "ALDER", "TID", "INDHOLD"], rows))


def regk31() -> None:
    functions = [("00101", "Byudvikling"), ("52821", "Forebyggende indsats for børn og unge"),
                 ("52822", "Plejefamilier"), ("52823", "Døgninstitutioner for børn og unge"),
                 ("64551", "Sekretariat og forvaltninger")]
    info = tableinfo(
        "REGK31", "Kommunernes regnskaber på funktioner", "1.000 kr.", "2025-06-20T08:00:00",
        [var("OMRÅDE", "område", AREAS, elimination=False),
         var("FUNKTION", "funktion", functions, elimination=False),
         var("DRANST", "dranst", [("1", "Drift"), ("2", "Statsrefusion")]),
         var("ART", "art", [("TOT", "I alt (netto)"), ("UE", "Udgifter"), ("I", "Indtægter")]),
         var("PRISENHED", "prisenhed", [("LOBM", "1.000 kr."), ("INDL", "Kr. pr. indbygger")]),
         var("Tid", "tid", [("2023", "2023"), ("2024", "2024")], elimination=False, time=True)])
    (HERE / "tableinfo_REGK31.json").write_text(json.dumps(info, ensure_ascii=False, indent=1),
                                                encoding="utf-8")
    amounts = {  # (area, function) -> (gross 2023, net 2023); 2024 = + 10 %
        ("101", "52821"): (412345.5, 380101.2), ("101", "52822"): (290000.0, 251234.8),
        ("101", "52823"): (505050.5, 470000.1), ("101", "64551"): (120000.0, 118000.0),
        ("167", "52821"): (41234.5, 38010.1), ("167", "52822"): (29000.0, 25123.4),
        ("167", "52823"): (50505.0, 47000.0), ("167", "64551"): (12000.0, 11800.0),
    }
    rows = []
    for area in ("101", "167"):
        for code, _ in functions[1:]:
            for year, factor in (("2023", 1.0), ("2024", 1.1)):
                gross, net = amounts[(area, code)]
                for art, value in (("TOT", net), ("UE", gross)):
                    cell = f"{value * factor:.1f}".replace(".", ",")
                    if area == "167" and code == "52822" and year == "2024" and art == "UE":
                        cell = ".."
                    rows.append([area, code, "1", art, "LOBM", year, cell])
    (HERE / "data_REGK31.csv").write_bytes(
        csv(["OMRÅDE", "FUNKTION", "DRANST", "ART", "PRISENHED", "TID", "INDHOLD"], rows))


def main() -> None:
    HERE.mkdir(exist_ok=True)
    folk1a()
    published("ANBAAR9", "Anbragte børn og unge pr. 31. december", "ADMKOM", "0", "0-17",
              {("0", "2023"): "11200", ("0", "2024"): "11050", ("101", "2023"): "1180",
               ("101", "2024"): "1162", ("167", "2023"): "96", ("167", "2024"): "101"},
              "2025-06-25T08:00:00")
    published("ISBU02", "Børn og unge med forebyggende foranstaltninger", "KOMK", "000",
              "0-17", {("000", "2023"): "30500", ("000", "2024"): "31100",
                       ("101", "2023"): "3550", ("101", "2024"): "3611",
                       ("167", "2023"): "310", ("167", "2024"): "4"},
              "2025-06-25T08:00:00")
    published("UND2", "Børn og unge med underretninger", "ADMKOM", "000", "0-17",
              {("000", "2023"): "72000", ("000", "2024"): "74500",
               ("101", "2023"): "8100", ("101", "2024"): "8355",
               ("167", "2023"): "..", ("167", "2024"): "790"},
              "2026-03-18T08:00:00")
    regk31()
    (HERE / "error_EXTRACT-NOTFOUND.json").write_text(json.dumps(
        {"errorTypeCode": "EXTRACT-NOTFOUND",
         "message": "Kan ikke finde værdien: 999999 (OMRÅDE)"}, ensure_ascii=False),
        encoding="utf-8")


if __name__ == "__main__":
    main()
