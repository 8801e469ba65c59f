"""Issue 11, item 4: the sentences («Kort fortalt», the notes under a chart) and the headline
card use one comparison, so they never disagree in direction.

For every headline figure of the catalogue and random series (values, hidden cells, the
chosen period's start and end), the card's change and the sentence about it must agree:
the same verb (steget/faldet/uændret), no number when the card cannot compute a change, and
the same verdict as the card's colour (green = the hoped-for way, red = the other way).
"""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noegletal.metrics.catalogue import CATALOGUE, THEME_PAGES, headline_figures
from noegletal.presentation.comparison import judgement
from noegletal.presentation.formatting import format_period_long
from noegletal.presentation.narrative import describe_change
from noegletal.presentation.overview import (
    HEADLINES,
    first_sentence,
    headline,
    page_specs,
    summary,
)
from tests.presentation.builders import make_kf, rows

KOMMUNE = 167
SPECS = {s.kf_id: s for p in THEME_PAGES for s in page_specs(p.key)}
SPECS.update({s.kf_id: s for s in HEADLINES})
FIGURES = sorted(SPECS)

GOOD = ("Det er den ønskede retning.", "Det er i tråd med")
BAD = ("modsat den ønskede retning", "men er steget", "men er faldet", "men er ikke")


def _dates(frequency: str, n: int) -> list[pd.Timestamp]:
    if frequency == "skaeringsdato":
        cut = [pd.Timestamp(f"{y}-{m:02d}-{d}") for y in range(2015, 2026)
               for m, d in ((1, 31), (5, 31), (9, 30))]
        return cut[:n]
    if frequency == "aar":
        return [pd.Timestamp(f"{2012 + i}-12-31") for i in range(n)]
    return [pd.Timestamp(f"{2012 + i}-08-01") for i in range(n)]


series = st.lists(
    st.tuples(st.floats(0.0, 60.0, allow_nan=False).map(lambda x: round(x, 2)),
              st.sampled_from([False, False, False, True, ".."])),
    min_size=1, max_size=10)


def _frame(kf_id: str, dimension: str, frequency: str, data, start: int):
    dates = _dates(frequency, len(data) + start)[start:]
    return rows(kf_id, KOMMUNE, [(d, dimension, v, 40, 400, hid)
                                 for d, (v, hid) in zip(dates, data, strict=True)])


def _check_agreement(kf, card, sentence: str) -> None:
    change = card.main_change
    if change is None or change.delta is None:
        assert "steget" not in sentence and "faldet" not in sentence, sentence
        return
    movement = change.movement
    if movement == 0:
        assert " uændret " in sentence, (card.metric_delta, sentence)
    elif movement > 0:
        assert " steget fra " in first_sentence(sentence), (card.metric_delta, sentence)
    else:
        assert " faldet fra " in first_sentence(sentence), (card.metric_delta, sentence)
    # the period the sentence compares with is the card's
    assert f" {format_period_long(change.since.dato, kf.frequency)} " in sentence, sentence
    verdict = judgement(kf, movement)
    green = card.metric_color in ("normal", "inverse") and movement != 0
    if green:
        good = (movement > 0) == (card.metric_color == "normal")
        assert verdict == ("good" if good else "bad")
    if verdict == "good":
        assert any(g in sentence for g in GOOD) and not any(b in sentence for b in BAD), \
            sentence
    elif verdict == "bad":
        assert any(b in sentence for b in BAD), sentence


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kf_id=st.sampled_from(FIGURES), data=series, start=st.integers(0, 6))
def test_sentence_and_card_agree_for_every_headline(kf_id, data, start):
    kf = CATALOGUE[kf_id]
    spec = SPECS[kf_id]
    frame = _frame(kf_id, spec.dimension, kf.frequency, data, start)
    card = headline(frame, spec, CATALOGUE, kommunekode=KOMMUNE)
    sentence = describe_change(frame, kf, kommunekode=KOMMUNE, dimension=spec.dimension)
    _check_agreement(kf, card, sentence)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=series, start=st.integers(0, 6), til=st.integers(1, 10))
def test_summary_verdict_agrees_with_the_cards(data, start, til):
    """Kort fortalt's «går den ønskede vej for …» names a figure on the good side only when
    its card is green, and on the bad side only when it is red; within any period."""
    frames = []
    for spec in HEADLINES:
        kf = CATALOGUE[spec.kf_id]
        frames.append(_frame(spec.kf_id, spec.dimension, kf.frequency, data, start))
    frame = pd.concat(frames, ignore_index=True)
    frame = frame.loc[frame["dato"] <= sorted(frame["dato"].unique())[
        min(til, frame["dato"].nunique()) - 1]]
    sentences = summary(frame, CATALOGUE, kommunekode=KOMMUNE)
    verdict_line = next((s for s in sentences if s.startswith("Udviklingen går")), "")
    for spec in HEADLINES:
        card = headline(frame, spec, CATALOGUE, kommunekode=KOMMUNE)
        change = card.main_change
        if change is None or change.delta is None or not verdict_line:
            continue
        verdict = judgement(card.kf, change.movement)
        good_part, _, bad_part = verdict_line.partition(", men ikke")
        if verdict_line.startswith("Udviklingen går ikke"):
            good_part, bad_part = "", verdict_line
        if spec.short in verdict_line:
            if verdict == "good":
                assert spec.short in good_part, (verdict_line, card.metric_delta)
            elif verdict == "bad":
                assert spec.short in bad_part, (verdict_line, card.metric_delta)


def test_sentence_uses_the_cards_year_earlier_not_the_period_start():
    """The reported case: over the whole period the institution share fell (40 → 30), but
    since a year earlier it rose by 3,7 points (26,3 → 30,0); the card is red and the
    sentence must say so too."""
    forms = make_kf("anbringelsesform_andel", direction="ned", name="Fordeling",
                    dimensions={"institution": "Institution"})
    frame = rows(forms.id, KOMMUNE, [("2015-01-31", "institution", 40.0, 40, 100),
                                     ("2016-09-30", "institution", 26.3, 26, 99),
                                     ("2017-05-31", "institution", 28.0, 28, 100),
                                     ("2017-09-30", "institution", 30.0, 30, 100)])
    text = describe_change(frame, forms, kommunekode=KOMMUNE, dimension="institution",
                           subject="Andelen af institutionsanbragte")
    # 30,0 − 26,3 = +3,7 procentpoint since september 2016 (12 months before sep. 2017)
    assert text == ("Andelen af institutionsanbragte er steget fra 26,3 pct. i september "
                    "2016 til 30,0 pct. i september 2017. Det er modsat den ønskede retning: "
                    "tallet bør falde.")


def test_headline_figures_cover_every_page():
    assert set(FIGURES) == {kf.id for p in THEME_PAGES for kf in headline_figures(p.key)} | {
        s.kf_id for s in HEADLINES}
