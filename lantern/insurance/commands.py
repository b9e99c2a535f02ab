"""`lantern insurance ...`: import, export and list the accepted-insurance list, build the
carrier pipeline. Registered by lantern/cli.py; kept here so the insurance code stays together."""

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any, Callable, List, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from lantern.insurance.catalogue import (
    CatalogueError,
    count_plans,
    display_path,
    export_catalogue,
    import_catalogue,
    last_update,
    load_catalogue,
    load_plans,
)
from lantern.paths import DEFAULT_INSURANCE_PATH, SPACY_MODELS_DIR
from lantern.settings import get_settings

Command = Callable[[argparse.Namespace, Any], int]
STATUS_WORDS = {
    "in_network": "in network",
    "out_of_network_reimbursement": "out of network, reimbursed",
    "not_accepted": "not accepted",
}
NOTES_WIDTH = 60


def _on_table(command: Command) -> Callable[[argparse.Namespace], int]:
    """Run `command(args, session)` in one transaction on LANTERN_DATABASE_URL; a database that
    cannot be reached or has no insurance table yet is a clear message and exit code 2."""

    def run(args: argparse.Namespace) -> int:
        from lantern.records.engine import get_sessionmaker

        url = get_settings().database_url
        shown = make_url(url).render_as_string(hide_password=True)
        try:
            factory = get_sessionmaker(url)
            if not sa.inspect(factory.kw["bind"]).has_table("insurance_plans"):
                print(
                    f"lantern: {shown} has no insurance table yet (run `lantern db upgrade`)",
                    file=sys.stderr,
                )
                return 2
            with factory.begin() as session:
                return command(args, session)
        except CatalogueError as error:
            print(f"lantern: {error}", file=sys.stderr)
            return 2
        except sa.exc.OperationalError as error:
            print(f"lantern: cannot reach the database {shown}: {error.orig}", file=sys.stderr)
            return 2

    return run


def _import(args: argparse.Namespace, session: Any) -> int:
    path = Path(args.path)
    if args.if_empty and (rows := count_plans(session)):
        print(f"insurance list: {rows} rows in the database already, nothing imported")
        return 0
    catalogue = load_catalogue(path)
    imported = import_catalogue(session=session, catalogue=catalogue, updated_by=args.by)
    example = " (EXAMPLE DATA: replace it with the clinic's own)" if catalogue.example_data else ""
    print(f"insurance list: imported {imported} rows from {display_path(path)}{example}")
    return 0


def _export(args: argparse.Namespace, session: Any) -> int:
    text = export_catalogue(session=session)
    if args.path == "-":
        sys.stdout.write(text)
    else:
        Path(args.path).write_text(text, encoding="utf-8")
        print(f"insurance list: {count_plans(session)} rows written to {args.path}")
    return 0


def _list(_: argparse.Namespace, session: Any) -> int:
    plans = load_plans(session)
    if not plans:
        print("insurance list: empty (run `lantern insurance import`)")
        return 0
    rows = [
        [
            plan.carrier,
            ", ".join(plan.plan_types) or "all",
            ", ".join(plan.states) or "all",
            STATUS_WORDS.get(plan.network_status, plan.network_status),
            _shorten(plan.notes),
        ]
        for plan in plans
    ]
    print(format_table(["Carrier", "Plan types", "States", "Network status", "Notes"], rows))
    updated = last_update(session)
    example = "; EXAMPLE DATA" if any(plan.example_data for plan in plans) else ""
    when = f"; imported {updated[0]:%Y-%m-%d %H:%M} UTC by {updated[1]}" if updated else ""
    print(f"\n{len(plans)} rows{example}{when}")
    return 0


def _pipeline(args: argparse.Namespace) -> int:
    """Built from the database when its list is there, else from the file (a fresh clone
    trains before `lantern db upgrade`); the path alone goes to stdout, for scripts."""
    from lantern.insurance.ruler import build_carrier_pipeline
    from lantern.records.engine import get_sessionmaker

    rows: Sequence[Any] = ()
    source = display_path(Path(args.file)) if args.file else ""
    if not args.file:
        url = get_settings().database_url
        try:
            factory = get_sessionmaker(url)
            if sa.inspect(factory.kw["bind"]).has_table("insurance_plans"):
                with factory() as session:
                    rows = load_plans(session)
                    source = "the database"
        except sa.exc.OperationalError:
            rows = ()
    if not rows:
        path = Path(args.file) if args.file else DEFAULT_INSURANCE_PATH
        try:
            rows = load_catalogue(path).rows
        except CatalogueError as error:
            print(f"lantern: {error}", file=sys.stderr)
            return 2
        source = display_path(path)
    path = build_carrier_pipeline(rows, Path(args.out))
    print(f"carrier pipeline from {source}:", file=sys.stderr)
    print(path)
    return 0


def _shorten(text: str) -> str:
    return text if len(text) <= NOTES_WIDTH else text[: NOTES_WIDTH - 1].rstrip() + "…"


def format_table(header: List[str], rows: List[List[str]]) -> str:
    """Columns padded to their widest cell, a rule under the header."""
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]

    def line(cells: List[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    rule = ["-" * width for width in widths]
    return "\n".join(line(cells).rstrip() for cells in [header, rule, *rows])


def add_insurance_commands(commands: Any) -> None:
    """`lantern insurance import|export|list|pipeline`, on the `lantern` subcommands."""
    insurance = commands.add_parser(
        "insurance", help="the accepted-insurance list: import, export, list, pipeline"
    ).add_subparsers(dest="insurance_command", required=True)

    load = insurance.add_parser(
        "import", help="replace the database's list with a file (default clinic/insurance.yml)"
    )
    load.add_argument("path", nargs="?", default=str(DEFAULT_INSURANCE_PATH), metavar="PATH")
    load.add_argument("--by", default=_user(), help="who is importing (default: your login)")
    load.add_argument(
        "--if-empty", action="store_true", help="import only when the list has no rows yet"
    )
    load.set_defaults(run=_on_table(_import))

    export = insurance.add_parser("export", help="write the database's list as YAML")
    export.add_argument("path", nargs="?", default="-", metavar="PATH|-")
    export.set_defaults(run=_on_table(_export))

    insurance.add_parser("list", help="show the database's list as a table").set_defaults(
        run=_on_table(_list)
    )

    pipeline = insurance.add_parser(
        "pipeline", help="build the carrier entity-ruler pipeline and print its path"
    )
    pipeline.add_argument("--file", help="build from this file instead of the database")
    pipeline.add_argument(
        "--out", default=str(SPACY_MODELS_DIR), help="folder for pipelines (default models/spacy)"
    )
    pipeline.set_defaults(run=_pipeline)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "lantern"


def insurance_note() -> str | None:
    """The `note:` line `lantern profile` prints while the shipped list is example data."""
    if load_catalogue(DEFAULT_INSURANCE_PATH).example_data:
        return (
            "note: the accepted-insurance list is EXAMPLE DATA (clinic/insurance.yml): replace it."
        )
    return None
