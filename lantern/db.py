"""SQLite made ready for use: its folder created, WAL mode so readers never block the writer."""

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine


def prepare_sqlite_file(url: URL) -> None:
    """Create the folder of a SQLite file so a fresh checkout needs no manual step."""
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(str(url.database)).parent.mkdir(parents=True, exist_ok=True)


def enable_sqlite_wal(engine: Engine) -> None:
    """WAL lets the staff console read while the assistant writes, without 'database is locked'."""
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
