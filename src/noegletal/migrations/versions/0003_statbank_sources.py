"""Where a dataset version came from (Danmarks Statistik's Statbank), and the published
numerator and denominator of comparison series.

* ``import_source``: one row per import fetched from (or hand-downloaded from) an external
  source: the source (``Danmarks Statistik``), its table ids, DST's ``updated`` stamp per
  table, and the request (JSON). Uploads of the analyst's own files have no row.
* ``extract_sammenligning`` gains the optional columns ``taeller`` and ``naevner``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "import_source",
        sa.Column("import_id", BigId, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("tables", sa.Text(), nullable=False),
        sa.Column("updated", sa.JSON(), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["import_batch.id"],
                                name=op.f("fk_import_source_import_id_import_batch"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("import_id", name=op.f("pk_import_source")),
    )
    with op.batch_alter_table("extract_sammenligning") as batch:
        batch.add_column(sa.Column("taeller", sa.Double(), nullable=True))
        batch.add_column(sa.Column("naevner", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("extract_sammenligning") as batch:
        batch.drop_column("naevner")
        batch.drop_column("taeller")
    op.drop_table("import_source")
