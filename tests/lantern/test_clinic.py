"""The clinic profile loader: the one file a clinic edits, and the clear errors it gets."""

from pathlib import Path

import pytest
import yaml

from lantern.clinic import ProfileError, load_profile
from lantern.paths import DEFAULT_PROFILE_PATH


@pytest.fixture
def profile_data() -> dict:
    return yaml.safe_load(DEFAULT_PROFILE_PATH.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "profile.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_default_profile_is_the_reference_clinic() -> None:
    profile = load_profile(DEFAULT_PROFILE_PATH)
    values = profile.slot_values()
    assert values["clinic_phone"] == "(833) 867-2329"
    assert values["clinic_locations"] == (
        "Los Angeles (CA), Santa Monica (CA), Las Vegas (NV) and Sedona (AZ)"
    )
    assert values["emergency_number"] == "911"
    assert values["crisis_line"] == "988"
    assert values["samhsa_helpline"] == "1-800-662-4357"
    assert values["poison_control"] == "1-800-222-1222"


def test_sedona_keeps_arizona_time() -> None:
    profile = load_profile(DEFAULT_PROFILE_PATH)
    sedona = next(place for place in profile.locations if place.name == "Sedona")
    assert sedona.timezone == "America/Phoenix"


def test_hours_are_marked_as_example_and_read_as_words() -> None:
    profile = load_profile(DEFAULT_PROFILE_PATH)
    assert profile.hours.example is True
    assert profile.hours_summary() == (
        "Monday to Thursday: 9:00 AM to 6:00 PM; Friday: 9:00 AM to 5:00 PM; "
        "Saturday and Sunday: closed (local time at each location)"
    )


def test_another_clinic_changes_every_value(tmp_path: Path, profile_data: dict) -> None:
    profile_data["name"] = "Harbor Recovery"
    profile_data["phone"]["intake"] = "(555) 010-0199"
    profile_data["locations"] = [
        {"name": "Portland", "state": "OR", "timezone": "America/Los_Angeles"}
    ]
    profile_data["hours"] = {"weekly": {"monday": ["08:30", "12:15"]}}
    profile = load_profile(write(tmp_path, profile_data))
    values = profile.slot_values()
    assert values["clinic_name"] == "Harbor Recovery"
    assert values["clinic_phone"] == "(555) 010-0199"
    assert values["clinic_locations"] == "Portland (OR)"
    assert values["clinic_hours"].startswith(
        "Monday: 8:30 AM to 12:15 PM; Tuesday to Sunday: closed"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["locations"][0].update(timezone="Mars/Olympus"), "locations.0.timezone"),
        (lambda d: d["phone"].pop("intake"), "phone.intake"),
        (
            lambda d: d["hours"]["weekly"].update(funday=["09:00", "10:00"]),
            "unknown day(s): funday",
        ),
        (
            lambda d: d["hours"]["weekly"].update(monday=["18:00", "09:00"]),
            "opening time must be before",
        ),
        (lambda d: d.update(locations=[]), "at least one location"),
    ],
)
def test_a_bad_profile_names_the_field(
    tmp_path: Path, profile_data: dict, change, message: str
) -> None:
    change(profile_data)
    with pytest.raises(ProfileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_profile(write(tmp_path, profile_data))


def test_broken_yaml_and_missing_file_are_clear(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(broken)
    with pytest.raises(ProfileError, match="cannot read"):
        load_profile(tmp_path / "missing.yml")
    with pytest.raises(ProfileError, match="expected a mapping"):
        load_profile(write(tmp_path, ["a", "list"]))
