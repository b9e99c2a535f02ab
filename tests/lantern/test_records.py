"""The clinic's records on SQLite and PostgreSQL: crisis events, screenings, alerts, audit log."""

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from lantern.records import (
    AuditEntry,
    CrisisEvent,
    Screening,
    StaffAlert,
    acknowledge_alert,
    get_engine,
    get_sessionmaker,
    new_reference,
    open_alerts,
    record_audit,
    record_crisis,
    record_screening,
)
from lantern.records.alerts import REFERENCE_ALPHABET, REFERENCE_LENGTH
from lantern.records.migrate import upgrade
from lantern.settings import Settings, sqlite_url

EASTERN = timezone(timedelta(hours=-5))


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    """A session on a freshly migrated database (tables come from the migrations only)."""
    upgrade(database_url)
    with get_sessionmaker(database_url)() as session:
        yield session


def count(session: Session, model: type) -> int:
    return int(session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one())


def crisis(session: Session, message_id: str | None = "m1", **overrides: str) -> CrisisEvent | None:
    values = {"conversation_id": "c1", "layer": "matcher", "category": "suicide"}
    values.update(overrides)
    return record_crisis(session=session, message_id=message_id, channel="rest", **values)


def screening(session: Session, tier: str, status: str = "completed") -> Screening:
    return record_screening(
        session=session,
        conversation_id="c1",
        started_at=datetime(2026, 3, 1, 9, 0, tzinfo=EASTERN),
        completed_at=datetime(2026, 3, 1, 9, 4, tzinfo=EASTERN),
        status=status,
        tier=tier,
        incomplete=False,
        reasons=["cssrs_ideation_past_month"],
        answers={"cssrs_wish_dead": "yes", "days_used_past_30": 12},
    )


def test_a_crisis_is_recorded_once_per_message_with_one_alert(session: Session) -> None:
    first = crisis(session)
    assert first is not None and first.layer == "matcher"
    # The classifier layer firing on the same message, or a retried action, records nothing.
    assert crisis(session, layer="classifier") is None
    session.commit()
    assert crisis(session) is None
    assert count(session, CrisisEvent) == 1
    [alert] = session.execute(sa.select(StaffAlert)).scalars()
    assert (alert.kind, alert.tier, alert.source_id) == ("crisis", None, first.id)
    assert alert.conversation_id == "c1"


def test_a_retried_save_in_a_new_transaction_records_once(database_url: str) -> None:
    upgrade(database_url)
    sessions = get_sessionmaker(database_url)
    for _ in range(2):
        with sessions.begin() as session:
            crisis(session)
    with sessions() as session:
        assert (count(session, CrisisEvent), count(session, StaffAlert)) == (1, 1)


def test_other_messages_and_messages_without_an_id_each_record(session: Session) -> None:
    assert crisis(session, message_id="m2") is not None
    assert crisis(session, message_id="m2", conversation_id="c2") is not None
    assert crisis(session, message_id=None) is not None
    assert crisis(session, message_id=None) is not None
    assert count(session, CrisisEvent) == count(session, StaffAlert) == 4


def test_times_are_stored_and_read_back_as_utc(database_url: str) -> None:
    upgrade(database_url)
    sessions = get_sessionmaker(database_url)
    when = datetime(2026, 3, 1, 22, 30, tzinfo=EASTERN)
    with sessions.begin() as session:
        crisis(session, occurred_at=when)  # type: ignore[arg-type]
    with sessions() as session:
        event = session.execute(sa.select(CrisisEvent)).scalar_one()
        assert event.occurred_at == when
        assert event.occurred_at.utcoffset() == timedelta(0)
        assert event.occurred_at.hour == 3  # 22:30 at UTC-5 is 03:30 UTC the next day


def test_naive_times_and_unknown_values_are_refused(session: Session) -> None:
    with pytest.raises(sa.exc.StatementError, match="naive"):
        crisis(session, occurred_at=datetime(2026, 3, 1, 9, 0))  # type: ignore[arg-type]
    session.rollback()
    with pytest.raises(ValueError, match="layer"):
        crisis(session, layer="keyword")
    with pytest.raises(ValueError, match="tier"):
        screening(session, tier="LOW")
    with pytest.raises(ValueError, match="status"):
        screening(session, tier="SOON", status="abandoned")


@pytest.mark.parametrize(
    ("tier", "alerts"), [("EMERGENCY", 1), ("URGENT", 1), ("SOON", 0), ("ROUTINE", 0)]
)
def test_urgent_and_emergency_screenings_alert_staff(
    session: Session, tier: str, alerts: int
) -> None:
    stored = screening(session, tier=tier)
    session.commit()
    session.expire_all()
    reread = session.get(Screening, stored.id)
    assert reread is not None
    assert reread.answers == {"cssrs_wish_dead": "yes", "days_used_past_30": 12}
    assert reread.reasons == ["cssrs_ideation_past_month"]
    assert reread.completed_at == datetime(2026, 3, 1, 14, 4, tzinfo=timezone.utc)
    found = list(session.execute(sa.select(StaffAlert)).scalars())
    assert len(found) == alerts
    for alert in found:
        assert (alert.kind, alert.tier, alert.source_id) == ("screening", tier, stored.id)


def test_alert_references_are_random_unambiguous_and_unique(session: Session) -> None:
    assert set(REFERENCE_ALPHABET).isdisjoint("01OIL")
    for index in range(200):
        crisis(session, message_id=f"m{index}")
    references = list(session.execute(sa.select(StaffAlert.reference)).scalars())
    assert len(set(references)) == len(references) == 200
    for reference in references:
        assert len(reference) == REFERENCE_LENGTH
        assert set(reference) <= set(REFERENCE_ALPHABET)
    # Nothing sequential or derived: fresh draws differ from each other and from the stored ones.
    drawn = {new_reference() for _ in range(1000)}
    assert len(drawn) == 1000 and drawn.isdisjoint(references)


def test_open_alerts_come_most_urgent_first_until_acknowledged(session: Session) -> None:
    screening(session, tier="URGENT")
    screening(session, tier="EMERGENCY")
    crisis(session)
    queue = open_alerts(session=session)
    assert [(alert.kind, alert.tier) for alert in queue] == [
        ("crisis", None),
        ("screening", "EMERGENCY"),
        ("screening", "URGENT"),
    ]
    first = queue[0]
    when = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
    # Typed back from a phone: lower case and stray spaces still match.
    acknowledged = acknowledge_alert(
        session=session, reference=f" {first.reference.lower()} ", by="dana", at=when
    )
    assert acknowledged is first
    assert (first.acknowledged_by, first.acknowledged_at) == ("dana", when)
    # A second acknowledgement keeps the first: it says who took the case.
    acknowledge_alert(session=session, reference=first.reference, by="sam")
    assert first.acknowledged_by == "dana"
    assert acknowledge_alert(session=session, reference="ZZZZZZZZ", by="dana") is None
    assert [alert.tier for alert in open_alerts(session=session)] == ["EMERGENCY", "URGENT"]
    assert len(open_alerts(session=session, limit=1)) == 1


def test_audit_rows_are_written(session: Session) -> None:
    record_audit(session=session, actor="dana", action="read_transcript", subject="c1")
    record_audit(
        session=session, actor="sam", action="read_screening", subject="c1", detail="screening 1"
    )
    session.commit()
    rows = session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    assert [(row.actor, row.action, row.subject, row.detail) for row in rows] == [
        ("dana", "read_transcript", "c1", None),
        ("sam", "read_screening", "c1", "screening 1"),
    ]
    assert all(row.at.tzinfo is not None for row in rows)


def test_sqlite_engine_uses_wal_and_creates_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "lantern.db"
    engine = get_engine(sqlite_url(path))
    with engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    assert path.exists()
    assert get_engine(sqlite_url(path)) is engine


def test_one_database_file_holds_records_and_transcripts_by_default(monkeypatch) -> None:
    monkeypatch.delenv("LANTERN_DATABASE_URL", raising=False)
    monkeypatch.delenv("LANTERN_TRACKER_DB_URL", raising=False)
    settings = Settings()  # type: ignore[call-arg]
    assert settings.database_url.endswith("/var/lantern.db")
    assert settings.tracker_db_url == settings.database_url
    monkeypatch.setenv("LANTERN_DATABASE_URL", "postgresql://db.internal/lantern")
    assert Settings().tracker_db_url == "postgresql://db.internal/lantern"  # type: ignore[call-arg]
    monkeypatch.setenv("LANTERN_TRACKER_DB_URL", "sqlite:///elsewhere.db")
    assert Settings().tracker_db_url == "sqlite:///elsewhere.db"  # type: ignore[call-arg]


def test_the_records_package_imports_no_rasa() -> None:
    code = (
        "import sys, lantern.records, lantern.records.migrate\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
