"""Cached access to the store and the stored (materialised) catalogue.

The store is opened once per process (``st.cache_resource``). What the pages show is read
from the materialisation the store serves (``services.dashboard.serving``), cached on its
id: every page reuses it until an import or re-activation commits a new one, and then every
session sees the new figures at once. Pages never compute key figures.
"""

from __future__ import annotations

import streamlit as st

from noegletal.services.dashboard import DashboardData, load_dashboard_data, serving
from noegletal.services.materialise import params_key
from noegletal.settings import get_settings
from noegletal.store import Store
from noegletal.store.bootstrap import ensure_sample_data


@st.cache_resource(show_spinner="Åbner databasen …")
def _store(url: str) -> Store:
    settings = get_settings()
    store = Store(url, busy_timeout_s=settings.sqlite_busy_timeout_s)
    ensure_sample_data(store, settings.sample_data_dir, load=settings.load_sample_data)
    return store


def get_store() -> Store:
    return _store(get_settings().effective_database_url)


@st.cache_resource(show_spinner=False, max_entries=4)
def _data(url: str, materialisation_id: int, _info) -> DashboardData:
    return load_dashboard_data(_store(url), materialisation=_info)


def get_data() -> DashboardData:
    """The stored catalogue the store serves now (cached on the materialisation's id)."""
    settings = get_settings()
    url = settings.effective_database_url
    store = _store(url)
    params = settings.metric_params()
    info = store.serving_materialisation(params_key(params))
    if info is None:  # a store from before materialisation, or just filled: compute once
        with st.spinner("Beregner nøgletallene første gang …", show_time=True):
            info = serving(store, params)
    elif not info.current:  # serve the previous state while the current one is computed
        info = serving(store, params)
    return _data(url, info.id, info)
