"""The SMS channel over HTTP: a real Sanic server, signed requests, the Twilio stand-in."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import List

import pytest
import sqlalchemy as sa

from channels.twilio_sms import MEDIA_ONLY_TEXT
from lantern.phone import phone_hash_key, phone_key
from lantern.records.handoffs import create_handoff_request
from lantern.records.models import HandoffRequest, SmsSender, utc_now
from lantern.sms.gsm import gsm7_length, is_gsm7
from lantern.sms.keywords import OPT_IN_WORDS, OPT_OUT_WORDS
from tests.channels.conftest import PERSON, Harness
from tests.twilio_standin import sign

YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def messages(twiml: str) -> List[str]:
    return re.findall(r"<Message>(.*?)</Message>", twiml, flags=re.DOTALL)


def unescape(text: str) -> str:
    return text.replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


async def test_a_signed_text_reaches_rasa_and_the_reply_comes_back_in_twiml(sms: Harness) -> None:
    status, twiml = await sms.text("what is ketamine therapy?")
    assert status == 200
    assert messages(twiml) == ["Echo."]
    [received] = sms.rasa.received
    assert received.text == "what is ketamine therapy?"
    assert received.input_channel == "twilio_sms"
    assert received.message_id is not None and received.message_id.startswith("SM")
    assert sms.twilio.requests == []  # answered in the webhook, not through the REST API


async def test_the_number_never_appears_in_the_sender_id_or_metadata(sms: Harness) -> None:
    await sms.text("hello")
    [received] = sms.rasa.received
    key = phone_key(PERSON, phone_hash_key(sms.settings))
    assert received.sender_id == key
    assert "3105550147" not in (received.sender_id or "")
    assert not received.metadata
    # The number is kept in the clinic database for the call-back, keyed by the same hash.
    with sms.channel.webhooks.sessions() as session:
        sender = session.get(SmsSender, key)
        assert sender is not None and sender.phone_e164 == PERSON


@pytest.mark.parametrize(
    "signature",
    ["", "not-a-signature", "wrong-url", "wrong-token"],
)
async def test_a_badly_signed_request_is_refused_with_403(sms: Harness, signature: str) -> None:
    form = sms.form("hello")
    if signature == "wrong-url":
        signature = sign(f"{sms.base_url}/somewhere/else", form)
    elif signature == "wrong-token":
        signature = sign(sms.webhook, form, "another-account-token")
    status, _body = await sms.post(sms.webhook, form, signature=signature)
    assert status == 403
    assert sms.rasa.received == []


async def test_a_tampered_body_is_refused(sms: Harness) -> None:
    form = sms.form("hello")
    signature = sign(sms.webhook, form)
    form["Body"] = "something else"
    status, _body = await sms.post(sms.webhook, form, signature=signature)
    assert status == 403


async def test_a_retried_message_sid_is_handled_once(sms: Harness) -> None:
    form = sms.form("hello")
    first = await sms.post(sms.webhook, form)
    again = await sms.post(sms.webhook, form)
    assert messages(first[1]) == ["Echo."]
    assert again[0] == 200 and messages(again[1]) == []
    assert len(sms.rasa.received) == 1


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"Body": "hello"},
        {"MessageSid": "SM1", "Body": "hello"},
        {"MessageSid": "SM2", "From": "not a number", "Body": "hello"},
        {"From": PERSON, "Body": "hello"},
    ],
)
async def test_a_malformed_form_gets_400_without_a_crash(sms: Harness, form: dict) -> None:
    status, _body = await sms.post(sms.webhook, form)
    assert status == 400
    assert sms.rasa.received == []


async def test_a_body_that_is_not_a_form_gets_400(sms: Harness) -> None:
    headers = {"X-Twilio-Signature": sign(sms.webhook, {}), "Content-Type": "application/json"}
    async with sms.http.post(sms.webhook, data=b'{"Body": "hi"}', headers=headers) as response:
        assert response.status == 400
    status, _ = await sms.text("still works")
    assert status == 200


@pytest.mark.parametrize("word", sorted(OPT_OUT_WORDS))
async def test_every_opt_out_keyword_opts_out_silently(sms: Harness, word: str) -> None:
    for spelling in (word, f"  {word.lower()} "):
        status, twiml = await sms.text(spelling)
        assert status == 200 and messages(twiml) == []
    assert sms.rasa.received == []
    # Afterwards nothing is sent back; the message still reaches the transcript for staff.
    status, twiml = await sms.text("are you there?")
    assert messages(twiml) == []
    assert [message.text for message in sms.rasa.received] == ["are you there?"]


@pytest.mark.parametrize("word", sorted(OPT_IN_WORDS) + ["YES"])
async def test_start_unstop_and_yes_opt_back_in(sms: Harness, word: str) -> None:
    await sms.text("STOP")
    status, twiml = await sms.text(word.capitalize())
    assert status == 200 and messages(twiml) == []  # Twilio confirms the opt-in itself
    assert sms.rasa.received == []
    _, twiml = await sms.text("hello again")
    assert messages(twiml) == ["Echo."]


async def test_yes_is_an_answer_for_a_number_that_is_not_opted_out(sms: Harness) -> None:
    _, twiml = await sms.text("YES")
    assert messages(twiml) == ["Echo."]
    assert [message.text for message in sms.rasa.received] == ["YES"]


@pytest.mark.parametrize("word", ["HELP", "info", " Help "])
async def test_help_and_info_give_the_clinic_line_988_and_911(sms: Harness, word: str) -> None:
    _, twiml = await sms.text(word)
    [reply] = messages(twiml)
    assert "(833) 867-2329" in reply and "988" in reply and "911" in reply
    assert gsm7_length(unescape(reply)) <= 160
    assert sms.rasa.received == []


async def test_help_from_an_opted_out_number_gets_no_reply(sms: Harness) -> None:
    await sms.text("STOP")
    _, twiml = await sms.text("HELP")
    assert messages(twiml) == []


async def test_a_picture_without_text_gets_a_polite_reply(sms: Harness) -> None:
    _, twiml = await sms.text("", NumMedia="1", MediaUrl0="https://example.org/a.jpg")
    assert messages(twiml) == [MEDIA_ONLY_TEXT]
    assert sms.rasa.received == []


async def test_buttons_become_numbered_choices_that_map_back(sms: Harness) -> None:
    sms.rasa.replies = [{"text": "Would you like us to call you?", "buttons": YES_NO}]
    _, twiml = await sms.text("can someone call me")
    assert messages(twiml) == ["Would you like us to call you?\nReply 1 for Yes, 2 for No."]
    sms.rasa.replies = [{"text": "OK."}]
    await sms.text(" 2 ")
    assert sms.rasa.received[-1].text == "/deny"
    # No buttons in the last turn: "1" is just text now.
    await sms.text("1")
    assert sms.rasa.received[-1].text == "1"


async def test_a_typed_title_maps_to_its_payload(sms: Harness) -> None:
    sms.rasa.replies = [{"text": "Call you?", "buttons": YES_NO}]
    await sms.text("call me")
    await sms.text("yes")
    assert sms.rasa.received[-1].text == "/affirm"


async def test_a_long_reply_is_split_into_gsm7_parts_with_a_pointer_to_the_rest(
    sms: Harness,
) -> None:
    sentence = "Ketamine\u2019s \u201cantidepressant\u201d effect \u2014 studied for years\u2026 "
    sms.rasa.replies = [{"text": sentence * 30}]
    _, twiml = await sms.text("tell me everything")
    parts = [unescape(part) for part in messages(twiml)]
    assert len(parts) == 4
    assert all(is_gsm7(part) and gsm7_length(part) <= 160 for part in parts)
    assert 'Ketamine\'s "antidepressant" effect - studied for years...' in parts[0]
    assert parts[-1].endswith("(more at (833) 867-2329)")


async def test_several_replies_each_become_messages(sms: Harness) -> None:
    sms.rasa.replies = [
        {"text": "First."},
        {"image": "https://example.org/x.png"},
        {"text": "Second."},
    ]
    _, twiml = await sms.text("hi")
    assert messages(twiml) == ["First.", "Second."]


async def test_a_slow_reply_is_sent_later_through_the_rest_api(sms: Harness) -> None:
    sms.rasa.delay = 1.0  # the budget is 0.5 s in these tests
    sms.rasa.replies = [{"text": "Thanks for waiting.", "buttons": YES_NO}]
    started = time.monotonic()
    status, twiml = await sms.text("slow question")
    assert status == 200 and messages(twiml) == []
    assert time.monotonic() - started < 0.9
    sent = await asyncio.to_thread(sms.twilio.wait_for_messages, 1)
    [message] = sent
    assert message["To"] == PERSON
    assert message["From"] == sms.settings.twilio_from_number
    assert message["Body"] == "Thanks for waiting.\nReply 1 for Yes, 2 for No."
    # The choices of a late reply are remembered too.
    sms.rasa.delay = 0
    await sms.text("1")
    assert sms.rasa.received[-1].text == "/affirm"


async def test_a_slow_reply_to_an_opted_out_number_is_not_sent(sms: Harness) -> None:
    await sms.text("STOP")
    sms.rasa.delay = 1.0
    await sms.text("anyone?")
    await asyncio.sleep(1.5)
    assert sms.twilio.messages == []


async def test_the_event_loop_keeps_serving_while_a_reply_is_slow(sms: Harness) -> None:
    sms.rasa.delay = 1.0
    slow = asyncio.ensure_future(sms.text("slow"))
    await asyncio.sleep(0.1)
    sms.rasa.delay = 0
    started = time.monotonic()
    status, _ = await sms.post(f"{sms.base_url}/webhooks/twilio_sms/webhook", sms.form("fast"))
    assert status == 200 and time.monotonic() - started < 0.5
    await slow


async def test_a_rasa_failure_answers_empty_and_logs_no_text_or_number(
    sms: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    sms.rasa.error = RuntimeError("boom with private text")
    with caplog.at_level(logging.DEBUG):
        status, twiml = await sms.text("my secret message")
    assert status == 200 and messages(twiml) == []
    assert "RuntimeError" in caplog.text
    assert "my secret message" not in caplog.text and "private text" not in caplog.text


async def test_logs_never_hold_the_number_or_the_text(
    sms: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        await sms.text("I feel awful tonight")
        await sms.text("STOP")
        await sms.text("START")
        await sms.post(sms.webhook, sms.form("bad"), signature="nope")
        sms.rasa.delay = 1.0
        await sms.text("slow one")
        await asyncio.to_thread(sms.twilio.wait_for_messages, 1)
    for secret in ("3105550147", "310) 555", "I feel awful", "slow one"):
        assert secret not in caplog.text


def store_request(sms: Harness, **sids: str) -> int:
    with sms.channel.webhooks.sessions.begin() as session:
        request = create_handoff_request(
            session=session,
            conversation_id="c1",
            channel="socketio",
            phone_e164=PERSON,
            phone_key="k",
            consent_at=utc_now(),
            kind="call",
            summary="",
        )
        for column, value in sids.items():
            setattr(request, column, value)
        return request.id


def load(sms: Harness, request_id: int) -> HandoffRequest:
    with sms.channel.webhooks.sessions() as session:
        request = session.get(HandoffRequest, request_id)
        assert request is not None
        return request


async def test_signed_call_status_callbacks_update_the_request(sms: Harness) -> None:
    request_id = store_request(sms, call_sid="CA1", status="call_queued")
    url = f"{sms.base_url}/webhooks/twilio_voice/status"
    for status in ("ringing", "in-progress", "completed", "ringing"):
        code, _ = await asyncio.to_thread(
            sms.twilio.send_status_callback, url, {"CallSid": "CA1", "CallStatus": status}
        )
        assert code == 204
    assert load(sms, request_id).status == "call_completed"  # a late "ringing" changes nothing


async def test_signed_message_status_callbacks_update_the_request(sms: Harness) -> None:
    request_id = store_request(sms, message_sid="SM1", message_status="queued")
    url = f"{sms.base_url}/webhooks/twilio_sms/status"
    params = {"MessageSid": "SM1", "MessageStatus": "undelivered", "ErrorCode": "30003"}
    code, _ = await asyncio.to_thread(sms.twilio.send_status_callback, url, params)
    assert code == 204
    request = load(sms, request_id)
    assert (request.message_status, request.twilio_error_code) == ("undelivered", "30003")


@pytest.mark.parametrize("path", ["twilio_sms/status", "twilio_voice/status"])
async def test_badly_signed_status_callbacks_are_refused(sms: Harness, path: str) -> None:
    request_id = store_request(sms, call_sid="CA2", message_sid="SM2")
    url = f"{sms.base_url}/webhooks/{path}"
    params = {
        "CallSid": "CA2",
        "CallStatus": "failed",
        "MessageSid": "SM2",
        "MessageStatus": "failed",
    }
    code, _ = await asyncio.to_thread(sms.twilio.send_status_callback, url, params, "wrong")
    assert code == 403
    assert load(sms, request_id).status == "received"
    code, _ = await sms.post(url, {"AccountSid": "AC1"})
    assert code == 400


async def test_nothing_of_the_number_is_stored_outside_sms_senders(sms: Harness) -> None:
    await sms.text("hello")
    await sms.text("STOP")
    with sms.channel.webhooks.sessions() as session:
        for table in ("sms_opt_outs", "sms_messages_seen"):
            rows = session.execute(sa.text(f"SELECT * FROM {table}")).all()  # noqa: S608
            assert rows and "3105550147" not in repr(rows)
