"""Settings from environment variables (and a `.env` file), validated once at start.

Every problem becomes one `ConfigError` line that names the variable, so an operator can fix it
without reading a traceback. Nothing else in the code reads the environment.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CONTENT_DIR = REPO_ROOT / "content"
LOCALES_DIR = REPO_ROOT / "locales"

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"

_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """One line that names the variable and says how to fix it."""


@dataclass(frozen=True)
class Settings:
    token: str | None
    api_base_url: str = DEFAULT_API_BASE_URL
    content_dir: Path = BUNDLED_CONTENT_DIR
    data_dir: Path = Path("data")
    coordinators: frozenset[int] = field(default_factory=frozenset)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    listen_host: str = "0.0.0.0"
    listen_port: int = 8080
    log_level: str = "INFO"
    reload_seconds: float = 3.0  # how often to look for edited content; 0: only on SIGHUP
    test_clock: datetime | None = None  # end-to-end tests only: Belgrade time starts here (needs a local emulator)

    @property
    def webhook_mode(self) -> bool:
        return self.webhook_url is not None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _http_url(name: str, value: str, *, allow_plain_http_on_loopback: bool) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name}: expected an http(s) URL, got {value!r}")
    if parts.scheme == "http" and not (allow_plain_http_on_loopback and _is_loopback(parts.hostname)):
        raise ConfigError(f"{name}: must use https:// (plain http is only allowed on 127.0.0.1/localhost)")
    return value


def load_settings(environ: dict[str, str] | None = None, dotenv_path: Path | None = Path(".env")) -> Settings:
    """Read and validate the settings. Real environment variables win over `.env`."""
    env: dict[str, str] = {}
    if dotenv_path is not None and dotenv_path.is_file():
        env.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    env.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    token = get("TELEGRAM_BOT_TOKEN")
    if token is not None and not _TOKEN.match(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN: expected the form 123456789:AA... that @BotFather gives")

    api_base_url = _http_url(
        "TELEGRAM_API_BASE_URL",
        get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL,
        allow_plain_http_on_loopback=True,
    )

    content_dir = Path(get("PUTOKAZ_CONTENT_DIR") or BUNDLED_CONTENT_DIR)
    if not content_dir.is_dir():
        raise ConfigError(f"PUTOKAZ_CONTENT_DIR: {content_dir} is not a folder")

    data_dir = Path(get("PUTOKAZ_DATA_DIR") or "data")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"PUTOKAZ_DATA_DIR: cannot create {data_dir}: {exc.strerror}") from None
    if not os.access(data_dir, os.W_OK):
        raise ConfigError(f"PUTOKAZ_DATA_DIR: {data_dir} is not writable")

    coordinators: set[int] = set()
    for part in (get("PUTOKAZ_COORDINATORS") or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise ConfigError(f"PUTOKAZ_COORDINATORS: {part!r} is not a numeric Telegram user id")
        coordinators.add(int(part))

    webhook_url = get("PUTOKAZ_WEBHOOK_URL")
    webhook_secret = get("PUTOKAZ_WEBHOOK_SECRET")
    if webhook_url is not None:
        _http_url("PUTOKAZ_WEBHOOK_URL", webhook_url, allow_plain_http_on_loopback=True)
        if webhook_secret is None:
            raise ConfigError("PUTOKAZ_WEBHOOK_SECRET: required when PUTOKAZ_WEBHOOK_URL is set")
    if webhook_secret is not None and not _SECRET.match(webhook_secret):
        raise ConfigError("PUTOKAZ_WEBHOOK_SECRET: use 1-256 characters of A-Z, a-z, 0-9, _ and -")

    listen = get("PUTOKAZ_LISTEN") or "0.0.0.0:8080"
    host, sep, port = listen.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"PUTOKAZ_LISTEN: expected host:port, e.g. 0.0.0.0:8080, got {listen!r}")

    log_level = (get("PUTOKAZ_LOG_LEVEL") or "INFO").upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError("PUTOKAZ_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR")

    reload = get("PUTOKAZ_RELOAD_SECONDS") or "3"
    try:
        reload_seconds = float(reload)
    except ValueError:
        reload_seconds = -1
    if not 0 <= reload_seconds <= 3600:
        raise ConfigError(f"PUTOKAZ_RELOAD_SECONDS: expected seconds between 0 (only on SIGHUP) and 3600, got {reload!r}")

    test_clock = None
    if (value := get("PUTOKAZ_TEST_CLOCK")) is not None:
        # Setting the bot's clock is for tests only: refused unless it talks to a local emulator over plain http.
        parts = urlsplit(api_base_url)
        if parts.scheme != "http" or not _is_loopback(parts.hostname or ""):
            raise ConfigError("PUTOKAZ_TEST_CLOCK: only for tests against a local emulator (TELEGRAM_API_BASE_URL on http://127.0.0.1); remove it")
        try:
            test_clock = datetime.fromisoformat(value)
        except ValueError:
            raise ConfigError(f"PUTOKAZ_TEST_CLOCK: expected a date and time such as 2026-03-10T09:59, got {value!r}") from None

    return Settings(
        token=token,
        api_base_url=api_base_url,
        content_dir=content_dir,
        data_dir=data_dir,
        coordinators=frozenset(coordinators),
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        listen_host=host.strip("[]"),
        listen_port=int(port),
        log_level=log_level,
        reload_seconds=reload_seconds,
        test_clock=test_clock,
    )
