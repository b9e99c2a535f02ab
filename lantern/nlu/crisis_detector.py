"""Rasa NLU component: the deterministic crisis layer, placed after every classifier.

When the matcher finds a crisis signal, the message's intent becomes `crisis` (or
`abuse_disclosure`) with confidence 1.0, whatever DIET or the fallback classifier said: the
classifier cannot out-vote it. When only the classifier recognised a crisis, that stands too.
Either way the parse result carries `crisis: {layer, category}` for the record staff see.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from lantern.crisis.matcher import CrisisMatcher, load_matcher, patterns_fingerprint

CRISIS_INTENT = "crisis"
ABUSE_INTENT = "abuse_disclosure"
CRISIS_INTENTS = (CRISIS_INTENT, ABUSE_INTENT)
CRISIS_KEY = "crisis"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisDetector(GraphComponent):
    """Overrides the intent with `crisis`/`abuse_disclosure` when the matcher fires."""

    def __init__(self, matcher: CrisisMatcher) -> None:
        self.matcher = matcher

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        return cls(load_matcher())

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str | None:
        """Retrain what depends on this component when the patterns change."""
        return patterns_fingerprint()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._mark(message)
        return messages

    def _mark(self, message: Message) -> None:
        signal = self.matcher.detect(message.get(TEXT) or "")
        if signal:
            intent = ABUSE_INTENT if signal.is_abuse else CRISIS_INTENT
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
            message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [{"name": intent, "confidence": 1.0}, *ranking],
                add_to_output=True,
            )
            message.set(
                CRISIS_KEY, {"layer": "matcher", "category": signal.category}, add_to_output=True
            )
            return
        predicted = (message.get(INTENT) or {}).get("name")
        if predicted in CRISIS_INTENTS:
            message.set(
                CRISIS_KEY, {"layer": "classifier", "category": predicted}, add_to_output=True
            )
