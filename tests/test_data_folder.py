"""The test suite never reads or writes the developer's own data folder (``./data``)."""

from __future__ import annotations

from tests.conftest import DEVELOPER_DATA


def test_settings_point_at_a_temporary_data_folder():
    from noegletal.settings import Settings, get_settings

    for settings in (Settings(), get_settings()):
        assert settings.data_dir.resolve() != DEVELOPER_DATA.resolve()
        assert DEVELOPER_DATA.resolve() not in settings.data_dir.resolve().parents
        assert str(DEVELOPER_DATA) not in settings.effective_database_url


def test_the_data_folder_check_sees_a_new_file(tmp_path, monkeypatch):
    """Positive control of the session check in tests/conftest.py, on a stand-in folder."""
    import tests.conftest as c

    folder = tmp_path / "data"
    monkeypatch.setattr(c, "DEVELOPER_DATA", folder)
    assert c._data_folder_files() is None  # not there
    folder.mkdir()
    (folder / "noegletal.sqlite3-wal").write_bytes(b"")  # a running dashboard's side file
    assert c._data_folder_files() == set()
    (folder / "noegletal.sqlite3").write_bytes(b"")
    assert c._data_folder_files() == {"noegletal.sqlite3"}

