"""Targets (mål) in the app: the Målopfølgning table, the target line on charts and the
analysts' target editor on the Data page (one call each from the pages)."""

from __future__ import annotations

import copy
import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.metrics.targets import DIRECTION_LABELS
from noegletal.presentation.blocks import Block
from noegletal.presentation.formatting import format_date
from noegletal.presentation.targets import add_targets, follow_up_table, period_text, target_text
from noegletal.services import targets as svc
from noegletal.ui.auth import Analyst
from noegletal.ui.data import get_store
from noegletal.ui.shell import PageContext

_MSG = "nt_maal_besked"


def follow_up(ctx: PageContext) -> pd.DataFrame:
    return svc.follow_up(ctx.data, ctx.filter)


def render_follow_up(ctx: PageContext) -> None:
    """The «Målopfølgning» table of the chosen municipality."""
    fu = follow_up(ctx)
    with st.container(border=True):
        st.subheader("Målopfølgning", anchor=False)
        if fu.empty:
            st.caption("Kommunen har ingen mål for nøgletallene endnu. En analytiker kan "
                       "tilføje mål på siden Data.")
            return
        st.caption("Status gælder den seneste værdi i målets periode, beregnet på den "
                   "uafrundede værdi. Et tal, der ikke vises, fordi det bygger på for få børn, "
                   "har status ukendt.")
        # A static table: the texts wrap, so every column fits at 1024 px.
        st.table(follow_up_table(fu, CATALOGUE, ctx.threshold).set_index("Nøgletal"))


def decorate_block(ctx: PageContext, block: Block) -> Block:
    """The block with the municipality's targets for its key figure drawn on its chart: a
    copy with its own figure when there are targets (the block itself may be shared by
    every view of the same state, see ``PageContext.once``, and is never changed)."""
    if block.figure is None or len(block.key_figures) != 1:
        return block
    kf = block.key_figures[0]
    t = svc.targets_of(ctx.data, ctx.kommune)
    t = t[t["noegletal"] == kf.id]
    if t.empty:
        return block
    out = copy.copy(block)
    out.figure = go.Figure(block.figure)
    add_targets(out.figure, t, kf)
    return out


# ------------------------------------------------------------------------------ editor


def _targets_table(current: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, r in current.iterrows():
        kf = CATALOGUE.get(r["noegletal"])
        rows.append({
            "Nøgletal": kf.name if kf else r["noegletal"],
            "Dimension": r["dimension"] or "",
            "Mål": target_text(r["maalvaerdi"], r["retning"], kf.unit if kf else "antal"),
            "Periode": period_text(r["fra_dato"], r["til_dato"]),
            "Beskrivelse": r["beskrivelse"] or "",
        })
    return pd.DataFrame(rows, columns=["Nøgletal", "Dimension", "Mål", "Periode",
                                       "Beskrivelse"])


def _save(ctx: PageContext, analyst: Analyst, frame: pd.DataFrame, what: str) -> None:
    try:
        svc.save_targets(get_store(), int(ctx.kommune), frame, user=analyst.user,
                         permissions=analyst.permissions)
    except svc.TargetError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    st.session_state[_MSG] = what
    st.rerun()


def render_editor(ctx: PageContext, analyst: Analyst | None) -> None:
    """«Kommunens mål»: the targets of the chosen municipality; analysts add, change and end
    targets, each change a new version of the ``maal`` extract."""
    st.subheader("Kommunens mål", anchor=False)
    if ctx.kommune is None:
        st.caption("Vælg en kommune for at se dens mål.")
        return
    current = svc.targets_of(ctx.data, ctx.kommune)
    if _MSG in st.session_state:
        st.success(st.session_state.pop(_MSG), icon=":material/check_circle:")
    if analyst is None:
        st.caption(f"{ctx.kommune_navn} har {len(current)} mål; de følges op under "
                   "Målopfølgning på Overblik. Log ind som analytiker for at tilføje, ændre "
                   "eller afslutte mål.")
        return
    if current.empty:
        st.caption(f"{ctx.kommune_navn} har ingen mål endnu.")
    else:
        st.dataframe(_targets_table(current), hide_index=True, width="stretch",
                     key="nt_maal_liste")
    if not analyst.permissions.allows(ctx.kommune):
        st.caption("Du har ikke adgang til at ændre mål for denne kommune.")
        return
    ids = [k for k in CATALOGUE]
    add, change = st.tabs(["Tilføj mål", "Ret eller afslut mål"])
    with add, st.form("nt_maal_tilfoej", border=False):
        kf_id = st.selectbox("Nøgletal", ids, format_func=lambda k: CATALOGUE[k].name,
                             key="nt_maal_noegletal")
        dims = list(CATALOGUE[kf_id].dimensions) if kf_id else []
        dimension = st.text_input(
            "Dimension (tom for ingen)", key="nt_maal_dimension",
            help="Fx institution for andelen på institution. Mulige værdier: "
                 + (", ".join(dims) if dims else "ingen") + ".")
        value = st.number_input("Målværdi", value=0.0, step=0.5, format="%.2f",
                                key="nt_maal_vaerdi")
        retning = st.radio("Retning", list(DIRECTION_LABELS),
                           format_func=lambda r: DIRECTION_LABELS[r], horizontal=True,
                           key="nt_maal_retning")
        fra = st.date_input("Gælder fra", value=dt.date.today().replace(month=1, day=1),
                            format="DD.MM.YYYY", key="nt_maal_fra")
        til = st.date_input("Gælder til (tom = indtil videre)", value=None,
                            format="DD.MM.YYYY", key="nt_maal_til")
        text = st.text_input("Beskrivelse", max_chars=200, key="nt_maal_beskrivelse")
        if st.form_submit_button("Tilføj målet", type="primary"):
            frame = svc.add_target(current, kommunekode=ctx.kommune, noegletal=kf_id,
                                   dimension=dimension.strip(), maalvaerdi=value,
                                   retning=retning, fra_dato=fra, til_dato=til,
                                   beskrivelse=text)
            _save(ctx, analyst, frame, f"Målet for {CATALOGUE[kf_id].name} er gemt som en "
                                       "ny version.")
    with change:
        if current.empty:
            st.caption("Der er ingen mål at rette.")
        else:
            labels = _targets_table(current)
            i = st.selectbox("Mål", list(range(len(current))),
                             format_func=lambda j: f"{labels.iloc[j]['Nøgletal']}: "
                                                   f"{labels.iloc[j]['Mål']}",
                             key="nt_maal_valgt")
            row = current.iloc[i]
            with st.form("nt_maal_ret", border=False):
                value = st.number_input("Ny målværdi", value=float(row["maalvaerdi"]),
                                        step=0.5, format="%.2f", key="nt_maal_ny_vaerdi")
                til = st.date_input("Slutter (tom = indtil videre)",
                                    value=None if pd.isna(row["til_dato"])
                                    else row["til_dato"].date(),
                                    format="DD.MM.YYYY", key="nt_maal_ny_til")
                c1, c2 = st.columns(2)
                save = c1.form_submit_button("Gem ændringen", type="primary")
                end = c2.form_submit_button("Afslut målet i dag")
            if save:
                frame = svc.change_target(current, i, maalvaerdi=float(value),
                                          til_dato=pd.Timestamp(til) if til else pd.NaT)
                _save(ctx, analyst, frame, "Ændringen er gemt som en ny version.")
            if end:
                frame = svc.end_target(current, i, pd.Timestamp(dt.date.today()))
                _save(ctx, analyst, frame, f"Målet er afsluttet {format_date(dt.date.today())}"
                                           " og gemt som en ny version.")
    hist = svc.history(get_store(), ctx.kommune)
    if not hist.empty:
        with st.expander("Versioner af målene (hvem og hvornår)", icon=":material/history:"):
            st.dataframe(pd.DataFrame({
                "Version": hist["id"],
                "Gemt": [format_date(d) + pd.Timestamp(d).strftime(" kl. %H:%M")
                         for d in hist["created_at"]],
                "Af": hist["created_by"],
                "Fil": hist["filename"],
                "Antal mål": hist["n_rows"],
                "Status": hist["status"],
            }), hide_index=True, width="stretch")
