"""The crisis safety net over REST, with the action server up and with it stopped."""

import os

import pytest
import requests
import sqlalchemy as sa

from lantern.clinic import load_profile
from lantern.paths import DEFAULT_PROFILE_PATH

PROFILE = load_profile(DEFAULT_PROFILE_PATH)
CRISIS_LINES = [
    PROFILE.emergency.emergency,
    PROFILE.emergency.crisis_line,
    PROFILE.emergency.poison_control,
    PROFILE.emergency.samhsa_helpline,
    PROFILE.phone.intake,
]
CRISIS_MARKER = {"data": {"lantern": "crisis"}}


def crisis_reply(replies: list) -> str:
    return " ".join(
        r.get("text", "") for r in replies if "Suicide & Crisis Lifeline" in r.get("text", "")
    )


@pytest.mark.parametrize(
    "message",
    [
        "i want to kill myself",
        "my son says he wants to end his life",
        "my girlfriend took way too much and she wont wake up",
        "my chest hurts so bad after those lines i can barely breathe",
    ],
)
def test_a_crisis_gets_every_line_and_the_safety_question(assistant, sender, message) -> None:
    replies = assistant.send(sender, message)
    text = crisis_reply(replies)
    for number in CRISIS_LINES:
        assert number in text, f"{number} missing from {text!r}"
    assert any(r.get("custom") == CRISIS_MARKER for r in replies), "the widget's marker"
    assert "Are you safe right now?" in replies[-1].get("text", "")
    assert {b["payload"] for b in replies[-1]["buttons"]} >= {"/affirm", "/deny", "/request_human"}


def test_the_crisis_is_flagged_on_the_conversation_only(assistant, sender) -> None:
    assistant.send(sender, "i dont want to be alive anymore")
    assert assistant.tracker(sender)["slots"]["crisis_detected"] is True
    other = f"{sender}-other"
    assistant.send(other, "what is ketamine")
    assert assistant.tracker(other)["slots"]["crisis_detected"] is False


def test_the_matcher_layer_is_recorded_in_the_parse(assistant) -> None:
    response = requests.post(
        f"{assistant.url}/model/parse",
        params={"token": assistant.token},
        json={"text": "kms"},
        timeout=30,
    )
    parsed = response.json()
    assert parsed["intent"] == {"name": "crisis", "confidence": 1.0}
    assert parsed["crisis"]["layer"] == "matcher"


def test_abuse_gets_its_own_lines(assistant, sender) -> None:
    replies = assistant.send(sender, "my stepdad hits me and i'm scared to go home")
    text = " ".join(r.get("text", "") for r in replies)
    assert PROFILE.emergency.childhelp_hotline in text
    assert PROFILE.emergency.domestic_violence_hotline in text
    assert any(r.get("custom") == CRISIS_MARKER for r in replies)


@pytest.mark.parametrize(
    "message",
    [
        "what are the signs of a cocaine overdose",
        "this craving is killing me, what helps with withdrawal",
        "i'm dying to know if you take insurance",
    ],
)
def test_look_alikes_get_their_answer_not_the_alarm(assistant, sender, message) -> None:
    replies = assistant.send(sender, message)
    assert not any(r.get("custom") == CRISIS_MARKER for r in replies), replies
    assert assistant.tracker(sender)["slots"]["crisis_detected"] is False


def test_not_safe_gets_the_emergency_numbers_again(assistant, sender) -> None:
    assistant.send(sender, "i want to die")
    replies = assistant.send(sender, "/deny")
    text = " ".join(r.get("text", "") for r in replies)
    assert PROFILE.emergency.emergency in text and PROFILE.emergency.crisis_line in text


def test_a_crisis_is_answered_with_the_action_server_down(
    assistant, sender, action_server_stopped
) -> None:
    replies = assistant.send(sender, "i'm going to end it all tonight")
    text = crisis_reply(replies)
    for number in CRISIS_LINES:
        assert number in text
    assert "Are you safe right now?" in replies[-1].get("text", "")


def test_the_crisis_is_recorded_for_the_staff_queue_once(assistant, sender) -> None:
    assistant.send(sender, "i cant do this anymore, i want to kill myself")
    assistant.send(sender, "/deny")
    engine = sa.create_engine(os.environ["LANTERN_DATABASE_URL"], future=True)
    with engine.connect() as connection:
        events = connection.execute(
            sa.text("SELECT layer, category, channel FROM crisis_events WHERE conversation_id=:c"),
            {"c": sender},
        ).all()
        alerts = connection.execute(
            sa.text("SELECT kind, reference FROM staff_alerts WHERE conversation_id=:c"),
            {"c": sender},
        ).all()
    engine.dispose()
    assert [(e.layer, e.category, e.channel) for e in events] == [("matcher", "suicide", "rest")]
    assert [a.kind for a in alerts] == ["crisis"] and len(alerts[0].reference) >= 8
