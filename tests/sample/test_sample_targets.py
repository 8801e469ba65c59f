"""Sample units (Herning's four districts) and targets for every sample municipality."""

from __future__ import annotations

import pandas as pd

from noegletal.datain.load import load_directory
from noegletal.metrics.units import units_of
from noegletal.sample.targets import DISTRICTS, UNIT_KOMMUNE


def test_units_only_for_one_municipality_with_four_districts(frames):
    f = frames["foranstaltninger"]
    named = f[f["enhed"].fillna("") != ""]
    assert set(named["kommunekode"]) == {UNIT_KOMMUNE}
    assert set(named["enhed"]) == set(DISTRICTS)
    assert (f.loc[f["kommunekode"] == UNIT_KOMMUNE, "enhed"].fillna("") != "").all()


def test_districts_have_different_profiles_and_some_children_move(frames):
    f = frames["foranstaltninger"]
    f = f[f["kommunekode"] == UNIT_KOMMUNE]
    placed = f["indsats"].isin(["familiepleje", "netvaerkspleje", "doegninstitution",
                                "opholdssted", "sikret_institution", "kost_efterskole"])
    share = placed.groupby(f["enhed"]).mean()
    assert share["Distrikt Syd"] > 1.3 * share["Distrikt Øst"]
    moved = f.groupby("barn_id")["enhed"].nunique()
    assert 0.01 < (moved > 1).mean() < 0.10


def test_district_populations_add_up_to_the_municipality(frames):
    b = frames["befolkning"]
    own = b[(b["kommunekode"] == UNIT_KOMMUNE) & (b["enhed"].fillna("") == "")]
    units = b[b["enhed"].fillna("") != ""]
    total = units.groupby("dato")["antal_0_17"].sum()
    assert (total == own.set_index("dato")["antal_0_17"]).all()
    assert set(units["enhed"]) == set(DISTRICTS)


def test_caseload_targets_of_the_partnership_report(frames):
    m = frames["maal"]
    case = m[m["noegletal"] == "sagstal_gennemsnit"].set_index("kommunekode")
    # Seed 004: 25 cases per worker in Haderslev and Hvidovre, 25-30 in Herning.
    assert case.loc[510, "maalvaerdi"] == 25 and case.loc[167, "maalvaerdi"] == 25
    assert case.loc[657, "maalvaerdi"] == 30 and "25-30" in case.loc[657, "beskrivelse"]
    assert set(case["retning"]) == {"hoejst"}
    assert set(m["kommunekode"]) == {510, 657, 167}


def test_sample_files_validate_with_units_and_targets(generated):
    loaded = load_directory(generated)
    assert not [p for p in loaded.problems if p.is_error]
    assert len(loaded.frames["maal"]) == 11
    assert units_of(loaded.frames) == {UNIT_KOMMUNE: sorted(DISTRICTS)}
    assert pd.api.types.is_datetime64_any_dtype(loaded.frames["maal"]["fra_dato"])
