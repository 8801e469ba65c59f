"""Targets (mål): the follow-up a page shows, and the analysts' edits as new versions.

Follow-up: :func:`follow_up` joins the active ``maal`` rows of a municipality with its
*suppressed* key figures (:mod:`noegletal.services.views`), so a hidden value only ever gets
the status ``ukendt``.

Edits: :func:`add_target`, :func:`change_target` and :func:`end_target` return a new
targets frame for one municipality; :func:`save_targets` checks it with exactly the rules of
an uploaded ``maal`` file (:mod:`noegletal.datain.validation`) and imports it as a new
version of the municipality's ``maal`` extract. The store records who and when, and the
previous version stays in the version list and can be re-activated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pandas as pd

from noegletal.datain.readers import read_table
from noegletal.datain.validation import empty_frame, validate
from noegletal.metrics import targets as tg
from noegletal.metrics.catalogue import CATALOGUE
from noegletal.services.dashboard import DashboardData
from noegletal.services.imports import Permissions
from noegletal.services.views import ViewFilter, kommune_frame

EDIT_FILENAME = "maal (rettet på siden Data)"
COLUMNS = list(tg.TARGET_COLUMNS)


class TargetError(ValueError):
    """A target edit that was refused; the message is Danish and says how to fix it."""


def targets_of(data: DashboardData, kommune: int | None) -> pd.DataFrame:
    """The active targets of a municipality (an empty ``maal`` frame when none)."""
    t = data.extras.get("maal") if data.extras else None
    if t is None or kommune is None:
        return empty_frame("maal")
    return t[t["kommunekode"] == kommune].reset_index(drop=True)


def follow_up(data: DashboardData, view: ViewFilter, *, margin_pct: float | None = None,
              targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Målopfølgning rows of the view's municipality (:func:`noegletal.metrics.targets.
    follow_up`), on suppressed values, with the key figure's name and unit added."""
    t = targets_of(data, view.kommune) if targets is None else targets
    t = t[t["noegletal"].isin(list(CATALOGUE))]
    if t.empty:
        return tg.follow_up(t, pd.DataFrame(columns=["noegletal", "kommunekode", "dato",
                                                     "dimension", "vaerdi"]))
    # The whole series up to the view's last date: the latest value may lie before the view.
    rows = kommune_frame(data, t["noegletal"].unique(), ViewFilter(
        kommune=view.kommune, til=view.til, threshold=view.threshold))
    margin = data.params.target_margin_pct if margin_pct is None else margin_pct
    return tg.follow_up(t, rows, margin_pct=margin)


# ------------------------------------------------------------------------------ edits


def _frame(rows: list[dict]) -> pd.DataFrame:
    f = pd.DataFrame(rows, columns=COLUMNS)
    if f.empty:
        return empty_frame("maal")
    f["kommunekode"] = f["kommunekode"].astype("int64")
    f["maalvaerdi"] = f["maalvaerdi"].astype("float64")
    f["fra_dato"] = pd.to_datetime(f["fra_dato"])
    f["til_dato"] = pd.to_datetime(f["til_dato"])
    f["dimension"] = f["dimension"].fillna("").astype(str)
    f["beskrivelse"] = f["beskrivelse"].astype(object).where(f["beskrivelse"].notna(), None)
    return f


def add_target(current: pd.DataFrame, *, kommunekode: int, noegletal: str, dimension: str,
               maalvaerdi: float, retning: str, fra_dato, til_dato=None,
               beskrivelse: str | None = None) -> pd.DataFrame:
    """``current`` with one more target."""
    row = dict(kommunekode=int(kommunekode), noegletal=noegletal, dimension=dimension or "",
               maalvaerdi=float(maalvaerdi), retning=retning, fra_dato=pd.Timestamp(fra_dato),
               til_dato=pd.Timestamp(til_dato) if til_dato else pd.NaT,
               beskrivelse=(beskrivelse or "").strip() or None)
    return _frame([*current[COLUMNS].to_dict("records"), row])


def change_target(current: pd.DataFrame, index: int, **changes) -> pd.DataFrame:
    """``current`` with target number ``index`` changed (keywords as in :func:`add_target`)."""
    if not 0 <= index < len(current):
        raise TargetError("Målet findes ikke længere; genindlæs siden og prøv igen.")
    rows = current[COLUMNS].to_dict("records")
    for k, v in changes.items():
        if k not in COLUMNS:
            raise TargetError(f"Et mål har ingen kolonne «{k}».")
        rows[index][k] = v
    return _frame(rows)


def end_target(current: pd.DataFrame, index: int, til_dato) -> pd.DataFrame:
    """``current`` with target number ``index`` ending on ``til_dato`` (it stays in the
    history; its status is shown for the dates up to then)."""
    return change_target(current, index, til_dato=pd.Timestamp(til_dato))


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    out = frame[COLUMNS].copy()
    for c in ("fra_dato", "til_dato"):
        out[c] = pd.to_datetime(out[c]).dt.strftime("%Y-%m-%d").fillna("")
    out["maalvaerdi"] = [repr(float(v)) for v in out["maalvaerdi"]]
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def check_targets(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Validate a targets frame exactly like an uploaded ``maal`` file; returns the
    canonical frame and the Danish error texts (empty when it is valid)."""
    raw = read_table(to_csv_bytes(frame), "maal.csv")
    result = validate(raw, "maal")
    errors = [p.text for p in result.errors]
    for w in tg.check_targets(result.frame, CATALOGUE):
        errors.append(w)
    return result.frame, errors


def save_targets(store, kommunekode: int, frame: pd.DataFrame, *, user: str,
                 permissions: Permissions, now: dt.datetime | None = None,
                 materialiser=None):
    """Import ``frame`` (every target of ``kommunekode``) as a new version of its ``maal``
    extract, storing the key figures of the new state in the same transaction (the targets
    are kept with the materialisation; ``materialiser`` defaults to the current
    parameters'). Raises :class:`TargetError` when the analyst may not manage the
    municipality or a target breaks a rule."""
    if not permissions.allows(kommunekode):
        raise TargetError("Du har ikke adgang til at ændre mål for denne kommune.")
    if frame.empty:
        raise TargetError("Der skal være mindst ét mål; afslut et mål i stedet for at slette "
                          "det.")
    if set(frame["kommunekode"].astype(int)) != {int(kommunekode)}:
        raise TargetError("Alle mål skal høre til den valgte kommune.")
    canonical, errors = check_targets(frame)
    if errors:
        raise TargetError(" ".join(errors))
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat()
    checksum = hashlib.sha256(to_csv_bytes(canonical) + f"|{user}|{stamp}".encode()).hexdigest()
    if materialiser is None:
        from noegletal.services import materialise

        materialiser = materialise.CatalogueMaterialiser(materialise.current_params())
    return store.import_frame("maal", canonical, filename=EDIT_FILENAME, checksum=checksum,
                              user=user, materialise=materialiser)


def history(store, kommunekode: int) -> pd.DataFrame:
    """Every version of the municipality's targets: when, who, from which file, status."""
    v = store.versions(kind="maal", kommunekode=kommunekode)
    if v.empty:
        return v
    return v.sort_values("id", ascending=False)[
        ["id", "created_at", "created_by", "filename", "n_rows", "status"]].reset_index(drop=True)
