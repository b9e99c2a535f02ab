"""The hand-off over REST: asking for a call or a person, the number, consent and a good time,
the stored request, no phone number in clear text in the tracker store or the logs, and the
crisis response at every question, with the action server up and with it stopped.

During opening hours the call is placed at once; when the clinic is closed a good time to call
back is asked first. The tests that depend on which, run the action server's clock inside or
outside the clinic's hours (`clinic_hours`), whatever the hour they run at; the others accept
either.
"""

import os
import re
import secrets
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest
import sqlalchemy as sa

from lantern.clinic import load_profile
from lantern.handoff import prompts
from lantern.hours import is_open, next_window
from lantern.paths import DEFAULT_PROFILE_PATH
from lantern.phone import mask_phone, normalise_phone

PROFILE = load_profile(DEFAULT_PROFILE_PATH)
CRISIS_MARKER = {"data": {"lantern": "crisis"}}
# Fictional 555-01XX numbers in area codes across the US: a fresh one per test, so the daily
# limit of calls to one number never refuses a test.
AREA_CODES = ("212", "213", "305", "310", "312", "415", "503", "602", "617", "702", "818", "916")
# The first words of the reply a hand-off ends with, open and closed (domain/handoff.yml).
ENDINGS = {
    "calling": "We're calling you now",
    "callback_scheduled": "We're closed right now, so our intake team will call you back",
}
CRISIS_MESSAGES = [
    "i dont see the point anymore, i want to kill myself",
    "my boyfriend took a bunch of pills and wont wake up",
    "honestly i'm thinking of ending it all tonight",
]


def texts(replies: List[Dict]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def fictional_number() -> Tuple[str, str]:
    """A fictional number as a person types it, and its E.164 form."""
    area = secrets.choice(AREA_CODES)
    line = f"01{secrets.randbelow(100):02d}"
    return f"({area}) 555-{line}", normalise_phone(f"{area}555{line}")


def in_clear(e164: str) -> re.Pattern[str]:
    """The number written any usual way ("+13105550147", "310-555-0147", "555 0147")."""
    area, line = e164[2:5], e164[-4:]
    return re.compile(rf"{area}\D{{0,3}}555\D{{0,3}}{line}|555\D?{line}")


def database() -> sa.engine.Engine:
    return sa.create_engine(os.environ["LANTERN_DATABASE_URL"], future=True)


def assert_nowhere_in_clear(assistant, sender: str, e164: str) -> None:
    """Not in the tracker, the tracker store's events, or the servers' logs."""
    pattern = in_clear(e164)
    assert not pattern.search(str(assistant.tracker(sender)))
    with database().connect() as connection:
        stored = connection.execute(
            sa.text("SELECT data FROM events WHERE sender_id=:c"), {"c": sender}
        ).all()
    assert stored and not pattern.search(str(stored))
    for log in ("LANTERN_RASA_LOG", "LANTERN_ACTIONS_LOG"):
        assert not pattern.search(Path(os.environ[log]).read_text(errors="replace")), log


def handoff_requests(sender: str) -> List[Dict]:
    with database().connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT phone_e164, consent_at, preferred_time, kind, status, channel "
                "FROM handoff_requests WHERE conversation_id=:c"
            ),
            {"c": sender},
        ).mappings()
        return [dict(row) for row in rows]


def give_number(assistant, sender: str, typed: str, e164: str) -> str:
    """Answer the number question; the consent question names the masked number."""
    text = texts(assistant.send(sender, typed))
    assert mask_phone(e164) in text and "Is it okay for us to call you" in text
    return text


def moment_when(hours: str) -> datetime:
    """A moment in the middle of the clinic's next opening window, or an hour after it closes."""
    start, end = next_window(PROFILE, datetime.now(timezone.utc))
    moment = start + (end - start) / 2 if hours == "open" else end + timedelta(hours=1)
    for later in (moment, moment + timedelta(hours=1)):  # and still so while the tests run
        assert is_open(PROFILE, later) is (hours == "open"), later
    return moment


@pytest.fixture(scope="module")
def clinic_hours(request, action_server) -> Iterator[str]:
    """The action server's clock inside the clinic's opening hours ("open") or out of them."""
    action_server.run_at(moment_when(request.param))
    yield request.param
    action_server.run_at(None)


def calls_to(twilio, e164: str) -> List:
    return [call for call in twilio.calls if call["To"] == e164]


@pytest.mark.parametrize("clinic_hours", ["open"], indirect=True)
def test_while_open_the_call_is_placed_at_once(assistant, sender, twilio, clinic_hours) -> None:
    typed, e164 = fictional_number()
    text = texts(assistant.send(sender, "can someone call me?"))
    assert prompts.PHONE_QUESTION in text
    give_number(assistant, sender, typed, e164)
    text = texts(assistant.send(sender, "yes"))

    assert prompts.TIME_QUESTION not in text
    assert assistant.tracker(sender)["slots"]["handoff_status"] == "calling"
    assert ENDINGS["calling"] in text and mask_phone(e164) in text
    assert PROFILE.phone.intake in text
    [call] = calls_to(twilio, e164)
    assert f"<Number>{normalise_phone(PROFILE.phone.intake)}</Number>" in call["Twiml"]
    [request] = handoff_requests(sender)
    assert request["phone_e164"] == e164 and request["consent_at"] is not None
    assert (request["kind"], request["channel"]) == ("call", "rest")
    assert request["preferred_time"] == "as soon as possible"
    assert_nowhere_in_clear(assistant, sender, e164)


@pytest.mark.parametrize("clinic_hours", ["closed"], indirect=True)
def test_while_closed_a_time_is_asked_and_a_call_back_booked(
    assistant, sender, twilio, clinic_hours
) -> None:
    typed, e164 = fictional_number()
    assistant.send(sender, "can someone call me?")
    give_number(assistant, sender, typed, e164)
    text = texts(assistant.send(sender, "yes"))
    assert prompts.TIME_QUESTION in text
    assert assistant.tracker(sender)["slots"]["requested_slot"] == "handoff_time"
    text = texts(assistant.send(sender, "after 5"))

    assert assistant.tracker(sender)["slots"]["handoff_status"] == "callback_scheduled"
    assert ENDINGS["callback_scheduled"] in text and mask_phone(e164) in text
    assert PROFILE.phone.intake in text
    assert calls_to(twilio, e164) == []
    [request] = handoff_requests(sender)
    assert (request["kind"], request["channel"]) == ("callback", "rest")
    assert request["preferred_time"] == "after 5"
    assert_nowhere_in_clear(assistant, sender, e164)


def test_asking_for_a_person_gives_the_line_and_offers_a_call(assistant, sender) -> None:
    replies = assistant.send(sender, "i want to talk to a real person")
    text = texts(replies)
    assert PROFILE.phone.intake in text and "intake team" in text  # utter_request_human
    assert prompts.PHONE_QUESTION in text
    assert assistant.tracker(sender)["active_loop"].get("name") == "handoff_form"
    text = texts(assistant.send(sender, "no thanks"))
    assert "we won't call" in text and PROFILE.phone.intake in text
    assert handoff_requests(sender) == []


def test_no_consent_ends_politely_and_nothing_is_requested(assistant, sender) -> None:
    typed, e164 = fictional_number()
    assistant.send(sender, "call me back pls")
    give_number(assistant, sender, typed, e164)
    text = texts(assistant.send(sender, "no"))
    assert "we won't call" in text and PROFILE.phone.intake in text
    assert assistant.tracker(sender)["slots"]["handoff_status"] == "declined"
    assert handoff_requests(sender) == []
    assert_nowhere_in_clear(assistant, sender, e164)


def test_a_bad_number_gets_the_reason_and_the_question_again(assistant, sender) -> None:
    assistant.send(sender, "can someone call me?")
    text = texts(assistant.send(sender, "555 0147"))
    assert "area code" in text
    assert prompts.PHONE_QUESTION in text
    assert assistant.tracker(sender)["slots"]["requested_slot"] == "handoff_phone"


def test_a_question_in_the_middle_is_answered_and_the_hand_off_goes_on(assistant, sender) -> None:
    typed, e164 = fictional_number()
    assistant.send(sender, "can someone call me?")
    text = texts(assistant.send(sender, "is this chat private?"))
    assert "42 CFR Part 2" in text
    assert prompts.PHONE_QUESTION in text
    give_number(assistant, sender, typed, e164)
    assert_nowhere_in_clear(assistant, sender, e164)


def test_asking_for_a_person_inside_the_screening_gives_the_line_only(assistant, sender) -> None:
    assistant.send(sender, "can i take the screening?")
    text = texts(assistant.send(sender, "can i talk to an actual person?"))
    assert PROFILE.phone.intake in text
    assert prompts.PHONE_QUESTION not in text
    assert assistant.tracker(sender)["active_loop"].get("name") == "screening_form"


def park(assistant, answers: List[str], typed: str) -> str:
    """A conversation waiting at a question of the hand-off form."""
    sender = f"test-{uuid.uuid4().hex}"
    assistant.send(sender, "can someone call me?")
    for answer in answers:
        assistant.send(sender, typed if answer == "<number>" else answer)
    return sender


QUESTIONS = [
    ([], "handoff_phone"),
    (["<number>"], "handoff_consent"),
    (["<number>", "yes"], "handoff_time"),
]


# Closed: the form asks all three questions.
@pytest.mark.parametrize("clinic_hours", ["closed"], indirect=True)
@pytest.mark.parametrize("message", CRISIS_MESSAGES)
@pytest.mark.parametrize(("answers", "waiting_for"), QUESTIONS)
def test_a_crisis_at_each_question_gets_the_crisis_response(
    assistant, answers, waiting_for, message, clinic_hours
) -> None:
    typed, e164 = fictional_number()
    sender = park(assistant, answers, typed)
    assert assistant.tracker(sender)["slots"]["requested_slot"] == waiting_for
    replies = assistant.send(sender, message)
    assert any(reply.get("custom") == CRISIS_MARKER for reply in replies)
    assert "Are you safe right now?" in replies[-1].get("text", "")
    tracker = assistant.tracker(sender)
    assert not tracker["active_loop"].get("name")
    assert tracker["slots"][waiting_for] is None  # the crisis message was not an answer
    assert handoff_requests(sender) == []
    if answers:
        assert_nowhere_in_clear(assistant, sender, e164)


def test_after_a_crisis_the_button_offers_the_call_again(assistant, sender) -> None:
    assistant.send(sender, "can someone call me?")
    replies = assistant.send(sender, CRISIS_MESSAGES[0])
    assert any(
        reply.get("title") == "Please have someone call me"
        for reply in replies[-1].get("buttons", [])
    )
    text = texts(assistant.send(sender, "/request_human"))
    assert PROFILE.phone.intake in text and prompts.PHONE_QUESTION in text
    assert assistant.tracker(sender)["active_loop"].get("name") == "handoff_form"


@pytest.fixture(scope="module")
def parked_at_every_question(assistant, clinic_hours) -> List[Tuple[str, str]]:
    """Conversations waiting at each of the form's questions (action server up, closed)."""
    parked = []
    for answers, waiting_for in QUESTIONS:
        typed, e164 = fictional_number()
        sender = park(assistant, answers, typed)
        assert assistant.tracker(sender)["slots"]["requested_slot"] == waiting_for
        parked.append((sender, e164))
    return parked


@pytest.mark.parametrize("clinic_hours", ["closed"], indirect=True)
def test_a_crisis_inside_the_hand_off_with_the_action_server_down(
    assistant, parked_at_every_question, action_server_stopped
) -> None:
    for index, (sender, _e164) in enumerate(parked_at_every_question):
        message = CRISIS_MESSAGES[index % len(CRISIS_MESSAGES)]
        replies = assistant.send(sender, message)
        assert any(reply.get("custom") == CRISIS_MARKER for reply in replies), sender
        assert "Are you safe right now?" in replies[-1].get("text", "")
        assert not assistant.tracker(sender)["active_loop"].get("name")


@pytest.mark.parametrize("clinic_hours", ["closed"], indirect=True)
def test_the_parked_conversations_kept_no_number_in_clear(
    assistant, parked_at_every_question
) -> None:
    for sender, e164 in parked_at_every_question:
        assert_nowhere_in_clear(assistant, sender, e164)
