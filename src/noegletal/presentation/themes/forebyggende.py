"""§ 11.3-forløb: preventive courses per 1000 (the report's Figur 47) and the share followed by
a børnefaglig undersøgelse (Tabel 6), in the report's 6-month sample version and the
full-cohort 12-month version."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from noegletal.metrics.catalogue import CATALOGUE, PAGE_BY_KEY, page_figure_ids
from noegletal.presentation import charts, colors
from noegletal.presentation.blocks import Block
from noegletal.presentation.narrative import describe_change
from noegletal.presentation.overview import Headline, HeadlineSpec, page_specs
from noegletal.presentation.overview import headlines as overview_headlines
from noegletal.presentation.themes import (
    export_rows,
    has_rows,
    has_values,
    kf,
    series_block,
    share_count_table,
)

TITLE = PAGE_BY_KEY["forebyggende"].heading
KEY_FIGURES: tuple[str, ...] = page_figure_ids("forebyggende")

# Short names of the two versions of the follow-on share, used in legends and tables.
BFU_LABELS: dict[str, str] = {
    "forebyggende_11_3_bfu_andel": "Seneste halve år (rapportens stikprøve)",
    "forebyggende_11_3_bfu_12_mdr": "Hele årgangen fulgt i 12 måneder",
}

# Card labels short enough for two cards side by side at 1024 px (the catalogue's headlines).
BFU_IDS: tuple[str, ...] = ("forebyggende_11_3_bfu_andel", "forebyggende_11_3_bfu_12_mdr")
BFU_SHORT: dict[str, str] = {kf_id: CATALOGUE[kf_id].headline.label for kf_id in BFU_IDS}
HEADLINES: tuple[HeadlineSpec, ...] = page_specs("forebyggende")

BFU_SUBJECTS: dict[str, str] = {
    "forebyggende_11_3_bfu_andel": "Andelen i halvårsopgørelsen",
    "forebyggende_11_3_bfu_12_mdr": "Andelen i tolvmånedersopgørelsen",
}

BFU_EXPLANATION = (
    "De to tal svarer på det samme spørgsmål på to måder. Halvårstallet er rapportens: det "
    "ser på de børn, der har fået et § 11, stk. 3-forløb inden for det seneste halve år, og "
    "tæller dem, der allerede har fået en børnefaglig undersøgelse. Det er en stikprøve, fordi "
    "børn, der først bliver undersøgt senere, ikke kommer med. Tolvmånederstallet følger i "
    "stedet alle børn, der startede et forløb for 1-2 år siden, et helt år frem. Det fanger "
    "flere undersøgelser og ligger derfor typisk højere, men beskriver forløb, der startede "
    "længere tilbage."
)
BFU_DIRECTION = (
    "Tallet bør ikke stige: en børnefaglig undersøgelse efter et forebyggende forløb kan "
    "betyde, at barnet havde brug for mere end et afgrænset forløb. Det forventes ikke at "
    "være nul, og der er ikke sat et mål for, hvor lavt det skal være."
)


def blocks(
    frame: pd.DataFrame,
    comparator: pd.DataFrame | None,
    comparator_label: str,
    *,
    kommunekode: int,
    expected_years: Collection[int] = (),
) -> list[Block]:
    """The blocks of the § 11.3 page and report section."""
    rate = kf("forebyggende_11_3_pr_1000")
    six, twelve = kf("forebyggende_11_3_bfu_andel"), kf("forebyggende_11_3_bfu_12_mdr")
    out = [series_block(
        "forebyggende", rate, frame, comparator, comparator_label, kommunekode=kommunekode,
        table_caption="Børn i § 11, stk. 3-forløb pr. 1.000 børn 0-17 år")]
    notes = [BFU_EXPLANATION, BFU_DIRECTION]
    for figure in (six, twelve):
        if has_rows(frame, figure.id):
            notes.append(describe_change(frame, figure, kommunekode=kommunekode,
                                         subject=BFU_SUBJECTS[figure.id]))
    out.append(Block(
        key="bfu", title="§ 11, stk. 3-forløb efterfulgt af en børnefaglig undersøgelse",
        key_figures=[six, twelve],
        figure=(charts.shares_with_counts(
            frame, [six, twelve], kommunekode=kommunekode, labels=BFU_LABELS,
            palette=(colors.BLUE, colors.SKY_BLUE),
            title="Forløb efterfulgt af en børnefaglig undersøgelse")
            if has_values(frame, six.id) or has_values(frame, twelve.id) else None),
        table=share_count_table(frame, [(six, "", BFU_LABELS[six.id]),
                                        (twelve, "", BFU_LABELS[twelve.id])],
                                kommunekode=kommunekode, noun="forløb"),
        table_caption="Andel og antal forløb efterfulgt af en børnefaglig undersøgelse "
                      "(som rapportens Tabel 6)",
        notes=notes,
        rows=export_rows(frame, None, [six.id, twelve.id]),
    ))
    return out


def bfu_headlines(frame: pd.DataFrame, *, kommunekode: int) -> list[Headline]:
    """The two cards of the follow-on share (latest value of each version)."""
    specs = [s for s in HEADLINES if s.kf_id in BFU_SHORT]
    return overview_headlines(frame, CATALOGUE, kommunekode=kommunekode, specs=specs)
