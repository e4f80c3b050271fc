#!/usr/bin/env bash
# Set up, then run every test: unit, emulator, and end to end against the real bot process.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh test
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
