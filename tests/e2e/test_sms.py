"""The SMS channel over the trained model: signed Twilio webhooks to the running Rasa server.

The servers run with the stand-in's Twilio account (scripts/test.sh); each test texts from a
fresh fictional number, so keywords and opt-outs of one test do not reach another.
"""

import os
import re
import secrets
import uuid
from html import unescape
from typing import Dict, List

import pytest
import sqlalchemy as sa

from lantern.clinic import load_profile
from lantern.paths import DEFAULT_PROFILE_PATH
from tests.twilio_standin import post_form, sign

PROFILE = load_profile(DEFAULT_PROFILE_PATH)


AREA_CODES = ("415", "602", "702", "310", "213", "818", "480", "928", "725", "424")
USED: set = set()


def fresh_number() -> str:
    """A fictional 555-01XX number not used before in this run (the test database is new)."""
    while True:
        number = f"+1{secrets.choice(AREA_CODES)}555{100 + secrets.randbelow(100):04d}"
        if number not in USED:
            USED.add(number)
            return number


@pytest.fixture
def number() -> str:
    return fresh_number()


def webhook_url() -> str:
    return f"{os.environ['LANTERN_PUBLIC_URL']}/webhooks/twilio_sms/webhook"


def text(number: str, body: str, **extra: str) -> tuple[int, str]:
    """Text the clinic as Twilio delivers it: a signed form to the webhook."""
    form: Dict[str, str] = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": os.environ["TWILIO_ACCOUNT_SID"],
        "From": number,
        "To": os.environ["TWILIO_FROM_NUMBER"],
        "Body": body,
        "NumMedia": "0",
        **extra,
    }
    url = webhook_url()
    local = url.replace(os.environ["LANTERN_PUBLIC_URL"], os.environ["LANTERN_RASA_URL"])
    return post_form(local, form, sign(url, form, os.environ["TWILIO_AUTH_TOKEN"]), timeout=30)


def messages(twiml: str) -> List[str]:
    return [unescape(m) for m in re.findall(r"<Message>(.*?)</Message>", twiml, re.S)]


def test_a_question_by_text_is_answered_in_sms_sized_parts(number: str) -> None:
    status, twiml = text(number, "what is ketamine?")
    assert status == 200
    parts = messages(twiml)
    assert any("dissociative" in part for part in parts)
    assert any("not for emergencies" in part for part in parts)  # the opening notice
    assert all(len(part) <= 160 for part in parts)


def test_a_crisis_by_text_gets_the_crisis_lines(number: str) -> None:
    _, twiml = text(number, "i want to kill myself")
    body = " ".join(messages(twiml))
    for line in ("911", "988", PROFILE.phone.intake):
        assert line in body


def test_buttons_become_numbered_choices_and_a_number_picks_one(number: str) -> None:
    _, twiml = text(number, "hi")
    body = " ".join(messages(twiml))
    assert "Reply 1 for" in body
    _, twiml = text(number, "1")  # "What is ketamine therapy?"
    assert any("dissociative" in part for part in messages(twiml))


def test_a_badly_signed_webhook_is_refused(number: str) -> None:
    form = {"MessageSid": "SM" + uuid.uuid4().hex, "From": number, "Body": "hi"}
    url = webhook_url().replace(os.environ["LANTERN_PUBLIC_URL"], os.environ["LANTERN_RASA_URL"])
    assert post_form(url, form, "not-a-signature")[0] == 403
    assert post_form(url, form, None)[0] == 403


def test_keywords_stop_help_start(number: str) -> None:
    _, twiml = text(number, "HELP")
    help_text = " ".join(messages(twiml))
    assert PROFILE.phone.intake in help_text and "988" in help_text and "911" in help_text
    _, twiml = text(number, "STOP")
    assert messages(twiml) == []
    _, twiml = text(number, "what is ketamine?")
    assert messages(twiml) == []  # opted out: nothing more is sent
    _, twiml = text(number, "START")
    _, twiml = text(number, "what is ketamine?")
    assert any("dissociative" in part for part in messages(twiml))


def test_a_crisis_in_the_middle_of_the_hand_off_by_text(number: str) -> None:
    _, twiml = text(number, "can someone call me?")
    assert "texting from" in " ".join(messages(twiml))
    _, twiml = text(number, "honestly i dont want to be alive anymore")
    body = " ".join(messages(twiml))
    assert "988" in body and "Are you safe right now?" in body


def test_the_number_is_nowhere_in_the_stored_conversations_or_logs(number: str) -> None:
    text(number, "hi, what are your hours?")
    text(number, f"my number is {number}, call me back")
    digits = number[-10:]
    pattern = re.compile(rf"{digits[:3]}\D{{0,3}}{digits[3:6]}\D{{0,3}}{digits[6:]}")
    engine = sa.create_engine(os.environ["LANTERN_DATABASE_URL"], future=True)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT sender_id, data FROM events")).all()
    engine.dispose()
    assert rows
    assert not any(pattern.search(f"{row.sender_id} {row.data}") for row in rows)
    for log in ("LANTERN_RASA_LOG", "LANTERN_ACTIONS_LOG"):
        with open(os.environ[log], errors="replace") as handle:
            assert not pattern.search(handle.read())


@pytest.fixture(scope="module")
def texting_mid_hand_off() -> List[str]:
    """Numbers whose conversation waits at the hand-off's first question (action server up)."""
    numbers = [fresh_number() for _ in range(2)]
    for number in numbers:
        _, twiml = text(number, "can someone call me back?")
        assert "texting from" in " ".join(messages(twiml))
    return numbers


def test_a_crisis_mid_hand_off_by_text_with_the_action_server_down(
    texting_mid_hand_off, action_server_stopped
) -> None:
    for number, crisis in zip(
        texting_mid_hand_off,
        ["i took a whole bottle of pills", "my husband is threatening to kill me"],
        strict=True,
    ):
        _, twiml = text(number, crisis)
        body = " ".join(messages(twiml))
        assert "911" in body and "Are you safe right now?" in body
