"""The `lantern` command line: the clinic's data tasks, usable without Rasa running."""

import argparse
import sys
from typing import List

from lantern.clinic import ProfileError, load_profile
from lantern.domain_slots import write_clinic_domain
from lantern.paths import GENERATED_DOMAIN_PATH
from lantern.settings import get_settings


def _domain(_: argparse.Namespace) -> int:
    profile = load_profile(get_settings().clinic_profile)
    changed = write_clinic_domain(profile, GENERATED_DOMAIN_PATH)
    state = "written" if changed else "unchanged"
    print(f"{GENERATED_DOMAIN_PATH.relative_to(GENERATED_DOMAIN_PATH.parents[1])}: {state}")
    return 0


def _profile(_: argparse.Namespace) -> int:
    profile = load_profile(get_settings().clinic_profile)
    for name, value in profile.slot_values().items():
        print(f"{name:18} {value}")
    if profile.hours.example:
        print("note: the opening hours are EXAMPLE DATA (clinic/profile.yml): replace them.")
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
    return parser


def main(argv: List[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ProfileError as error:
        print(f"lantern: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
