"""Coverage answers from the rows, and asking for the plan type or state only when it matters."""

from typing import List

import pytest

from lantern.insurance import PlanRow, check_coverage, load_catalogue
from lantern.paths import DEFAULT_INSURANCE_PATH


def row(carrier: str, status: str, plans: str = "", states: str = "", notes: str = "") -> PlanRow:
    return PlanRow(
        carrier=carrier,
        plan_types=plans.split(",") if plans else [],
        states=states.split(",") if states else [],
        network_status=status,
        notes=notes,
    )


ROWS: List[PlanRow] = [
    row("Aetna", "in_network", "PPO,POS"),
    row("Aetna", "not_accepted", "HMO", notes="needs an HMO referral"),
    row("Cigna", "in_network"),
    row("Oscar Health", "out_of_network_reimbursement", notes="superbill"),
    row("Kaiser Permanente", "not_accepted"),
    row("Medicaid", "in_network", states="AZ", notes="AHCCCS"),
    row("Medicaid", "not_accepted"),
    row("Health Net", "in_network", states="CA"),
    row("Anthem", "in_network", "PPO", "CA"),
    row("Anthem", "out_of_network_reimbursement", "PPO"),
    row("Anthem", "not_accepted", "HMO"),
    row("Magellan Health", "in_network", "PPO"),
]


@pytest.mark.parametrize(
    ("carrier", "plan_type", "state", "outcome", "notes"),
    [
        # Depends on neither: answered at once, whatever else is known
        ("Cigna", None, None, "in_network", ""),
        ("Cigna", "HMO", "TX", "in_network", ""),
        ("Oscar Health", None, None, "out_of_network_reimbursement", "superbill"),
        ("Kaiser Permanente", None, "CA", "not_accepted", ""),
        # Depends on the plan type
        ("Aetna", "PPO", None, "in_network", ""),
        ("Aetna", "ppo", "NY", "in_network", ""),
        ("Aetna", "HMO", None, "not_accepted", "needs an HMO referral"),
        ("Aetna", "EPO", None, "unknown", ""),
        # Depends on the state
        ("Medicaid", None, "AZ", "in_network", "AHCCCS"),
        ("Medicaid", None, "arizona", "in_network", "AHCCCS"),
        ("Medicaid", None, "TX", "not_accepted", ""),
        ("Health Net", None, "CA", "in_network", ""),
        ("Health Net", None, "TX", "unknown", ""),
        # Both: the most specific row decides
        ("Anthem", "PPO", "CA", "in_network", ""),
        ("Anthem", "PPO", "NV", "out_of_network_reimbursement", ""),
        ("Anthem", "HMO", "CA", "not_accepted", ""),
        ("Anthem", "HMO", None, "not_accepted", ""),
        # Not in the table
        ("Acme Health", None, None, "unknown", ""),
        # Case of the carrier's name does not matter
        ("cigna", None, None, "in_network", ""),
    ],
)
def test_outcomes(
    carrier: str, plan_type: str | None, state: str | None, outcome: str, notes: str
) -> None:
    coverage = check_coverage(ROWS, carrier, plan_type, state)
    assert (coverage.outcome, coverage.needs, coverage.notes) == (outcome, (), notes)


@pytest.mark.parametrize(
    ("carrier", "plan_type", "state", "needs", "choices"),
    [
        ("Aetna", None, None, ("plan_type",), ("PPO", "POS", "HMO")),
        ("Aetna", None, "AZ", ("plan_type",), ("PPO", "POS", "HMO")),
        ("Medicaid", None, None, ("state",), ("AZ",)),
        ("Medicaid", "HMO", None, ("state",), ("AZ",)),
        ("Health Net", None, None, ("state",), ("CA",)),
        ("Anthem", None, None, ("plan_type",), ("PPO", "HMO")),
        ("Anthem", "PPO", None, ("state",), ("CA",)),
        # A single row naming a plan type: the answer still depends on it (PPO or not)
        ("Magellan Health", None, None, ("plan_type",), ("PPO",)),
    ],
)
def test_asks_only_what_the_answer_depends_on(
    carrier: str, plan_type: str | None, state: str | None, needs: tuple, choices: tuple
) -> None:
    coverage = check_coverage(ROWS, carrier, plan_type, state)
    assert coverage.outcome is None
    assert (coverage.needs, coverage.choices) == (needs, choices)


def test_unknown_says_why() -> None:
    reasons = [
        check_coverage(ROWS, *question).reason
        for question in [("Acme",), ("Aetna", "EPO"), ("Health Net", None, "TX")]
    ]
    assert reasons == ["carrier_not_listed", "plan_type_not_listed", "state_not_listed"]
    assert check_coverage(ROWS, "Cigna").reason is None


def test_values_come_back_normalised() -> None:
    coverage = check_coverage(ROWS, "aetna", "preferred provider", "new york")
    assert (coverage.carrier, coverage.plan_type, coverage.state) == ("Aetna", "PPO", "NY")


def test_the_shipped_list_exercises_every_outcome_and_question() -> None:
    rows = load_catalogue(DEFAULT_INSURANCE_PATH).rows
    outcomes = {
        check_coverage(rows, *question).outcome
        for question in [
            ("Cigna",),
            ("Aetna", "HMO"),
            ("Humana",),
            ("Health Net", None, "TX"),
        ]
    }
    assert outcomes == {"in_network", "not_accepted", "out_of_network_reimbursement", "unknown"}
    assert check_coverage(rows, "Aetna").needs == ("plan_type",)
    assert check_coverage(rows, "Medicaid").needs == ("state",)
    assert check_coverage(rows, "Kaiser Permanente").needs == ()
