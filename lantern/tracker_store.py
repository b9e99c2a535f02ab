"""Rasa's SQL tracker store, configured from Lantern's settings rather than endpoints.yml.

`${VAR}` in endpoints.yml has no default syntax, so an unset variable would stop the server.
This store reads `LANTERN_TRACKER_DB_URL` (default: a SQLite file under var/) itself, which
keeps endpoints.yml static and the SQLite default free of any setup.

It is also where a crisis is recorded for the staff queue, and where what a person typed is
stripped of member IDs and other long numbers before it is stored: saving happens in the Rasa
server itself after every turn, so neither depends on the action server being up.
"""

import logging
from typing import Any, Mapping

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from lantern.db import enable_sqlite_wal, prepare_sqlite_file
from lantern.nlu.crisis_detector import CRISIS_KEY
from lantern.privacy import redact_member_ids
from lantern.records.crisis import record_crisis
from lantern.records.engine import get_sessionmaker
from lantern.settings import get_settings

logger = logging.getLogger(__name__)


def crisis_in(message: UserUttered | None) -> Mapping[str, str] | None:
    """The crisis layers' finding on a message (`{layer, category}`), if they found one."""
    if message is None:
        return None
    finding = message.parse_data.get(CRISIS_KEY)  # type: ignore[misc]
    return finding if isinstance(finding, Mapping) else None


def record_latest_crisis(tracker: DialogueStateTracker) -> None:
    """Put a crisis in the latest message on the staff queue; a database error is logged only.

    `record_crisis` is idempotent per message, so saving the same turn twice records once.
    """
    message = tracker.latest_message
    finding = crisis_in(message)
    if message is None or finding is None:
        return
    try:
        with get_sessionmaker().begin() as session:
            record_crisis(
                session=session,
                conversation_id=tracker.sender_id,
                layer=finding["layer"],
                category=finding["category"],
                channel=message.input_channel,
                message_id=message.message_id,
            )
    except SQLAlchemyError as error:
        # The crisis response has already been sent; staff still see it in the transcript.
        logger.error("Could not record a crisis for the staff queue: %s", type(error).__name__)


def typed_text_slots(domain: Domain | None) -> frozenset[str]:
    """Slots that hold what the person typed (a `from_text` mapping)."""
    if domain is None:
        return frozenset()
    return frozenset(
        slot.name
        for slot in domain.slots
        if any(mapping.get("type") == "from_text" for mapping in slot.mappings)
    )


def redact_typed_text(tracker: DialogueStateTracker, text_slots: frozenset[str]) -> None:
    """Replace member IDs and other long numbers in what the person typed, before storing.

    The turn has been handled by now, so only the stored copy changes: messages, their
    parse data and the slots filled from typed text.
    """
    for event in tracker.events:
        if isinstance(event, UserUttered) and event.text:
            redacted = redact_member_ids(event.text)
            if redacted != event.text:
                event.text = redacted
                event.parse_data["text"] = redacted
        elif (
            isinstance(event, SlotSet) and event.key in text_slots and isinstance(event.value, str)
        ):
            event.value = redact_member_ids(event.value)


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

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the turn without member IDs, then record a crisis in it for the staff queue."""
        redact_typed_text(tracker, typed_text_slots(self.domain))
        await super().save(tracker)
        record_latest_crisis(tracker)
