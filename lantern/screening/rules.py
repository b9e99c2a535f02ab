"""The tier rules: which answers make a screening EMERGENCY, URGENT or SOON.

They live in `clinic/screening.yml` so a clinic's clinicians can change them without code;
`load_tier_rules` checks every question id and answer against the catalogue, so a typo is an
error that names the field instead of a rule that silently never fires.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any, Dict, List, Tuple

from pydantic import BaseModel, ValidationError, conint, validator

from lantern.paths import DEFAULT_SCREENING_RULES_PATH
from lantern.screening.questions import QUESTIONS_BY_ID
from lantern.validation import describe_errors, read_yaml_mapping


class Tier(str, Enum):
    """How soon the clinic should act, most urgent first."""

    EMERGENCY = "EMERGENCY"
    URGENT = "URGENT"
    SOON = "SOON"
    ROUTINE = "ROUTINE"

    @property
    def rank(self) -> int:
        """0 for EMERGENCY up to 3 for ROUTINE: a lower rank is more urgent."""
        return TIER_ORDER.index(self)


TIER_ORDER: Tuple[Tier, ...] = (Tier.EMERGENCY, Tier.URGENT, Tier.SOON, Tier.ROUTINE)
TRIGGER_TIERS: Tuple[Tier, ...] = (Tier.EMERGENCY, Tier.URGENT, Tier.SOON)


class ScreeningRulesError(ValueError):
    """The rules file cannot be used; the message names the file and the field."""


# YAML 1.1 reads an unquoted yes/no as a boolean; the rules mean the answer.
_YAML_BOOLEANS = {True: "yes", False: "no"}


def _tier(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


class RecentUseRule(BaseModel):
    """Last use within `within_days` days (0 = today) raises the result to `tier`."""

    within_days: conint(ge=0, le=365)  # type: ignore[valid-type]
    tier: Tier

    _upper = validator("tier", pre=True, allow_reuse=True)(_tier)

    class Config:
        extra = "forbid"
        allow_mutation = False


class TierRules(BaseModel):
    """Answers that trigger each tier, keyed by question id; ROUTINE is what is left."""

    emergency: Dict[str, List[str]]
    urgent: Dict[str, List[str]]
    soon: Dict[str, List[str]]
    vague_counts_as_yes: bool
    recent_use: RecentUseRule
    incomplete_tier: Tier

    _upper = validator("incomplete_tier", pre=True, allow_reuse=True)(_tier)

    class Config:
        extra = "forbid"
        allow_mutation = False

    @validator("emergency", "urgent", "soon", pre=True)
    def _booleans_as_words(cls, value: Any) -> Any:  # noqa: N805 (pydantic validator)
        if not isinstance(value, dict):
            return value
        return {
            key: [
                _YAML_BOOLEANS.get(item, item) if isinstance(item, bool) else item for item in items
            ]
            if isinstance(items, list)
            else items
            for key, items in value.items()
        }

    @validator("emergency", "urgent", "soon")
    def _known_answers(cls, value: Dict[str, List[str]]) -> Dict[str, List[str]]:  # noqa: N805
        for question_id, answers in value.items():
            question = QUESTIONS_BY_ID.get(question_id)
            if question is None:
                raise ValueError(f"unknown question {question_id!r}")
            if not question.choices:
                raise ValueError(
                    f"{question_id}: has no fixed answers to match"
                    + (" (use recent_use for last use)" if question_id == "last_use" else "")
                )
            unknown = [answer for answer in answers if answer not in question.choices]
            if unknown:
                raise ValueError(
                    f"{question_id}: unknown answer(s) {', '.join(map(repr, unknown))}; "
                    f"expected some of {', '.join(question.choices)}"
                )
        return value

    def triggers(self, tier: Tier) -> Dict[str, List[str]]:
        """The answers that trigger this tier (none for ROUTINE)."""
        return {
            Tier.EMERGENCY: self.emergency,
            Tier.URGENT: self.urgent,
            Tier.SOON: self.soon,
        }.get(tier, {})


def load_tier_rules(path: Path = DEFAULT_SCREENING_RULES_PATH) -> TierRules:
    """Read and validate the rules; a clear `ScreeningRulesError` names what is wrong."""
    raw = read_yaml_mapping(path, "screening rules", ScreeningRulesError)
    try:
        return TierRules.parse_obj(raw)
    except ValidationError as error:
        raise ScreeningRulesError(f"{path}: {describe_errors(error)}") from error
