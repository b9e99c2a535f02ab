"""Writes the domain file that carries the clinic profile into Rasa as slot initial values.

Responses name the clinic's details through slots ({clinic_phone}, ...). Their values are
initial values in the domain, not set by an action, so they are there even when the action
server is down. The file is generated from the profile, never edited by hand, so each phone
number is written in one place only.
"""

from pathlib import Path
from typing import Any, Dict

import yaml

from lantern.clinic import ClinicProfile

HEADER = (
    "# Generated from the clinic profile by `lantern domain`: do not edit.\n"
    "# Edit clinic/profile.yml instead; `make run` and `make test` regenerate this file.\n"
)


def clinic_slots_domain(profile: ClinicProfile) -> Dict[str, Any]:
    """The domain fragment: one text slot per profile value, set from the start."""
    slots = {
        name: {
            "type": "text",
            "influence_conversation": False,
            "initial_value": value,
            "mappings": [{"type": "custom"}],
        }
        for name, value in profile.slot_values().items()
    }
    return {"version": "3.1", "slots": slots}


def write_clinic_domain(profile: ClinicProfile, path: Path) -> bool:
    """Write the fragment; returns whether the file changed (so training is not redone)."""
    text = HEADER + yaml.safe_dump(
        clinic_slots_domain(profile), sort_keys=False, allow_unicode=True
    )
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
