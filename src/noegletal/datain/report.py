"""Danish reports of validation problems: a text report, a table, and a CSV for download."""

from __future__ import annotations

import io
from collections.abc import Iterable

import pandas as pd

from noegletal.datain.problems import FEJL, KIND_LABELS, Problem

TABLE_COLUMNS = ("fil", "række", "kolonne", "værdi", "alvor", "type", "besked")


def _count(n: int, severity: str) -> str:
    if severity == FEJL:
        return f"{n} fejl"
    return f"{n} advarsel" if n == 1 else f"{n} advarsler"


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind or "Andet")


def problem_table(problems: Iterable[Problem]) -> pd.DataFrame:
    """One row per problem with Danish column names (``række`` is empty for whole-file
    problems)."""
    rows = [(p.file, p.row, p.column or "", p.value if p.value is not None else "", p.severity,
             kind_label(p.kind), p.message) for p in problems]
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    table["række"] = table["række"].astype("Int64")
    return table


def summary(problems: Iterable[Problem]) -> pd.DataFrame:
    """Counts per file, severity and kind of problem (errors first, then most frequent)."""
    table = problem_table(problems)
    counts = (table.groupby(["fil", "alvor", "type"], sort=False).size()
              .rename("antal").reset_index())
    counts["_order"] = (counts["alvor"] != FEJL).astype(int)
    counts = counts.sort_values(["fil", "_order", "antal", "type"],
                                ascending=[True, True, False, True], kind="stable")
    return counts.drop(columns="_order").reset_index(drop=True)


def text_report(problems: Iterable[Problem], max_lines_per_file: int | None = None) -> str:
    """A Danish plain-text report: per file the totals, the counts per kind of problem, then
    every problem on its own line (``Række 14, kolonne «startdato»: ...``).

    ``max_lines_per_file`` limits the listed problems per file (the counts stay complete).
    """
    problems = list(problems)
    if not problems:
        return "Ingen problemer fundet."
    by_file: dict[str, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.file, []).append(p)
    blocks = []
    for file, items in by_file.items():
        n_err = sum(p.is_error for p in items)
        n_warn = len(items) - n_err
        lines = [f"{file}: {_count(n_err, FEJL)} og {_count(n_warn, 'advarsel')}"]
        counts = summary(items)
        for _, row in counts.iterrows():
            lines.append(f"  {row['type']}: {_count(int(row['antal']), row['alvor'])}")
        for title, wanted in (("Fejl", True), ("Advarsler", False)):
            chosen = [p for p in items if p.is_error == wanted]
            if not chosen:
                continue
            lines.append(f"{title}:")
            shown = chosen if max_lines_per_file is None else chosen[:max_lines_per_file]
            lines.extend(f"  {p.text}" for p in shown)
            if len(shown) < len(chosen):
                lines.append(f"  ... og {len(chosen) - len(shown)} mere (se den fulde liste i "
                             "CSV-filen).")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _defuse(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def problems_csv(problems: Iterable[Problem]) -> bytes:
    """The problems as a CSV for download: UTF-8 with BOM and ``;`` as separator, so Danish
    Excel opens it with æøå intact; text that could run as a formula is prefixed with ``'``."""
    table = problem_table(problems)
    for c in ("fil", "kolonne", "værdi", "type", "besked"):
        table[c] = table[c].map(_defuse)
    buf = io.StringIO()
    table.to_csv(buf, sep=";", index=False)
    return buf.getvalue().encode("utf-8-sig")


def refused_rows_csv(refused: pd.DataFrame) -> bytes:
    """The refused rows (from :class:`~noegletal.datain.validation.ValidationResult`) as a
    CSV for download, in the same format as :func:`problems_csv`."""
    table = refused.copy()
    for c in table.columns:
        if table[c].dtype == object:
            table[c] = table[c].map(_defuse)
    buf = io.StringIO()
    table.to_csv(buf, sep=";", index=False)
    return buf.getvalue().encode("utf-8-sig")
