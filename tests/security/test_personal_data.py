"""No CPR number or child id appears in any page, export or log.

* Pages: every page of the real app (AppTest), for an anonymous visitor and for a logged-in
  analyst on the Data page (versions and audit log), serialised exactly as Streamlit would
  send it to the browser — text, tables (Arrow) and chart specs (Plotly JSON).
* Exports: the CSV and Excel download of every block of every theme, and the whole HTML
  udvalgsrapport, built from the same data the app shows.
* Logs: everything logged (any logger, any level) and printed while an upload full of CPR
  numbers is checked, refused, recorded and an import of it attempted — and the reports the
  analyst can download about that file.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

import pytest

from tests.security.conftest import (
    ANALYST_PASSWORD,
    ANALYST_USER,
    CPR_DIGITS,
    CPR_NUMBERS,
    assert_rendered,
    cpr_file,
    page_bytes,
    page_paths,
    run_page,
    sample_child_ids,
)

# Child ids in the sample data look like B0000123; find every such token in a payload.
ID_TOKEN = re.compile(rb"[A-Za-z]\d{5,}")


@pytest.fixture(scope="module")
def child_ids() -> set[bytes]:
    ids = {i.encode() for i in sample_child_ids()}
    assert len(ids) > 100
    return ids


def leaks(blob: bytes, child_ids: set[bytes]) -> list[str]:
    """Child ids and CPR numbers (any of the planted ones, in any format) found in ``blob``."""
    found = sorted({t.decode() for t in ID_TOKEN.findall(blob) if t in child_ids})
    digits_only = re.sub(rb"[\s-]", b"", blob)
    found += [c for c in CPR_NUMBERS if c.encode() in blob]
    found += [d for d in CPR_DIGITS if d.encode() in digits_only]
    return found


def test_the_leak_finder_finds_leaks(child_ids):
    """Positive control."""
    some_id = next(iter(child_ids))
    assert leaks(b"x " + some_id + b" y", child_ids) == [some_id.decode()]
    assert leaks(b'{"y": "311299-1234"}', child_ids) == ["311299-1234", "3112991234"]
    assert leaks(b"B1 2017-01-31 167 0,5", child_ids) == []


@pytest.mark.parametrize("path", page_paths())
def test_no_page_shows_a_child_id_or_cpr_number(path, child_ids):
    at = run_page(path, {"kommune": "167"})
    assert_rendered(at)
    assert leaks(page_bytes(at), child_ids) == []


def test_the_analysts_data_page_shows_no_child_id_or_cpr_number(child_ids):
    """Versions, audit log (with the refused CPR upload) and active data."""
    at = run_page("pages/data.py")
    at.text_input(key="nt_login_user").input(ANALYST_USER)
    at.text_input(key="nt_login_password").input(ANALYST_PASSWORD)
    at.get("form_submit_button")[0].click()
    at.run()
    assert_rendered(at)
    assert at.get("file_uploader"), "login virkede ikke"
    blob = page_bytes(at)
    assert b"foranstaltninger_cpr.csv" in blob  # the refusal is in the audit log
    assert leaks(blob, child_ids) == []


# ------------------------------------------------------------------ exports


@pytest.fixture(scope="module")
def shown_data():
    """The catalogue the app shows, computed from the shared store."""
    from noegletal.ui.data import get_data

    return get_data()


def _all_blocks(data):
    from noegletal.metrics.catalogue import CATALOGUE
    from noegletal.presentation.themes import THEMES, load_theme
    from noegletal.services.views import ViewFilter, comparator_frame, kommune_frame

    for kommune in data.kommuner[:1]:  # one municipality keeps the test fast
        view = ViewFilter(kommune=kommune, fra=None, til=None, sammenlign="landet", gruppe=(),
                          threshold=5)
        frame = kommune_frame(data, list(CATALOGUE), view)
        comparator, label = comparator_frame(data, list(CATALOGUE), view)
        for info in THEMES:
            yield from load_theme(info).blocks(frame, comparator, label, kommunekode=kommune)


def test_no_export_holds_a_child_id_or_cpr_number(shown_data, child_ids):
    from noegletal.metrics.catalogue import CATALOGUE
    from noegletal.presentation.exports import to_csv_bytes, to_excel_bytes
    from noegletal.presentation.tables import long_table

    n = 0
    for block in _all_blocks(shown_data):
        tables = [block.table] if block.table is not None else []
        if block.rows is not None and not block.rows.empty:
            tables.append(long_table(block.rows, CATALOGUE))
        for table in tables:
            if table.empty:
                continue
            assert leaks(to_csv_bytes(table), child_ids) == [], block.key
            with zipfile.ZipFile(io.BytesIO(to_excel_bytes(table))) as xlsx:
                blob = b"".join(xlsx.read(name) for name in xlsx.namelist())
            assert leaks(blob, child_ids) == [], block.key
            n += 1
    assert n > 20, "for få eksporter blev kontrolleret"


def test_the_committee_report_holds_no_child_id_or_cpr_number(shown_data, child_ids):
    from noegletal.presentation.committee_report import committee_report
    from noegletal.services.views import ViewFilter

    kommune = shown_data.kommuner[-1]
    view = ViewFilter(kommune=kommune, fra=None, til=None,
                      sammenlign=str(shown_data.kommuner[0]), gruppe=(), threshold=5)
    html = committee_report(shown_data, view).encode("utf-8")
    assert len(html) > 10_000
    assert leaks(html, child_ids) == []


# ------------------------------------------------------------------ logs


def test_logs_of_a_cpr_upload_hold_no_cpr_number(tmp_path, caplog, capfd, child_ids):
    from noegletal.services import imports as im
    from noegletal.store import Store

    caplog.set_level(logging.DEBUG)  # every logger, every level
    store = Store(f"sqlite:///{(tmp_path / 'store.sqlite3').as_posix()}")
    token = store.state_token()
    upload = im.Upload("foranstaltninger.csv", cpr_file())
    permissions = im.permissions_for("", ANALYST_USER)
    checked = im.check_uploads([upload], store, permissions)
    [c] = checked
    assert c.refusal_code == im.REFUSED_CPR and c.cpr_found
    im.record_refusals(store, checked, ANALYST_USER)
    report = im.import_checked(store, checked, mode=im.MODE_VALID, user=ANALYST_USER,
                               permissions=permissions)
    assert not report.ok
    assert store.state_token() == token and store.is_empty()
    out, err = capfd.readouterr()
    logged = "\n".join(f"{r.name} {r.levelname} {r.getMessage()} {r.exc_text or ''}"
                       for r in caplog.records)
    for text in (logged, out, err, report.message, c.refusal or ""):
        assert leaks(text.encode("utf-8"), child_ids) == []
    # what the analyst can download about the refused file, and the audit log
    downloads = [c.problems_csv(), c.refused_rows_csv() or b"",
                 im.table_csv(im.audit_table(store.audit_log())),
                 store.audit_log().to_csv(index=False).encode("utf-8")]
    for blob in downloads:
        assert leaks(blob, child_ids) == []
    store.close()
