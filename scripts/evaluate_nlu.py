"""Macro F1 of the running model on the held-out NLU set (tests/nlu/heldout.yml).

The held-out examples were written apart from the training data and are never trained on.
Scores what a person would get: the intent after the fallback threshold, and for FAQ
questions the answer key the ResponseSelector picks.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request
from pathlib import Path
from typing import Dict, List, Tuple

import yaml
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"


def load_examples(path: Path) -> List[Tuple[str, str]]:
    """(text, label) pairs; a label is an intent or a retrieval key such as 'trial/results'."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            text = line.strip()
            if text.startswith("- "):
                pairs.append((text[2:].strip(), block["intent"]))
    return pairs


def parse(base_url: str, token: str, text: str) -> Dict:
    request = urllib.request.Request(
        f"{base_url}/model/parse?token={token}",
        data=json.dumps({"text": text}).encode("utf-8"),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (local server)
        return dict(json.load(response))


def predicted_labels(parsed: Dict) -> Tuple[str, str]:
    """(intent, answer key): the answer key is the selector's choice for a retrieval intent."""
    intent = parsed["intent"]["name"]
    selected = parsed.get("response_selector", {}).get("default", {}).get("response", {})
    key = selected.get("intent_response_key") or intent
    retrieval_intents = parsed.get("response_selector", {}).get("all_retrieval_intents", [])
    return intent, key if intent in retrieval_intents else intent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--url", default=os.environ.get("LANTERN_RASA_URL", "http://127.0.0.1:5005")
    )
    parser.add_argument("--min-f1", type=float, default=0.0, help="fail below this macro F1")
    args = parser.parse_args()
    token = os.environ.get("LANTERN_RASA_API_TOKEN", "")

    gold_intents, pred_intents, gold_keys, pred_keys, misses = [], [], [], [], []
    examples = load_examples(HELDOUT)
    for text, label in examples:
        intent, key = predicted_labels(parse(args.url, token, text))
        gold_intent = label.split("/")[0]
        gold_intents.append(gold_intent)
        pred_intents.append(intent)
        if "/" in label:
            gold_keys.append(label)
            pred_keys.append(key)
        if (key if "/" in label else intent) != label:
            misses.append(f"  {label:34} -> {key if '/' in label else intent:34} {text[:70]!r}")

    intent_f1 = f1_score(
        gold_intents,
        pred_intents,
        labels=sorted(set(gold_intents)),
        average="macro",
        zero_division=0,
    )
    key_f1 = f1_score(
        gold_keys, pred_keys, labels=sorted(set(gold_keys)), average="macro", zero_division=0
    )
    print(
        f"held-out examples: {len(examples)} ({len(set(gold_intents))} intents, "
        f"{len(set(gold_keys))} answer keys)"
    )
    if misses:
        print(f"misclassified ({len(misses)}):")
        print("\n".join(misses))
    print(f"macro F1 over intents:      {intent_f1:.3f}")
    print(f"macro F1 over answer keys:  {key_f1:.3f}")
    if min(intent_f1, key_f1) < args.min_f1:
        print(f"FAILED: macro F1 below the required {args.min_f1:.2f}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
