"""Anbringelser: how many children are placed, in which forms, and how placements end."""

import streamlit as st

from noegletal.presentation.themes import anbringelser as theme
from noegletal.ui.shell import page_context
from noegletal.ui.widgets import render_theme

ctx = page_context(
    "anbringelser",
    intro=(
        "Her kan du følge, hvor mange børn og unge der er anbragt uden for hjemmet, og hvordan "
        "anbringelserne fordeler sig på institution, familiepleje og netværkspleje. Omlægningen "
        "sigter mod færre anbringelser og, når et barn må anbringes, oftere i en familie end på "
        "en institution. Tallene viser udviklingen; de forklarer ikke, hvorfor den er sket."
    ),
)
if ctx.kommune is None:
    st.stop()

frame = ctx.frame(*theme.KEY_FIGURES)
comparator, label = ctx.comparator(*theme.KEY_FIGURES)
pooled = ctx.pooled(*theme.KEY_FIGURES)
several, several_kommuner = ctx.several(*theme.KEY_FIGURES)
render_theme(ctx, theme.blocks(frame, comparator, label, kommunekode=ctx.kommune,
                               pooled=pooled, several=several,
                               several_kommuner=several_kommuner,
                               national=ctx.national(*theme.KEY_FIGURES)))
