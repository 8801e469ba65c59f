"""The page shell: navigation, the shared filters in the URL, and the stamps on every page.

The entrypoint (``app.py``) owns one small, validated set of URL keys
(``noegletal.presentation.state``). Streamlit clears query parameters when the user moves
between pages, so on every run the entrypoint writes the state back to ``st.query_params``:
the address bar always holds a link that reproduces the view exactly.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TypeVar
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from noegletal.domain.kommuner import kommune_navn
from noegletal.metrics.catalogue import CATALOGUE, KeyFigure
from noegletal.metrics.catalogue import PAGES as REGISTERED_PAGES
from noegletal.presentation.formatting import format_date
from noegletal.presentation.state import (
    MAX_TARGET,
    PAGE_KEYS,
    UrlState,
    parse_state,
    parse_target,
    to_query_params,
)
from noegletal.services.dashboard import DashboardData
from noegletal.services.views import (
    ViewFilter,
    comparator_frame,
    expected_years_of,
    kommune_frame,
    national_frame,
    pooled_frame,
    several_frame,
)
from noegletal.settings import get_settings
from noegletal.ui.data import get_data
from noegletal.ui.statbank import freshness_caption

T = TypeVar("T")


@dataclass(frozen=True)
class PageDef:
    key: str  # url_path
    title: str
    path: str
    icon: str
    filters: bool = True  # shows the municipality/period/comparator filters


# Navigation from the one registry of pages (noegletal.metrics.catalogue.PAGES).
PAGES: tuple[PageDef, ...] = tuple(
    PageDef(p.key, p.title, f"pages/{p.module}.py", p.icon, filters=p.filters)
    for p in REGISTERED_PAGES
)
PAGE_BY_KEY = {p.key: p for p in PAGES}

_STATE = "nt_state"
_NOTICES = "nt_notices"
_PENDING_VIEW = "nt_pending_view"
_VIEWS = "nt_views"  # page key -> chosen view
_PENDING_DATE = "nt_pending_date"
_DATES = "nt_dates"  # page key -> chosen single cut-off (ISO text)
_PENDING_TARGET = "nt_pending_target"
_TARGETS = "nt_targets"  # page key -> chosen caseload target (lo, hi)
_PENDING_CHOICES = "nt_pending_choices"  # linked values of PAGE_KEYS, not yet read by a page
_CHOICES = "nt_choices"  # page key -> {PAGE_KEYS key: chosen value}


def _no_legacy_pages_menu() -> None:
    """Keep Streamlit's legacy ``pages/`` menu away for good.

    ``.streamlit/config.toml`` sets ``client.showSidebarNavigation = false`` so the legacy
    multipage mode (a ``pages/`` folder next to ``app.py``) never draws the raw file names
    before :func:`build_navigation` runs; once this process has run the entrypoint, the
    legacy mode is switched off and the option is turned back on so ``st.navigation`` can
    draw its menu in the sidebar.
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    if st.get_option("client.showSidebarNavigation") is False:
        st.set_option("client.showSidebarNavigation", True)


def build_navigation(*, hidden: bool = False):
    _no_legacy_pages_menu()
    pages = [
        st.Page(p.path, title=p.title, icon=p.icon, url_path=p.key, default=(i == 0))
        for i, p in enumerate(PAGES)
    ]
    return st.navigation(pages, position="hidden" if hidden else "sidebar")


def default_kommune(data: DashboardData) -> int | None:
    return data.kommuner[0] if data.kommuner else None


def _initial_state(data: DashboardData) -> None:
    """Read the URL once per session (a shared link) into the session's state."""
    ss = st.session_state
    if _STATE in ss:
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    view = params.pop("visning", None)
    dato = params.pop("dato", None)
    maal = params.pop("maal", None)
    parsed = parse_state(
        params,
        kommuner=data.kommuner or None,
        default_kommune=default_kommune(data),
        datoer=[d.date() for d in data.cutoffs] or None,
    )
    # The Indsatser page's own keys are validated with the rest, then kept for the page.
    ss[_PENDING_CHOICES] = {k: getattr(parsed.state, k) for k in PAGE_KEYS
                            if getattr(parsed.state, k) is not None}
    ss[_STATE] = parsed.state.model_copy(update=dict.fromkeys(PAGE_KEYS))
    ss[_CHOICES] = {}
    ss[_NOTICES] = list(parsed.notices)
    ss[_VIEWS] = {}
    ss[_DATES] = {}
    ss[_TARGETS] = {}
    if view:
        ss[_PENDING_VIEW] = view[-1] if isinstance(view, list) else view
    if dato:
        ss[_PENDING_DATE] = dato[-1] if isinstance(dato, list) else dato
    if maal:
        ss[_PENDING_TARGET] = maal[-1] if isinstance(maal, list) else maal


def current_state() -> UrlState:
    return st.session_state[_STATE]


def _set_state(**changes) -> None:
    st.session_state[_STATE] = st.session_state[_STATE].model_copy(update=changes)


def sidebar_filters(data: DashboardData) -> None:
    """Municipality, period and comparator, bound to the URL state."""
    state = current_state()
    sb = st.sidebar
    sb.markdown("### Vælg visning")
    if not data.kommuner:
        sb.info("Der er endnu ingen data. En analytiker kan indlæse udtræk under «Data».")
        return
    kommune = state.kommune if state.kommune in data.kommuner else data.kommuner[0]
    chosen = sb.selectbox(
        "Kommune", data.kommuner, index=data.kommuner.index(kommune),
        format_func=kommune_navn, key="nt_f_kommune", placeholder="Vælg en kommune",
    )
    cut = [d.date() for d in data.cutoffs]
    if cut:
        fra = state.fra if state.fra in cut else cut[0]
        til = state.til if state.til in cut else cut[-1]
        if len(cut) > 1:
            fra, til = sb.select_slider(
                "Periode", options=cut, value=(fra, til), format_func=format_date,
                key="nt_f_periode",
            )
    else:
        fra = til = None
    options = ["landet", "kommune", "gruppe"]
    labels = {"landet": "Hele landet", "kommune": "En anden kommune",
              "gruppe": "En gruppe af kommuner"}
    current = ("landet" if state.sammenlign == "landet"
               else "gruppe" if state.sammenlign == "gruppe" else "kommune")
    kind = sb.radio("Sammenlign med", options, index=options.index(current),
                    format_func=labels.get, key="nt_f_sammenlign")
    sammenlign = "landet"
    gruppe = state.gruppe
    others = [k for k in data.kommuner if k != chosen]
    if kind == "kommune":
        if others:
            prev = int(state.sammenlign) if state.sammenlign.isdigit() else None
            other = sb.selectbox(
                "Sammenligningskommune", others,
                index=others.index(prev) if prev in others else 0,
                format_func=kommune_navn, key="nt_f_anden", placeholder="Vælg en kommune",
            )
            sammenlign = str(other)
        else:
            sb.caption("Der er ingen andre kommuner i data at sammenligne med.")
    elif kind == "gruppe":
        group = sb.multiselect(
            "Sammenligningsgruppe", others,
            default=[k for k in state.gruppe if k in others],
            format_func=kommune_navn, key="nt_f_gruppe", placeholder="Vælg kommuner",
            help="Gruppens tal er vægtede: summen af tællerne delt med summen af nævnerne.",
        )
        if group:
            sammenlign, gruppe = "gruppe", tuple(sorted(group))
        else:
            sb.caption("Vælg mindst én kommune; indtil da sammenlignes med hele landet.")
    _set_state(kommune=chosen, fra=fra if fra != (cut[0] if cut else None) else None,
               til=til if til != (cut[-1] if cut else None) else None,
               sammenlign=sammenlign, gruppe=gruppe if sammenlign == "gruppe" else ())


def _page_choices(page_key: str) -> dict:
    """The page's own choices for its link: ``visning``, ``dato`` and ``maal``
    (None = default)."""
    ss = st.session_state
    dato = ss.get(_DATES, {}).get(page_key)
    return {"visning": ss.get(_VIEWS, {}).get(page_key),
            "dato": dt.date.fromisoformat(dato) if dato else None,
            "maal": ss.get(_TARGETS, {}).get(page_key),
            **dict(ss.get(_CHOICES, {}).get(page_key, {}))}


def sync_url(page_key: str, data: DashboardData) -> None:
    """Write the state (and the page's chosen view and cut-off) back to the address bar."""
    state = current_state()
    params = to_query_params(state.model_copy(update=_page_choices(page_key)),
                             default_kommune=default_kommune(data))
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


# The presentation view on a projector: body text (the key sentences) large enough to read
# across a meeting room. Static CSS, no user content.
PRESENTATION_CSS = (
    "<style>[data-testid='stMainBlockContainer'] [data-testid='stMarkdownContainer']"
    ":not([data-testid='stMetric'] *):not([data-testid='stPageLink'] *) :is(p, li)"
    "{font-size:1.45rem;line-height:1.45;}</style>"
)
# Every view: a headline card wraps its label, value and change instead of cutting them off
# («117,2 mio. …», «siden sep. …») in a narrow card at 1024 px. Static CSS, no user content.
BASE_CSS = (
    "<style>[data-testid='stMetric'] :is(p, div, span, label)"
    "{white-space:normal !important;text-overflow:clip !important;}"
    "[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] *,"
    "[data-testid='stMetricValue'], [data-testid='stMetricValue'] *"
    "{overflow:visible !important;}"
    "[data-testid='stPageLink'] :is(p, span){white-space:normal !important;}"
    # Static tables (Målopfølgning) wrap their cells to the width instead of scrolling: a
    # scrolling region without focusable content cannot be read by keyboard (WCAG 2.1.1).
    "[data-testid='stTable'] > div{overflow:visible !important;}"
    "[data-testid='stTable'] table{width:100%;}"
    "[data-testid='stTable'] :is(td, th){white-space:normal !important;"
    "overflow-wrap:anywhere;}"
    # Streamlit adds its own «Fullscreen» button to the chart toolbar, outside plotly.js's
    # locale (PLOTLY_LOCALE); its tooltip is the button's data-title shown by CSS.
    ".modebar-btn[data-title='Fullscreen']::after{content:'Fuld skærm' !important;}"
    ".modebar-btn[data-title='Close fullscreen']::after"
    "{content:'Luk fuld skærm' !important;}</style>"
)


def _is_embedded() -> bool:
    """True in the presentation view (``?embed=true``; Streamlit keeps that key out of
    ``st.query_params`` and reports it in ``st.context``)."""
    try:
        return bool(st.context.is_embedded)
    except Exception:
        return False


def run_entrypoint() -> None:
    """Everything ``app.py`` does: page config, navigation, filters, URL sync, run the page."""
    # The presentation view (?embed=true, for committee meetings) starts without the menu.
    embedded = _is_embedded()
    st.set_page_config(
        page_title="Nøgletal · udsatte børn og unge", page_icon=":material/insights:",
        layout="wide", initial_sidebar_state="collapsed" if embedded else "auto",
    )
    # In the presentation view there is no sidebar at all: no menu, no filters (the link
    # fixes the view).
    nav = build_navigation(hidden=embedded)
    # Two reviewed constants (tests/security/test_html_audit.py lists their hashes).
    st.html(BASE_CSS)
    if embedded:
        st.html(PRESENTATION_CSS)
    data = get_data()
    _initial_state(data)
    page = PAGE_BY_KEY.get(nav.url_path or "overblik", PAGES[0])
    if page.filters and not embedded:
        sidebar_filters(data)
    sync_url(page.key, data)
    _RUN.active = True
    _RUN.share = None
    _RUN.progress = None
    try:
        nav.run()
    finally:
        _RUN.active = False
        _done_computing()
    if _RUN.share is not None:
        _fill_share_popover(*_RUN.share)
        _RUN.share = None
    _footer()
    sync_url(page.key, data)


def _footer() -> None:
    """On every page: the link to the accessibility statement."""
    st.divider()
    st.page_link(PAGE_BY_KEY["tilgaengelighed"].path, label="Tilgængelighedserklæring",
                 icon=":material/accessibility:")


# ------------------------------------------------------------------ what pages use

@dataclass
class PageContext:
    """What a page needs: the data, the chosen municipality, period and comparator."""

    page: PageDef
    data: DashboardData
    state: UrlState
    kommune: int | None
    fra: pd.Timestamp | None
    til: pd.Timestamp | None
    threshold: int

    @property
    def filter(self) -> ViewFilter:
        return ViewFilter(kommune=self.kommune, fra=self.fra, til=self.til,
                          sammenlign=self.state.sammenlign, gruppe=self.state.gruppe,
                          threshold=self.threshold)

    @property
    def kommune_navn(self) -> str:
        return kommune_navn(self.kommune) if self.kommune is not None else ""

    @property
    def embedded(self) -> bool:
        """The presentation view (``?embed=true``): no controls, larger text and charts."""
        return _is_embedded()

    @property
    def catalogue(self) -> dict[str, KeyFigure]:
        """Every key figure by id (for pages that show all of them, such as Overblik)."""
        return CATALOGUE

    def expected_years(self) -> tuple[int, ...]:
        """The years whose accounts are expected, not final, for the municipality."""
        return expected_years_of(self.data, self.kommune)

    def frame(self, *kf_ids: str) -> pd.DataFrame:
        """Suppressed rows of these key figures for the municipality within the period."""
        return kommune_frame(self.data, kf_ids, self.filter)

    def pooled(self, *kf_ids: str) -> pd.DataFrame:
        """Suppressed rows of these key figures pooled over the whole period."""
        return pooled_frame(self.data, kf_ids, self.filter)

    def several(self, *kf_ids: str) -> tuple[pd.DataFrame, tuple[int, ...]]:
        """Suppressed rows of these key figures for up to five municipalities drawn together
        (the chosen one first; the group's members, the compared municipality or those with
        data) and the municipalities in the order to draw them."""
        return several_frame(self.data, kf_ids, self.filter)

    def national(self, *kf_ids: str) -> pd.DataFrame | None:
        """Suppressed rows of the national line, whatever comparator is chosen."""
        return national_frame(self.data, kf_ids, self.filter)

    def comparator(self, *kf_ids: str) -> tuple[pd.DataFrame | None, str]:
        """Suppressed comparator rows (one series) and its label."""
        return comparator_frame(self.data, kf_ids, self.filter)

    def once(self, name: str, make: Callable[[], T], *choices: Hashable) -> T:
        """``make()`` (e.g. a theme's blocks with their figures), made once per stored state,
        page, municipality, period, comparator and ``choices`` and reused when the page is
        shown again. Every page choice besides the menu's that ``make`` depends on must be
        among ``choices``; what comes back must not be changed."""
        return self.data.derived(("page", self.page.key, name, self.filter, *choices), make)

    def view(self, options: dict[str, str], default: str | None = None,
             label: str = "Visning") -> str:
        """A page-specific choice (e.g. per 1000 or counts), kept in the URL as ``visning``."""
        ss = st.session_state
        views = ss.setdefault(_VIEWS, {})
        keys = list(options)
        default = default or keys[0]
        pending = ss.pop(_PENDING_VIEW, None)
        if pending is not None:
            if pending in options:
                views[self.page.key] = pending
            else:
                st.info("Linkets visning findes ikke på denne side; standardvisningen bruges.")
        current = views.get(self.page.key, default)
        if self.embedded:
            return current  # the link fixes the view; no control on the projector
        choice = st.segmented_control(
            label, keys, default=current, format_func=options.get,
            key=f"nt_view_{self.page.key}",
        ) or current
        views[self.page.key] = None if choice == default else choice
        return choice

    def cutoff(self, options: list[pd.Timestamp], default: pd.Timestamp | None = None,
               label: str = "Skæringsdato") -> pd.Timestamp | None:
        """A page-specific single cut-off among ``options``, kept in the URL as ``dato``.

        The default is ``default`` or else the latest option; a linked date that is not among
        the options falls back to the default with a notice.
        """
        if not options:
            return None
        ss = st.session_state
        dates = ss.setdefault(_DATES, {})
        opts = sorted({pd.Timestamp(o) for o in options})
        default = pd.Timestamp(default) if default is not None else opts[-1]
        by_iso = {o.date().isoformat(): o for o in opts}
        pending = ss.pop(_PENDING_DATE, None)
        if pending is not None:
            if pending in by_iso:
                dates[self.page.key] = pending
            else:
                st.info("Linkets skæringsdato findes ikke i den valgte periode; den seneste "
                        "skæringsdato vises.")
        current = by_iso.get(dates.get(self.page.key) or "", default)
        if current not in opts:
            current = default
        if self.embedded:
            return current
        choice = st.selectbox(label, opts, index=opts.index(current), format_func=format_date,
                              key=f"nt_date_{self.page.key}", placeholder="Vælg en dato")
        choice = pd.Timestamp(choice)
        dates[self.page.key] = None if choice == default else choice.date().isoformat()
        return choice

    def linked_choice(self, key: str) -> object | None:
        """The value of a page key (``presentation.state.PAGE_KEYS``) the shared link asked
        for, once; then the value this page chose before in the session (None: none)."""
        ss = st.session_state
        pending = ss.setdefault(_PENDING_CHOICES, {})
        chosen = ss.setdefault(_CHOICES, {}).setdefault(self.page.key, {})
        if key in pending:
            chosen[key] = pending.pop(key)
        return chosen.get(key)

    def keep_choice(self, key: str, value: object | None) -> None:
        """Keep the page's value of a page key for its link (None: the default, left out)."""
        chosen = st.session_state.setdefault(_CHOICES, {}).setdefault(self.page.key, {})
        chosen[key] = value

    def target(self, default: tuple[int, int] | None = None,
               label: str = "Mål (sager pr. årsværk)") -> tuple[int, int]:
        """The municipality's caseload target, kept in the URL as ``maal``: one whole number
        (``(25, 25)``) or a range such as Herning's 25-30 (``(25, 30)``).

        A linked target that does not validate (see ``presentation.state.parse_target``)
        falls back to ``default`` with a notice. A range typed backwards is put in order.
        ``default`` None is the parameter ``caseload_target`` (``MetricParams``, settings).
        """
        if default is None:
            default = tuple(self.data.params.caseload_target)
        ss = st.session_state
        targets = ss.setdefault(_TARGETS, {})
        pending = ss.pop(_PENDING_TARGET, None)
        if pending is not None:
            try:
                targets[self.page.key] = parse_target(pending)
            except ValueError as exc:
                st.info(f"Linkets mål for sagstal kunne ikke bruges: {exc}. "
                        "Standardmålet bruges.")
        current = targets.get(self.page.key) or default
        if self.embedded:
            return tuple(current)
        key = self.page.key
        left, right, toggle = st.columns([1.6, 1, 1.4], vertical_alignment="bottom")
        is_range = toggle.toggle("Målet er et interval", value=current[0] != current[1],
                                 key=f"nt_target_range_{key}")
        lo = int(left.number_input(label, min_value=1, max_value=MAX_TARGET,
                                   value=int(current[0]), step=1,
                                   key=f"nt_target_lo_{key}"))
        hi = lo
        if is_range:
            hi = int(right.number_input("til", min_value=1, max_value=MAX_TARGET,
                                        value=int(max(current[1], current[0] + 1)), step=1,
                                        key=f"nt_target_hi_{key}"))
        chosen = (min(lo, hi), max(lo, hi))
        targets[key] = None if chosen == tuple(default) else chosen
        return chosen


def share_url(page_key: str, state: UrlState, data: DashboardData,
              visning: str | None = None, *, dato: dt.date | None = None,
              maal: tuple[int, int] | None = None, embed: bool = False, **choices) -> str:
    """The absolute link that reproduces this view (read-only; no session state in it).
    ``choices`` are the page's values of ``presentation.state.PAGE_KEYS``."""
    extra = {k: choices.get(k) for k in PAGE_KEYS}
    params = to_query_params(
        state.model_copy(update={"visning": visning, "dato": dato, "maal": maal, **extra}),
        default_kommune=default_kommune(data))
    if embed:
        params["embed"] = "true"
    try:
        base = st.context.url or ""
    except Exception:
        base = ""
    parts = urlsplit(base) if base else None
    if parts and parts.scheme:
        path = "/" + page_key if page_key != PAGES[0].key else "/"
        return urlunsplit((parts.scheme, parts.netloc, path, urlencode(params), ""))
    query = urlencode(params)
    return f"/{page_key}" + (f"?{query}" if query else "")


_RUN = threading.local()  # set while run_entrypoint() runs the page, per script thread


def _ensure_entrypoint() -> None:
    """Make sure the page runs inside ``app.py``'s navigation.

    With a ``pages/`` folder next to ``app.py``, Streamlit starts in its legacy multipage mode
    and, when a fresh server's first request is for a page's address, runs that page file on
    its own: no page config, no sidebar filters, no URL sync. When a page finds that it was
    not started by :func:`run_entrypoint`, it switches the legacy mode off and runs the
    entrypoint in the same script run (which runs this page inside the navigation), then stops
    the outer run. No rerun is needed, so no click or upload of this run is lost.
    """
    if getattr(_RUN, "active", False):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    run_entrypoint()
    st.stop()


def page_context(page_key: str, title: str | None = None, intro: str | None = None) -> PageContext:
    """Header, stamps and notices for a page; returns its :class:`PageContext`."""
    _ensure_entrypoint()
    page = PAGE_BY_KEY[page_key]
    data = get_data()
    if _STATE not in st.session_state:
        _initial_state(data)
    state = current_state()
    settings = get_settings()
    kommune = state.kommune if state.kommune in data.kommuner else default_kommune(data)
    cut = data.cutoffs
    fra = pd.Timestamp(state.fra) if state.fra else (cut[0] if cut else None)
    til = pd.Timestamp(state.til) if state.til else (cut[-1] if cut else None)
    ctx = PageContext(page=page, data=data, state=state, kommune=kommune, fra=fra, til=til,
                      threshold=settings.suppression_threshold)
    head, side = st.columns([4, 1.2], vertical_alignment="bottom")
    with head:
        heading = title or page.title
        if page.filters and kommune is not None:
            heading = f"{heading} · {kommune_navn(kommune)}"
        st.title(heading, anchor=False)
    if not ctx.embedded:
        with side:
            _share_popover(ctx)
    _stamp(ctx)
    for notice in st.session_state.pop(_NOTICES, []) or []:
        st.info(notice, icon=":material/link_off:")
    if intro:
        st.markdown(intro)
    _computing(ctx)
    return ctx


COMPUTING_TEXT = "Beregner tallene"


def _computing(ctx: PageContext) -> None:
    """A sign of work in progress where the page's charts will come: «Beregner tallene …»
    stands under the introduction while the page computes and is removed when it has run
    (:func:`_done_computing`). Shown at once, not after a delay, so a reader never looks at
    an empty or greyed-out page without knowing that more is coming."""
    if not getattr(_RUN, "active", False):
        return  # a page run without the entrypoint has no one to remove the note
    what = f" for {ctx.kommune_navn}" if ctx.page.filters and ctx.kommune is not None else ""
    slot = st.empty()
    slot.markdown(f":material/hourglass_top: *{COMPUTING_TEXT}{what} …*")
    _RUN.progress = slot


def _done_computing() -> None:
    slot = getattr(_RUN, "progress", None)
    if slot is not None:
        slot.empty()
    _RUN.progress = None


def _share_popover(ctx: PageContext) -> None:
    """Place the «Del link» popover in the header. It is filled after the page has run
    (:func:`_fill_share_popover`), so the link includes the choices the page's own widgets
    made in this run; a page run without the entrypoint fills it at once."""
    popover = st.popover("Del link", icon=":material/share:", width="stretch")
    if getattr(_RUN, "active", False):
        # until the page has run, the popover says why the link is not there yet
        slot = popover.empty()
        slot.markdown(SHARE_PENDING_TEXT)
        _RUN.share = (slot, ctx)
    else:
        _fill_share_popover(popover, ctx)


SHARE_PENDING_TEXT = ("Linket til præcis denne visning kommer her, så snart siden er "
                      "beregnet …")


def _fill_share_popover(popover, ctx: PageContext) -> None:
    ctx = replace(ctx, state=current_state())
    with popover.container():
        choices = _page_choices(ctx.page.key)
        st.markdown("Linket viser præcis denne visning. Det kræver ikke login, kan ikke "
                    "ændre data og indeholder ingen personoplysninger.")
        # wrapped, so the whole link is readable without a scrollbar (which the keyboard
        # could not reach)
        st.code(share_url(ctx.page.key, ctx.state, ctx.data, **choices), language=None,
                wrap_lines=True)
        st.markdown("**Præsentationsvisning** (uden menu, til udvalgsmødet):")
        st.code(share_url(ctx.page.key, ctx.state, ctx.data, **choices, embed=True),
                language=None, wrap_lines=True)


def _stamp(ctx: PageContext) -> None:
    data = ctx.data
    parts = []
    # not in the caption: its faded text would dim the badge below 4.5:1
    if data.shows_sample(ctx.kommune):
        st.markdown(":orange-badge[:material/science: Eksempeldata – opdigtede tal]")
    if ctx.page.filters and ctx.fra is not None and ctx.til is not None:
        parts.append(f"Periode: {format_date(ctx.fra)} – {format_date(ctx.til)}")
    version = _version_text(data)
    if version:
        parts.append(version)
    published = freshness_caption(data)  # e.g. "Danmarks Statistik, FOLK1A, opdateret …"
    if published:
        parts.append(published)
    if parts:
        st.caption(" · ".join(parts))


def _version_text(data: DashboardData) -> str:
    v = data.versions
    if v is None or v.empty or "created_at" not in v.columns:
        return ""
    newest = pd.to_datetime(v["created_at"]).max()
    return f"Dataversion {data.token[:8]} (senest indlæst {format_date(newest)})"




def accessibility_contact() -> str:
    """Where to report an accessibility problem (the setting), for the statement page."""
    return get_settings().accessibility_contact
