"""Om nøgletallene: every key figure of the catalogue, the suppression rule and the legal
basis of each measure, generated from the catalogue (noegletal.presentation.docs)."""

import streamlit as st

from noegletal.presentation import docs
from noegletal.ui.shell import page_context

ctx = page_context(
    "om-noegletallene",
    intro=(
        "Her er alle nøgletal i dashboardet forklaret: hvordan tallet læses, hvad der tælles, "
        "hvilke data det bygger på, hvilken vej man håber, det bevæger sig, og hvad man skal "
        "være opmærksom på. Teksterne kommer direkte fra nøgletalskataloget – de samme "
        "forklaringer, som står under figurerne."
    ),
)

all_docs = docs.catalogue_docs()
total = docs.count_figures(all_docs)
tab_figures, tab_small, tab_law = st.tabs([
    f"Nøgletallene ({total})", "Små tal vises ikke", "Indsatser og lovgrundlag",
])

with tab_figures:
    query = st.text_input(
        "Søg i nøgletallene", placeholder="fx anbragte, udgift pr. barn, fravær, 18 år",
        key="nt_docs_search",
        help="Søger i navne, forklaringer, definitioner, forbehold og valg. Alle ord skal "
             "forekomme; store og små bogstaver er ligegyldige.",
    )
    found = docs.search_docs(all_docs, query)
    n = docs.count_figures(found)
    if query.strip():
        st.caption(f"{n} af {total} nøgletal passer på søgningen.")
    if not found:
        st.info("Ingen nøgletal passer på søgningen. Prøv et andet eller et kortere ord.",
                icon=":material/search_off:")
    for theme in found:
        st.subheader(theme.title, anchor=False)
        for f in theme.figures:
            with st.expander(f.name, expanded=bool(query.strip()) and n <= 3):
                st.caption(f"Id i data og eksport: `{f.id}`")
                st.markdown(docs.figure_body_markdown(f))

with tab_small:
    st.subheader("Små tal vises ikke (diskretionering)", anchor=False)
    for paragraph in docs.suppression_paragraphs(ctx.threshold):
        st.markdown(paragraph)

with tab_law:
    st.subheader("Indsatserne og deres lovgrundlag", anchor=False)
    for paragraph in docs.legal_basis_paragraphs():
        st.markdown(paragraph)
    st.dataframe(docs.legal_basis_table(), hide_index=True, width="stretch")
