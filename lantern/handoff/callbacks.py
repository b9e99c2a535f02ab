"""Twilio's status callbacks applied to the stored hand-off request, found by its SID.

Callbacks can arrive out of order or twice; a final status is never overwritten by an
earlier one, so staff see how the call or text really ended.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from lantern.records.handoffs import find_by_sid, set_status
from lantern.records.models import HandoffRequest, utc_now

logger = logging.getLogger(__name__)

CALL_STATUSES = {
    "queued": "call_queued",
    "initiated": "call_initiated",
    "ringing": "call_ringing",
    "answered": "call_in_progress",
    "in-progress": "call_in_progress",
    "completed": "call_completed",
    "busy": "call_busy",
    "no-answer": "call_no_answer",
    "failed": "call_failed",
    "canceled": "call_canceled",
}
FINAL_CALL_STATUSES = frozenset(
    {"call_completed", "call_busy", "call_no_answer", "call_failed", "call_canceled"}
)
FINAL_MESSAGE_STATUSES = frozenset({"delivered", "undelivered", "failed", "read"})


def apply_call_status(
    session: Session,
    *,
    call_sid: str,
    call_status: str,
    error_code: str | None = None,
    at: datetime | None = None,
) -> HandoffRequest | None:
    """Record a call's new status; None if the SID is not a hand-off's (or the status unknown)."""
    request = find_by_sid(session=session, call_sid=call_sid)
    status = CALL_STATUSES.get(call_status.strip().lower())
    if request is None or status is None:
        logger.info("Call status callback for no stored hand-off (status %s)", call_status[:20])
        return None
    if request.status in FINAL_CALL_STATUSES:
        return request
    set_status(request, status, at=at or utc_now())
    if error_code:
        request.twilio_error_code = error_code[:32]
    session.flush()
    return request


def apply_message_status(
    session: Session,
    *,
    message_sid: str,
    message_status: str,
    error_code: str | None = None,
    at: datetime | None = None,
) -> HandoffRequest | None:
    """Record a confirmation text's new status; None if the SID is not a hand-off's."""
    request = find_by_sid(session=session, message_sid=message_sid)
    if request is None:
        return None
    if request.message_status in FINAL_MESSAGE_STATUSES:
        return request
    request.message_status = message_status.strip().lower()[:32]
    if error_code:
        request.twilio_error_code = error_code[:32]
    request.updated_at = at or utc_now()
    session.flush()
    return request
