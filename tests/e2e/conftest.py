"""Live checks: talk to the Rasa and action servers that `make test` starts once for all."""

import json
import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import requests

from lantern.paths import PROJECT_ROOT

RESTARTED: List[subprocess.Popen] = []


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.live)


@dataclass
class Assistant:
    """The assistant as a person meets it over the REST channel."""

    url: str
    token: str

    def send(self, sender: str, message: str) -> List[Dict[str, Any]]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return list(response.json())

    def texts(self, sender: str, message: str) -> List[str]:
        return [reply.get("text", "") for reply in self.send(sender, message)]

    def tracker(self, sender: str) -> Dict[str, Any]:
        response = requests.get(
            f"{self.url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=30
        )
        response.raise_for_status()
        return dict(response.json())


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    url = os.environ.get("LANTERN_RASA_URL")
    if not url:
        pytest.fail(
            "LANTERN_RASA_URL is not set: the live tests run against the servers `make test` "
            "starts (scripts/servers.py exec -- pytest -m live)."
        )
    return Assistant(url=url, token=os.environ.get("LANTERN_RASA_API_TOKEN", ""))


@pytest.fixture
def sender() -> str:
    """A fresh conversation for each test."""
    return f"test-{uuid.uuid4().hex}"


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


@pytest.fixture(scope="session", autouse=True)
def twilio() -> Iterator[Any]:
    """Twilio's API for the whole live run: the stand-in, where `make test` points the servers.

    scripts/test.sh sets LANTERN_TWILIO_API_BASE and the stand-in's account for the servers;
    without it (servers pointed at nothing) the live tests cannot check what Twilio was asked.
    """
    from tests.twilio_standin import TwilioStandIn

    base = os.environ.get("LANTERN_TWILIO_API_BASE")
    if not base:
        pytest.fail("LANTERN_TWILIO_API_BASE is not set: run the live tests through `make test`")
    port = int(base.rsplit(":", 1)[1])
    with TwilioStandIn.running(port) as standin:
        yield standin
