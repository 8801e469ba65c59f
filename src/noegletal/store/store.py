"""The versioned store of imported extracts.

Definitions used throughout:

*Dataset version*
    One extract kind for one municipality from one import. ``kommunekode`` is the
    municipality, NULL for the national extracts without that column (``udgiftsmodel``,
    ``prisindeks``) and 0 for the national rows of ``sammenligning``. Importing a file with
    rows for three municipalities creates three versions, in one transaction.
*Scope*
    The pair (kind, kommunekode). At most one version per scope is active.
*Status*
    ``aktiv`` (used by the key figures), ``erstattet`` (replaced by a newer import for the
    same scope) or ``inaktiv`` (deactivated by hand, or because an earlier version of the same
    scope was re-activated).
*Duplicate*
    An import of a file whose sha256 checksum equals that of an earlier import of the same
    kind. Nothing is written except an audit entry.

Every write runs in one transaction holding the store's writer lock (see
:mod:`noegletal.store.engine`): an import is all or nothing, and concurrent imports for the
same scope are serialised, so the one that commits last is the active one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import sqlalchemy as sa

from noegletal.datain.cpr import mask_text
from noegletal.domain.calendar import danish_date
from noegletal.domain.formatting import format_quantity
from noegletal.domain.schema import EXTRACTS
from noegletal.store import frames as fr
from noegletal.store import results as res
from noegletal.store.engine import (
    SQLITE_BUSY_TIMEOUT_S,
    StoreError,
    create_store_engine,
    read_transaction,
    write_transaction,
)
from noegletal.store.migrate import upgrade_to_head
from noegletal.store.tables import (
    EXTRACT_TABLES,
    STATUS_ACTIVE,
    STATUS_INACTIVE,
    STATUS_REPLACED,
    audit_log,
    dataset_version,
    import_batch,
    import_source,
    login_throttle,
    store_meta,
    utcnow,
)

DEFAULT_CHUNK_SIZE = 20_000  # rows per INSERT/COPY batch
READ_CHUNK_SIZE = 250_000  # rows fetched and converted at a time
IMPORT_CACHE_KIB = 262_144  # SQLite's page cache while an import writes (256 MiB at most)

# Actions in the audit log.
ACTION_IMPORT = "import"
ACTION_DUPLICATE = "dublet"
ACTION_ACTIVATE = "aktivering"
ACTION_DEACTIVATE = "deaktivering"
ACTION_REFUSED = "afvist_upload"
ACTION_LOGIN_FAILED = "login_afvist"
AUDIT_ACTION_LABELS: dict[str, str] = {
    ACTION_IMPORT: "Import",
    ACTION_DUPLICATE: "Dublet (allerede indlæst)",
    ACTION_ACTIVATE: "Version gjort aktiv",
    ACTION_DEACTIVATE: "Version gjort inaktiv",
    ACTION_REFUSED: "Upload afvist",
    ACTION_LOGIN_FAILED: "Forkert login",
}

# Outcomes in import_batch.
OUTCOME_IMPORTED = "importeret"
OUTCOME_REFUSED = "afvist"

STATUS_LABELS: dict[str, str] = {
    STATUS_ACTIVE: "Aktiv",
    STATUS_INACTIVE: "Inaktiv",
    STATUS_REPLACED: "Erstattet af nyere import",
}

META_SAMPLE_IMPORTS = "sample_import_ids"
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")

ChunkHook = Callable[[int], None]
Materialiser = res.Materialiser
MaterialisationInfo = res.MaterialisationInfo


@dataclass(frozen=True)
class SourceInfo:
    """Where an import came from when it was not the analyst's own file: ``source`` (e.g.
    ``Danmarks Statistik``), the table ids, each table's ``updated`` stamp and the request."""

    source: str
    tables: tuple[str, ...]
    updated: dict[str, str]
    request: dict


@dataclass(frozen=True)
class PendingImport:
    """One validated file waiting to be imported: see :meth:`Store.import_frames`."""

    kind: str
    frame: pd.DataFrame
    filename: str
    checksum: str
    n_refused: int = 0
    source: SourceInfo | None = None


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did.

    ``version_ids``/``kommunekoder`` are the created versions and their municipality (in
    ascending kommunekode order); ``replaced_version_ids`` the versions they replaced. For a
    duplicate, nothing was created and ``duplicate_of`` holds the versions of the earlier
    import with the same checksum.
    """

    kind: str
    filename: str
    checksum: str
    duplicate: bool
    import_id: int | None = None
    version_ids: tuple[int, ...] = ()
    kommunekoder: tuple[int | None, ...] = ()
    n_rows: int = 0
    n_refused: int = 0
    replaced_version_ids: tuple[int, ...] = ()
    duplicate_of: tuple[int, ...] = ()
    duplicate_of_date: str = ""  # Danish date of the earlier import

    @property
    def message(self) -> str:
        """A Danish one-line summary for the analyst."""
        label = EXTRACTS[self.kind].label
        if self.duplicate:
            when = f" den {self.duplicate_of_date}" if self.duplicate_of_date else ""
            return (
                f"Filen {self.filename} er allerede indlæst{when} som {label}; intet er ændret. "
                "Vil du bruge den igen, så gør den tidligere version aktiv under versioner."
            )
        n = len(self.version_ids)
        versions = "1 ny version" if n == 1 else f"{n} nye versioner"
        text = f"{label}: {rows_text(self.n_rows)} indlæst fra {self.filename} ({versions})."
        if self.n_refused:
            text += (" 1 afvist række er ikke gemt." if self.n_refused == 1 else
                     f" {rows_text(self.n_refused, 'afviste rækker')} er ikke gemt.")
        return text


@dataclass(frozen=True)
class StoreSnapshot:
    """The active frames and the state token they belong to, read in one transaction."""

    token: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass(frozen=True)
class _Rows:
    """Rows ``start:stop`` of a frame held in memory (one version written in the current
    transaction; see :meth:`Store._import`)."""

    frame: pd.DataFrame
    start: int
    stop: int

    @property
    def whole(self) -> bool:
        return self.start == 0 and self.stop == len(self.frame)

    def rows(self) -> pd.DataFrame:
        return self.frame if self.whole else self.frame.iloc[self.start:self.stop]


def rows_text(n: int, plural: str = "rækker", singular: str = "række") -> str:
    """``1 række``, ``2 rækker``, ``12.345 rækker``."""
    return format_quantity(n, plural, singular)


def _token(active: Iterable[tuple[int, str]]) -> str:
    """Hash of the sorted (version id, checksum) pairs of the active versions. The checksum
    keeps tokens apart even if a database is recreated and ids start over."""
    text = ",".join(f"{i}:{c}" for i, c in sorted((int(i), c) for i, c in active))
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:20]


def _same_scope(kommunekode: int | None) -> sa.ColumnElement[bool]:
    if kommunekode is None:
        return dataset_version.c.kommunekode.is_(None)
    return dataset_version.c.kommunekode == kommunekode


class Store:
    """The versioned store behind ``url`` (SQLAlchemy URL; SQLite or PostgreSQL).

    Opening a store migrates its database to the newest schema.

    >>> store = Store("sqlite://")
    >>> store.is_empty()
    True
    """

    def __init__(self, url: str, *, chunk_size: int = DEFAULT_CHUNK_SIZE,
                 busy_timeout_s: float = SQLITE_BUSY_TIMEOUT_S) -> None:
        self.engine = create_store_engine(url, busy_timeout_s=busy_timeout_s)
        self.dialect = self.engine.dialect.name
        self.chunk_size = chunk_size
        upgrade_to_head(self.engine)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ imports

    def import_frame(
        self,
        kind: str,
        frame: pd.DataFrame,
        *,
        filename: str,
        checksum: str,
        user: str,
        n_refused: int = 0,
        refused_rows: int | None = None,
        on_chunk: ChunkHook | None = None,
        source: SourceInfo | None = None,
        materialise: Materialiser | None = None,
    ) -> ImportOutcome:
        """Import one canonical frame as new active versions, all rows or none.

        ``checksum`` is the sha256 hex digest of the uploaded file's bytes; ``n_refused`` (or
        its alias ``refused_rows``) the number of rows refused by validation and not imported.
        Only the canonical columns of ``kind`` are stored. ``on_chunk(rows_written)`` is
        called inside the transaction after each chunk of rows is written; an exception it
        raises rolls the whole import back (used by the fault tests). With ``materialise`` the
        catalogue of the new state is computed and stored in the same transaction (see
        :mod:`noegletal.store.results`); a failure there rolls the import back too.
        """
        if refused_rows is not None:
            n_refused = refused_rows
        pending = PendingImport(kind, frame, filename, checksum, n_refused, source)
        with write_transaction(self.engine) as conn, self._large_cache(conn):
            fresh: dict[int, _Rows] | None = {} if materialise is not None else None
            outcome = self._import(conn, pending, user, on_chunk, fresh)
            if materialise is not None:
                self._materialise(conn, materialise, fresh)
            return outcome

    def import_frames(
        self,
        items: Sequence[PendingImport],
        *,
        user: str,
        only_if_empty: bool = False,
        sample_data: bool = False,
        on_chunk: ChunkHook | None = None,
        materialise: Materialiser | None = None,
    ) -> list[ImportOutcome] | None:
        """Import several files in one transaction: all of them or none.

        With ``only_if_empty`` nothing happens (and ``None`` is returned) unless the store
        holds no dataset version; the check runs under the writer lock, so two processes
        doing this at the same time import only once. With ``sample_data`` the imports are
        recorded as the bundled sample data (see :meth:`is_sample_data`). With ``materialise``
        the catalogue of the new state is computed and stored in the same transaction.
        """
        with write_transaction(self.engine) as conn, self._large_cache(conn):
            if only_if_empty and not self._is_empty(conn):
                return None
            fresh: dict[int, _Rows] | None = {} if materialise is not None else None
            outcomes = [self._import(conn, item, user, on_chunk, fresh) for item in items]
            if sample_data:
                known = json.loads(self._get_meta(conn, META_SAMPLE_IMPORTS) or "[]")
                new = [o.import_id for o in outcomes if o.import_id is not None]
                self._set_meta(conn, META_SAMPLE_IMPORTS, json.dumps(sorted({*known, *new})))
            if materialise is not None:
                self._materialise(conn, materialise, fresh)
            return outcomes

    @contextlib.contextmanager
    def _large_cache(self, conn: sa.Connection) -> Iterator[None]:
        """On SQLite, a page cache of up to :data:`IMPORT_CACHE_KIB` while an import writes
        (the default 2 MB makes SQLite spill and re-read pages of a large import: about a
        fifth more CPU and twice the time for 1,8 million rows); the connection's own size
        afterwards, so a server's connections keep their small cache."""
        if self.dialect != "sqlite":
            yield
            return
        dbapi = conn.connection.driver_connection
        before = dbapi.execute("PRAGMA cache_size").fetchone()[0]
        dbapi.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        try:
            yield
        finally:
            dbapi.execute(f"PRAGMA cache_size = {int(before)}")

    def _import(
        self, conn: sa.Connection, item: PendingImport, user: str, on_chunk: ChunkHook | None,
        fresh: dict[int, _Rows] | None = None,
    ) -> ImportOutcome:
        """Write one file's rows as new versions. With ``fresh``, each new version's rows are
        added to it (version id -> the frame a read-back would give, see
        :func:`noegletal.store.frames.as_read_back`), so a materialisation in the same
        transaction need not read them back."""
        kind = item.kind
        # A file name is shown on the public Data page: one holding a CPR number is masked.
        item = replace(item, filename=mask_text(item.filename))
        if kind not in EXTRACT_TABLES:
            raise StoreError(f"Ukendt udtræk '{kind}'.")
        if not _SHA256_HEX.fullmatch(item.checksum):
            raise ValueError("checksum must be the sha256 hex digest of the uploaded file")
        frame = fr.canonical_subset(kind, item.frame)
        if "kommunekode" in frame.columns and frame["kommunekode"].isna().any():
            raise StoreError(f"Filen {item.filename} har rækker uden kommunekode.")
        if frame.empty:
            raise StoreError(
                f"Filen {item.filename} har ingen gyldige rækker at indlæse som "
                f"{EXTRACTS[kind].label}."
            )
        now = utcnow()
        n_refused = int(item.n_refused)

        earlier = conn.execute(
            sa.select(dataset_version.c.id, dataset_version.c.created_at)
            .where(dataset_version.c.kind == kind, dataset_version.c.checksum == item.checksum)
            .order_by(dataset_version.c.id)
        ).all()
        if earlier:
            ids = tuple(int(r.id) for r in earlier)
            self._audit(
                conn, user, ACTION_DUPLICATE, now, kind=kind, filename=item.filename,
                checksum=item.checksum, details={"earlier_version_ids": list(ids)},
            )
            return ImportOutcome(
                kind=kind, filename=item.filename, checksum=item.checksum, duplicate=True,
                n_refused=n_refused, duplicate_of=ids,
                duplicate_of_date=danish_date(earlier[0].created_at.date()),
            )

        import_id = conn.execute(
            import_batch.insert().values(
                created_at=now, created_by=user, filename=item.filename,
                checksum=item.checksum, kinds=kind, outcome=OUTCOME_IMPORTED,
                n_rows=len(frame), n_refused=n_refused,
            )
        ).inserted_primary_key[0]
        if item.source is not None:
            conn.execute(import_source.insert().values(
                import_id=import_id, source=item.source.source,
                tables=",".join(item.source.tables), updated=dict(item.source.updated),
                request=item.source.request,
            ))

        if "kommunekode" in frame.columns:
            counts = frame["kommunekode"].value_counts().sort_index()
            scopes: list[tuple[int | None, int]] = [
                (int(k), int(n)) for k, n in counts.items()
            ]
        else:
            scopes = [(None, len(frame))]

        version_of: dict[int | None, int] = {}
        for kommunekode, n_rows in scopes:
            # Created inactive; switched on below once every row is written.
            version_of[kommunekode] = conn.execute(
                dataset_version.insert().values(
                    kind=kind, kommunekode=kommunekode, import_id=import_id, created_at=now,
                    created_by=user, filename=item.filename, checksum=item.checksum,
                    n_rows=n_rows, n_refused=n_refused, status=STATUS_INACTIVE,
                )
            ).inserted_primary_key[0]

        if "kommunekode" in frame.columns:
            version_ids = frame["kommunekode"].map(version_of).astype("int64").tolist()
        else:
            version_ids = [version_of[None]] * len(frame)
        try:
            self._insert_rows(conn, kind, frame, version_ids, on_chunk)
        except self.engine.dialect.loaded_dbapi.Error as exc:
            # The driver's own message may quote a failing row, so it is not shown to users.
            raise StoreError(
                f"Databasen afviste rækkerne fra {item.filename} ({type(exc).__name__}); "
                "importen er rullet tilbage, og intet er gemt."
            ) from exc

        if fresh is not None:
            stored = fr.as_read_back(kind, frame, self.dialect)
            if "kommunekode" in stored.columns and len(scopes) > 1:
                # A version's rows are the file's rows of its municipality in file order: a
                # stable sort by municipality makes each version one slice.
                codes = stored["kommunekode"].to_numpy()
                if not (codes[1:] >= codes[:-1]).all():
                    order = np.argsort(codes, kind="stable")
                    stored = stored.take(order).reset_index(drop=True)
                    codes = codes[order]
                for kommunekode, _ in scopes:
                    start = int(np.searchsorted(codes, kommunekode, side="left"))
                    stop = int(np.searchsorted(codes, kommunekode, side="right"))
                    fresh[version_of[kommunekode]] = _Rows(stored, start, stop)
            else:
                fresh[version_of[scopes[0][0]]] = _Rows(stored, 0, len(stored))

        replaced: list[int] = []
        for kommunekode, _ in scopes:
            old = self._active_in_scope(conn, kind, kommunekode)
            if old is not None:
                self._set_status(conn, old, STATUS_REPLACED)
                replaced.append(old)
            new = version_of[kommunekode]
            self._set_status(conn, new, STATUS_ACTIVE)
            self._audit(
                conn, user, ACTION_IMPORT, now, kind=kind, kommunekode=kommunekode,
                version_id=new, import_id=import_id, filename=item.filename,
                checksum=item.checksum,
                details={
                    "n_rows": dict(scopes)[kommunekode], "n_refused": n_refused,
                    "replaced_version_id": old,
                },
            )

        return ImportOutcome(
            kind=kind, filename=item.filename, checksum=item.checksum, duplicate=False,
            import_id=int(import_id), version_ids=tuple(version_of[k] for k, _ in scopes),
            kommunekoder=tuple(k for k, _ in scopes), n_rows=len(frame), n_refused=n_refused,
            replaced_version_ids=tuple(replaced),
        )

    def _insert_rows(
        self,
        conn: sa.Connection,
        kind: str,
        frame: pd.DataFrame,
        version_ids: list[int],
        on_chunk: ChunkHook | None,
    ) -> None:
        table = EXTRACT_TABLES[kind]
        columns = fr.to_columns(kind, frame)
        names = ["version_id", *columns]
        values = [version_ids, *columns.values()]
        dbapi = conn.connection.driver_connection
        n = len(frame)
        step = max(1, self.chunk_size)
        if self.dialect == "postgresql":
            copy_sql = f'COPY {table.name} ({", ".join(names)}) FROM STDIN'
            with dbapi.cursor() as cursor:
                for start in range(0, n, step):
                    with cursor.copy(copy_sql) as copy:
                        for row in zip(*(v[start:start + step] for v in values), strict=True):
                            copy.write_row(row)
                    if on_chunk is not None:
                        on_chunk(min(start + step, n))
        else:
            insert_sql = (
                f'INSERT INTO {table.name} ({", ".join(names)}) '
                f'VALUES ({", ".join("?" for _ in names)})'
            )
            cursor = dbapi.cursor()
            try:
                for start in range(0, n, step):
                    cursor.executemany(
                        insert_sql, zip(*(v[start:start + step] for v in values), strict=True)
                    )
                    if on_chunk is not None:
                        on_chunk(min(start + step, n))
            finally:
                cursor.close()

    # --------------------------------------------------------------- activation

    def activate(
        self, version_id: int, user: str, *, materialise: Materialiser | None = None
    ) -> bool:
        """Make ``version_id`` the active version of its scope (re-activation of an earlier
        version); the version active until now becomes ``inaktiv``. Returns False (and writes
        nothing) when the version already was active. With ``materialise`` the catalogue of
        the new state is computed and stored in the same transaction."""
        with write_transaction(self.engine) as conn:
            version = self._version(conn, version_id)
            if version.status == STATUS_ACTIVE:
                return False
            old = self._active_in_scope(conn, version.kind, version.kommunekode)
            if old is not None:
                self._set_status(conn, old, STATUS_INACTIVE)
            self._set_status(conn, version_id, STATUS_ACTIVE)
            self._audit(
                conn, user, ACTION_ACTIVATE, utcnow(), kind=version.kind,
                kommunekode=version.kommunekode, version_id=version_id,
                import_id=version.import_id, filename=version.filename,
                checksum=version.checksum,
                details={"previous_status": version.status, "deactivated_version_id": old},
            )
            if materialise is not None:
                self._materialise(conn, materialise)
            return True

    def deactivate(
        self, version_id: int, user: str, *, materialise: Materialiser | None = None
    ) -> bool:
        """Make an active version ``inaktiv`` without activating another one, so its scope has
        no active data (e.g. a municipality uploaded by mistake). Returns False when the
        version was not active."""
        with write_transaction(self.engine) as conn:
            version = self._version(conn, version_id)
            if version.status != STATUS_ACTIVE:
                return False
            self._set_status(conn, version_id, STATUS_INACTIVE)
            self._audit(
                conn, user, ACTION_DEACTIVATE, utcnow(), kind=version.kind,
                kommunekode=version.kommunekode, version_id=version_id,
                import_id=version.import_id, filename=version.filename,
                checksum=version.checksum, details={},
            )
            if materialise is not None:
                self._materialise(conn, materialise)
            return True

    def record_refused_upload(
        self,
        filename: str,
        checksum: str,
        user: str,
        reason: str,
        *,
        kind: str | None = None,
        details: dict | None = None,
    ) -> int:
        """Record an upload that was refused as a whole. ``reason`` is the Danish explanation
        shown to the analyst; it and ``details`` must not contain cell values (they might be
        personal data). Returns the id of the ``import_batch`` row. A file name that holds
        a CPR number is stored masked."""
        now = utcnow()
        filename = mask_text(filename)
        with write_transaction(self.engine) as conn:
            import_id = conn.execute(
                import_batch.insert().values(
                    created_at=now, created_by=user, filename=filename, checksum=checksum,
                    kinds=kind or "", outcome=OUTCOME_REFUSED, n_rows=0, n_refused=0,
                )
            ).inserted_primary_key[0]
            self._audit(
                conn, user, ACTION_REFUSED, now, kind=kind, import_id=import_id,
                filename=filename, checksum=checksum,
                details={"reason": reason, **(details or {})},
            )
        return int(import_id)

    # ------------------------------------------------------------------ logins

    @staticmethod
    def _login_keys(user: str, client: str | None) -> list[str]:
        name = mask_text((user or "").strip().lower())[:200]
        return [f"bruger:{name}", f"adresse:{(client or 'ukendt').strip()[:200]}"]

    def login_wait(self, user: str, client: str | None, *,
                   now: dt.datetime | None = None) -> float:
        """Seconds until a login for ``user`` from ``client`` may be tried again (0 when it
        may be tried now): the longer of the user name's and the address's lock, counted
        from ``now`` (the current time unless given: tests ask about a fixed moment, so no
        assertion depends on how long the machine took in between)."""
        keys = self._login_keys(user, client)
        now = utcnow() if now is None else now
        with read_transaction(self.engine) as conn:
            until = conn.execute(
                sa.select(sa.func.max(login_throttle.c.locked_until))
                .where(login_throttle.c.key.in_(keys))
            ).scalar_one_or_none()
        if until is None:
            return 0.0
        until = until if until.tzinfo else until.replace(tzinfo=now.tzinfo)
        return max(0.0, (until - now).total_seconds())

    def record_login_failure(self, user: str, client: str | None,
                             lock_seconds: Callable[[int], float]) -> tuple[int, float]:
        """Count a failed login for the user name and for the client address, lock both for
        ``lock_seconds(failures)`` (the larger count of the two decides) and write an audit
        line. Returns ``(failures, seconds locked)``."""
        keys = self._login_keys(user, client)
        now = utcnow()
        with write_transaction(self.engine) as conn:
            counts = dict(conn.execute(
                sa.select(login_throttle.c.key, login_throttle.c.failures)
                .where(login_throttle.c.key.in_(keys))
            ).all())
            failures = max((counts.get(k, 0) for k in keys), default=0) + 1
            wait = float(lock_seconds(failures))
            until = now + dt.timedelta(seconds=wait) if wait > 0 else None
            for key in keys:
                n = counts.get(key, 0) + 1
                if key in counts:
                    conn.execute(login_throttle.update().where(login_throttle.c.key == key)
                                 .values(failures=n, locked_until=until, updated_at=now))
                else:
                    conn.execute(login_throttle.insert().values(
                        key=key, failures=n, locked_until=until, updated_at=now))
            self._audit(conn, keys[0].split(":", 1)[1] or "(tom)", ACTION_LOGIN_FAILED, now,
                        details={"adresse": keys[1].split(":", 1)[1], "forsoeg": failures,
                                 "spaerret_sekunder": int(wait)})
        return failures, wait

    def record_login_success(self, user: str, client: str | None) -> None:
        """A successful login clears the failures of the user name and the address."""
        keys = self._login_keys(user, client)
        with write_transaction(self.engine) as conn:
            conn.execute(login_throttle.delete().where(login_throttle.c.key.in_(keys)))

    # ------------------------------------------------------------- materialised

    def materialise(self, materialise: Materialiser) -> MaterialisationInfo:
        """Compute and store the catalogue of the current state for ``materialise``'s
        parameters, unless it is stored already (checked under the writer lock, so two
        processes doing this at once compute it once). Returns the stored materialisation."""
        with write_transaction(self.engine) as conn:
            mid = self._materialise(conn, materialise)
            return res.by_id(conn, mid)

    def _materialise(self, conn: sa.Connection, materialise: Materialiser,
                     fresh: dict[int, _Rows] | None = None) -> int:
        """Compute and store the catalogue of the state in ``conn`` (unless stored already).
        The active frames are read from the database, except the versions in ``fresh``
        (written in this transaction, see :meth:`_import`), whose rows are taken as they were
        written: the frames are the same either way (versions in id order, rows in the order
        written)."""
        active = conn.execute(
            sa.select(dataset_version.c.id, dataset_version.c.kind, dataset_version.c.checksum)
            .where(dataset_version.c.status == STATUS_ACTIVE)
            .order_by(dataset_version.c.id)
        ).all()
        token = _token((r.id, r.checksum) for r in active)
        existing = res.find(conn, token, materialise.params_key)
        if existing is not None:
            return existing.id
        ids_by_kind: dict[str, list[int]] = {}
        for r in active:
            ids_by_kind.setdefault(r.kind, []).append(int(r.id))
        info_only = frozenset(getattr(materialise, "info_only_kinds", frozenset()))
        reusable = self._reusable(conn, materialise.params_key, active, info_only)
        if reusable is not None:
            frames = {kind: self._active_kind(conn, kind, ids, fresh or {})
                      for kind, ids in ids_by_kind.items() if kind in info_only}
            info = {**materialise.refresh_info(reusable.info, frames),
                    "version_ids": [int(r.id) for r in active]}
            return res.copy(conn, token, materialise.params_key, reusable, info)
        frames = {kind: self._active_kind(conn, kind, ids, fresh or {})
                  for kind, ids in ids_by_kind.items()}
        result = materialise.compute(frames, token)
        del frames
        info = {**result.info, "version_ids": [int(r.id) for r in active]}
        result = replace(result, info=info)
        return res.write(conn, self.dialect, token, materialise.params_key, result)

    def _reusable(self, conn: sa.Connection, params_key: str, active,
                  info_only: frozenset[str]) -> MaterialisationInfo | None:
        """A stored materialisation for ``params_key`` whose state differs from ``active``
        only in versions of the kinds in ``info_only`` (extracts the materialiser uses for
        its ``info`` alone, such as the targets): its rows are those of ``active``."""
        if not info_only:
            return None
        wanted = {int(r.id) for r in active if r.kind not in info_only}
        for old in res.for_params(conn, params_key):
            ids = [int(i) for i in old.info.get("version_ids", [])]
            if not ids:
                continue
            kinds = dict(conn.execute(
                sa.select(dataset_version.c.id, dataset_version.c.kind)
                .where(dataset_version.c.id.in_(ids))).all())
            if len(kinds) != len(set(ids)):
                continue  # a version it was computed from is gone
            if {i for i in ids if kinds[i] not in info_only} == wanted:
                return old
        return None

    def serving_materialisation(self, params_key: str) -> MaterialisationInfo | None:
        """What pages show for these parameters: the materialisation of the current state,
        else the newest one (``current`` False), else None."""
        with read_transaction(self.engine) as conn:
            rows = conn.execute(
                sa.select(dataset_version.c.id, dataset_version.c.checksum).where(
                    dataset_version.c.status == STATUS_ACTIVE
                )
            ).all()
            return res.serving(conn, _token((r.id, r.checksum) for r in rows), params_key)

    def materialisations(self) -> pd.DataFrame:
        """Every stored materialisation (newest first): ``id, state_token, params_key,
        created_at, n_rows``."""
        from noegletal.store.tables import materialisation

        with read_transaction(self.engine) as conn:
            rows = conn.execute(
                sa.select(materialisation.c.id, materialisation.c.state_token,
                          materialisation.c.params_key, materialisation.c.created_at,
                          materialisation.c.n_rows).order_by(materialisation.c.id.desc())
            ).all()
        return pd.DataFrame(rows, columns=["id", "state_token", "params_key", "created_at",
                                           "n_rows"])

    def result_rows(
        self,
        materialisation_id: int,
        *,
        published: bool = False,
        units: bool = False,
        noegletal: Sequence[str] | None = None,
        kommuner: Sequence[int] | None = None,
        dato_from: pd.Timestamp | None = None,
        dato_to: pd.Timestamp | None = None,
    ) -> pd.DataFrame:
        """Stored result rows of one materialisation, filtered in the database (computed
        rows, or with ``published`` the published series: every municipality's rows and
        "Hele landet", kommunekode 0; with ``units`` the unit breakdown)."""
        from noegletal.store.tables import SOURCE_COMPUTED, SOURCE_PUBLISHED, SOURCE_UNITS

        kilde = SOURCE_PUBLISHED if published else SOURCE_UNITS if units else SOURCE_COMPUTED
        with read_transaction(self.engine) as conn:
            return res.read_rows(
                conn, materialisation_id,
                kilde=kilde,
                noegletal=noegletal, kommuner=kommuner, dato_from=dato_from, dato_to=dato_to,
            )

    # ------------------------------------------------------------------ reading

    def active_frames(self, kinds: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
        """Canonical frames of the active versions, by kind.

        Each frame concatenates the active versions of its kind (in version id order, rows
        in file order). Kinds without any active version are left out.
        """
        return self.snapshot(kinds).frames

    def snapshot(self, kinds: Iterable[str] | None = None) -> StoreSnapshot:
        """:meth:`state_token` and :meth:`active_frames` read from one consistent snapshot."""
        wanted = list(EXTRACTS) if kinds is None else list(kinds)
        unknown = [k for k in wanted if k not in EXTRACTS]
        if unknown:
            raise StoreError(f"Ukendt udtræk: {', '.join(unknown)}.")
        with read_transaction(self.engine) as conn:
            active = conn.execute(
                sa.select(dataset_version.c.id, dataset_version.c.kind, dataset_version.c.checksum)
                .where(dataset_version.c.status == STATUS_ACTIVE)
                .order_by(dataset_version.c.id)
            ).all()
            token = _token((r.id, r.checksum) for r in active)
            ids_by_kind: dict[str, list[int]] = {}
            for r in active:
                ids_by_kind.setdefault(r.kind, []).append(int(r.id))
            out: dict[str, pd.DataFrame] = {}
            for kind in wanted:
                if kind in ids_by_kind:
                    out[kind] = self._read_kind(conn, kind, ids_by_kind[kind])
        return StoreSnapshot(token=token, frames=out)

    def _active_kind(self, conn: sa.Connection, kind: str, version_ids: list[int],
                     fresh: dict[int, _Rows]) -> pd.DataFrame:
        """The frame of ``kind``'s active versions (in id order): the ones in ``fresh`` from
        memory, the others read from the database (consecutive ones in one query)."""
        if not any(i in fresh for i in version_ids):
            return self._read_kind(conn, kind, version_ids)
        segments: list[_Rows | list[int]] = []
        for i in version_ids:
            rows = fresh.get(i)
            last = segments[-1] if segments else None
            if rows is None:
                if isinstance(last, list):
                    last.append(i)
                else:
                    segments.append([i])
            elif (isinstance(last, _Rows) and last.frame is rows.frame
                  and last.stop == rows.start):
                segments[-1] = _Rows(rows.frame, last.start, rows.stop)
            else:
                segments.append(rows)
        parts = [self._read_kind(conn, kind, seg) if isinstance(seg, list) else seg.rows()
                 for seg in segments]
        if len(parts) == 1:
            return parts[0].reset_index(drop=True) if isinstance(segments[0], _Rows) and \
                not segments[0].whole else parts[0]
        return pd.concat(parts, ignore_index=True)

    def _read_kind(self, conn: sa.Connection, kind: str, version_ids: list[int]) -> pd.DataFrame:
        table = EXTRACT_TABLES[kind]
        query = (
            sa.select(*fr.select_columns(table, self.dialect))
            .where(table.c.version_id.in_([int(i) for i in version_ids]))
            .order_by(table.c.version_id, table.c.id)
        )
        # The only literals are integer version ids, so rendering them inline is safe; it lets
        # the rows come straight from the driver (no per-row result processing), in chunks.
        sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        dbapi = conn.connection.driver_connection
        if self.dialect == "postgresql":
            cursor = dbapi.cursor(name=f"noegletal_read_{kind}")  # streams from the server
        else:
            cursor = dbapi.cursor()
        parts: list[pd.DataFrame] = []
        try:
            cursor.execute(sql)
            while rows := cursor.fetchmany(READ_CHUNK_SIZE):
                parts.append(fr.rows_to_canonical(kind, rows))
        finally:
            cursor.close()
        if not parts:
            return fr.empty_canonical(kind)
        return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)

    def versions(self, kind: str | None = None, kommunekode: int | None = None) -> pd.DataFrame:
        """The dataset versions (newest first), optionally for one kind and/or municipality.

        Columns: ``id, kind, kommunekode`` (Int64, <NA> for national extracts),
        ``import_id, created_at`` (UTC), ``created_by, filename, checksum, n_rows, n_refused,
        status``.
        """
        query = sa.select(dataset_version).order_by(dataset_version.c.id.desc())
        if kind is not None:
            query = query.where(dataset_version.c.kind == kind)
        if kommunekode is not None:
            query = query.where(dataset_version.c.kommunekode == kommunekode)
        with read_transaction(self.engine) as conn:
            rows = conn.execute(query).all()
        df = pd.DataFrame(rows, columns=list(dataset_version.c.keys()))
        df = df.astype(
            {"id": "int64", "import_id": "int64", "n_rows": "int64", "n_refused": "int64"}
        )
        df["kommunekode"] = pd.array(df["kommunekode"], dtype="Int64")
        df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
        return df

    def sources(self, *, active_only: bool = True) -> pd.DataFrame:
        """The external source of each (active) version that has one, newest first.

        Columns: ``version_id, kind, kommunekode`` (Int64), ``import_id, created_at`` (UTC),
        ``source, tables`` (text), ``updated`` (dict table id -> DST's stamp), ``request``.
        Versions from the analyst's own files are not listed.
        """
        query = (
            sa.select(
                dataset_version.c.id.label("version_id"), dataset_version.c.kind,
                dataset_version.c.kommunekode, dataset_version.c.import_id,
                dataset_version.c.created_at, import_source.c.source, import_source.c.tables,
                import_source.c.updated, import_source.c.request,
            )
            .join(import_source, import_source.c.import_id == dataset_version.c.import_id)
            .order_by(dataset_version.c.id.desc())
        )
        if active_only:
            query = query.where(dataset_version.c.status == STATUS_ACTIVE)
        with read_transaction(self.engine) as conn:
            rows = conn.execute(query).all()
        cols = ["version_id", "kind", "kommunekode", "import_id", "created_at", "source",
                "tables", "updated", "request"]
        df = pd.DataFrame(rows, columns=cols)
        df["kommunekode"] = pd.array(df["kommunekode"], dtype="Int64")
        df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
        return df

    def imports(self) -> pd.DataFrame:
        """Every import and refused upload (``import_batch``), newest first."""
        with read_transaction(self.engine) as conn:
            rows = conn.execute(sa.select(import_batch).order_by(import_batch.c.id.desc())).all()
        df = pd.DataFrame(rows, columns=list(import_batch.c.keys()))
        df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
        return df.astype({"id": "int64", "n_rows": "int64", "n_refused": "int64"})

    def audit_log(self) -> pd.DataFrame:
        """The audit log in the order it was written.

        Columns: ``id, created_at`` (UTC), ``created_by, action`` (see
        :data:`AUDIT_ACTION_LABELS`), ``kind, kommunekode, version_id, import_id`` (Int64),
        ``filename, checksum, details`` (dict).
        """
        with read_transaction(self.engine) as conn:
            rows = conn.execute(sa.select(audit_log).order_by(audit_log.c.id)).all()
        df = pd.DataFrame(rows, columns=list(audit_log.c.keys()))
        df["id"] = df["id"].astype("int64")
        for c in ("kommunekode", "version_id", "import_id"):
            df[c] = pd.array(df[c], dtype="Int64")
        df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
        return df

    def state_token(self) -> str:
        """A token that changes whenever the set of active versions changes (a hash of the
        active version ids and their checksums); equal tokens mean equal active data."""
        with read_transaction(self.engine) as conn:
            rows = conn.execute(
                sa.select(dataset_version.c.id, dataset_version.c.checksum).where(
                    dataset_version.c.status == STATUS_ACTIVE
                )
            ).all()
            return _token((r.id, r.checksum) for r in rows)

    def is_empty(self) -> bool:
        """True when the store holds no dataset version at all (of any status)."""
        with read_transaction(self.engine) as conn:
            return self._is_empty(conn)

    def is_sample_data(self) -> bool:
        """True when at least one active version comes from the bundled sample data."""
        with read_transaction(self.engine) as conn:
            ids = self._get_meta(conn, META_SAMPLE_IMPORTS)
            if not ids:
                return False
            hit = conn.execute(
                sa.select(dataset_version.c.id)
                .where(
                    dataset_version.c.status == STATUS_ACTIVE,
                    dataset_version.c.import_id.in_(json.loads(ids)),
                )
                .limit(1)
            ).first()
            return hit is not None

    def sample_import_ids(self) -> frozenset[int]:
        """The ids of the imports that were the bundled sample data (the data's origin;
        never inferred from a user name)."""
        with read_transaction(self.engine) as conn:
            ids = self._get_meta(conn, META_SAMPLE_IMPORTS)
        return frozenset(int(i) for i in json.loads(ids or "[]"))

    def sample_kommuner(self) -> frozenset[int]:
        """The municipalities with at least one active version from the sample data."""
        ids = self.sample_import_ids()
        if not ids:
            return frozenset()
        with read_transaction(self.engine) as conn:
            rows = conn.execute(
                sa.select(dataset_version.c.kommunekode).distinct().where(
                    dataset_version.c.status == STATUS_ACTIVE,
                    dataset_version.c.import_id.in_(sorted(ids)),
                    dataset_version.c.kommunekode.is_not(None),
                    dataset_version.c.kommunekode != 0,
                )
            ).all()
        return frozenset(int(r.kommunekode) for r in rows)

    def get_meta(self, key: str) -> str | None:
        with read_transaction(self.engine) as conn:
            return self._get_meta(conn, key)

    def set_meta(self, key: str, value: str) -> None:
        with write_transaction(self.engine) as conn:
            self._set_meta(conn, key, value)

    # ---------------------------------------------------------------- internals

    @staticmethod
    def _is_empty(conn: sa.Connection) -> bool:
        return conn.execute(sa.select(dataset_version.c.id).limit(1)).first() is None

    @staticmethod
    def _get_meta(conn: sa.Connection, key: str) -> str | None:
        return conn.execute(
            sa.select(store_meta.c.value).where(store_meta.c.key == key)
        ).scalar_one_or_none()

    @staticmethod
    def _set_meta(conn: sa.Connection, key: str, value: str) -> None:
        conn.execute(store_meta.delete().where(store_meta.c.key == key))
        conn.execute(store_meta.insert().values(key=key, value=value, updated_at=utcnow()))

    @staticmethod
    def _version(conn: sa.Connection, version_id: int) -> sa.Row:
        row = conn.execute(
            sa.select(dataset_version).where(dataset_version.c.id == version_id)
        ).first()
        if row is None:
            raise StoreError(f"Der findes ingen version med nummer {version_id}.")
        return row

    @staticmethod
    def _active_in_scope(conn: sa.Connection, kind: str, kommunekode: int | None) -> int | None:
        return conn.execute(
            sa.select(dataset_version.c.id).where(
                dataset_version.c.kind == kind,
                _same_scope(kommunekode),
                dataset_version.c.status == STATUS_ACTIVE,
            )
        ).scalar_one_or_none()

    @staticmethod
    def _set_status(conn: sa.Connection, version_id: int, status: str) -> None:
        conn.execute(
            dataset_version.update()
            .where(dataset_version.c.id == version_id)
            .values(status=status)
        )

    @staticmethod
    def _audit(
        conn: sa.Connection,
        user: str,
        action: str,
        at,
        *,
        kind: str | None = None,
        kommunekode: int | None = None,
        version_id: int | None = None,
        import_id: int | None = None,
        filename: str | None = None,
        checksum: str | None = None,
        details: dict,
    ) -> None:
        conn.execute(
            audit_log.insert().values(
                created_at=at, created_by=user, action=action, kind=kind,
                kommunekode=kommunekode, version_id=version_id, import_id=import_id,
                filename=filename, checksum=checksum, details=details,
            )
        )
