"""The versioned store: imported extracts as dataset versions, with an audit log.

See :mod:`noegletal.store.store` for the definitions (dataset version, scope, status,
duplicate) and :mod:`noegletal.store.tables` for the database schema.
"""

from noegletal.store.engine import StoreBusyError, StoreError
from noegletal.store.store import (
    AUDIT_ACTION_LABELS,
    STATUS_LABELS,
    ImportOutcome,
    PendingImport,
    SourceInfo,
    Store,
    StoreSnapshot,
)
from noegletal.store.tables import STATUS_ACTIVE, STATUS_INACTIVE, STATUS_REPLACED, STATUSES

__all__ = [
    "AUDIT_ACTION_LABELS",
    "STATUSES",
    "STATUS_ACTIVE",
    "STATUS_INACTIVE",
    "STATUS_LABELS",
    "STATUS_REPLACED",
    "ImportOutcome",
    "PendingImport",
    "SourceInfo",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreSnapshot",
]
