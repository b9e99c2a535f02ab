"""Recall and false-alarm rate of crisis detection on the independent evaluation set.

Sends every message of tests/crisis/eval.yml through the running model (every layer that
is switched on: the deterministic matcher, and the classifier) and counts a message as
flagged when its intent is `crisis` or `abuse_disclosure`. The set was written before and
apart from the matcher's patterns and is never used to tune them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml
from crisis_figures import judge, report  # scripts/ is on the path of a script run from it
from evaluate_nlu import parse

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "tests" / "crisis" / "eval.yml"
CRISIS_INTENTS = {"crisis", "abuse_disclosure"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--url", default=os.environ.get("LANTERN_RASA_URL", "http://127.0.0.1:5005")
    )
    parser.add_argument("--file", type=Path, default=EVAL_SET, help="a set in the same format")
    parser.add_argument("--min-recall", type=float, default=0.0)
    parser.add_argument("--max-false-alarms", type=float, default=1.0)
    args = parser.parse_args()
    token = os.environ.get("LANTERN_RASA_API_TOKEN", "")
    data = yaml.safe_load(args.file.read_text(encoding="utf-8"))

    def flagged(text: str) -> bool:
        return parse(args.url, token, text)["intent"]["name"] in CRISIS_INTENTS

    missed, alarms = judge(data, flagged)
    recall = report("recall", data["crisis"], missed, positive=True)
    false_alarms = report("false alarms", data["lookalike"], alarms, positive=False)
    if recall < args.min_recall or false_alarms > args.max_false_alarms:
        print(
            f"FAILED: required recall >= {args.min_recall:.2f} "
            f"and false alarms <= {args.max_false_alarms:.2f}"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
