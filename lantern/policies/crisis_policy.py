"""The crisis response wins over everything, an active form included.

Rasa 3.6 gives an active form's loop prediction precedence over rules (it is flagged
`is_no_user_prediction`, which beats every other prediction), and the form would call its
validation action, which needs the action server. This policy's predictions carry the same
flag with full confidence and a higher priority, so after a crisis message the assistant
answers with the crisis response, deactivates any form (a default action, no action server)
and asks whether the person is safe, before anything else. See docs/crisis.md.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from lantern.nlu.crisis_detector import ABUSE_INTENT, CRISIS_INTENT

CRISIS_SLOT = "crisis_detected"
# The response to each crisis intent, then the question every crisis turn ends with.
RESPONSES = {CRISIS_INTENT: "utter_crisis", ABUSE_INTENT: "utter_abuse_support"}
ASK_SAFE = "utter_ask_safe_now"
# Above RulePolicy (6), whose loop predictions carry the same flag.
CRISIS_POLICY_PRIORITY = 7


def crisis_turn_next_action(
    intent: str | None, actions_since_user: List[str], form_active: bool
) -> str | None:
    """The next action of a crisis turn, or None when this is not (or no longer) one."""
    response = RESPONSES.get(intent or "")
    if response is None:
        return None
    if not actions_since_user:
        return response
    last = actions_since_user[-1]
    if last == response:
        return ACTION_DEACTIVATE_LOOP_NAME if form_active else ASK_SAFE
    if last == ACTION_DEACTIVATE_LOOP_NAME and response in actions_since_user:
        return ASK_SAFE
    if last == ASK_SAFE:
        return ACTION_LISTEN_NAME
    return None


def actions_since_last_user_message(tracker: DialogueStateTracker) -> List[str]:
    """Names of the actions run since the latest user message, oldest first."""
    names: List[str] = []
    for event in reversed(tracker.events):
        if event.type_name == "user":
            break
        action_name = getattr(event, "action_name", None)
        if event.type_name == "action" and action_name and action_name != ACTION_LISTEN_NAME:
            names.append(action_name)
    return list(reversed(names))


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class CrisisPolicy(Policy):
    """Predicts the crisis response, and nothing else, whenever a crisis intent arrives."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"priority": CRISIS_POLICY_PRIORITY}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CrisisPolicy:
        return cls(config, model_storage, resource, execution_context)

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        """Nothing to learn: the behaviour is fixed by design."""
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource):
            pass

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        next_action = crisis_turn_next_action(
            tracker.latest_message.intent.get("name") if tracker.latest_message else None,
            actions_since_last_user_message(tracker),
            tracker.active_loop_name is not None,
        )
        if next_action is None or next_action not in domain.action_names_or_texts:
            return self._prediction(self._default_predictions(domain))
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(next_action)] = 1.0
        events = [SlotSet(CRISIS_SLOT, True)] if next_action in RESPONSES.values() else []
        return self._prediction(probabilities, events=events, is_no_user_prediction=True)
