"""The Landet view: every municipality ranked on a published key figure, with the chosen
municipality, its comparison group and the national value — all suppressed before shown.

Pages and the Overblik card ask here; they never rank or suppress on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from noegletal.datain.statbank.mappings import MAPPING_BY_ID, SOURCE_NAME
from noegletal.domain.calendar import danish_date
from noegletal.domain.kommuner import kommune_navn
from noegletal.metrics import comparators, disclosure, ranking
from noegletal.metrics.catalogue import CATALOGUE, UNIT_TYPES, KeyFigure
from noegletal.metrics.suppression import suppress
from noegletal.services.dashboard import DashboardData
from noegletal.services.statbank import updated_text

CAVEAT = (
    "Placeringen er ikke en karakter. Kommunerne har forskellige børn, forskellig praksis og "
    "registrerer forskelligt, og i små kommuner kan få børn flytte tallet meget fra år til år. "
    "Brug placeringen som anledning til at spørge, ikke som dom."
)
GROUP_SIZE = 10
NATIONAL_DECIMALS = 1  # the national value's precision when a municipality is hidden


def _protected(nv: ranking.NationalValue, any_hidden: bool) -> ranking.NationalValue:
    """With every municipality on the page, the national value minus the shown
    municipalities would give the hidden ones' count (``metrics.disclosure``). When a
    municipality is hidden on the date, the national value is therefore only given rounded
    to one decimal and never with its counts: for a rate per 1,000 children of the whole
    country that leaves a range of about a hundred children for the hidden remainder."""
    if nv.vaerdi is None or not any_hidden:
        return nv
    return ranking.NationalValue(
        round(nv.vaerdi, NATIONAL_DECIMALS),
        f"{nv.method}; afrundet til én decimal, fordi en eller flere kommuners tal ikke vises")


def published_choices(data: DashboardData) -> list[str]:
    """The catalogued key figures that are published for several municipalities."""
    return [k for k in ranking.published_ids(data.comparison) if k in CATALOGUE]


def derivation(kf_id: str) -> str:
    """How the published figure is formed (Danish, from the declared Statbank mapping)."""
    mapping = MAPPING_BY_ID.get(kf_id)
    return mapping.derivation if mapping is not None else ""


def dates_of(data: DashboardData, kf_id: str) -> list[pd.Timestamp]:
    rows = ranking.published(data.comparison, kf_id)
    return sorted(pd.to_datetime(rows["dato"]).unique())


def series_sources(data: DashboardData, kf_id: str) -> list[str]:
    """Where the published series of ``kf_id`` comes from, in Danish: ``Danmarks Statistik,
    ANBAAR9, opdateret 25. juni 2025`` per table, or the uploaded file's version."""
    mapping = MAPPING_BY_ID.get(kf_id)
    sources = data.extras.get("sources")
    lines: list[str] = []
    if sources is not None and not sources.empty and mapping is not None:
        rows = sources[sources["kind"] == "sammenligning"].sort_values("import_id")
        if not rows.empty:
            newest = rows.iloc[-1]
            tables = [t for t in mapping.tables if t in str(newest["tables"]).split(",")]
            for t in tables:
                when = updated_text((newest["updated"] or {}).get(t, ""))
                loaded = danish_date(pd.Timestamp(newest["created_at"]).date())
                lines.append(f"{SOURCE_NAME}, {t}, opdateret {when}" if when else
                             f"{SOURCE_NAME}, {t}, fil indlæst {loaded}")
    if lines:
        return lines
    v = data.versions
    if v is None or v.empty:
        return []
    comp = v[v["kind"] == "sammenligning"]
    if comp.empty:
        return []
    newest = comp.sort_values("id").iloc[-1]
    when = danish_date(pd.Timestamp(newest["created_at"]).date())
    prefix = "Eksempeldata (opdigtede tal)" if data.is_sample else "Egen fil"
    return [f"{prefix}: {newest['filename']}, dataversion {int(newest['id'])}, indlæst {when}"]


@dataclass
class LandetView:
    kf: KeyFigure
    dato: pd.Timestamp
    kommune: int
    table: pd.DataFrame  # ranking (metrics.ranking.ranking) + navn, valgt, i_gruppe
    national: ranking.NationalValue
    polarity: str
    group: tuple[int, ...]
    group_origin: str  # Danish: "valgt i menuen" / "foreslået ud fra ..."
    group_method: str  # Danish: how the group value is computed
    history: pd.DataFrame  # suppressed tidy rows over time, kommunekode = kommune / -1 / 0
    sources: list[str] = field(default_factory=list)

    @property
    def chosen(self) -> pd.Series | None:
        hit = self.table[self.table["kommunekode"] == self.kommune]
        return None if hit.empty else hit.iloc[0]

    @property
    def n_ranked(self) -> int:
        return int(self.table["plads"].notna().sum())


@dataclass(frozen=True)
class _Ranked:
    """What a published key figure's Landet view needs for every municipality alike: its
    published rows, the ranking on every date, and the national value on every date."""

    rows: pd.DataFrame
    by_date: dict[pd.Timestamp, pd.DataFrame]
    national: dict[pd.Timestamp, ranking.NationalValue]


def _ranked(data: DashboardData, kf_id: str, threshold: int) -> _Ranked:
    def make() -> _Ranked:
        kf = CATALOGUE[kf_id]
        rows = ranking.published(data.comparison, kf_id)
        scale = UNIT_TYPES[kf.unit].scale
        by_date: dict[pd.Timestamp, pd.DataFrame] = {}
        national: dict[pd.Timestamp, ranking.NationalValue] = {}
        for d in sorted(pd.to_datetime(rows["dato"]).unique()):
            d = pd.Timestamp(d)
            by_date[d] = ranking.ranking(rows, d, threshold)
            national[d] = ranking.national_value(data.comparison, kf_id, d, rows, scale)
        return _Ranked(rows, by_date, national)

    return data.derived(("landet.ranked", kf_id, int(threshold)), make)


def landet_view(data: DashboardData, kf_id: str, dato: pd.Timestamp, kommune: int, *,
                hand_group: tuple[int, ...] = (), threshold: int = 5) -> LandetView:
    """The Landet view (derived once per state and choice, see
    :meth:`~noegletal.services.dashboard.DashboardData.derived`)."""
    key = ("landet.view", kf_id, pd.Timestamp(dato), int(kommune), tuple(hand_group),
           int(threshold))
    return data.derived(key, lambda: _landet_view(data, kf_id, pd.Timestamp(dato),
                                                  int(kommune), tuple(hand_group),
                                                  int(threshold)))


def _landet_view(data: DashboardData, kf_id: str, dato: pd.Timestamp, kommune: int,
                 hand_group: tuple[int, ...], threshold: int) -> LandetView:
    kf = CATALOGUE[kf_id]
    ranked = _ranked(data, kf_id, threshold)
    rows = ranked.rows
    table = (ranked.by_date[dato].copy() if dato in ranked.by_date
             else ranking.ranking(rows, dato, threshold))
    table["navn"] = table["kommunekode"].map(kommune_navn)
    if hand_group:
        group = tuple(sorted(k for k in hand_group if k != kommune))
        origin = "valgt i menuen"
    else:
        structure = data.derived(("landet.structure",), lambda: ranking.structure_from(
            data.comparison, data.extras.get("udgifter_5_28")))
        suggested = ranking.suggest_group(structure, kommune, GROUP_SIZE)
        group = suggested.members
        origin = (f"foreslået: de {len(group)} kommuner, der {suggested.criteria} "
                  f"(offentliggjorte tal)" if group else "")
    table["valgt"] = table["kommunekode"] == kommune
    table["i_gruppe"] = table["kommunekode"].isin(group)
    scale = UNIT_TYPES[kf.unit].scale
    hidden_on = {d: bool(day["plads"].isna().any()) for d, day in ranked.by_date.items()}
    national_now = ranked.national.get(dato)
    if national_now is None:
        national_now = ranking.national_value(data.comparison, kf_id, dato, rows, scale)
    national = _protected(national_now, hidden_on.get(dato, False))

    own = suppress(rows[rows["kommunekode"] == kommune], threshold) \
        if (rows["kommunekode"] == kommune).any() else rows.iloc[0:0]
    # The group follows the member rule: a year is shown only when every member is shown.
    grp = disclosure.suppress_group(rows, threshold, members=group).drop(
        columns=["antal_kommuner"], errors="ignore") if group else rows.iloc[0:0]
    nat_rows = []
    for d, any_hidden in hidden_on.items():
        nv = _protected(ranked.national[d], any_hidden)
        if nv.vaerdi is not None:
            nat_rows.append({"noegletal": kf_id, "kommunekode": 0, "dato": d, "dimension": "",
                             "vaerdi": nv.vaerdi, "taeller": float("nan"),
                             "naevner": float("nan")})
    nat = pd.DataFrame(nat_rows, columns=list(rows.columns))
    nat = suppress(nat, threshold) if not nat.empty else nat
    parts = [p for p in (own, grp, nat) if not p.empty]
    history = pd.concat(parts, ignore_index=True) if parts else rows.iloc[0:0]
    return LandetView(kf=kf, dato=dato, kommune=kommune, table=table,
                      national=national, polarity=ranking.polarity(kf), group=group,
                      group_origin=origin, group_method=comparators.aggregation_rule(kf.unit),
                      history=history, sources=series_sources(data, kf_id))


def default_date(dates: list[pd.Timestamp], til: pd.Timestamp | None) -> pd.Timestamp | None:
    """The published date a page shows first: the newest within the chosen period (up to
    ``til``), as on the Overblik card; the earliest when every date is later.

    >>> ds = [pd.Timestamp("2016-12-31"), pd.Timestamp("2024-12-31")]
    >>> default_date(ds, pd.Timestamp("2017-09-30")).year, default_date(ds, None).year
    (2016, 2024)
    """
    if not dates:
        return None
    within = [d for d in dates if til is None or pd.Timestamp(d) <= pd.Timestamp(til)]
    return pd.Timestamp(within[-1] if within else dates[0])


def overview_view(data: DashboardData, kommune: int | None, threshold: int = 5,
                  til: pd.Timestamp | None = None) -> LandetView | None:
    """The Overblik card's view: the municipality's place on the first published key figure
    (``anbragte_pr_1000`` when published) at its newest date within the chosen period (up to
    ``til``); None without published data or without a published date in the period."""
    choices = published_choices(data)
    if kommune is None or not choices:
        return None
    kf_id = "anbragte_pr_1000" if "anbragte_pr_1000" in choices else choices[0]
    dates = dates_of(data, kf_id)
    if til is not None:
        dates = [d for d in dates if pd.Timestamp(d) <= pd.Timestamp(til)]
    if not dates:
        return None
    return landet_view(data, kf_id, dates[-1], int(kommune), threshold=threshold)
