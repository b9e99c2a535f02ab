"""Hand-offs end to end below Rasa: the database (SQLite and PostgreSQL), the real Twilio SDK
talking to the local stand-in, and what the person and the on-call phone are told."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from lantern.clinic import ClinicProfile, load_profile
from lantern.handoff.calls import intake_twiml
from lantern.handoff.service import HandoffOutcome, HandoffSummary, request_handoff
from lantern.handoff.twilio_client import build_twilio_client
from lantern.paths import DEFAULT_PROFILE_PATH
from lantern.phone import phone_hash_key, phone_key
from lantern.records.engine import get_sessionmaker
from lantern.records.migrate import upgrade
from lantern.records.models import HandoffRequest, OutboundContact, StaffAlert
from lantern.records.sms import is_opted_out, opt_out
from lantern.settings import Settings
from tests import twilio_standin as standin
from tests.twilio_standin import FROM_NUMBER, TwilioStandIn

twilio_standin = standin.twilio_standin  # the stand-in's pytest fixture

PERSON = "+13105550147"
ONCALL = "+13105550199"
# Monday 23 Nov 2026, 10:00 in Los Angeles (open) and Saturday 21 Nov, 12:00 (closed).
OPEN = datetime(2026, 11, 23, 18, 0, tzinfo=timezone.utc)
CLOSED = datetime(2026, 11, 21, 20, 0, tzinfo=timezone.utc)
EVENING = datetime(2026, 11, 24, 4, 0, tzinfo=timezone.utc)  # Monday 20:00 in Los Angeles
PUBLIC = "https://lantern.example.org"
# Words that would tell someone else holding the phone what the call is about.
HEALTH_WORDS = re.compile(
    r"ketamine|cocaine|coke|drug|treat|therap|crisis|suicid|addict|overdose|rehab|substance|"
    r"screen|urgent|emergency|infusion|detox|withdraw|988|health|clinic",
    re.IGNORECASE,
)


@pytest.fixture
def profile() -> ClinicProfile:
    return load_profile(DEFAULT_PROFILE_PATH)


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    upgrade(database_url)
    with get_sessionmaker(database_url)() as session:
        yield session


@pytest.fixture
def settings(twilio_standin: TwilioStandIn) -> Settings:
    return twilio_standin.settings(public_url=PUBLIC, oncall_number=ONCALL)


def handoff(
    session: Session,
    profile: ClinicProfile,
    settings: Settings,
    *,
    now: datetime = OPEN,
    twilio: bool = True,
    summary: HandoffSummary | None = None,
    **overrides: Any,
) -> HandoffOutcome:
    values: dict[str, Any] = {
        "conversation_id": "web-1",
        "phone_e164": PERSON,
        "consent": True,
        "preferred_time": "mornings",
        "channel": "socketio",
        "client_address": "203.0.113.9",
    }
    values.update(overrides)
    return request_handoff(
        session,
        summary=summary or HandoffSummary(topics=["ketamine", "cost"], tier="ROUTINE"),
        now=now,
        profile=profile,
        twilio_client=build_twilio_client(settings) if twilio else None,
        settings=settings,
        **values,
    )


def stored(session: Session) -> list[HandoffRequest]:
    session.expire_all()
    return list(session.execute(sa.select(HandoffRequest).order_by(HandoffRequest.id)).scalars())


def without_clinic_name(text: str, profile: ClinicProfile) -> str:
    return text.replace(profile.name, "")


def test_open_hours_place_a_call_that_connects_to_the_intake_line(
    session: Session, profile: ClinicProfile, settings: Settings, twilio_standin: TwilioStandIn
) -> None:
    outcome = handoff(session, profile, settings)
    assert outcome.status == "calling" and outcome.request_id is not None
    assert profile.phone.intake in outcome.message

    [call] = twilio_standin.calls
    assert call["To"] == PERSON and call["From"] == FROM_NUMBER
    assert call["StatusCallback"] == f"{PUBLIC}/webhooks/twilio_voice/status"
    assert set(call.fields["StatusCallbackEvent"]) == {
        "initiated",
        "ringing",
        "answered",
        "completed",
    }
    twiml = call["Twiml"]
    assert f'<Dial callerId="{FROM_NUMBER}"' in twiml
    assert "<Number>+18338672329</Number>" in twiml
    spoken = re.search(r"<Say>(.*)</Say>", twiml)
    assert spoken is not None
    assert spoken.group(1) == f"This is a call from {profile.name}, connecting you now."
    assert not HEALTH_WORDS.search(
        without_clinic_name(spoken.group(1), profile).replace("call", "")
    )

    [request] = stored(session)
    assert (request.kind, request.status, request.call_sid) == ("call", "call_queued", call.sid)
    assert request.phone_e164 == PERSON
    assert request.phone_key == phone_key(PERSON, phone_hash_key(settings))
    assert request.client_key is not None and "203.0.113.9" not in request.client_key
    assert request.preferred_time == "mornings"
    assert "ketamine, cost" in request.summary and "ROUTINE" in request.summary
    assert twilio_standin.messages == []  # routine: no on-call text


def test_the_intake_twiml_names_only_the_clinic(profile: ClinicProfile) -> None:
    twiml = intake_twiml(profile, caller_id=FROM_NUMBER)
    assert twiml == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        f"<Say>This is a call from {profile.name}, connecting you now.</Say>"
        f'<Dial callerId="{FROM_NUMBER}" timeout="30"><Number>+18338672329</Number></Dial>'
        "</Response>"
    )


def test_closed_hours_store_a_callback_and_text_a_neutral_confirmation(
    session: Session, profile: ClinicProfile, settings: Settings, twilio_standin: TwilioStandIn
) -> None:
    outcome = handoff(session, profile, settings, now=CLOSED)
    assert outcome.status == "callback_scheduled"
    assert "Monday, Nov 23 between 9:00 AM and 6:00 PM PST" in outcome.message
    assert twilio_standin.calls == []
    [sms] = twilio_standin.messages
    assert sms["To"] == PERSON and sms["From"] == FROM_NUMBER
    assert sms["StatusCallback"] == f"{PUBLIC}/webhooks/twilio_sms/status"
    assert sms["Body"] == (
        f"{profile.name} received your request for a call back. We'll call you Monday, Nov 23 "
        "between 9:00 AM and 6:00 PM PST. Reply STOP to opt out."
    )
    assert len(sms["Body"]) <= 160
    assert not HEALTH_WORDS.search(without_clinic_name(sms["Body"], profile))
    [request] = stored(session)
    assert (request.kind, request.status) == ("callback", "callback_pending")
    assert (request.message_sid, request.message_status) == (sms.sid, "queued")


def test_the_callback_window_follows_the_persons_location(
    session: Session, profile: ClinicProfile, settings: Settings, twilio_standin: TwilioStandIn
) -> None:
    # 16:30 UTC on a Monday in November: 8:30 in Los Angeles (closed), 9:30 in Sedona (open).
    monday_early = datetime(2026, 11, 23, 16, 30, tzinfo=timezone.utc)
    assert handoff(session, profile, settings, now=monday_early).status == "callback_scheduled"
    outcome = handoff(
        session, profile, settings, now=monday_early, location="Sedona", conversation_id="web-2"
    )
    assert outcome.status == "calling"


def test_over_sms_the_conversation_is_the_confirmation(
    session: Session, profile: ClinicProfile, settings: Settings, twilio_standin: TwilioStandIn
) -> None:
    outcome = handoff(session, profile, settings, now=CLOSED, channel="twilio_sms")
    assert outcome.status == "callback_scheduled"
    assert twilio_standin.messages == []


def test_without_twilio_the_request_is_stored_and_the_number_given(
    session: Session, profile: ClinicProfile, settings: Settings, twilio_standin: TwilioStandIn
) -> None:
    outcome = handoff(session, profile, settings, twilio=False)
    assert outcome.status == "call_us"
    assert profile.phone.intake in outcome.message
    [request] = stored(session)
    assert request.status == "not_configured" and request.call_sid is None
    closed = handoff(session, profile, settings, twilio=False, now=CLOSED, conversation_id="w2")
    assert closed.status == "callback_scheduled" and profile.phone.intake in closed.message
    assert twilio_standin.requests == []


@pytest.mark.parametrize("code", ["21211", "20003", "500", "timeout"])
def test_a_twilio_failure_keeps_the_request_with_its_code(
    code: str,
    session: Session,
    profile: ClinicProfile,
    settings: Settings,
    twilio_standin: TwilioStandIn,
) -> None:
    twilio_standin.fail_next(code)
    outcome = handoff(session, profile, settings)
    expected = {"21211": "21211", "20003": "20003", "500": "http-500", "timeout": "timeout"}[code]
    assert outcome.status == "call_us" and outcome.error_code == expected
    assert profile.phone.intake in outcome.message
    [request] = stored(session)
    assert (request.status, request.twilio_error_code) == ("twilio_failed", expected)
    assert request.phone_e164 == PERSON  # staff can still call back


def test_a_failed_confirmation_keeps_the_callback_and_21610_records_the_opt_out(
    session: Session, profile: ClinicProfile, settings: Settings, twilio_standin: TwilioStandIn
) -> None:
    twilio_standin.fail_next("21610")
    outcome = handoff(session, profile, settings, now=CLOSED)
    assert outcome.status == "callback_scheduled" and outcome.error_code == "21610"
    [request] = stored(session)
    assert (request.status, request.message_status, request.twilio_error_code) == (
        "callback_pending",
        "failed",
        "21610",
    )
    key = phone_key(PERSON, phone_hash_key(settings))
    assert is_opted_out(session=session, phone_key=key)
    # Known to be opted out: the next call-back sends no text at all.
    handoff(session, profile, settings, now=CLOSED, conversation_id="web-2")
    assert len(twilio_standin.messages) == 1
    assert stored(session)[-1].message_status == "opted_out"


def test_an_opted_out_number_gets_no_confirmation(
    session: Session, profile: ClinicProfile, settings: Settings, twilio_standin: TwilioStandIn
) -> None:
    opt_out(session=session, phone_key=phone_key(PERSON, phone_hash_key(settings)))
    session.commit()
    assert handoff(session, profile, settings, now=CLOSED).status == "callback_scheduled"
    assert twilio_standin.messages == []


@pytest.mark.parametrize(
    "summary, reason",
    [
        (HandoffSummary(tier="URGENT", tier_reasons=["cssrs_ideation"]), "URGENT"),
        (HandoffSummary(tier="EMERGENCY"), "EMERGENCY"),
        (HandoffSummary(crisis=True, topics=["overdose"]), "crisis"),
    ],
)
def test_urgent_and_crisis_handoffs_text_the_oncall_phone_a_reference_only(
    summary: HandoffSummary,
    reason: str,
    session: Session,
    profile: ClinicProfile,
    settings: Settings,
    twilio_standin: TwilioStandIn,
) -> None:
    outcome = handoff(session, profile, settings, summary=summary)
    assert outcome.alert_reference is not None
    [oncall] = [sms for sms in twilio_standin.messages if sms["To"] == ONCALL]
    assert oncall["Body"] == (
        f"Lantern: {reason} hand-off waiting. Open alert {outcome.alert_reference} "
        "in the staff console."
    )
    assert PERSON[2:] not in oncall["Body"] and "cssrs" not in oncall["Body"]
    assert "overdose" not in oncall["Body"] and profile.name not in oncall["Body"]
    [alert] = session.execute(sa.select(StaffAlert)).scalars()
    assert (alert.kind, alert.reference) == ("handoff", outcome.alert_reference)
    assert stored(session)[0].oncall_status == "sent"


def test_a_failed_oncall_text_is_visible_to_staff(
    session: Session, profile: ClinicProfile, settings: Settings, twilio_standin: TwilioStandIn
) -> None:
    twilio_standin.fail_next("500")
    # The first request (the call to the person) fails; the on-call text goes through.
    outcome = handoff(session, profile, settings, summary=HandoffSummary(tier="URGENT"))
    assert outcome.status == "call_us"
    assert stored(session)[0].oncall_status == "sent"
    twilio_standin.fail_next("503")
    handoff(
        session,
        profile,
        settings.copy(update={"oncall_number": ONCALL}),
        now=CLOSED,
        channel="twilio_sms",
        conversation_id="sms-2",
        phone_e164="+13105550148",
        summary=HandoffSummary(tier="URGENT"),
    )
    assert stored(session)[-1].oncall_status == "failed:http-503"


def test_no_oncall_number_means_no_oncall_text(
    session: Session, profile: ClinicProfile, twilio_standin: TwilioStandIn
) -> None:
    settings = twilio_standin.settings(public_url=PUBLIC)
    handoff(session, profile, settings, summary=HandoffSummary(tier="URGENT"))
    assert twilio_standin.messages == []
    assert stored(session)[0].oncall_status == "not_configured"


def test_a_number_gets_at_most_two_contacts_a_day(
    session: Session, profile: ClinicProfile, settings: Settings, twilio_standin: TwilioStandIn
) -> None:
    first = handoff(session, profile, settings, conversation_id="a", client_address="198.51.100.1")
    second = handoff(
        session, profile, settings, conversation_id="b", client_address="198.51.100.2", now=EVENING
    )
    third = handoff(
        session,
        profile,
        settings,
        conversation_id="c",
        client_address="198.51.100.3",
        now=EVENING + timedelta(hours=1),
    )
    assert (first.status, second.status) == ("calling", "callback_scheduled")
    assert third.status == "refused" and third.refusal == "number_daily_limit"
    assert profile.phone.intake in third.message
    assert len(twilio_standin.requests) == 2
    # A day later the number may be called again.
    later_on = OPEN + timedelta(days=1, minutes=1)  # the first call is now over a day old
    later = handoff(session, profile, settings, conversation_id="d", now=later_on)
    assert later.status == "calling"


def test_a_conversation_and_a_client_get_at_most_three_handoffs_an_hour(
    session: Session, profile: ClinicProfile, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    numbers = [f"+1310555{n:04d}" for n in range(160, 170)]
    for index in range(3):
        outcome = handoff(session, profile, settings, twilio=False, phone_e164=numbers[index])
        assert outcome.status == "call_us"
    with caplog.at_level(logging.WARNING):
        refused = handoff(session, profile, settings, twilio=False, phone_e164=numbers[3])
    assert refused.refusal == "conversation_hourly_limit"
    assert "+1 ***-***-0163" in caplog.text and numbers[3] not in caplog.text
    # Another conversation from the same address is refused too; another address is not.
    other = handoff(
        session, profile, settings, twilio=False, phone_e164=numbers[4], conversation_id="new"
    )
    assert other.refusal == "client_hourly_limit"
    elsewhere = handoff(
        session,
        profile,
        settings,
        twilio=False,
        phone_e164=numbers[5],
        conversation_id="new",
        client_address="198.51.100.7",
    )
    assert elsewhere.status == "call_us"
    # An hour later the first conversation may ask again.
    again = handoff(
        session,
        profile,
        settings,
        twilio=False,
        phone_e164=numbers[6],
        now=OPEN + timedelta(hours=1),
    )
    assert again.status == "call_us"


def test_limits_are_counted_in_the_database_and_configurable(
    database_url: str, profile: ClinicProfile, twilio_standin: TwilioStandIn
) -> None:
    """A new session (as after a restart, or in another process) sees the same counts."""
    upgrade(database_url)
    settings = twilio_standin.settings(handoff_contacts_per_number_per_day=1)
    with get_sessionmaker(database_url)() as session:
        assert handoff(session, profile, settings).status == "calling"
    with get_sessionmaker(database_url)() as session:
        refused = handoff(session, profile, settings, conversation_id="other")
        assert refused.refusal == "number_daily_limit"
        assert (
            session.execute(sa.select(sa.func.count()).select_from(OutboundContact)).scalar() == 1
        )


def test_consent_is_required(session: Session, profile: ClinicProfile, settings: Settings) -> None:
    with pytest.raises(ValueError, match="consent"):
        handoff(session, profile, settings, consent=False)
    assert stored(session) == []


def test_the_summary_is_one_paragraph_for_staff() -> None:
    summary = HandoffSummary(
        topics=["ketamine", "insurance"],
        tier="SOON",
        tier_reasons=["daily use", "craving"],
        insurance="Aetna PPO: in network",
        crisis=True,
        preferred_time="after 5 pm",
    )
    assert summary.paragraph() == (
        "Crisis response was given in this conversation. Asked about: ketamine, insurance. "
        "Screening: SOON (daily use; craving). Insurance: Aetna PPO: in network. "
        "Good time to call: after 5 pm."
    )
    assert HandoffSummary().paragraph() == (
        "No questions recorded. No screening completed. Insurance: not checked."
    )
