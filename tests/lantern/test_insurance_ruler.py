"""The carrier entity-ruler pipeline: a folder named by its inputs, found by spacy.load."""

from pathlib import Path
from typing import List

import pytest
import spacy

from lantern.cli import main
from lantern.insurance import PlanRow, build_carrier_pipeline, carrier_pipeline_path
from lantern.insurance.ruler import PREFIX
from lantern.paths import DEFAULT_INSURANCE_PATH


def rows(alias: str = "BCBS", notes: str = "") -> List[PlanRow]:
    return [
        PlanRow(carrier="Aetna", network_status="in_network", plan_types=["PPO"]),
        PlanRow(carrier="Aetna", network_status="not_accepted", plan_types=["HMO"]),
        PlanRow(
            carrier="Blue Cross Blue Shield",
            aliases=[alias, "blue cross", "BC/BS"],
            network_status="in_network",
            notes=notes,
        ),
        PlanRow(carrier="Medicaid", aliases=["Medi-Cal"], network_status="in_network"),
    ]


def test_the_name_is_a_hash_of_the_names_only(tmp_path: Path) -> None:
    path = carrier_pipeline_path(rows(), tmp_path)
    assert path.parent == tmp_path
    assert path.name.startswith(PREFIX) and len(path.name) == len(PREFIX) + 12
    int(path.name[len(PREFIX) :], 16)
    assert carrier_pipeline_path(rows(notes="a changed note"), tmp_path) == path
    assert carrier_pipeline_path(list(reversed(rows())), tmp_path) == path
    assert carrier_pipeline_path(rows(alias="BCBSA"), tmp_path) != path


def test_build_is_idempotent_and_loads(tmp_path: Path) -> None:
    path = build_carrier_pipeline(rows(), tmp_path)
    assert path == carrier_pipeline_path(rows(), tmp_path)
    stamp = (path / "meta.json").stat().st_mtime_ns
    assert build_carrier_pipeline(rows(), tmp_path) == path
    assert (path / "meta.json").stat().st_mtime_ns == stamp  # reused, not rebuilt
    assert [entry.name for entry in tmp_path.iterdir()] == [path.name]  # no staging left

    nlp = spacy.load(path)
    for text, expected in [
        (
            "do you take aetna or blue cross?",
            [("aetna", "Aetna"), ("blue cross", "Blue Cross Blue Shield")],
        ),
        ("DO YOU TAKE AETNA", [("AETNA", "Aetna")]),
        (
            "I have BC/BS and Medi-Cal",
            [("BC/BS", "Blue Cross Blue Shield"), ("Medi-Cal", "Medicaid")],
        ),
        ("no insurance here", []),
    ]:
        doc = nlp(text)
        assert [(ent.text, ent.ent_id_) for ent in doc.ents] == expected
        assert {ent.label_ for ent in doc.ents} <= {"CARRIER"}


def test_a_changed_alias_builds_a_new_folder(tmp_path: Path) -> None:
    first = build_carrier_pipeline(rows(), tmp_path)
    second = build_carrier_pipeline(rows(alias="Anthem BCBS"), tmp_path)
    assert first != second and (second / "meta.json").exists()
    assert [ent.ent_id_ for ent in spacy.load(second)("anthem bcbs").ents] == [
        "Blue Cross Blue Shield"
    ]


def test_cli_builds_and_prints_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["insurance", "pipeline", "--file", str(DEFAULT_INSURANCE_PATH), "--out", str(tmp_path)]
    assert main(argv) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.parent == tmp_path and (printed / "meta.json").exists()
    assert main([*argv[:3], str(tmp_path / "missing.yml"), *argv[4:]]) == 2
