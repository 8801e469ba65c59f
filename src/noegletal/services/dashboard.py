"""Load the active dataset from the store and compute the catalogue for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from noegletal.metrics.compute import compute_catalogue
from noegletal.metrics.params import MetricParams

# The report's three cut-offs a year (tertials): 31 January, 31 May, 30 September.
TERTIAL_DAYS: tuple[tuple[int, int], ...] = ((1, 31), (5, 31), (9, 30))


def tertial_cutoffs(first: pd.Timestamp, last: pd.Timestamp) -> list[pd.Timestamp]:
    """The tertial cut-offs ``d`` with ``first <= d <= last``.

    >>> [d.date().isoformat() for d in tertial_cutoffs(pd.Timestamp("2016-02-01"),
    ...                                                pd.Timestamp("2016-12-31"))]
    ['2016-05-31', '2016-09-30']
    """
    out = []
    for year in range(first.year, last.year + 1):
        for month, day in TERTIAL_DAYS:
            d = pd.Timestamp(year=year, month=month, day=day)
            if first <= d <= last:
                out.append(d)
    return out


def data_period(frames: dict[str, pd.DataFrame]) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The period the case-level extract covers: from its first start date to its last date."""
    f = frames.get("foranstaltninger")
    if f is None or f.empty:
        return None
    first = f["startdato"].min()
    last = max(f["startdato"].max(), f["slutdato"].max() if f["slutdato"].notna().any() else first)
    return pd.Timestamp(first), pd.Timestamp(last)


def default_cutoffs(frames: dict[str, pd.DataFrame]) -> list[pd.Timestamp]:
    """Tertial cut-offs from one year after the data start to the extract's last date.

    The data start is the later of the first start date and the first population figure
    (children already in care when a case system was introduced carry old start dates).
    The first year is left out so that key figures looking 12 months back (movements,
    ceased placements) have a full year of history behind them.
    """
    period = data_period(frames)
    if period is None:
        # Without case-level data: tertials over the years of the yearly extracts.
        years = []
        for name, col in (("befolkning", "dato"), ("sagstal", "dato")):
            if name in frames and not frames[name].empty:
                years += [frames[name][col].min().year, frames[name][col].max().year]
        if not years:
            return []
        return tertial_cutoffs(pd.Timestamp(min(years), 1, 1), pd.Timestamp(max(years), 12, 31))
    first, last = period
    pop = frames.get("befolkning")
    if pop is not None and not pop.empty:
        # Before the first population figure there is no denominator for the rates.
        first = max(first, pd.Timestamp(pop["dato"].min()))
    return tertial_cutoffs(pd.Timestamp(first.year + 1, 1, 1), last)


@dataclass
class DashboardData:
    """Everything the pages show, computed once per state of the store."""

    results: pd.DataFrame  # tidy key figures (RESULT_COLUMNS) for every municipality
    warnings: list[str]
    token: str
    cutoffs: list[pd.Timestamp]
    kommuner: list[int]
    comparison: pd.DataFrame  # the `sammenligning` extract (published series)
    versions: pd.DataFrame  # the active dataset versions
    expected_years: pd.DataFrame  # (kommunekode, aar) with forventet regnskab
    is_sample: bool
    extras: dict = field(default_factory=dict)
    # Municipalities whose own extracts are (partly) the bundled sample data.
    sample_kommuner: frozenset[int] = frozenset()
    # The parameters the figures were computed with (base periods, follow-up standards) and
    # the year whose prices the amounts are in (None: current prices, no price index).
    params: MetricParams = field(default_factory=MetricParams)
    price_base_year: int | None = None

    def latest_cutoff(self) -> pd.Timestamp | None:
        return self.cutoffs[-1] if self.cutoffs else None

    def shows_sample(self, kommune: int | None) -> bool:
        """Does a page about ``kommune`` show sample data? Once a municipality's own
        extracts have replaced the sample data, its pages are not marked, even while other
        municipalities still show sample data. Without a municipality: any sample data."""
        if kommune is None:
            return self.is_sample
        return int(kommune) in self.sample_kommuner


def _extras(frames: dict[str, pd.DataFrame]) -> dict:
    """The municipalities' targets (``maal``) and the case-level frames of the municipalities
    with units (``enhed``), for :mod:`noegletal.services.targets` and
    :mod:`noegletal.services.units` (the unit breakdown is computed on first use)."""
    from noegletal.metrics.units import units_of

    out: dict = {}
    if frames.get("maal") is not None:
        out["maal"] = frames["maal"]
    units = units_of(frames)
    if units:
        keep = list(units)
        out["unit_frames"] = {
            name: frames[name][frames[name]["kommunekode"].isin(keep)].reset_index(drop=True)
            for name in ("foranstaltninger", "befolkning", "opfoelgninger") if name in frames
        }
        out["units"] = units
    return out


def compute_dashboard_data(
    frames: dict[str, pd.DataFrame],
    *,
    token: str,
    versions: pd.DataFrame | None = None,
    is_sample: bool = False,
    params: MetricParams | None = None,
    sample_kommuner: frozenset[int] = frozenset(),
) -> DashboardData:
    from noegletal.metrics.expenditure import expected_years, price_base_year

    params = params or MetricParams()
    cutoffs = default_cutoffs(frames)
    result = compute_catalogue(frames, cutoffs, params=params)
    kommuner: set[int] = set()
    for name in ("befolkning", "foranstaltninger", "udgifter", "skoletrivsel", "sagstal"):
        if name in frames and frames[name] is not None and not frames[name].empty:
            kommuner |= {int(k) for k in frames[name]["kommunekode"].unique() if int(k) != 0}
    comparison = frames.get("sammenligning")
    if comparison is None:
        comparison = pd.DataFrame(columns=["kommunekode", "noegletal", "dato", "dimension", "vaerdi",
                                           "taeller", "naevner"])
    return DashboardData(
        results=result.table,
        warnings=result.warnings,
        token=token,
        cutoffs=cutoffs,
        kommuner=sorted(kommuner),
        comparison=comparison,
        versions=versions if versions is not None else pd.DataFrame(),
        expected_years=expected_years(frames) if "udgifter" in frames else pd.DataFrame(
            columns=["kommunekode", "aar"]),
        is_sample=is_sample,
        sample_kommuner=frozenset(sample_kommuner),
        # The municipalities' own targets (maal), followed up by noegletal.services.targets.
        extras=_extras(frames),
        params=params,
        price_base_year=price_base_year(frames, params),
    )


def load_dashboard_data(store, params: MetricParams | None = None) -> DashboardData:
    """Read the active versions from the store and compute the catalogue (with the
    parameters from the settings unless ``params`` is given)."""
    if params is None:
        from noegletal.settings import get_settings

        params = get_settings().metric_params()
    snap = store.snapshot()
    frames = snap.frames
    versions = store.versions()
    if not versions.empty and "status" in versions.columns:
        versions = versions[versions["status"] == "aktiv"]
    data = compute_dashboard_data(
        frames,
        token=snap.token,
        versions=versions,
        is_sample=store.is_sample_data(),
        sample_kommuner=store.sample_kommuner(),
        params=params,
    )
    # Where the published series came from (Danmarks Statistik's table, its "updated"
    # stamp), and net 5.28 expenditure per municipality and year, for the Landet page.
    data.extras["sources"] = store.sources()
    data.extras["udgifter_5_28"] = _net_5_28(frames.get("udgifter"))
    return data


def _net_5_28(udgifter: pd.DataFrame | None) -> pd.DataFrame:
    cols = ["kommunekode", "aar", "netto_1000_kr"]
    if udgifter is None or udgifter.empty:
        return pd.DataFrame(columns=cols)
    u = udgifter[udgifter["funktion"].astype(str).str.startswith("5.28")
                 & (udgifter["regnskabstype"] == "regnskab")]
    return u.groupby(["kommunekode", "aar"], as_index=False)["netto_1000_kr"].sum()[cols]
