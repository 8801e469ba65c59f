"""What the Landet page and the Overblik card take from the services, in one place for the
pages (pages import only Streamlit, ``noegletal.ui`` and ``noegletal.presentation``)."""

from __future__ import annotations

from noegletal.domain.kommuner import kommune_navn
from noegletal.metrics.catalogue import CATALOGUE
from noegletal.services.landet import (
    CAVEAT,
    dates_of,
    default_date,
    derivation,
    landet_view,
    overview_view,
    published_choices,
)

__all__ = ["CATALOGUE", "CAVEAT", "dates_of", "default_date", "derivation", "kommune_navn", "landet_view",
           "overview_view", "published_choices"]
