"""The insurance list file: validation naming row and field, import/export on SQLite and
PostgreSQL, the `lantern insurance` commands and their exit codes."""

import copy
from pathlib import Path
from typing import Any, Callable, Dict, Iterator

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy.orm import Session

from lantern.cli import main
from lantern.insurance import CatalogueError, import_catalogue, load_catalogue
from lantern.insurance.catalogue import count_plans, export_catalogue, load_plans
from lantern.paths import DEFAULT_INSURANCE_PATH
from lantern.records import InsurancePlan, get_sessionmaker
from lantern.records.migrate import upgrade
from lantern.settings import get_settings

SHIPPED = DEFAULT_INSURANCE_PATH


@pytest.fixture
def data() -> Dict[str, Any]:
    loaded: Dict[str, Any] = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    return copy.deepcopy(loaded)


def write(tmp_path: Path, data: Any, name: str = "insurance.yml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_shipped_list_is_valid_example_data() -> None:
    catalogue = load_catalogue(SHIPPED)
    assert catalogue.example_data is True
    carriers = {row.carrier for row in catalogue.rows}
    assert len(carriers) >= 22
    assert {"Aetna", "Blue Cross Blue Shield", "Medicaid", "Medicare", "TRICARE"} <= carriers
    # Rows that depend on the plan type, on the state, and on neither
    assert any(row.plan_types and not row.states for row in catalogue.rows)
    assert any(row.states and not row.plan_types for row in catalogue.rows)
    assert any(not row.plan_types and not row.states for row in catalogue.rows)
    assert {row.network_status for row in catalogue.rows} == {
        "in_network",
        "out_of_network_reimbursement",
        "not_accepted",
    }


def test_values_are_normalised(tmp_path: Path, data: Dict[str, Any]) -> None:
    data["plans"][0].update(plan_types=["ppo", "Point of Service", "PPO"], states=["az", "Ohio"])
    row = load_catalogue(write(tmp_path, data)).rows[0]
    assert (row.plan_types, row.states) == (["PPO", "POS"], ["AZ", "OH"])


Change = Callable[[Dict[str, Any]], Any]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["plans"][6].update(network_status="in-network"),
            "row 7 (Blue Cross Blue Shield): network_status: must be one of in_network, "
            "out_of_network_reimbursement, not_accepted; got 'in-network'",
        ),
        (
            lambda d: d["plans"][0].update(states=["AZ", "XX"]),
            "row 1 (Aetna): states.1: 'XX' is not a US state, DC or territory code",
        ),
        (
            lambda d: d["plans"][1].update(plan_types=["PP0"]),
            "row 2 (Aetna): plan_types.0: unknown plan type 'PP0'",
        ),
        (
            lambda d: d["plans"][7].update(aliases=["BCBS"]),
            "row 8 (Cigna): aliases: 'BCBS' is already a name of Blue Cross Blue Shield (row 6)",
        ),
        (
            lambda d: d["plans"][7].update(aliases=["bc/bs"]),
            "row 8 (Cigna): aliases: 'bc/bs' is already a name of Blue Cross Blue Shield",
        ),
        (lambda d: d["plans"][2].pop("network_status"), "row 3 (Anthem): network_status: field"),
        (lambda d: d["plans"][2].update(colour="blue"), "row 3 (Anthem): colour: extra fields"),
        (lambda d: d["plans"][3].update(aliases=["VA"]), "row 4 (Anthem): aliases.0: 'VA' is too"),
        (lambda d: d["plans"][0].pop("carrier"), "row 1: carrier: field required"),
        (lambda d: d.pop("plans"), "plans: field required"),
        (lambda d: d.update(example_data="maybe"), "example_data: value could not be parsed"),
        (
            lambda d: (
                d["plans"].append(
                    {"carrier": "Cigna", "plan_types": ["HMO"], "network_status": "not_accepted"}
                )
                or d["plans"].append(
                    {"carrier": "Cigna", "states": ["CA"], "network_status": "in_network"}
                )
            ),
            "overlap row",
        ),
    ],
)
def test_a_bad_file_names_the_row_and_field(
    tmp_path: Path, data: Dict[str, Any], change: Change, message: str
) -> None:
    change(data)
    with pytest.raises(CatalogueError, match=r"insurance\.yml: ") as raised:
        load_catalogue(write(tmp_path, data))
    assert message in str(raised.value)


def test_unreadable_files_are_clear(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("plans: [unclosed", encoding="utf-8")
    for path, message in [
        (broken, "not valid YAML"),
        (tmp_path / "missing.yml", "cannot read the insurance list"),
        (write(tmp_path, ["a", "list"]), "expected a mapping"),
    ]:
        with pytest.raises(CatalogueError, match=message):
            load_catalogue(path)


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    upgrade(database_url)
    with get_sessionmaker(database_url)() as session:
        yield session


def test_import_export_round_trip(session: Session) -> None:
    catalogue = load_catalogue(SHIPPED)
    assert import_catalogue(session=session, catalogue=catalogue, updated_by="staff") == len(
        catalogue.rows
    )
    session.commit()
    text = export_catalogue(session=session)
    assert text == SHIPPED.read_text(encoding="utf-8")  # the shipped file is in export's shape
    plans = load_plans(session)
    assert [plan.carrier for plan in plans] == [row.carrier for row in catalogue.rows]
    assert all(plan.updated_by == "staff" and plan.example_data for plan in plans)
    assert plans[0].updated_at.tzinfo is not None


def test_import_replaces_and_a_failure_changes_nothing(
    session: Session, tmp_path: Path, data: Dict[str, Any]
) -> None:
    import_catalogue(session=session, catalogue=load_catalogue(SHIPPED), updated_by="a")
    session.commit()
    data["example_data"] = False
    data["plans"] = data["plans"][:3]
    import_catalogue(
        session=session, catalogue=load_catalogue(write(tmp_path, data)), updated_by="b"
    )
    session.commit()
    assert count_plans(session) == 3
    assert not any(plan.example_data for plan in load_plans(session))
    assert "example_data: false" in export_catalogue(session=session)

    # A row the CHECK refuses (validation bypassed) aborts the whole replacement.
    bad = load_catalogue(SHIPPED)
    object.__setattr__(bad.rows[0], "network_status", "maybe")
    with pytest.raises(sa.exc.IntegrityError):
        import_catalogue(session=session, catalogue=bad, updated_by="c")
    session.rollback()
    assert count_plans(session) == 3
    assert {plan.updated_by for plan in load_plans(session)} == {"b"}


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("LANTERN_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def plans_in(url: str) -> int:
    with get_sessionmaker(url)() as session:
        return count_plans(session)


def test_cli_import_list_export(
    cli_database: str, tmp_path: Path, data: Dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["insurance", "list"]) == 2
    assert "lantern db upgrade" in capsys.readouterr().err
    upgrade(cli_database)

    assert main(["insurance", "list"]) == 0
    assert "empty" in capsys.readouterr().out
    assert main(["insurance", "import", "--if-empty", "--by", "make run"]) == 0
    assert "imported 35 rows from clinic/insurance.yml (EXAMPLE DATA" in capsys.readouterr().out
    assert main(["insurance", "import", "--if-empty"]) == 0
    assert "nothing imported" in capsys.readouterr().out

    assert main(["insurance", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split() == [
        "Carrier",
        "Plan",
        "types",
        "States",
        "Network",
        "status",
        "Notes",
    ]
    assert listing[2].split()[:5] == ["Aetna", "PPO,", "EPO,", "POS", "all"]
    assert "out of network, reimbursed" in "\n".join(listing)
    assert listing[-1].startswith("35 rows; EXAMPLE DATA; imported ")
    assert listing[-1].endswith(" by make run")

    assert main(["insurance", "export"]) == 0
    assert capsys.readouterr().out == SHIPPED.read_text(encoding="utf-8")
    exported = tmp_path / "out.yml"
    assert main(["insurance", "export", str(exported)]) == 0
    assert exported.read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8")

    data["plans"] = data["plans"][:2]
    assert main(["insurance", "import", str(write(tmp_path, data)), "--by", "ana"]) == 0
    assert plans_in(cli_database) == 2


def test_cli_bad_file_exits_2_and_changes_nothing(
    cli_database: str, tmp_path: Path, data: Dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(cli_database)
    assert main(["insurance", "import"]) == 0
    capsys.readouterr()
    data["plans"][6]["network_status"] = "in-network"
    assert main(["insurance", "import", str(write(tmp_path, data))]) == 2
    err = capsys.readouterr().err
    assert "row 7 (Blue Cross Blue Shield): network_status: must be one of" in err
    assert plans_in(cli_database) == 35
    assert main(["insurance", "import", str(tmp_path / "missing.yml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_profile_notes_example_insurance_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile"]) == 0
    assert "note: the accepted-insurance list is EXAMPLE DATA" in capsys.readouterr().out


def test_the_table_has_its_check(session: Session) -> None:
    session.add(
        InsurancePlan(
            carrier="X",
            aliases=[],
            plan_types=[],
            states=[],
            network_status="maybe",
            notes="",
            updated_by="t",
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        session.flush()
