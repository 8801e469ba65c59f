"""Which municipalities an analyst may manage (see :mod:`noegletal.services.imports`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from noegletal.domain.formatting import join_danish
from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.schema import NATIONAL

# ------------------------------------------------------------------ permissions


@dataclass(frozen=True)
class Permissions:
    """The municipalities an analyst may manage; ``kommuner=None`` means all of them and the
    national data (see the module docstring)."""

    kommuner: frozenset[int] | None

    @property
    def everything(self) -> bool:
        return self.kommuner is None

    def allows(self, kommunekode: int | None) -> bool:
        """May the analyst import or re-activate data for this scope? ``None`` and 0 are the
        national scopes."""
        if self.kommuner is None:
            return True
        if kommunekode is None or int(kommunekode) == NATIONAL:
            return False
        return int(kommunekode) in self.kommuner

    @property
    def label(self) -> str:
        """Danish description, e.g. ``Haderslev (510) og Herning (657)``."""
        if self.kommuner is None:
            return "alle kommuner og landstal"
        if not self.kommuner:
            return "ingen kommuner"
        names = [f"{kommune_navn(k)} ({k})" for k in sorted(self.kommuner)]
        return join_danish(names)


ALL = Permissions(None)
NOTHING = Permissions(frozenset())


def parse_permissions(text: str) -> dict[str, Permissions]:
    """Parse ``"alice=510,657;bob=*"`` into permissions per user (user names lower-cased).

    Raises ``ValueError`` with a Danish message when the text is malformed.

    >>> p = parse_permissions("alice=510, 657; Bob=*")
    >>> sorted(p["alice"].kommuner), p["bob"].everything
    ([510, 657], True)
    """
    out: dict[str, Permissions] = {}
    for part in (p.strip() for p in (text or "").split(";")):
        if not part:
            continue
        user, sep, codes = part.partition("=")
        user = user.strip().lower()
        if not sep or not user:
            raise ValueError(
                f"Kan ikke læse «{part}» i NOEGLETAL_ANALYST_MUNICIPALITIES; skriv fx "
                "«alice=510,657;bob=*»."
            )
        values = [c.strip() for c in codes.split(",") if c.strip()]
        if "*" in values:
            out[user] = ALL
            continue
        try:
            kommuner = frozenset(int(v) for v in values)
        except ValueError:
            raise ValueError(
                f"Kommunekoderne for «{user}» i NOEGLETAL_ANALYST_MUNICIPALITIES skal være "
                "tal adskilt af komma, eller * for alle."
            ) from None
        out[user] = Permissions(kommuner)
    return out


def permissions_for(text: str, *identities: str | None) -> Permissions:
    """The permissions of the first of ``identities`` (user name, e-mail, ...) named in the
    setting ``text``. An empty setting gives everyone everything; a user who is not named
    gets nothing."""
    table = parse_permissions(text)
    if not table:
        return ALL
    for ident in identities:
        if ident and ident.strip().lower() in table:
            return table[ident.strip().lower()]
    return NOTHING



def scope_text(scopes: Sequence[int | None]) -> str:
    names = ["landstal" if s is None or s == NATIONAL else f"{kommune_navn(s)} ({s})"
             for s in scopes]
    return join_danish(names)
