"""Recall, false alarms and cost of crisis detection: one report for every crisis set.

evaluate_crisis.py (the running model, on the evaluation set), evaluate_crisis_matcher.py (the
matcher alone, on a development set) and benchmark.py differ only in how a message is judged;
counting, printing and timing are here once.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from typing import Any, Callable, Dict, List, Tuple

LONG_MESSAGE_WORDS = 50
Item = Dict[str, Any]


def label(item: Item) -> str:
    """Look-alikes are labelled `category` in the development sets and `kind` elsewhere."""
    return str(item.get("category") or item.get("kind") or "other")


def judge(
    data: Dict[str, List[Item]], flagged: Callable[[str], bool]
) -> Tuple[List[Item], List[Item]]:
    """The crisis messages missed and the look-alikes flagged."""
    missed = [item for item in data["crisis"] if not flagged(item["text"])]
    alarms = [item for item in data["lookalike"] if flagged(item["text"])]
    return missed, alarms


def report(title: str, items: List[Item], wrong: List[Item], positive: bool) -> float:
    """Print the per-label counts; return the share judged right (recall) or wrong (alarms)."""
    totals = Counter(label(item) for item in items)
    errors = Counter(label(item) for item in wrong)
    long_wrong = sum(len(item["text"].split()) >= LONG_MESSAGE_WORDS for item in wrong)
    share = 1 - len(wrong) / len(items) if positive else len(wrong) / len(items)
    print(f"{title}: {share:.3f} ({len(items)} messages, {long_wrong} of the errors 50+ words)")
    for name, total in sorted(totals.items()):
        good = total - errors[name] if positive else errors[name]
        print(f"  {name:20} {good:3}/{total:<3} {good / total:.3f}")
    return share


def cost_per_message(detect: Callable[[str], Any], texts: List[str], repeats: int = 1) -> str:
    """Median and p99 of `detect`'s cost per message, in milliseconds, as one line."""
    for text in texts[:20]:
        detect(text)  # warm up spaCy's caches
    costs = []
    for text in texts:
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            detect(text)
            runs.append((time.perf_counter() - started) * 1000)
        costs.append(statistics.median(runs))
    costs.sort()
    p99 = costs[min(len(costs) - 1, int(0.99 * len(costs)))]
    return (
        f"{len(texts)} messages, cost per message median {statistics.median(costs):.2f} ms, "
        f"p99 {p99:.2f} ms, max {costs[-1]:.2f} ms"
    )
