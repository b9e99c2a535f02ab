"""Day counts from what people write: when they last used, and on how many of 30 days.

Durations and dates in answers are a closed set of everyday phrases, many of them durations
rather than dates ("been clean 6 months"), so small tables that the tests pin down read them
instead of a date-parsing library.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final, List, Literal, Tuple

from lantern.screening.commands import is_skip
from lantern.screening.numbers import NUMBER, numbers_in, to_number
from lantern.screening.questions import SKIPPED
from lantern.screening.text import PhraseTable, clear_matches, normalize

DaysSince = int | Literal["never", "skipped"]
DaysInMonth = int | Literal["skipped"]

NEVER: Final = "never"

_NEVER = PhraseTable(
    {
        NEVER: (
            "never",
            "not ever",
            "never used",
            "never have",
            "i never have",
            "i never used",
            "i have never used",
            "ive never used",
            "never used it",
            "never tried it",
            "i never did",
        )
    },
    squashed=False,
)
_SINCE_WORDS = PhraseTable(
    {
        "0": (
            "today",
            "tonight",
            "this morning",
            "this afternoon",
            "this evening",
            "earlier today",
            "right now",
            "now",
            "currently",
            "still using",
            "just now",
            "as we speak",
            "an hour ago",
            "a few hours ago",
            "hours ago",
            "few hours ago",
            "couple hours ago",
            "a couple hours ago",
            "minutes ago",
        ),
        # A night is counted with the day before it (a calendar-day count).
        "1": ("yesterday", "yday", "yesterdy", "yestrday", "ystrdy", "last night"),
        "2": ("day before yesterday", "the day before yesterday"),
        "3": ("this week", "earlier this week", "days ago", "a few days"),
        "7": ("last week", "past week", "the past week"),
        "14": ("weeks ago", "a couple weeks", "couple weeks"),
        "15": ("this month", "earlier this month"),
        "30": ("last month", "past month", "the past month"),
        "60": ("months ago",),
        "365": ("last year", "the past year"),
        "730": ("years ago",),
    },
    squashed=False,
)
_UNIT_DAYS = {"h": 1 / 24, "d": 1, "w": 7, "m": 30, "y": 365}
_DURATION = re.compile(
    rf"(?<![a-z0-9.])(?P<number>{NUMBER})(?P<half> and a half)? ?"
    r"(?P<unit>hours?|hrs?|days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
    r"(?P<half_after> and a half)?(?![a-z])"
)
_USING = re.compile(r"\b(?:using|use|used|addicted|habit)\b")
_ABSTAINING = re.compile(r"\b(?:clean|sober|quit|stopped|off|havent|hasnt|not used|without)\b")
_WEEKDAY_NAMES = {
    **{
        day: index
        for index, day in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    "tues": 1,
    "weds": 2,
    "thurs": 3,
}
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAY_NAMES) + r")\b")
_WEEKEND = re.compile(r"\bweekend\b")
_MONTH_WORDS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS = {name: index for index, name in enumerate(_MONTH_WORDS, start=1)}
_MONTHS.update({name[:3]: index for name, index in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(rf"\b({_MONTH_NAMES}) ([0-3]?\d)(?:st|nd|rd|th)?\b")
_DAY_MONTH = re.compile(rf"\b([0-3]?\d)(?:st|nd|rd|th)? (?:of )?({_MONTH_NAMES})\b")
_MONTH_ALONE = re.compile(
    rf"(?:^|\b(?:in|since|last|early|mid|late|around|before) )({_MONTH_NAMES})$"
)
_NUMERIC_DATE = re.compile(r"\b(1[0-2]|0?[1-9])/([0-3]?\d)(?:/(\d{4}|\d{2}))?\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
MAX_DAYS = 36_500


def interpret_days_since(text: str, today: date | None = None) -> DaysSince | None:
    """Days since the last use (0 = today), "never", "skipped", or None.

    Reads relative words ("today", "last night" = 1, "last month" = 30), durations ("2 days
    ago", "a couple weeks", "been clean 6 months"; a month is 30 days, a year 365), weekdays,
    and dates ("March 3", "3/14", "in May" = the 15th, or halfway through the month so
    far for the current one, "since 2019" = 1 July). Several
    mentions give the most recent: "clean 6 months till last week" is 7.
    """
    if is_skip(text):
        return SKIPPED
    if _NEVER.whole(text):
        return NEVER
    today = today or date.today()
    durations, rest = _durations(normalize(text))
    candidates = durations + [int(match.label) for match in _SINCE_WORDS.scan(rest)]
    candidates += _weekdays(rest, today) + _dates(rest, today)
    plausible = [days for days in candidates if 0 <= days <= MAX_DAYS]
    return min(plausible) if plausible else None


def _durations(normal: str) -> Tuple[List[int], str]:
    """Days of each duration ("2 days ago", "a month and a half") and the text without them.

    A duration of use ("been using for 10 years") is not a time since last use.
    """
    found: List[int] = []
    rest = normal
    for match in _DURATION.finditer(normal):
        rest = rest[: match.start()] + " " * len(match.group()) + rest[match.end() :]
        before = normal[: match.start()]
        if before.endswith("for ") and _USING.search(normal) and not _ABSTAINING.search(normal):
            continue
        number = to_number(match.group("number"))
        if number is None:
            continue
        if match.group("half") or match.group("half_after"):
            number += 0.5
        found.append(int(number * _UNIT_DAYS[match.group("unit")[0]]))
    return found, " ".join(rest.split())


def _weekdays(normal: str, today: date) -> List[int]:
    """ "on Saturday", "last friday", "over the weekend": the latest such day before today."""
    found = [
        (today.weekday() - _WEEKDAY_NAMES[match.group(1)]) % 7 or 7
        for match in _WEEKDAY.finditer(normal)
    ]
    if _WEEKEND.search(normal):
        found.append(0 if today.weekday() >= 5 else today.weekday() + 1)
    return found


def _dates(normal: str, today: date) -> List[int]:
    """ "March 3", "3rd of march", "3/14", "3/14/2024", "in May", "since 2019"."""
    moments: List[date] = []
    for month, day in [(m.group(1), m.group(2)) for m in _MONTH_DAY.finditer(normal)] + [
        (m.group(2), m.group(1)) for m in _DAY_MONTH.finditer(normal)
    ]:
        moments += _past_date(today, _MONTHS[month], int(day))
    for match in _NUMERIC_DATE.finditer(normal):
        year = match.group(3)
        full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
        moments += _past_date(today, int(match.group(1)), int(match.group(2)), full_year)
    alone = _MONTH_ALONE.search(normal)
    if alone and not moments:
        month = _MONTHS[alone.group(1)]
        if month == today.month:
            moments.append(today.replace(day=(today.day + 1) // 2))
        else:
            moments += _past_date(today, month, 15)
    if not moments:
        years = [int(year) for year in _YEAR.findall(normal)]
        moments += [date(year, 7, 1) for year in years if year < today.year]
        moments += [date(year, 1, 1) for year in years if year == today.year]
    return [(today - moment).days for moment in moments]


def _past_date(today: date, month: int, day: int, year: int | None = None) -> List[date]:
    """The date on or before today; a date without a year is this year's or last year's."""
    try:
        moment = date(year or today.year, month, day)
        if year is None and moment > today:
            moment = date(today.year - 1, month, day)
    except ValueError:
        return []
    return [moment] if moment <= today else []


# --- days used in the past 30 ------------------------------------------------------------------

_DAYS_IN_MONTH = PhraseTable(
    {
        "30": (
            "every day",
            "everyday",
            "daily",
            "every single day",
            "each day",
            "all of them",
            "all",
            "all 30",
            "all month",
            "every day of the month",
            "constantly",
            "all the time",
            "nonstop",
            "24/7",
        ),
        "25": (
            "almost every day",
            "nearly every day",
            "pretty much every day",
            "almost daily",
            "nearly daily",
            "most every day",
        ),
        "20": ("most days", "most of them", "most of the days", "most of the month", "most"),
        "15": (
            "every other day",
            "every second day",
            "half",
            "half of them",
            "half the time",
            "about half",
            "half the days",
            "half the month",
        ),
        "8": (
            "weekends",
            "weekend",
            "on weekends",
            "on the weekends",
            "the weekends",
            "every weekend",
            "weekends only",
            "only weekends",
            "only on weekends",
        ),
        "4": ("every other weekend", "weekly", "every week"),
        "3": ("a few", "a few days", "a few times", "few", "several", "several days"),
        "2": ("a couple", "a couple of days", "a couple days", "a couple times", "couple", "twice"),
        "1": ("once", "one time", "just once", "only once", "one day", "just one day"),
        "0": (
            "none",
            "no",
            "nope",
            "nah",
            "never",
            "not at all",
            "zero",
            "no days",
            "not once",
            "none of them",
            "i havent",
            "havent",
            "i didnt",
            "didnt",
            "not in the past month",
            "not this month",
        ),
    },
    squashed=False,
)
_PER_WEEK = re.compile(
    rf"(?<![a-z0-9.])(?P<number>{NUMBER}|once|twice) ?(?:days?|times?|x|nights?)? ?"
    r"(?:a|per|each|every|/|in a) ?(?:week|wk)\b"
)
DAYS_IN_MONTH_MAX = 30


def interpret_days_in_month(text: str) -> DaysInMonth | None:
    """Days used in the past 30 (0 to 30), "skipped", or None.

    Numbers ("like 10", "ten", "10-15" gives the higher 15; over 30 is not understood), a
    week counted as 4 ("weekends" 8, "3 days a week" 12, "7 days a week" 30), and a few
    documented estimates: "every day" 30, "almost every day" 25, "most days" 20, "every other
    day" or "half" 15, "a few" 3, "a couple" 2, "once" 1, "none" 0. "Sometimes" and
    "rarely" are not numbers: the form asks again. "0" is an answer here, not the skip word.
    """
    if is_skip(text, zero_skips=False):
        return SKIPPED
    normal = normalize(text)
    per_week = _PER_WEEK.search(normal)
    if per_week:
        word = per_week.group("number")
        times = {"once": 1.0, "twice": 2.0}.get(word) or to_number(word) or 0.0
        if 0 < times <= 7:
            return DAYS_IN_MONTH_MAX if times == 7 else int(times * 4)
        return None
    matches = clear_matches(text, _DAYS_IN_MONTH.scan(text))
    if matches:
        return max(int(match.label) for match in matches)
    numbers = numbers_in(normal)
    if numbers and all(0 <= number <= DAYS_IN_MONTH_MAX for number in numbers):
        return int(max(numbers))
    return None
