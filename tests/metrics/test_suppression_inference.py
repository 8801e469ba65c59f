"""Secondary suppression against a reader who knows the algorithm.

For every input in a small range the tests run :func:`suppress` and group the inputs by what
a reader sees (marks, shown values, shown numerators and, for distributions, optionally the
denominator known from another figure). A hidden "<n" cell is safe when the inputs that look
the same do not all give it the same value. The range is cut at the top (``hi``) and only
inputs well inside it are judged, so a value is not "pinned" just because its neighbours
were not enumerated.

Example of what the earlier rule gave away (threshold 5): op = 1, ned = 6, samlet = 7 showed
``<5``, ``..``, 7. A cover was always the smallest cell of at least 6, so ned >= 6 and op = 1.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from noegletal.metrics.suppression import suppress

FAKE = {
    "fordeling": SimpleNamespace(unit="pct", theme="anbringelser"),
    "antal_med_total": SimpleNamespace(unit="antal", theme="flows"),
}
T = pd.Timestamp("2016-01-31")
COLUMNS = ["noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller", "naevner"]


def _rows(kind: str, key: int, parts: tuple[int, ...]) -> list[tuple]:
    total = sum(parts)
    if kind == "total":
        cells = [*((f"d{j}", p) for j, p in enumerate(parts)), ("samlet", total)]
        return [("antal_med_total", key, T, d, float(c), np.nan, np.nan) for d, c in cells]
    return [("fordeling", key, T, f"d{j}", 100.0 * p / total, float(p), float(total))
            for j, p in enumerate(parts)]


def pinned_cells(kind: str, k: int, hi: int, threshold: int, known_total: bool) -> list:
    inputs = [p for p in itertools.product(range(hi + 1), repeat=k) if sum(p) > 0]
    rows = [r for key, parts in enumerate(inputs) for r in _rows(kind, key, parts)]
    out = suppress(pd.DataFrame(rows, columns=COLUMNS), threshold=threshold, catalogue=FAKE)
    looks: dict[tuple, list] = defaultdict(list)
    for (_, g), parts in zip(out.groupby("kommunekode", sort=True), inputs, strict=True):
        shown_t = np.where(g["undertrykt"], -1.0, g["taeller"].fillna(-2.0))
        view = (*g["vises"].tolist(), *shown_t.tolist())
        if known_total:
            view = (*view, sum(parts))
        small = [str(v).startswith("<") for v in g["vises"]]
        looks[view].append((parts, small))
    pinned = []
    for same in looks.values():
        for parts, small in same:
            if max(parts) > hi // 2:
                continue
            for j in range(k):
                if small[j] and len({p[j] for p, _ in same}) < 2:
                    pinned.append((parts, j))
    return pinned


@pytest.mark.parametrize("threshold", [3, 5])
@pytest.mark.parametrize(("kind", "k", "hi", "known_total"), [
    ("total", 2, 24, False),   # op + ned = samlet
    ("total", 3, 14, False),
    ("part", 2, 24, False),    # shares of a shown denominator
    ("part", 3, 14, False),
    ("part", 3, 14, True),     # ... whose total is also known from another figure
])
def test_no_small_cell_is_pinned_by_a_reader_who_knows_the_rule(kind, k, hi, known_total,
                                                                 threshold):
    assert pinned_cells(kind, k, hi, threshold, known_total) == []


def test_the_earlier_leak_is_closed():
    # op = 1, ned = 6, samlet = 7 (threshold 5): ned and samlet, or everything, hidden, and
    # inputs that look the same give op more than one value (checked above); here the view.
    out = suppress(pd.DataFrame(_rows("total", 510, (1, 6)), columns=COLUMNS), threshold=5,
                   catalogue=FAKE)
    # hidden: op (1) and ned (6) sum to 7 = samlet; a reader knows op >= 1 and ned >= 5, so
    # 7 - 1 - 5 = 1 unit of slack is below the 2 required: the whole group shows "..".
    assert out["vises"].tolist() == ["..", "..", ".."]
