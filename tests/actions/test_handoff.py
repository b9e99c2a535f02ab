"""The hand-off form's actions, called as the action server calls them, on a real SQLite
database and with the real Twilio SDK talking to the local stand-in."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import sqlalchemy as sa
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import handoff
from actions.handoff import (
    ActionAskHandoffConsent,
    ActionAskHandoffPhone,
    ActionAskHandoffTime,
    ActionHandoffSubmit,
    ActionResetHandoff,
    ValidateHandoffForm,
)
from lantern.clinic import load_profile
from lantern.handoff import prompts
from lantern.handoff.dialogue import AS_SOON_AS_POSSIBLE
from lantern.paths import DEFAULT_PROFILE_PATH, PROJECT_ROOT
from lantern.phone import phone_hash_key, phone_key
from lantern.records.engine import dispose_engines, get_sessionmaker
from lantern.records.migrate import upgrade
from lantern.records.models import HandoffRequest, SmsSender
from lantern.records.screenings import record_screening
from lantern.records.sms import remember_sender
from lantern.settings import Settings, sqlite_url
from tests import twilio_standin as standin
from tests.twilio_standin import FROM_NUMBER, TwilioStandIn

twilio_standin = standin.twilio_standin  # the stand-in's pytest fixture

PERSON = "+13105550147"
# Every way the number could leak into an event: E.164, digits, the usual local forms.
NUMBER_FORMS = re.compile(r"\+?1?\D{0,2}310\D{0,2}555\D{0,2}0147")
# Monday 23 Nov 2026, 10:00 in Los Angeles (open) and Saturday 21 Nov, 12:00 (closed).
OPEN = datetime(2026, 11, 23, 18, 0, tzinfo=timezone.utc)
CLOSED = datetime(2026, 11, 21, 20, 0, tzinfo=timezone.utc)
PROFILE = load_profile(DEFAULT_PROFILE_PATH)


@pytest.fixture
def settings(
    tmp_path: Path, twilio_standin: TwilioStandIn, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """The actions' settings: a fresh SQLite database and the Twilio stand-in."""
    url = sqlite_url(tmp_path / "lantern.db")
    upgrade(url)
    configured = twilio_standin.settings(database_url=url)
    monkeypatch.setattr(handoff, "get_settings", lambda: configured)
    yield configured
    dispose_engines()


def at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(handoff, "now_utc", lambda: moment)


def key_of(number: str, settings: Settings) -> str:
    return phone_key(number, phone_hash_key(settings))


def tracker_at(
    requested: str | None,
    text: str,
    intent: str = "nlu_fallback",
    slots: Dict[str, Any] | None = None,
    *,
    channel: str = "rest",
    sender: str = "web-1",
    since_message: tuple[str, ...] = ("handoff_form",),
    earlier: List[Dict[str, Any]] | None = None,
    metadata: Dict[str, Any] | None = None,
) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.95}}
    events = [
        *(earlier or []),
        {"event": "action", "name": "handoff_form"},
        {"event": "action", "name": "action_listen"},
        {
            "event": "user",
            "text": text,
            "input_channel": channel,
            "parse_data": message,
            "metadata": metadata or {},
        },
        *({"event": "action", "name": name} for name in since_message),
    ]
    return Tracker(
        sender,
        {"requested_slot": requested, **(slots or {})},
        message,
        events,
        False,
        None,
        {"name": "handoff_form"},
        since_message[-1],
    )


async def validate(tracker: Tracker) -> tuple[List[Dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await ValidateHandoffForm().run(dispatcher, tracker, {})
    return events, dispatcher


def slots_set(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def assert_no_number(events: List[Dict[str, Any]]) -> None:
    assert not NUMBER_FORMS.search(json.dumps(events)), events


def stored_numbers(settings: Settings) -> Dict[str, str]:
    with get_sessionmaker(settings.database_url)() as session:
        rows = session.execute(sa.select(SmsSender)).scalars()
        return {row.phone_key: row.phone_e164 for row in rows}


# --- the domain --------------------------------------------------------------------------------


def test_the_form_and_its_slots_in_the_domain() -> None:
    domain = yaml.safe_load((PROJECT_ROOT / "domain" / "handoff.yml").read_text())
    required = domain["forms"]["handoff_form"]["required_slots"]
    assert required == ["handoff_phone", "handoff_consent", "handoff_time"]
    assert {f"action_ask_{slot}" for slot in required} <= set(domain["actions"])
    for slot in required:
        [mapping] = domain["slots"][slot]["mappings"]
        assert mapping["type"] == "from_text"
        assert set(mapping["not_intent"]) == {"crisis", "abuse_disclosure"}
        assert mapping["conditions"] == [{"active_loop": "handoff_form", "requested_slot": slot}]
    statuses = domain["slots"]["handoff_status"]["values"]
    assert {f"utter_handoff_{status}" for status in statuses} == set(domain["responses"])


# --- the questions -----------------------------------------------------------------------------


async def test_a_new_hand_off_forgets_the_last_one() -> None:
    events = await ActionResetHandoff().run(CollectingDispatcher(), tracker_at(None, ""), {})
    cleared = slots_set(events)
    assert set(cleared.values()) == {None}
    assert {"handoff_phone", "handoff_consent", "handoff_phone_key", "handoff_status"} <= set(
        cleared
    )


async def test_the_first_question_is_the_number() -> None:
    events, _ = await validate(tracker_at(None, "can someone call me?", "request_human"))
    assert slots_set(events) == {"requested_slot": "handoff_phone"}
    dispatcher = CollectingDispatcher()
    await ActionAskHandoffPhone().run(dispatcher, tracker_at("handoff_phone", ""), {})
    [message] = dispatcher.messages
    assert message["text"] == prompts.PHONE_QUESTION
    assert message["buttons"] == prompts.phone_buttons()


@pytest.mark.parametrize("typed", ["(310) 555-0147", "310 555 0147", "+13105550147"])
async def test_the_number_is_kept_in_the_database_and_only_its_key_in_the_tracker(
    settings: Settings, typed: str
) -> None:
    events, dispatcher = await validate(tracker_at("handoff_phone", typed))
    key = key_of(PERSON, settings)
    assert slots_set(events) == {
        "handoff_phone": key,
        "handoff_phone_key": key,
        "handoff_phone_masked": "+1 ***-***-0147",
        "requested_slot": "handoff_consent",
    }
    assert dispatcher.messages == []
    assert_no_number(events)
    assert stored_numbers(settings) == {key: PERSON}


async def test_a_bad_number_gets_the_reason_and_the_question_again(settings: Settings) -> None:
    events, dispatcher = await validate(tracker_at("handoff_phone", "555 0147"))
    assert slots_set(events) == {"handoff_phone": None, "requested_slot": "handoff_phone"}
    assert "area code" in dispatcher.messages[0]["text"]
    assert stored_numbers(settings) == {}


async def test_no_thanks_at_the_number_ends_the_form() -> None:
    events, _ = await validate(tracker_at("handoff_phone", "no thanks", "deny"))
    assert slots_set(events) == {
        "handoff_phone": None,
        "handoff_stop": "declined",
        "requested_slot": None,
    }


async def test_a_question_steps_aside_for_the_rules() -> None:
    events, _ = await validate(tracker_at("handoff_phone", "is this chat private?", "ask_privacy"))
    assert events[-1]["event"] == "action_execution_rejected"
    assert slots_set(events) == {"handoff_phone": None}


async def test_coming_back_after_a_question_asks_the_same_question_again() -> None:
    tracker = tracker_at(
        "handoff_phone",
        "is this chat private?",
        "ask_privacy",
        since_message=("utter_privacy", "handoff_form"),
    )
    events, _ = await validate(tracker)
    assert slots_set(events) == {"requested_slot": "handoff_phone"}


async def test_the_number_cannot_be_kept_without_the_database(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    down = settings.copy(update={"database_url": "postgresql://nobody@127.0.0.1:9/none"})
    monkeypatch.setattr(handoff, "get_settings", lambda: down)
    events, _ = await validate(tracker_at("handoff_phone", "310 555 0147"))
    assert slots_set(events) == {
        "handoff_phone": None,
        "handoff_stop": "unavailable",
        "requested_slot": None,
    }
    assert_no_number(events)


@pytest.mark.parametrize(("moment", "open_now"), [(OPEN, True), (CLOSED, False)])
async def test_consent_is_asked_with_the_masked_number_and_when(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, moment: datetime, open_now: bool
) -> None:
    at(monkeypatch, moment)
    dispatcher = CollectingDispatcher()
    slots = {"handoff_phone_masked": "+1 ***-***-0147"}
    await ActionAskHandoffConsent().run(
        dispatcher, tracker_at("handoff_consent", "", slots=slots), {}
    )
    [message] = dispatcher.messages
    assert "+1 ***-***-0147" in message["text"] and PROFILE.name in message["text"]
    if open_now:
        assert "call you now" in message["text"]
    else:
        assert "Monday, Nov 23 between 9:00 AM and 6:00 PM PST" in message["text"]
    assert message["buttons"] == prompts.consent_buttons()


async def test_a_yes_during_hours_needs_no_time(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, OPEN)
    events, _ = await validate(tracker_at("handoff_consent", "yes please", "affirm"))
    assert slots_set(events) == {
        "handoff_consent": "yes",
        "handoff_time": AS_SOON_AS_POSSIBLE,
        "requested_slot": None,
    }


async def test_a_yes_out_of_hours_asks_for_a_good_time(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, CLOSED)
    events, _ = await validate(tracker_at("handoff_consent", "ok", "affirm"))
    assert slots_set(events) == {"handoff_consent": "yes", "requested_slot": "handoff_time"}
    dispatcher = CollectingDispatcher()
    await ActionAskHandoffTime().run(dispatcher, tracker_at("handoff_time", ""), {})
    assert dispatcher.messages[0]["text"] == prompts.TIME_QUESTION
    events, _ = await validate(tracker_at("handoff_time", "after 5"))
    assert slots_set(events) == {"handoff_time": "after 5", "requested_slot": None}


async def test_no_consent_ends_the_form_politely() -> None:
    events, _ = await validate(tracker_at("handoff_consent", "no", "deny"))
    assert slots_set(events) == {
        "handoff_consent": None,
        "handoff_stop": "declined",
        "requested_slot": None,
    }
    result = await ActionHandoffSubmit().run(
        CollectingDispatcher(), tracker_at(None, "no", "deny", slots_set(events)), {}
    )
    assert slots_set(result)["handoff_status"] == "declined"


async def test_anything_but_a_yes_or_no_asks_again() -> None:
    events, dispatcher = await validate(tracker_at("handoff_consent", "maybe"))
    assert slots_set(events) == {"handoff_consent": None, "requested_slot": "handoff_consent"}
    assert dispatcher.messages[0]["text"] == prompts.CONSENT_HINT


# --- over SMS ----------------------------------------------------------------------------------


@pytest.fixture
def sms_sender(settings: Settings) -> str:
    """An SMS conversation as the channel leaves it: its sender id is the number's key."""
    key = key_of(PERSON, settings)
    with get_sessionmaker(settings.database_url).begin() as session:
        remember_sender(session=session, phone_key=key, phone_e164=PERSON)
    return key


async def test_over_sms_the_number_being_texted_from_is_offered(sms_sender: str) -> None:
    dispatcher = CollectingDispatcher()
    tracker = tracker_at("handoff_phone", "", channel="twilio_sms", sender=sms_sender)
    events = await ActionAskHandoffPhone().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    assert message["text"] == prompts.sender_offer("+1 ***-***-0147")
    assert "number you're texting from" in message["text"]
    assert message["buttons"] == prompts.sender_buttons()
    assert events == []


async def test_over_sms_a_yes_takes_the_senders_number(sms_sender: str) -> None:
    tracker = tracker_at("handoff_phone", "yes", "affirm", channel="twilio_sms", sender=sms_sender)
    events, _ = await validate(tracker)
    assert slots_set(events) == {
        "handoff_phone": sms_sender,
        "handoff_phone_key": sms_sender,
        "handoff_phone_masked": "+1 ***-***-0147",
        "requested_slot": "handoff_consent",
    }
    assert_no_number(events)


async def test_over_sms_another_number_is_asked_for(sms_sender: str, settings: Settings) -> None:
    tracker = tracker_at("handoff_phone", "another number", channel="twilio_sms", sender=sms_sender)
    events, _ = await validate(tracker)
    assert slots_set(events) == {
        "handoff_phone": None,
        "handoff_other_number": True,
        "requested_slot": "handoff_phone",
    }
    dispatcher = CollectingDispatcher()
    tracker = tracker_at(
        "handoff_phone",
        "",
        slots={"handoff_other_number": True},
        channel="twilio_sms",
        sender=sms_sender,
    )
    await ActionAskHandoffPhone().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == prompts.PHONE_QUESTION
    tracker = tracker_at(
        "handoff_phone",
        "(310) 555-0199",
        slots={"handoff_other_number": True},
        channel="twilio_sms",
        sender=sms_sender,
    )
    events, _ = await validate(tracker)
    other = key_of("+13105550199", settings)
    assert slots_set(events)["handoff_phone_key"] == other
    assert "0199" not in json.dumps(events).replace("***-***-0199", "")


# --- the submission ----------------------------------------------------------------------------


def ready(settings: Settings, **slots: Any) -> Dict[str, Any]:
    """The slots at the end of the form: the number given, a yes, a time."""
    key = key_of(PERSON, settings)
    with get_sessionmaker(settings.database_url).begin() as session:
        remember_sender(session=session, phone_key=key, phone_e164=PERSON)
    return {
        "handoff_phone": key,
        "handoff_phone_key": key,
        "handoff_phone_masked": "+1 ***-***-0147",
        "handoff_consent": "yes",
        "handoff_time": "after 5",
        **slots,
    }


def user(intent: str, key: str) -> Dict[str, Any]:
    parse = {
        "intent": {"name": intent, "confidence": 0.9},
        "response_selector": {intent: {"response": {"intent_response_key": key}}},
    }
    return {"event": "user", "text": "...", "parse_data": parse, "input_channel": "rest"}


async def submit(tracker: Tracker) -> tuple[List[Dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await ActionHandoffSubmit().run(dispatcher, tracker, {})
    return events, dispatcher


def requests_stored(settings: Settings) -> List[HandoffRequest]:
    with get_sessionmaker(settings.database_url)() as session:
        return list(session.execute(sa.select(HandoffRequest)).scalars())


async def test_during_hours_the_person_is_called_and_connected(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, twilio_standin: TwilioStandIn
) -> None:
    at(monkeypatch, OPEN)
    with get_sessionmaker(settings.database_url).begin() as session:
        record_screening(
            session=session,
            conversation_id="web-1",
            started_at=OPEN,
            completed_at=OPEN,
            status="completed",
            tier="SOON",
            incomplete=False,
            reasons=["moderate withdrawal"],
            answers={},
        )
    slots = ready(
        settings,
        screening_outcome="soon",
        insurance_carrier="Cigna",
        insurance_outcome="in_network",
        crisis_detected=False,
    )
    earlier = [user("ketamine", "ketamine/what_is"), user("cost", "cost/price")]
    tracker = tracker_at(
        None,
        "yes",
        "affirm",
        slots,
        earlier=earlier,
        since_message=("handoff_form",),
        metadata={"client_address": "203.0.113.9"},
    )
    events, dispatcher = await submit(tracker)
    assert slots_set(events) == {
        "handoff_consent": None,
        "handoff_stop": None,
        "handoff_status": "calling",
    }
    assert dispatcher.messages == []
    assert_no_number(events)

    [call] = twilio_standin.calls
    assert call["To"] == PERSON and call["From"] == FROM_NUMBER
    assert f'<Dial callerId="{FROM_NUMBER}"' in call["Twiml"]
    assert "<Number>+18338672329</Number>" in call["Twiml"]
    assert twilio_standin.messages == []  # SOON: no on-call text

    [request] = requests_stored(settings)
    assert (request.conversation_id, request.channel, request.kind) == ("web-1", "rest", "call")
    assert request.status == "call_queued" and request.call_sid == call.sid
    assert request.phone_e164 == PERSON and request.preferred_time == "after 5"
    assert request.client_key is not None and "203.0.113.9" not in request.client_key
    assert "ketamine/what_is, cost/price" in request.summary
    assert "SOON (moderate withdrawal)" in request.summary
    assert "Cigna: in network" in request.summary


async def test_out_of_hours_a_callback_is_stored_and_confirmed_by_text(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, twilio_standin: TwilioStandIn
) -> None:
    at(monkeypatch, CLOSED)
    tracker = tracker_at(None, "after 5", slots=ready(settings, crisis_detected=True))
    events, _ = await submit(tracker)
    assert slots_set(events) == {
        "handoff_consent": None,
        "handoff_stop": None,
        "handoff_status": "callback_scheduled",
        "handoff_window": "Monday, Nov 23 between 9:00 AM and 6:00 PM PST",
        "handoff_texted": True,
    }
    assert_no_number(events)
    assert twilio_standin.calls == []
    [text] = twilio_standin.messages
    assert text["To"] == PERSON
    assert text["Body"].startswith(f"{PROFILE.name} received your request for a call back.")
    [request] = requests_stored(settings)
    assert (request.kind, request.status, request.crisis) == ("callback", "callback_pending", True)
    assert "Crisis response was given" in request.summary


async def test_over_sms_the_conversation_is_the_confirmation(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    twilio_standin: TwilioStandIn,
    sms_sender: str,
) -> None:
    at(monkeypatch, CLOSED)
    tracker = tracker_at(
        None, "any time", slots=ready(settings), channel="twilio_sms", sender=sms_sender
    )
    events, _ = await submit(tracker)
    assert slots_set(events)["handoff_status"] == "callback_scheduled"
    assert slots_set(events)["handoff_texted"] is False
    assert twilio_standin.messages == []
    [request] = requests_stored(settings)
    assert request.channel == "twilio_sms" and request.conversation_id == sms_sender


async def test_without_twilio_the_request_is_stored_and_the_number_given(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, OPEN)
    local = settings.copy(update={"twilio_account_sid": ""})
    monkeypatch.setattr(handoff, "get_settings", lambda: local)
    events, _ = await submit(tracker_at(None, "yes", slots=ready(settings)))
    assert slots_set(events)["handoff_status"] == "call_us"
    [request] = requests_stored(settings)
    assert request.status == "not_configured"


async def test_a_twilio_failure_keeps_the_request(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, twilio_standin: TwilioStandIn
) -> None:
    at(monkeypatch, OPEN)
    twilio_standin.fail_next("21211")
    events, _ = await submit(tracker_at(None, "yes", slots=ready(settings)))
    assert slots_set(events)["handoff_status"] == "call_us"
    [request] = requests_stored(settings)
    assert (request.status, request.twilio_error_code) == ("twilio_failed", "21211")


async def test_too_many_calls_to_one_number_are_refused(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, twilio_standin: TwilioStandIn
) -> None:
    at(monkeypatch, OPEN)
    statuses = []
    for _ in range(3):
        events, _ = await submit(tracker_at(None, "yes", slots=ready(settings)))
        statuses.append(slots_set(events)["handoff_status"])
    assert statuses == ["calling", "calling", "refused"]
    assert len(twilio_standin.calls) == 2


async def test_with_the_database_down_the_person_gets_the_number_to_call(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, twilio_standin: TwilioStandIn
) -> None:
    at(monkeypatch, OPEN)
    slots = ready(settings)
    down = settings.copy(update={"database_url": "postgresql://nobody@127.0.0.1:9/none"})
    monkeypatch.setattr(handoff, "get_settings", lambda: down)
    events, _ = await submit(tracker_at(None, "yes", slots=slots))
    assert slots_set(events)["handoff_status"] == "call_us"
    assert twilio_standin.calls == []


async def test_no_call_without_a_yes(settings: Settings, twilio_standin: TwilioStandIn) -> None:
    events, _ = await submit(tracker_at(None, "", slots=ready(settings, handoff_consent=None)))
    assert slots_set(events)["handoff_status"] == "call_us"
    assert twilio_standin.calls == [] and requests_stored(settings) == []
