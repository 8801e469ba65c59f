"""Streamlit glue: cached data access, the page shell (filters, shared links, stamps).

Everything here is thin: key figures come from ``noegletal.services``/``noegletal.metrics``,
figures and texts from ``noegletal.presentation``.
"""
