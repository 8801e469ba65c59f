"""Replacing, re-activating and deactivating versions; duplicates; audit log; state token."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from noegletal.store import (
    STATUS_ACTIVE,
    STATUS_INACTIVE,
    STATUS_REPLACED,
    Store,
    StoreError,
)
from tests.store.canonical import FRAMES, checksum, foranstaltninger, import_kind


def _status(store) -> dict[int, str]:
    return dict(zip(store.versions()["id"], store.versions()["status"], strict=True))


def test_new_import_replaces_only_its_own_municipalities(store):
    first = import_kind(store, "foranstaltninger", label="_v1")  # 510: v1, 657: v2
    update = foranstaltninger("n", kommuner=(510, 510, 510))
    second = import_kind(store, "foranstaltninger", update, label="_v2")  # 510: v3
    assert first.version_ids == (1, 2)
    assert second.version_ids == (3,)
    assert second.replaced_version_ids == (1,)
    assert _status(store) == {1: STATUS_REPLACED, 2: STATUS_ACTIVE, 3: STATUS_ACTIVE}
    active = store.active_frames()["foranstaltninger"]
    assert active["kommunekode"].tolist() == [657, 510, 510, 510]
    assert active["barn_id"].tolist() == ["b3", "n1", "n2", "n3"]


def test_reactivation_brings_the_earlier_data_back(store):
    import_kind(store, "befolkning", label="_v1")
    token_v1 = store.state_token()
    newer = FRAMES["befolkning"].assign(antal_0_17=[12000, 20000])
    import_kind(store, "befolkning", newer, label="_v2")
    token_v2 = store.state_token()
    assert token_v2 != token_v1
    assert store.active_frames()["befolkning"]["antal_0_17"].tolist() == [12000, 20000]

    assert store.activate(1, "bo") is True  # the earlier 510 version
    assert _status(store) == {1: STATUS_ACTIVE, 2: STATUS_REPLACED, 3: STATUS_INACTIVE,
                              4: STATUS_ACTIVE}
    active = store.active_frames()["befolkning"]
    assert active["kommunekode"].tolist() == [510, 657]
    assert active["antal_0_17"].tolist() == [11873, 20000]

    assert store.activate(3, "bo") is True
    assert store.state_token() == token_v2
    assert store.activate(3, "bo") is False  # already active: nothing written
    assert store.activate(1, "bo") is True
    assert store.activate(2, "bo") is True
    assert _status(store) == {1: STATUS_ACTIVE, 2: STATUS_ACTIVE, 3: STATUS_INACTIVE,
                              4: STATUS_INACTIVE}
    assert store.state_token() == token_v1
    pd.testing.assert_frame_equal(store.active_frames()["befolkning"], FRAMES["befolkning"])


def test_activating_an_unknown_version_fails_in_danish(store):
    with pytest.raises(StoreError, match="ingen version med nummer 99"):
        store.activate(99, "bo")
    with pytest.raises(StoreError, match="ingen version med nummer 99"):
        store.deactivate(99, "bo")


def test_deactivate_leaves_the_scope_without_data(store):
    import_kind(store, "befolkning")
    assert store.deactivate(1, "bo") is True
    assert store.deactivate(1, "bo") is False
    assert store.active_frames()["befolkning"]["kommunekode"].tolist() == [657]
    assert store.activate(1, "bo") is True
    assert store.active_frames()["befolkning"]["kommunekode"].tolist() == [510, 657]


def test_identical_checksum_for_the_same_kind_is_a_duplicate(store):
    first = import_kind(store, "prisindeks")
    token = store.state_token()
    again = import_kind(store, "prisindeks", user="bo")
    assert again.duplicate is True
    assert again.duplicate_of == first.version_ids == (1,)
    assert again.version_ids == () and again.import_id is None
    assert "er allerede indlæst den " in again.message
    assert len(store.versions()) == 1
    assert len(store.imports()) == 1
    assert store.state_token() == token
    last = store.audit_log().iloc[-1]
    assert (last["action"], last["created_by"], last["kind"]) == ("dublet", "bo", "prisindeks")
    assert last["details"] == {"earlier_version_ids": [1]}


def test_duplicate_even_when_the_earlier_version_is_no_longer_active(store):
    import_kind(store, "prisindeks", label="_a")
    import_kind(store, "prisindeks", FRAMES["prisindeks"].assign(indeks=[100.0, 102.0]),
                label="_b")
    again = import_kind(store, "prisindeks", label="_a")
    assert again.duplicate and again.duplicate_of == (1,)
    assert store.active_frames()["prisindeks"]["indeks"].tolist() == [100.0, 102.0]


def test_same_checksum_for_another_kind_is_not_a_duplicate(store):
    store.import_frame("befolkning", FRAMES["befolkning"], filename="a.csv",
                       checksum=checksum("same"), user="u")
    outcome = store.import_frame("prisindeks", FRAMES["prisindeks"], filename="a.csv",
                                 checksum=checksum("same"), user="u")
    assert not outcome.duplicate
    assert outcome.version_ids == (3,)


def test_audit_log_records_who_did_what(store):
    before = dt.datetime.now(dt.UTC)
    import_kind(store, "foranstaltninger", user="alice", n_refused=1)
    import_kind(store, "foranstaltninger", foranstaltninger("n", kommuner=(657, 657, 657)),
                label="_v2", user="bob")
    store.activate(2, "carl")
    store.deactivate(1, "carl")
    store.record_refused_upload("forkert.csv", checksum("forkert"), "dora",
                                "Kolonnen cpr ligner CPR-numre.", kind="foranstaltninger")
    after = dt.datetime.now(dt.UTC)

    log = store.audit_log()
    assert log["id"].tolist() == [1, 2, 3, 4, 5, 6]
    assert log[["action", "created_by", "kind", "kommunekode", "version_id", "import_id"]
               ].astype(object).where(log.notna(), None).values.tolist() == [
        ["import", "alice", "foranstaltninger", 510, 1, 1],
        ["import", "alice", "foranstaltninger", 657, 2, 1],
        ["import", "bob", "foranstaltninger", 657, 3, 2],
        ["aktivering", "carl", "foranstaltninger", 657, 2, 1],
        ["deaktivering", "carl", "foranstaltninger", 510, 1, 1],
        ["afvist_upload", "dora", "foranstaltninger", None, None, 3],
    ]
    assert log["details"].tolist() == [
        {"n_rows": 2, "n_refused": 1, "replaced_version_id": None},
        {"n_rows": 1, "n_refused": 1, "replaced_version_id": None},
        {"n_rows": 3, "n_refused": 0, "replaced_version_id": 2},
        {"previous_status": "erstattet", "deactivated_version_id": 3},
        {},
        {"reason": "Kolonnen cpr ligner CPR-numre."},
    ]
    assert log["filename"].tolist()[-1] == "forkert.csv"
    assert str(log["created_at"].dtype) == "datetime64[ns, UTC]"
    assert log["created_at"].between(pd.Timestamp(before), pd.Timestamp(after)).all()


def test_refused_upload_is_recorded_but_changes_no_data(store):
    import_kind(store, "befolkning")
    token = store.state_token()
    import_id = store.record_refused_upload("x.xlsx", checksum("x"), "eva", "Valideringsfejl.")
    imports = store.imports()
    assert imports[["id", "filename", "outcome", "created_by", "kinds"]].values.tolist() == [
        [import_id, "x.xlsx", "afvist", "eva", ""],
        [1, "befolkning.csv", "importeret", "analytiker", "befolkning"],
    ]
    assert store.state_token() == token
    assert len(store.versions()) == 2


def test_state_token_changes_exactly_when_active_data_changes(store):
    empty = store.state_token()
    import_kind(store, "befolkning")
    imported = store.state_token()
    assert imported != empty
    import_kind(store, "befolkning")  # duplicate
    store.record_refused_upload("y.csv", checksum("y"), "u", "Afvist.")
    store.set_meta("note", "intet")
    assert store.state_token() == imported
    store.deactivate(2, "u")
    assert store.state_token() not in (empty, imported)


def test_snapshot_reads_token_and_frames_together(store):
    import_kind(store, "befolkning")
    snap = store.snapshot()
    assert snap.token == store.state_token()
    pd.testing.assert_frame_equal(snap.frames["befolkning"], FRAMES["befolkning"])


def test_meta_values(store):
    assert store.get_meta("x") is None
    store.set_meta("x", "1")
    store.set_meta("x", "2")
    assert store.get_meta("x") == "2"


def test_state_token_differs_between_databases_with_the_same_version_ids(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'a.sqlite3'}") as a, \
            Store(f"sqlite:///{tmp_path / 'b.sqlite3'}") as b:
        import_kind(a, "prisindeks", label="_a")
        import_kind(b, "prisindeks", label="_b")
        assert a.versions()["id"].tolist() == b.versions()["id"].tolist() == [1]
        assert a.state_token() != b.state_token()
