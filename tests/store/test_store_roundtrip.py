"""Import -> active frames: exact values and dtypes, versions per municipality."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from noegletal.domain.schema import EXTRACTS
from noegletal.store import STATUS_ACTIVE, Store, StoreError
from tests.store.canonical import EXPECTED_DTYPES, FRAMES, checksum, import_kind


def test_new_store_is_empty(store):
    assert store.is_empty()
    assert store.active_frames() == {}
    assert store.versions().empty
    assert store.audit_log().empty
    assert not store.is_sample_data()


def test_every_kind_round_trips_with_exact_values_and_dtypes(store):
    for kind in EXTRACTS:
        import_kind(store, kind)
    frames = store.active_frames()
    assert list(frames) == list(EXTRACTS)
    for kind, frame in frames.items():
        assert {c: str(t) for c, t in frame.dtypes.items()} == EXPECTED_DTYPES[kind], kind
        pd.testing.assert_frame_equal(frame, FRAMES[kind], check_exact=True)


def test_missing_values_and_empty_strings_survive(store):
    import_kind(store, "sagstal")
    import_kind(store, "sammenligning")
    import_kind(store, "udgifter")
    import_kind(store, "foranstaltninger")
    frames = store.active_frames()
    assert pd.isna(frames["sagstal"].loc[1, "stillingsandel"])
    assert frames["sammenligning"]["dimension"].tolist() == ["", "familiepleje", ""]
    assert frames["udgifter"]["gruppering"].tolist() == [None, "001"]
    assert frames["foranstaltninger"]["slutdato"].isna().tolist() == [False, True, False]


def test_active_frames_for_chosen_kinds(store):
    import_kind(store, "befolkning")
    import_kind(store, "prisindeks")
    assert list(store.active_frames(["prisindeks", "sagstal"])) == ["prisindeks"]
    with pytest.raises(StoreError, match="Ukendt udtræk: noget"):
        store.active_frames(["noget"])


def test_file_with_three_municipalities_creates_three_versions(store):
    frame = FRAMES["foranstaltninger"].copy()
    frame["kommunekode"] = [167, 657, 510]
    outcome = import_kind(store, "foranstaltninger", frame, n_refused=2)
    assert outcome.kommunekoder == (167, 510, 657)
    assert len(outcome.version_ids) == 3
    assert outcome.n_rows == 3 and outcome.n_refused == 2
    versions = store.versions().sort_values("kommunekode")
    assert versions["kommunekode"].tolist() == [167, 510, 657]
    assert versions["n_rows"].tolist() == [1, 1, 1]
    assert versions["n_refused"].tolist() == [2, 2, 2]
    assert set(versions["import_id"]) == {outcome.import_id}
    assert set(versions["status"]) == {STATUS_ACTIVE}
    assert set(versions["checksum"]) == {checksum("foranstaltninger")}
    # Rows come back grouped by version (ascending kommunekode here), in file order within.
    active = store.active_frames()["foranstaltninger"]
    assert active["kommunekode"].tolist() == [167, 510, 657]
    assert active["barn_id"].tolist() == ["b1", "b3", "b2"]


def test_national_extracts_and_national_rows(store):
    import_kind(store, "udgiftsmodel")
    import_kind(store, "sammenligning")
    versions = store.versions().set_index("id")
    model = versions[versions["kind"] == "udgiftsmodel"]
    assert model["kommunekode"].isna().tolist() == [True]
    assert model["n_rows"].tolist() == [2]
    comparison = versions[versions["kind"] == "sammenligning"].sort_values("kommunekode")
    assert comparison["kommunekode"].tolist() == [0, 510]
    assert comparison["n_rows"].tolist() == [2, 1]


def test_versions_filter_and_columns(store):
    import_kind(store, "foranstaltninger")
    import_kind(store, "befolkning")
    v = store.versions(kind="foranstaltninger", kommunekode=657)
    assert list(v.columns) == [
        "id", "kind", "kommunekode", "import_id", "created_at", "created_by", "filename",
        "checksum", "n_rows", "n_refused", "status",
    ]
    assert v[["kind", "kommunekode", "n_rows", "created_by", "filename"]].values.tolist() == [
        ["foranstaltninger", 657, 1, "analytiker", "foranstaltninger.csv"]
    ]
    assert str(v["created_at"].dtype) == "datetime64[ns, UTC]"
    assert len(store.versions(kommunekode=510)) == 2
    assert store.versions()["id"].tolist() == [4, 3, 2, 1]  # newest first


def test_columns_outside_the_schema_are_never_stored(store):
    frame = FRAMES["opfoelgninger"].copy()
    frame["cpr"] = ["0101011234"]
    frame["navn"] = ["Hemmelig"]
    import_kind(store, "opfoelgninger", frame)
    columns = {c["name"] for c in sa.inspect(store.engine).get_columns("extract_opfoelgninger")}
    assert columns == {"id", "version_id", "kommunekode", "barn_id", "dato"}
    with store.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT * FROM extract_opfoelgninger")).all()
    assert [tuple(str(v) for v in row[2:]) for row in stored] == [("510", "b1", "2016-04-01")]
    assert list(store.active_frames()["opfoelgninger"].columns) == ["kommunekode", "barn_id", "dato"]


def test_columns_may_come_in_any_order(store):
    frame = FRAMES["befolkning"][["antal_0_17", "dato", "kommunekode"]]
    import_kind(store, "befolkning", frame)
    pd.testing.assert_frame_equal(store.active_frames()["befolkning"], FRAMES["befolkning"])


def test_missing_column_and_empty_frame_are_refused(store):
    with pytest.raises(ValueError, match="mangler kolonnen/kolonnerne dato"):
        import_kind(store, "befolkning", FRAMES["befolkning"].drop(columns="dato"))
    with pytest.raises(StoreError, match="ingen gyldige rækker"):
        import_kind(store, "befolkning", FRAMES["befolkning"].iloc[:0])
    with pytest.raises(StoreError, match="Ukendt udtræk 'noget'"):
        store.import_frame("noget", FRAMES["befolkning"], filename="x.csv", checksum="0" * 64,
                           user="u")
    with pytest.raises(ValueError, match="sha256"):
        store.import_frame("befolkning", FRAMES["befolkning"], filename="x.csv",
                           checksum="abc", user="u")
    no_code = FRAMES["befolkning"].astype({"kommunekode": "Int64"})
    no_code.loc[1, "kommunekode"] = pd.NA
    with pytest.raises(StoreError, match="rækker uden kommunekode"):
        import_kind(store, "befolkning", no_code)
    assert store.is_empty()
    assert store.imports().empty


def test_date_with_time_of_day_is_refused(store):
    frame = FRAMES["opfoelgninger"].copy()
    frame["dato"] = pd.to_datetime(["2016-04-01 13:30"])
    with pytest.raises(ValueError, match="klokkeslæt"):
        import_kind(store, "opfoelgninger", frame)
    assert store.is_empty()


def test_refused_rows_alias(store):
    outcome = import_kind(store, "befolkning", refused_rows=4)
    assert outcome.n_refused == 4
    assert store.imports()["n_refused"].tolist() == [4]


def test_import_message_in_danish(store):
    outcome = import_kind(store, "foranstaltninger", n_refused=1200)
    assert outcome.message == (
        "Foranstaltninger (forløb pr. barn): 3 rækker indlæst fra foranstaltninger.csv "
        "(2 nye versioner). 1.200 afviste rækker er ikke gemt."
    )


def test_data_survives_reopening(store_url):
    first = Store(store_url)
    import_kind(first, "befolkning")
    token = first.state_token()
    first.close()
    again = Store(store_url)
    assert again.state_token() == token
    pd.testing.assert_frame_equal(again.active_frames()["befolkning"], FRAMES["befolkning"])
    again.close()


def test_in_memory_sqlite_store():
    with Store("sqlite://") as store:
        import_kind(store, "prisindeks")
        pd.testing.assert_frame_equal(store.active_frames()["prisindeks"], FRAMES["prisindeks"])


def test_unsupported_database_url_is_refused():
    with pytest.raises(ValueError, match="understøttes ikke"):
        Store("mysql://u:p@localhost/db")


def test_sqlite_store_creates_its_folder(tmp_path):
    path = tmp_path / "ny" / "mappe" / "store.sqlite3"
    with Store(f"sqlite:///{path}") as store:
        import_kind(store, "prisindeks")
    assert path.is_file()
