"""The insurance check as a conversation: what to ask next, how replies are read, the outcome.

The form asks only what the answer depends on (`Coverage.needs`), reads a reply to the plan
type or state question as that field or as "not sure", and stops early without a carrier when
the person has no insurance or names one that is not on the list.
"""

from __future__ import annotations

import re
from typing import List, Literal, Tuple

from lantern.insurance.outcome import Coverage
from lantern.insurance.plans import extract_plan_type
from lantern.insurance.states import STATE_NAMES, extract_state

Field = Literal["plan_type", "state"]
UNSURE = "unsure"
NO_INSURANCE = "no_insurance"
NOT_LISTED = "not_listed"
_UNSURE = re.compile(
    r"^\s*(not sure|unsure|idk|i ?d(on'?t|o not) know|dunno|no idea|not certain|"
    r"no clue|can'?t remember|i forget|forgot|not sure tbh)\b",
    re.IGNORECASE,
)


def is_unsure(text: str) -> bool:
    """ "idk", "not sure", "no idea what kind": the person cannot say."""
    return bool(_UNSURE.match(text))


def read_field(field: Field, text: str) -> str | None:
    """The plan type or state code in a reply, "unsure", or None (ask again)."""
    if is_unsure(text):
        return UNSURE
    return extract_plan_type(text) if field == "plan_type" else extract_state(text)


def fields_to_ask(coverage: Coverage, plan_type: str | None, state: str | None) -> List[Field]:
    """The fields still needed, none once the person has said they are not sure of one."""
    if UNSURE in (plan_type, state):
        return []
    return list(coverage.needs)


def known(value: str | None) -> str | None:
    """A field's value for the coverage check: "unsure" is as good as not given."""
    return None if value == UNSURE else value


def outcome_of(coverage: Coverage) -> str:
    """The outcome to tell the person: still needing a field means we cannot say."""
    if coverage.needs or coverage.outcome is None:
        return "unknown"
    return coverage.outcome


def choice_labels(field: Field, coverage: Coverage) -> List[Tuple[str, str]]:
    """Buttons for the field asked: (title, payload) for each value the carrier's rows name."""
    if field == "state":
        return [
            (STATE_NAMES.get(code, code), STATE_NAMES.get(code, code)) for code in coverage.choices
        ]
    return [(choice, choice) for choice in coverage.choices]
