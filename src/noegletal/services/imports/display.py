"""Danish display tables of versions and the audit log (see
:mod:`noegletal.services.imports`)."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pandas as pd

from noegletal.datain.report import refused_rows_csv
from noegletal.domain.calendar import danish_date
from noegletal.domain.formatting import format_count
from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.schema import EXTRACTS, NATIONAL
from noegletal.store import (
    AUDIT_ACTION_LABELS,
    STATUS_LABELS,
)
from noegletal.store.store import ACTION_LOGIN_FAILED, rows_text

log = logging.getLogger(__name__)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

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
        parts.append(rows_text(details["n_rows"]))
    if details.get("n_refused"):
        n = int(details["n_refused"])
        parts.append("1 afvist række ikke gemt" if n == 1 else
                     f"{rows_text(n, 'afviste rækker')} ikke gemt")
    if details.get("replaced_version_id") is not None:
        parts.append(f"erstatter version {details['replaced_version_id']}")
    if details.get("deactivated_version_id") is not None:
        parts.append(f"version {details['deactivated_version_id']} gjort inaktiv")
    if action == ACTION_LOGIN_FAILED:
        parts.append(f"forsøg nr. {details.get('forsoeg')} fra adressen "
                     f"{details.get('adresse')}")
        if details.get("spaerret_sekunder"):
            parts.append(f"login spærret i {details['spaerret_sekunder']} sekunder")
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


SOURCE_SAMPLE = "Eksempeldata (opdigtet)"
SOURCE_OWN = "Kommunens udtræk"


def count_text(n: int, threshold: int) -> str:
    """A row count for the public Data page: counts from 1 to ``threshold - 1`` are
    suppressed like every other small number (``færre end 5``).

    >>> [count_text(n, 5) for n in (0, 3, 5, 12345)]
    ['0', 'færre end 5', '5', '12.345']
    """
    n = int(n)
    if 0 < n < threshold:
        return f"færre end {threshold}"
    return format_count(n)


def active_data_table(versions: pd.DataFrame, sample_import_ids: frozenset[int],
                      threshold: int) -> pd.DataFrame:
    """The active versions as the public Data page shows them: no names of people, small
    row counts suppressed, and the source told by where the data came from (the imports
    recorded as the bundled sample data), never by who imported them."""
    columns = ["Udtræk", "Kommune", "Kilde", "Indlæst", "Rækker", "Fil"]
    if versions is None or versions.empty:
        return pd.DataFrame(columns=columns)
    v = versions.sort_values(["kind", "kommunekode"])
    return pd.DataFrame({
        "Udtræk": v["kind"].map(lambda k: EXTRACTS[k].label if k in EXTRACTS else k).to_numpy(),
        "Kommune": [scope_label(k, c) for k, c in zip(v["kind"], v["kommunekode"], strict=True)],
        "Kilde": [SOURCE_SAMPLE if int(i) in sample_import_ids else SOURCE_OWN
                  for i in v["import_id"]],
        "Indlæst": v["created_at"].map(local_time).to_numpy(),
        "Rækker": [count_text(n, threshold) for n in v["n_rows"]],
        "Fil": v["filename"].to_numpy(),
    }, columns=columns)
