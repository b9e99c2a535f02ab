"""The audit log: one row per staff action on health data, so every read can be accounted for."""

from datetime import datetime

from sqlalchemy.orm import Session

from lantern.records.models import AuditEntry, utc_now


def record_audit(
    *,
    session: Session,
    actor: str,
    action: str,
    subject: str,
    detail: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add an audit row, e.g. actor="dana", action="read_transcript", subject=<conversation id>.

    Commit it before handing out what was read, so nothing is shown that was not logged.
    """
    entry = AuditEntry(
        at=at or utc_now(), actor=actor, action=action, subject=subject, detail=detail
    )
    session.add(entry)
    session.flush()
    return entry
