"""The Data page's content: what data is active, and for a logged-in analyst the upload flow,
the versions with re-activation, and the audit log.

All checking and importing is done by :mod:`noegletal.services.imports`; this module only
renders it. Writes happen only on a button click by a logged-in analyst, never because of
the URL. After an import or re-activation the store's state token changes, so
:func:`noegletal.ui.data.get_data` computes the new figures; the page reruns and shows their
version stamp at once.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from noegletal.domain.formatting import format_count
from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.schema import EXTRACTS
from noegletal.services import imports as im
from noegletal.store import STATUS_ACTIVE, Store
from noegletal.store.bootstrap import SAMPLE_USER
from noegletal.ui.auth import Analyst
from noegletal.ui.data import get_data, get_store
from noegletal.ui.shell import PageContext

_FLASH = "nt_upload_flash"  # message shown after the rerun that follows a write
_UPLOADER_ROUND = "nt_upload_round"  # bumped after an import to empty the uploader
_CHECKS = "nt_upload_checks"  # cache of checked files: key -> list[CheckedFile]
_RECORDED = "nt_upload_recorded"  # refused files already written to the audit log
AUTO = "__auto__"
TABLE_ROWS = 25  # validation reports up to this length are shown in full, wrapped

SOURCE_TEXT = {
    "valgt": "valgt af dig",
    "filnavn": "genkendt ud fra filnavnet",
    "kolonner": "genkendt ud fra kolonnerne",
}


def render(ctx: PageContext, analyst: Analyst | None) -> None:
    """The Data page below the login."""
    _flash()
    if analyst is None:
        _active_data(ctx)
        return
    store = get_store()
    tab_upload, tab_versions, tab_log = st.tabs(
        [":material/upload: Indlæs udtræk", ":material/history: Versioner",
         ":material/receipt_long: Logbog"])
    with tab_upload:
        _upload(store, analyst)
    with tab_versions:
        _versions(store, analyst)
    with tab_log:
        _audit(store)
    st.divider()
    _active_data(ctx)


# --------------------------------------------------------------------- messages


def _flash() -> None:
    flash = st.session_state.pop(_FLASH, None)
    if not flash:
        return
    kind, message = flash
    if kind == "success":
        data = get_data()
        st.success(f"{message}\n\nDashboardet viser nu de nye tal: **dataversion "
                   f"{data.token[:8]}**.", icon=":material/check_circle:")
    elif kind == "info":
        st.info(message, icon=":material/info:")
    else:
        st.error(message, icon=":material/error:")


# ------------------------------------------------------------------- active data


def _active_data(ctx: PageContext) -> None:
    """The active versions, without names of people (also shown to anonymous visitors)."""
    st.subheader("Data i dashboardet nu", anchor=False)
    v = ctx.data.versions
    if v is None or v.empty:
        st.info("Der er ikke indlæst nogen data endnu.")
        return
    v = v.sort_values(["kind", "kommunekode"])
    table = pd.DataFrame({
        "Udtræk": v["kind"].map(lambda k: EXTRACTS[k].label if k in EXTRACTS else k),
        "Kommune": [im.scope_label(k, c) for k, c in zip(v["kind"], v["kommunekode"],
                                                           strict=True)],
        "Kilde": v["created_by"].map(
            lambda u: "Eksempeldata (opdigtet)" if u == SAMPLE_USER else "Kommunens udtræk"),
        "Indlæst": v["created_at"].map(im.local_time),
        "Rækker": v["n_rows"].map(_n),
        "Fil": v["filename"],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    if ctx.data.is_sample:
        st.caption("Udtræk markeret som eksempeldata er de medfølgende, opdigtede tal. De "
                   "erstattes, efterhånden som kommunens egne udtræk indlæses.")


# ------------------------------------------------------------------------ upload


def _max_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def _upload(store: Store, analyst: Analyst) -> None:
    ss = st.session_state
    max_mb = int(st.get_option("server.maxUploadSize"))
    st.markdown(
        "Træk kvartalets udtræk herind – gerne flere filer på én gang. Hver fil kontrolleres, "
        "før noget gemmes, og intet ændres, før du trykker **Importér**. Filer med "
        "CPR-numre afvises uden at blive vist."
    )
    files = st.file_uploader(
        f"Vælg filer (CSV eller Excel, højst {max_mb} MB pr. fil)",
        type=["csv", "xlsx"], accept_multiple_files=True,
        key=f"nt_uploader_{ss.get(_UPLOADER_ROUND, 0)}",
        help="Filnavnet (fx befolkning.csv) eller kolonnerne afgør, hvilket udtræk filen er. "
             f"Større filer end {max_mb} MB afvises; del dem op, fx én fil pr. år.",
    )
    if not files:
        st.caption("Udtrækkene: " + ", ".join(f"{name}.csv" for name in EXTRACTS)
                   + ". Se datakontrakten under «Om nøgletallene».")
        return

    uploads = []
    for f in files:
        choice = ss.get(f"nt_kind_{f.file_id}", AUTO)
        uploads.append(im.Upload(f.name, f.getvalue(), None if choice == AUTO else choice))
    checked = _checked(store, uploads, analyst)

    for f, c in zip(files, checked_in_upload_order(uploads, checked), strict=True):
        _file_card(f.file_id, c)

    _import_controls(store, analyst, checked)


def checked_in_upload_order(uploads: list[im.Upload],
                            checked: list[im.CheckedFile]) -> list[im.CheckedFile]:
    """``check_uploads`` reads the indsats mappings first; put the results back in the
    order of the uploads (matched by file name and checksum)."""
    pool = list(checked)
    out = []
    for u in uploads:
        digest = im.checksum(u.data)
        i = next(i for i, c in enumerate(pool) if c.filename == u.filename and c.checksum == digest)
        out.append(pool.pop(i))
    return out


def _checked(store: Store, uploads: list[im.Upload], analyst: Analyst) -> list[im.CheckedFile]:
    """Check the uploads once per combination of files, chosen extracts, analyst and store
    state (re-checking on every rerun would make the page slow on large files)."""
    ss = st.session_state
    key = (analyst.user, store.state_token(),
           tuple((u.filename, im.checksum(u.data), u.kind) for u in uploads))
    cache = ss.setdefault(_CHECKS, {})
    if key in cache:
        return cache[key]
    bar = st.progress(0.0, text="Kontrollerer filerne …")
    checked = im.check_uploads(uploads, store, analyst.permissions, max_bytes=_max_bytes(),
                               on_progress=lambda x, text: bar.progress(x, text=text))
    bar.empty()
    recorded = ss.setdefault(_RECORDED, set())
    new_refusals = [c for c in checked if c.refusal and (c.checksum, c.kind) not in recorded]
    im.record_refusals(store, new_refusals, analyst.user)
    recorded.update((c.checksum, c.kind) for c in new_refusals)
    cache.clear()  # keep only the newest check
    cache[key] = checked
    return checked


def _kind_label(kind: str) -> str:
    if kind == AUTO:
        return "Genkend automatisk"
    return f"{EXTRACTS[kind].label} ({kind})"


def _file_card(file_id: str, c: im.CheckedFile) -> None:
    with st.container(border=True):
        head, pick = st.columns([3, 2], vertical_alignment="bottom")
        status = {
            im.READY: ":green-badge[:material/check: Klar til import]",
            im.PARTIAL: ":orange-badge[:material/warning: Fejl i enkelte rækker]",
            im.REFUSED: ":red-badge[:material/block: Afvist]",
            im.MAPPING: ":blue-badge[:material/translate: Bruges ved kontrollen]",
        }[c.status]
        source = SOURCE_TEXT.get(c.kind_source, "")
        head.markdown(f"#### {c.filename}\n{status} **{c.label}**"
                      + (f" · {source}" if source else ""))
        if c.status != im.MAPPING:
            pick.selectbox("Udtræk", [AUTO, *EXTRACTS], format_func=_kind_label,
                           key=f"nt_kind_{file_id}",
                           help="Vælg udtrækket, hvis det er genkendt forkert.")
        if c.refusal:
            st.error(c.refusal, icon=":material/block:")
        if c.status == im.MAPPING:
            st.caption(f"{len(c.mapping)} af kommunens egne betegnelser oversættes til "
                       "datakontraktens indsatskoder, når foranstaltninger kontrolleres.")
        if c.duplicate_of:
            ids = ", ".join(str(i) for i in c.duplicate_of)
            st.info(f"Præcis denne fil er allerede indlæst den {c.duplicate_date} "
                    f"(version {ids}). Importerer du den igen, ændres intet; vil du bruge den "
                    "igen, så gør versionen aktiv under «Versioner».",
                    icon=":material/content_copy:")
        if c.result is not None and not c.cpr_found:
            cols = st.columns(4)
            cols[0].metric("Rækker i filen", _n(c.n_rows))
            cols[1].metric("Gyldige rækker", _n(c.n_valid))
            cols[2].metric("Afviste rækker", _n(c.n_refused))
            cols[3].metric("Fejl / advarsler", f"{_n(c.n_errors)} / {_n(c.n_warnings)}")
            if c.scopes and c.status != im.MAPPING:
                st.caption("Kommuner i filen: " + ", ".join(
                    "landstal" if s in (None, 0) else f"{kommune_navn(s)} ({s})"
                    for s in c.scopes))
        preview = c.preview()
        if preview is not None and not preview.empty:
            with st.expander("Forhåndsvisning: de første rækker, som dashboardet læser dem",
                             icon=":material/visibility:"):
                st.dataframe(preview, hide_index=True, width="stretch")
        _report(file_id, c)


def _report(file_id: str, c: im.CheckedFile) -> None:
    problems = c.problem_table()
    if problems.empty:
        if c.result is not None and c.status != im.REFUSED:
            st.caption(":material/task_alt: Ingen fejl eller advarsler fundet.")
        return
    title = f"Valideringsrapport: {_n(c.n_errors)} fejl og {_n(c.n_warnings)} advarsler"
    with st.expander(title, icon=":material/fact_check:", expanded=c.n_errors > 0):
        shown = problems[["række", "kolonne", "værdi", "alvor", "besked"]]
        if len(shown) <= TABLE_ROWS:  # short reports as a table, so the messages wrap
            st.table(shown.astype({"række": object}).fillna(""), hide_index=True)
        else:
            st.dataframe(shown, hide_index=True, width="stretch",
                         column_config={"besked": st.column_config.TextColumn(
                             "besked", width="large")})
        st.caption("Rækkenumrene er dem, du ser i regnearket (overskriften er række 1). "
                   "Den hentede rapport har også filnavn og fejltype.")
        st.download_button(
            "Hent rapporten (CSV)", data=c.problems_csv(),
            file_name=f"valideringsrapport-{_stem(c.filename)}.csv", mime="text/csv",
            icon=":material/download:", key=f"nt_report_{file_id}", on_click="ignore",
        )
    refused = c.refused_rows()
    if refused is not None and not refused.empty and c.status == im.PARTIAL:
        with st.expander(f"Afviste rækker ({_n(len(refused))}) – de indlæses ikke",
                         icon=":material/playlist_remove:"):
            st.dataframe(refused, hide_index=True, width="stretch")
            st.download_button(
                "Hent de afviste rækker (CSV)", data=c.refused_rows_csv(),
                file_name=f"afviste-raekker-{_stem(c.filename)}.csv", mime="text/csv",
                icon=":material/download:", key=f"nt_refused_{file_id}", on_click="ignore",
            )


def _import_controls(store: Store, analyst: Analyst, checked: list[im.CheckedFile]) -> None:
    st.markdown("#### Importér")
    has_errors = any(c.status in (im.PARTIAL, im.REFUSED) for c in checked)
    mode = st.radio(
        "Hvad skal der ske med filer med fejl?", list(im.MODE_LABELS),
        format_func=im.MODE_LABELS.get, key="nt_import_mode", horizontal=True,
        index=0,
        help="«Alt eller intet» indlæser kun, hvis ingen fil har fejl. «Kun de gyldige rækker» "
             "indlæser de rækker, der er i orden, og springer afviste rækker og afviste filer "
             "over; antallet af afviste rækker gemmes med versionen.",
    )
    chosen = [c for c in checked if c.status != im.MAPPING and c.importable(mode)]
    conflicts = im.batch_conflicts(chosen, mode)
    blocked = ""
    if mode == im.MODE_ALL and has_errors:
        blocked = ("Der er fejl i mindst én fil, så «alt eller intet» indlæser intet. Ret "
                   "filerne og upload dem igen, eller vælg «Importér kun de gyldige rækker».")
    elif not chosen:
        blocked = "Der er ingen gyldige rækker at indlæse."
    elif conflicts:
        blocked = " ".join(conflicts)
    if blocked:
        st.warning(blocked, icon=":material/front_hand:")
    else:
        rows = sum(c.n_valid for c in chosen)
        st.markdown(f"Importen gemmer **{_n(rows)} rækker** fra **{len(chosen)} "
                    f"{'fil' if len(chosen) == 1 else 'filer'}** som nye versioner – alt "
                    "på én gang eller slet ikke. De hidtidige versioner gemmes og kan gøres "
                    "aktive igen.")
    if not st.button("Importér", type="primary", icon=":material/upload:",
                     disabled=bool(blocked), key="nt_import"):
        return
    bar = st.progress(0.0, text="Gemmer …")
    report = im.import_checked(store, checked, user=analyst.user, mode=mode,
                               permissions=analyst.permissions,
                               on_progress=lambda x, text: bar.progress(x, text=text))
    if not report.ok:
        bar.empty()
        st.error(report.message, icon=":material/error:")
        return
    bar.progress(1.0, text="Beregner de nye nøgletal …")
    get_data()  # the new state token: compute the figures now, once, for every session
    st.session_state[_FLASH] = ("success" if report.changed else "info", report.message)
    st.session_state[_UPLOADER_ROUND] = st.session_state.get(_UPLOADER_ROUND, 0) + 1
    st.session_state.pop(_CHECKS, None)
    st.rerun()


# ---------------------------------------------------------------------- versions


def _versions(store: Store, analyst: Analyst) -> None:
    versions = store.versions()
    if versions.empty:
        st.info("Der er ingen versioner endnu.")
        return
    st.markdown("Hver import giver én version pr. udtræk og kommune. Den aktive version "
                "bruges i dashboardet; de tidligere gemmes og kan gøres aktive igen.")
    kinds = [k for k in EXTRACTS if k in set(versions["kind"])]
    left, right = st.columns(2)
    kind = left.selectbox("Udtræk", ["*", *kinds], key="nt_v_kind",
                          format_func=lambda k: "Alle udtræk" if k == "*" else EXTRACTS[k].label)
    shown = versions if kind == "*" else versions[versions["kind"] == kind]
    codes = sorted({int(c) for c in shown["kommunekode"].dropna()})
    kommune = right.selectbox("Kommune", ["*", *codes], key="nt_v_kommune",
                              format_func=lambda c: "Alle" if c == "*" else
                              ("Hele landet" if c == 0 else kommune_navn(c)))
    if kommune != "*":
        shown = shown[shown["kommunekode"] == kommune]
    table = im.versions_table(shown)
    for column in ("Rækker", "Afviste rækker"):
        table[column] = table[column].map(_n)
    st.dataframe(table, hide_index=True, width="stretch")

    candidates = shown[shown["status"] != STATUS_ACTIVE]
    allowed = [
        int(r.id) for r in candidates.itertuples()
        if analyst.permissions.allows(None if pd.isna(r.kommunekode) else int(r.kommunekode))
    ]
    st.markdown("##### Gør en tidligere version aktiv igen")
    if not allowed:
        st.caption("Der er ingen tidligere versioner, du kan gøre aktive, blandt dem der er "
                   "vist.")
        return
    by_id = shown.set_index("id")

    def describe(version_id: int) -> str:
        r = by_id.loc[version_id]
        scope = im.scope_label(r["kind"], r["kommunekode"])
        return (f"Version {version_id} · {EXTRACTS[r['kind']].label} · {scope} · "
                f"{r['filename']} · {im.local_time(r['created_at'])}")

    chosen = st.selectbox("Version", allowed, format_func=describe, key="nt_v_choice")
    if st.button("Gør versionen aktiv igen", icon=":material/restore:", key="nt_v_activate"):
        changed, message = im.activate_version(store, int(chosen), user=analyst.user,
                                               permissions=analyst.permissions)
        if changed:
            get_data()
        st.session_state[_FLASH] = ("success" if changed else "error", message)
        st.rerun()


def _audit(store: Store) -> None:
    table = im.audit_table(store.audit_log())
    st.markdown("Logbogen viser hver import, dublet, aktivering og afvist upload – nyeste "
                "først. Den kan ikke ændres.")
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button("Hent logbogen (CSV)", data=im.table_csv(table),
                       file_name="logbog.csv", mime="text/csv", icon=":material/download:",
                       key="nt_audit_csv", on_click="ignore")


def _n(x: int) -> str:
    return format_count(int(x))


def _stem(filename: str) -> str:
    return filename.rsplit(".", 1)[0]
