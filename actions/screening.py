"""The urgency screening's Rasa actions: thin glue to lantern.screening and lantern.records.

Which question comes next, how a message is read and how the tier is scored are decided in
lantern/screening (tested without Rasa); these actions only move values between the tracker,
those functions and the clinic database.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Dict, List, Type

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.forms import REQUESTED_SLOT, is_fresh_reply, latest_intent
from lantern.records.engine import get_sessionmaker
from lantern.records.screenings import record_screening
from lantern.screening.prompts import question_buttons, unclear_hint
from lantern.screening.questions import QUESTIONS, SKIPPED, applicable_questions, get_question
from lantern.screening.rules import TierRules, load_tier_rules
from lantern.screening.scoring import STOPPED_EARLY, score
from lantern.screening.turn import TurnKind, read_turn

logger = logging.getLogger(__name__)

FORM = "screening_form"
STOP_SLOT = "screening_stop"
STARTED_SLOT = "screening_started_at"
OUTCOME_SLOT = "screening_outcome"
QUESTION_IDS = tuple(question.id for question in QUESTIONS)


@lru_cache(maxsize=1)
def tier_rules() -> TierRules:
    """The clinic's tier rules (clinic/screening.yml), read once per process."""
    return load_tier_rules()


def answers_in(tracker: Tracker) -> Dict[str, Any]:
    """The answers given so far in this screening."""
    return {
        question_id: tracker.get_slot(question_id)
        for question_id in QUESTION_IDS
        if tracker.get_slot(question_id) is not None
    }


def cleared_screening() -> List[EventType]:
    """Empty every answer, so the next screening starts afresh."""
    return [SlotSet(name, None) for name in (*QUESTION_IDS, STOP_SLOT)]


class ActionResetScreening(Action):
    """Starts a screening with no answers left from an earlier, interrupted one."""

    def name(self) -> str:
        return "action_reset_screening"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        started = datetime.now(timezone.utc).isoformat()
        return [*cleared_screening(), SlotSet(OUTCOME_SLOT, None), SlotSet(STARTED_SLOT, started)]


class ValidateScreeningForm(FormValidationAction):
    """Reads each reply with lantern.screening.turn and picks the next question."""

    def name(self) -> str:
        return "validate_screening_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[str]:
        return list(applicable_questions(answers_in(tracker)))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        asked = tracker.get_slot(REQUESTED_SLOT)
        answers = answers_in(tracker)
        if asked is None or not is_fresh_reply(tracker, FORM):
            # Starting, or coming back after answering a question: no reply to read, so
            # (re)ask the current question, or the first one that applies.
            first = next(iter(applicable_questions(answers)), None)
            return [SlotSet(REQUESTED_SLOT, asked or first)]
        answers.pop(asked, None)
        intent, confidence = latest_intent(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        turn = read_turn(asked, text, intent, confidence, answers, tier_rules())
        if turn.kind is TurnKind.EXIT:
            return [
                SlotSet(asked, None),
                SlotSet(STOP_SLOT, "exited"),
                SlotSet(REQUESTED_SLOT, None),
            ]
        if turn.kind is TurnKind.QUESTION:
            # Step aside: the rules answer the question, then the form asks again.
            return [SlotSet(asked, None), ActionExecutionRejected(FORM)]
        if turn.kind is TurnKind.UNCLEAR:
            dispatcher.utter_message(text=unclear_hint(asked))
            return [SlotSet(asked, None), SlotSet(REQUESTED_SLOT, asked)]
        if turn.emergency:
            return [
                SlotSet(asked, turn.value),
                SlotSet(STOP_SLOT, "emergency"),
                SlotSet(REQUESTED_SLOT, None),
            ]
        return [SlotSet(asked, turn.value), SlotSet(REQUESTED_SLOT, turn.next_question)]


class ActionScreeningResult(Action):
    """Scores the screening, stores it for staff and tells the rules which result to give."""

    def name(self) -> str:
        return "action_screening_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        answers = answers_in(tracker)
        stop = tracker.get_slot(STOP_SLOT)
        if stop == "exited":
            # Unanswered questions count as skipped, so an exit is never scored as ROUTINE.
            answers = {
                **{question_id: SKIPPED for question_id in applicable_questions(answers)},
                **answers,
            }
        result = score(answers, tier_rules())
        reasons = (*result.reasons, STOPPED_EARLY) if stop else result.reasons
        status = {"exited": "exited", "emergency": "emergency_stop"}.get(stop, "completed")
        if not self._store(tracker, status, result.tier.value, result.incomplete, reasons, answers):
            dispatcher.utter_message(
                text="I couldn't save your answers just now, so please mention them when "
                f"you call {tracker.get_slot('clinic_phone')}."
            )
        outcome = "exited" if stop == "exited" else result.tier.value.lower()
        events: List[EventType] = [*cleared_screening(), SlotSet(OUTCOME_SLOT, outcome)]
        if outcome == "emergency":
            events.append(SlotSet("crisis_detected", True))
        elif result.incomplete and outcome != "exited":
            dispatcher.utter_message(
                text="Some questions were skipped, so our team will go over them with you."
            )
        return events

    @staticmethod
    def _store(
        tracker: Tracker,
        status: str,
        tier: str,
        incomplete: bool,
        reasons: tuple[str, ...],
        answers: Dict[str, Any],
    ) -> bool:
        """Store the screening; False (and a log line without health data) if the DB is down."""
        started = tracker.get_slot(STARTED_SLOT)
        now = datetime.now(timezone.utc)
        try:
            with get_sessionmaker().begin() as session:
                record_screening(
                    session=session,
                    conversation_id=tracker.sender_id,
                    started_at=datetime.fromisoformat(started) if started else now,
                    completed_at=now,
                    status=status,
                    tier=tier,
                    incomplete=incomplete,
                    reasons=reasons,
                    answers=answers,
                )
        except SQLAlchemyError as error:
            logger.error("Could not store a screening: %s", type(error).__name__)
            return False
        return True


def _ask_action(question_id: str) -> Type[Action]:
    """The action that asks one question, with its quick replies, from the catalogue."""

    async def run(
        self: Action, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(
            text=get_question(question_id).text, buttons=question_buttons(question_id)
        )
        return []

    return type(
        f"ActionAsk_{question_id}",
        (Action,),
        {"name": lambda self: f"action_ask_{question_id}", "run": run},
    )


# rasa_sdk registers every Action subclass it finds: one asking action per question.
ASK_ACTIONS = [_ask_action(question.id) for question in QUESTIONS]
