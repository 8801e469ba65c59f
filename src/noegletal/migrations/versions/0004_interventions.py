"""Extract tables of the intervention extracts (data contract sections 7 and 8):
``maalinger``, ``redskaber``, ``ressourceforbrug``, ``loenninger`` and ``indsatser``.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

EXTRACT_COLUMNS: dict[str, list[tuple[str, sa.types.TypeEngine, bool]]] = {
    "maalinger": [
        ("kommunekode", sa.BigInteger(), False),
        ("indsats_navn", sa.Text(), False),
        ("deltager_id", sa.Text(), False),
        ("deltager_type", sa.Text(), True),
        ("redskab", sa.Text(), False),
        ("skala", sa.Text(), True),
        ("dato", sa.Date(), False),
        ("score", sa.Double(), False),
    ],
    "redskaber": [
        ("redskab", sa.Text(), False),
        ("skala", sa.Text(), True),
        ("navn", sa.Text(), False),
        ("min", sa.Double(), False),
        ("max", sa.Double(), False),
        ("hoejere_er_bedre", sa.Text(), False),
        ("graense", sa.Double(), True),
        ("paalidelig_aendring", sa.Double(), True),
        ("deltager_type", sa.Text(), True),
    ],
    "ressourceforbrug": [
        ("kommunekode", sa.BigInteger(), False),
        ("indsats_navn", sa.Text(), False),
        ("periode_start", sa.Date(), False),
        ("periode_slut", sa.Date(), False),
        ("aktivitet", sa.Text(), False),
        ("personalegruppe", sa.Text(), True),
        ("timer", sa.Double(), True),
        ("udgift_kr", sa.Double(), True),
    ],
    "loenninger": [
        ("personalegruppe", sa.Text(), False),
        ("aar", sa.BigInteger(), False),
        ("maanedsloen_kr", sa.Double(), False),
    ],
    "indsatser": [
        ("kommunekode", sa.BigInteger(), False),
        ("indsats_navn", sa.Text(), False),
        ("deltagere_pr_aar", sa.Double(), False),
        ("maaneder_pr_deltager", sa.Double(), False),
        ("enhed", sa.Text(), False),
        ("alternativ_trin", sa.Text(), True),
        ("alternativ_kr_pr_aar", sa.Double(), True),
    ],
}


def upgrade() -> None:
    for kind, columns in EXTRACT_COLUMNS.items():
        table = f"extract_{kind}"
        op.create_table(
            table,
            sa.Column("id", BigId, autoincrement=True, nullable=False),
            sa.Column("version_id", BigId, nullable=False),
            *(sa.Column(name, type_, nullable=nullable) for name, type_, nullable in columns),
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
    for kind in reversed(EXTRACT_COLUMNS):
        table = f"extract_{kind}"
        op.drop_index(op.f(f"ix_{table}_version_id"), table_name=table)
        op.drop_table(table)
