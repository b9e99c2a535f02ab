"""Screening outcomes: stored for staff with their reasons; urgent ones alert the on-call."""

from datetime import datetime
from typing import Any, Mapping, Sequence

from sqlalchemy.orm import Session

from lantern.records.alerts import create_alert
from lantern.records.models import SCREENING_STATUSES, TIERS, Screening, require_one_of

# Tiers that need a person today (brief: URGENT is "same-day call, staff alerted").
ALERTING_TIERS = frozenset({"EMERGENCY", "URGENT"})


def record_screening(
    *,
    session: Session,
    conversation_id: str,
    started_at: datetime,
    status: str,
    tier: str,
    incomplete: bool,
    reasons: Sequence[str],
    answers: Mapping[str, Any],
    completed_at: datetime | None = None,
) -> Screening:
    """Store one screening; EMERGENCY and URGENT ones also open a staff alert."""
    require_one_of("status", status, SCREENING_STATUSES)
    require_one_of("tier", tier, TIERS)
    screening = Screening(
        conversation_id=conversation_id,
        started_at=started_at,
        completed_at=completed_at,
        status=status,
        tier=tier,
        incomplete=incomplete,
        reasons=list(reasons),
        answers=dict(answers),
    )
    session.add(screening)
    session.flush()
    if tier in ALERTING_TIERS:
        create_alert(
            session=session,
            kind="screening",
            tier=tier,
            conversation_id=conversation_id,
            source_id=screening.id,
        )
    return screening
