"""Anonymous visitors cannot reach any write action, whatever they put in the URL.

The real app runs (AppTest) against a real store with the password login switched on. On the
Data page an anonymous session must see the login form and the list of active data only: no
file uploader, no import/activation button, no versions or audit-log tabs. The same must
hold when the URL carries the app's own keys with odd values, names of session-state keys,
or invented "admin" switches, and after a wrong password.
"""

from __future__ import annotations

import pytest

from tests.security.conftest import (
    ANALYST_PASSWORD,
    ANALYST_USER,
    assert_rendered,
    labels_of,
    nodes,
    page_paths,
    run_page,
)

DATA_PAGE = "pages/data.py"
WRITE_WIDGETS = ("file_uploader",)
ANONYMOUS_BUTTONS = {"Log ind"}  # the login form's submit button is the only button allowed
WRITE_TABS = ("Indlæs udtræk", "Versioner", "Logbog")

QUERY_COMBINATIONS: list[dict[str, str | list[str]]] = [
    {},
    {"admin": "true"},
    {"analytiker": "1", "login": "1", "user": ANALYST_USER, "bruger": ANALYST_USER},
    {"role": "analyst", "rolle": "analytiker", "auth": "ok", "token": "x" * 64},
    {"upload": "1", "import": "1", "importer": "ja", "mode": "kun_gyldige"},
    {"aktiver": "1", "activate": "1", "version": "1", "version_id": "1", "deaktiver": "1"},
    # names of the app's own session-state keys must not set session state
    {"nt_analyst": ANALYST_USER, "nt_login_failures": "0", "nt_upload_round": "1",
     "nt_upload_flash": "success"},
    {"tab": "Indlæs udtræk", "side": "data", "page": "data", "debug": "1", "edit": "1"},
    {"embed": "true", "embed_options": "show_toolbar"},
    {"kommune": "167", "visning": "upload", "dato": "2017-01-31", "maal": "25"},
    {"kommune": ["167", "510"], "admin": ["1", "true"], "upload": ["1", "1"]},
    {"password": ANALYST_PASSWORD, "adgangskode": ANALYST_PASSWORD, "username": ANALYST_USER},
]


def assert_no_write_action(at) -> None:
    for kind in WRITE_WIDGETS:
        assert not at.get(kind), f"en anonym session fik en {kind}"
    buttons = set(labels_of(at, "button")) | set(labels_of(at, "form_submit_button"))
    assert buttons <= ANONYMOUS_BUTTONS, f"uventede knapper for en anonym session: {buttons}"
    tabs = [getattr(n.proto, "label", "") for n in nodes(at) if getattr(n, "type", "") == "tab"]
    for label in tabs:
        assert not any(w in label for w in WRITE_TABS), f"anonym session så fanen {label!r}"


def login(at, password: str) -> None:
    at.text_input(key="nt_login_user").input(ANALYST_USER)
    at.text_input(key="nt_login_password").input(password)
    at.get("form_submit_button")[0].click()
    at.run()


def store_state(data_dir) -> tuple[str, int]:
    """The store's state token and the length of its audit log."""
    from noegletal.store import Store

    with Store(f"sqlite:///{(data_dir / 'noegletal.sqlite3').as_posix()}") as store:
        return store.state_token(), len(store.audit_log())


@pytest.mark.parametrize("query", QUERY_COMBINATIONS, ids=lambda q: ",".join(q) or "ingen")
def test_data_page_offers_no_write_action_to_anonymous_sessions(query, app_data_dir):
    at = run_page(DATA_PAGE, query)
    before = store_state(app_data_dir)
    assert_rendered(at)
    assert_no_write_action(at)
    # the login form is there (the page did render its anonymous variant)
    assert [w.label for w in at.text_input] == ["Brugernavn", "Adgangskode"]
    at.run()  # a rerun with the same URL writes nothing either
    assert store_state(app_data_dir) == before


def test_no_other_page_offers_a_login_or_an_upload():
    for path in page_paths():
        if path == DATA_PAGE:
            continue
        # Herning: the municipality with units (districts) and targets in the sample data
        at = run_page(path, {"admin": "true", "upload": "1", "kommune": "657"})
        assert_rendered(at)
        assert_no_write_action(at)
        passwords = [w.label for w in at.text_input if w.proto.type == w.proto.PASSWORD]
        assert not passwords, f"{path} viser et login til en anonym session"


def test_wrong_password_gives_no_write_action():
    at = run_page(DATA_PAGE)
    login(at, "forkert-" + ANALYST_PASSWORD)
    assert_rendered(at)
    assert any("Forkert brugernavn eller adgangskode" in e.value for e in at.error)
    assert_no_write_action(at)


def test_the_right_password_does_open_the_upload():
    """Positive control: the checks above do see an uploader when one is shown."""
    at = run_page(DATA_PAGE)
    login(at, ANALYST_PASSWORD)
    assert_rendered(at)
    assert at.get("file_uploader"), "en indlogget analytiker skulle kunne uploade"
    with pytest.raises(AssertionError):
        assert_no_write_action(at)


def test_without_a_configured_login_nobody_can_upload(monkeypatch):
    monkeypatch.delenv("NOEGLETAL_ANALYST_PASSWORD_HASH")
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    at = run_page(DATA_PAGE, {"admin": "true", "upload": "1"})
    assert_rendered(at)
    assert_no_write_action(at)
    assert not at.text_input
    assert any("Upload er slået fra" in e.value for e in at.info)
