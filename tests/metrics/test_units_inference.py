"""Suppression across units against a reader who knows the algorithm.

As ``test_suppression_inference.py`` does for one municipality's own figures: every input
in a small range is suppressed, the inputs are grouped by what a reader sees (the marks and
the shown values, counts and denominators of the municipality total and of every unit),
and a hidden unit count is safe when the inputs that look the same give it more than one
value. Only inputs well inside the range are judged (``max <= hi // 2``). The one exception,
as in ``test_units.py``: a count on a line whose shown total is 0 is 0 by that total alone.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from noegletal.metrics import units as un

T = pd.Timestamp("2016-01-31")
COLUMNS = ["noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller", "naevner"]


def _rate_rows(key: int, parts: tuple[int, ...]) -> list[tuple]:
    rows = [("anbragte_pr_1000", key, T, "", 1000 * sum(parts) / 10_000, sum(parts), 10_000)]
    rows += [("anbragte_pr_1000", key, T, un.unit_dimension("", f"U{i}"), p / 2.0, p, 2000)
             for i, p in enumerate(parts)]
    return rows


FORMS = ("institution", "familiepleje")


def _share_rows(key: int, parts: tuple[int, ...]) -> list[tuple]:
    """parts: per unit, the count in each form (unit-major)."""
    k = len(FORMS)
    units = [parts[i:i + k] for i in range(0, len(parts), k)]
    total = sum(parts)
    rows = [("anbringelsesform_andel", key, T, f, 100 * sum(u[j] for u in units) / total,
             sum(u[j] for u in units), total) for j, f in enumerate(FORMS)]
    for i, u in enumerate(units):
        if sum(u):
            rows += [("anbringelsesform_andel", key, T, un.unit_dimension(f, f"U{i}"),
                      100 * u[j] / sum(u), u[j], sum(u)) for j, f in enumerate(FORMS)]
    return rows


def pinned_cells(kind: str, size: int, hi: int, threshold: int) -> list:
    inputs = [p for p in itertools.product(range(hi + 1), repeat=size) if sum(p) > 0]
    make = _rate_rows if kind == "rate" else _share_rows
    rows = [r for key, parts in enumerate(inputs) for r in make(key, parts)]
    table = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("vaerdi", "taeller", "naevner"):
        table[c] = table[c].astype(float)
    out = un.suppress_units(table, threshold=threshold)
    looks: dict[tuple, list] = defaultdict(list)
    groups = dict(iter(out.groupby("kommunekode", sort=True)))
    for key, parts in enumerate(inputs):
        g = groups[key]
        h = g["undertrykt"].to_numpy()
        view = (tuple(g["dimension"]), tuple(map(str, g["vises"])),
                tuple(np.where(h, -1.0, g["taeller"])), tuple(np.where(h, -1.0, g["naevner"])))
        looks[view].append((parts, g))
    pinned = []
    for same in looks.values():
        for parts, g in same:
            if max(parts) > hi // 2:
                continue
            for pos, (_, r) in enumerate(g.iterrows()):
                if not r["undertrykt"] or un.split_unit(r["dimension"])[1] is None:
                    continue
                base = un.split_unit(r["dimension"])[0]
                line_total = g.loc[g["dimension"] == base, "taeller"].iloc[0]
                for col in ("taeller",) if kind == "rate" else ("taeller", "naevner"):
                    if col == "taeller" and line_total == 0:
                        continue  # 0 by the shown total alone
                    seen = {o.iloc[pos][col] for _, o in same}
                    if len(seen) < 2:
                        pinned.append((parts, r["dimension"], col))
    return pinned


@pytest.mark.parametrize("threshold", [3, 5])
@pytest.mark.parametrize(("kind", "size", "hi"), [
    ("rate", 2, 16),   # two units of a per-1000 rate: total = U0 + U1
    ("rate", 3, 10),
    ("share", 4, 8),   # two units x two placement forms
])
def test_no_hidden_unit_count_is_pinned_by_a_reader_who_knows_the_rule(kind, size, hi,
                                                                       threshold):
    assert pinned_cells(kind, size, hi, threshold) == []
