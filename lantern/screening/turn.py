"""What one message means while the screening waits for an answer.

The form's validation action asks `read_turn`; keeping the decision here lets it be tested
without Rasa. A message is an exit request, an answer, a question to answer before going on
(the form then steps aside and comes back), or unclear (the question is asked again with a
hint of the answers it takes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Mapping

from lantern.intents import INTENT_CONFIDENCE, is_sure_question, looks_like_question
from lantern.screening.answers import interpret_answer, is_exit
from lantern.screening.questions import Kind, get_question, next_question
from lantern.screening.rules import TierRules
from lantern.screening.scoring import is_emergency_answer

EXIT_INTENT = "exit_screening"


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
    asks_something = is_sure_question(intent, confidence)
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
