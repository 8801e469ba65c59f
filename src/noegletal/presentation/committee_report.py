"""The udvalgsrapport: every theme's blocks for one municipality and period as one offline
HTML file (see :func:`noegletal.presentation.report.build_report`).

The report shows exactly what the dashboard pages show — the same blocks from
:mod:`noegletal.presentation.themes`, built from the same suppressed rows
(:mod:`noegletal.services.views`) — preceded by an overview with the headline figures and
the summary sentences of the Overblik page.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Mapping
from typing import Any

import pandas as pd

from noegletal.domain.kommuner import kommune_navn
from noegletal.metrics.catalogue import CATALOGUE
from noegletal.presentation.formatting import format_date, format_period_long
from noegletal.presentation.marks import suppression_note
from noegletal.presentation.overview import HEADLINES, Headline, headlines, summary
from noegletal.presentation.report import (
    FIXED_COLUMNS,
    ReportMeta,
    ReportSection,
    build_report,
)
from noegletal.presentation.targets import follow_up_table
from noegletal.presentation.themes import THEMES, load_theme, mark
from noegletal.presentation.themes.udgifter import price_text as price_basis_text
from noegletal.presentation.units import ALL_UNITS, unit_block
from noegletal.services.dashboard import DashboardData
from noegletal.services.targets import follow_up as target_follow_up
from noegletal.services.units import unit_frame, unit_report_figure_ids, units_for
from noegletal.services.views import (
    ViewFilter,
    comparator_frame,
    kommune_frame,
    national_frame,
    pooled_frame,
    several_frame,
)


def expected_years_for(data: DashboardData, kommunekode: int) -> tuple[int, ...]:
    """The years whose accounts are expected (forventet regnskab) for the municipality."""
    ey = data.expected_years
    if ey is None or ey.empty:
        return ()
    return tuple(sorted(int(y) for y in ey.loc[ey["kommunekode"].eq(kommunekode), "aar"]))


def headline_table(cards: list[Headline]) -> pd.DataFrame:
    """The headline figures as a display table: figure, period, value, change, comparator."""
    records = []
    for c in cards:
        change = c.main_change
        records.append({
            "Nøgletal": c.spec.label,
            "Seneste periode": c.period or "–",
            "Værdi": c.value_text,
            "Ændring": (f"{change.text} siden "
                        f"{format_period_long(change.since.dato, c.kf.frequency)}"
                        if change is not None and change.delta is not None else "–"),
            "Sammenligning": c.comparator or "–",
            "Ønsket retning": c.kf.direction_label,
        })
    hidden = any(c.latest is not None and c.latest.hidden for c in cards)
    table = mark(pd.DataFrame(records), [suppression_note()] if hidden else [])
    table.attrs[FIXED_COLUMNS] = True  # wraps on the page; its columns are not periods
    return table


def committee_report(
    data: DashboardData,
    view: ViewFilter,
    *,
    generated: dt.datetime | None = None,
    author: str = "",
    options: Mapping[str, Mapping[str, Any]] | None = None,
    enhed: str | None = None,
) -> str:
    """The udvalgsrapport for ``view.kommune`` and the period ``view.fra``..``view.til``
    compared with ``view``'s comparator, as one HTML document.

    ``options`` passes page choices on to a theme's ``blocks`` (e.g.
    ``{"indsatstrappen": {"sankey_dato": ...}}``); by default every theme uses its defaults.
    When the municipality has units, a section «Pr. enhed» shows the case-level headline
    figures for ``enhed`` (a unit's name) or for every unit (``None`` or ``"alle"``).
    """
    if view.kommune is None:
        raise ValueError("Vælg en kommune, før rapporten dannes.")
    ids = list(CATALOGUE)
    frame = kommune_frame(data, ids, view)
    comparator, label = comparator_frame(data, ids, view)
    expected = expected_years_for(data, view.kommune)
    cards = headlines(frame, CATALOGUE, kommunekode=view.kommune, comparator=comparator,
                      comparator_label=label, expected_years=expected, specs=HEADLINES)
    overview = ReportSection(
        title="Overblik",
        intro=("Rapporten samler kommunens nøgletal for udsatte børn og unge. Hvert afsnit "
               "viser de samme grafer og tabeller som dashboardet for den valgte kommune og "
               "periode."),
        narrative=summary(frame, CATALOGUE, kommunekode=view.kommune),
        tables=[("Hovedtal ved seneste periode", headline_table(cards))],
    )
    fu = target_follow_up(data, view)
    if not fu.empty:
        overview.tables.append(("Målopfølgning", follow_up_table(fu, CATALOGUE,
                                                                 view.threshold)))
    sections = [overview]
    # What the data say about every theme that asks for it (the same as the pages pass).
    shared = {"price_base_year": data.price_base_year,
              "base_periods": data.params.base_periods,
              "standards": data.params.followup_standards_for(view.kommune),
              "pooled": pooled_frame(data, ids, view)}
    several, several_kommuner = several_frame(data, ids, view)
    shared.update(several=several, several_kommuner=several_kommuner,
                  national=national_frame(data, ids, view))
    for info in THEMES:
        module = load_theme(info)
        accepted = inspect.signature(module.blocks).parameters
        kwargs = {k: v for k, v in shared.items() if k in accepted}
        kwargs.update((options or {}).get(info.key, {}))
        blocks = module.blocks(frame, comparator, label, kommunekode=view.kommune,
                               expected_years=expected, **kwargs)
        sections.append(ReportSection(title=info.title, blocks=blocks))
    units = units_for(data, view.kommune)
    if units:
        chosen = enhed if enhed in units else ALL_UNITS
        unit_blocks = []
        for kf_id in unit_report_figure_ids():
            kf = CATALOGUE[kf_id]
            dim = kf.headline.dimension if kf.headline else ""
            rows = unit_frame(data, [kf_id], view, chosen)
            unit_blocks.append(unit_block(rows, kf, dimension=dim, units=units, enhed=chosen,
                                          kommune_label=kommune_navn(view.kommune)))
        sections.append(ReportSection(
            title="Pr. enhed" if chosen == ALL_UNITS else f"Pr. enhed: {chosen}",
            blocks=unit_blocks))
    latest = data.latest_cutoff()
    in_period = [c for c in data.cutoffs if (view.fra is None or c >= view.fra)
                 and (view.til is None or c <= view.til)]
    shown_cutoff = in_period[-1] if in_period else latest
    meta = ReportMeta(
        kommune=kommune_navn(view.kommune),
        fra=(view.fra or latest or pd.Timestamp.today()).date(),
        til=(view.til or latest or pd.Timestamp.today()).date(),
        data_version=_version_text(data),
        cutoff=(shown_cutoff or pd.Timestamp.today()).date(),
        prices=price_basis_text(data.price_base_year),
        comparator=label,
        is_sample=data.is_sample,
        suppression_threshold=view.threshold,
        generated=generated,
        author=author,
    )
    return build_report(sections, meta)


def _version_text(data: DashboardData) -> str:
    text = f"Dataversion {data.token[:8]}"
    v = data.versions
    if v is not None and not v.empty and "created_at" in v.columns:
        text += f", senest indlæst {format_date(pd.to_datetime(v['created_at']).max())}"
    return text


def report_filename(view: ViewFilter) -> str:
    """``udvalgsrapport-herning-2016-01-31-2017-09-30.html`` (ASCII only)."""
    name = kommune_navn(view.kommune) if view.kommune is not None else "alle"
    slug = (name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
            .replace(" ", "-"))
    slug = "".join(ch for ch in slug if ch.isascii() and (ch.isalnum() or ch == "-"))
    parts = [p.date().isoformat() for p in (view.fra, view.til) if p is not None]
    return "-".join(["udvalgsrapport", slug, *parts]) + ".html"
