"""Checking uploads before anything is written (see :mod:`noegletal.services.imports`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from noegletal.datain.columns import column_key
from noegletal.datain.cpr import mask_text
from noegletal.datain.interventions import COMPANIONS, check_against_companions, companion_frame
from noegletal.datain.load import MAPPING_NAME, read_and_validate, read_indsats_mapping
from noegletal.datain.problems import FEJL, Problem
from noegletal.datain.readers import read_table
from noegletal.datain.report import problem_table, problems_csv, refused_rows_csv
from noegletal.datain.validation import ROW_COLUMN, ValidationResult
from noegletal.domain.calendar import danish_date
from noegletal.domain.formatting import format_megabytes
from noegletal.domain.schema import EXTRACTS
from noegletal.services.imports.display import COPENHAGEN
from noegletal.services.imports.permissions import Permissions, scope_text
from noegletal.store import (
    Store,
)

log = logging.getLogger(__name__)

MODE_ALL = "alt_eller_intet"
MODE_VALID = "kun_gyldige"
MODE_LABELS: dict[str, str] = {
    MODE_ALL: "Importér alt eller intet",
    MODE_VALID: "Importér kun de gyldige rækker",
}

# Status of a checked file.
READY = "klar"  # no errors: can be imported in either mode
PARTIAL = "delvis"  # some rows refused: only "kun de gyldige rækker"
REFUSED = "afvist"  # refused as a whole: never imported
MAPPING = "oversaettelse"  # the municipality's indsats names: used, not stored

# Why a whole file was refused (kept in the audit log's details; never cell values).
REFUSED_TOO_LARGE = "for_stor"
REFUSED_CPR = "cpr"
REFUSED_PERMISSION = "ingen_adgang"
REFUSED_INVALID = "fil_afvist"
REFUSED_NO_ROWS = "ingen_gyldige_raekker"

PREVIEW_ROWS = 10

ProgressHook = Callable[[float, str], None]

# ------------------------------------------------------------------------ checks


@dataclass(frozen=True)
class Upload:
    """One uploaded file; ``kind`` is the extract chosen by the analyst (None: recognise it
    from the file name or the columns)."""

    filename: str
    data: bytes
    kind: str | None = None


@dataclass
class CheckedFile:
    """One uploaded file after checking (see the module docstring).

    ``kind_source`` tells how the extract was found: ``valgt`` (chosen), ``filnavn`` or
    ``kolonner``. ``refusal`` is the Danish reason the whole file is refused (None when it
    is not) and ``refusal_code`` its code. ``scopes`` are the municipalities of the valid rows
    (None for extracts without kommunekode); ``duplicate_of`` the versions of an earlier
    import of the same file.
    """

    filename: str
    checksum: str
    size: int
    kind: str | None
    kind_source: str
    result: ValidationResult | None
    refusal: str | None = None
    refusal_code: str | None = None
    scopes: tuple[int | None, ...] = ()
    duplicate_of: tuple[int, ...] = ()
    duplicate_date: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    extra_problems: list[Problem] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.kind == MAPPING_NAME and self.refusal is None:
            return MAPPING
        if self.refusal is not None:
            return REFUSED
        return READY if self.result is not None and self.result.ok else PARTIAL

    @property
    def label(self) -> str:
        """Danish name of the extract (or a note that it is unknown)."""
        if self.kind == MAPPING_NAME:
            return "Kommunens betegnelser for indsatser"
        return EXTRACTS[self.kind].label if self.kind in EXTRACTS else "Ukendt udtræk"

    @property
    def problems(self) -> list[Problem]:
        return [*self.extra_problems, *(self.result.problems if self.result else [])]

    @property
    def n_rows(self) -> int:
        return self.result.n_rows if self.result is not None else 0

    @property
    def n_valid(self) -> int:
        if self.result is None or self.refusal is not None:
            return 0
        return self.result.n_valid

    @property
    def n_refused(self) -> int:
        return self.n_rows - self.n_valid

    @property
    def n_errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def n_warnings(self) -> int:
        return sum(not p.is_error for p in self.problems)

    @property
    def cpr_found(self) -> bool:
        return self.result is not None and self.result.cpr_found

    def importable(self, mode: str) -> bool:
        if self.status == READY:
            return True
        return mode == MODE_VALID and self.status == PARTIAL and self.n_valid > 0

    def preview(self, n: int = PREVIEW_ROWS) -> pd.DataFrame | None:
        """The first ``n`` valid rows as the dashboard will read them, with the analyst's row
        number first. None for a refused file (so a file with CPR-like values is never
        shown)."""
        if self.result is None or self.refusal is not None or self.kind == MAPPING_NAME:
            return None
        head = self.result.frame.head(n).copy()
        head.insert(0, ROW_COLUMN, self.result.row_numbers[: len(head)])
        return head

    def problem_table(self) -> pd.DataFrame:
        return problem_table(self.problems)

    def problems_csv(self) -> bytes:
        return problems_csv(self.problems)

    def refused_rows(self) -> pd.DataFrame | None:
        """The refused rows with the analyst's row number and the reason; None for a file
        with CPR-like values (its rows are never handed back)."""
        if self.result is None or self.cpr_found:
            return None
        return self.result.refused_rows

    def refused_rows_csv(self) -> bytes | None:
        rows = self.refused_rows()
        return None if rows is None or rows.empty else refused_rows_csv(rows)


def checksum(data: bytes) -> str:
    """The sha256 hex digest of a file's bytes (the store's duplicate key)."""
    return hashlib.sha256(data).hexdigest()


def _scopes(kind: str, frame: pd.DataFrame) -> tuple[int | None, ...]:
    if "kommunekode" not in EXTRACTS[kind].column_names:
        return (None,)
    return tuple(int(k) for k in np.unique(frame["kommunekode"].to_numpy(dtype=np.int64)))



def _file_problem(filename: str, message: str, kind: str) -> Problem:
    return Problem(filename, None, None, None, message, FEJL, kind)


def _mb(n_bytes: int) -> str:
    return format_megabytes(n_bytes / 1_000_000)


def check_uploads(
    uploads: Sequence[Upload],
    store: Store,
    permissions: Permissions,
    *,
    max_bytes: int | None = None,
    today: dt.date | None = None,
    on_progress: ProgressHook | None = None,
) -> list[CheckedFile]:
    """Read and validate every upload (nothing is written; see the module docstring).

    Files named ``indsats_mapping`` are read first and their mapping is used for the other
    files. ``on_progress(fraction, text)`` is called before each file.
    """
    mapping_uploads = [u for u in uploads if column_key(Path(u.filename).stem) == MAPPING_NAME]
    data_uploads = [u for u in uploads if u not in mapping_uploads]
    ordered = [*mapping_uploads, *data_uploads]
    known = _known_checksums(store)
    mapping: dict[str, str] = {}
    out: list[CheckedFile] = []
    for i, upload in enumerate(ordered):
        if on_progress is not None:
            on_progress(i / max(1, len(ordered)), f"Kontrollerer {mask_text(upload.filename)} …")
        digest = checksum(upload.data)
        if max_bytes is not None and len(upload.data) > max_bytes:
            out.append(CheckedFile(
                mask_text(upload.filename), digest, len(upload.data), upload.kind, "", None,
                refusal=(f"Filen fylder {_mb(len(upload.data))}, og grænsen er "
                         f"{_mb(max_bytes)} pr. fil. Del udtrækket op i flere filer, fx én "
                         "pr. år, eller gem det som CSV, der fylder mindre end Excel."),
                refusal_code=REFUSED_TOO_LARGE))
            continue
        if upload in mapping_uploads:
            own, result = read_indsats_mapping(upload.data, upload.filename)
            checked = CheckedFile(result.filename, digest, len(upload.data), MAPPING_NAME,
                                  "filnavn", result, mapping=own)
            if result.cpr_found:
                checked.refusal, checked.refusal_code = _cpr_refusal(), REFUSED_CPR
            else:
                mapping.update(own)
            out.append(checked)
            continue
        out.append(_check_one(upload, digest, store, permissions, known, today,
                              mapping or None))
    _check_companions(out, ordered, store)
    if on_progress is not None:
        on_progress(1.0, "Kontrollen er færdig.")
    return out


def _check_companions(checked: list[CheckedFile], uploads: Sequence[Upload],
                      store: Store) -> None:
    """Check ``maalinger`` against ``redskaber`` and ``ressourceforbrug`` against
    ``loenninger`` (:mod:`noegletal.datain.interventions`): the table uploaded in the same
    batch, else the active one, else the project's default. ``checked[i]`` belongs to
    ``uploads[i]``."""
    targets = [i for i, c in enumerate(checked) if c.kind in COMPANIONS
               and c.refusal is None and c.result is not None]
    if not targets:
        return
    uploaded = {c.kind: c.result.frame for c in checked
                if c.kind in COMPANIONS.values() and c.refusal is None and c.result is not None}
    wanted = sorted({COMPANIONS[checked[i].kind] for i in targets} - set(uploaded))
    active = store.active_frames(wanted) if wanted else {}
    for i in targets:
        c = checked[i]
        companion = companion_frame(COMPANIONS[c.kind], uploaded, active)
        raw = read_table(uploads[i].data, uploads[i].filename) if i < len(uploads) else None
        c.result = check_against_companions(c.result, companion, raw)
        if c.result.n_valid == 0:
            c.refusal = "Ingen rækker i filen kan indlæses; se fejlene i rapporten nedenfor."
            c.refusal_code = REFUSED_NO_ROWS
        else:
            c.scopes = _scopes(c.kind, c.result.frame)


def _cpr_refusal() -> str:
    return ("Filen indeholder værdier, der ligner CPR-numre, og er afvist uden at blive vist. "
            "Erstat CPR-numrene med pseudonymer i udtrækket, og upload filen igen.")


def _check_one(upload: Upload, digest: str, store: Store, permissions: Permissions,
               known: dict[tuple[str, str], tuple[tuple[int, ...], str]],
               today: dt.date | None, mapping: dict[str, str] | None) -> CheckedFile:
    stem = column_key(Path(upload.filename).stem)
    source = "valgt" if upload.kind else ("filnavn" if stem in EXTRACTS else "kolonner")
    result = read_and_validate(upload.data, upload.filename, kind=upload.kind, today=today,
                               indsats_mapping=mapping)
    checked = CheckedFile(result.filename, digest, len(upload.data), result.kind,
                          source if result.kind else "", result)
    if result.cpr_found:  # first: a CPR file is refused as such, recognised or not
        checked.refusal, checked.refusal_code = _cpr_refusal(), REFUSED_CPR
        return checked
    if result.kind is None:
        hint = next((p.message for p in result.problems
                     if p.kind == "ukendt_udtraek" and "stavefejl" in p.message), None)
        checked.refusal = hint or ("Det kunne ikke afgøres, hvilket udtræk filen indeholder. "
                                   "Vælg udtrækket i listen ved filen, eller ret kolonnenavnene "
                                   "i første række.")
        checked.refusal_code = REFUSED_INVALID
        return checked
    if result.file_refused:
        checked.refusal = ("Filen kan ikke indlæses, som den er; se fejlene i rapporten "
                           "nedenfor (fx en manglende kolonne), ret filen og upload den igen.")
        checked.refusal_code = REFUSED_INVALID
        return checked

    # A file with valid rows for a municipality the analyst may not manage is refused as a
    # whole (it is most likely the wrong file), even in "only the valid rows" mode.
    scopes = _scopes(result.kind, result.frame)
    forbidden = [s for s in scopes if not permissions.allows(s)]
    if forbidden:
        checked.refusal = (
            f"Filen har rækker for {scope_text(forbidden)}, som du ikke har adgang til at "
            f"indlæse data for (du kan indlæse for {permissions.label}). Fjern rækkerne, "
            "eller bed en administrator om adgang."
        )
        checked.refusal_code = REFUSED_PERMISSION
        checked.extra_problems.append(_file_problem(checked.filename, checked.refusal,
                                                    "ingen_adgang"))
        return checked

    if result.n_valid == 0:
        checked.refusal = ("Ingen rækker i filen kan indlæses; se fejlene i rapporten "
                           "nedenfor.")
        checked.refusal_code = REFUSED_NO_ROWS
        return checked
    checked.scopes = scopes
    earlier = known.get((result.kind, digest))
    if earlier:
        checked.duplicate_of, checked.duplicate_date = earlier
    return checked


def _known_checksums(store: Store) -> dict[tuple[str, str], tuple[tuple[int, ...], str]]:
    versions = store.versions()
    if versions.empty:
        return {}
    out: dict[tuple[str, str], tuple[tuple[int, ...], str]] = {}
    for (kind, digest), group in versions.sort_values("id").groupby(["kind", "checksum"]):
        first = group["created_at"].min().tz_convert(COPENHAGEN)
        out[(kind, digest)] = (tuple(int(i) for i in group["id"]), danish_date(first.date()))
    return out


def batch_conflicts(files: Sequence[CheckedFile], mode: str) -> list[str]:
    """Danish messages for files of one import that would replace each other (the same
    extract for the same municipality twice); such an import is not carried out."""
    seen: dict[tuple[str, int | None], str] = {}
    messages = []
    for f in files:
        if not f.importable(mode) or f.kind not in EXTRACTS:
            continue
        for scope in f.scopes:
            key = (f.kind, scope)
            if key in seen and seen[key] != f.filename:
                messages.append(
                    f"Både {seen[key]} og {f.filename} indeholder {EXTRACTS[f.kind].label.lower()} "
                    f"for {scope_text([scope])}. Upload kun én af dem ad gangen."
                )
            seen.setdefault(key, f.filename)
    return messages


def record_refusals(store: Store, files: Sequence[CheckedFile], user: str) -> list[int]:
    """Write every file refused as a whole to the audit log (reason, no cell values);
    returns the ids of the recorded uploads."""
    ids = []
    for f in files:
        if f.refusal is None:
            continue
        details = {"kode": f.refusal_code, "fejl": f.n_errors, "raekker": f.n_rows}
        ids.append(store.record_refused_upload(
            f.filename, f.checksum, user, f.refusal,
            kind=f.kind if f.kind in EXTRACTS else None, details=details,
        ))
    return ids
