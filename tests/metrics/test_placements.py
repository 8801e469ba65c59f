"""Theme A: hand-computed placement figures."""

from __future__ import annotations

import pytest

from noegletal.metrics import catalogue, placements
from tests.metrics.builders import context, measures, population, values

T1, T2, T3 = "2016-01-31", "2016-05-31", "2016-09-30"

ROWS = [
    # P1: institution until 15 March 2016, then familiepleje from the next day.
    ("P1", "2005-01-01", "doegninstitution", "2015-01-01", "2016-03-15"),
    ("P1", "2005-01-01", "familiepleje", "2016-03-16", None),
    # P2: two placements starting the same day: the highest step (institution) is the form.
    ("P2", "2004-06-01", "familiepleje", "2015-06-01", None),
    ("P2", "2004-06-01", "opholdssted", "2015-06-01", None),
    # P3: turns 18 on T2 (31 May 2016): a child at T1 only.
    ("P3", "1998-05-31", "doegninstitution", "2015-01-01", None),
    # P4: turns 18 the day after T2; the secure placement ends 30 April 2016.
    ("P4", "1998-06-01", "sikret_institution", "2015-01-01", "2016-04-30"),
    # P5: network care, then a boarding school starting later (latest start = the form).
    ("P5", "2010-02-28", "netvaerkspleje", "2015-01-01", None),
    ("P5", "2010-02-28", "kost_efterskole", "2016-02-01", "2016-08-31"),
    # P6: a one-day placement on T1.
    ("P6", "2008-01-01", "familiepleje", T1, T1),
    # P7: born 29 February; placed from T2 on.
    ("P7", "2000-02-29", "doegninstitution", T2, None),
    # P8: only an event.
    ("P8", "2009-01-01", "underretning", "2015-10-01", None),
    # Another municipality.
    ("Q1", "2006-01-01", "familiepleje", "2015-01-01", None, None, 657),
]


@pytest.fixture
def result():
    ctx = context(
        measures(ROWS),
        population({510: [("2016-01-01", 2000), (T2, 4000)], 657: 500}),
        datoer=[T3, T1, T2],  # the context sorts them
    )
    out = placements.compute(ctx)
    assert ctx.warnings == []
    return out


def _approx(d):
    return {k: pytest.approx(v) for k, v in d.items()}


def test_anbragte_pr_1000(result):
    assert values(result, "anbragte_pr_1000") == _approx({
        (510, T1, ""): (3.0, 6, 2000),
        (510, T2, ""): (1.0, 4, 4000),
        (510, T3, ""): (1.0, 4, 4000),
        (657, T1, ""): (2.0, 1, 500),
        (657, T2, ""): (2.0, 1, 500),
        (657, T3, ""): (2.0, 1, 500),
    })


def test_anbringelsesform_andel(result):
    expected = {
        (510, T1, "institution"): (400 / 6, 4, 6),
        (510, T1, "familiepleje"): (100 / 6, 1, 6),
        (510, T1, "netvaerkspleje"): (100 / 6, 1, 6),
        (510, T2, "institution"): (75.0, 3, 4),
        (510, T2, "familiepleje"): (25.0, 1, 4),
        (510, T2, "netvaerkspleje"): (0.0, 0, 4),
        (510, T3, "institution"): (50.0, 2, 4),
        (510, T3, "familiepleje"): (25.0, 1, 4),
        (510, T3, "netvaerkspleje"): (25.0, 1, 4),
    }
    for t in (T1, T2, T3):
        expected |= {
            (657, t, "institution"): (0.0, 0, 1),
            (657, t, "familiepleje"): (100.0, 1, 1),
            (657, t, "netvaerkspleje"): (0.0, 0, 1),
        }
    assert values(result, "anbringelsesform_andel") == _approx(expected)


def test_institution_ophoert_andel(result):
    # T2: cohort P1, P2, P4 (P3 turned 18); P1 and P4 ceased.
    # T3: cohort P2, P5, P7; P5 ceased. Nothing for the first cut-off or for 657.
    assert values(result, "institution_ophoert_andel") == _approx({
        (510, T2, ""): (200 / 3, 2, 3),
        (510, T3, ""): (100 / 3, 1, 3),
    })


def test_institution_ophoert_hvorhen(result):
    assert values(result, "institution_ophoert_hvorhen") == _approx({
        (510, T2, "anden_anbringelse"): (50.0, 1, 2),
        (510, T2, "ikke_anbragt"): (50.0, 1, 2),
        (510, T3, "anden_anbringelse"): (100.0, 1, 1),
        (510, T3, "ikke_anbragt"): (0.0, 0, 1),
    })


def test_without_population_only_the_per_1000_figure_is_skipped():
    ctx = context(measures(ROWS), datoer=[T1])
    out = placements.compute(ctx)
    assert set(out["noegletal"]) == {"anbringelsesform_andel"}
    assert any("anbragte_pr_1000" in w for w in ctx.warnings)


def test_without_measures_everything_is_skipped_with_a_warning():
    ctx = context(befolkning=population({510: 100}), datoer=[T1])
    assert len(placements.compute(ctx)) == 0
    assert any("Foranstaltninger mangler" in w for w in ctx.warnings)


def test_definitions_are_complete():
    ids = {kf.id for kf in placements.DEFINITIONS}
    assert ids == {"anbragte_pr_1000", "anbringelsesform_andel", "institution_ophoert_andel",
                   "institution_ophoert_hvorhen"}
    for kf in placements.DEFINITIONS:
        assert catalogue.CATALOGUE[kf.id] is kf
        assert kf.name and kf.how_to_read and kf.numerator and kf.denominator
        assert kf.caveats and kf.source and kf.choices and kf.inputs
