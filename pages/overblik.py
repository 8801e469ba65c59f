"""Overblik: the headline figure of every theme, a short summary and the udvalgsrapport."""

import streamlit as st

from noegletal.presentation import landet as landet_present
from noegletal.presentation.committee_report import (
    committee_report,
    expected_years_for,
    report_filename,
)
from noegletal.presentation.overview import headlines, summary
from noegletal.presentation.state import to_query_params
from noegletal.presentation.targets import card_status
from noegletal.ui import landet
from noegletal.ui import targets as targets_ui
from noegletal.ui import units as units_ui
from noegletal.ui.shell import PAGE_BY_KEY, default_kommune, page_context
from noegletal.ui.widgets import render_card

CARD_WIDTH = 258  # px: two side by side at 1024 px with the menu open, five on a projector

ctx = page_context(
    "overblik",
    intro=(
        "Siden samler ét hovedtal fra hvert emne for den valgte kommune ved seneste "
        "skæringsdato i perioden. Pilen viser ændringen siden samme tid året før: grøn, når "
        "tallet bevæger sig, som omlægningen håbede, rød, når det går den anden vej, og grå, "
        "når der ikke er en ønsket retning. Klik videre til emnets side for at se udviklingen."
    ),
)
if ctx.kommune is None:
    st.stop()

catalogue = ctx.catalogue
ids = list(catalogue)
frame = ctx.frame(*ids)
comparator, label = ctx.comparator(*ids)
expected = expected_years_for(ctx.data, ctx.kommune)

with st.container(border=True):
    st.subheader("Kort fortalt", anchor=False)
    st.markdown("\n".join(f"- {s}" for s in summary(frame, catalogue,
                                                     kommunekode=ctx.kommune)))
    view = ctx.filter
    if not ctx.embedded:
        st.download_button(
            "Hent udvalgsrapport (HTML)",
            data=lambda: committee_report(ctx.data, view,
                                          enhed=ctx.state.enhed).encode("utf-8"),
            file_name=report_filename(view), mime="text/html", on_click="ignore",
            icon=":material/description:", type="primary", key="nt_report",
            help="Én fil med alle emner for den valgte kommune og periode. Den kan åbnes uden "
                 "internet og sendes med til udvalget.",
        )

follow_up = targets_ui.follow_up(ctx)
cards = headlines(frame, catalogue, kommunekode=ctx.kommune, comparator=comparator,
                  comparator_label=label, expected_years=expected)
link_params = to_query_params(ctx.state.model_copy(update={"visning": None, "dato": None}),
                              default_kommune=default_kommune(ctx.data))
# Cards of a fixed width in a row that wraps: two side by side on a 1024 px tablet with the
# menu open, three on a laptop, five on a projector; labels and values wrap instead of being
# cut off (shell.BASE_CSS).
cards_row = st.container(horizontal=True, gap="small")
for card in cards:
    with cards_row, st.container(border=True, width=CARD_WIDTH):
        render_card(card, border=False, compact=False, sparkline=True, caption=card.caption,
                    help=card.kf.how_to_read)
        goal = card_status(follow_up, card.kf.id, card.spec.dimension or "", catalogue)
        if goal:
            st.markdown(f"**{goal}**")
        page = PAGE_BY_KEY[card.spec.page]
        st.page_link(page.path, label=f"Se mere under {page.title}", icon=":material/arrow_forward:",
                     query_params=link_params)
# Landet: the municipality's place among all municipalities on a published key figure.
landet_view = landet.overview_view(ctx.data, ctx.kommune, ctx.threshold, til=ctx.til)
if landet_view is not None:
    headline, line = landet_present.card_lines(landet_view)
    with cards_row, st.container(border=True, width=CARD_WIDTH):
        st.metric("Placering blandt alle kommuner", headline, help=landet.CAVEAT)
        st.caption(f"{line} Kilde: {'; '.join(landet_view.sources)}")
        st.page_link(PAGE_BY_KEY["landet"].path, label="Se mere under Landet",
                     icon=":material/arrow_forward:", query_params=link_params)
if comparator is not None and label == "Hele landet":
    st.caption("Landstallene kommer fra Danmarks Statistik og rummer også børn anbragt på grund "
               "af funktionsnedsættelse; kommunernes egne tal kan være registreret forskelligt. "
               "Sammenlign derfor med varsomhed.")
targets_ui.render_follow_up(ctx)
units_ui.render_units(ctx)
