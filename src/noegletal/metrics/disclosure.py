"""Suppression that holds *across* views: comparison groups, other municipalities and the
national series.

:mod:`noegletal.metrics.suppression` protects the rows of one municipality (primary
suppression of cells resting on 1..n-1 individuals, secondary suppression inside a key
figure's linked cells). A reader can also combine numbers from *different* views: every
municipality's own page is public, and a comparison group is chosen freely in the URL
(``?sammenlign=gruppe&gruppe=563,825``). Suppressing a group only on its own totals is not
enough: Læsø, 3 of 250 children placed, is ``<5`` on its own page, but the group
{Fanø, Læsø} shown as 15 of 850 minus Fanø's own 12 of 600 gives 3.

Rule (the *member rule*). A cell of a comparison group — one key figure, date and dimension
value — is shown only when every member's own cell is shown, i.e. not hidden by the
member's own primary or secondary suppression (``<5`` or ``..``). A member without a row
for the cell contributes nothing and does not hide it. A cell hidden this way is marked
``..`` and hides ``vaerdi``, ``taeller`` and ``naevner`` alike; then the group's rows go
through the usual suppression, so the group's own small totals are ``<5`` and its linked
cells (a partition, a total and its parts) get secondary suppression around the hidden ones.

Why this rule and not a threshold on the hidden remainder. A rule such as "show the group
when its hidden members add up to 0 or to at least n" protects each group on its own but
not pairs of groups, which a reader can pick freely: with a shown and e hidden, the groups
A = {a, b, c} and E = {b, c, e} both pass when b and c are hidden with a large enough sum,
and E - A + a = e. With the member rule a shown group cell is the sum of shown member
cells, so everything a reader can compute from groups (group minus member, group minus
group, any linear combination) is already computable from the municipalities' own pages:
groups add no information, and a group is exactly as well protected as its members'
pages. The price is visibility: one hidden member hides the group's cell.

Other comparator routes.

* *Another municipality as comparator* shows that municipality's own suppressed rows —
  the same cells as its own page (computed on the municipality's complete rows, so the
  result never depends on which key figures a page asks for).
* *Dimension totals* (``samlet = op + ned``, shares summing to 100) are linked cells within
  one municipality or group: rule 2 of :mod:`~noegletal.metrics.suppression` applies to a
  group's rows as to a municipality's, with the member rule's hidden cells counted as
  hidden.
* *The national series* ("Hele landet") is published data (``sammenligning``, e.g. from
  Danmarks Statistik), shown as uploaded, with ``vaerdi`` only. National minus the shown
  municipalities gives a hidden municipality's count exactly only if (1) every other
  municipality of the country is in the dashboard with its cell shown, and (2) the national
  figure uses the same definition and population as the dashboard's own computation.
  Neither normally holds: a dashboard holds one municipality or a few partners, so the
  rest of the country is an unknown remainder; the published series counts other children
  (e.g. the national placement figures include children placed because of a disability and
  unaccompanied minors) and a rate is published rounded without its counts. When the
  dashboard does hold every municipality (:data:`~noegletal.domain.kommuner.
  MUNICIPALITY_CODES`), condition (1) is met and only (2) stands between a reader and the
  count, so :func:`suppress_national` treats the national series as the group of all
  municipalities and applies the member rule to it.

Limits (as in :mod:`~noegletal.metrics.suppression`): links between different key figures
or dates (e.g. the placed children behind ``anbragte_pr_1000`` and the partition of
``anbringelsesform_andel``) are not covered by this rule either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from noegletal.domain.kommuner import MUNICIPALITY_CODES
from noegletal.metrics import comparators
from noegletal.metrics.suppression import suppress

CELL_KEYS: tuple[str, ...] = ("noegletal", "dato", "dimension")


def suppress_municipalities(rows: pd.DataFrame, threshold: int | None = None,
                            catalogue: Mapping | None = None) -> pd.DataFrame:
    """Every municipality's own suppression in one call (linked cells never span two
    municipalities, so each municipality gets exactly what its own page shows). Pass each
    municipality's complete rows: rule 3 links ``<x>`` and ``<x>_forskel``."""
    return suppress(rows, threshold, catalogue)


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "noegletal": frame["noegletal"].astype(str).to_numpy(),
        "dato": pd.to_datetime(frame["dato"]).to_numpy(),
        "dimension": frame["dimension"].fillna("").astype(str).to_numpy(),
    })


def hidden_by_members(cells: pd.DataFrame, suppressed_members: pd.DataFrame,
                      members: Iterable[int] | None = None) -> np.ndarray:
    """Per row of ``cells``: whether some member (a row of ``suppressed_members``, the output
    of :func:`suppress_municipalities`, with ``kommunekode`` in ``members``; all rows when
    ``members`` is None) has the same key figure, date and dimension hidden."""
    if len(cells) == 0:
        return np.zeros(0, dtype=bool)
    sm = suppressed_members
    if members is not None:
        sm = sm[sm["kommunekode"].isin([int(k) for k in members])]
    sm = sm[sm["undertrykt"].astype(bool)]
    if sm.empty:
        return np.zeros(len(cells), dtype=bool)
    hidden = _cells(sm).drop_duplicates().assign(_h=True)
    m = _cells(cells).merge(hidden, how="left", on=list(CELL_KEYS), sort=False)
    return m["_h"].notna().to_numpy()


def suppress_group(member_rows: pd.DataFrame, threshold: int | None = None,
                   catalogue: Mapping | None = None, *, members: Iterable[int] | None = None,
                   code: int = comparators.GROUP_CODE,
                   suppressed_members: pd.DataFrame | None = None) -> pd.DataFrame:
    """A comparison group's rows (:func:`~noegletal.metrics.comparators.group`) suppressed
    by the member rule (module docstring), with ``undertrykt`` and ``vises``.

    ``member_rows``: the computed rows the group is built from (the municipalities
    ``members``, default every municipality in the rows). ``suppressed_members``: the
    members' own suppression, if already computed on their complete rows (default: computed
    here from ``member_rows``, which must then hold each member's complete rows of the key
    figures involved).
    """
    if members is None:
        members = sorted({int(k) for k in member_rows["kommunekode"]})
    members = sorted({int(k) for k in members})
    rows = comparators.group(member_rows, members, code=code, catalogue=catalogue)
    rows = rows.reset_index(drop=True)
    if suppressed_members is None:
        sub = member_rows[member_rows["kommunekode"].isin(members)]
        suppressed_members = suppress_municipalities(sub, threshold, catalogue)
    forced = hidden_by_members(rows, suppressed_members, members)
    return suppress(rows, threshold, catalogue, also_hidden=forced)


def covers_country(held: Iterable[int], country: Iterable[int] = MUNICIPALITY_CODES) -> bool:
    """Whether the municipalities ``held`` include every municipality of the country."""
    return set(int(k) for k in country) <= set(int(k) for k in held)


def suppress_national(national_rows: pd.DataFrame, suppressed_municipalities: pd.DataFrame,
                      held: Iterable[int], threshold: int | None = None,
                      catalogue: Mapping | None = None, *,
                      country: Iterable[int] = MUNICIPALITY_CODES) -> pd.DataFrame:
    """The published national rows suppressed: as any series on their own values, and by
    the member rule over every municipality when the dashboard holds the whole country
    (``held`` covers ``country``; see the module docstring)."""
    rows = national_rows.reset_index(drop=True)
    forced = None
    if covers_country(held, country):
        forced = hidden_by_members(rows, suppressed_municipalities)
    return suppress(rows, threshold, catalogue, also_hidden=forced)
