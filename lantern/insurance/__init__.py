"""The insurance check without Rasa: the clinic's accepted-insurance list, which carrier a
message means, and whether the clinic is in network for it.

    with get_sessionmaker().begin() as session:
        match = resolve_carrier(message, load_carrier_names(session))
        coverage = check_coverage(session, match.carrier, plan_type, state)

The list is edited in clinic/insurance.yml and copied into the database by
`lantern insurance import`; everything here reads the database at run time.
"""

from lantern.insurance.catalogue import (
    Catalogue,
    CatalogueError,
    PlanRow,
    export_catalogue,
    import_catalogue,
    load_catalogue,
)
from lantern.insurance.outcome import Coverage, check_coverage
from lantern.insurance.plans import PLAN_TYPES, extract_plan_type, normalise_plan_type
from lantern.insurance.resolver import (
    CarrierMatch,
    CarrierNames,
    carrier_names,
    load_carrier_names,
    resolve_carrier,
)
from lantern.insurance.ruler import build_carrier_pipeline, carrier_pipeline_path
from lantern.insurance.states import STATE_NAMES, extract_state, normalise_state

__all__ = [
    "PLAN_TYPES",
    "STATE_NAMES",
    "CarrierMatch",
    "CarrierNames",
    "Catalogue",
    "CatalogueError",
    "Coverage",
    "PlanRow",
    "build_carrier_pipeline",
    "carrier_names",
    "carrier_pipeline_path",
    "check_coverage",
    "export_catalogue",
    "extract_plan_type",
    "extract_state",
    "import_catalogue",
    "load_carrier_names",
    "load_catalogue",
    "normalise_plan_type",
    "normalise_state",
    "resolve_carrier",
]
