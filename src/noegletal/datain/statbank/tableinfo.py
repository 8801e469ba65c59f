"""``tableinfo``: a table's variables and codes, used to check a request before the data call.

>>> info = TableInfo.from_json({"id": "FOLK1A", "text": "Befolkningen", "updated":
...     "2026-02-11T08:00:00", "variables": [{"id": "OMRÅDE", "text": "område",
...     "values": [{"id": "000", "text": "Hele landet"}, {"id": "101", "text": "København"}]},
...     {"id": "Tid", "text": "tid", "time": True, "values": [{"id": "2024K1", "text": "2024K1"}]}]})
>>> info.variable("tid").id, info.codes("OMRÅDE")
('Tid', ('000', '101'))
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from noegletal.datain.statbank.errors import StatbankError


@dataclass(frozen=True)
class Variable:
    id: str
    text: str
    elimination: bool
    time: bool
    values: tuple[tuple[str, str], ...]  # (code, text)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.values)

    def code_for_text(self, text: str) -> str | None:
        want = " ".join(text.lower().split())
        for code, label in self.values:
            if " ".join(label.lower().split()) == want:
                return code
        return None


@dataclass(frozen=True)
class TableInfo:
    id: str
    text: str
    unit: str
    updated: str  # as DST sent it (ISO timestamp, local Danish time)
    variables: tuple[Variable, ...]
    suppressed_value: str = ".."
    footnote: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: dict) -> TableInfo:
        try:
            variables = tuple(
                Variable(
                    id=str(v["id"]), text=str(v.get("text", "")),
                    elimination=bool(v.get("elimination", False)), time=bool(v.get("time", False)),
                    values=tuple((str(x["id"]), str(x.get("text", ""))) for x in v["values"]),
                )
                for v in data["variables"]
            )
            return cls(
                id=str(data["id"]), text=str(data.get("text", "")), unit=str(data.get("unit", "")),
                updated=str(data.get("updated", "")), variables=variables,
                suppressed_value=str(data.get("suppressedDataValue", "..")),
                footnote=str(data.get("footnote") or ""), raw=data,
            )
        except (KeyError, TypeError) as exc:
            raise StatbankError(
                f"Tabelbeskrivelsen (tableinfo) fra Danmarks Statistik mangler feltet {exc}."
            ) from None

    def has(self, code: str) -> bool:
        return any(v.id.upper() == code.upper() for v in self.variables)

    def variable(self, code: str) -> Variable:
        for v in self.variables:
            if v.id.upper() == code.upper():
                return v
        raise StatbankError(
            f"Tabellen {self.id} har ingen variabel {code}; den har "
            f"{', '.join(v.id for v in self.variables)}.", table=self.id,
        )

    @property
    def time(self) -> Variable:
        for v in self.variables:
            if v.time or v.id.upper() == "TID":
                return v
        raise StatbankError(f"Tabellen {self.id} har ingen tidsvariabel.", table=self.id)

    def codes(self, code: str) -> tuple[str, ...]:
        return self.variable(code).codes

    def check(self, variables: dict[str, list[str]]) -> None:
        """Every explicit code of a request exists (raise with a Danish message if not)."""
        for code, values in variables.items():
            var = self.variable(code)
            known = set(var.codes)
            unknown = [v for v in values if v not in known and not _is_selector(v)]
            if unknown:
                raise StatbankError(
                    f"Tabellen {self.id} har ikke koderne {', '.join(unknown)} i variablen "
                    f"{var.id} ({var.text}).", table=self.id,
                )

    @property
    def updated_date(self) -> dt.date | None:
        try:
            return dt.datetime.fromisoformat(self.updated).date()
        except ValueError:
            return None


def _is_selector(value: str) -> bool:
    return value == "*" or "*" in value or value.startswith((">", "<", "(", "sum("))
