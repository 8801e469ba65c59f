"""The generated sample data: files, columns, formats, determinism and internal consistency."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from noegletal.domain.calendar import eighteenth_birthday
from noegletal.domain.kommuner import MUNICIPALITY_CODES
from noegletal.domain.schema import EXTRACTS
from noegletal.domain.vocabulary import (
    EVENT_CODES,
    HOME_BASED_CODES,
    INDSATS_CODES,
    PLACEMENT_CODES,
)
from noegletal.sample import SAMPLE_FILES, generate, main, parse_kommuner
from noegletal.sample.profiles import select_kommuner
from tests.conftest import SAMPLE_DIR

EXTRACT_END = pd.Timestamp("2025-12-31")
DEFAULT = [510, 657, 167]


# --- files and formats ----------------------------------------------------------------------


def test_every_contract_file_but_the_model_is_written(generated):
    written = sorted(p.name for p in generated.iterdir())
    shipped = ("udgiftsmodel", "redskaber", "loenninger")  # defaults bundled with the package
    expected = sorted([f"{n}.csv" for n in EXTRACTS if n not in shipped] + ["README.md"])
    assert written == expected


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_header_is_exactly_the_contract_columns(generated, name):
    raw = (generated / f"{name}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")
    header = raw.split(b"\n", 1)[0].decode("utf-8")
    assert header.split(",") == EXTRACTS[name].column_names
    assert b"\r" not in raw and b";" not in raw


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_dates_are_iso_or_empty(frames, generated, name):
    spec = EXTRACTS[name]
    text = pd.read_csv(generated / f"{name}.csv", dtype=str, keep_default_na=False)
    for col in (c.name for c in spec.columns if c.kind == "date"):
        assert text[col].str.fullmatch(r"\d{4}-\d{2}-\d{2}|").all(), col
        if spec.column(col).required:
            assert (text[col] != "").all(), col


def test_same_seed_gives_identical_bytes_and_another_seed_differs(generated, tmp_path):
    again = generate(tmp_path / "again")
    for name in SAMPLE_FILES:
        assert again[name].read_bytes() == (generated / f"{name}.csv").read_bytes(), name
    assert again["README"].read_bytes() == (generated / "README.md").read_bytes()
    other = generate(tmp_path / "other", seed=7, kommuner=[167])
    assert other["foranstaltninger"].read_bytes() != again["foranstaltninger"].read_bytes()


def test_committed_sample_data_is_the_default_generation(generated):
    for name in [*SAMPLE_FILES, "README"]:
        file = "README.md" if name == "README" else f"{name}.csv"
        committed = SAMPLE_DIR / file
        assert committed.exists(), file
        assert committed.read_bytes() == (generated / file).read_bytes(), (
            f"sample_data/{file} is out of date: run `noegletal sample --out sample_data`"
        )
    total = sum(p.stat().st_size for p in SAMPLE_DIR.iterdir())
    assert total < 15_000_000


def test_readme_is_danish_and_says_the_data_is_invented(generated):
    text = (generated / "README.md").read_text(encoding="utf-8")
    assert "# Eksempeldata" in text
    assert "opdigtet" in text
    assert "noegletal sample --seed 2018 --out <mappe>" in text
    assert "ikke om virkelige børn" in text


# --- pseudonyms and CPR ---------------------------------------------------------------------

CPR_LIKE = re.compile(r"(?<!\d)(\d{10}|\d{6}-\d{4})(?!\d)")


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_no_cpr_like_value_anywhere(generated, name):
    text = (generated / f"{name}.csv").read_text(encoding="utf-8")
    assert CPR_LIKE.search(text) is None


def test_ids_are_pseudonyms(frames):
    assert frames["foranstaltninger"]["barn_id"].str.fullmatch(r"B\d{7}").all()
    assert frames["opfoelgninger"]["barn_id"].str.fullmatch(r"B\d{7}").all()
    assert frames["sagstal"]["socialraadgiver_id"].str.fullmatch(r"S\d{3,}").all()


def test_a_child_has_one_birth_date(frames):
    f = frames["foranstaltninger"]
    assert (f.groupby(["kommunekode", "barn_id"])["foedselsdato"].nunique() == 1).all()


# --- foranstaltninger -------------------------------------------------------------------------


def test_every_indsats_code_in_every_municipality(frames):
    f = frames["foranstaltninger"]
    for kommune, g in f.groupby("kommunekode"):
        assert set(g["indsats"]) == set(INDSATS_CODES), kommune
    assert sorted(f["kommunekode"].unique()) == sorted(DEFAULT)


def test_bevilget_af_on_preventive_courses_only(frames):
    f = frames["foranstaltninger"]
    f113 = f["indsats"] == "forebyggende_11_3"
    assert set(f.loc[f113, "bevilget_af"]) == {"myndighed", "andre"}
    assert (f.loc[~f113, "bevilget_af"] == "").all()
    # Hvidovre: every course granted by the authority; Herning: others only from 2017.
    hvidovre = f[f113 & (f["kommunekode"] == 167)]
    assert set(hvidovre["bevilget_af"]) == {"myndighed"}
    herning = f[f113 & (f["kommunekode"] == 657) & (f["bevilget_af"] == "andre")]
    assert len(herning) > 50
    assert herning["startdato"].min() >= pd.Timestamp("2016-01-01")


def test_contract_row_rules(frames):
    f = frames["foranstaltninger"]
    ended = f["slutdato"].notna()
    assert (f.loc[ended, "slutdato"] >= f.loc[ended, "startdato"]).all()
    assert (f["foedselsdato"] < f["startdato"]).all()
    assert (f["startdato"] <= EXTRACT_END).all()
    assert (f.loc[ended, "slutdato"] <= EXTRACT_END).all()
    # Every row touches the extract window (no row ended before 2013).
    assert (f["slutdato"].isna() | (f["slutdato"] >= pd.Timestamp("2013-01-01"))).all()


def test_events(frames):
    f = frames["foranstaltninger"]
    notes = f[f["indsats"] == "underretning"]
    assert (notes["slutdato"] == notes["startdato"]).all()
    events = f[f["indsats"].isin(EVENT_CODES)]
    assert (events["startdato"] >= pd.Timestamp("2013-01-01")).all()
    assert (events["startdato"] < eighteenth_birthday(events["foedselsdato"])).all()
    bfu = f[f["indsats"] == "boernefaglig_undersoegelse"]
    length = (bfu["slutdato"] - bfu["startdato"]).dt.days
    assert length.dropna().between(20, 120).all()
    assert bfu["slutdato"].isna().any()  # investigations still running on the extract date


def test_running_spells_placements_at_18_and_29_february(frames):
    f = frames["foranstaltninger"]
    placed = f[f["indsats"].isin(PLACEMENT_CODES)]
    assert placed["slutdato"].isna().sum() > 100
    adult = eighteenth_birthday(placed["foedselsdato"])
    at_18 = placed["slutdato"] == adult - pd.Timedelta(days=1)
    assert at_18.sum() > 20
    aftercare = placed["slutdato"].notna() & (placed["slutdato"] >= adult)
    assert aftercare.sum() > 10
    births = f["foedselsdato"]
    assert ((births.dt.month == 2) & (births.dt.day == 29)).any()


def test_overlapping_measures(frames):
    f = frames["foranstaltninger"]
    end = f["slutdato"].fillna(EXTRACT_END)
    parent = f[f["indsats"] == "foraeldrerettet_under_anbringelse"].assign(end=end)
    placements = f[f["indsats"].isin(PLACEMENT_CODES)].assign(end=end)
    both = parent.merge(placements, on=["kommunekode", "barn_id"], suffixes=("", "_p"))
    inside = (both["startdato"] >= both["startdato_p"]) & (both["end"] <= both["end_p"])
    # Every parent-directed measure lies inside one of the child's placements.
    assert inside.groupby([both["kommunekode"], both["barn_id"], both["startdato"]]).any().all()
    # A home-based measure that runs on after a placement has started.
    home = f[f["indsats"].isin(HOME_BASED_CODES) & (f["indsats"] != "foraeldrerettet_under_anbringelse")]
    pairs = home.assign(end=end).merge(placements, on=["kommunekode", "barn_id"],
                                       suffixes=("", "_p"))
    overlap = (pairs["startdato"] < pairs["startdato_p"]) & (pairs["end"] >= pairs["startdato_p"])
    assert overlap.sum() > 10


def test_moves_up_and_down_the_ladder(frames):
    f = frames["foranstaltninger"]
    spells = f[~f["indsats"].isin(EVENT_CODES)].sort_values(["kommunekode", "barn_id", "startdato"])
    nxt = spells.groupby(["kommunekode", "barn_id"])["indsats"].shift(-1)
    moves = pd.Series(list(zip(spells["indsats"], nxt, strict=True)))
    assert (moves == ("doegninstitution", "familiepleje")).sum() > 5
    assert (moves == ("forebyggende_foranstaltning", "familiepleje")).sum() > 5
    assert (moves == ("familiepleje", "forebyggende_foranstaltning")).sum() > 5
    assert (moves == ("forebyggende_11_3", "forebyggende_foranstaltning")).sum() > 5


def test_investigations_follow_preventive_courses_within_months(frames):
    f = frames["foranstaltninger"]
    f113 = f[(f["indsats"] == "forebyggende_11_3") & (f["bevilget_af"] == "myndighed")]
    bfu = f[f["indsats"] == "boernefaglig_undersoegelse"]
    pairs = f113.merge(bfu, on=["kommunekode", "barn_id"], suffixes=("", "_b"))
    gap = (pairs["startdato_b"] - pairs["startdato"]).dt.days
    followed = pairs[gap.between(0, 183)].groupby("kommunekode")["barn_id"].nunique()
    courses = f113.groupby("kommunekode")["barn_id"].nunique()
    share = followed / courses
    assert share.between(0.02, 0.30).all(), share.to_dict()


# --- the other extracts -----------------------------------------------------------------------


def test_befolkning_sizes(frames):
    b = frames["befolkning"]
    b = b[b["enhed"].fillna("") == ""]  # the municipalities' own rows, not the districts'

    assert b.groupby("kommunekode")["dato"].apply(
        lambda d: (d.dt.day == 1).all() and set(d.dt.month) == {1, 4, 7, 10}).all()
    at = b[b["dato"] == pd.Timestamp("2017-01-01")].set_index("kommunekode")["antal_0_17"]
    expected = {510: 12_000, 657: 19_000, 167: 11_000}
    for kommune, n in expected.items():
        assert abs(at[kommune] - n) / n < 0.12, (kommune, at[kommune])


def test_udgifter(frames):
    u = frames["udgifter"]
    assert set(u["aar"]) == set(range(2011, 2026))
    assert (u["brutto_1000_kr"] >= u["netto_1000_kr"]).all()
    assert (u["netto_1000_kr"] > 0).all()
    assert u["funktion"].str.fullmatch(r"\d\.\d{2}\.\d{2}").all()
    grp = u["gruppering"].fillna("")
    assert grp.str.fullmatch(r"\d{3}|").all()
    admin = u[u["funktion"].isin(["6.45.51", "6.45.58"])]
    assert admin["aar"].min() == 2013
    assert set(admin.groupby("kommunekode")["funktion"].nunique()) == {2}
    assert (u.loc[u["aar"] == 2025, "regnskabstype"] == "forventet_regnskab").all()
    assert (u.loc[u["aar"] < 2025, "regnskabstype"] == "regnskab").all()
    assert {"5.28.20", "5.28.21", "5.28.22", "5.28.23", "5.28.24"} <= set(u["funktion"])
    assert not u.duplicated(["kommunekode", "aar", "funktion", "gruppering"]).any()


def test_prisindeks(frames):
    p = frames["prisindeks"].set_index("aar")["indeks"]
    assert list(p.index) == list(range(2011, 2026))
    assert p[2025] == 100.0
    growth = p.pct_change().dropna() * 100
    assert growth.between(0.5, 5.0).all()


def test_skoletrivsel(frames):
    s = frames["skoletrivsel"]
    years = [f"{y}/{(y + 1) % 100:02d}" for y in range(2014, 2025)]
    assert sorted(s["skoleaar"].unique()) == years
    assert (s.groupby(["kommunekode", "skoleaar"]).size() == 6).all()
    assert (s["antal"] > 0).all()
    trivsel = s[s["indikator"] != "fravaer_pct"]
    assert trivsel["gennemsnit"].between(3.2, 4.2).all()
    fravaer = s[s["indikator"] == "fravaer_pct"]
    assert fravaer["gennemsnit"].between(4.0, 18.0).all()
    wide = s.pivot_table(index=["kommunekode", "skoleaar", "indikator"], columns="gruppe",
                         values="gennemsnit")
    is_absence = wide.index.get_level_values("indikator") == "fravaer_pct"
    assert (wide.loc[~is_absence, "udsatte"] < wide.loc[~is_absence, "oevrige"]).all()
    assert (wide.loc[is_absence, "udsatte"] > wide.loc[is_absence, "oevrige"]).all()
    n = s.pivot_table(index=["kommunekode", "skoleaar"], columns="gruppe", values="antal",
                      aggfunc="max")
    assert (n["udsatte"] < n["oevrige"] / 5).all()


def test_sagstal(frames):
    s = frames["sagstal"]
    assert set(zip(s["dato"].dt.month, s["dato"].dt.day, strict=True)) == {(3, 1), (9, 1)}
    per = s.groupby(["kommunekode", "dato"]).agg(cases=("antal_sager", "sum"),
                                                 fte=("stillingsandel", "sum"))
    caseload = per["cases"] / per["fte"]
    assert caseload.between(18, 35).all(), caseload.describe()
    shares = s["stillingsandel"].value_counts(normalize=True)
    assert shares[1.0] > 0.6
    assert {0.8, 0.5} <= set(s["stillingsandel"])
    # Workers stay from one snapshot to the next (ids recur).
    assert s.groupby(["kommunekode", "socialraadgiver_id"]).size().max() >= 6


def test_opfoelgninger_belong_to_running_measures(frames):
    o = frames["opfoelgninger"]
    f = frames["foranstaltninger"]
    measures = f[~f["indsats"].isin(EVENT_CODES)].assign(end=f["slutdato"].fillna(EXTRACT_END))
    pairs = o.merge(measures, on=["kommunekode", "barn_id"])
    inside = (pairs["dato"] >= pairs["startdato"]) & (pairs["dato"] <= pairs["end"])
    ok = inside.groupby([pairs["kommunekode"], pairs["barn_id"], pairs["dato"]]).any()
    assert len(ok) == len(o.drop_duplicates())
    assert ok.all()
    assert o["dato"].between(pd.Timestamp("2013-01-01"), EXTRACT_END).all()


def test_follow_ups_every_one_to_four_months(frames):
    o = frames["opfoelgninger"].sort_values(["kommunekode", "barn_id", "dato"])
    gap = o.groupby(["kommunekode", "barn_id"])["dato"].diff().dt.days
    median = gap.groupby([o["kommunekode"], o["dato"].dt.year]).median()
    assert median.between(30, 122).all(), median.to_dict()
    # Haderslev follows up every six weeks from 2016.
    assert median.loc[510].loc[2017:].between(35, 50).all()


def test_sammenligning(frames):
    both = frames["sammenligning"]
    s = both[both["kommunekode"] == 0]  # the invented national series
    published = both[both["kommunekode"] != 0]  # published-style rows, see below
    assert len(s) + len(published) == len(both)
    assert {"anbragte_pr_1000", "anbringelsesform_andel", "hjemmebaserede_pr_1000",
            "forebyggende_11_3_pr_1000"} <= set(s["noegletal"])
    dates = sorted(s["dato"].unique())
    assert len(dates) == 33
    assert {(d.month, d.day) for d in pd.to_datetime(dates)} == {(1, 31), (5, 31), (9, 30)}
    forms = s[s["noegletal"] == "anbringelsesform_andel"]
    assert set(forms["dimension"]) == {"institution", "familiepleje", "netvaerkspleje"}
    assert np.allclose(forms.groupby("dato")["vaerdi"].sum(), 100.0)
    assert (s.loc[s["noegletal"] != "anbringelsesform_andel", "dimension"].fillna("") == "").all()
    placed = s[s["noegletal"] == "anbragte_pr_1000"].sort_values("dato")["vaerdi"]
    assert placed.between(8.5, 11.5).all()
    inst = forms[forms["dimension"] == "institution"].sort_values("dato")["vaerdi"]
    assert inst.between(25, 40).all() and inst.iloc[0] > inst.iloc[-1] + 4
    assert s["taeller"].isna().all() and s["naevner"].isna().all()


def test_published_style_series_for_all_98(frames):
    s = frames["sammenligning"]
    p = s[s["kommunekode"] != 0]
    assert sorted(p["kommunekode"].unique()) == sorted(MUNICIPALITY_CODES)
    assert set(p["noegletal"]) == {"anbragte_pr_1000", "hjemmebaserede_pr_1000",
                                   "underretninger_pr_1000"}
    # One row per municipality, key figure and year 2015-2024, at 31 December.
    assert len(p) == 98 * 3 * 10
    assert {(d.month, d.day) for d in p["dato"]} == {(12, 31)}
    # vaerdi = taeller / naevner * 1000 (rounded to 4 decimals); counts are whole numbers.
    assert np.allclose(p["vaerdi"], (p["taeller"] / p["naevner"] * 1000).round(4))
    assert (p["taeller"] == p["taeller"].round()).all() and (p["naevner"] > 0).all()
    # Læsø (825) has a few hundred children: its counts are small and get suppressed.
    assert p.loc[p["kommunekode"] == 825, "naevner"].max() < 500
    placed = p[p["noegletal"] == "anbragte_pr_1000"]
    total = placed.groupby("dato")[["taeller", "naevner"]].sum()
    assert (total["taeller"] / total["naevner"] * 1000).between(7, 13).all()


def test_published_style_series_have_their_own_stream():
    from noegletal.sample.published import published_frame

    a, b = published_frame(2025, 2018), published_frame(2025, 2018)
    pd.testing.assert_frame_equal(a, b)
    assert not published_frame(2025, 2019)["taeller"].equals(a["taeller"])


# --- arguments and command line ------------------------------------------------------------


def test_select_kommuner():
    assert select_kommuner(3) == DEFAULT
    assert select_kommuner(1) == [510]
    assert sorted(select_kommuner(98)) == sorted(MUNICIPALITY_CODES)
    assert select_kommuner([101, 851]) == [101, 851]
    with pytest.raises(ValueError, match="Ukendte kommunekoder: 411"):
        select_kommuner([411])
    with pytest.raises(ValueError, match="mellem 1 og 98"):
        select_kommuner(99)
    with pytest.raises(ValueError, match="samme kode"):
        select_kommuner([510, 510])


def test_parse_kommuner():
    assert parse_kommuner("3") == 3
    assert parse_kommuner("98") == 98
    assert parse_kommuner("510, 657") == [510, 657]
    assert parse_kommuner("510") == [510]
    with pytest.raises(ValueError, match="Ugyldig værdi"):
        parse_kommuner("Haderslev")


def test_scale_and_single_municipality(tmp_path):
    paths = generate(tmp_path, kommuner=[167], scale=0.5, start_year=2016, end_year=2020)
    b = pd.read_csv(paths["befolkning"])
    assert set(b["kommunekode"]) == {167}
    assert abs(b["antal_0_17"].iloc[0] - 5_500) < 800
    f = pd.read_csv(paths["foranstaltninger"], dtype=str, keep_default_na=False)
    assert f["startdato"].max() <= "2020-12-31"
    u = pd.read_csv(paths["udgifter"])
    assert u["aar"].min() == 2011 and u["aar"].max() == 2020
    assert set(pd.read_csv(paths["skoletrivsel"])["skoleaar"]) == {
        "2017/18", "2018/19", "2019/20"}


def test_main_writes_files_and_reports_errors_in_danish(tmp_path, capsys):
    assert main(["--kommuner", "167", "--out", str(tmp_path / "x"), "--seed", "3",
                 "--scale", "0.3"]) == 0
    assert (tmp_path / "x" / "foranstaltninger.csv").exists()
    assert "Færdig" in capsys.readouterr().out
    assert main(["--kommuner", "999", "--out", str(tmp_path / "y")]) == 2
    assert "Ukendte kommunekoder: 999" in capsys.readouterr().err
    assert not Path(tmp_path / "y" / "foranstaltninger.csv").exists()
    assert main(["--end-year", "2014", "--out", str(tmp_path / "z")]) == 2


# --- the project's own reader and national scale -------------------------------------------


def test_committed_sample_data_passes_the_projects_validation():
    from noegletal.datain import load_directory

    loaded = load_directory(SAMPLE_DIR)
    assert loaded.problems == []
    for name in SAMPLE_FILES:
        rows = sum(1 for _ in (SAMPLE_DIR / f"{name}.csv").open(encoding="utf-8")) - 1
        assert len(loaded.frames[name]) == rows, name


@pytest.mark.slow
def test_national_scale(tmp_path):
    # How long generation takes is measured by benchmarks/volume.py --generate, not here.
    paths = generate(tmp_path, kommuner=98)
    b = pd.read_csv(paths["befolkning"], parse_dates=["dato"])
    assert sorted(b["kommunekode"].unique()) == sorted(MUNICIPALITY_CODES)
    total = b[b["dato"] == pd.Timestamp("2020-01-01")]["antal_0_17"].sum()
    assert 1_000_000 < total < 1_250_000
    size = sum(p.stat().st_size for p in paths.values())
    assert size < 400_000_000
