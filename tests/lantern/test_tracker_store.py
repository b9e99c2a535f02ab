"""Conversations are stored by Rasa's SQL tracker store: SQLite by default, PostgreSQL by URL."""

from pathlib import Path

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from lantern.settings import sqlite_url
from lantern.tracker_store import LanternTrackerStore


async def save_and_reload(store: LanternTrackerStore) -> DialogueStateTracker:
    tracker = DialogueStateTracker("someone", slots=[])
    tracker.update(UserUttered("what is ketamine?", {"name": "ketamine", "confidence": 0.9}))
    tracker.update(BotUttered("Ketamine is a dissociative anesthetic."))
    await store.save(tracker)
    reloaded = await store.retrieve("someone")
    assert reloaded is not None
    return reloaded


async def test_sqlite_file_is_created_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "tracker.db"
    store = LanternTrackerStore(domain=Domain.empty(), host=sqlite_url(path))
    reloaded = await save_and_reload(store)
    assert [e.text for e in reloaded.events if isinstance(e, UserUttered)] == ["what is ketamine?"]
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    assert path.exists()


async def test_default_url_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    from lantern.settings import get_settings

    path = tmp_path / "from-env.db"
    monkeypatch.setenv("LANTERN_TRACKER_DB_URL", sqlite_url(path))
    get_settings.cache_clear()
    try:
        store = LanternTrackerStore(domain=Domain.empty())
        await save_and_reload(store)
    finally:
        get_settings.cache_clear()
    assert path.exists()


async def test_postgresql_stores_the_conversation(postgres_database_url: str) -> None:
    store = LanternTrackerStore(domain=Domain.empty(), host=postgres_database_url)
    reloaded = await save_and_reload(store)
    assert [e.text for e in reloaded.events if isinstance(e, BotUttered)] == [
        "Ketamine is a dissociative anesthetic."
    ]
    store.engine.dispose()
