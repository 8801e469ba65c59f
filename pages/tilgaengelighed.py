"""Tilgængelighedserklæring: generated from the latest axe-core check (docs/a11y)."""

import streamlit as st

from noegletal.presentation.accessibility import load_results, statement_markdown
from noegletal.settings import get_settings
from noegletal.ui.shell import page_context

page_context("tilgaengelighed")
st.markdown(statement_markdown(load_results(), contact=get_settings().accessibility_contact))
