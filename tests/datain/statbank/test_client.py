"""The Statbank client against recorded responses (``recorded/``, served by ``server.py``)."""

from __future__ import annotations

import math

import httpx
import pytest

from noegletal.datain.statbank import DataRequest, StatbankError, parse_csv
from noegletal.datain.statbank.csvtext import parse_value
from noegletal.datain.statbank.mappings import TABLES
from tests.datain.statbank.server import RecordedStatbank, client, recorded


def test_csv_bom_separator_missing_and_decimal_comma():
    df = parse_csv(recorded("data_REGK31.csv"))
    # The BOM is gone from the first header, the header is the codes, INDHOLD is float.
    assert list(df.columns) == ["OMRÅDE", "FUNKTION", "DRANST", "ART", "PRISENHED", "TID",
                                "INDHOLD"]
    first = df.iloc[0]
    assert (first["OMRÅDE"], first["FUNKTION"], first["ART"], first["TID"]) == (
        "101", "52821", "TOT", "2023")
    assert first["INDHOLD"] == 380101.2  # "380101,2": decimal comma
    # 2 areas x 4 functions x 2 years x 2 arts = 32 rows; exactly one ".." (167, 5.28.22,
    # 2024, UE), read as missing and never as 0.
    assert len(df) == 32
    missing = df[df["INDHOLD"].isna()]
    assert missing[["OMRÅDE", "FUNKTION", "TID", "ART"]].values.tolist() == [
        ["167", "52822", "2024", "UE"]]
    assert (df["INDHOLD"] == 0).sum() == 0


def test_csv_values_and_bad_files():
    assert parse_value("12,5") == 12.5 and parse_value("-3") == -3.0
    assert math.isnan(parse_value(".."))
    with pytest.raises(StatbankError, match="INDHOLD"):
        parse_csv("OMRÅDE;TID;VÆRDI\r\n101;2024;1\r\n")
    with pytest.raises(StatbankError, match="Række 2"):
        parse_csv("OMRÅDE;TID;INDHOLD\r\n101;2024;1.234,5\r\n")
    # Time requested as "Tid" comes back as TID; a hand-saved header in mixed case too.
    assert list(parse_csv("Område;Tid;Indhold\n101;2024K1;7\n").columns) == [
        "OMRÅDE", "TID", "INDHOLD"]


def test_tableinfo_checked_before_the_data_call():
    server = RecordedStatbank()
    with client(server) as c:
        info = c.tableinfo("FOLK1A")
        assert info.updated == "2026-02-11T08:00:00"
        assert info.time.codes[0] == "2023K1" and info.time.codes[-1] == "2025K1"
        bad = DataRequest("FOLK1A", {"OMRÅDE": ("999999",), "Tid": ("2024K1",)})
        with pytest.raises(StatbankError, match="999999"):
            c.data(bad)
    # Only the tableinfo call reached DST: the wrong code was caught before a data call.
    assert [f for f, _ in server.requests] == ["tableinfo"]


def test_period_range_from_tableinfo():
    server = RecordedStatbank()
    with client(server) as c:
        info = c.tableinfo("ANBAAR9")
        req = TABLES["ANBAAR9"].request(info, kommuner=[101, 167], fra=2024)
        assert req.variables["Tid"] == ("2024",)
        with pytest.raises(StatbankError, match="dækker 2023-2024"):
            TABLES["ANBAAR9"].request(info, kommuner=[101], fra=2030)


def test_request_split_in_two_under_the_cell_limit():
    server = RecordedStatbank()
    with client(server, cell_limit=1500) as c:
        info = c.tableinfo("FOLK1A")
        req = TABLES["FOLK1A"].request(info, kommuner=[101, 167])
        # 3 areas x 18 ages x 1 sex x 9 quarters = 486 rows; x (4 variables + 1) = 2430 cells.
        assert (req.n_rows, req.n_cells) == (486, 2430)
        df = c.data(req)
    calls = server.data_calls("FOLK1A")
    assert len(calls) == 2  # 1215 cells each, split along ALDER (the largest variable)
    ages = [next(v["values"] for v in b["variables"] if v["code"] == "ALDER") for b in calls]
    assert ages == [[str(a) for a in range(9)], [str(a) for a in range(9, 18)]]
    assert all(b["valuePresentation"] == "Code" and b["format"] == "CSV" for b in calls)
    assert len(df) == 486 and sorted(df["ALDER"].astype(int).unique()) == list(range(18))


def test_unsplit_request_over_the_limit_is_refused_by_dst_with_its_message():
    server = RecordedStatbank()
    with client(server, cell_limit=1_000_000) as c:
        req = TABLES["FOLK1A"].request(c.tableinfo("FOLK1A"), kommuner=[101, 167])
        with pytest.raises(StatbankError) as err:
            c.data(req)
    assert "Forespørgslen er for stor. Brug BULK-formatet." in str(err.value)
    assert err.value.dst_message == "Forespørgslen er for stor. Brug BULK-formatet."


def test_dst_error_message_shown_as_it_is_with_table_and_request():
    body = recorded("error_EXTRACT-NOTFOUND.json")
    transport = httpx.MockTransport(lambda r: httpx.Response(
        400, content=body, headers={"content-type": "application/json"}))
    from noegletal.datain.statbank import StatbankClient

    with StatbankClient(transport=transport, sleep=lambda s: None) as c, \
            pytest.raises(StatbankError) as err:
        c.tableinfo("FOLK1A")
    text = str(err.value)
    assert "«Kan ikke finde værdien: 999999 (OMRÅDE)»" in text
    assert "Tabel: FOLK1A" in text and '"table": "FOLK1A"' in text
    assert err.value.status == 400  # a 400 is not retried


def test_retries_with_exponential_backoff_then_success():
    server = RecordedStatbank(fail_first=2)
    delays: list[float] = []
    with client(server, delays=delays, backoff=0.5, retries=3) as c:
        info = c.tableinfo("UND2")
    assert info.id == "UND2"
    assert delays == [0.5, 1.0]  # 0.5 * 2**0, 0.5 * 2**1
    assert len(server.requests) == 3


def test_gives_up_after_the_retries_with_a_danish_message():
    server = RecordedStatbank(fail_first=10)
    delays: list[float] = []
    with client(server, delays=delays, backoff=1.0, retries=2) as c, \
            pytest.raises(StatbankError, match="HTTP 503"):
        c.tableinfo("UND2")
    assert delays == [1.0, 2.0]


def test_timeout_is_retried():
    attempts = []

    def handler(request):
        attempts.append(1)
        if len(attempts) == 1:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, content=recorded("tableinfo_UND2.json"))

    from noegletal.datain.statbank import StatbankClient

    delays: list[float] = []
    with StatbankClient(transport=httpx.MockTransport(handler), sleep=delays.append) as c:
        assert c.tableinfo("UND2").id == "UND2"
    assert delays == [1.0] and len(attempts) == 2


def test_get_url_for_a_hand_download():
    req = DataRequest("FOLK1A", {"OMRÅDE": ("101",), "ALDER": ("0", "1"), "Tid": ("2024K1",)})
    url = req.get_url()
    assert url.startswith("https://api.statbank.dk/v1/data/FOLK1A/CSV?valuePresentation=Code")
    assert "ALDER=0,1" in url and "Tid=2024K1" in url and "OMR%C3%85DE=101" in url
