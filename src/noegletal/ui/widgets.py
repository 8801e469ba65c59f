"""Rendering of blocks: the chart, how to read it, caveats, the numbers and downloads."""

from __future__ import annotations

import re

import streamlit as st

from noegletal.metrics.catalogue import KeyFigure
from noegletal.presentation.blocks import Block
from noegletal.presentation.exports import ExportError, figure_to_png, to_csv_bytes, to_excel_bytes
from noegletal.presentation.formatting import PLOTLY_LOCALE, format_period_long, join_danish
from noegletal.presentation.marks import hidden_mark, hidden_phrase, suppression_note
from noegletal.presentation.overview import Headline
from noegletal.presentation.tables import long_table
from noegletal.ui.shell import PageContext

PLOTLY_CONFIG = {
    **PLOTLY_LOCALE,  # the toolbar's tooltips in Danish
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "noegletal"


def explain(kfs: list[KeyFigure], *, expanded: bool = False) -> None:
    """«Sådan læses tallet» and the caveats, straight from the catalogue."""
    with st.expander("Sådan læses tallet", expanded=expanded, icon=":material/help:"):
        for kf in kfs:
            if len(kfs) > 1:
                st.markdown(f"**{kf.name}**")
            st.markdown(kf.how_to_read)
            st.caption(f"Ønsket retning: {kf.direction_label}. Enhed: {kf.unit_label}. "
                       f"Kilde: {kf.source}.")
            for caveat in kf.caveats:
                st.markdown(f"- :material/warning: {caveat}")


_MAX_SERIES_NAMED = 6


def block_table(block: Block):
    """The numbers behind a block as the reader gets them: its display table, else the long
    table of its export rows; both hold the suppressed texts (``<5``), never hidden values."""
    if block.table is not None and not block.table.empty:
        return block.table
    if block.rows is not None and not block.rows.empty:
        from noegletal.metrics.catalogue import CATALOGUE

        return long_table(block.rows, CATALOGUE)
    return None


def _series_label(label: str, block: Block) -> str:
    """A table row's label without the key figure's name the sentence already gives
    (``Familiepleje: Fordeling på anbringelsesformer`` -> ``Familiepleje``)."""
    for kf in block.key_figures:
        label = label.removesuffix(f": {kf.name}")
    return label


def chart_summary(block: Block) -> str:
    """One sentence that says what the chart shows, from the catalogue's names and the
    block's own table: the key figures, the series (the table's rows) and the period.

    The text alternative of the chart (WCAG 1.1.1); «Vis som tabel» holds the numbers.
    """
    # the figures the chart draws (its ``meta``), else every figure of the block
    meta = block.figure.layout.meta if block.figure is not None else None
    drawn = set(meta.get("noegletal", [])) if isinstance(meta, dict) else set()
    shown = [kf for kf in block.key_figures if kf.id in drawn] or block.key_figures
    names = join_danish([f"«{kf.name}»" for kf in shown])
    text = f"Grafen viser {names}"
    table = block_table(block)
    if table is not None and len(table.columns):
        series = [_series_label(str(v), block) for v in table.iloc[:, 0].tolist()
                  if str(v).strip()]
        if 1 < len(series) <= _MAX_SERIES_NAMED:
            text += f" for {join_danish(series)}"
        elif len(series) > _MAX_SERIES_NAMED:
            text += f" i {len(series)} rækker"
    rows = block.rows
    if rows is not None and not rows.empty and "dato" in rows.columns:
        dates = sorted(set(rows["dato"].dropna()))
        freq = block.key_figures[0].frequency if block.key_figures else "skaeringsdato"
        if len(dates) > 1:
            text += (f" fra {format_period_long(dates[0], freq)} "
                     f"til {format_period_long(dates[-1], freq)}")
        elif len(dates) == 1:
            text += f" i {format_period_long(dates[0], freq)}"
    text += ". Tallene står under «Vis som tabel»"
    if block.hidden_points or (rows is not None and "undertrykt" in rows.columns
                               and bool(rows["undertrykt"].any())):
        marks = _hidden_marks(table)
        who = block.key_figures[0].individuals if block.key_figures else "børn"
        text += (f", hvor tal, der bygger på for få {who}, står som "
                 + join_danish([f"«{m}»" for m in marks], "eller"))
    return text + "."


def _hidden_marks(table) -> list[str]:
    """The marks the table shows for values hidden because they rest on too few children, as
    the reader sees them: «færre end 5 børn» in cells of rates and shares, «<5» in counts."""
    mark = hidden_mark()
    words = f"{hidden_phrase()} "
    found: list[str] = []
    if table is not None:
        for value in table.astype(str).to_numpy().ravel().tolist():
            if (value == mark or value.startswith(words)) and value not in found:
                found.append(value)
    return sorted(found, key=lambda m: m == mark) or [mark]


PROJECTOR_FONT_PX = 20  # the smallest chart text in the presentation view (at 1920 px)


def for_projector(fig):
    """A copy of the chart with every text at least :data:`PROJECTOR_FONT_PX` (tick labels,
    legend, axis titles, texts on bars, annotations), for a 1920 px projector."""
    import plotly.graph_objects as go

    out = go.Figure(fig)
    big = PROJECTOR_FONT_PX
    out.update_layout(font_size=big, legend_font_size=big, title_font_size=big + 6,
                      hoverlabel_font_size=big)
    out.update_xaxes(tickfont_size=big, title_font_size=big)
    out.update_yaxes(tickfont_size=big, title_font_size=big)
    out.update_annotations(font_size=big)
    for trace in out.data:
        if "textfont" in trace:
            trace.textfont.size = max(big, trace.textfont.size or 0)
    if out.layout.uniformtext and out.layout.uniformtext.minsize:
        out.update_layout(uniformtext_minsize=big)
    return out


def render_block(ctx: PageContext, block: Block, *, expanded_help: bool = False,
                 table_open: bool = False) -> None:
    """One chart with its text alternative, explanation, stamp, table and downloads. With
    ``table_open`` a block without a chart shows its title and table at once (not in a closed
    expander). A block with ``cards`` shows its title and the cards first."""
    name = f"{_slug(block.key)}-{ctx.kommune or 'alle'}"
    embedded = ctx.embedded
    from noegletal.ui.targets import decorate_block

    block = decorate_block(ctx, block)  # the municipality's targets as a line or band

    show_table = table_open and block.figure is None and block.table is not None
    if block.cards or show_table:
        st.subheader(block.title, anchor=False)
    if block.cards:
        with st.container(horizontal=True, gap="small"):
            for label, text in block.cards:
                st.metric(label, text, border=True, width=245)
    if show_table:
        # a small table as plain HTML (readable, selectable, no scrolling grid)
        st.table(block.table.set_index(block.table.columns[0]))
        if block.table_caption:
            st.caption(block.table_caption)
    if block.figure is not None:
        config = {**PLOTLY_CONFIG,
                  "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"],
                                           "filename": name}}
        figure = block.figure
        if embedded:
            figure = for_projector(figure)
            config = {**config, "displayModeBar": False}
        st.plotly_chart(figure, config=config, key=f"fig_{block.key}")
        st.markdown(chart_summary(block))
    elif block.table is None:
        st.info("Der er ingen tal at vise for det valgte.")
    stamp = []
    if block.latest_stamp:
        stamp.append(block.latest_stamp)
    stamp.append(f"dataversion {ctx.data.token[:8]}")
    if ctx.data.shows_sample(ctx.kommune):
        stamp.append("eksempeldata")
    if block.hidden_points:
        stamp.append(suppression_note(ctx.threshold))
    if embedded:
        # On the projector the sentences are the message: large body text, no controls.
        for note in block.notes:
            st.markdown(note)
        st.caption(" · ".join(stamp))
        return
    st.caption(" · ".join(stamp))
    for note in block.notes:
        st.caption(note)
    explain(block.key_figures, expanded=expanded_help)
    table = block.memo("table", lambda: block_table(block))
    if table is not None and not show_table:
        label = "Vis som tabel" + (f": {block.table_caption}" if block.table_caption else "")
        with st.expander(label, icon=":material/table:"):
            st.dataframe(table, width="stretch", hide_index=True)
    _downloads(ctx, block, name)


def _downloads(ctx: PageContext, block: Block, name: str) -> None:
    rows = block.rows
    cols = st.columns(3)
    if rows is not None and not rows.empty:
        from noegletal.metrics.catalogue import CATALOGUE

        table = block.memo("long_table", lambda: long_table(rows, CATALOGUE))
        cols[0].download_button(
            "CSV", data=lambda: to_csv_bytes(table), file_name=f"{name}.csv",
            mime="text/csv", key=f"csv_{block.key}", icon=":material/download:",
            on_click="ignore",
        )
        cols[1].download_button(
            "Excel", data=lambda: to_excel_bytes(table, sheet_name=block.title),
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx_{block.key}", icon=":material/download:", on_click="ignore",
        )
    if block.figure is not None:
        fig = block.figure

        def png() -> bytes:
            try:
                return figure_to_png(fig)
            except ExportError as exc:
                st.error(str(exc))
                return b""

        cols[2].download_button(
            "PNG", data=png, file_name=f"{name}.png", mime="image/png",
            key=f"png_{block.key}", icon=":material/image:", on_click="ignore",
        )


def render_card(card: Headline, *, width: int | str = "stretch", border: bool = True,
                caption: str | None = None, help: str | None = None, compact: bool = True,
                sparkline: bool = False, describe_delta: bool = True) -> None:
    """One headline card (``presentation.overview.Headline``) as ``st.metric``; the change is
    coloured by the figure's polarity. ``compact`` moves "procentpoint" from the value to the
    label and shortens it in the change, so the card fits a narrow column; ``caption`` is
    written under the card (e.g. ``card.caption``); ``describe_delta=False`` leaves out what
    the change is measured against (when the caption says it)."""
    label, value = card.spec.label, card.value_text
    delta = card.metric_delta
    if compact:
        delta = _short_units(delta)
    for suffix in (" procentpoint", " mio. kr."):  # the unit moves to the label so the
        if value.endswith(suffix):                   # number is never cut off
            label, value = f"{label} ({suffix.strip()})", value.removesuffix(suffix)
    if help is None:
        help = (f"{card.kf.how_to_read} Seneste periode: {card.period}." if card.period
                else card.kf.how_to_read)
    if card.latest is None:
        st.metric(label, value, help=help, border=border, width=width)
    else:
        st.metric(label, value, delta, delta_color=card.metric_color,
                  delta_arrow=card.metric_arrow,
                  delta_description=(card.delta_description or None) if describe_delta else None,
                  help=help, border=border,
                  width=width, chart_data=(card.history or None) if sparkline else None)
    if caption:
        st.caption(caption)


def render_headlines(headlines: list[Headline], card_width: int = 245) -> None:
    """Headline cards of a fixed width in a row that wraps, so they stay readable from a
    projector to a 1024 px laptop."""
    with st.container(horizontal=True, gap="small"):
        for h in headlines:
            render_card(h, width=card_width)


def render_theme(ctx: PageContext, blocks: list[Block], *, divided: bool = False,
                 slots: dict | None = None, after=None) -> None:
    """The blocks of a theme page in order: each in a bordered container, titled when it has
    no chart (or, ``divided=True``, one after the other with a divider between). ``slots``
    maps block keys to containers the page made earlier (to put a page's own control above a
    block); ``after(block)`` adds something under a block."""
    for i, block in enumerate(blocks):
        if divided:
            if i:
                st.divider()
            render_block(ctx, block)
        else:
            slot = (slots or {}).get(block.key)
            with slot if slot is not None else st.container(border=True):
                if block.figure is None:
                    st.subheader(block.title, anchor=False)
                render_block(ctx, block)
        if after is not None:
            after(block)


def _short_units(text: str | None) -> str | None:
    """"procentpoint" is too long for the change on a metric card."""
    return text.replace(" procentpoint", " pct.-point") if text else text
