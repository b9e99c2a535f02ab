"""The urgency screening over REST: questions, answers in people's words, results, storage,
and the crisis response at every question, with the action server up and with it stopped."""

import os
import uuid
from typing import Dict, List, Tuple

import pytest
import sqlalchemy as sa

from lantern.clinic import load_profile
from lantern.paths import DEFAULT_PROFILE_PATH
from lantern.screening.questions import get_question

PROFILE = load_profile(DEFAULT_PROFILE_PATH)
CRISIS_MARKER = {"data": {"lantern": "crisis"}}

# Replies that visit every question once (yes to Q2 opens Q3-Q5, yes to Q6 opens its
# follow-up) without any answer that ends the screening early.
EVERY_QUESTION: List[Tuple[str, str]] = [
    ("red_flags", "nope"),
    ("cssrs_wish_dead", "sometimes"),
    ("cssrs_suicidal_thoughts", "yeah"),
    ("cssrs_method", "not really"),
    ("cssrs_intent", "no"),
    ("cssrs_plan", "No"),
    ("cssrs_behavior", "yes"),
    ("cssrs_behavior_recent", "no, that was years ago"),
    ("substance", "crack mostly, some alcohol"),
    ("last_use", "2 days ago"),
    ("use_days_30", "like 12"),
    ("withdrawal", "mild"),
    ("craving", "pretty strong"),
    ("prior_treatment", "nah"),
    ("home_support", "my sister"),
]
CRISIS_MESSAGES = [
    "i took all my pills on purpose",
    "i just want to die tbh",
    "my boyfriend isnt breathing right after doing a line",
    "im going to kill myself tonight",
    "my chest is crushing and my left arm is numb",
    "honestly i'm thinking of ending it all",
]


def question_text(question_id: str) -> str:
    return get_question(question_id).text


def texts(replies: List[Dict]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def start(assistant, sender: str) -> List[Dict]:
    replies = assistant.send(sender, "can i take the screening?")
    assert question_text("red_flags") in texts(replies)
    return replies


def answer_up_to(assistant, sender: str, stop_before: int) -> None:
    """Start a screening and answer the questions before EVERY_QUESTION[stop_before]."""
    start(assistant, sender)
    for question_id, reply in EVERY_QUESTION[:stop_before]:
        following = assistant.send(sender, reply)
        assert question_id not in (assistant.tracker(sender)["slots"]["requested_slot"],)
        assert following, f"no reply after answering {question_id}"
    expected = EVERY_QUESTION[stop_before][0]
    assert assistant.tracker(sender)["slots"]["requested_slot"] == expected


def assert_crisis_response(assistant, sender: str, replies: List[Dict]) -> None:
    text = texts(replies)
    for number in (PROFILE.emergency.emergency, PROFILE.emergency.crisis_line):
        assert number in text, text
    assert "Suicide & Crisis Lifeline" in text
    assert any(reply.get("custom") == CRISIS_MARKER for reply in replies)
    assert "Are you safe right now?" in replies[-1].get("text", "")
    tracker = assistant.tracker(sender)
    assert tracker["active_loop"] in ({}, None) or not tracker["active_loop"].get("name")
    assert tracker["slots"]["crisis_detected"] is True
    # The crisis message was not taken as an answer to the question.
    assert not any(value in CRISIS_MESSAGES for value in tracker["slots"].values())


def test_the_whole_screening_in_peoples_words(assistant, sender) -> None:
    start(assistant, sender)
    for question_id, reply in EVERY_QUESTION:
        assert assistant.tracker(sender)["slots"]["requested_slot"] == question_id
        replies = assistant.send(sender, reply)
    result = texts(replies)
    # Yes to Q6 (behaviour ever) makes the result URGENT.
    assert "as soon as possible, today if you can" in result
    assert PROFILE.phone.intake in result
    slots = assistant.tracker(sender)["slots"]
    assert slots["screening_outcome"] == "urgent"
    assert all(slots[question_id] is None for question_id, _ in EVERY_QUESTION)


def test_the_result_is_stored_for_staff_with_an_alert(assistant, sender) -> None:
    start(assistant, sender)
    for _, reply in EVERY_QUESTION:
        assistant.send(sender, reply)
    engine = sa.create_engine(os.environ["LANTERN_DATABASE_URL"], future=True)
    with engine.connect() as connection:
        screening = connection.execute(
            sa.text(
                "SELECT tier, status, answers, reasons FROM screenings WHERE conversation_id=:c"
            ),
            {"c": sender},
        ).one()
        alerts = connection.execute(
            sa.text("SELECT kind, tier FROM staff_alerts WHERE conversation_id=:c"), {"c": sender}
        ).all()
    engine.dispose()
    assert screening.tier == "URGENT"
    assert screening.status == "completed"
    assert '"cssrs_behavior": "yes"' in screening.answers
    assert "craving" in screening.answers
    assert [tuple(alert) for alert in alerts] == [("screening", "URGENT")]


def test_a_short_routine_screening(assistant, sender) -> None:
    start(assistant, sender)
    replies: List[Dict] = []
    for reply in ["no", "no", "no", "no", "cocaine", "over a month ago", "0", "none", "none"]:
        replies = assistant.send(sender, reply)
    assert question_text("prior_treatment") in texts(replies)
    assistant.send(sender, "yes")
    result = texts(assistant.send(sender, "yes"))
    assert "Nothing you've shared needs urgent care" in result


def test_a_medical_red_flag_ends_the_screening_with_the_crisis_response(assistant, sender) -> None:
    start(assistant, sender)
    replies = assistant.send(sender, "yes")
    assert "needs help right away" in texts(replies)
    assert_crisis_response(assistant, sender, replies)
    assert assistant.tracker(sender)["slots"]["screening_outcome"] == "emergency"


def test_intent_to_act_ends_the_screening_at_once(assistant, sender) -> None:
    start(assistant, sender)
    for reply in ["no", "yes", "yes", "no"]:
        assistant.send(sender, reply)
    assert assistant.tracker(sender)["slots"]["requested_slot"] == "cssrs_intent"
    replies = assistant.send(sender, "kinda")
    assert_crisis_response(assistant, sender, replies)


def test_skip_exit_and_come_back(assistant, sender) -> None:
    start(assistant, sender)
    assistant.send(sender, "skip")
    assert assistant.tracker(sender)["slots"]["red_flags"] == "skipped"
    replies = assistant.send(sender, "exit screening")
    assert "we've stopped the screening" in texts(replies)
    slots = assistant.tracker(sender)["slots"]
    assert slots["screening_outcome"] == "exited" and slots["requested_slot"] is None
    # Starting again asks from the first question.
    start(assistant, sender)


def test_a_question_in_the_middle_is_answered_and_the_screening_goes_on(assistant, sender) -> None:
    start(assistant, sender)
    assistant.send(sender, "no")
    replies = assistant.send(sender, "wait, is ketamine addictive?")
    text = texts(replies)
    assert "addict" in text.lower()
    assert question_text("cssrs_wish_dead") in text
    replies = assistant.send(sender, "why do you need to know that")
    assert "questions our clinic asks everyone" in texts(replies)
    assert question_text("cssrs_wish_dead") in texts(replies)


def test_an_unclear_reply_gets_a_hint_and_the_same_question(assistant, sender) -> None:
    start(assistant, sender)
    replies = assistant.send(sender, "purple monkey dishwasher")
    text = texts(replies)
    assert "yes or no" in text
    assert question_text("red_flags") in text
    assert not {"STOP", "QUIT", "CANCEL", "END"} & set(text.split())


@pytest.mark.parametrize("index", range(len(EVERY_QUESTION)))
def test_a_crisis_at_every_question_gets_the_crisis_response(assistant, index: int) -> None:
    sender = f"test-{uuid.uuid4().hex}"
    answer_up_to(assistant, sender, index)
    replies = assistant.send(sender, CRISIS_MESSAGES[index % len(CRISIS_MESSAGES)])
    assert_crisis_response(assistant, sender, replies)


@pytest.fixture(scope="module")
def parked_at_every_question(assistant) -> List[str]:
    """One conversation waiting at each question, reached while the action server is up."""
    senders = []
    for index in range(len(EVERY_QUESTION)):
        sender = f"test-{uuid.uuid4().hex}"
        answer_up_to(assistant, sender, index)
        senders.append(sender)
    return senders


def test_a_crisis_at_every_question_with_the_action_server_down(
    assistant, parked_at_every_question, action_server_stopped
) -> None:
    for index, sender in enumerate(parked_at_every_question):
        replies = assistant.send(sender, CRISIS_MESSAGES[index % len(CRISIS_MESSAGES)])
        assert_crisis_response(assistant, sender, replies)
