"""Fetching Danmarks Statistik's published figures into the store, like any upload.

:func:`fetch_source` asks the Statbank (through :class:`~noegletal.datain.statbank.StatbankClient`)
for the tables of one source (``befolkning``, ``sammenligning`` or ``udgifter``, see
:data:`noegletal.datain.statbank.mappings.SOURCES`) and derives the contract extract;
:func:`read_files` does the same from CSV files an analyst downloaded by hand.
:func:`store_fetched` then writes the extract as the contract's CSV text, validates that text
with exactly the rules of an upload (:func:`noegletal.datain.load.read_and_validate`) and
imports it as new dataset versions with the source, table ids, DST's ``updated`` stamps and
the request (:class:`noegletal.store.SourceInfo`).

The checksum is the sha256 of that CSV text, so fetching again when DST has not updated, or
importing a hand-downloaded file with the same content as a fetch, is recognised by the store
as a duplicate and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from noegletal.datain.load import read_and_validate
from noegletal.datain.statbank import StatbankClient, StatbankError, parse_csv
from noegletal.datain.statbank.mappings import (
    SOURCE_LABELS,
    SOURCE_NAME,
    SOURCES,
    TABLES,
    derive_source,
    source_tables,
    table_of_columns,
)
from noegletal.domain.calendar import danish_date
from noegletal.domain.schema import EXTRACTS, NATIONAL
from noegletal.services import materialise
from noegletal.store import ImportOutcome, SourceInfo, Store

Progress = Callable[[float, str], None]  # (fraction done 0-1, Danish text)

# The columns that identify a row, for "what changed since the last fetch".
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "befolkning": ("kommunekode", "dato"),
    "sammenligning": ("kommunekode", "noegletal", "dato", "dimension"),
    "udgifter": ("kommunekode", "aar", "funktion", "regnskabstype"),
}
VALUE_COLUMNS: dict[str, tuple[str, ...]] = {
    "befolkning": ("antal_0_17",),
    "sammenligning": ("vaerdi",),
    "udgifter": ("brutto_1000_kr", "netto_1000_kr"),
}


@dataclass
class Fetched:
    """One source's extract, ready to be stored."""

    source: str
    kind: str
    frame: pd.DataFrame
    tables: tuple[str, ...]
    updated: dict[str, str]  # table id -> DST's "updated" ("" when unknown: a file)
    request: dict
    notes: list[str] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{SOURCE_NAME} {'+'.join(self.tables)}.csv"


@dataclass
class StoredFetch:
    fetched: Fetched
    outcome: ImportOutcome
    changes: str  # Danish: what changed compared with the versions active before

    @property
    def message(self) -> str:
        if self.outcome.duplicate:
            return (f"{SOURCE_LABELS[self.fetched.source]}: Danmarks Statistik har ikke "
                    "opdateret tallene siden sidste hentning; intet er ændret.")
        return f"{self.outcome.message} {self.changes}".strip()


def _progress(progress: Progress | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(min(max(fraction, 0.0), 1.0), text)


def fetch_source(client: StatbankClient, source: str, *, kommuner: Iterable[int] | None = None,
                 fra: int | None = None, progress: Progress | None = None) -> Fetched:
    """Fetch every table ``source`` needs (``tableinfo`` first, then the data, split under
    the cell limit) and derive its extract."""
    if source not in SOURCES:
        raise StatbankError(f"Ukendt kilde «{source}»; vælg {', '.join(SOURCES)}.")
    kind, _ = SOURCES[source]
    tables = source_tables(source)
    frames: dict[str, pd.DataFrame] = {}
    updated: dict[str, str] = {}
    calls: list[dict] = []
    wanted = sorted({int(k) for k in kommuner}) if kommuner else None
    for i, table in enumerate(tables):
        _progress(progress, i / (len(tables) + 1), f"Læser tabelbeskrivelsen for {table} …")
        info = client.tableinfo(table)
        updated[table] = info.updated
        request = TABLES[table].request(info, kommuner=wanted, fra=fra)
        _progress(progress, (i + 0.5) / (len(tables) + 1), f"Henter {table} …")
        before = len(client.log.calls)
        frames[table] = client.data(request)
        calls.extend(client.log.calls[before:])
    _progress(progress, len(tables) / (len(tables) + 1), "Udleder tallene …")
    frame, notes = derive_source(source, frames)
    return Fetched(source, kind, frame, tables, updated,
                   {"kilde": "api", "kommuner": wanted, "fra": fra, "kald": calls}, notes)


def read_files(files: Sequence[tuple[str, bytes]], *, tables: Sequence[str | None] | None = None,
               source: str | None = None) -> list[Fetched]:
    """The sources that CSV files downloaded by hand from the Statbank make complete.

    ``files`` are (file name, bytes). The table of each file is ``tables[i]`` when given,
    else the file name (``ANBAAR9.csv``) or, for FOLK1A and REGK31, its header. ``source``
    limits the result to one source; otherwise every source whose tables are all present is
    derived (a source missing a table is an error only when asked for).
    """
    frames: dict[str, pd.DataFrame] = {}
    names: dict[str, str] = {}
    for i, (name, data) in enumerate(files):
        parsed = parse_csv(data, source=name)
        table = (tables[i] if tables and i < len(tables) else None) or _table_from_name(name)
        table = table or table_of_columns(parsed.columns)
        if table is None or table.upper() not in TABLES:
            raise StatbankError(
                f"Det kan ikke afgøres, hvilken tabel {name} er fra. Giv filen tabellens navn "
                f"(fx ANBAAR9.csv) eller angiv --tabel ({', '.join(TABLES)}).")
        table = table.upper()
        if table in frames:
            raise StatbankError(f"Tabellen {table} er med to gange ({names[table]} og {name}).")
        frames[table], names[table] = parsed, name
    wanted = [source] if source else list(SOURCES)
    out: list[Fetched] = []
    for s in wanted:
        need = source_tables(s)
        missing = [t for t in need if t not in frames]
        if missing:
            if source:
                raise StatbankError(f"{SOURCE_LABELS[s]} kræver også tabellen "
                                    f"{', '.join(missing)}.")
            continue
        frame, notes = derive_source(s, {t: frames[t] for t in need})
        out.append(Fetched(s, SOURCES[s][0], frame, need, {t: "" for t in need},
                           {"kilde": "fil", "filer": [names[t] for t in need]}, notes))
    if not out:
        raise StatbankError("Filerne gør ingen kilde komplet: befolkning kræver FOLK1A, "
                            "udgifter REGK31, og sammenligningstal ANBAAR9, ISBU02, UND2 og FOLK1A.")
    return out


def _table_from_name(name: str) -> str | None:
    stem = Path(name).stem.upper()
    return stem if stem in TABLES else None


def contract_csv(kind: str, frame: pd.DataFrame) -> bytes:
    """The extract as the contract's CSV text (UTF-8, ``,``, ISO dates, decimal point, the
    contract's columns in order; values rounded to 10 significant decimals so the text does
    not depend on the order floating-point sums were taken in)."""
    out = pd.DataFrame(index=frame.index)
    for col in EXTRACTS[kind].columns:
        values = frame[col.name] if col.name in frame.columns else pd.Series(None, index=frame.index)
        if col.kind == "date":
            text = np.datetime_as_string(pd.to_datetime(values).to_numpy().astype(
                "datetime64[D]"), unit="D")
            out[col.name] = np.where(text == "NaT", "", text)
        elif col.kind == "float":
            v = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
            out[col.name] = ["" if np.isnan(x) else repr(float(round(x, 10))) for x in v]
        else:
            out[col.name] = values.map(lambda x: "" if x is None or (isinstance(x, float)
                                                                      and np.isnan(x)) else str(x))
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def changes_text(kind: str, before: pd.DataFrame | None, after: pd.DataFrame) -> str:
    """Danish summary of what ``after`` changes compared with the active rows ``before`` for
    the same municipalities: new rows (and the newest period), changed values, removed rows."""
    keys, values = list(ROW_KEYS[kind]), list(VALUE_COLUMNS[kind])
    period = "dato" if "dato" in keys else "aar"
    if before is not None:
        before = before[before["kommunekode"].isin(after["kommunekode"].unique())]
    if before is None or before.empty:
        return "Der var ingen tal for disse kommuner før."

    def norm(df: pd.DataFrame) -> pd.DataFrame:
        d = df[keys + values].copy()
        for k in keys:
            d[k] = d[k].astype(str)
        return d.drop_duplicates(keys).set_index(keys)

    a, b = norm(after), norm(before)
    new = a.index.difference(b.index)
    gone = b.index.difference(a.index)
    both = a.index.intersection(b.index)
    diff = ~np.isclose(a.loc[both, values].to_numpy(float), b.loc[both, values].to_numpy(float),
                       rtol=0, atol=1e-9, equal_nan=True).all(axis=1)
    parts = []
    if len(new):
        newest = max(a.loc[new].reset_index()[period])
        parts.append(f"{len(new)} nye rækker (nyeste {period} {newest[:10]})")
    parts.append(f"{int(diff.sum())} ændrede værdier" if diff.any() else "ingen ændrede værdier")
    if len(gone):
        parts.append(f"{len(gone)} rækker ikke længere med")
    return "Siden sidst: " + ", ".join(parts) + "."


def store_fetched(store: Store, fetched: Fetched, *, user: str, national: bool = True,
                  progress: Progress | None = None) -> StoredFetch:
    """Validate ``fetched`` as an upload of its extract and import it (see module doc).

    With ``national=False`` (an analyst who may not manage every municipality) the national
    rows (kommunekode 0) are left out: they change every municipality's comparison.
    """
    kind = fetched.kind
    frame = fetched.frame
    if not national and "kommunekode" in frame.columns:
        frame = frame[frame["kommunekode"] != NATIONAL].reset_index(drop=True)
    data = contract_csv(kind, frame)
    result = read_and_validate(data, f"{kind}.csv", kind)
    if not result.ok:
        shown = "; ".join(f"{p.location}: {p.message}" for p in result.errors[:5])
        raise StatbankError(f"Tallene fra Danmarks Statistik bestod ikke valideringen af "
                            f"{EXTRACTS[kind].label}: {shown}")
    before = store.active_frames([kind]).get(kind)
    changes = changes_text(kind, before, result.frame)
    _progress(progress, 0.9, "Gemmer en ny dataversion …")
    request = {**fetched.request, "aendringer": changes, "noter": list(fetched.notes)}
    # The key figures of the new state are computed and stored in the same transaction
    # (the published series are served from there: no page reads the raw extract).
    materialiser = materialise.CatalogueMaterialiser(
        materialise.current_params(),
        on_progress=lambda f, text: _progress(progress, 0.9 + 0.09 * f, text))
    outcome = store.import_frame(
        kind, result.frame, filename=fetched.filename,
        checksum=hashlib.sha256(data).hexdigest(), user=user,
        source=SourceInfo(SOURCE_NAME, fetched.tables, fetched.updated, request),
        materialise=materialiser,
    )
    _progress(progress, 1.0, "Færdig.")
    return StoredFetch(fetched, outcome, "" if outcome.duplicate else changes)


def fetch_and_store(store: Store, client: StatbankClient, source: str, *, user: str,
                    kommuner: Iterable[int] | None = None, fra: int | None = None,
                    national: bool = True, progress: Progress | None = None) -> StoredFetch:
    fetched = fetch_source(client, source, kommuner=kommuner, fra=fra, progress=progress)
    return store_fetched(store, fetched, user=user, national=national, progress=progress)


def last_fetch(store: Store, source: str) -> dict | None:
    """The newest stored fetch (or file import) of ``source``: when, by which tables,
    DST's ``updated`` stamps and what it changed (Danish), or None."""
    kind, _ = SOURCES[source]
    src = store.sources(active_only=False)
    src = src[src["kind"] == kind]
    if src.empty:
        return None
    r = src.sort_values("import_id").iloc[-1]
    req = r["request"] or {}
    return {
        "indlaest": danish_date(pd.Timestamp(r["created_at"]).date()),
        "tabeller": str(r["tables"]).split(","),
        "opdateret": {t: updated_text(d) for t, d in (r["updated"] or {}).items()},
        "aendringer": req.get("aendringer", ""),
        "kilde": "fil hentet i hånden" if req.get("kilde") == "fil" else "Statistikbanken",
    }


# ---------------------------------------------------------------- freshness


@dataclass(frozen=True)
class Freshness:
    kind: str
    text: str  # e.g. "Danmarks Statistik, ANBAAR9, opdateret 18. marts 2026"


def updated_text(stamp: str) -> str:
    """DST's ``updated`` stamp as a Danish date (``2026-03-18T08:00:00`` -> ``18. marts
    2026``); empty when unknown."""
    try:
        return danish_date(dt.datetime.fromisoformat(stamp).date())
    except (TypeError, ValueError):
        return ""


def source_lines(sources: pd.DataFrame, kinds: Iterable[str] | None = None) -> list[str]:
    """One Danish line per external source of the active versions (newest import per kind
    and table), e.g. ``Danmarks Statistik, ANBAAR9, opdateret 18. marts 2026``."""
    if sources is None or sources.empty:
        return []
    rows = sources if kinds is None else sources[sources["kind"].isin(list(kinds))]
    seen: dict[tuple[str, str], str] = {}
    for _, r in rows.sort_values("import_id", ascending=False).iterrows():
        for table in str(r["tables"]).split(","):
            key = (r["source"], table)
            if key in seen:
                continue
            when = updated_text((r["updated"] or {}).get(table, ""))
            if when:
                seen[key] = f"{r['source']}, {table}, opdateret {when}"
            else:
                loaded = danish_date(pd.Timestamp(r["created_at"]).date())
                seen[key] = f"{r['source']}, {table}, fil indlæst {loaded}"
    return list(seen.values())


