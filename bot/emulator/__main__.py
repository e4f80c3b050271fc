"""``python -m bot.emulator``: run the emulator on its own until interrupted.

Useful for pointing a manually started bot at it
(``TELEGRAM_API_BASE_URL=<printed URL>``); it has no users of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from .driver import Emulator


async def _serve(args: argparse.Namespace) -> None:
    async with Emulator(token=args.token, host=args.host, port=args.port) as emu:
        print(emu.base_url, flush=True)
        await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.emulator", description=__doc__)
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address")
    parser.add_argument("--token", default="123456:TEST")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
