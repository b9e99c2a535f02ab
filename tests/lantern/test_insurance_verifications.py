"""The staff verification queue: stored without member IDs, once per question, then done."""

from datetime import datetime, timezone
from typing import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from lantern.records import (
    StaffAlert,
    VerificationRequest,
    complete_verification,
    get_sessionmaker,
    open_verification_requests,
    redact_member_ids,
    request_verification,
)
from lantern.records.migrate import upgrade


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    upgrade(database_url)
    with get_sessionmaker(database_url)() as session:
        yield session


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aetna ppo, member id W123456789", "aetna ppo, member id [id removed]"),
        ("my id is XJH 8823 1190", "my id is XJH [id removed]"),
        ("ssn 123-45-6789", "ssn [id removed]"),
        ("Aetna Choice POS II 2024", "Aetna Choice POS II 2024"),
        ("BC/BS", "BC/BS"),
        ("medi-cal", "medi-cal"),
    ],
)
def test_member_ids_are_removed(text: str, expected: str) -> None:
    assert redact_member_ids(text) == expected


def test_a_request_is_queued_once_and_without_ids(session: Session) -> None:
    values = {
        "conversation_id": "c1",
        "reason": "unknown",
        "carrier_text": "  acme health  id A1234567 ",
        "resolved_carrier": None,
        "plan_type": "PPO",
        "state": "AZ",
    }
    first = request_verification(session=session, **values)
    assert first.carrier_text == "acme health  id [id removed]"
    assert (first.status, first.handled_at) == ("open", None)
    assert request_verification(session=session, **values).id == first.id  # retried action
    other = request_verification(session=session, conversation_id="c1", reason="no_insurance")
    assert other.id != first.id and other.carrier_text is None
    session.commit()
    assert [request.id for request in open_verification_requests(session=session)] == [
        first.id,
        other.id,
    ]
    # Its own queue: nothing for the on-call person's alerts.
    assert session.execute(sa.select(sa.func.count()).select_from(StaffAlert)).scalar_one() == 0


def test_completing_a_request(session: Session) -> None:
    request = request_verification(session=session, conversation_id="c1", reason="requested")
    at = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)
    done = complete_verification(session=session, request_id=request.id, by="ana", at=at)
    assert done is not None and (done.status, done.handled_by, done.handled_at) == (
        "done",
        "ana",
        at,
    )
    again = complete_verification(session=session, request_id=request.id, by="bo")
    assert again is not None and again.handled_by == "ana"
    assert complete_verification(session=session, request_id=999, by="ana") is None
    assert open_verification_requests(session=session) == []
    # A new question after the first was handled is queued again.
    assert request_verification(session=session, conversation_id="c1", reason="requested").id != (
        request.id
    )


def test_bad_reasons_are_refused_before_the_database(session: Session) -> None:
    with pytest.raises(ValueError, match="reason must be one of"):
        request_verification(session=session, conversation_id="c1", reason="curious")
    session.add(VerificationRequest(conversation_id="c1", reason="curious", status="open"))
    with pytest.raises(sa.exc.IntegrityError):
        session.flush()
