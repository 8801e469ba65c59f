"""Checks of the intervention extracts that need other rows or another file.

Run after :func:`noegletal.datain.validation.validate` on the valid rows of ``maalinger`` and
``ressourceforbrug`` (:func:`check_against_companions`):

* ``maalinger``: the tool (``redskab``) must be in ``redskaber``, its subscale too, and the
  score inside the tool's ``min``-``max``;
* ``ressourceforbrug``: periods of the same municipality, intervention, activity and staff
  group must not overlap (also not be the same period twice), and every staff group must
  have a wage in ``loenninger`` (staff groups are compared by
  :func:`noegletal.domain.interventions.name_key`).

``redskaber``/``loenninger`` are the ones uploaded with the files, else the active ones, else
the project's defaults (:func:`noegletal.domain.interventions.default_redskaber`). A row that
breaks a check becomes a refused row with a Danish, row-level message, like every other
error, so the same choice applies: import all or nothing, or only the valid rows.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from noegletal.datain.problems import FEJL, Problem
from noegletal.datain.readers import RawTable
from noegletal.datain.validation import (
    REASON_COLUMN,
    ROW_COLUMN,
    ValidationResult,
    _refused_frame,
    danish_date,
    danish_number,
    scan_cpr,
)
from noegletal.domain.interventions import (
    default_loenninger,
    default_redskaber,
    name_keys,
)

COMPANIONS: dict[str, str] = {"maalinger": "redskaber", "ressourceforbrug": "loenninger"}


def companion_frame(kind: str, uploaded: Mapping[str, pd.DataFrame] | None = None,
                    active: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The ``redskaber`` or ``loenninger`` to check against: uploaded, else active, else the
    bundled default."""
    for source in (uploaded or {}, active or {}):
        frame = source.get(kind)
        if frame is not None and len(frame):
            return frame
    return default_redskaber() if kind == "redskaber" else default_loenninger()


def _fmt(x: float) -> str:
    return danish_number(float(x))


def maalinger_problems(frame: pd.DataFrame, redskaber: pd.DataFrame
                       ) -> list[tuple[int, str, str, str, str]]:
    """``(frame row, column, value, message, kind)`` for every score that cannot be used."""
    out: list[tuple[int, str, str, str, str]] = []
    if frame.empty:
        return out
    tools = redskaber.assign(redskab=name_keys(redskaber["redskab"]),
                             skala=name_keys(redskaber["skala"].fillna("samlet")))
    ranges = tools.groupby(["redskab", "skala"], as_index=False).agg(
        lo=("min", "min"), hi=("max", "max"))
    known_tools = set(tools["redskab"])
    f = pd.DataFrame({"pos": np.arange(len(frame)), "redskab": frame["redskab"].to_numpy(),
                      "skala": frame["skala"].fillna("samlet").to_numpy(),
                      "score": frame["score"].to_numpy(dtype=np.float64)})
    j = f.merge(ranges, on=["redskab", "skala"], how="left")
    unknown_tool = ~j["redskab"].isin(known_tools)
    names = ", ".join(sorted(known_tools))
    for pos, tool in zip(j.loc[unknown_tool, "pos"], j.loc[unknown_tool, "redskab"], strict=True):
        out.append((int(pos), "redskab", str(tool),
                    f"Måleredskabet «{tool}» findes ikke i tabellen over redskaber. Brug en af "
                    f"kodene {names}, eller upload en redskabstabel (redskaber) med "
                    "redskabets skala.", "ukendt_redskab"))
    unknown_scale = ~unknown_tool & j["lo"].isna()
    for pos, tool, scale in zip(j.loc[unknown_scale, "pos"], j.loc[unknown_scale, "redskab"],
                                j.loc[unknown_scale, "skala"], strict=True):
        scales = ", ".join(sorted(ranges.loc[ranges["redskab"] == tool, "skala"]))
        out.append((int(pos), "skala", str(scale),
                    f"Måleredskabet «{tool}» har ikke delskalaen «{scale}». Brug en af "
                    f"{scales}.", "ukendt_skala"))
    outside = j["lo"].notna() & ((j["score"] < j["lo"]) | (j["score"] > j["hi"]))
    for row in j[outside].itertuples(index=False):
        out.append((int(row.pos), "score", _fmt(row.score),
                    f"Scoren {_fmt(row.score)} ligger uden for skalaen for «{row.redskab}» "
                    f"({row.skala}), som går fra {_fmt(row.lo)} til {_fmt(row.hi)}. Tjek "
                    "scoren og redskabet.", "score_uden_for_skala"))
    return out


def ressourceforbrug_problems(frame: pd.DataFrame, loenninger: pd.DataFrame
                              ) -> list[tuple[int, str, str, str, str]]:
    """``(frame row, column, value, message, kind)`` for overlapping periods and staff
    groups without a wage."""
    out: list[tuple[int, str, str, str, str]] = []
    if frame.empty:
        return out
    f = pd.DataFrame({
        "pos": np.arange(len(frame)),
        "kommunekode": frame["kommunekode"].to_numpy(),
        "indsats_navn": frame["indsats_navn"].to_numpy(),
        "aktivitet": frame["aktivitet"].to_numpy(),
        "gruppe": name_keys(frame["personalegruppe"]).to_numpy(),
        "shown": frame["personalegruppe"].fillna("").to_numpy(),
        "start": frame["periode_start"].to_numpy(),
        "slut": frame["periode_slut"].to_numpy(),
    })
    # Overlaps: sorted by start within a key, a period overlaps when it starts on or before
    # the latest end of the periods before it.
    key = ["kommunekode", "indsats_navn", "aktivitet", "gruppe"]
    s = f.sort_values([*key, "start", "slut"], kind="stable")
    prev_end = s.groupby(key, sort=False)["slut"].transform(
        lambda x: x.cummax().shift(1))
    overlap = prev_end.notna() & (s["start"] <= prev_end)
    for row in s[overlap.to_numpy()].itertuples(index=False):
        who = f"personalegruppen «{row.shown}»" if row.shown else "øvrige udgifter"
        out.append((int(row.pos), "periode_start", danish_date(pd.Timestamp(row.start).date()),
                    f"Perioden fra {danish_date(pd.Timestamp(row.start).date())} til "
                    f"{danish_date(pd.Timestamp(row.slut).date())} overlapper en anden periode "
                    f"for {who} ({row.aktivitet}) i «{row.indsats_navn}». Hver dag må kun "
                    "indberettes én gang; ret perioderne, eller læg timerne sammen på én "
                    "række.", "overlappende_perioder"))
    wages = set(name_keys(loenninger["personalegruppe"]))
    missing = (f["gruppe"] != "") & ~f["gruppe"].isin(wages)
    known = ", ".join(sorted(set(loenninger["personalegruppe"].astype(str))))
    for row in f[missing].itertuples(index=False):
        out.append((int(row.pos), "personalegruppe", row.shown,
                    f"Personalegruppen «{row.shown}» har ingen løn i lønningstabellen. Brug en "
                    f"af {known}, eller upload en lønningstabel (loenninger) med gruppens "
                    "månedlige lønomkostning.", "loen_mangler"))
    return out


def check_against_companions(result: ValidationResult, companion: pd.DataFrame,
                             raw: RawTable | None = None) -> ValidationResult:
    """``result`` with the checks of the module docstring applied to its valid rows.

    Rows that break a check are moved from ``frame`` to ``refused_rows`` (as the analyst
    wrote them when ``raw`` is given, else as read) with row-level problems. Results of other
    kinds, refused files and empty frames are returned unchanged.
    """
    if result.kind not in COMPANIONS or result.file_refused or result.frame.empty:
        return result
    check = maalinger_problems if result.kind == "maalinger" else ressourceforbrug_problems
    found = check(result.frame, companion)
    if not found:
        return result
    rows = result.row_numbers
    problems = [Problem(result.filename, int(rows[p]), c, v, m, FEJL, k)
                for p, c, v, m, k in found]
    bad = np.zeros(len(result.frame), dtype=bool)
    bad[[p for p, *_ in found]] = True
    reasons: dict[int, list[str]] = {}
    for p, c, _, m, _ in sorted(found):
        reasons.setdefault(p, []).append(f"kolonne «{c}»: {m}")
    refused_pos = np.flatnonzero(bad)
    reason_text = np.array(["; ".join(reasons[p]) for p in refused_pos], dtype=object)
    if raw is not None:
        texts, _, _ = scan_cpr(raw)
        where = {int(r): i for i, r in enumerate(raw.row_numbers)}
        raw_pos = np.array([where[int(rows[p])] for p in refused_pos], dtype=np.int64)
        extra = _refused_frame(raw, texts, raw_pos, reason_text)
    else:
        extra = result.frame.iloc[refused_pos].astype(str).reset_index(drop=True)
        extra.insert(0, ROW_COLUMN, rows[refused_pos])
        extra[REASON_COLUMN] = reason_text
    refused = pd.concat([result.refused_rows, extra], ignore_index=True)
    if ROW_COLUMN in refused.columns:
        refused = refused.sort_values(ROW_COLUMN, kind="stable").reset_index(drop=True)
    return ValidationResult(
        result.kind, result.filename, result.frame[~bad].reset_index(drop=True),
        [*result.problems, *sorted(problems, key=lambda q: q.row or 0)], refused,
        result.n_rows, result.cpr_columns, rows[~bad], result.file_refused)
