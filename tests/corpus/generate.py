"""The large corpus file, generated (seeded) instead of committed.

:func:`big_foranstaltninger` writes a ``foranstaltninger`` extract of 200.000 data rows the
way a Danish Excel export looks (Windows-1252, ``;``, mixed date spellings, labels with æøå)
in which exactly the rows in :data:`BIG_ERRORS` are broken. Every other row is valid by
construction: birth dates 2000-2014, start dates after birth and no later than 2023, end
dates on or after the start, pseudonyms ``b0000001``..., known municipality codes.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

BIG_ROWS = 200_000
BIG_SEED = 2016

# The analyst's row number (header = row 1) -> (column, text written there, problem kind).
BIG_ERRORS: dict[int, tuple[str, str, str]] = {
    123_457: ("startdato", "30-02-2016", "ugyldig_dato"),
    150_001: ("slutdato", "2015-12-31", "slut_foer_start"),
    187_654: ("indsats", "Hjemmebesøg", "ukendt_indsats"),
    199_998: ("kommunekode", "0", "hele_landet"),
    BIG_ROWS + 1: ("foedselsdato", "2023-12-31", "foedsel_efter_start"),
}

_INDSATS = np.array(["familiepleje", "Døgninstitution", "forebyggende_11_3", "Netværkspleje",
                     "opholdssted", "§ 52, stk. 3"], dtype=object)
_KOMMUNER = np.array([510, 657, 167])


def _dates(days: pd.DatetimeIndex, fmt: str) -> np.ndarray:
    stamps = pa.array(days.to_numpy(dtype="datetime64[s]"))
    return np.asarray(pc.strftime(stamps, format=fmt).to_numpy(zero_copy_only=False), dtype=object)


def big_frame(n: int = BIG_ROWS, seed: int = BIG_SEED) -> pd.DataFrame:
    """The extract as a frame of strings (see the module docstring)."""
    rng = np.random.default_rng(seed)
    birth = pd.Timestamp("2000-01-01") + pd.to_timedelta(rng.integers(0, 15 * 365, n), unit="D")
    start = birth + pd.to_timedelta(rng.integers(1, 3000, n), unit="D")
    start = start.where(start <= pd.Timestamp("2023-12-31"), pd.Timestamp("2023-12-31"))
    end = start + pd.to_timedelta(rng.integers(0, 900, n), unit="D")
    open_ended = rng.random(n) < 0.3
    frame = pd.DataFrame({
        "kommunekode": _KOMMUNER[rng.integers(0, len(_KOMMUNER), n)].astype(str),
        "barn_id": np.char.add("b", np.char.zfill(np.arange(1, n + 1).astype(str), 7)),
        "foedselsdato": _dates(birth, "%d-%m-%Y"),
        "indsats": _INDSATS[rng.integers(0, len(_INDSATS), n)],
        "startdato": _dates(start, "%Y-%m-%d"),
        "slutdato": np.where(open_ended, "", _dates(end, "%d.%m.%Y")),
        "bevilget_af": np.where(rng.random(n) < 0.1, "andre", ""),
    })
    for row, (column, text, _) in BIG_ERRORS.items():
        i = row - 2
        if column in ("slutdato", "foedselsdato"):  # compared with this start date
            frame.loc[i, ["startdato", "slutdato"]] = ["2016-01-01", ""]
        frame.loc[i, column] = text
    return frame


@functools.cache
def big_foranstaltninger(n: int = BIG_ROWS, seed: int = BIG_SEED) -> bytes:
    """The file's bytes: Windows-1252, ``;``, CRLF line ends (made once per process)."""
    text = big_frame(n, seed).to_csv(sep=";", index=False, lineterminator="\r\n")
    return text.encode("cp1252")
