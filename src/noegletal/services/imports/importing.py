"""Importing checked files in one transaction (see :mod:`noegletal.services.imports`)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from noegletal.domain.formatting import format_count, format_quantity, join_danish
from noegletal.metrics.params import MetricParams
from noegletal.services import materialise
from noegletal.services.imports.checks import (
    MAPPING,
    MODE_ALL,
    MODE_LABELS,
    MODE_VALID,
    READY,
    CheckedFile,
    ProgressHook,
    batch_conflicts,
)
from noegletal.services.imports.permissions import Permissions, scope_text
from noegletal.services.imports.safety import (
    DEFAULT_DROP_SHARE,
    HOW_LABELS,
    HOW_REPLACE,
    ScopeChange,
    changes,
    confirmation_text,
    drops,
    new_frames,
)
from noegletal.store import (
    ImportOutcome,
    PendingImport,
    Store,
    StoreError,
)

log = logging.getLogger(__name__)

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
    # Set when nothing was imported because these changes need the analyst's confirmation.
    to_confirm: list[ScopeChange] = field(default_factory=list)

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
                      f"Gemmer {label}: {format_count(written)} af "
                      f"{format_quantity(self.lengths[self.index])}")
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
    how: str = HOW_REPLACE,
    confirmed: bool = False,
    drop_share: float = DEFAULT_DROP_SHARE,
    params: MetricParams | None = None,
) -> ImportReport:
    """Import the checked files in one transaction (see the module docstring).

    The catalogue of the new state is computed (with ``params``, default from the settings)
    and stored in the same transaction, in a background job (:mod:`noegletal.services.
    materialise`) that this call waits for; if the caller is interrupted, the job finishes
    on its own. Until it commits, every page shows the previous state.

    Nothing is written (and ``ok`` is False) when ``mode`` is :data:`MODE_ALL` and a file
    has errors, when no file can be imported, when two files would replace each other, or
    when the analyst may not manage one of the municipalities. A failure while writing rolls
    the whole import back, leaves the versions active before it active, and is recorded in
    the audit log as a refused upload.

    ``how`` chooses between replacing each municipality's extract and adding the file's rows
    to it (:mod:`noegletal.services.imports.safety`). When the import would remove more
    than ``drop_share`` of a municipality's rows, children or placements, nothing is written
    unless ``confirmed``; the report then names the numbers (``to_confirm``).
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
                          f"{scope_text(forbidden)} ({f.filename}).")

    if how not in HOW_LABELS:
        raise ValueError(f"Ukendt valg mellem at erstatte og tilføje: {how!r}")
    frames = new_frames(store, chosen, how)
    dropping = drops(changes(store, chosen, how, frames), drop_share)
    if dropping and not confirmed:
        report = refuse("Intet er indlæst endnu. " + confirmation_text(dropping, drop_share)
                        + "\n\nBekræft tallene, og importér igen.")
        report.to_confirm = dropping
        return report
    items = [PendingImport(kind=f.kind, frame=frames[i], filename=f.filename,
                           checksum=f.checksum, n_refused=f.n_refused if mode == MODE_VALID
                           else 0)
             for i, f in enumerate(chosen)]
    writes = [f for f in chosen if not f.duplicate_of]

    def work(materialiser, job) -> list[ImportOutcome]:
        def to_job(fraction: float, text: str) -> None:
            job.update(0.4 * fraction, text)

        progress = _Progress([f.n_valid for f in writes], to_job, [f.filename for f in writes])
        return store.import_frames(items, user=user, on_chunk=progress,
                                   materialise=materialiser) or []

    try:
        outcomes = materialise.run_with_materialisation(
            "Importen", work, params=params, on_progress=on_progress).result
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
    return "filerne " + join_danish(names)


def _record_failure(store: Store, files: Sequence[CheckedFile], user: str, message: str,
                    *, code: str = "import_mislykkedes") -> None:
    for f in files:
        try:
            store.record_refused_upload(f.filename, f.checksum, user, message, kind=f.kind,
                                        details={"kode": code, "fejl": f.n_errors,
                                                 "raekker": f.n_rows})
        except StoreError as exc:  # e.g. still locked: the analyst already has the message
            log.info("could not record the failed import of %s: %s", f.filename, exc)
        except Exception:  # the database may be why the import failed
            log.exception("could not record the failed import of %s", f.filename)
