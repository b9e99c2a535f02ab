"""Live checks: talk to the Rasa and action servers that `make test` starts once for all."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
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
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


class ActionServer:
    """The action server `make test` started, which some tests stop or run at another moment.

    A restarted server keeps the moment it was last given, so a test that stops it in the middle
    of a group of tests run at a chosen moment brings it back at that moment.
    """

    def __init__(self) -> None:
        self.moment: datetime | None = None

    @staticmethod
    def _health() -> str:
        return f"{os.environ.get('LANTERN_ACTIONS_URL')}/health"

    def stop(self) -> None:
        pid = os.environ.get("LANTERN_ACTIONS_PID")
        if not (pid and os.environ.get("LANTERN_ACTIONS_CMD")):
            pytest.fail("run through `make test`: it starts the servers (scripts/servers.py exec)")
        os.killpg(int(pid), signal.SIGTERM)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _answers(self._health()):
            time.sleep(0.2)
        assert not _answers(self._health()), "the action server should be down"

    def start(self) -> None:
        command = json.loads(os.environ["LANTERN_ACTIONS_CMD"])
        if self.moment is not None:
            clock = [sys.executable, "-m", "tests.e2e.shifted_clock", self.moment.isoformat()]
            command = [*clock, "--", *command]
        # The same log as the first server's, so the checks that read it see every line.
        with open(os.environ["LANTERN_ACTIONS_LOG"], "ab") as log:
            process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        RESTARTED.append(process)
        os.environ["LANTERN_ACTIONS_PID"] = str(process.pid)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not _answers(self._health()):
            assert process.poll() is None, "the action server exited: see LANTERN_ACTIONS_LOG"
            time.sleep(0.5)
        assert _answers(self._health()), "the action server did not come back"

    def run_at(self, moment: datetime | None) -> None:
        """Restart the server with its clock at `moment` (None: the real time)."""
        self.stop()
        self.moment = moment
        self.start()


@pytest.fixture(scope="session")
def action_server() -> ActionServer:
    return ActionServer()


@pytest.fixture
def action_server_stopped(action_server: ActionServer) -> Iterator[None]:
    """Stops the action server for one test, then starts it again for the tests after."""
    action_server.stop()
    yield
    action_server.start()


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
