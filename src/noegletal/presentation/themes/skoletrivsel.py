"""Skoletrivsel og fravær: pupils in vulnerable positions against all other pupils in 4.-9.
klasse, per school year (the report's Figur 51-53 and Tabel 8-10).

The group "udsatte" changes composition every year, so these figures monitor a development;
they do not measure the effect of the municipality's work. Every block says so.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd

from noegletal.metrics.catalogue import CATALOGUE, PAGE_BY_KEY, difference_figure
from noegletal.presentation.blocks import Block
from noegletal.presentation.charts import select_rows
from noegletal.presentation.formatting import MISSING, format_period, format_value, is_finite
from noegletal.presentation.marks import shown_mark
from noegletal.presentation.narrative import describe_comparison, describe_gap
from noegletal.presentation.overview import Headline, spec_of
from noegletal.presentation.overview import headlines as overview_headlines
from noegletal.presentation.tables import ROW_HEADER, school_table
from noegletal.presentation.themes import (
    export_rows,
    has_rows,
    has_values,
    kf,
    mark,
    skoletrivsel_charts,
)

TITLE = PAGE_BY_KEY["skoletrivsel"].heading
INDICATORS: tuple[str, ...] = ("faglig_trivsel", "social_trivsel", "fravaer_pct")
# Each indicator's gap (udsatte minus øvrige): the figure whose difference_of it is.
GAPS: dict[str, str] = {i: difference_figure(i).id for i in INDICATORS}
KEY_FIGURES: tuple[str, ...] = (*INDICATORS, *GAPS.values())
# Short Danish names for view choices and headline labels.
SHORT_NAMES: dict[str, str] = {
    "faglig_trivsel": "Faglig trivsel",
    "social_trivsel": "Social trivsel",
    "fravaer_pct": "Fravær",
}
GAP_ROW = "Forskel (udsatte minus øvrige)"


def composition_note() -> str:
    """The catalogue's caveat that the group of udsatte changes from year to year."""
    return kf("faglig_trivsel").caveats[0]


def gap_table(frame: pd.DataFrame, indicator: str, *, kommunekode: int) -> pd.DataFrame:
    """The report's Tabel 8-10 (mean and N per school year for udsatte and øvrige elever)
    with a last row holding the gap, udsatte minus øvrige, in each school year's column."""
    figure, gap = kf(indicator), kf(GAPS[indicator])
    table = school_table(frame, figure, kommunekode=kommunekode)
    rows = select_rows(frame, gap.id, kommunekode=kommunekode, dimensions=[""])
    record = {c: MISSING for c in table.columns}
    record[ROW_HEADER] = GAP_ROW
    for d, v, hid, vises in zip(rows["dato"], rows["vaerdi"], rows["undertrykt"], rows["vises"],
                                strict=True):
        col = format_period(d, gap.frequency)
        if col not in record:
            continue
        if hid:
            record[col] = shown_mark(vises)
        elif is_finite(v):
            record[col] = format_value(v, gap.unit)
    out = pd.concat([table, pd.DataFrame([record], columns=table.columns)], ignore_index=True)
    return mark(out, table.attrs.get("noter", []))


def blocks(
    frame: pd.DataFrame,
    comparator: pd.DataFrame | None,
    comparator_label: str,
    *,
    kommunekode: int,
    expected_years: Collection[int] = (),
    indicators: Sequence[str] = INDICATORS,
) -> list[Block]:
    """The blocks of the Skoletrivsel page and report section (see the package docstring),
    one per indicator in ``indicators`` (default all three). ``expected_years`` is accepted
    for the common interface and not used (school years have no expected accounts)."""
    out: list[Block] = []
    for indicator in indicators:
        figure, gap = kf(indicator), kf(GAPS[indicator])
        notes = []
        if has_rows(frame, figure.id):
            notes.append(describe_gap(frame, figure, kommunekode=kommunekode, gap_kf=gap))
        if has_values(comparator, figure.id, ["udsatte"]) and \
                has_values(frame, figure.id, ["udsatte"]):
            notes.append(describe_comparison(
                frame, figure, kommunekode=kommunekode, comparator=comparator,
                comparator_label=comparator_label, dimension="udsatte"))
        out.append(Block(
            key=indicator,
            title=f"{figure.name} – udsatte og øvrige elever i 4.-9. klasse",
            key_figures=[figure, gap],
            figure=(skoletrivsel_charts.school_gap(frame, figure, kommunekode=kommunekode, gap_kf=gap)
                    if has_values(frame, figure.id) else None),
            table=gap_table(frame, indicator, kommunekode=kommunekode),
            table_caption=(f"{figure.name}: gennemsnit og antal elever (N) pr. skoleår, og "
                           "forskellen mellem grupperne"),
            notes=notes,
            rows=export_rows(frame, comparator, [figure.id, gap.id]),
        ))
    return out


def headlines(frame: pd.DataFrame, *, kommunekode: int,
              indicators: Sequence[str] = INDICATORS) -> list[Headline]:
    """The latest school year's gap between udsatte and øvrige elever per indicator; the
    change is against the school year before (the hoped-for way is a smaller gap)."""
    specs = [spec_of(kf(GAPS[i])) for i in indicators]
    return overview_headlines(frame, CATALOGUE, kommunekode=kommunekode, specs=specs)


__all__ = [
    "GAP_ROW",
    "INDICATORS",
    "KEY_FIGURES",
    "SHORT_NAMES",
    "TITLE",
    "blocks",
    "composition_note",
    "gap_table",
    "headlines",
]
