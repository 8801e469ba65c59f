"""The upload service stores the key figures of the new state in the import's transaction,
in a background job; a failure while computing them changes nothing."""

from __future__ import annotations

import pandas as pd

from noegletal.services import imports as im
from noegletal.services import materialise
from noegletal.services.dashboard import load_dashboard_data
from tests.upload.conftest import read
from tests.upload.test_imports import check


class InjectedFailure(Exception):
    pass


def test_an_import_stores_its_figures_and_a_failed_computation_rolls_it_back(store):
    report = im.import_checked(store, check(store, "befolkning.csv"), user="alice",
                               mode=im.MODE_ALL, permissions=im.ALL)
    assert report.ok
    assert store.materialisations()["state_token"].tolist() == [report.token_after]
    assert materialise.jobs()[-1].ok  # it ran as a background job
    before = load_dashboard_data(store)
    versions = store.versions()

    newer = im.Upload("befolkning.csv", read("befolkning.csv").replace(b";10", b";11"))
    seen: list[str] = []

    def fail_while_computing(fraction: float, text: str) -> None:
        seen.append(text)
        if text.startswith("Beregner nøgletal"):
            raise InjectedFailure("strømmen gik")

    report = im.import_checked(store, check(store, newer), user="alice", mode=im.MODE_ALL,
                               permissions=im.ALL, on_progress=fail_while_computing)
    assert not report.ok and "InjectedFailure" in report.message
    assert any(t.startswith("Gemmer befolkning.csv") for t in seen)  # rows were written
    assert store.state_token() == report.token_before
    pd.testing.assert_frame_equal(store.versions(), versions)
    after = load_dashboard_data(store)
    assert after.token == before.token
    pd.testing.assert_frame_equal(after.results, before.results)


def test_re_activation_stores_the_figures_of_the_earlier_state(store):
    im.import_checked(store, check(store, "befolkning.csv"), user="alice", mode=im.MODE_ALL,
                      permissions=im.ALL)
    first = int(store.versions()["id"].iloc[0])
    newer = im.Upload("befolkning.csv", read("befolkning.csv").replace(b";10", b";11"))
    im.import_checked(store, check(store, newer), user="alice", mode=im.MODE_ALL,
                      permissions=im.ALL)
    second_token = store.state_token()
    changed, message = im.activate_version(store, first, user="alice", permissions=im.ALL)
    assert changed, message
    assert store.state_token() != second_token
    assert store.materialisations()["state_token"].tolist() == [store.state_token()]
