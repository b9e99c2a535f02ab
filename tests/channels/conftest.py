"""The SMS channel's blueprints in a small Sanic app on a real port, with a stand-in for Rasa.

No model is needed: `on_new_message` is a stub that records what Rasa would receive and
answers with whatever the test sets (text, buttons, a delay, an error).
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Dict, List, Mapping, Tuple

import aiohttp
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from channels.twilio_sms import TwilioSmsInput, TwilioVoiceStatusInput
from lantern.clinic import load_profile
from lantern.paths import DEFAULT_PROFILE_PATH
from lantern.records.engine import dispose_engines, get_sessionmaker
from lantern.records.migrate import upgrade
from lantern.settings import Settings, sqlite_url
from tests import twilio_standin as standin
from tests.twilio_standin import TwilioStandIn, sign

twilio_standin = standin.twilio_standin  # the stand-in's pytest fixture

PERSON = "+13105550147"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class FakeRasa:
    """Answers like Rasa would: `replies` sent to the output channel after `delay` seconds."""

    replies: List[Dict[str, Any]] = field(default_factory=lambda: [{"text": "Echo."}])
    delay: float = 0.0
    error: Exception | None = None
    received: List[UserMessage] = field(default_factory=list)
    echo: bool = False

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.error is not None:
            raise self.error
        assert message.output_channel is not None
        if self.echo:
            await message.output_channel.send_text_message(
                message.sender_id or "", f"You said: {message.text}"
            )
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id or "", dict(reply))


@dataclass
class Harness:
    base_url: str
    settings: Settings
    rasa: FakeRasa
    channel: TwilioSmsInput
    twilio: TwilioStandIn
    http: aiohttp.ClientSession
    counter: int = 0

    @property
    def webhook(self) -> str:
        return f"{self.base_url}/webhooks/twilio_sms/webhook"

    def form(self, body: str, sender: str = PERSON, **extra: str) -> Dict[str, str]:
        self.counter += 1
        values = {
            "MessageSid": f"SM{uuid.uuid4().hex}",
            "AccountSid": self.settings.twilio_account_sid,
            "From": sender,
            "To": self.settings.twilio_from_number,
            "Body": body,
            "NumMedia": "0",
        }
        values.update(extra)
        return values

    async def post(
        self, url: str, params: Mapping[str, str], signature: str | None = None
    ) -> Tuple[int, str]:
        headers = {"X-Twilio-Signature": signature if signature is not None else sign(url, params)}
        async with self.http.post(url, data=dict(params), headers=headers) as response:
            return response.status, await response.text()

    async def text(self, body: str, **extra: str) -> Tuple[int, str]:
        """Send a signed incoming SMS; returns (status, TwiML)."""
        return await self.post(self.webhook, self.form(body, **extra))


@pytest.fixture
async def sms(
    tmp_path: Path, twilio_standin: TwilioStandIn, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Harness]:
    # Sanic rewrites its protocol's methods when an app starts; in test mode it keeps the
    # originals, so a second app in the same process can start too.
    monkeypatch.setattr(Sanic, "test_mode", True)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    database_url = sqlite_url(tmp_path / "lantern.db")
    upgrade(database_url)
    settings = twilio_standin.settings(
        public_url=base_url, database_url=database_url, sms_reply_budget_seconds=0.5
    )
    profile = load_profile(DEFAULT_PROFILE_PATH)
    sessions = get_sessionmaker(database_url)
    channel = TwilioSmsInput(settings=settings, profile=profile, sessions=sessions)
    voice = TwilioVoiceStatusInput(settings=settings, sessions=sessions)
    rasa = FakeRasa()
    app = Sanic(f"lantern_sms_test_{uuid.uuid4().hex[:8]}")
    app.blueprint(channel.blueprint(rasa), url_prefix="/webhooks/twilio_sms")
    app.blueprint(voice.blueprint(rasa), url_prefix="/webhooks/twilio_voice")
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    assert server is not None
    await server.startup()
    await server.before_start()
    await server.after_start()
    async with aiohttp.ClientSession() as http:
        yield Harness(base_url, settings, rasa, channel, twilio_standin, http)
    await server.before_stop()
    server.close()
    await server.wait_closed()
    await server.after_stop()
    dispose_engines()
