#!/usr/bin/env bash
# Trains models/lantern.tar.gz only when something it is trained from changed since the last
# training. (Rasa's own check retrains DIET and the ResponseSelector on every run here: their
# cache keys are not stable across processes.)
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL=models/lantern.tar.gz
STAMP=models/.lantern.inputs
# The carrier entity ruler: its directory name is a hash of the carriers and aliases, so a
# changed list gives a new path in config.yml, which Rasa's fingerprint sees.
pipeline=$(.venv/bin/lantern insurance pipeline --file clinic/insurance.yml 2>/dev/null | tail -n 1)
pipeline=${pipeline#"$PWD/"}
if [ -z "$pipeline" ]; then
  echo "Could not build the carrier pipeline: run .venv/bin/lantern insurance pipeline --file clinic/insurance.yml" >&2
  exit 1
fi
if ! grep -q "model: $pipeline\$" config.yml; then
  sed -i -E "s#(model: )models/spacy/carriers-[0-9a-f]+#\1$pipeline#" config.yml
  echo "config.yml now loads $pipeline (the carrier list changed)."
fi
inputs=$(
  find config.yml domain data lantern/crisis lantern/nlu lantern/policies requirements/lock.txt \
    -type f \( -name '*.yml' -o -name '*.py' -o -name '*.txt' \) -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32
)
if [ -f "$MODEL" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$inputs" ]; then
  echo "$MODEL is up to date with the training data, config and domain: not retraining."
  exit 0
fi
# The same data trains the same model: fixed hash seed, deterministic TensorFlow ops.
RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONHASHSEED=0 TF_DETERMINISTIC_OPS=1 \
  .venv/bin/rasa train --domain domain --data data --config config.yml \
  --out models --fixed-model-name lantern
echo "$inputs" > "$STAMP"
