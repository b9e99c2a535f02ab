#!/usr/bin/env bash
# Re-pins requirements/lock.txt: installs requirements/*.in into a scratch venv and freezes it.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$(.venv/bin/python -c 'import sys; print(sys._base_executable)')" -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet -r requirements/app.in -r requirements/dev.in 2>&1 \
  | grep -v "is ignored: it is neither a file nor a directory" || true
{
  echo "# The whole pinned environment (Python 3.10). Regenerate with \`make lock\` after editing"
  echo "# requirements/app.in or requirements/dev.in; \`make run\` and \`make test\` install exactly this."
  "$scratch/venv/bin/pip" freeze --exclude-editable
} > requirements/lock.txt
echo "requirements/lock.txt: $(grep -vc '^#' requirements/lock.txt) packages pinned"
