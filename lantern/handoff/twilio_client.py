"""The real `twilio.rest.Client`, built from settings; None without credentials (local mode).

LANTERN_TWILIO_API_BASE sends every request to another server (the tests' stand-in): the SDK
builds absolute URLs on fixed domains (`twilio/base/domain.py`: base_url + uri, e.g.
https://api.twilio.com/2010-04-01/...), so the HTTP client swaps the scheme and host.
"""

from __future__ import annotations

from typing import Any, Dict, Tuple
from urllib.parse import urlsplit, urlunsplit

from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from lantern.settings import Settings, get_settings

SMS_STATUS_PATH = "/webhooks/twilio_sms/status"
VOICE_STATUS_PATH = "/webhooks/twilio_voice/status"


class RedirectingHttpClient(TwilioHttpClient):
    """Twilio's own HTTP client, sending each request to `base_url` instead of Twilio's host."""

    def __init__(self, base_url: str, timeout: float | None = None) -> None:
        super().__init__(timeout=timeout)
        target = urlsplit(base_url)
        self._scheme, self._netloc = target.scheme, target.netloc

    def request(
        self,
        method: str,
        url: str,
        params: Dict[str, object] | None = None,
        data: Dict[str, object] | None = None,
        headers: Dict[str, str] | None = None,
        auth: Tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        parts = urlsplit(url)
        redirected = urlunsplit(
            (self._scheme, self._netloc, parts.path, parts.query, parts.fragment)
        )
        return super().request(
            method,
            redirected,
            params=params,
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )


def build_twilio_client(settings: Settings | None = None) -> Client | None:
    """A Twilio client for the configured account, or None when Twilio is not configured."""
    settings = settings or get_settings()
    if not settings.twilio_configured:
        return None
    http_client: Any
    if settings.twilio_api_base:
        http_client = RedirectingHttpClient(
            settings.twilio_api_base, timeout=settings.twilio_timeout_seconds
        )
    else:
        http_client = TwilioHttpClient(timeout=settings.twilio_timeout_seconds)
    return Client(
        settings.twilio_account_sid,
        settings.twilio_auth_token.get_secret_value(),
        http_client=http_client,
        # Only what is given here: the SDK would otherwise read TWILIO_* from os.environ.
        environment={},
    )


def status_callback_url(path: str, settings: Settings | None = None) -> str | None:
    """Where Twilio should post status updates (None without LANTERN_PUBLIC_URL)."""
    settings = settings or get_settings()
    return f"{settings.public_url}{path}" if settings.public_url else None
