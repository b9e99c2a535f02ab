"""Recall and false-alarm rate of the deterministic crisis matcher alone, offline.

Loads `lantern.crisis.matcher` directly (no Rasa server), so a change to the patterns can be
measured in seconds on a development set. It defaults to tests/crisis/dev.yml and is meant for
the development sets: the evaluation set stays apart and is measured by evaluate_crisis.py.

    .venv/bin/python scripts/evaluate_crisis_matcher.py [FILE] [--show] [--timing]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crisis_figures import cost_per_message, judge, label, report  # noqa: E402

from lantern.crisis.matcher import load_matcher  # noqa: E402

DEV_SET = ROOT / "tests" / "crisis" / "dev.yml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEV_SET)
    parser.add_argument("--show", action="store_true", help="list misses and false alarms")
    parser.add_argument("--timing", action="store_true", help="median and p99 cost")
    args = parser.parse_args()
    data = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    matcher = load_matcher()
    crisis, lookalikes = data["crisis"], data["lookalike"]
    missed, alarms = judge(data, lambda text: matcher.detect(text) is not None)
    report("recall", crisis, missed, positive=True)
    report("false alarms", lookalikes, alarms, positive=False)
    if args.show:
        print("\nMISSED")
        for item in missed:
            print(f"  [{label(item)}] {item['text']}")
        print("\nFALSE ALARMS")
        for item in alarms:
            signal = matcher.detect(item["text"])
            print(f"  [{label(item)}] {signal} <- {item['text']}")
    if args.timing:
        print(cost_per_message(matcher.detect, [item["text"] for item in crisis + lookalikes]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
