"""The differencing property through the store, on SQLite and PostgreSQL: case-level extracts
are imported, the catalogue is computed from the store's active versions as the dashboard
does, and every differencing of what the views show recovers no suppressed count."""

from __future__ import annotations

import itertools
import uuid

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noegletal.services.dashboard import load_dashboard_data
from noegletal.store import STATUS_ACTIVE
from tests.metrics.builders import measures, population
from tests.services.attack import attack_views
from tests.store.canonical import checksum

KF_IDS = ["anbragte_pr_1000", "anbringelsesform_andel", "hjemmebaserede_pr_1000",
          "hjemmebaserede_type_antal", "flytninger_pr_1000"]
POOL = (825, 563, 510)
PLACED = ("familiepleje", "netvaerkspleje", "doegninstitution")
HOME = ("forebyggende_foranstaltning", "eget_vaerelse")
COUNTER = itertools.count()


@st.composite
def child(draw, kommune: int, i: int) -> list[tuple]:
    """One child's courses: placed, home-based, or home-based and then placed (a move up)."""
    cid = f"k{kommune}c{i}"
    birth = f"{draw(st.integers(2001, 2012))}-03-01"
    start = (pd.Timestamp("2015-01-15") + pd.Timedelta(days=draw(st.integers(0, 300))))
    end = draw(st.sampled_from([None, "2016-03-15"]))
    kind = draw(st.sampled_from(["placed", "home", "move"]))
    s = start.date().isoformat()
    if kind == "placed":
        return [(cid, birth, draw(st.sampled_from(PLACED)), s, end, "myndighed", kommune)]
    if kind == "home":
        return [(cid, birth, draw(st.sampled_from(HOME)), s, end, "myndighed", kommune)]
    # home-based until 1 October 2015, then placed
    return [(cid, birth, draw(st.sampled_from(HOME)), s, "2015-10-01", "myndighed", kommune),
            (cid, birth, draw(st.sampled_from(PLACED)), "2015-10-02", end, "myndighed",
             kommune)]


@st.composite
def extracts(draw):
    threshold = draw(st.integers(3, 6))
    codes = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=3, unique=True))
    rows = [("anchor", "2008-01-01", "forebyggende_11_3", "2015-01-01", "2016-06-01",
             "myndighed", codes[0])]  # cut-offs 31 January and 31 May 2016
    pops = {}
    for k in codes:
        pops[k] = draw(st.integers(30, 3000))
        for i in range(draw(st.integers(0, 9))):
            rows += draw(child(k, i))
    return threshold, measures(rows), population(pops)


def _reset(store) -> None:
    versions = store.versions()
    for vid in versions.loc[versions["status"] == STATUS_ACTIVE, "id"]:
        store.deactivate(int(vid), "test")


def _import(store, kind: str, frame: pd.DataFrame) -> None:
    label = f"{kind}-{next(COUNTER)}-{uuid.uuid4().hex}"
    store.import_frame(kind, frame, filename=f"{label}.csv", checksum=checksum(label),
                       user="test")


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(extracts())
def test_no_suppressed_count_is_recovered_from_the_store(store, case):
    threshold, foranstaltninger, befolkning = case
    _reset(store)
    _import(store, "foranstaltninger", foranstaltninger)
    _import(store, "befolkning", befolkning)
    # a published national series (its rest of the country is unknown to the attacker)
    _import(store, "sammenligning", pd.DataFrame({
        "kommunekode": np.array([0, 0], dtype="int64"),
        "noegletal": ["anbragte_pr_1000"] * 2,
        "dato": pd.to_datetime(["2016-01-31", "2016-05-31"]).astype("datetime64[ns]"),
        "dimension": ["", ""],
        "vaerdi": [9.5, 9.6],
    }))
    data = load_dashboard_data(store)
    assert set(data.kommuner) == set(befolkning["kommunekode"])
    assert attack_views(data, KF_IDS, threshold) == []
