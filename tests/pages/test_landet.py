"""The Landet page on the bundled sample data (published-style series for all 98)."""

from __future__ import annotations

import json

from noegletal.domain.kommuner import MUNICIPALITY_CODES
from noegletal.metrics.ranking import ranking
from tests.pages.conftest import texts


def _figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _table(at):
    [frame] = [d.value for d in at.dataframe]
    return frame


def test_landet_ranks_all_98_with_the_chosen_highlighted(open_page, dashboard_data):
    at = open_page("landet", kommune="510")
    assert not at.exception
    table = _table(at)
    assert len(table) == len(MUNICIPALITY_CODES) == 98
    assert "Haderslev ◀" in set(table["Kommune"])
    ranked = table[table["Nr."] != ""]
    assert ranked["Nr."].astype(int).tolist() == list(range(1, len(ranked) + 1))
    [chart, history] = _figures(at)
    assert chart["layout"]["meta"]["valgt"] == 510
    assert chart["layout"]["meta"]["kommuner"] == len(ranked)
    bars = chart["data"][0]
    assert len(bars["hovertext"]) == len(ranked)
    # The chosen municipality is the one bar in the municipality colour, with an outline.
    assert bars["marker"]["color"].count("#0072B2") == 1
    assert "Haderslev" in [a["text"].split("</b>")[0].removeprefix("<b>")
                           for a in chart["layout"]["annotations"] if "nr." in a["text"]]
    assert [t["name"] for t in history["data"]] == ["Haderslev", "Sammenligningsgruppen",
                                                    "Hele landet"]
    shown = texts(at)
    assert "Placeringen er ikke en karakter" in shown
    assert "i små kommuner kan få børn flytte tallet meget" in shown
    assert "Gruppens tal: summen af tællerne divideret med summen af nævnerne" in shown
    assert "Kilde: Eksempeldata (opdigtede tal): sammenligning.csv" in shown


def test_landet_respects_suppression(open_page, dashboard_data):
    at = open_page("landet", kommune="510")
    table = _table(at)
    # Læsø (825) has a few hundred children: fewer than 5 placed, shown as <5 and not ranked.
    laesoe = table[table["Kommune"] == "Læsø"].iloc[0]
    assert (laesoe["Værdi"], laesoe["Nr."], laesoe["Tæller"]) == ("<5", "", "")
    # The same rows the page shows, computed from the store: the hidden ones get no bar.
    rows = dashboard_data.comparison
    rows = rows[(rows["noegletal"] == "anbragte_pr_1000") & (rows["kommunekode"] != 0)]
    latest = rows["dato"].max()
    expected = ranking(rows.assign(dimension=""), latest, 5)
    hidden = set(expected.loc[expected["plads"].isna(), "kommunekode"])
    assert 825 in hidden
    chart = _figures(at)[0]
    assert len(chart["data"][0]["hovertext"]) == 98 - len(hidden)
    assert "Læsø" in chart["layout"]["meta"]["ikke_vist"]
    assert "Ikke placeret (under 5 børn eller intet tal)" in texts(at)


def test_landet_group_chosen_by_hand(open_page):
    at = open_page("landet", kommune="167", sammenlign="gruppe", gruppe="510,657")
    assert not at.exception
    table = _table(at)
    assert set(table.loc[table["I gruppen"] == "ja", "Kommune"]) == {"Haderslev", "Herning"}
    assert "Sammenligningsgruppen (valgt i menuen): Haderslev og Herning." in texts(at)


def test_landet_other_key_figure_and_polarity_from_a_link(open_page):
    at = open_page("landet", kommune="657", visning="hjemmebaserede_pr_1000",
                   dato="2020-12-31")
    assert not at.exception
    shown = texts(at)
    assert "Farverne: et højere tal er bedre" in shown
    chart = _figures(at)[0]
    assert chart["layout"]["meta"]["noegletal"] == ["hjemmebaserede_pr_1000"]
    assert "31. december 2020" in chart["layout"]["title"]["text"]
    at = open_page("landet", kommune="657", visning="underretninger_pr_1000")
    assert "derfor er alle søjler grå" in texts(at)


def test_landet_first_shows_the_newest_date_in_the_period_as_the_overblik_card(open_page):
    """A link ending 30 September 2017 showed «Opgjort 31. december 2024» (the newest of
    all), beside an Overblik card placing the municipality at 31 December 2016."""
    at = open_page("landet", kommune="657", fra="2015-01-31", til="2017-09-30")
    assert not at.exception
    [box] = [b for b in at.selectbox if b.label == "Opgjort"]
    assert str(box.value.date()) == "2016-12-31"
    overblik = open_page(None, kommune="657", fra="2015-01-31", til="2017-09-30")
    [card] = [m for m in overblik.metric if m.label == "Placering blandt alle kommuner"]
    assert "31. december 2016" in texts(overblik) or "31. december 2016" in str(card.proto)
