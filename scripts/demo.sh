#!/usr/bin/env bash
# Set up, then chat with Putokaz in this terminal through the local emulator (no token, no internet).
# With TELEGRAM_BOT_TOKEN set (in the environment or .env), run the real bot on Telegram instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
if [ -n "${TELEGRAM_BOT_TOKEN:-}" ] || grep -qs '^TELEGRAM_BOT_TOKEN=.\+' .env; then
    exec .venv/bin/putokaz run
fi
exec .venv/bin/putokaz demo "$@"
