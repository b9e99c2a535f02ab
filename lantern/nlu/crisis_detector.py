"""Rasa NLU component: the deterministic crisis layer, placed after every classifier.

When the matcher finds a crisis signal, the message's intent becomes `crisis` (or
`abuse_disclosure`) with confidence 1.0, whatever DIET or the fallback classifier said: the
classifier cannot out-vote it. When only the classifier recognised a crisis, it stands if its
confidence reaches `classifier_threshold`; below that the message gets its best ordinary
intent (or `nlu_fallback`), because DIET is confident about long emotional messages that are
not crises (docs/crisis.md, "Where it stands", has the figures behind the threshold). Either
way the parse result carries `crisis: {layer, category}` for the record staff see.
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
FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisDetector(GraphComponent):
    """Overrides the intent with `crisis`/`abuse_disclosure` when the matcher fires."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The classifier's bar for a crisis on its own, and FallbackClassifier's threshold."""
        return {"classifier_threshold": 0.95, "fallback_threshold": 0.4}

    def __init__(self, matcher: CrisisMatcher, config: Dict[str, Any] | None = None) -> None:
        self.matcher = matcher
        settings = {**self.get_default_config(), **(config or {})}
        self.classifier_threshold = float(settings["classifier_threshold"])
        self.fallback_threshold = float(settings["fallback_threshold"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        return cls(load_matcher(), config)

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
        predicted = message.get(INTENT) or {}
        if predicted.get("name") not in CRISIS_INTENTS:
            return
        if float(predicted.get("confidence") or 0.0) >= self.classifier_threshold:
            message.set(
                CRISIS_KEY,
                {"layer": "classifier", "category": predicted["name"]},
                add_to_output=True,
            )
            return
        message.set(INTENT, self._best_ordinary_intent(message), add_to_output=True)

    def _best_ordinary_intent(self, message: Message) -> Dict[str, Any]:
        """The top non-crisis intent, or the fallback intent when that one is unsure too."""
        ranking = [
            r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in CRISIS_INTENTS
        ]
        best = max(ranking, key=lambda r: float(r.get("confidence") or 0.0), default=None)
        if best is None or float(best.get("confidence") or 0.0) < self.fallback_threshold:
            return {"name": FALLBACK_INTENT, "confidence": self.fallback_threshold}
        return {"name": best["name"], "confidence": best["confidence"]}
