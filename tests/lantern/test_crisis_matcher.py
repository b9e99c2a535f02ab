"""The deterministic crisis layer on hand-written cases (the evaluation set is kept apart)."""

import pytest

from lantern.crisis.matcher import CrisisMatcher, load_matcher, normalise


@pytest.fixture(scope="module")
def matcher() -> CrisisMatcher:
    return load_matcher()


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("i want to kill myself", "suicide"),
        ("kms", "suicide"),
        ("I’M GONNA END IT ALL TONIGHT", "suicide"),
        ("my son says he wants to end his life", "suicide"),
        ("my friend took too much and wont wake up", "overdose_now"),
        ("my chest hurts really bad after doing lines", "medical_emergency"),
        ("she is having a seizure", "medical_emergency"),
        ("my stepdad hits me", "abuse"),
    ],
)
def test_crisis_messages_are_caught(matcher: CrisisMatcher, message: str, category: str) -> None:
    signal = matcher.detect(message)
    assert signal is not None, message
    assert signal.category == category


@pytest.mark.parametrize(
    "message",
    [
        "this craving is killing me, what helps with withdrawal",
        "i'm dying to know if you take cigna",
        "what are the signs of a cocaine overdose?",
        "my brother overdosed two years ago and is doing well now",
        "",
        "   ",
    ],
)
def test_look_alikes_are_not(matcher: CrisisMatcher, message: str) -> None:
    assert matcher.detect(message) is None


def test_hidden_characters_and_curly_quotes_do_not_hide_a_crisis(matcher: CrisisMatcher) -> None:
    assert normalise("I\u200bM  “FINE”") == 'im "fine"'
    assert matcher.detect("i wan\u200bt to kill my\u200bself") is not None


def test_a_present_emergency_after_a_resolved_past_one_still_counts(matcher: CrisisMatcher) -> None:
    message = "he overdosed years ago and is fine now but tonight he took too much and wont wake up"
    assert matcher.detect(message) is not None
