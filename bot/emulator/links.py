"""URL checks modelled on TDLib ``LinkManager::check_link``.

Telegram validates ``<a href>`` targets and inline-button URLs with the same
routine: ``http``/``https`` URLs need a dotted host, ``tg://`` links need a
plain host, anything else is an unsupported protocol.  Valid links come back
in canonical form (scheme lower-cased, ``/`` added for an empty path), which
is what the Bot API reports in ``text_link`` entities.
"""

from __future__ import annotations

import re

_URL = re.compile(r"^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?P<authority>[^/?#]*)(?P<rest>.*)$", re.S)
_HOST_CHARS = re.compile(r"^[^\s<>\"'`\\^{}|]+$")
_TG_HOST_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")


class LinkError(ValueError):
    """The link is invalid; the message is TDLib's reason text."""


def check_link(link: str) -> str:
    """Return the canonical form of ``link`` or raise :class:`LinkError`."""
    lowered = link.lower()
    is_tg = lowered.startswith("tg:")
    body = link[3:] if is_tg else link
    if is_tg and body.startswith("//"):
        body = body[2:]
    match = _URL.match(body)
    assert match is not None  # the pattern matches every string
    scheme = (match["scheme"] or "").lower()
    if scheme and scheme not in ("http", "https"):
        raise LinkError("Unsupported URL protocol")
    authority = match["authority"]
    host_port = authority.rsplit("@", 1)[-1]
    host, _, port = host_port.partition(":")
    if host.startswith("[") and "]" in host_port:  # IPv6 literal
        host, _, port = host_port[1:].partition("]")
        port = port.lstrip(":")
    if not host:
        raise LinkError("URL host is empty")
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        raise LinkError("Wrong port number specified in the URL")
    if not _HOST_CHARS.match(host):
        raise LinkError("Wrong URL host")
    rest = match["rest"]
    if is_tg:
        if scheme or port or "@" in authority:
            raise LinkError("Wrong tg link")
        if not _TG_HOST_CHARS.match(host):
            raise LinkError("Unallowed characters in URL host")
        return f"tg://{host}{rest}"
    if "." not in host and ":" not in host:
        raise LinkError("Wrong HTTP URL")
    if not rest.startswith("/"):
        rest = "/" + rest
    return f"{scheme or 'http'}://{authority.lower()}{rest}"


def tg_user_id(link: str) -> int | None:
    """User id of a ``tg://user?id=N`` link (a text mention), else None."""
    match = re.fullmatch(r"(?i)tg:(?://)?user\?id=(\d{1,15})", link)
    return int(match.group(1)) if match else None
