"""An attacker who differences everything the service layer shows.

The attacker sees, for every municipality, every comparison group over every subset of the
municipalities and the national series, each row the views return as shown (``undertrykt``
False): its ``vaerdi`` and, as in hover texts and exports, its ``taeller`` and ``naevner``.
They know how the figures are built (a group adds its members' numerators and
denominators; a partition's cells add up to their common denominator; a ``samlet`` row is
the sum of the others) and combine the shown numbers linearly — group minus members, group
minus group, total minus dimensions, national minus municipalities, with any coefficients,
not only ±1.

Every count is written as a vector over the free unknowns (one per independent count of
each municipality). A shown row reveals the vectors of its counts; a count is *recovered*
when its vector lies in the span of the revealed vectors. A published national rate
(``vaerdi`` only) reveals its numerator as soon as its denominator is known.

Out of scope (documented limits of :mod:`noegletal.metrics.suppression`): links between
different key figures and dates, and bounds from ``<5`` marks.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.metrics.suppression import PRIMARY_MARK, TOTAL_DIMENSIONS
from noegletal.services.views import ViewFilter, comparator_frame, kommune_frame

Vec = Counter  # unknown index -> coefficient
_NAEVNER_ONLY_UNITS = frozenset({"kr", "dage", "sager", "indeks"})
_AMOUNT_UNITS = frozenset({"1000_kr"})


def _f(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _count(row, unit: str) -> float | None:
    """The additive first quantity of a row: taeller, the count itself (``antal``) or, for a
    weighted mean without taeller, vaerdi × naevner."""
    t, n, v = _f(row.taeller), _f(row.naevner), _f(row.vaerdi)
    if t is not None:
        return t
    if unit in ("antal", "1000_kr"):
        return v
    if n is not None and v is not None:
        return v * n
    return None


def _protected(unit: str, kf_id: str) -> tuple[bool, bool]:
    """Which quantities (first, naevner) count individuals and must not be recovered when
    the row is marked ``<n``."""
    if unit in _AMOUNT_UNITS or unit in ("procentpoint", "indekspoint"):
        return False, False
    if CATALOGUE[kf_id].theme == "udgifter" and unit == "pct":
        return False, False
    if unit in _NAEVNER_ONLY_UNITS:
        return False, True
    return True, True


@dataclass
class Cell:
    c: Vec | None
    n: Vec | None
    c_true: float | None
    n_true: float | None


@dataclass
class Model:
    """Every municipality cell ``(kommunekode, noegletal, dato, dimension)`` as vectors."""

    cells: dict[tuple, Cell] = field(default_factory=dict)
    n_vars: int = 0

    def new(self) -> Vec:
        self.n_vars += 1
        return Counter({self.n_vars - 1: 1.0})


def build_model(truth: pd.DataFrame) -> Model:
    """The attacker's knowledge of the structure of the municipalities' own rows: per key
    figure, municipality and date a partition, a total with its parts, or independent cells
    (a per-1000 figure's cells share one population)."""
    m = Model()
    for (kf_id, kom, dato), g in truth.groupby(["noegletal", "kommunekode", "dato"], sort=True):
        unit = CATALOGUE[kf_id].unit
        rows = list(g.itertuples(index=False))
        cs = [_count(r, unit) for r in rows]
        ns = [_f(r.naevner) for r in rows]
        ts = [_f(r.taeller) for r in rows]
        base = (int(kom), kf_id, pd.Timestamp(dato))

        def key(r, base=base):
            return (*base, r.dimension)

        same_n = all(x is not None for x in ns) and len(set(ns)) == 1
        if len(rows) >= 2 and all(t is not None for t in ts) and same_n \
                and abs(sum(ts) - ns[0]) < 1e-9:
            vecs = [m.new() for _ in rows]
            total = sum(vecs, Counter())
            for r, v, c in zip(rows, vecs, cs, strict=True):
                m.cells[key(r)] = Cell(v, total, c, ns[0])
            continue
        dims = [r.dimension for r in rows]
        tot_i = [i for i, d in enumerate(dims) if d in TOTAL_DIMENSIONS]
        if len(rows) >= 3 and all(c is not None for c in cs) and len(tot_i) == 1 \
                and abs(2 * cs[tot_i[0]] - sum(cs)) < 1e-9:
            vecs = [None if i == tot_i[0] else m.new() for i in range(len(rows))]
            vecs[tot_i[0]] = sum((v for v in vecs if v is not None), Counter())
        else:
            vecs = [m.new() if c is not None else None for c in cs]
        shared = m.new() if same_n and unit == "pr_1000" else None
        for r, v, c, n in zip(rows, vecs, cs, ns, strict=True):
            nv = None if n is None else (shared if shared is not None else m.new())
            m.cells[key(r)] = Cell(v, nv, c, n)
    return m


def _sum(vecs: Iterable[Vec | None]) -> Vec | None:
    vecs = [v for v in vecs if v is not None]
    return sum(vecs, Counter()) if vecs else None


@dataclass
class Attack:
    model: Model
    revealed: list[Vec] = field(default_factory=list)
    ratios: list[tuple[Vec, Vec]] = field(default_factory=list)  # national (numerator, denominator)
    protected: list[tuple[str, Vec, float]] = field(default_factory=list)

    def member_vecs(self, members: Iterable[int], kf_id: str, dato, dim: str) -> Cell:
        cells = [self.model.cells.get((int(k), kf_id, pd.Timestamp(dato), dim)) for k in members]
        cells = [c for c in cells if c is not None]
        return Cell(_sum(c.c for c in cells), _sum(c.n for c in cells),
                    sum(c.c_true or 0 for c in cells), sum(c.n_true or 0 for c in cells))

    def see(self, shown: pd.DataFrame | None, members: Iterable[int], label: str,
            threshold: int, *, national_remainder: bool = False) -> None:
        """Record what a view shows (``members``: the municipalities behind its rows)."""
        if shown is None or shown.empty:
            return
        members = list(members)
        mark = PRIMARY_MARK.format(n=threshold)
        for r in shown.itertuples(index=False):
            unit = CATALOGUE[r.noegletal].unit
            cell = self.member_vecs(members, r.noegletal, r.dato, r.dimension)
            if national_remainder:
                cell = Cell(_sum([cell.c, self.model.new()]), _sum([cell.n, self.model.new()]),
                            None, None)
            where = f"{label} {r.noegletal} {pd.Timestamp(r.dato).date()} {r.dimension!r}"
            if bool(r.undertrykt):
                if r.vises == mark:
                    first, second = _protected(unit, r.noegletal)
                    for ok, vec, true, what in ((first, cell.c, cell.c_true, "tæller"),
                                                (second, cell.n, cell.n_true, "nævner")):
                        if ok and vec and true is not None and 0 < true < threshold:
                            self.protected.append((f"{where} {what}={true:g}", vec, true))
                continue
            if pd.isna(r.vaerdi):
                continue
            if r.kommunekode == 0:  # the published national series: vaerdi only
                if unit in ("antal", "1000_kr"):
                    self.revealed.append(cell.c)
                elif cell.c is not None and cell.n is not None:
                    self.ratios.append((cell.c, cell.n))
                continue
            if cell.c is not None and (not pd.isna(r.taeller) or unit in ("antal", "1000_kr")
                                       or not pd.isna(r.naevner)):
                self.revealed.append(cell.c)
            if cell.n is not None and not pd.isna(r.naevner):
                self.revealed.append(cell.n)

    def recovered(self) -> list[str]:
        """The protected counts the attacker can compute exactly."""
        width = self.model.n_vars

        def dense(v: Vec) -> np.ndarray:
            a = np.zeros(width)
            for i, x in v.items():
                a[i] = x
            return a

        revealed = [dense(v) for v in self.revealed]
        pending = list(self.ratios)
        while True:
            basis = _basis(revealed, width)
            grown = False
            for num, den in list(pending):
                if _in_span(dense(den), basis):
                    revealed.append(dense(num))
                    pending.remove((num, den))
                    grown = True
            if not grown:
                break
        return [what for what, vec, _ in self.protected if _in_span(dense(vec), basis)]


def _basis(rows: list[np.ndarray], width: int) -> np.ndarray:
    """An orthonormal basis of the span of ``rows`` (from the eigenvectors of the Gram
    matrix: the rows are many, the unknowns few)."""
    if not rows:
        return np.zeros((0, width))
    a = np.unique(np.vstack(rows), axis=0)
    w, v = np.linalg.eigh(a.T @ a)
    return v[:, w > 1e-9 * max(1.0, float(w.max()))].T


def _in_span(q: np.ndarray, basis: np.ndarray) -> bool:
    if not q.any():
        return True
    rest = q - basis.T @ (basis @ q)
    return bool(np.linalg.norm(rest) < 1e-7 * max(1.0, np.linalg.norm(q)))


def attack_views(data, kf_ids: list[str], threshold: int, *,
                 country_held: bool = False,
                 groups: Iterable[tuple[int, ...]] | None = None) -> list[str]:
    """Every differencing of what the views return for ``data``: each municipality's own
    page and the municipality as comparator, a group over every non-empty subset of the
    municipalities with rows (or ``groups``), and the national series (with an unknown
    remainder for the municipalities outside the dashboard unless ``country_held``)."""
    truth = data.results[data.results["noegletal"].isin(kf_ids)]
    attack = Attack(build_model(truth))
    codes = sorted(int(k) for k in truth["kommunekode"].unique())
    viewer = codes[0] if codes else None
    for k in codes:
        attack.see(kommune_frame(data, kf_ids, ViewFilter(kommune=k, threshold=threshold)),
                   [k], f"kommune {k}", threshold)
        comp, _ = comparator_frame(data, kf_ids, ViewFilter(kommune=viewer, sammenlign=str(k),
                                                            threshold=threshold))
        attack.see(comp, [k], f"sammenlign {k}", threshold)
    if groups is None:
        groups = [c for r in range(1, len(codes) + 1) for c in itertools.combinations(codes, r)]
    for g in groups:
        comp, _ = comparator_frame(data, kf_ids, ViewFilter(
            kommune=viewer, sammenlign="gruppe", gruppe=tuple(g), threshold=threshold))
        attack.see(comp, g, f"gruppe {g}", threshold)
    comp, _ = comparator_frame(data, kf_ids, ViewFilter(kommune=viewer, threshold=threshold))
    attack.see(comp, codes, "landet", threshold, national_remainder=not country_held)
    return attack.recovered()


def national_rows(truth: pd.DataFrame, kf_ids: Iterable[str],
                  extra: Mapping[tuple, tuple[float, float]] | None = None) -> pd.DataFrame:
    """A ``sammenligning`` extract (kommunekode 0) computed *exactly* from ``truth`` by the
    group rule (the worst case: the same definition as the municipalities'); ``extra``
    adds a remainder (numerator, denominator) per (noegletal, dato, dimension) for the rest
    of the country."""
    acc: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in truth[truth["noegletal"].isin(list(kf_ids))].itertuples(index=False):
        unit = CATALOGUE[r.noegletal].unit
        c = _count(r, unit)
        a = acc[(r.noegletal, pd.Timestamp(r.dato), r.dimension)]
        a[0] += c or 0.0
        a[1] += _f(r.naevner) or 0.0
    out = []
    for (kf_id, dato, dim), (c, n) in sorted(acc.items()):
        if extra and (kf_id, dato, dim) in extra:
            ec, en = extra[(kf_id, dato, dim)]
            c, n = c + ec, n + en
        unit = CATALOGUE[kf_id].unit
        if unit == "antal":
            v = c
        elif n <= 0:
            continue
        else:
            v = c / n * {"pr_1000": 1000.0, "pct": 100.0}.get(unit, 1.0)
            if unit == "pct" and all(truth.loc[truth["noegletal"] == kf_id, "taeller"].isna()):
                v = c / n
        out.append({"kommunekode": 0, "noegletal": kf_id, "dato": dato, "dimension": dim,
                    "vaerdi": v})
    return pd.DataFrame(out, columns=["kommunekode", "noegletal", "dato", "dimension", "vaerdi"])
