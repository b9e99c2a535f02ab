"""The crisis turn: response, leave any form, ask whether the person is safe, listen."""

import pytest

from lantern.policies.crisis_policy import crisis_turn_next_action


@pytest.mark.parametrize(
    ("intent", "done", "form_active", "expected"),
    [
        ("crisis", [], False, "utter_crisis"),
        ("crisis", ["utter_crisis"], False, "utter_ask_safe_now"),
        ("crisis", ["utter_crisis"], True, "action_deactivate_loop"),
        ("crisis", ["utter_crisis", "action_deactivate_loop"], False, "utter_ask_safe_now"),
        ("crisis", ["utter_crisis", "utter_ask_safe_now"], False, "action_listen"),
        ("abuse_disclosure", [], True, "utter_abuse_support"),
        ("abuse_disclosure", ["utter_abuse_support"], True, "action_deactivate_loop"),
        ("greet", [], False, None),
        (None, [], False, None),
        ("crisis", ["some_other_action"], False, None),
    ],
)
def test_crisis_turn(intent, done, form_active, expected) -> None:
    assert crisis_turn_next_action(intent, done, form_active) == expected
