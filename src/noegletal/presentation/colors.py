"""The colours of the dashboard, one meaning per colour on every page.

All colours come from the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"),
which stays distinguishable for the common forms of colour blindness, plus neutral greys.
Steps on the indsatstrappe run from cool (early, preventive help) to warm (institution), so
the order of the ladder can be read from the colours alone. A reference group (øvrige
elever, the comparator) is drawn in grey or with a dashed line, never in a colour that
means something else.
"""

from __future__ import annotations

from noegletal.domain.vocabulary import PLACEMENT_FORMS, STEPS

# Okabe-Ito, darkened where the original is lighter than WCAG 2.1's 3:1 for graphical objects
# against the white page (1.4.11): orange, sky blue, yellow, vermillion and the light grey.
# Hues and ladder order are kept; lightness is spread so each palette stays distinct under
# simulated colour blindness (tests/presentation/test_colors.py).
BLACK = "#000000"
ORANGE = "#C28600"  # Okabe-Ito #E69F00 (2,2:1 on white) darkened to 3,1:1
SKY_BLUE = "#1E9BE2"  # #56B4E9 (2,3:1) -> 3,1:1
BLUISH_GREEN = "#009E73"  # 3,4:1 as it is
YELLOW = "#9C8A3C"  # khaki: #F0E442 is invisible on white; a pure olive at 3:1 would meet
#                     the orange or the vermillion for red-green colour blindness; 3,4:1
BLUE = "#0072B2"  # 5,2:1
VERMILLION = "#B84F00"  # #D55E00 (3,9:1) darkened to 5,1:1, so it stays apart from the orange
REDDISH_PURPLE = "#CC79A7"  # 3,1:1 as it is
# Neutrals
GREY = "#7F7F7F"  # 4,0:1
LIGHT_GREY = "#767676"  # «no step», «no movement»: #BBBBBB (1,9:1) was too faint; 4,5:1
DARK_GREY = "#444444"
CONTRAST_BACKGROUND = "#FFFFFF"  # the page and the charts' background

STEP_COLORS: dict[str, str] = {
    "ingen": LIGHT_GREY,
    "forebyggende": BLUISH_GREEN,
    "hjemmebaseret": SKY_BLUE,
    "netvaerkspleje": REDDISH_PURPLE,
    "familiepleje": ORANGE,
    "institution": VERMILLION,
}
assert tuple(STEP_COLORS) == STEPS  # one colour per step, in ladder order

PLACEMENT_FORM_COLORS: dict[str, str] = {f: STEP_COLORS[f] for f in PLACEMENT_FORMS}

# Pupils in vulnerable positions against all other pupils (the reference group).
GROUP_COLORS: dict[str, str] = {"udsatte": BLUE, "oevrige": GREY}

# Movements on the ladder: up (more intrusive), no movement, down (less intrusive).
MOVEMENT_COLORS: dict[str, str] = {"op": VERMILLION, "ingen": LIGHT_GREY, "ned": BLUISH_GREEN}

# The chosen municipality against its comparator (national average or a group).
KOMMUNE_COLOR = BLUE
COMPARATOR_COLOR = DARK_GREY
COMPARATOR_DASH = "dash"
# A total of the other series («I alt», «Samlet»): one style on every chart, distinct from the
# comparator's dashed grey line («Hele landet»).
TOTAL_COLOR = BLACK
TOTAL_DASH = "solid"
TOTAL_WIDTH = 2
TARGET_COLOR = VERMILLION

# Home-based measure types (hjemmebaserede_type_*).
HOME_BASED_COLORS: dict[str, str] = {
    "forebyggende_foranstaltning": SKY_BLUE,
    "doegnophold_familie": BLUE,
    "eget_vaerelse": YELLOW,
    "foraeldrerettet_under_anbringelse": REDDISH_PURPLE,
}

# Where children went after an institution placement ended.
CEASED_DESTINATION_COLORS: dict[str, str] = {
    "anden_anbringelse": ORANGE,
    "ikke_anbragt": SKY_BLUE,
}

# Expenditure categories.
EXPENDITURE_COLORS: dict[str, str] = {
    "service": BLUE,
    "administration": ORANGE,
    "administration_myndighed": ORANGE,
    "administration_oevrig": YELLOW,
    "i_alt": DARK_GREY,
}

# Marker symbols for lines of one chart, so series are told apart without colour (WCAG 1.4.1).
MARKER_SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "x", "cross",
                                   "triangle-down", "star")

# Fallback cycle for breakdowns without a fixed colour.
CYCLE: tuple[str, ...] = (BLUE, ORANGE, BLUISH_GREEN, VERMILLION, SKY_BLUE, REDDISH_PURPLE,
                          YELLOW, BLACK)


def color_for(dimension: str, palette: dict[str, str] | None = None, index: int = 0) -> str:
    """The colour of a dimension value: from ``palette``, else from the steps, else the
    ``index``-th colour of the fallback cycle."""
    if palette and dimension in palette:
        return palette[dimension]
    if dimension in STEP_COLORS:
        return STEP_COLORS[dimension]
    return CYCLE[index % len(CYCLE)]


def contrast_ratio(a: str, b: str = CONTRAST_BACKGROUND) -> float:
    """WCAG 2.1's contrast ratio of two ``#RRGGBB`` colours (1 to 21).

    >>> round(contrast_ratio("#000000"), 1), round(contrast_ratio("#0072B2"), 2)
    (21.0, 5.19)
    """
    def luminance(hex_color: str) -> float:
        h = hex_color.lstrip("#")
        lin = []
        for i in (0, 2, 4):
            c = int(h[i:i + 2], 16) / 255
            lin.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def with_alpha(hex_color: str, alpha: float) -> str:
    """``#RRGGBB`` as ``rgba(r,g,b,alpha)`` (used for Sankey links and bands)."""
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"
