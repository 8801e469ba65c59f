"""The per-child state machinery: steps, the placement tie rule, ages, periods."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noegletal.metrics import engine
from tests.metrics.builders import context, measures, population

T = "2016-01-31"


def _state(ctx, t) -> dict[str, tuple[int, int, bool]]:
    """{barn_id: (step_rank, form_rank, is_child)} of a snapshot."""
    p = engine.prepare(ctx)
    snap = engine.snapshot(ctx, t)
    return {
        p.child_barn_id[c]: (int(r.step_rank), int(r.form_rank), bool(r.is_child))
        for c, r in zip(snap.index, snap.itertuples(), strict=True)
    }


def test_snapshot_steps_and_placement_tie_rule():
    ctx = context(measures([
        # Latest-starting placement decides the form, although institution is a higher step.
        ("late_fp", "2005-01-01", "doegninstitution", "2014-06-01", None),
        ("late_fp", "2005-01-01", "familiepleje", "2015-01-01", None),
        # Same start date: the highest step decides.
        ("tie", "2005-01-01", "netvaerkspleje", "2015-03-01", None),
        ("tie", "2005-01-01", "opholdssted", "2015-03-01", "2016-12-31"),
        # An earlier placement ended the day before t; a home-based measure runs.
        ("ended", "2005-01-01", "familiepleje", "2014-01-01", "2016-01-30"),
        ("ended", "2005-01-01", "forebyggende_foranstaltning", "2015-01-01", None),
        # Starts on t and ends on t: both running.
        ("on_t", "2005-01-01", "kost_efterskole", T, T),
        ("on_t", "2005-01-01", "forebyggende_11_3", "2015-01-01", "2016-01-31"),
        # Starts the day after t: not running.
        ("after", "2005-01-01", "familiepleje", "2016-02-01", None),
        # Events never define a step.
        ("events", "2005-01-01", "underretning", "2015-06-01", None),
        ("events", "2005-01-01", "boernefaglig_undersoegelse", "2015-07-01", None),
    ]), datoer=[T])
    assert _state(ctx, T) == {
        "late_fp": (5, 4, True),
        "tie": (5, 5, True),
        "ended": (2, -1, True),
        "on_t": (5, 5, True),
    }
    snap = engine.snapshot(ctx, T)
    assert list(snap.index) == sorted(snap.index)
    assert list(snap.columns) == ["kommunekode", "step_rank", "form_rank", "is_child"]
    assert snap is engine.snapshot(ctx, pd.Timestamp(T))  # cached per date


def test_is_child_around_the_18th_birthday():
    ctx = context(measures([
        ("turns_18_on_t", "1998-01-31", "familiepleje", "2010-01-01", None),
        ("turns_18_day_after", "1998-02-01", "familiepleje", "2010-01-01", None),
        ("turned_18_day_before", "1998-01-30", "familiepleje", "2010-01-01", None),
        # Born 29 February: the 18th birthday in a non-leap year is 28 February.
        ("leap", "2000-02-29", "familiepleje", "2010-01-01", None),
    ]), datoer=[T])
    state = _state(ctx, T)
    assert state["turns_18_on_t"][2] is False
    assert state["turns_18_day_after"][2] is True
    assert state["turned_18_day_before"][2] is False
    assert _state(ctx, "2018-02-27")["leap"][2] is True
    assert _state(ctx, "2018-02-28")["leap"][2] is False
    p = engine.prepare(ctx)
    leap = list(p.child_barn_id).index("leap")
    assert pd.Timestamp(p.bday18[leap]) == pd.Timestamp("2018-02-28")


def test_birth_date_of_the_earliest_starting_row_with_a_warning():
    ctx = context(measures([
        ("A", "2001-05-05", "forebyggende_11_3", "2012-01-01", None),
        ("A", "2000-01-01", "underretning", "2011-01-01", None),  # earliest start, an event
        ("A", "2002-02-02", "familiepleje", "2013-01-01", None),
        # Two rows start the same day: the first in the extract wins.
        ("B", "2003-03-03", "familiepleje", "2012-01-01", None),
        ("B", "2004-04-04", "forebyggende_11_3", "2012-01-01", None),
        ("C", "2005-05-05", "familiepleje", "2012-01-01", None),
    ]), datoer=[T])
    p = engine.prepare(ctx)
    births = {b: pd.Timestamp(v).date().isoformat()
              for b, v in zip(p.child_barn_id, p.birth, strict=True)}
    assert births == {"A": "2000-01-01", "B": "2003-03-03", "C": "2005-05-05"}
    assert len(ctx.warnings) == 1
    assert "2 børn har forskellige fødselsdatoer" in ctx.warnings[0]


def test_children_are_kommune_and_barn_id_pairs():
    ctx = context(measures([
        ("A", "2005-01-01", "familiepleje", "2015-01-01", None, None, 510),
        ("A", "2005-01-01", "forebyggende_11_3", "2015-01-01", None, None, 657),
    ]), datoer=[T])
    p = engine.prepare(ctx)
    assert p.n_children == 2
    assert list(p.kommuner) == [510, 657]
    snap = engine.snapshot(ctx, T).sort_values("kommunekode")
    assert snap["step_rank"].tolist() == [4, 1]


def test_home_based_types_distinct_per_child_and_type():
    ctx = context(measures([
        ("A", "2005-01-01", "forebyggende_foranstaltning", "2015-01-01", None),
        ("A", "2005-01-01", "forebyggende_foranstaltning", "2015-06-01", "2016-06-30"),
        ("A", "2005-01-01", "eget_vaerelse", "2015-06-01", None),
        ("B", "1998-01-31", "foraeldrerettet_under_anbringelse", "2015-01-01", None),
        ("C", "2005-01-01", "doegnophold_familie", "2016-02-01", None),  # not yet running
    ]), datoer=[T])
    hb = engine.home_based_types_at(ctx, T)
    got = sorted(zip(hb["indsats"], hb["is_child"], strict=True))
    assert got == [
        ("eget_vaerelse", True),
        ("foraeldrerettet_under_anbringelse", False),  # turned 18 on t
        ("forebyggende_foranstaltning", True),
    ]
    state = engine.state_arrays(ctx, T)
    p = engine.prepare(ctx)
    assert dict(zip(p.child_barn_id, state.home_based, strict=True)) == {
        "A": True, "B": True, "C": False}


def test_steps_at_dates_match_snapshots():
    rows = [
        ("A", "2005-01-01", "forebyggende_11_3", "2015-01-15", "2015-04-30"),
        ("A", "2005-01-01", "forebyggende_foranstaltning", "2015-03-01", "2015-03-31"),
        ("A", "2005-01-01", "familiepleje", "2015-04-30", "2015-05-30"),
        ("A", "2005-01-01", "familiepleje", "2015-05-31", None),  # adjacent: no change
        ("B", "2005-01-01", "doegninstitution", "2014-01-01", "2015-02-27"),
        ("B", "2005-01-01", "opholdssted", "2015-02-28", "2015-06-29"),
        ("B", "2005-01-01", "netvaerkspleje", "2015-05-01", None),
        ("C", "2005-01-01", "underretning", "2015-03-01", None),
    ]
    ctx = context(measures(rows), datoer=[T])
    grid = pd.date_range("2014-12-31", "2015-09-30", freq="ME")
    changes = engine.steps_at_dates(ctx, grid)
    p = engine.prepare(ctx)
    got = {(p.child_barn_id[c], str(grid[j].date()), int(d))
           for c, j, d in changes.itertuples(index=False)}
    assert got == {
        ("A", "2015-01-31", 1),   # ingen -> forebyggende
        ("A", "2015-03-31", 1),   # -> hjemmebaseret
        ("A", "2015-04-30", 2),   # -> familiepleje (starts on the month end)
        ("B", "2015-06-30", -2),  # institution -> netvaerkspleje
    }
    # Brute force: the step at every grid date from snapshots.
    steps = np.array([engine.state_arrays(ctx, g).step for g in grid])
    diff = np.diff(steps.astype(int), axis=0)
    brute = {(p.child_barn_id[c], str(grid[j + 1].date()), int(diff[j, c]))
             for j, c in zip(*np.nonzero(diff), strict=True)}
    assert brute == got


def test_children_with_measures_in_period():
    ctx = context(measures([
        ("ends_before", "2005-01-01", "familiepleje", "2014-01-01", "2015-12-31"),
        ("ends_on_start", "2005-01-01", "familiepleje", "2014-01-01", "2016-01-01"),
        ("starts_on_end", "2005-01-01", "forebyggende_11_3", "2016-12-31", None),
        ("starts_after", "2005-01-01", "forebyggende_11_3", "2017-01-01", None),
        # Turns 18 on 1 January 2016: under 18 on no day of the period.
        ("adult", "1998-01-01", "familiepleje", "2010-01-01", None),
        # Turns 18 on 2 January 2016: under 18 on 1 January.
        ("one_day", "1998-01-02", "familiepleje", "2010-01-01", None),
        ("event_only", "2005-01-01", "underretning", "2016-05-01", None),
        ("other", "2005-01-01", "familiepleje", "2016-05-01", None, None, 657),
    ]), datoer=[T])
    got = engine.children_with_measures_in_period(ctx, "2016-01-01", "2016-12-31")
    assert got.to_dict() == {510: 3, 657: 1}
    assert got.name == "antal_boern"


def test_per_1000_population_rule_and_skipped_municipalities():
    ctx = context(
        measures([("A", "2005-01-01", "familiepleje", "2014-01-01", None, None, 999),
                  ("B", "2006-01-01", "familiepleje", "2014-01-01", None, None, 510),
                  ("C", "2006-01-01", "familiepleje", "2014-01-01", None, None, 657)]),
        population({
            510: [("2016-01-01", 1000), ("2017-01-01", 2000)],
            657: 0,
            147: 500,  # population but no case data: no rows (not a misleading 0)
        }),
        datoer=["2015-09-30", "2016-12-31", "2017-01-01"],
    )
    counts = pd.DataFrame({
        "kommunekode": [510, 510, 510, 657],
        "dato": pd.to_datetime(["2015-09-30", "2016-12-31", "2017-01-01", "2016-12-31"]),
        "taeller": [5, 6, 7, 1],
    })
    out = engine.per_1000(ctx, "x", counts)
    got = {(r.kommunekode, str(r.dato.date())): (r.vaerdi, r.taeller, r.naevner)
           for r in out.itertuples()}
    assert got == {
        (510, "2015-09-30"): (5.0, 5.0, 1000.0),  # no row on or before: the first later one
        (510, "2016-12-31"): (6.0, 6.0, 1000.0),
        (510, "2017-01-01"): (3.5, 7.0, 2000.0),
    }
    assert any("Kommune 999" in w for w in ctx.warnings)
    assert any("ingen opgørelse på eller før 2015-09-30" in w for w in ctx.warnings)


@pytest.mark.parametrize("rows", [[], [("A", "2005-01-01", "underretning", "2015-01-01", None)]])
def test_no_measures(rows):
    ctx = context(measures(rows), population({510: 100}), datoer=[T])
    assert len(engine.snapshot(ctx, T)) == 0
    assert len(engine.steps_at_dates(ctx, pd.date_range("2015-01-31", T, freq="ME"))) == 0


# The grouped helpers called once per cut-off: the same numbers as pandas' groupby.
_KOMMUNER = st.lists(st.tuples(st.sampled_from([101, 167, 510, 657]), st.integers(0, 400)),
                     max_size=40)


@settings(max_examples=80, deadline=None)
@given(_KOMMUNER)
def test_counts_by_kommune_is_a_groupby_sum_and_size(rows):
    from noegletal.metrics.engine import counts_by_kommune

    kom = np.array([k for k, _ in rows], dtype=np.int64)
    hit = np.array([v % 2 == 0 for _, v in rows], dtype=bool)
    got = counts_by_kommune(kom, hit, "2020-01-31")
    want = pd.DataFrame({"kommunekode": kom, "h": hit.astype(np.int64)}).groupby(
        "kommunekode", as_index=False).agg(taeller=("h", "sum"), naevner=("h", "size"))
    assert got[["kommunekode", "taeller", "naevner"]].values.tolist() == want.values.tolist()
    assert (got["dato"] == pd.Timestamp("2020-01-31")).all()


@settings(max_examples=80, deadline=None)
@given(_KOMMUNER)
def test_median_by_kommune_is_a_groupby_median(rows):
    from noegletal.metrics.engine import median_by_kommune

    kom = np.array([k for k, _ in rows], dtype=np.int64)
    days = np.array([v / 3 for _, v in rows], dtype=np.float64)
    got = median_by_kommune(kom, days, "2020-01-31")
    want = pd.DataFrame({"kommunekode": kom, "d": days}).groupby(
        "kommunekode", as_index=False).agg(vaerdi=("d", "median"), n=("d", "size"))
    assert got[["kommunekode", "vaerdi", "n"]].values.tolist() == want.values.tolist()
    # by hand: 510 has 1, 4 and 10 days (median 4); 657 has 2 and 5 (median 3,5)
    hand = median_by_kommune(np.array([510, 657, 510, 657, 510]),
                             np.array([10.0, 5.0, 1.0, 2.0, 4.0]), "2020-01-31")
    assert hand[["kommunekode", "vaerdi", "n"]].values.tolist() == [[510, 4.0, 3], [657, 3.5, 2]]
