"""Load the bundled sample data into an empty store.

:func:`ensure_sample_data` imports every ``.csv``/``.xlsx`` file of
the sample-data folder as the first versions of an empty store (user
``eksempeldata``), reading them with the data-in layer exactly as an upload. All files go in
in one transaction, and the "is the store empty?" check runs again under the writer lock
inside that transaction, so two processes starting at the same moment import the sample data
once. The import ids are recorded in ``store_meta`` so the app can tell that it is showing
sample data (:meth:`noegletal.store.Store.is_sample_data`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from noegletal.store.store import ImportOutcome, PendingImport, Store, StoreError

SAMPLE_USER = "eksempeldata"
SAMPLE_SUFFIXES = (".csv", ".xlsx")
_MAX_PROBLEMS_SHOWN = 5


class SampleDataError(StoreError):
    """A bundled sample file did not pass validation (a packaging error, not a user error)."""


def sample_files(directory: Path) -> list[Path]:
    """The data files in ``directory`` (``.csv``/``.xlsx``, not hidden or Excel lock files),
    by name; [] if the directory is missing."""
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in SAMPLE_SUFFIXES
        and not p.name.startswith((".", "~$"))
    )


def _refuse(filename: str, problems) -> SampleDataError:
    errors = [p for p in problems if p.is_error][:_MAX_PROBLEMS_SHOWN]
    details = " ".join(f"{p.location}: {p.message}" for p in errors)
    return SampleDataError(
        f"Eksempelfilen {filename} kunne ikke valideres, så eksempeldata er ikke indlæst. "
        f"{details}".strip()
    )


def read_sample_files(directory: Path) -> list[PendingImport]:
    """Read and validate every sample file as an upload would be; raise
    :class:`SampleDataError` when any file has an error.

    A file named ``indsats_mapping`` holds the municipality's own names for measures; it is
    not imported but used when ``foranstaltninger`` is validated (as in ``load_directory``).
    """
    from noegletal.datain.columns import column_key
    from noegletal.datain.load import MAPPING_NAME, read_and_validate, read_indsats_mapping

    files = sample_files(directory)
    mapping: dict[str, str] = {}
    for path in [p for p in files if column_key(p.stem) == MAPPING_NAME]:
        own, result = read_indsats_mapping(path.read_bytes(), path.name)
        if not result.ok:
            raise _refuse(path.name, result.problems)
        mapping.update(own)

    pending: list[PendingImport] = []
    for path in files:
        if column_key(path.stem) == MAPPING_NAME:
            continue
        raw = path.read_bytes()
        result = read_and_validate(raw, path.name, indsats_mapping=mapping or None)
        if not result.ok or result.kind is None:
            raise _refuse(path.name, result.problems)
        pending.append(
            PendingImport(
                kind=result.kind,
                frame=result.frame,
                filename=path.name,
                checksum=hashlib.sha256(raw).hexdigest(),
                n_refused=0,
            )
        )
    return pending


def ensure_sample_data(store: Store, directory: Path, *,
                       load: bool = True) -> list[ImportOutcome]:
    """Import the sample files of ``directory`` when the store is empty and ``load`` is on
    (the settings ``sample_data_dir`` and ``load_sample_data``, which the caller reads).

    Returns the outcomes of the imports, or ``[]`` when nothing was imported (``load`` off,
    store not empty, another process got there first, or no sample files).
    """
    if not load or not store.is_empty():
        return []
    pending = read_sample_files(directory)
    if not pending:
        return []
    outcomes = store.import_frames(
        pending, user=SAMPLE_USER, only_if_empty=True, sample_data=True
    )
    return outcomes or []
