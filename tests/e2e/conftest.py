"""Live checks: talk to the Rasa and action servers that `make test` starts once for all."""

import os
import uuid
from dataclasses import dataclass
from typing import Any, Dict, List

import pytest
import requests


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
