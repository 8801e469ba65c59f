"""I. Cost assessment of an intervention (from ``ressourceforbrug``, ``loenninger``,
``indsatser``; Socialstyrelsen's method as in seed 003, section 10.3).

Parameters (:class:`~noegletal.metrics.params.MetricParams`, defaults from seed 003 Tabel
10-6): ``overhead_pct`` = 20, ``effective_hours`` = 1.418. All figures are per intervention
(``kommunekode``, ``indsats_navn``); ``dato`` = the latest ``periode_slut`` of the
intervention; ``dimension`` starts with ``indsats_navn``. Amounts in kr. at the price level of
the wages (``loenninger``; converted with ``prisindeks`` when a price base year is chosen).

* ``omk_timepris``: per staff group ``maanedsloen_kr * 12 * (1 + overhead) / effective
  hours``, the group's latest wage year; dimension ``indsats|personalegruppe``.
* ``omk_aarlige_drift``: (sum of ``timer * omk_timepris`` + ``udgift_kr``) / (the days
  covered by the submitted periods / (365 / 12)) * 12.
* ``omk_pr_deltager``: ``omk_aarlige_drift / deltagere_pr_aar`` (``naevner`` = participants).
* ``omk_pr_deltager_maaned``: ``omk_pr_deltager / maaneder_pr_deltager``.
* ``omk_fordeling_andel``: shares of the total by ``aktivitet``; dimension
  ``indsats|aktivitet``.
* ``omk_foelsomhed_loen``: ``omk_pr_deltager`` with staff costs raised 10 and 20 %;
  dimension ``indsats|+10``, ``indsats|+20``.
* ``omk_foelsomhed_deltagere``: cost per participant when the participants a year become N
  (staff costs scale with N / ``deltagere_pr_aar``, other costs fixed); N = +25 % and +50 %
  rounded to one decimal; dimension ``indsats|N`` (``N`` with a decimal point); ``naevner``
  = today's participants (with the annual cost and the split, the value would give them
  away, so it is hidden with ``omk_pr_deltager``).
* ``omk_alternativ_forskel``: ``alternativ_kr_pr_aar``, or the municipality's own
  ``udgift_pr_barn_trin`` for ``alternativ_trin`` in the latest year, minus
  ``omk_pr_deltager`` (positive: the intervention is cheaper); ``taeller`` = the alternative,
  ``naevner`` = the participants, or the children on the step when fewer (hidden when either
  is small).

Every figure per participant (unit ``kr_pr_deltager``) is suppressed when its ``naevner`` is
below the threshold, like kr. per child; the hourly rates, the annual cost (unit
``kr_indsats``) and the split of the kroner are amounts and never suppressed.

The functions :func:`hourly_rate`, :func:`annual_cost`, :func:`wage_sensitivity` and
:func:`participant_sensitivity` are the arithmetic, also used for the page's own choices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from noegletal.domain.interventions import default_loenninger, name_keys
from noegletal.domain.schema import STAFF_ACTIVITIES
from noegletal.metrics.catalogue import KeyFigure
from noegletal.metrics.context import ComputeContext, empty_result, tidy
from noegletal.metrics.engine import concat_results
from noegletal.metrics.params import MetricParams

DAYS_PER_MONTH = 365.0 / 12.0
WAGE_STEPS: tuple[int, ...] = (10, 20)
PARTICIPANT_STEPS: tuple[float, ...] = (1.25, 1.5)
ACTIVITY_LABELS: dict[str, str] = {
    "med_borgere": "Aktiviteter med borgerne",
    "uden_borgere": "Aktiviteter uden borgerne (møder, forberedelse m.v.)",
    "oevrige_udgifter": "Øvrige udgifter (fx transport, materialer)",
}

_SOURCE = ("Socialstyrelsens metode for omkostningsvurdering, som anvendt af Rambøll for "
           "Socialstyrelsen 2020 (seed 003), afsnit 10.3 og kapitel 5-9")
_ESTABLISH = ("Etableringsomkostninger (fx uddannelse af medarbejderne før start og licenser "
              "til måleredskaber) er ikke driftsomkostninger og er ikke med.")
_AVERAGE_WAGES = ("Timerne er regnet om med gennemsnitlige lønninger; medarbejdere med lang "
                  "anciennitet koster mere, se følsomhedsberegningen for lønniveauet.")
_PARAMS = ("Overhead på lønnen 20 pct. og en effektiv årsnorm på 1.418 timer (seed 003, Tabel "
           "10-6) er standardværdier, som kan ændres.")
_PERIODS = ("Årlige omkostninger er de indberettede perioders omkostninger omregnet til et "
            "helt år ud fra de dage, perioderne dækker (en måned = 1/12 af 365 dage); dage "
            "uden indberetning tæller ikke med.")
_WAGE_CHOICE = ("Hver personalegruppe får lønnen fra sit seneste år i lønningstabellen, og "
                "beløbene er i det års prisniveau; er et prisbasisår valgt, omregnes de med "
                "pris- og lønindekset.")
_INPUTS = ("ressourceforbrug", "loenninger", "indsatser")


_PER_PARTICIPANT = ("Beløbet pr. deltager bygger på antallet af deltagere om året og vises "
                    "ikke, når det er under diskretioneringsgrænsen (som udgift pr. barn).")


def _kf(id: str, name: str, how: str, unit: str, num: str, den: str, *,
        inputs: tuple[str, ...] = _INPUTS, direction: str = "neutral",
        extra: tuple[str, ...] = (), choices: tuple[str, ...] = (),
        uses: tuple[str, ...] = (), is_amount: bool | None = None) -> KeyFigure:
    # Whether a figure counts individuals follows its unit (kr_indsats: an amount, never
    # suppressed; kr_pr_deltager: rests on the participants in its naevner, suppressed like
    # kr. per child) unless the figure says otherwise (the shares of kroner).
    return KeyFigure(
        id=id, theme="indsatser", name=name, how_to_read=how, unit=unit, numerator=num,
        denominator=den, inputs=inputs, direction=direction,
        caveats=(_ESTABLISH, _AVERAGE_WAGES, *extra), source=_SOURCE, frequency="indsats",
        choices=(_PARAMS, _WAGE_CHOICE, *choices),
        is_amount=is_amount,
        parameters=("overhead_pct", "effective_hours"), uses=uses,
    )


DEFINITIONS: list[KeyFigure] = [
    _kf("omk_timepris", "Timepris inkl. overhead",
        "Hvad en times arbejde koster for personalegruppen: den gennemsnitlige månedlige "
        "lønomkostning gange 12, plus 20 pct. overhead, delt med 1.418 effektive timer om året.",
        "kr_indsats", "Årlig lønomkostning inkl. overhead", "Effektive timer om året",
        inputs=("ressourceforbrug", "loenninger")),
    _kf("omk_aarlige_drift", "Årlige driftsomkostninger",
        "Hvad indsatsen koster at drive om året: de indberettede timer gange timeprisen plus "
        "de øvrige udgifter, omregnet fra de indberettede perioder til et helt år.",
        "kr_indsats", "Omkostninger i de indberettede perioder", "Periodernes længde i år",
        inputs=("ressourceforbrug", "loenninger"), extra=(_PERIODS,)),
    _kf("omk_pr_deltager", "Omkostning pr. deltager pr. år",
        "De årlige driftsomkostninger delt med det gennemsnitlige antal deltagere om året "
        "(familier, børn eller unge efter indsatsens enhed).",
        "kr_pr_deltager", "Årlige driftsomkostninger", "Gennemsnitligt antal deltagere om året",
        extra=(_PERIODS, _PER_PARTICIPANT)),
    _kf("omk_pr_deltager_maaned", "Omkostning pr. deltager pr. måned",
        "Omkostningen pr. deltager delt med det gennemsnitlige antal måneder, en deltager er i "
        "indsatsen: hvad en måned i forløbet koster.",
        "kr_pr_deltager", "Omkostning pr. deltager",
        "Gennemsnitligt antal måneder pr. deltager (nævneren i data er antal deltagere om året, "
        "som beløbet bygger på)", extra=(_PER_PARTICIPANT,)),
    _kf("omk_fordeling_andel", "Fordeling af omkostningerne på aktiviteter",
        "Hvor stor en del af omkostningerne der går til tid sammen med borgerne, til tid uden "
        "borgerne (møder, forberedelse, koordinering) og til øvrige udgifter.",
        "pct", "Omkostninger til aktiviteten", "Alle omkostninger",
        inputs=("ressourceforbrug", "loenninger"), is_amount=True),  # shares of kroner
    _kf("omk_foelsomhed_loen", "Omkostning pr. deltager ved højere lønninger",
        "Omkostningen pr. deltager, hvis lønomkostningerne er 10 eller 20 pct. højere end "
        "gennemsnittet, fx fordi medarbejderne har lang anciennitet.",
        "kr_pr_deltager", "Årlige driftsomkostninger med højere lønninger",
        "Gennemsnitligt antal deltagere om året", extra=(_PER_PARTICIPANT,),
        choices=("Kun personaleomkostningerne hæves; øvrige udgifter er uændrede.",)),
    _kf("omk_foelsomhed_deltagere", "Omkostning pr. deltager ved flere deltagere",
        "Omkostningen pr. deltager, hvis flere deltagere kommer igennem om året: "
        "personaleomkostningerne vokser med antallet, mens de øvrige udgifter er faste.",
        "kr_pr_deltager", "Årlige driftsomkostninger ved det nye antal",
        "Det nye antal deltagere (nævneren i data er dagens antal deltagere om året, som "
        "beregningen bygger på)", extra=(_PER_PARTICIPANT,),
        choices=("Antallene er i dag +25 pct. og +50 pct., afrundet til én decimal; på siden "
                 "kan man vælge sit eget antal.",
                 "Beløbet skjules, når dagens antal deltagere er under "
                 "diskretioneringsgrænsen: sammen med de årlige omkostninger og fordelingen "
                 "ville det give antallet.")),
    _kf("omk_alternativ_forskel", "Forskel til alternativet pr. deltager pr. år",
        "Hvad alternativet (fx en anbringelse i familiepleje) koster pr. barn om året, minus "
        "hvad indsatsen koster pr. deltager. Et positivt tal betyder, at indsatsen er billigere "
        "pr. deltager og år.",
        "kr_pr_deltager", "Alternativets omkostning pr. år minus indsatsens pr. deltager",
        "Antal deltagere om året, eller antal børn på trinet, hvis det er mindre",
        inputs=(*_INPUTS, "udgifter", "foranstaltninger"), extra=(
            "Sammenligningen siger ikke, at deltagerne ellers ville have fået alternativet, og "
            "en deltager kan være en hel familie, mens alternativet er pr. barn.",
            _PER_PARTICIPANT),
        choices=("Et fast beløb i indsatser går forud for kommunens egen udgift pr. barn på "
                 "trinet; egen udgift er fra det seneste år med tal.",
                 "Nævneren er det mindste af antal deltagere og antal børn på trinet, så "
                 "forskellen skjules, når en af delene bygger på for få."),
        uses=("udgift_pr_barn_trin",)),
]

# The parts the page and the report show (``noegletal.presentation.themes.indsatser``): the
# cost card with its split and hourly rates, the sensitivity analyses and the alternative.
CARD_FIGURES: tuple[str, ...] = ("omk_aarlige_drift", "omk_pr_deltager",
                                 "omk_pr_deltager_maaned")
SPLIT_FIGURE = "omk_fordeling_andel"
RATE_FIGURE = "omk_timepris"
COST_FIGURES: tuple[str, ...] = (*CARD_FIGURES, SPLIT_FIGURE, RATE_FIGURE)
SENSITIVITY_FIGURES: tuple[str, ...] = ("omk_foelsomhed_loen", "omk_foelsomhed_deltagere")
ALTERNATIVE_FIGURE = "omk_alternativ_forskel"


# ------------------------------------------------------------------------ arithmetic


def hourly_rate(monthly_wage, params: MetricParams | None = None):
    """``monthly_wage * 12 * (1 + overhead) / effective hours`` (scalars or arrays)."""
    p = params or MetricParams()
    return np.asarray(monthly_wage, dtype=np.float64) * 12.0 * (1.0 + p.overhead_pct / 100.0) \
        / p.effective_hours


def annual_cost(period_cost, days_covered):
    """The cost of the submitted periods as a cost per year: ``cost / (days / (365 / 12)) *
    12``."""
    return np.asarray(period_cost, dtype=np.float64) / (
        np.asarray(days_covered, dtype=np.float64) / DAYS_PER_MONTH) * 12.0


def wage_sensitivity(staff_annual, other_annual, participants, raise_pct):
    """Cost per participant a year with staff costs raised by ``raise_pct`` percent."""
    staff = np.asarray(staff_annual, dtype=np.float64)
    return (staff * (1.0 + np.asarray(raise_pct, dtype=np.float64) / 100.0)
            + np.asarray(other_annual, dtype=np.float64)) / np.asarray(participants, np.float64)


def participant_sensitivity(staff_annual, other_annual, participants, new_participants):
    """Cost per participant a year when the participants a year become ``new_participants``:
    staff costs scale linearly, other costs stay fixed."""
    staff = np.asarray(staff_annual, dtype=np.float64)
    n0 = np.asarray(participants, dtype=np.float64)
    n = np.asarray(new_participants, dtype=np.float64)
    return (staff * n / n0 + np.asarray(other_annual, dtype=np.float64)) / n


@dataclass(frozen=True)
class Scenario:
    """The cost card of one intervention under a chosen wage level and number of
    participants (:func:`scenario`)."""

    aarlige_drift: float
    pr_deltager: float
    pr_deltager_maaned: float
    deltagere: float
    loen_pct: float


def scenario(staff_annual: float, other_annual: float, participants: float, months: float,
             *, raise_pct: float = 0.0, new_participants: float | None = None) -> Scenario:
    """Annual cost, cost per participant and per participant-month with staff costs raised by
    ``raise_pct`` percent and ``new_participants`` a year (both sensitivities at once; staff
    costs scale with the participants, other costs stay fixed)."""
    n = float(participants if new_participants is None else new_participants)
    staff = float(staff_annual) * (1.0 + raise_pct / 100.0) * n / float(participants)
    total = staff + float(other_annual)
    per = total / n
    return Scenario(total, per, per / float(months), n, float(raise_pct))


# ------------------------------------------------------------------------ computation


def _wages(ctx: ComputeContext) -> pd.DataFrame:
    frame = ctx.frames.get("loenninger") if ctx.has("loenninger") else None
    w = frame if frame is not None and len(frame) else default_loenninger()
    w = w.assign(gruppe=name_keys(w["personalegruppe"]))
    w = w.sort_values(["gruppe", "aar"], kind="stable").groupby("gruppe", as_index=False).last()
    w["faktor"] = 1.0
    base = ctx.params.price_base_year
    if base is not None and ctx.has("prisindeks"):
        idx = ctx.frames["prisindeks"].set_index("aar")["indeks"]
        if base in idx.index:
            w["faktor"] = (idx[base] / w["aar"].map(idx)).fillna(1.0).to_numpy()
    return w[["gruppe", "aar", "maanedsloen_kr", "faktor"]]


def _days_covered(r: pd.DataFrame) -> pd.Series:
    """Days covered by the union of each intervention's periods (inclusive)."""
    key = ["kommunekode", "indsats_navn"]
    p = r[[*key, "periode_start", "periode_slut"]].drop_duplicates().sort_values(
        [*key, "periode_start"], kind="stable")
    start = p["periode_start"].to_numpy().astype("datetime64[D]").astype(np.int64)
    end = p["periode_slut"].to_numpy().astype("datetime64[D]").astype(np.int64) + 1
    p = p.assign(s=start, e=end)
    prev = p.groupby(key, sort=False)["e"].transform(lambda x: x.cummax().shift(1))
    # Each period adds the days after everything before it has ended.
    add = np.maximum(0, p["e"] - np.maximum(p["s"], prev.fillna(-np.inf)))
    return p.assign(add=add).groupby(key)["add"].sum()


def assessment(ctx: ComputeContext) -> pd.DataFrame:
    """One row per intervention with ``staff``, ``other`` (costs in the periods), ``days``,
    ``dato``, the annual costs ``staff_annual``, ``other_annual``, ``aarlige_drift``, the
    activity costs and (where ``indsatser`` has the intervention) ``deltagere``,
    ``maaneder`` and the alternative. Cached on ``ctx``."""
    if "cost" in ctx.cache:
        return ctx.cache["cost"]
    key = ["kommunekode", "indsats_navn"]
    r = ctx.frames["ressourceforbrug"].copy()
    r["gruppe"] = name_keys(r["personalegruppe"])
    w = _wages(ctx)
    r = r.merge(w, on="gruppe", how="left")
    staff_row = r["aktivitet"].isin(STAFF_ACTIVITIES).to_numpy()
    missing = staff_row & r["maanedsloen_kr"].isna().to_numpy()
    if missing.any():
        names = sorted(set(r.loc[missing, "personalegruppe"].astype(str)))
        ctx.warn(f"Personalegruppen/grupperne {', '.join(names)} har ingen løn; deres timer "
                 "er ikke regnet med i omkostningerne.")
    rate = hourly_rate(r["maanedsloen_kr"].to_numpy(), ctx.params) * r["faktor"].to_numpy()
    other_factor = float(w["faktor"].iloc[-1]) if len(w) else 1.0
    r["kr"] = np.where(staff_row, r["timer"].to_numpy() * rate,
                       r["udgift_kr"].to_numpy() * other_factor)
    r.loc[missing, "kr"] = np.nan
    r["kr"] = r["kr"].fillna(0.0)
    by_act = r.pivot_table(index=key, columns="aktivitet", values="kr", aggfunc="sum",
                           fill_value=0.0)
    for a in ACTIVITY_LABELS:
        if a not in by_act.columns:
            by_act[a] = 0.0
    a = by_act[list(ACTIVITY_LABELS)].reset_index()
    a["days"] = _days_covered(r).reindex(pd.MultiIndex.from_frame(a[key])).to_numpy()
    a["dato"] = r.groupby(key)["periode_slut"].max().reindex(
        pd.MultiIndex.from_frame(a[key])).to_numpy()
    a["staff"] = a["med_borgere"] + a["uden_borgere"]
    a["other"] = a["oevrige_udgifter"]
    a["staff_annual"] = annual_cost(a["staff"], a["days"])
    a["other_annual"] = annual_cost(a["other"], a["days"])
    a["aarlige_drift"] = a["staff_annual"] + a["other_annual"]
    rates = r[staff_row & ~missing].assign(rate=rate[staff_row & ~missing])
    rates = rates.drop_duplicates([*key, "gruppe"])[[*key, "personalegruppe", "rate",
                                                     "maanedsloen_kr"]]
    if ctx.has("indsatser"):
        ind = ctx.frames["indsatser"][[*key, "deltagere_pr_aar", "maaneder_pr_deltager",
                                       "enhed", "alternativ_trin", "alternativ_kr_pr_aar"]]
        a = a.merge(ind, on=key, how="left")
    else:
        for c in ("deltagere_pr_aar", "maaneder_pr_deltager", "alternativ_kr_pr_aar"):
            a[c] = np.nan
        a["enhed"] = None
        a["alternativ_trin"] = None
    a = a.rename(columns={"deltagere_pr_aar": "deltagere", "maaneder_pr_deltager": "maaneder"})
    a["alternativ"], a["alternativ_boern"] = _alternative(ctx, a)
    ctx.cache["cost"] = a
    ctx.cache["cost_rates"] = rates
    return a


def _alternative(ctx: ComputeContext, a: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The alternative's cost a year per intervention and, where it is the municipality's own
    cost per child on a step, the children on the step it rests on (else NaN)."""
    fixed = a["alternativ_kr_pr_aar"].to_numpy(dtype=np.float64)
    none = np.full(len(a), np.nan)
    need = np.isnan(fixed) & a["alternativ_trin"].notna().to_numpy()
    if not need.any():
        return fixed, none
    if not (ctx.has("udgifter") and ctx.has("foranstaltninger")):
        ctx.warn("Udgifter eller foranstaltninger mangler, så indsatser kan ikke sammenlignes "
                 "med kommunens egen udgift pr. barn på et trin.")
        return fixed, none
    from noegletal.metrics import expenditure

    if "udgift_pr_barn_trin" not in ctx.cache:
        d = expenditure._prepared(ctx)
        ctx.cache["udgift_pr_barn_trin"] = (expenditure._pr_barn_trin(ctx, d) if len(d)
                                           else empty_result())
    step = ctx.cache["udgift_pr_barn_trin"]
    cols = ["vaerdi", "naevner"]
    latest = (step.sort_values("dato").groupby(["kommunekode", "dimension"])[cols].last()
              if len(step) else pd.DataFrame(columns=cols, dtype=np.float64))
    keys = [(int(k), t) for k, t in zip(a["kommunekode"], a["alternativ_trin"], strict=True)]
    found = latest.reindex(pd.MultiIndex.from_tuples(keys)) if keys else latest
    own = found["vaerdi"].to_numpy(dtype=np.float64)
    children = found["naevner"].to_numpy(dtype=np.float64)
    return np.where(need, own, fixed), np.where(need, children, np.nan)


def compute(ctx: ComputeContext) -> pd.DataFrame:
    """Tidy rows of the I key figures (see the module docstring)."""
    if not ctx.has("ressourceforbrug") or ctx.frames["ressourceforbrug"].empty:
        ctx.warn("Ressourceforbrug mangler, så omkostningsvurderingen af indsatser er sprunget "
                 "over.")
        return empty_result()
    a = assessment(ctx)
    rates = ctx.cache["cost_rates"].merge(a[["kommunekode", "indsats_navn", "dato"]],
                                          on=["kommunekode", "indsats_navn"])
    parts = []
    rates["dimension"] = rates["indsats_navn"] + "|" + rates["personalegruppe"].astype(str)
    parts.append(tidy("omk_timepris", rates, value="rate", dimension="dimension"))
    a = a[a["days"] > 0].copy()
    a["dimension"] = a["indsats_navn"]
    parts.append(tidy("omk_aarlige_drift", a, value="aarlige_drift", dimension="dimension"))
    total = a["staff"] + a["other"]
    long = a[["kommunekode", "indsats_navn", "dato", *ACTIVITY_LABELS]].melt(
        id_vars=["kommunekode", "indsats_navn", "dato"], var_name="aktivitet", value_name="kr")
    long = long.merge(a[["kommunekode", "indsats_navn"]].assign(total=total.to_numpy()),
                      on=["kommunekode", "indsats_navn"])
    long = long[long["total"] > 0]
    long["vaerdi"] = 100.0 * long["kr"] / long["total"]
    long["dimension"] = long["indsats_navn"] + "|" + long["aktivitet"]
    parts.append(tidy("omk_fordeling_andel", long, numerator="kr", denominator="total",
                      dimension="dimension"))
    p = a[a["deltagere"].notna() & (a["deltagere"] > 0)].copy()
    missing = sorted(set(a["indsats_navn"]) - set(p["indsats_navn"]))
    if missing:
        ctx.warn(f"Indsatsen/indsatserne {', '.join(missing)} mangler deltagere pr. år i "
                 "indsatser; omkostningen pr. deltager er udeladt for dem.")
    if len(p):
        p["pr_deltager"] = p["aarlige_drift"] / p["deltagere"]
        parts.append(tidy("omk_pr_deltager", p, value="pr_deltager", denominator="deltagere",
                          dimension="dimension"))
        pm = p[p["maaneder"] > 0].assign(v=lambda x: x["pr_deltager"] / x["maaneder"])
        parts.append(tidy("omk_pr_deltager_maaned", pm, value="v", denominator="deltagere",
                          dimension="dimension"))
        for pct in WAGE_STEPS:
            s = p.assign(v=wage_sensitivity(p["staff_annual"], p["other_annual"],
                                            p["deltagere"], pct),
                         dim=p["indsats_navn"] + f"|+{pct}")
            parts.append(tidy("omk_foelsomhed_loen", s, value="v", denominator="deltagere",
                              dimension="dim"))
        for step in PARTICIPANT_STEPS:
            n = np.round(p["deltagere"].to_numpy() * step, 1)
            s = p.assign(v=participant_sensitivity(p["staff_annual"], p["other_annual"],
                                                   p["deltagere"], n), n=n,
                         dim=p["indsats_navn"] + "|" + pd.Series(n, index=p.index).map(
                             lambda x: f"{x:g}"))
            # naevner = today's participants, which the value rests on (see DEFINITIONS)
            parts.append(tidy("omk_foelsomhed_deltagere", s, value="v",
                              denominator="deltagere", dimension="dim"))
        alt = p[p["alternativ"].notna()]
        alt = alt.assign(v=alt["alternativ"] - alt["pr_deltager"],
                         n=np.fmin(alt["deltagere"], alt["alternativ_boern"]))
        parts.append(tidy("omk_alternativ_forskel", alt, value="v", numerator="alternativ",
                          denominator="n", dimension="dimension"))
    return concat_results(parts)


# ------------------------------------------------------------------ from computed rows


def _pick(rows: pd.DataFrame, kf_id: str, dimension: str, kommunekode: int | None
          ) -> pd.Series | None:
    sel = rows[(rows["noegletal"] == kf_id) & (rows["dimension"] == dimension)]
    if kommunekode is not None:
        sel = sel[sel["kommunekode"] == kommunekode]
    if sel.empty:
        return None
    row = sel.sort_values("dato").iloc[-1]
    if "undertrykt" in row.index and bool(row["undertrykt"]):
        return None
    return row


def scenario_from_rows(rows: pd.DataFrame, indsats: str, *, kommunekode: int | None = None,
                       raise_pct: float = 0.0, new_participants: float | None = None
                       ) -> Scenario | None:
    """:func:`scenario` for one intervention from its computed (or suppressed) I rows:
    the annual cost, the activity shares (staff = with + without citizens), the participants
    (``naevner`` of ``omk_pr_deltager``) and the months (``omk_pr_deltager /
    omk_pr_deltager_maaned``). None when a needed row is missing or suppressed."""
    annual = _pick(rows, "omk_aarlige_drift", indsats, kommunekode)
    per = _pick(rows, "omk_pr_deltager", indsats, kommunekode)
    month = _pick(rows, "omk_pr_deltager_maaned", indsats, kommunekode)
    shares = [_pick(rows, "omk_fordeling_andel", f"{indsats}|{a}", kommunekode)
              for a in ACTIVITY_LABELS]
    if annual is None or per is None or month is None or any(s is None for s in shares):
        return None
    total = float(annual["vaerdi"])
    staff = total * (float(shares[0]["vaerdi"]) + float(shares[1]["vaerdi"])) / 100.0
    other = total * float(shares[2]["vaerdi"]) / 100.0
    participants = float(per["naevner"])
    months = float(per["vaerdi"]) / float(month["vaerdi"])
    if not participants > 0 or not months > 0:
        return None
    return scenario(staff, other, participants, months, raise_pct=raise_pct,
                    new_participants=new_participants)


@dataclass(frozen=True)
class Alternative:
    """The comparison of an intervention with its alternative (``omk_alternativ_forskel``
    for another alternative than the one in ``indsatser``)."""

    label: str  # e.g. "familiepleje" or "fast beløb"
    kr_pr_aar: float
    pr_deltager: float
    forskel: float  # alternative - intervention; positive = the intervention is cheaper


def alternative_from_rows(rows: pd.DataFrame, indsats: str, *, kommunekode: int | None = None,
                          step: str | None = None, amount: float | None = None,
                          per_participant: float | None = None) -> Alternative | None:
    """The alternative's cost a year (``amount``, else the latest ``udgift_pr_barn_trin`` of
    ``step``, else the intervention's own ``omk_alternativ_forskel``) against the cost per
    participant (``per_participant``, e.g. a scenario's, else ``omk_pr_deltager``). None
    when a needed row is missing or suppressed."""
    if per_participant is None:
        per = _pick(rows, "omk_pr_deltager", indsats, kommunekode)
        if per is None:
            return None
        per_participant = float(per["vaerdi"])
    if amount is not None:
        alt, label = float(amount), "fast beløb"
    elif step is not None:
        own = _pick(rows, "udgift_pr_barn_trin", step, kommunekode)
        if own is None:
            return None
        alt, label = float(own["vaerdi"]), step
    else:
        own = _pick(rows, "omk_alternativ_forskel", indsats, kommunekode)
        if own is None or pd.isna(own["taeller"]):
            return None
        alt, label = float(own["taeller"]), "indsatsens eget alternativ"
    return Alternative(label, alt, float(per_participant), alt - float(per_participant))
