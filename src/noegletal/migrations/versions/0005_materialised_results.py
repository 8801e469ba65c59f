"""Materialised key figures: one row per computed catalogue (state token x parameters) and
its tidy result rows.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "materialisation",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("state_token", sa.String(length=40), nullable=False),
        sa.Column("params_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("n_rows", sa.BigInteger(), nullable=False),
        sa.Column("info", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_materialisation")),
        sa.UniqueConstraint(
            "state_token", "params_key", name=op.f("uq_materialisation_state_token_params_key")
        ),
    )
    op.create_table(
        "materialised_result",
        sa.Column("materialisation_id", BigId, nullable=False),
        sa.Column("kilde", sa.SmallInteger(), nullable=False),
        sa.Column("noegletal", sa.Text(), nullable=False),
        sa.Column("kommunekode", sa.Integer(), nullable=False),
        sa.Column("dato", sa.Date(), nullable=False),
        sa.Column("dimension", sa.Text(), nullable=False),
        sa.Column("vaerdi", sa.Double(), nullable=True),
        sa.Column("taeller", sa.Double(), nullable=True),
        sa.Column("naevner", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["materialisation_id"],
            ["materialisation.id"],
            name=op.f("fk_materialised_result_materialisation_id_materialisation"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_materialised_result_lookup",
        "materialised_result",
        ["materialisation_id", "kilde", "kommunekode", "noegletal"],
    )


def downgrade() -> None:
    op.drop_index("ix_materialised_result_lookup", table_name="materialised_result")
    op.drop_table("materialised_result")
    op.drop_table("materialisation")
