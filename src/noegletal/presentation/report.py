"""The udvalgsrapport: one self-contained HTML file for a municipality and a period.

The file opens offline and makes no external requests: CSS is inline, plotly.js is embedded
once (with the first chart) and every later chart reuses it; no fonts, images or scripts are
fetched. All text that comes from data or users (titles, names, narrative, table cells,
notes) is HTML-escaped, so nothing supplied by a user is ever rendered as HTML.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from noegletal.metrics.params import SUPPRESSION_THRESHOLD
from noegletal.presentation.formatting import FONT_FAMILY, PLOTLY_LOCALE, format_date
from noegletal.presentation.marks import suppression_note

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure
    from noegletal.presentation.blocks import Block


@dataclass
class ReportSection:
    """One theme of the report.

    ``figures`` pairs each key figure with its chart (or ``None`` for a figure shown only as
    a table); ``tables`` are display tables from :mod:`noegletal.presentation.tables`
    (``(caption, table)``); ``narrative`` are sentences from
    :mod:`noegletal.presentation.narrative`; ``notes`` further Danish remarks. ``blocks``
    (:class:`noegletal.presentation.blocks.Block`, the charts the dashboard pages show) are
    rendered after the narrative, each with its title, chart, notes, how to read it, caveats
    and table together.
    """

    title: str
    figures: list[tuple[KeyFigure, go.Figure | None]] = field(default_factory=list)
    narrative: list[str] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    intro: str = ""
    blocks: list[Block] = field(default_factory=list)


@dataclass
class ReportMeta:
    """What the report covers and where the numbers come from."""

    kommune: str
    fra: dt.date
    til: dt.date
    data_version: str  # e.g. "Import 12 af 14. marts 2024 (foranstaltninger.csv)"
    cutoff: dt.date  # the latest cut-off date in the data
    title: str = "Nøgletal for udsatte børn og unge"
    comparator: str = ""
    is_sample: bool = False
    suppression_threshold: int = SUPPRESSION_THRESHOLD
    generated: dt.datetime | None = None
    author: str = ""
    prices: str = ""  # the one price basis of every amount ("faste 2025-priser")


_CSS = f"""
:root {{ --ink:#1a1a1a; --muted:#555; --line:#d0d0d0; --accent:#0072B2; --warn:#8a4b00; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {FONT_FAMILY}; color: var(--ink); margin: 0 auto; max-width: 1100px;
       padding: 24px 28px 60px; font-size: 17px; line-height: 1.5; background: #fff; }}
h1 {{ font-size: 30px; margin: 0 0 4px; }}
h2 {{ font-size: 24px; margin: 40px 0 8px; border-bottom: 2px solid var(--accent);
      padding-bottom: 4px; }}
h3 {{ font-size: 19px; margin: 26px 0 6px; }}
.meta {{ color: var(--muted); margin: 0 0 16px; }}
.meta dt {{ font-weight: 600; float: left; clear: left; width: 13em; }}
.meta dd {{ margin: 0 0 2px 13em; }}
.sample {{ border: 2px solid var(--warn); color: var(--warn); padding: 8px 12px;
           font-weight: 600; margin: 12px 0; }}
.narrative {{ background: #f3f7fa; border-left: 4px solid var(--accent); padding: 8px 14px; }}
.narrative p {{ margin: 6px 0; }}
.howto {{ margin: 6px 0; }}
.caveats {{ color: var(--muted); font-size: 15px; margin: 4px 0 0; padding-left: 20px; }}
.chart {{ margin: 8px 0 4px; page-break-inside: avoid; }}
table {{ border-collapse: collapse; margin: 8px 0 4px; font-size: 15px; }}
caption {{ text-align: left; font-weight: 600; padding-bottom: 4px; }}
th, td {{ border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
thead th {{ border-bottom: 2px solid var(--ink); }}
.note {{ color: var(--muted); font-size: 15px; }}
footer {{ margin-top: 48px; color: var(--muted); font-size: 14px;
          border-top: 1px solid var(--line); padding-top: 8px; }}
@page {{ size: A4 portrait; margin: 12mm 10mm; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 13px; }}
  h1 {{ font-size: 22px; }} h2 {{ font-size: 18px; page-break-before: auto; }}
  h3 {{ font-size: 15px; page-break-after: avoid; }}
  table {{ font-size: 12px; page-break-inside: auto; }}
  tr {{ page-break-inside: avoid; }}
  th, td {{ padding: 2px 6px; }}
  th[scope="row"] {{ max-width: 230px; white-space: normal; }}
  .chart, .js-plotly-plot, .plot-container {{ width: 100% !important; max-width: 100%; }}
  nav, .modebar, .modebar-container {{ display: none !important; }}
  .note, .caveats {{ font-size: 12px; }}
}}
"""

# Charts follow the page width when printed (plotly sizes them to the window otherwise).
_PRINT_SCRIPT = (
    "<script>(function(){function fit(){if(!window.Plotly){return;}"
    "document.querySelectorAll('.js-plotly-plot').forEach(function(g){"
    "window.Plotly.Plots.resize(g);});}"
    "window.addEventListener('beforeprint',fit);"
    "if(window.matchMedia){window.matchMedia('print').addListener(fit);}})();</script>"
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# A4 portrait with the report's print margins leaves about 690 px (96 dpi) for a table; a
# character of the print font is about 7 px wide, a cell adds 16 px of padding.
PRINT_WIDTH_PX = 690
CHAR_PX = 7.0
CELL_PADDING_PX = 16
ROW_HEADER_MAX_PX = 230  # the row header wraps beyond this
FIXED_COLUMNS = "faste_kolonner"  # table attrs: the columns are not periods


def _column_px(table: pd.DataFrame, column: str) -> float:
    longest = max([len(str(column)), *(len(str(v)) for v in table[column])])
    return longest * CHAR_PX + CELL_PADDING_PX


def fitting_columns(table: pd.DataFrame, width_px: float = PRINT_WIDTH_PX) -> list[str]:
    """The period columns that fit on an A4 portrait page beside the row header, newest
    kept: columns are taken from the right (the latest period) until the next would not
    fit. Always at least the latest period."""
    columns = list(table.columns)
    if len(columns) <= 1:
        return columns[1:]
    room = width_px - min(_column_px(table, columns[0]), ROW_HEADER_MAX_PX)
    kept: list[str] = []
    for col in reversed(columns[1:]):
        need = _column_px(table, col)
        if kept and need > room:
            break
        kept.append(col)
        room -= need
    if kept and kept[-1].startswith("N "):
        kept.pop()  # keep a school year's value and its N together
    return list(reversed(kept))


def fit_table(table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The table limited to the periods that fit on the page, and a note saying so ("" when
    every period fits). A table whose columns are not periods (``attrs["faste_kolonner"]``)
    is left as it is."""
    if table.empty or len(table.columns) <= 2 or table.attrs.get(FIXED_COLUMNS):
        return table, ""
    kept = fitting_columns(table)
    periods = [c for c in table.columns[1:] if not str(c).startswith("N ")]
    shown = [c for c in kept if not str(c).startswith("N ")]
    if len(kept) == len(table.columns) - 1:
        return table, ""
    out = table[[table.columns[0], *kept]]
    note = (f"Tabellen viser de seneste {len(shown)} af {len(periods)} perioder (fra "
            f"{shown[0]}), så den kan læses på en A4-side; alle perioder står på dashboardet "
            "og i CSV- og Excel-filen.") if shown else ""
    return out, note


def _table_html(caption: str, table: pd.DataFrame) -> str:
    notes_in = list(table.attrs.get("noter", []))
    table, fit_note = fit_table(table)
    head = "".join(f"<th scope=\"col\">{_e(c)}</th>" for c in table.columns)
    body = []
    for values in table.itertuples(index=False, name=None):
        cells = [f"<th scope=\"row\">{_e(values[0])}</th>"] + [
            f"<td>{_e(v)}</td>" for v in values[1:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(f"<p class=\"note\">{_e(n)}</p>"
                    for n in ([fit_note] if fit_note else []) + notes_in)
    return (f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{notes}")


def _figure_html(fig: go.Figure, first: bool, div_id: str) -> str:
    """The chart as a div + script; plotly.js inline only for the first chart."""
    return fig.to_html(
        full_html=False,
        include_plotlyjs=first,
        include_mathjax=False,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["toImage", "sendDataToCloud"], **PLOTLY_LOCALE},
        default_width="100%",
    )


def _key_figure_html(kf: KeyFigure, with_name: bool) -> str:
    name = f"<strong>{_e(kf.name)}.</strong> " if with_name else ""
    parts = [f"<p class=\"howto\">{name}<strong>Sådan læses tallet:</strong> "
             f"{_e(kf.how_to_read)}</p>",
             f"<p class=\"note\">Enhed: {_e(kf.unit_label)}. Ønsket retning: "
             f"{_e(kf.direction_label)}.</p>"]
    if kf.caveats:
        parts.append("<ul class=\"caveats\">" + "".join(
            f"<li>{_e(c)}</li>" for c in kf.caveats) + "</ul>")
    return "".join(parts)


def _block_html(block: Block, first_chart: bool, div_id: str, threshold: int) -> str:
    """One block: title, chart, notes, how to read the key figures, caveats and table."""
    parts = [f"<h3>{_e(block.title)}</h3>"]
    if block.figure is not None:
        parts.append(f"<div class=\"chart\">{_figure_html(block.figure, first_chart, div_id)}"
                     "</div>")
    elif block.table is None or block.table.empty:
        parts.append("<p class=\"note\">Der er ingen tal at vise for det valgte.</p>")
    if block.hidden_points:
        parts.append(f"<p class=\"note\">{_e(suppression_note(threshold))}</p>")
    parts += [f"<p>{_e(n)}</p>" for n in block.notes]
    several = len(block.key_figures) > 1
    parts += [_key_figure_html(kf, several) for kf in block.key_figures]
    if block.table is not None and not block.table.empty:
        parts.append(_table_html(block.table_caption or "Tallene bag grafen", block.table))
    return "".join(parts)


def build_report(sections: Sequence[ReportSection], meta: ReportMeta) -> str:
    """The report as one HTML document (a string, UTF-8 when saved)."""
    generated = meta.generated or dt.datetime.now()
    parts: list[str] = []
    title = f"{meta.title} – {meta.kommune}"
    parts.append(f"<h1>{_e(title)}</h1>")
    period = f"{format_date(meta.fra)} til {format_date(meta.til)}"
    meta_rows = [
        ("Kommune", meta.kommune),
        ("Periode", period),
        ("Seneste skæringsdato", format_date(meta.cutoff)),
        ("Dataversion", meta.data_version),
    ]
    if meta.prices:
        meta_rows.append(("Priser", f"Alle beløb er i {meta.prices}."))
    if meta.comparator:
        meta_rows.append(("Sammenlignet med", meta.comparator))
    meta_rows.append(("Dannet", f"{format_date(generated)} kl. {generated:%H.%M}"))
    if meta.author:
        meta_rows.append(("Dannet af", meta.author))
    parts.append("<dl class=\"meta\">" + "".join(
        f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in meta_rows) + "</dl>")
    if meta.is_sample:
        parts.append("<p class=\"sample\">Eksempeldata: Rapporten bygger på opdigtede "
                     "eksempeldata, ikke på kommunens egne tal.</p>")
    threshold = meta.suppression_threshold
    parts.append(f"<p class=\"note\">{_e(suppression_note(threshold))}</p>")
    if sections:
        parts.append("<nav><h2>Indhold</h2><ol>" + "".join(
            f"<li><a href=\"#afsnit-{i}\">{_e(s.title)}</a></li>"
            for i, s in enumerate(sections, start=1)) + "</ol></nav>")

    first_chart = True
    for i, section in enumerate(sections, start=1):
        parts.append(f"<section id=\"afsnit-{i}\"><h2>{_e(section.title)}</h2>")
        if section.intro:
            parts.append(f"<p>{_e(section.intro)}</p>")
        if section.narrative:
            parts.append("<div class=\"narrative\">" + "".join(
                f"<p>{_e(s)}</p>" for s in section.narrative) + "</div>")
        for j, block in enumerate(section.blocks, start=1):
            parts.append(_block_html(block, first_chart, f"blok-{i}-{j}", threshold))
            first_chart = first_chart and block.figure is None
        for j, (kf, fig) in enumerate(section.figures, start=1):
            parts.append(f"<h3>{_e(kf.name)}</h3>")
            if fig is not None:
                parts.append(f"<div class=\"chart\">"
                             f"{_figure_html(fig, first_chart, f'figur-{i}-{j}')}</div>")
                first_chart = False
            parts.append(f"<p class=\"howto\"><strong>Sådan læses tallet:</strong> "
                         f"{_e(kf.how_to_read)}</p>")
            parts.append(f"<p class=\"note\">Enhed: {_e(kf.unit_label)}. Ønsket retning: "
                         f"{_e(kf.direction_label)}.</p>")
            if kf.caveats:
                parts.append("<ul class=\"caveats\">" + "".join(
                    f"<li>{_e(c)}</li>" for c in kf.caveats) + "</ul>")
        for caption, table in section.tables:
            parts.append(_table_html(caption, table))
        for note in section.notes:
            parts.append(f"<p class=\"note\">{_e(note)}</p>")
        parts.append("</section>")

    parts.append("<footer>Tallene er beregnet af noegletal ud fra kommunens egne udtræk. "
                 "De beskriver en udvikling og siger ikke noget om årsager. "
                 f"{_e(suppression_note(threshold))}</footer>")
    return (
        "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(parts) + "\n" + _PRINT_SCRIPT + "\n</body>\n</html>\n"
    )
