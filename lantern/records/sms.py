"""The SMS channel's records: messages already handled, opt-outs, senders and their choices.

Keyed by `lantern.phone.phone_key` (a keyed hash), never by the number, except `SmsSender`,
which is where the number is looked up for a call-back. Keyword-only, flush never commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lantern.records.models import SmsMessageSeen, SmsOptOut, SmsSender, utc_now

# INSERT ... ON CONFLICT DO NOTHING per backend: a duplicate is skipped inside the caller's
# transaction instead of raising an error that would abort it.
_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _insert_once(session: Session, table: Any, conflict: str, **values: Any) -> bool:
    dialect = session.get_bind().dialect.name
    if dialect not in _INSERT:
        raise NotImplementedError(f"SMS records support SQLite and PostgreSQL, not {dialect}")
    statement: Any = (
        _INSERT[dialect](table).values(**values).on_conflict_do_nothing(index_elements=[conflict])
    )
    return bool(session.execute(statement).rowcount)


def first_sighting(*, session: Session, message_sid: str, at: datetime | None = None) -> bool:
    """Record an incoming message; False if it was seen before (a Twilio retry)."""
    return _insert_once(
        session,
        SmsMessageSeen.__table__,
        "message_sid",
        message_sid=message_sid,
        received_at=at or utc_now(),
    )


def _opt_out_row(session: Session, phone_key: str) -> SmsOptOut:
    row = session.get(SmsOptOut, phone_key)
    if row is None:
        row = SmsOptOut(phone_key=phone_key)
        session.add(row)
    return row


def opt_out(*, session: Session, phone_key: str, at: datetime | None = None) -> None:
    """The number texted STOP (or an equivalent): nothing more is sent to it."""
    _opt_out_row(session, phone_key).opted_out_at = at or utc_now()
    session.flush()


def opt_in(*, session: Session, phone_key: str, at: datetime | None = None) -> None:
    """The number texted START (or UNSTOP, or YES while opted out): it may be texted again."""
    _opt_out_row(session, phone_key).opted_in_at = at or utc_now()
    session.flush()


def is_opted_out(*, session: Session, phone_key: str) -> bool:
    """Whether the latest keyword from this number was an opt-out."""
    row = session.get(SmsOptOut, phone_key)
    if row is None or row.opted_out_at is None:
        return False
    return row.opted_in_at is None or row.opted_in_at < row.opted_out_at


def remember_sender(
    *, session: Session, phone_key: str, phone_e164: str, at: datetime | None = None
) -> SmsSender:
    """Keep the number behind an SMS conversation's key, for the hand-off's call-back."""
    sender = session.get(SmsSender, phone_key)
    if sender is None:
        sender = SmsSender(phone_key=phone_key, phone_e164=phone_e164)
        session.add(sender)
    sender.phone_e164 = phone_e164
    sender.last_seen_at = at or utc_now()
    session.flush()
    return sender


def sender_number(*, session: Session, phone_key: str) -> str | None:
    """The E.164 number of an SMS conversation (its Rasa sender id is `phone_key`)."""
    sender = session.get(SmsSender, phone_key)
    return sender.phone_e164 if sender is not None else None


def save_choices(*, session: Session, phone_key: str, choices: Dict[str, str] | None) -> None:
    """Remember the numbered choices just offered ("1" -> payload); None forgets them."""
    session.execute(
        sa.update(SmsSender).where(SmsSender.phone_key == phone_key).values(choices=choices)
    )


def load_choices(*, session: Session, phone_key: str) -> Dict[str, str]:
    """The numbered choices last offered to this conversation (empty if none)."""
    sender = session.get(SmsSender, phone_key)
    return dict(sender.choices or {}) if sender is not None else {}
