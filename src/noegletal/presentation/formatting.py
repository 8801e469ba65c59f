"""Danish formatting of numbers, amounts, dates and periods for everything the dashboard shows.

Conventions (Retskrivningsordbogen / Danmarks Statistik):

* decimal comma and thousands dot: ``1.234,5``;
* negative numbers and falling changes use the typographic minus ``−`` (U+2212), rising
  changes a plus sign: ``+2,5 procentpoint``, ``−1,2``;
* percentages with a space before the sign: ``27,9 %``; the running text of the narrative
  uses the report's ``27,9 pct.``;
* amounts: ``504.000 kr.`` below one million, ``12,3 mio. kr.`` from one million and
  ``1,2 mia. kr.`` from one billion;
* dates ``31. januar 2017``, short ``jan. 2017``;
* missing values are shown as an en dash ``–``.

The number, date and list helpers are those of :mod:`noegletal.domain.formatting` (Babel,
``da_DK``), re-exported here; this module adds what depends on the catalogue's units and on
the frequencies of key figures.

Plotly needs ``separators=",."`` to draw Danish numbers on axes; :data:`PLOTLY_LAYOUT` holds
the layout defaults every chart starts from.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from noegletal.domain.formatting import (
    MINUS,
    MISSING,
    format_count,
    format_date,
    format_month,
    format_month_short,
    format_number,
    format_signed,
    is_finite,
    join_danish,
)
from noegletal.domain.formatting import is_missing as _is_missing
from noegletal.domain.formatting import round_half_up as _round_half_up
from noegletal.metrics.catalogue import UNIT_TYPES, Unit

# Layout defaults for every Plotly figure: Danish separators, a light theme, fonts large
# enough for a projector and margins that fit a 1024 px wide page.
FONT_FAMILY = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
BASE_FONT_SIZE = 17
PLOTLY_LAYOUT: dict = {
    "separators": ",.",
    "template": "plotly_white",
    "font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": "#1a1a1a"},
    # the title 20 px bold: 26 characters to a line in a 320 px window (see
    # noegletal.presentation.charts.TITLE_LINE), and still well above the 17 px subtitle
    "title": {"font": {"size": BASE_FONT_SIZE + 3}, "x": 0.0, "xanchor": "left"},
    "hoverlabel": {"font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE}, "align": "left"},
    # The legend at the bottom of the whole figure (``yref="container"``), not a fraction of
    # the plot's height below the axis: there its white background covered the lower half of
    # rotated date labels in a chart 490 px wide (1024 px with the menu open), and Plotly's
    # automatic margins now make room for both.
    # It starts at the figure's left edge (``xref="container"``), under the title, not at
    # the plot's: a long entry gets the whole width of a narrow chart.
    "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.0,
               "xref": "container", "x": 0.0, "xanchor": "left",
               "font": {"size": BASE_FONT_SIZE - 1}},
    "margin": {"l": 70, "r": 30, "t": 80, "b": 110},
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
    "height": 520,
    "autosize": True,
}

# The Danish texts of Plotly's chart toolbar (the tooltips of its buttons and the messages
# it shows), given to plotly.js inline in the config (``locales``), so no locale script has
# to be loaded; keys are plotly.js's English texts.
PLOTLY_DA_DICTIONARY: dict[str, str] = {
    "Autoscale": "Tilpas akserne automatisk",
    "Box Select": "Vælg med rektangel",
    "Lasso Select": "Vælg med lasso",
    "Compare data on hover": "Sammenlign tallene, når musen peger",
    "Show closest data on hover": "Vis de nærmeste tal, når musen peger",
    "Toggle show closest data on hover": "Vis de nærmeste tal, når musen peger (til/fra)",
    "Toggle Spike Lines": "Hjælpelinjer til/fra",
    "Double-click to zoom back out": "Dobbeltklik for at zoome ud igen",
    "Double-click on legend to isolate one trace": "Dobbeltklik på en forklaring for kun at "
                                                   "vise den serie",
    "Download plot as a PNG": "Hent grafen som billede (PNG)",
    "Download plot as JSON": "Hent grafen som JSON",
    "Download plot": "Hent grafen som billede",
    "Preparing image - this may take a few seconds": "Billedet laves – det kan tage et par "
                                                     "sekunder",
    "Image download succeeded": "Billedet er hentet",
    "JSON download succeeded": "JSON-filen er hentet",
    "Sorry, there was a problem downloading your image!": "Billedet kunne ikke hentes.",
    "Sorry, there was a problem downloading your JSON file!": "JSON-filen kunne ikke hentes.",
    "Pan": "Flyt grafen",
    "Produced with Plotly.js": "Lavet med Plotly.js",
    "Reset": "Nulstil",
    "Reset axes": "Nulstil akserne",
    "Reset view": "Nulstil visningen",
    "Reset views": "Nulstil visningerne",
    "Reset camera to default": "Nulstil kameraet",
    "Reset camera to last save": "Nulstil kameraet til det gemte",
    "Orbital rotation": "Drej rundt",
    "Turntable rotation": "Drej som en drejeskive",
    "Zoom": "Zoom",
    "Zoom in": "Zoom ind",
    "Zoom out": "Zoom ud",
    "Click to enter Plot title": "Klik for at skrive grafens titel",
    "Click to enter Plot subtitle": "Klik for at skrive grafens undertitel",
    "Click to enter X axis title": "Klik for at skrive x-aksens titel",
    "Click to enter Y axis title": "Klik for at skrive y-aksens titel",
    "Click to enter Colorscale title": "Klik for at skrive farveskalaens titel",
    "Click to enter Component A title": "Klik for at skrive titlen på komponent A",
    "Click to enter Component B title": "Klik for at skrive titlen på komponent B",
    "Click to enter Component C title": "Klik for at skrive titlen på komponent C",
    "Click to enter radial axis title": "Klik for at skrive den radiale akses titel",
    "new text": "ny tekst",
    "trace": "serie",
    "Draw line": "Tegn en linje",
    "Draw open freeform": "Tegn frihånd",
    "Draw closed freeform": "Tegn en lukket figur",
    "Draw circle": "Tegn en cirkel",
    "Draw rectangle": "Tegn et rektangel",
    "Erase active shape": "Slet figuren",
    "max:": "maks.:",
    "min:": "min.:",
    "median:": "median:",
    "mean:": "gennemsnit:",
    "mean ± σ:": "gennemsnit ± σ:",
    "q1:": "1. kvartil:",
    "q3:": "3. kvartil:",
    "kde:": "tæthed:",
    "upper fence:": "øvre grænse:",
    "lower fence:": "nedre grænse:",
    "lat:": "bredde:",
    "lon:": "længde:",
    "open:": "åbning:",
    "close:": "lukning:",
    "high:": "høj:",
    "low:": "lav:",
    "incoming flow count:": "antal ind:",
    "outgoing flow count:": "antal ud:",
    "source:": "fra:",
    "target:": "til:",
}


def _plotly_da_format() -> dict:
    from noegletal.domain.formatting import MONTHS, MONTHS_SHORT

    days = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"]
    return {
        "days": days, "shortDays": [d[:3] for d in days],
        "months": list(MONTHS), "shortMonths": list(MONTHS_SHORT),
        "date": "%d.%m.%Y", "decimal": ",", "thousands": ".", "grouping": [3],
        "currency": ["", " kr."], "year": "%Y", "month": "%b %Y", "dayMonth": "%-d. %b",
        "dayMonthYear": "%-d. %b %Y",
    }


# plotly.js's locale ``da`` for the config of every chart: ``{"locale": "da", "locales": ...}``
PLOTLY_LOCALE: dict = {
    "locale": "da",
    "locales": {"da": {"dictionary": PLOTLY_DA_DICTIONARY, "format": _plotly_da_format()}},
}

# Plotly config for st.plotly_chart / to_html: Danish toolbar and number format, no logo.
PLOTLY_CONFIG: dict = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    **PLOTLY_LOCALE,
}


def format_pct(x: float | None, decimals: int = 1, *, suffix: str = " %") -> str:
    """A share given in percent (0-100): ``27,9 %`` (``suffix=" pct."`` for running text)."""
    if _is_missing(x):
        return MISSING
    return format_number(x, decimals) + suffix


def format_kroner(amount_kr: float | None) -> str:
    """An amount in kroner: ``504.000 kr.``, ``12,3 mio. kr.``, ``1,2 mia. kr.``.

    The scale is chosen after rounding, so 999.960 kr. is ``1,0 mio. kr.``.
    """
    if _is_missing(amount_kr):
        return MISSING
    x = float(amount_kr)
    if abs(_round_half_up(x / 1e9, 1)) >= 1:
        return f"{format_number(x / 1e9, 1)} mia. kr."
    if abs(_round_half_up(x / 1e6, 1)) >= 1:
        return f"{format_number(x / 1e6, 1)} mio. kr."
    return f"{format_number(x, 0)} kr."


def format_1000_kr(amount_1000_kr: float | None) -> str:
    """An amount given in 1.000 kr. (the unit of the expenditure key figures) in kroner."""
    if _is_missing(amount_1000_kr):
        return MISSING
    return format_kroner(float(amount_1000_kr) * 1000)


def format_days(x: float | None, decimals: int = 0) -> str:
    """A number of days: ``1 dag``, ``42 dage``."""
    if _is_missing(x):
        return MISSING
    body = format_number(x, decimals)
    return f"{body} dag" if body == "1" else f"{body} dage"


def _unit(unit: str) -> Unit | None:
    return UNIT_TYPES.get(unit)


def format_value(x: float | None, unit: str) -> str:
    """A key-figure value in its catalogue unit (``noegletal.metrics.catalogue.UNIT_TYPES``:
    the unit's ``style`` and ``decimals``).

    >>> format_value(27.94, "pct"), format_value(7.06, "pr_1000"), format_value(504, "1000_kr")
    ('27,9 %', '7,1', '504.000 kr.')
    """
    u = _unit(unit)
    style = u.style if u is not None else "number"
    if style == "percent":
        return format_pct(x, u.decimals)
    if style == "thousand_kroner":
        return format_1000_kr(x)
    if style == "kroner":
        return format_kroner(x)
    if style == "days":
        return format_days(x, u.decimals)
    if style == "points":
        return MISSING if _is_missing(x) else f"{format_number(x, u.decimals)} procentpoint"
    return format_number(x, display_decimals(unit))


def display_decimals(unit: str) -> int | None:
    """Decimals a value in ``unit`` is shown with; None for amounts (their precision varies
    with the size: kr., mio. kr.)."""
    u = _unit(unit)
    return 1 if u is None else u.decimals


def shown_value(x: float, unit: str) -> float:
    """``x`` rounded as it is shown (half up), so changes agree with the shown numbers.

    >>> shown_value(-0.449, "pr_1000"), shown_value(27.95, "pct")
    (-0.4, 28.0)
    """
    d = display_decimals(unit)
    return float(x) if d is None else float(_round_half_up(float(x), d))


def format_change(delta: float | None, unit: str) -> str:
    """A change between two values of a key figure in ``unit``.

    Shares change in percentage points (the unit's ``change_unit``); amounts in kroner;
    everything else as a signed number with the unit's decimals.

    >>> format_change(2.5, "pct"), format_change(-1.2, "pr_1000")
    ('+2,5 procentpoint', '−1,2')
    >>> format_change(-12_300, "1000_kr")
    '−12,3 mio. kr.'
    """
    if _is_missing(delta):
        return MISSING
    u = _unit(unit)
    change = _unit(u.change_unit) if u is not None else None
    style = change.style if change is not None else "number"
    if style == "points":
        return f"{format_signed(delta, change.decimals)} procentpoint"
    if style in ("thousand_kroner", "kroner"):
        amount = format_1000_kr(abs(delta)) if style == "thousand_kroner" \
            else format_kroner(abs(delta))
        if amount.startswith("0 "):
            return amount
        return ("+" if delta > 0 else MINUS) + amount
    if style == "days":
        body = format_signed(delta, change.decimals)
        return f"{body} dag" if body in ("+1", f"{MINUS}1") else f"{body} dage"
    decimals = display_decimals(unit)
    return format_signed(delta, 1 if decimals is None else decimals)


def value_phrase(x: float, unit: str) -> str:
    """A value as it reads in running text: ``40,7 pct.``, ``7,1 pr. 1.000 børn``,
    ``12,3 mio. kr.``, ``42 dage``, ``3,4`` (the unit's ``phrase_suffix``).

    >>> value_phrase(40.66, "pct"), value_phrase(7.06, "pr_1000"), value_phrase(42, "dage")
    ('40,7 pct.', '7,1 pr. 1.000 børn', '42 dage')
    """
    u = _unit(unit)
    if u is not None and u.style in ("thousand_kroner", "kroner", "days"):
        return format_value(x, unit)
    decimals = display_decimals(unit)
    suffix = u.phrase_suffix if u is not None else ""
    return format_number(x, 1 if decimals is None else decimals) + suffix


# --- dates and periods -------------------------------------------------------------------

def tertial(d: dt.date | pd.Timestamp | str) -> int:
    """The tertial (third of a year) a date falls in: January-April 1, May-August 2,
    September-December 3."""
    return (pd.Timestamp(d).month - 1) // 4 + 1


def school_year_start(d: dt.date | pd.Timestamp | str) -> int:
    """The calendar year a school year starts in; a school year runs 1 August - 31 July."""
    t = pd.Timestamp(d)
    return t.year if t.month >= 8 else t.year - 1


def format_school_year(d: dt.date | pd.Timestamp | str | int | None) -> str:
    """``2016/17`` for a date in the school year starting 1 August 2016 (or for ``2016``).

    >>> format_school_year(pd.Timestamp("2016-08-01")), format_school_year(1999)
    ('2016/17', '1999/00')
    """
    if _is_missing(d):
        return MISSING
    start = int(d) if isinstance(d, int) else school_year_start(d)
    return f"{start}/{(start + 1) % 100:02d}"


def format_period(d: dt.date | pd.Timestamp | str | None, frequency: str = "skaeringsdato") -> str:
    """The label of a result row's ``dato`` for a key figure's frequency
    (``skaeringsdato`` -> ``jan. 2017``, ``aar`` -> ``2017``, ``skoleaar`` -> ``2016/17``)."""
    if _is_missing(d):
        return MISSING
    if frequency == "aar":
        return str(pd.Timestamp(d).year)
    if frequency == "skoleaar":
        return format_school_year(d)
    return format_month_short(d)


def format_period_long(d: dt.date | pd.Timestamp | str | None,
                       frequency: str = "skaeringsdato") -> str:
    """The period in running text: ``januar 2017``, ``2017`` or ``skoleåret 2016/17``."""
    if _is_missing(d):
        return MISSING
    if frequency == "aar":
        return str(pd.Timestamp(d).year)
    if frequency == "skoleaar":
        return f"skoleåret {format_school_year(d)}"
    return format_month(d)


__all__ = [
    "MINUS", "MISSING", "PLOTLY_CONFIG", "PLOTLY_DA_DICTIONARY", "PLOTLY_LAYOUT",
    "PLOTLY_LOCALE", "display_decimals", "format_1000_kr",
    "format_change", "format_count", "format_date", "format_days", "format_kroner",
    "format_month", "format_month_short", "format_number", "format_pct", "format_period",
    "format_period_long", "format_school_year", "format_signed", "format_value", "is_finite",
    "join_danish", "school_year_start", "shown_value", "tertial", "value_phrase",
]
