"""Sagsbehandling: caseloads against the target and how often cases are followed up."""

import streamlit as st

from noegletal.presentation.themes import sagsbehandling
from noegletal.ui.shell import page_context
from noegletal.ui.widgets import render_headlines, render_theme

ctx = page_context(
    "sagsbehandling",
    intro=(
        "Omlægningen forudsætter, at socialrådgiverne har tid til at følge tæt op på hvert barn. "
        "Her ses, hvor mange sager en fuldtidsansat socialrådgiver i myndighed har i gennemsnit "
        "(mod kommunens mål), hvor mange dage der typisk går mellem to opfølgninger på det "
        "samme barn, og hvor stor en del af opfølgningerne der sker inden for kommunens "
        "standard."
    ),
)

frame = ctx.frame(*sagsbehandling.KEY_FIGURES)
if ctx.kommune is None or frame.empty:
    st.info(
        "Der er ingen tal for sagsbehandling for den valgte kommune og periode. Udtrækkene "
        "«sagstal» og «opfølgninger» er valgfrie; en analytiker kan indlæse dem under «Data».",
        icon=":material/info:",
    )
    st.stop()

target = ctx.target(label="Mål: sager pr. årsværk")
st.caption("Partnerskabskommunerne havde et mål på 25 sager pr. socialrådgiver (Herning "
           "25-30). Skriv kommunens eget mål; det gemmes i linket.")

heads = sagsbehandling.headlines(frame, kommunekode=ctx.kommune)
if heads:
    render_headlines(heads)

standards = ctx.data.params.followup_standards_for(ctx.kommune)
comparator, comparator_label = ctx.comparator(*sagsbehandling.KEY_FIGURES)
built = sagsbehandling.blocks(frame, comparator, comparator_label, kommunekode=ctx.kommune,
                              target=target, standards=standards)


def _standards(block) -> None:
    if block.key == "opfoelgning_dage" and not ctx.embedded:
        with st.expander("Kommunens standarder for opfølgning", icon=":material/rule:"):
            st.dataframe(sagsbehandling.standards_table(standards), hide_index=True,
                         width="stretch")


render_theme(ctx, built, divided=True, after=_standards)
