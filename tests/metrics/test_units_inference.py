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


def pinned_cells(kind: str, size: int, hi: int, threshold: int,
                 suppress=un.suppress_units) -> list:
    inputs = [p for p in itertools.product(range(hi + 1), repeat=size) if sum(p) > 0]
    make = _rate_rows if kind == "rate" else _share_rows
    rows = [r for key, parts in enumerate(inputs) for r in make(key, parts)]
    table = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("vaerdi", "taeller", "naevner"):
        table[c] = table[c].astype(float)
    out = suppress(table, threshold=threshold)
    looks: dict[tuple, list] = defaultdict(list)
    groups = dict(iter(out.groupby("kommunekode", sort=True)))
    for key, parts in enumerate(inputs):
        g = groups[key]
        h = g["undertrykt"].to_numpy()
        view = (tuple(g["dimension"]), tuple(map(str, g["vises"])),
                tuple(np.where(h, -1.0, g["taeller"])), tuple(np.where(h, -1.0, g["naevner"])))
        looks[view].append((parts, g))
    columns = ("taeller",) if kind == "rate" else ("taeller", "naevner")
    pinned = []
    for view, same in looks.items():
        dims = view[0]
        # The true values of every input that looks like this (one row per input; the same
        # rows in the same order, since the dimensions are part of the look).
        truth = {c: np.array([g[c].to_numpy() for _, g in same]) for c in columns}
        n_values = {c: np.array([len(np.unique(truth[c][:, pos])) for pos in range(len(dims))])
                    for c in columns}
        for parts, g in same:
            if max(parts) > hi // 2:
                continue
            hidden = g["undertrykt"].to_numpy()
            count = g["taeller"].to_numpy()
            for pos, dim in enumerate(dims):
                base, unit = un.split_unit(dim)
                if not hidden[pos] or unit is None:
                    continue
                line_total = count[dims.index(base)]
                for col in columns:
                    if col == "taeller" and line_total == 0:
                        continue  # 0 by the shown total alone
                    if n_values[col][pos] < 2:
                        pinned.append((parts, dim, col))
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


def test_the_check_finds_a_count_a_weaker_rule_leaves_open():
    """Positive control: with only primary suppression (no cover among the units), a hidden
    unit is its line's shown total minus the shown units, and the check must say so; e.g.
    total 7, U0 = 5 shown, U1 = 2 hidden: U1 = 7 - 5."""
    from noegletal.metrics import suppression

    def primary_only(result, threshold=None, catalogue=None):
        out = result.copy()
        out["undertrykt"] = suppression.primary(out, threshold, catalogue).to_numpy()
        out["vises"] = np.where(out["undertrykt"], f"<{threshold}", out["vaerdi"].astype(str))
        return out

    pinned = pinned_cells("rate", 2, 16, 3, suppress=primary_only)
    assert ((5, 2), "enhed=U1", "taeller") in pinned
