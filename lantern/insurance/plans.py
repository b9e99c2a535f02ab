"""Plan types: the names the table uses, and reading them from what people write."""

from typing import Dict, Tuple

from lantern.insurance.words import key, tokens

# The plan types a row may name. Kept short on purpose: each is a distinction that changes
# whether a clinic is in network (an HMO needs a referral inside its network, a PPO does not).
PLAN_TYPES: Tuple[str, ...] = (
    "PPO",
    "HMO",
    "EPO",
    "POS",
    "HDHP",
    "Indemnity",
    "Medicare Advantage",
    "Original Medicare",
    "Medicare Supplement",
    "Medicaid managed care",
    "Medicaid fee-for-service",
)

# Other ways to say each plan type (besides its own name), as people write them.
_SYNONYMS: Dict[str, Tuple[str, ...]] = {
    "PPO": ("preferred provider", "preferred provider organization"),
    "HMO": ("health maintenance organization",),
    "EPO": ("exclusive provider", "exclusive provider organization"),
    "POS": ("point of service",),
    "HDHP": ("high deductible", "high deductible health plan", "hsa plan"),
    "Indemnity": ("indemnity plan", "traditional indemnity"),
    "Medicare Advantage": ("advantage plan", "part c", "medicare part c", "mapd", "ma pd"),
    "Original Medicare": (
        "traditional medicare",
        "regular medicare",
        "medicare part b",
        "part b",
        "parts a and b",
    ),
    "Medicare Supplement": ("medigap", "supplement plan", "medicare supplement plan"),
    "Medicaid managed care": ("managed medicaid", "managed care", "mco"),
    "Medicaid fee-for-service": ("fee for service", "straight medicaid", "regular medicaid"),
}

_PHRASES: Dict[Tuple[str, ...], str] = {
    tuple(key(phrase).split()): plan_type
    for plan_type in PLAN_TYPES
    for phrase in (plan_type, *_SYNONYMS.get(plan_type, ()))
}
_LONGEST = max(len(phrase) for phrase in _PHRASES)


def normalise_plan_type(value: str) -> str | None:
    """The table's name for a plan type: 'ppo' -> 'PPO', 'medigap' -> 'Medicare Supplement'."""
    return _PHRASES.get(tuple(tokens(value)))


def extract_plan_type(text: str) -> str | None:
    """The first plan type a message names, longest phrase first at each word:
    'i have a ppo thru work' -> 'PPO', 'an aetna medicare advantage plan' -> 'Medicare Advantage'.
    """
    words = tokens(text)
    for start in range(len(words)):
        for length in range(min(_LONGEST, len(words) - start), 0, -1):
            plan_type = _PHRASES.get(tuple(words[start : start + length]))
            if plan_type is not None:
                return plan_type
    return None
