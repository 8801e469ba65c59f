"""Udgifter: expenditure on the specialised children's area (the report's Figur 48-50) and
the cost per child on each step of the ladder.

Every amount is in fixed prices of one base year (``price_base_year``), which is stated in
each chart; years whose accounts are expected, not final (``expected_years``), are hatched in
the charts and marked "forventet regnskab" in the tables.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from noegletal.domain.kommuner import kommune_navn
from noegletal.metrics.catalogue import CATALOGUE, PAGE_BY_KEY, page_figure_ids
from noegletal.metrics.params import MetricParams
from noegletal.presentation.blocks import Block
from noegletal.presentation.charts import retitle
from noegletal.presentation.formatting import join_danish
from noegletal.presentation.narrative import describe_change
from noegletal.presentation.overview import Headline, HeadlineSpec, page_specs
from noegletal.presentation.overview import headlines as overview_headlines
from noegletal.presentation.tables import wide_table
from noegletal.presentation.themes import (
    export_rows,
    has_rows,
    has_values,
    kf,
    mark,
    udgifter_charts,
)

TITLE = PAGE_BY_KEY["udgifter"].heading
KEY_FIGURES: tuple[str, ...] = page_figure_ids("udgifter")
EXPECTED_TEXT = "forventet regnskab"
# The report's base periods (Socialstyrelsen 2018): administration costs exist only from 2013;
# the default lives in MetricParams, the setting ``base_periods`` overrides it.
DEFAULT_BASE_PERIODS: dict[str, tuple[int, int]] = MetricParams().base_periods
HEADLINES: tuple[HeadlineSpec, ...] = page_specs("udgifter")
_BASE_LABELS = {"service": "service", "administration": "administration", "i_alt": "i alt"}


def price_text(price_base_year: int | None) -> str:
    """How the amounts are priced, for subtitles and notes."""
    if price_base_year is None:
        return "løbende priser (der er intet pris- og lønindeks i data)"
    return f"faste {price_base_year}-priser"


def base_period_text(base_periods: Mapping[str, tuple[int, int]]) -> str:
    """``service 2011-2014, administration og i alt 2013-2014`` (categories sharing a period
    are named together)."""
    by_period: dict[tuple[int, int], list[str]] = {}
    for cat in ("service", "administration", "i_alt"):
        if cat in base_periods:
            by_period.setdefault(tuple(base_periods[cat]), []).append(_BASE_LABELS[cat])
    return ", ".join(f"{join_danish(cats)} {a}-{b}" for (a, b), cats in by_period.items())


def expected_in(frame: pd.DataFrame, expected_years: Collection[int]) -> list[int]:
    """The expected-accounts years that occur among the yearly rows of ``frame``."""
    if frame is None or frame.empty:
        return []
    years = set(pd.to_datetime(frame.loc[frame["noegletal"].isin(KEY_FIGURES), "dato"]).dt.year)
    return sorted(int(y) for y in expected_years if int(y) in years)


def _mark_expected_columns(table: pd.DataFrame, years: Collection[int]) -> pd.DataFrame:
    renamed = table.rename(columns={str(y): f"{y} ({EXPECTED_TEXT})" for y in years})
    return mark(renamed, table.attrs.get("noter", []))


def _with_subtitle(fig, extra: str):
    """Append ``extra`` to the figure's subtitle (municipality · ...)."""
    current = (fig.layout.title.subtitle.text or "").replace("<br>", " ")
    return retitle(fig, subtitle=f"{current} · {extra}" if current else extra)


def _priced(fig, prices: str):
    """Axis titles that name the price basis in force: the catalogue's unit says "faste
    priser"; without a price index the amounts are in current prices, and the axis must not
    claim otherwise."""
    if fig is None:
        return None
    fig.for_each_yaxis(lambda ax: ax.update(title_text=ax.title.text.replace(
        "faste priser", prices)) if ax.title and ax.title.text else None)
    return fig


def blocks(
    frame: pd.DataFrame,
    comparator: pd.DataFrame | None,
    comparator_label: str,
    *,
    kommunekode: int,
    expected_years: Collection[int] = (),
    price_base_year: int | None = None,
    base_periods: Mapping[str, tuple[int, int]] | None = None,
) -> list[Block]:
    """The blocks of the Udgifter page and report section (see the package docstring).

    ``price_base_year`` is the year of the fixed prices (``DashboardData.price_base_year``;
    None = current prices); ``base_periods`` the base periods of ``merudgifter`` the figures
    were computed with (default the report's).
    """
    periods = dict(base_periods or DEFAULT_BASE_PERIODS)
    prices = price_text(price_base_year)
    expected = expected_in(frame, expected_years)
    expected_note = (
        [f"{join_danish([str(y) for y in expected])}: {EXPECTED_TEXT}. Tallene bygger på "
         "kommunens forventede regnskab, ikke det endelige, og er skraveret i figuren; de kan "
         "ændre sig, når regnskabet er afsluttet."] if expected else [])
    out: list[Block] = []

    net = kf("udgifter_netto")
    fig = None
    if has_values(frame, net.id):
        fig = _with_subtitle(udgifter_charts.expenditure_by_category(
            frame, net, kommunekode=kommunekode, expected_years=expected), f"1.000 kr., {prices}")
        fig = _priced(fig, prices)
    net_note = []
    if has_rows(frame, net.id):
        net_note = [describe_change(frame, net, kommunekode=kommunekode, dimension="i_alt",
                                    subject="Nettodriftsudgifterne i alt")]
    out.append(Block(
        key="udgifter_netto", title="Udgiftsudviklingen på det specialiserede børneområde",
        key_figures=[net], figure=fig,
        table=_mark_expected_columns(wide_table(frame, [net], kommunekode=kommunekode),
                                     expected),
        table_caption=f"Nettodriftsudgifter ({prices})",
        notes=[f"Alle beløb er i {prices}, så årene kan sammenlignes uden prisudviklingen.",
               *expected_note, *net_note],
        rows=export_rows(frame, None, [net.id]),
    ))

    extra = kf("merudgifter")
    fig = None
    if has_values(frame, extra.id):
        fig = _priced(udgifter_charts.extra_expenditure(
            frame, extra, kommunekode=kommunekode, expected_years=expected,
            base_periods=periods), prices)
        # The builder names the categories in full; the price basis and the base period
        # each on lines of their own.
        fig = retitle(fig, subtitle=(f"{kommune_navn(kommunekode)} · {prices}<br>"
                                     f"Basisperiode: {base_period_text(periods)}"))
    out.append(Block(
        key="merudgifter", title="Merudgifter i forhold til basisperioden",
        key_figures=[extra], figure=fig,
        table=_mark_expected_columns(wide_table(frame, [extra], kommunekode=kommunekode),
                                     expected),
        table_caption=f"Merudgifter ({prices}); negative tal er mindreudgifter",
        notes=[f"Basisperioder: {base_period_text(periods)}. Fordi basisperioderne er "
               "forskellige, kan søjlerne for service, administration og i alt ikke lægges "
               "sammen.",
               "Over nul: kommunen brugte mere end i basisperioden. Under nul: mindre.",
               *expected_note],
        rows=export_rows(frame, None, [extra.id]),
    ))

    share = kf("serviceudgifter_trin_andel")
    fig = None
    if has_values(frame, share.id):
        fig = udgifter_charts.service_share_by_step(frame, share, kommunekode=kommunekode,
                                           expected_years=expected)
        # Hide the labels of slivers too thin to read; their values are in the hover text.
        fig.update_layout(uniformtext={"minsize": 13, "mode": "hide"})
    out.append(Block(
        key="serviceudgifter_trin", title="Serviceudgifterne fordelt på indsatstrappen",
        key_figures=[share], figure=fig,
        table=_mark_expected_columns(wide_table(frame, [share], kommunekode=kommunekode),
                                     expected),
        table_caption="Andel af bruttodriftsudgifterne til service på hvert trin",
        notes=[share.caveats[0], *expected_note],
        rows=export_rows(frame, None, [share.id]),
    ))

    step_cost, cost = kf("udgift_pr_barn_trin"), kf("udgift_pr_barn")
    comp = comparator if has_values(comparator, cost.id) else None
    fig = None
    if has_values(frame, step_cost.id) or has_values(frame, cost.id):
        fig = udgifter_charts.cost_per_child(
            frame, step_cost, cost, kommunekode=kommunekode, expected_years=expected,
            comparator=comp, comparator_label=comparator_label,
            subtitle=f"kr. pr. barn pr. år, {prices}")
        fig = _priced(fig, prices)
    cost_notes = []
    if has_rows(frame, cost.id):
        cost_notes.append(describe_change(frame, cost, kommunekode=kommunekode,
                                          subject="Serviceudgiften pr. barn med en indsats"))
    out.append(Block(
        key="udgift_pr_barn", title="Udgift pr. barn – i alt og på hvert trin",
        key_figures=[cost, step_cost], figure=fig,
        table=_mark_expected_columns(
            wide_table(frame, [cost, step_cost], kommunekode=kommunekode,
                       row_labels={(cost.id, ""): "Alle børn med en indsats"}), expected),
        table_caption=f"Udgift pr. barn ({prices})",
        notes=["Hvert panel har sin egen skala: et år på institution koster mange gange mere "
               "end et år med en hjemmebaseret indsats.", *cost_notes, *expected_note],
        rows=export_rows(frame, comp, [cost.id, step_cost.id]),
    ))
    return out


def headlines(frame: pd.DataFrame, *, kommunekode: int,
              expected_years: Collection[int] = ()) -> list[Headline]:
    """The page's headline numbers for the latest year: net expenditure in total, the extra
    expenditure in total, the institution share of service and the cost per child."""
    return overview_headlines(frame, CATALOGUE, kommunekode=kommunekode,
                              expected_years=expected_in(frame, expected_years), specs=HEADLINES)


__all__ = ["KEY_FIGURES", "TITLE", "blocks", "headlines"]
