"""The upload service: checks, permissions, import modes, duplicates, failures, history.

Every store test runs on SQLite and (with NOEGLETAL_TEST_POSTGRES_URL) on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from noegletal.services import imports as im
from noegletal.store import STATUS_ACTIVE, STATUS_INACTIVE, STATUS_REPLACED
from tests.upload.conftest import read

TODAY = dt.date(2024, 6, 1)
P510 = im.Permissions(frozenset({510}))


def check(store, *files, permissions=im.ALL, **kw):
    uploads = [f if isinstance(f, im.Upload) else im.Upload(f, read(f)) for f in files]
    return im.check_uploads(uploads, store, permissions, today=TODAY, **kw)


def active_befolkning(store) -> pd.DataFrame:
    frame = store.active_frames(["befolkning"])["befolkning"]
    return frame.sort_values(["kommunekode", "dato"]).reset_index(drop=True)


# ------------------------------------------------------------------ permissions


def test_permissions_are_parsed_per_user_case_insensitively():
    table = im.parse_permissions(" Alice = 510, 657 ; bob=* ;")
    assert table["alice"].kommuner == frozenset({510, 657})
    assert table["bob"].everything
    assert im.permissions_for("alice=510;bob=*", "ALICE").kommuner == frozenset({510})
    assert im.permissions_for("alice=510", "carol", "carol@kommune.dk") == im.NOTHING
    assert im.permissions_for("", "anyone") == im.ALL
    # an OIDC login is matched on any of its identities (e-mail first)
    assert im.permissions_for("a@k.dk=657", "a@k.dk", "Anne").kommuner == frozenset({657})


@pytest.mark.parametrize("text", ["alice", "alice=51x", "=510"])
def test_malformed_permissions_give_a_danish_error(text):
    with pytest.raises(ValueError, match="NOEGLETAL_ANALYST_MUNICIPALITIES"):
        im.parse_permissions(text)


def test_national_data_needs_access_to_everything():
    assert P510.allows(510) and not P510.allows(657)
    assert not P510.allows(None) and not P510.allows(0)
    assert im.ALL.allows(None) and im.ALL.allows(0)
    assert P510.label == "Haderslev (510)"
    assert im.Permissions(frozenset({657, 510})).label == "Haderslev (510) og Herning (657)"


# ----------------------------------------------------------------------- checks


def test_a_valid_file_is_ready_with_a_preview_of_the_canonical_rows(store):
    [c] = check(store, "befolkning.csv")
    assert (c.kind, c.kind_source, c.status) == ("befolkning", "filnavn", im.READY)
    assert (c.n_rows, c.n_valid, c.n_refused, c.n_errors) == (4, 4, 0, 0)
    assert c.scopes == (510, 657)
    preview = c.preview(2)
    assert list(preview.columns) == ["række", "kommunekode", "dato", "antal_0_17", "enhed"]
    assert preview["række"].tolist() == [2, 3]
    assert preview["antal_0_17"].tolist() == [10000, 10200]
    assert c.importable(im.MODE_ALL) and c.importable(im.MODE_VALID)


def test_the_extract_is_recognised_from_the_columns_or_chosen(store):
    [c] = check(store, "udtraek_uden_navn.csv")
    assert (c.kind, c.kind_source, c.n_valid) == ("befolkning", "kolonner", 1)
    chosen = im.Upload("udtraek_uden_navn.csv", read("udtraek_uden_navn.csv"), kind="sagstal")
    [c] = check(store, chosen)
    assert (c.kind, c.kind_source, c.status) == ("sagstal", "valgt", im.REFUSED)
    assert c.refusal_code == im.REFUSED_INVALID
    unknown = im.Upload("noget.csv", b"navn;adresse\nx;y\n")
    [c] = check(store, unknown)
    assert c.kind is None and c.status == im.REFUSED and "hvilket udtræk" in c.refusal


def test_row_errors_are_reported_with_row_numbers_and_the_rows_can_be_downloaded(store):
    [c] = check(store, "befolkning_fejl.csv")
    assert c.status == im.PARTIAL
    assert (c.n_rows, c.n_valid, c.n_refused, c.n_errors) == (4, 2, 2, 2)
    table = c.problem_table()
    assert table[["række", "kolonne", "værdi"]].values.tolist() == [
        [3, "dato", "2022-13-01"], [4, "antal_0_17", "mange"]]
    assert table["besked"].str.contains("gyldig dato").iloc[0]
    report = c.problems_csv().decode("utf-8-sig").splitlines()
    assert report[0] == "fil;række;kolonne;værdi;alvor;type;besked"
    assert report[1].startswith("befolkning_fejl.csv;3;dato;2022-13-01;fejl;Ugyldig dato;")
    refused = c.refused_rows_csv().decode("utf-8-sig").splitlines()
    assert refused[0] == "række;kommunekode;dato;antal_0_17;årsag"
    assert [r.split(";")[0] for r in refused[1:]] == ["3", "4"]
    assert not c.importable(im.MODE_ALL) and c.importable(im.MODE_VALID)


def test_a_file_with_cpr_numbers_is_refused_and_never_shown(store):
    [c] = check(store, "foranstaltninger_cpr.csv")
    assert c.status == im.REFUSED and c.refusal_code == im.REFUSED_CPR
    assert c.preview() is None and c.refused_rows() is None and c.refused_rows_csv() is None
    assert "1505101234" not in c.problems_csv().decode("utf-8-sig")
    assert not c.importable(im.MODE_VALID)


def test_rows_for_a_municipality_without_access_refuse_the_file(store):
    [c] = check(store, "befolkning.csv", permissions=P510)
    assert c.status == im.REFUSED and c.refusal_code == im.REFUSED_PERMISSION
    assert "Herning (657)" in c.refusal and "Haderslev (510)" in c.refusal
    [c] = check(store, "prisindeks.csv", permissions=P510)
    assert c.refusal_code == im.REFUSED_PERMISSION and "landstal" in c.refusal


def test_a_file_over_the_size_limit_is_refused_before_reading(store):
    [c] = check(store, "befolkning.csv", max_bytes=50)
    assert c.refusal_code == im.REFUSED_TOO_LARGE and c.result is None
    assert "grænsen er 0,0 MB" in c.refusal


def test_the_municipalitys_own_names_for_measures_are_used(store):
    [mapping, c] = check(store, "foranstaltninger_egne_navne.csv", "indsats_mapping.csv")
    assert mapping.status == im.MAPPING and mapping.mapping == {
        "Bekymringsskrivelse": "underretning"}
    assert c.status == im.READY and c.result.frame["indsats"].tolist() == [
        "underretning", "underretning"]
    [c] = check(store, "foranstaltninger_egne_navne.csv")
    assert c.status == im.PARTIAL and c.n_valid == 1


def test_refused_uploads_are_written_to_the_audit_log_without_values(store):
    files = check(store, "foranstaltninger_cpr.csv", "befolkning.csv", permissions=P510)
    ids = im.record_refusals(store, files, "alice")
    assert len(ids) == 2
    log = store.audit_log()
    assert log["action"].tolist() == ["afvist_upload", "afvist_upload"]
    assert log["filename"].tolist() == ["foranstaltninger_cpr.csv", "befolkning.csv"]
    assert [d["kode"] for d in log["details"]] == ["cpr", "ingen_adgang"]
    assert "1505101234" not in str(log["details"].tolist())
    assert store.versions().empty


# ------------------------------------------------------------------------ import


def test_all_or_nothing_imports_nothing_when_a_file_has_errors(store):
    files = check(store, "befolkning.csv", "prisindeks.csv", "befolkning_fejl.csv")
    token = store.state_token()
    report = im.import_checked(store, files, user="alice", mode=im.MODE_ALL,
                               permissions=im.ALL)
    assert not report.ok and "befolkning_fejl.csv" in report.message
    assert store.state_token() == token and store.versions().empty


def test_valid_rows_mode_stores_the_valid_rows_and_counts_the_refused(store):
    files = check(store, "befolkning_fejl.csv", "prisindeks.csv")
    progress = []
    report = im.import_checked(store, files, user="alice", mode=im.MODE_VALID,
                               permissions=im.ALL, on_progress=lambda x, t: progress.append(x))
    assert report.ok and report.changed
    assert progress[-1] == 1.0 and progress == sorted(progress)
    frame = active_befolkning(store)
    assert frame[["kommunekode", "antal_0_17"]].values.tolist() == [[510, 10300], [657, 8200]]
    v = store.versions().sort_values("id")
    assert v[["kind", "kommunekode", "n_rows", "n_refused", "status"]].astype(object).values \
        .tolist() == [["befolkning", 510, 1, 2, STATUS_ACTIVE],
                      ["befolkning", 657, 1, 2, STATUS_ACTIVE],
                      ["prisindeks", pd.NA, 2, 0, STATUS_ACTIVE]]
    assert "2 afviste rækker er ikke gemt" in report.message


def test_an_identical_upload_is_recognised_and_changes_nothing(store):
    im.import_checked(store, check(store, "befolkning.csv"), user="alice", mode=im.MODE_ALL,
                      permissions=im.ALL)
    token = store.state_token()
    [again] = check(store, "befolkning.csv")
    assert again.duplicate_of == (1, 2)
    assert again.duplicate_date == im.local_time(store.versions()["created_at"].min()) \
        .split(" kl.")[0]
    report = im.import_checked(store, [again], user="bob", mode=im.MODE_ALL, permissions=im.ALL)
    assert report.ok and not report.changed and len(report.duplicates) == 1
    assert "allerede indlæst" in report.message
    assert store.state_token() == token and len(store.versions()) == 2
    assert store.audit_log()["action"].tolist()[-1] == "dublet"


def test_two_files_for_the_same_extract_and_municipality_are_not_imported(store):
    second = im.Upload("befolkning_2.csv", read("befolkning.csv").replace(b"10000", b"10001"))
    files = check(store, "befolkning.csv", second)
    assert len(im.batch_conflicts(files, im.MODE_ALL)) == 2  # Haderslev and Herning
    report = im.import_checked(store, files, user="alice", mode=im.MODE_ALL, permissions=im.ALL)
    assert not report.ok and "Upload kun én af dem" in report.message
    assert store.versions().empty


def test_permissions_are_checked_again_at_import(store):
    files = check(store, "befolkning.csv")  # checked while alice could manage everything
    report = im.import_checked(store, files, user="alice", mode=im.MODE_ALL, permissions=P510)
    assert not report.ok and "Herning (657)" in report.message
    assert store.versions().empty


class InjectedFailure(RuntimeError):
    pass


def test_a_failure_in_the_middle_of_an_import_leaves_the_previous_version_active(
        small_chunk_store):
    store = small_chunk_store
    im.import_checked(store, check(store, "befolkning.csv"), user="alice", mode=im.MODE_ALL,
                      permissions=im.ALL)
    before = active_befolkning(store)
    token = store.state_token()
    versions_before = store.versions()

    newer = im.Upload("befolkning.csv", read("befolkning.csv").replace(b";10", b";11"))
    files = check(store, "prisindeks.csv", newer)
    assert [f.status for f in files] == [im.READY, im.READY]
    calls = []

    def fail_in_second_file(fraction: float, text: str) -> None:
        calls.append(text)
        if "befolkning.csv" in text:  # after 2 of its 4 rows; prisindeks is written by now
            raise InjectedFailure("strømmen gik")

    report = im.import_checked(store, files, user="alice", mode=im.MODE_ALL,
                               permissions=im.ALL, on_progress=fail_in_second_file)
    assert not report.ok and "InjectedFailure" in report.message
    assert any("prisindeks.csv" in c for c in calls)
    assert store.state_token() == token
    pd.testing.assert_frame_equal(active_befolkning(store), before)
    pd.testing.assert_frame_equal(store.versions(), versions_before)
    assert "prisindeks" not in store.active_frames()
    last = store.audit_log().iloc[-2:]
    assert last["action"].tolist() == ["afvist_upload", "afvist_upload"]
    assert all(d["kode"] == "import_mislykkedes" for d in last["details"])


# ---------------------------------------------------------------- re-activation


def test_an_earlier_version_can_be_activated_again_by_an_allowed_analyst(store):
    im.import_checked(store, check(store, "befolkning.csv"), user="alice", mode=im.MODE_ALL,
                      permissions=im.ALL)
    first = store.state_token()
    newer = im.Upload("befolkning.csv", read("befolkning.csv").replace(b"510;2021-01-01;10200",
                                                                        b"510;2021-01-01;5100"))
    im.import_checked(store, check(store, newer), user="alice", mode=im.MODE_ALL,
                      permissions=im.ALL)
    assert active_befolkning(store)["antal_0_17"].tolist() == [10000, 5100, 8000, 8100]

    changed, message = im.activate_version(store, 1, user="bob",
                                           permissions=im.Permissions(frozenset({657})))
    assert not changed and "Haderslev (510)" in message

    changed, message = im.activate_version(store, 1, user="alice", permissions=P510)
    assert changed and message.startswith("Version 1 (Befolkning 0-17 år, Haderslev (510)")
    assert active_befolkning(store)["antal_0_17"].tolist() == [10000, 10200, 8000, 8100]
    status = store.versions().set_index("id")["status"].to_dict()
    assert status == {1: STATUS_ACTIVE, 2: STATUS_REPLACED, 3: STATUS_INACTIVE,
                      4: STATUS_ACTIVE}
    assert store.state_token() != first  # version 4 (same rows as 2) is a new version
    assert im.activate_version(store, 1, user="alice", permissions=P510)[0] is False
    assert im.activate_version(store, 99, user="alice", permissions=im.ALL) == (
        False, "Der findes ingen version nummer 99.")


# ----------------------------------------------------------------- history tables


def test_versions_and_audit_log_as_danish_tables(store):
    im.import_checked(store, check(store, "befolkning.csv", "prisindeks.csv"), user="alice",
                      mode=im.MODE_ALL, permissions=im.ALL)
    im.activate_version(store, 1, user="alice", permissions=im.ALL)  # already active: no-op
    table = im.versions_table(store.versions())
    assert table.columns.tolist() == ["Version", "Udtræk", "Kommune", "Status", "Indlæst", "Af",
                                      "Fil", "Kontrolsum", "Rækker", "Afviste rækker"]
    assert table[["Version", "Udtræk", "Kommune", "Status", "Rækker"]].values.tolist() == [
        [3, "Pris- og lønindeks", "Hele landet (fælles)", "Aktiv", 2],
        [2, "Befolkning 0-17 år", "Herning", "Aktiv", 2],
        [1, "Befolkning 0-17 år", "Haderslev", "Aktiv", 2],
    ]
    assert table["Kontrolsum"].iloc[1] == im.checksum(read("befolkning.csv"))[:12]
    assert table["Af"].unique().tolist() == ["alice"]
    audit = im.audit_table(store.audit_log())
    assert audit[["Handling", "Kommune", "Version", "Detaljer"]].astype(object).values \
        .tolist() == [
        ["Import", "Hele landet (fælles)", 3, "2 rækker"],
        ["Import", "Herning", 2, "2 rækker"],
        ["Import", "Haderslev", 1, "2 rækker"],
    ]
    csv = im.table_csv(audit).decode("utf-8-sig").splitlines()
    assert csv[0] == "Tidspunkt;Bruger;Handling;Udtræk;Kommune;Version;Fil;Detaljer"


def test_local_time_is_danish_and_in_copenhagen_time():
    assert im.local_time(pd.Timestamp("2017-01-31 13:05", tz="UTC")) == "31. januar 2017 kl. 14.05"
    assert im.local_time(pd.Timestamp("2017-07-01 22:30", tz="UTC")) == "2. juli 2017 kl. 00.30"
    assert im.local_time(None) == ""
