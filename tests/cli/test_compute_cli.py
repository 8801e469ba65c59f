"""`noegletal compute` end to end, exactly as the data contract describes it."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

CONTRACT_COLUMNS = ["noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller", "naevner"]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "noegletal", *args], capture_output=True, text=True,
        cwd=cwd, timeout=300,
    )


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    d = tmp_path / "udtraek"
    d.mkdir()
    # Semicolons, Danish dates and column names with ø, aliases for indsats: as exported by
    # a Danish case system.
    (d / "foranstaltninger.csv").write_text(
        "kommunekode;barn_id;fødselsdato;indsats;startdato;slutdato;bevilget_af\n"
        "510;A1;01.03.2005;Familiepleje;01-01-2015;;\n"
        "510;A2;2006-05-05;doegninstitution;2014-06-01;2016-03-01;\n"
        "510;A2;2006-05-05;familiepleje;2016-03-02;;\n"
        "510;A3;2010-01-01;§ 11, stk. 3;2015-12-01;2016-06-01;myndighed\n"
        "510;A3;2010-01-01;boernefaglig_undersoegelse;2016-02-01;;\n"
        "510;A4;2008-01-01;forebyggende_foranstaltning;2015-01-01;;\n",
        encoding="utf-8",
    )
    (d / "befolkning.csv").write_text(
        "kommunekode,dato,antal_0_17\n510,2015-01-01,12000\n510,2016-01-01,11900\n",
        encoding="utf-8",
    )
    return d


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_compute_writes_the_contract_columns_and_hand_computed_values(mini, tmp_path):
    out = tmp_path / "ud" / "noegletal.csv"
    r = run_cli("compute", "--data", str(mini), "--datoer", "2016-01-31,2016-05-31",
                "--out", str(out))
    assert r.returncode == 0, r.stderr
    with out.open(encoding="utf-8") as fh:
        assert fh.readline().strip() == ",".join(CONTRACT_COLUMNS)
    rows = read_rows(out)
    by_key = {(x["noegletal"], x["dato"], x["dimension"]): x for x in rows}
    # Two children placed at 31 January 2016 (A1 familiepleje, A2 institution) of 11,900.
    a = by_key[("anbragte_pr_1000", "2016-01-31", "")]
    assert (a["kommunekode"], a["taeller"], a["naevner"]) == ("510", "2", "11900")
    assert float(a["vaerdi"]) == pytest.approx(2 / 11900 * 1000, rel=1e-12)
    # A2 left the institution group between the two cut-offs, for familiepleje.
    assert float(by_key[("institution_ophoert_andel", "2016-05-31", "")]["vaerdi"]) == 100.0
    assert ("institution_ophoert_andel", "2016-01-31", "") not in by_key  # no previous cut-off
    assert float(by_key[("institution_ophoert_hvorhen", "2016-05-31", "anden_anbringelse")]
                 ["vaerdi"]) == 100.0
    # The § 11.3 course (alias "§ 11, stk. 3") was followed by a BFU on 1 February 2016.
    assert by_key[("forebyggende_11_3_bfu_andel", "2016-01-31", "")]["taeller"] == "0"
    assert by_key[("forebyggende_11_3_bfu_andel", "2016-05-31", "")]["taeller"] == "1"
    # Inclusive dates: 1 June 2014 to 1 March 2016 is 640 days.
    assert float(by_key[("institution_varighed_dage", "2016-05-31", "")]["vaerdi"]) == 640.0
    assert by_key[("trin_overgange", "2016-05-31", "institution>familiepleje")]["vaerdi"] == "1.0"
    # Missing extracts are skipped with a Danish warning on stderr.
    assert ("Advarsel: Udgifter mangler, så nøgletallene for udgiftsfordeling er sprunget "
            "over.") in r.stderr


def test_compute_refuses_invalid_input_without_leaving_a_file(mini, tmp_path):
    with (mini / "foranstaltninger.csv").open("a", encoding="utf-8") as fh:
        fh.write("510;A9;2009-01-01;familiepleje;31-02-2016;;\n")
    out = tmp_path / "noegletal.csv"
    r = run_cli("compute", "--data", str(mini), "--datoer", "2016-01-31", "--out", str(out))
    assert r.returncode != 0
    assert "Række 8" in r.stderr or "række 8" in r.stderr
    assert "startdato" in r.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".noegletal-*"))


def test_compute_refuses_cpr_numbers(mini, tmp_path):
    with (mini / "foranstaltninger.csv").open("a", encoding="utf-8") as fh:
        fh.write("510;010203-1234;2003-02-01;familiepleje;2016-01-01;;\n")
    out = tmp_path / "noegletal.csv"
    r = run_cli("compute", "--data", str(mini), "--datoer", "2016-01-31", "--out", str(out))
    assert r.returncode != 0
    assert "CPR" in r.stderr
    assert "010203-1234" not in r.stderr
    assert not out.exists()


def test_compute_rejects_bad_dates_in_danish(mini, tmp_path):
    out = tmp_path / "noegletal.csv"
    r = run_cli("compute", "--data", str(mini), "--datoer", "2016-13-45", "--out", str(out))
    assert r.returncode != 0
    assert "ikke en gyldig dato" in r.stderr
    assert not out.exists()


def test_compute_on_sample_data_gives_every_key_figure_for_every_municipality(tmp_path):
    from noegletal.metrics.catalogue import CATALOGUE

    sample = Path(__file__).resolve().parents[2] / "sample_data"
    out = tmp_path / "noegletal.csv"
    r = run_cli("compute", "--data", str(sample), "--datoer",
                "2016-01-31,2016-05-31,2016-09-30,2017-01-31,2017-05-31,2017-09-30",
                "--out", str(out))
    assert r.returncode == 0, r.stderr
    rows = read_rows(out)
    seen: dict[str, set[str]] = {}
    for x in rows:
        seen.setdefault(x["noegletal"], set()).add(x["kommunekode"])
    kommuner = {"510", "657", "167"}
    missing = {kf: kommuner - seen.get(kf, set()) for kf in CATALOGUE}
    assert {k: v for k, v in missing.items() if v} == {}


def test_compute_with_enhed_adds_unit_rows_and_without_it_nothing_changes(mini, tmp_path):
    plain = tmp_path / "uden.csv"
    r = run_cli("compute", "--data", str(mini), "--datoer", "2016-01-31,2016-05-31",
                "--out", str(plain))
    assert r.returncode == 0, r.stderr
    # The same extract with a unit per row, and Nord's own population.
    lines = (mini / "foranstaltninger.csv").read_text(encoding="utf-8").splitlines()
    units = ["Nord", "Nord", "Syd", "Syd", "Syd", "Nord"]
    with_units = [lines[0] + ";enhed"] + [f"{x};{u}" for x, u in zip(lines[1:], units,
                                                                      strict=True)]
    (mini / "foranstaltninger.csv").write_text("\n".join(with_units) + "\n", encoding="utf-8")
    (mini / "befolkning.csv").write_text(
        "kommunekode,dato,antal_0_17,enhed\n510,2015-01-01,12000,\n510,2016-01-01,11900,\n"
        "510,2016-01-01,5000,Nord\n", encoding="utf-8")
    again = tmp_path / "igen.csv"
    r = run_cli("compute", "--data", str(mini), "--datoer", "2016-01-31,2016-05-31",
                "--out", str(again))
    assert r.returncode == 0, r.stderr
    assert again.read_bytes() == plain.read_bytes()  # the new columns change nothing
    out = tmp_path / "enhed.csv"
    r = run_cli("compute", "--data", str(mini), "--datoer", "2016-01-31,2016-05-31",
                "--out", str(out), "--enhed")
    assert r.returncode == 0, r.stderr
    rows = read_rows(out)
    assert rows[0].keys() == set(CONTRACT_COLUMNS)
    by_key = {(x["noegletal"], x["dato"], x["dimension"]): x for x in rows}
    # 31 January 2016: A1 (familiepleje) and A2 (institution) are placed, both in Nord:
    # 2 of Nord's 5000 children.
    a = by_key[("anbragte_pr_1000", "2016-01-31", "enhed=Nord")]
    assert (a["taeller"], a["naevner"]) == ("2", "5000")
    assert float(a["vaerdi"]) == pytest.approx(0.4)
    # Syd has no population: no rate, and a warning saying so.
    assert ("anbragte_pr_1000", "2016-01-31", "enhed=Syd") not in by_key
    assert "«Syd»" in r.stderr
    # A dimension combined with the unit.
    assert by_key[("anbringelsesform_andel", "2016-01-31", "institution|enhed=Nord")][
        "taeller"] == "1"
    # Every row of the plain output is in the unit output unchanged.
    plain_rows = read_rows(plain)
    assert all(row in rows for row in plain_rows)
