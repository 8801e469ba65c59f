"""Alembic migrations, run in code when a :class:`~noegletal.store.Store` opens.

The migration scripts live inside the package (``noegletal/migrations``), so an installed
package can migrate its own database without an ``alembic.ini`` in the working directory.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from noegletal.store.engine import write_transaction

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config() -> Config:
    """An Alembic ``Config`` pointing at the packaged migration scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: sa.Engine) -> None:
    """Migrate the database behind ``engine`` to the newest revision.

    Runs inside one write transaction holding the store's writer lock, so two processes
    opening a new database at the same moment do not both try to create the tables: the second
    waits, then finds the database at head and does nothing.
    """
    cfg = alembic_config()
    with write_transaction(engine) as conn:
        if current_revision(conn) == head_revision():
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
