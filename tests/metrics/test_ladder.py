"""Theme B: hand-computed home-based figures and movements (with leap-year month ends)."""

from __future__ import annotations

import pytest

from noegletal.metrics import catalogue, ladder
from tests.metrics.builders import context, measures, population, values

# t - 12 mdr: 2016-02-29 -> 2015-02-28, 2017-02-28 -> 2016-02-28, 2017-05-31 -> 2016-05-31.
T1, T2, T3 = "2016-02-29", "2017-02-28", "2017-05-31"

ROWS = [
    # H1: home-based until 28 Feb 2016, family foster care from 1 March 2016.
    ("H1", "2005-01-01", "forebyggende_foranstaltning", "2015-01-01", "2016-02-28"),
    ("H1", "2005-01-01", "familiepleje", "2016-03-01", None),
    # H2: own room throughout; parent-directed measure and foster care for a while.
    ("H2", "2006-01-01", "eget_vaerelse", "2014-01-01", None),
    ("H2", "2006-01-01", "foraeldrerettet_under_anbringelse", "2015-06-01", "2016-12-31"),
    ("H2", "2006-01-01", "familiepleje", "2016-01-01", "2016-06-30"),
    # H3: turns 18 on T2 (28 February 2017).
    ("H3", "1999-02-28", "doegnophold_familie", "2014-06-01", None),
    # H4: born 29 February; a § 11.3 course, then a one-day measure on 29 February 2016.
    ("H4", "2000-02-29", "forebyggende_11_3", "2015-01-01", "2015-12-31"),
    ("H4", "2000-02-29", "forebyggende_foranstaltning", "2016-02-29", "2016-02-29"),
    # H5: home-based from 31 May 2016 to the day before T3.
    ("H5", "2008-01-01", "forebyggende_foranstaltning", "2016-05-31", "2017-05-30"),
    # H6: only an event.
    ("H6", "2003-01-01", "underretning", "2016-01-01", None),
]


@pytest.fixture
def result():
    ctx = context(measures(ROWS), population({510: 1000}), datoer=[T1, T2, T3])
    out = ladder.compute(ctx)
    assert ctx.warnings == []
    return out


def _approx(d):
    return {k: pytest.approx(v) for k, v in d.items()}


def test_hjemmebaserede_pr_1000(result):
    assert values(result, "hjemmebaserede_pr_1000") == _approx({
        (510, T1, ""): (3.0, 3, 1000),  # H2, H3, H4 (H1's measure ended the day before)
        (510, T2, ""): (2.0, 2, 1000),  # H2, H5 (H3 turned 18 on T2)
        (510, T3, ""): (1.0, 1, 1000),  # H2
    })


def test_hjemmebaserede_type_antal_and_pr_1000(result):
    counts = {
        T1: {"forebyggende_foranstaltning": 1, "doegnophold_familie": 1, "eget_vaerelse": 1,
             "foraeldrerettet_under_anbringelse": 1},
        T2: {"forebyggende_foranstaltning": 1, "doegnophold_familie": 0, "eget_vaerelse": 1,
             "foraeldrerettet_under_anbringelse": 0},
        T3: {"forebyggende_foranstaltning": 0, "doegnophold_familie": 0, "eget_vaerelse": 1,
             "foraeldrerettet_under_anbringelse": 0},
    }
    assert values(result, "hjemmebaserede_type_antal") == {
        (510, t, dim): (float(n), None, None) for t, c in counts.items() for dim, n in c.items()
    }
    assert values(result, "hjemmebaserede_type_pr_1000") == _approx({
        (510, t, dim): (float(n), n, 1000) for t, c in counts.items() for dim, n in c.items()
    })


def test_bevaegelse_fra_hjemmebaserede(result):
    third = 100 / 3
    assert values(result, "bevaegelse_fra_hjemmebaserede") == _approx({
        # Cohort at 2015-02-28: H1 (-> ned), H2 (-> op, foster care), H3 (-> ingen).
        (510, T1, "op"): (third, 1, 3),
        (510, T1, "ingen"): (third, 1, 3),
        (510, T1, "ned"): (third, 1, 3),
        # Cohort at 2016-02-28: H1 only (H2 placed then, H3 is 18 at T2, H4's measure is
        # on the 29th).
        (510, T2, "op"): (100.0, 1, 1),
        (510, T2, "ingen"): (0.0, 0, 1),
        (510, T2, "ned"): (0.0, 0, 1),
        # Cohort at 2016-05-31: H5 only (H2 placed, H3 adult at T3).
        (510, T3, "op"): (0.0, 0, 1),
        (510, T3, "ingen"): (0.0, 0, 1),
        (510, T3, "ned"): (100.0, 1, 1),
    })


def test_trin_overgange(result):
    assert values(result, "trin_overgange") == {
        (510, T1, "hjemmebaseret>ingen"): (1.0, None, None),          # H1
        (510, T1, "hjemmebaseret>familiepleje"): (1.0, None, None),   # H2
        (510, T1, "hjemmebaseret>hjemmebaseret"): (1.0, None, None),  # H3
        (510, T1, "forebyggende>hjemmebaseret"): (1.0, None, None),   # H4
        (510, T2, "hjemmebaseret>familiepleje"): (1.0, None, None),   # H1
        (510, T2, "familiepleje>hjemmebaseret"): (1.0, None, None),   # H2
        (510, T2, "ingen>hjemmebaseret"): (1.0, None, None),          # H5
        (510, T3, "familiepleje>familiepleje"): (1.0, None, None),    # H1
        (510, T3, "familiepleje>hjemmebaseret"): (1.0, None, None),   # H2
        (510, T3, "hjemmebaseret>ingen"): (1.0, None, None),          # H5
    }


def test_counts_only_for_municipalities_in_the_extract():
    ctx = context(
        measures([("A", "2010-01-01", "eget_vaerelse", "2015-01-01", None, None, 657)]),
        population({510: 100, 657: 200}),
        datoer=[T1],
    )
    out = ladder.compute(ctx)
    assert {k for k, _, _ in values(out, "hjemmebaserede_type_antal")} == {657}
    # 510 has population rows but sent no case data: no per-1000 row, not a misleading 0.
    assert values(out, "hjemmebaserede_pr_1000") == {
        (657, T1, ""): (5.0, 1, 200),
    }


def test_definitions_are_complete():
    for kf in ladder.DEFINITIONS:
        assert catalogue.CATALOGUE[kf.id] is kf
        assert kf.name and kf.how_to_read and kf.numerator and kf.denominator
        assert kf.caveats and kf.source and kf.choices and kf.inputs
    trin = catalogue.CATALOGUE["trin_overgange"]
    assert "hjemmebaseret>familiepleje" in trin.dimensions
    assert "ingen>ingen" not in trin.dimensions
