"""The Data page in AppTest: login, upload, validation report, re-activation, permissions.

The module has its own store (the uploads here change the figures), with the embedded
password login switched on for ``PASSWORD``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.presentation.formatting import format_value
from noegletal.security import hash_password
from noegletal.services.imports import HOW_REPLACE
from tests.pages.conftest import ROOT, texts, unescape

PASSWORD = "kvartal-2024"
HAARSLEV = 510


@pytest.fixture(scope="module")
def page_data_dir(tmp_path_factory) -> Path:
    """Overrides the shared folder: this module writes to its store."""
    return tmp_path_factory.mktemp("data-page")


@pytest.fixture(scope="module")
def password_hash() -> str:
    return hash_password(PASSWORD, iterations=1000)


@pytest.fixture(autouse=True)
def _analyst_login(_page_store, password_hash, monkeypatch):
    monkeypatch.setenv("NOEGLETAL_ANALYST_PASSWORD_HASH", password_hash)
    monkeypatch.setenv("NOEGLETAL_ANALYST_MUNICIPALITIES", "")
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    yield
    # The login throttle lives in the store and outlasts a test: a lock from the lockout
    # test must not refuse the next test's right password (AppTest has no client address).
    store().record_login_success("alice", "ukendt")


def store():
    from noegletal.ui.data import get_store

    return get_store()


def login(at, user: str = "alice", password: str = PASSWORD) -> None:
    at.text_input(key="nt_login_user").input(user)
    at.text_input(key="nt_login_password").input(password)
    at.get("form_submit_button")[0].click()
    at.run()


def upload(at, name: str, data: bytes) -> None:
    at.file_uploader[0].set_value((name, data, "text/csv"))
    at.run()


def halved_population(kommunekode: int) -> bytes:
    """The sample population of one municipality with every count halved (rounded down)."""
    frame = pd.read_csv(ROOT / "sample_data" / "befolkning.csv")
    frame = frame[frame["kommunekode"] == kommunekode].copy()
    frame["antal_0_17"] = frame["antal_0_17"] // 2
    buf = io.StringIO()
    frame.to_csv(buf, sep=";", index=False)
    return buf.getvalue().encode("utf-8")


def placement_rate(data, kommunekode: int) -> pd.Series:
    r = data.results
    row = r[(r["noegletal"] == "anbragte_pr_1000") & (r["kommunekode"] == kommunekode)
            & (r["dato"] == data.latest_cutoff())]
    assert len(row) == 1
    return row.iloc[0]


def shown_placement_rate(open_page, kommunekode: int) -> str:
    """The headline «Anbragte pr. 1.000 børn» on Overblik in a fresh session."""
    at = open_page(kommune=str(kommunekode))
    assert not at.exception
    [metric] = [m for m in at.metric if m.label == "Anbragte pr. 1.000 børn"]
    return metric.value


# -------------------------------------------------------------------- anonymous


def test_an_anonymous_visitor_sees_the_data_but_no_uploader(open_page):
    at = open_page("data")
    assert not at.exception
    assert not at.get("file_uploader")
    assert [t.label for t in at.text_input] == ["Brugernavn", "Adgangskode"]
    assert not at.get("tab")  # no versions or audit log without a login
    shown = texts(at)
    assert "Log ind for at indlæse nye udtræk" in shown
    assert "Data i dashboardet nu" in shown
    [table] = at.dataframe
    assert "Af" not in table.value.columns  # no names of people for anonymous visitors
    assert set(table.value["Udtræk"]) >= {"Befolkning 0-17 år", "Foranstaltninger (forløb pr. barn)"}


# That no other page offers a login or an upload, whatever the address holds, is
# tests/security/test_anonymous_access.py::test_no_other_page_offers_a_login_or_an_upload.


def test_query_parameters_never_write(open_page):
    s = store()
    token, n_audit = s.state_token(), len(s.audit_log())
    at = open_page("data", aktiver="1", version="1", upload="befolkning", import_="alt",
                   bruger="alice", adgangskode=PASSWORD)
    assert not at.exception
    assert not at.get("file_uploader")
    assert s.state_token() == token and len(s.audit_log()) == n_audit


def test_without_a_login_configured_uploading_is_disabled_and_explained(open_page,
                                                                       monkeypatch):
    monkeypatch.delenv("NOEGLETAL_ANALYST_PASSWORD_HASH")
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    at = open_page("data")
    assert not at.exception
    assert not at.get("file_uploader") and not at.text_input
    [info] = [i for i in at.info if "Upload er slået fra" in i.value]
    assert "noegletal hash-password" in info.value
    assert "NOEGLETAL_ANALYST_PASSWORD_HASH" in info.value


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_form(open_page):
    at = open_page("data")
    for _ in range(3):
        login(at, password="forkert")
        assert at.error[0].value == "Forkert brugernavn eller adgangskode."
        assert not at.get("file_uploader")
    login(at, password="forkert")
    assert "Login er spærret i 30 sekunder" in at.error[0].value
    at.run()
    assert not at.text_input  # the form is gone while locked, even for the right password
    assert "For mange forkerte forsøg" in at.warning[0].value


# ---------------------------------------------------------------------- upload


def test_an_analyst_uploads_new_figures_and_can_activate_the_old_ones_again(
        open_page, dashboard_data):
    s = store()
    before = placement_rate(dashboard_data, HAARSLEV)
    shown_before = shown_placement_rate(open_page, HAARSLEV)
    assert shown_before == format_value(before["vaerdi"], CATALOGUE["anbragte_pr_1000"].unit)
    [original] = s.versions("befolkning", HAARSLEV)["id"].tolist()

    at = open_page("data")
    login(at)
    # one upload form (the Statbank section below has its own uploader, nt_sb_files)
    assert len([u for u in at.get("file_uploader") if u.key != "nt_sb_files"]) == 1
    assert "Logget ind som **alice**" in texts(at)
    upload(at, "befolkning.csv", halved_population(HAARSLEV))
    assert not at.exception
    assert at.button(key="nt_import").disabled  # replace or add a period: chosen explicitly
    at.radio(key="nt_import_how").set_value(HOW_REPLACE)
    at.run()
    n = halved_population(HAARSLEV).count(b"\n") - 1
    assert [m.value for m in at.metric][:3] == [str(n), str(n), "0"]
    assert at.button(key="nt_import").disabled is False
    at.button(key="nt_import").click()
    at.run()
    assert not at.exception

    from noegletal.ui.data import get_data

    data = get_data()
    [success] = at.success
    assert f"Befolkning 0-17 år: {n} rækker indlæst fra befolkning.csv (1 ny version)." \
        in unescape(success.value)
    assert f"dataversion {data.token[:8]}" in unescape(success.value)
    assert f"Dataversion {data.token[:8]}" in at.caption[0].value  # the page's stamp
    after = placement_rate(data, HAARSLEV)
    # Same children, half the population: the denominator halves (rounded down).
    assert after["taeller"] == before["taeller"]
    assert after["naevner"] == before["naevner"] // 2
    assert after["vaerdi"] == pytest.approx(after["taeller"] / after["naevner"] * 1000)
    shown_after = shown_placement_rate(open_page, HAARSLEV)
    assert shown_after == format_value(after["vaerdi"], CATALOGUE["anbragte_pr_1000"].unit)
    assert shown_after != shown_before

    # The same file again is recognised and changes nothing.
    token = s.state_token()
    upload(at, "befolkning.csv", halved_population(HAARSLEV))
    assert any("Præcis denne fil er allerede indlæst" in unescape(i.value) for i in at.info)
    if at.button(key="nt_import").disabled:
        at.radio(key="nt_import_how").set_value(HOW_REPLACE)
        at.run()
    at.button(key="nt_import").click()
    at.run()
    assert any("er allerede indlæst" in unescape(i.value) for i in at.info)
    assert s.state_token() == token

    # Versions: the sample version is re-activated, and the old figures are back.
    versions = at.dataframe[0].value
    assert versions.columns.tolist()[:4] == ["Version", "Udtræk", "Kommune", "Status"]
    assert versions.iloc[0][["Udtræk", "Kommune", "Status", "Af", "Fil", "Rækker"]].tolist() \
        == ["Befolkning 0-17 år", "Haderslev", "Aktiv", "alice", "befolkning.csv", str(n)]
    at.selectbox(key="nt_v_choice").set_value(original)
    at.button(key="nt_v_activate").click()
    at.run()
    assert not at.exception
    assert unescape(at.success[0].value).startswith(
        f"Version {original} (Befolkning 0-17 år, Haderslev")
    assert shown_placement_rate(open_page, HAARSLEV) == shown_before
    actions = s.audit_log()["action"].tolist()
    assert actions[-3:] == ["import", "dublet", "aktivering"]


def test_a_bad_file_shows_row_errors_and_changes_nothing(open_page):
    s = store()
    token, n_versions = s.state_token(), len(s.versions())
    bad = (b"kommunekode;dato;antal_0_17\n510;2030-01-01;100\n510;31-02-2030;200\n"
           b"510;2030-04-01;-5\n")
    at = open_page("data")
    login(at)
    upload(at, "befolkning.csv", bad)
    assert not at.exception
    assert [m.value for m in at.metric][:4] == ["3", "1", "2", "2 / 0"]
    [report] = at.table  # a short report: wrapped in a table
    assert [[r, unescape(k), unescape(v)] for r, k, v in
            report.value[["række", "kolonne", "værdi"]].values.tolist()] == [
        [3, "dato", "31-02-2030"], [4, "antal_0_17", "-5"]]
    refused = at.dataframe[1].value  # after the preview
    assert refused["række"].tolist() == [3, 4]
    labels = [b.label for b in at.get("download_button")]
    assert "Hent rapporten (CSV)" in labels and "Hent de afviste rækker (CSV)" in labels
    # "Alt eller intet" (the default) cannot import a file with errors.
    assert at.button(key="nt_import").disabled
    assert "«alt eller intet» indlæser intet" in at.warning[0].value
    assert s.state_token() == token and len(s.versions()) == n_versions


def test_a_file_with_cpr_numbers_is_refused_without_a_preview(open_page):
    s = store()
    token = s.state_token()
    cpr = (b"kommunekode;barn_id;foedselsdato;indsats;startdato\n"
           b"510;1505101234;2010-05-15;underretning;2020-03-01\n")
    at = open_page("data")
    login(at)
    upload(at, "foranstaltninger.csv", cpr)
    assert not at.exception
    assert any("ligner CPR-numre" in unescape(e.value) for e in at.error)
    assert not at.metric
    frames = [d.value for d in at.dataframe]
    assert not any("1505101234" in f.astype(str).to_string() for f in frames)
    assert at.button(key="nt_import").disabled
    last = s.audit_log().iloc[-1]
    assert (last["action"], last["filename"], last["details"]["kode"]) == (
        "afvist_upload", "foranstaltninger.csv", "cpr")
    assert s.state_token() == token


def test_an_analyst_cannot_upload_for_another_municipality(open_page, monkeypatch):
    monkeypatch.setenv("NOEGLETAL_ANALYST_MUNICIPALITIES", "alice=657;bob=*")
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    token = store().state_token()
    at = open_page("data")
    login(at)
    assert "data for Herning (657)" in texts(at)
    upload(at, "befolkning.csv", halved_population(HAARSLEV))
    [error] = [e for e in at.error if "adgang" in e.value]
    assert "Haderslev (510)" in unescape(error.value)
    assert at.button(key="nt_import").disabled
    assert store().state_token() == token
