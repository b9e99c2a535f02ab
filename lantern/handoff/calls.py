"""The two things sent through Twilio: the intake call and a text. Failures carry Twilio's code.

Privacy: someone else may hold the person's phone. What is spoken and texted names only the
clinic, never drugs, treatment or a crisis.
"""

from __future__ import annotations

from typing import Callable, TypeVar

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client
from twilio.twiml.voice_response import VoiceResponse

from lantern.clinic import ClinicProfile
from lantern.phone import normalise_phone
from lantern.sms.gsm import to_gsm7

DIAL_TIMEOUT_SECONDS = 30  # how long the intake line may ring before the call gives up
T = TypeVar("T")


class TwilioFailure(Exception):  # noqa: N818 (the name the hand-off API promises)
    """Twilio did not take the request: `code` is Twilio's error code ("21211"), or
    "timeout", "network", "http-<status>" when there is none; stored for staff as it is."""

    def __init__(self, code: str, status: int | None = None, detail: str = "") -> None:
        super().__init__(f"Twilio failure {code}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.status = status


def _twilio(step: Callable[[], T]) -> T:
    """Run one SDK call, turning every way it can fail into a `TwilioFailure`."""
    try:
        return step()
    except TwilioRestException as error:
        code = str(error.code) if error.code else f"http-{error.status}"
        # Twilio's message names the number it refused: keep it out of the exception.
        raise TwilioFailure(code, status=error.status) from None
    except requests.Timeout:
        raise TwilioFailure("timeout") from None
    except requests.RequestException as error:
        raise TwilioFailure("network", detail=type(error).__name__) from None
    except TwilioException as error:
        raise TwilioFailure("error", detail=type(error).__name__) from None


def intake_twiml(profile: ClinicProfile, caller_id: str) -> str:
    """What the person hears when they answer: the clinic's name, then the intake line rings."""
    response = VoiceResponse()
    response.say(f"This is a call from {profile.name}, connecting you now.")
    dial = response.dial(caller_id=caller_id, timeout=DIAL_TIMEOUT_SECONDS)
    dial.number(normalise_phone(profile.phone.intake))
    return str(response)


def place_intake_call(
    client: Client,
    to: str,
    profile: ClinicProfile,
    status_callback_url: str | None,
    *,
    from_number: str,
) -> str:
    """Call `to` (E.164) and connect them to the intake line; returns the call's SID."""
    twiml = intake_twiml(profile, caller_id=from_number)
    extra = {}
    if status_callback_url:
        extra = {
            "status_callback": status_callback_url,
            "status_callback_event": ["initiated", "ringing", "answered", "completed"],
            "status_callback_method": "POST",
        }
    call = _twilio(lambda: client.calls.create(to=to, from_=from_number, twiml=twiml, **extra))
    return str(call.sid)


def send_sms(
    client: Client,
    to: str,
    body: str,
    status_callback_url: str | None,
    *,
    from_number: str,
) -> str:
    """Text `body` (made GSM-7) to `to` (E.164); returns the message's SID."""
    extra = {"status_callback": status_callback_url} if status_callback_url else {}
    message = _twilio(
        lambda: client.messages.create(to=to, from_=from_number, body=to_gsm7(body), **extra)
    )
    return str(message.sid)
