"""Upload safety (issue #11, item 1): a partial file must not silently replace a
municipality's data, and replacing or adding a period is the analyst's explicit choice."""

from __future__ import annotations

import hashlib

import pandas as pd

from noegletal.services import imports as im
from noegletal.store import PendingImport

HEADER = "kommunekode;barn_id;foedselsdato;indsats;startdato;slutdato;bevilget_af\n"


def _active_foranstaltninger(store) -> None:
    # Haderslev: 20 rows, 10 children (c0..c9, two rows each), 8 placements (familiepleje).
    frame = pd.DataFrame({
        "kommunekode": [510] * 20,
        "barn_id": [f"c{i // 2}" for i in range(20)],
        "foedselsdato": pd.to_datetime(["2008-01-01"] * 20),
        "indsats": ["familiepleje"] * 8 + ["forebyggende_11_3"] * 12,
        "startdato": pd.to_datetime([f"2016-01-{d + 1:02d}" for d in range(20)]),
        "slutdato": pd.to_datetime([None] * 20),
        "bevilget_af": ["myndighed"] * 20,
    })
    store.import_frames([PendingImport("foranstaltninger", frame, "hele.csv",
                                       hashlib.sha256(b"hele").hexdigest())], user="ana")


def _check(store, text: str):
    [checked] = im.check_uploads([im.Upload("foranstaltninger.csv", text.encode())], store,
                                 im.ALL)
    return checked


def test_a_two_row_file_does_not_replace_twenty_rows_without_confirmation(store):
    _active_foranstaltninger(store)
    token = store.state_token()
    checked = _check(store, HEADER + "510;n1;2009-01-01;familiepleje;2017-01-01;;\n"
                     "510;n2;2009-01-01;ukendt;2017-01-01;;\n")
    assert checked.status == im.PARTIAL and checked.n_valid == 1
    report = im.import_checked(store, [checked], user="ana", mode=im.MODE_VALID,
                               permissions=im.ALL)
    assert not report.ok and store.state_token() == token
    [change] = report.to_confirm
    # 20 -> 1 rows is -95 %, 10 -> 1 children -90 %, 8 -> 1 placements -88 % (7/8 = 87,5 %,
    # rounded half up gives 88).
    assert change.text(0.2) == (
        "Haderslev, foranstaltninger (forløb pr. barn) (foranstaltninger.csv): 20 rækker → 1 række (−95 %); "
        "10 børn → 1 barn (−90 %); 8 anbringelser → 1 anbringelse (−88 %). Kommunen står "
        "tilbage med næsten ingenting")
    assert "Intet er indlæst endnu" in report.message and change.text(0.2) in report.message
    confirmed = im.import_checked(store, [checked], user="ana", mode=im.MODE_VALID,
                                  permissions=im.ALL, confirmed=True)
    assert confirmed.ok
    assert len(store.active_frames()["foranstaltninger"]) == 1


def test_adding_a_period_keeps_the_active_rows_and_needs_no_confirmation(store):
    _active_foranstaltninger(store)
    checked = _check(store, HEADER + "510;n1;2009-01-01;familiepleje;2017-01-01;;\n")
    report = im.import_checked(store, [checked], user="ana", mode=im.MODE_ALL,
                               permissions=im.ALL, how=im.HOW_ADD)
    assert report.ok, report.message
    frame = store.active_frames()["foranstaltninger"]
    assert len(frame) == 21 and "n1" in set(frame["barn_id"])  # 20 active + 1 new


def test_adding_replaces_rows_with_the_same_key(store):
    old = pd.DataFrame({"kommunekode": [510], "dato": pd.to_datetime(["2016-01-31"]),
                        "antal_0_17": [100]})
    store.import_frame("befolkning", old, filename="b.csv",
                       checksum=hashlib.sha256(b"b").hexdigest(), user="ana")
    [checked] = im.check_uploads([im.Upload("befolkning.csv", (
        b"kommunekode;dato;antal_0_17\n510;2016-01-31;120\n510;2016-05-31;130\n"))],
        store, im.ALL)
    report = im.import_checked(store, [checked], user="ana", mode=im.MODE_ALL,
                               permissions=im.ALL, how=im.HOW_ADD)
    assert report.ok
    frame = store.active_frames()["befolkning"].sort_values("dato")
    assert frame["antal_0_17"].tolist() == [120, 130]


def test_a_small_drop_needs_no_confirmation(store):
    _active_foranstaltninger(store)
    # 17 of the 20 rows again (-15 %, under the 20 % share): children c0..c8 (-10 %).
    rows = "".join(f"510;c{i // 2};2008-01-01;"
                   f"{'familiepleje' if i < 7 else 'forebyggende_11_3'};2016-01-{i + 1:02d};;\n"
                   for i in range(17))
    checked = _check(store, HEADER + rows)
    report = im.import_checked(store, [checked], user="ana", mode=im.MODE_ALL,
                               permissions=im.ALL)
    # placements 8 -> 7 is -12,5 %: under the share too.
    assert report.ok and report.to_confirm == []
