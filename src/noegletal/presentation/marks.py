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


def hidden_phrase(threshold: int | None = None) -> str:
    """What a reader sees where a value is hidden, in words: ``færre end 5`` (never a bare
    ``<5``, which in a table of percentages reads as "under 5 %")."""
    n = current_threshold() if threshold is None else int(threshold)
    return f"færre end {n}"


def hidden_cell(vises: object, threshold: int | None = None, noun: str = "børn") -> str:
    """The text of a hidden cell in a table of shares, rates or means: ``færre end 5 børn``
    for a primarily suppressed cell, ``..`` for a secondarily suppressed one."""
    mark = shown_mark(vises, threshold)
    if mark == hidden_mark(threshold):
        return f"{hidden_phrase(threshold)} {noun}"
    return mark
