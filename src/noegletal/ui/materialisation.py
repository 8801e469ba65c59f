"""The Data page's panel for the background jobs that compute and store the key figures.

An import or re-activation computes the catalogue of the new state in a background job
(:mod:`noegletal.services.materialise`); until it commits, every page shows the previous
figures. This panel shows the running jobs with their progress (refreshed every second
while one runs) and the outcome of the last few.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from noegletal.services import materialise
from noegletal.services.imports import local_time

_REFRESH = dt.timedelta(seconds=1)


def render() -> None:
    """Draw the panel (nothing when no job has run in this server process)."""
    jobs = materialise.jobs()
    if not jobs:
        return
    if any(j.running for j in jobs):
        _live()
        return
    last = jobs[-1]
    when = local_time(last.finished_at)
    if last.ok:
        st.caption(f":material/check_circle: {last.label} er gemt ({when}); siderne viser "
                   "de nye tal.")
    else:
        st.warning(f"{last.error} ({when})", icon=":material/error:")


@st.fragment(run_every=_REFRESH)
def _live() -> None:
    running = materialise.running_jobs()
    if not running:  # done: redraw the whole page with the new figures
        st.rerun()
    st.markdown("**Nøgletallene beregnes** — siderne viser de hidtidige tal, indtil "
                "beregningen er gemt.")
    for job in running:
        fraction, text = job.progress()
        st.progress(fraction, text=f"{job.label}: {text}")
