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

# Okabe-Ito
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#C9B400"  # Okabe-Ito yellow darkened: #F0E442 is almost invisible as a line on white
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
# Neutrals
GREY = "#7F7F7F"
LIGHT_GREY = "#BBBBBB"
DARK_GREY = "#444444"

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


def with_alpha(hex_color: str, alpha: float) -> str:
    """``#RRGGBB`` as ``rgba(r,g,b,alpha)`` (used for Sankey links and bands)."""
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"
