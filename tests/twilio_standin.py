"""A local stand-in for Twilio's REST API that the real `twilio` SDK talks to over HTTP.

It answers `POST /2010-04-01/Accounts/{sid}/Calls.json` and `/Messages.json` with Twilio-shaped
JSON, checks the account's Basic auth (20003 otherwise), records every request's form fields,
returns Twilio's errors on demand, and sends status callbacks signed the way Twilio signs them.

    with TwilioStandIn.running() as twilio:
        settings = twilio.settings(public_url="http://127.0.0.1:5005")
        ...
        twilio.fail_next("21211")
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List, Mapping, Tuple

import pytest
from twilio.request_validator import RequestValidator

from lantern.settings import Settings

ACCOUNT_SID = "AC" + "0" * 31 + "1"
AUTH_TOKEN = "standin-auth-token-0123456789abcdef"  # noqa: S105 (a test token)
FROM_NUMBER = "+18335550100"

# Twilio's errors as the API returns them: (HTTP status, message).
ERRORS: Dict[str, Tuple[int, str]] = {
    "21211": (400, "The 'To' number is not a valid phone number."),
    "21610": (400, "Attempt to send to unsubscribed recipient"),
    "20003": (401, "Authenticate"),
    "20429": (429, "Too Many Requests"),
    "500": (500, "Internal Server Error"),
    "503": (503, "Service Unavailable"),
}
_RESOURCE = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/]+)/(?P<kind>Calls|Messages)\.json$")


def sign(url: str, params: Mapping[str, str], auth_token: str = AUTH_TOKEN) -> str:
    """The X-Twilio-Signature Twilio would send for this URL and form."""
    return str(RequestValidator(auth_token).compute_signature(url, dict(params)))


def post_form(
    url: str, params: Mapping[str, str], signature: str | None = None, timeout: float = 10
) -> Tuple[int, str]:
    """POST a form (as Twilio posts webhooks and callbacks); returns (status, body)."""
    body = urllib.parse.urlencode(params).encode()
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    if signature is not None:
        request.add_header("X-Twilio-Signature", signature)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()


@dataclass
class Recorded:
    """One API request the SDK made."""

    kind: str  # "Calls" or "Messages"
    account: str
    fields: Dict[str, List[str]]
    sid: str | None = None

    def __getitem__(self, name: str) -> str:
        return self.fields[name][0]

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self.fields.get(name)
        return values[0] if values else default


@dataclass
class TwilioStandIn:
    """The server's state: what it was asked, and what it should answer next."""

    base_url: str = ""
    requests: List[Recorded] = field(default_factory=list)
    failures: List[str] = field(default_factory=list)
    delay_seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- what tests use ------------------------------------------------------------------------

    def fail_next(self, *codes: str) -> None:
        """Answer the next requests with these errors ("21211", "20003", "500", "timeout")."""
        with self._lock:
            self.failures.extend(codes)

    def settings(self, **overrides: Any) -> Settings:
        """Lantern settings pointed at this stand-in (override any field by name)."""
        values: Dict[str, Any] = {
            "twilio_account_sid": ACCOUNT_SID,
            "twilio_auth_token": AUTH_TOKEN,
            "twilio_from_number": FROM_NUMBER,
            "twilio_api_base": self.base_url,
            "twilio_timeout_seconds": 2.0,
            "phone_hash_key": "test-phone-hash-key",
        }
        values.update(overrides)
        return Settings(**values)

    @property
    def calls(self) -> List[Recorded]:
        return [each for each in self.requests if each.kind == "Calls"]

    @property
    def messages(self) -> List[Recorded]:
        return [each for each in self.requests if each.kind == "Messages"]

    def wait_for_messages(self, count: int, timeout: float = 10) -> List[Recorded]:
        """The recorded texts once there are `count` of them (slow replies arrive later)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    def send_status_callback(
        self, url: str, params: Mapping[str, str], auth_token: str = AUTH_TOKEN
    ) -> Tuple[int, str]:
        """POST a status callback to `url`, signed as Twilio signs it."""
        full = {"AccountSid": ACCOUNT_SID, **params}
        return post_form(url, full, sign(url, full, auth_token))

    # -- the server ----------------------------------------------------------------------------

    def _answer(self, path: str, form: Dict[str, List[str]], auth: str | None) -> Tuple[int, Any]:
        match = _RESOURCE.match(path)
        if match is None:
            return 404, {"code": 20404, "message": "The requested resource was not found"}
        kind, account = match["kind"], match["account"]
        record = Recorded(kind=kind, account=account, fields=form)
        with self._lock:
            self.requests.append(record)
            failure = self.failures.pop(0) if self.failures else None
        expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        if auth != expected or account != ACCOUNT_SID:
            failure = "20003"
        if failure == "timeout":
            time.sleep(5)
            failure = "503"
        if failure is not None:
            status, message = ERRORS[failure]
            code = int(failure) if len(failure) == 5 else None
            return status, {
                "code": code,
                "message": message,
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            }
        prefix = "CA" if kind == "Calls" else "SM"
        record.sid = prefix + secrets.token_hex(16)
        to, sender = record.get("To"), record.get("From")
        common = {
            "sid": record.sid,
            "account_sid": account,
            "to": to,
            "from": sender,
            "status": "queued",
            "date_created": "Sun, 22 Nov 2026 10:00:00 +0000",
            "uri": f"/2010-04-01/Accounts/{account}/{kind}/{record.sid}.json",
        }
        if kind == "Messages":
            body = record.get("Body") or ""
            return 201, {**common, "body": body, "num_segments": "1", "direction": "outbound-api"}
        return 201, {**common, "direction": "outbound-api", "price": None}

    @classmethod
    @contextmanager
    def running(cls, port: int = 0) -> Iterator[TwilioStandIn]:
        """Serve on `port` (a free one by default) for the duration of the block."""
        standin = cls()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(
                    self.rfile.read(length).decode(), keep_blank_values=True
                )
                status, payload = standin._answer(
                    urllib.parse.urlsplit(self.path).path, form, self.headers.get("Authorization")
                )
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet: the requests carry phone numbers."""

        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        server.daemon_threads = True
        standin.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield standin
        finally:
            server.shutdown()
            server.server_close()


@pytest.fixture
def twilio_standin() -> Iterator[TwilioStandIn]:
    """A running stand-in for Twilio's REST API, fresh for each test."""
    with TwilioStandIn.running() as standin:
        yield standin


def main() -> None:
    """`python -m tests.twilio_standin`: serve until Ctrl-C, for trying Lantern by hand
    (LANTERN_TWILIO_API_BASE=<printed URL>, TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN as printed)."""
    with TwilioStandIn.running() as standin:
        print(f"LANTERN_TWILIO_API_BASE={standin.base_url}")
        print(f"TWILIO_ACCOUNT_SID={ACCOUNT_SID}")
        print(f"TWILIO_AUTH_TOKEN={AUTH_TOKEN}")
        print(f"TWILIO_FROM_NUMBER={FROM_NUMBER}", flush=True)
        seen = 0
        try:
            while True:
                time.sleep(0.5)
                for each in standin.requests[seen:]:
                    print(f"{each.kind}: To={each.get('To')} sid={each.sid}", flush=True)
                    print(f"  {each.get('Body') or each.get('Twiml')}", flush=True)
                seen = len(standin.requests)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
