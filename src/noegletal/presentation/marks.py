"""What the presentation shows for suppressed cells, with the threshold in force.

The metrics layer takes the threshold as an argument; the presentation follows the setting
``suppression_threshold`` (whose default is ``noegletal.metrics.params.SUPPRESSION_THRESHOLD``),
so the ``<5`` mark and the legend change with it.
"""

from __future__ import annotations

from noegletal.metrics.suppression import primary_mark
from noegletal.metrics.suppression import suppression_note as _note


def current_threshold() -> int:
    """The suppression threshold in force (the setting)."""
    from noegletal.settings import get_settings

    return int(get_settings().suppression_threshold)


def suppression_note(threshold: int | None = None) -> str:
    """The Danish legend under tables and charts with hidden cells."""
    return _note(current_threshold() if threshold is None else threshold)


def hidden_mark(threshold: int | None = None) -> str:
    """The mark of a cell hidden because it rests on too few children: ``<5``."""
    return primary_mark(current_threshold() if threshold is None else threshold)


def shown_mark(vises: object, threshold: int | None = None) -> str:
    """The mark a suppressed row shows: its ``vises`` text (``<5`` or ``..``), or the primary
    mark when the row carries none."""
    if isinstance(vises, str) and vises.strip():
        return vises.strip()
    return hidden_mark(threshold)
