"""The public Data page: small row counts suppressed, the sample-data label from the data's
origin (issue #9, item 9), and the «Eksempeldata» badge per municipality (issue #11, item 3)."""

from __future__ import annotations

import hashlib

import pandas as pd

from noegletal.services import imports as im
from noegletal.services.dashboard import DashboardData
from noegletal.store import PendingImport

BEF = pd.DataFrame({"kommunekode": [510, 657], "dato": pd.to_datetime(["2016-01-31"] * 2),
                    "antal_0_17": [11900, 9100]})
OPF = pd.DataFrame({"kommunekode": [825] * 3, "barn_id": ["a", "b", "c"],
                    "dato": pd.to_datetime(["2016-01-31"] * 3)})


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_counts_are_suppressed_and_the_source_comes_from_the_origin(store):
    store.import_frames([PendingImport("befolkning", BEF, "befolkning.csv", _digest("s"))],
                        user="eksempeldata", sample_data=True)
    # A real analyst who happens to be called "eksempeldata" imports real data.
    store.import_frame("opfoelgninger", OPF, filename="opfoelgninger.csv",
                       checksum=_digest("o"), user="eksempeldata")
    versions = store.versions()
    table = im.active_data_table(versions[versions["status"] == "aktiv"],
                                 store.sample_import_ids(), threshold=5)
    rows = {(r["Udtræk"], r["Kommune"]): (r["Kilde"], r["Rækker"]) for _, r in table.iterrows()}
    assert rows == {
        ("Befolkning 0-17 år", "Haderslev"): ("Eksempeldata (opdigtet)", "færre end 5"),
        ("Befolkning 0-17 år", "Herning"): ("Eksempeldata (opdigtet)", "færre end 5"),
        ("Opfølgninger på sager", "Læsø"): ("Kommunens udtræk", "færre end 5"),  # 3 rows
    }
    assert "Af" not in table.columns and "eksempeldata" not in table.to_csv()


def test_the_sample_badge_goes_for_a_municipality_once_its_own_data_are_imported(store):
    store.import_frames([PendingImport("befolkning", BEF, "befolkning.csv", _digest("s"))],
                        user="eksempeldata", sample_data=True)
    assert store.sample_kommuner() == {510, 657}
    own = BEF.iloc[:1].assign(antal_0_17=[12000])
    store.import_frame("befolkning", own, filename="egen.csv", checksum=_digest("e"),
                       user="analytiker")
    assert store.sample_kommuner() == {657}
    data = DashboardData(results=pd.DataFrame(), warnings=[], token="t", cutoffs=[],
                         kommuner=[510, 657], comparison=pd.DataFrame(),
                         versions=pd.DataFrame(), expected_years=pd.DataFrame(),
                         is_sample=store.is_sample_data(),
                         sample_kommuner=store.sample_kommuner())
    assert data.shows_sample(657) and not data.shows_sample(510)
    assert data.shows_sample(None)  # the whole dashboard still holds sample data
