"""Cached access to the store and the computed catalogue.

The store is opened once per process (``st.cache_resource``). The computed catalogue is
cached on the store's state token, so every page reuses one computation until an analyst
imports or re-activates data, and then every session sees the new figures at once.
"""

from __future__ import annotations

import streamlit as st

from noegletal.services.dashboard import DashboardData, load_dashboard_data
from noegletal.settings import get_settings
from noegletal.store import Store
from noegletal.store.bootstrap import ensure_sample_data


@st.cache_resource(show_spinner="Åbner databasen …")
def _store(url: str) -> Store:
    settings = get_settings()
    store = Store(url)
    ensure_sample_data(store, settings)
    return store


def get_store() -> Store:
    return _store(get_settings().effective_database_url)


@st.cache_resource(show_spinner="Beregner nøgletallene …", max_entries=4)
def _data(url: str, token: str) -> DashboardData:
    return load_dashboard_data(_store(url))


def get_data() -> DashboardData:
    """The computed catalogue for the store's current state (cached on its token)."""
    url = get_settings().effective_database_url
    token = _store(url).state_token()
    data = _data(url, token)
    if data.token != token:  # changed between reading the token and the frames
        _data.clear()
        data = _data(url, _store(url).state_token())
    return data
