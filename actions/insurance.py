"""The insurance check's Rasa actions: thin glue to lantern.insurance and the clinic database.

Which carrier a message means, what to ask next and what the answer is are decided in
lantern/insurance (tested without Rasa), against the database's list at run time, so an
edit to the list needs no retraining.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.forms import REQUESTED_SLOT, is_fresh_reply, latest_intent
from lantern.insurance.dialogue import (
    NO_INSURANCE,
    NOT_LISTED,
    Field,
    choice_labels,
    fields_to_ask,
    is_unsure,
    known,
    outcome_of,
    read_field,
)
from lantern.insurance.outcome import Coverage, check_coverage
from lantern.insurance.plans import extract_plan_type
from lantern.insurance.prompts import (
    CARRIER_QUESTION,
    FIELD_HINTS,
    FIELD_QUESTIONS,
    carrier_buttons,
    field_buttons,
)
from lantern.insurance.resolver import load_carrier_names, resolve_carrier
from lantern.insurance.states import extract_state
from lantern.intents import is_sure_question
from lantern.records.engine import get_sessionmaker
from lantern.records.verifications import request_verification

logger = logging.getLogger(__name__)

FORM = "insurance_form"
CARRIER = "insurance_carrier"
STOP_SLOT = "insurance_stop"
OUTCOME_SLOT = "insurance_outcome"
FIELD_SLOTS: Dict[Field, str] = {"plan_type": "insurance_plan_type", "state": "insurance_state"}
# A crisis message is not searched for a carrier; its answer is the crisis response.
CRISIS_INTENTS = frozenset({"crisis", "abuse_disclosure"})
VERIFICATION_REASONS = frozenset({"not_accepted", "no_insurance", "unknown"})


def coverage_of(carrier: str, plan_type: str | None, state: str | None) -> Coverage:
    """What the clinic's list says for this carrier, plan type and state ("unsure" = not given)."""
    with get_sessionmaker().begin() as session:
        return check_coverage(session, carrier, known(plan_type), known(state))


def coverage_for(tracker: Tracker) -> Coverage:
    """What the clinic's list says for the carrier, plan type and state known so far."""
    return coverage_of(
        tracker.get_slot(CARRIER),
        tracker.get_slot(FIELD_SLOTS["plan_type"]),
        tracker.get_slot(FIELD_SLOTS["state"]),
    )


def next_slot(tracker: Tracker, slots: Dict[str, Any]) -> str | None:
    """The next slot the form asks for, given slots just set: the carrier, then what it needs."""
    carrier, plan_type, state = (
        slots.get(name, tracker.get_slot(name)) for name in (CARRIER, *FIELD_SLOTS.values())
    )
    if carrier is None:
        return CARRIER
    fields = fields_to_ask(coverage_of(carrier, plan_type, state), plan_type, state)
    return FIELD_SLOTS[fields[0]] if fields else None


class ActionResolveCarrier(Action):
    """Fills `insurance_carrier` from the first message that names a carrier (any intent).

    The whole message is resolved, so typos the entity ruler cannot see ("aetena") count
    too; answers inside the screening or the hand-off are left alone.
    """

    def name(self) -> str:
        return "action_resolve_carrier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        intent, _ = latest_intent(tracker)
        other_form = tracker.active_loop_name not in (None, FORM)
        if intent in CRISIS_INTENTS or other_form or not text.strip():
            return []
        try:
            with get_sessionmaker().begin() as session:
                names = load_carrier_names(session)
        except SQLAlchemyError as error:
            logger.error("Could not read the insurance list: %s", type(error).__name__)
            return []
        # The ruler's proposals first (exact names and aliases), then the whole message.
        proposed = [
            str(e.get("value"))
            for e in message.get("entities") or []
            if e.get("entity") == "CARRIER"
        ]
        match = next(
            (m for m in (resolve_carrier(p, names) for p in proposed) if m is not None),
            None,
        ) or resolve_carrier(text, names)
        if match is None:
            return []
        events: List[EventType] = []
        if match.carrier != tracker.get_slot(CARRIER):
            # Another carrier: what was said of the previous one no longer applies.
            events += [SlotSet(slot, None) for slot in FIELD_SLOTS.values()]
        events.append(SlotSet(CARRIER, match.carrier))
        if plan_type := extract_plan_type(text):
            events.append(SlotSet(FIELD_SLOTS["plan_type"], plan_type))
        if state := match.state or extract_state(text):
            events.append(SlotSet(FIELD_SLOTS["state"], state))
        return events


class ValidateInsuranceForm(FormValidationAction):
    """Reads each reply and asks only what the answer depends on."""

    def name(self) -> str:
        return "validate_insurance_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        try:
            return self._validate(dispatcher, tracker)
        except SQLAlchemyError as error:
            logger.error("Could not read the insurance list: %s", type(error).__name__)
            return [SlotSet(STOP_SLOT, NOT_LISTED), SlotSet(REQUESTED_SLOT, None)]

    def _validate(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        asked = tracker.get_slot(REQUESTED_SLOT)
        if asked is None or not is_fresh_reply(tracker, FORM):
            return [SlotSet(REQUESTED_SLOT, asked or next_slot(tracker, {}))]
        text = (tracker.latest_message or {}).get("text") or ""
        intent, confidence = latest_intent(tracker)
        if asked == CARRIER:
            if tracker.get_slot(CARRIER) is not None:
                return [SlotSet(REQUESTED_SLOT, next_slot(tracker, {}))]
            if intent == NO_INSURANCE:
                return [SlotSet(STOP_SLOT, NO_INSURANCE), SlotSet(REQUESTED_SLOT, None)]
            if is_sure_question(intent, confidence) and not is_unsure(text):
                return [ActionExecutionRejected(FORM)]
            # A carrier that is not on the list, or "not sure": staff can check it.
            return [SlotSet(STOP_SLOT, NOT_LISTED), SlotSet(REQUESTED_SLOT, None)]
        field: Field = "plan_type" if asked == FIELD_SLOTS["plan_type"] else "state"
        value = read_field(field, text)
        if value is None:
            if is_sure_question(intent, confidence):
                return [SlotSet(asked, None), ActionExecutionRejected(FORM)]
            dispatcher.utter_message(text=FIELD_HINTS[field])
            return [SlotSet(asked, None), SlotSet(REQUESTED_SLOT, asked)]
        return [SlotSet(asked, value), SlotSet(REQUESTED_SLOT, next_slot(tracker, {asked: value}))]


class ActionAskInsuranceCarrier(Action):
    def name(self) -> str:
        return "action_ask_insurance_carrier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text=CARRIER_QUESTION, buttons=carrier_buttons())
        return []


class _AskField:
    """Asks for the plan type or the state, with the values the carrier's rows name.

    A mixin, not an Action: rasa_sdk registers every Action subclass it can instantiate.
    """

    field: Field

    def name(self) -> str:
        return f"action_ask_{FIELD_SLOTS[self.field]}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        try:
            choices = choice_labels(self.field, coverage_for(tracker))
        except SQLAlchemyError:
            choices = []
        dispatcher.utter_message(text=FIELD_QUESTIONS[self.field], buttons=field_buttons(choices))
        return []


class ActionAskInsurancePlanType(_AskField, Action):
    field: Field = "plan_type"


class ActionAskInsuranceState(_AskField, Action):
    field: Field = "state"


class ActionInsuranceResult(Action):
    """Looks the answer up and tells the rules which outcome to give."""

    def name(self) -> str:
        return "action_insurance_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        intent, _ = latest_intent(tracker)
        stop = NO_INSURANCE if intent == NO_INSURANCE else tracker.get_slot(STOP_SLOT)
        outcome = stop
        if outcome is None and tracker.get_slot(CARRIER):
            try:
                outcome = outcome_of(coverage_for(tracker))
            except SQLAlchemyError as error:
                logger.error("Could not read the insurance list: %s", type(error).__name__)
                outcome = "unknown"
        return [SlotSet(STOP_SLOT, None), SlotSet(OUTCOME_SLOT, outcome or NOT_LISTED)]


class ActionRequestVerification(Action):
    """Queues a coverage check for staff, with what is known (never a member ID)."""

    def name(self) -> str:
        return "action_request_verification"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        outcome = tracker.get_slot(OUTCOME_SLOT)
        try:
            with get_sessionmaker().begin() as session:
                request_verification(
                    session=session,
                    conversation_id=tracker.sender_id,
                    reason=outcome if outcome in VERIFICATION_REASONS else "requested",
                    resolved_carrier=tracker.get_slot(CARRIER),
                    plan_type=known(tracker.get_slot(FIELD_SLOTS["plan_type"])),
                    state=known(tracker.get_slot(FIELD_SLOTS["state"])),
                )
        except SQLAlchemyError as error:
            logger.error("Could not queue a coverage check: %s", type(error).__name__)
            return [SlotSet("verification_status", "failed")]
        return [SlotSet("verification_status", "stored")]
