"""docs/privacy.md lists every stored field (R24): the database may not grow a column it does not list."""

import re
import sqlite3
from pathlib import Path

from bot.analytics.store import SCHEMA

DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "privacy.md"
FORBIDDEN = {"user_id", "chat_id", "username", "first_name", "last_name", "name", "phone", "message_id", "update_id", "date", "time", "latitude", "longitude", "token"}


def test_inventory_matches_the_schema():
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    schema = {(table, row[1]) for table in tables for row in db.execute(f"PRAGMA table_info({table})")}
    documented = set(re.findall(r"^\| (\w+) \| (\w+) \|", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE))
    documented = {(t, c) for t, c in documented if t in tables}
    assert schema == documented, f"missing from docs/privacy.md: {schema - documented}; not in the schema: {documented - schema}"
    assert not {column for _table, column in schema} & FORBIDDEN
