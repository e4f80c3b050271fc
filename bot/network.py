"""Talking to Telegram through trouble: wait out 429s, retry transient server errors.

PTB's AIORateLimiter already waits and retries after a 429 (RetryAfter). A 5xx from Telegram or a
proxy in front of it, or a connection that failed (PTB raises a plain NetworkError), is retried here
with backoff for up to ~46 s, so a hiccup or a half-minute outage does not leave a person without an
answer. Requests that Telegram refused (BadRequest, Forbidden) are never retried. A timeout is
retried only where repeating the call cannot duplicate a message, because a timed-out send may have
reached Telegram.

AiohttpRequest is PTB's transport on aiohttp (see its docstring and benchmarks/throughput.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

# Between tries after a transient failure: quick at first, then patient enough (~46 s in all) that
# an answer survives Telegram being unreachable for half a minute. The update was already taken from
# Telegram, so giving up means the person never gets an answer.
BACKOFF_SECONDS = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 15.0)
# Calls that change nothing when repeated.
IDEMPOTENT = {"answercallbackquery", "editmessagetext", "editmessagereplymarkup", "getme", "setmycommands", "deletewebhook", "setwebhook"}
_NOT_TRANSIENT = (BadRequest, Forbidden, InvalidToken, ChatMigrated, Conflict, RetryAfter)


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter that also retries transient failures, without PTB's 30 messages/s bot-wide cap.

    Telegram's "about 30 messages per second" is for bulk notifications to many users; a bot that
    only answers people who just wrote to it is not throttled at that rate, and a cap here would
    make every person wait behind everyone else at busy times. What Telegram does say is binding,
    a 429 with retry_after, is honoured: all sends pause for retry_after (+0.1 s) and then resume.
    Groups keep PTB's 20 per minute (the bot only ever sends a short note there).
    """

    def __init__(self, max_retries: int = 5, overall_max_rate: float = 0) -> None:
        super().__init__(overall_max_rate=overall_max_rate, max_retries=max_retries)

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


class AiohttpRequest(BaseRequest):
    """PTB's transport on aiohttp instead of httpx: the same calls, much less CPU per call.

    With many calls in flight httpx spends several times more CPU per request than aiohttp (PTB
    issue #4560, encode/httpx#3215); benchmarks/throughput.py measures both and the figures favour
    this one. Parameters go as one JSON body, which the Bot API accepts for every method; uploads go
    as multipart. Errors map to PTB's: a timeout is TimedOut, anything else on the wire NetworkError.
    """

    def __init__(
        self,
        connection_pool_size: int = 64,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300, enable_cleanup_closed=True)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}, skip_auto_headers=("Accept-Encoding",)
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data is not None and request_data.contains_files else None
        if isinstance(read_timeout, DefaultValue):
            read_timeout = self._read_timeout
        if isinstance(connect_timeout, DefaultValue):
            connect_timeout = self._connect_timeout
        if isinstance(pool_timeout, DefaultValue):
            pool_timeout = self._pool_timeout
        if isinstance(write_timeout, DefaultValue):
            write_timeout = self._write_timeout if not files else self._media_write_timeout
        # aiohttp has no separate write timeout: sending counts towards sock_read's clock start, so the
        # read budget covers both; waiting for a pooled connection counts towards `connect`.
        read_budget = None if read_timeout is None else read_timeout + (write_timeout or 0.0)
        connect_budget = None if connect_timeout is None else connect_timeout + (pool_timeout or 0.0)
        timeout = aiohttp.ClientTimeout(total=None, connect=connect_budget, sock_read=read_budget)
        kwargs: dict[str, Any] = {}
        if files:
            form = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                form.add_field(name, value)
            for name, part in files.items():
                if isinstance(part, tuple):
                    filename, content, *rest = part
                    form.add_field(name, content, filename=filename, content_type=rest[0] if rest else None)
                else:
                    form.add_field(name, part)
            kwargs["data"] = form
        elif request_data is not None:
            kwargs["data"] = request_data.json_payload
            kwargs["headers"] = {"Content-Type": "application/json"}
        try:
            async with self._session.request(method, url, timeout=timeout, **kwargs) as response:
                body = await response.read()
                if response.status >= 500 and response.content_type != "application/json":
                    # A proxy's HTML error page (Telegram's nginx answers 502 so): PTB would log a
                    # traceback for the unparsable body. Say the same in the API's own words instead;
                    # the retry and the warning happen as for any 5xx.
                    reason = response.reason or "Server error"
                    body = json.dumps({"ok": False, "error_code": response.status, "description": reason}).encode()
                return response.status, body
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc
