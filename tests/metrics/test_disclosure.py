"""The member rule for comparison groups and the national series (hand-computed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import noegletal.metrics.catalogue  # noqa: F401  (loads the theme modules in catalogue order)
from noegletal.domain.kommuner import MUNICIPALITY_CODES
from noegletal.metrics.disclosure import (
    covers_country,
    suppress_group,
    suppress_municipalities,
    suppress_national,
)

T = pd.Timestamp("2016-01-31")
COLUMNS = ["noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller", "naevner"]
LAESOE, FANOE, HERNING = 825, 563, 657


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def shown(out: pd.DataFrame) -> dict[tuple[str, str], object]:
    return {(r.noegletal, r.dimension): r.vises for r in out.itertuples(index=False)}


ROWS = frame([
    ("anbragte_pr_1000", LAESOE, T, "", 12.0, 3.0, 250.0),  # 3 of 250: "<5"
    ("anbragte_pr_1000", FANOE, T, "", 20.0, 12.0, 600.0),
    ("anbragte_pr_1000", HERNING, T, "", 5.0, 100.0, 20_000.0),
    # Fanø: op 10, ned 2 ("<5"), samlet 12 -> op is the cover (".."), samlet shown
    ("flytninger_pr_1000", FANOE, T, "op", 1000 * 10 / 600, 10.0, 600.0),
    ("flytninger_pr_1000", FANOE, T, "ned", 1000 * 2 / 600, 2.0, 600.0),
    ("flytninger_pr_1000", FANOE, T, "samlet", 1000 * 12 / 600, 12.0, 600.0),
    ("flytninger_pr_1000", HERNING, T, "op", 0.3, 6.0, 20_000.0),
    ("flytninger_pr_1000", HERNING, T, "ned", 0.35, 7.0, 20_000.0),
    ("flytninger_pr_1000", HERNING, T, "samlet", 0.65, 13.0, 20_000.0),
])


def test_a_hidden_member_hides_the_group_cell_and_its_counts():
    out = suppress_group(ROWS, 5, members=[LAESOE, FANOE])
    row = out[out["noegletal"] == "anbragte_pr_1000"].iloc[0]
    # 15 of 850 would give Læsø's 3 away (15 - 12): hidden, marked as secondary.
    assert (row["taeller"], row["naevner"]) == (15.0, 850.0)
    assert bool(row["undertrykt"]) and row["vises"] == ".."


def test_a_group_of_shown_members_is_shown():
    out = suppress_group(ROWS, 5, members=[FANOE, HERNING])
    # 1000 x (12 + 100) / (600 + 20000) = 5.4369
    assert shown(out)[("anbragte_pr_1000", "")] == 1000 * 112 / 20_600


def test_group_dimension_cells_follow_the_members_and_the_total_stays_when_covered():
    own = suppress_municipalities(ROWS, 5)
    assert shown(own[own["kommunekode"] == FANOE])[("flytninger_pr_1000", "ned")] == "<5"
    out = suppress_group(ROWS, 5, members=[FANOE, HERNING])
    got = shown(out)
    # op (10 + 6 = 16) and ned (2 + 7 = 9) hidden because Fanø's are; 16 covers 9, so
    # samlet 12 + 13 = 25 of 20600 can stay: op + ned = 25 has many solutions.
    assert got[("flytninger_pr_1000", "op")] == ".."
    assert got[("flytninger_pr_1000", "ned")] == ".."
    assert got[("flytninger_pr_1000", "samlet")] == 1000 * 25 / 20_600


def test_a_member_without_a_row_does_not_hide_the_group():
    # Læsø has no flytninger rows: the group {Læsø, Herning} is Herning's, all shown.
    out = suppress_group(ROWS, 5, members=[LAESOE, HERNING])
    got = shown(out)
    assert got[("flytninger_pr_1000", "samlet")] == 1000 * 13 / 20_000
    assert got[("anbragte_pr_1000", "")] == ".."  # Læsø's 3 of 250


def test_the_groups_own_small_total_is_primary():
    rows = frame([("anbragte_pr_1000", k, T, "", 0.0 if k == FANOE else 12.0,
                   0.0 if k == FANOE else 3.0, 250.0) for k in (LAESOE, FANOE)])
    out = suppress_group(rows, 5)
    assert out["vises"].tolist() == ["<5"]  # 3 of 500


def test_the_national_series_follows_the_rule_only_when_every_municipality_is_held():
    national = frame([("hjemmebaserede_type_antal", 0, T, "eget_vaerelse", 972.0, np.nan,
                       np.nan)])
    own = suppress_municipalities(frame(
        [("hjemmebaserede_type_antal", k, T, "eget_vaerelse", 2.0 if k == LAESOE else 10.0,
          np.nan, np.nan) for k in MUNICIPALITY_CODES]), 5)
    assert covers_country(MUNICIPALITY_CODES) and not covers_country([LAESOE, FANOE])
    everything = suppress_national(national, own, MUNICIPALITY_CODES, 5)
    assert everything["vises"].tolist() == [".."]
    some = suppress_national(national, own, [k for k in MUNICIPALITY_CODES if k != 101], 5)
    assert some["vises"].tolist() == [972.0]
