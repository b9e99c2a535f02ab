"""One typed view of the environment: every setting Lantern reads, with its default."""

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

from pydantic import BaseSettings, Field, SecretStr, validator

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

    # "production" makes secrets that development invents for itself (the phone hash key) required.
    environment: str = Field("development", env="LANTERN_ENV")
    # Keys the hash that stands for a phone number wherever the number itself must not appear
    # (SMS sender ids in the tracker store, rate-limit counters, opt-outs).
    phone_hash_key: SecretStr = Field(SecretStr(""), env="LANTERN_PHONE_HASH_KEY")

    # Twilio: without the account SID and token, hand-offs are stored and the number is shown.
    twilio_account_sid: str = Field("", env="TWILIO_ACCOUNT_SID")
    twilio_auth_token: SecretStr = Field(SecretStr(""), env="TWILIO_AUTH_TOKEN")
    twilio_from_number: str = Field("", env="TWILIO_FROM_NUMBER")
    # Another base URL for Twilio's REST API (a local stand-in in tests); empty: Twilio itself.
    twilio_api_base: str = Field("", env="LANTERN_TWILIO_API_BASE")
    twilio_timeout_seconds: float = Field(8.0, env="LANTERN_TWILIO_TIMEOUT_SECONDS")
    # The address Twilio reaches this server at (behind a proxy: the proxy's), for signature
    # checks and status-callback URLs, e.g. https://lantern.example.org
    public_url: str = Field("", env="LANTERN_PUBLIC_URL")
    # Staff phone that gets "URGENT hand-off, open alert <reference>" texts; empty: none sent.
    oncall_number: str = Field("", env="LANTERN_ONCALL_NUMBER")

    # Abuse limits: the public widget must not become a way to make Twilio call or text anyone.
    handoff_contacts_per_number_per_day: int = Field(
        2, env="LANTERN_HANDOFF_CONTACTS_PER_NUMBER_PER_DAY"
    )
    handoffs_per_conversation_per_hour: int = Field(
        3, env="LANTERN_HANDOFFS_PER_CONVERSATION_PER_HOUR"
    )
    handoffs_per_client_per_hour: int = Field(3, env="LANTERN_HANDOFFS_PER_CLIENT_PER_HOUR")

    # How long the SMS webhook waits for Rasa's reply before answering empty and texting the
    # reply later; Twilio gives up on a webhook after 15 s.
    sms_reply_budget_seconds: float = Field(10.0, env="LANTERN_SMS_REPLY_BUDGET_SECONDS")

    class Config:
        env_file = None

    @validator("tracker_db_url", always=True)
    def _tracker_defaults_to_database(cls, value: str, values: Dict[str, Any]) -> str:  # noqa: N805
        """Transcripts sit beside the clinic's tables unless LANTERN_TRACKER_DB_URL says so."""
        return value or str(values.get("database_url", ""))

    @validator("public_url", "twilio_api_base")
    def _no_trailing_slash(cls, value: str) -> str:  # noqa: N805
        """Paths are appended to these, so 'https://x/' and 'https://x' mean the same."""
        return value.rstrip("/")

    @property
    def is_production(self) -> bool:
        return self.environment.strip().lower() == "production"

    @property
    def twilio_configured(self) -> bool:
        """Credentials and a number to send from: without all three nothing is sent."""
        return bool(
            self.twilio_account_sid
            and self.twilio_auth_token.get_secret_value()
            and self.twilio_from_number
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    # Fields come from the environment; mypy cannot see that (pydantic's plugin
    # crashes on this mypy version).
    return Settings()  # type: ignore[call-arg]
