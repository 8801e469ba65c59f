"""Landet: every municipality side by side on a published key figure."""

import streamlit as st

from noegletal.presentation import landet as present
from noegletal.ui import landet
from noegletal.ui.shell import page_context

ctx = page_context(
    "landet",
    intro=(
        "Her står alle kommuner side om side på de nøgletal, Danmarks Statistik offentliggør "
        "for hver kommune. Den valgte kommune er fremhævet, og dens sammenligningsgruppe er "
        "markeret. Tallene er de offentliggjorte – ikke kommunens egne beregninger – og kan "
        "derfor afvige fra de andre sider."
    ),
)
choices = landet.published_choices(ctx.data)
if not choices:
    st.info("Der er endnu ingen offentliggjorte tal for kommunerne. En analytiker kan hente "
            "dem fra Danmarks Statistik under «Data».", icon=":material/info:")
    st.stop()

# Short labels for the choice (kept in the URL as `visning`, so a shared link shows it).
SHORT = {"anbragte_pr_1000": "Anbragte", "hjemmebaserede_pr_1000": "Forebyggende foranstaltninger",
         "underretninger_pr_1000": "Underretninger"}
kf_id = ctx.view({k: SHORT.get(k, landet.CATALOGUE[k].name) for k in choices},
                 default="anbragte_pr_1000" if "anbragte_pr_1000" in choices else None,
                 label="Nøgletal")
st.caption(f"**{landet.CATALOGUE[kf_id].name}.** {landet.derivation(kf_id)}")
published_dates = landet.dates_of(ctx.data, kf_id)
# first the newest date within the chosen period, as on Overblik's card; kept as `dato`
dato = ctx.cutoff(published_dates, default=landet.default_date(published_dates, ctx.til),
                  label="Opgjort")
published = sorted(set(ctx.data.comparison["kommunekode"]) - {0})
kommune = ctx.kommune
if kommune is None or kommune not in published:
    kommune = st.selectbox("Kommune", published, format_func=landet.kommune_navn, key="nt_landet_kommune")
hand = ctx.filter.gruppe if ctx.filter.sammenlign == "gruppe" else ()
view = landet.landet_view(ctx.data, kf_id, dato, kommune, hand_group=tuple(hand),
                          threshold=ctx.threshold)
texts = present.texts(view, landet.CAVEAT, ctx.threshold)

st.markdown(f"**{texts.placement}**")
st.info(texts.caveat, icon=":material/balance:")
st.plotly_chart(present.ranking_chart(view), key="nt_landet_ranking",
                config={"displaylogo": False})
st.caption(" ".join(t for t in (texts.national, texts.polarity, texts.suppressed) if t))

with st.container(border=True):
    st.subheader("Sammenligningsgruppe", anchor=False)
    st.markdown(texts.group)
    st.caption(f"{texts.method} Vælg selv en gruppe under «Sammenlign med» i menuen.")
    st.plotly_chart(present.history_chart(view), key="nt_landet_history",
                    config={"displaylogo": False})

with st.expander(f"Alle {len(view.table)} kommuner i en tabel"):
    st.caption(texts.caveat)
    st.dataframe(present.ranking_table(view), hide_index=True, key="nt_landet_table")
st.caption("Kilde: " + "; ".join(view.sources) if view.sources else "Kilde: ukendt")
