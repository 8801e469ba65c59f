"""Materialised key figures: stored with the state they belong to, all or nothing.

One tiny hand-made case (Haderslev, 510): child A in familiepleje from 1 January 2014 to
31 December 2016, 1000 children in the municipality, three follow-ups on A:

    2015-01-01 -> 2015-03-01:  59 days
    2015-03-01 -> 2015-06-15: 106 days

At the cut-off 30 September 2015 both intervals end within the last 12 months, so
``opfoelgninger_rettidige_andel`` counts 2 intervals. With the default standard for
familiepleje (91 days) 1 of 2 is on time = 50 %; with a standard of 120 days 2 of 2 = 100 %.
Every test runs on SQLite and (with NOEGLETAL_TEST_POSTGRES_URL) on PostgreSQL.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
import sqlalchemy as sa

from noegletal.metrics.compute import compute_catalogue
from noegletal.metrics.params import MetricParams
from noegletal.services.dashboard import default_cutoffs, load_dashboard_data
from noegletal.services.materialise import CatalogueMaterialiser, params_key
from noegletal.store import Store
from noegletal.store.tables import EXTRACT_TABLES
from tests.metrics.builders import measures, population


class InjectedFailure(Exception):
    pass


DEFAULT = MetricParams()
LONGER = MetricParams(followup_standard_days={**DEFAULT.followup_standard_days,
                                              "familiepleje": 120})
SEPT_2015 = pd.Timestamp("2015-09-30")


def _sha(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


def followups(dates: list[str], kommunekode: int = 510) -> pd.DataFrame:
    return pd.DataFrame({
        "kommunekode": pd.Series([kommunekode] * len(dates), dtype="int64"),
        "barn_id": pd.Series(["A"] * len(dates), dtype=object),
        "dato": pd.to_datetime(pd.Series(dates)).astype("datetime64[ns]"),
    })


def fill(store: Store, materialiser=None) -> None:
    """Import the hand-made case in one transaction (with ``materialiser``, if given)."""
    from noegletal.store import PendingImport

    store.import_frames([
        PendingImport("foranstaltninger", measures(
            [("A", "2005-01-01", "familiepleje", "2014-01-01", "2016-12-31")]),
            "foranstaltninger.csv", _sha("f")),
        PendingImport("befolkning", population({510: [("2014-01-01", 1000)]}),
                      "befolkning.csv", _sha("b")),
        PendingImport("opfoelgninger", followups(["2015-01-01", "2015-03-01", "2015-06-15"]),
                      "opfoelgninger.csv", _sha("o")),
    ], user="anna", materialise=materialiser)


def on_time(data, kommunekode: int = 510, dato: pd.Timestamp = SEPT_2015) -> tuple:
    r = data.select(["opfoelgninger_rettidige_andel"], [kommunekode])
    row = r[r["dato"] == dato].iloc[0]
    return row["vaerdi"], row["taeller"], row["naevner"]


def computed(store: Store, params: MetricParams) -> pd.DataFrame:
    frames = store.active_frames()
    return compute_catalogue(frames, default_cutoffs(frames), params=params).table


def test_an_import_stores_the_catalogue_of_its_new_state(store):
    fill(store, CatalogueMaterialiser(DEFAULT))
    stored = store.materialisations()
    assert len(stored) == 1
    assert stored["state_token"].iloc[0] == store.state_token()
    data = load_dashboard_data(store, DEFAULT)
    assert on_time(data) == (50.0, 1.0, 2.0)  # 1 of 2 intervals within 91 days
    pd.testing.assert_frame_equal(data.results, computed(store, DEFAULT))
    assert data.kommuner == [510]
    assert SEPT_2015 in data.cutoffs


def test_pages_read_stored_rows_even_when_the_raw_rows_are_gone(store):
    fill(store, CatalogueMaterialiser(DEFAULT))
    expected = computed(store, DEFAULT)
    with store.engine.begin() as conn:
        for table in EXTRACT_TABLES.values():
            conn.execute(table.delete())
    reopened = Store(store.engine.url.render_as_string(hide_password=False))
    try:
        data = load_dashboard_data(reopened, DEFAULT)
        pd.testing.assert_frame_equal(data.results, expected)
        assert on_time(data) == (50.0, 1.0, 2.0)
        assert len(reopened.materialisations()) == 1  # nothing was computed again
    finally:
        reopened.close()


def test_a_failed_materialisation_leaves_the_previous_version_active_and_served(store):
    fill(store, CatalogueMaterialiser(DEFAULT))
    token, versions = store.state_token(), store.versions()
    before = load_dashboard_data(store, DEFAULT)
    rows_before = before.results

    def fail(fraction: float, text: str) -> None:
        if fraction > 0.5:  # half-way through the catalogue
            raise InjectedFailure("strømmen gik")

    newer = followups(["2015-01-01", "2015-02-01"])  # would give 1 of 1 = 100 %
    with pytest.raises(InjectedFailure):
        store.import_frame("opfoelgninger", newer, filename="opfoelgninger.csv",
                           checksum=_sha("o2"), user="anna",
                           materialise=CatalogueMaterialiser(DEFAULT, on_progress=fail))
    assert store.state_token() == token
    pd.testing.assert_frame_equal(store.versions(), versions)
    after = load_dashboard_data(store, DEFAULT)
    assert after.token == token
    pd.testing.assert_frame_equal(after.results, rows_before)
    assert on_time(after) == (50.0, 1.0, 2.0)


def test_a_failed_materialisation_of_an_activation_changes_nothing(store):
    fill(store, CatalogueMaterialiser(DEFAULT))
    first = int(store.versions(kind="opfoelgninger")["id"].iloc[0])
    store.import_frame("opfoelgninger", followups(["2015-01-01", "2015-02-01"]),
                       filename="opfoelgninger.csv", checksum=_sha("o2"), user="anna",
                       materialise=CatalogueMaterialiser(DEFAULT))
    assert on_time(load_dashboard_data(store, DEFAULT)) == (100.0, 1.0, 1.0)  # 31 days
    token = store.state_token()

    def fail(fraction: float, text: str) -> None:
        raise InjectedFailure("disken er fuld")

    with pytest.raises(InjectedFailure):
        store.activate(first, "anna", materialise=CatalogueMaterialiser(DEFAULT,
                                                                        on_progress=fail))
    assert store.state_token() == token
    assert on_time(load_dashboard_data(store, DEFAULT)) == (100.0, 1.0, 1.0)
    # and when it works, the re-activated version's figures are served at once
    assert store.activate(first, "anna", materialise=CatalogueMaterialiser(DEFAULT))
    assert on_time(load_dashboard_data(store, DEFAULT)) == (50.0, 1.0, 2.0)


def test_results_of_two_parameter_sets_coexist_and_are_picked_correctly(store):
    fill(store, CatalogueMaterialiser(DEFAULT))
    store.materialise(CatalogueMaterialiser(LONGER))
    stored = store.materialisations()
    assert len(stored) == 2 and stored["state_token"].nunique() == 1
    assert set(stored["params_key"]) == {params_key(DEFAULT), params_key(LONGER)}
    default, longer = load_dashboard_data(store, DEFAULT), load_dashboard_data(store, LONGER)
    assert on_time(default) == (50.0, 1.0, 2.0)  # 59 <= 91 < 106
    assert on_time(longer) == (100.0, 2.0, 2.0)  # 59, 106 <= 120
    assert longer.params.followup_standard_days["familiepleje"] == 120
    pd.testing.assert_frame_equal(longer.results, computed(store, LONGER))
    # asking again computes nothing
    store.materialise(CatalogueMaterialiser(LONGER))
    assert len(store.materialisations()) == 2


def test_old_results_are_pruned_and_other_parameters_keep_their_newest(store):
    fill(store, CatalogueMaterialiser(DEFAULT))
    store.materialise(CatalogueMaterialiser(LONGER))
    old_token = store.state_token()
    store.import_frame("opfoelgninger", followups(["2015-01-01", "2015-02-01"]),
                       filename="opfoelgninger.csv", checksum=_sha("o2"), user="anna",
                       materialise=CatalogueMaterialiser(DEFAULT))
    stored = store.materialisations()
    new_token = store.state_token()
    by_key = dict(zip(stored["params_key"], stored["state_token"], strict=True))
    # the default parameters' old state is gone; the other parameters keep their newest
    # (the previous state) to serve until they are computed for the new state
    assert by_key == {params_key(DEFAULT): new_token, params_key(LONGER): old_token}
    info = store.serving_materialisation(params_key(LONGER))
    assert info.state_token == old_token and not info.current
    store.materialise(CatalogueMaterialiser(LONGER))
    assert set(store.materialisations()["state_token"]) == {new_token}
    with store.engine.connect() as conn:
        ids = {r[0] for r in conn.execute(
            sa.text("SELECT DISTINCT materialisation_id FROM materialised_result"))}
    assert ids == set(store.materialisations()["id"])


def test_a_store_without_materialisation_computes_once_and_then_reads(store):
    fill(store)  # written without materialisation (a database from before this feature)
    assert store.materialisations().empty
    data = load_dashboard_data(store, DEFAULT)
    assert on_time(data) == (50.0, 1.0, 2.0)
    assert len(store.materialisations()) == 1
    load_dashboard_data(store, DEFAULT)
    assert len(store.materialisations()) == 1


def test_the_published_national_series_is_stored_with_the_figures(store):
    fill(store, CatalogueMaterialiser(DEFAULT))
    national = pd.DataFrame({
        "kommunekode": pd.Series([0, 0], dtype="int64"),
        "noegletal": pd.Series(["anbragte_pr_1000"] * 2, dtype=object),
        "dato": pd.to_datetime(pd.Series(["2015-01-31", "2015-05-31"])).astype(
            "datetime64[ns]"),
        "dimension": pd.Series([None, None], dtype=object),
        "vaerdi": pd.Series([10.25, 10.5], dtype="float64"),
    })
    store.import_frame("sammenligning", national, filename="sammenligning.csv",
                       checksum=_sha("s"), user="anna",
                       materialise=CatalogueMaterialiser(DEFAULT))
    data = load_dashboard_data(store, DEFAULT)
    rows = data.national(["anbragte_pr_1000"])
    assert rows["vaerdi"].tolist() == [10.25, 10.5]
    assert rows["kommunekode"].tolist() == [0, 0]
    assert data.national(["opfoelgninger_rettidige_andel"]).empty


def test_every_municipalitys_published_rows_are_stored_with_taeller_and_naevner(store):
    """The Landet page and the ranking work on the stored published series alone."""
    fill(store, CatalogueMaterialiser(DEFAULT))
    published = pd.DataFrame({
        "kommunekode": pd.Series([0, 101, 657], dtype="int64"),
        "noegletal": pd.Series(["anbragte_pr_1000"] * 3, dtype=object),
        "dato": pd.to_datetime(pd.Series(["2015-12-31"] * 3)).astype("datetime64[ns]"),
        "dimension": pd.Series([None, None, None], dtype=object),
        "vaerdi": pd.Series([10.0, 12.0, 8.0], dtype="float64"),
        "taeller": pd.Series([11000.0, 1200.0, 80.0], dtype="float64"),
        "naevner": pd.Series([1_100_000.0, 100_000.0, 10_000.0], dtype="float64"),
    })
    store.import_frame("sammenligning", published, filename="sammenligning.csv",
                       checksum=_sha("p"), user="anna",
                       materialise=CatalogueMaterialiser(DEFAULT))
    data = load_dashboard_data(store, DEFAULT)
    rows = data.comparison.sort_values("kommunekode")
    assert rows["kommunekode"].tolist() == [0, 101, 657]
    assert rows["taeller"].tolist() == [11000.0, 1200.0, 80.0]
    assert rows["naevner"].tolist() == [1_100_000.0, 100_000.0, 10_000.0]
    # "Hele landet" is shown by its published value alone, as before materialisation.
    nat = data.national(["anbragte_pr_1000"])
    assert nat["kommunekode"].tolist() == [0]
    assert nat["taeller"].isna().all()


def _targets(maalvaerdi: float) -> pd.DataFrame:
    """A validated ``maal`` extract: Haderslev's target for timely follow-ups."""
    from noegletal.datain.load import read_and_validate

    text = ("kommunekode,noegletal,dimension,maalvaerdi,retning,fra_dato,til_dato,beskrivelse\n"
            f"510,opfoelgninger_rettidige_andel,,{maalvaerdi},mindst,2015-01-01,,Til tiden\n")
    result = read_and_validate(text.encode(), "maal.csv")
    assert result.ok, result.problems
    return result.frame


def test_a_new_target_reuses_the_stored_key_figures_and_stores_the_targets(store):
    """Targets feed no key figure, so a state that differs only in its targets gets the
    stored rows (copied in the database) and the new targets, and nothing is computed; the
    rows are exactly those a computation from scratch gives."""
    fill(store, CatalogueMaterialiser(DEFAULT))
    store.import_frame("maal", _targets(80.0), filename="maal.csv", checksum=_sha("m1"),
                       user="anna", materialise=CatalogueMaterialiser(DEFAULT))
    first = store.serving_materialisation(params_key(DEFAULT))
    steps: list[str] = []
    store.import_frame("maal", _targets(90.0), filename="maal.csv", checksum=_sha("m2"),
                       user="anna", materialise=CatalogueMaterialiser(
                           DEFAULT, on_progress=lambda _f, text: steps.append(text)))
    info = store.serving_materialisation(params_key(DEFAULT))
    assert info.current and info.id != first.id
    assert steps == ["Gemmer målene …"]  # no «Beregner nøgletallene …»
    assert [t["maalvaerdi"] for t in info.info["maal"]] == [90.0]
    assert info.n_rows == first.n_rows
    reused = load_dashboard_data(store, DEFAULT)
    assert on_time(reused) == (50.0, 1.0, 2.0)
    pd.testing.assert_frame_equal(reused.results, computed(store, DEFAULT))
    # the same state computed from scratch stores the same rows and facts
    from noegletal.store import results as res
    from noegletal.store.engine import write_transaction

    rows = {kilde: store.result_rows(info.id, **kw) for kilde, kw in
            (("computed", {}), ("published", {"published": True}), ("units", {"units": True}))}
    with write_transaction(store.engine) as conn:
        res.delete(conn, [info.id])
    again = store.materialise(CatalogueMaterialiser(DEFAULT))
    assert {k: v for k, v in again.info.items()} == info.info
    for kilde, kw in (("computed", {}), ("published", {"published": True}),
                      ("units", {"units": True})):
        pd.testing.assert_frame_equal(store.result_rows(again.id, **kw), rows[kilde],
                                      check_exact=True)


def test_the_targets_are_no_input_of_any_key_figure():
    """What lets a target change reuse the stored key figures: no key figure reads the
    extracts the materialiser treats as info only."""
    from noegletal.metrics.catalogue import get_catalogue

    info_only = CatalogueMaterialiser().info_only_kinds
    assert info_only == {"maal"}
    assert [kf.id for kf in get_catalogue().values() if set(kf.inputs) & info_only] == []
