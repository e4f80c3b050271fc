"""Thin handlers: parse the update, pick a view, hand it to telegram_io. One module per feature."""
