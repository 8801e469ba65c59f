"""Load the active dataset from the store and compute the catalogue for the dashboard."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TypeVar

import pandas as pd

from noegletal.domain.schema import RESULT_COLUMNS
from noegletal.metrics.compute import compute_catalogue
from noegletal.metrics.params import MetricParams

T = TypeVar("T")

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


class DashboardData:
    """Everything the pages show for one state of the store.

    Built either in memory (``results`` and ``comparison`` given: tests, the committee
    report of a computed table) or on a stored materialisation (``source``): then the rows a
    page shows are read from the store on demand, filtered in the database by key figure
    and municipality (:meth:`select`, :meth:`national`), and ``results``/``comparison``
    are only read in full when something asks for them.
    """

    def __init__(
        self,
        results: pd.DataFrame | None = None,  # tidy key figures (RESULT_COLUMNS), all municipalities
        warnings: list[str] | None = None,
        token: str = "",
        cutoffs: list[pd.Timestamp] | None = None,
        kommuner: list[int] | None = None,
        comparison: pd.DataFrame | None = None,  # the `sammenligning` extract (published series)
        versions: pd.DataFrame | None = None,  # the active dataset versions
        expected_years: pd.DataFrame | None = None,  # (kommunekode, aar) with forventet regnskab
        is_sample: bool = False,
        extras: dict | None = None,
        # The parameters the figures were computed with (base periods, follow-up standards)
        # and the year whose prices the amounts are in (None: current prices, no index).
        params: MetricParams | None = None,
        price_base_year: int | None = None,
        *,
        sample_kommuner: frozenset[int] = frozenset(),
        source: StoredSource | None = None,
    ) -> None:
        self._results = results
        self._comparison = comparison
        self.warnings = list(warnings or [])
        self.token = token
        self.cutoffs = list(cutoffs or [])
        self.kommuner = list(kommuner or [])
        self.versions = versions if versions is not None else pd.DataFrame()
        self.expected_years = (expected_years if expected_years is not None
                               else pd.DataFrame(columns=["kommunekode", "aar"]))
        self.is_sample = is_sample
        # Municipalities whose own extracts are (partly) the bundled sample data.
        self.sample_kommuner = frozenset(sample_kommuner)
        self.extras = dict(extras or {})
        self.params = params or MetricParams()
        self.price_base_year = price_base_year
        self.source = source
        if results is None and source is None:
            self._results = pd.DataFrame(columns=list(RESULT_COLUMNS))
        self._derived: OrderedDict[tuple, object] = OrderedDict()
        self._derived_lock = threading.Lock()

    MAX_DERIVED = 128

    def derived(self, key: tuple, make: Callable[[], T]) -> T:
        """``make()``, computed once per ``key`` for this state and kept (the newest
        :attr:`MAX_DERIVED`): for views that depend only on the state and the key (e.g. the
        Landet ranking), so a page shown again does not derive them again. Callers must not
        change what they get."""
        with self._derived_lock:
            if key in self._derived:
                self._derived.move_to_end(key)
                return self._derived[key]  # type: ignore[return-value]
        value = make()
        with self._derived_lock:
            self._derived[key] = value
            while len(self._derived) > self.MAX_DERIVED:
                self._derived.popitem(last=False)
        return value

    def __repr__(self) -> str:
        where = f"materialisation {self.source.materialisation_id}" if self.source else "memory"
        return f"DashboardData(token={self.token!r}, {where})"

    @property
    def results(self) -> pd.DataFrame:
        """Every computed row (read in full from the store on first use)."""
        if self._results is None:
            assert self.source is not None
            self._results = self.source.rows(None, None)
        return self._results

    @results.setter
    def results(self, value: pd.DataFrame) -> None:
        self._results = value
        self._forget_derived()

    @property
    def comparison(self) -> pd.DataFrame:
        """The published series (the ``sammenligning`` extract: every municipality's rows
        with their taeller and naevner, and "Hele landet" with kommunekode 0); on a stored
        materialisation read from its stored copy, never from the raw extract."""
        if self._comparison is None:
            if self.source is None:
                return pd.DataFrame(columns=list(RESULT_COLUMNS))
            self._comparison = self.source.rows(None, None, published=True)
        return self._comparison

    @comparison.setter
    def comparison(self, value: pd.DataFrame) -> None:
        self._comparison = value
        self._forget_derived()

    def _forget_derived(self) -> None:
        with self._derived_lock:
            self._derived.clear()

    def select(self, kf_ids: Iterable[str] | None,
               kommuner: Iterable[int] | None = None) -> pd.DataFrame:
        """Computed rows of these key figures (all if None) for these municipalities (all if
        None), unsuppressed, in the catalogue's order."""
        ids = None if kf_ids is None else tuple(sorted({str(k) for k in kf_ids}))
        ks = None if kommuner is None else tuple(sorted({int(k) for k in kommuner}))
        if self._results is not None or self.source is None:
            res = self.results
            mask = pd.Series(True, index=res.index)
            if ids is not None:
                mask &= res["noegletal"].isin(ids)
            if ks is not None:
                mask &= res["kommunekode"].isin(ks)
            return res[mask]
        return self.source.rows(ids, ks)

    def national(self, kf_ids: Iterable[str] | None) -> pd.DataFrame:
        """The published "Hele landet" rows of these key figures, as tidy rows."""
        from noegletal.metrics import comparators

        ids = None if kf_ids is None else tuple(sorted({str(k) for k in kf_ids}))
        if self._comparison is not None or self.source is None:
            rows = comparators.national(self.comparison)
            return rows if ids is None else rows[rows["noegletal"].isin(ids)]
        from noegletal.domain.schema import NATIONAL

        rows = self.source.rows(ids, (NATIONAL,), published=True)
        # As comparators.national: "Hele landet" is shown by its value alone.
        return rows.assign(taeller=float("nan"), naevner=float("nan"))

    def unit_rows(self, kf_ids: Iterable[str], kommune: int) -> pd.DataFrame | None:
        """The stored unit breakdown of these key figures for one municipality (unsuppressed,
        the unit in ``dimension``); None when the data is not a stored materialisation (then
        :mod:`noegletal.services.units` computes it from the in-memory frames)."""
        if self.source is None:
            return None
        ids = tuple(sorted({str(k) for k in kf_ids}))
        return self.source.rows(ids, (int(kommune),), units=True)

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


class StoredSource:
    """Reads the rows of one stored materialisation, with a small cache (the rows of a
    materialisation never change, so one page's query serves every later view)."""

    MAX_CACHED = 256

    def __init__(self, store, materialisation_id: int) -> None:
        self.store = store
        self.materialisation_id = int(materialisation_id)
        self._cache: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def rows(self, ids: tuple[str, ...] | None, kommuner: tuple[int, ...] | None, *,
             published: bool = False, units: bool = False) -> pd.DataFrame:
        key = (ids, kommuner, published, units)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        rows = self.store.result_rows(self.materialisation_id, published=published,
                                      units=units, noegletal=ids, kommuner=kommuner)
        with self._lock:
            self._cache[key] = rows
            while len(self._cache) > self.MAX_CACHED:
                self._cache.popitem(last=False)
        return rows


def compute_dashboard_data(
    frames: dict[str, pd.DataFrame],
    *,
    token: str,
    versions: pd.DataFrame | None = None,
    is_sample: bool = False,
    params: MetricParams | None = None,
    sample_kommuner: frozenset[int] = frozenset(),
    on_module=None,
) -> DashboardData:
    """Compute everything the pages show from canonical frames (used by the materialiser;
    pages never call this)."""
    from noegletal.metrics.expenditure import expected_years, price_base_year

    params = params or MetricParams()
    cutoffs = default_cutoffs(frames)
    result = compute_catalogue(frames, cutoffs, params=params, on_module=on_module)
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


def serving(store, params: MetricParams | None = None, *, wait: bool = False):
    """The stored materialisation pages show for ``params`` (default: from the settings).

    When the current state has none yet but an earlier one does (parameters changed, or a
    write by an older version of the program), the earlier one is served and the current
    one computed in the background (with ``wait``: computed now and served). When the store
    has none at all (a database from before materialisation), it is computed once, now, and
    stored.
    """
    from noegletal.services import materialise as mz

    params = params if params is not None else mz.current_params()
    key = mz.params_key(params)
    info = store.serving_materialisation(key)
    if info is None or (wait and not info.current):
        info = store.materialise(mz.CatalogueMaterialiser(params))
    elif not info.current:
        mz.materialise_in_background(store, params)
    return info


def load_dashboard_data(store, params: MetricParams | None = None, *,
                        materialisation=None) -> DashboardData:
    """What the pages show, from the stored materialisation for ``params`` (see
    :func:`serving`; or the given ``materialisation``, as the app does). Without one, the
    current state's is used, computed and stored first if it is missing."""
    from noegletal.services.materialise import params_from_json, targets_from_json

    info = (materialisation if materialisation is not None
            else serving(store, params, wait=True))
    meta = info.info
    versions = store.versions()
    ids = set(meta.get("version_ids", []))
    if not versions.empty:
        versions = versions[versions["id"].isin(ids)] if ids else versions[
            versions["status"] == "aktiv"]
    ey = meta.get("expected_years") or []
    data = DashboardData(
        results=None,
        warnings=meta.get("warnings", []),
        token=info.state_token,
        cutoffs=[pd.Timestamp(d) for d in meta.get("cutoffs", [])],
        kommuner=[int(k) for k in meta.get("kommuner", [])],
        versions=versions,
        expected_years=pd.DataFrame(ey, columns=["kommunekode", "aar"]).astype("int64"),
        is_sample=store.is_sample_data(),
        sample_kommuner=store.sample_kommuner(),
        params=params_from_json(meta.get("params")),
        price_base_year=meta.get("price_base_year"),
        source=StoredSource(store, info.id),
    )
    # Where the published series came from (Danmarks Statistik's table, its "updated"
    # stamp), and net 5.28 expenditure per municipality and year, for the Landet page.
    data.extras["sources"] = store.sources()
    net = pd.DataFrame(meta.get("udgifter_5_28") or [],
                       columns=["kommunekode", "aar", "netto_1000_kr"])
    data.extras["udgifter_5_28"] = net.astype({"kommunekode": "int64", "aar": "int64",
                                               "netto_1000_kr": "float64"})
    # The municipalities' targets and units, stored with the materialisation (the unit
    # breakdown's rows are read on demand through DashboardData.unit_rows).
    data.extras["maal"] = targets_from_json(meta.get("maal"))
    data.extras["units"] = {int(k): list(v) for k, v in (meta.get("units") or {}).items()}
    data.extras["unit_warnings"] = list(meta.get("unit_warnings") or [])
    return data


def _net_5_28(udgifter: pd.DataFrame | None) -> pd.DataFrame:
    cols = ["kommunekode", "aar", "netto_1000_kr"]
    if udgifter is None or udgifter.empty:
        return pd.DataFrame(columns=cols)
    u = udgifter[udgifter["funktion"].astype(str).str.startswith("5.28")
                 & (udgifter["regnskabstype"] == "regnskab")]
    return u.groupby(["kommunekode", "aar"], as_index=False)["netto_1000_kr"].sum()[cols]
