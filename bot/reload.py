"""Hot reload: notice edited content, check it, and swap it in whole, or keep the last good version.

The watcher compares the files' modification times and sizes every few seconds (and at once on
SIGHUP). New content is parsed and checked in a worker thread, so answering people never waits for
it; then one assignment replaces the content. Handlers read `runtime.content` once per update, so an
update is answered entirely from the old content or entirely from the new, never from a mix.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from pathlib import Path

from bot.content.loader import inspect_content
from bot.runtime import Runtime

log = logging.getLogger(__name__)

POLL_SECONDS = 3.0

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(directory: Path) -> Fingerprint:
    entries = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue  # removed between listing and stat: the next poll sees the new state
        entries.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


class ContentWatcher:
    """Polls every `poll_seconds` (0: never) and reloads at once on SIGHUP."""

    def __init__(self, runtime: Runtime, directory: Path, poll_seconds: float = POLL_SECONDS) -> None:
        self.runtime = runtime
        self.directory = directory
        self.poll_seconds = poll_seconds
        self.reloads = 0
        self.rejected = 0
        self._seen = fingerprint(directory)
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGHUP, self._wake.set)
        except (NotImplementedError, AttributeError, RuntimeError):
            log.info("SIGHUP is not available here; content is reloaded by polling only")
        self._task = asyncio.create_task(self._run(), name="content-watcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds or None)
                forced = True
            except TimeoutError:
                forced = False
            self._wake.clear()
            try:
                await self.check(force=forced)
            except Exception:  # the watcher must never stop because of one bad reload
                log.exception("content reload failed; keeping the current content")

    async def check(self, *, force: bool = False) -> bool:
        """Reload if the files changed (or if forced). True when new content was swapped in."""
        current = await asyncio.to_thread(fingerprint, self.directory)
        if current == self._seen and not force:
            return False
        self._seen = current
        inspection = await asyncio.to_thread(inspect_content, self.directory)
        if inspection.content is None:
            self.rejected += 1
            log.error("content in %s has %d error(s); still serving the last good version:", self.directory, len(inspection.errors))
            for problem in inspection.errors:
                log.error("  %s", problem)
            return False
        self.runtime.content = inspection.content
        self.reloads += 1
        content = inspection.content
        log.info(
            "content reloaded: %d steps, %d organisations, %d services, %d notices (%d warnings)",
            len(content.steps), len(content.organisations), len(content.services), len(content.notices),
            len(inspection.warnings),
        )
        return True
