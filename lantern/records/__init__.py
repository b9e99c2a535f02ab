"""The clinic's records for the staff queue: crisis events, screenings, alerts, the audit log,
the accepted-insurance list and insurance verification requests.

Plain SQLAlchemy, no Rasa: actions and the staff console call these functions. Each takes the
caller's `Session` (keyword-only) and flushes without committing, so the caller owns the unit of
work: a crisis event and its alert, or a screening and its alert, commit together or not at all.

    with get_sessionmaker().begin() as session:
        record_crisis(session=session, conversation_id=..., layer="matcher", category="suicide")

Tables are created by the Alembic migrations in `migrations/` (`lantern db upgrade`), never by
`create_all`.
"""

from lantern.records.alerts import acknowledge_alert, create_alert, new_reference, open_alerts
from lantern.records.audit import record_audit
from lantern.records.crisis import record_crisis
from lantern.records.engine import dispose_engines, get_engine, get_sessionmaker
from lantern.records.models import (
    AuditEntry,
    CrisisEvent,
    InsurancePlan,
    Screening,
    StaffAlert,
    VerificationRequest,
)
from lantern.records.screenings import record_screening
from lantern.records.verifications import (
    complete_verification,
    open_verification_requests,
    redact_member_ids,
    request_verification,
)

__all__ = [
    "AuditEntry",
    "CrisisEvent",
    "InsurancePlan",
    "Screening",
    "StaffAlert",
    "VerificationRequest",
    "acknowledge_alert",
    "complete_verification",
    "create_alert",
    "dispose_engines",
    "get_engine",
    "get_sessionmaker",
    "new_reference",
    "open_alerts",
    "open_verification_requests",
    "record_audit",
    "record_crisis",
    "record_screening",
    "redact_member_ids",
    "request_verification",
]
