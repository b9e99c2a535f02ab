"""Rasa's SQL tracker store, configured from Lantern's settings rather than endpoints.yml.

`${VAR}` in endpoints.yml has no default syntax, so an unset variable would stop the server.
This store reads `LANTERN_TRACKER_DB_URL` (default: a SQLite file under var/) itself, which
keeps endpoints.yml static and the SQLite default free of any setup.
"""

from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

from lantern.db import enable_sqlite_wal, prepare_sqlite_file
from lantern.settings import get_settings


class LanternTrackerStore(SQLTrackerStore):
    """Stores every conversation's events in the database named by the environment."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        url = host or get_settings().tracker_db_url
        prepare_sqlite_file(make_url(url))
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)
        enable_sqlite_wal(self.engine)
        # Connections opened while creating the tables predate the pragmas: start afresh.
        self.engine.dispose()
