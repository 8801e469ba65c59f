"""Presentation building blocks: Danish formatting, colours, Plotly charts, display tables,
exports, the udvalgsrapport, narrative sentences and the URL state of shared links.

Everything here is pure and testable without Streamlit; the pages only arrange these pieces
and never compute a key figure.
"""
