#!/usr/bin/env bash
# Set up (or update) the project's virtual environment in .venv.
#   bash scripts/setup.sh          the app
#   bash scripts/setup.sh test     the app and the test tools (and PostgreSQL's server
#                                  binaries for the shared-database tests)
# Needs Python 3.11+ (python3). On Debian/Ubuntu it installs the few system libraries Qt
# needs for a window when they are missing (with sudo when not root).
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Buurtverbinder needs Python 3.11 or newer (found: $("$PY" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    echo "Could not create a virtual environment. On Debian: apt-get install python3-venv" >&2
    exit 1
  fi
fi
stamp=".venv/.installed-${extra:-app}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  if [ "$extra" = "test" ]; then
    .venv/bin/python -m pip install --quiet -e '.[test]'
  else
    .venv/bin/python -m pip install --quiet -e .
  fi
  touch "$stamp"
fi
# PostgreSQL for the tests of the shared database (issue 21): Debian's package, only when
# missing. The tests start their own server from its binaries (tests/pgserver.py).
if [ "$extra" = "test" ] && ! command -v pg_ctl >/dev/null 2>&1 \
   && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing PostgreSQL (for the tests)"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      postgresql >/dev/null
  else
    echo "PostgreSQL is missing: install it (initdb and pg_ctl) for the tests." >&2
  fi
fi
# System libraries for Qt windows (xcb) on Debian-like systems, only when missing.
if [ "$extra" != "test" ] && command -v dpkg-query >/dev/null 2>&1; then
  need=""
  for pkg in libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
             libxcb-shape0 libxcb-render-util0 libxcb-image0 libfontconfig1 libdbus-1-3; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need="$need $pkg"
  done
  if [ -n "$need" ]; then
    echo "Installing system libraries for Qt:$need"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq && $sudo apt-get install -y -qq $need >/dev/null
  fi
fi
