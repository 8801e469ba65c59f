"""Every key figure of the catalogue is fully documented.

The docs page, chart captions and exports read the catalogue; a key figure that lacks its
Danish name, explanation, unit, numerator, denominator, inputs, dimension labels, direction,
caveats or source would show a hole to the reader. These tests fail on the first such hole.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from noegletal.domain.schema import EXTRACTS
from noegletal.metrics.catalogue import CATALOGUE, DIRECTIONS, FREQUENCIES, THEMES, UNITS

FIGURES = list(CATALOGUE.values())
IDS = [kf.id for kf in FIGURES]
TEXT_FIELDS = ("name", "how_to_read", "numerator", "denominator", "source")


def _is_text(value: object, min_length: int = 3) -> bool:
    return isinstance(value, str) and len(value.strip()) >= min_length


def test_the_catalogue_covers_every_theme():
    assert len(FIGURES) >= 30
    assert {kf.theme for kf in FIGURES} == set(THEMES)


@pytest.mark.parametrize("kf", FIGURES, ids=IDS)
def test_every_text_field_is_filled(kf):
    for field in TEXT_FIELDS:
        assert _is_text(getattr(kf, field)), f"{kf.id}: {field} is empty"
    assert re.fullmatch(r"[a-z][a-z0-9_]*", kf.id)
    assert kf.name != kf.id and not kf.name[:1].islower()
    # "Sådan læses tallet" is a real explanation, written as sentences
    assert len(kf.how_to_read) >= 60 and kf.how_to_read.rstrip().endswith(".")


@pytest.mark.parametrize("kf", FIGURES, ids=IDS)
def test_unit_direction_frequency_and_inputs_are_known(kf):
    assert kf.unit in UNITS and _is_text(kf.unit_label)
    assert kf.direction in DIRECTIONS and _is_text(kf.direction_label)
    assert kf.frequency in FREQUENCIES
    assert kf.inputs, f"{kf.id}: no inputs"
    assert all(name in EXTRACTS for name in kf.inputs), kf.inputs
    assert len(set(kf.inputs)) == len(kf.inputs)


@pytest.mark.parametrize("kf", FIGURES, ids=IDS)
def test_caveats_and_choices_are_sentences(kf):
    assert kf.caveats, f"{kf.id}: no caveats"
    for text in (*kf.caveats, *kf.choices):
        assert _is_text(text, 20) and text.rstrip()[-1] in ".)", text


@pytest.mark.parametrize("kf", FIGURES, ids=IDS)
def test_dimension_labels(kf):
    for value, label in kf.dimensions.items():
        assert _is_text(value, 1) and _is_text(label), f"{kf.id}: {value!r} -> {label!r}"
        assert label != value, f"{kf.id}: {value!r} has no Danish label"
    assert len(set(kf.dimensions.values())) == len(kf.dimensions), f"{kf.id}: duplicate label"
    if kf.headline is not None and kf.headline.dimension:
        assert kf.headline.dimension in kf.dimensions


def test_every_computed_dimension_has_a_label():
    """Compute the whole catalogue on a small sample and check that every key figure and
    every dimension value it emits is catalogued with a label."""
    from noegletal.metrics.compute import compute_catalogue
    from noegletal.sample import build_frames

    frames = build_frames(1, scale=0.3, start_year=2013, end_year=2017)
    table = compute_catalogue(frames, ["2016-01-31", "2016-09-30", "2017-09-30"]).table
    assert set(table["noegletal"]) == set(CATALOGUE)  # the sample exercises every figure
    pairs = table[["noegletal", "dimension"]].drop_duplicates()
    # Interventions are named by the municipality: their dimensions start with the
    # intervention's name, and only a last part such as "|deltagere" can be catalogued.
    free = {k for k, kf in CATALOGUE.items() if kf.theme == "indsatser"}
    unlabelled = [(k, d) for k, d in zip(pairs["noegletal"], pairs["dimension"], strict=True)
                  if not pd.isna(d) and d != "" and k not in free
                  and d not in CATALOGUE[k].dimensions]
    unlabelled += [(k, d) for k, d in zip(pairs["noegletal"], pairs["dimension"], strict=True)
                   if k in free and CATALOGUE[k].dimensions
                   and d.rsplit("|", 1)[-1] not in CATALOGUE[k].dimensions]
    assert unlabelled == []
    # a figure with labelled dimensions never emits an unbroken-down row
    plain = [k for k, d in zip(pairs["noegletal"], pairs["dimension"], strict=True)
             if CATALOGUE[k].dimensions and (pd.isna(d) or d == "")]
    assert plain == []
