"""Talking to Telegram through trouble: wait out 429s, retry transient server errors.

PTB's AIORateLimiter already waits and retries after a 429 (RetryAfter). A 5xx from Telegram or a
proxy in front of it (PTB raises a plain NetworkError) is retried here a few times with backoff, so
a hiccup does not leave a person without an answer. Requests that Telegram refused (BadRequest,
Forbidden) are never retried. A timeout is retried only where repeating the call cannot duplicate a
message, because a timed-out send may have reached Telegram.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

BACKOFF_SECONDS = (0.5, 1.0, 2.0)
# Calls that change nothing when repeated.
IDEMPOTENT = {"answercallbackquery", "editmessagetext", "editmessagereplymarkup", "getme", "setmycommands", "deletewebhook", "setwebhook"}
_NOT_TRANSIENT = (BadRequest, Forbidden, InvalidToken, ChatMigrated, Conflict, RetryAfter)


class RetryingRateLimiter(AIORateLimiter):
    async def process_request(self, callback, args, kwargs, endpoint: str, data: dict[str, Any], rate_limit_args):
        for attempt, pause in enumerate((*BACKOFF_SECONDS, None), start=1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except _NOT_TRANSIENT:
                raise
            except NetworkError as exc:
                retryable = not isinstance(exc, TimedOut) or endpoint.lower() in IDEMPOTENT
                if pause is None or not retryable:
                    raise
                log.warning("%s failed (%s); retry %d in %.1fs", endpoint, type(exc).__name__, attempt, pause)
            await asyncio.sleep(pause)
