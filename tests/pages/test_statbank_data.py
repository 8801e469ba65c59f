"""The Data page's Danmarks Statistik section: absent for anonymous visitors; for analysts
one button per source and the import of files downloaded by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from noegletal.security import hash_password
from tests.datain.statbank.server import recorded
from tests.pages.conftest import texts

PASSWORD = "statbank-2026"


@pytest.fixture(scope="module")
def page_data_dir(tmp_path_factory) -> Path:
    """Own store: this module writes to it."""
    return tmp_path_factory.mktemp("statbank-page")


@pytest.fixture(autouse=True)
def _analyst_login(_page_store, monkeypatch):
    monkeypatch.setenv("NOEGLETAL_ANALYST_PASSWORD_HASH", hash_password(PASSWORD, iterations=1000))
    monkeypatch.setenv("NOEGLETAL_ANALYST_MUNICIPALITIES", "")
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    yield


def _login(at) -> None:
    at.text_input(key="nt_login_user").input("anna")
    at.text_input(key="nt_login_password").input(PASSWORD)
    at.get("form_submit_button")[0].click()
    at.run()


def _fetch_buttons(at) -> list[str]:
    return [b.label for b in at.button if b.label.startswith("Hent ")]


def test_no_fetch_button_for_anonymous_visitors(open_page):
    at = open_page("data")
    assert not at.exception
    assert _fetch_buttons(at) == []
    assert "Hent fra Danmarks Statistik" not in texts(at)


def test_analyst_sees_one_button_per_source_and_imports_hand_downloaded_files(open_page):
    at = open_page("data")
    _login(at)
    assert not at.exception
    assert _fetch_buttons(at) == ["Hent FOLK1A", "Hent ANBAAR9, FOLK1A, ISBU02, UND2",
                                  "Hent REGK31"]
    assert "Endnu ikke hentet." in texts(at)
    [uploader] = [u for u in at.get("file_uploader") if "nt_sb_files" in u.proto.id]
    uploader.set_value(("REGK31.csv", recorded("data_REGK31.csv"), "text/csv"))
    at.run()
    [button] = [b for b in at.button if b.label == "Indlæs filerne"]
    button.click()
    at.run()
    assert not at.exception
    success = " ".join(s.value for s in at.success)
    assert "Udgifter (regnskab): 15 rækker indlæst" in success
    shown = texts(at)
    assert "Senest indlæst" in shown and "fra fil hentet i hånden" in shown
    # Every page's stamp names the published table it now rests on.
    assert "Danmarks Statistik, REGK31, fil indlæst" in shown
