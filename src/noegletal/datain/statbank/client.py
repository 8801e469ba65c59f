"""A small client for Danmarks Statistik's Statbank API v1 on ``httpx``.

* ``tableinfo`` is read (once per table and client) before any data call; the request's codes
  are checked against it, so a wrong code gives a Danish message before DST is asked for data.
* ``data`` is a POST with a JSON body, ``format=CSV`` and ``valuePresentation=Code``; the
  CSV is parsed by :func:`noegletal.datain.statbank.csvtext.parse_csv`.
* A request over the cell limit (rows x (selected variables + 1), default 1,000,000) is split
  along its largest variable into calls that each stay under it.
* Timeouts, connection errors, HTTP 429 and 5xx are retried with exponential backoff;
  HTTP 400/404 are not retried, and DST's Danish ``message`` is shown as it is.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx
import pandas as pd

from noegletal.datain.statbank.csvtext import parse_csv
from noegletal.datain.statbank.errors import StatbankError
from noegletal.datain.statbank.tableinfo import TableInfo
from noegletal.domain.formatting import format_count

BASE_URL = "https://api.statbank.dk/v1"
CELL_LIMIT = 1_000_000
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class DataRequest:
    """One data call: ``variables`` maps each selected variable code to its explicit codes
    (a variable left out is eliminated to its total by DST)."""

    table: str
    variables: dict[str, tuple[str, ...]]
    lang: str = "da"

    @property
    def n_rows(self) -> int:
        return math.prod(len(v) for v in self.variables.values()) if self.variables else 1

    @property
    def n_cells(self) -> int:
        return self.n_rows * (len(self.variables) + 1)

    def body(self) -> dict:
        return {
            "table": self.table, "format": "CSV", "lang": self.lang,
            "valuePresentation": "Code", "timeOrder": "Ascending",
            "variables": [{"code": k, "values": list(v)} for k, v in self.variables.items()],
        }

    def get_url(self, base_url: str = BASE_URL) -> str:
        """The same request as a GET address, for downloading the CSV by hand in a browser
        on a machine with internet (``noegletal statbank import`` reads the file)."""
        params = [("valuePresentation", "Code"), ("lang", self.lang),
                  ("timeOrder", "Ascending")]
        params += [(k, ",".join(v)) for k, v in self.variables.items()]
        query = "&".join(f"{quote(k)}={quote(v, safe=',*()<>=')}" for k, v in params)
        return f"{base_url}/data/{self.table}/CSV?{query}"

    def split(self, limit: int) -> list[DataRequest]:
        """Calls that together ask for the same cells, each at most ``limit`` cells."""
        if self.n_cells <= limit:
            return [self]
        name, values = max(self.variables.items(), key=lambda kv: len(kv[1]))
        if len(values) <= 1:
            raise StatbankError(
                f"Forespørgslen på {self.table} kan ikke deles, så den holder sig under "
                f"grænsen på {format_count(limit)} celler.", table=self.table,
            )
        half = len(values) // 2
        out: list[DataRequest] = []
        for part in (values[:half], values[half:]):
            out.extend(DataRequest(self.table, {**self.variables, name: part}, self.lang)
                       .split(limit))
        return out


@dataclass
class FetchLog:
    """What a client did, for the stored metadata and the Data page."""

    calls: list[dict] = field(default_factory=list)  # POST bodies of the data calls
    retries: int = 0


class StatbankClient:
    """``StatbankClient(transport=httpx.MockTransport(handler))`` in tests; the default
    transport talks to ``https://api.statbank.dk/v1``."""

    def __init__(self, *, base_url: str = BASE_URL, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout | float = DEFAULT_TIMEOUT, retries: int = 3,
                 backoff: float = 1.0, cell_limit: int = CELL_LIMIT,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(transport=transport, timeout=timeout,
                                  headers={"User-Agent": "noegletal (statbank client)"})
        self.retries = retries
        self.backoff = backoff
        self.cell_limit = cell_limit
        self._sleep = sleep
        self._tableinfo: dict[str, TableInfo] = {}
        self.log = FetchLog()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> StatbankClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ calls

    def _post(self, function: str, body: dict, table: str) -> httpx.Response:
        url = f"{self.base_url}/{function}"
        attempt = 0
        while True:
            try:
                response = self._http.post(url, json=body)
            except httpx.TimeoutException:
                problem, response = "Danmarks Statistik svarede ikke i tide", None
            except httpx.TransportError as exc:
                problem, response = (f"Der er ingen forbindelse til Danmarks Statistik "
                                     f"({type(exc).__name__})"), None
            else:
                if response.status_code < 400:
                    return response
                if response.status_code not in RETRY_STATUSES:
                    raise _http_error(response, table, body)
                problem = f"Danmarks Statistik svarede med HTTP {response.status_code}"
            if attempt >= self.retries:
                if response is not None:
                    raise _http_error(response, table, body)
                raise StatbankError(
                    f"{problem}, heller ikke efter {self.retries} nye forsøg. Prøv igen senere, "
                    "eller hent filen i hånden og brug «noegletal statbank import».",
                    table=table, request=body,
                )
            self._sleep(self.backoff * (2 ** attempt))
            attempt += 1
            self.log.retries += 1

    def tableinfo(self, table: str) -> TableInfo:
        if table not in self._tableinfo:
            body = {"table": table, "format": "JSON", "lang": "da"}
            response = self._post("tableinfo", body, table)
            try:
                data = response.json()
            except ValueError:
                raise StatbankError("Tabelbeskrivelsen fra Danmarks Statistik er ikke JSON.",
                                    table=table, request=body) from None
            self._tableinfo[table] = TableInfo.from_json(data)
        return self._tableinfo[table]

    def data(self, request: DataRequest) -> pd.DataFrame:
        """The rows of ``request`` (checked against ``tableinfo`` first), split into several
        calls when it is over the cell limit, concatenated in call order."""
        info = self.tableinfo(request.table)
        info.check({k: list(v) for k, v in request.variables.items()})
        parts = []
        for part in request.split(self.cell_limit):
            body = part.body()
            response = self._post("data", body, request.table)
            self.log.calls.append(body)
            parts.append(parse_csv(response.content, source=f"Svaret på {request.table}"))
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _http_error(response: httpx.Response, table: str, body: dict) -> StatbankError:
    """DST's Danish error message as it is, with the table and the request."""
    dst_message = None
    code = None
    try:
        payload = response.json()
        if isinstance(payload, dict):
            dst_message = payload.get("message")
            code = payload.get("errorTypeCode")
    except (ValueError, json.JSONDecodeError):
        dst_message = response.text.strip()[:500] or None
    what = f"Danmarks Statistik afviste forespørgslen (HTTP {response.status_code}"
    what += f", {code})." if code else ")."
    if code == "REQUEST-LIMIT":
        what += " Forespørgslen er for stor; vælg færre kommuner eller år."
    return StatbankError(what, table=table, request=body, dst_message=dst_message,
                         status=response.status_code)
