"""Alembic's entry point: which database, and the options that keep it to Lantern's tables."""

from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import make_url

from lantern.records.engine import create_engine
from lantern.records.migrate import context_options
from lantern.settings import get_settings


def database_url() -> str:
    """`lantern db` passes the URL as an attribute; `alembic -x url=...` overrides settings."""
    config = context.config
    return str(
        config.attributes.get("url")
        or context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or get_settings().database_url
    )


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL (for a DBA) instead of running it."""
    url = make_url(database_url())
    context.configure(
        url=url,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **context_options(url.get_backend_name()),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(database_url())
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, **context_options(connection.dialect.name))
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.config.config_file_name and context.config.attributes.get("configure_logger", True):
    # The plain `alembic` command logs each step; `lantern db` prints its own summary.
    fileConfig(context.config.config_file_name)

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
