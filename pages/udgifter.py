"""Udgifter: expenditure on the specialised children's area, year by year (Figur 48-50)."""

import streamlit as st

from noegletal.presentation.formatting import join_danish
from noegletal.presentation.themes import comparison_name, has_values, udgifter
from noegletal.ui.shell import page_context
from noegletal.ui.widgets import render_headlines, render_theme

ctx = page_context(
    "udgifter",
    intro=(
        "Her ses kommunens udgifter til det specialiserede børneområde år for år: hvad der "
        "går til service (forebyggende indsatser, foranstaltninger og anbringelser) og til "
        "administration, hvor meget mere eller mindre der bruges end før omlægningen, hvordan "
        "serviceudgifterne fordeler sig på indsatstrappen, og hvad en indsats koster pr. barn. "
        "Tallene kommer fra kommunens regnskab og viser udviklingen – de kan ikke alene "
        "tilskrives omlægningen."
    ),
)

frame = ctx.frame(*udgifter.KEY_FIGURES)
if ctx.kommune is None or frame.empty:
    st.info(
        "Der er ingen udgiftstal for den valgte kommune og periode. En analytiker kan indlæse "
        "udtrækket «udgifter» (og gerne «prisindeks») under «Data».",
        icon=":material/info:",
    )
    st.stop()

comparator, comparator_label = ctx.comparator(*udgifter.KEY_FIGURES)
expected = ctx.expected_years()
price_year = ctx.data.price_base_year

heads = udgifter.headlines(frame, kommunekode=ctx.kommune, expected_years=expected)
if heads:
    st.caption(f"Seneste år: {join_danish(sorted({h.period for h in heads}))}. Alle beløb er "
               f"i {udgifter.price_text(price_year)}; ændringen er i forhold til året før.")
    render_headlines(heads)

built = ctx.once("blocks", lambda: udgifter.blocks(
    frame, comparator, comparator_label, kommunekode=ctx.kommune, expected_years=expected,
    price_base_year=price_year, base_periods=ctx.data.params.base_periods,
))
render_theme(ctx, built, divided=True)

if not has_values(comparator, "udgift_pr_barn"):
    st.caption(
        f"Der er ingen udgiftstal for {comparison_name(comparator_label)} at sammenligne med. "
        "Vælg en anden kommune eller en gruppe af kommuner i menuen for at sammenligne "
        "udgiften pr. barn."
    )
