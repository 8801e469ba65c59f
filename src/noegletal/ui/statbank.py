"""The Data page's section for Danmarks Statistik (analysts only): one button per source with
a progress bar, DST's ``updated`` stamp, what the last fetch changed, and the import of files
downloaded by hand for servers without internet. Anonymous users see nothing of it.

Also :func:`freshness_caption`, the line on every page that says which published tables the
figures rest on and when DST last updated them.
"""

from __future__ import annotations

import streamlit as st

from noegletal.datain.statbank import StatbankClient, StatbankError
from noegletal.datain.statbank.mappings import SOURCE_LABELS, SOURCES, source_tables
from noegletal.services import statbank as svc
from noegletal.services.dashboard import DashboardData
from noegletal.ui.data import get_store

_FLASH = "nt_sb_flash"


def freshness_caption(data: DashboardData) -> str:
    """``Danmarks Statistik, FOLK1A, opdateret 11. februar 2026 · …`` for the active versions
    fetched from the Statbank (empty when there are none)."""
    lines = svc.source_lines(data.extras.get("sources"))
    return " · ".join(lines)


def _last_text(last: dict | None) -> str:
    if last is None:
        return "Endnu ikke hentet."
    stamps = ", ".join(f"{t} opdateret {d}" for t, d in last["opdateret"].items() if d)
    text = f"Senest indlæst {last['indlaest']} fra {last['kilde']}"
    text += f" ({stamps})." if stamps else "."
    if last["aendringer"]:
        text += f" {last['aendringer']}"
    return text


def render(analyst) -> None:
    """The section (nothing at all without a logged-in analyst)."""
    if analyst is None:
        return
    store = get_store()
    st.divider()
    st.subheader("Hent fra Danmarks Statistik", anchor=False)
    st.markdown(
        "Befolkningstal, offentliggjorte nøgletal for alle kommuner og regnskabstal kan hentes "
        "direkte fra Statistikbanken. Hver hentning kontrolleres som en upload og gemmes som en "
        "ny dataversion; har Danmarks Statistik ikke opdateret tabellen siden sidst, ændres "
        "intet."
    )
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        (st.success if flash[0] == "ok" else st.error)(flash[1])
    fra = st.number_input("Fra år", min_value=2007, max_value=2100, value=2015, step=1,
                          key="nt_sb_fra")
    perms = analyst.permissions
    kommuner = None if perms.everything else sorted(perms.kommuner or ())
    if kommuner == []:
        st.info("Du har ikke adgang til at indlæse data for nogen kommune.")
        return
    for source in SOURCES:
        with st.container(border=True):
            st.markdown(f"**{SOURCE_LABELS[source]}**")
            st.caption(_last_text(svc.last_fetch(store, source)))
            if st.button(f"Hent {', '.join(source_tables(source))}", key=f"nt_sb_{source}",
                         icon=":material/cloud_download:"):
                bar = st.progress(0.0, text="Forbinder til Danmarks Statistik …")
                try:
                    with StatbankClient() as client:
                        stored = svc.fetch_and_store(
                            store, client, source, user=analyst.user, kommuner=kommuner,
                            fra=int(fra), national=perms.everything,
                            progress=lambda f, t, bar=bar: bar.progress(f, text=t))
                except StatbankError as exc:
                    st.session_state[_FLASH] = ("fejl", str(exc))
                else:
                    notes = " ".join(stored.fetched.notes)
                    st.session_state[_FLASH] = ("ok", f"{stored.message} {notes}".strip())
                st.rerun()
    with st.expander("Uden internet på serveren: indlæs CSV-filer hentet i hånden"):
        st.markdown(
            "Hent tabellerne som CSV med koder fra Statistikbankens API på en computer med "
            "internet (fx `https://api.statbank.dk/v1/data/FOLK1A/CSV?valuePresentation=Code"
            "&OMRÅDE=*&KØN=TOT&ALDER=0,1,2,…,17&Tid=*`), og giv hver fil tabellens navn "
            "(`FOLK1A.csv`, `ANBAAR9.csv`, `ISBU02.csv`, `UND2.csv`, `REGK31.csv`). Filerne "
            "læses med samme regler som en hentning."
        )
        files = st.file_uploader("CSV-filer fra Statistikbanken", type=["csv"],
                                 accept_multiple_files=True, key="nt_sb_files")
        if files and st.button("Indlæs filerne", key="nt_sb_import", type="primary"):
            try:
                fetched = svc.read_files([(f.name, f.getvalue()) for f in files])
                messages = [svc.store_fetched(store, item, user=analyst.user,
                                              national=perms.everything).message
                            for item in fetched]
            except StatbankError as exc:
                st.session_state[_FLASH] = ("fejl", str(exc))
            else:
                st.session_state[_FLASH] = ("ok", " ".join(messages))
            st.rerun()
