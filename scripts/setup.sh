#!/usr/bin/env bash
# Create .venv (once) and install Putokaz into it; reinstall only when pyproject.toml changes.
# Usage: source scripts/setup.sh [extra]   (extra: "test" adds the test dependencies)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Putokaz needs Python 3.11 or newer; found: $("$PYTHON" --version 2>&1 || echo none)" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -m venv .venv 2>/dev/null; then
        # Debian and Ubuntu ship venv separately.
        if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
            apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
            "$PYTHON" -m venv .venv
        else
            echo "Cannot create a virtual environment: install python3-venv" >&2
            exit 1
        fi
    fi
fi
extra="${1:-}"
spec="."
[ -n "$extra" ] && spec=".[$extra]"
stamp=".venv/.putokaz-installed-$extra"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "Installing Putokaz into .venv (log: .venv/install.log)..."
    if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip \
           && .venv/bin/python -m pip install --disable-pip-version-check -e "$spec"; } > .venv/install.log 2>&1; then
        tail -n 30 .venv/install.log >&2
        echo "Installation failed; the full log is in .venv/install.log" >&2
        exit 1
    fi
    touch "$stamp"
fi
