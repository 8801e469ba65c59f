"""Shared vocabulary of the intervention extracts (data contract sections 7 and 8).

``name_key`` is how tool codes, subscales and staff groups are compared everywhere (upload
checks and key figures): lower case, ``æ ø å`` folded to ``ae oe aa``, every run of other
characters than ``a-z``/``0-9`` one ``_``. So ``FIT ORS``, ``fit-ors`` and ``Fit_ORS`` are one
tool and ``Leder, Socialrådgiver`` and ``leder socialraadgiver`` one staff group.

The project ships default tables of measuring tools (``redskaber``) and wages
(``loenninger``) as package data, documented value by value in
``noegletal/data/REDSKABER.md``; :func:`default_redskaber` and :func:`default_loenninger`
return them as canonical frames.
"""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import pandas as pd

from noegletal.domain.vocabulary import normalise_token

_NON_KEY = re.compile(r"[^0-9a-z]+")
TOTAL_SCALE = "samlet"  # the subscale code of a tool's total score


def name_key(text: object) -> str:
    """The comparison key of a tool, subscale or staff group name.

    >>> name_key("FIT ORS"), name_key("Leder, Socialrådgiver")
    ('fit_ors', 'leder_socialraadgiver')
    """
    return _NON_KEY.sub("_", normalise_token(str(text))).strip("_")


def name_keys(values: pd.Series) -> pd.Series:
    """:func:`name_key` of every value (each distinct value computed once; missing -> "")."""
    values = values.astype(object)
    uniq = pd.unique(values[values.notna()])
    return values.map({u: name_key(u) for u in uniq}).fillna("")


def _read(name: str) -> pd.DataFrame:
    path = resources.files("noegletal").joinpath("data", f"{name}.csv")
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def _floats(s: pd.Series) -> np.ndarray:
    return pd.to_numeric(s.replace("", np.nan), errors="raise").to_numpy(dtype=np.float64)


def _texts(s: pd.Series) -> pd.Series:
    return s.astype(object).where(s != "", None)


def default_redskaber() -> pd.DataFrame:
    """The bundled ``redskaber`` as a canonical frame (see the module docstring)."""
    f = _read("redskaber")
    return pd.DataFrame({
        "redskab": f["redskab"].map(name_key).astype(object),
        "skala": f["skala"].replace("", TOTAL_SCALE).map(name_key).astype(object),
        "navn": f["navn"].astype(object),
        "min": _floats(f["min"]),
        "max": _floats(f["max"]),
        "hoejere_er_bedre": f["hoejere_er_bedre"].astype(object),
        "graense": _floats(f["graense"]),
        "paalidelig_aendring": _floats(f["paalidelig_aendring"]),
        "deltager_type": _texts(f["deltager_type"]),
    })


def default_loenninger() -> pd.DataFrame:
    """The bundled ``loenninger`` (seed 003, Tabel 10-7, 2019) as a canonical frame."""
    f = _read("loenninger")
    return pd.DataFrame({
        "personalegruppe": f["personalegruppe"].astype(object),
        "aar": f["aar"].astype(np.int64),
        "maanedsloen_kr": _floats(f["maanedsloen_kr"]),
    })
