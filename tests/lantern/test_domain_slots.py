"""The generated domain carries the profile's values as slot initial values."""

from pathlib import Path

import yaml

from lantern.clinic import load_profile
from lantern.domain_slots import write_clinic_domain
from lantern.paths import DEFAULT_PROFILE_PATH


def test_every_profile_value_becomes_an_initial_value(tmp_path: Path) -> None:
    profile = load_profile(DEFAULT_PROFILE_PATH)
    path = tmp_path / "clinic_profile.yml"
    assert write_clinic_domain(profile, path) is True
    slots = yaml.safe_load(path.read_text(encoding="utf-8"))["slots"]
    assert slots["clinic_phone"]["initial_value"] == "(833) 867-2329"
    assert slots["clinic_phone"]["influence_conversation"] is False
    assert set(slots) == set(profile.slot_values())


def test_rewriting_an_unchanged_profile_leaves_the_file_alone(tmp_path: Path) -> None:
    profile = load_profile(DEFAULT_PROFILE_PATH)
    path = tmp_path / "clinic_profile.yml"
    write_clinic_domain(profile, path)
    assert write_clinic_domain(profile, path) is False
