"""Targets and units in AppTest: an analyst adds a target and sees it on the chart and in
Målopfølgning; an anonymous visitor cannot change targets; a shared link with a unit
reproduces the unit view. The module has its own store (it writes targets)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from noegletal.security import hash_password
from noegletal.services import targets as svc
from noegletal.services.imports import Permissions
from tests.pages.conftest import texts

PASSWORD = "maal-2025"
HADERSLEV, HERNING = 510, 657


@pytest.fixture(scope="module")
def page_data_dir(tmp_path_factory) -> Path:
    """Overrides the shared folder: this module writes to its store."""
    return tmp_path_factory.mktemp("targets-page")


@pytest.fixture(autouse=True)
def _analyst_login(_page_store, monkeypatch):
    monkeypatch.setenv("NOEGLETAL_ANALYST_PASSWORD_HASH", hash_password(PASSWORD, iterations=1000))
    monkeypatch.setenv("NOEGLETAL_ANALYST_MUNICIPALITIES", "")
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    yield


def store():
    from noegletal.ui.data import get_store

    return get_store()


def login(at) -> None:
    at.text_input(key="nt_login_user").input("alice")
    at.text_input(key="nt_login_password").input(PASSWORD)
    at.get("form_submit_button")[0].click()
    at.run()


def button(at, label: str):
    return [b for b in at.get("form_submit_button") if b.label == label]


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def annotations(at) -> list[str]:
    return [a.get("text", "") for spec in charts(at)
            for a in spec.get("layout", {}).get("annotations", [])]


def test_an_anonymous_visitor_cannot_change_targets(open_page):
    s = store()
    token = s.state_token()
    at = open_page("data", kommune=str(HADERSLEV))
    assert not at.exception
    assert not button(at, "Tilføj målet") and not button(at, "Gem ændringen")
    assert "Log ind som analytiker for at tilføje, ændre eller afslutte mål" in texts(at)
    # The service refuses too, whatever a page would send.
    current = svc.targets_of(__import__("noegletal.ui.data", fromlist=["get_data"]).get_data(),
                             HADERSLEV)
    frame = svc.add_target(current, kommunekode=HADERSLEV, noegletal="anbragte_pr_1000",
                           dimension="", maalvaerdi=1.0, retning="hoejst",
                           fra_dato="2016-01-01")
    with pytest.raises(svc.TargetError, match="ikke adgang"):
        svc.save_targets(s, HADERSLEV, frame, user="anonym",
                         permissions=Permissions(kommuner=frozenset()))
    assert s.state_token() == token


def test_an_analyst_adds_a_target_and_sees_it_on_the_chart_and_in_malopfoelgning(open_page):
    s = store()
    n_versions = len(s.versions(kind="maal", kommunekode=HADERSLEV))
    at = open_page("data", kommune=str(HADERSLEV))
    login(at)
    assert not at.exception
    at.selectbox(key="nt_maal_noegletal").set_value("anbragte_pr_1000")
    at.number_input(key="nt_maal_vaerdi").set_value(12.5)
    at.radio(key="nt_maal_retning").set_value("hoejst")
    at.date_input(key="nt_maal_fra").set_value(dt.date(2016, 1, 1))
    at.text_input(key="nt_maal_beskrivelse").input("Testmål fra udvalget")
    button(at, "Tilføj målet")[0].click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == []
    assert any("gemt som en ny version" in m.value for m in at.success)
    versions = s.versions(kind="maal", kommunekode=HADERSLEV)
    assert len(versions) == n_versions + 1
    newest = versions.sort_values("id").iloc[-1]
    assert (newest["created_by"], newest["status"]) == ("alice", "aktiv")
    assert newest["n_rows"] == 5  # the four sample targets and the new one

    # Målopfølgning on Overblik lists the new target with its status.
    at = open_page("overblik", kommune=str(HADERSLEV))
    assert not at.exception
    assert "Målopfølgning" in texts(at)
    [table] = [t.value for t in at.table if "Mål" in t.value.columns]
    row = table[table["Mål"] == "højst 12,5 fra 1. januar 2016"]
    assert len(row) == 1 and row.iloc[0]["Status"] in ("Nået", "Ikke nået")

    # The key figure's chart on its page draws the target.
    at = open_page("anbringelser", kommune=str(HADERSLEV))
    assert not at.exception
    assert "Mål: højst 12,5" in annotations(at)


def test_a_shared_link_with_a_unit_reproduces_the_unit_view(open_page):
    at = open_page("overblik", kommune=str(HERNING), enhed="Distrikt Syd")
    assert not at.exception
    assert at.selectbox(key="nt_enhed").value == "Distrikt Syd"
    metas = [spec.get("layout", {}).get("meta", {}) for spec in charts(at)]
    assert {"enhed": "Distrikt Syd"}.items() <= next(m for m in metas if "enhed" in m).items()
    assert at.query_params.get("enhed") in (["Distrikt Syd"], "Distrikt Syd")
    # Choosing «Alle enheder» gives one panel per unit plus the total, and the link follows.
    at.selectbox(key="nt_enhed").set_value("alle")
    at.run()
    spec = next(s for s in charts(at) if s.get("layout", {}).get("meta", {}).get("enhed"))
    assert len(spec["data"]) == 5  # Herning in total and four districts
    assert "enhed" not in at.query_params


def test_a_link_with_an_unknown_unit_falls_back_to_all_units(open_page):
    at = open_page(None, kommune=str(HERNING), enhed="Distrikt Midt")  # Overblik is the start
    assert not at.exception
    assert at.selectbox(key="nt_enhed").value == "alle"
    assert any("enhed findes ikke" in i.value for i in at.info)


def test_a_page_shown_again_draws_each_target_once(open_page):
    """The theme blocks are built once per stored state and shared by every view of it
    (``PageContext.once``); drawing the targets must not add them to the shared chart, or a
    second view would show each target line twice."""
    first = open_page("anbringelser", kommune=str(HADERSLEV))
    assert not first.exception
    labels = [a for a in annotations(first) if a.startswith("Mål:")]
    assert labels  # the sample targets of Haderslev are drawn
    again = open_page("anbringelser", kommune=str(HADERSLEV))
    assert not again.exception
    assert [a for a in annotations(again) if a.startswith("Mål:")] == labels
    assert [len(c["data"]) for c in charts(again)] == [len(c["data"]) for c in charts(first)]
