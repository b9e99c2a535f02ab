"""Staff alerts: what the on-call person must see, each with a short random public reference."""

import secrets
from datetime import datetime
from typing import List

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lantern.records.models import ALERT_KINDS, TIERS, StaffAlert, require_one_of, utc_now

# No 0/O, 1/I/L: the reference is read off a phone screen and typed or spoken back.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8  # 31**8, about 8.5e11: not guessable, and short enough for an SMS
_REFERENCE_ATTEMPTS = 5


def new_reference() -> str:
    """A fresh random reference; it encodes nothing about the person or the alert."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _unused_reference(session: Session) -> str:
    # A collision is astronomically rare; checking first keeps the caller's transaction intact
    # (a unique-constraint error would abort it), and the constraint still guards the race.
    for _ in range(_REFERENCE_ATTEMPTS):
        reference = new_reference()
        taken = session.execute(
            sa.select(StaffAlert.id).where(StaffAlert.reference == reference)
        ).first()
        if taken is None:
            return reference
    raise RuntimeError("could not draw an unused alert reference")


def create_alert(
    *,
    session: Session,
    kind: str,
    conversation_id: str,
    tier: str | None = None,
    source_id: int | None = None,
) -> StaffAlert:
    """Add an open alert to the session (flushed, so its id and reference are set)."""
    require_one_of("kind", kind, ALERT_KINDS)
    if tier is not None:
        require_one_of("tier", tier, TIERS)
    alert = StaffAlert(
        created_at=utc_now(),
        kind=kind,
        tier=tier,
        conversation_id=conversation_id,
        reference=_unused_reference(session),
        source_id=source_id,
    )
    session.add(alert)
    session.flush()
    return alert


def open_alerts(*, session: Session, limit: int | None = None) -> List[StaffAlert]:
    """Unacknowledged alerts, most urgent first: crisis, EMERGENCY, URGENT, then the rest;
    the longest-waiting first within each."""
    urgency = sa.case(
        (StaffAlert.kind == "crisis", 0),
        (StaffAlert.tier == "EMERGENCY", 1),
        (StaffAlert.tier == "URGENT", 2),
        else_=3,
    )
    query = (
        sa.select(StaffAlert)
        .where(StaffAlert.acknowledged_at == sa.null())
        .order_by(urgency, StaffAlert.created_at, StaffAlert.id)
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def acknowledge_alert(
    *, session: Session, reference: str, by: str, at: datetime | None = None
) -> StaffAlert | None:
    """Mark the alert with `reference` as seen by `by`; None if there is no such alert.

    Acknowledging twice keeps the first acknowledgement: it records who took the case.
    The reference is matched case-insensitively, as it comes back typed from a phone.
    """
    alert = session.execute(
        sa.select(StaffAlert).where(StaffAlert.reference == reference.strip().upper())
    ).scalar_one_or_none()
    if alert is not None and alert.acknowledged_at is None:
        alert.acknowledged_at = at or utc_now()
        alert.acknowledged_by = by
        session.flush()
    return alert
