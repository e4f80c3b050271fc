"""The one entry point: `putokaz run | demo | check`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import ConfigError, Settings, load_settings
from bot.content import ContentError, load_content

log = logging.getLogger("putokaz")


def _setup_logging(level: str) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr, force=True
    )
    # httpx logs every request URL at INFO, and the URL contains the bot token.
    for noisy in ("httpx", "httpcore", "telegram", "apscheduler"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        print(f"putokaz: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_run(_args: argparse.Namespace) -> int:
    from telegram.error import InvalidToken, NetworkError

    from bot.app import ALLOWED_UPDATES, build_application

    settings = _settings()
    if not settings.token:
        print("putokaz: TELEGRAM_BOT_TOKEN is not set. To try Putokaz without a token, run: putokaz demo", file=sys.stderr)
        return 2
    _setup_logging(settings.log_level)
    try:
        content = load_content(settings.content_dir)
    except ContentError as exc:
        print(f"putokaz: the content in {settings.content_dir} has problems; fix them and start again:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    application = build_application(settings, content)
    try:
        if settings.webhook_mode:
            log.info("serving the webhook on %s:%d", settings.listen_host, settings.listen_port)
            application.run_webhook(
                listen=settings.listen_host,
                port=settings.listen_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            log.info("long-polling %s", urlsplit(settings.api_base_url).netloc)
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        print("putokaz: Telegram rejected TELEGRAM_BOT_TOKEN; copy it again from @BotFather", file=sys.stderr)
        return 2
    except NetworkError as exc:
        print(f"putokaz: cannot reach the Bot API at {settings.api_base_url}: {exc}", file=sys.stderr)
        return 1
    log.info("stopped cleanly")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    settings = _settings()
    return run_demo(settings, language=args.language)


def cmd_check(args: argparse.Namespace) -> int:
    directory = Path(args.directory) if args.directory else _settings().content_dir
    try:
        content = load_content(directory)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) found in {directory}", file=sys.stderr)
        return 1
    print(
        f"OK: {len(content.steps)} procedure steps, {len(content.organisations)} organisations, "
        f"{len(content.municipalities)} municipalities, {len(content.services)} services, "
        f"{len(content.emergency)} emergency numbers"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="putokaz", description="Trustworthy information for refugees in Serbia, on Telegram.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot (long polling, or a webhook when PUTOKAZ_WEBHOOK_URL is set)").set_defaults(func=cmd_run)
    demo = sub.add_parser("demo", help="chat with the bot in this terminal, offline, through the local emulator")
    demo.add_argument("--language", default="en", help="the Telegram language_code of the demo user (default: en)")
    demo.set_defaults(func=cmd_demo)
    check = sub.add_parser("check", help="validate the content files and list every problem")
    check.add_argument("directory", nargs="?", help="content folder (default: PUTOKAZ_CONTENT_DIR or the bundled content)")
    check.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    return args.func(args)
