"""The crisis layer inside Rasa's NLU: the matcher always wins, the classifier only when sure."""

from typing import Any, Dict, List

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from lantern.crisis.matcher import load_matcher
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
