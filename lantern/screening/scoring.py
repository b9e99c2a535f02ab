"""Deterministic, explainable scoring of a screening into a tier with its reasons.

Each answer is checked on its own against the tier rules (`_findings`); the result is the
most urgent tier found, with every finding as a stable reason code, so staff see why and
the form can stop at once when a single answer means EMERGENCY.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Tuple

from lantern.screening.questions import (
    QUESTIONS_BY_ID,
    SKIPPED,
    applicable_questions,
    is_answered,
)
from lantern.screening.rules import Tier, TierRules

STOPPED_EARLY = "stopped_early"
RECENT_USE_QUESTION = "last_use"

_ANSWER_WORDS: Dict[str, str] = {"vague": "unsure or partly (counted as yes)"}


@dataclass(frozen=True)
class ScreeningResult:
    """The tier, the reason codes (most urgent first), and whether answers are missing.

    Codes: "<question>:<answer>" ("cssrs_plan:yes", "withdrawal:severe"),
    "last_use:within_<n>_days", "skipped:<question>", "stopped_early".
    """

    tier: Tier
    reasons: Tuple[str, ...]
    incomplete: bool

    def reason_texts(self) -> Tuple[str, ...]:
        """The reasons in plain words, for the staff summary."""
        return tuple(reason_text(code) for code in self.reasons)

    def as_dict(self) -> Dict[str, Any]:
        """A plain mapping to store with the conversation."""
        return {
            "tier": self.tier.value,
            "reasons": list(self.reasons),
            "incomplete": self.incomplete,
        }


def reason_text(code: str) -> str:
    """One reason code in plain words ("cssrs_plan:yes" -> "Worked out a plan ...: yes")."""
    if code == STOPPED_EARLY:
        return "Stopped before the end of the screening"
    head, _, tail = code.partition(":")
    if head == "skipped":
        return f"Skipped: {_summary(tail)}"
    if head == RECENT_USE_QUESTION and tail.startswith("within_"):
        days = tail.removeprefix("within_").removesuffix("_days")
        return f"Last use within the past {days} days"
    return f"{_summary(head)}: {_ANSWER_WORDS.get(tail, tail)}"


def _summary(question_id: str) -> str:
    question = QUESTIONS_BY_ID.get(question_id)
    return question.summary if question else question_id


def _days(value: Any) -> float | None:
    """A day count stored as a number, or as digits by a text slot ("3")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _findings(question_id: str, value: Any, rules: TierRules) -> List[Tuple[Tier, str]]:
    """The tiers this one answer triggers on its own, with their reason codes."""
    if value == SKIPPED:
        return [(rules.incomplete_tier, f"skipped:{question_id}")]
    found: List[Tuple[Tier, str]] = []
    for tier in (Tier.EMERGENCY, Tier.URGENT, Tier.SOON):
        triggers = rules.triggers(tier).get(question_id, [])
        vague_as_yes = rules.vague_counts_as_yes and value == "vague" and "yes" in triggers
        if value in triggers or vague_as_yes:
            found.append((tier, f"{question_id}:{value}"))
            break
    recent = rules.recent_use
    days = _days(value) if question_id == RECENT_USE_QUESTION else None
    if days is not None and 0 <= days <= recent.within_days:
        found.append((recent.tier, f"{RECENT_USE_QUESTION}:within_{recent.within_days}_days"))
    return found


def is_emergency_answer(question_id: str, value: Any, rules: TierRules) -> bool:
    """Whether this answer alone makes the screening EMERGENCY (the form then stops)."""
    return any(tier is Tier.EMERGENCY for tier, _ in _findings(question_id, value, rules))


def score(answers: Mapping[str, Any], rules: TierRules) -> ScreeningResult:
    """The tier for the answers so far; unanswered or skipped questions make it incomplete.

    Only questions that apply are counted (Q3 to Q5 after a yes to Q2, and so on), so a
    stale answer left from a changed Q2 cannot raise the tier.
    """
    applicable = applicable_questions(answers)
    findings = [
        finding
        for question_id in applicable
        if is_answered(answers, question_id)
        for finding in _findings(question_id, answers[question_id], rules)
    ]
    missing = [question_id for question_id in applicable if not is_answered(answers, question_id)]
    if missing:
        findings.append((rules.incomplete_tier, STOPPED_EARLY))
    skipped = any(answers.get(question_id) == SKIPPED for question_id in applicable)
    findings.sort(key=lambda finding: finding[0].rank)  # stable: question order within a tier
    tier = findings[0][0] if findings else Tier.ROUTINE
    return ScreeningResult(
        tier=tier,
        reasons=tuple(code for finding_tier, code in findings if finding_tier is not Tier.ROUTINE),
        incomplete=bool(missing) or skipped,
    )
