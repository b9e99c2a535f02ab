"""One typed view of the environment: every setting Lantern reads, with its default."""

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

from pydantic import BaseSettings, Field, validator

from lantern.paths import DEFAULT_PROFILE_PATH, VAR_DIR


def sqlite_url(path: Path) -> str:
    """SQLAlchemy URL of a SQLite file, absolute so the working directory does not matter."""
    return f"sqlite:///{path.resolve()}"


class Settings(BaseSettings):
    """Lantern's settings; each field is read from the environment variable in `env`."""

    clinic_profile: Path = Field(DEFAULT_PROFILE_PATH, env="LANTERN_CLINIC_PROFILE")
    # One embedded file holds the clinic's tables and the transcripts by default, so staff
    # queries can join them and a backup is one file; PostgreSQL takes over by URL.
    database_url: str = Field(sqlite_url(VAR_DIR / "lantern.db"), env="LANTERN_DATABASE_URL")
    # Empty means "the database above"; declared after it so the validator can see it.
    tracker_db_url: str = Field("", env="LANTERN_TRACKER_DB_URL")

    class Config:
        env_file = None

    @validator("tracker_db_url", always=True)
    def _tracker_defaults_to_database(cls, value: str, values: Dict[str, Any]) -> str:  # noqa: N805
        """Transcripts sit beside the clinic's tables unless LANTERN_TRACKER_DB_URL says so."""
        return value or str(values.get("database_url", ""))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    # Fields come from the environment; mypy cannot see that (pydantic's plugin
    # crashes on this mypy version).
    return Settings()  # type: ignore[call-arg]
