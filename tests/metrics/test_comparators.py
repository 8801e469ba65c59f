"""Comparator series: Hele landet, another municipality and weighted comparison groups."""

from __future__ import annotations

import numpy as np
import pandas as pd

import noegletal.metrics.catalogue  # noqa: F401  (loads the theme modules in catalogue order)
from noegletal.metrics.comparators import (
    GROUP_CODE,
    aggregation_rule,
    group,
    municipality,
    national,
)

D = pd.Timestamp("2016-01-31")
Y = pd.Timestamp("2016-12-31")
S = pd.Timestamp("2016-08-01")
COLUMNS = ["noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller", "naevner"]

RESULT = pd.DataFrame([
    ("anbragte_pr_1000", 510, D, "", 10.0, 10.0, 1000.0),
    ("anbragte_pr_1000", 657, D, "", 5.0, 15.0, 3000.0),
    ("anbragte_pr_1000", 167, D, "", 7.0, 14.0, 2000.0),  # not in the group
    ("anbringelsesform_andel", 510, D, "institution", 50.0, 5.0, 10.0),
    ("anbringelsesform_andel", 510, D, "familiepleje", 50.0, 5.0, 10.0),
    ("anbringelsesform_andel", 657, D, "institution", 20.0, 3.0, 15.0),
    ("anbringelsesform_andel", 657, D, "familiepleje", 80.0, 12.0, 15.0),
    ("fravaer_pct", 510, S, "udsatte", 9.0, np.nan, 100.0),
    ("fravaer_pct", 657, S, "udsatte", 12.0, np.nan, 50.0),
    ("faglig_trivsel", 510, S, "udsatte", 3.0, np.nan, 10.0),
    ("faglig_trivsel", 657, S, "udsatte", 4.0, np.nan, 30.0),
    ("faglig_trivsel", 510, S, "oevrige", 4.0, np.nan, 100.0),
    ("faglig_trivsel", 657, S, "oevrige", 4.0, np.nan, 100.0),
    ("faglig_trivsel_forskel", 510, S, "", -1.0, np.nan, np.nan),
    ("faglig_trivsel_forskel", 657, S, "", 0.0, np.nan, np.nan),
    ("hjemmebaserede_type_antal", 510, D, "eget_vaerelse", 3.0, np.nan, np.nan),
    ("hjemmebaserede_type_antal", 657, D, "eget_vaerelse", 4.0, np.nan, np.nan),
    ("udgifter_netto", 510, Y, "service", 100.0, np.nan, np.nan),
    ("udgifter_netto", 657, Y, "service", 50.0, np.nan, np.nan),
    ("udgift_pr_barn", 510, Y, "", 100000.0, 1e7, 100.0),
    ("udgift_pr_barn", 657, Y, "", 50000.0, 1e7, 200.0),
    ("sagstal_gennemsnit", 510, D, "", 26.0, 65.0, 2.5),
    ("sagstal_gennemsnit", 657, D, "", 30.0, 75.0, 2.5),
    ("sagstal_hoejeste", 510, D, "", 30.0, np.nan, np.nan),
    ("sagstal_hoejeste", 657, D, "", 40.0, np.nan, np.nan),
    ("sagstal_laveste", 510, D, "", 20.0, np.nan, np.nan),
    ("sagstal_laveste", 657, D, "", 11.0, np.nan, np.nan),
    ("dage_mellem_opfoelgninger_median", 510, D, "", 40.0, np.nan, 30.0),
    ("dage_mellem_opfoelgninger_median", 657, D, "", 60.0, np.nan, 10.0),
], columns=COLUMNS)


def _by_key(frame: pd.DataFrame) -> dict[tuple[str, str], tuple]:
    out = {}
    for r in frame.itertuples(index=False):
        t = None if pd.isna(r.taeller) else r.taeller
        n = None if pd.isna(r.naevner) else r.naevner
        out[(r.noegletal, r.dimension)] = (r.vaerdi, t, n, r.antal_kommuner)
    return out


def test_group_weights_by_unit():
    g = group(RESULT, [510, 657])
    assert set(g["kommunekode"]) == {GROUP_CODE}
    got = _by_key(g)
    assert got == {
        ("anbragte_pr_1000", ""): (6.25, 25.0, 4000.0, 2),  # 1000 x 25 / 4000
        ("anbringelsesform_andel", "institution"): (32.0, 8.0, 25.0, 2),  # 100 x 8 / 25
        ("anbringelsesform_andel", "familiepleje"): (68.0, 17.0, 25.0, 2),
        ("fravaer_pct", "udsatte"): (10.0, None, 150.0, 2),  # (9 x 100 + 12 x 50) / 150
        ("faglig_trivsel", "udsatte"): (3.75, None, 40.0, 2),
        ("faglig_trivsel", "oevrige"): (4.0, None, 200.0, 2),
        ("faglig_trivsel_forskel", ""): (-0.25, None, None, 2),  # recomputed, not summed
        ("hjemmebaserede_type_antal", "eget_vaerelse"): (7.0, None, None, 2),
        ("udgifter_netto", "service"): (150.0, None, None, 2),
        ("udgift_pr_barn", ""): (2e7 / 300, 2e7, 300.0, 2),
        ("sagstal_gennemsnit", ""): (28.0, 140.0, 5.0, 2),
        ("sagstal_hoejeste", ""): (40.0, None, None, 2),
        ("sagstal_laveste", ""): (11.0, None, None, 2),
        ("dage_mellem_opfoelgninger_median", ""): (45.0, None, 40.0, 2),
    }


def test_group_counts_only_members_present():
    g = group(RESULT, [510, 999])
    row = g[g["noegletal"] == "anbragte_pr_1000"].iloc[0]
    assert (row["vaerdi"], row["antal_kommuner"]) == (10.0, 1)
    assert group(RESULT, [999]).empty


def test_national_series_from_sammenligning():
    sammenligning = pd.DataFrame({
        "kommunekode": [0, 0, 510],
        "noegletal": ["anbragte_pr_1000", "anbringelsesform_andel", "anbragte_pr_1000"],
        "dato": pd.to_datetime(["2016-01-31"] * 3),
        "dimension": [None, "institution", None],
        "vaerdi": [8.9, 30.0, 1.0],
    })
    nat = national(sammenligning, "anbragte_pr_1000")
    assert nat[["kommunekode", "dimension", "vaerdi"]].values.tolist() == [[0, "", 8.9]]
    assert nat["taeller"].isna().all()
    assert len(national(sammenligning)) == 2
    assert national(None).empty


def test_the_three_comparators_of_one_figure():
    sammenligning = pd.DataFrame({"kommunekode": [0], "noegletal": ["anbragte_pr_1000"],
                                  "dato": [D], "dimension": [""], "vaerdi": [8.9]})
    assert national(sammenligning, "anbragte_pr_1000")["vaerdi"].tolist() == [8.9]
    assert municipality(RESULT, 657, "anbragte_pr_1000")["vaerdi"].tolist() == [5.0]
    rate = RESULT[RESULT["noegletal"] == "anbragte_pr_1000"]
    assert group(rate, [510, 657, 167])["vaerdi"].tolist() == [1000.0 * 39 / 6000]
    assert municipality(RESULT, 167, "anbragte_pr_1000")["vaerdi"].tolist() == [7.0]


def test_rules_are_documented_in_danish():
    assert "1.000" in aggregation_rule("pr_1000")
    assert "vægtet" in aggregation_rule("indeks")
