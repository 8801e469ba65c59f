"""Compute the whole catalogue (or a part of it) from canonical frames."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from noegletal.domain.schema import RESULT_COLUMNS
from noegletal.metrics.catalogue import theme_modules
from noegletal.metrics.context import ComputeContext, empty_result
from noegletal.metrics.params import MetricParams


@dataclass
class ComputeResult:
    table: pd.DataFrame  # RESULT_COLUMNS, sorted
    warnings: list[str]


def compute_catalogue(
    frames: Mapping[str, pd.DataFrame],
    datoer: Iterable,
    params: MetricParams | None = None,
    only: Iterable[str] | None = None,
    on_module: Callable[[int, int, str], None] | None = None,
) -> ComputeResult:
    """Compute every key figure whose inputs are present.

    Each theme module has ``compute(ctx) -> pd.DataFrame`` returning tidy rows for its key
    figures and warning (in Danish, via ``ctx.warn``) about figures it skipped.
    ``on_module(i, n, name)`` is called before the i-th of n theme modules (for progress).
    """
    dates = sorted({pd.Timestamp(d).normalize() for d in datoer})
    ctx = ComputeContext(frames=frames, datoer=dates, params=params or MetricParams())
    parts = [empty_result()]
    modules = list(theme_modules())
    for i, module in enumerate(modules):
        if on_module is not None:
            on_module(i, len(modules), module.__name__.rsplit(".", 1)[-1])
        part = module.compute(ctx)
        if part is not None and len(part):
            parts.append(part[list(RESULT_COLUMNS)])
    table = pd.concat(parts, ignore_index=True)
    if only is not None:
        wanted = set(only)
        table = table[table["noegletal"].isin(wanted)]
    table = table.sort_values(["noegletal", "kommunekode", "dato", "dimension"], kind="stable")
    return ComputeResult(table=table.reset_index(drop=True), warnings=ctx.warnings)
