"""Match the header of a file to the columns of an extract.

Two header names are the same column when their *keys* are equal. The key of a name is
:func:`noegletal.domain.vocabulary.normalise_token` (lower case, trimmed, ``æ ø å`` folded to
``ae oe aa``) with every run of characters other than ``a-z``, ``0-9`` and ``_`` replaced by
one ``_`` and leading/trailing ``_`` removed. So ``" Fødselsdato "``, ``foedselsdato`` and
``FØDSELSDATO`` match, and so do ``Antal 0-17`` and ``antal_0_17``. A column also matches
its declared ``aliases`` (see :data:`noegletal.domain.schema.EXTRACTS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from noegletal.domain.schema import ExtractSpec
from noegletal.domain.vocabulary import normalise_token

_NON_KEY = re.compile(r"[^0-9a-z_]+")


def column_key(name: str) -> str:
    """The matching key of a header name (see the module docstring).

    >>> column_key(" Fødsels-dato ")
    'foedsels_dato'
    >>> column_key("Brutto (1.000 kr.)")
    'brutto_1_000_kr'
    """
    return _NON_KEY.sub("_", normalise_token(name)).strip("_")


def spec_keys(spec: ExtractSpec) -> dict[str, str]:
    """Key -> canonical column name for every name and alias of ``spec``."""
    keys: dict[str, str] = {}
    for col in spec.columns:
        for name in (col.name, *col.aliases):
            keys.setdefault(column_key(name), col.name)
    return keys


@dataclass
class ColumnMatch:
    """How the header of a file maps onto an extract.

    ``positions`` maps each canonical column found exactly once to its position in the
    header; ``duplicates`` maps a canonical column found more than once to all its positions;
    ``unknown`` lists positions of header names that are no column of the extract;
    ``missing`` the required columns not found; ``absent_optional`` optional ones not found.
    """

    positions: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    unknown: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    absent_optional: list[str] = field(default_factory=list)

    @property
    def n_matched(self) -> int:
        return len(self.positions) + len(self.duplicates)


def match_columns(header: list[str], spec: ExtractSpec) -> ColumnMatch:
    keys = spec_keys(spec)
    found: dict[str, list[int]] = {}
    match = ColumnMatch()
    for pos, name in enumerate(header):
        canonical = keys.get(column_key(name))
        if canonical is None:
            match.unknown.append(pos)
        else:
            found.setdefault(canonical, []).append(pos)
    for col in spec.columns:
        where = found.get(col.name, [])
        if len(where) == 1:
            match.positions[col.name] = where[0]
        elif len(where) > 1:
            match.duplicates[col.name] = where
        elif col.required:
            match.missing.append(col.name)
        else:
            match.absent_optional.append(col.name)
    return match
