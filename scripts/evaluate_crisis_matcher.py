"""Recall and false-alarm rate of the deterministic crisis matcher alone, offline.

Loads `lantern.crisis.matcher` directly (no Rasa server), so a change to the patterns can be
measured in seconds on a development set. It defaults to tests/crisis/dev.yml and is meant for
the development sets: the evaluation set stays apart and is measured by evaluate_crisis.py.

    .venv/bin/python scripts/evaluate_crisis_matcher.py [FILE] [--show] [--timing]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lantern.crisis.matcher import CrisisMatcher, load_matcher  # noqa: E402

DEV_SET = ROOT / "tests" / "crisis" / "dev.yml"
LONG_MESSAGE_WORDS = 50


def _label(item: Dict[str, Any]) -> str:
    """Look-alikes are labelled `category` in the dev sets and `kind` elsewhere."""
    return str(item.get("category") or item.get("kind") or "other")


def _report(
    title: str, items: List[Dict[str, Any]], wrong: List[Dict[str, Any]], positive: bool
) -> float:
    """Print the per-label counts; return the share judged right (recall) or wrong (alarms)."""
    totals = Counter(_label(item) for item in items)
    errors = Counter(_label(item) for item in wrong)
    long_wrong = sum(len(item["text"].split()) >= LONG_MESSAGE_WORDS for item in wrong)
    share = 1 - len(wrong) / len(items) if positive else len(wrong) / len(items)
    print(f"{title}: {share:.3f} ({len(items)} messages, {long_wrong} of the errors 50+ words)")
    for label, total in sorted(totals.items()):
        good = total - errors[label] if positive else errors[label]
        print(f"  {label:20} {good:3}/{total:<3} {good / total:.3f}")
    return share


def _timings(matcher: CrisisMatcher, texts: List[str]) -> None:
    """Median and p99 of the matcher's cost per message, in milliseconds."""
    costs = []
    for text in texts:
        start = time.perf_counter()
        matcher.detect(text)
        costs.append((time.perf_counter() - start) * 1000)
    costs.sort()
    p99 = costs[min(len(costs) - 1, int(0.99 * len(costs)))]
    print(f"cost per message: median {statistics.median(costs):.2f} ms, p99 {p99:.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEV_SET)
    parser.add_argument("--show", action="store_true", help="list misses and false alarms")
    parser.add_argument("--timing", action="store_true", help="median and p99 cost")
    args = parser.parse_args()
    data = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    matcher = load_matcher()
    crisis, lookalikes = data["crisis"], data["lookalike"]
    missed = [item for item in crisis if matcher.detect(item["text"]) is None]
    alarms = [item for item in lookalikes if matcher.detect(item["text"]) is not None]
    _report("recall", crisis, missed, positive=True)
    _report("false alarms", lookalikes, alarms, positive=False)
    if args.show:
        print("\nMISSED")
        for item in missed:
            print(f"  [{_label(item)}] {item['text']}")
        print("\nFALSE ALARMS")
        for item in alarms:
            signal = matcher.detect(item["text"])
            print(f"  [{_label(item)}] {signal} <- {item['text']}")
    if args.timing:
        _timings(matcher, [item["text"] for item in crisis + lookalikes])
    return 0


if __name__ == "__main__":
    sys.exit(main())
