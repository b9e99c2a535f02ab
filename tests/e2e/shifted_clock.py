"""Runs a server's console script as if it were another moment.

The hand-off asks for a good time to call only while the clinic is closed, so the live tests
run the action server at a chosen moment (open or closed) instead of depending on the hour
`make test` happens to run at:

    python -m tests.e2e.shifted_clock 2026-12-06T03:00:00+00:00 -- .venv/bin/rasa run actions

The clock starts at that moment and ticks on; time-machine moves this process's clock only.
"""

import runpy
import sys
from datetime import datetime
from typing import List

import time_machine


def main(argv: List[str]) -> None:
    if len(argv) < 3 or argv[1] != "--":
        raise SystemExit("usage: python -m tests.e2e.shifted_clock MOMENT -- SCRIPT [ARGS...]")
    moment = datetime.fromisoformat(argv[0])
    if moment.tzinfo is None:
        raise SystemExit(f"{argv[0]}: give the moment with its UTC offset")
    command = argv[2:]
    with time_machine.travel(moment, tick=True):
        sys.argv = command
        runpy.run_path(command[0], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
