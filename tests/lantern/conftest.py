"""Shared fixtures: a fresh PostgreSQL database or SQLite file per test, never shared; the crisis
model, trained once per run."""

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa

from lantern.crisis.model import NONE, CrisisModel, corpus_files, load_corpus
from lantern.records.engine import dispose_engines
from lantern.settings import sqlite_url

POSTGRES_URL = os.environ.get(
    "LANTERN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def postgres_database_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards. No server: the test fails."""
    name = f"lantern_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        pytest.fail(
            f"PostgreSQL is not reachable at {POSTGRES_URL} (LANTERN_TEST_POSTGRES_URL): {error}"
        )
    url = sa.engine.make_url(POSTGRES_URL).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend Lantern supports: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "lantern.db")
    else:
        yield request.getfixturevalue("postgres_database_url")
    # Shared engines would keep connections to a database that is about to be dropped.
    dispose_engines()


# A few ordinary questions stand in for the NLU examples Rasa adds when it trains the model.
ORDINARY = [
    ("hello", NONE),
    ("hi there", NONE),
    ("do you take aetna", NONE),
    ("how much does a session cost", NONE),
    ("what are your hours", NONE),
    ("where are you located", NONE),
    ("yes", NONE),
    ("no thanks", NONE),
    ("can someone call me", NONE),
    ("what is ketamine therapy", NONE),
]


@pytest.fixture(scope="session")
def crisis_model() -> CrisisModel:
    """The crisis model trained once on the corpus, as Rasa trains it (with ordinary examples)."""
    return CrisisModel.train(load_corpus(corpus_files()) + ORDINARY * 5)
