"""Chart builders: traces, Danish labels and hover texts, and no suppressed number anywhere."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from noegletal.presentation import charts, colors
from noegletal.presentation.themes import (
    anbringelser_charts,
    forebyggende_charts,
    indsatstrappen_charts,
    sagsbehandling_charts,
    skoletrivsel_charts,
    udgifter_charts,
)
from tests.presentation.builders import make_kf, rows

# Distinctive numbers in suppressed rows: none of them may appear in a figure.
SECRET_VALUE = 3.1415
SECRET_COUNT = 3


def _json(fig) -> str:
    return json.dumps(fig.to_plotly_json(), default=str, ensure_ascii=False)


def _assert_no_secret(fig):
    text = _json(fig)
    assert "3,1" not in text and "3.1415" not in text
    assert f"{SECRET_COUNT} af" not in text


RATE = make_kf("anbragte_pr_1000", unit="pr_1000", name="Anbragte pr. 1.000 børn")
FORMS = make_kf("anbringelsesform_andel", name="Fordeling på anbringelsesformer", dimensions={
    "netvaerkspleje": "Netværkspleje", "familiepleje": "Familiepleje",
    "institution": "Institution"})


def test_rate_over_time_kommune_against_dashed_comparator():
    frame = rows(RATE.id, 167, [
        ("2016-01-31", "", 7.1, 90, 12676),
        ("2016-05-31", "", SECRET_VALUE, SECRET_COUNT, 12700),
        ("2016-09-30", "", 6.0, 77, 12800),
    ])
    comp = rows(RATE.id, 0, [("2016-01-31", "", 9.6, None, None),
                             ("2016-09-30", "", 9.5, None, None)])
    fig = charts.rate_over_time(frame, RATE, kommunekode=167, comparator=comp)
    kommune, landet, marker, note = fig.data
    assert kommune.name == "Hvidovre" and kommune.line.dash == "solid"
    assert landet.name == "Hele landet" and landet.line.dash == "dash"
    assert landet.line.color == colors.COMPARATOR_COLOR
    assert list(kommune.y) == [7.1, None, 6.0]
    assert kommune.hovertext == (
        "<b>Hvidovre</b><br>jan. 2016<br>7,1<br>90 af 12.676 børn 0-17 år", "",
        "<b>Hvidovre</b><br>sep. 2016<br>6,0<br>77 af 12.800 børn 0-17 år")
    assert landet.hovertext[1] == "<b>Hele landet</b><br>sep. 2016<br>9,5"
    # the legend entry wrapped to fit a 320 px window; the hover texts keep one line
    assert note.name == "Ikke vist: færre<br>end 5 børn"
    # the hidden point is marked where it would be (may 2016, at the axis), labelled
    assert list(marker.x) == [pd.Timestamp("2016-05-31")] and list(marker.y) == [0.0]
    assert marker.text == ("færre end 5",) and marker.marker.symbol == note.marker.symbol
    assert fig.layout.separators == ",."
    assert fig.layout.title.text == "Anbragte pr. 1.000 børn"
    assert fig.layout.yaxis.title.text == "pr. 1.000 børn 0-17 år"
    assert list(fig.layout.xaxis.ticktext) == ["jan. 2016", "maj 2016", "sep. 2016"]
    assert fig.layout.meta["ikke_vist"] == ["maj 2016"]
    _assert_no_secret(fig)


def test_rate_over_time_refuses_unsuppressed_frames():
    raw = rows(RATE.id, 167, [("2016-01-31", "", 7.1, 90, 12676)]).drop(
        columns=["undertrykt", "vises"])
    with pytest.raises(charts.ChartInputError, match="diskretioneres"):
        charts.rate_over_time(raw, RATE, kommunekode=167)


def test_placement_forms_stacked_and_secondary_suppression():
    frame = rows(FORMS.id, 167, [
        ("2016-01-31", "netvaerkspleje", SECRET_VALUE, SECRET_COUNT, 91),
        ("2016-01-31", "familiepleje", 54.9, 50, 91, ".."),
        ("2016-01-31", "institution", 40.7, 37, 91),
        ("2016-05-31", "netvaerkspleje", 10.0, 9, 90),
        ("2016-05-31", "familiepleje", 62.2, 56, 90),
        ("2016-05-31", "institution", 27.8, 25, 90),
    ])
    fig = anbringelser_charts.placement_forms(frame, FORMS, kommunekode=167)
    assert fig.layout.barmode == "stack"
    names = [t.name for t in fig.data]
    # the hidden-value markers (not in the legend), then the legend entry, wrapped to fit
    assert names == ["Netværkspleje", "Familiepleje", "Institution",
                     "Ikke vist: færre end 5 børn", "Ikke vist: færre<br>end 5 børn"]
    net, fam, inst = fig.data[:3]
    assert list(net.x) == ["maj 2016"] and list(fam.x) == ["maj 2016"]
    assert list(inst.x) == ["jan. 2016", "maj 2016"]
    assert inst.marker.color == colors.STEP_COLORS["institution"]
    assert inst.hovertext[0] == "<b>Institution</b><br>jan. 2016<br>40,7 %<br>37 af 91 børn"
    assert list(inst.text) == ["40,7 %", "27,8 %"]
    assert list(fig.layout.yaxis.range) == [0, 100]
    text = _json(fig)
    assert "54,9" not in text and "50 af" not in text
    _assert_no_secret(fig)


def test_movements_order_and_labels():
    kf = make_kf("bevaegelse_fra_hjemmebaserede", theme="indsatstrappen")
    frame = rows(kf.id, 510, [("2017-01-31", "op", 5.0, 10, 200),
                              ("2017-01-31", "ingen", 85.0, 170, 200),
                              ("2017-01-31", "ned", 10.0, 20, 200)])
    fig = indsatstrappen_charts.movements(frame, kf, kommunekode=510)
    assert [t.name for t in fig.data] == ["Ned ad trappen", "Ingen bevægelse",
                                          "Op ad trappen (anbragt)"]
    assert [t.marker.color for t in fig.data] == [colors.MOVEMENT_COLORS[d]
                                                  for d in ("ned", "ingen", "op")]
    assert fig.data[2].hovertext == (
        "<b>Op ad trappen (anbragt)</b><br>jan. 2017<br>5,0 %<br>10 af 200 børn",)
    assert fig.layout.meta["ikke_vist"] == []


def test_movements_with_the_catalogue_labels_leave_out_suppressed_shares():
    from noegletal.metrics.catalogue import CATALOGUE
    from noegletal.metrics.suppression import suppress

    kf = CATALOGUE["bevaegelse_fra_hjemmebaserede"]
    raw = pd.DataFrame([
        (kf.id, 510, pd.Timestamp("2017-01-31"), "op", 1.5, 3.0, 200.0),  # 3 of 200: "<5"
        (kf.id, 510, pd.Timestamp("2017-01-31"), "ingen", 88.5, 177.0, 200.0),
        (kf.id, 510, pd.Timestamp("2017-01-31"), "ned", 10.0, 20.0, 200.0),
    ], columns=["noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller",
                "naevner"])
    # 3 + 177 + 20 = 200 is a partition: the largest other share (ingen, 177) is hidden as
    # well, so 3 cannot be worked out as 200 - 177 - 20 (a reader knows 3 + 177 = 180 with
    # op in 1..4 and ingen >= 20).
    frame = suppress(raw, threshold=5)
    assert frame["vises"].tolist() == ["<5", "..", 10.0]
    fig = indsatstrappen_charts.movements(frame, kf, kommunekode=510)
    drawn = {t.name: list(t.y) for t in fig.data if t.y is not None and any(
        y is not None for y in t.y) and t.meta != "ikke_vist"}
    assert drawn == {"Ned: hverken anbragt<br>eller hjemmebaseret": [10.0]}
    # the hidden segments are marked on top of the shown part of the bar (10,0), labelled
    marker = next(t for t in fig.data if t.meta == "ikke_vist")
    assert list(marker.y) == [10.0] and list(marker.text) == ["færre end 5"]
    assert fig.data[-1].name == "Ikke vist: færre<br>end 5 børn"  # the legend entry
    assert sorted(fig.layout.meta["ikke_vist"]) == [
        "Ingen bevægelse: stadig hjemmebaseret, jan. 2017", "Op: anbragt, jan. 2017"]
    text = _json(fig)
    assert "1,5" not in text and "3 af 200" not in text and "177 af 200" not in text


def test_ceased_institution_two_panels():
    share = make_kf("institution_ophoert_andel", name="Ophørte institutionsanbringelser")
    where = make_kf("institution_ophoert_hvorhen", name="Hvor de ophørte gik hen", dimensions={
        "anden_anbringelse": "Anbragt i anden form", "ikke_anbragt": "Ikke længere anbragt"})
    frame = pd.concat([
        rows(share.id, 657, [("2016-05-31", "", 13.3, 6, 45)]),
        rows(where.id, 657, [("2016-05-31", "anden_anbringelse", 50.0, SECRET_COUNT, 6),
                             ("2016-05-31", "ikke_anbragt", 50.0, SECRET_COUNT, 6)]),
    ])
    fig = anbringelser_charts.ceased_institution(frame, share, where, kommunekode=657)
    bar = fig.data[0]
    assert bar.hovertext == ("<b>Ophørte institutionsanbringelser</b><br>maj 2016<br>"
                             "13,3 %<br>6 af 45 børn",)
    assert bar.text == ("13,3 %",)
    # Both destinations are suppressed: no bar for them, but a legend note.
    assert [t.name for t in fig.data[1:]] == ["Ikke vist: færre<br>end 5 børn"]
    assert fig.layout.meta["ikke_vist"] == ["Anbragt i anden form, maj 2016",
                                            "Ikke længere anbragt, maj 2016"]
    assert "50,0" not in _json(fig)


def test_home_based_by_type_grouped():
    kf = make_kf("hjemmebaserede_type_antal", unit="antal", theme="indsatstrappen",
                 name="Børn med hjemmebaserede foranstaltninger efter type", dimensions={
                     "forebyggende_foranstaltning": "Forebyggende foranstaltning",
                     "doegnophold_familie": "Døgnophold for hele familien"})
    frame = rows(kf.id, 510, [
        ("2016-01-31", "forebyggende_foranstaltning", 498, None, None),
        ("2016-01-31", "doegnophold_familie", SECRET_COUNT, SECRET_COUNT, None),
        ("2016-05-31", "forebyggende_foranstaltning", 1594, None, None),
        ("2016-05-31", "doegnophold_familie", 0, None, None),
    ])
    fig = indsatstrappen_charts.home_based_by_type(frame, kf, kommunekode=510)
    first, second = fig.data[:2]
    assert fig.layout.barmode == "group"
    assert first.name == "Forebyggende<br>foranstaltning"  # the legend entry, wrapped
    assert first.hovertext[1] == "<b>Forebyggende foranstaltning</b><br>maj 2016<br>1.594"
    assert list(second.y) == [0.0]  # zero is shown, the suppressed 3 is not
    assert fig.layout.meta["ikke_vist"] == ["Døgnophold for hele familien, jan. 2016"]


def test_step_sankey_flows_and_hidden_flows():
    kf = make_kf("trin_overgange", unit="antal", theme="indsatstrappen", name="Trinskift")
    frame = rows(kf.id, 167, [
        ("2017-01-31", "hjemmebaseret>familiepleje", 12, None, None),
        ("2017-01-31", "hjemmebaseret>hjemmebaseret", 40, None, None),
        ("2017-01-31", "ingen>institution", SECRET_COUNT, SECRET_COUNT, None),
        ("2017-01-31", "forebyggende>ingen", 22, None, None),
        ("2016-01-31", "hjemmebaseret>institution", 30, None, None),  # other date
    ])
    fig = indsatstrappen_charts.step_sankey(frame, kf, kommunekode=167, dato="2017-01-31")
    sankey = fig.data[0]
    # short node labels, long ones on two lines (so the two columns' labels never run into
    # each other at 1024 px); the dates head the two columns and are in the node hover texts
    assert list(sankey.node.label) == [
        "Hjemmebaserede<br>indsatser", "Forebyggende<br>(§ 11, stk. 3)",
        "Familiepleje", "Hjemmebaserede<br>indsatser", "Ingen indsats"]
    assert all(len(line) <= indsatstrappen_charts.SANKEY_LABEL_LINE
               for label in sankey.node.label for line in label.split("<br>"))
    assert list(sankey.node.customdata) == [
        "Hjemmebaserede indsatser (jan. 2016)", "Forebyggende (§ 11, stk. 3) (jan. 2016)",
        "Familiepleje (jan. 2017)", "Hjemmebaserede indsatser (jan. 2017)",
        "Ingen indsats (jan. 2017)"]
    headers = [a.text for a in fig.layout.annotations]
    assert "<b>For et år siden (jan. 2016)</b>" in headers and "<b>Nu (jan. 2017)</b>" in headers
    assert list(sankey.link.source) == [0, 0, 1]
    assert list(sankey.link.target) == [2, 3, 4]
    assert list(sankey.link.value) == [12.0, 40.0, 22.0]
    assert sankey.link.customdata[0] == ("<b>Hjemmebaserede indsatser → Familiepleje</b><br>"
                                         "jan. 2016 → jan. 2017<br>12 børn")
    assert list(sankey.node.color)[1] == colors.STEP_COLORS["forebyggende"]
    assert fig.layout.meta["ikke_vist"] == ["Ingen indsats → Institution, opholdssted m.v."]
    assert fig.layout.annotations[-1].text == ("Strømme, der bygger på færre end 5 børn, "
                                               "er ikke vist.")


def test_preventive_11_3_with_counts():
    rate = make_kf("forebyggende_11_3_pr_1000", unit="pr_1000", theme="forebyggende",
                   name="Børn i § 11.3-forløb pr. 1.000")
    bfu = make_kf("forebyggende_11_3_bfu_andel", theme="forebyggende",
                  name="Forløb fulgt af børnefaglig undersøgelse")
    frame = pd.concat([
        rows(rate.id, 510, [("2016-01-31", "", 6.6, 75, 11360)]),
        rows(bfu.id, 510, [("2016-01-31", "", 12.5, 5, 40),
                           ("2016-05-31", "", SECRET_VALUE, SECRET_COUNT, 33)]),
    ])
    fig = forebyggende_charts.preventive_11_3(frame, rate, bfu, kommunekode=510)
    assert fig.data[0].hovertext == ("<b>Børn i § 11.3-forløb pr. 1.000</b><br>jan. 2016<br>"
                                     "6,6<br>75 af 11.360 børn 0-17 år",)
    assert fig.data[1].text == ("12,5 %<br>(5 af 40)",)
    assert fig.layout.meta["ikke_vist"] == [
        "Forløb fulgt af børnefaglig undersøgelse, maj 2016"]
    _assert_no_secret(fig)


EXP = make_kf("udgifter_netto", unit="1000_kr", theme="udgifter", frequency="aar",
              name="Nettodriftsudgifter", dimensions={
                  "service": "Service", "administration_myndighed": "Administration, myndighed",
                  "administration_oevrig": "Øvrig administration"})


def test_expenditure_expected_year_hatched():
    frame = rows(EXP.id, 510, [("2016-12-31", "service", 123_000, None, None),
                               ("2017-12-31", "service", 136_000, None, None)])
    fig = udgifter_charts.expenditure_by_category(frame, EXP, kommunekode=510, expected_years=[2017])
    service, legend = fig.data
    assert list(service.x) == ["2016", "2017 (forventet)"]
    assert list(service.marker.pattern.shape) == ["", "/"]
    assert service.hovertext[1] == "<b>Service</b><br>2017 (forventet)<br>136,0 mio. kr."
    assert legend.name == "Forventet regnskab<br>(ikke endeligt)"


def test_extra_expenditure_around_zero_with_base_periods():
    kf = make_kf("merudgifter", unit="1000_kr", theme="udgifter", frequency="aar",
                 name="Merudgifter", dimensions={"service": "Service",
                                                 "administration": "Administration",
                                                 "i_alt": "I alt"})
    frame = rows(kf.id, 510, [("2016-12-31", "i_alt", 7_000, None, None),
                              ("2017-12-31", "i_alt", -12_000, None, None)])
    fig = udgifter_charts.extra_expenditure(frame, kf, kommunekode=510, expected_years=[2017],
                                   base_periods={"service": (2011, 2014), "i_alt": (2013, 2014)})
    assert list(fig.data[0].y) == [7000.0, -12000.0]
    assert fig.data[0].hovertext[1] == "<b>I alt</b><br>2017 (forventet)<br>−12,0 mio. kr."
    assert fig.layout.title.subtitle.text == (
        "Haderslev · Basisperiode:<br>service 2011-2014, i alt<br>2013-2014")
    assert fig.layout.yaxis.zeroline is True


def test_service_share_by_step():
    kf = make_kf("serviceudgifter_trin_andel", theme="udgifter", frequency="aar",
                 name="Serviceudgifter fordelt på trin")
    frame = rows(kf.id, 510, [("2017-12-31", "forebyggende", 10.0, None, None),
                              ("2017-12-31", "hjemmebaseret", 30.0, None, None),
                              ("2017-12-31", "institution", 60.0, None, None)])
    fig = udgifter_charts.service_share_by_step(frame, kf, kommunekode=510)
    assert [t.name for t in fig.data] == ["Forebyggende<br>(§ 11, stk. 3)",
                                          "Hjemmebaserede indsatser",
                                          "Institution,<br>opholdssted m.v."]
    assert fig.layout.barmode == "stack"


def test_school_gap_with_n_and_gap():
    kf = make_kf("fravaer_pct", theme="skoletrivsel", frequency="skoleaar", name="Fravær",
                 dimensions={"udsatte": "Udsatte elever", "oevrige": "Øvrige elever"})
    gap = make_kf("fravaer_pct_forskel", unit="procentpoint", theme="skoletrivsel",
                  frequency="skoleaar", name="Forskel i fravær")
    frame = pd.concat([
        rows(kf.id, 510, [("2014-08-01", "udsatte", 10.3, None, 204),
                          ("2014-08-01", "oevrige", 5.3, None, 2632),
                          ("2015-08-01", "udsatte", SECRET_VALUE, None, SECRET_COUNT),
                          ("2015-08-01", "oevrige", 5.8, None, 2827)]),
        rows(gap.id, 510, [("2014-08-01", "", 5.0, None, None),
                           ("2015-08-01", "", SECRET_VALUE, None, None, True)]),
    ])
    fig = skoletrivsel_charts.school_gap(frame, kf, kommunekode=510, gap_kf=gap)
    udsatte, oevrige = fig.data[:2]
    assert udsatte.hovertext == ("<b>Udsatte elever</b><br>2014/15<br>10,3 %<br>N = 204 elever",)
    assert oevrige.marker.color == colors.GROUP_COLORS["oevrige"]
    assert [a.text for a in fig.layout.annotations] == ["Forskel: 5,0 procentpoint",
                                                        "Forskel: ikke vist (<5)"]
    _assert_no_secret(fig)


def test_caseload_against_target_band():
    avg = make_kf("sagstal_gennemsnit", unit="sager", theme="sagsbehandling",
                  name="Sager pr. socialrådgiver")
    low = make_kf("sagstal_laveste", unit="sager", theme="sagsbehandling")
    high = make_kf("sagstal_hoejeste", unit="sager", theme="sagsbehandling")
    frame = pd.concat([rows(avg.id, 167, [("2016-03-01", "", 24.5, 612, 24.98)]),
                       rows(low.id, 167, [("2016-03-01", "", 12, None, None)]),
                       rows(high.id, 167, [("2016-03-01", "", 38, None, None)])])
    fig = sagsbehandling_charts.caseload_vs_target(frame, avg, kommunekode=167, target=(25, 30),
                                    lowest_kf=low, highest_kf=high)
    line, target = fig.data
    assert line.hovertext == ("<b>Hvidovre</b><br>mar. 2016<br>24,5 sager pr. årsværk<br>"
                              "612 sager på 25,0 årsværk<br>Laveste: 12, højeste: 38 sager",)
    assert list(line.error_y.array) == [13.5] and list(line.error_y.arrayminus) == [12.5]
    assert target.name == "Mål: 25-30 sager<br>pr. årsværk" and target.line.dash == "dash"
    assert fig.layout.shapes[0].y0 == 25 and fig.layout.shapes[0].y1 == 30
    single = sagsbehandling_charts.caseload_vs_target(frame, avg, kommunekode=167, target=25)
    assert single.data[1].name == "Mål: 25 sager<br>pr. årsværk"
