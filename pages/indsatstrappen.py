"""Indsatstrappen: home-based measures, movements between the steps, all measures and
notifications."""

import streamlit as st

from noegletal.presentation.themes import indsatstrappen as theme
from noegletal.ui.shell import page_context
from noegletal.ui.widgets import render_theme

ctx = page_context(
    "indsatstrappen",
    intro=(
        "Indsatstrappen ordner hjælpen til børn efter, hvor indgribende den er: fra forebyggende "
        "forløb og hjemmebaserede indsatser nederst til anbringelse på institution øverst. "
        "Omlægningen sigter mod, at flere børn får hjælp tidligt og tæt på deres hverdag, så "
        "færre skal anbringes. Farverne betyder det samme trin på alle sider."
    ),
)
if ctx.kommune is None:
    st.stop()

frame = ctx.frame(*theme.KEY_FIGURES)
comparator, label = ctx.comparator(*theme.KEY_FIGURES)
slots = {key: st.container(border=True) for key in (
    "hjemmebaserede", "hjemmebaserede_type", "bevaegelser", "overgange", "med_indsats",
    "underretninger")}
with slots["hjemmebaserede_type"]:
    type_unit = ctx.view(theme.TYPE_UNITS, default="pr_1000", label="Vis typerne som")
with slots["overgange"]:
    sankey_dato = ctx.cutoff(theme.sankey_dates(frame),
                             label="Vis overgangene frem til skæringsdatoen")
blocks = ctx.once("blocks", lambda: theme.blocks(
    frame, comparator, label, kommunekode=ctx.kommune, type_unit=type_unit,
    sankey_dato=sankey_dato), type_unit, sankey_dato)
render_theme(ctx, blocks, slots=slots)
