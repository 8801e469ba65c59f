"""The bad-input corpus (see :mod:`tests.corpus.manifest`).

For every broken extract: the outcome, the Danish message and its row numbers; that every
message, report and download can be produced and is Danish; and, uploaded through the real
upload service into a store that already holds data (SQLite, and PostgreSQL when
``NOEGLETAL_TEST_POSTGRES_URL`` is set), that a refused file leaves the store unchanged and
is written to the audit log, that rows with errors are never stored, and that CPR-like values
never appear in any message, report, refused-rows download, audit entry or log record.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re

import pandas as pd
import pytest

from noegletal.datain.cpr import mask_text
from noegletal.datain.report import problems_csv, refused_rows_csv, text_report
from noegletal.domain.schema import EXTRACTS
from noegletal.services import imports as im
from noegletal.store import Store
from tests.corpus.generate import BIG_ERRORS, BIG_ROWS
from tests.corpus.make_files import FILES as MADE
from tests.corpus.manifest import (
    ADVARSLER,
    AFVIST,
    BIG_FILE,
    CASES,
    FILES,
    RAEKKER_AFVIST,
    TODAY,
    Case,
)
from tests.corpus.run import first_message, markdown_table, outcome_of

ROOT = FILES.parents[2]
USER = "analytiker"
SERVICE_STATUS = {AFVIST: im.REFUSED, RAEKKER_AFVIST: im.PARTIAL, ADVARSLER: im.READY}
# Words that betray an English message (none of them is a Danish word).
ENGLISH = re.compile(r"\b(the|error|invalid|missing|row|column|file|value|must|should|"
                     r"cannot|expected|found|nan|none|null)\b", re.IGNORECASE)


def param(case: Case):
    return pytest.param(case, id=case.file, marks=[pytest.mark.slow] if case.generated else [])


ALL = [param(c) for c in CASES]
CPR_CASES = [param(c) for c in CASES if c.secret]


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# ------------------------------------------------------------------------ manifest


def test_every_file_has_exactly_one_manifest_entry():
    on_disk = {p.name for p in FILES.iterdir()}
    listed = [c.file for c in CASES if not c.generated]
    assert len(listed) == len(set(listed))
    assert set(listed) == on_disk == set(MADE)
    assert len(CASES) >= 40
    assert {c.outcome for c in CASES} == {AFVIST, RAEKKER_AFVIST, ADVARSLER}
    assert all(c.kind is None or c.kind in EXTRACTS for c in CASES)


def test_the_committed_text_files_are_what_make_files_writes():
    # Workbooks carry zip timestamps, so only the other files are compared byte for byte.
    for name, build in MADE.items():
        if not name.endswith(".xlsx"):
            assert (FILES / name).read_bytes() == build(), name


# ----------------------------------------------------------------- data-in layer


@pytest.mark.parametrize("case", ALL)
def test_outcome_message_and_row_numbers(case: Case, corpus_results):
    result = corpus_results[case.file]
    assert outcome_of(result) == case.outcome, [p.text for p in result.problems]
    matching = [p for p in result.problems if case.fragment in p.message]
    assert matching, f"«{case.fragment}» not in {[p.text for p in result.problems]}"
    assert sorted(p.row for p in matching if p.row is not None) == sorted(case.rows)
    if not case.rows:
        assert all(p.row is None for p in matching)
    for p in result.problems:
        assert p.message and not ENGLISH.search(p.message), p.message
        assert p.row is None or p.row >= 2


@pytest.mark.parametrize("case", ALL)
def test_valid_rows_are_complete_and_reports_can_be_made(case: Case, corpus_results):
    result = corpus_results[case.file]
    if result.kind in EXTRACTS:
        spec = EXTRACTS[result.kind]
        assert list(result.frame.columns) == spec.column_names
        for col in spec.columns:  # no silent NaN/None where the contract requires a value
            if col.required:
                assert not result.frame[col.name].isna().any(), col.name
    if result.kind is not None:  # an unrecognised file lists no refused rows
        assert len(result.frame) + len(result.refused_rows) == result.n_rows
    assert len(result.row_numbers) == len(result.frame)
    report = text_report(result.problems)
    assert first_message(result).text in report
    # Every cell of the downloads is safe to open in a spreadsheet.
    for data in (problems_csv(result.problems), refused_rows_csv(result.refused_rows)):
        assert data.startswith(b"\xef\xbb\xbf")
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"):
            assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row), row


@pytest.mark.slow
def test_the_200k_row_file_reports_exactly_its_errors(corpus_results):
    result = corpus_results[BIG_FILE]
    assert [(p.row, p.kind) for p in result.problems] == [
        (row, kind) for row, (_, _, kind) in sorted(BIG_ERRORS.items())]
    assert result.n_rows == BIG_ROWS
    assert result.n_valid == BIG_ROWS - len(BIG_ERRORS)
    assert result.refused_rows["række"].tolist() == sorted(BIG_ERRORS)
    kept = set(result.row_numbers.tolist())
    assert kept.isdisjoint(BIG_ERRORS) and len(kept) == BIG_ROWS - len(BIG_ERRORS)


def test_docs_korpus_md_is_up_to_date(corpus_results):
    expected = markdown_table(CASES, {c.file: corpus_results[c.file] for c in CASES})
    current = (ROOT / "docs" / "korpus.md").read_text(encoding="utf-8")
    assert current == expected, "docs/korpus.md er forældet; kør scripts/corpus_table.py"
    from scripts.corpus_table import README, readme_with_table

    readme = README.read_text(encoding="utf-8")
    assert readme == readme_with_table(readme, expected), (
        "Korpustabellen i README.md er forældet; kør scripts/corpus_table.py")


# ---------------------------------------------------------------- through the store


def _state(store: Store) -> tuple[str, pd.DataFrame, int]:
    return store.state_token(), store.versions(), len(store.audit_log())


def _assert_unchanged(store: Store, before: tuple[str, pd.DataFrame, int], *,
                      audit_added: int = 0) -> None:
    token, versions, n_audit = _state(store)
    assert token == before[0]
    pd.testing.assert_frame_equal(versions, before[1])
    assert n_audit == before[2] + audit_added


def _stored_rows(store: Store, checked: im.CheckedFile) -> pd.DataFrame:
    """The active rows of the uploaded file's extract and scopes, in file order per scope."""
    frame = store.active_frames([checked.kind])[checked.kind]
    if "kommunekode" in frame.columns:
        frame = frame[frame["kommunekode"].isin([s for s in checked.scopes if s is not None])]
    return frame.reset_index(drop=True)


def _expected_rows(checked: im.CheckedFile) -> pd.DataFrame:
    frame = checked.result.frame
    if "kommunekode" in frame.columns:
        frame = frame.sort_values("kommunekode", kind="stable")
    return frame.reset_index(drop=True)


@pytest.mark.parametrize("case", ALL)
def test_upload_through_the_store(case: Case, corpus_store: Store):
    store = corpus_store
    data = case.data()
    before = _state(store)
    [checked] = im.check_uploads([im.Upload(case.file, data, case.kind)], store, im.ALL,
                                 today=TODAY)
    assert checked.status == SERVICE_STATUS[case.outcome]
    assert any(case.fragment in p.message for p in checked.problems)
    _assert_unchanged(store, before)  # checking writes nothing

    if case.outcome == AFVIST:
        [import_id] = im.record_refusals(store, [checked], USER)
        for mode in (im.MODE_ALL, im.MODE_VALID):
            report = im.import_checked(store, [checked], user=USER, mode=mode,
                                       permissions=im.ALL)
            assert not report.ok and not report.changed
        _assert_unchanged(store, before, audit_added=1)
        entry = store.audit_log().iloc[-1]
        assert (entry["action"], entry["filename"], entry["import_id"]) == (
            "afvist_upload", mask_text(case.file), import_id)
        assert entry["checksum"] == hashlib.sha256(data).hexdigest()
        assert entry["details"]["kode"] == checked.refusal_code
        assert entry["details"]["reason"] == checked.refusal
        batch = store.imports().set_index("id").loc[import_id]
        assert (batch["outcome"], batch["n_rows"]) == ("afvist", 0)
        return

    if case.outcome == RAEKKER_AFVIST:
        report = im.import_checked(store, [checked], user=USER, mode=im.MODE_ALL,
                                   permissions=im.ALL)
        assert not report.ok and report.message.startswith("Intet er indlæst")
        _assert_unchanged(store, before, audit_added=1)  # the refusal is logged
        entry = store.audit_log().iloc[-1]
        assert (entry["action"], entry["filename"]) == ("afvist_upload", case.file)
        assert entry["details"]["kode"] == "valideringsfejl"
        before = _state(store)
        mode, n_refused = im.MODE_VALID, checked.n_refused
        assert n_refused > 0
    else:
        mode, n_refused = im.MODE_ALL, 0
    # The cases share one store, so a small file may replace a bigger one: confirmed (the
    # confirmation itself is tested in tests/upload/test_upload_safety.py).
    report = im.import_checked(store, [checked], user=USER, mode=mode, permissions=im.ALL,
                               confirmed=True)
    assert report.ok and report.changed, report.message
    versions = store.versions()
    new = versions[~versions["id"].isin(before[1]["id"])]
    assert sorted(new["kommunekode"].dropna().astype(int).tolist()) == sorted(
        s for s in checked.scopes if s is not None)
    assert int(new["n_rows"].sum()) == checked.n_valid == len(checked.result.frame)
    assert set(new["n_refused"]) == {n_refused}
    stored = _stored_rows(store, checked)
    pd.testing.assert_frame_equal(stored, _expected_rows(checked))
    for column, text in case.stored:
        assert text in stored[column].tolist()


@pytest.mark.parametrize("case", CPR_CASES)
def test_cpr_values_never_leave_the_upload(case: Case, corpus_store: Store, corpus_results,
                                           caplog):
    caplog.set_level(logging.DEBUG)
    store = corpus_store
    [checked] = im.check_uploads([im.Upload(case.file, case.data(), case.kind)], store, im.ALL,
                                 today=TODAY)
    assert checked.cpr_found and checked.status == im.REFUSED
    assert checked.preview() is None and checked.refused_rows() is None
    assert checked.refused_rows_csv() is None
    im.record_refusals(store, [checked], USER)
    result = corpus_results[case.file]
    seen = "\n".join([
        *(f"{p.text} {p.value}" for p in checked.problems),
        checked.refusal or "",
        text_report(checked.problems),
        checked.problems_csv().decode("utf-8-sig"),
        checked.problem_table().to_csv(),
        result.refused_rows.to_csv(),
        refused_rows_csv(result.refused_rows).decode("utf-8-sig"),
        store.audit_log().to_csv(),
        im.audit_table(store.audit_log()).to_csv(),
        store.imports().to_csv(),
        caplog.text,
    ])
    for needle in {case.secret, digits(case.secret), digits(case.secret)[:6]}:
        assert needle not in seen


def test_the_corpus_covers_the_required_kinds_of_breakage(corpus_results):
    kinds = {p.kind for c in CASES if not c.generated for p in corpus_results[c.file].problems}
    for kind in ("cpr", "manglende_kolonne", "dobbelt_kolonne", "ukendt_indsats",
                 "ugyldig_dato", "slut_foer_start", "foedsel_efter_start", "under_minimum",
                 "ugyldigt_heltal", "ugyldigt_tal", "tom_fil", "formel", "html",
                 "hele_landet", "ukendt_kommune", "ugyldigt_skoleaar",
                 "trivsel_uden_for_skala", "fravaer_uden_for_skala", "dublet",
                 "ulaeselig_fil", "blandet_tegnsaet", "bom_inde_i_filen",
                 "blandede_skilletegn", "aaben_citation", "for_lang_tekst", "ark_valgt"):
        assert kind in kinds, kind
