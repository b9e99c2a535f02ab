"""How the insurance check's questions are put: wording, quick replies and hints.

Never a member ID: the questions ask for the company, the plan type and the state only.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from lantern.insurance.dialogue import Field

Button = Dict[str, str]

CARRIER_QUESTION = (
    "Which insurance do you have? The company's name is enough, for example Aetna, Blue Cross "
    "or Medicaid. No member ID needed."
)
FIELD_QUESTIONS: Dict[Field, str] = {
    "plan_type": "What type of plan is it? It's usually printed on the insurance card.",
    "state": "Which state do you live in? Coverage for this plan depends on the state.",
}
FIELD_HINTS: Dict[Field, str] = {
    "plan_type": 'Sorry, I didn\'t catch the plan type. For example "PPO" or "HMO", or "not sure".',
    "state": 'Sorry, I didn\'t catch the state. For example "Arizona" or "CA", or "not sure".',
}


def carrier_buttons() -> List[Button]:
    return [
        {"title": "I don't have insurance", "payload": "I don't have insurance"},
        {"title": "Not sure", "payload": "not sure"},
    ]


def field_buttons(choices: List[Tuple[str, str]]) -> List[Button]:
    """The values the carrier's rows name, then "Not sure"."""
    buttons = [{"title": title, "payload": payload} for title, payload in choices]
    return [*buttons, {"title": "Not sure", "payload": "not sure"}]
