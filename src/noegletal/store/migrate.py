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

    The revision is first read without any lock, so opening a database that is already up to
    date never waits for a running import (a new app instance starts while an analyst
    imports). Only when a migration is due does it take the store's writer lock and check
    again, so two processes opening a new database at the same moment do not both try to
    create the tables: the second waits, then finds the database at head and does nothing.
    """
    cfg = alembic_config()
    head = head_revision()
    with engine.connect() as conn:
        if current_revision(conn) == head:
            return
    with write_transaction(engine) as conn:
        if current_revision(conn) == head:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
