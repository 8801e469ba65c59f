"""Theme D — udgiftsfordeling (expenditure), yearly; and theme G's ``udgift_pr_barn``.

Input: ``udgifter`` (municipal accounts per function/grouping/year, 1000 kr. in current
prices), ``udgiftsmodel`` (function/grouping -> category and step; the bundled default from
:func:`load_default_model` when none is uploaded) and ``prisindeks``.

Preparation (shared by every figure here, cached in ``ctx.cache``):

1. Accounts type: rows with ``regnskabstype`` ``regnskab``; for a (municipality, year) without
   any ``regnskab`` row, its ``forventet_regnskab`` rows (see :func:`expected_years`);
   ``budget`` rows are ignored.
2. Model: each row gets the ``kategori`` and ``trin`` of the model row with the same
   ``funktion`` and the same ``gruppering``; failing that, of the model row with the same
   ``funktion`` and ``gruppering`` ``*``/empty. Rows that match nothing are left out (one
   warning lists their functions). Functions are compared as ``d.dd.dd`` (``05.28.20`` =
   ``5.28.20``), numeric groupings as three digits (``4`` = ``004``).
3. Prices: amount * ``indeks[base] / indeks[aar]`` with base = ``MetricParams.price_base_year``
   or the latest year in ``prisindeks``; a year without an index is left out (warning); with
   no ``prisindeks`` at all the amounts stay in current prices (warning).

Key figures (``dato`` = 31 December of ``aar``):

* ``udgifter_netto``: net amount (1000 kr.) per category ``service``,
  ``administration_myndighed``, ``administration_oevrig``; ``administration`` = the sum of the
  two administration categories present that year; ``i_alt`` = ``service`` +
  ``administration``. A category is emitted for a (municipality, year) only when at least one
  row was matched to it (``i_alt`` only when both service and administration exist).
* ``merudgifter``: for ``service``, ``administration`` and ``i_alt``: the year's net amount
  minus the mean over the years of the base period (``MetricParams.base_periods``) present
  for that municipality; emitted for the years after the base period. A category with none
  of its base years present is skipped with a warning.
* ``serviceudgifter_trin_andel``: gross (brutto) amount of service rows per step
  ``forebyggende`` .. ``institution`` in percent of the gross amount of all service rows with
  one of those steps (``taeller``/``naevner`` the amounts); all five steps are emitted when
  the total is positive.
* ``udgift_pr_barn_trin``: per step: gross service amount on the step * 1000 / the mean, over
  the cut-offs of ``ctx.datoer`` in that year, of the number of children (under 18) whose step
  at the cut-off is that step (``engine.snapshot``). Years without a cut-off are skipped; a
  step is emitted when some service row was matched to it that year and the mean is positive.
  ``taeller`` = the amount in kr., ``naevner`` = the mean number of children.
* ``udgift_pr_barn``: gross amount of all service rows * 1000 / the number of distinct
  children with a non-event measure running on some day of the year while under 18
  (``engine.children_with_measures_in_period``); kr. per child.
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from noegletal.domain.vocabulary import STEP_LABELS, STEP_RANK, STEPS
from noegletal.metrics import engine
from noegletal.metrics.catalogue import Headline, KeyFigure
from noegletal.metrics.context import ComputeContext, empty_result, tidy
from noegletal.metrics.params import MetricParams

CATEGORIES: tuple[str, ...] = ("service", "administration_myndighed", "administration_oevrig")
NET_DIMENSIONS: dict[str, str] = {
    "service": "Service (foranstaltninger og forebyggelse)",
    "administration_myndighed": "Administration: socialrådgivere i myndighed",
    "administration_oevrig": "Administration: øvrig",
    "administration": "Administration i alt",
    "i_alt": "I alt",
}
EXTRA_DIMENSIONS: dict[str, str] = {
    "service": NET_DIMENSIONS["service"],
    "administration": NET_DIMENSIONS["administration"],
    "i_alt": NET_DIMENSIONS["i_alt"],
}
# The five steps of the expenditure view ("ingen" is not a step here).
EXPENDITURE_STEPS: tuple[str, ...] = tuple(s for s in STEPS if s != "ingen")

_PREPARED_KEY = "expenditure.prepared"

_ACCOUNTS_CAVEAT = (
    "År, der bygger på forventet regnskab (ikke endeligt regnskab), er markeret; tallene kan "
    "ændre sig, når regnskabet er afsluttet."
)
_NOT_EFFECT = (
    "En regnskabsbaseret opgørelse uden korrektion for demografi og andre forhold; "
    "udviklingen kan ikke alene tilskrives kommunens omlægning."
)
_HIDDEN_11_3 = (
    "Udgifter til § 11, stk. 3-forløb kan ligge gemt i de hjemmebaserede foranstaltninger, når "
    "samme tilbud leverer begge dele; tidlig forebyggelse i almenområdet kan ikke udskilles og "
    "er ikke et trin her."
)
_MODEL_CHOICE = (
    "Kontoplanens funktioner og grupperinger kobles til kategori og trin med udgiftsmodellen; "
    "standardmodellen (se UDGIFTSMODEL.md) bruges, når kommunen ikke har uploadet sin egen. "
    "En gruppering i modellen går forud for funktionens generelle linje (*)."
)
_PRICE_CHOICE = (
    "Beløb omregnes til faste priser i basisåret med pris- og lønindekset: beløb × indeks "
    "(basisår) / indeks (år). Basisåret er som standard det seneste år i indekset."
)
_EXPECTED_CHOICE = (
    "For et år uden endeligt regnskab bruges forventet regnskab; budgettal bruges aldrig."
)


DEFINITIONS: list[KeyFigure] = [
    KeyFigure(
        id="udgifter_netto",
        headline=Headline("i_alt", "Nettodriftsudgifter i alt", "nettodriftsudgifterne i alt",
                          overview=True),
        parameters=("price_base_year",),
        theme="udgifter",
        name="Nettodriftsudgifter på det specialiserede børneområde",
        how_to_read=(
            "Kommunens nettoudgifter (efter refusioner og indtægter) til service, altså "
            "foranstaltninger og anbringelser, og til administration, i 1.000 kr. i faste "
            "priser. 158.000 betyder 158 mio. kr."
        ),
        unit="1000_kr",
        numerator="Nettodriftsudgifter i 1.000 kr., omregnet til faste priser",
        denominator="(ingen; et beløb)",
        inputs=("udgifter", "udgiftsmodel", "prisindeks"),
        direction="neutral",
        caveats=(
            _ACCOUNTS_CAVEAT,
            "Administrationsudgifter kan i rapporten kun opgøres fra 2013.",
            "Udgifter til børn og unge med handicap kan ikke helt udskilles.",
            _NOT_EFFECT,
        ),
        source="Socialstyrelsen 2018, Figur 57 og note 37",
        frequency="aar",
        dimensions=dict(NET_DIMENSIONS),
        choices=(
            _MODEL_CHOICE,
            _PRICE_CHOICE,
            _EXPECTED_CHOICE,
            "Administration er summen af de administrationskategorier, kommunen har udgifter "
            "på det år; I alt er service plus administration og vises kun for år med begge.",
            "Funktion 6.45.51 regnes som socialrådgivere i myndighed og 6.45.58 som øvrig "
            "administration, som i rapportens note 37; udtrækket skal kun indeholde den del af "
            "6.45.51, der vedrører myndighedsrådgiverne på børneområdet.",
        ),
    ),
    KeyFigure(
        id="merudgifter",
        headline=Headline("i_alt", "Merudgift i alt", "merudgiften i alt"),
        parameters=("base_periods", "price_base_year"),
        theme="udgifter",
        name="Merudgifter i forhold til basisperioden",
        how_to_read=(
            "Hvor meget mere (positivt tal) eller mindre (negativt tal) kommunen brugte i året "
            "end i gennemsnit i basisperioden før omlægningen, i 1.000 kr. i faste priser. "
            "Service, administration og i alt har forskellige basisperioder og kan ikke lægges "
            "sammen."
        ),
        unit="1000_kr",
        numerator="Årets nettodriftsudgifter minus gennemsnittet i basisperioden",
        denominator="(ingen; et beløb)",
        inputs=("udgifter", "udgiftsmodel", "prisindeks"),
        direction="neutral",
        caveats=(
            "Basisperioderne er forskellige: som standard 2011-2014 for service og 2013-2014 "
            "for administration og i alt, fordi administrationsudgifter først kan opgøres fra "
            "2013.",
            "Valget af basisperiode afgør resultatet; se også udgifterne år for år.",
            _ACCOUNTS_CAVEAT,
            _NOT_EFFECT,
        ),
        source="Socialstyrelsen 2018, Figur 58 og merudgiftsanalysen",
        frequency="aar",
        dimensions=dict(EXTRA_DIMENSIONS),
        choices=(
            "Basisperioderne er en indstilling (MetricParams.base_periods).",
            "Merudgiften vises for årene efter basisperioden.",
            "Mangler nogle af basisperiodens år, er gennemsnittet taget over de år, der findes; "
            "mangler alle, vises kategorien ikke.",
            _PRICE_CHOICE,
        ),
    ),
    KeyFigure(
        id="serviceudgifter_trin_andel",
        headline=Headline("institution", "Andel til institution",
                          "institutionsandelen af serviceudgifterne"),
        is_amount=True,  # shares of kroner: no individuals behind them
        theme="udgifter",
        name="Serviceudgifternes fordeling på indsatstrappen",
        how_to_read=(
            "Hvordan kommunens bruttoudgifter til service fordeler sig på trinene på "
            "indsatstrappen, fra forebyggende forløb til institutionsanbringelser. Andelene "
            "giver tilsammen 100 procent. Omlægningen sigtede mod en større andel på de nederste "
            "trin og en mindre andel til institutioner."
        ),
        unit="pct",
        numerator="Bruttodriftsudgifter til service på trinet",
        denominator="Bruttodriftsudgifter til service, der er knyttet til et trin",
        inputs=("udgifter", "udgiftsmodel"),
        direction="neutral",
        caveats=(
            _HIDDEN_11_3,
            "Bruttoudgifter: refusioner er ikke trukket fra.",
            _ACCOUNTS_CAVEAT,
        ),
        source="Socialstyrelsen 2018, Figur 59 og 68",
        frequency="aar",
        dimensions={s: STEP_LABELS[s] for s in EXPENDITURE_STEPS},
        choices=(
            _MODEL_CHOICE,
            "Kun serviceudgifter, som udgiftsmodellen knytter til et af de fem trin, indgår.",
            "Alle fem trin vises, også med 0 procent.",
        ),
    ),
    KeyFigure(
        id="udgift_pr_barn_trin",
        parameters=("price_base_year",),
        theme="udgifter",
        name="Udgift pr. barn på hvert trin",
        how_to_read=(
            "Bruttoudgiften til service på et trin divideret med det gennemsnitlige antal børn "
            "på trinet ved årets skæringsdatoer: hvad et år på trinet kostede pr. barn, i kr. i "
            "faste priser."
        ),
        unit="kr",
        numerator="Bruttodriftsudgifter til service på trinet i kr. (faste priser)",
        denominator=(
            "Gennemsnitligt antal børn under 18 år, hvis trin var dette trin, ved årets "
            "skæringsdatoer"
        ),
        inputs=("udgifter", "udgiftsmodel", "foranstaltninger"),
        direction="neutral",
        caveats=(
            _HIDDEN_11_3,
            "Antallet af børn er et gennemsnit over få skæringsdatoer og fanger ikke korte "
            "forløb mellem datoerne.",
            "Udgifterne omfatter også unge over 18 år (efterværn) og børn med handicap, som "
            "ikke tælles med i antallet af børn.",
        ),
        source="Projektets eget nøgletal, inspireret af Socialstyrelsen 2018, Figur 59",
        frequency="aar",
        dimensions={s: STEP_LABELS[s] for s in EXPENDITURE_STEPS},
        choices=(
            "Et barn tælles på sit højeste trin ved hver skæringsdato.",
            "Kun skæringsdatoer i selve året indgår; år uden skæringsdato vises ikke.",
            "Et trin vises kun, når udgiftsmodellen har knyttet udgifter til trinet det år.",
            _PRICE_CHOICE,
        ),
    ),
    KeyFigure(
        id="udgift_pr_barn",
        headline=Headline("", "Udgift pr. barn med en indsats", "udgiften pr. barn"),
        page="udgifter",
        parameters=("price_base_year",),
        theme="flows",
        name="Serviceudgift pr. barn med en foranstaltning",
        how_to_read=(
            "Kommunens bruttoudgifter til service i året divideret med antallet af børn, der "
            "på et tidspunkt i året havde en foranstaltning eller et forebyggende forløb: "
            "hvad indsatsen kostede pr. barn, i kr. i faste priser."
        ),
        unit="kr",
        numerator="Bruttodriftsudgifter til service i kr. (faste priser)",
        denominator=(
            "Antal forskellige børn under 18 år med en foranstaltning i gang på mindst én dag "
            "i året"
        ),
        inputs=("udgifter", "udgiftsmodel", "foranstaltninger"),
        direction="neutral",
        caveats=(
            "Flere børn med lette forebyggende indsatser sænker udgiften pr. barn, uden at "
            "den samlede udgift falder.",
            "For år, hvor udtrækket af foranstaltninger ikke er komplet, er antallet af børn "
            "for lavt og udgiften pr. barn for høj.",
            _ACCOUNTS_CAVEAT,
        ),
        source=(
            "Projektets eget nøgletal, inspireret af VIVE's analyse af indsatstrappen i "
            "Københavns Kommune"
        ),
        frequency="aar",
        choices=(
            "Alle serviceudgifter indgår, også dem uden trin.",
            "Et barn tælles, når en foranstaltning (ikke en hændelse som en underretning) var i "
            "gang på en dag i året, hvor barnet var under 18 år.",
            _PRICE_CHOICE,
        ),
    ),
]


# --------------------------------------------------------------------------------------------
# The model


def load_default_model() -> pd.DataFrame:
    """The bundled default ``udgiftsmodel`` as a canonical frame (``funktion``,
    ``gruppering`` with ``*`` for all groupings, ``kategori``, ``trin`` with None where the
    row has no step). Documented in ``noegletal/data/UDGIFTSMODEL.md``."""
    path = resources.files("noegletal").joinpath("data", "udgiftsmodel.csv")
    with path.open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
    frame["gruppering"] = frame["gruppering"].replace("", "*")
    frame["trin"] = frame["trin"].where(frame["trin"] != "", None)
    return frame[["funktion", "gruppering", "kategori", "trin"]]


def _norm_funktion(values: pd.Series) -> pd.Series:
    def one(v: object) -> str:
        s = str(v).strip()
        parts = s.split(".")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            return f"{int(parts[0])}.{int(parts[1]):02d}.{int(parts[2]):02d}"
        return s

    uniq = values.dropna().unique()
    return values.map({u: one(u) for u in uniq})


def _norm_gruppering(values: pd.Series) -> pd.Series:
    def one(v: object) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return "*"
        s = str(v).strip()
        if s in ("", "*"):
            return "*"
        return s.zfill(3) if s.isdigit() else s

    uniq = pd.unique(values.astype(object))
    return values.astype(object).map({u: one(u) for u in uniq if u is not None}).fillna("*")


def _model(ctx: ComputeContext) -> pd.DataFrame:
    if ctx.has("udgiftsmodel") and len(ctx.frames["udgiftsmodel"]):
        m = ctx.frames["udgiftsmodel"][["funktion", "gruppering", "kategori", "trin"]].copy()
    else:
        m = load_default_model()
    m["funktion"] = _norm_funktion(m["funktion"])
    m["gruppering"] = _norm_gruppering(m["gruppering"])
    m["trin"] = m["trin"].where(m["trin"].notna() & (m["trin"] != ""), None)
    if m.duplicated(["funktion", "gruppering"]).any():
        dup = m[m.duplicated(["funktion", "gruppering"], keep=False)]
        names = ", ".join(sorted({f"{a} {b}" for a, b in zip(dup["funktion"], dup["gruppering"],
                                                                strict=True)}))
        ctx.warn(f"Udgiftsmodellen har flere linjer for samme funktion og gruppering ({names}); "
                 "den første linje bruges.")
        m = m.drop_duplicates(["funktion", "gruppering"], keep="first")
    return m


# --------------------------------------------------------------------------------------------
# Accounts type and prices


def _select_accounts(udgifter: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows used (``regnskab``, or ``forventet_regnskab`` where a (municipality, year) has no
    ``regnskab``) and the (municipality, year) pairs that rely on ``forventet_regnskab``."""
    typ = udgifter["regnskabstype"].fillna("regnskab") if "regnskabstype" in udgifter else \
        pd.Series("regnskab", index=udgifter.index)
    final = udgifter[typ == "regnskab"]
    expected = udgifter[typ == "forventet_regnskab"]
    have = final[["kommunekode", "aar"]].drop_duplicates()
    exp_pairs = expected[["kommunekode", "aar"]].drop_duplicates().merge(
        have, how="left", indicator=True)
    exp_pairs = exp_pairs[exp_pairs["_merge"] == "left_only"][["kommunekode", "aar"]]
    use_expected = expected.merge(exp_pairs, on=["kommunekode", "aar"])
    rows = pd.concat([final, use_expected], ignore_index=True)
    pairs = exp_pairs.sort_values(["kommunekode", "aar"]).reset_index(drop=True)
    return rows, pairs.astype({"kommunekode": "int64", "aar": "int64"})


def expected_years(frames) -> pd.DataFrame:
    """(kommunekode, aar) pairs whose expenditure figures rest on ``forventet_regnskab``
    because no ``regnskab`` rows exist for them; empty when ``udgifter`` is missing."""
    u = frames.get("udgifter") if hasattr(frames, "get") else None
    if u is None or len(u) == 0:
        return pd.DataFrame({"kommunekode": pd.Series(dtype="int64"),
                             "aar": pd.Series(dtype="int64")})
    return _select_accounts(u)[1]


def price_base_year(frames, params: MetricParams | None = None) -> int | None:
    """The year whose prices the amounts are shown in, or None for current prices (no
    ``prisindeks``). ``params.price_base_year`` when it has an index, else the latest year."""
    idx = frames.get("prisindeks") if hasattr(frames, "get") else None
    if idx is None or len(idx) == 0:
        return None
    years = set(idx["aar"].astype(int))
    wanted = params.price_base_year if params is not None else None
    if wanted is not None and int(wanted) in years:
        return int(wanted)
    return max(years)


def _price_factors(ctx: ComputeContext, years: np.ndarray) -> dict[int, float]:
    """Factor per year converting current prices to fixed prices (see module docstring)."""
    if not ctx.has("prisindeks") or len(ctx.frames["prisindeks"]) == 0:
        ctx.warn("Pris- og lønindeks mangler, så udgifterne vises i løbende priser (ikke "
                 "faste priser).")
        return {int(y): 1.0 for y in years}
    idx = ctx.frames["prisindeks"].groupby("aar")["indeks"].last()
    idx.index = idx.index.astype(int)
    wanted = ctx.params.price_base_year
    base = price_base_year(ctx.frames, ctx.params)
    if wanted is not None and int(wanted) != base:
        ctx.warn(f"Basisåret {wanted} findes ikke i pris- og lønindekset; udgifterne er i "
                 f"stedet vist i {base}-priser.")
    missing = sorted(int(y) for y in years if int(y) not in idx.index)
    if missing:
        ctx.warn("Pris- og lønindekset mangler for " + ", ".join(map(str, missing))
                 + "; udgifterne for de år er udeladt.")
    return {int(y): float(idx[base] / idx[int(y)]) for y in years if int(y) in idx.index}


def _prepared(ctx: ComputeContext) -> pd.DataFrame:
    """Matched rows in fixed prices: kommunekode, aar, kategori, trin, brutto, netto."""
    cached = ctx.cache.get(_PREPARED_KEY)
    if cached is not None:
        return cached
    rows, _ = _select_accounts(ctx.frames["udgifter"])
    rows = rows.copy()
    rows["funktion"] = _norm_funktion(rows["funktion"])
    rows["gruppering"] = _norm_gruppering(rows["gruppering"]) if "gruppering" in rows else "*"
    model = _model(ctx)
    spec = model[model["gruppering"] != "*"].rename(
        columns={"kategori": "kategori_s", "trin": "trin_s"})
    wild = model[model["gruppering"] == "*"].drop(columns="gruppering").rename(
        columns={"kategori": "kategori_w", "trin": "trin_w"})
    m = rows.merge(spec, on=["funktion", "gruppering"], how="left").merge(
        wild, on="funktion", how="left")
    specific = m["kategori_s"].notna()
    m["kategori"] = m["kategori_s"].where(specific, m["kategori_w"])
    m["trin"] = m["trin_s"].where(specific, m["trin_w"])
    unmatched = m["kategori"].isna()
    if unmatched.any():
        funcs = sorted(m.loc[unmatched, "funktion"].astype(str).unique())
        ctx.warn("Udgifter på funktioner, som udgiftsmodellen ikke kender, er udeladt: "
                 + ", ".join(funcs) + ".")
    m = m[~unmatched]
    factors = _price_factors(ctx, m["aar"].unique())
    factor = m["aar"].astype(int).map(factors)
    m = m[factor.notna()]
    factor = factor[factor.notna()]
    out = pd.DataFrame(
        {
            "kommunekode": m["kommunekode"].astype("int64").to_numpy(),
            "aar": m["aar"].astype("int64").to_numpy(),
            "kategori": m["kategori"].to_numpy(dtype=object),
            "trin": m["trin"].to_numpy(dtype=object),
            "brutto": (m["brutto_1000_kr"].astype(float) * factor).to_numpy(),
            "netto": (m["netto_1000_kr"].astype(float) * factor).to_numpy(),
        }
    )
    ctx.cache[_PREPARED_KEY] = out
    return out


def _kommuner(codes) -> str:
    return ", ".join(str(int(k)) for k in codes)


def _year_end(aar: pd.Series) -> pd.Series:
    return pd.to_datetime(aar.astype(int).astype(str) + "-12-31")


# --------------------------------------------------------------------------------------------
# Key figures


def _net_wide(d: pd.DataFrame) -> pd.DataFrame:
    """Net amounts per (kommunekode, aar) with one column per category present (NaN where a
    category has no matched row), plus ``administration`` and ``i_alt``."""
    wide = d.pivot_table(index=["kommunekode", "aar"], columns="kategori", values="netto",
                         aggfunc="sum")
    for c in CATEGORIES:
        if c not in wide.columns:
            wide[c] = np.nan
    admin = wide[["administration_myndighed", "administration_oevrig"]]
    wide["administration"] = admin.sum(axis=1, min_count=1)
    wide["i_alt"] = wide["service"] + wide["administration"]
    return wide.reset_index()


def _long(wide: pd.DataFrame, columns) -> pd.DataFrame:
    long = wide.melt(id_vars=["kommunekode", "aar"], value_vars=list(columns),
                     var_name="dimension", value_name="vaerdi").dropna(subset=["vaerdi"])
    long["dato"] = _year_end(long["aar"])
    return long


def _merudgifter(ctx: ComputeContext, wide: pd.DataFrame) -> pd.DataFrame:
    out = []
    for dim in EXTRA_DIMENSIONS:
        period = ctx.params.base_periods.get(dim)
        if period is None:
            ctx.warn(f"Der er ingen basisperiode for »{NET_DIMENSIONS[dim]}«, så merudgifter "
                     "for kategorien er sprunget over.")
            continue
        first, last = int(period[0]), int(period[1])
        series = wide[["kommunekode", "aar", dim]].dropna(subset=[dim])
        base = series[(series["aar"] >= first) & (series["aar"] <= last)]
        means = base.groupby("kommunekode").agg(mean=(dim, "mean"), n=("aar", "nunique"))
        label = NET_DIMENSIONS[dim]
        absent = sorted(set(series["kommunekode"]) - set(means.index))
        if absent:
            ctx.warn(f"Merudgifter for »{label}« er udeladt for kommune "
                     f"{_kommuner(absent)}: ingen udgifter i basisperioden {first}-{last}.")
        short = sorted(means.index[means["n"] < last - first + 1])
        if short:
            ctx.warn(f"Basisperioden {first}-{last} for »{label}« er ikke komplet for kommune "
                     f"{_kommuner(short)}; gennemsnittet bygger på de år, der findes.")
        later = series[series["aar"] > last].merge(means[["mean"]], left_on="kommunekode",
                                                   right_index=True)
        if later.empty:
            continue
        later = later.assign(dimension=dim, vaerdi=later[dim] - later["mean"],
                             dato=_year_end(later["aar"]))
        out.append(later)
    if not out:
        return empty_result()
    return tidy("merudgifter", pd.concat(out, ignore_index=True), dimension="dimension")


def _step_brutto(d: pd.DataFrame) -> pd.DataFrame:
    """Gross service amounts per (kommunekode, aar, trin) for the five steps."""
    s = d[(d["kategori"] == "service") & d["trin"].isin(EXPENDITURE_STEPS)]
    return s.groupby(["kommunekode", "aar", "trin"], as_index=False)["brutto"].sum()


def _trin_andel(d: pd.DataFrame) -> pd.DataFrame:
    sb = _step_brutto(d)
    if sb.empty:
        return empty_result()
    total = sb.groupby(["kommunekode", "aar"], as_index=False)["brutto"].sum().rename(
        columns={"brutto": "naevner"})
    total = total[total["naevner"] > 0]
    grid = total.merge(pd.DataFrame({"trin": list(EXPENDITURE_STEPS)}), how="cross")
    grid = grid.merge(sb, on=["kommunekode", "aar", "trin"], how="left")
    grid["taeller"] = grid["brutto"].fillna(0.0)
    grid["vaerdi"] = 100.0 * grid["taeller"] / grid["naevner"]
    grid["dato"] = _year_end(grid["aar"])
    return tidy("serviceudgifter_trin_andel", grid, numerator="taeller", denominator="naevner",
                dimension="trin")


def _pr_barn_trin(ctx: ComputeContext, d: pd.DataFrame) -> pd.DataFrame:
    sb = _step_brutto(d)
    if sb.empty:
        return empty_result()
    rank_to_step = {STEP_RANK[s]: s for s in EXPENDITURE_STEPS}
    means = []
    for aar in sorted(sb["aar"].unique()):
        cuts = [t for t in ctx.datoer if t.year == aar]
        if not cuts:
            continue
        counts = []
        for t in cuts:
            snap = engine.snapshot(ctx, t)
            snap = snap[snap["is_child"] & (snap["step_rank"] >= 1)]
            counts.append(snap.groupby(["kommunekode", "step_rank"]).size())
        total = pd.concat(counts, axis=1).fillna(0).sum(axis=1) / len(cuts)
        if total.empty:
            continue
        m = total.rename("naevner").reset_index()
        m["trin"] = m["step_rank"].map(rank_to_step)
        m["aar"] = aar
        means.append(m[["kommunekode", "aar", "trin", "naevner"]])
    if not means:
        return empty_result()
    j = sb.merge(pd.concat(means, ignore_index=True), on=["kommunekode", "aar", "trin"])
    j = j[j["naevner"] > 0]
    j["taeller"] = j["brutto"] * 1000.0
    j["vaerdi"] = j["taeller"] / j["naevner"]
    j["dato"] = _year_end(j["aar"])
    return tidy("udgift_pr_barn_trin", j, numerator="taeller", denominator="naevner",
                dimension="trin")


def _pr_barn(ctx: ComputeContext, d: pd.DataFrame) -> pd.DataFrame:
    s = d[d["kategori"] == "service"].groupby(["kommunekode", "aar"], as_index=False)[
        "brutto"].sum()
    out = []
    for aar in sorted(s["aar"].unique()):
        n = engine.children_with_measures_in_period(ctx, pd.Timestamp(aar, 1, 1),
                                                    pd.Timestamp(aar, 12, 31))
        rows = s[s["aar"] == aar].merge(n.rename("naevner"), left_on="kommunekode",
                                        right_index=True)
        out.append(rows[rows["naevner"] > 0])
    if not out:
        return empty_result()
    j = pd.concat(out, ignore_index=True)
    j["taeller"] = j["brutto"] * 1000.0
    j["vaerdi"] = j["taeller"] / j["naevner"]
    j["dato"] = _year_end(j["aar"])
    return tidy("udgift_pr_barn", j, numerator="taeller", denominator="naevner")


def compute(ctx: ComputeContext) -> pd.DataFrame:
    """Tidy rows of the expenditure key figures (see the module docstring)."""
    if not ctx.has("udgifter"):
        ctx.warn("Udgifter mangler, så nøgletallene for udgiftsfordeling er sprunget over.")
        return empty_result()
    d = _prepared(ctx)
    if d.empty:
        return empty_result()
    parts = []
    wide = _net_wide(d)
    parts.append(tidy("udgifter_netto", _long(wide, NET_DIMENSIONS), dimension="dimension"))
    parts.append(_merudgifter(ctx, wide))
    parts.append(_trin_andel(d))
    if ctx.has("foranstaltninger"):
        missing = sorted(set(d["kommunekode"]) - set(engine.prepare(ctx).kommuner.tolist()))
        if missing:
            ctx.warn(f"Kommune {_kommuner(missing)} har udgifter, men ingen foranstaltninger; "
                     "udgift pr. barn er udeladt for dem.")
        parts.append(_pr_barn_trin(ctx, d))
        parts.append(_pr_barn(ctx, d))
    else:
        ctx.warn("Foranstaltninger mangler, så udgift pr. barn (i alt og pr. trin) er sprunget "
                 "over.")
    return engine.concat_results(parts)
