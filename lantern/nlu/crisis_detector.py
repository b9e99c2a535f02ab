"""Rasa NLU component: the crisis layers, placed after every classifier.

When the deterministic matcher finds a crisis signal, the message's intent becomes `crisis`
(or `abuse_disclosure`) with confidence 1.0, whatever DIET or the fallback classifier said:
no classifier can out-vote it. Otherwise the crisis model (`lantern.crisis.model`, trained
here on the project's crisis corpus and the NLU examples) flags a message of at least
`model_min_words` words when its probability reaches `model_threshold`. When only DIET
recognised a crisis, it stands if its confidence reaches `classifier_threshold`; below that
the message gets its best ordinary intent (or `nlu_fallback`), because DIET is confident about
long emotional messages that are not crises (docs/crisis.md has the figures behind the bars).
Either way the parse result carries `crisis: {layer, category}` for the record staff see.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from lantern.crisis import model as crisis_model
from lantern.crisis.matcher import CrisisMatcher, load_matcher, patterns_fingerprint
from lantern.crisis.model import CrisisModel, LabelledText

CRISIS_INTENT = "crisis"
ABUSE_INTENT = "abuse_disclosure"
CRISIS_INTENTS = (CRISIS_INTENT, ABUSE_INTENT)
CRISIS_KEY = "crisis"
FALLBACK_INTENT = "nlu_fallback"
LABELS = {CRISIS_INTENT: crisis_model.CRISIS, ABUSE_INTENT: crisis_model.ABUSE}
logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CrisisDetector(GraphComponent):
    """Overrides the intent with `crisis`/`abuse_disclosure` when a crisis layer fires."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The bars for the crisis model and for DIET on their own, FallbackClassifier's
        threshold, the shortest message the model judges, and its regularisation (C)."""
        return {
            "model_threshold": 0.6,
            "model_min_words": 4,
            "classifier_threshold": 0.95,
            "fallback_threshold": 0.4,
            "regularisation": 10.0,
        }

    def __init__(
        self,
        matcher: CrisisMatcher,
        config: Dict[str, Any] | None = None,
        model: CrisisModel | None = None,
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
    ) -> None:
        self.matcher = matcher
        self.model = model
        settings = {**self.get_default_config(), **(config or {})}
        self.model_threshold = float(settings["model_threshold"])
        self.model_min_words = int(settings["model_min_words"])
        self.classifier_threshold = float(settings["classifier_threshold"])
        self.fallback_threshold = float(settings["fallback_threshold"])
        self.regularisation = float(settings["regularisation"])
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        return cls(load_matcher(), config, None, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CrisisDetector:
        """The matcher, and the trained model; without a model the other layers still work."""
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                model = CrisisModel.load(directory)
        except (ValueError, OSError) as error:
            logger.error(
                "The crisis model could not be loaded (%s); the matcher still runs.", error
            )
        return cls(load_matcher(), config, model, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str | None:
        """Retrain this component when the patterns or the crisis corpus change."""
        corpus = crisis_model.corpus_fingerprint(crisis_model.corpus_files())
        return f"{patterns_fingerprint()}-{corpus[:16]}"

    def train(self, training_data: TrainingData) -> Resource:
        """Train the crisis model on the corpus and on every NLU example, labelled by intent."""
        self.model = CrisisModel.train(training_examples(training_data), self.regularisation)
        if self._model_storage is not None and self._resource is not None:
            with self._model_storage.write_to(self._resource) as directory:
                self.model.save(directory)
        return self._resource  # type: ignore[return-value]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._mark(message)
        return messages

    def _mark(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        signal = self.matcher.detect(text)
        if signal:
            intent = ABUSE_INTENT if signal.is_abuse else CRISIS_INTENT
            _flag(message, intent, 1.0, {"layer": "matcher", "category": signal.category})
            return
        flagged = (
            self.model.flags(text, self.model_threshold, self.model_min_words)
            if self.model is not None
            else None
        )
        if flagged is not None:
            intent = ABUSE_INTENT if flagged.is_abuse else CRISIS_INTENT
            confidence = round(flagged.probability, 4)
            _flag(message, intent, confidence, {"layer": "model", "category": intent})
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


def training_examples(training_data: TrainingData) -> List[LabelledText]:
    """The crisis corpus and every NLU example, labelled by its intent (crisis, abuse, none)."""
    examples: List[LabelledText] = crisis_model.load_corpus(crisis_model.corpus_files())
    examples += [
        (str(example.get(TEXT)), LABELS.get(example.get(INTENT), crisis_model.NONE))
        for example in training_data.intent_examples
        if example.get(TEXT)
    ]
    return examples


def _flag(message: Message, intent: str, confidence: float, finding: Dict[str, str]) -> None:
    """Make `intent` the message's intent, first in the ranking, with the layer's finding."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
    message.set(INTENT, {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set(
        INTENT_RANKING_KEY,
        [{"name": intent, "confidence": confidence}, *ranking],
        add_to_output=True,
    )
    message.set(CRISIS_KEY, finding, add_to_output=True)
