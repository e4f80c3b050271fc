"""The one entry point: `putokaz run | demo | check`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import ConfigError, Settings, load_settings
from bot.content import ContentError, load_content
from bot.i18n import LANGUAGES

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
    from bot.content.loader import inspect_content
    from bot.content.report import report_json, report_table

    directory = Path(args.directory) if args.directory else _settings().content_dir
    inspection = inspect_content(directory)
    if args.report:
        if inspection.content is None:
            for problem in inspection.errors:
                print(problem, file=sys.stderr)
            print("fix the errors above first: the report needs valid content", file=sys.stderr)
            return 1
        print(report_json(inspection.content) if args.json else report_table(inspection.content))
        return 0
    for problem in sorted(inspection.problems, key=lambda p: (p.severity != "error", p.file, p.line, p.column)):
        print(problem)
    errors, warnings = len(inspection.errors), len(inspection.warnings)
    if inspection.content is None:
        print(f"{errors} error(s), {warnings} warning(s) in {directory}: the bot will not use this content", file=sys.stderr)
        return 1
    content = inspection.content
    print(
        f"OK: {len(content.steps)} procedure steps, {len(content.organisations)} organisations, "
        f"{len(content.municipalities)} municipalities, {len(content.services)} services, "
        f"{len(content.emergency)} emergency numbers, {len(content.notices)} notices, {len(content.phrases)} phrases, "
        f"{len(content.myths)} myths; {warnings} warning(s)",
        file=sys.stderr,
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from bot.content.schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    import json

    from bot.content import translations

    directory = Path(args.directory) if args.directory else _settings().content_dir
    try:
        if args.action == "stamp":
            changed = translations.stamp_translations(directory, languages=args.language or None, machine=args.machine)
            for filename, count in changed.items():
                print(f"{filename}: {count} translation(s) marked as made from the current English")
        elif args.action == "export":
            items = translations.export_translations(directory, args.language, everything=args.all)
            print(json.dumps(items, ensure_ascii=False, indent=2))
        else:
            items = json.loads(Path(args.file).read_text(encoding="utf-8"))
            changed, skipped = translations.import_translations(directory, args.language, items, machine=args.machine)
            for filename, count in changed.items():
                print(f"{filename}: {count} {args.language} translation(s) written")
            for reason in skipped:
                print(f"skipped: {reason}", file=sys.stderr)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("nothing was changed: fix the errors above first", file=sys.stderr)
        return 1
    return 0


def _stats_tables(k: int):
    """The coordinator tables, or an exit code after saying why there are none."""
    from bot.analytics import stats
    from bot.analytics.store import FILE_NAME

    settings = _settings()
    path = settings.data_dir / FILE_NAME
    if not path.is_file():
        print(f"putokaz: no statistics yet in {settings.data_dir} (the bot writes them while it runs)", file=sys.stderr)
        return 1
    try:
        return stats.build_tables(path, k=k)
    except ValueError as exc:
        print(f"putokaz: {exc}", file=sys.stderr)
        return 2


def cmd_stats(args: argparse.Namespace) -> int:
    from bot.analytics import stats

    tables = _stats_tables(args.k)
    if isinstance(tables, int):
        return tables
    render = {"table": stats.render_text, "csv": stats.render_csv, "json": stats.render_json}[args.format]
    print(render(tables))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from bot import clock
    from bot.analytics.html_report import render_html

    tables = _stats_tables(args.k)
    if isinstance(tables, int):
        return tables
    out = Path(args.out)
    try:
        # Written beside the target, then renamed: a reader never sees half a report.
        partial = out.with_name(out.name + ".partial")
        partial.write_text(render_html(tables, args.k, clock.today()), encoding="utf-8")
        partial.replace(out)
    except OSError as exc:
        print(f"putokaz: cannot write {out}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"report written to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="putokaz", description="Trustworthy information for refugees in Serbia, on Telegram.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot (long polling, or a webhook when PUTOKAZ_WEBHOOK_URL is set)").set_defaults(func=cmd_run)
    demo = sub.add_parser("demo", help="chat with the bot in this terminal, offline, through the local emulator")
    demo.add_argument("--language", default="en", help="the Telegram language_code of the demo user (default: en)")
    demo.set_defaults(func=cmd_demo)
    stats_parser = sub.add_parser("stats", help="anonymous usage tables (small counts hidden, others rounded to 5)")
    stats_parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
    stats_parser.add_argument("--k", type=int, default=10, help="hide counts below this (at least 5; default 10)")
    stats_parser.set_defaults(func=cmd_stats)
    report = sub.add_parser("report", help="the same tables as one HTML file with charts (opens offline)")
    report.add_argument("--out", required=True, help="the HTML file to write, e.g. report.html")
    report.add_argument("--k", type=int, default=10, help="hide counts below this (at least 5; default 10)")
    report.set_defaults(func=cmd_report)
    check = sub.add_parser("check", help="validate the content files and list every problem")
    check.add_argument("directory", nargs="?", help="content folder (default: PUTOKAZ_CONTENT_DIR or the bundled content)")
    check.add_argument("--report", action="store_true", help="print the translation status per language instead")
    check.add_argument("--json", action="store_true", help="with --report: print JSON")
    check.set_defaults(func=cmd_check)
    schema = sub.add_parser("schema", help="write JSON Schemas of the content files, for editors")
    schema.add_argument("--out", default="content/schema", help="folder for the schema files (default: content/schema)")
    schema.set_defaults(func=cmd_schema)
    translations = sub.add_parser("translations", help="translation tools")
    translations_sub = translations.add_subparsers(dest="action", required=True)
    folder_help = "content folder (default: PUTOKAZ_CONTENT_DIR or the bundled content)"
    stamp = translations_sub.add_parser(
        "stamp", help="record, for translations that do not say it yet, that they were made from the current English"
    )
    stamp.add_argument("directory", nargs="?", help=folder_help)
    stamp.add_argument("--language", action="append", help="only this language (repeatable)")
    stamp.add_argument("--machine", action="store_true", help="mark them machine-made and not yet checked by a person")
    export = translations_sub.add_parser("export", help="print, as JSON, the texts of a language that need translating")
    export.add_argument("language", choices=[c for c in LANGUAGES if c != "en"])
    export.add_argument("directory", nargs="?", help=folder_help)
    export.add_argument("--all", action="store_true", help="every text, not only those that need work")
    import_ = translations_sub.add_parser("import", help="write translations from an exported and filled-in JSON file")
    import_.add_argument("language", choices=[c for c in LANGUAGES if c != "en"])
    import_.add_argument("file", help="the JSON file (as printed by export, with 'text' filled in)")
    import_.add_argument("directory", nargs="?", help=folder_help)
    import_.add_argument("--machine", action="store_true", help="mark them machine-made and not yet checked by a person")
    for parser_ in (stamp, export, import_):
        parser_.set_defaults(func=cmd_translations)
    args = parser.parse_args(argv)
    return args.func(args)
