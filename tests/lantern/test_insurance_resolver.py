"""Which carrier a message means: exact names, abbreviations, typos, and messages with none."""

from typing import List

import pytest

from lantern.insurance import (
    CarrierNames,
    carrier_names,
    extract_plan_type,
    extract_state,
    load_catalogue,
    resolve_carrier,
)
from lantern.insurance.catalogue import PlanRow
from lantern.paths import DEFAULT_INSURANCE_PATH


@pytest.fixture(scope="module")
def names() -> List[CarrierNames]:
    """The shipped list's names (the resolver reads the same from the database at run time)."""
    return carrier_names(load_catalogue(DEFAULT_INSURANCE_PATH).rows)


@pytest.mark.parametrize(
    ("text", "carrier"),
    [
        # Short mentions, as an entity ruler proposes them
        ("aetna", "Aetna"),
        ("AETNA", "Aetna"),
        ("bcbs", "Blue Cross Blue Shield"),
        ("BC/BS", "Blue Cross Blue Shield"),
        ("B.C.B.S.", "Blue Cross Blue Shield"),
        ("bluecross", "Blue Cross Blue Shield"),
        ("Blue Shield", "Blue Cross Blue Shield"),
        ("UHC", "UnitedHealthcare"),
        ("united", "UnitedHealthcare"),
        ("United Health Care", "UnitedHealthcare"),
        ("optum", "UnitedHealthcare"),
        ("Evernorth", "Cigna"),
        ("kaiser", "Kaiser Permanente"),
        ("Medi-Cal", "Medicaid"),
        ("medi cal", "Medicaid"),
        ("AHCCCS", "Medicaid"),
        ("MassHealth", "Medicaid"),
        ("tricare for life", "TRICARE"),
        ("the VA", "VA Community Care"),
        ("healthnet", "Health Net"),
        ("Centene", "Ambetter"),
        # Typos
        ("aetena", "Aetna"),
        ("aenta", "Aetna"),
        ("cigana", "Cigna"),
        ("signa", "Cigna"),
        ("untied healthcare", "UnitedHealthcare"),
        ("united helthcare", "UnitedHealthcare"),
        ("medcaid", "Medicaid"),
        ("medicaide", "Medicaid"),
        ("humanna", "Humana"),
        ("kaisr", "Kaiser Permanente"),
        ("kaiser permanete", "Kaiser Permanente"),
        ("bluesheild", "Blue Cross Blue Shield"),
        ("blu cross blue shield", "Blue Cross Blue Shield"),
        ("antem", "Anthem"),
        ("ambeter", "Ambetter"),
        ("tricar", "TRICARE"),
        ("magelan", "Magellan Health"),
        # Whole messages
        ("do u guys take blue cross?? i have a ppo thru work", "Blue Cross Blue Shield"),
        ("Do you take Aetna PPO?", "Aetna"),
        ("i have cigna through my job", "Cigna"),
        ("my insurance is united healthcare, is that ok", "UnitedHealthcare"),
        ("I'm on Medi-Cal", "Medicaid"),
        ("do yall accept humana", "Humana"),
        ("is anthem blue cross in network", "Anthem"),  # the longer name wins
        ("I have BCBS of Florida", "Florida Blue"),
        ("got kaiser, will that work?", "Kaiser Permanente"),
        ("i have untied health care and live in cali", "UnitedHealthcare"),
        ("veteran here, I use the VA", "VA Community Care"),
        ("Oscar health plan", "Oscar Health"),
        ("i have aetna and live in the united states", "Aetna"),
    ],
)
def test_a_carrier_is_found(names: List[CarrierNames], text: str, carrier: str) -> None:
    match = resolve_carrier(text, names)
    assert match is not None, text
    assert match.carrier == carrier


@pytest.mark.parametrize(
    "text",
    [
        "do you take insurance",
        "I have good insurance through work",
        "my plan is PPO",
        "united we stand",
        "I live in the United States",
        "obamacare",
        "I don't have insurance",
        "self pay",
        "I'm only human",
        "I need medical help",
        "what does it cost?",
        "hi",
        "yes",
        "my health care plan is through my employer",
        "do you take sigma",
        "it's a marketplace plan",
        "",
    ],
)
def test_no_carrier_is_none(names: List[CarrierNames], text: str) -> None:
    assert resolve_carrier(text, names) is None


def test_exact_matches_score_100_and_typos_less(names: List[CarrierNames]) -> None:
    exact = resolve_carrier("Aetna", names)
    typo = resolve_carrier("aetena", names)
    assert exact is not None and exact.exact and exact.score == 100
    assert typo is not None and not typo.exact and 80 <= typo.score < 100
    assert typo.name == "Aetna" and typo.text == "aetena"


def test_an_alias_of_one_state_implies_it(names: List[CarrierNames]) -> None:
    assert [
        getattr(resolve_carrier(text, names), "state", None)
        for text in ("Medi-Cal", "AHCCCS", "Apple Health", "medicaid")
    ] == ["CA", "AZ", "WA", None]


def test_names_come_from_the_rows_given() -> None:
    """An alias added to the table works at once: nothing is trained."""
    rows = [
        PlanRow(carrier="Acme Health", aliases=["Roadrunner Care"], network_status="in_network")
    ]
    names = carrier_names(rows)
    match = resolve_carrier("do you take roadrunner care?", names)
    assert match is not None and match.carrier == "Acme Health"
    assert resolve_carrier("aetna", names) is None
    assert resolve_carrier("anything", []) is None


@pytest.mark.parametrize(
    ("text", "plan_type"),
    [
        ("i have a ppo thru work", "PPO"),
        ("It's an HMO", "HMO"),
        ("epo", "EPO"),
        ("point-of-service", "POS"),
        ("a high deductible plan with an HSA", "HDHP"),
        ("aetna medicare advantage", "Medicare Advantage"),
        ("medicare part c", "Medicare Advantage"),
        ("just regular medicare", "Original Medicare"),
        ("medigap", "Medicare Supplement"),
        ("managed medicaid", "Medicaid managed care"),
        ("I don't know", None),
        ("do you take aetna", None),
    ],
)
def test_plan_type_extraction(text: str, plan_type: str | None) -> None:
    assert extract_plan_type(text) == plan_type


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("i live in new york", "NY"),
        ("Arizona", "AZ"),
        ("cali", "CA"),
        ("AZ", "AZ"),
        ("az", "AZ"),
        ("phoenix, az", "AZ"),
        ("sedona az", "AZ"),
        ("I'm in TX", "TX"),
        ("west virginia", "WV"),
        ("kansas", "KS"),
        ("washington dc", "DC"),
        ("d.c.", "DC"),
        ("from OR", "OR"),
        ("i live in pa", "PA"),
        ("Puerto Rico", "PR"),
        ("I AM IN AZ", "AZ"),
        ("ok", None),
        ("hi", None),
        ("is that ok", None),
        ("believe in me", None),
        ("I'm in LA", None),  # Los Angeles, not Louisiana
        ("an Aetna MA plan", None),
        ("I live in the united states", None),
        ("my plan is PPO", None),
    ],
)
def test_state_extraction(text: str, state: str | None) -> None:
    assert extract_state(text) == state
