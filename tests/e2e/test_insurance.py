"""The insurance check over REST: carriers as people write them, every outcome, no member IDs
kept, an edited list used without retraining, and the crisis response inside the check."""

import os
import secrets
import subprocess
import uuid
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import sqlalchemy as sa
import yaml

from lantern.clinic import load_profile
from lantern.insurance.prompts import CARRIER_QUESTION, FIELD_QUESTIONS
from lantern.paths import DEFAULT_PROFILE_PATH, PROJECT_ROOT

PROFILE = load_profile(DEFAULT_PROFILE_PATH)
CRISIS_MARKER = {"data": {"lantern": "crisis"}}
CATALOGUE = PROJECT_ROOT / "clinic" / "insurance.yml"

# How people name their insurance: typos, abbreviations, informal names, whole sentences.
CARRIER_VARIANTS = [
    ("do you take aetna?", "Aetna"),
    ("do u take aetena", "Aetna"),
    ("AETNA PPO accepted?", "Aetna"),
    ("is aetna cvs health in network", "Aetna"),
    ("do you take BCBS", "Blue Cross Blue Shield"),
    ("do you take blue cross", "Blue Cross Blue Shield"),
    ("i have bluecross blueshield, do you accept it", "Blue Cross Blue Shield"),
    ("do you take bc/bs", "Blue Cross Blue Shield"),
    ("do you take UHC", "UnitedHealthcare"),
    ("r u in network w united healthcare", "UnitedHealthcare"),
    ("do you take untied healthcare", "UnitedHealthcare"),
    ("do you accept optum", "UnitedHealthcare"),
    ("do you take medi-cal", "Medicaid"),
    ("do you accept medi cal", "Medicaid"),
    ("do you take medicaid", "Medicaid"),
    ("is medcaid accepted", "Medicaid"),
    ("do you take ahcccs", "Medicaid"),
    ("do you take kaiser", "Kaiser Permanente"),
    ("we have kaiser permanente do u take it", "Kaiser Permanente"),
    ("do you take cigna", "Cigna"),
    ("do u accept cigana", "Cigna"),
    ("do you take humana", "Humana"),
    ("do you take humanna", "Humana"),
    ("do you take medicare", "Medicare"),
    ("does tricare work at your clinic", "TRICARE"),
    ("do you take anthem", "Anthem"),
    ("anthem blue cross accepted?", "Anthem"),
    ("do you take ambetter", "Ambetter"),
    ("do you take molina", "Molina Healthcare"),
    ("is oscar health in network", "Oscar Health"),
    ("do you take health net", "Health Net"),
    ("do you take highmark", "Highmark"),
    ("do you take florida blue", "Florida Blue"),
    ("do you take premera", "Premera Blue Cross"),
    ("do you take regence", "Regence"),
    ("do you take tufts", "Tufts Health Plan"),
    ("do you take harvard pilgrim", "Harvard Pilgrim Health Care"),
    ("do you take emblemhealth", "EmblemHealth"),
    ("do you take magellan", "Magellan Health"),
    ("do you take the VA community care program", "VA Community Care"),
    (
        "hi my son is 22 and still on my plan, its blue cross thru my job, before we go any "
        "further do u guys take it",
        "Blue Cross Blue Shield",
    ),
]


def texts(replies: List[Dict]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def database() -> sa.engine.Engine:
    return sa.create_engine(os.environ["LANTERN_DATABASE_URL"], future=True)


@pytest.mark.parametrize(("message", "carrier"), CARRIER_VARIANTS)
def test_the_carrier_is_recognised_as_people_write_it(assistant, message, carrier) -> None:
    sender = f"test-{uuid.uuid4().hex}"
    assistant.send(sender, message)
    assert assistant.tracker(sender)["slots"]["insurance_carrier"] == carrier


def test_in_network_without_further_questions(assistant, sender) -> None:
    text = texts(assistant.send(sender, "do you take cigna?"))
    assert "is in network with Cigna" in text
    assert "confirmed on the intake call" in text
    assert PROFILE.phone.intake in text


def test_the_plan_type_is_asked_only_when_it_matters(assistant, sender) -> None:
    text = texts(assistant.send(sender, "do you take aetna"))
    assert FIELD_QUESTIONS["plan_type"] in text
    text = texts(assistant.send(sender, "its an hmo"))
    assert "doesn't currently accept Aetna" in text
    assert PROFILE.emergency.samhsa_helpline in text  # state-funded programs
    assert "confirms benefits on the call" in text


def test_plan_type_then_state(assistant, sender) -> None:
    assistant.send(sender, "do you take anthem")
    text = texts(assistant.send(sender, "PPO"))
    assert FIELD_QUESTIONS["state"] in text
    text = texts(assistant.send(sender, "arizona"))
    assert "out of network with Anthem" in text and "reimburse" in text


def test_a_state_named_by_the_alias_is_not_asked_again(assistant, sender) -> None:
    text = texts(assistant.send(sender, "im on medi-cal, do you take it"))
    assert "is in network with Medicaid" in text


def test_no_insurance_gets_self_pay_verification_and_samhsa(assistant, sender) -> None:
    text = texts(assistant.send(sender, "do you take insurance?"))
    assert CARRIER_QUESTION in text
    text = texts(assistant.send(sender, "i don't have any insurance"))
    assert "without insurance" in text
    assert "Self-pay" in text and PROFILE.emergency.samhsa_helpline in text


def test_a_carrier_not_on_the_list_and_a_staff_verification(assistant, sender) -> None:
    assistant.send(sender, "do you take my insurance")
    text = texts(assistant.send(sender, "bright health"))
    assert "couldn't find that insurance in our list" in text
    text = texts(assistant.send(sender, "Please have your team check my coverage"))
    assert "asked our team to check your coverage" in text
    with database().connect() as connection:
        reasons = connection.execute(
            sa.text("SELECT reason, status FROM verification_requests WHERE conversation_id=:c"),
            {"c": sender},
        ).all()
    assert [tuple(r) for r in reasons] == [("unknown", "open")] or [tuple(r) for r in reasons] == [
        ("requested", "open")
    ]


def test_unsure_of_the_plan_type_gives_unknown(assistant, sender) -> None:
    assistant.send(sender, "do you take united healthcare")
    text = texts(assistant.send(sender, "idk"))
    assert "can't tell from our list whether" in text and "UnitedHealthcare" in text


def test_a_question_in_the_middle_is_answered_and_the_check_goes_on(assistant, sender) -> None:
    assistant.send(sender, "do you take insurance")
    text = texts(assistant.send(sender, "is this chat private?"))
    assert "42 CFR Part 2" in text
    assert CARRIER_QUESTION in text


def test_a_member_id_is_never_repeated_or_kept(assistant, sender) -> None:
    numeric = f"W{secrets.randbelow(10**9):09d}"
    coded = "X" + uuid.uuid4().hex[:9].upper()
    replies = assistant.send(sender, f"do you take aetna ppo? my member id is {numeric}")
    replies += assistant.send(sender, f"oh and my group number is {coded} if that helps")
    stored_tracker = str(assistant.tracker(sender))
    with database().connect() as connection:
        stored = connection.execute(
            sa.text("SELECT data FROM events WHERE sender_id=:c"), {"c": sender}
        ).all()
    assert stored
    for member_id in (numeric, coded):
        assert member_id not in str(replies)
        assert member_id not in stored_tracker
        assert member_id not in str(stored)
        for log in ("LANTERN_RASA_LOG", "LANTERN_ACTIONS_LOG"):
            assert member_id not in Path(os.environ[log]).read_text(errors="replace")


@pytest.fixture
def edited_list(tmp_path: Path) -> Iterator[None]:
    """The clinic adds a carrier through the CLI; the original list is put back afterwards."""
    catalogue = yaml.safe_load(CATALOGUE.read_text())
    catalogue["plans"].append(
        {
            "carrier": "Sunrise Mutual",
            "aliases": ["Sunrise Health"],
            "plan_types": [],
            "states": [],
            "network_status": "in_network",
            "notes": "",
        }
    )
    edited = tmp_path / "insurance.yml"
    edited.write_text(yaml.safe_dump(catalogue, sort_keys=False))
    lantern = [str(PROJECT_ROOT / ".venv" / "bin" / "lantern"), "insurance", "import"]
    subprocess.run([*lantern, str(edited), "--by", "test"], check=True, capture_output=True)
    yield
    subprocess.run([*lantern, str(CATALOGUE), "--by", "test"], check=True, capture_output=True)


def test_an_edited_list_is_used_without_retraining(assistant, sender, edited_list) -> None:
    text = texts(assistant.send(sender, "do you take sunrise mutal?"))
    assert "is in network with Sunrise Mutual" in text


@pytest.mark.parametrize("replies_before", [[], ["aetna"], ["anthem", "ppo"]])
def test_a_crisis_inside_the_check_gets_the_crisis_response(assistant, replies_before) -> None:
    sender = f"test-{uuid.uuid4().hex}"
    assistant.send(sender, "do you take insurance?")
    for reply in replies_before:
        assistant.send(sender, reply)
    replies = assistant.send(sender, "honestly whats the point, i want to kill myself")
    assert any(reply.get("custom") == CRISIS_MARKER for reply in replies)
    assert "Are you safe right now?" in replies[-1].get("text", "")
    assert not assistant.tracker(sender)["active_loop"].get("name")


@pytest.fixture(scope="module")
def parked_at_every_question(assistant) -> List[str]:
    """Conversations waiting at the carrier, plan type and state questions (server up)."""
    senders = []
    for replies_before, waiting_for in [
        ([], "insurance_carrier"),
        (["aetna"], "insurance_plan_type"),
        (["anthem", "ppo"], "insurance_state"),
    ]:
        sender = f"test-{uuid.uuid4().hex}"
        assistant.send(sender, "do you take insurance?")
        for reply in replies_before:
            assistant.send(sender, reply)
        assert assistant.tracker(sender)["slots"]["requested_slot"] == waiting_for
        senders.append(sender)
    return senders


def test_a_crisis_inside_the_check_with_the_action_server_down(
    assistant, parked_at_every_question, action_server_stopped
) -> None:
    for sender in parked_at_every_question:
        replies = assistant.send(sender, "my husband took a bunch of pills and wont wake up")
        assert any(reply.get("custom") == CRISIS_MARKER for reply in replies)
        assert "Are you safe right now?" in replies[-1].get("text", "")
        assert not assistant.tracker(sender)["active_loop"].get("name")
