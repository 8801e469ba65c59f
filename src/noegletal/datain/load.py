"""Read and validate one uploaded file, or a whole directory of extracts.

A directory holds the extracts as ``<name>.csv`` or ``<name>.xlsx`` (any subset; names as in
:data:`noegletal.domain.schema.EXTRACTS`, matched like column names, so ``Befolkning.CSV``
counts). It may also hold the municipality's own names for measures in
``indsats_mapping.csv``/``.xlsx`` with the columns ``betegnelse`` (the municipality's name)
and ``indsats`` (a code or known label from the contract); this mapping is used when
``foranstaltninger`` is validated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from noegletal.datain.columns import column_key
from noegletal.datain.cpr import mask_text
from noegletal.datain.detect import detect_kind, near_kind
from noegletal.datain.interventions import COMPANIONS, check_against_companions, companion_frame
from noegletal.datain.problems import FEJL, Problem
from noegletal.datain.readers import read_table
from noegletal.datain.validation import ValidationResult, scan_cpr, validate
from noegletal.domain.formatting import join_danish
from noegletal.domain.schema import EXTRACTS, Column, ExtractSpec
from noegletal.domain.vocabulary import INDSATS_CODES

SUFFIXES = (".csv", ".xlsx")
MAPPING_NAME = "indsats_mapping"

INDSATS_MAPPING_SPEC = ExtractSpec(
    MAPPING_NAME,
    "Kommunens betegnelser for indsatser",
    (
        Column("betegnelse", "str", aliases=("kommunens_betegnelse", "lokal_betegnelse", "alias",
                                              "vaerdi", "fra"),
               label="kommunens egen betegnelse"),
        Column("indsats", "code", allowed=INDSATS_CODES, aliases=("kode", "til"),
               label="indsatskode fra datakontrakten"),
    ),
    optional=True,
    description="Oversætter kommunens egne betegnelser til datakontraktens indsatskoder.",
)


@dataclass
class LoadedData:
    """The extracts of a directory.

    ``frames`` holds the canonical frame of every extract that was found and validated
    without errors; ``problems`` every problem of every file (and of the directory, e.g. the
    same extract as both CSV and xlsx); ``warnings`` Danish notes about the directory
    itself (required extracts that are missing, files that were not used).
    """

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    results: dict[str, ValidationResult] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def read_and_validate(source: Path | str | bytes | BinaryIO, filename: str | None = None,
                      kind: str | None = None, *, today: dt.date | None = None,
                      indsats_mapping: dict[str, str] | None = None,
                      sheet: str | None = None) -> ValidationResult:
    """Read a file and validate it as ``kind``.

    Without ``kind`` the extract is taken from the file name (``befolkning.csv``) or, when the
    name is not an extract name, recognised from the header (:func:`detect_kind`). A file that
    cannot be recognised gives a result with one error (and one per column with CPR-like
    values) and nothing to import; its rows are not listed as refused rows.
    """
    if filename is None and isinstance(source, (str, Path)):
        filename = Path(source).name
    filename = filename or "upload"
    raw = read_table(source, filename, sheet=sheet)
    filename = raw.filename  # masked when the name holds a CPR number
    if kind is None:
        stem = column_key(Path(filename).stem)
        kind = stem if stem in EXTRACTS else detect_kind(raw.header)
    if kind is None:
        # Still scanned for CPR-like values, so the analyst learns that the file holds them.
        _, cpr_columns, cpr_problems = scan_cpr(raw)
        near = near_kind(raw.header)
        if near is not None:
            guess, fixes = near
            spelled = join_danish([f"«{wrong}» er måske en stavefejl for «{right}»"
                                   for wrong, right in fixes])
            message = (f"Det kunne ikke afgøres, hvilket udtræk filen indeholder. Den ligner "
                       f"udtrækket «{guess}», men kolonnen {spelled}. Ret overskriften, eller "
                       "vælg udtrækket, og upload filen igen.")
        else:
            message = ("Det kunne ikke afgøres, hvilket udtræk filen indeholder. Vælg "
                       "udtrækket, eller giv filen det rigtige navn (fx foranstaltninger.csv) "
                       "og tjek kolonnenavnene i første række.")
        problem = Problem(filename, None, None, None, message, FEJL, "ukendt_udtraek")
        return ValidationResult(None, filename, pd.DataFrame(),
                                [*raw.problems, *cpr_problems, problem], pd.DataFrame(),
                                raw.n_rows, cpr_columns, file_refused=True)
    return validate(raw, kind, today=today, indsats_mapping=indsats_mapping)


def read_indsats_mapping(source: Path | str | bytes | BinaryIO,
                         filename: str | None = None) -> tuple[dict[str, str], ValidationResult]:
    """Read a municipality's mapping of its own names to ``indsats`` codes.

    Returns ``(mapping, result)``; the mapping holds the rows without errors.
    """
    if filename is None and isinstance(source, (str, Path)):
        filename = Path(source).name
    raw = read_table(source, filename or f"{MAPPING_NAME}.csv")
    result = validate(raw, INDSATS_MAPPING_SPEC)
    frame = result.frame
    return dict(zip(frame["betegnelse"], frame["indsats"], strict=True)), result


def _files_by_name(path: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for f in sorted(path.iterdir()):
        if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith((".", "~$")):
            found.setdefault(column_key(f.stem), []).append(f)
    return found


def load_directory(path: Path | str, *, today: dt.date | None = None,
                   indsats_mapping: dict[str, str] | None = None) -> LoadedData:
    """Read and validate every extract in ``path`` (see the module docstring)."""
    path = Path(path)
    out = LoadedData()
    if not path.is_dir():
        out.problems.append(Problem(str(path), None, None, None,
                                    f"Mappen «{path}» findes ikke. Angiv mappen med udtrækkene.",
                                    FEJL, "ulaeselig_fil"))
        return out
    files = _files_by_name(path)

    mapping = dict(indsats_mapping or {})
    if MAPPING_NAME in files:
        chosen = _single(files.pop(MAPPING_NAME), out)
        if chosen is not None:
            own, result = read_indsats_mapping(chosen)
            out.problems.extend(result.problems)
            mapping.update(own)

    pending: dict = {}  # extracts checked against a companion table once all are read
    for name, spec in EXTRACTS.items():
        candidates = files.pop(name, [])
        if not candidates:
            if not spec.optional:
                out.warnings.append(
                    f"Der er ingen fil med {spec.label.lower()} ({name}.csv eller {name}.xlsx); "
                    "nøgletal, der bygger på den, bliver sprunget over.")
            continue
        chosen = _single(candidates, out)
        if chosen is None:
            continue
        raw = read_table(chosen)
        result = validate(raw, name, today=today, indsats_mapping=mapping or None)
        if name in COMPANIONS:
            pending[name] = raw
        out.results[name] = result
        if name not in COMPANIONS:
            out.problems.extend(result.problems)
            if result.ok:
                out.frames[name] = result.frame
    for name, raw in pending.items():
        companion = companion_frame(COMPANIONS[name], out.frames)
        result = check_against_companions(out.results[name], companion, raw)
        out.results[name] = result
        out.problems.extend(result.problems)
        if result.ok:
            out.frames[name] = result.frame

    for others in files.values():
        for f in others:
            guess = detect_kind(read_table(f).header)
            hint = (f" Den ligner udtrækket «{guess}»; omdøb den til {guess}{f.suffix.lower()}, "
                    "hvis den skal bruges." if guess else "")
            out.warnings.append(f"Filen «{mask_text(f.name)}» bliver ikke brugt, fordi navnet ikke er et "
                                f"af udtrækkenes navne.{hint}")
    return out


def _single(candidates: list[Path], out: LoadedData) -> Path | None:
    if len(candidates) == 1:
        return candidates[0]
    names = join_danish([f"«{c.name}»" for c in candidates])
    out.problems.append(Problem(
        mask_text(candidates[0].name), None, None, None,
        f"Udtrækket findes i flere filer ({mask_text(names)}). Behold kun én af dem.", FEJL, "fil_dobbelt"))
    return None
