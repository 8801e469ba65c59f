"""Uploading extracts: check the files, then import them as new dataset versions.

This is the upload flow without Streamlit, so the Data page, tests and scripts share it.

Definitions
-----------
*Permissions* (:class:`Permissions`)
    Which municipalities an analyst may manage, from ``settings.analyst_municipalities``
    (``"alice=510,657;bob=*"``). An empty setting lets every analyst manage everything. When
    the setting is not empty, a user who is not named in it may manage nothing. National
    data (extracts without ``kommunekode`` such as ``prisindeks``, and the national rows of
    ``sammenligning`` with kommunekode 0) change every municipality's figures, so only an
    analyst with ``*`` may upload them.
*Checking* (:func:`check_uploads`)
    Every file is read and validated with :mod:`noegletal.datain` (no writes). A file is
    *refused as a whole* when it is too large, cannot be read or recognised, lacks required
    columns, contains CPR-like values, or holds rows for a municipality the analyst may not
    manage. Otherwise its rows with errors are *refused rows* and the others *valid rows*.
    A file named ``indsats_mapping`` holds the municipality's own names for measures and is
    used (not stored) when ``foranstaltninger`` is validated, as in ``noegletal compute``.
*Modes*
    :data:`MODE_ALL` ("importér alt eller intet"): only when no file has an error; every file
    is imported completely. :data:`MODE_VALID` ("importér kun de gyldige rækker"): the valid
    rows of every file that is not refused as a whole; the number of refused rows is stored
    with the version.
*Import* (:func:`import_checked`)
    All chosen files go into the store in **one** transaction
    (:meth:`noegletal.store.Store.import_frames`): every file and every municipality becomes
    a new active version, or nothing changes at all. A file whose checksum equals an earlier
    import of the same extract is a *duplicate*: the store records it and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from noegletal.datain.columns import column_key
from noegletal.datain.load import MAPPING_NAME, read_and_validate, read_indsats_mapping
from noegletal.datain.problems import FEJL, Problem
from noegletal.datain.report import problem_table, problems_csv, refused_rows_csv
from noegletal.datain.validation import ROW_COLUMN, ValidationResult
from noegletal.domain.calendar import danish_date
from noegletal.domain.formatting import count_phrase
from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.schema import EXTRACTS, NATIONAL
from noegletal.store import (
    AUDIT_ACTION_LABELS,
    STATUS_LABELS,
    ImportOutcome,
    PendingImport,
    Store,
    StoreError,
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
STATUS_TEXT: dict[str, str] = {
    READY: "Klar til import",
    PARTIAL: "Har fejl i enkelte rækker",
    REFUSED: "Afvist",
    MAPPING: "Kommunens betegnelser for indsatser (bruges ved kontrollen, gemmes ikke)",
}

# Why a whole file was refused (kept in the audit log's details; never cell values).
REFUSED_TOO_LARGE = "for_stor"
REFUSED_CPR = "cpr"
REFUSED_PERMISSION = "ingen_adgang"
REFUSED_INVALID = "fil_afvist"
REFUSED_NO_ROWS = "ingen_gyldige_raekker"

PREVIEW_ROWS = 10
COPENHAGEN = ZoneInfo("Europe/Copenhagen")

ProgressHook = Callable[[float, str], None]


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
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


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


def _scope_text(scopes: Sequence[int | None]) -> str:
    names = ["landstal" if s is None or s == NATIONAL else f"{kommune_navn(s)} ({s})"
             for s in scopes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def _file_problem(filename: str, message: str, kind: str) -> Problem:
    return Problem(filename, None, None, None, message, FEJL, kind)


def _mb(n_bytes: int) -> str:
    return f"{n_bytes / 1_000_000:.1f}".replace(".", ",") + " MB"


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
            on_progress(i / max(1, len(ordered)), f"Kontrollerer {upload.filename} …")
        digest = checksum(upload.data)
        if max_bytes is not None and len(upload.data) > max_bytes:
            out.append(CheckedFile(
                upload.filename, digest, len(upload.data), upload.kind, "", None,
                refusal=(f"Filen fylder {_mb(len(upload.data))}, og grænsen er "
                         f"{_mb(max_bytes)} pr. fil. Del udtrækket op i flere filer, fx én "
                         "pr. år, eller gem det som CSV, der fylder mindre end Excel."),
                refusal_code=REFUSED_TOO_LARGE))
            continue
        if upload in mapping_uploads:
            own, result = read_indsats_mapping(upload.data, upload.filename)
            checked = CheckedFile(upload.filename, digest, len(upload.data), MAPPING_NAME,
                                  "filnavn", result, mapping=own)
            if result.cpr_found:
                checked.refusal, checked.refusal_code = _cpr_refusal(), REFUSED_CPR
            else:
                mapping.update(own)
            out.append(checked)
            continue
        out.append(_check_one(upload, digest, store, permissions, known, today,
                              mapping or None))
    if on_progress is not None:
        on_progress(1.0, "Kontrollen er færdig.")
    return out


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
    checked = CheckedFile(upload.filename, digest, len(upload.data), result.kind,
                          source if result.kind else "", result)
    if result.cpr_found:  # first: a CPR file is refused as such, recognised or not
        checked.refusal, checked.refusal_code = _cpr_refusal(), REFUSED_CPR
        return checked
    if result.kind is None:
        checked.refusal = ("Det kunne ikke afgøres, hvilket udtræk filen indeholder. Vælg "
                           "udtrækket i listen ved filen, eller ret kolonnenavnene i første "
                           "række.")
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
            f"Filen har rækker for {_scope_text(forbidden)}, som du ikke har adgang til at "
            f"indlæse data for (du kan indlæse for {permissions.label}). Fjern rækkerne, "
            "eller bed en administrator om adgang."
        )
        checked.refusal_code = REFUSED_PERMISSION
        checked.extra_problems.append(_file_problem(upload.filename, checked.refusal,
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
                    f"for {_scope_text([scope])}. Upload kun én af dem ad gangen."
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


# ------------------------------------------------------------------------ import


@dataclass
class ImportReport:
    """What :func:`import_checked` did. ``ok`` is False when nothing was imported;
    ``message`` is a Danish summary and ``outcomes`` holds one entry per imported file."""

    ok: bool
    message: str
    outcomes: list[ImportOutcome] = field(default_factory=list)
    token_before: str = ""
    token_after: str = ""

    @property
    def changed(self) -> bool:
        return self.token_before != self.token_after

    @property
    def duplicates(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.duplicate]


class _Progress:
    """Turns the store's per-file "rows written" callbacks into one fraction for the
    whole import. ``lengths`` are the row counts of the files that will be written, in
    order (duplicates are left out: the store writes nothing for them)."""

    def __init__(self, lengths: list[int], hook: ProgressHook | None,
                 labels: list[str]) -> None:
        self.lengths, self.hook, self.labels = lengths, hook, labels
        self.total = max(1, sum(lengths))
        self.index = 0
        self.done = 0

    def __call__(self, written: int) -> None:
        if self.hook is not None and self.index < len(self.lengths):
            label = self.labels[self.index]
            self.hook(min(1.0, (self.done + written) / self.total),
                      f"Gemmer {label}: {written:,} af {self.lengths[self.index]:,} rækker"
                      .replace(",", "."))
        if self.index < len(self.lengths) and written >= self.lengths[self.index]:
            self.done += self.lengths[self.index]
            self.index += 1


def import_checked(
    store: Store,
    files: Sequence[CheckedFile],
    *,
    user: str,
    mode: str,
    permissions: Permissions,
    on_progress: ProgressHook | None = None,
) -> ImportReport:
    """Import the checked files in one transaction (see the module docstring).

    Nothing is written (and ``ok`` is False) when ``mode`` is :data:`MODE_ALL` and a file
    has errors, when no file can be imported, when two files would replace each other, or
    when the analyst may not manage one of the municipalities. A failure while writing rolls
    the whole import back, leaves the versions active before it active, and is recorded in
    the audit log as a refused upload.
    """
    if mode not in MODE_LABELS:
        raise ValueError(f"Ukendt importmåde: {mode!r}")
    token_before = store.state_token()

    def refuse(message: str) -> ImportReport:
        return ImportReport(False, message, token_before=token_before, token_after=token_before)

    data_files = [f for f in files if f.status != MAPPING]
    if mode == MODE_ALL:
        broken = [f for f in data_files if f.status != READY]
        if broken:
            message = (f"Intet er indlæst: {_files_text([f.filename for f in broken])} har "
                       "fejl. Ret fejlene og upload igen, eller vælg «Importér kun de gyldige "
                       "rækker».")
            # Files refused as a whole are logged when they are checked (record_refusals);
            # files refused here for their row errors are logged now.
            _record_failure(store, [f for f in broken if f.refusal is None], user, message,
                            code="valideringsfejl")
            return refuse(message)
    chosen = [f for f in data_files if f.importable(mode)]
    if not chosen:
        return refuse("Der er ingen gyldige rækker at indlæse i de valgte filer.")
    conflicts = batch_conflicts(chosen, mode)
    if conflicts:
        return refuse("Intet er indlæst. " + " ".join(conflicts))
    for f in chosen:  # checked again: the permissions may have changed since the check
        forbidden = [s for s in f.scopes if not permissions.allows(s)]
        if forbidden:
            return refuse(f"Intet er indlæst: du har ikke adgang til at indlæse data for "
                          f"{_scope_text(forbidden)} ({f.filename}).")

    items = [PendingImport(kind=f.kind, frame=f.result.frame, filename=f.filename,
                           checksum=f.checksum, n_refused=f.n_refused if mode == MODE_VALID
                           else 0)
             for f in chosen]
    writes = [f for f in chosen if not f.duplicate_of]
    progress = _Progress([f.n_valid for f in writes], on_progress, [f.filename for f in writes])
    try:
        outcomes = store.import_frames(items, user=user, on_chunk=progress) or []
    except StoreError as exc:
        message = f"Importen mislykkedes, og intet er ændret. {exc}"
        _record_failure(store, chosen, user, message)
        return refuse(message)
    except Exception as exc:  # any failure means: rolled back, say so
        log.exception("import failed")
        message = (f"Importen mislykkedes ({type(exc).__name__}), og intet er ændret: de "
                   "hidtidige data er stadig aktive. Prøv igen om lidt; sker det igen, så "
                   "kontakt den driftsansvarlige.")
        _record_failure(store, chosen, user, message)
        return refuse(message)
    if on_progress is not None:
        on_progress(1.0, "Importen er gemt.")
    token_after = store.state_token()
    lines = [o.message for o in outcomes]
    return ImportReport(True, " ".join(lines), outcomes, token_before, token_after)


def _files_text(names: Sequence[str]) -> str:
    if len(names) == 1:
        return f"filen {names[0]}"
    return "filerne " + ", ".join(names[:-1]) + " og " + names[-1]


def _record_failure(store: Store, files: Sequence[CheckedFile], user: str, message: str,
                    *, code: str = "import_mislykkedes") -> None:
    for f in files:
        try:
            store.record_refused_upload(f.filename, f.checksum, user, message, kind=f.kind,
                                        details={"kode": code, "fejl": f.n_errors,
                                                 "raekker": f.n_rows})
        except Exception:  # the database may be why the import failed
            log.exception("could not record the failed import of %s", f.filename)


# ---------------------------------------------------------------- re-activation


def activate_version(store: Store, version_id: int, *, user: str,
                     permissions: Permissions) -> tuple[bool, str]:
    """Make an earlier version active again. Returns ``(changed, Danish message)``; an
    unknown version or a municipality the analyst may not manage changes nothing."""
    versions = store.versions()
    row = versions[versions["id"] == int(version_id)]
    if row.empty:
        return False, f"Der findes ingen version nummer {version_id}."
    v = row.iloc[0]
    scope = None if pd.isna(v["kommunekode"]) else int(v["kommunekode"])
    if not permissions.allows(scope):
        return False, (f"Du har ikke adgang til at ændre data for {_scope_text([scope])}; "
                       "intet er ændret.")
    label = EXTRACTS[v["kind"]].label if v["kind"] in EXTRACTS else v["kind"]
    try:
        changed = store.activate(int(version_id), user)
    except StoreError as exc:
        return False, str(exc)
    if not changed:
        return False, f"Version {version_id} var allerede aktiv; intet er ændret."
    return True, (f"Version {version_id} ({label}, {_scope_text([scope])}, {v['filename']}) "
                  "er nu aktiv igen.")


# ----------------------------------------------------------------- history tables


def local_time(ts: pd.Timestamp | dt.datetime | None) -> str:
    """A UTC timestamp as Danish local time, e.g. ``31. januar 2017 kl. 14.05``."""
    if ts is None or pd.isna(ts):
        return ""
    t = pd.Timestamp(ts)
    t = (t.tz_localize("UTC") if t.tzinfo is None else t).tz_convert(COPENHAGEN)
    return f"{danish_date(t.date())} kl. {t:%H.%M}"


def scope_label(kind: str, kommunekode) -> str:
    """Danish name of a version's scope: the municipality, ``Hele landet`` (kommunekode 0)
    or ``Hele landet (fælles)`` for extracts without kommunekode."""
    if pd.isna(kommunekode):
        return "Hele landet (fælles)"
    return kommune_navn(int(kommunekode)) if int(kommunekode) != NATIONAL else "Hele landet"


def versions_table(versions: pd.DataFrame) -> pd.DataFrame:
    """The versions from :meth:`Store.versions` as a Danish display table, newest first."""
    columns = ["Version", "Udtræk", "Kommune", "Status", "Indlæst", "Af", "Fil",
               "Kontrolsum", "Rækker", "Afviste rækker"]
    if versions.empty:
        return pd.DataFrame(columns=columns)
    v = versions.sort_values("id", ascending=False)
    return pd.DataFrame({
        "Version": v["id"].to_numpy(),
        "Udtræk": v["kind"].map(lambda k: EXTRACTS[k].label if k in EXTRACTS else k).to_numpy(),
        "Kommune": [scope_label(k, c) for k, c in zip(v["kind"], v["kommunekode"], strict=True)],
        "Status": v["status"].map(lambda s: STATUS_LABELS.get(s, s)).to_numpy(),
        "Indlæst": v["created_at"].map(local_time).to_numpy(),
        "Af": v["created_by"].to_numpy(),
        "Fil": v["filename"].to_numpy(),
        "Kontrolsum": v["checksum"].str[:12].to_numpy(),
        "Rækker": v["n_rows"].to_numpy(),
        "Afviste rækker": v["n_refused"].to_numpy(),
    }, columns=columns)


def _details_text(action: str, details) -> str:
    if not isinstance(details, dict):
        return ""
    if "reason" in details:
        return str(details["reason"])
    parts = []
    if details.get("n_rows") is not None:
        parts.append(count_phrase(int(details["n_rows"]), "række", "rækker"))
    if details.get("n_refused"):
        parts.append(count_phrase(int(details["n_refused"]), "afvist række", "afviste rækker")
                     + " ikke gemt")
    if details.get("replaced_version_id") is not None:
        parts.append(f"erstatter version {details['replaced_version_id']}")
    if details.get("deactivated_version_id") is not None:
        parts.append(f"version {details['deactivated_version_id']} gjort inaktiv")
    if details.get("earlier_version_ids"):
        ids = ", ".join(str(i) for i in details["earlier_version_ids"])
        parts.append(f"samme fil som version {ids}")
    return "; ".join(parts)


def table_csv(table: pd.DataFrame) -> bytes:
    """A display table as a CSV for download (UTF-8 with BOM, ``;``, formula-safe text), in
    the same format as the validation report."""
    return refused_rows_csv(table)


def _audit_scope(kind: str | None, kommunekode) -> str:
    if kind not in EXTRACTS:
        return ""
    if "kommunekode" not in EXTRACTS[kind].column_names:
        return "Hele landet (fælles)"
    return "" if pd.isna(kommunekode) else scope_label(kind, kommunekode)


def audit_table(audit: pd.DataFrame) -> pd.DataFrame:
    """The audit log from :meth:`Store.audit_log` as a Danish display table, newest first."""
    columns = ["Tidspunkt", "Bruger", "Handling", "Udtræk", "Kommune", "Version", "Fil",
               "Detaljer"]
    if audit.empty:
        return pd.DataFrame(columns=columns)
    a = audit.sort_values("id", ascending=False)
    kinds = a["kind"].map(lambda k: EXTRACTS[k].label if k in EXTRACTS else (k or ""))
    kommune = [_audit_scope(k, c) for k, c in zip(a["kind"], a["kommunekode"], strict=True)]
    return pd.DataFrame({
        "Tidspunkt": a["created_at"].map(local_time).to_numpy(),
        "Bruger": a["created_by"].to_numpy(),
        "Handling": a["action"].map(lambda x: AUDIT_ACTION_LABELS.get(x, x)).to_numpy(),
        "Udtræk": kinds.to_numpy(),
        "Kommune": kommune,
        "Version": a["version_id"].astype("Int64").array,
        "Fil": a["filename"].fillna("").to_numpy(),
        "Detaljer": [_details_text(x, d) for x, d in zip(a["action"], a["details"],
                                                         strict=True)],
    }, columns=columns)
