"""Coverage questions for staff to verify: the insurance check's queue (never a member ID)."""

from datetime import datetime
from typing import List

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lantern.privacy import redact_member_ids
from lantern.records.models import (
    VERIFICATION_REASONS,
    VerificationRequest,
    require_one_of,
    utc_now,
)

CARRIER_TEXT_LENGTH = 500


def request_verification(
    *,
    session: Session,
    conversation_id: str,
    reason: str,
    carrier_text: str | None = None,
    resolved_carrier: str | None = None,
    plan_type: str | None = None,
    state: str | None = None,
) -> VerificationRequest:
    """Queue a coverage question for staff; an identical open one in the same conversation is
    returned instead, so a retried action does not queue it twice."""
    require_one_of("reason", reason, VERIFICATION_REASONS)
    if carrier_text is not None:
        carrier_text = redact_member_ids(carrier_text.strip())[:CARRIER_TEXT_LENGTH]
    values = {
        "conversation_id": conversation_id,
        "carrier_text": carrier_text,
        "resolved_carrier": resolved_carrier,
        "plan_type": plan_type,
        "state": state,
        "reason": reason,
    }
    same = sa.and_(
        VerificationRequest.status == "open",
        *(
            getattr(VerificationRequest, name) == sa.null()
            if value is None
            else getattr(VerificationRequest, name) == value
            for name, value in values.items()
        ),
    )
    existing = session.execute(sa.select(VerificationRequest).where(same)).scalars().first()
    if existing is not None:
        return existing
    request = VerificationRequest(created_at=utc_now(), status="open", **values)
    session.add(request)
    session.flush()
    return request


def open_verification_requests(
    *, session: Session, limit: int | None = None
) -> List[VerificationRequest]:
    """Requests not yet handled, the longest-waiting first."""
    query = (
        sa.select(VerificationRequest)
        .where(VerificationRequest.status == "open")
        .order_by(VerificationRequest.created_at, VerificationRequest.id)
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def complete_verification(
    *, session: Session, request_id: int, by: str, at: datetime | None = None
) -> VerificationRequest | None:
    """Mark a request done by `by`; None if there is none. Completing twice keeps the first."""
    request = session.get(VerificationRequest, request_id)
    if request is not None and request.status == "open":
        request.status = "done"
        request.handled_by = by
        request.handled_at = at or utc_now()
        session.flush()
    return request
