"""Property tests for themes A, B and G on random data full of edge cases.

Two kinds of checks:

* an independent, deliberately naive reference implementation (plain Python loops over rows
  and dates, ``dateutil`` calendar arithmetic) must give exactly the same rows and values;
* invariants: shares sum to 100, numerators never exceed denominators, head counts per 1000
  stay within [0, 1000] when the population covers every child, and ``trin_overgange`` agrees
  with the step snapshots and with ``bevaegelse_fra_hjemmebaserede``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noegletal.domain.vocabulary import HOME_BASED_CODES, INDSATSER, STEPS
from noegletal.metrics import catalogue, engine, flows, ladder, placements
from tests.metrics.builders import context, measures, population

# ------------------------------------------------------------------------------------------
# Random data: dates cluster around cut-offs, month ends, leap days and 18th birthdays.

CUTOFFS = ["2016-01-31", "2016-02-29", "2016-05-31", "2016-09-30", "2017-02-28", "2017-05-31"]
_ANCHORS = [*CUTOFFS, "2015-01-31", "2015-02-28", "2015-05-31", "2015-09-30", "2016-02-28",
            "2016-03-31", "2016-06-30", "2016-12-31"]
DATES = sorted({
    (pd.Timestamp(a) + pd.Timedelta(days=k)).date().isoformat()
    for a in _ANCHORS for k in (-1, 0, 1)
})
# 18th birthdays on or around the cut-offs, a 29 February, and plainly young children.
BIRTHS = ["1998-01-31", "1998-02-01", "1998-02-28", "1998-05-31", "1998-06-01", "1998-09-30",
          "1999-02-28", "1999-05-31", "2000-02-29", "2005-06-15", "2010-01-01"]
CODES = [c for c in INDSATSER]
BARN = ["a", "b", "c", "d", "e"]
KOMMUNER = [510, 657]


@st.composite
def datasets(draw, big_population: bool = False):
    births = {b: draw(st.sampled_from(BIRTHS)) for b in BARN}
    rows = []
    for _ in range(draw(st.integers(0, 14))):
        barn = draw(st.sampled_from(BARN))
        birth = births[barn]
        if draw(st.integers(0, 19)) == 0:  # now and then a conflicting birth date
            birth = draw(st.sampled_from(BIRTHS))
        start = draw(st.sampled_from(DATES))
        end = draw(st.one_of(st.none(), st.sampled_from(DATES)))
        if end is not None and end < start:
            start, end = end, start
        rows.append((barn, birth, draw(st.sampled_from(CODES)), start, end, None,
                     draw(st.sampled_from(KOMMUNER))))
    datoer = sorted(draw(st.sets(st.sampled_from(CUTOFFS), min_size=1, max_size=4)))
    pop = {}
    for k in KOMMUNER:
        if big_population:
            pop[k] = draw(st.integers(len(BARN), 5000))
        elif draw(st.integers(0, 4)) > 0:  # sometimes a municipality has no population rows
            dates = draw(st.sets(st.sampled_from(DATES), min_size=1, max_size=2))
            pop[k] = [(d, draw(st.sampled_from([0, 1, 7, 1000]))) for d in sorted(dates)]
    if not pop:
        pop[510] = 100
    return rows, datoer, pop


def _run(rows, datoer, pop):
    ctx = context(measures(rows), population(pop), datoer=datoer)
    out = pd.concat([placements.compute(ctx), ladder.compute(ctx), flows.compute(ctx)],
                    ignore_index=True)
    return out, ctx


def _as_dict(out: pd.DataFrame) -> dict:
    got = {}
    for r in out.itertuples(index=False):
        key = (r.noegletal, int(r.kommunekode), pd.Timestamp(r.dato).date(), r.dimension)
        assert key not in got, key
        got[key] = (r.vaerdi,
                    None if pd.isna(r.taeller) else r.taeller,
                    None if pd.isna(r.naevner) else r.naevner)
    return got


# ------------------------------------------------------------------------------------------
# The naive reference implementation.

RANK = {c: (STEPS.index(i.step) if i.step else None) for c, i in INDSATSER.items()}
DAY = dt.timedelta(days=1)


def _d(s) -> dt.date | None:
    return None if s is None else dt.date.fromisoformat(s)


def _eighteen(b: dt.date) -> dt.date:
    try:
        return b.replace(year=b.year + 18)
    except ValueError:  # 29 February in a non-leap year
        return b.replace(year=b.year + 18, day=28)


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _month_ends(u: dt.date, t: dt.date) -> list[dt.date]:
    out, y, m = [], u.year, u.month
    while True:
        me = _month_end(y, m)
        if me > t:
            return out
        if me > u:
            out.append(me)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


class Reference:
    def __init__(self, rows, pop):
        self.children = defaultdict(list)
        for barn, birth, code, start, end, _, k in rows:
            self.children[(k, barn)].append((code, _d(start), _d(end), _d(birth)))
        self.birth = {}
        for c, rs in self.children.items():
            i = min(range(len(rs)), key=lambda j: (rs[j][1], j))
            self.birth[c] = rs[i][3]
        self.kommuner_data = sorted({k for k, _ in self.children})
        self.pop = {}
        for k, v in pop.items():
            entries = [(dt.date(2000, 1, 1), v)] if isinstance(v, int) else \
                [(_d(d), n) for d, n in v]
            self.pop[k] = sorted(entries)

    def population(self, k, t):
        entries = self.pop[k]
        before = [n for d, n in entries if d <= t]
        return before[-1] if before else entries[0][1]

    def is_child(self, c, t):
        return t < _eighteen(self.birth[c])

    def running(self, c, t):
        return [(code, s, e) for code, s, e, _ in self.children[c]
                if RANK[code] is not None and s <= t and (e is None or e >= t)]

    def step(self, c, t):
        return max((RANK[code] for code, _, _ in self.running(c, t)), default=0)

    def form(self, c, t):
        placed = [(s, RANK[code]) for code, s, _ in self.running(c, t) if INDSATSER[code].placed]
        return max(placed)[1] if placed else -1

    def home_types(self, c, t):
        return {code for code, _, _ in self.running(c, t) if code in HOME_BASED_CODES}

    def kids(self, k, t):
        return [c for c in self.children if c[0] == k and self.is_child(c, t)]

    def spells(self, c):
        rows = sorted(((s, e) for code, s, e, _ in self.children[c] if RANK[code] == 5),
                      key=lambda r: r[0])
        out = []
        for s, e in rows:
            if out and (out[-1][1] is None or s <= out[-1][1] + DAY):
                ps, pe = out[-1]
                out[-1] = (ps, None if pe is None or e is None else max(pe, e))
            else:
                out.append((s, e))
        return out

    def figures(self, datoer):
        res = {}
        forms = {"netvaerkspleje": 3, "familiepleje": 4, "institution": 5}

        def per_1000(fid, k, t, dim, n):
            res[(fid, k, t, dim)] = (1000 * n / self.population(k, t), n, self.population(k, t))

        def shares(fid, k, t, counts, n):
            if n > 0:
                for dim, x in counts.items():
                    res[(fid, k, t, dim)] = (100 * x / n, x, n)

        for i, t in enumerate(datoer):
            u = t - relativedelta(months=12)
            m0 = _month_ends(u, t)[0].replace(day=1) - DAY
            ends = _month_ends(u, t)
            for k in self.kommuner_data:
                kids = self.kids(k, t)
                placed = [c for c in kids if self.form(c, t) >= 0]
                shares("anbringelsesform_andel", k, t,
                       {f: sum(self.form(c, t) == r for c in placed) for f, r in forms.items()},
                       len(placed))
                if i > 0:
                    s = datoer[i - 1]
                    cohort = [c for c in self.children
                              if c[0] == k and self.form(c, s) == 5 and self.is_child(c, t)]
                    ceased = [c for c in cohort if self.form(c, t) != 5]
                    shares("institution_ophoert_andel", k, t, {"": len(ceased)}, len(cohort))
                    shares("institution_ophoert_hvorhen", k, t, {
                        "anden_anbringelse": sum(self.form(c, t) in (3, 4) for c in ceased),
                        "ikke_anbragt": sum(self.form(c, t) == -1 for c in ceased),
                    }, len(ceased))
                for code in HOME_BASED_CODES:
                    n = sum(code in self.home_types(c, t) for c in kids)
                    res[("hjemmebaserede_type_antal", k, t, code)] = (n, None, None)
                cohort = [c for c in kids if self.home_types(c, u) and self.form(c, u) == -1]
                op = [c for c in cohort if self.form(c, t) >= 0]
                ingen = [c for c in cohort if c not in op and self.home_types(c, t)]
                shares("bevaegelse_fra_hjemmebaserede", k, t, {
                    "op": len(op), "ingen": len(ingen),
                    "ned": len(cohort) - len(op) - len(ingen)}, len(cohort))
                pairs = defaultdict(int)
                for c in kids:
                    a, b = self.step(c, u), self.step(c, t)
                    if a or b:
                        pairs[f"{STEPS[a]}>{STEPS[b]}"] += 1
                for dim, n in pairs.items():
                    res[("trin_overgange", k, t, dim)] = (n, None, None)
                lengths = []
                for c in self.children:
                    if c[0] != k:
                        continue
                    for s, e in self.spells(c):
                        if e is not None and u < e <= t and e < _eighteen(self.birth[c]):
                            lengths.append((e - s).days + 1)
                if lengths:
                    res[("institution_varighed_dage", k, t, "")] = (
                        sum(lengths) / len(lengths), sum(lengths), len(lengths))
            for k in self.pop:
                # only municipalities that sent case data (and have children in the data)
                if k not in self.kommuner_data or self.population(k, t) == 0:
                    continue
                kids = self.kids(k, t)
                per_1000("anbragte_pr_1000", k, t, "",
                         sum(self.form(c, t) >= 0 for c in kids))
                per_1000("hjemmebaserede_pr_1000", k, t, "",
                         sum(bool(self.home_types(c, t)) for c in kids))
                for code in HOME_BASED_CODES:
                    per_1000("hjemmebaserede_type_pr_1000", k, t, code,
                             sum(code in self.home_types(c, t) for c in kids))
                per_1000("boern_med_foranstaltning_pr_1000", k, t, "alle",
                         sum(self.step(c, t) > 0 for c in kids))
                per_1000("boern_med_foranstaltning_pr_1000", k, t, "kun_forebyggende",
                         sum(self.step(c, t) == 1 for c in kids))
                per_1000("underretninger_pr_1000", k, t, "", sum(
                    any(code == "underretning" and u < s <= t
                        for code, s, _, _ in self.children[c]) for c in kids))
                up = down = 0
                for c in (c for c in self.children if c[0] == k):
                    prev = m0
                    for m in ends:
                        if self.is_child(c, m):
                            a, b = self.step(c, prev), self.step(c, m)
                            up += b > a
                            down += b < a
                        prev = m
                per_1000("flytninger_pr_1000", k, t, "op", up)
                per_1000("flytninger_pr_1000", k, t, "ned", down)
                per_1000("flytninger_pr_1000", k, t, "samlet", up + down)
        return res


# ------------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_matches_the_naive_reference(data):
    rows, datoer, pop = data
    out, _ = _run(rows, datoer, pop)
    got = _as_dict(out)
    ref = Reference(rows, pop)
    expected = {(f, k, t, dim): v for (f, k, t, dim), v in
                ref.figures([_d(t) for t in datoer]).items()}
    assert set(got) == set(expected)
    for key, value in expected.items():
        assert got[key] == pytest.approx(value), key


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(big_population=True))
def test_invariants(data):
    rows, datoer, pop = data
    out, ctx = _run(rows, datoer, pop)
    if out.empty:  # no case data: nothing is emitted, so there is nothing to check
        assert not rows or not ctx.has("befolkning")
        return
    distributions = {"anbringelsesform_andel", "institution_ophoert_hvorhen",
                     "bevaegelse_fra_hjemmebaserede"}
    for fid, group in out[out["noegletal"].isin(distributions)].groupby(
            ["noegletal", "kommunekode", "dato"]):
        assert group["vaerdi"].sum() == pytest.approx(100.0), fid
        assert set(group["dimension"]) == set(catalogue.CATALOGUE[fid[0]].dimensions)
        assert group["taeller"].sum() == group["naevner"].iloc[0]
    shares = out[out["noegletal"].map(lambda i: catalogue.CATALOGUE[i].unit == "pct")]
    assert (shares["taeller"] <= shares["naevner"]).all()
    assert (shares["naevner"] > 0).all()
    headcounts = {"anbragte_pr_1000", "hjemmebaserede_pr_1000", "hjemmebaserede_type_pr_1000",
                  "boern_med_foranstaltning_pr_1000", "underretninger_pr_1000"}
    per = out[out["noegletal"].isin(headcounts)]
    assert per["vaerdi"].between(0, 1000).all()

    p = engine.prepare(ctx)
    got = _as_dict(out)
    for t in ctx.datoer:
        u = t - pd.DateOffset(months=12)
        before, now = engine.state_arrays(ctx, u), engine.state_arrays(ctx, t)
        kids = p.is_child(range(p.n_children), t)
        for pos, k in enumerate(p.kommuner):
            mine = kids & (p.child_kpos == pos)
            trin = {dim: v[0] for (f, kk, tt, dim), v in got.items()
                    if f == "trin_overgange" and kk == k and tt == t.date()}
            # Every child with a step at t (or 12 months before) is in exactly one pair.
            assert sum(n for d, n in trin.items() if not d.endswith(">ingen")) == \
                (mine & (now.step > 0)).sum()
            assert sum(n for d, n in trin.items() if not d.startswith("ingen>")) == \
                (mine & (before.step > 0)).sum()
            # The home-based cohort is exactly the children on the home-based step 12 months
            # before; its outcomes are the pairs leaving that step.
            hb = {d.split(">")[1]: n for d, n in trin.items() if d.startswith("hjemmebaseret>")}
            key = ("bevaegelse_fra_hjemmebaserede", int(k), t.date())
            if hb:
                assert got[(*key, "op")][1] == sum(
                    hb.get(s, 0) for s in ("netvaerkspleje", "familiepleje", "institution"))
                assert got[(*key, "ingen")][1] == hb.get("hjemmebaseret", 0)
                assert got[(*key, "ned")][2] == sum(hb.values())
            else:
                assert (*key, "op") not in got
            alle = got[("boern_med_foranstaltning_pr_1000", int(k), t.date(), "alle")][1]
            assert alle == (mine & (now.step > 0)).sum()
