"""Lantern's Twilio SMS channel for Rasa: signed webhooks, keywords, SMS-sized replies.

Registered in credentials.yml as `channels.twilio_sms.TwilioSmsInput` (and the call status
endpoint as `channels.twilio_sms.TwilioVoiceStatusInput`); settings come from the environment
(`lantern.settings`). Routes:

    POST /webhooks/twilio_sms/webhook   incoming texts (Twilio's "A message comes in")
    POST /webhooks/twilio_sms/status    status callbacks of hand-off texts
    POST /webhooks/twilio_voice/status  status callbacks of hand-off calls

Better than Rasa's own Twilio channel on each point the issue names: every request's
X-Twilio-Signature is checked; a retried MessageSid is handled once; the conversation is keyed
by a keyed hash of the number, so the number never reaches the tracker store (Rasa stores
UserUttered.metadata there too, so the number is not passed as metadata either: actions read
it from the `sms_senders` table); replies go back in the webhook's TwiML when ready in time,
otherwise through the REST API in a worker thread, never blocking the event loop.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Set, TypeVar
from urllib.parse import parse_qs

import phonenumbers
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from sqlalchemy.orm import sessionmaker
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse

from lantern.clinic import ClinicProfile, load_profile
from lantern.handoff.callbacks import apply_call_status, apply_message_status
from lantern.handoff.calls import TwilioFailure, send_sms
from lantern.handoff.twilio_client import build_twilio_client
from lantern.phone import phone_hash_key, phone_key
from lantern.records.engine import get_sessionmaker
from lantern.records.sms import (
    first_sighting,
    is_opted_out,
    load_choices,
    opt_in,
    opt_out,
    remember_sender,
    save_choices,
)
from lantern.settings import Settings, get_settings
from lantern.sms.choices import resolve_choice
from lantern.sms.keywords import Keyword, classify
from lantern.sms.reply import sms_bodies

logger = logging.getLogger(__name__)

CHANNEL_NAME = "twilio_sms"
T = TypeVar("T")
Handler = Callable[[UserMessage], Awaitable[Any]]


def help_text(profile: ClinicProfile) -> str:
    """The HELP/INFO reply: the clinic's line, 911 and 988; fits one GSM-7 message."""
    return (
        f"{profile.name}: call us at {profile.phone.intake}. "
        f"Emergency: call {profile.emergency.emergency}. "
        f"To talk to someone now, call or text {profile.emergency.crisis_line}. "
        "Reply STOP to opt out."
    )


MEDIA_ONLY_TEXT = "Sorry, I can only read text messages. Please type your message."


def twiml(bodies: List[str]) -> HTTPResponse:
    """A TwiML answer with one <Message> per body (none: Twilio sends nothing)."""
    answer = MessagingResponse()
    for body in bodies:
        answer.message(body)
    return response.text(str(answer), content_type="text/xml")


def e164_of(sender: str) -> str | None:
    """The sender's number in E.164 (Twilio sends it so), or None if it is not a number."""
    try:
        number = phonenumbers.parse(sender, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def twilio_form(request: Request) -> RequestParameters:
    """The POSTed form with its blank fields: Twilio signs an empty Body too, and Sanic's
    `request.form` drops blank values, which would break the signature of a picture message."""
    content_type = request.headers.get("Content-Type", "")
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return RequestParameters()
    try:
        text = (request.body or b"").decode("utf-8")
    except UnicodeDecodeError:
        return RequestParameters()
    return RequestParameters(parse_qs(text, keep_blank_values=True))


@dataclass
class Admission:
    """What to do with one incoming text once the database has seen it."""

    replies: List[str] = field(default_factory=list)  # answered at once, not sent to Rasa
    text: str | None = None  # what Rasa gets (a chosen button's payload, or the text)
    silent: bool = False  # opted out: Rasa records it for staff, nothing is sent back


class TwilioWebhooks:
    """What the SMS and voice blueprints share: settings, signature checks, the database."""

    def __init__(
        self,
        settings: Settings | None = None,
        profile: ClinicProfile | None = None,
        sessions: sessionmaker | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self._profile = profile
        self._sessions = sessions
        self._client: Client | None = None
        self._client_built = False
        token = self.settings.twilio_auth_token.get_secret_value()
        self.validator = RequestValidator(token) if token else None
        if self.validator is None:
            logger.info("TWILIO_AUTH_TOKEN is not set: Twilio webhooks are refused (403)")
        elif not self.settings.public_url:
            logger.warning(
                "LANTERN_PUBLIC_URL is not set: signatures are checked against the URL this "
                "server sees, which is wrong behind a proxy"
            )

    @property
    def profile(self) -> ClinicProfile:
        if self._profile is None:
            self._profile = load_profile(self.settings.clinic_profile)
        return self._profile

    @property
    def sessions(self) -> sessionmaker:
        if self._sessions is None:
            self._sessions = get_sessionmaker(self.settings.database_url)
        return self._sessions

    @property
    def client(self) -> Client | None:
        if not self._client_built:
            self._client = build_twilio_client(self.settings)
            self._client_built = True
        return self._client

    def public_url(self, request: Request) -> str:
        """The URL Twilio requested, which is what it signed (the proxy's, not ours)."""
        if not self.settings.public_url:
            return str(request.url)
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{self.settings.public_url}{request.path}{query}"

    def signed_form(self, request: Request) -> Mapping[str, Any] | None:
        """The request's form if Twilio signed it, else None (log says why, without numbers)."""
        signature = request.headers.get("X-Twilio-Signature", "")
        form = twilio_form(request)
        if (
            self.validator is None
            or not signature
            or not self.validator.validate(self.public_url(request), form, signature)
        ):
            logger.warning("Refused a Twilio webhook on %s: bad or missing signature", request.path)
            return None
        return form

    async def status(
        self, request: Request, resource: str, apply: Callable[..., Any]
    ) -> HTTPResponse:
        """A signed status callback for a message or a call ("Message"/"Call"), applied once."""
        form = self.signed_form(request)
        if form is None:
            return response.text("invalid signature", status=403)
        sid_field, status_field = f"{resource}Sid", f"{resource}Status"
        sid, status = form.get(sid_field), form.get(status_field)
        if not sid or not status:
            return response.text(f"{sid_field} and {status_field} are required", status=400)
        await self.in_thread(
            _apply, self.sessions, apply, resource.lower(), sid, status, form.get("ErrorCode")
        )
        return response.empty()

    async def in_thread(self, function: Callable[..., T], *args: Any) -> T:
        """Run blocking work (the database, the Twilio SDK) off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(None, partial(function, *args))


class TwilioSmsInput(InputChannel):
    """Texts to the clinic's Twilio number, as a Rasa input channel."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        """Everything comes from the environment; credentials.yml only switches it on."""
        return cls()

    def __init__(
        self,
        settings: Settings | None = None,
        profile: ClinicProfile | None = None,
        sessions: sessionmaker | None = None,
    ) -> None:
        self.webhooks = TwilioWebhooks(settings, profile, sessions)
        self.reply_budget = self.webhooks.settings.sms_reply_budget_seconds
        self._background: Set[asyncio.Task] = set()

    # -- the database, in worker threads --------------------------------------------------------

    def _admit(self, message_sid: str, number: str, body: str, media: int) -> Admission | None:
        """Record the message; None if it was handled before (a Twilio retry)."""
        key = self.key(number)
        keyword = classify(body)
        with self.webhooks.sessions() as session:
            if not first_sighting(session=session, message_sid=message_sid):
                session.commit()
                return None
            opted_out = is_opted_out(session=session, phone_key=key)
            admission = Admission(silent=opted_out)
            if keyword is Keyword.OPT_OUT:
                opt_out(session=session, phone_key=key)
                logger.info("SMS %s: opted out", key[:8])
            elif keyword is Keyword.OPT_IN or (
                keyword is Keyword.OPT_IN_IF_OPTED_OUT and opted_out
            ):
                # Twilio confirms a START itself; saying more would be a second message.
                opt_in(session=session, phone_key=key)
                logger.info("SMS %s: opted back in", key[:8])
            elif keyword is Keyword.HELP:
                admission.replies = [] if opted_out else [help_text(self.webhooks.profile)]
            elif not body.strip():
                if media and not opted_out:
                    admission.replies = [MEDIA_ONLY_TEXT]
            else:
                remember_sender(session=session, phone_key=key, phone_e164=number)
                choices = load_choices(session=session, phone_key=key)
                admission.text = resolve_choice(body, choices) or body
            session.commit()
            return admission

    def _remember_choices(self, key: str, choices: Dict[str, str] | None) -> None:
        with self.webhooks.sessions() as session:
            save_choices(session=session, phone_key=key, choices=choices)
            session.commit()

    def _may_text(self, key: str) -> bool:
        with self.webhooks.sessions() as session:
            return not is_opted_out(session=session, phone_key=key)

    def key(self, number: str) -> str:
        """The conversation's Rasa sender id: the number's keyed hash."""
        return phone_key(number, phone_hash_key(self.webhooks.settings))

    # -- the webhook ------------------------------------------------------------------------------

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        sms = Blueprint(f"{CHANNEL_NAME}_webhook", __name__)

        @sms.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sms.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            form = self.webhooks.signed_form(request)
            if form is None:
                return response.text("invalid signature", status=403)
            return await self.handle(form, on_new_message)

        @sms.route("/status", methods=["POST"])
        async def message_status(request: Request) -> HTTPResponse:
            return await self.webhooks.status(request, "Message", apply_message_status)

        return sms

    async def handle(self, form: Mapping[str, Any], on_new_message: Handler) -> HTTPResponse:
        """One incoming text (already signed): keywords, then Rasa, then the reply."""
        message_sid = form.get("MessageSid") or form.get("SmsSid")
        number = e164_of(str(form.get("From") or ""))
        if not message_sid or number is None:
            logger.warning("Refused an SMS webhook without MessageSid or a valid From")
            return response.text("MessageSid and From are required", status=400)
        body = str(form.get("Body") or "")
        try:
            media = int(form.get("NumMedia") or 0)
        except ValueError:
            media = 0
        admission = await self.webhooks.in_thread(self._admit, message_sid, number, body, media)
        if admission is None or admission.text is None:
            return twiml(admission.replies if admission else [])

        key = self.key(number)
        collector = CollectingOutputChannel()
        turn = asyncio.ensure_future(
            on_new_message(
                UserMessage(
                    admission.text,
                    collector,
                    sender_id=key,
                    input_channel=CHANNEL_NAME,
                    message_id=message_sid,
                )
            )
        )
        done, _pending = await asyncio.wait({turn}, timeout=self.reply_budget)
        if turn not in done:
            logger.info(
                "SMS %s: reply not ready in %.1f s, texting it later", key[:8], self.reply_budget
            )
            later = asyncio.ensure_future(self._text_later(turn, collector, key, number, admission))
            self._background.add(later)
            later.add_done_callback(self._background.discard)
            return twiml([])
        if not _succeeded(turn, key):
            return twiml([])
        bodies = await self._bodies(collector, key)
        return twiml([] if admission.silent else bodies)

    async def _bodies(self, collector: CollectingOutputChannel, key: str) -> List[str]:
        """The turn's replies as SMS bodies; their numbered choices remembered for the next."""
        more = f"(more at {self.webhooks.profile.phone.intake})"
        bodies, choices = sms_bodies(collector.messages, more=more)
        await self.webhooks.in_thread(self._remember_choices, key, choices)
        return bodies

    async def _text_later(
        self,
        turn: asyncio.Future,
        collector: CollectingOutputChannel,
        key: str,
        number: str,
        admission: Admission,
    ) -> None:
        """Send a slow turn's replies through the REST API, in a worker thread."""
        await asyncio.wait({turn})  # its failure, if any, is logged by _succeeded below
        if not _succeeded(turn, key):
            return
        bodies = await self._bodies(collector, key)
        client = self.webhooks.client
        if admission.silent or not bodies:
            return
        if client is None:
            logger.warning("SMS %s: Twilio is not configured, a late reply was dropped", key[:8])
            return
        if not await self.webhooks.in_thread(self._may_text, key):
            return
        for body in bodies:
            try:
                await self.webhooks.in_thread(
                    partial(send_sms, from_number=self.webhooks.settings.twilio_from_number),
                    client,
                    number,
                    body,
                    None,
                )
            except TwilioFailure as failure:
                logger.error("SMS %s: late reply failed (%s)", key[:8], failure.code)
                return


class TwilioVoiceStatusInput(InputChannel):
    """Status callbacks of hand-off calls, at /webhooks/twilio_voice/status (not a chat)."""

    @classmethod
    def name(cls) -> str:
        return "twilio_voice"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        return cls()

    def __init__(
        self, settings: Settings | None = None, sessions: sessionmaker | None = None
    ) -> None:
        self.webhooks = TwilioWebhooks(settings, sessions=sessions)

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        voice = Blueprint("twilio_voice_status", __name__)

        @voice.route("/status", methods=["POST"])
        async def call_status(request: Request) -> HTTPResponse:
            return await self.webhooks.status(request, "Call", apply_call_status)

        return voice


def _succeeded(turn: asyncio.Future, key: str) -> bool:
    """Whether Rasa handled the turn; a failure is logged by type only (never the text)."""
    error = turn.exception()
    if error is not None:
        logger.error("SMS %s: Rasa failed to handle a message (%s)", key[:8], type(error).__name__)
        return False
    return True


def _apply(
    sessions: sessionmaker,
    apply: Callable[..., Any],
    kind: str,
    sid: str,
    status: str,
    error_code: str | None,
) -> None:
    """Apply one status callback in its own unit of work."""
    with sessions.begin() as session:
        if kind == "call":
            apply(session, call_sid=sid, call_status=status, error_code=error_code or None)
        else:
            apply(session, message_sid=sid, message_status=status, error_code=error_code or None)
