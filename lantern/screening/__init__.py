"""The urgency screening's logic: questions, answer interpretation and scoring, no Rasa.

The Rasa form in `actions/` is a thin adapter: it asks `next_question`, reads replies with
`interpret_answer` (after `is_exit`), stops at once on `is_emergency_answer`, and stores the
`score` result for staff.
"""

from lantern.screening.answers import (
    NEVER,
    interpret_answer,
    interpret_days_in_month,
    interpret_days_since,
    interpret_free_text,
    interpret_severity,
    interpret_yes_no,
    is_exit,
    is_skip,
)
from lantern.screening.questions import (
    EXIT_PHRASE,
    QUESTION_IDS,
    QUESTIONS,
    SKIPPED,
    Question,
    applicable_questions,
    get_question,
    next_question,
)
from lantern.screening.rules import ScreeningRulesError, Tier, TierRules, load_tier_rules
from lantern.screening.scoring import ScreeningResult, is_emergency_answer, reason_text, score

__all__ = [
    "EXIT_PHRASE",
    "NEVER",
    "QUESTIONS",
    "QUESTION_IDS",
    "SKIPPED",
    "Question",
    "ScreeningResult",
    "ScreeningRulesError",
    "Tier",
    "TierRules",
    "applicable_questions",
    "get_question",
    "interpret_answer",
    "interpret_days_in_month",
    "interpret_days_since",
    "interpret_free_text",
    "interpret_severity",
    "interpret_yes_no",
    "is_emergency_answer",
    "is_exit",
    "is_skip",
    "load_tier_rules",
    "next_question",
    "reason_text",
    "score",
]
