"""Validate a :class:`~noegletal.datain.readers.RawTable` against an extract of the contract.

The checks are declarative and vectorised:

1. **CPR** (:mod:`noegletal.datain.cpr`): every column, also unknown ones, is scanned; a
   CPR-like value refuses the whole file. The values are masked before anything else looks
   at them, so no message or refused row ever repeats them.
2. **Columns** (:mod:`noegletal.datain.columns`): missing required columns and columns found
   twice refuse the file; unknown columns are reported as a warning and ignored.
3. **Cells**, driven by each :class:`~noegletal.domain.schema.Column` declaration: required
   cells must be filled; ``int``/``float``/``date`` cells must parse
   (:mod:`noegletal.datain.parsing`); ``code`` cells must be in ``allowed`` (compared like
   column names: case, spaces and ``æøå`` spellings do not matter; ``indsats`` also accepts
   labels, aliases and a municipality-specific mapping); numbers must respect
   ``minimum``/``maximum``; text columns with a declared shape (:data:`rules.TEXT_FORMS`)
   must have it; text cells may hold at most :data:`MAX_TEXT_LENGTH` characters. Text cells
   starting with ``=``, ``+``, ``-`` or ``@`` get a warning (they could run as a formula in a
   spreadsheet), and so do text cells with HTML tags; all text is kept verbatim (it is
   escaped where it is shown).
4. **Rows** (:data:`rules.ROW_RULES`): checks across the parsed values of a row.
5. **Unique keys** (:data:`rules.UNIQUE_KEYS`): repeated keys are reported on every row
   involved, naming the other rows.

Every problem is returned, not just the first, except that a row the reader could not split
into the header's columns (see :mod:`noegletal.datain.readers`) gets only the reader's
problem: its cells are not what the header says, so their own errors would only mislead. A row with an error is refused; the other
rows form ``frame``, the canonical frame (see ``docs/ARCHITECTURE.md``). When the file as a
whole is refused (CPR-like values, missing or repeated columns, no data) ``frame`` is empty
and every row is listed in ``refused_rows``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import string
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from noegletal.datain import cpr
from noegletal.datain.columns import column_key, match_columns
from noegletal.datain.parsing import (
    mask,
    parse_date,
    parse_float,
    parse_int,
    to_arrow,
)
from noegletal.datain.problems import ADVARSEL, FEJL, KIND_LABELS, Problem
from noegletal.datain.readers import RawTable, unique_names
from noegletal.datain.rules import EMPTY_TEXT, TEXT_FORMS, UNIQUE_KEYS, RuleInput, rules_for
from noegletal.domain.formatting import format_date, format_exact, join_danish
from noegletal.domain.schema import EXTRACTS, Column, ExtractSpec
from noegletal.domain.vocabulary import resolve_indsats

_OPEN_END_RE = r"^\s*(9999-12-31|31[-./]12[-./]9999)\s*$"

ROW_COLUMN = "række"
REASON_COLUMN = "årsag"
_MAX_SHOWN = 80
_MAX_ROWS_LISTED = 10
MAX_TEXT_LENGTH = 255  # characters in one text cell (identifiers, account functions, ...)


@dataclass
class ValidationResult:
    """The outcome of validating one file as one extract.

    ``frame`` holds the canonical frame of the rows without errors and ``row_numbers`` the
    analyst's row number of each of its rows. ``refused_rows`` has the column ``række``, the
    file's own columns (text as written, CPR-like values masked) and ``årsag``.
    ``file_refused`` is True when no row can be imported at all.
    """

    kind: str | None
    filename: str
    frame: pd.DataFrame
    problems: list[Problem]
    refused_rows: pd.DataFrame
    n_rows: int
    cpr_columns: list[str] = field(default_factory=list)
    row_numbers: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    file_refused: bool = False

    @property
    def ok(self) -> bool:
        """No errors (warnings are allowed)."""
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def cpr_found(self) -> bool:
        """CPR-like values in a cell, a column header, a sheet name or the file name."""
        return bool(self.cpr_columns) or any(p.kind == "cpr" for p in self.problems)

    @property
    def refused(self) -> pd.DataFrame:
        return self.refused_rows

    @property
    def n_valid(self) -> int:
        return len(self.frame)

    @property
    def n_refused(self) -> int:
        return len(self.refused_rows)


# ---------------------------------------------------------------------------- helpers


# Danish dates and limits in messages: the one formatting helper.
danish_date = format_date
danish_number = format_exact


def _list_rows(rows: np.ndarray) -> str:
    shown = ", ".join(str(r) for r in rows[:_MAX_ROWS_LISTED])
    if len(rows) > _MAX_ROWS_LISTED:
        return f"{shown} og {len(rows) - _MAX_ROWS_LISTED} flere"
    return shown


def _shown(arr: pa.ChunkedArray) -> np.ndarray:
    long = mask(pc.greater(pc.utf8_length(arr), _MAX_SHOWN))
    if long.any():
        ellipsis = pa.scalar("…", pa.large_string())
        cut = pc.binary_join_element_wise(pc.utf8_slice_codeunits(arr, 0, _MAX_SHOWN - 1),
                                          ellipsis, pa.scalar("", pa.large_string()))
        arr = pc.if_else(pa.array(long), cut, arr)
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=object)


def _render(template: str, fields: dict[str, np.ndarray | str], n: int) -> np.ndarray:
    """Fill a message template for ``n`` rows; each field is an array or one string."""
    out = np.full(n, "", dtype=object)
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            out = out + literal
        if name is not None:
            out = out + fields[name]
    return out


def _map_unique(arr: pa.ChunkedArray, fn: Callable[[str], object]) -> np.ndarray:
    """Apply ``fn`` to each distinct value once and spread the results (``""`` -> None)."""
    uniq = pc.unique(arr)
    results = np.array([None if v == "" else fn(v) for v in uniq.to_pylist()] + [None],
                       dtype=object)
    idx = pc.index_in(arr, value_set=uniq).to_numpy(zero_copy_only=False)
    return results[idx]


class _Issues:
    """Row-level problems gathered column by column as arrays (no per-row objects until the
    end)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.parts: list[tuple[np.ndarray, str, int, str, str, np.ndarray, np.ndarray]] = []

    def add(self, where: np.ndarray, column: str, order: int, kind: str, severity: str,
            text: pa.ChunkedArray | None, template: str,
            fields: dict[str, pa.ChunkedArray] | None = None,
            constants: dict[str, str | np.ndarray] | None = None) -> None:
        pos = np.flatnonzero(where)
        if not len(pos):
            return
        take = pa.array(pos)
        value = _shown(text.take(take)) if text is not None else np.full(len(pos), "", object)
        vals: dict[str, np.ndarray | str] = {"value": value, **(constants or {})}
        for name, arr in (fields or {}).items():
            vals[name] = _shown(arr.take(take))
        self.parts.append((pos, column, order, kind, severity, value,
                           _render(template, vals, len(pos))))

    def error_rows(self) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        for pos, _, _, _, severity, _, _ in self.parts:
            if severity == FEJL:
                out[pos] = True
        return out

    def frame(self) -> pd.DataFrame:
        cols = ["pos", "column", "order", "kind", "severity", "value", "message"]
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
        pieces = [pd.DataFrame({"pos": p, "column": c, "order": o, "kind": k, "severity": s,
                                "value": v, "message": m})
                  for p, c, o, k, s, v, m in self.parts]
        return pd.concat(pieces, ignore_index=True).sort_values(["pos", "order"], kind="stable")


# ---------------------------------------------------------------------------- columns


@dataclass
class _Parsed:
    values: np.ndarray  # float64 / datetime64[ns] / object (canonical strings, None = empty)
    bad: np.ndarray  # the cell has an error (empty required cells included)
    text: pa.ChunkedArray  # trimmed text as written (CPR masked)


def _check_column(col: Column, arr: pa.ChunkedArray, shown: str, order: int, kind: str,
                  issues: _Issues, file_problems: list[Problem], filename: str,
                  delimiter: str | None, indsats_mapping: dict[str, str] | None) -> _Parsed:
    n = len(arr)
    empty = mask(pc.equal(arr, ""))
    bad = np.zeros(n, dtype=bool)
    label = col.label or col.name

    def report(where: np.ndarray, problem_kind: str, template: str, severity: str = FEJL,
               **constants: str) -> None:
        nonlocal bad
        issues.add(where, shown, order, problem_kind, severity, arr, template,
                   constants=constants)
        if severity == FEJL:
            bad = bad | where

    if col.required:
        report(empty, "tom_celle", "Cellen er tom, men {label} skal udfyldes. Udfyld cellen "
               "eller slet rækken.", label=label)

    values: np.ndarray
    if col.kind == "int":
        values, unparsable = parse_int(arr)
        report(unparsable, "ugyldigt_heltal", "«{value}» er ikke et helt tal. Skriv et helt tal "
               "uden decimaler, fx 1234 eller 1.234.")
    elif col.kind == "float":
        reading = parse_float(arr, delimiter)
        values = reading.values
        mixed = reading.bad & reading.ambiguous
        report(mixed, "tvetydigt_tal", "«{value}» kan både læses som et tal med "
               "tusindtalsseparator og som et decimaltal, fordi kolonnen blander decimalkomma og "
               "decimalpunktum. Skriv alle tal i kolonnen med decimalkomma og uden "
               "tusindtalsseparator, fx 1234,5.")
        report(reading.bad & ~reading.ambiguous, "ugyldigt_tal", "«{value}» er ikke et tal. "
               "Skriv tallet med decimalkomma eller decimalpunktum, fx 1234,5 eller 1.234,5.")
        if reading.guessed:
            rows = np.flatnonzero(reading.ambiguous)
            how = ("tusindtalsseparator (1.234 = 1234)" if reading.thousands
                   else "decimalpunktum (1.234 = 1,234)")
            file_problems.append(Problem(
                filename, None, shown, None,
                f"Tal som «1.234» kan både betyde 1234 og 1,234. I denne kolonne er punktummet "
                f"læst som {how} ud fra filens skilletegn ({len(rows)} celler, fx række "
                f"{_list_rows(rows[:3])}). Skriv tallene uden tusindtalsseparator og med "
                "decimalkomma, hvis det er forkert.", ADVARSEL, "tvetydigt_tal"))
    elif col.kind == "date":
        values, unparsable, out_of_range = parse_date(arr)
        if col.name == "slutdato":
            # Case systems often write 31-12-9999 for "no end date": read it as still running.
            open_end = out_of_range & mask(pc.match_substring_regex(arr, _OPEN_END_RE))
            if open_end.any():
                values = values.copy()
                values[open_end] = np.datetime64("NaT")
                unparsable = unparsable & ~open_end
                out_of_range = out_of_range & ~open_end
                rows = np.flatnonzero(open_end)
                file_problems.append(Problem(
                    filename, None, shown, None,
                    f"{len(rows)} slutdatoer med året 9999 (fx række {_list_rows(rows[:3])}) er "
                    "læst som «løber stadig», ligesom en tom celle.", ADVARSEL, "aaben_slutdato"))
        report(out_of_range, "ugyldig_dato", "«{value}» har et år uden for 1900-2100. Tjek "
               "datoen og skriv den som 2016-01-31, 31-01-2016 eller 31.01.2016.")
        report(unparsable & ~out_of_range, "ugyldig_dato", "«{value}» er ikke en gyldig dato. "
               "Skriv datoen som 2016-01-31, 31-01-2016 eller 31.01.2016.")
    elif col.kind == "code":
        if col.name == "indsats":
            values = _map_unique(arr, lambda v: resolve_indsats(v, indsats_mapping))
            report(~empty & (values == None), "ukendt_indsats",  # noqa: E711
                   "«{value}» er ikke en kendt indsats. Brug en kode fra datakontrakten, fx "
                   "familiepleje, doegninstitution eller forebyggende_11_3, en kendt betegnelse "
                   "som «Døgninstitution» eller «§ 11, stk. 3», eller tilføj betegnelsen til "
                   "kommunens oversættelsestabel.")
        else:
            by_key = {column_key(a): a for a in col.allowed or ()}
            values = _map_unique(arr, lambda v: by_key.get(column_key(v)))
            hint = "" if col.required else f", eller lad cellen være tom (= {col.default})"
            report(~empty & (values == None), "ukendt_kode",  # noqa: E711
                   "«{value}» er ikke en gyldig værdi for {label}. Brug en af: {allowed}{hint}.",
                   label=label, allowed=", ".join(col.allowed or ()), hint=hint)
    else:  # str
        text = arr
        form = TEXT_FORMS.get((kind, col.name))
        if form is not None:
            text, wrong = form.check(arr)
            report(wrong, form.kind, form.message)
        report(mask(pc.greater(pc.utf8_length(arr), MAX_TEXT_LENGTH)), "for_lang_tekst",
               "«{value}» er for lang: en celle i kolonnen må højst have {limit} tegn. Tjek om "
               "et anførselstegn mangler, så flere felter eller linjer er løbet sammen til én "
               "celle.", limit=str(MAX_TEXT_LENGTH))
        values = np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)
        values[empty] = None
        report(mask(pc.match_substring_regex(arr, r"<\s*/?\s*[A-Za-z!][^<>]*>")), "html",
               "«{value}» indeholder HTML-kode. Værdien gemmes og vises som almindelig tekst, så "
               "koden bliver aldrig udført; ret værdien, hvis koden ikke hører til.", ADVARSEL)
        formula = (mask(pc.match_substring_regex(arr, r"^[=+\-@]"))
                   & ~mask(pc.match_substring_regex(arr, r"^[+-]?[\d.,  ]+$")))
        report(formula, "formel", "«{value}» begynder med «=», «+», «-» eller «@» og kan blive "
               "udført som en formel, hvis filen åbnes i et regneark. Værdien gemmes som "
               "almindelig tekst; fjern tegnet, hvis det ikke hører til værdien.", ADVARSEL)

    if col.kind in ("int", "float"):
        fine = ~bad & ~np.isnan(values)
        if col.minimum is not None:
            report(fine & (values < col.minimum), "under_minimum", "«{value}» er mindre end "
                   "{limit}, som er den mindste tilladte værdi for {label}. Ret værdien.",
                   limit=danish_number(col.minimum), label=label)
        if col.maximum is not None:
            report(fine & (values > col.maximum), "over_maksimum", "«{value}» er større end "
                   "{limit}, som er den største tilladte værdi for {label}. Ret værdien.",
                   limit=danish_number(col.maximum), label=label)
    values = _fill_default(col, kind, values, empty & ~bad)
    return _Parsed(values, bad, arr)


def _fill_default(col: Column, kind: str, values: np.ndarray, empty: np.ndarray) -> np.ndarray:
    if col.required or not empty.any():
        return values
    fill = EMPTY_TEXT.get((kind, col.name), col.default)
    if fill is None:
        return values
    values = values.copy()
    values[empty] = fill
    return values


def _absent(col: Column, kind: str, n: int) -> np.ndarray:
    """Values of a column that is not in the file (defaults for optional columns)."""
    if col.kind == "date":
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    if col.kind in ("int", "float"):
        fill = col.default if col.default is not None else np.nan
        return np.full(n, fill, dtype=np.float64)
    return np.full(n, EMPTY_TEXT.get((kind, col.name), col.default), dtype=object)


# ---------------------------------------------------------------------------- frames


def canonical_frame(spec: ExtractSpec, values: dict[str, np.ndarray],
                    keep: np.ndarray | None = None) -> pd.DataFrame:
    """Build the canonical frame of ``spec`` from parsed column values (see the schema)."""
    data: dict[str, object] = {}
    for col in spec.columns:
        v = values[col.name] if keep is None else values[col.name][keep]
        if col.kind == "int":
            data[col.name] = (pd.array(v, dtype="Int64") if not col.required
                              else v.astype(np.int64))
        elif col.kind == "float":
            data[col.name] = v.astype(np.float64)
        elif col.kind == "date":
            data[col.name] = v.astype("datetime64[ns]")
        else:
            data[col.name] = pd.Series(v, dtype=object)
    frame = pd.DataFrame({k: (s.reset_index(drop=True) if isinstance(s, pd.Series) else s)
                          for k, s in data.items()})
    return frame[spec.column_names]


def empty_frame(kind: str | ExtractSpec) -> pd.DataFrame:
    """An empty canonical frame of ``kind`` with the right dtypes."""
    spec = kind if isinstance(kind, ExtractSpec) else EXTRACTS[kind]
    return canonical_frame(spec, {c.name: _absent(c, spec.name, 0) for c in spec.columns})


def _refused_frame(raw: RawTable, texts: dict[int, pa.ChunkedArray], rows: np.ndarray,
                   reasons: np.ndarray) -> pd.DataFrame:
    take = pa.array(rows)
    data = {ROW_COLUMN: raw.row_numbers[rows]}
    for pos, name in enumerate(unique_names(raw.header)):
        data[name] = np.asarray(texts[pos].take(take).to_numpy(zero_copy_only=False), dtype=object)
    data[REASON_COLUMN] = reasons
    return pd.DataFrame(data)


# ---------------------------------------------------------------------------- validate


def scan_cpr(raw: RawTable) -> tuple[dict[int, pa.ChunkedArray], list[str], list[Problem]]:
    """Trim every column of ``raw`` and mask its CPR-like values.

    Returns the trimmed, masked text of each column position, the names of the columns with
    CPR-like values and one error per such column (naming the rows, never the values).
    """
    texts = {pos: pc.utf8_trim_whitespace(to_arrow(raw.cells[pos]))
             for pos in range(len(raw.header))}
    scan = cpr.scan(texts)
    columns, problems = [], []
    for pos, hit in scan.rows.items():
        texts[pos] = cpr.mask_cpr(texts[pos], hit)
        name = raw.header[pos] or "(uden navn)"
        columns.append(name)
        problems.append(Problem(
            raw.filename, None, name, None,
            f"Kolonnen «{name}» indeholder værdier, der ligner CPR-numre (række "
            f"{_list_rows(raw.row_numbers[hit])}). Filen er afvist: systemet må aldrig modtage "
            "CPR-numre. Erstat dem med pseudonymer i udtrækket og upload filen igen.",
            FEJL, "cpr"))
    return texts, columns, problems



def validate(raw: RawTable, kind: str | ExtractSpec, *, today: dt.date | None = None,
             indsats_mapping: dict[str, str] | None = None) -> ValidationResult:
    """Validate ``raw`` as the extract ``kind`` (a key of ``EXTRACTS``, or a spec of a
    companion table such as the municipality's ``indsats`` mapping).

    ``today`` is the upload date (default: today); ``startdato`` after it is an error.
    ``indsats_mapping`` maps a municipality's own names for measures to ``indsats`` codes and
    takes precedence over the built-in aliases.
    """
    if isinstance(kind, ExtractSpec):
        spec, kind = kind, kind.name
    elif kind in EXTRACTS:
        spec = EXTRACTS[kind]
    else:
        raise KeyError(f"Ukendt udtræk: {kind!r}. Kendte udtræk: {', '.join(EXTRACTS)}")
    today = today or dt.date.today()
    if indsats_mapping:
        # Targets may be codes or known labels; a target that is neither maps to nothing.
        resolved = {k: resolve_indsats(str(v)) for k, v in indsats_mapping.items()}
        indsats_mapping = {k: v for k, v in resolved.items() if v is not None}
    filename = raw.filename
    file_problems: list[Problem] = list(raw.problems)
    n = raw.n_rows
    if not raw.header:
        return ValidationResult(kind, filename, empty_frame(spec), file_problems,
                                pd.DataFrame(columns=[ROW_COLUMN, REASON_COLUMN]), 0,
                                file_refused=True)

    # 1. text and CPR
    texts, cpr_columns, cpr_problems = scan_cpr(raw)
    file_problems.extend(cpr_problems)

    # 2. columns
    match = match_columns(raw.header, spec)
    for name in match.missing:
        col = spec.column(name)
        near = _near_miss(col, [raw.header[p] for p in match.unknown])
        fix = (f"Filen har kolonnen «{near}», som måske er en stavefejl; ret overskriften til "
               f"«{name}»." if near else f"Tilføj en kolonne med overskriften «{name}».")
        file_problems.append(Problem(
            filename, None, name, None,
            f"Kolonnen «{name}» ({col.label or name}) mangler. {fix}", FEJL,
            "manglende_kolonne"))
    for name, where in match.duplicates.items():
        spelled = join_danish([f"«{raw.header[p]}»" for p in where])
        file_problems.append(Problem(
            filename, None, name, None,
            f"Kolonnen «{name}» findes {len(where)} gange (som {spelled}). Slet de ekstra "
            "kolonner, så hver kolonne kun findes én gang.", FEJL, "dobbelt_kolonne"))
    for pos in match.unknown:
        name = raw.header[pos] or "(uden navn)"
        file_problems.append(Problem(
            filename, None, name, None,
            f"Kolonnen «{name}» hører ikke til udtrækket «{spec.name}» og bliver ignoreret. "
            f"Udtrækkets kolonner er: {', '.join(spec.column_names)}.", ADVARSEL,
            "ukendt_kolonne"))

    # 3. cells (rows the reader could not split correctly are refused first)
    issues = _Issues(n)
    split_wrong = np.zeros(n, dtype=bool)
    for p in [p for p in file_problems if p.row is not None]:
        file_problems.remove(p)
        where = raw.row_numbers == p.row
        if p.is_error:
            split_wrong |= where
        issues.add(where, p.column or "", -1, p.kind, p.severity, None,
                   p.message.replace("{", "{{").replace("}", "}}"))
    values: dict[str, np.ndarray] = {}
    bad: dict[str, np.ndarray] = {}
    shown: dict[str, tuple[str, pa.ChunkedArray]] = {}
    for col in spec.columns:
        pos = match.positions.get(col.name)
        if pos is None:
            values[col.name] = _absent(col, kind, n)
            bad[col.name] = np.zeros(n, dtype=bool)
            continue
        parsed = _check_column(col, texts[pos], raw.header[pos], pos, kind, issues,
                               file_problems, filename, raw.delimiter, indsats_mapping)
        values[col.name], bad[col.name] = parsed.values, parsed.bad
        shown[col.name] = (raw.header[pos], parsed.text)

    # 4. row rules
    inputs = RuleInput(kind, np.datetime64(today, "ns"), values)
    for rule in rules_for(kind, set(match.positions)):
        clean = ~np.logical_or.reduce([bad[c] for c in rule.needs])
        with np.errstate(invalid="ignore"):
            broken = np.asarray(rule.violated(inputs), dtype=bool) & clean
        fields = {c: shown[c][1] for c in match.positions}
        issues.add(broken, shown[rule.column][0], match.positions[rule.column], rule.kind,
                   rule.severity, shown[rule.column][1], rule.message, fields=fields,
                   constants={"today": danish_date(today)})

    # 5. unique keys
    if kind in UNIQUE_KEYS and all(c in match.positions or not spec.column(c).required
                                   for c in UNIQUE_KEYS[kind][0]):
        _check_unique(kind, values, bad, raw.row_numbers, match.positions, raw.header, issues)

    # 6. assemble
    file_refused = bool(raw.fatal or cpr_columns or match.missing or match.duplicates)
    table = issues.frame()
    if split_wrong.any():
        table = table[~(split_wrong[table["pos"].to_numpy(dtype=np.int64)]
                        & (table["order"].to_numpy() >= 0))]
    error_rows = issues.error_rows()
    keep = np.zeros(n, dtype=bool) if file_refused else ~error_rows
    frame = canonical_frame(spec, values, keep)
    row_problems = [
        Problem(filename, int(raw.row_numbers[p]), c, v, m, s, k)
        for p, c, v, m, s, k in zip(table["pos"], table["column"], table["value"],
                                    table["message"], table["severity"], table["kind"],
                                    strict=True)
    ]
    problems = file_problems + row_problems

    refused_pos = np.flatnonzero(~keep)
    reasons = np.full(n, "", dtype=object)
    errors = table[table["severity"] == FEJL]
    if len(errors):
        _join_reasons(reasons, errors["pos"].to_numpy(dtype=np.int64),
                      ("kolonne «" + errors["column"].astype(str) + "»: "
                       + errors["message"]).to_numpy(dtype=object))
    if file_refused:
        causes = dict.fromkeys(KIND_LABELS.get(p.kind, p.kind) for p in file_problems
                               if p.is_error and p.row is None)
        whole = "Hele filen er afvist (" + ", ".join(causes).lower() + ")"
        reasons = np.where(reasons == "", whole, whole + "; " + reasons.astype(str))
    refused = _refused_frame(raw, texts, refused_pos, reasons[refused_pos])
    return ValidationResult(kind, filename, frame, problems, refused, n, cpr_columns,
                            raw.row_numbers[keep], file_refused)


def _near_miss(col: Column, unknown: list[str]) -> str | None:
    """The unknown header name that is most likely a misspelling of ``col`` (its key is at
    least 80 % similar to the key of the column's name or an alias), or None."""
    keys = {column_key(name): name for name in unknown if column_key(name)}
    best: tuple[float, str] | None = None
    for wanted in (col.name, *col.aliases):
        for key, name in keys.items():
            ratio = difflib.SequenceMatcher(None, column_key(wanted), key).ratio()
            if ratio >= 0.8 and (best is None or ratio > best[0]):
                best = (ratio, name)
    return best[1] if best else None


near_miss = _near_miss  # public name, used when the extract is recognised from the header


def _join_reasons(reasons: np.ndarray, pos: np.ndarray, texts: np.ndarray) -> None:
    """``reasons[p]`` = the texts of row ``p`` joined by ``"; "`` (``pos`` is sorted)."""
    idx = np.arange(len(pos))
    first = np.r_[True, pos[1:] != pos[:-1]]
    rank = idx - np.maximum.accumulate(np.where(first, idx, 0))
    for k in range(int(rank.max()) + 1):
        at = rank == k
        reasons[pos[at]] = texts[at] if k == 0 else reasons[pos[at]] + "; " + texts[at]


def _check_unique(kind: str, values: dict[str, np.ndarray], bad: dict[str, np.ndarray],
                  row_numbers: np.ndarray, positions: dict[str, int], header: list[str],
                  issues: _Issues) -> None:
    keys, severity = UNIQUE_KEYS[kind]
    eligible = ~np.logical_or.reduce([bad[c] for c in keys])
    frame = pd.DataFrame({c: values[c] for c in keys})
    for c in keys:
        if frame[c].dtype == object:
            frame[c] = frame[c].fillna("")
    frame = frame[eligible]
    dup = frame.duplicated(list(keys), keep=False)
    if not dup.any():
        return
    sub = frame[dup]
    groups = sub.groupby(list(keys), sort=False, dropna=False).ngroup().to_numpy()
    pos = sub.index.to_numpy()
    rows = row_numbers[pos]
    members: dict[int, list[int]] = {}
    for g, r in zip(groups, rows, strict=True):
        members.setdefault(int(g), []).append(int(r))
    others = np.array([_list_rows(np.array([x for x in members[int(g)] if x != r]))
                       for g, r in zip(groups, rows, strict=True)], dtype=object)
    where = np.zeros(len(row_numbers), dtype=bool)
    where[pos] = True
    other_text = np.full(len(row_numbers), "", dtype=object)
    other_text[pos] = others
    first = keys[0] if keys[0] in positions else next(c for c in keys if c in positions)
    # Optional key columns that are not in the file (e.g. ``enhed``) are not named.
    shown_keys = [c for c in keys if c in positions] or list(keys)
    names = join_danish([f"«{header[positions[c]]}»" if c in positions else f"«{c}»"
                         for c in shown_keys])
    what = "Hver kombination" if len(shown_keys) > 1 else "Hver værdi"
    issues.add(where, header[positions[first]], positions[first], "dublet", severity, None,
               "Rækken har samme {names} som række {others}. {what} må kun forekomme én "
               "gang; slet dubletten eller ret værdierne.",
               constants={"names": names, "what": what, "others": other_text[pos]})
