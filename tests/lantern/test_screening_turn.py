"""How one reply in the middle of the screening is read, and how the questions are put."""

from typing import Any, Dict

import pytest

from lantern.intents import looks_like_question
from lantern.screening.prompts import question_buttons, unclear_hint
from lantern.screening.questions import QUESTIONS
from lantern.screening.rules import TierRules, load_tier_rules
from lantern.screening.turn import TurnKind, read_turn

NO_TO_EVERYTHING_SO_FAR: Dict[str, Any] = {"red_flags": "no", "cssrs_wish_dead": "no"}


@pytest.fixture(scope="module")
def rules() -> TierRules:
    return load_tier_rules()


@pytest.mark.parametrize(
    ("question", "text", "intent", "value"),
    [
        ("cssrs_suicidal_thoughts", "nope", "deny", "no"),
        ("cssrs_suicidal_thoughts", "Yes", "affirm", "yes"),
        ("cssrs_suicidal_thoughts", "kinda", "nlu_fallback", "vague"),
        ("cssrs_suicidal_thoughts", "skip", "out_of_scope", "skipped"),
        ("substance", "coke mostly, some weed", "cocaine", "coke mostly, some weed"),
        ("withdrawal", "a little tbh", "withdrawal", "mild"),
    ],
)
def test_an_answer_is_read_even_when_the_classifier_guesses_a_topic(
    rules: TierRules, question: str, text: str, intent: str, value: Any
) -> None:
    answers = {"red_flags": "no", "cssrs_wish_dead": "no", "cssrs_suicidal_thoughts": "no"}
    answers.pop(question, None)
    turn = read_turn(question, text, intent, 0.9, answers, rules)
    assert turn.kind is TurnKind.ANSWER
    assert turn.value == value


def test_after_no_to_q2_the_next_question_is_q6(rules: TierRules) -> None:
    turn = read_turn("cssrs_suicidal_thoughts", "no", "deny", 0.99, NO_TO_EVERYTHING_SO_FAR, rules)
    assert turn.next_question == "cssrs_behavior"


def test_after_yes_to_q2_the_next_question_is_q3(rules: TierRules) -> None:
    turn = read_turn(
        "cssrs_suicidal_thoughts", "yeah", "affirm", 0.99, NO_TO_EVERYTHING_SO_FAR, rules
    )
    assert turn.next_question == "cssrs_method"


def test_the_last_answer_ends_the_screening(rules: TierRules) -> None:
    answers = {question.id: "no" for question in QUESTIONS if question.id != "home_support"}
    turn = read_turn("home_support", "yes", "affirm", 0.99, answers, rules)
    assert turn.kind is TurnKind.ANSWER
    assert turn.next_question is None


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("red_flags", "yes"),
        ("cssrs_intent", "yes"),
        ("cssrs_plan", "kind of"),
        ("red_flags", "idk maybe"),
    ],
)
def test_an_emergency_answer_stops_at_once(rules: TierRules, question: str, text: str) -> None:
    turn = read_turn(question, text, "affirm", 0.9, {}, rules)
    assert turn.kind is TurnKind.ANSWER
    assert turn.emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [("exit screening", "exit_screening"), ("i'd rather stop answering", "exit_screening")],
)
def test_exit_requests_end_the_screening(rules: TierRules, text: str, intent: str) -> None:
    assert read_turn("craving", text, intent, 0.9, {}, rules).kind is TurnKind.EXIT


@pytest.mark.parametrize(
    ("question", "text", "intent"),
    [
        ("cssrs_wish_dead", "why are you asking me this", "screening_why"),
        ("craving", "is ketamine addictive?", "safety"),
        ("substance", "what is ketamine?", "ketamine"),
        ("last_use", "do you take aetna", "cost"),
    ],
)
def test_a_question_in_the_middle_is_answered_first(
    rules: TierRules, question: str, text: str, intent: str
) -> None:
    assert read_turn(question, text, intent, 0.95, {}, rules).kind is TurnKind.QUESTION


def test_an_unsure_classifier_does_not_turn_a_reply_into_a_question(rules: TierRules) -> None:
    turn = read_turn("cssrs_wish_dead", "hmm the weather is nice", "cost", 0.3, {}, rules)
    assert turn.kind is TurnKind.UNCLEAR


def test_free_text_that_is_not_a_question_is_an_answer(rules: TierRules) -> None:
    turn = read_turn("substance", "crack and ketamine sometimes", "ketamine", 0.97, {}, rules)
    assert turn.kind is TurnKind.ANSWER


@pytest.mark.parametrize(
    ("text", "expected"),
    [("what is it?", True), ("why do you ask", True), ("coke", False), ("crack and pills", False)],
)
def test_looks_like_question(text: str, expected: bool) -> None:
    assert looks_like_question(text) is expected


@pytest.mark.parametrize("question", [question.id for question in QUESTIONS])
def test_every_question_offers_skip_and_exit_but_never_an_sms_opt_out_word(question: str) -> None:
    payloads = [button["payload"].lower() for button in question_buttons(question)]
    assert "skip" in payloads
    assert "exit screening" in payloads
    assert not {"stop", "quit", "cancel", "end", "unsubscribe"} & set(payloads)
    assert not {"stop", "quit", "cancel", "end"} & set(unclear_hint(question).lower().split())


def test_zero_is_not_offered_as_skip_where_zero_is_an_answer() -> None:
    assert '"0"' not in unclear_hint("use_days_30")
    assert '"0" or "skip"' in unclear_hint("cssrs_wish_dead")
