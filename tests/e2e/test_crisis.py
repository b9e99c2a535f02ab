"""The crisis safety net over REST, with the action server up and with it stopped."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Iterator, List

import pytest
import requests

from lantern.clinic import load_profile
from lantern.paths import DEFAULT_PROFILE_PATH, PROJECT_ROOT

PROFILE = load_profile(DEFAULT_PROFILE_PATH)
CRISIS_LINES = [
    PROFILE.emergency.emergency,
    PROFILE.emergency.crisis_line,
    PROFILE.emergency.poison_control,
    PROFILE.emergency.samhsa_helpline,
    PROFILE.phone.intake,
]
CRISIS_MARKER = {"data": {"lantern": "crisis"}}
RESTARTED: List[subprocess.Popen] = []


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


@pytest.fixture(scope="session", autouse=True)
def _stop_restarted_action_servers() -> Iterator[None]:
    yield
    for process in RESTARTED:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


@pytest.fixture
def action_server_stopped() -> Iterator[None]:
    """Stops the action server for one test, then starts it again for the tests after."""
    pid = os.environ.get("LANTERN_ACTIONS_PID")
    command = os.environ.get("LANTERN_ACTIONS_CMD")
    health = f"{os.environ.get('LANTERN_ACTIONS_URL')}/health"
    if not (pid and command):
        pytest.fail("run through `make test`, which starts the servers (scripts/servers.py exec)")
    os.killpg(int(pid), signal.SIGTERM)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _answers(health):
        time.sleep(0.2)
    assert not _answers(health), "the action server should be down for this test"
    yield
    log = open(Path(os.environ["LANTERN_ACTIONS_LOG"]).with_suffix(".restart.log"), "wb")  # noqa: SIM115
    process = subprocess.Popen(
        json.loads(command),
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    RESTARTED.append(process)
    os.environ["LANTERN_ACTIONS_PID"] = str(process.pid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _answers(health):
        time.sleep(0.5)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_a_crisis_is_answered_with_the_action_server_down(
    assistant, sender, action_server_stopped
) -> None:
    replies = assistant.send(sender, "i'm going to end it all tonight")
    text = crisis_reply(replies)
    for number in CRISIS_LINES:
        assert number in text
    assert "Are you safe right now?" in replies[-1].get("text", "")
