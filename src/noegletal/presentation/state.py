"""The URL state of shared links: a small, validated set of query parameters.

Keys (all optional):

============ ================================================================================
``kommune``  the municipality shown, a 3-digit code (``167``)
``fra``      first period, ISO date ``2016-01-31``
``til``      last period, ISO date ``2017-09-30``
``sammenlign`` ``landet`` (the national average), ``gruppe`` (the group in ``gruppe``) or
             one municipality code
``gruppe``   the comparison group, comma-separated codes ``147,151,153``
``visning``  a page-specific view, one of the values the page allows
``dato``     a page-specific single cut-off (e.g. the Sankey's date), ISO date ``2017-09-30``
``maal``     the caseload target on Sagsbehandling: whole cases per social worker, one number
             (``25``) or a range (``25-30``), between 1 and 100
``enhed``    the unit or district shown in the unit breakdown (its name, at most 100
             characters, no ``|`` or ``=``), or ``alle`` for one small chart per unit
``indsats``  the intervention shown on Indsatser, its name (at most 100 characters, no ``|``)
``loen``     Indsatser's wage sensitivity: staff costs raised by this many percent (-50..200)
``deltagere`` Indsatser's participant sensitivity: participants a year (0,1..100.000,
             decimal point or comma)
``alternativ`` what Indsatser compares with: a step of the ladder (``familiepleje``) or a
             fixed amount in whole kroner a year (``504000``)
============ ================================================================================

:func:`parse_state` never raises: a value that does not validate falls back to its default
and yields a short Danish notice the page can show. :func:`to_query_params` writes the state
back as plain strings for ``st.query_params`` or ``st.page_link(query_params=...)``, leaving
out defaults. Nothing else is ever put in a link (no pickled or encoded session state).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from noegletal.domain.kommuner import MUNICIPALITY_CODES, kommune_navn
from noegletal.presentation.formatting import format_date

KEYS: tuple[str, ...] = ("kommune", "fra", "til", "sammenlign", "gruppe", "visning", "dato",
                         "maal", "enhed", "indsats", "loen", "deltagere", "alternativ")
# The keys only the Indsatser page uses (kept per page, like visning, dato and maal).
PAGE_KEYS: tuple[str, ...] = ("indsats", "loen", "deltagere", "alternativ")
MAX_INDSATS_LENGTH = 100
LOEN_RANGE: tuple[int, int] = (-50, 200)
MAX_PARTICIPANTS = 100_000.0
MAX_ALTERNATIVE_KR = 100_000_000
ALTERNATIVE_STEPS: tuple[str, ...] = ("forebyggende", "hjemmebaseret", "netvaerkspleje",
                                      "familiepleje", "institution")
# Parameters Streamlit itself may add to a URL; ignored without a notice.
STREAMLIT_KEYS: frozenset[str] = frozenset({"embed", "embed_options"})
MAX_GROUP = 98
MAX_TARGET = 100  # a caseload target above 100 cases per social worker is a typing error
MAX_VALUE_LENGTH = 400

_KEY_LABELS = {
    "kommune": "kommune",
    "fra": "startdato",
    "til": "slutdato",
    "sammenlign": "sammenligning",
    "gruppe": "sammenligningsgruppe",
    "visning": "visning",
    "dato": "skæringsdato",
    "maal": "mål for sagstal",
    "enhed": "enhed",
    "indsats": "indsats",
    "loen": "lønniveau",
    "deltagere": "antal deltagere",
    "alternativ": "alternativ",
}


class UrlState(BaseModel):
    """The validated state. ``sammenlign`` is ``"landet"``, ``"gruppe"`` or a code as text.

    Validation context (all optional): ``kommuner`` (codes with data), ``visninger``
    (allowed views of the page).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kommune: int | None = None
    fra: dt.date | None = None
    til: dt.date | None = None
    sammenlign: str = "landet"
    gruppe: tuple[int, ...] = ()
    visning: str | None = None
    dato: dt.date | None = None
    maal: tuple[int, int] | None = None
    enhed: str | None = None
    indsats: str | None = None
    loen: int | None = None
    deltagere: float | None = None
    alternativ: str | None = None

    @field_validator("indsats", mode="before")
    @classmethod
    def _indsats(cls, v: Any) -> str | None:
        if v is None or v == "":
            return None
        text = str(v).strip()
        if (len(text) > MAX_INDSATS_LENGTH or "|" in text
                or any(ord(ch) < 32 for ch in text)):
            raise ValueError("ugyldigt navn på en indsats")
        return text or None

    @field_validator("loen", mode="before")
    @classmethod
    def _loen(cls, v: Any) -> int | None:
        if v is None or v == "":
            return None
        text = str(v).strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not digits.isdigit() or len(digits) > 3:
            raise ValueError("lønniveauet skal være et helt antal procent")
        pct = int(text)
        if not LOEN_RANGE[0] <= pct <= LOEN_RANGE[1]:
            raise ValueError("lønniveauet ligger uden for det tilladte")
        return pct

    @field_validator("deltagere", mode="before")
    @classmethod
    def _deltagere(cls, v: Any) -> float | None:
        if v is None or v == "":
            return None
        text = str(v).strip().replace(",", ".")
        whole, _, frac = text.partition(".")
        if not whole.isdigit() or len(whole) > 6 or (frac and not frac.isdigit()) \
                or len(frac) > 1:
            raise ValueError("antallet skal være et tal med højst én decimal")
        n = float(text)
        if not 0 < n <= MAX_PARTICIPANTS:
            raise ValueError("antallet ligger uden for det tilladte")
        return n

    @field_validator("alternativ", mode="before")
    @classmethod
    def _alternativ(cls, v: Any) -> str | None:
        if v is None or v == "":
            return None
        text = str(v).strip().lower()
        if text in ALTERNATIVE_STEPS:
            return text
        if text.isdigit() and len(text) <= 9 and 0 < int(text) <= MAX_ALTERNATIVE_KR:
            return str(int(text))
        raise ValueError("ukendt alternativ")

    @field_validator("kommune", mode="before")
    @classmethod
    def _kommune(cls, v: Any, info: ValidationInfo) -> int | None:
        if v is None or v == "":
            return None
        code = _parse_code(v)
        _check_code(code, info)
        return code

    @field_validator("fra", "til", "dato", mode="before")
    @classmethod
    def _date(cls, v: Any) -> dt.date | None:
        if v is None or v == "":
            return None
        if isinstance(v, dt.date):
            return v
        text = str(v).strip()
        if len(text) != 10:
            raise ValueError("dato skal skrives ÅÅÅÅ-MM-DD")
        return dt.date.fromisoformat(text)

    @field_validator("sammenlign", mode="before")
    @classmethod
    def _sammenlign(cls, v: Any, info: ValidationInfo) -> str:
        if v is None or v == "":
            return "landet"
        text = str(v).strip().lower()
        if text in ("landet", "gruppe"):
            return text
        code = _parse_code(text)
        _check_code(code, info)
        return str(code)

    @field_validator("gruppe", mode="before")
    @classmethod
    def _gruppe(cls, v: Any, info: ValidationInfo) -> tuple[int, ...]:
        if v is None or v == "":
            return ()
        items = v.split(",") if isinstance(v, str) else list(v)
        codes = []
        for item in items:
            if str(item).strip() == "":
                continue
            code = _parse_code(item)
            _check_code(code, info)
            if code not in codes:
                codes.append(code)
        if len(codes) > MAX_GROUP:
            raise ValueError("for mange kommuner i gruppen")
        return tuple(sorted(codes))

    @field_validator("maal", mode="before")
    @classmethod
    def _maal(cls, v: Any) -> tuple[int, int] | None:
        if v is None or v == "":
            return None
        if isinstance(v, tuple | list):
            return _check_target(*(int(x) for x in v))
        return parse_target(str(v))

    @field_validator("enhed", mode="before")
    @classmethod
    def _enhed(cls, v: Any, info: ValidationInfo) -> str | None:
        if v is None or v == "":
            return None
        text = str(v).strip()
        if len(text) > 100 or "|" in text or "=" in text:
            raise ValueError("ugyldig enhed")
        allowed = (info.context or {}).get("enheder")
        if allowed is not None and text != "alle" and text not in allowed:
            raise ValueError("ukendt enhed")
        return text

    @field_validator("visning", mode="before")
    @classmethod
    def _visning(cls, v: Any, info: ValidationInfo) -> str | None:
        if v is None or v == "":
            return None
        text = str(v).strip()
        allowed = (info.context or {}).get("visninger")
        if allowed is not None and text not in allowed:
            raise ValueError("ukendt visning")
        return text


def parse_target(text: str) -> tuple[int, int]:
    """A caseload target from a link: ``"25"`` -> ``(25, 25)``, ``"25-30"`` -> ``(25, 30)``.

    Whole numbers from 1 to :data:`MAX_TARGET`; a range must not run backwards.
    Raises ``ValueError`` (Danish message) otherwise.

    >>> parse_target("25"), parse_target(" 25-30 ")
    ((25, 25), (25, 30))
    """
    parts = str(text).strip().split("-")
    if len(parts) > 2 or not all(p.strip().isdigit() and len(p.strip()) <= 3 for p in parts):
        raise ValueError("målet skal være et helt tal (25) eller et interval (25-30)")
    numbers = [int(p) for p in parts]
    return _check_target(numbers[0], numbers[-1])


def _check_target(lo: int, hi: int) -> tuple[int, int]:
    if not (1 <= lo <= MAX_TARGET and 1 <= hi <= MAX_TARGET):
        raise ValueError(f"målet skal ligge mellem 1 og {MAX_TARGET} sager")
    if hi < lo:
        raise ValueError("intervallets første tal må ikke være størst")
    return (lo, hi)


def target_param(target: tuple[int, int]) -> str:
    """The URL text of a caseload target: ``25`` or ``25-30``."""
    lo, hi = target
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _parse_code(v: Any) -> int:
    text = str(v).strip()
    if not text.isdigit() or len(text) > 3:
        raise ValueError("kommunekoden skal være et tal med højst tre cifre")
    return int(text)


def _check_code(code: int, info: ValidationInfo) -> None:
    allowed = (info.context or {}).get("kommuner")
    valid = allowed if allowed is not None else MUNICIPALITY_CODES
    if code not in valid:
        raise ValueError("ukendt kommune")


@dataclass(frozen=True)
class ParsedState:
    state: UrlState
    notices: list[str] = field(default_factory=list)


def _first(value: Any) -> Any:
    if isinstance(value, list | tuple):
        if not value:
            return None
        return value[-1]  # like st.query_params: the last value of a repeated key wins
    return value


def parse_state(
    params: Mapping[str, Any],
    *,
    kommuner: Sequence[int] | None = None,
    default_kommune: int | None = None,
    visninger: Sequence[str] | None = None,
    default_visning: str | None = None,
    datoer: Sequence[dt.date] | None = None,
    enheder: Sequence[str] | None = None,
) -> ParsedState:
    """Validate query parameters; invalid values fall back to their defaults with a notice.

    ``kommuner``: codes with data (default all 98); ``visninger``: the page's views;
    ``datoer``: available periods — ``fra``/``til`` outside their range fall back. After
    field validation: ``fra`` after ``til`` drops both; ``sammenlign=gruppe`` without a
    group and a comparator equal to the chosen municipality fall back to ``landet``.
    """
    notices: list[str] = []
    raw: dict[str, Any] = {}
    for key, value in params.items():
        if key in STREAMLIT_KEYS:
            continue
        if key not in KEYS:
            notices.append("Linket indeholdt et ukendt felt, som er ignoreret.")
            continue
        v = _first(value)
        if v is not None and len(str(v)) > MAX_VALUE_LENGTH:
            notices.append(f"Værdien for {_KEY_LABELS[key]} i linket var for lang og er "
                           "ignoreret.")
            continue
        raw[key] = v
    context = {"kommuner": tuple(kommuner) if kommuner is not None else None,
               "visninger": tuple(visninger) if visninger is not None else None,
               "enheder": tuple(enheder) if enheder is not None else None}

    state: UrlState | None = None
    for _ in range(len(KEYS) + 1):
        try:
            state = UrlState.model_validate(raw, context=context)
            break
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            if not bad:  # pragma: no cover - every field error has a location
                raw = {}
                continue
            for key in sorted(bad, key=KEYS.index):
                notices.append(_invalid_notice(key, raw.pop(key, None)))
    if state is None:  # pragma: no cover - the loop always ends with an empty, valid dict
        state = UrlState()

    updates: dict[str, Any] = {}
    if state.kommune is None and default_kommune is not None:
        updates["kommune"] = default_kommune
    if state.visning is None and default_visning is not None:
        updates["visning"] = default_visning
    if datoer:
        lo, hi = min(datoer), max(datoer)
        for key in ("fra", "til"):
            d = getattr(state, key)
            if d is not None and not lo <= d <= hi:
                notices.append(f"Der er ingen tal for {format_date(d)}; "
                               f"{_KEY_LABELS[key]}en er nulstillet.")
                updates[key] = None
    fra, til = updates.get("fra", state.fra), updates.get("til", state.til)
    if fra is not None and til is not None and fra > til:
        notices.append("Startdatoen i linket lå efter slutdatoen; hele perioden vises.")
        updates["fra"] = updates["til"] = None
    kommune = updates.get("kommune", state.kommune)
    if state.sammenlign == "gruppe" and not state.gruppe:
        notices.append("Linket bad om en sammenligningsgruppe uden kommuner; der sammenlignes "
                       "med hele landet.")
        updates["sammenlign"] = "landet"
    elif state.sammenlign.isdigit() and kommune is not None and int(state.sammenlign) == kommune:
        notices.append(f"{kommune_navn(kommune)} kan ikke sammenlignes med sig selv; der "
                       "sammenlignes med hele landet.")
        updates["sammenlign"] = "landet"
    if updates:
        state = state.model_copy(update=updates)
    return ParsedState(state, notices)


def _short(text: Any) -> str:
    s = str(text)
    return s if len(s) <= 30 else s[:29] + "…"


def _invalid_notice(key: str, value: Any) -> str:
    label = _KEY_LABELS[key]
    fallback = {
        "kommune": "standardkommunen vises",
        "fra": "hele perioden vises",
        "til": "hele perioden vises",
        "sammenlign": "der sammenlignes med hele landet",
        "gruppe": "gruppen er tom",
        "visning": "standardvisningen bruges",
        "dato": "den seneste skæringsdato vises",
        "maal": "standardmålet bruges",
        "enhed": "alle enheder vises",
        "indsats": "den første indsats vises",
        "loen": "de gennemsnitlige lønninger bruges",
        "deltagere": "indsatsens eget antal bruges",
        "alternativ": "indsatsens eget alternativ bruges",
    }[key]
    return f"Linkets {label} er ugyldig; {fallback}."


def to_query_params(state: UrlState, *, default_kommune: int | None = None,
                    default_visning: str | None = None) -> dict[str, str]:
    """The state as query parameters (strings), leaving out empty values and defaults.

    ``gruppe`` is written only when it is used (``sammenlign=gruppe``).
    """
    out: dict[str, str] = {}
    if state.kommune is not None and state.kommune != default_kommune:
        out["kommune"] = str(state.kommune)
    if state.fra is not None:
        out["fra"] = state.fra.isoformat()
    if state.til is not None:
        out["til"] = state.til.isoformat()
    if state.sammenlign != "landet":
        out["sammenlign"] = state.sammenlign
    if state.sammenlign == "gruppe" and state.gruppe:
        out["gruppe"] = ",".join(str(c) for c in state.gruppe)
    if state.visning is not None and state.visning != default_visning:
        out["visning"] = state.visning
    if state.dato is not None:
        out["dato"] = state.dato.isoformat()
    if state.maal is not None:
        out["maal"] = target_param(state.maal)
    if state.enhed is not None:
        out["enhed"] = state.enhed
    if state.indsats is not None:
        out["indsats"] = state.indsats
    if state.loen is not None:
        out["loen"] = str(state.loen)
    if state.deltagere is not None:
        out["deltagere"] = f"{state.deltagere:g}"
    if state.alternativ is not None:
        out["alternativ"] = state.alternativ
    return out
