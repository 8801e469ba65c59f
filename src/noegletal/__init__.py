"""noegletal: key figures (nøgletal) on children and young people in vulnerable positions.

The package has three layers, kept apart by import-linter contracts (see ``pyproject.toml``):

* ``noegletal.domain`` — vocabulary, file schemas and date arithmetic shared by everyone.
* data in: ``noegletal.datain`` (readers, validation) and ``noegletal.store`` (versioned store).
* key figures: ``noegletal.metrics`` (the catalogue and pure computations on dataframes).
* presentation: ``noegletal.presentation`` (formatting, charts, exports, Streamlit helpers).
"""

__version__ = "0.1.0"
