"""Tilgængelighedserklæring: generated from the latest axe-core check (docs/a11y)."""

import streamlit as st

from noegletal.presentation.accessibility import load_results, statement_markdown
from noegletal.ui.shell import accessibility_contact, page_context

page_context("tilgaengelighed")
st.markdown(statement_markdown(load_results(), contact=accessibility_contact()))
