"""The accessibility statement (tilgængelighedserklæring) and the axe-core results behind it.

The browser tests run axe-core on every view (``tests/browser/test_accessibility.py`` and
``test_pages.py``) and record the result per view in ``docs/a11y/axe-results.json``. The statement page and the
README's table are generated from that file, so they show the latest check and cannot drift
from it: the browser tests fail when the committed file no longer matches the app.

The statement follows the structure Digitaliseringsstyrelsen's WAS-Tool asks for:
compliance status, content that is not accessible, how the statement was made (method and
date), feedback and contact, and the enforcement procedure.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from noegletal.presentation.formatting import format_date
from noegletal.settings import PROJECT_ROOT

RESULTS_PATH = PROJECT_ROOT / "docs" / "a11y" / "axe-results.json"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
FAILING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Exclusion:
    """A violation Streamlit causes and the app cannot fix: excluded for this rule on the
    elements matching this selector only."""

    rule: str
    selector: str
    element: str  # Danish: which element
    why: str  # Danish: why the app cannot fix it, and what the user has instead


EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion(
        rule="svg-img-alt",
        selector="[data-testid='stMetric'] g.role-mark[role='graphics-symbol']",
        element="Den lille kurve i nøgletalskortene på Overblik",
        why="Streamlit tegner kurven med Vega og giver en tom gruppe af markeringer rollen "
            "«graphics-symbol» uden tekst; appen kan ikke sætte tekst på den. Kurven er en "
            "gentagelse af kortets tal: kortets tekst nævner seneste værdi, ændringen og "
            "perioden, og temasidens tabel viser hele udviklingen.",
    ),
)

# What a checker cannot see: known gaps found by hand, with what the user has instead.
KNOWN_GAPS: tuple[tuple[str, str], ...] = (
    ("Graferne kan ikke udforskes punkt for punkt med tastaturet",
     "Plotly-graferne viser værdien ved et punkt, når musen holdes over det. Under hver graf "
     "står en sætning, der opsummerer den, og «Vis som tabel» viser de samme tal (også de "
     "skjulte små tal som «<5»); tallene kan også hentes som CSV og Excel."),
    ("Intet «spring til indhold»-link",
     "Streamlit har ikke et link, der springer menuen over. Siden har landemærker "
     "(navigation, hovedindhold) og overskrifter i rækkefølge, som skærmlæsere kan hoppe "
     "imellem, og menuen i sidepanelet kan lukkes."),
    ("Båndene i diagrammet over overgange mellem trin er lyse",
     "Båndene i Sankey-diagrammet på Indsatstrappen er gennemsigtige, så de overlappende bånd "
     "kan ses, og har derfor under 3:1 mod baggrunden. Trinnenes felter og tekster har fuld "
     "kontrast, og tabellen under diagrammet viser antallet af børn for hver overgang."),
    ("Udvalgsrapportens grafer har ingen opsummerende sætning",
     "I den hentede HTML-rapport står tallene i en tabel under hver graf, men sætningen, der "
     "siger, hvad grafen viser, findes kun i dashboardet."),
)


def load_results(path: Path | None = None) -> dict:
    """The committed axe results (empty when no check has been recorded)."""
    path = path or RESULTS_PATH
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def checked_date(results: dict) -> dt.date | None:
    text = results.get("checked")
    return dt.date.fromisoformat(text) if text else None


def compliance_status(results: dict) -> str:
    """The WAS-Tool's three levels, in its own Danish words.

    >>> compliance_status({"views": {"a": {"violations": 0, "excluded": []}}})[:25]
    'Delvist i overensstemmels'
    >>> compliance_status({})
    'Ikke vurderet: der er ikke registreret en automatisk kontrol endnu.'
    """
    views = results.get("views") or {}
    if not views:
        return "Ikke vurderet: der er ikke registreret en automatisk kontrol endnu."
    if any(v.get("violations") for v in views.values()):
        return ("Ikke i overensstemmelse med webtilgængelighedsloven: den automatiske "
                "kontrol har fundet alvorlige fejl.")
    if KNOWN_GAPS or any(v.get("excluded") for v in views.values()):
        return ("Delvist i overensstemmelse med webtilgængelighedsloven (WCAG 2.1 niveau A "
                "og AA): den automatiske kontrol finder ingen alvorlige eller kritiske fejl, "
                "men der er de kendte mangler, som er nævnt nedenfor.")
    return "I overensstemmelse med webtilgængelighedsloven (WCAG 2.1 niveau A og AA)."


def views_table(results: dict) -> str:
    """The per-view table (markdown): view, kind, serious/critical violations, exclusions."""
    views = results.get("views") or {}
    lines = ["| Visning | Type | Alvorlige eller kritiske fejl | Undtaget (Streamlit) |",
             "| --- | --- | ---: | --- |"]
    for v in views.values():
        excluded = ", ".join(f"`{r}`" for r in v.get("excluded", [])) or "–"
        lines.append(f"| {v['title']} | {v['kind']} | {v['violations']} | {excluded} |")
    return "\n".join(lines)


def views_list(results: dict) -> str:
    """The per-view results as a list (fits a 320 px screen, unlike a table)."""
    views = results.get("views") or {}
    lines = []
    for v in views.values():
        n = v["violations"]
        text = f"- **{v['title']}** ({v['kind'].lower()}): "
        text += ("ingen alvorlige eller kritiske fejl" if n == 0 else
                 f"{n} alvorlige eller kritiske fejl")
        if v.get("excluded"):
            text += "; undtaget: " + ", ".join(f"`{r}`" for r in v["excluded"])
        lines.append(text)
    return "\n".join(lines) or "- Ingen visninger er kontrolleret endnu."


def exclusions_table() -> str:
    lines = ["| Regel | Element | Hvorfor |", "| --- | --- | --- |"]
    for e in EXCLUSIONS:
        lines.append(f"| `{e.rule}` | {e.element} (`{e.selector}`) | {e.why} |")
    return "\n".join(lines)


def exclusions_list() -> str:
    """The exclusions as a list (a table of long texts would not fit a 320 px screen)."""
    return "\n".join(f"- Reglen `{e.rule}` på {e.element[:1].lower()}{e.element[1:]} "
                     f"(`{e.selector}`): {e.why}" for e in EXCLUSIONS)


def readme_section(results: dict) -> str:
    """The README's generated part: date, checker, per-view table, exclusions."""
    date = checked_date(results)
    head = (f"Seneste kontrol: {format_date(date)} med axe-core {results.get('axe_version')} "
            f"(reglerne {', '.join(AXE_TAGS)}); en fejl med alvor «serious» eller «critical» "
            "får testene til at fejle." if date else
            "Der er ikke registreret en automatisk kontrol endnu.")
    return "\n\n".join([head, views_table(results), "Undtaget, fordi Streamlit selv "
                        "forårsager fejlen (kun for den nævnte regel på de nævnte elementer):",
                        exclusions_table()])


def statement_markdown(results: dict, *, contact: str = "") -> str:
    """The whole statement as markdown, in the WAS-Tool's order."""
    date = checked_date(results)
    date_text = format_date(date) if date else "ikke registreret"
    version = results.get("axe_version", "")
    contact_text = contact.strip() or (
        "kommunens webansvarlige eller den afdeling, der har sendt dig linket (kommunen "
        "indsætter sine kontaktoplysninger, når erklæringen offentliggøres med WAS-Tool)")
    gaps = "\n".join(f"- **{title}.** {text}" for title, text in KNOWN_GAPS)
    return f"""\
Kommunen ønsker, at alle kan bruge dashboardet med nøgletal for udsatte børn og unge, også
med skærmlæser, kun med tastatur, med forstørrelse eller på en lille skærm. Erklæringen
gælder dashboardet (alle sider, præsentationsvisningen og delte links) og den udvalgsrapport
(HTML), der kan hentes fra Overblik.

### Overholdelsesstatus

{compliance_status(results)}

### Indhold, der ikke er tilgængeligt

**Kendte mangler, som en automatisk kontrol ikke ser:**

{gaps}

**Fejl, som Streamlit selv forårsager, og som appen ikke kan rette.** De er undtaget fra den
automatiske kontrol, men kun for den nævnte regel på de nævnte elementer:

{exclusions_list()}

### Sådan er erklæringen udarbejdet

Erklæringen er dannet automatisk ud fra seneste kontrol, så den ikke kan blive forældet:
testene åbner hver visning i en rigtig browser og kører axe-core {version} med reglerne for
WCAG 2.1 niveau A og AA. Derudover er graferne, farvekontrasten, tastaturbetjening, en skærm
på 320 px og forstørrelse til 200 % testet (selvevaluering).

**Seneste kontrol: {date_text}.**

{views_list(results)}

### Feedback og kontaktoplysninger

Oplever du et problem med tilgængeligheden, eller har du brug for tallene i en anden form,
så skriv til {contact_text}. Skriv gerne, hvilken side og hvilket valg det drejer sig om
(linket fra «Del link» viser præcis visningen).

### Håndhævelsesprocedure

Får du ikke et svar, du kan bruge, kan du klage til Digitaliseringsstyrelsen, som fører
tilsyn med, at offentlige organisationer overholder webtilgængelighedsloven.
"""
