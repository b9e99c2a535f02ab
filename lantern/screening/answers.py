"""What people type, read as the screening's canonical answers.

Every interpreter returns a canonical value, "skipped" when the person chose to skip, or
None when the text cannot be read with confidence: the form then asks again (with buttons)
instead of guessing. Long free-text answers count only when they open with the answer.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final, List, Literal, Sequence, Tuple, cast

from lantern.screening.numbers import NUMBER, numbers_in, to_number
from lantern.screening.questions import (
    SEVERITY_CHOICES,
    SKIPPED,
    Kind,
    get_question,
)
from lantern.screening.text import PhraseTable, clear_matches, normalize, without_courtesy

YesNo = Literal["yes", "no", "vague", "skipped"]
Severity = Literal["none", "mild", "moderate", "severe", "skipped"]
DaysSince = int | Literal["never", "skipped"]
DaysInMonth = int | Literal["skipped"]
Answer = str | int

NEVER: Final = "never"
SHORT_ANSWER_WORDS = 6
"""Answers up to this many words may hold the answer anywhere; longer ones must open with it."""

# --- skip and exit ---------------------------------------------------------------------------

_SKIP = PhraseTable(
    {
        "skip": (
            "skip",
            "skp",
            "sikp",
            "/skip",
            "skip it",
            "skip this",
            "skip this one",
            "skip that",
            "skip that one",
            "skip the question",
            "skip this question",
            "pass",
            "i pass",
            "i will pass",
            "ill pass",
            "next",
            "next question",
            "rather not say",
            "id rather not say",
            "i would rather not say",
            "rather not answer",
            "id rather not answer",
            "id rather not",
            "prefer not to say",
            "prefer not to answer",
            "i prefer not to say",
            "i prefer not to answer",
            "id prefer not to say",
            "id prefer not to answer",
            "no comment",
            "dont want to answer",
            "i dont want to answer",
            "i dont want to answer that",
            "not comfortable answering",
            "im not comfortable answering",
            "decline",
            "i decline",
            "decline to answer",
        )
    }
)
_ZERO = {"0", "zero"}

_EXIT = PhraseTable(
    {
        "exit": tuple(
            f"{verb} {what}".strip()
            for verb in ("exit", "stop", "end", "quit", "cancel", "leave", "finish")
            for what in (
                "",
                "screening",
                "the screening",
                "this screening",
                "screen",
                "survey",
                "the survey",
                "the questions",
                "these questions",
                "this",
                "here",
            )
        )
        + (
            "/exit",
            "exit screeening",
            "exit scrrening",
            "no more questions",
            "enough questions",
            "never mind",
            "nevermind",
            "forget it",
            "i dont want to do the screening",
            "i dont want to do this screening",
            "i dont want to answer any more questions",
            "i dont want to answer more questions",
        )
    }
)


def is_skip(text: str, *, zero_skips: bool = True) -> bool:
    """A skip word: "skip", "pass", "rather not say" (and "0" unless 0 is an answer here)."""
    core = without_courtesy(text)
    if core in _ZERO:
        return zero_skips
    return _SKIP.whole(core) is not None


def is_exit(text: str) -> bool:
    """A request to stop the screening: "exit screening", "stop the screening", "never mind".

    The screening offers only "exit screening". Bare STOP, QUIT, CANCEL and END are
    recognised too, since someone on the website may type them, but never suggested: over
    SMS they opt the number out of every text from the clinic.
    """
    return _EXIT.whole(without_courtesy(text)) is not None


# --- yes / no ----------------------------------------------------------------------------------

_YES_NO = PhraseTable(
    {
        "yes": (
            "yes",
            "yse",
            "ys",
            "yeas",
            "ues",
            "yeah",
            "yea",
            "yeh",
            "yah",
            "ya",
            "ye",
            "y",
            "yep",
            "yup",
            "yas",
            "yessir",
            "yes maam",
            "yes sir",
            "yes i have",
            "yes i did",
            "uh huh",
            "mhm",
            "sure",
            "for sure",
            "of course",
            "i have",
            "ive",
            "i did",
            "i do",
            "definitely",
            "absolutely",
            "certainly",
            "totally",
            "indeed",
            "correct",
            "true",
            "affirmative",
            "/affirm",
            "affirm",
            "all the time",
            "a lot",
            "every day",
            "often",
            "once",
            "once or twice",
            "a few times",
            "several times",
            "many times",
        ),
        "no": (
            "no",
            "n",
            "nope",
            "nop",
            "nah",
            "naw",
            "nay",
            "no maam",
            "no sir",
            "hell no",
            "no way",
            "not really",
            "never",
            "i never",
            "ive never",
            "i have never",
            "never have",
            "i havent",
            "havent",
            "i have not",
            "have not",
            "i did not",
            "i didnt",
            "didnt",
            "i dont",
            "i do not",
            "not at all",
            "definitely not",
            "absolutely not",
            "of course not",
            "certainly not",
            "i dont think so",
            "dont think so",
            "i guess not",
            "probably not",
            "not that i know of",
            "nothing like that",
            "not me",
            "none",
            "nothing",
            "negative",
            "/deny",
            "deny",
        ),
        "vague": (
            "vague",
            "kinda",
            "kind of",
            "sort of",
            "sorta",
            "maybe",
            "mayb",
            "sometimes",
            "occasionally",
            "now and then",
            "every now and then",
            "here and there",
            "on and off",
            "off and on",
            "idk",
            "i dont know",
            "dont know",
            "i do not know",
            "dunno",
            "i guess",
            "i guess so",
            "i think so",
            "think so",
            "a little",
            "a little bit",
            "a bit",
            "little bit",
            "somewhat",
            "partly",
            "not sure",
            "im not sure",
            "not really sure",
            "unsure",
            "no idea",
            "possibly",
            "perhaps",
            "probably",
            "could be",
            "hard to say",
            "it depends",
            "depends",
            "yes and no",
            "meh",
        ),
    }
)


def interpret_yes_no(text: str) -> YesNo | None:
    """ "yes", "no", "vague" (unsure, partly, sometimes), "skipped", or None if unclear.

    Mixed signals ("yes and no", "no... well sometimes") are vague: for the C-SSRS
    questions the scoring counts vague as yes, which errs on the side of a call.
    """
    if is_skip(text):
        return SKIPPED
    matches = clear_matches(text, _YES_NO.scan(text), SHORT_ANSWER_WORDS)
    labels = {match.label for match in matches}
    if not labels:
        return None
    if "vague" in labels or len(labels) > 1:
        return "vague"
    label = labels.pop()
    return "yes" if label == "yes" else "no"


# --- severity ----------------------------------------------------------------------------------

_STRONG = ("pretty", "really", "very", "so", "super", "extremely", "incredibly", "too", "quite")
_SEVERITY = PhraseTable(
    {
        "none": (
            "none",
            "no",
            "nope",
            "nah",
            "zero",
            "nothing",
            "not at all",
            "not really",
            "never",
            "none at all",
            "no withdrawal",
            "no cravings",
            "no craving",
            "i dont have any",
            "dont have any",
            "fine",
            "im fine",
            "im good",
            "all good",
            "not any",
        ),
        "mild": (
            "mild",
            "mildly",
            "a little",
            "a little bit",
            "little bit",
            "a bit",
            "a tiny bit",
            "slight",
            "slightly",
            "light",
            "low",
            "minor",
            "minimal",
            "barely",
            "weak",
            "kinda",
            "not bad",
            "not too bad",
            "not that bad",
            "not very bad",
            "not so bad",
            "not strong",
            "not too strong",
            "not that strong",
            "not very strong",
            "manageable",
            "meh",
        ),
        "moderate": (
            "moderate",
            "moderately",
            "medium",
            "middle",
            "in the middle",
            "in between",
            "average",
            "some",
            "somewhat",
            "so so",
            "bad",
            "noticeable",
            "fairly strong",
            "fairly bad",
            "quite a bit",
            "strongish",
        ),
        "severe": (
            "severe",
            "severely",
            "strong",
            "intense",
            "extreme",
            "terrible",
            "awful",
            "horrible",
            "unbearable",
            "overwhelming",
            "worst",
            "the worst",
            "high",
            "heavy",
            "a lot",
            "cant handle it",
            "cant cope",
            "out of control",
        )
        + tuple(f"{word} {what}" for word in _STRONG for what in ("bad", "strong", "high")),
    }
)
_RATING = re.compile(r"(\d+(?:\.\d+)?)(?: ?(?:/|out of) ?10)?")
_RATING_FILLER = {"to", "or", "maybe", "like", "about", "around", "a", "an", "its", "i", "say"}


def severity_of_score(score: float) -> str | None:
    """0 none, 1 to 3 mild, 4 to 6 moderate, 7 to 10 severe; outside 0 to 10 unknown."""
    if not 0 <= score <= 10:
        return None
    if score == 0:
        return "none"
    if score < 4:
        return "mild"
    if score < 7:
        return "moderate"
    return "severe"


def interpret_severity(text: str) -> Severity | None:
    """ "none", "mild", "moderate", "severe", "skipped", or None.

    Words ("a little", "pretty bad", "really strong") or a 0 to 10 rating ("7", "8/10").
    "0" is a rating here, not the skip word. Two levels ("mild to moderate", "6 or 7")
    give the higher one.
    """
    if is_skip(text, zero_skips=False):
        return SKIPPED
    normal = normalize(text)
    ratings = _ratings(normal)
    if ratings:
        levels = [severity_of_score(rating) for rating in ratings]
        return _highest(levels) if None not in levels else None
    matches = clear_matches(text, _SEVERITY.scan(text), SHORT_ANSWER_WORDS)
    return _highest([match.label for match in matches]) if matches else None


def _ratings(normal: str) -> Tuple[float, ...]:
    """The ratings when the answer is numbers only ("7", "6-7", "8 out of 10")."""
    if set(_RATING.sub(" ", normal).split()) - _RATING_FILLER:
        return ()
    return tuple(float(found.group(1)) for found in _RATING.finditer(normal))


def _highest(levels: Sequence[str | None]) -> Severity:
    return cast(Severity, max(levels, key=lambda level: SEVERITY_CHOICES.index(level or "")))


# --- when last used ----------------------------------------------------------------------------

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
    matches = clear_matches(text, _DAYS_IN_MONTH.scan(text), SHORT_ANSWER_WORDS)
    if matches:
        return max(int(match.label) for match in matches)
    numbers = numbers_in(normal)
    if numbers and all(0 <= number <= DAYS_IN_MONTH_MAX for number in numbers):
        return int(max(numbers))
    return None


# --- any question ------------------------------------------------------------------------------

FREE_TEXT_MAX = 200


def interpret_free_text(text: str) -> str | None:
    """The answer as typed, on one line and at most 200 characters; None when empty."""
    if is_skip(text):
        return SKIPPED
    answer = " ".join(text.split())[:FREE_TEXT_MAX]
    return answer or None


def interpret_answer(question_id: str, text: str, today: date | None = None) -> Answer | None:
    """The canonical answer to this question, "skipped", or None (ask again).

    Check `is_exit` first: an exit request is not an answer.
    """
    question = get_question(question_id)
    if question.kind is Kind.YES_NO:
        return interpret_yes_no(text)
    if question.kind is Kind.SEVERITY:
        level = interpret_severity(text)
        if level is None or level == SKIPPED:
            return level
        return question.choices[SEVERITY_CHOICES.index(level)]
    if question.kind is Kind.DAYS_SINCE:
        return interpret_days_since(text, today)
    if question.kind is Kind.DAYS_IN_MONTH:
        return interpret_days_in_month(text)
    return interpret_free_text(text)
