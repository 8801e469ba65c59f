"""Indsatser: do the participants of a named intervention get better, and what does it cost?"""

import streamlit as st

from noegletal.presentation.state import ALTERNATIVE_STEPS, LOEN_RANGE, MAX_PARTICIPANTS
from noegletal.presentation.themes import indsatser
from noegletal.ui.shell import page_context
from noegletal.ui.widgets import render_block

ctx = page_context(
    "indsatser",
    intro=(
        "Her ses, hvordan deltagerne i kommunens navngivne indsatser udvikler sig fra første "
        "til seneste måling med validerede spørgeskemaer, og hvad indsatsen koster at drive "
        "pr. deltager – sammenlignet med alternativet. Tallene viser en udvikling, ikke en "
        "effekt: der er ingen sammenligningsgruppe."
    ),
)

frame = ctx.frame(*indsatser.INPUT_FIGURES)
names = indsatser.interventions(frame, kommunekode=ctx.kommune) if ctx.kommune else []
if not names:
    st.info(
        "Der er ingen tal om indsatser for den valgte kommune. Udtrækkene «målinger», "
        "«ressourceforbrug» og «indsatser» er valgfrie; en analytiker kan indlæse dem under "
        "«Data».",
        icon=":material/info:",
    )
    st.stop()

linked = ctx.linked_choice("indsats")
if linked is not None and linked not in names:
    st.info("Linkets indsats findes ikke for den valgte kommune; den første indsats vises.")
    linked = None
indsats = st.selectbox("Indsats", names, index=names.index(linked) if linked else 0,
                       key="nt_indsats")
ctx.keep_choice("indsats", None if indsats == names[0] else indsats)

dates = indsatser.progression_dates(frame, indsats, kommunekode=ctx.kommune)
dato = ctx.cutoff(dates, label="Målinger til og med") if dates else None

st.markdown("**Følsomhed og alternativ**")
left, middle, right = st.columns(3)
loen = ctx.linked_choice("loen")
loen_pct = left.number_input(
    "Lønniveau (pct. over gennemsnittet)", min_value=LOEN_RANGE[0], max_value=LOEN_RANGE[1],
    value=int(loen or 0), step=5, key=f"nt_loen_{indsatser.slug(indsats)}",
    help="Medarbejdere med lang anciennitet koster mere end gennemsnitslønnen.")
ctx.keep_choice("loen", int(loen_pct) or None)
n_linked = ctx.linked_choice("deltagere")
own_n = middle.toggle("Vælg eget antal deltagere pr. år", value=n_linked is not None,
                      key=f"nt_egen_n_{indsatser.slug(indsats)}")
deltagere = None
if own_n:
    deltagere = float(middle.number_input(
        "Deltagere pr. år", min_value=0.1, max_value=MAX_PARTICIPANTS,
        value=float(n_linked or 10.0), step=1.0, format="%.1f",
        key=f"nt_n_{indsatser.slug(indsats)}"))
ctx.keep_choice("deltagere", deltagere)
alt_linked = ctx.linked_choice("alternativ")
alt_options = ["eget", "trin", "beloeb"]
alt_labels = {"eget": "Indsatsens eget alternativ", "trin": "Kommunens udgift på et trin",
              "beloeb": "Et fast beløb"}
alt_kind = ("trin" if alt_linked in ALTERNATIVE_STEPS else
            "beloeb" if alt_linked else "eget")
kind = right.selectbox("Sammenlign med", alt_options, index=alt_options.index(alt_kind),
                       format_func=alt_labels.get, key="nt_alt_kind")
alternativ = None
if kind == "trin":
    steps = list(ALTERNATIVE_STEPS)
    alternativ = right.selectbox(
        "Trin", steps, index=steps.index(alt_linked) if alt_linked in steps else 3,
        format_func=indsatser.step_label, key="nt_alt_trin")
elif kind == "beloeb":
    amount = right.number_input("Kr. pr. barn pr. år", min_value=1, max_value=100_000_000,
                                value=int(alt_linked) if alt_linked and alt_linked.isdigit()
                                else 504_000, step=1_000, key="nt_alt_beloeb")
    alternativ = str(int(amount))
ctx.keep_choice("alternativ", alternativ)

built = indsatser.blocks(frame, None, "", kommunekode=ctx.kommune, indsats=indsats,
                         dato=dato, loen_pct=float(loen_pct), deltagere=deltagere,
                         alternativ=alternativ)
for i, block in enumerate(built):
    if i:
        st.divider()
    render_block(ctx, block, table_open=True)
