"""The documentation of the key figures, generated from the catalogue.

Nothing here is written per key figure: every text comes from
:data:`noegletal.metrics.catalogue.CATALOGUE`, the extract declarations
(:data:`noegletal.domain.schema.EXTRACTS`), the suppression rule
(:func:`noegletal.metrics.suppression.suppression_note`) and the measure vocabulary
(:data:`noegletal.domain.vocabulary.INDSATSER`). The page «Om nøgletallene» shows the data
built here, and :func:`render_markdown` writes the same content as ``docs/NOEGLETAL.md``::

    python -m noegletal.presentation.docs docs/NOEGLETAL.md
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from noegletal.domain.schema import EXTRACTS
from noegletal.domain.vocabulary import (
    BARNETS_LOV_FROM,
    INDSATSER,
    STEP_LABELS,
    normalise_token,
)
from noegletal.metrics.catalogue import (
    FREQUENCIES,
    PAGE_BY_KEY,
    THEMES,
    KeyFigure,
    get_catalogue,
)
from noegletal.metrics.params import SUPPRESSION_THRESHOLD
from noegletal.metrics.suppression import MIN_THRESHOLD, SECONDARY_MARK, suppression_note
from noegletal.presentation.formatting import format_date

NO_DIMENSIONS = "Ingen opdeling: ét tal pr. kommune og periode."


@dataclass(frozen=True)
class FigureDoc:
    """Everything the catalogue says about one key figure, in Danish, ready to show."""

    id: str
    name: str
    theme: str
    theme_title: str
    how_to_read: str
    unit: str
    frequency: str
    numerator: str
    denominator: str
    inputs: tuple[tuple[str, str], ...]  # (extract name, its Danish label)
    dimensions: tuple[tuple[str, str], ...]  # (value, Danish label)
    direction: str
    caveats: tuple[str, ...]
    source: str
    choices: tuple[str, ...]
    page: str = ""  # the navigation title of the page that shows it

    @property
    def input_labels(self) -> list[str]:
        return [label for _, label in self.inputs]

    @property
    def search_text(self) -> str:
        """All the texts of the figure, folded for search (see :func:`fold`)."""
        parts = [self.id, self.name, self.theme_title, self.how_to_read, self.unit,
                 self.frequency, self.numerator, self.denominator, self.direction, self.source,
                 *(f"{c} {lbl}" for c, lbl in self.inputs),
                 *(f"{v} {lbl}" for v, lbl in self.dimensions), *self.caveats, *self.choices]
        return fold(" ".join(parts))


@dataclass(frozen=True)
class ThemeDoc:
    key: str
    title: str
    figures: tuple[FigureDoc, ...]


@dataclass(frozen=True)
class LegalBasis:
    """One measure code with its step and the paragraph it was granted under."""

    code: str
    label: str
    step: str  # Danish step label, or how an event counts
    placed: bool
    before: str  # Serviceloven, before 1 January 2024
    from_2024: str  # Barnets Lov, from 1 January 2024


def fold(text: str) -> str:
    """Lower case with æ, ø, å folded to ae, oe, aa, so "nøgletal" matches "noegletal"."""
    return normalise_token(text)


def figure_doc(kf: KeyFigure) -> FigureDoc:
    """The documentation of one catalogue entry."""
    inputs = tuple((name, EXTRACTS[name].label if name in EXTRACTS else name)
                   for name in kf.inputs)
    return FigureDoc(
        id=kf.id,
        name=kf.name,
        theme=kf.theme,
        theme_title=THEMES[kf.theme],
        how_to_read=kf.how_to_read,
        unit=kf.unit_label,
        frequency=FREQUENCIES[kf.frequency],
        numerator=kf.numerator,
        denominator=kf.denominator,
        inputs=inputs,
        dimensions=tuple(kf.dimensions.items()),
        direction=kf.direction_label[:1].upper() + kf.direction_label[1:],
        caveats=tuple(kf.caveats),
        source=kf.source,
        choices=tuple(kf.choices),
        page=PAGE_BY_KEY[kf.page].title,
    )


def catalogue_docs(catalogue: Mapping[str, KeyFigure] | None = None) -> list[ThemeDoc]:
    """Every key figure grouped by theme, themes in the catalogue's order, figures in the
    order they are declared. Themes without figures are left out."""
    cat = catalogue if catalogue is not None else get_catalogue()
    grouped: dict[str, list[FigureDoc]] = {key: [] for key in THEMES}
    for kf in cat.values():
        grouped[kf.theme].append(figure_doc(kf))
    return [ThemeDoc(key, THEMES[key], tuple(figures))
            for key, figures in grouped.items() if figures]


def search_docs(docs: Sequence[ThemeDoc], query: str) -> list[ThemeDoc]:
    """The themes and figures whose texts contain every word of ``query`` (case, æøå and
    word order do not matter); all of ``docs`` for an empty query."""
    words = fold(query).split()
    if not words:
        return list(docs)
    out = []
    for theme in docs:
        hits = tuple(f for f in theme.figures if all(w in f.search_text for w in words))
        if hits:
            out.append(ThemeDoc(theme.key, theme.title, hits))
    return out


def count_figures(docs: Sequence[ThemeDoc]) -> int:
    return sum(len(t.figures) for t in docs)


# --- suppression and legal basis --------------------------------------------------------------

def suppression_paragraphs(threshold: int) -> list[str]:
    """The suppression rule for a lay reader, with the threshold in force."""
    n = int(threshold)
    return [
        f"Tal, der bygger på meget få børn, vises ikke, så ingen kan genkende et bestemt barn "
        f"eller en bestemt familie. Bygger et tal på 1 til {n - 1} børn – eller er en andel, "
        f"et gennemsnit eller et tal pr. 1.000 børn beregnet på så få – står der «<{n}» i "
        "stedet for tallet, og punktet er udeladt i figurerne.",
        f"Nogle gange skjules også et større tal, markeret «{SECONDARY_MARK}». Det sker, når "
        "det skjulte lille tal ellers kunne regnes ud, fx fordi en fordeling altid giver 100 "
        "procent, eller fordi et i alt-tal står ved siden af. Nul vises som 0.",
        "En sammenligningsgruppe viser kun tal, der også kan ses for hver enkelt kommune i "
        "gruppen. Er et tal skjult for bare én af kommunerne, skjules gruppens tal for samme "
        "nøgletal, periode og opdeling også («..»). Ellers kunne man trække de viste kommuners "
        "tal fra gruppens – eller en gruppe fra en anden – og finde det skjulte tal. Reglen "
        "gælder i figurer, tabeller, downloads og udvalgsrapporten, og for både værdien, "
        "tælleren og nævneren.",
        "Tallene for hele landet er offentliggjort af andre, fx Danmarks Statistik, og vises, "
        "som de er indlæst. De omfatter alle landets kommuner og er opgjort på en anden måde "
        "end kommunernes egne tal, så et skjult tal kan ikke regnes ud ved at trække de viste "
        "kommuner fra landstallet. Rummer dashboardet alle landets kommuner, skjules "
        "landstallet efter samme regel som en gruppe.",
        f"Grænsen er {n}. Kommunen kan sætte den højere, men aldrig under "
        f"{MIN_THRESHOLD}, som svarer til Danmarks Statistiks praksis for diskretionering.",
        f"Forklaringen under figurerne: {suppression_note(n)}",
    ]


def legal_basis() -> list[LegalBasis]:
    """Every measure code of the data contract with its step and legal basis."""
    out = []
    for code, ind in INDSATSER.items():
        step = STEP_LABELS[ind.step] if ind.step else "Hændelse (ikke et trin)"
        out.append(LegalBasis(code, ind.label, step, ind.placed, ind.paragraph_sel,
                              ind.paragraph_bl))
    return out


def legal_basis_table() -> pd.DataFrame:
    """:func:`legal_basis` as a Danish display table."""
    before = f"Før {format_date(BARNETS_LOV_FROM)} (serviceloven)"
    after = f"Fra {format_date(BARNETS_LOV_FROM)} (barnets lov)"
    return pd.DataFrame([{
        "Indsats": r.label,
        "Kode i udtrækket": r.code,
        "Trin på indsatstrappen": r.step,
        "Anbringelse": "Ja" if r.placed else "Nej",
        before: r.before,
        after: r.from_2024,
    } for r in legal_basis()])


def legal_basis_paragraphs() -> list[str]:
    """Why two paragraphs are given for every measure, for a lay reader."""
    start = format_date(BARNETS_LOV_FROM)
    example = INDSATSER["forebyggende_11_3"]
    return [
        f"Reglerne om hjælp til børn og unge stod indtil {start} i serviceloven (SEL). Fra "
        f"{start} står de i barnets lov (BL). Indsatserne er i det store hele de samme, men "
        f"paragrafferne har fået nye numre – fx hedder et forebyggende forløb efter "
        f"{example.paragraph_sel} i dag et forløb efter {example.paragraph_bl}.",
        "Nøgletallene tæller indsatserne efter, hvad de er, ikke efter paragrafnummeret, så en "
        "udvikling kan følges hen over lovskiftet. Tabellen viser, hvilken paragraf en "
        "indsats blev bevilget efter før og efter skiftet, og hvilket trin på indsatstrappen "
        "den hører til. Børnefaglige undersøgelser og underretninger er hændelser, ikke trin.",
    ]


# --- Markdown ---------------------------------------------------------------------------------

def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def figure_markdown(f: FigureDoc) -> str:
    """One key figure as a Markdown section: heading, id and :func:`figure_body_markdown`."""
    return f"### {f.name}\n\n`{f.id}` · {f.theme_title}\n\n{figure_body_markdown(f)}"


def figure_body_markdown(f: FigureDoc) -> str:
    """How to read the figure, its definition table, breakdown, caveats and choices."""
    lines = [f"**Sådan læses tallet.** {f.how_to_read}", "",
             "| | |", "|---|---|",
             f"| Enhed | {_md_escape(f.unit)} |",
             f"| Hyppighed | {_md_escape(f.frequency)} |",
             f"| Tæller | {_md_escape(f.numerator)} |",
             f"| Nævner | {_md_escape(f.denominator)} |",
             f"| Bygger på | {_md_escape(', '.join(f.input_labels))} |",
             f"| Ønsket retning | {_md_escape(f.direction)} |",
             f"| Kilde | {_md_escape(f.source)} |",
             *([f"| Vises på siden | {_md_escape(f.page)} |"] if f.page else []), ""]
    if f.dimensions:
        lines += ["**Opdeling:** " + "; ".join(f"`{v}` {lbl}" for v, lbl in f.dimensions), ""]
    else:
        lines += [f"**Opdeling:** {NO_DIMENSIONS}", ""]
    if f.caveats:
        lines += ["**Vær opmærksom på:**", "", *(f"- {c}" for c in f.caveats), ""]
    if f.choices:
        lines += ["**Valg truffet i beregningen:**", "", *(f"- {c}" for c in f.choices), ""]
    return "\n".join(lines)


def render_markdown(threshold: int,
                    catalogue: Mapping[str, KeyFigure] | None = None) -> str:
    """The whole documentation as Markdown (``docs/NOEGLETAL.md``)."""
    docs = catalogue_docs(catalogue)
    out = [
        "# Om nøgletallene",
        "",
        "<!-- Genereret fra nøgletalskataloget med `python -m noegletal.presentation.docs "
        "docs/NOEGLETAL.md`. Ret i kataloget, ikke her. -->",
        "",
        f"Kataloget har {count_figures(docs)} nøgletal i {len(docs)} temaer. For hvert "
        "nøgletal står, hvordan det læses, hvad der tælles (tæller og nævner), hvilke udtræk "
        "det bygger på, hvilken vej man håbede det ville bevæge sig, hvad man skal være "
        "opmærksom på, og hvilke valg der er truffet, hvor kilden ikke er præcis.",
        "",
        "## Indhold",
        "",
        *(f"- {t.title} ({len(t.figures)} nøgletal)" for t in docs),
        "- Små tal vises ikke (diskretionering)",
        "- Indsatserne og deres lovgrundlag",
        "",
    ]
    for theme in docs:
        out += [f"## {theme.title}", ""]
        out += [figure_markdown(f) for f in theme.figures]
    out += ["## Små tal vises ikke (diskretionering)", "",
            *(p + "\n" for p in suppression_paragraphs(threshold))]
    out += ["## Indsatserne og deres lovgrundlag", "",
            *(p + "\n" for p in legal_basis_paragraphs())]
    table = legal_basis_table()
    out.append("| " + " | ".join(table.columns) + " |")
    out.append("|" + "---|" * len(table.columns))
    for row in table.itertuples(index=False):
        out.append("| " + " | ".join(_md_escape(str(v)) for v in row) + " |")
    return "\n".join(out).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the Markdown to the path given (or standard output)."""
    args = list(sys.argv[1:] if argv is None else argv)
    # The committed file documents the default threshold, not this machine's setting.
    text = render_markdown(SUPPRESSION_THRESHOLD)
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
