"""Random extract folders in the data contract's shape, dense with edge cases.

``generate(seed, folder)`` writes ``foranstaltninger``, ``befolkning``, ``udgifter``,
``udgiftsmodel``, ``prisindeks``, ``skoletrivsel``, ``sagstal`` and ``opfoelgninger`` as CSV
files and returns ``(data, datoer)``: the canonical content (what the files mean, as
DataFrames with ``datetime.date`` values and canonical codes) and the cut-off dates. The
reference implementation computes from ``data``; the project must read the files.

Edge cases drawn on purpose: 18th birthdays on, the day before and the day after a cut-off
(and its 12/24 months back), 29 February births and cut-offs, placements with the same start
and different forms, overlapping and open-ended courses, courses starting or ending exactly
on a cut-off or on ``t - 6/12/24 mdr``, BFU on the day of the § 11.3 start, § 11.3 granted by
``andre`` or by an empty cell, population rows only before/after/between cut-offs, several
municipalities, aliases such as ``Døgninstitution``, Danish dates, ``;`` and decimal comma,
Windows-1252, regnskab/forventet_regnskab/budget rows, specific and wildcard groupings,
gaps in the price index, missing school-year cells, caseload snapshots with and without FTE,
duplicated follow-ups.
"""

from __future__ import annotations

import calendar
import csv
import io
import random
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pandas as pd

from tests.audit.reference import add_months

CODES = [
    "forebyggende_11_3", "forebyggende_foranstaltning", "doegnophold_familie", "eget_vaerelse",
    "foraeldrerettet_under_anbringelse", "netvaerkspleje", "familiepleje", "doegninstitution",
    "opholdssted", "sikret_institution", "kost_efterskole", "boernefaglig_undersoegelse",
    "underretning",
]
WEIGHTS = [10, 6, 3, 3, 2, 4, 6, 5, 3, 1, 2, 6, 8]
# Aliases from the contract's examples and common case-system labels.
ALIASES = {
    "forebyggende_11_3": ["§ 11, stk. 3"],
    "doegninstitution": ["Døgninstitution", "DØGNINSTITUTION "],
    "familiepleje": ["Plejefamilie", "Familiepleje"],
    "netvaerkspleje": ["Netværkspleje"],
    "eget_vaerelse": ["Eget værelse"],
    "opholdssted": ["Socialpædagogisk opholdssted"],
    "boernefaglig_undersoegelse": ["Børnefaglig undersøgelse"],
    "underretning": ["Underretning"],
}
KOMMUNER = [101, 167, 510, 657, 860]
LAST_DAY = date(2024, 12, 31)

MODEL = [  # funktion, gruppering, kategori, trin
    ("5.28.20", "*", "service", "forebyggende"),
    ("5.28.21", "", "service", "familiepleje"),
    ("5.28.21", "002", "service", "netvaerkspleje"),
    ("5.28.23", "*", "service", "institution"),
    ("5.28.24", "*", "service", "institution"),
    ("5.28.25", "", "service", ""),
    ("5.28.26", "*", "service", "hjemmebaseret"),
    ("6.45.51", "*", "administration_myndighed", ""),
    ("6.45.58", "", "administration_oevrig", ""),
]
UNMAPPED = ["5.22.07", "5.28.99"]


def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _cutoffs(rng: random.Random) -> list[date]:
    pool: list[date] = []
    for y in range(2014, 2024):
        pool += [date(y, 1, 31), date(y, 5, 31), date(y, 9, 30), date(y, 2, 28),
                 date(y, 12, 31), date(y, 3, 31)]
        if calendar.isleap(y):
            pool.append(date(y, 2, 29))
    if rng.random() < 0.08:  # the dashboard's routine: every tertial, several years
        return [date(y, m, d) for y in range(2015, 2024)
                for m, d in ((1, 31), (5, 31), (9, 30))]
    n = rng.randint(3, 7)
    picks = set(rng.sample(pool, n))
    if rng.random() < 0.5:
        picks.add(_rand_date(rng, date(2014, 1, 1), date(2023, 12, 31)))
    if rng.random() < 0.5:
        picks.add(date(2016, 2, 29))
    if rng.random() < 0.4:  # tertial cut-offs of one year, so "previous cut-off" is near
        y = rng.randint(2015, 2023)
        picks |= {date(y, 1, 31), date(y, 5, 31), date(y, 9, 30)}
    return sorted(picks)


def _key_dates(datoer: list[date]) -> list[date]:
    keys = []
    for t in datoer:
        for back in (0, -6, -12, -24):
            k = add_months(t, back)
            keys += [k - timedelta(days=1), k, k + timedelta(days=1)]
        keys.append(date(t.year, t.month, 1) - timedelta(days=1))  # previous month end
    return keys


def _birth_for_18_on(rng: random.Random, d: date) -> date:
    """A birth date whose 18th birthday is d (29 February births where possible)."""
    y = d.year - 18
    if d.month == 2 and d.day == 28 and calendar.isleap(y) and rng.random() < 0.5:
        return date(y, 2, 29)
    if d.month == 2 and d.day == 29:
        return date(y, 2, 29) if calendar.isleap(y) else date(y, 2, 28)
    return date(y, d.month, d.day)


def _children(rng: random.Random, kommune: int, datoer: list[date], keys: list[date],
              shared_ids: bool, no_grants: bool):
    rows = []
    n_children = rng.randint(6, 45) if rng.random() < 0.8 else rng.randint(46, 150)
    for i in range(n_children):
        # With shared ids the same pseudonym denotes different children in two municipalities.
        barn = f"B{i:03d}" if shared_ids else f"K{kommune}B{i:03d}"
        r = rng.random()
        if r < 0.35:  # 18th birthday on / around a key date
            born = _birth_for_18_on(rng, rng.choice(keys) + timedelta(days=rng.choice([-1, 0, 1])))
        elif r < 0.45:  # a 29 February child
            born = date(rng.choice([1996, 2000, 2004, 2008, 2012]), 2, 29)
        else:
            born = _rand_date(rng, date(1994, 1, 1), date(2021, 12, 31))
        earliest = born + timedelta(days=1)
        if earliest > LAST_DAY - timedelta(days=30):
            continue
        n_courses = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, 12])
        courses = []
        for _ in range(n_courses):
            code = rng.choices(CODES, WEIGHTS)[0]
            start = _pick_start(rng, keys, earliest, courses)
            end = _pick_end(rng, code, start, keys)
            grant = ""
            if code == "forebyggende_11_3" and not no_grants:
                grant = rng.choice(["", "myndighed", "andre", "myndighed"])
            courses.append([code, start, end, grant])
            if code == "forebyggende_11_3" and rng.random() < 0.5:  # BFU around the start
                bfu = start + timedelta(days=rng.choice([0, 0, -1, 1, 30, 180, 366, 365]))
                if bfu >= earliest and bfu <= LAST_DAY:
                    courses.append(["boernefaglig_undersoegelse", bfu,
                                    rng.choice([None, bfu, bfu + timedelta(days=60)]), ""])
            if code in ("familiepleje", "doegninstitution", "netvaerkspleje") \
                    and rng.random() < 0.25:  # simultaneous placement, another form
                other = rng.choice(["familiepleje", "netvaerkspleje", "opholdssted",
                                    "kost_efterskole", "doegninstitution"])
                courses.append([other, start, _pick_end(rng, other, start, keys), ""])
            if code in ("doegninstitution", "opholdssted") and end is not None \
                    and rng.random() < 0.4:  # a following institution spell (gap 0-2 days)
                s2 = end + timedelta(days=rng.choice([-5, 0, 1, 2]))
                if s2 >= earliest and s2 <= LAST_DAY:
                    c2 = rng.choice(["doegninstitution", "opholdssted", "sikret_institution"])
                    courses.append([c2, s2, _pick_end(rng, c2, s2, keys), ""])
        for code, start, end, grant in courses:
            if end is not None and end < start:
                end = start
            rows.append({"kommunekode": kommune, "barn_id": barn, "foedselsdato": born,
                         "indsats": code, "startdato": start, "slutdato": end,
                         "bevilget_af": grant})
    return rows


def _pick_start(rng, keys, earliest, courses) -> date:
    r = rng.random()
    if courses and r < 0.2:
        return courses[-1][1]  # same start as the previous course
    if r < 0.6:
        d = rng.choice(keys)
        if d >= earliest and d <= LAST_DAY:
            return d
    return _rand_date(rng, max(earliest, date(2008, 1, 1)), max(earliest, LAST_DAY))


def _pick_end(rng, code, start, keys) -> date | None:
    if code == "underretning":
        return rng.choice([None, start])
    r = rng.random()
    if r < 0.25:
        return None
    if r < 0.55:
        later = [k for k in keys if k >= start]
        if later:
            return rng.choice(later)
    return min(start + timedelta(days=rng.choice([0, 1, 30, 90, 200, 400, 900])), LAST_DAY)


def _population(rng, kommune, datoer):
    lo, hi = datoer[0], datoer[-1]
    mode = rng.choice(["before", "after", "between", "many", "many"])
    if mode == "before":
        ds = [lo - timedelta(days=rng.randint(1, 400))]
    elif mode == "after":
        ds = [hi + timedelta(days=rng.randint(0, 400)), hi + timedelta(days=rng.randint(401, 900))]
    elif mode == "between":
        ds = [_rand_date(rng, lo, hi) for _ in range(2)]
    else:
        ds = [_rand_date(rng, lo - timedelta(days=500), hi) for _ in range(4)] + [datoer[0]]
    rows = []
    for d in sorted(set(ds)):
        n = rng.choice([rng.randint(40, 20000), rng.randint(40, 20000), 0 if rng.random() < 0.1
                        else rng.randint(1, 30)])
        rows.append({"kommunekode": kommune, "dato": d, "antal_0_17": n})
    return rows


def default_model() -> list[tuple[str, str, str, str]]:
    """The project's shipped default ``udgiftsmodel`` (used when no model file is uploaded)."""
    path = Path(__file__).resolve().parents[2] / "src" / "noegletal" / "data" / "udgiftsmodel.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["funktion"], r["gruppering"], r["kategori"], r["trin"])
                for r in csv.DictReader(fh)]


def _expenditure(rng, kommuner, model_rows):
    years = list(range(2010, 2025))
    # Now and then plain final accounts only, without regnskabstype and groupings.
    plain = rng.random() < 0.15
    functions = sorted({f for f, _g, _k, _t in model_rows})
    rows = []
    for k in kommuner:
        for y in years:
            if rng.random() < 0.1:
                continue
            kinds = ["regnskab"] if y < 2023 else [rng.choice(["regnskab", "forventet_regnskab"])]
            if rng.random() < 0.3:
                kinds.append("budget")
            if rng.random() < 0.1:
                kinds = ["forventet_regnskab"] + (["budget"] if rng.random() < 0.5 else [])
            if plain:
                kinds = ["regnskab"]
            for kind in kinds:
                for f in functions + UNMAPPED:
                    if rng.random() < 0.15:
                        continue
                    if f.startswith("6.45") and y < 2013 and rng.random() < 0.7:
                        continue
                    specific = sorted({g for ff, g, _k, _t in model_rows
                                       if ff == f and g not in ("", "*")})
                    groups = [""] if plain else rng.sample([*specific, "", "007"],
                                                           rng.randint(1, 2))
                    for grp in groups:
                        brutto = round(rng.uniform(-50, 40000), 1)
                        netto = round(brutto * rng.uniform(0.5, 1.0), 1)
                        rows.append({"kommunekode": k, "aar": y, "funktion": f,
                                     "gruppering": grp, "brutto_1000_kr": brutto,
                                     "netto_1000_kr": netto,
                                     "regnskabstype": "" if kind == "regnskab"
                                     and (plain or rng.random() < 0.5) else kind})
    index = []
    for y in range(2009, 2026):
        if rng.random() < 0.12:
            continue
        index.append({"aar": y, "indeks": round(70 + (y - 2009) * 2 + rng.uniform(-1, 1), 2)})
    model = [{"funktion": f, "gruppering": g, "kategori": kat, "trin": trin}
             for f, g, kat, trin in model_rows]
    return rows, model, index


def _school(rng, kommuner):
    rows = []
    for k in kommuner:
        for y in range(2014, 2024):
            for grp in ("udsatte", "oevrige"):
                for ind in ("faglig_trivsel", "social_trivsel", "fravaer_pct"):
                    if rng.random() < 0.12:
                        continue
                    mean = round(rng.uniform(0, 30), 2) if ind == "fravaer_pct" \
                        else round(rng.uniform(1, 5), 2)
                    rows.append({"kommunekode": k, "skoleaar": f"{y}/{(y + 1) % 100:02d}",
                                 "gruppe": grp, "indikator": ind, "gennemsnit": mean,
                                 "antal": rng.randint(1, 4000)})
    return rows


def _casework(rng, kommuner, datoer, foranst):
    sag = []
    fte_choices = [None] if rng.random() < 0.15 else [None, 1.0, 0.5, 0.8, 0.75, 1.0]
    for k in kommuner:
        snaps = {_rand_date(rng, datoer[0] - timedelta(days=400), datoer[-1])
                 for _ in range(rng.randint(1, 4))}
        if rng.random() < 0.5:
            snaps.add(rng.choice(datoer))
        for d in snaps:
            for w in range(rng.randint(1, 6)):
                sag.append({"kommunekode": k, "dato": d, "socialraadgiver_id": f"S{w:02d}",
                            "antal_sager": rng.randint(0, 45),
                            "stillingsandel": rng.choice(fte_choices)})
    opf = []
    kids = sorted({(r["kommunekode"], r["barn_id"]) for r in foranst})
    keys = _key_dates(datoer)
    for k, b in rng.sample(kids, min(len(kids), rng.randint(3, 25))):
        n = rng.randint(1, 8)
        ds = []
        d = _rand_date(rng, datoer[0] - timedelta(days=500), datoer[-1])
        for _ in range(n):
            ds.append(d)
            d = d + timedelta(days=rng.choice([0, 1, 30, 42, 43, 91, 92, 120, 200]))
        if rng.random() < 0.3:
            ds.append(rng.choice(keys))
        if rng.random() < 0.3:
            ds.append(ds[0])  # an exact duplicate
        opf += [{"kommunekode": k, "barn_id": b, "dato": x} for x in ds]
    return sag, opf


# --- writing in messy but contract-conforming formats ------------------------------------

class _Style:
    def __init__(self, rng: random.Random):
        self.xlsx = rng.random() < 0.12
        self.danish = rng.random() < 0.5
        self.sep = ";" if self.danish else ","
        self.encoding = rng.choice(["cp1252", "utf-8-sig", "utf-8"]) if self.danish \
            else rng.choice(["utf-8", "utf-8-sig"])
        self.datefmt = rng.choice(["%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]) if self.danish \
            else "%Y-%m-%d"
        self.upper = rng.random() < 0.3
        self.rng = rng
        # Every cell in its own date format (ISO and both Danish ones in one file).
        self.mixed_dates = self.danish and rng.random() < 0.25
        # Decimal comma in a comma-separated file (the writer quotes those cells).
        self.comma_decimal = not self.danish and rng.random() < 0.2
        self.shuffle_columns = rng.random() < 0.3
        self.drop_empty_optional = rng.random() < 0.6

    def date(self, d: date | None):
        if self.xlsx and d is not None and self.danish:
            return datetime(d.year, d.month, d.day)  # a real Excel date cell
        if d is None:
            return ""
        if self.mixed_dates:
            return d.strftime(self.rng.choice(["%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]))
        return d.strftime(self.datefmt)

    def num(self, x: float | None, rng: random.Random):
        if x is None:
            return ""
        if self.xlsx:
            return float(x)
        s = repr(float(x))
        if self.comma_decimal:
            return s.replace(".", ",")
        if not self.danish:
            return s
        s = s.replace(".", ",")
        whole, _, frac = f"{abs(x):.10g}".partition(".")
        # Danish thousands separator, only where unambiguous (a decimal comma follows).
        if abs(x) >= 1000 and frac and "e" not in whole and rng.random() < 0.5:
            s = ("-" if x < 0 else "") + f"{int(whole):,}".replace(",", ".") + "," + frac
        return s


def _header(style: _Style, cols: list[str]) -> list[str]:
    out = []
    for c in cols:
        h = {"foedselsdato": "fødselsdato", "socialraadgiver_id": "socialrådgiver_id"}.get(c, c) \
            if style.danish else c
        out.append(f" {h.upper()} " if style.upper else h)
    return out


OPTIONAL_COLUMNS = {"slutdato", "bevilget_af", "gruppering", "regnskabstype", "stillingsandel"}


def _write(path: Path, rng: random.Random, cols: list[str], rows: list[list],
           style: _Style):
    rng.shuffle(rows)
    keep = list(range(len(cols)))
    if style.drop_empty_optional:  # an optional column that is empty throughout is left out
        keep = [i for i in keep if cols[i] not in OPTIONAL_COLUMNS
                or any(r[i] not in ("", None) for r in rows)]
    if style.shuffle_columns:
        rng.shuffle(keep)
    cols = [cols[i] for i in keep]
    rows = [[r[i] for i in keep] for r in rows]
    if style.xlsx:
        wb = openpyxl.Workbook()
        ws = wb.active
        if rng.random() < 0.3:  # a notes sheet first; the data sheet is named like the file
            ws.title = "Noter"
            ws.append(["Udtræk fra fagsystemet"])
            ws = wb.create_sheet(path.stem)
        else:
            ws.title = rng.choice(["Ark1", path.stem])
        ws.append(_header(style, cols))
        for r in rows:
            ws.append([None if v == "" else int(v) if isinstance(v, str)
                       and re.fullmatch(r"-?[1-9][0-9]*|0", v) else v for v in r])
        wb.save(path.with_suffix(".xlsx"))
        return
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=style.sep, lineterminator="\r\n" if rng.random() < 0.3
                   else "\n")
    w.writerow(_header(style, cols))
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(style.encoding))


def generate(seed: int, folder: Path) -> tuple[dict[str, pd.DataFrame], list[date]]:
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("*.csv")) + list(folder.glob("*.xlsx")):
        old.unlink()
    datoer = _cutoffs(rng)
    keys = _key_dates(datoer)
    kommuner = sorted(rng.sample(KOMMUNER, rng.randint(1, 3)))

    shared_ids = rng.random() < 0.5
    no_grants = rng.random() < 0.15  # bevilget_af empty throughout (= myndighed)
    foranst = []
    for k in kommuner:
        foranst += _children(rng, k, datoer, keys, shared_ids, no_grants)
    bef_kommuner = list(kommuner)
    if len(kommuner) > 1 and rng.random() < 0.2:  # measures but no population rows
        bef_kommuner.remove(rng.choice(kommuner))
    if rng.random() < 0.2:  # population rows but no measures
        bef_kommuner.append(rng.choice([k for k in KOMMUNER if k not in kommuner]))
    bef = []
    for k in bef_kommuner:
        bef += _population(rng, k, datoer)
    own_model = rng.random() < 0.7  # else no model file: the project's default applies
    udg, model, index = _expenditure(rng, kommuner, MODEL if own_model else default_model())
    school = _school(rng, kommuner)
    sag, opf = _casework(rng, kommuner, datoer, foranst)

    data = {
        "foranstaltninger": pd.DataFrame(foranst), "befolkning": pd.DataFrame(bef),
        "udgifter": pd.DataFrame(udg), "udgiftsmodel": pd.DataFrame(model),
        "prisindeks": pd.DataFrame(index), "skoletrivsel": pd.DataFrame(school),
        "sagstal": pd.DataFrame(sag), "opfoelgninger": pd.DataFrame(opf),
    }

    st = _Style(rng)
    cols = ["kommunekode", "barn_id", "foedselsdato", "indsats", "startdato", "slutdato",
            "bevilget_af"]
    rows = []
    for r in foranst:
        code = r["indsats"]
        if code in ALIASES and rng.random() < 0.3:
            code = rng.choice(ALIASES[code])
        rows.append([str(r["kommunekode"]), r["barn_id"], st.date(r["foedselsdato"]), code,
                     st.date(r["startdato"]), st.date(r["slutdato"]), r["bevilget_af"]])
    _write(folder / "foranstaltninger.csv", rng, cols, rows, st)

    st = _Style(rng)
    _write(folder / "befolkning.csv", rng, ["kommunekode", "dato", "antal_0_17"],
           [[str(r["kommunekode"]), st.date(r["dato"]), str(r["antal_0_17"])] for r in bef], st)

    st = _Style(rng)
    _write(folder / "udgifter.csv", rng,
           ["kommunekode", "aar", "funktion", "gruppering", "brutto_1000_kr", "netto_1000_kr",
            "regnskabstype"],
           [[str(r["kommunekode"]), str(r["aar"]), r["funktion"], r["gruppering"],
             st.num(r["brutto_1000_kr"], rng), st.num(r["netto_1000_kr"], rng),
             r["regnskabstype"]] for r in udg], st)

    st = _Style(rng)
    if own_model:
        _write(folder / "udgiftsmodel.csv", rng, ["funktion", "gruppering", "kategori", "trin"],
               [[r["funktion"], r["gruppering"], r["kategori"], r["trin"]] for r in model], st)

    st = _Style(rng)
    _write(folder / "prisindeks.csv", rng, ["aar", "indeks"],
           [[str(r["aar"]), st.num(r["indeks"], rng)] for r in index], st)

    st = _Style(rng)
    _write(folder / "skoletrivsel.csv", rng,
           ["kommunekode", "skoleaar", "gruppe", "indikator", "gennemsnit", "antal"],
           [[str(r["kommunekode"]), r["skoleaar"], r["gruppe"], r["indikator"],
             st.num(r["gennemsnit"], rng), str(r["antal"])] for r in school], st)

    st = _Style(rng)
    _write(folder / "sagstal.csv", rng,
           ["kommunekode", "dato", "socialraadgiver_id", "antal_sager", "stillingsandel"],
           [[str(r["kommunekode"]), st.date(r["dato"]), r["socialraadgiver_id"],
             str(r["antal_sager"]), st.num(r["stillingsandel"], rng)] for r in sag], st)

    st = _Style(rng)
    _write(folder / "opfoelgninger.csv", rng, ["kommunekode", "barn_id", "dato"],
           [[str(r["kommunekode"]), r["barn_id"], st.date(r["dato"])] for r in opf], st)
    return data, datoer
