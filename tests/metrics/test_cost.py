"""I. Cost assessment of an intervention: hand-computed fixtures and the seed's own numbers
(seed 003: Tabel 10-7, Tabel 5-3, 5-4, 5-5 and Figur 5-10)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from noegletal.domain.interventions import default_loenninger
from noegletal.metrics import cost
from noegletal.metrics.context import ComputeContext
from noegletal.metrics.params import MetricParams

SR = 37592.0  # Socialrådgiver, seed 003 Tabel 10-7
SR_RATE = SR * 12 * 1.2 / 1418  # = 381,75... kr. an hour


def forbrug(rows, kommunekode: int = 510) -> pd.DataFrame:
    """Rows ``(indsats, start, slut, aktivitet, personalegruppe, timer, udgift_kr)``."""
    cols = ["indsats_navn", "periode_start", "periode_slut", "aktivitet", "personalegruppe",
            "timer", "udgift_kr"]
    f = pd.DataFrame(rows, columns=cols)
    f.insert(0, "kommunekode", np.int64(kommunekode))
    for c in ("periode_start", "periode_slut"):
        f[c] = pd.to_datetime(f[c]).astype("datetime64[ns]")
    for c in ("timer", "udgift_kr"):
        f[c] = f[c].astype(np.float64)
    f["personalegruppe"] = f["personalegruppe"].astype(object)
    return f


def indsatser(rows, kommunekode: int = 510) -> pd.DataFrame:
    """Rows ``(indsats, deltagere, maaneder, enhed, alternativ_trin, alternativ_kr)``."""
    cols = ["indsats_navn", "deltagere_pr_aar", "maaneder_pr_deltager", "enhed",
            "alternativ_trin", "alternativ_kr_pr_aar"]
    f = pd.DataFrame(rows, columns=cols)
    f.insert(0, "kommunekode", np.int64(kommunekode))
    f["alternativ_kr_pr_aar"] = f["alternativ_kr_pr_aar"].astype(np.float64)
    return f


def run(frames, params=None) -> tuple[dict, ComputeContext]:
    ctx = ComputeContext(frames=frames, datoer=[pd.Timestamp("2019-12-31")],
                         params=params or MetricParams())
    out = cost.compute(ctx)
    return ({(r.noegletal, r.dimension): (r.vaerdi, r.taeller, r.naevner, str(r.dato.date()))
             for r in out.itertuples()}, ctx)


def test_hourly_rates_of_tabel_10_7():
    w = default_loenninger().set_index("personalegruppe")["maanedsloen_kr"]
    groups = ["Psykolog", "Sundhedsplejerske", "Pædagog", "Socialrådgiver", "Ergoterapeut",
              "Leder, socialrådgiver"]
    # e.g. 46.411 * 12 * 1,2 / 1.418 = 471,3 -> 471; 53.466 * 14,4 / 1.418 = 542,96 -> 543
    rates = np.round(cost.hourly_rate(w[groups].to_numpy()))
    assert rates.tolist() == [471, 416, 361, 382, 386, 543]


def test_tabel_5_3_cost_per_family_and_month():
    # 2,8 mio. kr. a year / 7,6 families = 368.421 -> 368.000; / 9,7 months = 37.982 -> 38.000
    per = 2.8e6 / 7.6
    assert round(per, -3) == 368_000
    assert round(per / 9.7, -3) == 38_000


def seed_frames() -> dict:
    """One 365-day period whose costs are those of seed 003's Spædbarnsindsats: total =
    368.000 * 7,6 = 2.796.800 kr. (shown as 2,8 mio.), split 71 / 27 / 2 pct. (Figur 5-10),
    so staff = 98 pct."""
    total = 368_000 * 7.6
    with_citizens, without, other = 0.71 * total, 0.27 * total, 0.02 * total
    rows = [("Spæd", "2019-01-01", "2019-12-31", "med_borgere", "Socialrådgiver",
             with_citizens / SR_RATE, None),
            ("Spæd", "2019-01-01", "2019-12-31", "uden_borgere", "Socialrådgiver",
             without / SR_RATE, None),
            ("Spæd", "2019-01-01", "2019-12-31", "oevrige_udgifter", None, None, other)]
    return {"ressourceforbrug": forbrug(rows),
            "indsatser": indsatser([("Spæd", 7.6, 9.7, "familie", None, 504_000.0)])}


def test_seed_tables_5_3_to_5_5_and_figure_5_10():
    res, _ = run(seed_frames())
    annual = res[("omk_aarlige_drift", "Spæd")][0]
    assert annual == pytest.approx(2_796_800)  # 365 days / (365/12) = 12 months
    assert round(annual / 1e5) / 10 == 2.8
    per = res[("omk_pr_deltager", "Spæd")]
    assert per[0] == pytest.approx(368_000) and per[2] == 7.6
    assert round(res[("omk_pr_deltager_maaned", "Spæd")][0], -3) == 38_000  # 368.000 / 9,7
    # Tabel 5-4: 368.000 * (0,98 * 1,1 + 0,02) = 404.064; * (0,98 * 1,2 + 0,02) = 440.128
    assert res[("omk_foelsomhed_loen", "Spæd|+10")][0] == pytest.approx(404_064)
    assert res[("omk_foelsomhed_loen", "Spæd|+20")][0] == pytest.approx(440_128)
    assert round(res[("omk_foelsomhed_loen", "Spæd|+10")][0], -3) == 404_000
    assert round(res[("omk_foelsomhed_loen", "Spæd|+20")][0], -3) == 440_000
    # Tabel 5-5: staff 2.740.864 scales, other 55.936 fixed:
    # 10 families: 2.740.864 / 7,6 + 55.936 / 10 = 360.640 + 5.593,6 = 366.233,6 -> 366.000
    # 12 families: 360.640 + 4.661,3 = 365.301,3 -> 365.000
    ten = cost.participant_sensitivity(0.98 * 2_796_800, 0.02 * 2_796_800, 7.6, 10)
    twelve = cost.participant_sensitivity(0.98 * 2_796_800, 0.02 * 2_796_800, 7.6, 12)
    assert ten == pytest.approx(366_233.6) and round(float(ten), -3) == 366_000
    assert twelve == pytest.approx(365_301.33, abs=0.01) and round(float(twelve), -3) == 365_000
    # the catalogue's own steps: +25 % = 9,5 and +50 % = 11,4 families
    assert res[("omk_foelsomhed_deltagere", "Spæd|9.5")][0] == pytest.approx(
        2_740_864 / 7.6 + 55_936 / 9.5)
    # the new N is in the dimension; naevner = today's 7,6 families the value rests on (so
    # it is hidden with omk_pr_deltager, and cannot give today's number away)
    assert res[("omk_foelsomhed_deltagere", "Spæd|11.4")][0] == pytest.approx(
        2_740_864 / 7.6 + 55_936 / 11.4)
    assert res[("omk_foelsomhed_deltagere", "Spæd|11.4")][2] == 7.6
    # Figur 5-10
    for act, share in (("med_borgere", 71), ("uden_borgere", 27), ("oevrige_udgifter", 2)):
        assert res[("omk_fordeling_andel", f"Spæd|{act}")][0] == pytest.approx(share)
    # section 5.6: familiepleje 504.000 - 368.000 = 136.000
    assert res[("omk_alternativ_forskel", "Spæd")][:2] == pytest.approx((136_000, 504_000))
    assert res[("omk_timepris", "Spæd|Socialrådgiver")][0] == pytest.approx(SR_RATE)
    assert {v[3] for v in res.values()} == {"2019-12-31"}


def test_scenario_combines_both_sensitivities():
    s = cost.scenario(2_740_864, 55_936, 7.6, 9.7, raise_pct=10, new_participants=10)
    # staff 2.740.864 * 1,1 * 10 / 7,6 = 3.967.040; + 55.936 = 4.022.976; / 10 = 402.297,6
    assert s.aarlige_drift == pytest.approx(4_022_976)
    assert s.pr_deltager == pytest.approx(402_297.6)
    assert s.pr_deltager_maaned == pytest.approx(402_297.6 / 9.7)
    base = cost.scenario(2_740_864, 55_936, 7.6, 9.7)
    assert base.pr_deltager == pytest.approx(368_000)


def test_periods_with_gaps_and_several_groups():
    # Two periods of 90 and 91 days with a gap, two staff groups on the same periods:
    # covered days 90 + 91 = 181 -> 181 / (365/12) = 5,951 months.
    rows = [("P", "2019-01-01", "2019-03-31", "med_borgere", "Psykolog", 10, None),
            ("P", "2019-01-01", "2019-03-31", "med_borgere", "Pædagog", 20, None),
            ("P", "2019-07-01", "2019-09-29", "uden_borgere", "psykolog", 5, None),
            ("P", "2019-07-01", "2019-09-29", "oevrige_udgifter", None, None, 1000)]
    res, _ = run({"ressourceforbrug": forbrug(rows)})
    psy = 46411 * 14.4 / 1418
    ped = 35509 * 14.4 / 1418
    period_cost = 15 * psy + 20 * ped + 1000
    assert res[("omk_aarlige_drift", "P")][0] == pytest.approx(period_cost * 365 / 181)
    assert res[("omk_timepris", "P|Psykolog")][0] == pytest.approx(psy)
    # without indsatser: no per-participant figures, with a warning
    assert ("omk_pr_deltager", "P") not in res
    assert res[("omk_aarlige_drift", "P")][3] == "2019-09-29"


def test_overhead_and_hours_are_parameters_and_missing_wage_is_a_warning():
    rows = [("P", "2019-01-01", "2019-12-31", "med_borgere", "Psykolog", 100, None),
            ("P", "2019-01-01", "2019-12-31", "med_borgere", "Kok", 100, None)]
    res, ctx = run({"ressourceforbrug": forbrug(rows)},
                   MetricParams(overhead_pct=0.0, effective_hours=1200.0))
    # 46.411 * 12 / 1.200 = 464,11 kr. an hour; 100 hours; the cook has no wage
    assert res[("omk_timepris", "P|Psykolog")][0] == pytest.approx(464.11)
    assert res[("omk_aarlige_drift", "P")][0] == pytest.approx(46_411)
    assert any("Kok" in w for w in ctx.warnings)


def test_alternative_from_the_municipalitys_own_step_cost():
    from tests.metrics.builders import context, measures, population

    base = context(
        measures([("A", "2005-03-01", "familiepleje", "2015-01-01", None),
                  ("B", "2006-03-01", "familiepleje", "2015-01-01", None)]),
        population({510: 1000}), datoer=["2016-01-31"])
    udgifter = pd.DataFrame({
        "kommunekode": np.array([510], dtype=np.int64), "aar": np.array([2016], np.int64),
        "funktion": ["5.28.20"], "gruppering": pd.Series([None], dtype=object),
        "brutto_1000_kr": [800.0], "netto_1000_kr": [800.0], "regnskabstype": ["regnskab"]})
    rows = [("P", "2016-01-01", "2016-12-31", "oevrige_udgifter", None, None, 366_000)]
    frames = {**base.frames, "udgifter": udgifter, "ressourceforbrug": forbrug(rows),
              "indsatser": indsatser([("P", 2.0, 6.0, "barn", "familiepleje", None)])}
    ctx = ComputeContext(frames=frames, datoer=base.datoer)
    out = cost.compute(ctx)
    row = out[out["noegletal"] == "omk_alternativ_forskel"].iloc[0]
    # own cost: 800.000 kr. / 2 children in familiepleje = 400.000 kr.; the intervention:
    # 366.000 kr. a year (366 days in 2016 -> * 365/366) / 2 participants
    per = 366_000 * 365 / 366 / 2
    assert row["taeller"] == pytest.approx(400_000)
    assert row["vaerdi"] == pytest.approx(400_000 - per)
    # naevner: the fewer of 2 participants and 2 children on the step
    assert row["naevner"] == 2


def test_the_difference_is_hidden_when_the_step_rests_on_few_children():
    """The own cost per child on the step is the difference's taeller: with 2 children in
    familiepleje it is hidden on Udgifter, so it must be hidden here too, even with 8
    participants."""
    from noegletal.metrics.suppression import suppress
    from tests.metrics.builders import context, measures, population

    base = context(
        measures([("A", "2005-03-01", "familiepleje", "2015-01-01", None),
                  ("B", "2006-03-01", "familiepleje", "2015-01-01", None)]),
        population({510: 1000}), datoer=["2016-01-31"])
    udgifter = pd.DataFrame({
        "kommunekode": np.array([510], dtype=np.int64), "aar": np.array([2016], np.int64),
        "funktion": ["5.28.20"], "gruppering": pd.Series([None], dtype=object),
        "brutto_1000_kr": [800.0], "netto_1000_kr": [800.0], "regnskabstype": ["regnskab"]})
    rows = [("P", "2016-01-01", "2016-12-31", "oevrige_udgifter", None, None, 366_000)]
    frames = {**base.frames, "udgifter": udgifter, "ressourceforbrug": forbrug(rows),
              "indsatser": indsatser([("P", 8.0, 6.0, "barn", "familiepleje", None)])}
    out = cost.compute(ComputeContext(frames=frames, datoer=base.datoer))
    shown = suppress(out, 5).set_index("noegletal")
    assert shown.loc["omk_alternativ_forskel", "naevner"] == 2
    assert bool(shown.loc["omk_alternativ_forskel", "undertrykt"])
    assert not bool(shown.loc["omk_pr_deltager", "undertrykt"])  # 8 participants


def test_per_participant_figures_are_suppressed_with_few_participants_amounts_never():
    from noegletal.metrics.suppression import suppress

    frames = seed_frames()
    frames["indsatser"] = frames["indsatser"].assign(deltagere_pr_aar=4.0)
    out = suppress(cost.compute(ComputeContext(frames=frames,
                                               datoer=[pd.Timestamp("2019-12-31")])), 5)
    hidden = dict(zip(out["noegletal"] + "|" + out["dimension"], out["undertrykt"],
                      strict=True))
    for kf_id in ("omk_pr_deltager", "omk_pr_deltager_maaned", "omk_alternativ_forskel"):
        assert hidden[f"{kf_id}|Spæd"], kf_id
    # +25 % and +50 % of 4 are 5 and 6 participants: hidden all the same (naevner = 4)
    for dim in ("+10", "+20"):
        assert hidden[f"omk_foelsomhed_loen|Spæd|{dim}"]
    for dim in ("5", "6"):
        assert hidden[f"omk_foelsomhed_deltagere|Spæd|{dim}"]
    assert not hidden["omk_aarlige_drift|Spæd"]
    assert not hidden["omk_timepris|Spæd|Socialrådgiver"]
    assert not any(v for k, v in hidden.items() if k.startswith("omk_fordeling_andel"))


def test_missing_ressourceforbrug_is_a_warning():
    ctx = ComputeContext(frames={}, datoer=[pd.Timestamp("2019-12-31")])
    assert cost.compute(ctx).empty and "Ressourceforbrug mangler" in ctx.warnings[0]


def test_scenario_and_alternative_from_the_computed_rows():
    ctx = ComputeContext(frames=seed_frames(), datoer=[pd.Timestamp("2019-12-31")])
    out = cost.compute(ctx)
    # months = 368.000 / (368.000 / 9,7) = 9,7; participants = naevner 7,6
    s = cost.scenario_from_rows(out, "Spæd", raise_pct=20)
    assert s.pr_deltager == pytest.approx(440_128) and s.deltagere == 7.6
    assert s.pr_deltager_maaned == pytest.approx(440_128 / 9.7)
    alt = cost.alternative_from_rows(out, "Spæd")
    assert (alt.kr_pr_aar, alt.forskel) == pytest.approx((504_000, 136_000))
    fixed = cost.alternative_from_rows(out, "Spæd", amount=300_000)
    assert fixed.forskel == pytest.approx(300_000 - 368_000)
    # a suppressed per-participant row gives no scenario (the page shows "<5")
    hidden = out.assign(undertrykt=out["noegletal"].eq("omk_pr_deltager"))
    assert cost.scenario_from_rows(hidden, "Spæd") is None
    assert cost.alternative_from_rows(hidden, "Spæd") is None
    assert cost.scenario_from_rows(out, "Findes ikke") is None
