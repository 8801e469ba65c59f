"""Each source end to end: recorded responses -> derived extract -> validated -> stored as a
dataset version with its source; fetching again is a duplicate; a hand-downloaded file gives
the same stored version as the fetch."""

from __future__ import annotations

import pandas as pd
import pytest

from noegletal.datain.statbank import StatbankError
from noegletal.services import statbank as svc
from noegletal.store import Store
from tests.datain.statbank.server import RecordedStatbank, client, recorded


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield s
    s.close()


def _fetch(store, source, server=None):
    server = server or RecordedStatbank()
    with client(server) as c:
        return svc.fetch_and_store(store, c, source, user="anna", kommuner=[101, 167]), server


def test_befolkning_fetched_into_the_store_with_its_source(store):
    stored, server = _fetch(store, "befolkning")
    assert not stored.outcome.duplicate
    assert stored.outcome.kommunekoder == (101, 167)  # one version per municipality
    assert [f for f, _ in server.requests] == ["tableinfo", "data", "data"]
    pop = store.active_frames(["befolkning"])["befolkning"]
    hv = pop[pop["kommunekode"] == 167].set_index("dato")["antal_0_17"]
    assert hv[pd.Timestamp("2024-01-01")] == 18 * 640 + 54 * 4 + 153  # = 11889
    src = store.sources()
    assert set(src["kommunekode"].astype(int)) == {101, 167}
    row = src.iloc[0]
    assert row["source"] == "Danmarks Statistik" and row["tables"] == "FOLK1A"
    assert row["updated"] == {"FOLK1A": "2026-02-11T08:00:00"}
    assert row["request"]["kommuner"] == [101, 167]
    assert len(row["request"]["kald"]) == 2  # the FOLK1A request split in two
    assert stored.changes == "Der var ingen tal for disse kommuner før."
    assert svc.source_lines(src) == ["Danmarks Statistik, FOLK1A, opdateret 11. februar 2026"]


def test_fetching_again_without_a_dst_update_is_identical(store):
    first, _ = _fetch(store, "sammenligning")
    again, _ = _fetch(store, "sammenligning")
    assert not first.outcome.duplicate and again.outcome.duplicate
    assert "ikke opdateret" in again.message
    assert len(store.versions("sammenligning")) == 3  # 0, 101, 167 once


def test_sammenligning_stored_with_numerator_and_denominator(store):
    _fetch(store, "sammenligning")
    comp = store.active_frames(["sammenligning"])["sammenligning"]
    row = comp[(comp["kommunekode"] == 167) & (comp["noegletal"] == "anbragte_pr_1000")
               & (comp["dato"] == pd.Timestamp("2024-12-31"))].iloc[0]
    assert (row["taeller"], row["naevner"]) == (101.0, 12105.0)
    assert row["vaerdi"] == pytest.approx(1000 * 101 / 12105)
    lines = svc.source_lines(store.sources(), ["sammenligning"])
    assert "Danmarks Statistik, UND2, opdateret 18. marts 2026" in lines
    assert "Danmarks Statistik, ANBAAR9, opdateret 25. juni 2025" in lines


def test_udgifter_fetched_and_changes_reported(store, tmp_path):
    first, _ = _fetch(store, "udgifter")
    ud = store.active_frames(["udgifter"])["udgifter"]
    assert len(ud) == 15 and set(ud["regnskabstype"]) == {"regnskab"}
    # An analyst's own accounts for 101 are active; the fetch then reports the difference.
    own = ud[ud["kommunekode"] == 101].copy()
    own.loc[own.index[0], "netto_1000_kr"] = 1.0
    store.import_frame("udgifter", own.iloc[:-1], filename="egne.csv", checksum="a" * 64,
                       user="anna")
    before = store.active_frames(["udgifter"])["udgifter"]
    fetched = svc.read_files([("REGK31.csv", recorded("data_REGK31.csv"))])[0]
    text = svc.changes_text("udgifter", before, fetched.frame)
    # Active now: 101 from egne.csv (7 rows, one changed) and 167 from the first fetch (7).
    # The fetch has 8 rows for 101 and 7 for 167: 1 new row, 1 changed value.
    assert text.startswith("Siden sidst: 1 nye rækker")
    assert "1 ændrede værdier" in text
    assert first.outcome.n_rows == 15


def test_hand_downloaded_file_gives_the_same_stored_version_as_the_fetch(store):
    _fetch(store, "befolkning")
    # The same CSV text as the API sends (what a browser saves from the GET address).
    a = recorded("data_FOLK1A_a.csv")
    b = recorded("data_FOLK1A_b.csv").decode("utf-8-sig").split("\r\n", 1)[1].encode()
    hand = a + b
    fetched = svc.read_files([("folk1a_download.csv", hand)])
    assert [f.source for f in fetched] == ["befolkning"]
    stored = svc.store_fetched(store, fetched[0], user="anna")
    assert stored.outcome.duplicate  # same content -> same checksum -> the same version
    versions = store.versions("befolkning")
    assert len(versions) == 2 and set(versions["status"]) == {"aktiv"}


def test_import_into_an_empty_store_equals_the_fetched_frames(store, tmp_path):
    files = [(f"{t}.csv", recorded(f"data_{t}.csv")) for t in ("ANBAAR9", "ISBU02", "UND2")]
    a = recorded("data_FOLK1A_a.csv")
    b = recorded("data_FOLK1A_b.csv").decode("utf-8-sig").split("\r\n", 1)[1].encode()
    files.append(("FOLK1A.csv", a + b))
    files.append(("regnskab.csv", recorded("data_REGK31.csv")))
    fetched = svc.read_files(files)
    assert [f.source for f in fetched] == ["befolkning", "sammenligning", "udgifter"]
    for f in fetched:
        svc.store_fetched(store, f, user="anna")
    other = Store(f"sqlite:///{tmp_path / 'fetched.sqlite'}")
    for source in ("befolkning", "sammenligning", "udgifter"):
        _fetch(other, source)
    imported, api = store.active_frames(), other.active_frames()
    for kind in ("befolkning", "sammenligning", "udgifter"):
        pd.testing.assert_frame_equal(imported[kind], api[kind])
    assert set(store.versions()["checksum"]) == set(other.versions()["checksum"])
    other.close()


def test_import_needs_every_table_of_a_source():
    with pytest.raises(StatbankError, match="kræver også tabellen"):
        svc.read_files([("ANBAAR9.csv", recorded("data_ANBAAR9.csv"))], source="sammenligning")
    with pytest.raises(StatbankError, match="hvilken tabel"):
        svc.read_files([("x.csv", recorded("data_UND2.csv"))])


def test_fetched_series_end_to_end_onto_the_landet_view(store):
    from noegletal.presentation import landet as present
    from noegletal.services.dashboard import load_dashboard_data
    from noegletal.services.landet import landet_view, published_choices
    from noegletal.services.materialise import current_params, params_key

    for source in ("befolkning", "sammenligning", "udgifter"):
        _fetch(store, source)
        # each fetch stores the key figures of its new state in the same transaction
        assert store.serving_materialisation(params_key(current_params())).current
    data = load_dashboard_data(store)
    assert published_choices(data) == ["anbragte_pr_1000", "hjemmebaserede_pr_1000",
                                       "underretninger_pr_1000"]
    view = landet_view(data, "anbragte_pr_1000", pd.Timestamp("2024-12-31"), 167)
    t = view.table.set_index("kommunekode")
    # 101: 1162 / (18 * 6200 + 54 * 8 + 153) * 1000 = 1162 / 112185 * 1000 = 10.358 -> nr. 1;
    # 167: 101 / 12105 * 1000 = 8.344 -> nr. 2.
    assert t.loc[101, "plads"] == 1 and t.loc[167, "plads"] == 2
    assert t.loc[167, "vaerdi"] == pytest.approx(101 / 12105 * 1000)
    # The published national row (ADMKOM 0): 11050 / (18 * 63000 + 54 * 8 + 153).
    assert view.national.vaerdi == pytest.approx(11050 / 1134585 * 1000)
    assert view.national.method == "offentliggjort landstal"
    assert view.sources == ["Danmarks Statistik, ANBAAR9, opdateret 25. juni 2025",
                            "Danmarks Statistik, FOLK1A, opdateret 11. februar 2026"]
    # The suggested group is built from the published structure (children 0-17 and, with
    # REGK31 fetched, net 5.28 expenditure per child): here the one other municipality.
    assert view.group == (101,)
    assert "bruger omtrent lige meget netto pr. barn" in view.group_origin
    # ISBU02 Hvidovre 2024 is 4 children: shown as <5, not ranked, not in the chart.
    isbu = landet_view(data, "hjemmebaserede_pr_1000", pd.Timestamp("2024-12-31"), 167)
    row = isbu.table.set_index("kommunekode").loc[167]
    assert row["vises"] == "<5" and pd.isna(row["plads"]) and pd.isna(row["taeller"])
    chart = present.ranking_chart(isbu)
    assert chart.layout.meta["ikke_vist"] == ["Hvidovre"]
    assert "ikke placeret" in present.texts(isbu, "", 5).placement
    assert present.ranking_table(isbu).set_index("Kommune").loc["Hvidovre ◀", "Værdi"] == "<5"


def test_landet_view_protects_hidden_municipalities_across_views(store):
    from noegletal.services.dashboard import load_dashboard_data
    from noegletal.services.landet import landet_view

    for source in ("befolkning", "sammenligning"):
        _fetch(store, source)
    data = load_dashboard_data(store)
    view = landet_view(data, "hjemmebaserede_pr_1000", pd.Timestamp("2024-12-31"), 101,
                       hand_group=(167,))
    # Hvidovre is hidden in 2024 (4 children). National = 31100 / 1134585 * 1000 = 27.4107...,
    # given only as 27.4: national minus København would otherwise give Hvidovre's count.
    assert view.national.vaerdi == 27.4
    assert "afrundet til én decimal" in view.national.method
    h = view.history.set_index(["kommunekode", "dato"])
    # The group {Hvidovre} follows the member rule: hidden in 2024, shown in 2023.
    assert h.loc[(-1, pd.Timestamp("2024-12-31")), "undertrykt"]
    assert not h.loc[(-1, pd.Timestamp("2023-12-31")), "undertrykt"]
    # In 2023 nobody is hidden, so the national value keeps its precision:
    # 30500 / (18 * 63000 + 54 * 4 + 153) * 1000 = 26.8868...
    assert h.loc[(0, pd.Timestamp("2023-12-31")), "vaerdi"] == pytest.approx(
        30500 / 1134369 * 1000)
