"""Upload safety: what an import would do to each municipality's data, before it is done.

Definitions
-----------
*Replace or add* (:data:`HOW_REPLACE`, :data:`HOW_ADD`)
    An import either *replaces* the active version of each extract and municipality in the
    file (the file is the municipality's whole extract), or *adds* the file's rows to it (the
    file holds a new period): the new version is then the active rows plus the file's rows,
    where a file row replaces an active row with the same unique key
    (:data:`noegletal.datain.rules.UNIQUE_KEYS`) or the same values in every column. The
    analyst always chooses; nothing is guessed.
*Change* (:class:`ScopeChange`)
    Per extract and municipality of the file: the rows of the active version and of the new
    version, and for extracts about children the key totals -- children (distinct
    ``barn_id``) and, for ``foranstaltninger``, placements (rows whose ``indsats`` is a
    placement).
*Drop*
    A change whose rows or key totals fall by more than the set share (default 20 %,
    ``NOEGLETAL_UPLOAD_DROP_SHARE``) of the active version. A drop needs an explicit
    confirmation naming the numbers before anything is written; a municipality left with
    almost nothing (under 10 % of its rows) is named as such.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from noegletal.datain.rules import UNIQUE_KEYS
from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.schema import EXTRACTS, NATIONAL
from noegletal.domain.vocabulary import PLACEMENT_CODES
from noegletal.services.imports.checks import CheckedFile
from noegletal.store import Store
from noegletal.store.store import rows_text

HOW_REPLACE = "erstat"
HOW_ADD = "tilfoej"
HOW_LABELS: dict[str, str] = {
    HOW_REPLACE: "Erstat kommunens udtræk med filen",
    HOW_ADD: "Tilføj filens rækker (en ny periode) til de nuværende data",
}
DEFAULT_DROP_SHARE = 0.2
ALMOST_NOTHING = 0.1

TOTAL_LABELS = {"rækker": ("række", "rækker"), "børn": ("barn", "børn"),
                "anbringelser": ("anbringelse", "anbringelser")}


def totals(kind: str, frame: pd.DataFrame) -> dict[str, int]:
    """Rows, and for extracts about children the children and placements, of ``frame``."""
    out = {"rækker": len(frame)}
    if "barn_id" in frame.columns:
        out["børn"] = int(frame["barn_id"].nunique())
    if kind == "foranstaltninger":
        out["anbringelser"] = int(frame["indsats"].isin(PLACEMENT_CODES).sum())
    return out


@dataclass(frozen=True)
class ScopeChange:
    """The active and the new data of one extract for one municipality (see the module
    docstring); ``kommunekode`` None for extracts without one."""

    kind: str
    kommunekode: int | None
    filename: str
    before: dict[str, int]
    after: dict[str, int]

    def drop(self, name: str) -> float:
        b, a = self.before.get(name, 0), self.after.get(name, 0)
        return 0.0 if b == 0 else max(0.0, (b - a) / b)

    def drops(self, share: float) -> list[str]:
        """The totals that fall by more than ``share``."""
        return [n for n in self.before if self.drop(n) > share]

    @property
    def almost_nothing(self) -> bool:
        b = self.before.get("rækker", 0)
        return b > 0 and self.after.get("rækker", 0) < ALMOST_NOTHING * b

    @property
    def scope_name(self) -> str:
        if self.kommunekode is None or self.kommunekode == NATIONAL:
            return "hele landet"
        return kommune_navn(self.kommunekode)

    def text(self, share: float) -> str:
        """Danish: ``Haderslev, foranstaltninger: 17.888 rækker → 1 række (−100 %); ...``."""
        parts = []
        for name in self.before:
            singular, plural = TOTAL_LABELS[name]
            b, a = self.before[name], self.after.get(name, 0)
            part = f"{rows_text(b, plural, singular)} → {rows_text(a, plural, singular)}"
            if name in self.drops(share):
                part += f" (−{int(100 * self.drop(name) + 0.5)} %)"
            parts.append(part)
        label = EXTRACTS[self.kind].label.lower()
        text = f"{self.scope_name}, {label} ({self.filename}): " + "; ".join(parts)
        if self.almost_nothing:
            text += ". Kommunen står tilbage med næsten ingenting"
        return text[0].upper() + text[1:]


def _scope_rows(kind: str, frame: pd.DataFrame, scope: int | None) -> pd.DataFrame:
    if scope is None or "kommunekode" not in frame.columns:
        return frame
    return frame[frame["kommunekode"] == scope]


def combined(kind: str, active: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The active rows plus the new ones, a new row replacing an active row with the same
    unique key (or, without a key, the same values) -- :data:`HOW_ADD`."""
    if active.empty:
        return new.reset_index(drop=True)
    keys = list(UNIQUE_KEYS[kind][0]) if kind in UNIQUE_KEYS else list(new.columns)
    keys = [k for k in keys if k in new.columns]
    marker = new[keys].astype(str).agg("\x1f".join, axis=1)
    old_marker = active[keys].astype(str).agg("\x1f".join, axis=1)
    kept = active[~old_marker.isin(set(marker))]
    return pd.concat([kept, new], ignore_index=True)[list(new.columns)]


def new_frames(store: Store, files: Sequence[CheckedFile], how: str) -> dict[int, pd.DataFrame]:
    """The frame each file's import would store, by position in ``files``: the file's valid
    rows (:data:`HOW_REPLACE`) or the active rows of its municipalities plus them."""
    out = {}
    active = store.active_frames(sorted({f.kind for f in files})) if how == HOW_ADD else {}
    for i, f in enumerate(files):
        frame = f.result.frame
        if how == HOW_ADD and f.kind in active:
            parts = [combined(f.kind, _scope_rows(f.kind, active[f.kind], s),
                              _scope_rows(f.kind, frame, s)) for s in f.scopes]
            frame = pd.concat(parts, ignore_index=True) if parts else frame
        out[i] = frame
    return out


def changes(store: Store, files: Sequence[CheckedFile], how: str,
            frames: dict[int, pd.DataFrame] | None = None) -> list[ScopeChange]:
    """One :class:`ScopeChange` per file and municipality that already has active data
    (``frames``: the result of :func:`new_frames`, computed when not given)."""
    if not files:
        return []
    kinds = sorted({f.kind for f in files})
    active = store.active_frames(kinds)
    frames = frames if frames is not None else new_frames(store, files, how)
    out = []
    for i, f in enumerate(files):
        if f.kind not in active:
            continue
        for scope in f.scopes:
            before = _scope_rows(f.kind, active[f.kind], scope)
            if before.empty:
                continue
            after = _scope_rows(f.kind, frames[i], scope)
            out.append(ScopeChange(f.kind, scope, f.filename, totals(f.kind, before),
                                   totals(f.kind, after)))
    return out


def drops(found: Sequence[ScopeChange], share: float) -> list[ScopeChange]:
    return [c for c in found if c.drops(share) or c.almost_nothing]


def confirmation_text(dropping: Sequence[ScopeChange], share: float,
                      escape: Callable[[str], str] = str) -> str:
    """The Danish warning the analyst confirms (or the refusal when not confirmed), one
    line per change; ``escape`` is applied to each change's text (it holds a file name)."""
    lines = "\n".join(f"- {escape(c.text(share))}." for c in dropping)
    return (f"Importen vil fjerne mere end {int(100 * share + 0.5)} % af de nuværende data for:\n"
            f"{lines}\n\nDe hidtidige versioner gemmes og kan gøres aktive igen, men "
            "dashboardet viser de nye tal med det samme. Er filen kun en del af udtrækket "
            "(fx ét kvartal), så vælg «Tilføj filens rækker» i stedet.")
