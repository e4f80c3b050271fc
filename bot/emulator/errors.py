"""Bot API error values, formatted the way the real server formats them.

The official server (tdlib/telegram-bot-api, ``Client::fail_query_with_error``)
prefixes every error with a word chosen by the HTTP code and lower-cases the
first letter of the underlying message unless it looks like an UPPER_CASE
code.  Bots (and PTB) match on these strings, so the emulator builds every
description through the same rule instead of hard-coding prefixed strings.
"""

from __future__ import annotations

from typing import Any

_PREFIXES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def format_description(error_code: int, message: str) -> str:
    """Return ``"<Prefix>: <message>"`` exactly as the Bot API server would.

    The first letter is lower-cased unless the message's second character is
    ``_`` or an upper-case ASCII letter (``BUTTON_DATA_INVALID`` stays as is).
    """
    prefix = _PREFIXES.get(error_code, "Bad Request")
    if not message:
        return prefix
    if message.startswith(prefix):
        return message
    looks_like_code = len(message) > 1 and (message[1] == "_" or "A" <= message[1] <= "Z")
    if not looks_like_code:
        message = message[0].lower() + message[1:]
    return f"{prefix}: {message}"


class BotApiError(Exception):
    """A failed Bot API call: becomes ``{"ok": false, ...}`` with HTTP status = error_code."""

    def __init__(
        self,
        error_code: int,
        message: str,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        self.error_code = error_code
        self.description = format_description(error_code, message)
        self.parameters = parameters or {}
        super().__init__(self.description)

    def envelope(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(message: str) -> BotApiError:
    return BotApiError(400, message)


def too_many_requests(retry_after: int) -> BotApiError:
    return BotApiError(429, f"retry after {retry_after}", {"retry_after": retry_after})


def parse_error(detail: str) -> BotApiError:
    """An entity-parser failure; the detail keeps its own capitalisation."""
    return BotApiError(400, f"Can't parse entities: {detail}")


class EntityParseError(Exception):
    """Raised by the HTML/Markdown parsers with TDLib's detail text."""
