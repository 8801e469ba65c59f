"""An independent, deliberately naive reference implementation of the nøgletal catalogue.

Written from ``shared/spec/catalogue.md`` and ``shared/spec/data-contract.md`` only, without
looking at ``noegletal.metrics``: plain Python loops over dates, one child at a time, so that
every line can be checked against the catalogue text by eye. Speed is irrelevant here.

Input is the *canonical* content of an extract folder as produced by
``tests.audit.generate`` (codes already canonical, dates as ``datetime.date`` or ``None``,
numbers as ``float``/``int``), so the reference is independent of the project's file reader
too: the generator writes the same content in messy file formats and the project must read
it back.

Interpretations that the catalogue leaves open are marked ``INTERPRETATION`` and listed in
``tests/audit/README.md``.
"""

from __future__ import annotations

import calendar
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

# --- vocabulary (data contract, section 1) -------------------------------------------------

STEP_OF = {
    "forebyggende_11_3": "forebyggende",
    "forebyggende_foranstaltning": "hjemmebaseret",
    "doegnophold_familie": "hjemmebaseret",
    "eget_vaerelse": "hjemmebaseret",
    "foraeldrerettet_under_anbringelse": "hjemmebaseret",
    "netvaerkspleje": "netvaerkspleje",
    "familiepleje": "familiepleje",
    "doegninstitution": "institution",
    "opholdssted": "institution",
    "sikret_institution": "institution",
    "kost_efterskole": "institution",
}
STEPS = ["ingen", "forebyggende", "hjemmebaseret", "netvaerkspleje", "familiepleje", "institution"]
RANK = {s: i for i, s in enumerate(STEPS)}
HOME_TYPES = [
    "forebyggende_foranstaltning", "doegnophold_familie", "eget_vaerelse",
    "foraeldrerettet_under_anbringelse",
]
INSTITUTION_CODES = {"doegninstitution", "opholdssted", "sikret_institution", "kost_efterskole"}
PLACED_CODES = INSTITUTION_CODES | {"familiepleje", "netvaerkspleje"}
FORMS = ["institution", "familiepleje", "netvaerkspleje"]


@dataclass
class Params:
    base_periods: dict[str, tuple[int, int]] = field(default_factory=lambda: {
        "service": (2011, 2014), "administration": (2013, 2014), "i_alt": (2013, 2014)})
    price_base_year: int | None = None
    followup_standard_days: dict[str, int] = field(default_factory=lambda: {
        "hjemmebaseret": 91, "netvaerkspleje": 91, "familiepleje": 91, "institution": 42})


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and x != x)


# --- calendar ------------------------------------------------------------------------------

def add_months(d: date, n: int) -> date:
    """Calendar months forward (n > 0) or back (n < 0); the day clips to the month's end.

    INTERPRETATION: 2016-09-30 - 6 mdr = 2016-03-30 (the day of month is kept, and only clipped
    when the target month is shorter), not "the month end six months back".
    """
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def birthday_18(born: date) -> date:
    """The 18th birthday; a 29 February child turns 18 on 28 February in non-leap years."""
    y = born.year + 18
    if born.month == 2 and born.day == 29 and not calendar.isleap(y):
        return date(y, 2, 28)
    return date(y, born.month, born.day)


def is_child(born: date, d: date) -> bool:
    return d < birthday_18(born)


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def previous_month_end(d: date) -> date:
    first = date(d.year, d.month, 1)
    return first - timedelta(days=1)


# --- per-child view of foranstaltninger ----------------------------------------------------

@dataclass
class Course:
    indsats: str
    start: date
    end: date | None
    bevilget_af: str  # 'myndighed' or 'andre' (empty already mapped to 'myndighed')

    def running(self, t: date) -> bool:
        return self.start <= t and (self.end is None or self.end >= t)


@dataclass
class Child:
    kommune: int
    barn_id: str
    born: date
    courses: list[Course] = field(default_factory=list)

    def child_at(self, t: date) -> bool:
        return is_child(self.born, t)

    def step(self, t: date) -> str:
        best = "ingen"
        for c in self.courses:
            if c.indsats in STEP_OF and c.running(t) and RANK[STEP_OF[c.indsats]] > RANK[best]:
                best = STEP_OF[c.indsats]
        return best

    def form(self, t: date) -> str | None:
        """Form of the placement with the latest start among those running at t (tie: step)."""
        running = [c for c in self.courses if c.indsats in PLACED_CODES and c.running(t)]
        if not running:
            return None
        best = max(running, key=lambda c: (c.start, RANK[STEP_OF[c.indsats]]))
        return "institution" if best.indsats in INSTITUTION_CODES else best.indsats

    def has_running(self, codes: set[str] | str, t: date) -> bool:
        codes = {codes} if isinstance(codes, str) else codes
        return any(c.indsats in codes and c.running(t) for c in self.courses)


def build_children(foranstaltninger) -> dict[int, list[Child]]:
    """Group rows by (kommunekode, barn_id); every row of a child carries the same birth date."""
    by_key: dict[tuple[int, str], Child] = {}
    for r in foranstaltninger.itertuples(index=False):
        key = (int(r.kommunekode), str(r.barn_id))
        if key not in by_key:
            by_key[key] = Child(key[0], key[1], r.foedselsdato)
        grant = r.bevilget_af if r.bevilget_af else "myndighed"
        end = None if _missing(r.slutdato) else r.slutdato
        by_key[key].courses.append(Course(r.indsats, r.startdato, end, grant))
    out: dict[int, list[Child]] = defaultdict(list)
    for ch in by_key.values():
        out[ch.kommune].append(ch)
    return out


def population(befolkning, kommune: int, t: date) -> int | None:
    rows = [(r.dato, int(r.antal_0_17)) for r in befolkning.itertuples(index=False)
            if int(r.kommunekode) == kommune]
    if not rows:
        return None
    before = [r for r in rows if r[0] <= t]
    if before:
        return max(before)[1]
    return min(rows)[1]


# --- output --------------------------------------------------------------------------------

class Rows:
    def __init__(self):
        self.rows: list[dict] = []

    def add(self, nid, kommune, dato, dim, vaerdi, taeller=None, naevner=None):
        self.rows.append({"noegletal": nid, "kommunekode": int(kommune), "dato": dato.isoformat(),
                          "dimension": dim or "", "vaerdi": float(vaerdi),
                          "taeller": None if taeller is None else float(taeller),
                          "naevner": None if naevner is None else float(naevner)})

    def rate(self, nid, kommune, dato, dim, count, pop):
        """count per 1000 of pop; no row when the population is unknown or zero."""
        if pop:
            self.add(nid, kommune, dato, dim, count / pop * 1000, count, pop)

    def share(self, nid, kommune, dato, dim, part, whole):
        """part / whole in percent; no row for a zero denominator (lead's convention)."""
        if whole:
            self.add(nid, kommune, dato, dim, part / whole * 100, part, whole)


# --- A. Anbringelsesmønster ----------------------------------------------------------------

def section_a(out: Rows, kids: list[Child], kommune: int, datoer: list[date], pop_of):
    for i, t in enumerate(datoer):
        kt = [k for k in kids if k.child_at(t)]
        forms = {k.barn_id: k.form(t) for k in kt}
        placed = [b for b, f in forms.items() if f is not None]
        out.rate("anbragte_pr_1000", kommune, t, "", len(placed), pop_of(t))
        for f in FORMS:
            out.share("anbringelsesform_andel", kommune, t, f,
                      sum(1 for b in placed if forms[b] == f), len(placed))
        if i == 0:
            continue
        s = datoer[i - 1]
        cohort = [k for k in kids if k.child_at(t) and k.form(s) == "institution"]
        ceased = [k for k in cohort if k.form(t) != "institution"]
        out.share("institution_ophoert_andel", kommune, t, "", len(ceased), len(cohort))
        other = sum(1 for k in ceased if k.form(t) in ("familiepleje", "netvaerkspleje"))
        none = sum(1 for k in ceased if k.form(t) is None)
        out.share("institution_ophoert_hvorhen", kommune, t, "anden_anbringelse", other,
                  len(ceased))
        out.share("institution_ophoert_hvorhen", kommune, t, "ikke_anbragt", none, len(ceased))


# --- B. Home-based measures and movements --------------------------------------------------

def section_b(out: Rows, kids: list[Child], kommune: int, datoer: list[date], pop_of,
              in_extract: bool = True):
    home = set(HOME_TYPES)
    for t in datoer:
        kt = [k for k in kids if k.child_at(t)]
        out.rate("hjemmebaserede_pr_1000", kommune, t, "",
                 sum(1 for k in kt if k.has_running(home, t)), pop_of(t))
        for typ in HOME_TYPES:
            n = sum(1 for k in kt if k.has_running(typ, t))
            # PROJECT CHOICE: the counts are emitted for municipalities in foranstaltninger
            # only, while the rates are emitted for every municipality with a population.
            if in_extract:
                out.add("hjemmebaserede_type_antal", kommune, t, typ, n)
            out.rate("hjemmebaserede_type_pr_1000", kommune, t, typ, n, pop_of(t))
        u = add_months(t, -12)
        cohort = [k for k in kt if k.has_running(home, u) and k.form(u) is None]
        op = [k for k in cohort if k.form(t) is not None]
        ingen = [k for k in cohort if k.form(t) is None and k.has_running(home, t)]
        ned = [k for k in cohort if k.form(t) is None and not k.has_running(home, t)]
        for dim, grp in (("op", op), ("ingen", ingen), ("ned", ned)):
            out.share("bevaegelse_fra_hjemmebaserede", kommune, t, dim, len(grp), len(cohort))
        pairs: dict[str, int] = defaultdict(int)
        for k in kt:
            a, b = k.step(u), k.step(t)
            if a != "ingen" or b != "ingen":
                pairs[f"{a}>{b}"] += 1
        for dim, n in sorted(pairs.items()):
            out.add("trin_overgange", kommune, t, dim, n)


# --- C. § 11.3 ------------------------------------------------------------------------------

def section_c(out: Rows, kids: list[Child], kommune: int, datoer: list[date], pop_of):
    for t in datoer:
        kt = [k for k in kids if k.child_at(t)]
        out.rate("forebyggende_11_3_pr_1000", kommune, t, "",
                 sum(1 for k in kt if k.has_running("forebyggende_11_3", t)), pop_of(t))

        lo6 = add_months(t, -6)
        cohort = bfu = 0
        for k in kt:
            starts = [c.start for c in k.courses if c.indsats == "forebyggende_11_3"
                      and c.bevilget_af == "myndighed" and lo6 < c.start <= t]
            if not starts:
                continue
            first = min(starts)
            cohort += 1
            if any(c.indsats == "boernefaglig_undersoegelse" and first <= c.start <= t
                   for c in k.courses):
                bfu += 1
        out.share("forebyggende_11_3_bfu_andel", kommune, t, "", bfu, cohort)

        lo24, hi12 = add_months(t, -24), add_months(t, -12)
        cohort = bfu = 0
        for k in kids:
            starts = [c.start for c in k.courses if c.indsats == "forebyggende_11_3"
                      and c.bevilget_af == "myndighed" and lo24 < c.start <= hi12
                      and k.child_at(c.start)]
            if not starts:
                continue
            first = min(starts)
            cohort += 1
            if any(c.indsats == "boernefaglig_undersoegelse"
                   and first <= c.start <= add_months(first, 12) for c in k.courses):
                bfu += 1
        out.share("forebyggende_11_3_bfu_12_mdr", kommune, t, "", bfu, cohort)


# --- G. Flows and volume (case part) -------------------------------------------------------

def month_ends_in(lo: date, hi: date) -> list[date]:
    """All month ends m with lo < m <= hi."""
    res = []
    y, m = lo.year, lo.month
    while True:
        me = month_end(y, m)
        if me > hi:
            break
        if me > lo:
            res.append(me)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return res


def merged_institution_spells(k: Child) -> list[tuple[date, date | None]]:
    spells = sorted(((c.start, c.end) for c in k.courses if c.indsats in INSTITUTION_CODES),
                    key=lambda x: x[0])
    merged: list[list] = []
    for s, e in spells:
        if merged:
            _ps, pe = merged[-1]
            if pe is None or s <= pe + timedelta(days=1):
                if pe is not None and (e is None or e > pe):
                    merged[-1][1] = e
                continue
        merged.append([s, e])
    return [(s, e) for s, e in merged]


def section_g_case(out: Rows, kids: list[Child], kommune: int, datoer: list[date], pop_of):
    for t in datoer:
        lo = add_months(t, -12)
        op = ned = 0
        for m in month_ends_in(lo, t):
            prev = previous_month_end(m)
            for k in kids:
                if not k.child_at(m):
                    continue
                a, b = RANK[k.step(prev)], RANK[k.step(m)]
                op += b > a
                ned += b < a
        pop = pop_of(t)
        out.rate("flytninger_pr_1000", kommune, t, "op", op, pop)
        out.rate("flytninger_pr_1000", kommune, t, "ned", ned, pop)
        out.rate("flytninger_pr_1000", kommune, t, "samlet", op + ned, pop)

        lengths = []
        for k in kids:
            for s, e in merged_institution_spells(k):
                if e is not None and lo < e <= t and k.child_at(e):
                    lengths.append((e - s).days + 1)
        if lengths:
            out.add("institution_varighed_dage", kommune, t, "", sum(lengths) / len(lengths),
                    sum(lengths), len(lengths))

        kt = [k for k in kids if k.child_at(t)]
        steps = [k.step(t) for k in kt]
        out.rate("boern_med_foranstaltning_pr_1000", kommune, t, "alle",
                 sum(1 for s in steps if s != "ingen"), pop)
        out.rate("boern_med_foranstaltning_pr_1000", kommune, t, "kun_forebyggende",
                 sum(1 for s in steps if s == "forebyggende"), pop)
        out.rate("underretninger_pr_1000", kommune, t, "",
                 sum(1 for k in kt if any(c.indsats == "underretning" and lo < c.start <= t
                                          for c in k.courses)), pop)


# --- D. Expenditure --------------------------------------------------------------------------

def _model_lookup(model):
    specific, wildcard = {}, {}
    for r in model.itertuples(index=False):
        g = (r.gruppering or "").strip()
        val = (r.kategori, (r.trin or "").strip() or None)
        if g in ("", "*"):
            wildcard[r.funktion] = val
        else:
            specific[(r.funktion, g)] = val

    def lookup(funktion, gruppering):
        """INTERPRETATION: a row for the exact grouping beats the function's wildcard row."""
        g = (gruppering or "").strip()
        if (funktion, g) in specific:
            return specific[(funktion, g)]
        return wildcard.get(funktion)

    return lookup


def expenditure_rows(udgifter, model, prisindeks, params: Params):
    """Rows used per (kommune, year) in fixed prices: list of (kategori, trin, brutto, netto).

    INTERPRETATION: per municipality and year the final accounts (`regnskab`) are used when
    there are any; otherwise `forventet_regnskab`; `budget` rows are never used. Years without
    a price index are left out (no fixed-price figure can be formed).
    """
    index = {int(r.aar): float(r.indeks) for r in prisindeks.itertuples(index=False)}
    base = params.price_base_year if params.price_base_year is not None else max(index)
    lookup = _model_lookup(model)
    types: dict[tuple[int, int], set[str]] = defaultdict(set)
    for r in udgifter.itertuples(index=False):
        types[(int(r.kommunekode), int(r.aar))].add(r.regnskabstype or "regnskab")
    used: dict[tuple[int, int], list] = defaultdict(list)
    for r in udgifter.itertuples(index=False):
        key = (int(r.kommunekode), int(r.aar))
        kind = r.regnskabstype or "regnskab"
        chosen = ("regnskab" if "regnskab" in types[key] else
                  "forventet_regnskab" if "forventet_regnskab" in types[key] else None)
        if kind != chosen or key[1] not in index or base not in index:
            continue
        m = lookup(r.funktion, r.gruppering)
        if m is None:
            continue
        f = index[base] / index[key[1]]
        used[key].append((m[0], m[1], float(r.brutto_1000_kr) * f, float(r.netto_1000_kr) * f))
    return used


def section_d(out: Rows, data: dict, kids_by_k: dict[int, list[Child]], datoer: list[date],
              params: Params):
    if not {"udgifter", "udgiftsmodel", "prisindeks"} <= set(data):
        return
    used = expenditure_rows(data["udgifter"], data["udgiftsmodel"], data["prisindeks"], params)
    net: dict[int, dict[int, dict[str, float]]] = defaultdict(dict)
    for (kommune, aar), rows in sorted(used.items()):
        d = date(aar, 12, 31)
        cat: dict[str, float] = defaultdict(float)
        for kategori, _trin, _b, n in rows:
            cat[kategori] += n
        # PROJECT CHOICE: a category is shown only when some account row was matched to it;
        # `administration` when either administration category has rows; `i_alt` only when
        # both service and administration exist (administration is recorded only from 2013).
        vals = {c: cat[c] for c in ("service", "administration_myndighed",
                                    "administration_oevrig") if c in cat}
        if "administration_myndighed" in cat or "administration_oevrig" in cat:
            vals["administration"] = (cat.get("administration_myndighed", 0.0)
                                      + cat.get("administration_oevrig", 0.0))
        if "service" in vals and "administration" in vals:
            vals["i_alt"] = vals["service"] + vals["administration"]
        net[kommune][aar] = vals
        for dim, v in vals.items():
            out.add("udgifter_netto", kommune, d, dim, v)

        step_gross: dict[str, float] = defaultdict(float)
        for kategori, trin, b, _n in rows:
            if kategori == "service" and trin:
                step_gross[trin] += b
        matched_steps = set(step_gross)
        total = sum(step_gross.values())
        for s in STEPS[1:]:
            out.share("serviceudgifter_trin_andel", kommune, d, s, step_gross.get(s, 0.0), total)

        # udgift_pr_barn_trin: children on the step at this year's cut-offs, averaged.
        year_cutoffs = [t for t in datoer if t.year == aar]
        kids = kids_by_k.get(kommune, [])
        if year_cutoffs:
            for s in STEPS[1:]:
                counts = [sum(1 for k in kids if k.child_at(t) and k.step(t) == s)
                          for t in year_cutoffs]
                avg = sum(counts) / len(counts)
                # PROJECT CHOICE: kr. (not 1000 kr.) per child, like `udgift_pr_barn`; a step
                # is shown only when some service row was matched to it that year.
                if avg and s in matched_steps:
                    out.add("udgift_pr_barn_trin", kommune, d, s, step_gross[s] * 1000 / avg,
                            step_gross[s] * 1000, avg)

        # udgift_pr_barn: gross service per distinct child with a stepped measure in the year.
        gross_service = sum(b for kategori, _t, b, _n in rows if kategori == "service")
        y0, y1 = date(aar, 1, 1), date(aar, 12, 31)
        n_children = 0
        for k in kids:
            last_child_day = birthday_18(k.born) - timedelta(days=1)
            for c in k.courses:
                if c.indsats not in STEP_OF:
                    continue
                lo = max(c.start, y0)
                hi = min(c.end or y1, y1, last_child_day)
                if lo <= hi:
                    n_children += 1
                    break
        # PROJECT CHOICE (as for udgifter_netto): no row when no service row was matched.
        if n_children and any(kategori == "service" for kategori, _t, _b, _n in rows):
            out.add("udgift_pr_barn", kommune, d, "", gross_service * 1000 / n_children,
                    gross_service * 1000, n_children)

    for kommune, years in net.items():
        for dim, (b0, b1) in params.base_periods.items():
            base_vals = [years[y][dim] for y in range(b0, b1 + 1)
                         if y in years and dim in years[y]]
            if not base_vals:
                continue
            mean = sum(base_vals) / len(base_vals)
            # PROJECT CHOICE: shown for the years after the base period only.
            for aar, vals in sorted(years.items()):
                if aar > b1 and dim in vals:
                    out.add("merudgifter", kommune, date(aar, 12, 31), dim, vals[dim] - mean)


# --- E. School --------------------------------------------------------------------------------

def section_e(out: Rows, skoletrivsel):
    cells = {}
    for r in skoletrivsel.itertuples(index=False):
        d = date(int(r.skoleaar[:4]), 8, 1)
        cells[(int(r.kommunekode), d, r.indikator, r.gruppe)] = (float(r.gennemsnit), int(r.antal))
    for (kommune, d, ind, grp), (mean, n) in sorted(cells.items()):
        out.add(ind, kommune, d, grp, mean, None, n)
        if grp == "udsatte" and (kommune, d, ind, "oevrige") in cells:
            out.add(f"{ind}_forskel", kommune, d, "", mean - cells[(kommune, d, ind, "oevrige")][0])


# --- F. Casework ------------------------------------------------------------------------------

def section_f(out: Rows, data: dict, kids_by_k: dict[int, list[Child]], datoer: list[date],
              params: Params):
    if "sagstal" in data:
        snaps = defaultdict(lambda: defaultdict(dict))
        for r in data["sagstal"].itertuples(index=False):
            fte = 1.0 if _missing(r.stillingsandel) else float(r.stillingsandel)
            # PROJECT CHOICE: a worker's rows in one snapshot are added together.
            worker = snaps[int(r.kommunekode)][r.dato]
            a0, f0 = worker.get(r.socialraadgiver_id, (0, 0.0))
            worker[r.socialraadgiver_id] = (a0 + int(r.antal_sager), f0 + fte)
        for kommune, by_date in snaps.items():
            for t in datoer:
                before = [d for d in by_date if d <= t]
                if not before:
                    continue
                rows = list(by_date[max(before)].values())
                cases, fte = sum(a for a, _ in rows), sum(f for _, f in rows)
                if fte:
                    out.add("sagstal_gennemsnit", kommune, t, "", cases / fte, cases, fte)
                # INTERPRETATION: an individual caseload is cases per FTE of that worker.
                loads = [a / f for a, f in rows if f]
                if loads:
                    out.add("sagstal_hoejeste", kommune, t, "", max(loads))
                    out.add("sagstal_laveste", kommune, t, "", min(loads))

    if "opfoelgninger" in data:
        dates = defaultdict(set)
        for r in data["opfoelgninger"].itertuples(index=False):
            dates[(int(r.kommunekode), str(r.barn_id))].add(r.dato)  # duplicates collapse
        kid_index = {(k.kommune, k.barn_id): k for ks in kids_by_k.values() for k in ks}
        kommuner = sorted({k for k, _ in dates})
        for kommune in kommuner:
            for t in datoer:
                lo = add_months(t, -12)
                gaps, timely, counted = [], 0, 0
                for (kk, b), ds in dates.items():
                    if kk != kommune:
                        continue
                    ds = sorted(ds)
                    for a, z in pairwise(ds):
                        if not (lo < z <= t):
                            continue
                        days = (z - a).days
                        # PROJECT CHOICE: the median is over pairs with both follow-ups in
                        # the window ("over follow-ups in the 12 months up to t").
                        if lo < a:
                            gaps.append(days)
                        kid = kid_index.get((kk, b))
                        # PROJECT CHOICE: only children (at the earlier follow-up) count.
                        if kid is None or not kid.child_at(a):
                            continue
                        step = kid.step(a)
                        std = params.followup_standard_days.get(step)
                        if std is not None:
                            counted += 1
                            timely += days <= std
                if gaps:
                    out.add("dage_mellem_opfoelgninger_median", kommune, t, "",
                            statistics.median(gaps), None, len(gaps))
                out.share("opfoelgninger_rettidige_andel", kommune, t, "", timely, counted)


# --- everything -------------------------------------------------------------------------------

def compute_reference(data: dict, datoer: list[date], params: Params | None = None):
    """All catalogue rows (sections A-G) for the canonical extracts in ``data``.

    ``data`` maps extract names (``foranstaltninger``, ``befolkning``, ``udgifter``,
    ``udgiftsmodel``, ``prisindeks``, ``skoletrivsel``, ``sagstal``, ``opfoelgninger``) to
    DataFrames with canonical values. Returns a DataFrame in the contract's output columns.
    """
    import pandas as pd

    params = params or Params()
    datoer = sorted(datoer)
    out = Rows()
    kids_by_k = build_children(data["foranstaltninger"]) if "foranstaltninger" in data else {}
    if "foranstaltninger" in data and "befolkning" in data:
        bef = data["befolkning"]
        kommuner = sorted(set(kids_by_k))  # municipalities that sent case data
        for kommune in kommuner:
            kids = kids_by_k.get(kommune, [])

            def pop_of(t, kommune=kommune):
                return population(bef, kommune, t)

            section_a(out, kids, kommune, datoer, pop_of)
            section_b(out, kids, kommune, datoer, pop_of, kommune in kids_by_k)
            section_c(out, kids, kommune, datoer, pop_of)
            section_g_case(out, kids, kommune, datoer, pop_of)
    section_d(out, data, kids_by_k, datoer, params)
    if "skoletrivsel" in data:
        section_e(out, data["skoletrivsel"])
    section_f(out, data, kids_by_k, datoer, params)
    cols = ["noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller", "naevner"]
    return pd.DataFrame(out.rows, columns=cols)
