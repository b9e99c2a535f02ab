"""The crisis layers inside Rasa's NLU: the matcher always wins; the model and the classifier
only when sure."""

from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from lantern.crisis.matcher import load_matcher
from lantern.crisis.model import CrisisModel
from lantern.nlu.crisis_detector import CRISIS_KEY, CrisisDetector


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return CrisisDetector(load_matcher(), {"classifier_threshold": 0.9, "fallback_threshold": 0.4})


def parsed(text: str, ranking: List[Dict[str, Any]]) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, ranking[0])
    message.set(INTENT_RANKING_KEY, ranking)
    return message


def test_the_matcher_outvotes_the_classifier(detector: CrisisDetector) -> None:
    [message] = detector.process(
        [parsed("i want to kill myself", [{"name": "cost", "confidence": 0.99}])]
    )
    assert message.get(INTENT) == {"name": "crisis", "confidence": 1.0}
    assert message.get(CRISIS_KEY)["layer"] == "matcher"
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "crisis"


def test_a_sure_classifier_crisis_stands(detector: CrisisDetector) -> None:
    ranking = [{"name": "crisis", "confidence": 0.95}, {"name": "treatment", "confidence": 0.03}]
    [message] = detector.process([parsed("everything feels pointless lately", ranking)])
    assert message.get(INTENT)["name"] == "crisis"
    assert message.get(CRISIS_KEY) == {"layer": "classifier", "category": "crisis"}


def test_an_unsure_classifier_crisis_gives_way_to_the_ordinary_intent(
    detector: CrisisDetector,
) -> None:
    ranking = [
        {"name": "abuse_disclosure", "confidence": 0.6},
        {"name": "deny", "confidence": 0.41},
    ]
    [message] = detector.process([parsed("no not right now, my mom is here", ranking)])
    assert message.get(INTENT) == {"name": "deny", "confidence": 0.41}
    assert message.get(CRISIS_KEY) is None


def test_an_unsure_crisis_with_no_sure_alternative_is_a_fallback(detector: CrisisDetector) -> None:
    ranking = [{"name": "crisis", "confidence": 0.7}, {"name": "cost", "confidence": 0.2}]
    [message] = detector.process([parsed("idk man", ranking)])
    assert message.get(INTENT)["name"] == "nlu_fallback"


def test_ordinary_messages_are_left_alone(detector: CrisisDetector) -> None:
    ranking = [{"name": "ketamine", "confidence": 0.8}]
    [message] = detector.process([parsed("what is ketamine", ranking)])
    assert message.get(INTENT) == {"name": "ketamine", "confidence": 0.8}
    assert message.get(CRISIS_KEY) is None


@pytest.fixture(scope="module")
def with_model(crisis_model: CrisisModel) -> CrisisDetector:
    settings = {"model_threshold": 0.7, "classifier_threshold": 0.95, "fallback_threshold": 0.4}
    return CrisisDetector(load_matcher(), settings, crisis_model)


def test_the_model_flags_a_crisis_the_matcher_missed(with_model: CrisisDetector) -> None:
    text = (
        "no need to call me back. my sister is taking the dog and i paid off my phone bill "
        "so nothing is left hanging"
    )
    assert with_model.matcher.detect(text) is None
    [message] = with_model.process([parsed(text, [{"name": "cancel", "confidence": 0.9}])])
    assert message.get(INTENT)["name"] == "crisis"
    assert message.get(INTENT)["confidence"] >= 0.7
    assert message.get(CRISIS_KEY) == {"layer": "model", "category": "crisis"}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "crisis"


def test_the_matcher_still_decides_first(with_model: CrisisDetector) -> None:
    [message] = with_model.process(
        [parsed("i want to kill myself", [{"name": "cost", "confidence": 0.99}])]
    )
    assert message.get(CRISIS_KEY)["layer"] == "matcher"
    assert message.get(INTENT) == {"name": "crisis", "confidence": 1.0}


def test_the_model_leaves_ordinary_questions_alone(with_model: CrisisDetector) -> None:
    ranking = [{"name": "insurance", "confidence": 0.9}]
    [message] = with_model.process([parsed("do you take cigna ppo", ranking)])
    assert message.get(INTENT) == {"name": "insurance", "confidence": 0.9}
    assert message.get(CRISIS_KEY) is None


def test_trained_in_rasa_then_loaded_it_flags_what_the_matcher_missed(tmp_path: Path) -> None:
    """The component's whole life in Rasa: trained on NLU examples and the corpus, saved in the
    model storage, loaded in a new component, judging a message."""
    storage = LocalModelStorage(tmp_path)
    resource = Resource("crisis_detector")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**CrisisDetector.get_default_config(), "model_threshold": 0.7}
    examples = [
        Message(data={TEXT: text, INTENT: intent})
        for text, intent in [
            ("hello", "greet"),
            ("do you take aetna", "check_insurance"),
            ("what are your hours", "clinic_hours"),
            ("i want to end my life", "crisis"),
            ("my husband hits me", "abuse_disclosure"),
        ]
    ]
    CrisisDetector.create(config, storage, resource, context).train(TrainingData(examples))
    loaded = CrisisDetector.load(config, storage, resource, context)
    assert loaded.model is not None
    text = (
        "no need to call me back. my sister is taking the dog and i paid off my phone bill "
        "so nothing is left hanging"
    )
    [message] = loaded.process([parsed(text, [{"name": "greet", "confidence": 0.5}])])
    assert message.get(CRISIS_KEY) == {"layer": "model", "category": "crisis"}


def test_without_a_saved_model_the_matcher_still_runs(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    config = CrisisDetector.get_default_config()
    loaded = CrisisDetector.load(config, storage, Resource("never_trained"), context)
    assert loaded.model is None
    [message] = loaded.process(
        [parsed("i want to kill myself", [{"name": "greet", "confidence": 0.9}])]
    )
    assert message.get(CRISIS_KEY)["layer"] == "matcher"


def test_the_model_does_not_judge_replies_of_a_few_words(crisis_model: CrisisModel) -> None:
    """With its bar at zero the model would flag anything it judges; a two- or three-word reply
    ("not rn" to "would you like a call?") keeps DIET's reading."""
    settings = {**CrisisDetector.get_default_config(), "model_threshold": 0.0}
    eager = CrisisDetector(load_matcher(), settings, crisis_model)
    [short] = eager.process([parsed("not rn", [{"name": "deny", "confidence": 0.9}])])
    assert short.get(INTENT) == {"name": "deny", "confidence": 0.9}
    assert short.get(CRISIS_KEY) is None
    [longer] = eager.process(
        [parsed("not right now thanks", [{"name": "deny", "confidence": 0.9}])]
    )
    assert longer.get(CRISIS_KEY) == {"layer": "model", "category": longer.get(INTENT)["name"]}
