"""One default sample generation per test session, read back from the CSV files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from noegletal.domain.schema import EXTRACTS
from noegletal.sample import SAMPLE_FILES, generate


def read_sample(directory: Path) -> dict[str, pd.DataFrame]:
    """Read the generated CSVs with plain pandas: dates parsed, empty cells as NaN/NaT."""
    frames = {}
    for name in SAMPLE_FILES:
        spec = EXTRACTS[name]
        dates = [c.name for c in spec.columns if c.kind == "date"]
        strings = {c.name: str for c in spec.columns if c.kind in ("str", "code")}
        frames[name] = pd.read_csv(directory / f"{name}.csv", dtype=strings,
                                   parse_dates=dates, keep_default_na=False,
                                   na_values={c.name: [""] for c in spec.columns
                                              if c.kind in ("date", "float")})
    return frames


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "default"
    generate(out)
    return out


@pytest.fixture(scope="session")
def frames(generated) -> dict[str, pd.DataFrame]:
    return read_sample(generated)
