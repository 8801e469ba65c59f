"""Data in: read uploaded extracts (CSV/xlsx), validate them against the data contract and
turn them into canonical frames (see ``docs/ARCHITECTURE.md``)."""

# Registers the rules of the intervention extracts with noegletal.datain.rules (first, so
# every validation sees them).
from noegletal.datain import intervention_rules  # noqa: F401
from noegletal.datain.detect import detect_kind
from noegletal.datain.load import LoadedData, load_directory, read_and_validate
from noegletal.datain.problems import ADVARSEL, FEJL, Problem
from noegletal.datain.readers import RawTable, read_table
from noegletal.datain.validation import ValidationResult, validate

__all__ = [
    "ADVARSEL",
    "FEJL",
    "LoadedData",
    "Problem",
    "RawTable",
    "ValidationResult",
    "detect_kind",
    "load_directory",
    "read_and_validate",
    "read_table",
    "validate",
]
