"""The database schema of the versioned store, as SQLAlchemy Core tables.

Bookkeeping tables:

``import_batch``
    One row per import of an uploaded file (who, when, file name, sha256 of the file bytes,
    the extract kinds it held, the outcome), and one row per refused upload.
``dataset_version``
    One row per *dataset version*: one extract kind for one municipality from one import.
    ``kommunekode`` is NULL for the national extracts without a municipality column
    (``udgiftsmodel``, ``prisindeks``) and 0 for national rows of ``sammenligning``.
    ``status`` is one of :data:`STATUSES`; at most one version per (kind, kommunekode) is
    ``aktiv`` (enforced by a partial unique index).
``audit_log``
    Every import, duplicate, activation, deactivation and refused upload: who, when, what and
    a JSON object with the details.
``import_source``
    For an import fetched from an external source (Danmarks Statistik's Statbank): the
    source, its table ids, the tables' ``updated`` stamps and the request.
``store_meta``
    Key/value facts about the store itself (e.g. which imports were the bundled sample data).
``login_throttle``
    Failed logins in a row per *key*: ``bruger:<user name>`` and ``adresse:<client
    address>``, with the time until which a login with that key is refused. Kept in the
    database, so a reload, a new browser session or another instance of the app sees it.

Extract tables: one typed table ``extract_<kind>`` per entry of
:data:`noegletal.domain.schema.EXTRACTS`, generated from those declarations. Each holds exactly
the canonical columns of the extract plus ``id`` (insertion order) and ``version_id``. Nothing
outside the schema is ever stored: extra columns in an uploaded file may hold personal data.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from noegletal.domain.schema import EXTRACTS, ExtractSpec

STATUS_ACTIVE = "aktiv"
STATUS_INACTIVE = "inaktiv"  # deactivated by hand, or because an earlier version was re-activated
STATUS_REPLACED = "erstattet"  # superseded by a newer import for the same (kind, kommunekode)
STATUSES: tuple[str, ...] = (STATUS_ACTIVE, STATUS_INACTIVE, STATUS_REPLACED)

# Kinds whose extract has no kommunekode column: their versions have kommunekode NULL.
NATIONAL_KINDS: tuple[str, ...] = tuple(
    name for name, spec in EXTRACTS.items() if "kommunekode" not in spec.column_names
)

# An autoincrementing 64-bit key that is SQLite's rowid alias on SQLite.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_SQL_TYPES: dict[str, type[sa.types.TypeEngine]] = {
    "int": sa.BigInteger,
    "float": sa.Double,
    "str": sa.Text,
    "code": sa.Text,
    "date": sa.Date,
}


class UTCDateTime(TypeDecorator):
    """A timestamp that is always UTC: stored as ``timestamptz`` on PostgreSQL and as naive
    UTC text on SQLite; returned as an aware ``datetime`` in UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

import_batch = sa.Table(
    "import_batch",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("checksum", sa.String(64), nullable=False),
    sa.Column("kinds", sa.Text, nullable=False),  # comma-separated extract kinds
    sa.Column("outcome", sa.Text, nullable=False),  # see OUTCOMES in noegletal.store.store
    sa.Column("n_rows", sa.BigInteger, nullable=False),
    sa.Column("n_refused", sa.BigInteger, nullable=False),
)

dataset_version = sa.Table(
    "dataset_version",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("kommunekode", sa.Integer, nullable=True),
    sa.Column(
        "import_id",
        BigId,
        sa.ForeignKey("import_batch.id"),
        nullable=False,
        index=True,
    ),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("checksum", sa.String(64), nullable=False),
    sa.Column("n_rows", sa.BigInteger, nullable=False),
    sa.Column("n_refused", sa.BigInteger, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.CheckConstraint(
        "status IN ({})".format(", ".join(f"'{s}'" for s in STATUSES)), name="status"
    ),
    sa.Index("ix_dataset_version_kind_checksum", "kind", "checksum"),
    sa.Index("ix_dataset_version_status_kind", "status", "kind"),
    # At most one active version per (kind, kommunekode); NULL kommunekode counts as one scope.
    sa.Index(
        "uq_dataset_version_active_scope",
        "kind",
        sa.text("coalesce(kommunekode, -1)"),
        unique=True,
        sqlite_where=sa.text("status = 'aktiv'"),
        postgresql_where=sa.text("status = 'aktiv'"),
    ),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=True),
    sa.Column("kommunekode", sa.Integer, nullable=True),
    sa.Column("version_id", BigId, nullable=True),
    sa.Column("import_id", BigId, nullable=True),
    sa.Column("filename", sa.Text, nullable=True),
    sa.Column("checksum", sa.String(64), nullable=True),
    sa.Column("details", sa.JSON, nullable=False),
)

store_meta = sa.Table(
    "store_meta",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
)


login_throttle = sa.Table(
    "login_throttle",
    metadata,
    sa.Column("key", sa.String(300), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("locked_until", UTCDateTime(), nullable=True),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
)


import_source = sa.Table(
    "import_source",
    metadata,
    sa.Column(
        "import_id", BigId, sa.ForeignKey("import_batch.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("source", sa.Text, nullable=False),  # e.g. "Danmarks Statistik"
    sa.Column("tables", sa.Text, nullable=False),  # comma-separated table ids
    sa.Column("updated", sa.JSON, nullable=False),  # table id -> DST's "updated" stamp
    sa.Column("request", sa.JSON, nullable=False),  # what was asked for
)


def extract_table_name(kind: str) -> str:
    return f"extract_{kind}"


def _extract_table(spec: ExtractSpec) -> sa.Table:
    columns = [
        sa.Column(c.name, _SQL_TYPES[c.kind](), nullable=not c.required) for c in spec.columns
    ]
    return sa.Table(
        extract_table_name(spec.name),
        metadata,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "version_id",
            BigId,
            sa.ForeignKey("dataset_version.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        *columns,
    )


EXTRACT_TABLES: dict[str, sa.Table] = {name: _extract_table(spec) for name, spec in EXTRACTS.items()}


# Materialised key figures (see :mod:`noegletal.store.results`): the tidy result of the whole
# catalogue, computed once per state of the active data (``state_token``) and set of
# parameters (``params_key``), written in the same transaction as the import or activation
# that produced the state.
materialisation = sa.Table(
    "materialisation",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("state_token", sa.String(40), nullable=False),
    sa.Column("params_key", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("n_rows", sa.BigInteger, nullable=False),
    # cut-offs, municipalities, warnings, parameters, active version ids, ... (no cell values)
    sa.Column("info", sa.JSON, nullable=False),
    sa.UniqueConstraint("state_token", "params_key"),
)

# ``kilde``: 0 = computed from the municipality's own data; 1 = the published series of the
# ``sammenligning`` extract (every municipality's rows, with their taeller and naevner, and
# "Hele landet" with kommunekode 0), as the Landet page, the ranking and "Hele landet" show.
SOURCE_COMPUTED = 0
SOURCE_PUBLISHED = 1
# The unit breakdown (enhed, data contract section 10): the same key figures per unit of a
# municipality, ``dimension`` carrying ``enhed=<navn>`` (alone or after ``<dimension>|``).
SOURCE_UNITS = 2

materialised_result = sa.Table(
    "materialised_result",
    metadata,
    sa.Column(
        "materialisation_id",
        BigId,
        sa.ForeignKey("materialisation.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("kilde", sa.SmallInteger, nullable=False),
    sa.Column("noegletal", sa.Text, nullable=False),
    sa.Column("kommunekode", sa.Integer, nullable=False),
    sa.Column("dato", sa.Date, nullable=False),
    sa.Column("dimension", sa.Text, nullable=False),
    sa.Column("vaerdi", sa.Double, nullable=True),
    sa.Column("taeller", sa.Double, nullable=True),
    sa.Column("naevner", sa.Double, nullable=True),
    sa.Index(
        "ix_materialised_result_lookup",
        "materialisation_id", "kilde", "kommunekode", "noegletal",
    ),
)
