"""Issue 11, items 5-7: hidden values marked where they would be, a print-ready report with
one price basis, and dates that match the chosen period."""

from __future__ import annotations

import pandas as pd

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.presentation.blocks import latest_stamp
from noegletal.presentation.committee_report import committee_report
from noegletal.presentation.report import fit_table, fitting_columns
from noegletal.presentation.themes import anbringelser_charts
from noegletal.services.views import ViewFilter
from tests.presentation.builders import rows
from tests.presentation.test_committee_report import CUTOFFS, _data


def test_ended_placements_hidden_after_2018_are_marked_not_an_empty_axis():
    """Hvidovre's case: shown bars to 2018, then every period hidden. Each hidden period
    gets a marker at the axis and the run is labelled once «færre end 5»; the legend shows
    the very marker that is drawn."""
    share = CATALOGUE["institution_ophoert_andel"]
    where = CATALOGUE["institution_ophoert_hvorhen"]
    data = [("2018-01-31", "", 20.0, 9, 45), ("2018-05-31", "", 15.0, 6, 40),
            ("2018-09-30", "", 30.0, 3, 10), ("2019-01-31", "", 25.0, 2, 8),
            ("2019-05-31", "", 10.0, 1, 10)]
    frame = rows(share.id, 167, data)
    fig = anbringelser_charts.ceased_institution(frame, share, where, kommunekode=167)
    markers = [t for t in fig.data if t.meta == "ikke_vist"]
    assert len(markers) == 1
    # three hidden periods (3, 2 and 1 children) at the axis; the middle one labelled
    assert list(markers[0].x) == ["sep. 2018", "jan. 2019", "maj 2019"]
    assert list(markers[0].y) == [0.0, 0.0, 0.0]
    assert list(markers[0].text) == ["", "færre end 5", ""]
    legend = [t for t in fig.data if t.showlegend and t.name.startswith("Ikke vist")]
    assert legend and legend[0].marker.symbol == markers[0].marker.symbol


def test_hidden_marker_follows_the_threshold_setting(monkeypatch):
    monkeypatch.setenv("NOEGLETAL_SUPPRESSION_THRESHOLD", "10")
    from noegletal.settings import get_settings
    get_settings.cache_clear()
    from noegletal.presentation.marks import hidden_phrase
    try:
        assert hidden_phrase() == "færre end 10"
    finally:
        monkeypatch.delenv("NOEGLETAL_SUPPRESSION_THRESHOLD")
        get_settings.cache_clear()


def test_tables_limited_to_the_periods_that_fit_newest_kept():
    periods = [f"p{i:02d}" for i in range(36)]
    table = pd.DataFrame([{"Nøgletal": "Anbragte pr. 1.000", **{p: "116,9 mio. kr." for p in
                                                                periods}}])
    kept = fitting_columns(table)
    # each column: 14 chars × 7 px + 16 px = 114 px; row header 18 × 7 + 16 = 142 px;
    # (690 − 142) / 114 = 4,8 → the newest 4 periods
    assert kept == ["p32", "p33", "p34", "p35"]
    fitted, note = fit_table(table)
    assert list(fitted.columns) == ["Nøgletal", *kept]
    assert note.startswith("Tabellen viser de seneste 4 af 36 perioder (fra p32)")


def test_report_states_one_price_basis_and_the_latest_cutoff_in_the_period():
    data = _data()
    data.price_base_year = 2025
    view = ViewFilter(kommune=167, fra=CUTOFFS[0], til=pd.Timestamp("2016-09-30"))
    html = committee_report(data, view)
    assert "Alle beløb er i faste 2025-priser." in html
    assert "løbende priser" not in html
    # the latest cut-off within the period, not in the data
    assert "<dt>Seneste skæringsdato</dt><dd>30. september 2016</dd>" in html
    assert "A4 portrait" in html


def test_block_stamp_uses_each_frequency_and_the_period():
    school = next(kf for kf in CATALOGUE.values() if kf.frequency == "skoleaar")
    year = next(kf for kf in CATALOGUE.values() if kf.frequency == "aar")
    cut = next(kf for kf in CATALOGUE.values() if kf.frequency == "skaeringsdato")
    frame = pd.concat([rows(school.id, 167, [("2016-08-01", "", 3.5, None, 100)]),
                       rows(year.id, 167, [("2023-12-31", "", 100.0, None, None)]),
                       rows(cut.id, 167, [("2023-09-30", "", 7.0, 70, 10_000)])])
    assert latest_stamp(frame, [school]) == "Seneste skoleår: 2016/17"
    assert latest_stamp(frame, [year]) == "Seneste regnskabsår: 2023"
    assert latest_stamp(frame, [cut]) == "Seneste skæringsdato: 30. september 2023"


def test_school_year_only_when_it_ended_within_the_period():
    from noegletal.services.views import in_period
    school = next(kf for kf in CATALOGUE.values() if kf.frequency == "skoleaar")
    frame = pd.DataFrame({"noegletal": [school.id] * 3,
                          "dato": pd.to_datetime(["2015-08-01", "2016-08-01", "2017-08-01"])})
    keep = in_period(frame, pd.Timestamp("2016-01-31"), pd.Timestamp("2017-09-30"))
    # 2015/16 ends 31 July 2016 and 2016/17 ends 31 July 2017: in; 2017/18 has just begun
    assert list(keep) == [True, True, False]


def test_municipality_names_are_never_lower_cased_in_sentences():
    from noegletal.presentation.narrative import describe_comparison, in_sentence
    from tests.presentation.builders import make_kf

    assert in_sentence("Hele landet") == "hele landet"
    assert in_sentence("Haderslev") == "Haderslev"
    kf = make_kf("anbragte_pr_1000", unit="pr_1000", name="Anbragte pr. 1.000 børn")
    own = rows(kf.id, 167, [("2017-05-31", "", 6.1, 77, 12700)])
    other = rows(kf.id, 510, [("2017-05-31", "", 9.0, 90, 10000)])
    text = describe_comparison(own, kf, kommunekode=167, comparator=other,
                               comparator_label="Haderslev")
    assert "for Haderslev." in text and "haderslev" not in text


def test_no_catalogue_id_in_any_text_a_reader_sees():
    """Names, how-to-read texts, caveats and dimension labels never show an id such as
    ``flytninger_pr_1000`` or a dimension code such as ``hjemmebaseret>familiepleje``."""
    ids = set(CATALOGUE)
    for kf in CATALOGUE.values():
        texts = [kf.name, kf.how_to_read, *kf.caveats, *kf.dimensions.values()]
        for text in texts:
            assert ">" not in text, (kf.id, text)
            for other in ids:
                assert other not in text, (kf.id, other, text)


def test_row_counts_in_the_right_number():
    from noegletal.domain.formatting import count_phrase

    assert count_phrase(1, "række", "rækker") == "1 række"
    assert count_phrase(1, "afvist række", "afviste rækker") == "1 afvist række"
    assert count_phrase(17888, "række", "rækker") == "17.888 rækker"


def test_totals_share_one_line_style_distinct_from_the_comparator():
    """«I alt» on the expenditure chart (as the report's figure) and «Samlet» on the
    moves chart are drawn alike, and never like «Hele landet» (dashed grey)."""
    from noegletal.presentation import charts, colors
    from noegletal.presentation.themes import anbringelser, udgifter_charts

    net = CATALOGUE["udgifter_netto"]
    frame = rows(net.id, 167, [("2016-12-31", "service", 80_000.0, None, None),
                               ("2016-12-31", "i_alt", 100_000.0, None, None),
                               ("2017-12-31", "service", 85_000.0, None, None),
                               ("2017-12-31", "i_alt", 104_000.0, None, None)])
    fig = udgifter_charts.expenditure_by_category(frame, net, kommunekode=167)
    total = next(t for t in fig.data if t.name == "I alt")
    assert total.type == "scatter" and list(total.y) == [100_000.0, 104_000.0]
    moves = CATALOGUE["flytninger_pr_1000"]
    mframe = rows(moves.id, 167, [("2017-01-31", d, 5.0, 50, 10_000)
                                  for d in ("op", "ned", "samlet")])
    mfig = charts.series_by_dimension(mframe, moves, kommunekode=167,
                                      order=("op", "ned", "samlet"),
                                      palette=anbringelser.FLOW_COLORS,
                                      dashes={"samlet": colors.TOTAL_DASH})
    samlet = next(t for t in mfig.data if t.name == moves.dimensions["samlet"])
    assert (total.line.color, total.line.dash) == (samlet.line.color, samlet.line.dash)
    assert (total.line.color, total.line.dash) != (colors.COMPARATOR_COLOR,
                                                   colors.COMPARATOR_DASH)


def test_followup_standards_per_municipality_from_the_setting(monkeypatch):
    from noegletal.settings import get_settings

    monkeypatch.setenv("NOEGLETAL_FOLLOWUP_STANDARD_DAYS_BY_KOMMUNE",
                       '{"657": {"institution": 30}}')
    get_settings.cache_clear()
    try:
        params = get_settings().metric_params()
        assert params.followup_standards_for(657)["institution"] == 30
        assert params.followup_standards_for(657)["familiepleje"] == 91  # the default
        assert params.followup_standards_for(510)["institution"] == 42
    finally:
        monkeypatch.delenv("NOEGLETAL_FOLLOWUP_STANDARD_DAYS_BY_KOMMUNE")
        get_settings.cache_clear()


def test_many_short_hidden_runs_get_one_label_so_words_never_overlap():
    from noegletal.presentation import charts

    kf = CATALOGUE["anbragte_pr_1000"]
    # hidden (2 children) and shown (50) alternate: four runs of one hidden period
    data = [(f"{y}-{m}", "", 1.0, 2 if i % 2 == 0 else 50, 10_000)
            for i, (y, m) in enumerate([(2016, "01-31"), (2016, "05-31"), (2016, "09-30"),
                                        (2017, "01-31"), (2017, "05-31"), (2017, "09-30"),
                                        (2018, "01-31")])]
    fig = charts.rate_over_time(rows(kf.id, 167, data), kf, kommunekode=167)
    marker = next(t for t in fig.data if t.meta == "ikke_vist")
    assert len(marker.x) == 4  # every hidden period marked
    assert [t for t in marker.text if t] == ["færre end 5"]  # but labelled once


def test_several_municipalities_follow_the_link_state_at_most_five():
    """Item 12 (seed 004, Figur 35): the municipalities drawn together come from the link's
    state: the group's members, the compared municipality, else those with data."""
    from noegletal.services.views import MAX_SEVERAL, several_frame, several_kommuner

    data = _data()
    assert several_kommuner(data, ViewFilter(kommune=167)) == (167, 510)
    assert several_kommuner(data, ViewFilter(kommune=167, sammenlign="510")) == (167, 510)
    group = ViewFilter(kommune=167, sammenlign="gruppe", gruppe=(510, 167, 657, 101, 147, 151))
    assert several_kommuner(data, group) == (167, 510, 657, 101, 147)
    assert MAX_SEVERAL == 5
    frame, codes = several_frame(data, ["anbragte_pr_1000"], group)
    assert codes == (167, 510)  # only those with rows are drawn
    assert set(frame["kommunekode"]) == {167, 510}


def test_several_municipalities_and_the_national_line_on_one_chart():
    from noegletal.presentation import charts
    from tests.presentation.builders import make_kf

    kf = make_kf("anbragte_pr_1000", unit="pr_1000", name="Anbragte pr. 1.000 børn")
    d1, d2 = "2016-01-31", "2016-05-31"
    frame = pd.concat([
        rows(kf.id, 167, [(d1, "", 7.1, 90, 12676), (d2, "", 6.5, 83, 12700)]),
        rows(kf.id, 657, [(d1, "", 7.7, 150, 19500), (d2, "", 7.5, 147, 19600)]),
        rows(kf.id, 510, [(d1, "", 11.3, 150, 13300), (d2, "", 0.3, 3, 13300)]),
    ], ignore_index=True)
    national = rows(kf.id, 0, [(d1, "", 9.8, None, None), (d2, "", 9.7, None, None)])
    fig = charts.several_over_time(frame, kf, kommunekoder=(167, 657, 510),
                                   comparator=national)
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert [t.name for t in lines] == ["Hvidovre", "Herning", "Haderslev", "Hele landet"]
    assert len({t.line.color for t in lines}) == 4
    assert len({t.marker.symbol for t in lines}) == 4
    assert list(lines[2].y) == [11.3, None]  # Haderslev's May rests on 3 children
    assert fig.layout.meta["ikke_vist"] == ["Haderslev, maj 2016"]
    assert any(t.meta == "ikke_vist" for t in fig.data)  # marked where it would be


def test_the_report_shows_the_municipalities_together():
    html = committee_report(_data(), ViewFilter(kommune=167, fra=CUTOFFS[0], til=CUTOFFS[-1]))
    assert "Anbragte pr. 1.000 børn i Hvidovre og Haderslev" in html


def test_hidden_words_of_several_series_never_overlap():
    """Indsatstrappen's types at 1024 px: two types hidden at the same and at neighbouring
    periods wrote «færre end 5» twice on top of each other. Every hidden period keeps its
    marker; the second series' words go only where the first wrote none nearby."""
    import plotly.graph_objects as go

    from noegletal.presentation import charts

    dates = pd.to_datetime(["2016-01-31", "2016-05-31", "2016-09-30", "2017-01-31",
                            "2017-05-31", "2017-09-30", "2018-01-31"])

    def series(hidden: set[int]) -> pd.DataFrame:
        return pd.DataFrame({"dato": dates, "vaerdi": [1.0] * 7,
                             "undertrykt": [i in hidden for i in range(7)],
                             "vises": ["<5" if i in hidden else "1,0" for i in range(7)]})

    fig = go.Figure()
    # first series: one run at 1-2 (labelled at 1); second: runs at 2 and at 5
    assert charts.mark_hidden(fig, series({1, 2})) == 2
    assert charts.mark_hidden(fig, series({2, 5})) == 2
    first, second = (t for t in fig.data if t.meta == "ikke_vist")
    assert list(first.text) == ["færre end 5", ""]
    # period 2 is next to the first series' words at 1: marker only; period 5 is free
    assert list(second.text) == ["", "færre end 5"]
