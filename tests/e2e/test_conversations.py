"""Key conversations over REST against the running servers, asserting what the person reads."""

import sqlite3
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests

from lantern.clinic import load_profile
from lantern.paths import DEFAULT_PROFILE_PATH
from lantern.settings import get_settings

PROFILE = load_profile(DEFAULT_PROFILE_PATH)
PHONE = PROFILE.phone.intake
TOPIC_BUTTONS = {"What is ketamine therapy?", "Do you take insurance?", "Talk to a person"}


def test_first_message_opens_with_the_two_line_notice(assistant, sender) -> None:
    replies = assistant.texts(sender, "hi there")
    assert "automated assistant" in replies[0]
    assert "not for emergencies" in replies[0]
    assert "911" in replies[0] and "988" in replies[0]
    assert "42 CFR Part 2" in replies[1] and "staff" in replies[1]
    assert len(replies) >= 3, "the greeting itself follows the notice"
    # The notice is once per conversation, not once per message.
    later = assistant.texts(sender, "what is ketamine")
    assert not any("42 CFR Part 2" in text for text in later)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("wat is ketamine exactly", ["NMDA"]),
        ("what were the results of the study, how many people stayed off coke", ["48.2%", "10.7%"]),
        ("did it help people not relapse", ["0.47"]),
        ("does ketamine help with the cravings", ["58.1%"]),
        ("how many people were in that trial", ["55"]),
        ("what dose did they give in the study", ["0.5 mg/kg", "40 minutes"]),
        ("what did the control group get", ["midazolam"]),
        ("how common is cocaine addiction in the us", ["1.5 million"]),
        ("what's the difference between being dependent and being addicted", ["Dependence"]),
        ("where are your clinics", [place.name for place in PROFILE.locations]),
        ("what are your hours", [PROFILE.hours_summary()]),
        ("how do i get started", [PHONE]),
    ],
)
def test_faq_answers_quote_the_sources(assistant, sender, question: str, expected: list) -> None:
    answer = " ".join(assistant.texts(sender, question)[2:])
    for fragment in expected:
        assert fragment in answer, f"{question!r} -> {answer!r}"


def test_overdose_question_gets_the_answer_and_the_emergency_number(assistant, sender) -> None:
    answer = " ".join(assistant.texts(sender, "what are the signs of a cocaine overdose")[2:])
    assert "911" in answer
    assert "seizure" in answer.lower()


def test_clinic_details_come_from_the_profile_not_literals(assistant, sender) -> None:
    answer = " ".join(assistant.texts(sender, "can I talk to a real person please")[2:])
    assert PHONE in answer
    assert "{" not in answer, "no unfilled slot placeholder reaches the person"


def test_greeting_offers_topics_as_buttons(assistant, sender) -> None:
    replies = assistant.send(sender, "hello")
    buttons = {button["title"] for reply in replies for button in reply.get("buttons", [])}
    assert buttons >= TOPIC_BUTTONS


def test_button_payload_is_understood(assistant, sender) -> None:
    assistant.send(sender, "hello")
    answer = " ".join(assistant.texts(sender, "Do you take insurance?"))
    assert "insurance" in answer.lower()


def test_bot_question_gets_an_honest_answer(assistant, sender) -> None:
    answer = " ".join(assistant.texts(sender, "am i talking to a real human or a bot?")[2:])
    assert "automated assistant" in answer and "not a person" in answer


@pytest.mark.parametrize(
    "message",
    ["what's the weather in chicago tomorrow", "can you write me a python script"],
)
def test_out_of_scope_is_declined_honestly_with_options(assistant, sender, message: str) -> None:
    replies = assistant.send(sender, message)[2:]
    text = " ".join(reply.get("text", "") for reply in replies)
    assert "not something I can help with" in text or "not sure I understood" in text
    assert any(reply.get("buttons") for reply in replies)


def test_gibberish_gets_the_fallback_not_a_guess(assistant, sender) -> None:
    replies = assistant.send(sender, "qwzx plorb vvkk")[2:]
    assert any("not sure I understood" in reply.get("text", "") for reply in replies)


def test_drug_requests_are_declined(assistant, sender) -> None:
    answer = " ".join(assistant.texts(sender, "where can i buy some ket to do at home")[2:])
    assert "can't help with getting drugs" in answer
    assert PROFILE.emergency.samhsa_helpline in answer


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "ketamine " * 2000,
        "😭😭😭 ¿qué es la ketamina? \u200b\u202e مرحبا",
        "\x00\x01 null bytes",
        "<script>alert(1)</script>",
    ],
)
def test_odd_input_gets_a_reply_and_the_server_stays_up(assistant, sender, message: str) -> None:
    replies = assistant.send(sender, message)
    assert replies, "every message gets an answer"
    assert assistant.texts(sender, "hello"), "and the conversation goes on"


def test_broken_json_is_refused_clearly(assistant) -> None:
    response = requests.post(
        f"{assistant.url}/webhooks/rest/webhook",
        data=b'{"sender": "x", "message": ',
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400
    assert requests.get(f"{assistant.url}/", timeout=10).status_code == 200


def test_the_conversation_is_stored_in_the_tracker_store(assistant, sender) -> None:
    assistant.send(sender, "how long do the effects of an infusion last")
    url = urlparse(get_settings().tracker_db_url)
    assert url.scheme == "sqlite", "make test keeps its conversations in a SQLite file"
    with sqlite3.connect(Path(url.path)) as database:
        rows = database.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    types = [row[0] for row in rows]
    assert "user" in types and "bot" in types
    assert any("how long do the effects" in row[1] for row in rows if row[0] == "user")
