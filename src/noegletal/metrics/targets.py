"""The municipality's own targets (mål) and their status.

A target (one row of the ``maal`` extract, data contract section 9) names a key figure, a
dimension (``""`` for none), a target value, a direction (``hoejst`` = at most, ``mindst`` =
at least) and a period ``[fra_dato, til_dato]`` (``til_dato`` empty = until further notice).

The status rule (catalogue, "Targets (mål) and their status"), for a shown value ``v`` of
that key figure at a date inside the target's period:

* ``naaet`` when ``v <= maalvaerdi`` (``hoejst``) or ``v >= maalvaerdi`` (``mindst``), on the
  unrounded value (a value exactly on the target has reached it);
* ``ikke_naaet`` otherwise — or ``naesten_naaet`` when a margin is set
  (``MetricParams.target_margin_pct``, default 0 = no margin) and the value misses the target
  by at most that percentage of the target value;
* ``ukendt`` when the value is suppressed: the status of a hidden value is never shown, so it
  cannot give the value away;
* no status (``None``) at a date outside the target's period.

The distance is ``v - maalvaerdi`` in the key figure's unit (negative = below the target).
The trend compares the latest value in the period with the value at the previous cut-off
of the same series: ``bedre`` (moved the way the target wants), ``daarligere``,
``uaendret``; ``None`` when either value is hidden or there is no previous value.

Pure functions on DataFrames; nothing here reads settings.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

NAAET = "naaet"
IKKE_NAAET = "ikke_naaet"
NAESTEN_NAAET = "naesten_naaet"
UKENDT = "ukendt"

STATUS_LABELS: dict[str, str] = {
    NAAET: "Nået",
    NAESTEN_NAAET: "Næsten nået",
    IKKE_NAAET: "Ikke nået",
    UKENDT: "Ukendt (tallet vises ikke)",
}
DIRECTION_LABELS: dict[str, str] = {"hoejst": "højst", "mindst": "mindst"}
TREND_LABELS: dict[str, str] = {
    "bedre": "bedre end ved forrige skæringsdato",
    "daarligere": "dårligere end ved forrige skæringsdato",
    "uaendret": "uændret siden forrige skæringsdato",
}

TARGET_COLUMNS: tuple[str, ...] = (
    "kommunekode", "noegletal", "dimension", "maalvaerdi", "retning", "fra_dato", "til_dato",
    "beskrivelse",
)
_KEY = ["noegletal", "kommunekode", "dimension"]


def status(value: float, maalvaerdi: float, retning: str, *, suppressed: bool = False,
           margin_pct: float = 0.0) -> str:
    """The status of one shown value against one target (module docstring).

    >>> status(24.0, 25.0, "hoejst"), status(25.0, 25.0, "hoejst"), status(25.5, 25.0, "hoejst")
    ('naaet', 'naaet', 'ikke_naaet')
    >>> status(3.0, 25.0, "hoejst", suppressed=True)
    'ukendt'
    """
    if retning not in DIRECTION_LABELS:
        raise ValueError(f"Ukendt retning for et mål: {retning!r} (brug hoejst eller mindst).")
    if margin_pct < 0:
        raise ValueError("Margenen for mål kan ikke være negativ.")
    if suppressed or value is None or pd.isna(value):
        return UKENDT
    v, m = float(value), float(maalvaerdi)
    reached = v <= m if retning == "hoejst" else v >= m
    if reached:
        return NAAET
    if margin_pct > 0 and abs(v - m) <= margin_pct / 100.0 * abs(m):
        return NAESTEN_NAAET
    return IKKE_NAAET


def in_period(dato, fra_dato, til_dato) -> bool:
    """True when ``dato`` lies in ``[fra_dato, til_dato]`` (an empty ``til_dato`` = open)."""
    d = pd.Timestamp(dato)
    if d < pd.Timestamp(fra_dato):
        return False
    return til_dato is None or pd.isna(til_dato) or d <= pd.Timestamp(til_dato)


def _normalise_targets(targets: pd.DataFrame) -> pd.DataFrame:
    t = targets.copy()
    if "dimension" not in t.columns:
        t["dimension"] = ""
    t["dimension"] = t["dimension"].fillna("").astype(str)
    if "til_dato" not in t.columns:
        t["til_dato"] = pd.NaT
    if "beskrivelse" not in t.columns:
        t["beskrivelse"] = None
    t["kommunekode"] = t["kommunekode"].astype("int64")
    t["fra_dato"] = pd.to_datetime(t["fra_dato"])
    t["til_dato"] = pd.to_datetime(t["til_dato"])
    return t.reset_index(drop=True)


def _values(values: pd.DataFrame) -> pd.DataFrame:
    v = values[[c for c in ("noegletal", "kommunekode", "dato", "dimension", "vaerdi",
                            "undertrykt") if c in values.columns]].copy()
    if "undertrykt" not in v.columns:
        v["undertrykt"] = False
    v["dimension"] = v["dimension"].fillna("").astype(str)
    v["kommunekode"] = v["kommunekode"].astype("int64")
    v["dato"] = pd.to_datetime(v["dato"])
    v["undertrykt"] = v["undertrykt"].fillna(False).astype(bool)
    return v


def evaluate(targets: pd.DataFrame, values: pd.DataFrame, *,
             margin_pct: float = 0.0) -> pd.DataFrame:
    """Every (target, date) pair with a value inside the target's period.

    ``targets``: rows of the ``maal`` extract. ``values``: tidy rows (``noegletal,
    kommunekode, dato, dimension, vaerdi``) and, when they went through suppression, the
    ``undertrykt`` column. Returns one row per target (``maal_nr`` = its position in
    ``targets``) and date: the target's columns, ``dato``, ``vaerdi`` (NaN where hidden),
    ``undertrykt``, ``status`` and ``afstand`` (NaN where hidden). Dates outside the period
    have no status and are left out.
    """
    t = _normalise_targets(targets)
    t["maal_nr"] = np.arange(len(t))
    v = _values(values)
    m = t.merge(v, on=_KEY, how="inner")
    inside = (m["dato"] >= m["fra_dato"]) & (m["til_dato"].isna() | (m["dato"] <= m["til_dato"]))
    m = m[inside].sort_values(["maal_nr", "dato"], kind="stable").reset_index(drop=True)
    hidden = m["undertrykt"].to_numpy(dtype=bool)
    m["status"] = [
        status(val, goal, ret, suppressed=h, margin_pct=margin_pct)
        for val, goal, ret, h in zip(m["vaerdi"], m["maalvaerdi"], m["retning"], hidden,
                                     strict=True)
    ]
    m["vaerdi"] = m["vaerdi"].where(~hidden)
    m["afstand"] = m["vaerdi"] - m["maalvaerdi"]
    return m


def _trend(latest: float, previous: float, retning: str) -> str | None:
    if pd.isna(latest) or pd.isna(previous):
        return None
    if latest == previous:
        return "uaendret"
    better = latest < previous if retning == "hoejst" else latest > previous
    return "bedre" if better else "daarligere"


def follow_up(targets: pd.DataFrame, values: pd.DataFrame, *,
              margin_pct: float = 0.0) -> pd.DataFrame:
    """The "Målopfølgning" table: one row per target.

    Columns: the target's columns, then ``seneste_dato`` (the latest date with a value in the
    target's period; NaT when there is none), ``seneste_vaerdi`` and ``afstand`` (NaN when
    hidden or missing), ``undertrykt``, ``status`` (``None`` when there is no value in the
    period), ``forrige_dato`` and ``forrige_vaerdi`` (the series' previous cut-off before
    ``seneste_dato``, whether or not inside the period; NaN when hidden) and ``udvikling``
    (:data:`TREND_LABELS` key, or ``None``).
    """
    t = _normalise_targets(targets)
    v = _values(values).sort_values([*_KEY, "dato"], kind="stable")
    ev = evaluate(t, v, margin_pct=margin_pct)
    latest = ev.drop_duplicates("maal_nr", keep="last").set_index("maal_nr")
    rows = []
    series = {key: g for key, g in v.groupby(_KEY, sort=False)}
    for i, target in t.iterrows():
        out = {c: target[c] for c in TARGET_COLUMNS if c in t.columns}
        if i in latest.index:
            row = latest.loc[i]
            out.update(seneste_dato=row["dato"], seneste_vaerdi=row["vaerdi"],
                       afstand=row["afstand"], undertrykt=bool(row["undertrykt"]),
                       status=row["status"])
            g = series[(target["noegletal"], target["kommunekode"], target["dimension"])]
            before = g[g["dato"] < row["dato"]]
            if len(before):
                prev = before.iloc[-1]
                prev_value = np.nan if prev["undertrykt"] else prev["vaerdi"]
                out.update(forrige_dato=prev["dato"], forrige_vaerdi=prev_value,
                           udvikling=_trend(row["vaerdi"], prev_value, target["retning"]))
        rows.append(out)
    columns = [*TARGET_COLUMNS, "seneste_dato", "seneste_vaerdi", "afstand", "undertrykt",
               "status", "forrige_dato", "forrige_vaerdi", "udvikling"]
    res = pd.DataFrame(rows, columns=columns)
    res["undertrykt"] = res["undertrykt"].astype("boolean").fillna(False).astype(bool)
    for c in ("seneste_dato", "forrige_dato"):
        res[c] = pd.to_datetime(res[c])
    for c in ("seneste_vaerdi", "afstand", "forrige_vaerdi"):
        res[c] = res[c].astype("float64")
    res["status"] = res["status"].astype(object).where(res["status"].notna(), None)
    res["udvikling"] = res["udvikling"].astype(object).where(res["udvikling"].notna(), None)
    return res


def active_on(targets: pd.DataFrame, dato) -> pd.DataFrame:
    """The targets whose period contains ``dato``."""
    t = _normalise_targets(targets)
    d = pd.Timestamp(dato)
    return t[(t["fra_dato"] <= d) & (t["til_dato"].isna() | (t["til_dato"] >= d))]


def check_targets(targets: pd.DataFrame, catalogue: Mapping) -> list[str]:
    """Danish warnings about targets that name an unknown key figure or dimension (they can
    never get a status)."""
    t = _normalise_targets(targets)
    out: list[str] = []
    for _, row in t.iterrows():
        kf = catalogue.get(row["noegletal"])
        where = f"Mål for kommune {int(row['kommunekode'])}"
        if kf is None:
            out.append(f"{where}: «{row['noegletal']}» er ikke et nøgletal i kataloget; målet "
                       "kan ikke følges op.")
            continue
        base = row["dimension"].split("|enhed=")[0]
        if base.startswith("enhed="):
            base = ""
        dims = getattr(kf, "dimensions", {}) or {}
        if base and dims and base not in dims:
            out.append(f"{where}: {kf.name} har ingen dimension «{base}»; brug en af "
                       f"{', '.join(dims)}.")
        elif not base and dims:
            out.append(f"{where}: {kf.name} er opdelt; angiv en dimension ({', '.join(dims)}).")
    return out
