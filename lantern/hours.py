"""Is the clinic open? Weekly hours from the profile, read in each location's own time zone.

Opening times are wall-clock times at the location, so 9:00 stays 9:00 across daylight-saving
changes (and Arizona, which keeps standard time all year, drifts against California twice a
year). Every `at` must be timezone-aware: a naive time would be guessed at, never right.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Tuple
from zoneinfo import ZoneInfo

from lantern.clinic import WEEKDAYS, ClinicProfile, Location

_DAYS_AHEAD = 8  # a week and a day: every weekday is seen once after today


def location_of(profile: ClinicProfile, location: str | None = None) -> Location:
    """The named location (case-insensitive), or the first one when no name is given."""
    if location is None:
        return profile.locations[0]
    wanted = location.strip().lower()
    for place in profile.locations:
        if place.name.lower() == wanted:
            return place
    raise ValueError(f"unknown location {location!r}")


def _zone(profile: ClinicProfile, location: str | None) -> ZoneInfo:
    return ZoneInfo(location_of(profile, location).timezone)


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"naive datetime {at!r}: pass a timezone-aware one")


def _wall_clock(day: date, moment: time, zone: ZoneInfo) -> datetime:
    """`moment` on `day` at the location; a time skipped by a DST change moves forward."""
    local = datetime.combine(day, moment, tzinfo=zone)
    return local.astimezone(timezone.utc).astimezone(zone)


def _window_on(
    profile: ClinicProfile, day: date, zone: ZoneInfo
) -> Tuple[datetime, datetime] | None:
    times = profile.hours.weekly.get(WEEKDAYS[day.weekday()])
    if times is None:
        return None
    return _wall_clock(day, times[0], zone), _wall_clock(day, times[1], zone)


def is_open(profile: ClinicProfile, at: datetime, location: str | None = None) -> bool:
    """Whether `at` falls within the opening hours of `location` (default: the first)."""
    _require_aware(at)
    zone = _zone(profile, location)
    window = _window_on(profile, at.astimezone(zone).date(), zone)
    return window is not None and window[0] <= at < window[1]


def next_window(
    profile: ClinicProfile, at: datetime, location: str | None = None
) -> Tuple[datetime, datetime]:
    """The opening window that is current at `at`, or else the next one (location's time)."""
    _require_aware(at)
    zone = _zone(profile, location)
    today = at.astimezone(zone).date()
    for offset in range(_DAYS_AHEAD):
        window = _window_on(profile, today + timedelta(days=offset), zone)
        if window is not None and at < window[1]:
            return window
    raise ValueError("the clinic profile has no opening hours on any day")


def next_opening(profile: ClinicProfile, at: datetime, location: str | None = None) -> datetime:
    """When the clinic next opens after `at` (or `at` itself while open), location's time."""
    start, _end = next_window(profile, at, location)
    return max(start, at.astimezone(start.tzinfo))


def _clock(moment: datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def describe_window(window: Tuple[datetime, datetime]) -> str:
    """'Monday, Nov 23 between 9:00 AM and 6:00 PM PST': for a call-back confirmation."""
    start, end = window
    return (
        f"{start.strftime('%A, %b')} {start.day} between {_clock(start)} and {_clock(end)} "
        f"{start.strftime('%Z')}"
    )
