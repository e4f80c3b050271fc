"""The only per-user state: a chosen language, in memory, forgotten after a period without use.

Nothing here is ever written to disk. After a restart, buttons still carry their language (see the
codec), and `/start` falls back to Telegram's language_code.
"""

from __future__ import annotations

import time
from collections import OrderedDict

IDLE_SECONDS = 30 * 60  # privacy.md R21: conversation state lives 30 minutes at most
MAX_USERS = 100_000


class LanguageMemory:
    def __init__(self, idle_seconds: float = IDLE_SECONDS, max_users: int = MAX_USERS, clock=time.monotonic) -> None:
        self._idle = idle_seconds
        self._max = max_users
        self._clock = clock
        self._picks: OrderedDict[int, tuple[str, float]] = OrderedDict()

    def get(self, user_id: int) -> str | None:
        entry = self._picks.get(user_id)
        if entry is None:
            return None
        code, seen = entry
        now = self._clock()
        if now - seen > self._idle:
            del self._picks[user_id]
            return None
        self._picks[user_id] = (code, now)
        self._picks.move_to_end(user_id)
        return code

    def set(self, user_id: int, code: str) -> None:
        self._picks[user_id] = (code, self._clock())
        self._picks.move_to_end(user_id)
        while len(self._picks) > self._max:
            self._picks.popitem(last=False)
        self._expire_oldest()

    def _expire_oldest(self) -> None:
        """Drop idle entries from the least recently used end, so memory never holds stale picks long."""
        now = self._clock()
        while self._picks:
            user_id, (_code, seen) = next(iter(self._picks.items()))
            if now - seen <= self._idle:
                break
            del self._picks[user_id]

    def forget(self, user_id: int) -> None:
        self._picks.pop(user_id, None)

    def __len__(self) -> int:
        return len(self._picks)
