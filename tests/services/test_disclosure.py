"""Suppression across views: no hidden count can be worked out by differencing what the
service layer shows for municipalities, comparison groups and the national series."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noegletal.domain.kommuner import MUNICIPALITY_CODES
from noegletal.metrics.catalogue import CATALOGUE
from noegletal.presentation.committee_report import committee_report
from noegletal.presentation.exports import to_csv_bytes, to_excel_bytes
from noegletal.presentation.tables import long_table
from noegletal.presentation.themes import anbringelser
from noegletal.services.dashboard import DashboardData, compute_dashboard_data
from noegletal.services.views import ViewFilter, comparator_frame, kommune_frame
from tests.metrics.builders import measures, population
from tests.services.attack import Attack, attack_views, build_model, national_rows

LAESOE, FANOE, HADERSLEV = 825, 563, 510
D1 = pd.Timestamp("2016-01-31")


def _children(kommune: int, n: int, indsats: str, prefix: str) -> list[tuple]:
    # placed since 1 January 2015, still placed; born 2005 (a child at every cut-off)
    return [(f"{prefix}{i}", "2005-06-01", indsats, "2015-01-01", None, "myndighed", kommune)
            for i in range(n)]


def laesoe_fanoe() -> DashboardData:
    """Læsø: 3 of 250 children placed (all in familiepleje); Fanø: 12 of 600 (8 in
    familiepleje, 4 in an institution); Haderslev: 40 of 10.000. One preventive course in
    Haderslev ending 1 June 2016 makes the cut-offs 31 January and 31 May 2016."""
    rows = [*_children(LAESOE, 3, "familiepleje", "l"),
            *_children(FANOE, 8, "familiepleje", "f"),
            *_children(FANOE, 4, "doegninstitution", "fi"),
            *_children(HADERSLEV, 40, "familiepleje", "h"),
            ("hx", "2006-01-01", "forebyggende_11_3", "2015-06-01", "2016-06-01", "myndighed",
             HADERSLEV)]
    frames = {"foranstaltninger": measures(rows),
              "befolkning": population({LAESOE: 250, FANOE: 600, HADERSLEV: 10_000})}
    return compute_dashboard_data(frames, token="laesoe-fanoe")


def _row(frame: pd.DataFrame, kf_id: str, dim: str = "", dato=D1) -> pd.Series:
    sel = frame[(frame["noegletal"] == kf_id) & (frame["dimension"] == dim)
                & (frame["dato"] == dato)]
    assert len(sel) == 1, (kf_id, dim, len(sel))
    return sel.iloc[0]


GROUP_VIEW = ViewFilter(kommune=HADERSLEV, sammenlign="gruppe", gruppe=(FANOE, LAESOE))


def test_group_with_a_hidden_member_hides_the_cell_laesoe_and_fanoe():
    data = laesoe_fanoe()
    ids = ["anbragte_pr_1000", "anbringelsesform_andel"]
    laesoe = kommune_frame(data, ids, ViewFilter(kommune=LAESOE))
    fanoe = kommune_frame(data, ids, ViewFilter(kommune=FANOE))
    group, label = comparator_frame(data, ids, GROUP_VIEW)
    assert label == "Gruppe: Fanø, Læsø"
    # Læsø's own page: 3 of 250 placed rests on fewer than 5 children -> "<5".
    assert _row(laesoe, "anbragte_pr_1000")["vises"] == "<5"
    # Fanø's own page: 12 of 600 = 20.0 per 1000, shown with its counts.
    f = _row(fanoe, "anbragte_pr_1000")
    assert (f["vises"], f["taeller"], f["naevner"]) == (20.0, 12.0, 600.0)
    # The group would be 15 of 850 (17.6 per 1000) and 15 - 12 = 3 = Læsø: hidden instead.
    g = _row(group, "anbragte_pr_1000")
    assert bool(g["undertrykt"]) and g["vises"] == ".."
    # Læsø's partition: familiepleje 3 of 3 -> "<5"; the group's familiepleje cell (8 + 3
    # of 12 + 3) and, as its cover, the institution cell (4 of 15) are hidden too.
    for dim in ("familiepleje", "institution"):
        assert bool(_row(group, "anbringelsesform_andel", dim)["undertrykt"]), dim
    # Nothing of the group's numbers survives into the block tables and their exports.
    blocks = anbringelser.blocks(kommune_frame(data, list(CATALOGUE), GROUP_VIEW),
                                 comparator_frame(data, list(CATALOGUE), GROUP_VIEW)[0], label,
                                 kommunekode=HADERSLEV)
    texts = []
    for block in blocks:
        if block.table is not None and not block.table.empty:
            texts.append(to_csv_bytes(block.table).decode("utf-8-sig"))
            texts.append(block.table.to_string())
        if block.rows is not None and not block.rows.empty:
            texts.append(to_csv_bytes(long_table(block.rows, CATALOGUE)).decode("utf-8-sig"))
        if block.figure is not None:
            texts.append(block.figure.to_json())
    blob = "\n".join(texts)
    assert "Haderslev" in blob
    assert "17,6" not in blob and "15 af 850" not in blob and "73,3" not in blob


def test_committee_report_and_exports_hide_a_group_with_a_hidden_member():
    data = laesoe_fanoe()
    html = committee_report(data, GROUP_VIEW)
    assert "Gruppe: Fanø, Læsø" in html
    # leave out the embedded plotly.js library; the figures' data and hover texts stay
    html = re.sub(r"<script>/\*\*.*?</script>", "", html, flags=re.S)
    assert "Haderslev" in html and "4,0" in html
    # 1000 x 15 / 850 = 17.6; familiepleje 100 x 11 / 15 = 73.3; 4 / 15 = 26.7
    for text in ("17,6", "15 af 850", "73,3", "11 af 15", "26,7", "4 af 15"):
        assert text not in html, text
    comparator, _ = comparator_frame(data, list(CATALOGUE), GROUP_VIEW)
    hidden = comparator[comparator["undertrykt"]]
    table = long_table(comparator, CATALOGUE)
    xlsx = to_excel_bytes(table)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        blob = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
    csv = to_csv_bytes(table).decode("utf-8-sig")
    assert len(hidden) >= 3
    for text in ("17,6", "73,3", "26,7"):
        assert text not in csv and text not in blob
    # the hidden rows show their mark and empty counts in the long table
    marks = table[table["Værdi"].isin(["..", "<5", "færre end 5 børn"])]
    assert len(marks) == len(hidden)
    assert set(marks["Tæller"]) <= {"", "..", "<5"} and set(marks["Nævner"]) <= {"", "..", "<5"}


def test_municipality_as_comparator_is_its_own_page():
    data = laesoe_fanoe()
    ids = list(CATALOGUE)
    own = kommune_frame(data, ids, ViewFilter(kommune=LAESOE))
    comp, label = comparator_frame(data, ids, ViewFilter(kommune=HADERSLEV,
                                                         sammenlign=str(LAESOE)))
    assert label == "Læsø"
    pd.testing.assert_frame_equal(own, comp)


def test_the_attack_recovers_laesoe_from_an_unprotected_group():
    """The attacker is not vacuous: a group shown as 15 of 850 next to Fanø's 12 of 600
    gives Læsø's 3 of 250 away."""
    truth = pd.DataFrame([
        ("anbragte_pr_1000", LAESOE, D1, "", 12.0, 3.0, 250.0),
        ("anbragte_pr_1000", FANOE, D1, "", 20.0, 12.0, 600.0),
    ], columns=["noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller",
                "naevner"])
    attack = Attack(build_model(truth))
    shown = truth.assign(undertrykt=[True, False], vises=["<5", 20.0])
    attack.see(shown.iloc[[0]], [LAESOE], "Læsø", 5)
    attack.see(shown.iloc[[1]], [FANOE], "Fanø", 5)
    assert attack.recovered() == []
    group = pd.DataFrame([("anbragte_pr_1000", -1, D1, "", 1000 * 15 / 850, 15.0, 850.0,
                           False, 17.6)], columns=[*truth.columns, "undertrykt", "vises"])
    attack.see(group, [FANOE, LAESOE], "gruppe", 5)
    assert attack.recovered() == ["Læsø anbragte_pr_1000 2016-01-31 '' tæller=3"]


def test_national_series_is_hidden_where_a_municipality_is_when_every_municipality_is_held():
    """With all 98 municipalities in the dashboard a national count of the same definition
    minus the shown municipalities would be exact, so the national cell is hidden where a
    municipality's is; with fewer municipalities the remainder is unknown and it is shown."""
    kf_id = "hjemmebaserede_type_antal"
    rows = [(kf_id, k, D1, "eget_vaerelse", 10.0, float("nan"), float("nan"))
            for k in MUNICIPALITY_CODES]
    results = pd.DataFrame(rows, columns=["noegletal", "kommunekode", "dato", "dimension",
                                          "vaerdi", "taeller", "naevner"])
    results.loc[results["kommunekode"] == LAESOE, "vaerdi"] = 2.0  # "<5"
    national = pd.DataFrame({"kommunekode": [0], "noegletal": [kf_id], "dato": [D1],
                             "dimension": ["eget_vaerelse"],
                             "vaerdi": [10.0 * 97 + 2.0]})  # 972 - 97 x 10 = 2
    view = ViewFilter(kommune=HADERSLEV)

    def data_for(held: list[int]) -> DashboardData:
        return DashboardData(results=results[results["kommunekode"].isin(held)]
                             .reset_index(drop=True),
                             warnings=[], token="t", cutoffs=[D1], kommuner=held,
                             comparison=national, versions=pd.DataFrame(),
                             expected_years=pd.DataFrame(columns=["kommunekode", "aar"]),
                             is_sample=False)

    comp, _ = comparator_frame(data_for(list(MUNICIPALITY_CODES)), [kf_id], view)
    assert comp["vises"].tolist() == [".."]
    comp, _ = comparator_frame(data_for([k for k in MUNICIPALITY_CODES if k != 101]),
                               [kf_id], view)
    assert comp["vises"].tolist() == [972.0]


# ------------------------------------------------------------------ property

KF_IDS = ["anbragte_pr_1000", "anbringelsesform_andel", "flytninger_pr_1000",
          "hjemmebaserede_type_antal", "fravaer_pct"]
POOL = (825, 563, 510, 167, 657)
DATES = (pd.Timestamp("2016-01-31"), pd.Timestamp("2016-05-31"))
SCHOOL = pd.Timestamp("2015-08-01")
COUNT = st.integers(0, 12)


@st.composite
def municipality_rows(draw, kommune: int, dato: pd.Timestamp) -> list[tuple]:
    out = []
    pop = draw(st.integers(1, 3000))
    t = draw(COUNT)
    out.append(("anbragte_pr_1000", kommune, dato, "", 1000.0 * t / pop, float(t), float(pop)))
    forms = {d: draw(COUNT) for d in CATALOGUE["anbringelsesform_andel"].dimensions}
    n = sum(forms.values())
    drop_zero = draw(st.booleans())
    for d, c in forms.items():
        if n and not (drop_zero and c == 0):
            out.append(("anbringelsesform_andel", kommune, dato, d, 100.0 * c / n, float(c),
                        float(n)))
    up, down, pop2 = draw(COUNT), draw(COUNT), draw(st.integers(20, 3000))
    for d, c in (("op", up), ("ned", down), ("samlet", up + down)):
        out.append(("flytninger_pr_1000", kommune, dato, d, 1000.0 * c / pop2, float(c),
                    float(pop2)))
    for d in ("eget_vaerelse", "doegnophold_familie"):
        c = draw(COUNT)
        if c or not draw(st.booleans()):
            out.append(("hjemmebaserede_type_antal", kommune, dato, d, float(c), None, None))
    if dato == DATES[0]:
        for d, hi in (("udsatte", 15), ("oevrige", 400)):
            pupils = draw(st.integers(0, hi))
            if pupils:
                mean = draw(st.integers(0, 300)) / 10
                out.append(("fravaer_pct", kommune, SCHOOL, d, mean, None, float(pupils)))
    return out


@st.composite
def scenarios(draw):
    threshold = draw(st.integers(3, 6))
    codes = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=4, unique=True))
    dates = DATES[: draw(st.integers(1, 2))]
    rows = [r for k in codes for d in dates for r in draw(municipality_rows(k, d))]
    results = pd.DataFrame(rows, columns=["noegletal", "kommunekode", "dato", "dimension",
                                          "vaerdi", "taeller", "naevner"])
    results = results.astype({"vaerdi": "float64", "taeller": "float64", "naevner": "float64"})
    country = draw(st.booleans())  # do the municipalities make up the whole country?
    return threshold, results, country


def _dashboard(results: pd.DataFrame, country: bool) -> DashboardData:
    held = list(MUNICIPALITY_CODES) if country else sorted(set(results["kommunekode"]))
    # Worst case for the national series: the same definition, computed exactly from the
    # municipalities; with the whole country held nothing is left unknown.
    return DashboardData(
        results=results, warnings=[], token="t", cutoffs=list(DATES), kommuner=held,
        comparison=national_rows(results, KF_IDS), versions=pd.DataFrame(),
        expected_years=pd.DataFrame(columns=["kommunekode", "aar"]), is_sample=False)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_no_suppressed_count_is_recovered_by_differencing_views(scenario):
    threshold, results, country = scenario
    data = _dashboard(results, country)
    assert attack_views(data, KF_IDS, threshold, country_held=country) == []


@pytest.mark.parametrize("threshold", [5])
def test_the_property_sees_hidden_cells_in_the_laesoe_example(threshold):
    """The same attack on computed figures (Læsø and Fanø from real extracts)."""
    data = laesoe_fanoe()
    ids = ["anbragte_pr_1000", "anbringelsesform_andel", "hjemmebaserede_type_antal"]
    assert attack_views(data, ids, threshold) == []
