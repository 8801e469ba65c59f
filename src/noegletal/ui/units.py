"""The unit breakdown in the app: a unit filter bound to the URL (``enhed``) and the small
multiples (one call from a page)."""

from __future__ import annotations

import streamlit as st

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.presentation.units import ALL_UNITS, unit_block
from noegletal.services import units as svc
from noegletal.ui import shell
from noegletal.ui.shell import PageContext
from noegletal.ui.widgets import render_block


def chosen_unit(ctx: PageContext, units: list[str]) -> str:
    """The unit in the URL state, or «alle» (with a notice when the link named a unit the
    municipality does not have)."""
    wanted = shell.current_state().enhed or ALL_UNITS
    if wanted != ALL_UNITS and wanted not in units:
        st.info("Linkets enhed findes ikke for den valgte kommune; alle enheder vises.",
                icon=":material/link_off:")
        shell._set_state(enhed=None)
        return ALL_UNITS
    return wanted


def render_units(ctx: PageContext) -> None:
    """«Pr. enhed»: a case-level key figure for every unit of the municipality."""
    units = svc.units_for(ctx.data, ctx.kommune)
    if not units:
        return
    with st.container(border=True):
        st.subheader("Pr. enhed", anchor=False)
        st.caption(f"{ctx.kommune_navn} har sagerne fordelt på {len(units)} enheder. Vælg et "
                   "nøgletal og en enhed; «Alle enheder» viser én lille graf pr. enhed med "
                   "kommunen i alt ved siden af.")
        ids = [k for k in svc.unit_key_figure_ids() if k in CATALOGUE]
        left, mid, right = st.columns([2, 1.4, 1.4])
        first = next(iter(svc.unit_report_figure_ids()), None)
        kf_id = left.selectbox("Nøgletal", ids, index=ids.index(first) if first in ids else 0,
                               format_func=lambda k: CATALOGUE[k].name, key="nt_enhed_kf")
        kf = CATALOGUE[kf_id]
        dims = list(kf.dimensions)
        dimension = ""
        if dims:
            headline = kf.headline.dimension if kf.headline else None
            default = headline if headline in dims else dims[0]
            dimension = mid.selectbox("Dimension", dims, index=dims.index(default),
                                      format_func=lambda d: kf.dimensions[d],
                                      key="nt_enhed_dim")
        options = [ALL_UNITS, *units]
        current = chosen_unit(ctx, units)
        if st.session_state.get("nt_enhed") not in options:
            st.session_state["nt_enhed"] = current
        enhed = right.selectbox(
            "Enhed", options,
            format_func=lambda u: "Alle enheder" if u == ALL_UNITS else u, key="nt_enhed")
        shell._set_state(enhed=None if enhed == ALL_UNITS else enhed)
        with st.spinner("Beregner tallene pr. enhed …"):
            rows = svc.unit_frame(ctx.data, [kf_id], ctx.filter, enhed)
        block = unit_block(rows, kf, dimension=dimension, units=units, enhed=enhed,
                           kommune_label=ctx.kommune_navn)
        render_block(ctx, block)
