"""The hand-off form's reading of replies, its order of questions and the staff summary."""

from __future__ import annotations

import re
from typing import Any, Dict, List

import pytest
import yaml

from lantern.clinic import load_profile
from lantern.handoff import prompts
from lantern.handoff.dialogue import (
    AS_SOON_AS_POSSIBLE,
    CONSENT,
    FAQ_INTENTS,
    PHONE,
    TIME,
    TurnKind,
    build_summary,
    insurance_result,
    is_decline,
    phone_candidate,
    read_consent,
    read_phone,
    read_time,
    read_turn,
    screening_tier,
    slot_after,
    topics_asked,
)
from lantern.paths import DEFAULT_PROFILE_PATH, PROJECT_ROOT
from lantern.phone import PhoneNumberError, normalise_phone

PERSON = "+13105550147"
# Words that would tell someone else looking at the screen what the call is about.
HEALTH_WORDS = re.compile(
    r"ketamine|cocaine|coke|drug|treat|therap|crisis|suicid|addict|overdose|rehab|substance|"
    r"screen|urgent|emergency|infusion|detox|withdraw|988|health|clinic\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "text",
    [
        "310 555 0147",
        "(310) 555-0147",
        "310.555.0147",
        "3105550147",
        "+1 310 555 0147",
        "1-310-555-0147",
        "my number is 310-555-0147",
        "call me at 310-555-0147 thanks",
        "its (310)555-0147, after 5 is best",
    ],
)
def test_a_phone_number_as_people_write_it(text: str) -> None:
    turn = read_phone(text)
    assert (turn.kind, turn.value) == (TurnKind.ANSWER, PERSON)


@pytest.mark.parametrize("text", ["555 0147", "12345", "310 555 01477 2", "+44 20 7946 0958"])
def test_a_bad_number_gets_the_person_readable_error_as_the_hint(text: str) -> None:
    turn = read_phone(text)
    assert turn.kind is TurnKind.UNCLEAR
    with pytest.raises(PhoneNumberError) as error:
        normalise_phone(phone_candidate(text))
    assert turn.hint == str(error.value)


def test_seven_digits_ask_for_the_area_code() -> None:
    hint = read_phone("555-0147").hint
    assert hint is not None and "area code" in hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("Yes please", "yes"),
        ("yeah thats fine", "yes"),
        ("sure", "yes"),
        ("ok", "yes"),
        ("okay go ahead", "yes"),
        ("sounds good", "yes"),
        ("please do", "yes"),
        ("no", "no"),
        ("nope", "no"),
        ("no thanks", "no"),
        ("not now", "no"),
        ("don't call me", "no"),
        ("never mind", "no"),
        ("maybe", None),
        ("i guess", None),
        ("skip", None),
        ("purple", None),
    ],
)
def test_consent_needs_an_explicit_yes(text: str, expected: str | None) -> None:
    assert read_consent(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", AS_SOON_AS_POSSIBLE),
        ("any time", AS_SOON_AS_POSSIBLE),
        ("whenever", AS_SOON_AS_POSSIBLE),
        ("asap", AS_SOON_AS_POSSIBLE),
        ("", AS_SOON_AS_POSSIBLE),
        ("  ", AS_SOON_AS_POSSIBLE),
        ("after 5", "after 5"),
        ("tomorrow   morning", "tomorrow morning"),
        ("not now, after 5 tomorrow", "not now, after 5 tomorrow"),
    ],
)
def test_a_good_time_is_kept_as_said(text: str, expected: str) -> None:
    assert read_time(text) == expected


def test_a_long_time_is_cut_and_never_keeps_a_long_number() -> None:
    kept = read_time("mornings, or call my other phone 3105550199, " + "really any time " * 10)
    assert len(kept) <= 80
    assert "3105550199" not in kept


@pytest.mark.parametrize(
    "text", ["no thanks", "No thank you.", "never mind", "nvm", "forget it", "don't call me"]
)
def test_declining(text: str) -> None:
    assert is_decline(text)


@pytest.mark.parametrize("text", ["now please", "im fine with any time", "not sure", "tomorrow"])
def test_not_declining(text: str) -> None:
    assert not is_decline(text)


def turn(asked: str, text: str, intent: str = "nlu_fallback", confidence: float = 0.3, **kw: Any):
    return read_turn(asked, text, intent, confidence, **kw)


def test_reading_the_phone_question() -> None:
    assert turn(PHONE, "310 555 0147").value == PERSON
    assert turn(PHONE, "no thanks", "deny", 0.9).kind is TurnKind.DECLINE
    assert turn(PHONE, "no", "deny", 0.9).kind is TurnKind.DECLINE
    assert turn(PHONE, "is this private?", "ask_privacy", 0.9).kind is TurnKind.QUESTION
    # A question the classifier is not sure of is read as a (bad) number.
    assert turn(PHONE, "is this private?", "ask_privacy", 0.4).kind is TurnKind.UNCLEAR
    nudge = turn(PHONE, "yes", "affirm", 0.9)
    assert (nudge.kind, nudge.hint) == (TurnKind.UNCLEAR, prompts.PHONE_NUDGE)
    assert turn(PHONE, "purple").hint == str(_error("purple"))


def _error(text: str) -> PhoneNumberError:
    try:
        normalise_phone(text)
    except PhoneNumberError as error:
        return error
    raise AssertionError("expected an error")


def test_reading_the_sms_offer_of_the_sender_number() -> None:
    def sms(text: str, intent: str = "nlu_fallback") -> TurnKind:
        return turn(PHONE, text, intent, 0.9, offering_sender=True).kind

    assert sms("yes", "affirm") is TurnKind.USE_SENDER
    assert sms("1. yes") is TurnKind.USE_SENDER
    assert sms("ok") is TurnKind.USE_SENDER
    assert sms("no", "deny") is TurnKind.ASK_NUMBER
    assert sms("another number") is TurnKind.ASK_NUMBER
    assert sms("call a different number") is TurnKind.ASK_NUMBER
    assert sms("no thanks", "deny") is TurnKind.DECLINE
    assert sms("310 555 0147") is TurnKind.ANSWER
    unclear = turn(PHONE, "purple", offering_sender=True)
    assert (unclear.kind, unclear.hint) == (TurnKind.UNCLEAR, prompts.SENDER_NUDGE)


def test_reading_the_consent_question() -> None:
    assert turn(CONSENT, "yes", "affirm", 0.9).value == "yes"
    assert turn(CONSENT, "no", "deny", 0.9).kind is TurnKind.DECLINE
    assert turn(CONSENT, "maybe").kind is TurnKind.UNCLEAR
    assert turn(CONSENT, "how much does it cost?", "cost", 0.9).kind is TurnKind.QUESTION
    # A yes with a question is a yes: the question can be asked again after.
    assert turn(CONSENT, "yes but is it private?", "ask_privacy", 0.9).value == "yes"


def test_reading_the_time_question() -> None:
    assert turn(TIME, "after 5").value == "after 5"
    assert turn(TIME, "whenever").value == AS_SOON_AS_POSSIBLE
    assert turn(TIME, "never mind").kind is TurnKind.DECLINE
    assert turn(TIME, "what are your hours?", "clinic", 0.9).kind is TurnKind.QUESTION
    # An answer the classifier took for a question is still an answer.
    assert turn(TIME, "mornings", "clinic", 0.9).value == "mornings"


def test_the_order_of_questions() -> None:
    assert slot_after(PHONE, open_now=True) == CONSENT
    assert slot_after(PHONE, open_now=False) == CONSENT
    assert slot_after(CONSENT, open_now=False) == TIME
    assert slot_after(CONSENT, open_now=True) is None  # open: the call is placed at once
    assert slot_after(TIME, open_now=False) is None


def user(intent: str, key: str | None = None) -> Dict[str, Any]:
    parse: Dict[str, Any] = {"intent": {"name": intent, "confidence": 0.9}}
    if key:
        parse["response_selector"] = {intent: {"response": {"intent_response_key": key}}}
    return {"event": "user", "text": "...", "parse_data": parse}


def test_the_topics_are_the_faq_questions_asked_once_each_in_order() -> None:
    events: List[Dict[str, Any]] = [
        {"event": "action", "name": "action_listen"},
        user("greet"),
        user("ketamine", "ketamine/what_is"),
        user("cost", "cost/price"),
        user("ketamine", "ketamine/what_is"),
        user("safety"),
        user("request_human"),
    ]
    assert topics_asked(events) == ["ketamine/what_is", "cost/price", "safety"]


def test_the_faq_intents_are_the_faq_files() -> None:
    files = {path.stem for path in (PROJECT_ROOT / "data" / "faq").glob("*.yml")}
    assert set(FAQ_INTENTS) == files


def test_insurance_and_screening_in_the_summary() -> None:
    assert insurance_result(None, None) is None
    assert insurance_result("Aetna", "not_accepted") == "Aetna: not accepted"
    assert insurance_result(None, "no_insurance") == "no insurance"
    assert insurance_result("Aetna", None) == "Aetna: not checked to the end"
    assert screening_tier("urgent", None) == "URGENT"
    assert screening_tier("exited", "SOON") == "SOON"
    assert screening_tier("exited", None) is None
    assert screening_tier(None, None) is None


def test_the_summary_for_staff() -> None:
    summary = build_summary(
        events=[user("ketamine", "ketamine/what_is")],
        screening_outcome="urgent",
        stored_tier="URGENT",
        stored_reasons=["severe withdrawal"],
        insurance_carrier="Cigna",
        insurance_outcome="in_network",
        crisis=True,
        preferred_time="after 5",
    )
    paragraph = summary.paragraph()
    assert "Crisis response was given" in paragraph
    assert "ketamine/what_is" in paragraph
    assert "URGENT (severe withdrawal)" in paragraph
    assert "Cigna: in network" in paragraph
    assert "after 5" in paragraph
    empty = build_summary(
        events=[],
        screening_outcome=None,
        stored_tier=None,
        stored_reasons=["left over"],
        insurance_carrier=None,
        insurance_outcome=None,
        crisis=False,
        preferred_time=None,
    )
    assert (empty.tier, empty.tier_reasons, empty.crisis) == (None, (), False)


def test_what_the_person_reads_names_only_the_clinic_and_the_call() -> None:
    profile = load_profile(DEFAULT_PROFILE_PATH)
    texts = [
        prompts.PHONE_QUESTION,
        prompts.PHONE_NUDGE,
        prompts.SENDER_NUDGE,
        prompts.CONSENT_HINT,
        prompts.TIME_QUESTION,
        prompts.sender_offer("+1 ***-***-0147"),
        prompts.consent_question("+1 ***-***-0147", profile.name, open_now=True, window="x"),
        prompts.consent_question("+1 ***-***-0147", profile.name, open_now=False, window="x"),
    ]
    domain = yaml.safe_load((PROJECT_ROOT / "domain" / "handoff.yml").read_text())
    texts += [v["text"] for variations in domain["responses"].values() for v in variations]
    for text in texts:
        assert not HEALTH_WORDS.search(text.replace(profile.name, "")), text
    buttons = [
        *prompts.phone_buttons(),
        *prompts.sender_buttons(),
        *prompts.consent_buttons(),
        *prompts.time_buttons(),
    ]
    # Over SMS these single words would opt the number out of every text.
    for button in buttons:
        assert button["payload"].upper() not in {"STOP", "CANCEL", "END", "QUIT", "UNSUBSCRIBE"}
