"""Hand-off requests and the outbound contacts they cause. Keyword-only, flush never commit."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import List

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lantern.records.models import (
    CONTACT_KINDS,
    HANDOFF_KINDS,
    HANDOFF_STATUSES,
    TIERS,
    HandoffRequest,
    OutboundContact,
    require_one_of,
    utc_now,
)


def create_handoff_request(
    *,
    session: Session,
    conversation_id: str,
    channel: str,
    phone_e164: str,
    phone_key: str,
    consent_at: datetime,
    kind: str,
    summary: str,
    preferred_time: str | None = None,
    client_key: str | None = None,
    tier: str | None = None,
    crisis: bool = False,
    at: datetime | None = None,
) -> HandoffRequest:
    """Store a request in status "received", before anything is sent, so nothing is lost."""
    require_one_of("kind", kind, HANDOFF_KINDS)
    if tier is not None:
        require_one_of("tier", tier, TIERS)
    at = at or utc_now()
    request = HandoffRequest(
        created_at=at,
        updated_at=at,
        conversation_id=conversation_id,
        channel=channel,
        client_key=client_key,
        phone_e164=phone_e164,
        phone_key=phone_key,
        consent_at=consent_at,
        preferred_time=(preferred_time or None) and preferred_time[:200],
        kind=kind,
        status="received",
        tier=tier,
        crisis=crisis,
        summary=summary,
    )
    session.add(request)
    session.flush()
    return request


def set_status(
    request: HandoffRequest, status: str, *, at: datetime | None = None, **changes: object
) -> None:
    """Move a request to `status` (checked) and set other columns with it."""
    require_one_of("status", status, HANDOFF_STATUSES)
    request.status = status
    for column, value in changes.items():
        setattr(request, column, value)
    request.updated_at = at or utc_now()


def handoffs_since(
    *,
    session: Session,
    since: datetime,
    conversation_id: str | None = None,
    client_key: str | None = None,
) -> int:
    """How many requests one conversation (or one client address) made after `since`."""
    query = sa.select(sa.func.count()).select_from(HandoffRequest)
    query = query.where(HandoffRequest.created_at > since)
    if conversation_id is not None:
        query = query.where(HandoffRequest.conversation_id == conversation_id)
    if client_key is not None:
        query = query.where(HandoffRequest.client_key == client_key)
    return int(session.execute(query).scalar_one())


def record_contact(
    *, session: Session, phone_key: str, kind: str, at: datetime | None = None
) -> None:
    """Count a call or text started to a number (before it is sent: an attempt counts)."""
    require_one_of("kind", kind, CONTACT_KINDS)
    session.add(OutboundContact(phone_key=phone_key, kind=kind, at=at or utc_now()))
    session.flush()


def contacts_since(*, session: Session, phone_key: str, since: datetime) -> int:
    """Calls and texts started to a number after `since`."""
    query = (
        sa.select(sa.func.count())
        .select_from(OutboundContact)
        .where(OutboundContact.phone_key == phone_key, OutboundContact.at > since)
    )
    return int(session.execute(query).scalar_one())


def find_by_sid(
    *, session: Session, call_sid: str | None = None, message_sid: str | None = None
) -> HandoffRequest | None:
    """The request a Twilio call or message belongs to."""
    if call_sid:
        condition = HandoffRequest.call_sid == call_sid
    elif message_sid:
        condition = HandoffRequest.message_sid == message_sid
    else:
        return None
    return session.execute(sa.select(HandoffRequest).where(condition)).scalar_one_or_none()


def recent_requests(
    *, session: Session, conversation_id: str, within: timedelta = timedelta(days=1)
) -> List[HandoffRequest]:
    """A conversation's recent requests, newest first (for the console and the actions)."""
    since = utc_now() - within
    query = (
        sa.select(HandoffRequest)
        .where(HandoffRequest.conversation_id == conversation_id)
        .where(HandoffRequest.created_at > since)
        .order_by(sa.desc(HandoffRequest.created_at), sa.desc(HandoffRequest.id))
    )
    return list(session.execute(query).scalars())
