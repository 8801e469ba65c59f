"""Targets and units: the ``maal`` extract and the optional ``enhed`` columns.

* ``extract_maal``: the municipality's own targets (data contract section 9).
* ``extract_foranstaltninger.enhed``: the unit or district responsible for a case
  (section 10).
* ``extract_befolkning.enhed``: a unit's own population (empty = the whole municipality).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

MAAL_COLUMNS: list[tuple[str, sa.types.TypeEngine, bool]] = [
    ("kommunekode", sa.BigInteger(), False),
    ("noegletal", sa.Text(), False),
    ("dimension", sa.Text(), True),
    ("maalvaerdi", sa.Double(), False),
    ("retning", sa.Text(), False),
    ("fra_dato", sa.Date(), False),
    ("til_dato", sa.Date(), True),
    ("beskrivelse", sa.Text(), True),
]


def upgrade() -> None:
    with op.batch_alter_table("extract_foranstaltninger") as batch:
        batch.add_column(sa.Column("enhed", sa.Text(), nullable=True))
    with op.batch_alter_table("extract_befolkning") as batch:
        batch.add_column(sa.Column("enhed", sa.Text(), nullable=True))
    table = "extract_maal"
    op.create_table(
        table,
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("version_id", BigId, nullable=False),
        *(sa.Column(name, type_, nullable=nullable) for name, type_, nullable in MAAL_COLUMNS),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["dataset_version.id"],
            name=op.f(f"fk_{table}_version_id_dataset_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_version_id"), table, ["version_id"])


def downgrade() -> None:
    table = "extract_maal"
    op.drop_index(op.f(f"ix_{table}_version_id"), table_name=table)
    op.drop_table(table)
    with op.batch_alter_table("extract_befolkning") as batch:
        batch.drop_column("enhed")
    with op.batch_alter_table("extract_foranstaltninger") as batch:
        batch.drop_column("enhed")
