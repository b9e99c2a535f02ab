"""The clinic profile: name, phone lines, locations and hours, loaded from one YAML file.

Everything the assistant says about the clinic comes from here, so a clinic adopting Lantern
edits one data file instead of responses scattered through the training data.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Dict, List, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ValidationError, validator

from lantern.validation import describe_errors, read_yaml_mapping

WEEKDAYS: Tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


class ProfileError(ValueError):
    """The clinic profile cannot be used; the message names the file and the field."""


class PhoneLines(BaseModel):
    intake: str


class EmergencyNumbers(BaseModel):
    emergency: str
    crisis_line: str
    samhsa_helpline: str
    poison_control: str
    childhelp_hotline: str
    domestic_violence_hotline: str


class Location(BaseModel):
    name: str
    state: str
    timezone: str

    @validator("timezone")
    def _known_timezone(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value


OpeningTimes = tuple[time, time] | None


class Hours(BaseModel):
    example: bool = False
    weekly: Dict[str, OpeningTimes]

    @validator("weekly")
    def _every_day_once(cls, value: Dict[str, OpeningTimes]) -> Dict[str, OpeningTimes]:  # noqa: N805
        unknown = set(value) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"unknown day(s): {', '.join(sorted(unknown))}")
        for day, times in value.items():
            if times and times[0] >= times[1]:
                raise ValueError(f"{day}: opening time must be before closing time")
        return {day: value.get(day) for day in WEEKDAYS}


class ClinicProfile(BaseModel):
    """What the assistant may say about the clinic itself."""

    name: str
    phone: PhoneLines
    emergency: EmergencyNumbers
    locations: List[Location]
    hours: Hours

    @validator("locations")
    def _at_least_one(cls, value: List[Location]) -> List[Location]:  # noqa: N805
        if not value:
            raise ValueError("at least one location is needed")
        return value

    def locations_summary(self) -> str:
        """'Los Angeles (CA), Santa Monica (CA) and Sedona (AZ)'."""
        names = [f"{place.name} ({place.state})" for place in self.locations]
        if len(names) == 1:
            return names[0]
        return f"{', '.join(names[:-1])} and {names[-1]}"

    def hours_summary(self) -> str:
        """Opening hours in words, consecutive days with equal hours grouped together."""
        groups: List[Tuple[List[str], OpeningTimes]] = []
        for day in WEEKDAYS:
            times = self.hours.weekly.get(day)
            if groups and groups[-1][1] == times:
                groups[-1][0].append(day)
            else:
                groups.append(([day], times))
        parts = [_describe_group(days, times) for days, times in groups]
        return "; ".join(parts) + " (local time at each location)"

    def slot_values(self) -> Dict[str, str]:
        """The values of the domain's clinic slots, which responses interpolate."""
        return {
            "clinic_name": self.name,
            "clinic_phone": self.phone.intake,
            "clinic_locations": self.locations_summary(),
            "clinic_hours": self.hours_summary(),
            "emergency_number": self.emergency.emergency,
            "crisis_line": self.emergency.crisis_line,
            "samhsa_helpline": self.emergency.samhsa_helpline,
            "poison_control": self.emergency.poison_control,
            "childhelp_hotline": self.emergency.childhelp_hotline,
            "domestic_violence_hotline": self.emergency.domestic_violence_hotline,
        }


def _clock(moment: time) -> str:
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{hour}:{moment.minute:02d} {suffix}"


def _describe_group(days: List[str], times: OpeningTimes) -> str:
    label = days[0].capitalize()
    if len(days) > 1:
        joiner = " and " if len(days) == 2 else " to "
        label = f"{label}{joiner}{days[-1].capitalize()}"
    if times is None:
        return f"{label}: closed"
    return f"{label}: {_clock(times[0])} to {_clock(times[1])}"


def load_profile(path: Path) -> ClinicProfile:
    """Read and validate the profile; a clear `ProfileError` names what is wrong."""
    raw = read_yaml_mapping(path, "clinic profile", ProfileError)
    try:
        return ClinicProfile.parse_obj(raw)
    except ValidationError as error:
        raise ProfileError(f"{path}: {describe_errors(error)}") from error
