#!/usr/bin/env bash
# Set up a development environment in .venv: multikeras (editable) with every
# built-in backend and the test tools, pinned by constraints.txt, plus the
# example third-party plug-in (examples/numpy64_backend).
#
# Usage: bash scripts/setup.sh            (from anywhere; works on the repository it lives in)
# Environment: PYTHON   interpreter to create the venv with (default: python3.11)
#              VENV     where to create it (default: <repo>/.venv)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3.11}"
VENV="${VENV:-$ROOT/.venv}"

cd "$ROOT"
if [ ! -x "$VENV/bin/python" ]; then
    echo "setup: creating $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
"${PIP[@]}" install --quiet --upgrade pip
"${PIP[@]}" install --quiet -c constraints.txt -e ".[all,test]"
# Not editable on purpose: installed exactly as a user installs a third-party plug-in.
"${PIP[@]}" install --quiet -c constraints.txt ./examples/numpy64_backend
echo "setup: done; backends available:"
"$VENV/bin/python" -c "import multikeras; print('  ' + ', '.join(multikeras.backend.available()))"
