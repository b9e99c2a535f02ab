"""What the tracker store does beyond storing: the crisis record, and no member IDs stored."""

from typing import Iterator

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from lantern.records.engine import get_engine
from lantern.records.migrate import upgrade
from lantern.settings import get_settings
from lantern.tracker_store import LanternTrackerStore

DOMAIN = Domain.from_dict(
    {
        "slots": {
            "substance": {"type": "text", "mappings": [{"type": "from_text"}]},
            "screening_started_at": {"type": "text", "mappings": [{"type": "custom"}]},
        }
    }
)
CRISIS_PARSE = {
    "intent": {"name": "crisis", "confidence": 1.0},
    "entities": [],
    "crisis": {"layer": "matcher", "category": "suicide"},
}


@pytest.fixture
def store(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[LanternTrackerStore]:
    """A tracker store and the clinic tables in one migrated database."""
    monkeypatch.setenv("LANTERN_DATABASE_URL", database_url)
    get_settings.cache_clear()
    upgrade(database_url)
    yield LanternTrackerStore(domain=DOMAIN, host=database_url)
    get_settings.cache_clear()


def crisis_message(text: str, message_id: str) -> UserUttered:
    return UserUttered(
        text, CRISIS_PARSE["intent"], [], CRISIS_PARSE, input_channel="rest", message_id=message_id
    )


def rows(url: str, query: str) -> list:
    with get_engine(url).connect() as connection:
        return list(connection.execute(sa.text(query)))


async def test_a_crisis_is_recorded_once_with_its_alert(store, database_url) -> None:
    tracker = DialogueStateTracker.from_events("someone", [], slots=DOMAIN.slots)
    tracker.update(crisis_message("i want to end it all", "m1"))
    await store.save(tracker)
    await store.save(tracker)  # saved again in the same turn: still one record
    events = rows(
        database_url, "SELECT conversation_id, layer, category, channel FROM crisis_events"
    )
    assert [tuple(e) for e in events] == [("someone", "matcher", "suicide", "rest")]
    alerts = rows(database_url, "SELECT kind, conversation_id FROM staff_alerts")
    assert [tuple(a) for a in alerts] == [("crisis", "someone")]


async def test_ordinary_messages_record_nothing(store, database_url) -> None:
    tracker = DialogueStateTracker.from_events("someone", [], slots=DOMAIN.slots)
    tracker.update(UserUttered("what is ketamine", {"name": "ketamine", "confidence": 0.9}))
    await store.save(tracker)
    assert rows(database_url, "SELECT id FROM crisis_events") == []


async def test_member_ids_never_reach_the_stored_conversation(store, database_url) -> None:
    tracker = DialogueStateTracker.from_events("someone", [], slots=DOMAIN.slots)
    tracker.update(
        UserUttered(
            "do you take aetna? my member id is W123456789 group 88231",
            {"name": "cost", "confidence": 0.9},
        )
    )
    tracker.update(SlotSet("substance", "coke, id XJ-55512 if you need it"))
    tracker.update(SlotSet("screening_started_at", "2026-11-22T03:10:00+00:00"))
    await store.save(tracker)
    stored = " ".join(str(r[0]) for r in rows(database_url, "SELECT data FROM events"))
    assert "W123456789" not in stored and "88231" not in stored and "55512" not in stored
    assert "do you take aetna? my member id is [id removed] group [id removed]" in stored
    assert "2026-11-22T03:10:00+00:00" in stored  # not typed text: left as it is


async def test_a_database_that_is_down_does_not_break_the_turn(monkeypatch, tmp_path) -> None:
    store = LanternTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("LANTERN_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    get_settings.cache_clear()
    tracker = DialogueStateTracker.from_events("someone", [], slots=DOMAIN.slots)
    tracker.update(crisis_message("kms", "m2"))
    await store.save(tracker)  # logs the failure, raises nothing
    assert (await store.retrieve("someone")) is not None
    get_settings.cache_clear()
