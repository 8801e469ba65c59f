"""The recorded Statbank responses in ``recorded/``, served through ``httpx.MockTransport``.

This stands in for the external service (Danmarks Statistik), not for any of our components:
it answers exactly the requests the responses were recorded for (municipalities 101 and 167
and the national total, every period in ``tableinfo``) and refuses anything else with DST's
error body, so a test fails loudly when the client asks for something else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import httpx

RECORDED = Path(__file__).parent / "recorded"
NATIONAL = {"FOLK1A": "000", "ANBAAR9": "0", "ISBU02": "000", "UND2": "000"}
AREA_VAR = {"FOLK1A": "OMRÅDE", "ANBAAR9": "ADMKOM", "ISBU02": "KOMK", "UND2": "ADMKOM",
            "REGK31": "OMRÅDE"}


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


def _error(message: str, code: str = "EXTRACT-NOTFOUND", status: int = 400) -> httpx.Response:
    return httpx.Response(status, json={"errorTypeCode": code, "message": message})


@dataclass
class RecordedStatbank:
    """``transport`` for a client; ``requests`` records (function, body) of every call;
    ``fail_first`` makes the first n calls answer HTTP 503 (for the retry tests)."""

    fail_first: int = 0
    requests: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def data_calls(self, table: str | None = None) -> list[dict]:
        return [b for f, b in self.requests if f == "data" and (table is None or b["table"] == table)]

    def handle(self, request: httpx.Request) -> httpx.Response:
        function = request.url.path.rsplit("/", 1)[-1]
        body = json.loads(request.content.decode("utf-8"))
        self.requests.append((function, body))
        if self.fail_first > 0:
            self.fail_first -= 1
            return httpx.Response(503, text="Service Unavailable")
        table = body.get("table", "")
        if function == "tableinfo":
            path = RECORDED / f"tableinfo_{table}.json"
            if not path.exists():
                return _error(f"Tabellen {table} findes ikke.", "TABLE-NOTFOUND", 404)
            return httpx.Response(200, content=path.read_bytes(),
                                  headers={"content-type": "application/json; charset=utf-8"})
        if function != "data":
            return _error(f"Ukendt funktion {function}", "FUNCTION-NOTFOUND", 404)
        if body.get("format") != "CSV" or body.get("valuePresentation") != "Code":
            return _error("Optagelsen har kun CSV med koder.", "FORMAT-NOTSUPPORTED")
        variables = {v["code"]: v["values"] for v in body.get("variables", [])}
        areas = variables.get(AREA_VAR.get(table, ""), [])
        expected = ([NATIONAL[table]] if table in NATIONAL else []) + ["101", "167"]
        if areas != expected:
            return _error(f"Kan ikke finde værdien: {','.join(areas)} ({AREA_VAR.get(table)})")
        info = json.loads(recorded(f"tableinfo_{table}.json"))
        periods = [v["id"] for v in info["variables"][-1]["values"]]
        if variables.get("Tid") != periods:
            return _error("Optagelsen dækker alle perioder i tabellen.", "EXTRACT-NOTFOUND")
        name = f"data_{table}.csv"
        if table == "FOLK1A":
            ages = variables.get("ALDER", [])
            if ages == [str(a) for a in range(9)]:
                name = "data_FOLK1A_a.csv"
            elif ages == [str(a) for a in range(9, 18)]:
                name = "data_FOLK1A_b.csv"
            else:
                return httpx.Response(400, json={
                    "errorTypeCode": "REQUEST-LIMIT",
                    "message": "Forespørgslen er for stor. Brug BULK-formatet."})
        return httpx.Response(200, content=recorded(name),
                              headers={"content-type": "text/csv; charset=utf-8"})


def client(server: RecordedStatbank, **kwargs):
    from noegletal.datain.statbank import StatbankClient

    delays: list[float] = kwargs.pop("delays", [])
    return StatbankClient(transport=server.transport, cell_limit=kwargs.pop("cell_limit", 1500),
                          sleep=delays.append, **kwargs)
