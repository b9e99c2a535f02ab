"""What the assistant says: facts traceable to the sources, clinic details only through slots."""

import re
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from lantern.clinic import load_profile
from lantern.paths import DEFAULT_PROFILE_PATH, PROJECT_ROOT

FAQ_FILES = sorted((PROJECT_ROOT / "data" / "faq").glob("*.yml"))
DOMAIN_FILES = sorted((PROJECT_ROOT / "domain").rglob("*.yml"))
HELDOUT = PROJECT_ROOT / "tests" / "nlu" / "heldout.yml"
PHONE_NUMBER = re.compile(r"\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b|\b(911|988)\b")
PLACEHOLDER = re.compile(r"{(\w+)}")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def all_responses() -> Dict[str, List[str]]:
    texts: Dict[str, List[str]] = {}
    for path in DOMAIN_FILES:
        for name, variations in (load(path).get("responses") or {}).items():
            texts[name] = [variation["text"] for variation in variations]
    return texts


def examples(paths: List[Path]) -> Dict[str, List[str]]:
    found: Dict[str, List[str]] = {}
    for path in paths:
        for block in load(path).get("nlu") or []:
            if "intent" not in block:
                continue  # a lookup table (data/nlu/carriers_lookup.yml), not examples
            lines = [line.strip()[2:].strip() for line in block["examples"].splitlines()]
            found.setdefault(block["intent"], []).extend(line for line in lines if line)
    return found


def training_examples() -> Dict[str, List[str]]:
    return examples(FAQ_FILES + sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")))


def test_no_phone_number_is_written_into_a_response() -> None:
    for name, texts in all_responses().items():
        for text in texts:
            assert not PHONE_NUMBER.search(text), f"{name} writes a number literally: {text!r}"


# Slots a response may name besides the clinic profile's: what the person told us.
# The hand-off's replies show a masked number ("+1 ***-***-2329") and the next opening window.
CONVERSATION_SLOTS = {"insurance_carrier", "handoff_phone_masked", "handoff_window"}


def test_every_placeholder_is_a_profile_slot() -> None:
    slots = set(load_profile(DEFAULT_PROFILE_PATH).slot_values()) | CONVERSATION_SLOTS
    for name, texts in all_responses().items():
        for text in texts:
            unknown = set(PLACEHOLDER.findall(text)) - slots
            assert not unknown, f"{name} uses unknown slot(s) {unknown}"


def test_the_other_providers_number_appears_nowhere() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for relative in tracked:
        path = PROJECT_ROOT / relative
        if path.suffix in {".yml", ".md", ".py", ".txt", ".html", ".js"} and path.exists():
            text = path.read_text(encoding="utf-8", errors="ignore")
            assert not re.search(r"855\D{0,3}339\D{0,3}1112", text), relative


def test_every_answer_key_has_an_answer_and_enough_examples() -> None:
    trained = training_examples()
    responses = all_responses()
    keys = [intent for intent in trained if "/" in intent]
    assert len(keys) >= 25, "at least 25 distinct questions"
    for intent, texts in trained.items():
        assert len(texts) >= 15, f"{intent}: {len(texts)} examples, at least 15 wanted"
        if "/" in intent:
            assert f"utter_{intent}" in responses, f"{intent} has no answer"


def test_heldout_set_is_apart_from_training_and_covers_every_intent() -> None:
    normalise = lambda text: re.sub(r"\W+", " ", text.lower()).strip()  # noqa: E731
    trained = training_examples()
    heldout = examples([HELDOUT])
    # The crisis intents have their own, larger evaluation set (tests/crisis/eval.yml).
    assert set(heldout) == set(trained) - {"crisis", "abuse_disclosure"}
    seen = {normalise(text) for texts in trained.values() for text in texts}
    overlap = [text for texts in heldout.values() for text in texts if normalise(text) in seen]
    assert not overlap, f"held-out examples also in training: {overlap}"


@pytest.mark.parametrize(
    ("key", "figures"),
    [
        ("utter_trial/results", ["48.2%", "10.7%"]),
        ("utter_trial/relapse", ["0.47", "0.24", "0.92"]),
        ("utter_trial/craving", ["58.1%", "18.6", "78.6"]),
        ("utter_trial/participants", ["55"]),
        ("utter_trial/dose", ["0.5 mg/kg", "40 minutes"]),
        ("utter_trial/control", ["midazolam"]),
        ("utter_cocaine/statistics", ["5.5 million", "1.5 million", "14,506", "28.5%"]),
    ],
)
def test_figures_are_quoted_exactly(key: str, figures: List[str]) -> None:
    text = " ".join(all_responses()[key])
    for figure in figures:
        assert figure in text, f"{key} should quote {figure}"


def test_ketamine_is_never_called_an_nmda_agonist() -> None:
    for name, texts in all_responses().items():
        for text in texts:
            assert "agonist" not in text.replace("antagonist", ""), name
