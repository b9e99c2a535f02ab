"""The answer to "do you take my insurance?" from the clinic's rows, and what is still needed.

Pure logic over rows (file rows or table rows alike), plus a thin loader for a `Session`.
A row applies to a plan type and state when it lists them or leaves that field empty ("all");
when several apply, the most specific decides (plan type and state over either, either over
neither; the catalogue refuses equally specific rows that disagree). The check asks for the
plan type or the state only when this carrier's rows give different answers without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Any, Dict, List, Literal, Protocol, Sequence, Tuple

from sqlalchemy.orm import Session

from lantern.insurance.plans import normalise_plan_type
from lantern.insurance.states import normalise_state

Outcome = Literal["in_network", "out_of_network_reimbursement", "not_accepted", "unknown"]
Field = Literal["plan_type", "state"]
FIELDS: Tuple[Field, ...] = ("plan_type", "state")  # asked in this order
# Why an outcome is unknown: the carrier has no rows, or none covers this plan type or state.
UnknownReason = Literal["carrier_not_listed", "plan_type_not_listed", "state_not_listed"]

_OTHER = object()  # any value the carrier's rows do not name


class CoverageRule(Protocol):
    """What the check reads from a row (a `PlanRow` from the file or an `InsurancePlan`)."""

    carrier: str
    plan_types: Sequence[str]
    states: Sequence[str]
    network_status: str
    notes: str


@dataclass(frozen=True)
class Coverage:
    """Either `needs` (ask for that field, then check again) or an `outcome` with the deciding
    row's notes. `choices` are the values the carrier's rows name for the needed field."""

    carrier: str
    outcome: Outcome | None = None
    needs: Tuple[Field, ...] = ()
    notes: str = ""
    plan_type: str | None = None
    state: str | None = None
    reason: UnknownReason | None = None
    choices: Tuple[str, ...] = field(default=())


def check_coverage(
    session_or_rows: Session | Sequence[CoverageRule],
    carrier: str,
    plan_type: str | None = None,
    state: str | None = None,
) -> Coverage:
    """Whether the clinic is in network for `carrier` (a canonical name, as the resolver gives
    it) with this plan type and state, or which of the two must be asked first."""
    rows = _rows(session_or_rows)
    plan_type = (normalise_plan_type(plan_type) or plan_type) if plan_type else None
    state = (normalise_state(state) or state.upper()) if state else None
    mine = [row for row in rows if row.carrier.casefold() == carrier.casefold()]
    name = mine[0].carrier if mine else carrier
    result = Coverage(carrier=name, plan_type=plan_type, state=state)
    if not mine:
        return _replace(result, outcome="unknown", reason="carrier_not_listed")

    known: Dict[Field, Any] = {"plan_type": plan_type, "state": state}
    open_fields = [name for name in FIELDS if known[name] is None]
    answers = {
        values: _answer(mine, {**known, **dict(zip(open_fields, values, strict=True))})
        for values in product(*(_values(mine, name) for name in open_fields))
    }
    if len(set(answers.values())) > 1:
        needed = next(name for name in open_fields if _depends_on(answers, open_fields.index(name)))
        return _replace(result, needs=(needed,), choices=tuple(_named(mine, needed)))

    decided = next(iter(answers.values()))
    if decided is None:
        return _replace(result, outcome="unknown", reason=_unknown_reason(mine, plan_type))
    status, notes = decided
    return _replace(result, outcome=status, notes=notes)


def load_rules(session: Session) -> List[Any]:
    """The table's rows, for checking many questions against one read."""
    from lantern.insurance.catalogue import load_plans

    return list(load_plans(session))


def _rows(session_or_rows: Session | Sequence[CoverageRule]) -> Sequence[CoverageRule]:
    return load_rules(session_or_rows) if isinstance(session_or_rows, Session) else session_or_rows


def _field(row: CoverageRule, name: Field) -> Sequence[str]:
    return row.plan_types if name == "plan_type" else row.states


def _named(rows: Sequence[CoverageRule], name: Field) -> List[str]:
    return list(dict.fromkeys(value for row in rows for value in _field(row, name)))


def _values(rows: Sequence[CoverageRule], name: Field) -> List[Any]:
    """Every value that could change the answer: each one a row names, and any other."""
    return [*_named(rows, name), _OTHER]


def _applies(row: CoverageRule, values: Dict[Field, Any]) -> bool:
    return all(not _field(row, name) or values[name] in _field(row, name) for name in FIELDS)


def _answer(rows: Sequence[CoverageRule], values: Dict[Field, Any]) -> Tuple[str, str] | None:
    """The most specific applicable row's (status, notes); None when no row applies."""
    applicable = [row for row in rows if _applies(row, values)]
    if not applicable:
        return None
    best = max(applicable, key=lambda row: bool(row.plan_types) + bool(row.states))
    return best.network_status, best.notes


def _depends_on(answers: Dict[Tuple[Any, ...], Any], position: int) -> bool:
    """Whether changing only this field's value, the others fixed, changes the answer."""
    groups: Dict[Tuple[Any, ...], set[Any]] = {}
    for values, answer in answers.items():
        rest = values[:position] + values[position + 1 :]
        groups.setdefault(rest, set()).add(answer)
    return any(len(group) > 1 for group in groups.values())


def _unknown_reason(rows: Sequence[CoverageRule], plan_type: str | None) -> UnknownReason:
    if plan_type is not None and not any(
        not row.plan_types or plan_type in row.plan_types for row in rows
    ):
        return "plan_type_not_listed"
    return "state_not_listed"


def _replace(coverage: Coverage, **changes: Any) -> Coverage:
    return Coverage(**{**coverage.__dict__, **changes})
