"""Crisis events: each message that set off the crisis response, recorded once, with an alert."""

from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lantern.records.alerts import create_alert
from lantern.records.models import CRISIS_LAYERS, CrisisEvent, require_one_of, utc_now

# INSERT ... ON CONFLICT DO NOTHING, per backend: a duplicate is skipped inside the caller's
# transaction instead of raising an error that would abort it.
_INSERT_ONCE = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def record_crisis(
    *,
    session: Session,
    conversation_id: str,
    layer: str,
    category: str,
    channel: str | None = None,
    message_id: str | None = None,
    occurred_at: datetime | None = None,
) -> CrisisEvent | None:
    """Record a crisis event and its staff alert; None if this message was already recorded.

    Idempotent on (conversation_id, message_id), so a retried action or a second detection
    layer firing on the same message does not alert staff twice. Without a message id every
    call records. Never pass the message text: staff read it in the transcript.
    """
    require_one_of("layer", layer, CRISIS_LAYERS)
    dialect = session.get_bind().dialect.name
    if dialect not in _INSERT_ONCE:
        raise NotImplementedError(f"record_crisis supports SQLite and PostgreSQL, not {dialect}")
    statement: Any = (
        _INSERT_ONCE[dialect](CrisisEvent.__table__)
        .values(
            conversation_id=conversation_id,
            occurred_at=occurred_at or utc_now(),
            layer=layer,
            category=category,
            channel=channel,
            message_id=message_id,
        )
        .on_conflict_do_nothing(index_elements=["conversation_id", "message_id"])
    )
    result = session.execute(statement)
    if result.rowcount == 0:
        return None
    event = session.get(CrisisEvent, result.inserted_primary_key[0])
    assert event is not None  # noqa: S101 - it was inserted in this transaction just now
    create_alert(
        session=session,
        kind="crisis",
        conversation_id=conversation_id,
        source_id=event.id,
    )
    return event
