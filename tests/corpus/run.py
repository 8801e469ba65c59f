"""Run corpus cases through the data-in layer and describe the results (shared by the tests
and ``scripts/corpus_table.py``)."""

from __future__ import annotations

from noegletal.datain.load import read_and_validate
from noegletal.datain.problems import Problem
from noegletal.datain.validation import ValidationResult
from tests.corpus.manifest import ADVARSLER, AFVIST, OUTCOME_LABELS, RAEKKER_AFVIST, TODAY, Case

IMPORTED = "indlæst"


def validate_case(case: Case) -> ValidationResult:
    """Read and validate the case's file as the analyst uploads it (upload date ``TODAY``)."""
    return read_and_validate(case.data(), case.file, kind=case.kind, today=TODAY)


def outcome_of(result: ValidationResult) -> str:
    """:data:`AFVIST` when nothing in the file can be imported, :data:`RAEKKER_AFVIST` when some
    rows have errors, :data:`ADVARSLER` when it imports with warnings, else ``indlæst``."""
    if result.kind is None or result.file_refused or result.n_valid == 0:
        return AFVIST
    if not result.ok:
        return RAEKKER_AFVIST
    return ADVARSLER if result.warnings else IMPORTED


def first_message(result: ValidationResult) -> Problem:
    """The first error, or the first warning when there is no error."""
    return (result.errors or result.warnings)[0]


def _cell(text: str) -> str:
    """Text for a Markdown table cell: no line breaks, ``|`` escaped, HTML shown as text."""
    text = " ".join(text.split())
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|"))


def markdown_table(cases: tuple[Case, ...], results: dict[str, ValidationResult]) -> str:
    """The corpus as a Danish Markdown document: one row per file with what is broken, the
    outcome and the first message the analyst sees."""
    counts = {o: sum(outcome_of(results[c.file]) == o for c in cases) for o in OUTCOME_LABELS}
    lines = [
        "# Korpus af fejlbehæftede udtræk",
        "",
        f"{len(cases)} bevidst ødelagte filer (`tests/corpus/`) køres gennem kontrollen og "
        "importen i hver testkørsel, på SQLite og, når en PostgreSQL-server er sat op "
        "(`NOEGLETAL_TEST_POSTGRES_URL`), også på PostgreSQL. For hver fil kontrolleres "
        "udfaldet, den danske besked og rækkenummeret, at en afvist fil lader databasen "
        "være uændret og bliver skrevet i revisionsloggen, og at CPR-lignende værdier "
        "aldrig optræder i beskeder, rapporter, afviste rækker eller log.",
        "",
        f"- {OUTCOME_LABELS[AFVIST]}: {counts[AFVIST]} filer",
        f"- {OUTCOME_LABELS[RAEKKER_AFVIST]}: {counts[RAEKKER_AFVIST]} filer "
        "(«importér alt eller intet» gemmer intet)",
        f"- {OUTCOME_LABELS[ADVARSLER]}: {counts[ADVARSLER]} filer",
        "",
        "Tabellen dannes med `.venv/bin/python scripts/corpus_table.py`; en test fejler, hvis "
        "den ikke er opdateret.",
        "",
        "| Fil | Hvad er galt | Udfald | Første besked |",
        "| --- | --- | --- | --- |",
    ]
    for case in cases:
        result = results[case.file]
        outcome = outcome_of(result)
        label = OUTCOME_LABELS.get(outcome, outcome)
        lines.append(f"| `{case.file}` | {_cell(case.broken)} | {label} | "
                     f"{_cell(first_message(result).text)} |")
    return "\n".join(lines) + "\n"
