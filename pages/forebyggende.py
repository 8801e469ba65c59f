"""§ 11.3-forløb: early, preventive courses and how often they are followed by an
investigation (børnefaglig undersøgelse)."""

from dataclasses import replace

import streamlit as st

from noegletal.presentation.themes import forebyggende as theme
from noegletal.ui.shell import page_context
from noegletal.ui.widgets import render_block, render_card

ctx = page_context(
    "forebyggende",
    intro=(
        "Et forebyggende forløb efter § 11, stk. 3 (fra 2024 § 30 i barnets lov) er en tidlig, "
        "afgrænset hjælp til et barn eller en familie, uden en børnefaglig undersøgelse først. "
        "Omlægningen sigter mod, at flere børn får sådan en tidlig hjælp, og at forløbene "
        "bruges til de rette børn, så få af dem senere viser sig at kræve en undersøgelse."
    ),
)
if ctx.kommune is None:
    st.stop()

frame = ctx.frame(*theme.KEY_FIGURES)
comparator, label = ctx.comparator(*theme.KEY_FIGURES)
rate_block, bfu_block = ctx.once("blocks", lambda: theme.blocks(frame, comparator, label,
                                                                kommunekode=ctx.kommune))

with st.container(border=True):
    render_block(ctx, rate_block)

with st.container(border=True):
    st.subheader(bfu_block.title, anchor=False)
    st.markdown(theme.BFU_DIRECTION)
    for col, card in zip(st.columns(2), theme.bfu_headlines(frame, kommunekode=ctx.kommune),
                         strict=False):
        with col:
            render_card(card, caption=card.brief_caption, compact=False, describe_delta=False,
                        help=f"{theme.BFU_LABELS[card.kf.id]}. {card.kf.how_to_read}")
    st.markdown(theme.BFU_EXPLANATION)
    # the explanation and the direction are already above; the report shows them as notes
    shown_above = (theme.BFU_EXPLANATION, theme.BFU_DIRECTION)
    render_block(ctx, replace(bfu_block, notes=[n for n in bfu_block.notes
                                                if n not in shown_above]))
