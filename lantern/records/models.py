"""The clinic's own tables: what staff need to triage, kept apart from Rasa's transcripts.

Portable on purpose (SQLite by default, PostgreSQL in production): plain strings with named
CHECK constraints instead of native enums, `sa.JSON`, and timestamps that are always UTC.
Attributes carry the Python type they hold at run time; SQLAlchemy 1.4 has no typing of its
own here, so mypy sees the columns as those types on instances.
"""

from datetime import datetime, timezone
from typing import Any, Dict, List, Literal, Tuple, get_args

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

# Explicit names for every index and constraint, so migrations can refer to them and they are
# the same on SQLite and PostgreSQL (each would otherwise invent its own).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
Base: Any = declarative_base(metadata=metadata)

CrisisLayer = Literal["matcher", "model", "classifier"]
ScreeningStatus = Literal["completed", "exited", "emergency_stop"]
Tier = Literal["EMERGENCY", "URGENT", "SOON", "ROUTINE"]
AlertKind = Literal["crisis", "screening", "handoff"]
NetworkStatus = Literal["in_network", "out_of_network_reimbursement", "not_accepted"]
VerificationReason = Literal["not_accepted", "no_insurance", "unknown", "requested"]
VerificationStatus = Literal["open", "done"]

CRISIS_LAYERS: Tuple[str, ...] = get_args(CrisisLayer)
SCREENING_STATUSES: Tuple[str, ...] = get_args(ScreeningStatus)
TIERS: Tuple[str, ...] = get_args(Tier)
ALERT_KINDS: Tuple[str, ...] = get_args(AlertKind)
NETWORK_STATUSES: Tuple[str, ...] = get_args(NetworkStatus)
VERIFICATION_REASONS: Tuple[str, ...] = get_args(VerificationReason)
VERIFICATION_STATUSES: Tuple[str, ...] = get_args(VerificationStatus)

# Rasa's sender_id column is String(255); a conversation id must fit wherever it is copied.
ID_LENGTH = 255


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp that is stored and read back as aware UTC on every backend.

    SQLite has no time zones: `DateTime(timezone=True)` would hand back naive values there.
    Naive input is refused rather than guessed at.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware one")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def require_one_of(what: str, value: str | None, allowed: Tuple[str, ...]) -> None:
    """Refuse a value the CHECK constraint would refuse, before it can abort the transaction."""
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}; got {value!r}")


def _one_of(column: str, values: Tuple[str, ...], name: str) -> sa.CheckConstraint:
    """A named CHECK that keeps `column` within `values` (portable stand-in for an enum)."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=name)


class CrisisEvent(Base):
    """A message that set off the crisis response. Never the text: staff read the transcript."""

    __tablename__ = "crisis_events"
    __table_args__ = (
        # A retried save of the same message records once (NULL message ids never collide).
        sa.UniqueConstraint("conversation_id", "message_id"),
        _one_of("layer", CRISIS_LAYERS, "layer"),
    )

    id: int = sa.Column(sa.Integer, primary_key=True)
    conversation_id: str = sa.Column(sa.String(ID_LENGTH), nullable=False, index=True)
    occurred_at: datetime = sa.Column(UTCDateTime, nullable=False, default=utc_now)
    layer: str = sa.Column(sa.String(16), nullable=False)
    category: str = sa.Column(sa.String(64), nullable=False)
    channel: str | None = sa.Column(sa.String(64))
    message_id: str | None = sa.Column(sa.String(ID_LENGTH))


class Screening(Base):
    """One urgency screening's outcome, with the answers and reasons behind its tier."""

    __tablename__ = "screenings"
    __table_args__ = (
        _one_of("status", SCREENING_STATUSES, "status"),
        _one_of("tier", TIERS, "tier"),
    )

    id: int = sa.Column(sa.Integer, primary_key=True)
    conversation_id: str = sa.Column(sa.String(ID_LENGTH), nullable=False, index=True)
    started_at: datetime = sa.Column(UTCDateTime, nullable=False)
    completed_at: datetime | None = sa.Column(UTCDateTime)
    status: str = sa.Column(sa.String(16), nullable=False)
    tier: str = sa.Column(sa.String(16), nullable=False)
    incomplete: bool = sa.Column(sa.Boolean, nullable=False)
    reasons: List[str] = sa.Column(sa.JSON, nullable=False)
    answers: Dict[str, Any] = sa.Column(sa.JSON, nullable=False)


class StaffAlert(Base):
    """Something a person on call must see; open until a staff member acknowledges it."""

    __tablename__ = "staff_alerts"
    __table_args__ = (
        sa.UniqueConstraint("reference"),
        _one_of("kind", ALERT_KINDS, "kind"),
        # NULL (a crisis alert has no tier) passes: a CHECK fails only on false.
        _one_of("tier", TIERS, "tier"),
    )

    id: int = sa.Column(sa.Integer, primary_key=True)
    created_at: datetime = sa.Column(UTCDateTime, nullable=False, default=utc_now)
    kind: str = sa.Column(sa.String(16), nullable=False)
    tier: str | None = sa.Column(sa.String(16))
    conversation_id: str = sa.Column(sa.String(ID_LENGTH), nullable=False, index=True)
    # The only handle an SMS carries: random, so it says nothing about the person.
    reference: str = sa.Column(sa.String(16), nullable=False)
    # The crisis event's or screening's id, as `kind` says (no foreign key: it points at either).
    source_id: int | None = sa.Column(sa.Integer)
    acknowledged_at: datetime | None = sa.Column(UTCDateTime)
    acknowledged_by: str | None = sa.Column(sa.String(128))


class AuditEntry(Base):
    """One staff action on health data (e.g. reading a transcript): who, what, when."""

    __tablename__ = "audit_log"

    id: int = sa.Column(sa.Integer, primary_key=True)
    at: datetime = sa.Column(UTCDateTime, nullable=False, default=utc_now, index=True)
    actor: str = sa.Column(sa.String(128), nullable=False)
    action: str = sa.Column(sa.String(64), nullable=False)
    subject: str = sa.Column(sa.String(ID_LENGTH), nullable=False, index=True)
    detail: str | None = sa.Column(sa.Text)


class InsurancePlan(Base):
    """One rule of the clinic's accepted-insurance list: a carrier, optionally narrowed to some
    plan types and states, and whether the clinic is in network for it.

    Imported from clinic/insurance.yml (`lantern insurance import`); the assistant reads it on
    every check, so an edit takes effect without retraining. Empty `plan_types` or `states`
    mean "all"; when several rows of a carrier apply, the most specific one decides.
    """

    __tablename__ = "insurance_plans"
    __table_args__ = (_one_of("network_status", NETWORK_STATUSES, "network_status"),)

    id: int = sa.Column(sa.Integer, primary_key=True)
    carrier: str = sa.Column(sa.String(128), nullable=False, index=True)
    aliases: List[str] = sa.Column(sa.JSON, nullable=False)
    plan_types: List[str] = sa.Column(sa.JSON, nullable=False)
    states: List[str] = sa.Column(sa.JSON, nullable=False)
    network_status: str = sa.Column(sa.String(32), nullable=False)
    notes: str = sa.Column(sa.Text, nullable=False, default="")
    # True while the rows are the shipped example list, so nobody mistakes it for the clinic's
    # real contracts (export keeps the flag; `lantern insurance list` shows it).
    example_data: bool = sa.Column(sa.Boolean, nullable=False, default=False)
    updated_by: str = sa.Column(sa.String(128), nullable=False)
    updated_at: datetime = sa.Column(UTCDateTime, nullable=False, default=utc_now)


class VerificationRequest(Base):
    """A coverage question the assistant could not settle, queued for staff to verify and call
    back about. Never a member ID: `carrier_text` is what the person wrote, with IDs removed.

    Its own queue, not a staff alert: alerts are for what cannot wait (crises, urgent tiers).
    """

    __tablename__ = "verification_requests"
    __table_args__ = (
        _one_of("reason", VERIFICATION_REASONS, "reason"),
        _one_of("status", VERIFICATION_STATUSES, "status"),
    )

    id: int = sa.Column(sa.Integer, primary_key=True)
    created_at: datetime = sa.Column(UTCDateTime, nullable=False, default=utc_now)
    conversation_id: str = sa.Column(sa.String(ID_LENGTH), nullable=False, index=True)
    carrier_text: str | None = sa.Column(sa.String(500))
    resolved_carrier: str | None = sa.Column(sa.String(128))
    plan_type: str | None = sa.Column(sa.String(64))
    state: str | None = sa.Column(sa.String(2))
    reason: str = sa.Column(sa.String(16), nullable=False)
    status: str = sa.Column(sa.String(8), nullable=False, default="open", index=True)
    handled_by: str | None = sa.Column(sa.String(128))
    handled_at: datetime | None = sa.Column(UTCDateTime)


# Hand-offs to the phone line and the SMS channel (issue 5). The phone number itself is stored
# in one column only (handoff_requests.phone_e164, for the call-back); everything else that
# must recognise a number uses its keyed hash (lantern.phone.phone_key).
HandoffKind = Literal["call", "callback"]
HandoffStatus = Literal[
    "received",  # stored, nothing sent yet (a crash here still leaves the request for staff)
    "not_configured",  # no Twilio credentials: the person was given the clinic's number
    "twilio_failed",  # Twilio refused or did not answer: see twilio_error_code
    "callback_pending",  # out of hours: staff call back (confirmation SMS in message_status)
    "call_queued",
    "call_initiated",
    "call_ringing",
    "call_in_progress",
    "call_completed",
    "call_busy",
    "call_no_answer",
    "call_failed",
    "call_canceled",
]
ContactKind = Literal["call", "sms"]

HANDOFF_KINDS: Tuple[str, ...] = get_args(HandoffKind)
HANDOFF_STATUSES: Tuple[str, ...] = get_args(HandoffStatus)
CONTACT_KINDS: Tuple[str, ...] = get_args(ContactKind)
PHONE_KEY_LENGTH = 64
E164_LENGTH = 16  # "+" and at most 15 digits


class HandoffRequest(Base):
    """A person's request to talk to the clinic: stored before anything is sent, then updated
    with Twilio's SIDs and statuses, so staff see every request and how it went."""

    __tablename__ = "handoff_requests"
    __table_args__ = (
        _one_of("kind", HANDOFF_KINDS, "kind"),
        _one_of("status", HANDOFF_STATUSES, "status"),
        _one_of("tier", TIERS, "tier"),
        sa.UniqueConstraint("call_sid"),
        sa.UniqueConstraint("message_sid"),
    )

    id: int = sa.Column(sa.Integer, primary_key=True)
    created_at: datetime = sa.Column(UTCDateTime, nullable=False, default=utc_now, index=True)
    updated_at: datetime = sa.Column(UTCDateTime, nullable=False, default=utc_now)
    conversation_id: str = sa.Column(sa.String(ID_LENGTH), nullable=False, index=True)
    channel: str = sa.Column(sa.String(64), nullable=False)
    # Keyed hash of the web client's address, for the hourly limit (never the address itself).
    client_key: str | None = sa.Column(sa.String(PHONE_KEY_LENGTH), index=True)
    phone_e164: str = sa.Column(sa.String(E164_LENGTH), nullable=False)
    phone_key: str = sa.Column(sa.String(PHONE_KEY_LENGTH), nullable=False, index=True)
    consent_at: datetime = sa.Column(UTCDateTime, nullable=False)
    preferred_time: str | None = sa.Column(sa.String(200))
    kind: str = sa.Column(sa.String(16), nullable=False)
    status: str = sa.Column(sa.String(32), nullable=False)
    tier: str | None = sa.Column(sa.String(16))
    crisis: bool = sa.Column(sa.Boolean, nullable=False, default=False)
    call_sid: str | None = sa.Column(sa.String(64))
    message_sid: str | None = sa.Column(sa.String(64))
    message_status: str | None = sa.Column(sa.String(32))
    twilio_error_code: str | None = sa.Column(sa.String(32))
    # "sent", "failed:<code>", "not_configured" or NULL (no on-call text was due).
    oncall_status: str | None = sa.Column(sa.String(48))
    summary: str = sa.Column(sa.Text, nullable=False)


class SmsOptOut(Base):
    """A number that texted STOP (opted out) and maybe START later; the latest of the two wins."""

    __tablename__ = "sms_opt_outs"

    phone_key: str = sa.Column(sa.String(PHONE_KEY_LENGTH), primary_key=True)
    opted_out_at: datetime | None = sa.Column(UTCDateTime)
    opted_in_at: datetime | None = sa.Column(UTCDateTime)


class SmsMessageSeen(Base):
    """An incoming SMS already handled: Twilio retries a webhook, each message counts once."""

    __tablename__ = "sms_messages_seen"
    __table_args__ = (sa.UniqueConstraint("message_sid"),)

    id: int = sa.Column(sa.Integer, primary_key=True)
    message_sid: str = sa.Column(sa.String(64), nullable=False)
    received_at: datetime = sa.Column(UTCDateTime, nullable=False, default=utc_now, index=True)


class SmsSender(Base):
    """Who an SMS conversation is with: Rasa knows the conversation only by the number's
    keyed hash, and the actions look the number up here to offer it for the call-back."""

    __tablename__ = "sms_senders"

    phone_key: str = sa.Column(sa.String(PHONE_KEY_LENGTH), primary_key=True)
    phone_e164: str = sa.Column(sa.String(E164_LENGTH), nullable=False)
    last_seen_at: datetime = sa.Column(UTCDateTime, nullable=False, default=utc_now)
    # The numbered choices last offered ("1" -> payload), so a reply of "1" maps back.
    choices: Dict[str, str] | None = sa.Column(sa.JSON)


class OutboundContact(Base):
    """A call or text the clinic's system started to a number, for the per-number daily limit."""

    __tablename__ = "outbound_contacts"
    __table_args__ = (_one_of("kind", CONTACT_KINDS, "kind"),)

    id: int = sa.Column(sa.Integer, primary_key=True)
    phone_key: str = sa.Column(sa.String(PHONE_KEY_LENGTH), nullable=False, index=True)
    at: datetime = sa.Column(UTCDateTime, nullable=False, default=utc_now, index=True)
    kind: str = sa.Column(sa.String(8), nullable=False)


LANTERN_TABLES = frozenset(metadata.tables)
