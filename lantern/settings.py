"""One typed view of the environment: every setting Lantern reads, with its default."""

from functools import lru_cache
from pathlib import Path

from pydantic import BaseSettings, Field

from lantern.paths import DEFAULT_PROFILE_PATH, VAR_DIR


def sqlite_url(path: Path) -> str:
    """SQLAlchemy URL of a SQLite file, absolute so the working directory does not matter."""
    return f"sqlite:///{path.resolve()}"


class Settings(BaseSettings):
    """Lantern's settings; each field is read from the environment variable in `env`."""

    clinic_profile: Path = Field(DEFAULT_PROFILE_PATH, env="LANTERN_CLINIC_PROFILE")
    tracker_db_url: str = Field(sqlite_url(VAR_DIR / "tracker.db"), env="LANTERN_TRACKER_DB_URL")

    class Config:
        env_file = None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    # Fields come from the environment; mypy cannot see that (pydantic's plugin
    # crashes on this mypy version).
    return Settings()  # type: ignore[call-arg]
