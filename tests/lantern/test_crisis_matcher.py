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
        # a question about the writer's own state is still a crisis
        ("is it normal to want to die every day?", "suicide"),
        ("why do i keep wanting to hurt myself", "self_harm"),
        ("how do i get my husband to stop hitting me", "abuse"),
        ("why do i keep thinking about killing my husband", "danger_to_others"),
        ("i don't want to live anymore", "suicide"),
        # indirect wishes, finality and means, without a listed phrase
        ("im so tired of existing", "suicide"),
        ("i'd be better off gone", "suicide"),
        ("i dont have anything left to live for", "suicide"),
        ("my brother keeps asking how many pills would be enough", "suicide"),
        ("my son is in his car in the garage and the engine is on", "suicide"),
        ("he said if i leave him he'll find me and kill me", "abuse"),
        ("my parents lock me in my room for days", "abuse"),
        ("i want to run my ex's new boyfriend over with my truck", "danger_to_others"),
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
        # topic questions and resolved past events, in every category
        "what are warning signs of suicide",
        "how do I talk to my teen about suicide",
        "is suicide risk higher on cocaine",
        "i don't want to die",
        "I attempted years ago, doing well now",
        "i tried to end my life in 2016, i've been in therapy since and doing well",
        # idioms
        "i overdosed on netflix this weekend instead of using, progress?",
        "my boss will kill me if i'm late again, do you have a 7am slot",
        "hit me up when you have openings",
        "i'm so over this cold weather, i want to die lol jk",
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
