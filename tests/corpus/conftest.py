"""Fixtures for the corpus tests: the validation results (computed once per session) and a
store per backend that already holds data, shared by the cases of a module."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator

import pandas as pd
import pytest
import sqlalchemy as sa

from noegletal.datain.validation import ValidationResult
from noegletal.store import PendingImport, Store
from tests.conftest import postgres_url
from tests.corpus.manifest import BY_FILE, TODAY
from tests.corpus.run import validate_case

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]

class _Results(dict):
    """Validation results by file name, computed on first use."""

    def __missing__(self, file: str) -> ValidationResult:
        self[file] = validate_case(BY_FILE[file])
        return self[file]


@pytest.fixture(scope="session")
def corpus_results() -> dict[str, ValidationResult]:
    """The validation result of every case, computed once per session."""
    return _Results()


def _baseline(store: Store) -> None:
    """Active data before any corpus file is uploaded, so "unchanged" means something."""
    befolkning = pd.DataFrame({
        "kommunekode": [510, 657], "dato": pd.to_datetime(["2015-01-31", "2015-01-31"]),
        "antal_0_17": [11900, 9100]})
    foranstaltninger = pd.DataFrame({
        "kommunekode": [510], "barn_id": ["grund1"], "foedselsdato": pd.to_datetime(["2007-01-01"]),
        "indsats": ["familiepleje"], "startdato": pd.to_datetime(["2015-01-01"]),
        "slutdato": pd.to_datetime([None]), "bevilget_af": ["myndighed"]})
    items = [PendingImport(kind, frame, f"grunddata_{kind}.csv",
                           hashlib.sha256(f"{kind}{TODAY}".encode()).hexdigest())
             for kind, frame in (("befolkning", befolkning),
                                 ("foranstaltninger", foranstaltninger))]
    store.import_frames(items, user="grunddata")


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_store(request, tmp_path_factory) -> Iterator[Store]:
    """A store with baseline data on the backend of the parameter, shared by a module."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("corpus") / "store.sqlite3"
        store = Store(f"sqlite:///{path.as_posix()}")
        _baseline(store)
        yield store
        store.close()
        return
    if postgres_url() is None:
        pytest.skip("NOEGLETAL_TEST_POSTGRES_URL er ikke sat; PostgreSQL-testene springes over.")
    schema = f"corpus_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(postgres_url())
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.make_url(postgres_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    store = Store(url.render_as_string(hide_password=False))
    try:
        _baseline(store)
        yield store
    finally:
        store.close()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
