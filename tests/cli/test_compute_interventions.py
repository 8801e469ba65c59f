"""`noegletal compute` with the intervention extracts (data contract sections 7 and 8)."""

from __future__ import annotations

import csv

from tests.cli.test_compute_cli import run_cli


def test_compute_writes_progression_and_cost_rows(tmp_path):
    d = tmp_path / "udtraek"
    d.mkdir()
    (d / "maalinger.csv").write_text(
        "kommunekode;indsats_navn;deltager_id;deltager_type;redskab;skala;dato;score\n"
        "510;Børnegrupper;d1;;SDQ;;10-01-2019;20\n"
        "510;Børnegrupper;d1;;SDQ;;10-06-2019;12\n", encoding="utf-8")
    (d / "ressourceforbrug.csv").write_text(
        "kommunekode;indsats_navn;periode_start;periode_slut;aktivitet;personalegruppe;timer;"
        "udgift_kr\n"
        "510;Børnegrupper;2019-01-01;2019-12-31;med_borgere;Psykolog;100;\n"
        "510;Børnegrupper;2019-01-01;2019-12-31;oevrige_udgifter;;;5.000\n", encoding="utf-8")
    (d / "indsatser.csv").write_text(
        "kommunekode;indsats_navn;deltagere_pr_aar;maaneder_pr_deltager;enhed;alternativ_trin;"
        "alternativ_kr_pr_aar\n510;Børnegrupper;10;4;barn;;\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    proc = run_cli("compute", "--data", str(d), "--datoer", "2019-12-31", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = {(r["noegletal"], r["dimension"]): r for r in csv.DictReader(out.open())}
    assert float(rows[("progression_aendring_gns", "Børnegrupper|sdq|samlet")]["vaerdi"]) == -8
    # 100 hours * 46.411 * 14,4 / 1.418 + 5.000 kr. over 365 days = one year; / 10 children
    annual = 100 * 46411 * 14.4 / 1418 + 5000
    per = rows[("omk_pr_deltager", "Børnegrupper")]
    assert abs(float(per["vaerdi"]) - annual / 10) < 1e-6
    assert per["dato"] == "2019-12-31" and float(per["naevner"]) == 10


def test_score_outside_the_tool_range_fails_with_a_danish_message(tmp_path):
    d = tmp_path / "udtraek"
    d.mkdir()
    (d / "maalinger.csv").write_text(
        "kommunekode,indsats_navn,deltager_id,deltager_type,redskab,skala,dato,score\n"
        "510,PMTO,d1,,sdq,,2019-01-10,45\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    proc = run_cli("compute", "--data", str(d), "--datoer", "2019-12-31", "--out", str(out))
    assert proc.returncode != 0 and not out.exists()
    assert "uden for skalaen" in proc.stderr
