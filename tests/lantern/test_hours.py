"""Opening hours in each location's time zone, across daylight-saving changes."""

from __future__ import annotations

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from lantern.clinic import ClinicProfile, load_profile
from lantern.hours import describe_window, is_open, location_of, next_opening, next_window
from lantern.paths import DEFAULT_PROFILE_PATH

LA = ZoneInfo("America/Los_Angeles")
PHOENIX = ZoneInfo("America/Phoenix")
UTC = timezone.utc


@pytest.fixture
def profile() -> ClinicProfile:
    # Mon-Thu 9:00-18:00, Fri 9:00-17:00, closed at weekends (the example hours).
    return load_profile(DEFAULT_PROFILE_PATH)


@pytest.mark.parametrize(
    "local, expected",
    [
        (datetime(2026, 11, 23, 8, 59, tzinfo=LA), False),  # Monday, just before opening
        (datetime(2026, 11, 23, 9, 0, tzinfo=LA), True),
        (datetime(2026, 11, 23, 17, 59, tzinfo=LA), True),
        (datetime(2026, 11, 23, 18, 0, tzinfo=LA), False),  # closing time is closed
        (datetime(2026, 11, 27, 17, 30, tzinfo=LA), False),  # Friday closes at 17:00
        (datetime(2026, 11, 28, 12, 0, tzinfo=LA), False),  # Saturday
    ],
)
def test_open_within_the_days_hours(
    profile: ClinicProfile, local: datetime, expected: bool
) -> None:
    assert is_open(profile, local) is expected
    assert is_open(profile, local.astimezone(UTC)) is expected  # any zone means the same instant


def test_the_first_location_is_the_default(profile: ClinicProfile) -> None:
    assert location_of(profile).name == "Los Angeles"
    assert location_of(profile, "sedona").timezone == "America/Phoenix"
    with pytest.raises(ValueError, match="unknown location"):
        location_of(profile, "Atlantis")


def test_arizona_differs_from_california_in_winter_not_in_summer(profile: ClinicProfile) -> None:
    # Winter: Phoenix (MST, UTC-7) is an hour ahead of Los Angeles (PST, UTC-8).
    winter = datetime(2026, 1, 12, 16, 30, tzinfo=UTC)  # 8:30 in LA, 9:30 in Sedona
    assert not is_open(profile, winter)
    assert is_open(profile, winter, "Sedona")
    # Summer: Los Angeles is on PDT (UTC-7), the same as Phoenix all year.
    summer = datetime(2026, 7, 13, 16, 30, tzinfo=UTC)  # 9:30 in both
    assert is_open(profile, summer) and is_open(profile, summer, "Sedona")


def test_opening_hours_follow_the_wall_clock_across_dst(profile: ClinicProfile) -> None:
    # US DST began on Sunday 8 March 2026: 9:00 in LA is 17:00 UTC before, 16:00 UTC after.
    assert is_open(profile, datetime(2026, 3, 6, 17, 0, tzinfo=UTC))  # Friday, 9:00 PST
    assert not is_open(profile, datetime(2026, 3, 9, 15, 30, tzinfo=UTC))  # Monday, 8:30 PDT
    assert is_open(profile, datetime(2026, 3, 9, 16, 0, tzinfo=UTC))  # Monday, 9:00 PDT
    opening = next_opening(profile, datetime(2026, 3, 7, 1, 0, tzinfo=UTC))  # Fri 17:00 PST
    assert opening == datetime(2026, 3, 9, 9, 0, tzinfo=LA)
    assert opening.utcoffset() is not None and opening.utcoffset().total_seconds() == -7 * 3600


def test_next_opening_skips_closed_days(profile: ClinicProfile) -> None:
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=LA)
    assert next_opening(profile, friday_evening) == datetime(2026, 11, 30, 9, 0, tzinfo=LA)
    early = datetime(2026, 11, 24, 7, 0, tzinfo=LA)
    assert next_opening(profile, early) == datetime(2026, 11, 24, 9, 0, tzinfo=LA)
    during = datetime(2026, 11, 24, 11, 15, tzinfo=LA)
    assert next_opening(profile, during) == during  # open now


def test_next_opening_in_the_locations_zone(profile: ClinicProfile) -> None:
    saturday = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    opening = next_opening(profile, saturday, "Sedona")
    assert opening == datetime(2026, 11, 30, 9, 0, tzinfo=PHOENIX)
    assert opening.astimezone(UTC).hour == 16


def test_the_window_is_described_for_a_confirmation(profile: ClinicProfile) -> None:
    window = next_window(profile, datetime(2026, 11, 27, 18, 0, tzinfo=LA))
    assert describe_window(window) == "Monday, Nov 30 between 9:00 AM and 6:00 PM PST"
    friday = next_window(profile, datetime(2026, 7, 24, 8, 0, tzinfo=PHOENIX), "Sedona")
    assert describe_window(friday) == "Friday, Jul 24 between 9:00 AM and 5:00 PM MST"


def test_naive_times_are_refused(profile: ClinicProfile) -> None:
    with pytest.raises(ValueError, match="naive"):
        is_open(profile, datetime(2026, 11, 23, 10, 0))
    with pytest.raises(ValueError, match="naive"):
        next_opening(profile, datetime(2026, 11, 23, 10, 0))


def test_a_profile_without_any_hours_has_no_next_opening(profile: ClinicProfile) -> None:
    closed = profile.copy(deep=True)
    closed.hours.weekly = {day: None for day in closed.hours.weekly}
    assert not is_open(closed, datetime(2026, 11, 23, 10, 0, tzinfo=LA))
    with pytest.raises(ValueError, match="no opening hours"):
        next_opening(closed, datetime(2026, 11, 23, 10, 0, tzinfo=LA))


def test_a_time_skipped_by_dst_moves_forward() -> None:
    profile = load_profile(DEFAULT_PROFILE_PATH).copy(deep=True)
    profile.hours.weekly["sunday"] = (time(2, 30), time(4, 0))  # 2:30 does not exist on 8 March
    opening = next_opening(profile, datetime(2026, 3, 8, 0, 0, tzinfo=LA))
    assert opening.astimezone(UTC) == datetime(2026, 3, 8, 10, 30, tzinfo=UTC)  # 3:30 PDT
