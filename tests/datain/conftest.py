from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from noegletal.datain.readers import read_table
from noegletal.datain.validation import ValidationResult, validate

FILES = Path(__file__).parent / "files"
TODAY = dt.date(2020, 6, 30)


def check(text: str, kind: str, *, filename: str | None = None, encoding: str = "utf-8",
          **kwargs) -> ValidationResult:
    """Read ``text`` as a CSV file and validate it as ``kind`` (upload date ``TODAY``)."""
    raw = read_table(text.encode(encoding), filename or f"{kind}.csv")
    kwargs.setdefault("today", TODAY)
    return validate(raw, kind, **kwargs)


def only(result: ValidationResult, kind: str):
    """The single problem of ``kind`` in ``result``."""
    found = [p for p in result.problems if p.kind == kind]
    assert len(found) == 1, [p.text for p in result.problems]
    return found[0]


@pytest.fixture
def files() -> Path:
    return FILES
