"""`putokaz schema`: JSON Schemas of the content files, so editors can complete and check as you type.

With the VS Code YAML extension (or any editor using yaml-language-server), the first line
`# yaml-language-server: $schema=schema/procedure.schema.json` in a content file turns it on.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.content.loader import FILES


def schemas() -> dict[str, dict]:
    result = {}
    for filename, (model, _key, _required) in FILES.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"Putokaz {filename}"
        result[filename.replace(".yaml", ".schema.json")] = schema
    return result


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = directory / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
