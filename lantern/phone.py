"""Phone numbers: checked and written one way (E.164), masked for logs, hashed for keys.

The number itself is needed in one place only (the hand-off request, for the call-back).
Everywhere else (Rasa's tracker store, logs, rate-limit counters, opt-outs) it is replaced by
its mask (for people) or by a keyed hash (for lookups): a plain hash of a ten-digit number is
reversed by trying all ten billion of them, a keyed one is not without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
from pathlib import Path
from typing import Collection

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult

from lantern.paths import VAR_DIR
from lantern.settings import Settings, get_settings

logger = logging.getLogger(__name__)

PHONE_KEY_LENGTH = 32  # hex characters: 128 bits of the HMAC, plenty against collisions
DEV_KEY_PATH = VAR_DIR / "phone-hash-key"

# Numbers nobody should be able to make the clinic call: they cost money or reach no person.
_REFUSED_TYPES = {
    PhoneNumberType.PREMIUM_RATE: "That looks like a premium-rate number, which we can't call.",
    PhoneNumberType.SHARED_COST: "That looks like a shared-cost number, which we can't call.",
    PhoneNumberType.UAN: "That looks like a company switchboard number. Please send your own.",
    PhoneNumberType.VOICEMAIL: "That looks like a voicemail access number. Please send your own.",
    PhoneNumberType.PAGER: "That looks like a pager number. Please send a phone number.",
}
_EXAMPLE = "for example 555-123-4567"


class PhoneNumberError(ValueError):
    """A number that cannot be used; the message can be shown to the person as it is."""


def normalise_phone(
    text: str, region: str = "US", *, allowed_regions: Collection[str] | None = None
) -> str:
    """The number in `text` in E.164 form ("+18338672329"), or a `PhoneNumberError`.

    Numbers without a country code are read as `region`'s. Only numbers of `allowed_regions`
    (default: `region` alone) are accepted, so the clinic is never made to call abroad
    (toll fraud goes through numbers that look domestic but are not, such as +1 876).
    """
    allowed = {code.upper() for code in (allowed_regions or [region])}
    if not text or not text.strip():
        raise PhoneNumberError(f"I didn't see a phone number. Please send one, {_EXAMPLE}.")
    try:
        number = phonenumbers.parse(text.strip(), region.upper())
    except NumberParseException as error:
        raise PhoneNumberError(_parse_problem(error)) from error
    possible = phonenumbers.is_possible_number_with_reason(number)
    too_short = (
        ValidationResult.TOO_SHORT,
        ValidationResult.INVALID_LENGTH,
        ValidationResult.IS_POSSIBLE_LOCAL_ONLY,  # seven digits: the area code is missing
    )
    if possible in too_short:
        raise PhoneNumberError(
            f"That number looks too short. Please send the full number with area code, {_EXAMPLE}."
        )
    if possible == ValidationResult.TOO_LONG:
        raise PhoneNumberError(f"That number looks too long. Please check it, {_EXAMPLE}.")
    if possible == ValidationResult.INVALID_COUNTRY_CODE:
        raise PhoneNumberError("I don't recognise that country code. Please check the number.")
    if not phonenumbers.is_valid_number(number):
        raise PhoneNumberError(
            f"That doesn't look like a working phone number. Please check it, {_EXAMPLE}."
        )
    if phonenumbers.region_code_for_number(number) not in allowed:
        raise PhoneNumberError(
            "We can only call numbers in the United States. Please send a US number."
            if allowed == {"US"}
            else "We can't call numbers in that country. Please send a local number."
        )
    refused = _REFUSED_TYPES.get(phonenumbers.number_type(number))
    if refused:
        raise PhoneNumberError(refused)
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _parse_problem(error: NumberParseException) -> str:
    if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
        return "I don't recognise that country code. Please check the number."
    if error.error_type in (
        NumberParseException.TOO_SHORT_NSN,
        NumberParseException.TOO_SHORT_AFTER_IDD,
    ):
        return f"That number looks too short. Please send the full number, {_EXAMPLE}."
    if error.error_type == NumberParseException.TOO_LONG:
        return f"That number looks too long. Please check it, {_EXAMPLE}."
    return f"That doesn't look like a phone number. Please send it as digits, {_EXAMPLE}."


def mask_phone(e164: str) -> str:
    """'+18338672329' -> '+1 ***-***-2329': enough for staff to tell numbers apart in a log."""
    digits = "".join(char for char in e164 if char.isdigit())
    if len(digits) < 4:
        return "***"
    try:
        country = str(
            phonenumbers.parse(e164 if e164.startswith("+") else f"+{digits}").country_code
        )
    except NumberParseException:
        country = ""
    if country == "1" and len(digits) == 11:
        return f"+1 ***-***-{digits[-4:]}"
    prefix = f"+{country} " if country else ""
    return f"{prefix}***{digits[-4:]}"


def phone_key(e164: str, secret: bytes | str) -> str:
    """A keyed hash of the number: stable for lookups, meaningless without the key."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, e164.encode("ascii", "ignore"), hashlib.sha256).hexdigest()
    return digest[:PHONE_KEY_LENGTH]


_dev_key_lock = threading.Lock()


def phone_hash_key(settings: Settings | None = None, dev_key_path: Path = DEV_KEY_PATH) -> bytes:
    """The key for `phone_key`: LANTERN_PHONE_HASH_KEY, or in development a random key kept
    in var/ (mode 0600) so keys stay stable across restarts. Production refuses to invent one:
    a key that changed would split every SMS conversation and reset every opt-out."""
    settings = settings or get_settings()
    configured = settings.phone_hash_key.get_secret_value()
    if configured:
        return configured.encode()
    if settings.is_production:
        raise RuntimeError("LANTERN_PHONE_HASH_KEY must be set in production (LANTERN_ENV)")
    with _dev_key_lock:
        if not dev_key_path.exists():
            dev_key_path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(dev_key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32))
            logger.warning(
                "Created a development phone hash key at %s; set LANTERN_PHONE_HASH_KEY "
                "in production",
                dev_key_path,
            )
        return dev_key_path.read_text(encoding="ascii").strip().encode()
