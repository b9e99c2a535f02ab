"""Which intents are questions the assistant answers in the middle of a form.

A form steps aside for these (the rules answer, then the form asks its question again), but
only when the classifier is sure and the message reads as a question: "crack and pills" is an
answer even if the classifier thinks of the cocaine FAQ.
"""

from __future__ import annotations

import re

# The FAQ's topics (retrieval intents, data/faq/*.yml).
FAQ_INTENTS = (
    "ketamine",
    "trial",
    "infusion",
    "safety",
    "cocaine",
    "withdrawal",
    "treatment",
    "clinic",
    "cost",
)
QUESTION_INTENTS = frozenset(
    {
        *FAQ_INTENTS,
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


def looks_like_question(text: str) -> bool:
    """A free-text answer ("coke and some pills") is not mistaken for a question."""
    return text.rstrip().endswith("?") or bool(_QUESTION_OPENING.match(text))


def is_sure_question(intent: str | None, confidence: float) -> bool:
    """The classifier is sure the message asks one of the questions the assistant answers."""
    return intent in QUESTION_INTENTS and confidence >= INTENT_CONFIDENCE
