"""Narrative sentences: exact text for hand-made inputs."""

from __future__ import annotations

from noegletal.presentation import narrative
from tests.presentation.builders import make_kf, rows

FORMS = make_kf("anbringelsesform_andel", direction="ned",
                name="Fordeling på anbringelsesformer",
                dimensions={"institution": "Institution, opholdssted m.v."})
BFU = make_kf("forebyggende_11_3_bfu_andel", direction="ikke_stige", theme="forebyggende",
              name="Andelen af § 11.3-forløb fulgt af en børnefaglig undersøgelse",
              caveats=("Tallene kan ikke sammenlignes på tværs af kommuner.",))


def test_report_sentence_reproduced():
    frame = rows(FORMS.id, 167, [("2015-01-31", "institution", 40.7, 37, 91),
                                 ("2016-01-31", "institution", 33.0, 30, 91),
                                 ("2017-09-30", "institution", 27.9, 24, 86)])
    text = narrative.describe_change(frame, FORMS, kommunekode=167, dimension="institution",
                                     subject="Andelen af institutionsanbragte")
    # The card's comparison: no row a year before september 2017, so the previous period
    # (january 2016), as the card shows it.
    assert text == ("Andelen af institutionsanbragte er faldet fra 33,0 pct. i januar 2016 til "
                    "27,9 pct. i september 2017. Det er den ønskede retning.")


def test_default_subject_and_period_limits():
    frame = rows(FORMS.id, 167, [("2015-01-31", "institution", 40.7, 37, 91),
                                 ("2016-01-31", "institution", 33.0, 30, 91),
                                 ("2017-09-30", "institution", 27.9, 24, 86)])
    text = narrative.describe_change(frame, FORMS, kommunekode=167, dimension="institution",
                                     til="2016-12-31")
    assert text == ("Fordeling på anbringelsesformer, institution, opholdssted m.v. er faldet "
                    "fra 40,7 pct. i januar 2015 til 33,0 pct. i januar 2016. "
                    "Det er den ønskede retning.")


def test_unwanted_direction_few_children_and_caveat():
    frame = rows(BFU.id, 510, [("2016-01-31", "", 8.3, 1, 12, False),
                               ("2017-01-31", "", 25.0, 6, 24, False)])
    text = narrative.describe_change(frame, BFU, kommunekode=510, include_caveats=True)
    assert text == (
        "Andelen af § 11.3-forløb fulgt af en børnefaglig undersøgelse er steget fra 8,3 pct. "
        "i januar 2016 til 25,0 pct. i januar 2017. Tallet bør ikke stige, men er steget. "
        "Tallene bygger på få børn, så en enkelt sag kan flytte dem mærkbart; tolk udviklingen "
        "med forsigtighed. Bemærk: Tallene kan ikke sammenlignes på tværs af kommuner.")


def test_unchanged_at_display_precision():
    kf = make_kf("anbragte_pr_1000", unit="pr_1000", direction="ned",
                 name="Anbragte pr. 1.000 børn")
    frame = rows(kf.id, 167, [("2016-01-31", "", 7.04, 90, 12780),
                              ("2017-01-31", "", 6.96, 89, 12790)])
    assert narrative.describe_change(frame, kf, kommunekode=167) == (
        "Anbragte pr. 1.000 børn er uændret på 7,0 pr. 1.000 børn fra januar 2016 til "
        "januar 2017. Tallet bør falde, men er ikke faldet.")


def test_suppressed_endpoint_is_not_described_with_a_number():
    frame = rows(BFU.id, 510, [("2016-01-31", "", 3.1415, 3, 40),
                               ("2017-01-31", "", 12.5, 6, 48)])
    text = narrative.describe_change(frame, BFU, kommunekode=510)
    assert text == ("Andelen af § 11.3-forløb fulgt af en børnefaglig undersøgelse kan ikke "
                    "sammenlignes fra januar 2016 til januar 2017, fordi tallet i januar 2016 "
                    "bygger på så få børn, at det er skjult af hensyn til diskretion.")
    assert "3,1" not in text


def test_single_period_and_no_data():
    kf = make_kf("udgifter_netto", unit="1000_kr", theme="udgifter", frequency="aar",
                 name="Nettodriftsudgifter til service", direction="neutral")
    frame = rows(kf.id, 510, [("2017-12-31", "", 123_456, None, None)])
    assert narrative.describe_change(frame, kf, kommunekode=510) == (
        "Nettodriftsudgifter til service er 123,5 mio. kr. i 2017.")
    assert narrative.describe_change(frame, kf, kommunekode=167) == (
        "Der er ingen tal for nettodriftsudgifter til service i perioden.")


def test_comparison_and_gap():
    kf = make_kf("anbragte_pr_1000", unit="pr_1000", name="Anbragte pr. 1.000 børn")
    own = rows(kf.id, 167, [("2017-05-31", "", 6.1, 77, 12700),
                            ("2017-09-30", "", 5.9, 75, 12700)])
    national = rows(kf.id, 0, [("2017-05-31", "", 9.7, None, None),
                               ("2017-09-30", "", 9.6, None, None)])
    assert narrative.describe_comparison(own, kf, kommunekode=167, comparator=national,
                                         comparator_label="Hele landet") == (
        "I september 2017 ligger Hvidovre på 5,9 pr. 1.000 børn mod 9,6 pr. 1.000 børn for "
        "hele landet. " + narrative.COMPARISON_NOTE)

    school = make_kf("faglig_trivsel", unit="indeks", theme="skoletrivsel",
                     frequency="skoleaar", name="Faglig trivsel")
    gaps = rows("faglig_trivsel_forskel", 510, [("2014-08-01", "", -0.2, None, None),
                                                ("2016-08-01", "", -0.1, None, None)])
    assert narrative.describe_gap(gaps, school, kommunekode=510) == (
        "Forskellen mellem udsatte og øvrige elever i faglig trivsel er mindsket fra 0,2 i "
        "skoleåret 2014/15 til 0,1 i skoleåret 2016/17. Det er den ønskede retning. "
        + narrative.COMPOSITION_NOTE)


def test_no_causal_language():
    frame = rows(FORMS.id, 167, [("2015-01-31", "institution", 40.7, 37, 91),
                                 ("2017-09-30", "institution", 47.9, 44, 92)])
    text = narrative.describe_change(frame, FORMS, kommunekode=167, dimension="institution")
    for word in ("skyldes", "på grund af", "fordi", "derfor", "medført"):
        assert word not in text
