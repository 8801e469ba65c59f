"""Display tables and exports: suppressed strings only, formula injection neutralised."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from noegletal.presentation import exports, tables
from tests.presentation.builders import make_kf, rows

ANTAL = make_kf("hjemmebaserede_type_antal", unit="antal", name="antal",
                dimensions={"doegnophold_familie": "Døgnophold for hele familien",
                            "eget_vaerelse": "Eget værelse"})
PR1000 = make_kf("hjemmebaserede_type_pr_1000", unit="pr_1000", name="pr. 1.000 0-17-årige",
                 dimensions={"doegnophold_familie": "Døgnophold for hele familien",
                             "eget_vaerelse": "Eget værelse"})


def _frame() -> pd.DataFrame:
    return pd.concat([
        rows(ANTAL.id, 510, [("2016-01-31", "doegnophold_familie", 0, None, None),
                             ("2017-01-31", "doegnophold_familie", 3, 3, None),
                             ("2016-01-31", "eget_vaerelse", 1234, None, None)]),
        rows(PR1000.id, 510, [("2016-01-31", "doegnophold_familie", 0.0, 0, 11500),
                              ("2017-01-31", "doegnophold_familie", 0.264, 3, 11360),
                              ("2016-01-31", "eget_vaerelse", 107.3, 1234, 11500)]),
    ])


def test_wide_table_like_tabel_7():
    table = tables.wide_table(_frame(), [ANTAL, PR1000], kommunekode=510,
                              group_by_dimension=True)
    assert list(table.columns) == ["Nøgletal", "jan. 2016", "jan. 2017"]
    assert table.values.tolist() == [
        ["Døgnophold for hele familien: antal", "0", "<5"],
        # a rate's hidden cell in words (a bare "<5" would read as a rate under 5)
        ["Døgnophold for hele familien: pr. 1.000 0-17-årige", "0,0", "færre end 5 børn"],
        ["Eget værelse: antal", "1.234", "–"],
        ["Eget værelse: pr. 1.000 0-17-årige", "107,3", "–"],
    ]
    assert table.attrs["diskretioneret"] is True
    assert table.attrs["noter"][0].startswith("<5: tallet bygger på færre end 5 børn")


def test_school_table_like_tabel_8():
    kf = make_kf("faglig_trivsel", unit="indeks", theme="skoletrivsel", frequency="skoleaar")
    frame = rows(kf.id, 510, [("2014-08-01", "udsatte", 3.4, None, 159),
                              ("2014-08-01", "oevrige", 3.6, None, 2353),
                              ("2015-08-01", "udsatte", 3.1415, None, 3),
                              ("2015-08-01", "oevrige", 3.7, None, 2496)])
    table = tables.school_table(frame, kf, kommunekode=510)
    assert list(table.columns) == ["Nøgletal", "2014/15", "N 2014/15", "2015/16", "N 2015/16"]
    assert table.values.tolist() == [["Udsatte elever", "3,4", "159", "færre end 5 elever", "–"],
                                     ["Øvrige elever", "3,6", "2.353", "3,7", "2.496"]]


def test_long_table_blanks_counts_of_hidden_rows():
    table = tables.long_table(_frame(), {ANTAL.id: ANTAL, PR1000.id: PR1000})
    hidden = table.loc[table["Værdi"].isin(["<5", "færre end 5 børn"])]
    assert len(hidden) == 2
    assert set(hidden["Tæller"]) == {""} and set(hidden["Nævner"]) == {""}
    shown = table.loc[table["Værdi"].eq("107,3")].iloc[0]
    assert (shown["Tæller"], shown["Nævner"], shown["Kommune"]) == ("1.234", "11.500",
                                                                    "Haderslev")


@pytest.mark.parametrize(("cell", "expected"), [
    ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1)", "'@SUM(1)"),
    ("\tTAB", "'\tTAB"),
    ("\rCR", "'\rCR"),
    ("-1,5", "-1,5"),
    ("+2.5", "+2.5"),
    ("-1.234,5", "-1.234,5"),
    ("<5", "<5"),
    ("−1,2", "−1,2"),
    ("Hvidovre", "Hvidovre"),
    (-3, -3),
    (2.5, 2.5),
])
def test_neutralise_cell(cell, expected):
    assert exports.neutralise_cell(cell) == expected


def _evil_table() -> pd.DataFrame:
    table = tables.wide_table(_frame(), [ANTAL], kommunekode=510)
    table.loc[len(table)] = ["=HYPERLINK(\"http://x\")", "@x", "-2+3"]
    return table


def test_csv_for_danish_excel():
    data = exports.to_csv_bytes(_evil_table())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "Nøgletal;jan. 2016;jan. 2017"
    assert lines[1] == "Døgnophold for hele familien: antal;0;<5"
    assert lines[3] == "\"'=HYPERLINK(\"\"http://x\"\")\";'@x;'-2+3"
    assert "3,0" not in text and ";3;" not in text
    for line in lines[1:]:
        for cell in line.split(";"):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@"))


def test_excel_export_is_text_and_neutralised():
    data = exports.to_excel_bytes(_evil_table(), title="Hjemmebaserede foranstaltninger",
                                  notes=["Kilde: eksempeldata"])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0] == "Hjemmebaserede foranstaltninger"
    assert values[2] == ("Nøgletal", "jan. 2016", "jan. 2017")
    assert values[3] == ("Døgnophold for hele familien: antal", "0", "<5")
    assert values[5] == ("'=HYPERLINK(\"http://x\")", "'@x", "'-2+3")
    assert values[7][0] == "Kilde: eksempeldata"
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"


def test_exports_refuse_unsuppressed_tables():
    raw = pd.DataFrame({"Nøgletal": ["x"], "jan. 2016": [3]})
    with pytest.raises(exports.ExportError, match="diskretioneret"):
        exports.to_csv_bytes(raw)
    with pytest.raises(exports.ExportError, match="diskretioneret"):
        exports.to_excel_bytes(raw)


def test_png_without_browser_gives_danish_error(monkeypatch):
    import plotly.graph_objects as go

    monkeypatch.setattr(exports, "find_browser", lambda: None)
    with pytest.raises(exports.ExportError, match="Chromium"):
        exports.figure_to_png(go.Figure())


def test_find_browser_prefers_env(monkeypatch, tmp_path):
    fake = tmp_path / "chrome"
    fake.write_text("")
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert exports.find_browser() == str(fake)


@pytest.mark.slow
def test_png_with_local_chromium():
    import plotly.graph_objects as go

    if exports.find_browser() is None:
        pytest.skip("ingen Chromium installeret")
    data = exports.figure_to_png(go.Figure(go.Bar(x=["a"], y=[1])), width=400, height=300,
                                 scale=1)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
