"""The accepted-insurance list: clinic/insurance.yml, validated, and the table it fills.

The file is what a clinic edits; the `insurance_plans` table is what the assistant reads at run
time. `lantern insurance import` replaces the table with the file in one transaction (a bad
file changes nothing), `export` writes the table back out in the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import sqlalchemy as sa
import yaml
from pydantic import BaseModel, ValidationError, validator
from sqlalchemy.orm import Session

from lantern.insurance.plans import PLAN_TYPES, normalise_plan_type
from lantern.insurance.states import normalise_state
from lantern.insurance.words import squashed
from lantern.paths import PROJECT_ROOT
from lantern.records.models import NETWORK_STATUSES, InsurancePlan, utc_now
from lantern.validation import describe_errors, read_yaml_mapping

# Shorter aliases would collide with ordinary words and state codes ("va", "ma").
MIN_ALIAS_LENGTH = 3

HEADER = """\
# The clinic's accepted-insurance list. The assistant answers "do you take my insurance?" from
# these rows (after `lantern insurance import`, which copies them into the database), so an edit
# here changes its answers without retraining. See docs/insurance.md.
#
# example_data: true means the rows below are an EXAMPLE of the format, not this clinic's
# contracts: replace them with the clinic's own and set it to false.
#
# Each row of `plans`:
#   carrier         the carrier's usual name, as the assistant says it
#   aliases         other names people use for it ("BCBS", "blue cross"); typos need no alias
#   plan_types      the plan types the row is about (PPO, HMO, EPO, POS, HDHP, Indemnity,
#                   Medicare Advantage, Original Medicare, Medicare Supplement,
#                   Medicaid managed care, Medicaid fee-for-service); [] = every plan type
#   states          two-letter codes of the states the row is about; [] = every state
#   network_status  in_network | out_of_network_reimbursement | not_accepted
#   notes           what the assistant adds to the answer (a referral needed, a limit)
# A carrier may have several rows; where more than one applies, the one naming more (plan type
# and state over either, either over neither) decides. The assistant asks for the plan type or
# the state only when this carrier's rows make the answer depend on it.
"""


class CatalogueError(ValueError):
    """The insurance list cannot be used; the message names the file, the row and the field."""


class PlanRow(BaseModel):
    """One row of the file, normalised: plan types by their table names, states as codes."""

    carrier: str
    aliases: List[str] = []
    plan_types: List[str] = []
    states: List[str] = []
    network_status: str
    notes: str = ""

    class Config:
        extra = "forbid"
        allow_mutation = False

    @validator("carrier")
    def _named(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        value = " ".join(value.split())
        if len(value) < MIN_ALIAS_LENGTH or len(value) > 128:
            raise ValueError(f"must be {MIN_ALIAS_LENGTH} to 128 characters")
        return value

    @validator("aliases", each_item=True)
    def _alias(cls, value: str) -> str:  # noqa: N805
        value = " ".join(value.split())
        if len(squashed(value)) < MIN_ALIAS_LENGTH:
            raise ValueError(f"{value!r} is too short (at least {MIN_ALIAS_LENGTH} letters)")
        return value

    @validator("plan_types", each_item=True)
    def _plan_type(cls, value: str) -> str:  # noqa: N805
        plan_type = normalise_plan_type(value)
        if plan_type is None:
            raise ValueError(f"unknown plan type {value!r}; known: {', '.join(PLAN_TYPES)}")
        return plan_type

    @validator("states", each_item=True)
    def _state(cls, value: str) -> str:  # noqa: N805
        code = normalise_state(value)
        if code is None:
            raise ValueError(f"{value!r} is not a US state, DC or territory code")
        return code

    @validator("aliases", "plan_types", "states")
    def _once_each(cls, values: List[str]) -> List[str]:  # noqa: N805
        return list(dict.fromkeys(values))

    @validator("network_status")
    def _status(cls, value: str) -> str:  # noqa: N805
        if value not in NETWORK_STATUSES:
            raise ValueError(f"must be one of {', '.join(NETWORK_STATUSES)}; got {value!r}")
        return value

    @validator("notes")
    def _trimmed(cls, value: str) -> str:  # noqa: N805
        return value.strip()


class _File(BaseModel):
    example_data: bool = False
    plans: List[Dict[str, Any]]

    class Config:
        extra = "forbid"


@dataclass(frozen=True)
class Catalogue:
    """A validated insurance list: its rows in file order, and whether they are example data."""

    rows: Tuple[PlanRow, ...]
    example_data: bool = False


def display_path(path: Path) -> str:
    """'clinic/insurance.yml' for the project's own files, the path as given otherwise."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def load_catalogue(path: Path) -> Catalogue:
    """Read and validate the file; a `CatalogueError` names the row and the field."""
    return parse_catalogue(read_yaml_mapping(path, "insurance list", CatalogueError), path)


def parse_catalogue(raw: Dict[str, Any], path: Path) -> Catalogue:
    """Validate the file's contents: each row, then what only the rows together can show."""
    where = display_path(path)
    try:
        document = _File.parse_obj(raw)
    except ValidationError as error:
        raise CatalogueError(f"{where}: {describe_errors(error)}") from error
    rows = []
    for number, raw_row in enumerate(document.plans, start=1):
        try:
            rows.append(PlanRow.parse_obj(raw_row))
        except ValidationError as error:
            raise CatalogueError(
                f"{where}: {_row_label(number, raw_row)}: {describe_errors(error)}"
            ) from error
    problem = _alias_clash(rows) or _conflict(rows)
    if problem:
        raise CatalogueError(f"{where}: {problem}")
    return Catalogue(rows=tuple(rows), example_data=document.example_data)


def _row_label(number: int, row: Any) -> str:
    carrier = row.get("carrier") if isinstance(row, dict) else None
    return f"row {number} ({carrier})" if isinstance(carrier, str) else f"row {number}"


def _alias_clash(rows: Sequence[PlanRow]) -> str | None:
    """Two carriers sharing a name (ignoring case, spaces and punctuation) would make the
    resolver's answer depend on the row order."""
    owners: Dict[str, Tuple[str, int]] = {}
    for number, row in enumerate(rows, start=1):
        for name in (row.carrier, *row.aliases):
            owner = owners.setdefault(squashed(name), (row.carrier, number))
            if owner[0] != row.carrier:
                return (
                    f"row {number} ({row.carrier}): aliases: {name!r} is already a name of "
                    f"{owner[0]} (row {owner[1]})"
                )
    return None


def _specificity(row: PlanRow) -> int:
    return bool(row.plan_types) + bool(row.states)


def _overlap(mine: Sequence[str], theirs: Sequence[str]) -> bool:
    return not mine or not theirs or bool(set(mine) & set(theirs))


def _conflict(rows: Sequence[PlanRow]) -> str | None:
    """Two equally specific rows of one carrier that both apply to some plan type and state
    must agree, or the answer would depend on their order in the file."""
    for later, row in enumerate(rows):
        for earlier in range(later):
            other = rows[earlier]
            if (
                other.carrier == row.carrier
                and _specificity(other) == _specificity(row)
                and _overlap(other.plan_types, row.plan_types)
                and _overlap(other.states, row.states)
                and (other.network_status, other.notes) != (row.network_status, row.notes)
            ):
                return (
                    f"row {later + 1} ({row.carrier}): plan_types, states: overlap row "
                    f"{earlier + 1} with a different answer; name a plan type or state that "
                    "tells them apart"
                )
    return None


def import_catalogue(*, session: Session, catalogue: Catalogue, updated_by: str) -> int:
    """Replace the table's rows with the catalogue's (flushed; the caller commits, so the old
    rows stay if anything fails). Returns the number of rows."""
    now = utc_now()
    session.execute(sa.delete(InsurancePlan))
    session.add_all(
        InsurancePlan(
            carrier=row.carrier,
            aliases=list(row.aliases),
            plan_types=list(row.plan_types),
            states=list(row.states),
            network_status=row.network_status,
            notes=row.notes,
            example_data=catalogue.example_data,
            updated_by=updated_by,
            updated_at=now,
        )
        for row in catalogue.rows
    )
    session.flush()
    return len(catalogue.rows)


def load_plans(session: Session) -> List[InsurancePlan]:
    """The table's rows in the order they were imported."""
    return list(session.execute(sa.select(InsurancePlan).order_by(InsurancePlan.id)).scalars())


def count_plans(session: Session) -> int:
    return int(session.execute(sa.select(sa.func.count()).select_from(InsurancePlan)).scalar_one())


def stored_catalogue(session: Session) -> Catalogue:
    """The table as a catalogue (example data if any row is)."""
    plans = load_plans(session)
    rows = tuple(
        PlanRow(
            carrier=plan.carrier,
            aliases=plan.aliases,
            plan_types=plan.plan_types,
            states=plan.states,
            network_status=plan.network_status,
            notes=plan.notes,
        )
        for plan in plans
    )
    return Catalogue(rows=rows, example_data=any(plan.example_data for plan in plans))


def dump_catalogue(catalogue: Catalogue) -> str:
    """The file's text for a catalogue: the header, then the rows (lists on one line each)."""
    document = {
        "example_data": catalogue.example_data,
        "plans": [
            {
                "carrier": row.carrier,
                "aliases": list(row.aliases),
                "plan_types": list(row.plan_types),
                "states": list(row.states),
                "network_status": row.network_status,
                "notes": row.notes,
            }
            for row in catalogue.rows
        ],
    }
    body = yaml.safe_dump(
        document, sort_keys=False, default_flow_style=None, allow_unicode=True, width=1000
    )
    return HEADER + body


def export_catalogue(*, session: Session) -> str:
    """The table as the file's text: importing it gives the same rows back."""
    return dump_catalogue(stored_catalogue(session))


def last_update(session: Session) -> Tuple[datetime, str] | None:
    """When the table was last imported, and by whom; None when it is empty."""
    latest = session.execute(
        sa.select(InsurancePlan.updated_at, InsurancePlan.updated_by)
        .order_by(sa.desc(InsurancePlan.updated_at))
        .limit(1)
    ).first()
    return None if latest is None else (latest[0], latest[1])
