"""The one error type of the Statbank client; its message is Danish and meant for analysts."""

from __future__ import annotations

import json


class StatbankError(Exception):
    """A Statbank call or file that could not be used.

    ``message`` is Danish. ``dst_message`` is Danmarks Statistik's own (Danish) error text,
    unchanged, when DST sent one; ``table`` and ``request`` say what was asked for.
    """

    def __init__(self, message: str, *, table: str | None = None,
                 request: dict | None = None, dst_message: str | None = None,
                 status: int | None = None) -> None:
        self.table = table
        self.request = request
        self.dst_message = dst_message
        self.status = status
        text = message
        if dst_message:
            text += f" Danmarks Statistik svarede: «{dst_message}»."
        if table:
            text += f" Tabel: {table}."
        if request is not None:
            text += f" Forespørgsel: {json.dumps(request, ensure_ascii=False, sort_keys=True)}"
        super().__init__(text)
