"""How the crisis model's bar trades recall for false alarms, judged on corpus files it did not see.

For each file of `lantern/crisis/corpus/`, trains the model on every other file and the NLU
examples (as the Rasa component does), then counts what the matcher and the model together
catch in the file left out at each bar. The evaluation set and the check set take no part.

    .venv/bin/python scripts/crisis_model_threshold.py [--bars 0.5 0.6 0.7]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lantern.crisis import model as crisis_model  # noqa: E402
from lantern.crisis.matcher import load_matcher  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bars", type=float, nargs="+", default=[0.5, 0.6, 0.7])
    parser.add_argument("--min-words", type=int, default=4)
    args = parser.parse_args()
    from rasa.shared.nlu.training_data.loading import load_data

    from lantern.nlu.crisis_detector import training_examples

    matcher = load_matcher()
    everything = training_examples(load_data(str(ROOT / "data" / "nlu")))
    caught: Dict[float, List[int]] = {bar: [0, 0] for bar in args.bars}
    totals = [0, 0]
    for path in crisis_model.corpus_files():
        left_out = {text for text, _ in crisis_model.load_corpus([path])}
        model = crisis_model.CrisisModel.train([ex for ex in everything if ex[0] not in left_out])
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        sets = [[item["text"] for item in data.get(key) or []] for key in ("crisis", "lookalike")]
        row = [f"{path.name:22}"]
        for index, texts in enumerate(sets):
            totals[index] += len(texts)
        for bar in args.bars:
            flagged = [
                sum(
                    matcher.detect(text) is not None
                    or model.flags(text, bar, args.min_words) is not None
                    for text in texts
                )
                for texts in sets
            ]
            caught[bar][0] += flagged[0]
            caught[bar][1] += flagged[1]
            row.append(
                f"{bar}: {flagged[0]}/{len(sets[0])} caught, {flagged[1]}/{len(sets[1])} alarms"
            )
        print(" | ".join(row), flush=True)
    for bar, (crises, alarms) in caught.items():
        print(
            f"bar {bar}: recall {crises / max(totals[0], 1):.3f} ({crises}/{totals[0]}), "
            f"false alarms {alarms / max(totals[1], 1):.3f} ({alarms}/{totals[1]})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
