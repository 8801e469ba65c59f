"""Key figures by unit (enhed): hand-computed breakdowns, suppression across units, and a
property test that no hidden unit value can be worked out from what is shown."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from noegletal.metrics import units as un
from noegletal.metrics.compute import compute_catalogue
from noegletal.metrics.suppression import suppress
from tests.metrics.builders import measures, population, values

D1, D2 = "2016-01-31", "2016-05-31"


def frames_with_units(with_syd_population: bool = True) -> dict[str, pd.DataFrame]:
    f = measures([
        # A moves from Nord to Syd on 1 April 2016 (a new placement row in Syd).
        ("A", "2005-01-01", "familiepleje", "2015-01-01", "2016-03-31"),
        ("A", "2005-01-01", "familiepleje", "2016-04-01", None),
        ("B", "2004-01-01", "doegninstitution", "2015-06-01", None),
        ("C", "2008-01-01", "forebyggende_foranstaltning", "2015-01-01", None),
    ]).assign(enhed=["Nord", "Syd", "Nord", "Syd"])
    pop = population({510: 3000}).assign(enhed=None)
    unit_pop = [pd.DataFrame({"kommunekode": [510], "dato": pd.to_datetime(["2000-01-01"]),
                              "antal_0_17": [1000], "enhed": ["Nord"]})]
    if with_syd_population:
        unit_pop.append(pd.DataFrame({"kommunekode": [510],
                                      "dato": pd.to_datetime(["2000-01-01"]),
                                      "antal_0_17": [2000], "enhed": ["Syd"]}))
    return {"foranstaltninger": f, "befolkning": pd.concat([pop, *unit_pop], ignore_index=True)}


def test_dimension_names():
    assert un.unit_dimension("", "Nord") == "enhed=Nord"
    assert un.unit_dimension("institution", "Nord") == "institution|enhed=Nord"
    assert un.split_unit("op|enhed=Distrikt Øst") == ("op", "Distrikt Øst")
    base, unit = un.split_units(pd.Series(["", "enhed=A", "x|enhed=B", "x"]))
    assert base.tolist() == ["", "", "x", "x"]
    assert unit.tolist() == [None, "A", "B", None]


def test_a_child_moving_between_units_counts_where_it_is_at_each_cut_off():
    frames = frames_with_units()
    units, warnings = un.compute_units(frames, [D1, D2])
    assert warnings == []
    rates = values(units, "anbragte_pr_1000")
    # 31 Jan: A (still in Nord) and B placed in Nord = 2 per 1000 Nord children; none in Syd.
    assert rates[(510, D1, "enhed=Nord")] == (2.0, 2, 1000)
    assert rates[(510, D1, "enhed=Syd")] == (0.0, 0, 2000)
    # 31 May: A has moved: 1 in Nord (B) = 1 per 1000; 1 of 2000 in Syd = 0.5 per 1000.
    assert rates[(510, D2, "enhed=Nord")] == (1.0, 1, 1000)
    assert rates[(510, D2, "enhed=Syd")] == (0.5, 1, 2000)
    # The municipality total (ordinary rows) is unchanged: 2 of 3000 at both dates.
    total = values(compute_catalogue(frames, [D1, D2]).table, "anbragte_pr_1000")
    assert total[(510, D2, "")] == (1000 * 2 / 3000, 2, 3000)
    # Shares within a unit: on 31 May Syd's one placed child is in familiepleje (100 %),
    # Nord's in the institution group (100 %).
    shares = values(units, "anbringelsesform_andel")
    assert shares[(510, D2, "familiepleje|enhed=Syd")] == (100.0, 1, 1)
    assert shares[(510, D2, "institution|enhed=Nord")] == (100.0, 1, 1)
    assert shares[(510, D2, "institution|enhed=Syd")] == (0.0, 0, 1)
    # The cohort of ceased institution placements follows the child's unit at t: B stays.
    ceased = values(units, "institution_ophoert_andel")
    assert ceased[(510, D2, "enhed=Nord")] == (0.0, 0, 1)


def test_responsible_unit_rules():
    f = measures([
        ("A", "2005-01-01", "familiepleje", "2015-01-01", None),
        ("A", "2005-01-01", "forebyggende_foranstaltning", "2015-06-01", None),  # later start
        ("B", "2005-01-01", "underretning", "2015-02-01", "2015-02-01"),  # only an event
        ("C", "2005-01-01", "familiepleje", "2017-01-01", None),  # not started at t
        ("D", "2005-01-01", "familiepleje", "2014-01-01", "2015-01-01"),  # ended, no unit
    ]).assign(enhed=["Nord", "Syd", "Øst", "Vest", None])
    unit = un.responsible_unit(f, "2016-01-31")
    # A: the running measure with the latest start (Syd); B: the event's unit; C: its
    # earliest row although nothing has started; D: the row has no unit.
    assert unit.to_dict() == {"A": "Syd", "B": "Øst", "C": "Vest", "D": un.NO_UNIT}


def _responsible_by_hand(rows: list[tuple], t: pd.Timestamp) -> dict[str, str]:
    """The module docstring's rule, child by child: among the non-event measures running
    at ``t`` the latest start (tie: highest step, then the last row); else the latest start
    on or before ``t`` (events too); else the child's earliest row (tie: the first)."""
    from noegletal.domain.vocabulary import EVENT_CODES, INDSATSER, STEP_RANK

    def rank(code: str) -> int:
        return STEP_RANK[INDSATSER[code].step] if INDSATSER[code].step else 0

    out = {}
    for child in dict.fromkeys(r[0] for r in rows):
        mine = [(pos, r) for pos, r in enumerate(rows) if r[0] == child]
        started = [(pos, r) for pos, r in mine if pd.Timestamp(r[3]) <= t]
        running = [(pos, r) for pos, r in started if r[2] not in EVENT_CODES
                   and (r[4] is None or pd.Timestamp(r[4]) >= t)]
        pick = running or started
        if pick:
            _pos, row = max(pick, key=lambda pr: (pd.Timestamp(pr[1][3]), rank(pr[1][2]), pr[0]))
        else:
            _pos, row = min(mine, key=lambda pr: (pd.Timestamp(pr[1][3]), pr[0]))
        out[child] = row[5] or un.NO_UNIT
    return out


_CODES = ["familiepleje", "doegninstitution", "forebyggende_foranstaltning", "underretning",
          "forebyggende_11_3"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABCD"), st.sampled_from(_CODES),
                          st.integers(0, 40), st.one_of(st.none(), st.integers(0, 30)),
                          st.sampled_from([None, "Nord", "Syd"])), min_size=1, max_size=14),
       st.integers(0, 50))
def test_responsible_unit_follows_the_rule_child_by_child(spec, t_month):
    base = pd.Timestamp("2015-01-01")
    rows = []
    for child, code, start, length, unit in spec:
        s = base + pd.DateOffset(months=start)
        end = None if length is None else (s + pd.DateOffset(months=length)).date().isoformat()
        rows.append((child, code, s.date().isoformat(), end, unit))
    f = measures([(c, "2005-01-01", code, s, e) for c, code, s, e, _ in rows]).assign(
        enhed=[r[4] for r in rows])
    t = base + pd.DateOffset(months=t_month)
    by_hand = _responsible_by_hand([(c, "", code, s, e, u) for c, code, s, e, u in rows], t)
    assert un.responsible_unit(f, t).to_dict() == by_hand


def test_a_unit_without_population_gets_no_rates_but_its_shares():
    units, warnings = un.compute_units(frames_with_units(with_syd_population=False), [D1, D2])
    rates = values(units, "anbragte_pr_1000")
    assert set(rates) == {(510, D1, "enhed=Nord"), (510, D2, "enhed=Nord")}
    assert (510, D2, "familiepleje|enhed=Syd") in values(units, "anbringelsesform_andel")
    assert len(warnings) == 1 and "«Syd»" in warnings[0] and "1.000" in warnings[0]


def test_a_municipality_with_units_but_no_follow_ups_is_computed():
    """Regression: the follow-ups are another municipality's, so 510's units run the
    follow-up key figures on an empty table (this raised an IndexError, the whole
    materialisation failed and the app kept serving the previous data)."""
    frames = frames_with_units()
    frames["opfoelgninger"] = pd.DataFrame({
        "kommunekode": pd.Series([167, 167], dtype="int64"), "barn_id": ["X", "X"],
        "dato": pd.to_datetime(["2015-11-01", "2016-01-01"])})
    units, _ = un.compute_units(frames, [D1, D2])
    assert "dage_mellem_opfoelgninger_median" not in set(units["noegletal"])
    # the other key figures are there as before: 31 Jan, 2 placed of 1000 Nord children
    assert values(units, "anbragte_pr_1000")[(510, D1, "enhed=Nord")] == (2.0, 2, 1000)


def test_follow_ups_are_counted_in_the_childs_unit():
    frames = frames_with_units()
    # B (Nord all along) is followed up on 1 Nov 2015 and 1 Jan 2016; nobody in Syd is.
    frames["opfoelgninger"] = pd.DataFrame({
        "kommunekode": pd.Series([510, 510], dtype="int64"), "barn_id": ["B", "B"],
        "dato": pd.to_datetime(["2015-11-01", "2016-01-01"])})
    gaps = values(un.compute_units(frames, [D1, D2])[0], "dage_mellem_opfoelgninger_median")
    # Nord: one interval, 1 Nov 2015 to 1 Jan 2016 = 30 + 31 = 61 days.
    assert gaps[(510, D1, "enhed=Nord")][0] == 61
    assert not any(dim.endswith("enhed=Syd") for (_, _, dim) in gaps)


def test_only_case_level_key_figures_are_broken_down():
    ids = un.unit_key_figures(__import__("noegletal.metrics.catalogue",
                                         fromlist=["CATALOGUE"]).CATALOGUE)
    assert "anbragte_pr_1000" in ids and "opfoelgninger_rettidige_andel" in ids
    assert "sagstal_gennemsnit" not in ids and "udgift_pr_barn" not in ids
    assert "faglig_trivsel" not in ids
    # The catalogue declares which figures the udvalgsrapport shows by unit.
    from noegletal.metrics.catalogue import CATALOGUE
    report = un.unit_report_figures(CATALOGUE)
    assert set(report) == {"anbragte_pr_1000", "hjemmebaserede_pr_1000",
                           "forebyggende_11_3_pr_1000"}
    assert all(CATALOGUE[k].by_unit for k in report)


def _rows(noegletal, kommune, dato, cells):
    """cells: (dimension, vaerdi, taeller, naevner)."""
    return pd.DataFrame({
        "noegletal": noegletal, "kommunekode": kommune, "dato": pd.Timestamp(dato),
        "dimension": [c[0] for c in cells], "vaerdi": [float(c[1]) for c in cells],
        "taeller": [float(c[2]) for c in cells], "naevner": [float(c[3]) for c in cells],
    })


def shown(result) -> dict[str, object]:
    return dict(zip(result["dimension"], result["vaerdi"].where(~result["undertrykt"], None),
                    strict=True))


def test_a_hidden_unit_is_not_the_total_minus_the_others():
    # Total 20 placed; Nord 3 (< 5), Syd 10, Vest 7. Nord is hidden; the total minus Syd and
    # Vest would give it away, so the largest shown unit (Syd, 10) is hidden too (main's
    # rule 2: the cover is the largest component, whatever the values).
    t = _rows("anbragte_pr_1000", 510, D1, [
        ("", 20 / 3, 20, 3000), ("enhed=Nord", 3.0, 3, 1000), ("enhed=Syd", 5.0, 10, 2000),
        ("enhed=Vest", 7.0, 7, 1000)])
    s = un.suppress_units(t, threshold=5)
    assert s["vises"].tolist() == [20 / 3, "<5", "..", 7.0]


def test_the_total_keeps_what_the_municipality_page_shows():
    # Nord 2 and Syd 4 are both small and hidden; the total (6) is shown on the
    # municipality's own pages, so it stays shown: 6 = 2 + 4 = 3 + 3 = 4 + 2 leaves both
    # units open. Every unit of the line is hidden, so every unit shows the same mark (with
    # "<5" on both, 8 = 4 + 4 would pin both).
    t = _rows("anbragte_pr_1000", 510, D1, [
        ("", 2.0, 6, 3000), ("enhed=Nord", 2.0, 2, 1000), ("enhed=Syd", 2.0, 4, 2000)])
    assert un.suppress_units(t, threshold=5)["vises"].tolist() == [2.0, "..", ".."]
    # With one small unit and no other unit to cover it, every unit of the line is hidden,
    # with one mark: "<5" beside ".." would give Nord = 7 - 5 = 2 (Syd is 0 or at least 5).
    t = _rows("anbragte_pr_1000", 510, D1, [
        ("", 7 / 3, 7, 3000), ("enhed=Nord", 2.0, 2, 1000), ("enhed=Syd", 2.5, 5, 2000)])
    assert un.suppress_units(t, threshold=5)["vises"].tolist() == [7 / 3, "..", ".."]


def test_a_line_whose_total_is_zero_hides_nothing_on_its_own():
    # No child of the municipality is placed: every unit is 0 by the shown total alone, so
    # nothing on the line is small and no unit is hidden to protect another.
    t = _rows("anbragte_pr_1000", 510, D1, [
        ("", 0.0, 0, 3000), ("enhed=Nord", 0.0, 0, 1000), ("enhed=Syd", 0.0, 0, 2000)])
    assert un.suppress_units(t, threshold=5)["undertrykt"].tolist() == [False] * 3
    # Syd's two placed children are both in familiepleje, so Syd's rows rest on 2 children
    # and are hidden. The municipality's 0 in netværkspleje makes Syd's netværkspleje share
    # 0 % whatever is hidden (zero is shown as 0 everywhere): that is not a small number,
    # but Syd's 2 children behind it are, and the naevner line (14 = Nord 12 + Syd 2) hides
    # Nord's netværkspleje row as their cover.
    t = pd.concat([
        _rows("anbringelsesform_andel", 510, D1, [
            ("familiepleje", 100 * 8 / 14, 8, 14), ("institution", 100 * 6 / 14, 6, 14),
            ("netvaerkspleje", 0.0, 0, 14)]),
        _rows("anbringelsesform_andel", 510, D1, [
            ("familiepleje|enhed=Nord", 50.0, 6, 12), ("institution|enhed=Nord", 50.0, 6, 12),
            ("netvaerkspleje|enhed=Nord", 0.0, 0, 12),
            ("familiepleje|enhed=Syd", 100.0, 2, 2), ("institution|enhed=Syd", 0.0, 0, 2),
            ("netvaerkspleje|enhed=Syd", 0.0, 0, 2)]),
    ], ignore_index=True)
    s = un.suppress_units(t, threshold=5)
    assert s["undertrykt"].tolist() == [False] * 3 + [True] * 6
    _assert_no_line_recoverable(s, 5)


def test_a_unit_hidden_as_cover_is_protected_within_its_unit_too():
    # Partition of Syd's 12 placed children: institution 2 (< 5) is hidden; Syd's familiepleje
    # (10) covers it. On the familiepleje line across units Syd's cell is then hidden alone,
    # so the next cover there (Nord's familiepleje 8) is hidden as well, and so on until every
    # line with a hidden cell has two, one of them at least 6.
    t = pd.concat([
        _rows("anbringelsesform_andel", 510, D1, [
            ("institution", 100 * 9 / 30, 9, 30), ("familiepleje", 100 * 18 / 30, 18, 30),
            ("netvaerkspleje", 10.0, 3, 30)]),
        _rows("anbringelsesform_andel", 510, D1, [
            ("institution|enhed=Syd", 100 * 2 / 12, 2, 12),
            ("familiepleje|enhed=Syd", 100 * 10 / 12, 10, 12),
            ("netvaerkspleje|enhed=Syd", 0.0, 0, 12),
            ("institution|enhed=Nord", 100 * 7 / 18, 7, 18),
            ("familiepleje|enhed=Nord", 100 * 8 / 18, 8, 18),
            ("netvaerkspleje|enhed=Nord", 100 * 3 / 18, 3, 18)]),
    ], ignore_index=True)
    s = un.suppress_units(t, threshold=5)
    _assert_no_line_recoverable(s, 5)
    # Both units of the institution line are hidden, so both show one mark (as a linked
    # group hidden completely does on the municipality's own pages).
    v = s.set_index("dimension")["vises"]
    assert v["institution|enhed=Syd"] == v["institution|enhed=Nord"] == ".."


# ------------------------------------------------------------------------ property test


def _feasible(domains: list[set[int]], total: int) -> list[set[int]]:
    """For each cell, the values it can take in some assignment of all cells (each from its
    domain) that adds up to ``total``."""
    reach = [{0}]
    for d in domains:
        reach.append({a + v for a in reach[-1] for v in d if a + v <= total})
    back = [{0}]
    for d in reversed(domains):
        back.append({a + v for a in back[-1] for v in d if a + v <= total})
    back = back[::-1]
    out = []
    for i, d in enumerate(domains):
        out.append({v for v in d if any(total - v - a in back[i + 1] for a in reach[i])})
    return out


def _domain(row, n: int, column: str, cap: int, uninformative: bool) -> set[int]:
    """What an observer knows of a hidden cell's count in ``column`` from its mark.

    ".." = no count of the row is 1..n-1 — unless the cell lies on a line whose cells are
    all hidden (``uninformative``): such a line shows one mark in every cell, so ".." says
    nothing. "<n" = some count of the row is 1..n-1: for a rate that is the taeller (the
    population is large); for a share the taeller is then 0..n-1 (either it is small, or the
    naevner is and the taeller is at most the naevner), while the naevner is only known to
    be at least 1.
    """
    if row["vises"] != f"<{n}":
        return set(range(0, cap + 1)) if uninformative else {0} | set(range(n, cap + 1))
    if row["noegletal"] == "anbragte_pr_1000":
        return set(range(1, n))
    if column == "taeller":
        return set(range(0, min(n, cap + 1)))
    return set(range(1, cap + 1))


def _assert_no_line_recoverable(s: pd.DataFrame, n: int) -> None:
    """No hidden count behind a unit's value can be worked out from the shown cells of a
    line they add up on: on every line, every hidden cell can take at least two values
    given the marks and the shown cells. The one exception is a line whose shown total is
    0: every cell on it is 0 by that total alone (zero is shown as 0; no individual is
    behind it), whatever the suppression does — a share hidden because its denominator is
    small may be known to be 0 %, while its denominator stays protected on its own line."""
    base, unit = un.split_units(s["dimension"])
    s = s.assign(_base=base.to_numpy(), _unit=unit.fillna("").to_numpy())
    lines = []
    # Across units, per base dimension: the total's count = the sum of the units'.
    for column in ("taeller", "naevner"):
        if s["noegletal"].iloc[0] == "anbragte_pr_1000" and column == "naevner":
            continue  # populations are public and not a count of the children behind
        for _, g in s.groupby(["noegletal", "dato", "_base"]):
            lines.append((g[g["_unit"] == ""], g[g["_unit"] != ""], column))
    # Within a unit: the shares' taeller add up to the unit's naevner.
    if s["noegletal"].iloc[0] == "anbringelsesform_andel":
        for _, g in s.groupby(["dato", "_unit"]):
            if (g["_unit"] != "").all():
                lines.append((g.iloc[0:0], g, "taeller"))
    # A line whose cells are all hidden shows one mark in each: its marks say nothing.
    uninformative = set()
    for _, cells, _ in lines:
        if len(cells) >= 2 and cells["undertrykt"].all():
            uninformative |= set(cells.index)
    for total_rows, cells, column in lines:
        if len(total_rows):
            tot = total_rows.iloc[0]
            if tot["undertrykt"]:
                if len(cells) and not cells["undertrykt"].any():
                    raise AssertionError("a hidden total is the sum of the shown units")
                continue
            total = int(tot[column])
        else:  # within a unit: the naevner is known when any of its rows is shown
            if cells["undertrykt"].all() or not cells["undertrykt"].any():
                continue
            total = int(cells.loc[~cells["undertrykt"], "naevner"].iloc[0])
        hid = cells[cells["undertrykt"]]
        if hid.empty:
            continue
        rest = total - int(cells.loc[~cells["undertrykt"], column].sum())
        domains = [_domain(r, n, column, rest, i in uninformative) for i, r in hid.iterrows()]
        for (_, r), feasible in zip(hid.iterrows(), _feasible(domains, rest), strict=True):
            assert r[column] in feasible  # the truth is among the possibilities
            if total == 0:
                continue  # every cell is 0 by the shown total alone (docstring)
            assert len(feasible) >= 2, (
                f"{r['dimension']} ({column} = {r[column]}) can be worked out from the shown "
                f"cells:\n{s[['dimension', 'taeller', 'naevner', 'vises']]}")


@st.composite
def unit_tables(draw):
    # Small on purpose (CI time): up to four units and counts up to 12 reach every case of
    # the rules (a unit alone, primary and secondary suppression, zero lines); the
    # exhaustive check over every input in a range is tests/metrics/test_units_inference.py.
    n_units = draw(st.integers(1, 4))
    forms = ("institution", "familiepleje", "netvaerkspleje")
    counts = draw(st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3),
                           min_size=n_units, max_size=n_units))
    rate_rows = [("", 0.0, sum(map(sum, counts)), 10_000)]
    share_rows = []
    for j, f in enumerate(forms):
        tot = sum(c[j] for c in counts)
        share_rows.append((f, 0.0, tot, sum(map(sum, counts))))
    for i, c in enumerate(counts):
        name = f"U{i}"
        rate_rows.append((un.unit_dimension("", name), 0.0, sum(c), 2000))
        for j, f in enumerate(forms):
            share_rows.append((un.unit_dimension(f, name), 0.0, c[j], sum(c)))
    rate = _rows("anbragte_pr_1000", 510, D1, rate_rows)
    rate["vaerdi"] = 1000 * rate["taeller"] / rate["naevner"]
    share = _rows("anbringelsesform_andel", 510, D1, share_rows)
    share = share[share["naevner"] > 0]
    share["vaerdi"] = 100 * share["taeller"] / share["naevner"]
    return rate, share.reset_index(drop=True), draw(st.integers(3, 6))


def _is_total(frame: pd.DataFrame):
    """The municipality's own rows (no unit in ``dimension``)."""
    return un.split_units(frame["dimension"])[1].isna().to_numpy()


# Capped at 25 examples (about 0,4 s each on a loaded 2-core machine) to keep CI short; see
# unit_tables for the exhaustive test.
@settings(max_examples=25, deadline=None)
@given(unit_tables())
def test_no_suppressed_unit_value_can_be_recomputed_from_what_is_shown(case):
    rate, share, n = case
    for table in (rate, share):
        if table.empty:
            continue
        s = un.suppress_units(table, threshold=n)
        # The totals are exactly what the municipality's own pages show (the unit rows of a
        # key figure and date whose totals are all hidden are left out of the result).
        assert s.loc[_is_total(s), "undertrykt"].tolist() == \
            suppress(table[_is_total(table)], threshold=n)["undertrykt"].tolist()
        # Primary suppression holds in every unit: no shown count is 1..n-1.
        vis = s[~s["undertrykt"]]
        for col in ("taeller", "naevner"):
            if table["noegletal"].iloc[0] == "anbragte_pr_1000" and col == "naevner":
                continue
            assert not ((vis[col] > 0) & (vis[col] < n)).any()
        # Nothing is small when no child is counted: nothing is hidden.
        if (table["taeller"] == 0).all() and (table["naevner"] >= n).all():
            assert not s["undertrykt"].any()
        _assert_no_line_recoverable(s, n)


def test_rows_without_units_are_suppressed_as_before():
    t = _rows("anbringelsesform_andel", 510, D1, [
        ("institution", 20.0, 2, 10), ("familiepleje", 50.0, 5, 10), ("netvaerkspleje", 30.0, 3, 10)])
    a, b = suppress(t, threshold=5), un.suppress_units(t, threshold=5)
    assert a["vises"].tolist() == b["vises"].tolist()
