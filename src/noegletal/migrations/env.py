"""Alembic environment of the noegletal store.

Run programmatically by :func:`noegletal.store.migrate.upgrade_to_head`, which hands over an
open connection in ``config.attributes["connection"]`` (inside the caller's transaction). From
the command line (``alembic -c src/noegletal/migrations/alembic.ini ...``) the URL comes from
``NOEGLETAL_DATABASE_URL`` or the ``sqlalchemy.url`` option.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import context

from noegletal.store.tables import metadata

config = context.config


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = os.environ.get("NOEGLETAL_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("Sæt NOEGLETAL_DATABASE_URL eller sqlalchemy.url for at køre Alembic.")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()


def run_migrations_offline() -> None:
    url = os.environ.get("NOEGLETAL_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
