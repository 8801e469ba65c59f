"""Making an earlier version active again (see :mod:`noegletal.services.imports`)."""

from __future__ import annotations

import logging

import pandas as pd

from noegletal.domain.schema import EXTRACTS
from noegletal.metrics.params import MetricParams
from noegletal.services import materialise
from noegletal.services.imports.checks import ProgressHook
from noegletal.services.imports.permissions import Permissions, scope_text
from noegletal.store import (
    Store,
    StoreError,
)

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- re-activation


def activate_version(store: Store, version_id: int, *, user: str,
                     permissions: Permissions, params: MetricParams | None = None,
                     on_progress: ProgressHook | None = None) -> tuple[bool, str]:
    """Make an earlier version active again. Returns ``(changed, Danish message)``; an
    unknown version or a municipality the analyst may not manage changes nothing. The
    catalogue of the new state is computed and stored in the same transaction (in a
    background job this call waits for); if that fails, nothing changes."""
    versions = store.versions()
    row = versions[versions["id"] == int(version_id)]
    if row.empty:
        return False, f"Der findes ingen version nummer {version_id}."
    v = row.iloc[0]
    scope = None if pd.isna(v["kommunekode"]) else int(v["kommunekode"])
    if not permissions.allows(scope):
        return False, (f"Du har ikke adgang til at ændre data for {scope_text([scope])}; "
                       "intet er ændret.")
    label = EXTRACTS[v["kind"]].label if v["kind"] in EXTRACTS else v["kind"]
    try:
        changed = materialise.run_with_materialisation(
            "Aktiveringen",
            lambda m, _job: store.activate(int(version_id), user, materialise=m),
            params=params, on_progress=on_progress, write_share=0.0,
        ).result
    except StoreError as exc:
        return False, str(exc)
    except Exception as exc:
        log.exception("activation failed")
        return False, (f"Aktiveringen mislykkedes ({type(exc).__name__}), og intet er ændret: "
                       "de hidtidige data er stadig aktive.")
    if not changed:
        return False, f"Version {version_id} var allerede aktiv; intet er ændret."
    return True, (f"Version {version_id} ({label}, {scope_text([scope])}, {v['filename']}) "
                  "er nu aktiv igen.")
