"""Vectorised conversion between canonical frames and database rows.

Writing: :func:`to_columns` turns a canonical frame into one list of plain Python values per
column (``None`` for missing values, dates as ISO ``YYYY-MM-DD`` text, which SQLite stores as
such and PostgreSQL parses into ``date``).

Reading: :func:`select_columns` selects dates as whole days since 1970-01-01 (computed by the
database), so :func:`rows_to_canonical` can turn them into ``datetime64[ns]`` with integer
arithmetic instead of parsing millions of strings. The dtypes are those of
``noegletal.domain.schema``: ``int`` -> ``int64`` (``Int64`` if optional), ``float`` ->
``float64``, ``date`` -> ``datetime64[ns]``, ``str``/``code`` -> ``object`` with ``None`` for
missing values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import sqlalchemy as sa

from noegletal.domain.schema import EXTRACTS, Column

_EPOCH_JULIAN_DAY = 2440587.5  # julianday('1970-01-01') in SQLite


def canonical_subset(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The canonical columns of ``frame`` in canonical order; nothing else is ever stored.

    Optional columns added to the contract later (``taeller``/``naevner`` of
    ``sammenligning``) may be absent and are stored empty. Raises ``ValueError`` (Danish
    message) when a required canonical column is missing.
    """
    spec = EXTRACTS[kind]
    names = spec.column_names
    absent_optional = [c for c in spec.columns if not c.required and c.name not in frame.columns]
    if absent_optional:
        # An optional column added to the contract later (e.g. ``enhed``): empty throughout.
        frame = frame.assign(**{c.name: _empty_column(c, len(frame)) for c in absent_optional})
    missing = [c for c in names if c not in frame.columns]
    if missing:
        raise ValueError(
            f"Udtrækket '{kind}' mangler kolonnen/kolonnerne {', '.join(missing)}; "
            "kun validerede, kanoniske data kan gemmes."
        )
    return frame.loc[:, names]


def _empty_column(column: Column, n: int):
    if column.kind == "date":
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    if column.kind == "float":
        return np.full(n, np.nan)
    if column.kind == "int":
        return pd.array([pd.NA] * n, dtype="Int64")
    return np.full(n, None, dtype=object)


def _python_values(column: Column, series: pd.Series) -> list:
    if column.kind == "date":
        values = pd.to_datetime(series).to_numpy(dtype="datetime64[ns]")
        days = values.astype("datetime64[D]")
        if (values != days.astype("datetime64[ns]"))[~np.isnat(values)].any():
            raise ValueError(f"Kolonnen '{column.name}' indeholder klokkeslæt; der forventes datoer.")
        # Formatted once per distinct day (an extract's dates repeat a lot).
        codes, uniques = pd.factorize(days.view(np.int64), use_na_sentinel=False)
        text = np.datetime_as_string(uniques.astype("datetime64[D]"), unit="D").astype(object)
        text[np.isnat(uniques.astype("datetime64[D]"))] = None
        return text.take(codes).tolist()
    if column.kind == "int":
        if series.isna().any():
            return pd.array(series, dtype="Int64").to_numpy(dtype=object, na_value=None).tolist()
        return series.to_numpy(dtype="int64").tolist()
    if column.kind == "float":
        values = series.to_numpy(dtype="float64")
        out = values.astype(object)
        out[np.isnan(values)] = None
        return out.tolist()
    # str / code: keep the strings, missing values become None.
    values = series.to_numpy(dtype=object).copy()
    values[pd.isna(values)] = None
    return values.tolist()


def to_columns(kind: str, frame: pd.DataFrame) -> dict[str, list]:
    """Canonical frame -> ``{column: list of plain Python values}`` ready for the driver."""
    frame = canonical_subset(kind, frame)
    return {c.name: _python_values(c, frame[c.name]) for c in EXTRACTS[kind].columns}


def select_columns(table: sa.Table, dialect: str) -> list[sa.ColumnElement]:
    """The canonical columns of an extract table, dates as days since 1970-01-01."""
    spec = EXTRACTS[table.name.removeprefix("extract_")]
    out: list[sa.ColumnElement] = []
    for c in spec.columns:
        col = table.c[c.name]
        if c.kind == "date":
            if dialect == "sqlite":
                days = sa.cast(sa.func.julianday(col) - _EPOCH_JULIAN_DAY, sa.Integer)
            else:
                days = col - sa.cast(sa.literal("1970-01-01"), sa.Date)
            out.append(sa.type_coerce(days, sa.Integer).label(c.name))
        else:
            out.append(sa.type_coerce(col, _read_type(c)).label(c.name))
    return out


def _read_type(column: Column) -> sa.types.TypeEngine:
    # Plain types without result processing: the values arrive exactly as the driver gives them.
    return {"int": sa.Integer(), "float": sa.Float(), "str": sa.Text(), "code": sa.Text()}[
        column.kind
    ]


def _days_to_datetime(values: np.ndarray) -> np.ndarray:
    days = np.asarray(values, dtype="float64")  # None -> NaN
    missing = np.isnan(days)
    out = np.where(missing, 0, days).astype("int64").astype("datetime64[D]").astype(
        "datetime64[ns]"
    )
    out[missing] = np.datetime64("NaT")
    return out


def _dedupe_strings(values: np.ndarray) -> np.ndarray:
    """The same strings, with equal values sharing one object (codes repeat on every row)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    out = np.asarray(uniques, dtype=object).take(codes) if len(uniques) else values.copy()
    out[codes < 0] = None
    return out


def rows_to_canonical(kind: str, rows: list[tuple]) -> pd.DataFrame:
    """Rows fetched from a query built with :func:`select_columns` -> canonical frame with
    the exact dtypes of the module docstring."""
    spec = EXTRACTS[kind]
    matrix = np.empty((len(rows), len(spec.columns)), dtype=object)
    if rows:
        matrix[:] = rows
    out: dict[str, object] = {}
    for j, c in enumerate(spec.columns):
        values = matrix[:, j]
        if c.kind == "date":
            out[c.name] = _days_to_datetime(values)
        elif c.kind == "int":
            if c.required:
                out[c.name] = values.astype("int64")
            else:
                out[c.name] = pd.array(values, dtype="Int64")
        elif c.kind == "float":
            out[c.name] = values.astype("float64")  # None -> NaN
        elif c.kind == "code":
            out[c.name] = _dedupe_strings(values)
        else:
            out[c.name] = values.copy()
    return pd.DataFrame(out, index=pd.RangeIndex(len(rows)))


def as_read_back(kind: str, frame: pd.DataFrame, dialect: str) -> pd.DataFrame:
    """What :func:`rows_to_canonical` would give after ``frame`` (a validated canonical frame,
    rows in file order) was written with :func:`to_columns` and read back: the same dtypes
    and values, without the round trip through the database (used to hand an import's own
    rows to the materialisation in its transaction). SQLite stores ``-0.0`` as ``0``, so it
    reads back as ``0.0`` there."""
    spec = EXTRACTS[kind]
    frame = canonical_subset(kind, frame)
    out: dict[str, object] = {}
    for c in spec.columns:
        series = frame[c.name]
        if c.kind == "date":
            values = pd.to_datetime(series).to_numpy(dtype="datetime64[ns]")
            out[c.name] = values.astype("datetime64[D]").astype("datetime64[ns]")
        elif c.kind == "int":
            if c.required:
                out[c.name] = series.to_numpy(dtype="int64")
            else:
                out[c.name] = pd.array(series, dtype="Int64")
        elif c.kind == "float":
            values = series.to_numpy(dtype="float64", na_value=np.nan)
            out[c.name] = values + 0.0 if dialect == "sqlite" else values.copy()
        else:
            values = series.to_numpy(dtype=object).copy()
            values[pd.isna(values)] = None
            out[c.name] = _dedupe_strings(values) if c.kind == "code" else values
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def empty_canonical(kind: str) -> pd.DataFrame:
    """A canonical frame with no rows and the exact dtypes."""
    return rows_to_canonical(kind, [])
