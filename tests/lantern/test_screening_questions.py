"""The screening's question order: the C-SSRS screener's branching and skipped answers."""

from typing import Any, Dict

import pytest

from lantern.screening import (
    EXIT_PHRASE,
    QUESTION_IDS,
    SKIPPED,
    applicable_questions,
    get_question,
    next_question,
)

CSSRS_CORE = ("cssrs_method", "cssrs_intent", "cssrs_plan")
EXPECTED_IDS = {
    "red_flags",
    "cssrs_wish_dead",
    "cssrs_suicidal_thoughts",
    "cssrs_method",
    "cssrs_intent",
    "cssrs_plan",
    "cssrs_behavior",
    "cssrs_behavior_recent",
    "substance",
    "last_use",
    "use_days_30",
    "withdrawal",
    "craving",
    "prior_treatment",
    "home_support",
}


def answer_all(**given: Any) -> Dict[str, Any]:
    """Answer every question the catalogue asks, in order, with `given` or a default."""
    answers: Dict[str, Any] = {}
    while (question_id := next_question(answers)) is not None:
        answers[question_id] = given.get(question_id, "no")
    return answers


def test_the_ids_are_the_form_slot_names() -> None:
    assert set(QUESTION_IDS) == EXPECTED_IDS
    assert len(QUESTION_IDS) == len(EXPECTED_IDS)


def test_red_flags_come_first_then_the_cssrs_screener_in_its_order() -> None:
    assert next_question({}) == "red_flags"
    assert QUESTION_IDS[:8] == (
        "red_flags",
        "cssrs_wish_dead",
        "cssrs_suicidal_thoughts",
        "cssrs_method",
        "cssrs_intent",
        "cssrs_plan",
        "cssrs_behavior",
        "cssrs_behavior_recent",
    )


@pytest.mark.parametrize(
    ("q2", "q6", "asked_core", "asked_recent"),
    [
        ("no", "no", False, False),
        ("yes", "no", True, False),
        ("vague", "no", True, False),
        (SKIPPED, "no", False, False),
        ("no", "yes", False, True),
        ("no", "vague", False, True),
        ("no", SKIPPED, False, False),
        ("yes", "yes", True, True),
    ],
)
def test_conditional_questions(q2: str, q6: str, asked_core: bool, asked_recent: bool) -> None:
    answers = answer_all(cssrs_suicidal_thoughts=q2, cssrs_behavior=q6)
    asked = set(answers)
    assert all((question in asked) is asked_core for question in CSSRS_CORE)
    assert ("cssrs_behavior_recent" in asked) is asked_recent
    assert "cssrs_behavior" in asked  # Q6 is always asked
    assert "cssrs_wish_dead" in asked


def test_q3_to_q5_follow_q2_and_come_before_q6() -> None:
    answers = {"red_flags": "no", "cssrs_wish_dead": "no", "cssrs_suicidal_thoughts": "yes"}
    order = []
    while (question_id := next_question(answers)) in CSSRS_CORE + ("cssrs_behavior",):
        order.append(question_id)
        answers[question_id] = "no"
    assert order == ["cssrs_method", "cssrs_intent", "cssrs_plan", "cssrs_behavior"]


def test_the_three_month_follow_up_comes_right_after_q6() -> None:
    answers = answer_all(cssrs_behavior="yes")
    ids = list(answers)
    assert ids[ids.index("cssrs_behavior") + 1] == "cssrs_behavior_recent"


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, "red_flags"),
        ({"red_flags": SKIPPED}, "cssrs_wish_dead"),
        ({"red_flags": "no", "cssrs_wish_dead": None}, "cssrs_wish_dead"),
        (
            {"red_flags": "no", "cssrs_wish_dead": "no", "cssrs_suicidal_thoughts": "no"},
            "cssrs_behavior",
        ),
    ],
)
def test_next_question(answers: Dict[str, Any], expected: str | None) -> None:
    assert next_question(answers) == expected


def test_a_skipped_answer_counts_as_answered_and_the_end_is_none() -> None:
    answers = answer_all(substance=SKIPPED, last_use=SKIPPED)
    assert answers["substance"] == SKIPPED
    assert next_question(answers) is None
    assert list(answers)[-1] == "home_support"


def test_applicable_questions_follow_the_answers() -> None:
    base = applicable_questions({})
    assert not set(CSSRS_CORE) & set(base)
    assert "cssrs_behavior_recent" not in base
    after_yes = applicable_questions({"cssrs_suicidal_thoughts": "yes", "cssrs_behavior": "yes"})
    assert len(after_yes) == len(QUESTION_IDS)


def test_suggested_replies_are_never_sms_opt_out_words() -> None:
    opt_out = {"STOP", "STOPALL", "QUIT", "CANCEL", "END", "UNSUBSCRIBE"}
    suggested = {EXIT_PHRASE} | {
        get_question(question_id).skip_hint for question_id in QUESTION_IDS
    }
    for hint in suggested:
        assert not opt_out & set(hint.replace('"', "").upper().split(" OR "))
    assert EXIT_PHRASE == "exit screening"


def test_zero_is_offered_as_skip_only_where_zero_is_not_an_answer() -> None:
    assert get_question("cssrs_wish_dead").skip_hint == '"0" or "skip"'
    for question_id in ("use_days_30", "withdrawal", "craving"):
        assert get_question(question_id).skip_hint == '"skip"'


def test_unknown_question_is_named() -> None:
    with pytest.raises(KeyError, match="cssrs_foo"):
        get_question("cssrs_foo")
