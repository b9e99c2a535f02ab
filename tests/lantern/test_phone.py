"""Phone numbers: E.164 normalisation with messages a person can act on, masks and keyed hashes."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from lantern.phone import (
    PhoneNumberError,
    mask_phone,
    normalise_phone,
    phone_hash_key,
    phone_key,
)
from lantern.settings import Settings


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(833) 867-2329", "+18338672329"),
        ("833.867.2329", "+18338672329"),
        ("1-833-867-2329", "+18338672329"),
        ("+1 833 867 2329", "+18338672329"),
        ("  310 555 0147 ", "+13105550147"),
        ("tel: (310) 555-0147", "+13105550147"),
    ],
)
def test_us_numbers_are_normalised_to_e164(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "didn't see a phone number"),
        ("   ", "didn't see a phone number"),
        ("555-0147", "too short"),
        ("833 867 23", "too short"),
        ("8338672329999999", "too long"),
        ("call me maybe", "doesn't look like a phone number"),
        ("+999 123 4567", "country code"),
        ("(123) 456-7890", "doesn't look like a working phone number"),
        ("+44 20 7946 0958", "only call numbers in the United States"),
        ("+1 876 555 1234", "only call numbers in the United States"),  # Jamaica, also +1
        ("1-900-555-1234", "premium-rate"),
    ],
)
def test_bad_numbers_get_a_message_a_person_can_act_on(text: str, message: str) -> None:
    with pytest.raises(PhoneNumberError, match=message):
        normalise_phone(text)


def test_other_regions_can_be_allowed() -> None:
    assert normalise_phone("020 7946 0958", region="GB") == "+442079460958"
    assert normalise_phone("+1 416 555 0100", allowed_regions=["US", "CA"]) == "+14165550100"
    with pytest.raises(PhoneNumberError, match="can't call numbers in that country"):
        normalise_phone("+44 20 7946 0958", allowed_regions=["US", "CA"])


@pytest.mark.parametrize(
    "number, masked",
    [
        ("+18338672329", "+1 ***-***-2329"),
        ("+442079460958", "+44 ***0958"),
        ("+1", "***"),
    ],
)
def test_masks_keep_only_the_last_four_digits(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


def test_phone_keys_are_stable_keyed_and_hide_the_number() -> None:
    key = phone_key("+13105550147", "secret")
    assert key == phone_key("+13105550147", b"secret")
    assert len(key) == 32 and all(char in "0123456789abcdef" for char in key)
    assert key != phone_key("+13105550147", "another secret")
    assert key != phone_key("+13105550148", "secret")
    assert "3105550147" not in key


def test_the_configured_key_is_used() -> None:
    settings = Settings(phone_hash_key="configured")
    assert phone_hash_key(settings) == b"configured"


def test_development_creates_a_private_key_once_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "var" / "phone-hash-key"
    settings = Settings(phone_hash_key="")
    with caplog.at_level(logging.WARNING):
        first = phone_hash_key(settings, dev_key_path=path)
    assert "Created a development phone hash key" in caplog.text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 64
    caplog.clear()
    assert phone_hash_key(settings, dev_key_path=path) == first
    assert caplog.text == ""


def test_production_refuses_to_invent_a_key(tmp_path: Path) -> None:
    settings = Settings(phone_hash_key="", environment="production")
    with pytest.raises(RuntimeError, match="LANTERN_PHONE_HASH_KEY"):
        phone_hash_key(settings, dev_key_path=tmp_path / "key")
    assert not (tmp_path / "key").exists()
