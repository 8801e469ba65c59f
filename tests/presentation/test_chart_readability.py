"""Fixes from the visual review of the browser screenshots: charts a committee member can
read (no empty panels, no bar labels shrunk to a few pixels)."""

from __future__ import annotations

import pandas as pd

from noegletal.presentation import charts
from noegletal.presentation.themes import anbringelser_charts, indsatstrappen_charts
from tests.presentation.builders import make_kf, rows

SHARE = make_kf("institution_ophoert_andel", name="Ophørte institutionsanbringelser")
WHERE = make_kf("institution_ophoert_hvorhen", name="Hvor de ophørte gik hen", dimensions={
    "anden_anbringelse": "Anbragt i anden form", "ikke_anbragt": "Ikke længere anbragt"})


def _dates(n: int) -> list[str]:
    return [d.date().isoformat() for d in pd.date_range("2015-01-31", periods=n, freq="4ME")]


def test_ceased_institution_without_any_shown_destination_is_one_panel():
    frame = pd.concat([
        rows(SHARE.id, 167, [("2016-01-31", "", 20.0, 6, 30), ("2016-05-31", "", 25.0, 5, 20)]),
        rows(WHERE.id, 167, [("2016-01-31", "anden_anbringelse", 50.0, 3, 6),
                             ("2016-01-31", "ikke_anbragt", 50.0, 3, 6)]),
    ])
    fig = anbringelser_charts.ceased_institution(frame, SHARE, WHERE, kommunekode=167)
    assert "yaxis2" not in fig.to_plotly_json()["layout"]  # no second, empty panel
    assert fig.layout.annotations == ()  # no panel headings; they are in the subtitle
    assert fig.layout.title.subtitle.text == (
        "Hvidovre · andel ophørt<br>siden forrige skæringsdato<br>"
        "Hvor børnene er nu vises<br>ikke: for få børn.")
    assert [t.y for t in fig.data[:1]] == [(20.0, 25.0)]
    assert fig.data[0].text == ("20,0 %", "25,0 %")


def test_ceased_institution_with_both_panels_keeps_their_headings():
    frame = pd.concat([
        rows(SHARE.id, 657, [("2016-01-31", "", 20.0, 6, 30)]),
        rows(WHERE.id, 657, [("2016-01-31", "anden_anbringelse", 50.0, 5, 10),
                             ("2016-01-31", "ikke_anbragt", 50.0, 5, 10)]),
    ])
    fig = anbringelser_charts.ceased_institution(frame, SHARE, WHERE, kommunekode=657)
    # wrapped like the subtitle, with room for the first one's second line above its panel
    assert [a.text for a in fig.layout.annotations] == [
        "Andel ophørt siden<br>forrige skæringsdato",
        "Hvor er de børn, hvis<br>anbringelse er ophørt?"]
    assert fig.layout.margin.t == charts._title_room(
        fig.layout.title.text, fig.layout.title.subtitle.text) + charts._SUBTITLE_LINE_PX
    assert fig.layout.title.subtitle.text == "Herning"
    assert [t.name for t in fig.data[1:]] == ["Anbragt i anden form", "Ikke længere anbragt"]


def test_ceased_institution_labels_bars_only_on_a_short_axis():
    """13 periods on the axis: Plotly would shrink the labels of the narrow bars to a few
    pixels, so there are none (the hover text has every value), even when only a few of the
    periods have a shown bar."""
    dates = _dates(charts.LABELLED_BARS + 1)
    data = [(d, "", 10.0, 1, 10) for d in dates[:-3]]  # hidden: 1 child
    data += [(d, "", 20.0, 6, 30) for d in dates[-3:]]
    fig = anbringelser_charts.ceased_institution(rows(SHARE.id, 167, data), SHARE, WHERE, kommunekode=167)
    assert len(fig.data[0].x) == 3 and fig.data[0].text is None
    short = anbringelser_charts.ceased_institution(rows(SHARE.id, 167, data[-charts.LABELLED_BARS:]),
                                      SHARE, WHERE, kommunekode=167)
    assert short.data[0].text == ("20,0 %",) * 3


def test_sankey_dates_head_the_columns_not_the_subtitle():
    kf = make_kf("trin_overgange", unit="antal", theme="indsatstrappen", name="Fra trin til trin")
    frame = rows(kf.id, 167, [("2017-01-31", "hjemmebaseret>familiepleje", 12, None, None)])
    fig = indsatstrappen_charts.step_sankey(frame, kf, kommunekode=167, dato="2017-01-31")
    # the subtitle ran into the left column's heading when it also carried the dates
    assert fig.layout.title.subtitle.text == "Hvidovre"
    assert [a.text for a in fig.layout.annotations] == [
        "<b>For et år siden (jan. 2016)</b>", "<b>Nu (jan. 2017)</b>"]
    assert fig.layout.margin.t >= 140


def test_bar_texts_too_small_to_read_are_hidden_not_shrunk():
    bfu = make_kf("bfu_andel", name="Forløb efterfulgt af en børnefaglig undersøgelse")
    frame = rows(bfu.id, 657, [(d, "", 10.0, 12, 120) for d in _dates(9)])
    fig = charts.shares_with_counts(frame, [bfu], kommunekode=657)
    assert fig.data[0].text[0] == "10,0 %<br>12 af 120"
    assert fig.layout.uniformtext.minsize == charts.MIN_BAR_TEXT_SIZE == 12
    assert fig.layout.uniformtext.mode == "hide"


def test_long_titles_wrap_instead_of_being_cut_at_1024_px():
    """Item 9: Plotly cuts a title at the chart's edge; titles and subtitles longer than a
    490 px chart holds are broken between words and the top margin grows."""
    from noegletal.presentation.charts import SUBTITLE_LINE, TITLE_LINE

    title = "Andel af de anbragte, der er på institution, opholdssted m.v."
    fig = charts.rate_over_time(rows(SHARE.id, 657, [("2016-01-31", "", 20.0, 6, 30)]),
                                SHARE, kommunekode=657, title=title)
    lines = fig.layout.title.text.split("<br>")
    assert " ".join(lines) == title and all(len(line) <= TITLE_LINE for line in lines)
    assert fig.layout.margin.t > 80
    sub = charts.wrap_text("Herning · jan. 2015 – sep. 2017 · 16,7 % af "
                           "institutionsanbringelserne ophørte", SUBTITLE_LINE)
    assert all(len(line) <= SUBTITLE_LINE for line in sub.split("<br>"))
