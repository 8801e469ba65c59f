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


def near_kind(columns: list[str]) -> tuple[str, list[tuple[str, str]]] | None:
    """When :func:`detect_kind` finds nothing: the extract the header would match if some
    columns were spelled right, and those ``(spelled in the file, contract name)`` pairs.

    An extract qualifies when each of its missing required columns has a likely misspelling
    among the header's unknown columns (see :func:`noegletal.datain.validation.near_miss`)
    and at least half of its required columns are matched as they are. The extract with the
    most matched columns wins; a tie gives ``None``.

    >>> near_kind(["Kommunekode", "Barn_ID", "Fødseldato", "Indsats", "Startdato"])
    ('foranstaltninger', [('Fødseldato', 'foedselsdato')])
    """
    from noegletal.datain.validation import near_miss

    scored = []
    for name, spec in EXTRACTS.items():
        match = match_columns(list(columns), spec)
        if match.duplicates or not match.missing:
            continue
        required = [c for c in spec.columns if c.required]
        if 2 * (len(required) - len(match.missing)) < len(required):
            continue
        unknown = [columns[p] for p in match.unknown]
        fixes = []
        for missing in match.missing:
            near = near_miss(spec.column(missing), unknown)
            if near is None:
                break
            fixes.append((near, missing))
        else:
            scored.append((len(match.positions), name, fixes))
    if not scored:
        return None
    scored.sort(key=lambda x: x[0], reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1], scored[0][2]
