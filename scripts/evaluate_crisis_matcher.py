"""Recall and false-alarm rate of the offline crisis layers on a set, in seconds, no server.

Loads `lantern.crisis.matcher` directly; with `--model` it also trains the crisis model as
Rasa does (the corpus and the NLU examples in data/) and counts a message flagged by either
layer at `--threshold`. Meant for the corpus while writing patterns and for the check set
(tests/crisis/check.yml) as a check; the evaluation set stays apart and is measured through
the running servers by evaluate_crisis.py.

    .venv/bin/python scripts/evaluate_crisis_matcher.py FILE [--model [--threshold T]]
        [--show] [--timing]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable, Dict

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crisis_figures import cost_per_message, judge, label, report  # noqa: E402

from lantern.crisis.matcher import load_matcher  # noqa: E402
from lantern.crisis.model import CrisisModel  # noqa: E402


def trained_crisis_model() -> CrisisModel:
    """The crisis model trained exactly as the Rasa component trains it."""
    from rasa.shared.nlu.training_data.loading import load_data

    from lantern.nlu.crisis_detector import training_examples

    return CrisisModel.train(training_examples(load_data(str(ROOT / "data" / "nlu"))))


def detector_settings() -> Dict[str, Any]:
    """The crisis detector's settings as config.yml gives them, over its defaults."""
    from lantern.nlu.crisis_detector import CrisisDetector

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    name = f"{CrisisDetector.__module__}.{CrisisDetector.__name__}"
    given: Dict[str, Any] = next((c for c in config["pipeline"] if c.get("name") == name), {})
    return {**CrisisDetector.get_default_config(), **given}


def model_layer(threshold: float | None = None) -> Callable[[str], bool]:
    """The model as the detector uses it: its bar and the shortest message it judges."""
    model, settings = trained_crisis_model(), detector_settings()
    bar = settings["model_threshold"] if threshold is None else threshold
    min_words = int(settings["model_min_words"])
    return lambda text: model.flags(text, bar, min_words) is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--model", action="store_true", help="add the crisis model")
    parser.add_argument("--threshold", type=float, help="the model's bar (config.yml's)")
    parser.add_argument("--show", action="store_true", help="list misses and false alarms")
    parser.add_argument("--timing", action="store_true", help="median and p99 cost")
    args = parser.parse_args()
    data = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    matcher = load_matcher()
    model = model_layer(args.threshold) if args.model else (lambda text: False)

    def flagged(text: str) -> bool:
        return matcher.detect(text) is not None or model(text)

    crisis, lookalikes = data["crisis"], data["lookalike"]
    missed, alarms = judge(data, flagged)
    report("recall", crisis, missed, positive=True)
    report("false alarms", lookalikes, alarms, positive=False)
    if args.show:
        print("\nMISSED")
        for item in missed:
            print(f"  [{label(item)}] {item['text']}")
        print("\nFALSE ALARMS")
        for item in alarms:
            signal = matcher.detect(item["text"]) or "model"
            print(f"  [{label(item)}] {signal} <- {item['text']}")
    if args.timing:
        print(cost_per_message(flagged, [item["text"] for item in crisis + lookalikes]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
