#!/usr/bin/env bash
# Creates .venv from a Python 3.10 and installs the locked environment into it, only when the
# lock changed since the last install. Called by every make target that needs Python.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
LOCK=requirements/lock.txt
STAMP=$VENV/.installed-lock

find_python310() {
  if command -v python3.10 >/dev/null 2>&1 && python3.10 -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    command -v python3.10
    return
  fi
  local candidate
  for candidate in "$HOME"/.pyenv/versions/3.10.*/bin/python3.10; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! PYTHON=$(find_python310); then
    echo "Lantern needs Python 3.10 (Rasa 3.6 supports 3.8 to 3.10 only)." >&2
    echo "Install it (e.g. 'pyenv install 3.10') so that python3.10 is on PATH or under ~/.pyenv/versions/3.10.*." >&2
    exit 1
  fi
  echo "Creating $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi

# pip, with its output kept back unless it fails. (This machine's pip configuration names local
# wheel folders that may not exist, which pip reports on every package.)
pip_quietly() {
  local log
  log=$(mktemp)
  if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@" >"$log" 2>&1; then
    grep -v "is ignored: it is neither a file nor a directory" "$log" >&2
    rm -f "$log"
    echo "pip install $* failed" >&2
    exit 1
  fi
  rm -f "$log"
}

wanted=$(sha256sum "$LOCK" pyproject.toml | sha256sum | cut -c1-16)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing the locked environment ($LOCK) into $VENV; this takes a minute or two the first time."
  pip_quietly -r "$LOCK"
  "$VENV/bin/python" -m pip check
  pip_quietly --no-deps --no-build-isolation -e .
  echo "$wanted" > "$STAMP"
fi

# Debian's Chromium for the website widget's browser tests (tests/e2e/test_widget.py), driven by
# Playwright's Python package: no browser download (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD), none is
# possible here. Installed with apt when missing; without root or sudo, a message says how.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
CHROMIUM=${LANTERN_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  apt_install() { DEBIAN_FRONTEND=noninteractive "$@" apt-get install -y -qq chromium >/dev/null; }
  apt_update() { "$@" apt-get update -qq >/dev/null; }
  if ! command -v apt-get >/dev/null 2>&1; then
    SUDO=none
  elif [ "$(id -u)" = 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    SUDO=none
  fi
  if [ "$SUDO" != none ]; then
    echo "Installing Debian's chromium for the browser tests (apt-get install -y chromium)..."
    # shellcheck disable=SC2086 # $SUDO is empty or one word
    if ! { apt_install $SUDO || { apt_update $SUDO && apt_install $SUDO; }; }; then
      SUDO=none
    fi
  fi
  if [ ! -x "$CHROMIUM" ]; then
    echo "warning: no Chromium at $CHROMIUM, so the widget's browser tests will fail." >&2
    echo "  Install it with 'sudo apt-get install -y chromium' (Debian/Ubuntu), or set" >&2
    echo "  LANTERN_CHROMIUM to a Chromium binary. Nothing else needs it." >&2
  fi
fi
