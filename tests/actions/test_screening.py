"""The screening's actions, called as the action server calls them (no Rasa server needed)."""

from typing import Any, Dict, List

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.screening import ASK_ACTIONS, ValidateScreeningForm
from lantern.paths import PROJECT_ROOT
from lantern.screening.questions import QUESTIONS, get_question


def tracker_at(
    requested: str | None,
    text: str,
    intent: str,
    answers: Dict[str, Any] | None = None,
    since_message: tuple[str, ...] = ("screening_form",),
) -> Tracker:
    slots = {"requested_slot": requested, **(answers or {})}
    message = {"text": text, "intent": {"name": intent, "confidence": 0.95}}
    events = [
        {"event": "action", "name": "screening_form"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text},
        *({"event": "action", "name": name} for name in since_message),
    ]
    return Tracker(
        "someone",
        slots,
        message,
        events,
        False,
        None,
        {"name": "screening_form"},
        since_message[-1],
    )


async def validate(tracker: Tracker) -> tuple[List[Dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await ValidateScreeningForm().run(dispatcher, tracker, {})
    return events, dispatcher


def slots_set(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def test_the_forms_slots_are_the_catalogue_in_its_order() -> None:
    domain = yaml.safe_load((PROJECT_ROOT / "domain" / "screening.yml").read_text())
    required = domain["forms"]["screening_form"]["required_slots"]
    assert required == [question.id for question in QUESTIONS]
    assert {f"action_ask_{q.id}" for q in QUESTIONS} <= set(domain["actions"])


async def test_the_first_question_on_start() -> None:
    events, _ = await validate(tracker_at(None, "can i take the screening", "start_screening"))
    assert slots_set(events) == {"requested_slot": "red_flags"}


async def test_an_answer_moves_to_the_next_question_that_applies() -> None:
    answers = {"red_flags": "no", "cssrs_wish_dead": "no"}
    events, _ = await validate(tracker_at("cssrs_suicidal_thoughts", "nah", "deny", answers))
    assert slots_set(events) == {
        "cssrs_suicidal_thoughts": "no",
        "requested_slot": "cssrs_behavior",
    }


async def test_an_emergency_answer_ends_the_form() -> None:
    events, _ = await validate(tracker_at("red_flags", "yes", "affirm"))
    assert slots_set(events) == {
        "red_flags": "yes",
        "screening_stop": "emergency",
        "requested_slot": None,
    }


async def test_exit_screening_ends_the_form() -> None:
    events, _ = await validate(tracker_at("craving", "exit screening", "exit_screening"))
    assert slots_set(events)["screening_stop"] == "exited"
    assert slots_set(events)["requested_slot"] is None


async def test_a_question_steps_aside_for_the_rules() -> None:
    events, _ = await validate(tracker_at("craving", "is ketamine addictive?", "safety"))
    assert events[-1]["event"] == "action_execution_rejected"
    assert slots_set(events) == {"craving": None}


async def test_an_unclear_reply_gets_a_hint_and_the_same_question() -> None:
    events, dispatcher = await validate(tracker_at("red_flags", "purple", "nlu_fallback"))
    assert slots_set(events) == {"red_flags": None, "requested_slot": "red_flags"}
    assert "yes or no" in dispatcher.messages[0]["text"]


async def test_coming_back_after_a_question_asks_the_same_question_again() -> None:
    tracker = tracker_at(
        "craving",
        "is ketamine addictive?",
        "safety",
        since_message=("utter_safety", "screening_form"),
    )
    events, _ = await validate(tracker)
    assert slots_set(events) == {"requested_slot": "craving"}


async def test_each_question_is_asked_with_its_buttons() -> None:
    for action_class in ASK_ACTIONS:
        action = action_class()
        question_id = action.name().removeprefix("action_ask_")
        dispatcher = CollectingDispatcher()
        await action.run(dispatcher, tracker_at(question_id, "", "greet"), {})
        [message] = dispatcher.messages
        assert message["text"] == get_question(question_id).text
        assert {"title": "Skip", "payload": "skip"} in message["buttons"]
