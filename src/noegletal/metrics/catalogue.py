"""The catalogue of key figures, declared once.

Every key figure is a :class:`KeyFigure`. Theme modules (``placements``, ``ladder``,
``preventive``, ``expenditure``, ``school``, ``casework``, ``flows``) declare their
definitions in a module-level ``DEFINITIONS`` list next to the code that computes them; this
module gathers them into :data:`CATALOGUE`, which the docs page, every chart caption, the
exports and ``noegletal compute`` read.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Theme:
    """A theme of the catalogue: its Danish title (docs, NOEGLETAL.md) and the page that shows
    its key figures unless a figure names another page."""

    key: str
    title: str
    page: str
    individuals: str = "børn"  # who the counts are about, in running text


@dataclass(frozen=True)
class Page:
    """A page of the dashboard, in navigation order. ``kind`` is ``overview``, ``theme``
    (blocks of key figures, shared with the udvalgsrapport), ``docs`` or ``data``; ``heading``
    is the title of a theme page's section in the udvalgsrapport."""

    key: str  # url path
    title: str  # navigation title
    module: str  # file in pages/ (without .py)
    icon: str
    kind: str = "theme"
    heading: str = ""
    filters: bool = True  # shows the municipality/period/comparator filters


# The pages in navigation order; the theme pages also in the order of the udvalgsrapport.
PAGES: tuple[Page, ...] = (
    Page("overblik", "Overblik", "overblik", ":material/dashboard:", kind="overview"),
    Page("anbringelser", "Anbringelser", "anbringelser", ":material/home:",
         heading="Anbringelser"),
    Page("indsatstrappen", "Indsatstrappen", "indsatstrappen", ":material/stairs:",
         heading="Indsatstrappen"),
    Page("forebyggende", "§ 11.3-forløb", "forebyggende", ":material/support:",
         heading="Forebyggende forløb (§ 11, stk. 3)"),
    Page("udgifter", "Udgifter", "udgifter", ":material/payments:", heading="Udgifter"),
    Page("skoletrivsel", "Skoletrivsel", "skoletrivsel", ":material/school:",
         heading="Skoletrivsel og fravær"),
    Page("sagsbehandling", "Sagsbehandling", "sagsbehandling", ":material/work:",
         heading="Sagsbehandling"),
    Page("indsatser", "Indsatser", "indsatser", ":material/volunteer_activism:",
         heading="Indsatser: udvikling og omkostninger"),
    Page("landet", "Landet", "landet", ":material/leaderboard:", kind="ranking"),
    Page("om-noegletallene", "Om nøgletallene", "om_noegletallene", ":material/menu_book:",
         kind="docs", filters=False),
    Page("data", "Data", "data", ":material/upload_file:", kind="data", filters=False),
    Page("tilgaengelighed", "Tilgængelighedserklæring", "tilgaengelighed",
         ":material/accessibility:", kind="statement", filters=False),
)
PAGE_BY_KEY: dict[str, Page] = {p.key: p for p in PAGES}
THEME_PAGES: tuple[Page, ...] = tuple(p for p in PAGES if p.kind == "theme")

# The themes in catalogue order (docs page, docs/NOEGLETAL.md).
THEME_LIST: tuple[Theme, ...] = (
    Theme("anbringelser", "Anbringelsesmønster", "anbringelser"),
    Theme("indsatstrappen", "Indsatstrappen", "indsatstrappen"),
    Theme("forebyggende", "Forebyggende forløb (§ 11, stk. 3)", "forebyggende"),
    Theme("udgifter", "Udgiftsfordeling", "udgifter"),
    Theme("skoletrivsel", "Skoletrivsel og fravær", "skoletrivsel", individuals="elever"),
    Theme("sagsbehandling", "Sagsbehandling", "sagsbehandling"),
    Theme("flows", "Bevægelser og volumen", "indsatstrappen"),
    Theme("indsatser", "Indsatser: udvikling og omkostninger", "indsatser",
          individuals="deltagere"),
)
THEME_BY_KEY: dict[str, Theme] = {t.key: t for t in THEME_LIST}
THEMES: dict[str, str] = {t.key: t.title for t in THEME_LIST}


@dataclass(frozen=True)
class Unit:
    """How the values of a unit behave.

    * ``label`` — the Danish unit text (docs, axis titles);
    * ``decimals`` — decimals shown (half-up); ``None`` for amounts, whose precision follows
      their size (kr., mio. kr., mia. kr.);
    * ``style`` — how a value is written: ``number``, ``percent``, ``kroner`` (value in kr.),
      ``thousand_kroner`` (value in 1.000 kr.), ``days`` or ``points`` (a difference of
      shares, written with "procentpoint");
    * ``phrase_suffix`` — what follows the number in running text (``pct.``,
      ``pr. 1.000 børn``), when the style does not decide it;
    * ``pooling`` — how a comparison group combines municipalities: ``rate`` (Σ taeller /
      Σ naevner × ``scale``), ``rate_or_mean`` (that, else a mean weighted by naevner),
      ``mean`` (weighted by naevner), ``sum`` (Σ vaerdi) or ``difference`` (recomputed from
      the figure it is the difference of);
    * ``pooling_text`` — the same in Danish for the docs;
    * ``counts_value`` / ``counts_taeller`` / ``counts_naevner`` — which of vaerdi, taeller
      and naevner count individuals (primary suppression checks those);
    * ``amount`` — values are amounts of money (no individuals behind them);
    * ``base`` — the column that says how many individuals a value rests on (narrative's
      "few" warning), ``None`` when none does;
    * ``shows_counts`` — cards show "x af y" under the value;
    * ``change_unit`` — the unit a change between two values is written in;
    * ``counts_noun`` — who ``taeller``/``naevner`` count, in hover texts;
    * ``axis_suffix`` — the tick suffix of a value axis; ``axis_range``/``axis_title`` a
      fixed value axis for bounded scales (an index from 1 to 5);
    * ``per_population`` — the denominator is the children's population (``befolkning``),
      not a count of the children behind the value: broken down by unit (enhed) the value
      needs the unit's own population, and the denominators of the units are not a count
      that secondary suppression across units must protect.
    """

    key: str
    label: str
    decimals: int | None
    style: str
    pooling: str
    pooling_text: str
    phrase_suffix: str = ""
    scale: float = 1.0
    counts_value: bool = False
    counts_taeller: bool = False
    counts_naevner: bool = False
    amount: bool = False
    base: str | None = "naevner"
    shows_counts: bool = False
    change_unit: str = ""
    counts_noun: str = "børn"
    axis_suffix: str = ""
    axis_range: tuple[float, float] | None = None
    axis_title: str = ""
    per_population: bool = False

    def __post_init__(self) -> None:
        if not self.change_unit:
            object.__setattr__(self, "change_unit", self.key)


_POINTS_TEXT = "Forskellen beregnes igen ud fra gruppens samlede gennemsnit."

UNIT_TYPES: dict[str, Unit] = {u.key: u for u in (
    Unit("pr_1000", "pr. 1.000 børn 0-17 år", 1, "number", "rate",
         "Summen af tællerne divideret med summen af nævnerne, gange 1.000 (alle børn i "
         "gruppen lægges sammen).",
         phrase_suffix=" pr. 1.000 børn", scale=1000.0, counts_taeller=True,
         counts_naevner=True, base="taeller", shows_counts=True, counts_noun="børn 0-17 år",
         per_population=True),
    Unit("pct", "procent", 1, "percent", "rate_or_mean",
         "Summen af tællerne divideret med summen af nævnerne, gange 100; uden tæller (fx "
         "fravær) et gennemsnit vægtet med antal elever.",
         phrase_suffix=" pct.", scale=100.0, counts_taeller=True, counts_naevner=True,
         shows_counts=True, change_unit="procentpoint", axis_suffix=" %"),
    Unit("antal", "antal børn", 0, "number", "sum", "Summen af kommunernes antal.",
         counts_value=True, base="vaerdi"),
    Unit("dage", "dage", 0, "days", "mean",
         "Gennemsnit vægtet med nævneren (antal intervaller eller forløb); for medianen en "
         "tilnærmelse.", counts_naevner=True),
    Unit("1000_kr", "1.000 kr. (faste priser)", None, "thousand_kroner", "sum",
         "Summen af kommunernes beløb.", amount=True, base=None),
    Unit("kr", "kr. (faste priser)", None, "kroner", "rate",
         "Summen af udgifterne divideret med summen af antal børn.", counts_naevner=True),
    Unit("indeks", "indeks 1-5", 1, "number", "mean", "Gennemsnit vægtet med antal elever (N).",
         counts_naevner=True, axis_range=(1.0, 5.6), axis_title="Indeks (1 = lavest, 5 = højest)"),
    Unit("procentpoint", "procentpoint", 1, "points", "difference", _POINTS_TEXT,
         phrase_suffix=" procentpoint"),
    Unit("indekspoint", "indekspoint", 1, "number", "difference", _POINTS_TEXT),
    Unit("sager", "sager pr. årsværk", 1, "number", "rate_or_mean",
         "Summen af sager divideret med summen af årsværk; for højeste og laveste sagstal "
         "det højeste og laveste i gruppen.",
         phrase_suffix=" sager pr. årsværk", counts_naevner=True, base=None),
    Unit("point", "point på måleredskabets skala", 1, "number", "rate",
         "Summen af deltagernes scorer divideret med summen af deltagere (alle deltagere i "
         "gruppen lægges sammen).", counts_naevner=True, counts_noun="deltagere"),
    Unit("antal_deltagere", "antal (deltagere, serier eller skemaer)", 0, "number", "sum",
         "Summen af kommunernes antal.", counts_value=True, base="vaerdi",
         counts_noun="deltagere"),
    Unit("kr_indsats", "kr. (lønningernes prisniveau)", None, "kroner", "rate",
         "Summen af omkostningerne divideret med summen af nævnerne.", amount=True, base=None,
         counts_noun="deltagere"),
    Unit("kr_pr_deltager", "kr. pr. deltager (lønningernes prisniveau)", None, "kroner",
         "rate", "Summen af omkostningerne divideret med summen af deltagere.",
         counts_naevner=True, counts_noun="deltagere"),
)}
UNITS: dict[str, str] = {k: u.label for k, u in UNIT_TYPES.items()}

# Which way the partnership hoped a figure would move.
DIRECTIONS: dict[str, str] = {
    "op": "bør stige",
    "ned": "bør falde",
    "ikke_stige": "bør ikke stige",
    "ikke_falde": "bør ikke falde",
    "neutral": "ingen ønsket retning (overvågning)",
}
# Whether a higher value is better, worse or neither, from the hoped-for direction.
POLARITIES: dict[str, str] = {
    "op": "higher_better", "ikke_falde": "higher_better",
    "ned": "lower_better", "ikke_stige": "lower_better",
    "neutral": "neutral",
}
# Pooling rules a key figure may declare instead of its unit's.
POOLINGS: frozenset[str] = frozenset(
    {"rate", "rate_or_mean", "mean", "sum", "difference", "max", "min"})

FREQUENCIES: dict[str, str] = {
    "skaeringsdato": "pr. skæringsdato",
    "aar": "pr. regnskabsår (dato = 31. december)",
    "skoleaar": "pr. skoleår (dato = 1. august i skoleårets start)",
    "indsats": "pr. indsats (dato = sidste dag i den seneste indberettede periode)",
}
# How the dashboard's period (fra..til) selects a frequency's rows (``services.views``):
# ``dato`` = fra <= dato <= til; ``aar`` = the calendar years of fra..til; ``slut`` = the
# school years (from ``dato``) that end (31 July) within fra..til; ``altid`` = every row (a cost assessment
# of an intervention is not a time series, so no period hides it).
PERIOD_SELECTION: dict[str, str] = {
    "skaeringsdato": "dato",
    "aar": "aar",
    "skoleaar": "slut",
    "indsats": "altid",
}
if set(PERIOD_SELECTION) != set(FREQUENCIES):
    raise ValueError("every frequency needs a period selection")


# The inputs a key figure broken down by unit may read (the case-level data and the
# population) and the case-level ones among them it must read.
CASE_LEVEL_INPUTS: frozenset[str] = frozenset({"foranstaltninger", "befolkning", "opfoelgninger"})
CASE_INPUTS: frozenset[str] = frozenset({"foranstaltninger", "opfoelgninger"})


@dataclass(frozen=True)
class Headline:
    """The value a key figure shows as a headline card: the row of ``dimension`` ("" when
    the figure has no breakdown) under ``label``; ``short`` names it in running text.
    ``overview`` puts the card on Overblik (and in the udvalgsrapport's overview) as well
    as on the figure's page."""

    dimension: str
    label: str
    short: str = ""
    overview: bool = False


@dataclass(frozen=True)
class KeyFigure:
    """One catalogued key figure.

    ``dimensions`` maps each dimension value to its Danish label (empty when the figure has
    no breakdown). ``choices`` documents every interpretation the project made where the
    source is vague. Behaviour (all optional, with defaults from the unit and theme):

    * ``polarity`` — ``higher_better``, ``lower_better`` or ``neutral`` (from ``direction``);
    * ``headline`` — the figure's headline card (:class:`Headline`), or None;
    * ``difference_of`` — the id of the figure whose two groups this is the difference of
      (hidden with it, recomputed from it in a comparison group);
    * ``is_amount`` — values rest on kroner, not individuals (never suppressed);
    * ``page`` — the key of the page that shows it (default: its theme's page);
    * ``parameters`` — the fields of ``MetricParams`` the computation reads;
    * ``pooling`` — how a comparison group combines it (default: its unit's);
    * ``unit_report`` — the udvalgsrapport's «Pr. enhed» section shows it by unit (enhed),
      and the first such figure is the one the pages' unit view opens with; only for a
      figure broken down by unit (:attr:`by_unit`).
    * ``uses`` — other key figures whose shown rows the figure's block puts beside it (e.g.
      the municipality's own cost per child on a step, to compare an intervention with); they
      stay on their own page and are only read here.
    """

    id: str
    theme: str
    name: str
    how_to_read: str  # "Sådan læses tallet", plain Danish
    unit: str
    numerator: str
    denominator: str
    inputs: tuple[str, ...]
    direction: str
    caveats: tuple[str, ...]
    source: str
    frequency: str = "skaeringsdato"
    dimensions: dict[str, str] = field(default_factory=dict)
    choices: tuple[str, ...] = ()
    polarity: str | None = None
    headline: Headline | None = None
    difference_of: str | None = None
    is_amount: bool | None = None
    page: str | None = None
    parameters: tuple[str, ...] = ()
    pooling: str | None = None
    unit_report: bool = False
    uses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.theme not in THEMES:
            raise ValueError(f"{self.id}: unknown theme {self.theme!r}")
        if self.unit not in UNIT_TYPES:
            raise ValueError(f"{self.id}: unknown unit {self.unit!r}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"{self.id}: unknown direction {self.direction!r}")
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"{self.id}: unknown frequency {self.frequency!r}")
        unit = UNIT_TYPES[self.unit]
        defaults = {
            "polarity": POLARITIES[self.direction],
            "is_amount": unit.amount,
            "page": THEME_BY_KEY[self.theme].page,
            "pooling": unit.pooling,
        }
        for name, value in defaults.items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, value)
        if self.polarity not in set(POLARITIES.values()):
            raise ValueError(f"{self.id}: unknown polarity {self.polarity!r}")
        if self.page not in PAGE_BY_KEY:
            raise ValueError(f"{self.id}: unknown page {self.page!r}")
        if self.pooling not in POOLINGS:
            raise ValueError(f"{self.id}: unknown pooling {self.pooling!r}")
        if self.headline is not None and self.headline.dimension and \
                self.headline.dimension not in self.dimensions:
            raise ValueError(f"{self.id}: headline dimension {self.headline.dimension!r} "
                             "is not one of its dimensions")
        object.__setattr__(self, "parameters", tuple(self.parameters))
        object.__setattr__(self, "uses", tuple(self.uses))
        if self.unit_report and not self.by_unit:
            raise ValueError(f"{self.id}: unit_report needs a figure broken down by unit "
                             f"(inputs within {sorted(CASE_LEVEL_INPUTS)})")

    @property
    def by_unit(self) -> bool:
        """Broken down by unit (enhed, data contract section 10): computed from case-level
        data only (``foranstaltninger`` or ``opfoelgninger``, with ``befolkning`` for
        rates)."""
        inputs = set(self.inputs)
        return inputs <= CASE_LEVEL_INPUTS and bool(inputs & CASE_INPUTS)

    @property
    def unit_type(self) -> Unit:
        return UNIT_TYPES[self.unit]

    @property
    def unit_label(self) -> str:
        return UNITS[self.unit]

    @property
    def direction_label(self) -> str:
        return DIRECTIONS[self.direction]

    @property
    def period_selection(self) -> str:
        """How a period selects the figure's rows (:data:`PERIOD_SELECTION`)."""
        return PERIOD_SELECTION[self.frequency]

    @property
    def theme_title(self) -> str:
        return THEMES[self.theme]

    @property
    def individuals(self) -> str:
        """Who the figure's counts are about in running text ("børn", "elever")."""
        return THEME_BY_KEY[self.theme].individuals

    # What primary suppression checks (rule 1 of ``noegletal.metrics.suppression``).
    @property
    def checks_value(self) -> bool:
        return not self.is_amount and self.unit_type.counts_value

    @property
    def checks_taeller(self) -> bool:
        return not self.is_amount and self.unit_type.counts_taeller

    @property
    def checks_naevner(self) -> bool:
        return not self.is_amount and self.unit_type.counts_naevner


def theme_modules() -> tuple:
    """The theme modules in catalogue order (each has ``DEFINITIONS`` and ``compute``)."""
    from noegletal.metrics import (
        casework,
        cost,
        expenditure,
        flows,
        ladder,
        placements,
        preventive,
        progression,
        school,
    )

    return (placements, ladder, preventive, expenditure, school, casework, flows, progression,
            cost)


def _collect() -> dict[str, KeyFigure]:
    out: dict[str, KeyFigure] = {}
    for module in theme_modules():
        for kf in module.DEFINITIONS:
            if kf.id in out:
                raise ValueError(f"key figure {kf.id} declared twice")
            out[kf.id] = kf
    for kf in out.values():
        if kf.difference_of is not None and kf.difference_of not in out:
            raise ValueError(f"{kf.id}: difference of unknown key figure {kf.difference_of}")
        for used in kf.uses:
            if used not in out or used == kf.id:
                raise ValueError(f"{kf.id}: uses unknown key figure {used}")
    return out


_CATALOGUE: dict[str, KeyFigure] | None = None


def get_catalogue() -> dict[str, KeyFigure]:
    """Every key figure by id (gathered on first use, so theme modules can import
    :class:`KeyFigure` from here without an import cycle)."""
    global _CATALOGUE
    if _CATALOGUE is None:
        _CATALOGUE = _collect()
    return _CATALOGUE


def __getattr__(name: str):
    # ``from noegletal.metrics.catalogue import CATALOGUE`` (PEP 562 lazy attribute)
    if name == "CATALOGUE":
        return get_catalogue()
    raise AttributeError(name)


def difference_figure(kf_id: str,
                      catalogue: dict[str, KeyFigure] | None = None) -> KeyFigure | None:
    """The key figure that is the difference between the groups of ``kf_id`` (its
    ``difference_of`` is ``kf_id``), or None."""
    cat = get_catalogue() if catalogue is None else catalogue
    return next((kf for kf in cat.values() if kf.difference_of == kf_id), None)


def figures_on_page(page: str, catalogue: dict[str, KeyFigure] | None = None) -> list[KeyFigure]:
    """The key figures a page shows, in catalogue order."""
    cat = get_catalogue() if catalogue is None else catalogue
    return [kf for kf in cat.values() if kf.page == page]


def page_figure_ids(page: str) -> tuple[str, ...]:
    """The ids of the key figures a page shows (what it asks the views for)."""
    return tuple(kf.id for kf in figures_on_page(page))


def page_input_ids(page: str) -> tuple[str, ...]:
    """The ids a page asks the views for: its own figures and, after them, the figures they
    ``use`` from other pages (each once)."""
    own = page_figure_ids(page)
    used = (u for kf in figures_on_page(page) for u in kf.uses)
    return tuple(dict.fromkeys((*own, *used)))


def headline_figures(page: str | None = None,
                     catalogue: dict[str, KeyFigure] | None = None) -> list[KeyFigure]:
    """Key figures with a headline card: on ``page``, or (``page=None``) on Overblik, in
    page order and then catalogue order."""
    cat = get_catalogue() if catalogue is None else catalogue
    if page is not None:
        return [kf for kf in figures_on_page(page, cat) if kf.headline is not None]
    return [kf for p in THEME_PAGES for kf in figures_on_page(p.key, cat)
            if kf.headline is not None and kf.headline.overview]
