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
        # shorthand and typos
        ("wanna kms fr", "suicide"),
        ("i wanna dye", "suicide"),
        ("im cutting rn", "self_harm"),
        ("cant breath", "medical_emergency"),
        ("im od'ing", "overdose_now"),
        # structure rather than a listed phrase
        ("i swallowed everything in the medicine cabinet", "overdose_now"),
        ("i just took like 40 of my sleeping pills", "overdose_now"),
        ("i've been stockpiling my meds", "suicide"),
        ("everyone would be happier if i was dead", "suicide"),
        ("my heart rate is 190", "medical_emergency"),
        # third person
        ("my husband is on the roof saying he will jump", "suicide"),
        ("my son overdosed and he's blue", "overdose_now"),
        ("my friend is having a fit and won't stop jerking", "medical_emergency"),
        ("the kids are left alone for days while she uses", "abuse"),
        # the present beats a nearby past
        ("my dad died of an overdose when i was a kid. i want to kill myself", "suicide"),
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
        # questions, topics, negations, the past, idioms
        "can ketamine make you stop breathing",
        "if someone is suicidal can they still get ketamine?",
        "do I have to answer the question about wanting to die?",
        "i'm not suicidal, i just want to stop using",
        "years ago i tried to end my life, now i'm a counselor",
        "i used to want to die every day, now i just want to stay clean",
        "my insurance is blue cross",
        "laughed so hard i couldn't breathe",
        "i want to kill my cravings",
        "my dad says he'd kill me if he knew i used lol",
        "please cancel, i won't be around next week",
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
