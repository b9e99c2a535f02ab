"""Reading what people type: every interpretation table, skip and exit words."""

from datetime import date

import pytest

from lantern.screening import (
    NEVER,
    SKIPPED,
    interpret_answer,
    interpret_days_in_month,
    interpret_days_since,
    interpret_free_text,
    interpret_severity,
    interpret_yes_no,
    is_exit,
    is_skip,
)

# A Wednesday, so weekday answers have fixed results.
TODAY = date(2025, 6, 11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # yes, as typed on phones
        ("yes", "yes"),
        ("Yes!", "yes"),
        ("YESSS", "yes"),
        ("yse", "yes"),
        ("y", "yes"),
        ("yeah", "yes"),
        ("yep", "yes"),
        ("ya", "yes"),
        ("yes ma'am", "yes"),
        ("yes ma’am", "yes"),
        ("sure", "yes"),
        ("i have", "yes"),
        ("I've", "yes"),
        ("definitely", "yes"),
        ("yes definitely", "yes"),
        ("yes, last week it was bad", "yes"),
        ("👍", "yes"),
        ("👍🏽", "yes"),
        ("/affirm", "yes"),
        # no
        ("no", "no"),
        ("No.", "no"),
        ("Noooo", "no"),
        ("n", "no"),
        ("nope", "no"),
        ("nah", "no"),
        ("not really", "no"),
        ("never", "no"),
        ("i haven't", "no"),
        ("I havent", "no"),
        ("not at all", "no"),
        ("no, never", "no"),
        ("no i haven't", "no"),
        ("I have never done that", "no"),
        ("i guess not", "no"),
        ("probably not", "no"),
        ("👎", "no"),
        ("/deny", "no"),
        # unsure or partly
        ("kinda", "vague"),
        ("sort of", "vague"),
        ("maybe", "vague"),
        ("sometimes", "vague"),
        ("idk", "vague"),
        ("i dont know", "vague"),
        ("i guess", "vague"),
        ("a little", "vague"),
        ("on and off", "vague"),
        ("not sure", "vague"),
        ("not really sure", "vague"),
        ("no idea", "vague"),
        ("yeah kinda", "vague"),
        ("yes and no", "vague"),
        ("🤷", "vague"),
        # skipped
        ("skip", SKIPPED),
        ("Skip please", SKIPPED),
        ("can we skip", SKIPPED),
        ("0", SKIPPED),
        ("pass", SKIPPED),
        ("rather not say", SKIPPED),
        ("I'd rather not say", SKIPPED),
        ("prefer not to answer", SKIPPED),
        # not understood: the form asks again
        ("", None),
        ("hmm", None),
        ("ok", None),
        ("what do you mean", None),
        ("it has been a hard month and I do not really want to talk", None),
    ],
)
def test_interpret_yes_no(text: str, expected: str | None) -> None:
    assert interpret_yes_no(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", 0),
        ("this morning", 0),
        ("right now", 0),
        ("an hour ago", 0),
        ("3 hours ago", 0),
        ("last night", 1),
        ("yesterday", 1),
        ("Yesterday.", 1),
        ("day before yesterday", 2),
        ("2 days ago", 2),
        ("two days ago", 2),
        ("couple days ago", 2),
        ("a couple of days ago", 2),
        ("few days ago", 3),
        ("5 days ago", 5),
        ("a week ago", 7),
        ("last week", 7),
        ("1.5 weeks", 10),
        ("two weeks ago", 14),
        ("3 weeks", 21),
        ("last month", 30),
        ("a month and a half ago", 45),
        ("3 months ago", 90),
        ("been clean 6 months", 180),
        ("6mo", 180),
        ("a year", 365),
        ("clean for 2 weeks", 14),
        ("clean 6 months till last week", 7),
        ("using for 10 years, last time yesterday", 1),
        # weekdays before a Wednesday
        ("on saturday", 4),
        ("last friday", 5),
        ("monday", 2),
        ("wednesday", 7),
        ("over the weekend", 3),
        # dates
        ("March 3", 100),
        ("3rd of march", 100),
        ("3/14", 89),
        ("6/20", 356),
        ("12/25/2024", 168),
        ("in May", 27),
        ("in june", 5),
        ("since 2019", 2172),
        ("never", NEVER),
        ("I have never used", NEVER),
        ("skip", SKIPPED),
        ("0", SKIPPED),
        ("a while ago", None),
        ("been using for 10 years", None),
        ("hmm", None),
        ("3", None),
    ],
)
def test_interpret_days_since(text: str, expected: int | str | None) -> None:
    assert interpret_days_since(text, today=TODAY) == expected


def test_days_since_defaults_to_today() -> None:
    assert interpret_days_since("2 days ago") == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every day", 30),
        ("Everyday", 30),
        ("daily", 30),
        ("all 30", 30),
        ("24/7", 30),
        ("7 days a week", 30),
        ("almost every day", 25),
        ("most days", 20),
        ("I used most days", 20),
        ("every other day", 15),
        ("about half", 15),
        ("like 10", 10),
        ("ten", 10),
        ("10ish", 10),
        ("twenty", 20),
        ("20 days", 20),
        ("10-15", 15),
        ("maybe 5 or 6", 6),
        ("3 days a week", 12),
        ("twice a week", 8),
        ("once a week", 4),
        ("weekends", 8),
        ("every weekend", 8),
        ("a few", 3),
        ("once", 1),
        ("none", 0),
        ("none of them", 0),
        ("0", 0),
        ("zero", 0),
        ("skip", SKIPPED),
        ("31", None),
        ("45", None),
        ("8 days a week", None),
        ("sometimes", None),
        ("rarely", None),
        ("hmm", None),
    ],
)
def test_interpret_days_in_month(text: str, expected: int | str | None) -> None:
    assert interpret_days_in_month(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("none", "none"),
        ("no", "none"),
        ("nothing", "none"),
        ("0", "none"),
        ("mild", "mild"),
        ("a little", "mild"),
        ("not bad", "mild"),
        ("not too bad", "mild"),
        ("1", "mild"),
        ("3", "mild"),
        ("moderate", "moderate"),
        ("medium", "moderate"),
        ("bad", "moderate"),
        ("so so", "moderate"),
        ("4", "moderate"),
        ("6", "moderate"),
        ("mild to moderate", "moderate"),
        ("severe", "severe"),
        ("strong", "severe"),
        ("really bad", "severe"),
        ("pretty bad", "severe"),
        ("it's pretty bad honestly", "severe"),
        ("very strong", "severe"),
        ("terrible", "severe"),
        ("7", "severe"),
        ("8/10", "severe"),
        ("8 out of 10", "severe"),
        ("10", "severe"),
        ("6 or 7", "severe"),
        ("skip", SKIPPED),
        ("11", None),
        ("yes", None),
        ("I feel kind of shaky and can't sleep", None),
    ],
)
def test_interpret_severity(text: str, expected: str | None) -> None:
    assert interpret_severity(text) == expected


@pytest.mark.parametrize(
    ("question_id", "text", "expected"),
    [
        ("cssrs_plan", "nope", "no"),
        ("red_flags", "0", SKIPPED),
        ("withdrawal", "really bad", "severe"),
        ("craving", "really bad", "strong"),
        ("craving", "2", "mild"),
        ("craving", "skip", SKIPPED),
        ("last_use", "yesterday", 1),
        ("use_days_30", "0", 0),
        ("use_days_30", "skip", SKIPPED),
        ("substance", "  cocaine,\n alcohol ", "cocaine, alcohol"),
        ("substance", "skip", SKIPPED),
        ("substance", "   ", None),
    ],
)
def test_interpret_answer_reads_each_kind(
    question_id: str, text: str, expected: int | str | None
) -> None:
    assert interpret_answer(question_id, text, today=TODAY) == expected


def test_free_text_is_kept_short() -> None:
    assert len(interpret_free_text("cocaine " * 100) or "") == 200


@pytest.mark.parametrize(
    ("text", "zero_skips", "expected"),
    [
        ("skip", True, True),
        ("SKIP", True, True),
        ("skipp", True, True),
        ("pass", True, True),
        ("0", True, True),
        ("0", False, False),
        ("skip this one please", True, True),
        ("prefer not to say", True, True),
        ("no", True, False),
        ("skipping meals", True, False),
    ],
)
def test_is_skip(text: str, zero_skips: bool, expected: bool) -> None:
    assert is_skip(text, zero_skips=zero_skips) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exit screening", True),
        ("Exit Screening", True),
        ("exit the screening", True),
        ("please exit the screening", True),
        ("stop the screening", True),
        ("stop screening now", True),
        ("never mind", True),
        ("no more questions", True),
        ("i want to stop", True),
        # typed on the website; never suggested (SMS opt-out words)
        ("STOP", True),
        ("quit", True),
        ("exit", True),
        ("skip", False),
        ("no", False),
        ("I want to stop using", False),
        ("how do I stop cravings", False),
    ],
)
def test_is_exit(text: str, expected: bool) -> None:
    assert is_exit(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my sister", "yes"),
        ("yeah my wife", "yes"),
        ("my AA sponsor", "yes"),
        ("roommate", "yes"),
        ("nobody really", "no"),
        ("i live alone", "no"),
        ("just me", "no"),
        ("nope", "no"),
        ("purple", None),
    ],
)
def test_support_is_read_from_who_it_is(text: str, expected: str | None) -> None:
    assert interpret_answer("home_support", text) == expected
