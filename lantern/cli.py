"""The `lantern` command line: the clinic's data tasks, usable without Rasa running."""

import argparse
import sys
from pathlib import Path
from typing import Callable, List

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from lantern.clinic import ProfileError, load_profile
from lantern.domain_slots import write_clinic_domain
from lantern.insurance.catalogue import CatalogueError, load_catalogue
from lantern.insurance.commands import add_insurance_commands, insurance_note
from lantern.insurance.lookup import write_carrier_lookup
from lantern.paths import (
    DEFAULT_INSURANCE_PATH,
    GENERATED_CARRIER_LOOKUP_PATH,
    GENERATED_DOMAIN_PATH,
    PROJECT_ROOT,
)
from lantern.settings import get_settings


def _domain(_: argparse.Namespace) -> int:
    profile = load_profile(get_settings().clinic_profile)
    changed = write_clinic_domain(profile, GENERATED_DOMAIN_PATH)
    _report(GENERATED_DOMAIN_PATH, changed)
    rows = load_catalogue(DEFAULT_INSURANCE_PATH).rows
    _report(
        GENERATED_CARRIER_LOOKUP_PATH, write_carrier_lookup(rows, GENERATED_CARRIER_LOOKUP_PATH)
    )
    return 0


def _report(path: Path, changed: bool) -> None:
    print(f"{path.relative_to(PROJECT_ROOT)}: {'written' if changed else 'unchanged'}")


def _profile(_: argparse.Namespace) -> int:
    profile = load_profile(get_settings().clinic_profile)
    for name, value in profile.slot_values().items():
        print(f"{name:18} {value}")
    if profile.hours.example:
        print("note: the opening hours are EXAMPLE DATA (clinic/profile.yml): replace them.")
    if note := insurance_note():
        print(note)
    return 0


def _on_database(command: Callable[[str], int]) -> Callable[[argparse.Namespace], int]:
    """Run a `lantern db` command on LANTERN_DATABASE_URL, naming it (password hidden)."""

    def run(_: argparse.Namespace) -> int:
        url = get_settings().database_url
        print(f"database: {make_url(url).render_as_string(hide_password=True)}")
        try:
            return command(url)
        except sa.exc.OperationalError as error:
            print(f"lantern: cannot reach the database: {error.orig}", file=sys.stderr)
            return 2

    return run


def _db_upgrade(url: str) -> int:
    # Imported here: the other commands need neither Alembic nor the models.
    from lantern.records import migrate

    applied = migrate.upgrade(url)
    for script in applied:
        print(f"applied {script.revision}: {script.doc}")
    now = migrate.current_revision(url)
    print(f"now at {now} (head)" if applied else f"already at {now} (head): nothing to do")
    return 0


def _db_current(url: str) -> int:
    from lantern.records import migrate

    now, head = migrate.current_revision(url), migrate.head_revision()
    if now is None:
        print("revision: none, Lantern's tables are not there yet (run `lantern db upgrade`)")
    elif now == head:
        print(f"revision: {now} (head)")
    else:
        print(f"revision: {now}, behind {head} (run `lantern db upgrade`)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lantern", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "domain", help="generate domain/clinic_profile.yml from the clinic profile"
    ).set_defaults(run=_domain)
    commands.add_parser(
        "profile", help="check the clinic profile and show its values"
    ).set_defaults(run=_profile)
    db = commands.add_parser(
        "db", help="the clinic's tables: apply migrations, show the revision"
    ).add_subparsers(dest="db_command", required=True)
    db.add_parser(
        "upgrade", help="create or update Lantern's tables (Alembic migrations to head)"
    ).set_defaults(run=_on_database(_db_upgrade))
    db.add_parser("current", help="show which migration the database is at").set_defaults(
        run=_on_database(_db_current)
    )
    add_insurance_commands(commands)
    return parser


def main(argv: List[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ProfileError, CatalogueError) as error:
        print(f"lantern: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
