"""Colours: one per step, distinct, and still distinct under simulated colour blindness."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from noegletal.domain.vocabulary import PLACEMENT_FORMS, STEPS
from noegletal.presentation import colors

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
CVD = {
    "protanopi": np.array([[0.152286, 1.052583, -0.204868],
                           [0.114503, 0.786281, 0.099216],
                           [-0.003882, -0.048116, 1.051998]]),
    "deuteranopi": np.array([[0.367322, 0.860646, -0.227968],
                             [0.280085, 0.672501, 0.047413],
                             [-0.011820, 0.042940, 0.968881]]),
    "tritanopi": np.array([[1.255528, -0.076749, -0.178779],
                           [-0.078411, 0.930809, 0.147602],
                           [0.004733, 0.691367, 0.303900]]),
}


def _linear(hex_color: str) -> np.ndarray:
    h = hex_color.lstrip("#")
    c = np.array([int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(lin: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                  [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(lin, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    fx = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * fx[1] - 16, 500 * (fx[0] - fx[1]), 200 * (fx[1] - fx[2])])


def _delta_e(a: str, b: str, matrix: np.ndarray | None = None) -> float:
    la, lb = _linear(a), _linear(b)
    if matrix is not None:
        la, lb = matrix @ la, matrix @ lb
    return float(np.linalg.norm(_lab(la) - _lab(lb)))


def test_every_step_has_a_colour_in_ladder_order():
    assert tuple(colors.STEP_COLORS) == STEPS
    assert set(colors.PLACEMENT_FORM_COLORS) == set(PLACEMENT_FORMS)
    assert set(colors.MOVEMENT_COLORS) == {"op", "ingen", "ned"}
    assert set(colors.GROUP_COLORS) == {"udsatte", "oevrige"}
    assert colors.KOMMUNE_COLOR != colors.COMPARATOR_COLOR


@pytest.mark.parametrize("palette", [
    colors.STEP_COLORS, colors.MOVEMENT_COLORS, colors.GROUP_COLORS,
    colors.HOME_BASED_COLORS, colors.CEASED_DESTINATION_COLORS,
    {"kommune": colors.KOMMUNE_COLOR, "comparator": colors.COMPARATOR_COLOR},
])
@pytest.mark.parametrize("vision", [None, *CVD])
def test_palettes_distinct_for_normal_and_colour_blind_vision(palette, vision):
    matrix = CVD[vision] if vision else None
    for a, b in itertools.combinations(palette.values(), 2):
        # ΔE*ab above 10 is clearly different at a glance.
        assert _delta_e(a, b, matrix) > 10, (a, b, vision)


def test_helpers():
    assert colors.with_alpha("#0072B2", 0.5) == "rgba(0,114,178,0.5)"
    assert colors.color_for("institution") == colors.VERMILLION
    assert colors.color_for("x", {"x": "#123456"}) == "#123456"
    assert colors.color_for("ukendt", index=1) == colors.CYCLE[1]


# ------------------------------------------------------------------ contrast (WCAG 2.1)

ALL_PALETTES = [colors.STEP_COLORS, colors.MOVEMENT_COLORS, colors.GROUP_COLORS,
                colors.HOME_BASED_COLORS, colors.CEASED_DESTINATION_COLORS,
                colors.EXPENDITURE_COLORS, dict(enumerate(colors.CYCLE))]


def test_contrast_ratio_by_hand():
    # black on white: (1 + 0,05) / (0 + 0,05) = 21; white on white = 1
    assert colors.contrast_ratio("#000000") == pytest.approx(21.0)
    assert colors.contrast_ratio("#FFFFFF") == pytest.approx(1.0)
    # #767676 is the classic lightest grey with 4,5:1 on white (luminance 0,1812)
    assert colors.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("palette", ALL_PALETTES)
def test_every_chart_colour_has_3_to_1_against_the_page(palette):
    """WCAG 1.4.11: lines, bars and markers needed to read a chart have at least 3:1."""
    for name, color in palette.items():
        assert colors.contrast_ratio(color) >= 3.0, (name, color)


def test_expenditure_and_fallback_palettes_distinct_for_colour_blind_vision():
    for palette in (colors.EXPENDITURE_COLORS, dict(enumerate(colors.CYCLE))):
        values = sorted(set(palette.values()))
        for vision in [None, *CVD]:
            matrix = CVD[vision] if vision else None
            for a, b in itertools.combinations(values, 2):
                assert _delta_e(a, b, matrix) > 10, (a, b, vision)


def test_text_colours_have_4_5_to_1():
    """WCAG 1.4.3: annotation text in the charts and the theme's text and primary colour."""
    import tomllib

    from tests.conftest import ROOT

    assert colors.contrast_ratio(colors.DARK_GREY) >= 4.5
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    for key in ("textColor", "primaryColor"):
        assert colors.contrast_ratio(theme[key], theme["backgroundColor"]) >= 4.5, key
        assert colors.contrast_ratio(theme[key], theme["secondaryBackgroundColor"]) >= 4.5, key
    # the chart colours of the theme are the palette's, in its order
    assert [c.upper() for c in theme["chartCategoricalColors"]] == list(colors.CYCLE)
