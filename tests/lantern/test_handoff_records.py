"""The hand-off and SMS tables on SQLite and PostgreSQL: status callbacks, opt-outs, replays."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterator

import pytest
from sqlalchemy.orm import Session

from lantern.handoff.callbacks import apply_call_status, apply_message_status
from lantern.records.engine import get_sessionmaker
from lantern.records.handoffs import (
    contacts_since,
    create_handoff_request,
    find_by_sid,
    handoffs_since,
    record_contact,
    set_status,
)
from lantern.records.migrate import upgrade
from lantern.records.models import HandoffRequest
from lantern.records.sms import (
    first_sighting,
    is_opted_out,
    load_choices,
    opt_in,
    opt_out,
    remember_sender,
    save_choices,
    sender_number,
)

T0 = datetime(2026, 11, 23, 18, 0, tzinfo=timezone.utc)


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    upgrade(database_url)
    with get_sessionmaker(database_url)() as session:
        yield session


def request(session: Session, **overrides: str) -> HandoffRequest:
    values = {"conversation_id": "c1", "channel": "socketio", "kind": "call"}
    values.update(overrides)
    return create_handoff_request(
        session=session,
        phone_e164="+13105550147",
        phone_key="key-1",
        consent_at=T0,
        summary="Asked about: cost.",
        at=T0,
        **values,
    )


def test_a_request_is_stored_received_and_found_by_its_sids(session: Session) -> None:
    stored = request(session)
    assert stored.status == "received" and stored.created_at == T0
    set_status(stored, "call_queued", call_sid="CA1")
    session.commit()
    assert find_by_sid(session=session, call_sid="CA1") is stored
    assert find_by_sid(session=session, message_sid="SM1") is None
    assert find_by_sid(session=session) is None
    with pytest.raises(ValueError, match="status"):
        set_status(stored, "lost")
    with pytest.raises(ValueError, match="kind"):
        request(session, kind="carrier-pigeon")


def test_call_statuses_are_applied_and_final_ones_kept(session: Session) -> None:
    stored = request(session)
    set_status(stored, "call_queued", call_sid="CA1")
    for status, expected in [
        ("initiated", "call_initiated"),
        ("ringing", "call_ringing"),
        ("in-progress", "call_in_progress"),
        ("no-answer", "call_no_answer"),
        ("ringing", "call_no_answer"),  # late and out of order: ignored
        ("completed", "call_no_answer"),  # the first final status stands
    ]:
        assert apply_call_status(session, call_sid="CA1", call_status=status) is stored
        assert stored.status == expected
    assert apply_call_status(session, call_sid="CA-unknown", call_status="completed") is None
    assert apply_call_status(session, call_sid="CA1", call_status="exploded") is None


def test_a_failed_call_keeps_its_error_code(session: Session) -> None:
    stored = request(session)
    set_status(stored, "call_queued", call_sid="CA2")
    apply_call_status(session, call_sid="CA2", call_status="failed", error_code="13224")
    assert (stored.status, stored.twilio_error_code) == ("call_failed", "13224")


def test_message_statuses_are_applied_and_final_ones_kept(session: Session) -> None:
    stored = request(session, kind="callback")
    set_status(stored, "callback_pending", message_sid="SM1", message_status="queued")
    apply_message_status(session, message_sid="SM1", message_status="sent")
    apply_message_status(session, message_sid="SM1", message_status="delivered")
    apply_message_status(session, message_sid="SM1", message_status="sent")
    assert stored.message_status == "delivered" and stored.status == "callback_pending"
    assert apply_message_status(session, message_sid="SM-x", message_status="sent") is None


def test_counts_for_the_limits(session: Session) -> None:
    request(session, client_key="ip-1")
    request(session, conversation_id="c2", client_key="ip-1")
    record_contact(session=session, phone_key="key-1", kind="call", at=T0)
    record_contact(session=session, phone_key="key-1", kind="sms", at=T0 + timedelta(hours=5))
    session.commit()
    hour_ago = T0 - timedelta(hours=1)
    assert handoffs_since(session=session, since=hour_ago, conversation_id="c1") == 1
    assert handoffs_since(session=session, since=hour_ago, client_key="ip-1") == 2
    assert handoffs_since(session=session, since=T0, client_key="ip-1") == 0
    assert contacts_since(session=session, phone_key="key-1", since=hour_ago) == 2
    assert contacts_since(session=session, phone_key="key-1", since=T0) == 1
    assert contacts_since(session=session, phone_key="key-2", since=hour_ago) == 0
    with pytest.raises(ValueError, match="kind"):
        record_contact(session=session, phone_key="key-1", kind="fax")


def test_a_message_sid_is_seen_once(session: Session) -> None:
    assert first_sighting(session=session, message_sid="SM1")
    assert not first_sighting(session=session, message_sid="SM1")
    session.commit()
    assert not first_sighting(session=session, message_sid="SM1")
    assert first_sighting(session=session, message_sid="SM2")


def test_opt_out_then_in_the_latest_wins(session: Session) -> None:
    assert not is_opted_out(session=session, phone_key="k")
    opt_out(session=session, phone_key="k", at=T0)
    assert is_opted_out(session=session, phone_key="k")
    opt_in(session=session, phone_key="k", at=T0 + timedelta(minutes=1))
    assert not is_opted_out(session=session, phone_key="k")
    opt_out(session=session, phone_key="k", at=T0 + timedelta(minutes=2))
    session.commit()
    assert is_opted_out(session=session, phone_key="k")


def test_senders_and_their_choices(session: Session) -> None:
    assert sender_number(session=session, phone_key="k") is None
    assert load_choices(session=session, phone_key="k") == {}
    remember_sender(session=session, phone_key="k", phone_e164="+13105550147")
    save_choices(session=session, phone_key="k", choices={"1": "/affirm"})
    session.commit()
    assert sender_number(session=session, phone_key="k") == "+13105550147"
    assert load_choices(session=session, phone_key="k") == {"1": "/affirm"}
    save_choices(session=session, phone_key="k", choices=None)
    session.commit()
    session.expire_all()
    assert load_choices(session=session, phone_key="k") == {}
