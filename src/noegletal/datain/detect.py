"""Recognise which extract a file holds from its header."""

from __future__ import annotations

from noegletal.datain.columns import match_columns
from noegletal.domain.schema import EXTRACTS


def detect_kind(columns: list[str]) -> str | None:
    """The extract whose columns the header matches best, or ``None``.

    An extract is a candidate when every one of its required columns is in the header
    (matched as in :mod:`noegletal.datain.columns`, so spelling variants and aliases count)
    and no column is found twice. Among candidates the one matching the most header columns
    wins, then the one leaving the fewest header columns unused; a remaining tie (the header
    fits two extracts equally well) gives ``None``.

    >>> detect_kind(["kommunekode", "dato", "antal_0_17"])
    'befolkning'
    >>> detect_kind(["Kommunekode", "Barn_ID", "Fødselsdato", "Indsats", "Startdato"])
    'foranstaltninger'
    >>> detect_kind(["navn", "adresse"]) is None
    True
    """
    scored = []
    for name, spec in EXTRACTS.items():
        match = match_columns(list(columns), spec)
        if match.missing or match.duplicates:
            continue
        scored.append(((len(match.positions), -len(match.unknown)), name))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]
