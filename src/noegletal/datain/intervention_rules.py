"""Validation rules of the intervention extracts (data contract sections 7 and 8).

Declared as data in the same forms as :mod:`noegletal.datain.rules` and registered there when
the package is imported (:func:`noegletal.datain.rules.register`):

* text forms: tool codes and subscales are read as their key (``FIT ORS`` -> ``fit_ors``,
  an empty subscale -> ``samlet``), see :func:`noegletal.domain.interventions.name_key`;
* row rules: no ``|`` and at most 100 characters in ``indsats_navn``; a period that ends
  before it starts; staff rows need a staff group and hours, other expenses an amount and
  no staff group; a tool's ``min`` below its ``max`` and its limit inside the range;
* unique keys: one row per tool and subscale (and participant type), staff group and year,
  and intervention.

The checks that need more than one row or another file (scores inside the tool's range,
unknown tools, overlapping periods, staff groups without a wage) are in
:mod:`noegletal.datain.interventions`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from noegletal.datain.parsing import mask
from noegletal.datain.problems import FEJL, KIND_LABELS
from noegletal.datain.rules import RowRule, RuleInput, TextForm, register
from noegletal.domain.schema import INDSATS_NAVN_MAX, STAFF_ACTIVITIES

_WITH_NAME = ("maalinger", "ressourceforbrug", "indsatser")


def _key(arr: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
    """The :func:`~noegletal.domain.interventions.name_key` of every cell, vectorised."""
    t = pc.utf8_lower(arr)
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        t = pc.replace_substring(t, a, b)
    t = pc.replace_substring_regex(t, r"[^0-9a-z]+", "_")
    t = pc.utf8_trim(t, "_")
    wrong = mask(pc.equal(t, "")) & mask(pc.not_equal(arr, ""))
    return t, wrong


_TOOL = TextForm("ugyldigt_redskab", "«{value}» kan ikke bruges som kode for et måleredskab. "
                 "Brug bogstaver og tal, fx sdq eller fit_ors.", _key)
_SCALE = TextForm("ugyldig_skala", "«{value}» kan ikke bruges som delskala. Brug bogstaver og "
                  "tal, fx samlet eller emotionelle, eller lad cellen være tom (= samlet).", _key)

TEXT_FORMS: dict[tuple[str, str], TextForm] = {
    ("maalinger", "redskab"): _TOOL,
    ("maalinger", "skala"): _SCALE,
    ("redskaber", "redskab"): _TOOL,
    ("redskaber", "skala"): _SCALE,
}

EMPTY_TEXT: dict[tuple[str, str], str] = {
    ("maalinger", "skala"): "samlet",
    ("redskaber", "skala"): "samlet",
}


def _text(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype=object).fillna("")


def _has_bar(r: RuleInput) -> np.ndarray:
    return _text(r["indsats_navn"]).str.contains("|", regex=False).to_numpy()


def _too_long(r: RuleInput) -> np.ndarray:
    return (_text(r["indsats_navn"]).str.len() > INDSATS_NAVN_MAX).to_numpy()


def _staff(r: RuleInput) -> np.ndarray:
    return np.isin(r["aktivitet"], np.array(STAFF_ACTIVITIES, dtype=object))


def _other(r: RuleInput) -> np.ndarray:
    return r["aktivitet"] == "oevrige_udgifter"


def _filled(values: np.ndarray) -> np.ndarray:
    return _text(values).to_numpy() != ""


ROW_RULES: tuple[RowRule, ...] = (
    RowRule("lodret_streg", "indsats_navn", ("indsats_navn",), _has_bar,
            "Indsatsens navn «{indsats_navn}» indeholder tegnet «|», som ikke må bruges i "
            "navnet. Erstat det med fx «-» eller «/».", extracts=_WITH_NAME),
    RowRule("for_langt_navn", "indsats_navn", ("indsats_navn",), _too_long,
            f"Indsatsens navn er længere end {INDSATS_NAVN_MAX} tegn. Forkort navnet.",
            extracts=_WITH_NAME),
    RowRule("periode_slut_foer_start", "periode_slut", ("periode_start", "periode_slut"),
            lambda r: r["periode_slut"] < r["periode_start"],
            "Periodens sidste dag «{periode_slut}» ligger før dens første dag "
            "«{periode_start}». Ret en af datoerne.", extracts=("ressourceforbrug",)),
    RowRule("personalegruppe_mangler", "aktivitet", ("aktivitet",),
            lambda r: _staff(r) & ~_filled(r["personalegruppe"]),
            "Aktiviteten «{aktivitet}» er timer for en personalegruppe, men personalegruppen "
            "mangler. Skriv personalegruppen, fx Socialrådgiver.",
            extracts=("ressourceforbrug",)),
    RowRule("personalegruppe_ved_udgift", "personalegruppe", ("aktivitet", "personalegruppe"),
            lambda r: _other(r) & _filled(r["personalegruppe"]),
            "Øvrige udgifter har ingen personalegruppe, men cellen er «{personalegruppe}». "
            "Lad cellen være tom, eller skriv timerne som med_borgere eller uden_borgere.",
            extracts=("ressourceforbrug",)),
    RowRule("timer_mangler", "aktivitet", ("aktivitet",),
            lambda r: _staff(r) & np.isnan(r["timer"]),
            "Aktiviteten «{aktivitet}» skal have antal timer i perioden i kolonnen timer. "
            "Skriv timerne (0, hvis gruppen ikke har arbejdet med indsatsen i perioden).",
            extracts=("ressourceforbrug",)),
    RowRule("udgift_ved_timer", "udgift_kr", ("aktivitet", "udgift_kr"),
            lambda r: _staff(r) & ~np.isnan(r["udgift_kr"]),
            "Rækker med timer («{aktivitet}») må ikke også have en udgift i kr.; udgiften "
            "beregnes ud fra timer og løn. Skriv udgiften på en særskilt række med "
            "aktiviteten oevrige_udgifter.", extracts=("ressourceforbrug",)),
    RowRule("udgift_mangler", "aktivitet", ("aktivitet",),
            lambda r: _other(r) & np.isnan(r["udgift_kr"]),
            "Øvrige udgifter skal have et beløb i kr. i kolonnen udgift_kr. Skriv beløbet.",
            extracts=("ressourceforbrug",)),
    RowRule("timer_ved_udgift", "timer", ("aktivitet", "timer"),
            lambda r: _other(r) & ~np.isnan(r["timer"]),
            "Øvrige udgifter har ingen timer, men cellen er «{timer}». Lad cellen være tom, "
            "eller skriv timerne som med_borgere eller uden_borgere.",
            extracts=("ressourceforbrug",)),
    RowRule("min_over_max", "max", ("min", "max"), lambda r: r["max"] <= r["min"],
            "Den højeste score «{max}» skal være større end den laveste «{min}». Ret en af "
            "værdierne.", extracts=("redskaber",)),
    RowRule("graense_uden_for_skala", "graense", ("min", "max", "graense"),
            lambda r: (r["graense"] < r["min"]) | (r["graense"] > r["max"]),
            "Grænsen «{graense}» ligger uden for redskabets skala «{min}»-«{max}». Ret "
            "grænsen, eller lad cellen være tom, hvis redskabet ikke har en grænse.",
            extracts=("redskaber",)),
)

UNIQUE_KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    "redskaber": (("redskab", "skala", "deltager_type"), FEJL),
    "loenninger": (("personalegruppe", "aar"), FEJL),
    "indsatser": (("kommunekode", "indsats_navn"), FEJL),
}


KIND_LABELS.update({
    "ukendt_redskab": "Ukendt måleredskab",
    "ukendt_skala": "Ukendt delskala",
    "score_uden_for_skala": "Score uden for redskabets skala",
    "overlappende_perioder": "Overlappende perioder",
    "loen_mangler": "Personalegruppe uden løn",
    "lodret_streg": "Tegnet | i indsatsens navn",
    "for_langt_navn": "For langt navn",
    "periode_slut_foer_start": "Periodens slut før start",
    "personalegruppe_mangler": "Personalegruppe mangler",
    "personalegruppe_ved_udgift": "Personalegruppe ved øvrige udgifter",
    "timer_mangler": "Timer mangler",
    "udgift_ved_timer": "Udgift på en række med timer",
    "udgift_mangler": "Udgift mangler",
    "timer_ved_udgift": "Timer ved øvrige udgifter",
    "min_over_max": "Højeste score ikke over laveste",
    "graense_uden_for_skala": "Grænse uden for skalaen",
    "ugyldigt_redskab": "Ugyldig redskabskode",
    "ugyldig_skala": "Ugyldig delskala",
})

register(row_rules=ROW_RULES, text_forms=TEXT_FORMS, unique_keys=UNIQUE_KEYS,
         empty_text=EMPTY_TEXT)
