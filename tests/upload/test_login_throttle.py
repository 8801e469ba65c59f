"""Login throttling kept in the store (issue #9, item 4) and the password field that made
the right password fail after a wrong one (issue #11, item 2).

The login panel runs in Streamlit's AppTest against a real SQLite store; a new AppTest is a
new browser session (what a reload gives), and a second ``Store`` on the same file is a
second instance of the app.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from noegletal.security import hash_password
from noegletal.store import Store
from noegletal.ui.auth import lockout_after

PASSWORD = "rigtig-kode-2026"
USER = "alice"


def _login_page() -> None:
    import streamlit as st

    from noegletal.ui import auth

    analyst = auth.login_panel()
    if analyst is not None:
        st.text(f"logget ind: {analyst.user}")


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("NOEGLETAL_DATA_DIR", str(data))
    monkeypatch.setenv("NOEGLETAL_LOAD_SAMPLE_DATA", "false")
    monkeypatch.setenv("NOEGLETAL_ANALYST_PASSWORD_HASH", hash_password(PASSWORD, iterations=1000))
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    yield get_settings().effective_database_url
    get_settings.cache_clear()


def new_session() -> AppTest:
    at = AppTest.from_function(_login_page, default_timeout=60)
    at.run()
    return at


def attempt(at: AppTest, password: str, user: str = USER) -> AppTest:
    at.text_input(key="nt_login_user").input(user)
    at.text_input(key="nt_login_password").input(password)
    at.button[0].click()
    at.run()
    return at


def logged_in(at: AppTest) -> bool:
    return any(t.value == f"logget ind: {USER}" for t in at.text)


def _last_failure(store: Store) -> dt.datetime:
    """When the last failed login was recorded (its audit line; the lock runs from then)."""
    audit = store.audit_log()
    return audit.loc[audit["action"] == "login_afvist", "created_at"].iloc[-1].to_pydatetime()


def test_the_right_password_works_right_after_a_wrong_one(app_env):
    at = new_session()
    attempt(at, "forkert")
    assert [e.value for e in at.error] == ["Forkert brugernavn eller adgangskode."]
    attempt(at, PASSWORD)
    assert logged_in(at)
    # The failure before it is cleared: the next wrong attempts start from zero again.
    store = Store(app_env)
    assert store.login_wait(USER, "ukendt") == 0
    store.close()


def test_the_lock_survives_a_reload_and_holds_for_the_right_password(app_env):
    for _ in range(4):  # each in a new session, as after a reload
        at = attempt(new_session(), "forkert")
    assert "Login er spærret i 30 sekunder" in at.error[0].value
    at = new_session()
    # The address is locked: the new session gets no form to try the right password in.
    assert not at.text_input
    assert not logged_in(at)
    assert at.warning[0].value.startswith("For mange forkerte forsøg. Prøv igen om ")
    # The user name is locked from another address too (checked when the form is sent).
    store = Store(app_env)
    failed_at = _last_failure(store)
    assert store.login_wait(USER, "10.9.9.9", now=failed_at) == 30
    assert store.login_wait(USER, "10.9.9.9", now=failed_at + dt.timedelta(seconds=30)) == 0
    store.close()


def test_failures_are_counted_per_user_name_and_per_address_and_shared_by_instances(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    first, second = Store(url), Store(url)  # two instances of the app
    for _ in range(3):
        assert first.record_login_failure("Alice", "10.0.0.1", lockout_after)[1] == 0
    failures, wait = second.record_login_failure("alice", "10.0.0.1", lockout_after)
    assert (failures, wait) == (4, 30)
    # Locked for the user name from any address, and for the address with any user name,
    # 30 s from the moment of the fourth failure (its audit line's time).
    failed_at = _last_failure(first)
    assert first.login_wait("ALICE", "10.9.9.9", now=failed_at) == 30
    assert first.login_wait("bob", "10.0.0.1", now=failed_at) == 30
    assert first.login_wait("bob", "10.9.9.9", now=failed_at) == 0
    assert first.login_wait("ALICE", "10.9.9.9", now=failed_at + dt.timedelta(seconds=30)) == 0
    # The fifth failure doubles the lock (exponential backoff).
    assert second.record_login_failure("alice", "10.0.0.2", lockout_after)[1] == 60
    audit = first.audit_log()
    lines = audit[audit["action"] == "login_afvist"]
    assert len(lines) == 5 and set(lines["created_by"]) == {"alice"}
    assert [d["forsoeg"] for d in lines["details"]] == [1, 2, 3, 4, 5]
    assert lines["details"].iloc[-1]["adresse"] == "10.0.0.2"
    first.record_login_success("alice", "10.0.0.1")
    assert first.login_wait("alice", "10.9.9.9") == 0
    first.close()
    second.close()
