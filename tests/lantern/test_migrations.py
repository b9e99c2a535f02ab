"""Alembic creates, checks and removes Lantern's tables only, beside Rasa's `events` table."""

import subprocess
import sys
from typing import Dict, List, Set, Tuple

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from lantern.cli import main
from lantern.paths import PROJECT_ROOT
from lantern.records.engine import create_engine
from lantern.records.migrate import (
    VERSION_TABLE,
    current_revision,
    differences,
    downgrade,
    head_revision,
    upgrade,
)
from lantern.records.models import LANTERN_TABLES, metadata
from lantern.settings import get_settings
from lantern.tracker_store import LanternTrackerStore

EXPECTED_TABLES = {
    "crisis_events",
    "screenings",
    "staff_alerts",
    "audit_log",
    "insurance_plans",
    "verification_requests",
    "handoff_requests",
    "sms_opt_outs",
    "sms_messages_seen",
    "sms_senders",
    "outbound_contacts",
}
REVISIONS = ["0001", "0002", "0003", "0004"]
INSURANCE_TABLES = {"insurance_plans", "verification_requests"}  # 0002


def tables(url: str) -> Set[str]:
    engine = create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def schema_differences(url: str) -> List[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return differences(connection)
    finally:
        engine.dispose()


def events_rows(url: str) -> List[Tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT * FROM events ORDER BY id"))
            return [tuple(row) for row in rows]
    finally:
        engine.dispose()


async def save_a_conversation(url: str) -> None:
    """Rasa's tracker store creates its `events` table and writes a conversation into it."""
    store = LanternTrackerStore(domain=Domain.empty(), host=url)
    tracker = DialogueStateTracker("someone", slots=[])
    tracker.update(UserUttered("what is ketamine?", {"name": "ketamine", "confidence": 0.9}))
    await store.save(tracker)
    store.engine.dispose()


def test_the_models_are_the_expected_tables() -> None:
    assert LANTERN_TABLES == EXPECTED_TABLES


def test_upgrade_from_empty_creates_every_table(database_url: str) -> None:
    assert current_revision(database_url) is None
    applied = upgrade(database_url)
    assert [script.revision for script in applied] == REVISIONS
    assert head_revision() == REVISIONS[-1]
    assert tables(database_url) == EXPECTED_TABLES | {VERSION_TABLE}
    assert current_revision(database_url) == head_revision()
    assert schema_differences(database_url) == []
    assert upgrade(database_url) == []  # already at head


async def test_upgrade_beside_rasa_leaves_events_alone(database_url: str) -> None:
    await save_a_conversation(database_url)
    before = events_rows(database_url)
    assert before  # the conversation is there

    upgrade(database_url)
    assert tables(database_url) == EXPECTED_TABLES | {VERSION_TABLE, "events"}
    assert events_rows(database_url) == before
    # `alembic check`: models and migrations agree, and Rasa's table is not Lantern's business.
    assert schema_differences(database_url) == []

    downgrade(database_url)
    assert tables(database_url) - {VERSION_TABLE} == {"events"}
    assert events_rows(database_url) == before
    assert current_revision(database_url) is None


async def test_without_the_filter_autogenerate_would_drop_events(database_url: str) -> None:
    """Proves the check above means something: Rasa's table is in reach of a bare comparison."""
    await save_a_conversation(database_url)
    upgrade(database_url)
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            bare = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
            removed = [
                diff[1].name
                for diff in compare_metadata(bare, metadata)
                if isinstance(diff, tuple) and diff[0] == "remove_table"
            ]
    finally:
        engine.dispose()
    assert "events" in removed


def test_lantern_db_upgrade_and_current(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANTERN_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        outputs: Dict[str, str] = {}
        for step, argv in [
            ("before", ["db", "current"]),
            ("first", ["db", "upgrade"]),
            ("again", ["db", "upgrade"]),
            ("after", ["db", "current"]),
        ]:
            assert main(argv) == 0
            outputs[step] = capsys.readouterr().out
    finally:
        get_settings.cache_clear()
    head = head_revision()
    assert "revision: none" in outputs["before"]
    assert "applied 0001: Initial tables" in outputs["first"]
    assert "applied 0002: Insurance" in outputs["first"]
    assert "nothing to do" in outputs["again"]
    assert f"revision: {head} (head)" in outputs["after"]
    assert tables(database_url) >= EXPECTED_TABLES


async def test_plain_alembic_upgrade_and_check_take_the_url_from_x(database_url: str) -> None:
    """`alembic -x url=...` (alembic.ini at the root) reaches the same migrations, and its
    `check` finds nothing to change even with Rasa's table in the database."""
    await save_a_conversation(database_url)
    for step in (["upgrade", "head"], ["check"]):
        subprocess.run(
            [sys.executable, "-m", "alembic", "-x", f"url={database_url}", *step],
            cwd=PROJECT_ROOT,
            check=True,
            capture_output=True,
        )
    assert current_revision(database_url) == head_revision()


def test_downgrading_0002_drops_only_the_insurance_tables(database_url: str) -> None:
    upgrade(database_url, "0002")
    before = tables(database_url)
    downgrade(database_url, "0001")
    assert before - tables(database_url) == INSURANCE_TABLES
    assert current_revision(database_url) == "0001"
    upgrade(database_url)
    assert schema_differences(database_url) == []
