"""Skoletrivsel: wellbeing and absence of pupils in vulnerable positions (Figur 51-53)."""

import streamlit as st

from noegletal.presentation.themes import skoletrivsel
from noegletal.ui.shell import page_context
from noegletal.ui.widgets import render_headlines, render_theme

ctx = page_context(
    "skoletrivsel",
    intro=(
        "Her sammenlignes trivsel og fravær i skolen (4.-9. klasse) for børn i udsatte "
        "positioner med kommunens øvrige elever, skoleår for skoleår. Trivslen måles på en "
        "skala fra 1 (ringest) til 5 (bedst) i den nationale trivselsmåling; fraværet er den "
        "andel af skoledagene, eleverne i gennemsnit var væk. Omlægningen sigter mod, at "
        "forskellen mellem de to grupper bliver mindre."
    ),
)

frame = ctx.frame(*skoletrivsel.KEY_FIGURES)
if ctx.kommune is None or frame.empty:
    st.info(
        "Der er ingen tal for skoletrivsel og fravær for den valgte kommune og periode. En "
        "analytiker kan indlæse udtrækket «skoletrivsel» under «Data».",
        icon=":material/info:",
    )
    st.stop()

st.warning(f"**Overvågning, ikke effektmåling.** {skoletrivsel.composition_note()}",
           icon=":material/groups:")

options = {"alle": "Alle tre", **skoletrivsel.SHORT_NAMES}
choice = ctx.view(options, default="alle", label="Vis")
indicators = skoletrivsel.INDICATORS if choice == "alle" else (choice,)

heads = skoletrivsel.headlines(frame, kommunekode=ctx.kommune, indicators=indicators)
if heads:
    st.caption("Forskellen mellem udsatte og øvrige elever i det seneste skoleår. En "
               "forskel tæt på 0 betyder, at de udsatte elever ligger på niveau med de øvrige.")
    render_headlines(heads)

comparator, comparator_label = ctx.comparator(*skoletrivsel.KEY_FIGURES)
built = ctx.once("blocks", lambda: skoletrivsel.blocks(
    frame, comparator, comparator_label, kommunekode=ctx.kommune, indicators=indicators),
    indicators)
render_theme(ctx, built, divided=True)
