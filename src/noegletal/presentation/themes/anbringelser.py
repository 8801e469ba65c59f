"""Anbringelser: the placement pattern (the report's Figur 35-44) and theme G's placement
length and flows on the ladder."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd

from noegletal.domain.kommuner import kommune_navn
from noegletal.metrics.catalogue import PAGE_BY_KEY, KeyFigure, page_figure_ids
from noegletal.presentation import charts, colors
from noegletal.presentation.blocks import Block
from noegletal.presentation.charts import select_rows
from noegletal.presentation.formatting import MISSING, format_period, join_danish
from noegletal.presentation.narrative import describe_change
from noegletal.presentation.tables import wide_table
from noegletal.presentation.themes import (
    anbringelser_charts,
    change_notes,
    comparison_name,
    export_rows,
    has_rows,
    has_values,
    kf,
    mark,
    series_block,
    series_table,
    share_count_table,
)

TITLE = PAGE_BY_KEY["anbringelser"].heading
KEY_FIGURES: tuple[str, ...] = page_figure_ids("anbringelser")

FLOW_COLORS = {**colors.MOVEMENT_COLORS, "samlet": colors.TOTAL_COLOR}


def blocks(
    frame: pd.DataFrame,
    comparator: pd.DataFrame | None,
    comparator_label: str,
    *,
    kommunekode: int,
    expected_years: Collection[int] = (),
    pooled: pd.DataFrame | None = None,
    several: pd.DataFrame | None = None,
    several_kommuner: Sequence[int] = (),
    national: pd.DataFrame | None = None,
) -> list[Block]:
    """The blocks of the Anbringelser page and report section (see the package docstring).

    ``pooled`` holds the suppressed rows pooled over the whole period
    (``services.views.pooled_frame``); with rows of the ceased placements it adds the block
    of where the children went over the whole period (seed 004, Figur 40 and 44).
    ``several`` holds the suppressed rows of ``several_kommuner`` (the chosen municipality
    first, ``services.views.several_frame``) and ``national`` the national line; with two
    or more municipalities they add the chart of them together (seed 004, Figur 35)."""
    name = kommune_navn(kommunekode)
    out: list[Block] = []

    rate = kf("anbragte_pr_1000")
    out.append(series_block(
        "anbragte", rate, frame, comparator, comparator_label, kommunekode=kommunekode,
        title="Anbragte børn pr. 1.000 børn", table_caption="Anbragte pr. 1.000 børn 0-17 år"))

    if several is not None and len(several_kommuner) >= 2:
        out.append(_several_block(rate, several, several_kommuner, national))

    forms = kf("anbringelsesform_andel")
    inst_subject = "Andelen af de anbragte, der er anbragt på institution, opholdssted m.v."
    out.append(Block(
        key="anbringelsesformer", title=f"Fordeling på anbringelsesformer – {name}",
        key_figures=[forms],
        figure=(anbringelser_charts.placement_forms(frame, forms, kommunekode=kommunekode)
                if has_values(frame, forms.id) else None),
        table=wide_table(frame, [forms], kommunekode=kommunekode),
        table_caption="Andel af de anbragte børn i hver anbringelsesform",
        notes=([describe_change(frame, forms, kommunekode=kommunekode,
                                dimension="institution", subject=inst_subject)]
               if has_rows(frame, forms.id) else []),
        rows=export_rows(frame, None, [forms.id]),
    ))
    if comparator is not None and has_values(comparator, forms.id):
        code = int(select_rows(comparator, forms.id)["kommunekode"].iloc[0])
        out.append(Block(
            key="institution_sammenlignet",
            title=f"Andel på institution – {name} og {comparison_name(comparator_label)}",
            key_figures=[forms],
            figure=charts.rate_over_time(
                frame, forms, kommunekode=kommunekode, dimension="institution",
                comparator=comparator, comparator_label=comparator_label,
                title="Andel af de anbragte, der er på institution, opholdssted m.v."),
            table=series_table(frame, comparator, comparator_label, forms,
                               kommunekode=kommunekode, kommune_label=name,
                               dimension="institution"),
            table_caption="Andel af de anbragte på institution, opholdssted m.v.",
            notes=change_notes(frame, comparator, comparator_label, forms,
                               kommunekode=kommunekode, dimension="institution",
                               subject=inst_subject)[1:],
            rows=export_rows(frame, comparator, [forms.id]),
        ))
        out.append(Block(
            key="anbringelsesformer_sammenligning",
            title=f"Fordeling på anbringelsesformer – {comparator_label}",
            key_figures=[forms],
            figure=anbringelser_charts.placement_forms(
                comparator, forms, kommunekode=code, subtitle=comparator_label,
                title="Fordeling på anbringelsesformer"),
            table=wide_table(comparator, [forms], kommunekode=code),
            table_caption=f"Andel af de anbragte i hver anbringelsesform – {comparator_label}",
            rows=export_rows(pd.DataFrame(columns=comparator.columns), comparator, [forms.id]),
        ))

    share, where = kf("institution_ophoert_andel"), kf("institution_ophoert_hvorhen")
    out.append(Block(
        key="ophoerte", title="Ophørte institutionsanbringelser og hvor børnene er nu",
        key_figures=[share, where],
        figure=(anbringelser_charts.ceased_institution(frame, share, where, kommunekode=kommunekode)
                if has_values(frame, share.id) or has_values(frame, where.id) else None),
        table=share_count_table(frame, [
            (share, "", "Ophørt siden forrige skæringsdato"),
            (where, "anden_anbringelse", where.dimensions["anden_anbringelse"]),
            (where, "ikke_anbragt", where.dimensions["ikke_anbragt"]),
        ], kommunekode=kommunekode, noun="børn"),
        table_caption="Ophørte institutionsanbringelser med antal børn bag andelene",
        notes=["Børn, der er fyldt 18 år, er ikke med: et ophør, fordi den unge bliver voksen, "
               "tæller ikke som en bevægelse ned ad indsatstrappen."],
        rows=export_rows(frame, None, [share.id, where.id]),
    ))
    if pooled is not None and has_rows(pooled, share.id):
        out.append(_pooled_block(frame, pooled, share, where, kommunekode=kommunekode))

    length = kf("institution_varighed_dage")
    out.append(series_block(
        "varighed", length, frame, comparator, comparator_label, kommunekode=kommunekode,
        table_caption="Gennemsnitlig varighed i dage af institutionsanbringelser, der sluttede "
                      "i de 12 måneder op til skæringsdatoen",
    ))

    moves = kf("flytninger_pr_1000")
    out.append(Block(
        key="flytninger", title=moves.name, key_figures=[moves],
        figure=(charts.series_by_dimension(frame, moves, kommunekode=kommunekode,
                                           order=("op", "ned", "samlet"), palette=FLOW_COLORS,
                                           dashes={"samlet": colors.TOTAL_DASH})
                if has_values(frame, moves.id) else None),
        table=wide_table(frame, [moves], kommunekode=kommunekode),
        table_caption="Flytninger op og ned ad indsatstrappen i de seneste 12 måneder pr. "
                      "1.000 børn",
        notes=([describe_change(frame, moves, kommunekode=kommunekode, dimension="samlet",
                                subject="Antallet af flytninger i alt pr. 1.000 børn")]
               if has_rows(frame, moves.id) else []),
        rows=export_rows(frame, None, [moves.id]),
    ))
    return out


def _several_block(rate: KeyFigure, several: pd.DataFrame, codes: Sequence[int],
                   national: pd.DataFrame | None) -> Block:
    """Seed 004, Figur 35: the placement rate of up to five municipalities and the national
    line on one chart, with a table of one row per municipality."""
    label = "Hele landet"
    names = [kommune_navn(int(k)) for k in codes]
    tables = [series_table(several, None, label, rate, kommunekode=int(k),
                           kommune_label=kommune_navn(int(k))) for k in codes]
    if national is not None and has_rows(national, rate.id):
        crows = select_rows(national, rate.id, dimensions=[""])
        tables.append(series_table(national, None, label, rate,
                                   kommunekode=int(crows["kommunekode"].iloc[0]),
                                   kommune_label=label))
    notes = list(dict.fromkeys(n for t in tables for n in t.attrs.get("noter", [])))
    dates = sorted(set(select_rows(several, rate.id, dimensions=[""])["dato"]) | (
        set(select_rows(national, rate.id, dimensions=[""])["dato"])
        if national is not None else set()))
    columns = list(dict.fromkeys(format_period(d, rate.frequency) for d in dates))
    table = pd.concat(tables, ignore_index=True)
    table = table.reindex(columns=[table.columns[0], *columns]).fillna(MISSING)
    return Block(
        key="anbragte_kommuner",
        title=f"Anbragte pr. 1.000 børn i {join_danish(names)}",
        key_figures=[rate],
        figure=(charts.several_over_time(several, rate, kommunekoder=codes,
                                         comparator=national, comparator_label=label,
                                         title="Anbragte pr. 1.000 børn i kommunerne")
                if has_values(several, rate.id) else None),
        table=mark(table, notes),
        table_caption="Anbragte pr. 1.000 børn 0-17 år i kommunerne og hele landet",
        notes=["Landstallet rummer også børn, der er anbragt på grund af en "
               "funktionsnedsættelse, og uledsagede flygtningebørn; sammenlign med varsomhed."],
        rows=export_rows(several, national, [rate.id]),
    )


def _pooled_block(frame: pd.DataFrame, pooled: pd.DataFrame, share: KeyFigure,
                  where: KeyFigure, *, kommunekode: int) -> Block:
    """Ceased institution placements over the whole period: Σ of every cut-off's counts."""
    datoer = sorted(set(pd.to_datetime(frame.loc[frame["noegletal"].eq(share.id), "dato"])))
    period = (f"{format_period(datoer[0], share.frequency)} – "
              f"{format_period(datoer[-1], share.frequency)}") if datoer else ""
    column = f"Hele perioden ({period})" if period else "Hele perioden"
    table = share_count_table(pooled, [
        (share, "", "Ophørt (alle skæringsdatoer lagt sammen)"),
        (where, "anden_anbringelse", where.dimensions["anden_anbringelse"]),
        (where, "ikke_anbragt", where.dimensions["ikke_anbragt"]),
    ], kommunekode=kommunekode, noun="børn")
    table = mark(table.set_axis([table.columns[0], *[column] * (len(table.columns) - 1)],
                                axis=1), table.attrs.get("noter", []))
    return Block(
        key="ophoerte_perioden",
        title="Ophørte institutionsanbringelser i hele perioden og hvor børnene gik hen",
        key_figures=[share, where],
        figure=(anbringelser_charts.ceased_pooled(pooled, share, where,
                                                  kommunekode=kommunekode, period=period)
                if has_rows(pooled, where.id) else None),
        table=table,
        table_caption="Ophørte institutionsanbringelser, alle skæringsdatoer i perioden lagt "
                      "sammen",
        notes=["Pr. skæringsdato bygger tallene ofte på så få børn, at de er skjult. Her er "
               "tællerne og nævnerne fra alle skæringsdatoer i perioden lagt sammen, så "
               "mønsteret kan ses; små tal er stadig skjult."],
        rows=export_rows(pooled, None, [share.id, where.id]),
    )
