"""What one message means while the screening waits for an answer.

The form's validation action asks `read_turn`; keeping the decision here lets it be tested
without Rasa. A message is an exit request, an answer, a question to answer before going on
(the form then steps aside and comes back), or unclear (the question is asked again with a
hint of the answers it takes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Mapping

from lantern.screening.answers import interpret_answer, is_exit
from lantern.screening.questions import Kind, get_question, next_question
from lantern.screening.rules import TierRules
from lantern.screening.scoring import is_emergency_answer

EXIT_INTENT = "exit_screening"
# Intents of questions the assistant answers in the middle of the screening.
QUESTION_INTENTS = frozenset(
    {
        "ketamine",
        "trial",
        "infusion",
        "safety",
        "cocaine",
        "withdrawal",
        "treatment",
        "clinic",
        "cost",
        "bot_challenge",
        "ask_privacy",
        "ask_capabilities",
        "request_human",
        "drug_use_advice",
        "screening_why",
    }
)
# Below this the classifier's guess is not trusted over reading the message as an answer.
INTENT_CONFIDENCE = 0.6
_QUESTION_OPENING = re.compile(
    r"^\s*(what|whats|what's|why|how|who|when|where|which|can|could|do|does|is|are|will|would)\b",
    re.IGNORECASE,
)


class TurnKind(str, Enum):
    ANSWER = "answer"
    EXIT = "exit"
    QUESTION = "question"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class Turn:
    """The reading of one message; `next_question` is None when the screening ends."""

    kind: TurnKind
    value: Any = None
    emergency: bool = False
    next_question: str | None = None


def looks_like_question(text: str) -> bool:
    """A free-text answer ("coke and some pills") is not mistaken for a question."""
    return text.rstrip().endswith("?") or bool(_QUESTION_OPENING.match(text))


def read_turn(
    question_id: str,
    text: str,
    intent: str | None,
    confidence: float,
    answers: Mapping[str, Any],
    rules: TierRules,
    today: date | None = None,
) -> Turn:
    """Decide what the message written in reply to `question_id` is."""
    confident = confidence >= INTENT_CONFIDENCE
    if is_exit(text) or (intent == EXIT_INTENT and confident):
        return Turn(TurnKind.EXIT)
    asks_something = intent in QUESTION_INTENTS and confident
    free_text = get_question(question_id).kind is Kind.TEXT
    if asks_something and free_text and looks_like_question(text):
        return Turn(TurnKind.QUESTION)
    value = interpret_answer(question_id, text, today)
    if value is None:
        return Turn(TurnKind.QUESTION if asks_something else TurnKind.UNCLEAR)
    if is_emergency_answer(question_id, value, rules):
        return Turn(TurnKind.ANSWER, value, emergency=True)
    following = next_question({**answers, question_id: value})
    return Turn(TurnKind.ANSWER, value, next_question=following)
