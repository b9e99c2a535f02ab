"""One engine and session factory per database URL, built on first use (never at import)."""

import threading
from typing import Dict

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

from lantern.db import enable_sqlite_wal, prepare_sqlite_file
from lantern.settings import get_settings

_lock = threading.Lock()
_factories: Dict[str, sessionmaker] = {}


def create_engine(url: str) -> Engine:
    """A new engine for `url`: SQLite gets its folder and WAL mode, PostgreSQL a liveness check."""
    parsed = make_url(url)
    prepare_sqlite_file(parsed)
    engine = sa.create_engine(parsed, future=True, pool_pre_ping=True)
    enable_sqlite_wal(engine)
    return engine


def get_sessionmaker(url: str | None = None) -> sessionmaker:
    """Sessions on one shared engine per URL (default: LANTERN_DATABASE_URL).

    Use one session per unit of work: `with get_sessionmaker().begin() as session: ...`.
    """
    url = url or get_settings().database_url
    with _lock:
        if url not in _factories:
            # expire_on_commit=False: rows stay readable after the unit of work that wrote them.
            _factories[url] = sessionmaker(
                bind=create_engine(url), future=True, expire_on_commit=False
            )
        return _factories[url]


def get_engine(url: str | None = None) -> Engine:
    """The shared engine for `url` (default: LANTERN_DATABASE_URL), so pools are not multiplied."""
    engine: Engine = get_sessionmaker(url).kw["bind"]
    return engine


def dispose_engines() -> None:
    """Close and forget every shared engine (tests; a process about to fork)."""
    with _lock:
        for factory in _factories.values():
            factory.kw["bind"].dispose()
        _factories.clear()
