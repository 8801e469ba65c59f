"""Materialised key figures: the computed catalogue, stored next to the data it came from.

Definitions
-----------
*Materialisation*
    One row of ``materialisation``: the tidy result of the whole catalogue for one *state*
    of the store (its :meth:`~noegletal.store.Store.state_token`, i.e. the set of active
    versions) and one set of parameters (``params_key``, a hash chosen by the caller), with
    its result rows in ``materialised_result``. ``(state_token, params_key)`` is unique.
*Materialiser*
    What the caller hands the store to compute one: an object with ``params_key`` and
    ``compute(frames, token) -> Materialised``. The store itself knows nothing about key
    figures; it reads the active frames inside its own transaction, calls ``compute`` and
    writes what comes back.
*Serving materialisation*
    What pages show for a ``params_key``: the materialisation of the current state if there
    is one, otherwise the newest one for those parameters (the previous state, while the new
    one is being computed).
*Pruning*
    When a materialisation is written, every older one for the same parameters is deleted,
    and for other parameters all but their newest one (so a second server with other
    parameters keeps serving its previous figures until it has computed its own).

Writing happens inside the transaction of the import, activation or deactivation that
changed the state (all or nothing: a failed computation rolls the change back), or in a
transaction of its own for a state that has no materialisation yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd
import sqlalchemy as sa

from noegletal.domain.schema import RESULT_COLUMNS
from noegletal.store.tables import (
    SOURCE_COMPUTED,
    SOURCE_PUBLISHED,
    SOURCE_UNITS,
    materialisation,
    materialised_result,
    utcnow,
)

WRITE_CHUNK_SIZE = 20_000
_COLUMNS = ("kilde", *RESULT_COLUMNS)


@dataclass(frozen=True)
class Materialised:
    """What a materialiser computed for one state: ``table`` (the computed rows,
    :data:`RESULT_COLUMNS`), ``published`` (the published series of every municipality and
    of "Hele landet", kommunekode 0, same columns, with their taeller and naevner) and
    ``info`` (small JSON-able facts: cut-offs, municipalities, warnings,
    parameters, ...; never cell values of the extracts, except the municipalities' own
    targets, see docs/ARCHITECTURE.md) and ``units`` (the unit breakdown: the computed rows
    per unit, same columns, the unit in ``dimension``)."""

    table: pd.DataFrame
    published: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RESULT_COLUMNS))
    info: dict = field(default_factory=dict)
    units: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RESULT_COLUMNS))


class Materialiser(Protocol):
    """``params_key`` and ``compute``; optionally ``info_only_kinds`` (extracts that feed
    only ``info``, never a row) with ``refresh_info(info, frames) -> info``: a state that
    differs from a stored one only in such extracts then gets the stored rows copied and
    ``refresh_info`` of the stored info with the frames of those kinds."""

    params_key: str

    def compute(self, frames: dict[str, pd.DataFrame], token: str) -> Materialised: ...


@dataclass(frozen=True)
class MaterialisationInfo:
    """One stored materialisation (without its rows). ``current`` tells whether it belongs
    to the state that is active now."""

    id: int
    state_token: str
    params_key: str
    created_at: object
    n_rows: int
    info: dict
    current: bool = True


ProgressHook = Callable[[float, str], None]


def _info(row, current_token: str | None) -> MaterialisationInfo:
    return MaterialisationInfo(
        id=int(row.id), state_token=row.state_token, params_key=row.params_key,
        created_at=row.created_at, n_rows=int(row.n_rows), info=dict(row.info or {}),
        current=current_token is None or row.state_token == current_token,
    )


def find(conn: sa.Connection, token: str, params_key: str) -> MaterialisationInfo | None:
    row = conn.execute(
        sa.select(materialisation).where(
            materialisation.c.state_token == token, materialisation.c.params_key == params_key
        )
    ).first()
    return None if row is None else _info(row, token)


def serving(conn: sa.Connection, token: str, params_key: str) -> MaterialisationInfo | None:
    """The serving materialisation for ``params_key`` (see the module docstring)."""
    hit = find(conn, token, params_key)
    if hit is not None:
        return hit
    row = conn.execute(
        sa.select(materialisation)
        .where(materialisation.c.params_key == params_key)
        .order_by(materialisation.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else _info(row, token)


def by_id(conn: sa.Connection, materialisation_id: int) -> MaterialisationInfo | None:
    row = conn.execute(
        sa.select(materialisation).where(materialisation.c.id == int(materialisation_id))
    ).first()
    return None if row is None else _info(row, None)


def _column_values(frame: pd.DataFrame, kilde: int) -> list[list]:
    n = len(frame)
    dates = pd.to_datetime(frame["dato"]).to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    out: list[list] = [
        [kilde] * n,
        frame["noegletal"].astype(str).tolist(),
        frame["kommunekode"].to_numpy(dtype="int64").tolist(),
        np.datetime_as_string(dates, unit="D").tolist(),
        frame["dimension"].fillna("").astype(str).tolist(),
    ]
    for col in ("vaerdi", "taeller", "naevner"):
        values = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype="float64")
        obj = values.astype(object)
        obj[np.isnan(values)] = None
        out.append(obj.tolist())
    return out


def _insert(conn: sa.Connection, dialect: str, mid: int, columns: list[list]) -> None:
    names = ["materialisation_id", *_COLUMNS]
    n = len(columns[0])
    if n == 0:
        return
    values = [[mid] * n, *columns]
    dbapi = conn.connection.driver_connection
    if dialect == "postgresql":
        sql = f'COPY {materialised_result.name} ({", ".join(names)}) FROM STDIN'
        with dbapi.cursor() as cursor:
            for start in range(0, n, WRITE_CHUNK_SIZE):
                with cursor.copy(sql) as copy:
                    for row in zip(*(v[start:start + WRITE_CHUNK_SIZE] for v in values),
                                   strict=True):
                        copy.write_row(row)
        return
    sql = (f'INSERT INTO {materialised_result.name} ({", ".join(names)}) '
           f'VALUES ({", ".join("?" for _ in names)})')
    cursor = dbapi.cursor()
    try:
        for start in range(0, n, WRITE_CHUNK_SIZE):
            cursor.executemany(
                sql, zip(*(v[start:start + WRITE_CHUNK_SIZE] for v in values), strict=True)
            )
    finally:
        cursor.close()


def write(conn: sa.Connection, dialect: str, token: str, params_key: str,
          result: Materialised) -> int:
    """Store ``result`` as the materialisation of ``(token, params_key)`` (replacing an
    existing one) and prune older ones; returns its id."""
    old = find(conn, token, params_key)
    if old is not None:
        delete(conn, [old.id])
    n_rows = len(result.table) + len(result.published) + len(result.units)
    mid = conn.execute(
        materialisation.insert().values(
            state_token=token, params_key=params_key, created_at=utcnow(), n_rows=n_rows,
            info=result.info,
        )
    ).inserted_primary_key[0]
    _insert(conn, dialect, int(mid), _column_values(result.table, SOURCE_COMPUTED))
    if len(result.published):
        _insert(conn, dialect, int(mid), _column_values(result.published, SOURCE_PUBLISHED))
    if len(result.units):
        _insert(conn, dialect, int(mid), _column_values(result.units, SOURCE_UNITS))
    prune(conn, token, params_key)
    return int(mid)


def for_params(conn: sa.Connection, params_key: str) -> list[MaterialisationInfo]:
    """Every stored materialisation for ``params_key``, newest first."""
    rows = conn.execute(
        sa.select(materialisation).where(materialisation.c.params_key == params_key)
        .order_by(materialisation.c.id.desc())
    ).all()
    return [_info(r, None) for r in rows]


def copy(conn: sa.Connection, token: str, params_key: str, source: MaterialisationInfo,
         info: dict) -> int:
    """Store the rows of ``source`` (copied inside the database) with ``info`` as the
    materialisation of ``(token, params_key)``, then prune as :func:`write` does; returns
    its id. For a state whose key figures are those of ``source`` (see
    :meth:`noegletal.store.Store._materialise`)."""
    old = find(conn, token, params_key)
    if old is not None:
        delete(conn, [old.id])
    mid = int(conn.execute(
        materialisation.insert().values(
            state_token=token, params_key=params_key, created_at=utcnow(),
            n_rows=source.n_rows, info=info,
        )
    ).inserted_primary_key[0])
    columns = [materialised_result.c[name] for name in _COLUMNS]
    conn.execute(materialised_result.insert().from_select(
        ["materialisation_id", *_COLUMNS],
        sa.select(sa.literal(mid, sa.Integer), *columns)
        .where(materialised_result.c.materialisation_id == source.id),
    ))
    prune(conn, token, params_key)
    return mid


def delete(conn: sa.Connection, ids: Iterable[int]) -> None:
    ids = [int(i) for i in ids]
    if not ids:
        return
    conn.execute(
        materialised_result.delete().where(materialised_result.c.materialisation_id.in_(ids))
    )
    conn.execute(materialisation.delete().where(materialisation.c.id.in_(ids)))


def prune(conn: sa.Connection, token: str, params_key: str) -> list[int]:
    """Delete the materialisations that can no longer be served (see the module docstring);
    returns their ids."""
    rows = conn.execute(
        sa.select(materialisation.c.id, materialisation.c.state_token,
                  materialisation.c.params_key).order_by(materialisation.c.id.desc())
    ).all()
    newest: dict[str, int] = {}
    doomed: list[int] = []
    for r in rows:
        key = r.params_key
        if r.state_token == token:
            newest.setdefault(key, int(r.id))
            continue
        if key == params_key or key in newest:
            doomed.append(int(r.id))
        else:
            newest[key] = int(r.id)
    delete(conn, doomed)
    return doomed


def read_rows(
    conn: sa.Connection,
    materialisation_id: int,
    *,
    kilde: int = SOURCE_COMPUTED,
    noegletal: Sequence[str] | None = None,
    kommuner: Sequence[int] | None = None,
    dato_from: pd.Timestamp | None = None,
    dato_to: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Result rows of one materialisation, filtered in the database, as a tidy frame
    (:data:`RESULT_COLUMNS`) in the catalogue's order (noegletal, kommunekode, dato,
    dimension)."""
    t = materialised_result
    days = (
        sa.cast(sa.func.julianday(t.c.dato) - 2440587.5, sa.Integer)
        if conn.dialect.name == "sqlite"
        else t.c.dato - sa.cast(sa.literal("1970-01-01"), sa.Date)
    )
    query = sa.select(
        t.c.noegletal, t.c.kommunekode, sa.type_coerce(days, sa.Integer).label("dato"),
        t.c.dimension, sa.type_coerce(t.c.vaerdi, sa.Float()).label("vaerdi"),
        sa.type_coerce(t.c.taeller, sa.Float()).label("taeller"),
        sa.type_coerce(t.c.naevner, sa.Float()).label("naevner"),
    ).where(t.c.materialisation_id == int(materialisation_id), t.c.kilde == int(kilde))
    if noegletal is not None:
        query = query.where(t.c.noegletal.in_([str(k) for k in noegletal]))
    if kommuner is not None:
        query = query.where(t.c.kommunekode.in_([int(k) for k in kommuner]))
    if dato_from is not None:
        query = query.where(t.c.dato >= pd.Timestamp(dato_from).date())
    if dato_to is not None:
        query = query.where(t.c.dato <= pd.Timestamp(dato_to).date())
    rows = conn.execute(query).all()
    frame = rows_to_frame(rows)
    # Sorted here, not in SQL: PostgreSQL's collation may order text differently.
    order = ["noegletal", "kommunekode", "dato", "dimension"]
    return frame.sort_values(order, kind="stable").reset_index(drop=True)


def rows_to_frame(rows: list) -> pd.DataFrame:
    n = len(rows)
    matrix = np.empty((n, len(RESULT_COLUMNS)), dtype=object)
    if n:
        matrix[:] = [tuple(r) for r in rows]
    days = np.asarray(matrix[:, 2], dtype="int64") if n else np.empty(0, dtype="int64")
    return pd.DataFrame(
        {
            "noegletal": matrix[:, 0].astype(object),
            "kommunekode": np.asarray(matrix[:, 1], dtype="int64"),
            "dato": days.astype("datetime64[D]").astype("datetime64[ns]"),
            "dimension": matrix[:, 3].astype(object),
            "vaerdi": np.asarray(matrix[:, 4], dtype="float64"),
            "taeller": np.asarray(matrix[:, 5], dtype="float64"),
            "naevner": np.asarray(matrix[:, 6], dtype="float64"),
        },
        columns=list(RESULT_COLUMNS),
    )
