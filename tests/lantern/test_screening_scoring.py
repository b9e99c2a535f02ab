"""Scoring into tiers: every boundary of the default rules, and the rules file itself."""

from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

from lantern.paths import DEFAULT_SCREENING_RULES_PATH
from lantern.screening import (
    SKIPPED,
    ScreeningRulesError,
    Tier,
    TierRules,
    is_emergency_answer,
    load_tier_rules,
    next_question,
    score,
)


@pytest.fixture(scope="module")
def rules() -> TierRules:
    return load_tier_rules(DEFAULT_SCREENING_RULES_PATH)


@pytest.fixture
def rules_data() -> Dict[str, Any]:
    return yaml.safe_load(DEFAULT_SCREENING_RULES_PATH.read_text(encoding="utf-8"))


def completed(**given: Any) -> Dict[str, Any]:
    """A finished screening: `given` answers, every other question answered calmly."""
    calm: Dict[str, Any] = {
        "substance": "cocaine",
        "last_use": 30,
        "use_days_30": 4,
        "withdrawal": "mild",
        "craving": "moderate",
        "prior_treatment": "no",
        "home_support": "yes",
    }
    answers: Dict[str, Any] = {}
    while (question_id := next_question(answers)) is not None:
        answers[question_id] = given.get(question_id, calm.get(question_id, "no"))
    return answers


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "screening.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("given", "tier", "reasons"),
    [
        ({}, Tier.ROUTINE, ()),
        # EMERGENCY
        ({"red_flags": "yes"}, Tier.EMERGENCY, ("red_flags:yes",)),
        ({"red_flags": "vague"}, Tier.EMERGENCY, ("red_flags:vague",)),
        (
            {"cssrs_suicidal_thoughts": "yes", "cssrs_intent": "yes"},
            Tier.EMERGENCY,
            ("cssrs_intent:yes", "cssrs_suicidal_thoughts:yes"),
        ),
        (
            {"cssrs_suicidal_thoughts": "yes", "cssrs_plan": "yes"},
            Tier.EMERGENCY,
            ("cssrs_plan:yes", "cssrs_suicidal_thoughts:yes"),
        ),
        (
            {"cssrs_behavior": "yes", "cssrs_behavior_recent": "yes"},
            Tier.EMERGENCY,
            ("cssrs_behavior_recent:yes", "cssrs_behavior:yes"),
        ),
        # URGENT
        (
            {"cssrs_behavior": "yes", "cssrs_behavior_recent": "no"},
            Tier.URGENT,
            ("cssrs_behavior:yes",),
        ),
        (
            {"cssrs_suicidal_thoughts": "yes", "cssrs_method": "yes"},
            Tier.URGENT,
            ("cssrs_method:yes", "cssrs_suicidal_thoughts:yes"),
        ),
        ({"withdrawal": "severe"}, Tier.URGENT, ("withdrawal:severe",)),
        ({"withdrawal": "moderate"}, Tier.ROUTINE, ()),
        # SOON
        ({"cssrs_wish_dead": "yes"}, Tier.SOON, ("cssrs_wish_dead:yes",)),
        ({"cssrs_suicidal_thoughts": "yes"}, Tier.SOON, ("cssrs_suicidal_thoughts:yes",)),
        ({"last_use": 0}, Tier.SOON, ("last_use:within_7_days",)),
        ({"last_use": 7}, Tier.SOON, ("last_use:within_7_days",)),
        ({"last_use": "7"}, Tier.SOON, ("last_use:within_7_days",)),
        ({"last_use": 8}, Tier.ROUTINE, ()),
        ({"last_use": "never"}, Tier.ROUTINE, ()),
        # vague counts as yes for the C-SSRS questions
        ({"cssrs_wish_dead": "vague"}, Tier.SOON, ("cssrs_wish_dead:vague",)),
        (
            {"cssrs_suicidal_thoughts": "vague", "cssrs_plan": "vague"},
            Tier.EMERGENCY,
            ("cssrs_plan:vague", "cssrs_suicidal_thoughts:vague"),
        ),
        (
            {"cssrs_behavior": "vague", "cssrs_behavior_recent": "no"},
            Tier.URGENT,
            ("cssrs_behavior:vague",),
        ),
        # a craving, however strong, is not a trigger by default
        ({"craving": "strong"}, Tier.ROUTINE, ()),
    ],
)
def test_default_tiers(rules: TierRules, given: Dict[str, Any], tier: Tier, reasons: tuple) -> None:
    result = score(completed(**given), rules)
    assert result.tier is tier
    assert result.reasons == reasons
    assert result.incomplete is False


@pytest.mark.parametrize(
    ("given", "tier"),
    [
        ({"cssrs_wish_dead": SKIPPED}, Tier.SOON),
        ({"substance": SKIPPED, "home_support": SKIPPED}, Tier.SOON),
        ({"withdrawal": "severe", "craving": SKIPPED}, Tier.URGENT),
        ({"red_flags": "yes", "last_use": SKIPPED}, Tier.EMERGENCY),
    ],
)
def test_a_skipped_question_makes_at_least_soon_and_incomplete(
    rules: TierRules, given: Dict[str, Any], tier: Tier
) -> None:
    result = score(completed(**given), rules)
    assert result.tier is tier
    assert result.incomplete is True
    skipped = [f"skipped:{question}" for question, value in given.items() if value == SKIPPED]
    assert [reason for reason in result.reasons if reason.startswith("skipped:")] == skipped


def test_stopping_early_is_incomplete_and_at_least_soon(rules: TierRules) -> None:
    result = score({"red_flags": "no", "cssrs_wish_dead": "no"}, rules)
    assert (result.tier, result.reasons, result.incomplete) == (
        Tier.SOON,
        ("stopped_early",),
        True,
    )


def test_answers_to_questions_that_do_not_apply_are_ignored(rules: TierRules) -> None:
    # Q2 changed to no after Q4 was answered: Q4 no longer applies.
    answers = completed(cssrs_suicidal_thoughts="no")
    answers["cssrs_intent"] = "yes"
    assert score(answers, rules).tier is Tier.ROUTINE


def test_reasons_in_plain_words(rules: TierRules) -> None:
    result = score(
        completed(cssrs_wish_dead="vague", last_use=2, home_support=SKIPPED, withdrawal="severe"),
        rules,
    )
    assert result.tier is Tier.URGENT
    assert result.reason_texts() == (
        "Withdrawal right now: severe",
        "Wished to be dead or not to wake up (past month): unsure or partly (counted as yes)",
        "Last use within the past 7 days",
        "Skipped: Has support at home or close by",
    )
    assert result.as_dict() == {
        "tier": "URGENT",
        "reasons": [
            "withdrawal:severe",
            "cssrs_wish_dead:vague",
            "last_use:within_7_days",
            "skipped:home_support",
        ],
        "incomplete": True,
    }


@pytest.mark.parametrize(
    ("question_id", "value", "expected"),
    [
        ("red_flags", "yes", True),
        ("red_flags", "vague", True),
        ("red_flags", "no", False),
        ("red_flags", SKIPPED, False),
        ("cssrs_intent", "yes", True),
        ("cssrs_plan", "vague", True),
        ("cssrs_behavior_recent", "yes", True),
        ("cssrs_behavior", "yes", False),
        ("cssrs_method", "yes", False),
        ("withdrawal", "severe", False),
        ("last_use", 0, False),
    ],
)
def test_is_emergency_answer(
    rules: TierRules, question_id: str, value: Any, expected: bool
) -> None:
    assert is_emergency_answer(question_id, value, rules) is expected


def test_a_clinic_can_change_the_recent_use_threshold(
    tmp_path: Path, rules_data: Dict[str, Any]
) -> None:
    rules_data["recent_use"] = {"within_days": 14, "tier": "urgent"}
    rules = load_tier_rules(write(tmp_path, rules_data))
    result = score(completed(last_use=10), rules)
    assert (result.tier, result.reasons) == (Tier.URGENT, ("last_use:within_14_days",))
    assert score(completed(last_use=15), rules).tier is Tier.ROUTINE


def test_a_clinic_can_add_a_trigger_and_stop_counting_vague_as_yes(
    tmp_path: Path, rules_data: Dict[str, Any]
) -> None:
    rules_data["soon"]["craving"] = ["strong"]
    rules_data["vague_counts_as_yes"] = False
    rules = load_tier_rules(write(tmp_path, rules_data))
    assert score(completed(craving="strong"), rules).tier is Tier.SOON
    assert score(completed(cssrs_wish_dead="vague"), rules).tier is Tier.ROUTINE


def test_unquoted_yaml_yes_still_means_yes(tmp_path: Path) -> None:
    text = DEFAULT_SCREENING_RULES_PATH.read_text(encoding="utf-8").replace('"yes"', "yes")
    path = tmp_path / "screening.yml"
    path.write_text(text, encoding="utf-8")
    assert load_tier_rules(path) == load_tier_rules(DEFAULT_SCREENING_RULES_PATH)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda data: data["emergency"].update(cssrs_foo=["yes"]),
            "emergency: unknown question 'cssrs_foo'",
        ),
        (
            lambda data: data["urgent"].update(withdrawal=["awful"]),
            "urgent: withdrawal: unknown answer(s) 'awful'",
        ),
        (
            lambda data: data["soon"].update(last_use=["yes"]),
            "soon: last_use: has no fixed answers",
        ),
        (lambda data: data["recent_use"].update(within_days=-1), "recent_use.within_days"),
        (lambda data: data.update(incomplete_tier="LATER"), "incomplete_tier"),
        (lambda data: data.pop("vague_counts_as_yes"), "vague_counts_as_yes: field required"),
        (lambda data: data.update(emergancy={}), "emergancy: extra fields not permitted"),
    ],
)
def test_a_bad_rules_file_names_the_field(
    tmp_path: Path, rules_data: Dict[str, Any], change: Any, message: str
) -> None:
    change(rules_data)
    path = write(tmp_path, rules_data)
    with pytest.raises(ScreeningRulesError) as raised:
        load_tier_rules(path)
    assert str(path) in str(raised.value)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [("- just\n- a list\n", "expected a mapping"), ("emergency: [\n", "not valid YAML")],
)
def test_a_rules_file_that_is_not_a_mapping(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "screening.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScreeningRulesError, match=message):
        load_tier_rules(path)


def test_a_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(ScreeningRulesError, match="cannot read the screening rules"):
        load_tier_rules(tmp_path / "absent.yml")
