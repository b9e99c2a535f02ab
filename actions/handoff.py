"""The hand-off form's Rasa actions: thin glue to lantern.handoff and the clinic database.

What to ask next and how a reply is read are decided in lantern/handoff/dialogue.py (tested
without Rasa); these actions keep the number in the clinic database as soon as it is given
(only its keyed hash and a mask go back to the tracker), and hand the request to
`lantern.handoff.service.request_handoff`, which places the call or stores the call-back.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping

import sqlalchemy as sa
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.forms import REQUESTED_SLOT, is_fresh_reply, latest_intent
from lantern.clinic import ClinicProfile, load_profile
from lantern.handoff.dialogue import (
    AS_SOON_AS_POSSIBLE,
    CONSENT,
    DECLINED,
    PHONE,
    SLOTS,
    TIME,
    UNAVAILABLE,
    YES,
    TurnKind,
    build_summary,
    read_turn,
    slot_after,
)
from lantern.handoff.prompts import (
    CONSENT_HINT,
    PHONE_QUESTION,
    TIME_QUESTION,
    consent_buttons,
    consent_question,
    phone_buttons,
    sender_buttons,
    sender_offer,
    time_buttons,
)
from lantern.handoff.service import SMS_CHANNEL, HandoffOutcome, request_handoff
from lantern.handoff.twilio_client import build_twilio_client
from lantern.hours import describe_window, is_open, next_window
from lantern.phone import mask_phone, phone_hash_key, phone_key
from lantern.records.engine import get_sessionmaker
from lantern.records.models import HandoffRequest, Screening
from lantern.records.sms import remember_sender, sender_number
from lantern.settings import Settings, get_settings

logger = logging.getLogger(__name__)

FORM = "handoff_form"
KEY_SLOT = "handoff_phone_key"
MASK_SLOT = "handoff_phone_masked"
OTHER_NUMBER_SLOT = "handoff_other_number"
STOP_SLOT = "handoff_stop"
WINDOW_SLOT = "handoff_window"
TEXTED_SLOT = "handoff_texted"
STATUS_SLOT = "handoff_status"
# Where a channel may put the client's address (e.g. a web widget's proxy); absent over REST.
CLIENT_ADDRESS_KEY = "client_address"


def now_utc() -> datetime:
    """The current time (a function, so tests can move the clock into or out of hours)."""
    return datetime.now(timezone.utc)


@lru_cache(maxsize=4)
def _profile(path: Path) -> ClinicProfile:
    return load_profile(path)


def clinic_profile() -> ClinicProfile:
    """The clinic profile the settings name, read once per process."""
    return _profile(get_settings().clinic_profile)


def over_sms(tracker: Tracker) -> bool:
    """An SMS conversation: its sender id is the key of the number being texted from."""
    return tracker.get_latest_input_channel() == SMS_CHANNEL


def offering_sender(tracker: Tracker) -> bool:
    """Over SMS the phone question offers the number being texted from, unless declined."""
    return over_sms(tracker) and not tracker.get_slot(OTHER_NUMBER_SLOT)


def ask_for_another_number() -> List[EventType]:
    """Ask for a number to call instead of offering the one being texted from."""
    return [SlotSet(PHONE, None), SlotSet(OTHER_NUMBER_SLOT, True), SlotSet(REQUESTED_SLOT, PHONE)]


def cleared_handoff() -> List[EventType]:
    """Empty every slot of the form, so a new hand-off asks (and gets consent) afresh."""
    names = (*SLOTS, KEY_SLOT, MASK_SLOT, OTHER_NUMBER_SLOT, STOP_SLOT, WINDOW_SLOT, TEXTED_SLOT)
    return [SlotSet(name, None) for name in names]


class ActionResetHandoff(Action):
    """Starts a hand-off with nothing left from an earlier one (consent is asked every time)."""

    def name(self) -> str:
        return "action_reset_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return [*cleared_handoff(), SlotSet(STATUS_SLOT, None)]


def _keep_number(e164: str) -> str:
    """Keep the number in the clinic database (sms_senders); its key goes to the tracker."""
    key = phone_key(e164, phone_hash_key(get_settings()))
    with get_sessionmaker(get_settings().database_url).begin() as session:
        remember_sender(session=session, phone_key=key, phone_e164=e164)
    return key


def _number_of(key: str) -> str | None:
    with get_sessionmaker(get_settings().database_url)() as session:
        return sender_number(session=session, phone_key=key)


class ValidateHandoffForm(FormValidationAction):
    """Reads each reply with lantern.handoff.dialogue and picks the next question."""

    def name(self) -> str:
        return "validate_handoff_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        asked = tracker.get_slot(REQUESTED_SLOT)
        if asked is None or not is_fresh_reply(tracker, FORM):
            # Starting, or coming back after a question was answered: (re)ask.
            return [SlotSet(REQUESTED_SLOT, asked or PHONE)]
        intent, confidence = latest_intent(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        offering = asked == PHONE and offering_sender(tracker)
        turn = read_turn(asked, text, intent, confidence, offering_sender=offering)
        if turn.kind is TurnKind.QUESTION:
            # Step aside: the rules answer the question, then the form asks again.
            return [SlotSet(asked, None), ActionExecutionRejected(FORM)]
        if turn.kind is TurnKind.DECLINE:
            return [
                SlotSet(asked, None),
                SlotSet(STOP_SLOT, DECLINED),
                SlotSet(REQUESTED_SLOT, None),
            ]
        if turn.kind is TurnKind.UNCLEAR:
            dispatcher.utter_message(text=turn.hint or CONSENT_HINT)
            return [SlotSet(asked, None), SlotSet(REQUESTED_SLOT, asked)]
        if turn.kind is TurnKind.ASK_NUMBER:
            return ask_for_another_number()
        try:
            if turn.kind is TurnKind.USE_SENDER:
                return self._use_sender(tracker)
            if asked == PHONE and turn.value:
                return self._phone_given(turn.value)
        except SQLAlchemyError as error:
            # Without the database the number could not be used: give the clinic's number.
            logger.error("Could not keep a hand-off number: %s", type(error).__name__)
            return [
                SlotSet(PHONE, None),
                SlotSet(STOP_SLOT, UNAVAILABLE),
                SlotSet(REQUESTED_SLOT, None),
            ]
        return self._answered(asked, turn.value)

    @staticmethod
    def _phone_given(e164: str) -> List[EventType]:
        key = _keep_number(e164)
        logger.info("Hand-off number given: %s", mask_phone(e164))
        return [
            SlotSet(PHONE, key),
            SlotSet(KEY_SLOT, key),
            SlotSet(MASK_SLOT, mask_phone(e164)),
            SlotSet(REQUESTED_SLOT, CONSENT),
        ]

    @staticmethod
    def _use_sender(tracker: Tracker) -> List[EventType]:
        number = _number_of(tracker.sender_id)
        if number is None:
            # Not an SMS conversation we know the number of after all: ask for one.
            return ask_for_another_number()
        return [
            SlotSet(PHONE, tracker.sender_id),
            SlotSet(KEY_SLOT, tracker.sender_id),
            SlotSet(MASK_SLOT, mask_phone(number)),
            SlotSet(REQUESTED_SLOT, CONSENT),
        ]

    @staticmethod
    def _answered(asked: str, value: str | None) -> List[EventType]:
        open_now = is_open(clinic_profile(), now_utc())
        following = slot_after(asked, open_now=open_now)
        events: List[EventType] = [SlotSet(asked, value)]
        if asked == CONSENT and following is None:
            # Open: the call is placed at once, so no time is asked.
            events.append(SlotSet(TIME, AS_SOON_AS_POSSIBLE))
        return [*events, SlotSet(REQUESTED_SLOT, following)]


class ActionAskHandoffPhone(Action):
    """Asks for a number, or over SMS offers the one the person is texting from."""

    def name(self) -> str:
        return "action_ask_handoff_phone"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if offering_sender(tracker):
            try:
                number = _number_of(tracker.sender_id)
            except SQLAlchemyError as error:
                logger.error("Could not look up an SMS sender: %s", type(error).__name__)
                number = None
            if number is not None:
                dispatcher.utter_message(
                    text=sender_offer(mask_phone(number)), buttons=sender_buttons()
                )
                return []
            dispatcher.utter_message(text=PHONE_QUESTION, buttons=phone_buttons())
            return [SlotSet(OTHER_NUMBER_SLOT, True)]
        dispatcher.utter_message(text=PHONE_QUESTION, buttons=phone_buttons())
        return []


class ActionAskHandoffConsent(Action):
    """Asks for an explicit yes, naming the (masked) number, when, and who will call."""

    def name(self) -> str:
        return "action_ask_handoff_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        profile = clinic_profile()
        now = now_utc()
        text = consent_question(
            tracker.get_slot(MASK_SLOT) or "the number you gave",
            profile.name,
            open_now=is_open(profile, now),
            window=describe_window(next_window(profile, now)),
        )
        dispatcher.utter_message(text=text, buttons=consent_buttons())
        return []


class ActionAskHandoffTime(Action):
    def name(self) -> str:
        return "action_ask_handoff_time"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text=TIME_QUESTION, buttons=time_buttons())
        return []


@dataclass(frozen=True)
class Submitted:
    outcome: HandoffOutcome
    texted: bool


def client_address(tracker: Tracker) -> str | None:
    """The client's address when the channel passes one in the message's metadata."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata") or {}
            address = metadata.get(CLIENT_ADDRESS_KEY) if isinstance(metadata, Mapping) else None
            return str(address) if address else None
    return None


def submit(tracker: Tracker, settings: Settings, now: datetime) -> Submitted | None:
    """Store the request and start the call or call-back (blocking: run it in a thread).

    None when the number is no longer in the database.
    """
    key = tracker.get_slot(KEY_SLOT)
    profile = clinic_profile()
    with get_sessionmaker(settings.database_url)() as session:
        number = sender_number(session=session, phone_key=key) if key else None
        if number is None:
            return None
        screening = session.execute(
            sa.select(Screening)
            .where(Screening.conversation_id == tracker.sender_id)
            .order_by(sa.desc(Screening.id))
            .limit(1)
        ).scalar_one_or_none()
        summary = build_summary(
            events=tracker.events,
            screening_outcome=tracker.get_slot("screening_outcome"),
            stored_tier=screening.tier if screening is not None else None,
            stored_reasons=screening.reasons if screening is not None else None,
            insurance_carrier=tracker.get_slot("insurance_carrier"),
            insurance_outcome=tracker.get_slot("insurance_outcome"),
            crisis=bool(tracker.get_slot("crisis_detected")),
            preferred_time=tracker.get_slot(TIME),
        )
        session.commit()  # request_handoff commits its own steps; start it on a clean slate
        outcome = request_handoff(
            session,
            conversation_id=tracker.sender_id,
            phone_e164=number,
            consent=True,
            preferred_time=tracker.get_slot(TIME),
            channel=tracker.get_latest_input_channel() or "unknown",
            client_address=client_address(tracker),
            summary=summary,
            now=now,
            profile=profile,
            twilio_client=build_twilio_client(settings),
            settings=settings,
        )
        request = session.get(HandoffRequest, outcome.request_id) if outcome.request_id else None
        texted = request is not None and request.message_status == "queued"
        return Submitted(outcome, texted)


class ActionHandoffSubmit(Action):
    """Hands the request to the service and tells the rules which reply to give."""

    def name(self) -> str:
        return "action_handoff_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        stop = tracker.get_slot(STOP_SLOT)
        done: List[EventType] = [SlotSet(CONSENT, None), SlotSet(STOP_SLOT, None)]
        if stop == DECLINED:
            return [*done, SlotSet(STATUS_SLOT, "declined")]
        if stop == UNAVAILABLE or tracker.get_slot(CONSENT) != YES:
            return [*done, SlotSet(STATUS_SLOT, "call_us")]
        now = now_utc()
        try:
            settings = get_settings()
            loop = asyncio.get_running_loop()
            submitted = await loop.run_in_executor(None, submit, tracker, settings, now)
        except Exception as error:  # noqa: BLE001 (the person must get the number whatever failed)
            logger.error("Hand-off could not be stored: %s", type(error).__name__)
            submitted = None
        if submitted is None:
            return [*done, SlotSet(STATUS_SLOT, "call_us")]
        outcome = submitted.outcome
        events: List[EventType] = [*done, SlotSet(STATUS_SLOT, outcome.status)]
        if outcome.status == "callback_scheduled":
            window = describe_window(next_window(clinic_profile(), now))
            events += [SlotSet(WINDOW_SLOT, window), SlotSet(TEXTED_SLOT, submitted.texted)]
        logger.info("Hand-off %s: %s", outcome.request_id, outcome.status)
        return events
