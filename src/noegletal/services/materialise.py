"""Materialised key figures: compute the catalogue once per state of the store and keep it.

Definitions
-----------
*Parameters key* (:func:`params_key`)
    A hash of everything besides the data that changes the figures: the
    :class:`~noegletal.metrics.params.MetricParams` and :data:`RESULTS_VERSION` (raised when
    the computation itself changes, so stored figures from older code are recomputed).
*Catalogue materialiser* (:class:`CatalogueMaterialiser`)
    What the store calls inside the import, activation or deactivation transaction (see
    :mod:`noegletal.store.results`): the tertial cut-offs of the data, the whole catalogue,
    the published national series, and the small facts a page needs (municipalities,
    warnings, expected accounts, price base year, parameters).
*Job* (:class:`Job`)
    A background thread doing one import, activation or computation, with its progress
    (fraction and Danish text) for the Data page. Pages keep serving the previous state
    until the job's transaction commits; a failed job changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from noegletal.domain.formatting import format_decimal_text
from noegletal.metrics.params import MetricParams
from noegletal.store.results import Materialised

log = logging.getLogger(__name__)

RESULTS_VERSION = "3"

ProgressHook = Callable[[float, str], None]

def _module_label(module) -> str:
    """The Danish progress text's name of a theme module: its key figures' theme titles (from
    the catalogue, so a new theme module needs nothing here)."""
    titles = list(dict.fromkeys(kf.theme_title for kf in getattr(module, "DEFINITIONS", ())))
    return ", ".join(titles).lower() if titles else module.__name__.rsplit(".", 1)[-1]


def params_to_json(params: MetricParams) -> dict:
    return json.loads(json.dumps(dataclasses.asdict(params)))


def params_from_json(data: dict | None) -> MetricParams:
    """The parameters stored with a materialisation (defaults for anything missing)."""
    if not data:
        return MetricParams()
    kwargs: dict[str, Any] = {}
    if "base_periods" in data:
        kwargs["base_periods"] = {k: (int(v[0]), int(v[1]))
                                  for k, v in data["base_periods"].items()}
    if "price_base_year" in data:
        y = data["price_base_year"]
        kwargs["price_base_year"] = None if y is None else int(y)
    if "followup_standard_days" in data:
        kwargs["followup_standard_days"] = {k: int(v)
                                            for k, v in data["followup_standard_days"].items()}
    if data.get("target_margin_pct") is not None:
        kwargs["target_margin_pct"] = float(data["target_margin_pct"])
    return MetricParams(**kwargs)


def params_key(params: MetricParams) -> str:
    """The parameters key (see the module docstring).

    >>> params_key(MetricParams()) == params_key(MetricParams())
    True
    >>> params_key(MetricParams()) == params_key(MetricParams(price_base_year=2015))
    False
    """
    payload = {"params": params_to_json(params), "results_version": RESULTS_VERSION}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def current_params() -> MetricParams:
    from noegletal.settings import get_settings

    return get_settings().metric_params()


@dataclass
class CatalogueMaterialiser:
    """Computes what the pages show for one state (see the module docstring).
    ``on_progress(fraction, text)`` is called as the computation goes on; an exception it
    raises aborts the computation and so rolls back the transaction it runs in."""

    params: MetricParams = field(default_factory=MetricParams)
    on_progress: ProgressHook | None = None
    # The targets feed only ``info`` (no key figure reads them: a test checks the
    # catalogue's inputs), so a state that differs from a stored one only in its targets
    # gets the stored rows and :meth:`refresh_info` (see ``Store._materialise``).
    info_only_kinds: frozenset[str] = frozenset({"maal"})

    def refresh_info(self, info: dict, frames: dict[str, pd.DataFrame]) -> dict:
        """``info`` of a stored state with the targets of ``frames`` (only the kinds of
        :attr:`info_only_kinds`)."""
        self._progress(1.0, "Gemmer målene …")
        return {**info, "maal": targets_to_json(frames.get("maal"))}

    @property
    def params_key(self) -> str:
        return params_key(self.params)

    def _progress(self, fraction: float, text: str) -> None:
        if self.on_progress is not None:
            self.on_progress(fraction, text)

    def compute(self, frames: dict[str, pd.DataFrame], token: str) -> Materialised:
        from noegletal.metrics import comparators
        from noegletal.metrics.catalogue import theme_modules
        from noegletal.services.dashboard import compute_dashboard_data

        labels = {m.__name__.rsplit(".", 1)[-1]: _module_label(m) for m in theme_modules()}

        def on_module(i: int, n: int, name: str) -> None:
            self._progress(i / n, f"Beregner nøgletal: {labels.get(name, name)} …")

        self._progress(0.0, "Beregner nøgletallene …")
        data = compute_dashboard_data(frames, token=token, params=self.params,
                                      on_module=on_module)
        self._progress(1.0, "Gemmer nøgletallene …")
        ey = data.expected_years
        info = {
            "cutoffs": [d.date().isoformat() for d in data.cutoffs],
            "kommuner": [int(k) for k in data.kommuner],
            "warnings": list(data.warnings),
            "params": params_to_json(self.params),
            "price_base_year": data.price_base_year,
            "expected_years": [[int(k), int(a)] for k, a in
                               zip(ey["kommunekode"], ey["aar"], strict=True)]
            if ey is not None and not ey.empty else [],
        }
        from noegletal.services.dashboard import _net_5_28

        net = _net_5_28(frames.get("udgifter"))
        info["udgifter_5_28"] = [[int(k), int(a), float(v)] for k, a, v in zip(
            net["kommunekode"], net["aar"], net["netto_1000_kr"], strict=True)]
        # The whole published series (every municipality's rows with taeller and naevner,
        # for the Landet page and the ranking, and "Hele landet"), in tidy form.
        published = comparators.published(data.comparison)
        units = self._units(frames, data, info)
        info["maal"] = targets_to_json(data.extras.get("maal"))
        return Materialised(table=data.results, published=published, info=info, units=units)

    def _units(self, frames: dict[str, pd.DataFrame], data, info: dict) -> pd.DataFrame:
        """The unit breakdown (the rows ``noegletal compute --enhed`` adds, unsuppressed like
        the totals: pages suppress a municipality's total and its units together) and the
        units of every municipality that has them."""
        from noegletal.domain.schema import RESULT_COLUMNS
        from noegletal.metrics.units import compute_units

        units = data.extras.get("units") or {}
        info["units"] = {str(int(k)): list(v) for k, v in units.items()}
        info["unit_warnings"] = []
        if not units:
            return pd.DataFrame(columns=list(RESULT_COLUMNS))
        self._progress(1.0, "Beregner nøgletallene pr. enhed …")
        table, warnings = compute_units(frames, data.cutoffs, self.params)
        info["unit_warnings"] = list(warnings)
        return table[list(RESULT_COLUMNS)]


def targets_to_json(maal: pd.DataFrame | None) -> list[dict]:
    """The active targets (the ``maal`` extract) as JSON-able records, stored with the
    materialisation (see docs/ARCHITECTURE.md, "Materialised key figures")."""
    if maal is None or maal.empty:
        return []
    out = []
    for r in maal.to_dict("records"):
        rec = {}
        for k, v in r.items():
            if isinstance(v, pd.Timestamp):
                rec[k] = v.date().isoformat()
            elif v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
                rec[k] = None
            elif hasattr(v, "item"):
                rec[k] = v.item()
            else:
                rec[k] = v
        out.append(rec)
    return out


def targets_from_json(records: list[dict] | None) -> pd.DataFrame:
    """The targets stored by :func:`targets_to_json`, as a canonical ``maal`` frame."""
    from noegletal.datain.validation import empty_frame

    empty = empty_frame("maal")
    if not records:
        return empty
    f = pd.DataFrame(records, columns=list(empty.columns))
    for c in empty.columns:
        dtype = empty[c].dtype
        if str(dtype).startswith("datetime64"):
            f[c] = pd.to_datetime(f[c]).astype(dtype)
        elif dtype.kind == "O":
            f[c] = f[c].astype(object).where(f[c].notna(), None)
        else:
            f[c] = f[c].astype(dtype)
    if "dimension" in f.columns:
        f["dimension"] = f["dimension"].fillna("")
    return f


# ------------------------------------------------------------------------- jobs


@dataclass
class Job:
    """One background job (see the module docstring). ``error`` is a Danish message when
    it failed; ``result`` what its function returned."""

    id: int
    label: str
    started_at: dt.datetime
    fraction: float = 0.0
    text: str = "Venter …"
    finished_at: dt.datetime | None = None
    error: str | None = None
    result: Any = None
    exception: BaseException | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _relay: queue.Queue | None = None

    @property
    def running(self) -> bool:
        return self.finished_at is None

    @property
    def ok(self) -> bool:
        return self.finished_at is not None and self.exception is None

    def _set(self, fraction: float, text: str) -> None:
        with self._lock:
            self.fraction = max(0.0, min(1.0, float(fraction)))
            self.text = text

    def update(self, fraction: float, text: str) -> None:
        """Record progress (called by the job's own work). While a caller waits with an
        ``on_progress`` hook, the hook runs in the caller's thread before the work goes on,
        and an exception it raises is raised here, aborting the work (and so rolling back
        its transaction), as when the work ran in the caller's thread."""
        self._set(fraction, text)
        relay = self._relay
        if relay is None or threading.current_thread() is not self._thread:
            return
        reply: list[BaseException | None] = []
        done = threading.Event()
        relay.put((fraction, text, reply, done))
        while not done.wait(0.5):
            if self._relay is not relay:  # the caller stopped waiting
                return
        if reply and reply[0] is not None:
            raise reply[0]

    def progress(self) -> tuple[float, str]:
        with self._lock:
            return self.fraction, self.text

    def wait(self, on_progress: ProgressHook | None = None) -> Any:
        """Wait for the job in the calling thread, passing its progress to ``on_progress``
        (so a Streamlit script can draw it); re-raises the job's exception. If the caller
        is interrupted by Streamlit (the analyst leaves the page), the job goes on by
        itself; any other exception from ``on_progress`` aborts the job."""
        assert self._thread is not None
        relay = self._relay if on_progress is not None else None
        if on_progress is not None and relay is None:
            relay = self._relay = queue.Queue()
        if on_progress is None:
            self._relay = None
        try:
            while self._thread.is_alive() or (relay is not None and not relay.empty()):
                if relay is None:
                    self._thread.join(0.2)
                    continue
                try:
                    fraction, text, reply, done = relay.get(timeout=0.1)
                except queue.Empty:
                    continue
                try:
                    on_progress(fraction, text)
                    reply.append(None)
                except BaseException as exc:
                    if _is_script_control(exc):
                        self._relay = None
                        done.set()
                        raise
                    reply.append(exc)
                done.set()
        finally:
            self._relay = None
        if self.exception is not None:
            raise self.exception
        return self.result


def _is_script_control(exc: BaseException) -> bool:
    """Streamlit's stop/rerun signals (not imported here: services do not need Streamlit)."""
    return any(c.__name__ == "ScriptControlException" for c in type(exc).__mro__)


_JOBS: list[Job] = []
_JOBS_LOCK = threading.Lock()
_KEEP_FINISHED = 5


def start_job(label: str, work: Callable[[Job], Any], *, relay: bool = False) -> Job:
    """Run ``work(job)`` in a background thread and return the job at once. With ``relay``
    its progress is held for a caller that will :meth:`Job.wait` with a hook."""
    with _JOBS_LOCK:
        job = Job(id=len(_JOBS) + 1 if not _JOBS else _JOBS[-1].id + 1, label=label,
                  started_at=dt.datetime.now(dt.UTC))
        if relay:
            job._relay = queue.Queue()
        _JOBS.append(job)
        finished = [j for j in _JOBS if not j.running]
        for old in finished[:-_KEEP_FINISHED]:
            _JOBS.remove(old)

    def run() -> None:
        t0 = time.perf_counter()
        try:
            job.result = work(job)
            job._set(1.0, f"Færdig på {_seconds(time.perf_counter() - t0)}.")
        except BaseException as exc:  # reported to whoever waits and on the Data page
            # Whoever waits gets the exception (and reports it); the traceback only goes to
            # the debug log, so a refused import prints no traceback on the command line.
            log.warning("background job %s failed (%s)", label, type(exc).__name__)
            log.debug("background job %s failed", label, exc_info=True)
            job.exception = exc
            job.error = (f"{label} mislykkedes ({type(exc).__name__}); intet er ændret, og "
                         "siderne viser fortsat de hidtidige tal.")
            job._set(job.fraction, job.error)
        finally:
            job.finished_at = dt.datetime.now(dt.UTC)

    job._thread = threading.Thread(target=run, name=f"noegletal-job-{job.id}", daemon=True)
    job._thread.start()
    return job


def _seconds(s: float) -> str:
    return format_decimal_text(s, 1) + " s"


def jobs() -> list[Job]:
    """The running jobs and the last few finished ones, oldest first."""
    with _JOBS_LOCK:
        return list(_JOBS)


def running_jobs() -> list[Job]:
    return [j for j in jobs() if j.running]


def run_with_materialisation(
    label: str,
    work: Callable[[CatalogueMaterialiser, Job], Any],
    *,
    params: MetricParams | None = None,
    on_progress: ProgressHook | None = None,
    wait: bool = True,
    write_share: float = 0.4,
) -> Job:
    """Run ``work(materialiser, job)`` as a background job whose materialiser reports progress
    to the job (the first ``write_share`` of the bar is left to the work before it, e.g.
    writing rows). With ``wait`` the call returns when the job is done (re-raising its
    exception), relaying its progress to ``on_progress`` in the calling thread."""
    params = params if params is not None else current_params()

    def body(job: Job) -> Any:
        def on_compute(fraction: float, text: str) -> None:
            job.update(write_share + (1 - write_share) * 0.95 * fraction, text)

        return work(CatalogueMaterialiser(params, on_progress=on_compute), job)

    job = start_job(label, body, relay=wait and on_progress is not None)
    if wait:
        job.wait(on_progress)
    return job


_BACKGROUND: dict[tuple[str, str], Job] = {}


def materialise_in_background(store, params: MetricParams | None = None) -> Job:
    """Start computing the current state for ``params`` unless a job for the same store
    and parameters is already running (the pages meanwhile serve the previous state)."""
    params = params if params is not None else current_params()
    key = (repr(store), params_key(params))
    with _JOBS_LOCK:
        running = _BACKGROUND.get(key)
    if running is not None and running.running:
        return running
    job = run_with_materialisation(
        "Beregningen af nøgletallene", lambda m, _job: store.materialise(m), params=params,
        wait=False, write_share=0.0,
    )
    with _JOBS_LOCK:
        _BACKGROUND[key] = job
    return job
