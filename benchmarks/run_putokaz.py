"""`putokaz run` with the HTTP client chosen on the command line, for benchmarks/throughput.py.

    python benchmarks/run_putokaz.py aiohttp|httpx [concurrent updates]

Everything else is the real bot exactly as `putokaz run` starts it (same settings, same code).
"""

from __future__ import annotations

import sys

import bot.app
from bot.cli import main

if __name__ == "__main__":
    bot.app.HTTP_CLIENT = sys.argv[1]
    if len(sys.argv) > 2:
        bot.app.CONCURRENT_UPDATES = int(sys.argv[2])
    sys.exit(main(["run"]))
