"""Key figures: the catalogue and pure computations from canonical frames to tidy results.

This package imports neither Streamlit, Plotly nor the store (import-linter contracts).
"""
