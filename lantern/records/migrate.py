"""Alembic driven from Python: the `lantern db` commands, env.py and the tests share this.

Lantern's tables share a database with Rasa's tracker store by default, so everything here is
limited to the tables in Lantern's metadata and uses its own version table.
"""

from typing import Any, Dict, List

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy.engine import Connection

from lantern.paths import PROJECT_ROOT
from lantern.records.engine import create_engine
from lantern.records.models import LANTERN_TABLES, UTCDateTime, metadata
from lantern.settings import get_settings

ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"
VERSION_TABLE = "lantern_alembic_version"


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Reflect only Lantern's tables: Rasa's `events` (and anyone else's) are never read."""
    return type_ != "table" or name in LANTERN_TABLES


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Compare and migrate only Lantern's tables and what belongs to them."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return table is None or table.name in LANTERN_TABLES


def render_item(type_: str, obj: Any, autogen_context: Any) -> Any:
    """Autogenerate writes UTC timestamps as plain SQLAlchemy types, not as Lantern imports,
    so an old migration keeps working when the models change."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def context_options(dialect_name: str) -> Dict[str, Any]:
    """Alembic context options for migrating, autogenerating and comparing Lantern's tables."""
    return {
        "target_metadata": metadata,
        "version_table": VERSION_TABLE,
        "include_name": include_name,
        "include_object": include_object,
        "render_item": render_item,
        "compare_type": True,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        "render_as_batch": dialect_name == "sqlite",
    }


def alembic_config(url: str | None = None) -> Config:
    """alembic.ini, pointed at `url` (default: LANTERN_DATABASE_URL), without its logging."""
    config = Config(str(ALEMBIC_INI))
    config.attributes["url"] = url or get_settings().database_url
    config.attributes["configure_logger"] = False
    return config


def head_revision() -> str | None:
    """The newest migration in the repository."""
    return ScriptDirectory.from_config(Config(str(ALEMBIC_INI))).get_current_head()


def current_revision(url: str | None = None) -> str | None:
    """The migration the database is at; None before the first upgrade."""
    engine = create_engine(url or get_settings().database_url)
    try:
        with engine.connect() as connection:
            migration = MigrationContext.configure(
                connection, opts={"version_table": VERSION_TABLE}
            )
            return migration.get_current_revision()
    finally:
        engine.dispose()


def upgrade(url: str | None = None, revision: str = "head") -> List[Script]:
    """Apply migrations up to `revision`; returns those applied, oldest first."""
    config = alembic_config(url)
    before = current_revision(url)
    command.upgrade(config, revision)
    after = current_revision(url)
    if after == before:
        return []
    scripts = ScriptDirectory.from_config(config).iterate_revisions(after, before)
    return list(reversed([script for script in scripts if script is not None]))


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Undo migrations down to `revision` (default: drop every Lantern table)."""
    command.downgrade(alembic_config(url), revision)


def differences(connection: Connection) -> List[Any]:
    """What autogenerate would change to make the database match the models (empty: none)."""
    migration = MigrationContext.configure(
        connection, opts=context_options(connection.dialect.name)
    )
    return list(compare_metadata(migration, metadata))
