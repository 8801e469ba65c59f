"""Overblik headlines and summary sentences on hand-made suppressed frames."""

from __future__ import annotations

import pandas as pd

from noegletal.presentation.overview import HeadlineSpec, first_sentence, headline, summary
from tests.presentation.builders import make_kf, rows

RATE = make_kf("anbragte_pr_1000", unit="pr_1000", name="Anbragte børn pr. 1.000 børn",
               direction="ikke_stige")
HOME = make_kf("hjemmebaserede_pr_1000", unit="pr_1000", theme="indsatstrappen",
               name="Modtagere af hjemmebaserede indsatser pr. 1.000 børn", direction="op")
FORMS = make_kf("anbringelsesform_andel", unit="pct", name="Fordeling på anbringelsesformer",
                dimensions={"institution": "Institution", "familiepleje": "Familiepleje"})
SERVICE = make_kf("udgifter_netto", unit="1000_kr", theme="udgifter", frequency="aar",
                  name="Nettodriftsudgifter", dimensions={"service": "Service"})
CATALOGUE = {k.id: k for k in (RATE, HOME, FORMS, SERVICE)}
RATE_SPEC = HeadlineSpec("anbragte_pr_1000", "", "anbringelser", "Anbragte pr. 1.000 børn",
                         "anbragte børn pr. 1.000")
HOME_SPEC = HeadlineSpec("hjemmebaserede_pr_1000", "", "indsatstrappen",
                         "Hjemmebaserede indsatser pr. 1.000 børn", "hjemmebaserede indsatser")
FORMS_SPEC = HeadlineSpec("anbringelsesform_andel", "institution", "anbringelser",
                          "Andel på institution", "andelen på institution")
SERVICE_SPEC = HeadlineSpec("udgifter_netto", "service", "udgifter", "Service", "service")

# Four tertial cut-offs: 31 May 2016 is exactly 12 months before 31 May 2017.
FRAME = pd.concat([
    rows("anbragte_pr_1000", 167, [
        ("2016-05-31", "", 8.0, 80, 10_000), ("2016-09-30", "", 7.5, 75, 10_000),
        ("2017-01-31", "", 7.2, 72, 10_000), ("2017-05-31", "", 7.0, 70, 10_000)]),
    rows("hjemmebaserede_pr_1000", 167, [
        ("2016-05-31", "", 10.0, 100, 10_000), ("2017-05-31", "", 12.5, 125, 10_000)]),
    rows("anbringelsesform_andel", 167, [
        ("2016-05-31", "institution", 40.0, 8, 20), ("2017-05-31", "institution", 25.0, 3, 12)]),
    rows("udgifter_netto", 167, [
        ("2015-12-31", "service", 150_000, None, None),
        ("2016-12-31", "service", 140_000, None, None)]),
], ignore_index=True)
NATIONAL = rows("anbragte_pr_1000", 0, [("2017-05-31", "", 9.6, 960, 100_000)])


def test_headline_latest_value_changes_and_colour():
    h = headline(FRAME, RATE_SPEC, CATALOGUE, kommunekode=167, comparator=NATIONAL,
                 comparator_label="Hele landet")
    assert h.value_text == "7,0"
    assert h.period == "maj 2017"
    assert h.latest.counts == "70 af 10.000 børn 0-17 år"
    # a year earlier (31 May 2016) is the card's change; the previous cut-off is January
    assert h.year_ago.text == "\u22121,0" and h.year_ago.since.dato == pd.Timestamp("2016-05-31")
    assert h.previous.text == "\u22120,2"
    assert h.metric_delta == "-1,0"  # ASCII minus, so Streamlit reads a fall
    assert h.delta_description == "siden maj 2016"
    assert (h.delta_color, h.metric_color, h.metric_arrow) == ("inverse", "inverse", "auto")
    assert h.comparator == "Hele landet: 9,6"
    assert h.history == [8.0, 7.5, 7.2, 7.0]


def test_headline_direction_up_is_normal_and_neutral_is_off():
    home = headline(FRAME, HOME_SPEC, CATALOGUE, kommunekode=167)
    assert (home.metric_delta, home.metric_color) == ("+2,5", "normal")
    assert home.comparator == ""
    service = headline(FRAME, SERVICE_SPEC, CATALOGUE, kommunekode=167,
                       expected_years=[2016])
    assert service.value_text == "140,0 mio. kr."
    assert service.period == "2016 (forventet regnskab)"
    assert service.year_ago is None  # yearly: the previous period is the year before
    assert service.previous.text == "\u221210,0 mio. kr."
    assert service.metric_color == "off"


def test_suppressed_latest_value_is_never_replaced_or_compared():
    h = headline(FRAME, FORMS_SPEC, CATALOGUE, kommunekode=167)
    assert h.latest.hidden and h.value_text == "<5" and h.latest.counts == ""
    assert h.year_ago.delta is None and h.metric_delta is None
    assert h.metric_color == "off" and h.metric_arrow == "off"


def test_headline_without_rows():
    h = headline(FRAME.iloc[:0], RATE_SPEC, CATALOGUE, kommunekode=167)
    assert h.latest is None and h.value_text == "–" and h.metric_delta is None


def test_unchanged_at_display_precision_is_grey():
    frame = rows("anbragte_pr_1000", 167, [("2016-05-31", "", 7.01, 70, 10_000),
                                           ("2017-05-31", "", 6.99, 70, 10_000)])
    h = headline(frame, RATE_SPEC, CATALOGUE, kommunekode=167)
    assert h.year_ago.unchanged and h.metric_color == "off" and h.metric_arrow == "off"


def test_first_sentence_keeps_abbreviations():
    text = "Andelen er faldet fra 40,0 pct. i maj 2016 til 25,0 pct. i maj 2017. Det er godt."
    assert first_sentence(text) == ("Andelen er faldet fra 40,0 pct. i maj 2016 til 25,0 pct. "
                                    "i maj 2017.")


def test_summary_sentences():
    specs = (RATE_SPEC, FORMS_SPEC, HOME_SPEC)
    out = summary(FRAME, CATALOGUE, kommunekode=167, specs=specs,
                  figures=("anbragte_pr_1000", "anbringelsesform_andel",
                           "hjemmebaserede_pr_1000"))
    assert out == [
        "Anbragte børn pr. 1.000 børn er faldet fra 8,0 pr. 1.000 børn i maj 2016 til "
        "7,0 pr. 1.000 børn i maj 2017.",
        "Andel på institution kan ikke sammenlignes fra maj 2016 til maj 2017, fordi tallet i "
        "maj 2017 bygger på så få børn, at det er skjult af hensyn til diskretion.",
        "Modtagere af hjemmebaserede indsatser pr. 1.000 børn er steget fra 10,0 pr. 1.000 "
        "børn i maj 2016 til 12,5 pr. 1.000 børn i maj 2017.",
        "Udviklingen går den ønskede vej for anbragte børn pr. 1.000 og hjemmebaserede "
        "indsatser.",
        "Tallene beskriver en udvikling og siger ikke noget om, hvad der har skabt den.",
    ]


def test_summary_warns_about_few_children_and_wrong_way():
    frame = rows("anbragte_pr_1000", 167, [("2016-05-31", "", 1.0, 10, 10_000),
                                           ("2017-05-31", "", 1.5, 15, 10_000)])
    out = summary(frame, CATALOGUE, kommunekode=167, specs=(RATE_SPEC,),
                  figures=("anbragte_pr_1000",))
    assert out[1] == "Udviklingen går ikke den ønskede vej for anbragte børn pr. 1.000."
    assert out[2] == ("Tallene beskriver en udvikling og siger ikke noget om, hvad der har "
                      "skabt den, og nogle af tallene bygger på få børn, så en enkelt sag kan "
                      "flytte dem mærkbart.")
    assert summary(frame.iloc[:0], CATALOGUE, kommunekode=167) == [
        "Der er ingen tal for den valgte kommune og periode."]
