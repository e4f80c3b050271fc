"""Pure rendering: (content, language, arguments) -> Screen. No Telegram I/O in here."""
