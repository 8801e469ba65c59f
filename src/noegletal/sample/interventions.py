"""Invented intervention data for the sample municipalities: ``maalinger``,
``ressourceforbrug`` and ``indsatser`` (data contract sections 7 and 8).

Each municipality runs three of four typical interventions (after seed 003): a group course
for children with SDQ before and after and FIT ORS at each session, an infant programme for
families (FIT ORS for mother and father, the Parental Stress Scale), a coordinating family
consultant (PSS and FIT SRS) and a work-placement programme for young people (GSES). The
courses run during the partnership years (from the third year of the sample, for up to three
years; 2015-2017 by default, the years the examples and tests use): participants start spread over the
period, most fill in a form at the start, and fewer at the end, because some drop out and
some are still in the course (as in seed 003, Tabel 10-1 to 10-4). Hours are reported per
quarter and staff group, with one missing quarter now and then; wages are the project's
defaults, so the cost per participant lands near the seed's level.

The random numbers come from their own stream (``SeedSequence([seed, 13])``), so the other
sample files do not change when this module does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Template:
    name: str
    enhed: str
    per_year: float  # participants a year (before the municipality's own factor)
    months: float  # mean months in the course
    tools: tuple[tuple[str, str, str], ...]  # (redskab, skala, deltager_type) before/after
    session_tool: tuple[str, str, tuple[str, ...]] | None  # FIT at every session
    staff: tuple[tuple[str, float], ...]  # (staff group, hours with citizens per participant-year)
    other_per_quarter: float  # kr.
    alternativ_trin: str | None = None
    alternativ_kr: float | None = None


TEMPLATES: tuple[Template, ...] = (
    Template("Børnegrupper", "barn", 22.0, 4.0,
             (("sdq", "samlet", "barn"), ("sdq", "emotionelle", "barn"),
              ("sdq", "kammerater", "barn")),
             ("fit_ors", "samlet", ("barn",)),
             (("Psykolog", 18.0), ("Pædagog", 30.0)), 4_000.0),
    Template("Spædbarnsindsatsen", "familie", 7.6, 9.7,
             (("pss", "samlet", "mor"), ("pss", "samlet", "far")),
             ("fit_ors", "samlet", ("mor", "far")),
             (("Sundhedsplejerske", 230.0), ("Familieterapeut", 300.0),
              ("Socialrådgiver", 80.0), ("Leder, socialrådgiver", 25.0)), 14_000.0,
             alternativ_kr=504_000.0),
    Template("Familiekonsulent", "familie", 6.0, 8.0,
             (("pss", "samlet", "mor"),),
             ("fit_srs", "samlet", ("mor",)),
             (("Socialrådgiver", 260.0), ("Leder, socialrådgiver", 20.0)), 6_000.0,
             alternativ_trin="familiepleje"),
    Template("Praktik for unge", "ung", 40.0, 6.0,
             (("gses", "samlet", "ung"),),
             None,
             (("Socialrådgiver", 45.0), ("Leder, socialrådgiver", 4.0)), 9_000.0,
             alternativ_trin="institution"),
)

# Score models: (baseline mean, sd, change mean, change sd, min, max, whole numbers)
SCORES: dict[tuple[str, str], tuple[float, float, float, float, float, float, bool]] = {
    ("sdq", "samlet"): (16.0, 5.5, -3.0, 4.0, 0, 40, True),
    ("sdq", "emotionelle"): (4.5, 2.2, -1.0, 1.8, 0, 10, True),
    ("sdq", "kammerater"): (3.2, 2.0, -0.6, 1.6, 0, 10, True),
    ("pss", "samlet"): (46.0, 9.0, -5.0, 6.0, 18, 90, True),
    ("gses", "samlet"): (26.0, 5.0, 2.0, 4.0, 10, 40, True),
    ("fit_ors", "samlet"): (24.0, 7.0, 6.0, 6.0, 0, 40, False),
    ("fit_srs", "samlet"): (35.0, 3.5, 1.5, 2.0, 0, 40, False),
}
P_BEFORE = 0.85  # a form at the start
P_DROPOUT = 0.3  # leaves early without a form at the end
P_AFTER = 0.8  # fills in the form at the end when finishing


def _quarters(first: pd.Timestamp, last: pd.Timestamp) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    starts = pd.date_range(first, last, freq="QS")
    return [(s, min(s + pd.offsets.QuarterEnd(0), last)) for s in starts]


def _score(rng: np.random.Generator, model, base: np.ndarray | float, change: float
           ) -> np.ndarray:
    _, _, _, _, lo, hi, whole = model
    v = np.clip(np.asarray(base, dtype=np.float64) + change, lo, hi)
    return np.round(v) if whole else np.round(v, 1)


def intervention_frames(codes: list[int], first_year: int, last_year: int, seed: int
                        ) -> dict[str, pd.DataFrame]:
    """``maalinger``, ``ressourceforbrug`` and ``indsatser`` for ``codes`` (see the module
    docstring). Courses run from 1 January ``first_year`` to 30 September ``last_year``."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 13]))
    first, last = pd.Timestamp(first_year, 1, 1), pd.Timestamp(last_year, 9, 30)
    span_days = (last - first).days + 1
    years = span_days / 365.0
    m_rows: list[tuple] = []
    r_rows: list[tuple] = []
    i_rows: list[tuple] = []
    for kommune in codes:
        chosen = sorted(rng.choice(len(TEMPLATES), size=3, replace=False))
        size = float(rng.uniform(0.7, 1.3))
        for ti in chosen:
            t = TEMPLATES[ti]
            n = max(4, round(t.per_year * size * years))
            start = first + pd.to_timedelta(rng.integers(0, span_days - 30, n), unit="D")
            months = np.clip(rng.normal(t.months, t.months / 3, n), 1, 3 * t.months)
            planned_end = start + pd.to_timedelta(np.round(months * 30.4), unit="D")
            dropout = rng.random(n) < P_DROPOUT
            end = np.where(dropout, start + (planned_end - start) * rng.uniform(0.2, 0.7, n),
                           planned_end)
            end = pd.DatetimeIndex(end).normalize()
            finished = (~dropout) & (end <= last)
            for p in range(n):
                pid = f"D{kommune}{ti}{p + 1:03d}"
                gain = rng.normal(0, 1)  # how well this participant does
                for redskab, skala, typ in t.tools:
                    model = SCORES[(redskab, skala)]
                    base = rng.normal(model[0], model[1])
                    if rng.random() < P_BEFORE:
                        m_rows.append((kommune, t.name, pid, typ, redskab, skala, start[p],
                                       float(_score(rng, model, base, 0.0))))
                    if finished[p] and rng.random() < P_AFTER:
                        change = model[2] + model[3] * (0.6 * gain + 0.8 * rng.normal())
                        m_rows.append((kommune, t.name, pid, typ, redskab, skala, end[p],
                                       float(_score(rng, model, base, change))))
                if t.session_tool is not None:
                    redskab, skala, types = t.session_tool
                    model = SCORES[(redskab, skala)]
                    stop = min(end[p], last)
                    sessions = pd.date_range(start[p], stop, freq="14D")
                    for typ in types:
                        if typ == "far" and rng.random() < 0.4:
                            continue  # not every father takes part
                        base = rng.normal(model[0], model[1])
                        k = max(1, len(sessions) - 1)
                        for j, d in enumerate(sessions):
                            if rng.random() < 0.15:
                                continue  # a missed form
                            drift = model[2] * j / k + model[3] * 0.3 * gain * j / k
                            m_rows.append((kommune, t.name, pid, typ, redskab, skala, d,
                                           float(_score(rng, model, base,
                                                        drift + rng.normal(0, 2)))))
            # resources: quarterly, hours follow the number of participants in the course
            gap = int(rng.integers(0, 11)) if rng.random() < 0.5 else -1
            quarters = _quarters(first, last)
            total_months = float(months.mean())
            per_year = n / years
            for qi, (qs, qe) in enumerate(quarters):
                if qi == gap:
                    continue  # no report this quarter (as in seed 003, Tabel 10-5)
                active = ((start <= qe) & (end >= qs)).sum()
                load = max(active, 1) / max(per_year * total_months / 12.0, 1.0)
                qyear = ((qe - qs).days + 1) / 365.0
                for group, hours in t.staff:
                    with_c = hours * per_year * qyear * load * rng.uniform(0.85, 1.15)
                    without = with_c * rng.uniform(0.3, 0.45)
                    r_rows.append((kommune, t.name, qs, qe, "med_borgere", group,
                                   round(with_c, 1), np.nan))
                    r_rows.append((kommune, t.name, qs, qe, "uden_borgere", group,
                                   round(without, 1), np.nan))
                r_rows.append((kommune, t.name, qs, qe, "oevrige_udgifter", None, np.nan,
                               round(t.other_per_quarter * rng.uniform(0.7, 1.3))))
            i_rows.append((kommune, t.name, round(per_year, 1), round(total_months, 1),
                           t.enhed, t.alternativ_trin,
                           np.nan if t.alternativ_kr is None else t.alternativ_kr))
    maalinger = pd.DataFrame(m_rows, columns=["kommunekode", "indsats_navn", "deltager_id",
                                              "deltager_type", "redskab", "skala", "dato",
                                              "score"])
    maalinger["dato"] = pd.to_datetime(maalinger["dato"]).astype("datetime64[ns]")
    maalinger = maalinger.sort_values(["kommunekode", "indsats_navn", "dato", "deltager_id",
                                       "redskab", "skala"], kind="stable").reset_index(drop=True)
    ressourceforbrug = pd.DataFrame(r_rows, columns=[
        "kommunekode", "indsats_navn", "periode_start", "periode_slut", "aktivitet",
        "personalegruppe", "timer", "udgift_kr"])
    indsatser = pd.DataFrame(i_rows, columns=[
        "kommunekode", "indsats_navn", "deltagere_pr_aar", "maaneder_pr_deltager", "enhed",
        "alternativ_trin", "alternativ_kr_pr_aar"])
    return {"maalinger": maalinger, "ressourceforbrug": ressourceforbrug,
            "indsatser": indsatser}
