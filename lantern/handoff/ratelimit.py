"""Abuse limits, counted in the database so they hold across restarts and server processes.

The public widget must not become a way to make Twilio call or text any number: a number
gets at most a few calls or texts a day, a conversation or a web client a few hand-offs an hour.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from lantern.records.handoffs import contacts_since, handoffs_since
from lantern.settings import Settings


class Refusal(str, enum.Enum):
    NUMBER_DAILY = "number_daily_limit"
    CONVERSATION_HOURLY = "conversation_hourly_limit"
    CLIENT_HOURLY = "client_hourly_limit"


@dataclass(frozen=True)
class Limits:
    contacts_per_number_per_day: int = 2
    handoffs_per_conversation_per_hour: int = 3
    handoffs_per_client_per_hour: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            contacts_per_number_per_day=settings.handoff_contacts_per_number_per_day,
            handoffs_per_conversation_per_hour=settings.handoffs_per_conversation_per_hour,
            handoffs_per_client_per_hour=settings.handoffs_per_client_per_hour,
        )


def handoff_refusal(
    session: Session,
    *,
    conversation_id: str,
    phone_key: str,
    client_key: str | None,
    now: datetime,
    limits: Limits,
) -> Refusal | None:
    """Why a new hand-off must be refused, or None if it may go ahead."""
    hour_ago = now - timedelta(hours=1)
    if (
        handoffs_since(session=session, since=hour_ago, conversation_id=conversation_id)
        >= limits.handoffs_per_conversation_per_hour
    ):
        return Refusal.CONVERSATION_HOURLY
    if (
        client_key is not None
        and handoffs_since(session=session, since=hour_ago, client_key=client_key)
        >= limits.handoffs_per_client_per_hour
    ):
        return Refusal.CLIENT_HOURLY
    if (
        contacts_since(session=session, phone_key=phone_key, since=now - timedelta(days=1))
        >= limits.contacts_per_number_per_day
    ):
        return Refusal.NUMBER_DAILY
    return None
