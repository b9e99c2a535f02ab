"""One hand-off request from start to finish: limits, storage, the call or call-back, on-call.

The order is what keeps a request from being lost: it is stored and committed before Twilio
is asked for anything, and every Twilio answer (a SID or an error code) is committed after.
So `request_handoff` commits its own steps: pass a plain session
(`with get_sessionmaker()() as session:`), not one inside `begin()`. It blocks on Twilio's
API (at most LANTERN_TWILIO_TIMEOUT_SECONDS per request): async callers run it in a thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Sequence

from sqlalchemy.orm import Session
from twilio.rest import Client

from lantern.clinic import ClinicProfile
from lantern.handoff.calls import TwilioFailure, place_intake_call, send_sms
from lantern.handoff.ratelimit import Limits, handoff_refusal
from lantern.handoff.twilio_client import SMS_STATUS_PATH, VOICE_STATUS_PATH, status_callback_url
from lantern.hours import describe_window, is_open, next_window
from lantern.phone import mask_phone, phone_hash_key, phone_key
from lantern.records.alerts import create_alert
from lantern.records.handoffs import create_handoff_request, record_contact, set_status
from lantern.records.models import HandoffRequest
from lantern.records.sms import is_opted_out, opt_out
from lantern.settings import Settings, get_settings

logger = logging.getLogger(__name__)

ALERTING_TIERS = frozenset({"EMERGENCY", "URGENT"})
SMS_CHANNEL = "twilio_sms"
OPTED_OUT_CODE = "21610"  # Twilio: the number texted STOP; nothing more may be sent to it

OutcomeStatus = Literal["calling", "callback_scheduled", "call_us", "refused"]


@dataclass(frozen=True)
class HandoffSummary:
    """What intake staff need so nobody asks the person the same questions twice."""

    topics: Sequence[str] = ()
    tier: str | None = None
    tier_reasons: Sequence[str] = ()
    insurance: str | None = None
    crisis: bool = False
    preferred_time: str | None = None

    def paragraph(self) -> str:
        """One short paragraph for the staff console (never shown to the person's phone)."""
        sentences = []
        if self.crisis:
            sentences.append("Crisis response was given in this conversation.")
        topics = ", ".join(topic for topic in self.topics if topic)
        sentences.append(f"Asked about: {topics}." if topics else "No questions recorded.")
        if self.tier:
            reasons = "; ".join(self.tier_reasons)
            sentences.append(f"Screening: {self.tier}" + (f" ({reasons})." if reasons else "."))
        else:
            sentences.append("No screening completed.")
        sentences.append(
            f"Insurance: {self.insurance}." if self.insurance else "Insurance: not checked."
        )
        if self.preferred_time:
            sentences.append(f"Good time to call: {self.preferred_time}.")
        return " ".join(sentences)


@dataclass(frozen=True)
class HandoffOutcome:
    """What happened, and what to tell the person (`message` is safe to show in the chat)."""

    status: OutcomeStatus
    message: str
    request_id: int | None = None
    refusal: str | None = None
    error_code: str | None = None
    alert_reference: str | None = None
    notes: Sequence[str] = field(default_factory=tuple)


def confirmation_sms(profile: ClinicProfile, window_text: str) -> str:
    """The call-back confirmation: the clinic's name and a time, nothing about why."""
    return (
        f"{profile.name} received your request for a call back. "
        f"We'll call you {window_text}. Reply STOP to opt out."
    )


def oncall_sms(reason: str, reference: str) -> str:
    """The on-call text: a tier (or "crisis") and an alert reference, nothing about the person."""
    return f"Lantern: {reason} hand-off waiting. Open alert {reference} in the staff console."


def _refused_message(profile: ClinicProfile) -> str:
    return (
        "We already have your request, so we won't set up another one right now. "
        f"If you'd like to talk sooner, please call us at {profile.phone.intake}. "
        f"If this is an emergency, call {profile.emergency.emergency}."
    )


def request_handoff(
    session: Session,
    *,
    conversation_id: str,
    phone_e164: str,
    consent: bool,
    preferred_time: str | None,
    channel: str,
    client_address: str | None,
    summary: HandoffSummary,
    now: datetime,
    profile: ClinicProfile,
    twilio_client: Client | None,
    location: str | None = None,
    settings: Settings | None = None,
) -> HandoffOutcome:
    """Store a hand-off and start the call (open) or the call-back (closed).

    `phone_e164` must come from `lantern.phone.normalise_phone`, `consent` must be the
    person's explicit yes. Without Twilio, or when Twilio fails, the request stays stored
    with its status and error code for staff, and the message gives the clinic's number.
    """
    if not consent:
        raise ValueError("a hand-off needs the person's explicit consent to be called")
    settings = settings or get_settings()
    secret = phone_hash_key(settings)
    number_key = phone_key(phone_e164, secret)
    client_key = phone_key(client_address, secret) if client_address else None

    refusal = handoff_refusal(
        session,
        conversation_id=conversation_id,
        phone_key=number_key,
        client_key=client_key,
        now=now,
        limits=Limits.from_settings(settings),
    )
    if refusal is not None:
        logger.warning(
            "Hand-off refused (%s) for %s in conversation %s",
            refusal.value,
            mask_phone(phone_e164),
            conversation_id,
        )
        return HandoffOutcome("refused", _refused_message(profile), refusal=refusal.value)

    open_now = is_open(profile, now, location)
    tier = summary.tier
    request = create_handoff_request(
        session=session,
        conversation_id=conversation_id,
        channel=channel,
        phone_e164=phone_e164,
        phone_key=number_key,
        consent_at=now,
        kind="call" if open_now else "callback",
        summary=summary.paragraph(),
        preferred_time=preferred_time,
        client_key=client_key,
        tier=tier,
        crisis=summary.crisis,
        at=now,
    )
    reference = None
    if summary.crisis or tier in ALERTING_TIERS:
        alert = create_alert(
            session=session,
            kind="handoff",
            tier=tier,
            conversation_id=conversation_id,
            source_id=request.id,
        )
        reference = alert.reference
    session.commit()  # stored before anything is sent: nothing is lost if what follows fails
    logger.info("Hand-off %s stored (%s) for %s", request.id, request.kind, mask_phone(phone_e164))

    if open_now:
        outcome = _call(session, request, profile, twilio_client, settings, now)
    else:
        outcome = _callback(session, request, profile, twilio_client, settings, now, location)
    if reference is not None:
        _notify_oncall(request, summary, reference, twilio_client, settings)
    session.commit()
    return HandoffOutcome(
        outcome.status,
        outcome.message,
        request_id=request.id,
        error_code=outcome.error_code,
        alert_reference=reference,
    )


def _call_us(profile: ClinicProfile) -> str:
    return f"You can also call us at {profile.phone.intake}."


def _call(
    session: Session,
    request: HandoffRequest,
    profile: ClinicProfile,
    client: Client | None,
    settings: Settings,
    now: datetime,
) -> HandoffOutcome:
    if client is None:
        set_status(request, "not_configured", at=now)
        return HandoffOutcome(
            "call_us",
            "Thank you. I can't place the call from here, but our team has your request. "
            f"To talk to someone now, please call us at {profile.phone.intake}.",
        )
    record_contact(session=session, phone_key=request.phone_key, kind="call", at=now)
    session.commit()  # an attempt counts toward the daily limit even if the process dies now
    try:
        sid = place_intake_call(
            client,
            request.phone_e164,
            profile,
            status_callback_url(VOICE_STATUS_PATH, settings),
            from_number=settings.twilio_from_number,
        )
    except TwilioFailure as failure:
        return _failed(request, failure, profile, now)
    set_status(request, "call_queued", at=now, call_sid=sid)
    return HandoffOutcome(
        "calling",
        f"Thank you. We're calling you now from {profile.phone.intake}, "
        "and we'll connect you with our intake team. "
        f"If the call doesn't come through, {_call_us(profile).lower()}",
    )


def _callback(
    session: Session,
    request: HandoffRequest,
    profile: ClinicProfile,
    client: Client | None,
    settings: Settings,
    now: datetime,
    location: str | None,
) -> HandoffOutcome:
    window = describe_window(next_window(profile, now, location))
    set_status(request, "callback_pending", at=now)
    message = (
        f"Thank you. We're closed right now, so our intake team will call you back {window}. "
        f"{_call_us(profile)}"
    )
    if client is None:
        return HandoffOutcome("callback_scheduled", message)
    if request.channel == SMS_CHANNEL:
        # The conversation itself is the text: a second confirmation would only repeat it.
        return HandoffOutcome("callback_scheduled", message)
    if is_opted_out(session=session, phone_key=request.phone_key):
        request.message_status = "opted_out"
        return HandoffOutcome("callback_scheduled", message)
    record_contact(session=session, phone_key=request.phone_key, kind="sms", at=now)
    session.commit()
    try:
        sid = send_sms(
            client,
            request.phone_e164,
            confirmation_sms(profile, window),
            status_callback_url(SMS_STATUS_PATH, settings),
            from_number=settings.twilio_from_number,
        )
    except TwilioFailure as failure:
        # The call-back still stands; only its confirmation failed. Staff see the code.
        request.twilio_error_code = failure.code
        request.message_status = "failed"
        if failure.code == OPTED_OUT_CODE:
            opt_out(session=session, phone_key=request.phone_key, at=now)
        logger.warning("Hand-off %s: confirmation text failed (%s)", request.id, failure.code)
        return HandoffOutcome("callback_scheduled", message, error_code=failure.code)
    request.message_sid = sid
    request.message_status = "queued"
    return HandoffOutcome("callback_scheduled", message + " We've sent you a text to confirm.")


def _failed(
    request: HandoffRequest, failure: TwilioFailure, profile: ClinicProfile, now: datetime
) -> HandoffOutcome:
    set_status(request, "twilio_failed", at=now, twilio_error_code=failure.code)
    logger.warning("Hand-off %s: Twilio failed (%s)", request.id, failure.code)
    return HandoffOutcome(
        "call_us",
        "Sorry, I couldn't set up the call just now. Your request is saved and our team "
        f"can see it. To talk to someone now, please call us at {profile.phone.intake}.",
        error_code=failure.code,
    )


def _notify_oncall(
    request: HandoffRequest,
    summary: HandoffSummary,
    reference: str,
    client: Client | None,
    settings: Settings,
) -> None:
    """Text the on-call phone the tier and the alert reference (the alert is stored anyway)."""
    if client is None or not settings.oncall_number:
        request.oncall_status = "not_configured"
        return
    reason = "crisis" if summary.crisis else str(summary.tier)
    try:
        send_sms(
            client,
            settings.oncall_number,
            oncall_sms(reason, reference),
            None,
            from_number=settings.twilio_from_number,
        )
    except TwilioFailure as failure:
        request.oncall_status = f"failed:{failure.code}"[:48]
        logger.error("Hand-off %s: on-call text failed (%s)", request.id, failure.code)
        return
    request.oncall_status = "sent"
