"""YAML -> Content, reporting every problem as `file:line: message`.

PyYAML's node tree keeps the position of every key and value; we keep a map from each value's path
(e.g. `("steps", 3, "title", "en")`) to its line, so that pydantic's errors, which name a path, can be
reported where the caseworker has to look.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.model import (
    Content,
    EmergencyFile,
    MunicipalitiesFile,
    OrganisationsFile,
    ProcedureFile,
    ServicesFile,
)

FILES: dict[str, type[BaseModel]] = {
    "procedure.yaml": ProcedureFile,
    "organisations.yaml": OrganisationsFile,
    "municipalities.yaml": MunicipalitiesFile,
    "services.yaml": ServicesFile,
    "emergency.yaml": EmergencyFile,
}

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ContentError(Exception):
    """The content could not be loaded; `problems` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Document:
    """A parsed YAML file: plain Python data and the line of every path in it."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            self.data = self._build(loader, node, ()) if node is not None else None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            detail = exc.problem or str(exc)
            if "'\\t'" in detail or "\t" in detail:
                detail = "a tab character; indent with spaces only"
            self.problems.append(Problem(name, line, f"YAML syntax error: {detail}"))
            self.data = None
        finally:
            loader.dispose()

    def _build(self, loader: yaml.SafeLoader, node: yaml.Node, path: Path_) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node, deep=True)
                if key in result:
                    self.problems.append(
                        Problem(self.name, key_node.start_mark.line + 1, f"duplicate key {key!r}")
                    )
                    continue
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                result[key] = self._build(loader, value_node, (*path, key))
                if not isinstance(value_node, yaml.ScalarNode):
                    # Errors about a whole mapping or list are best shown at its key.
                    self.lines[(*path, key)] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._build(loader, item, (*path, i)) for i, item in enumerate(node.value)]
        return loader.construct_object(node, deep=True)

    def line_of(self, path: Path_) -> int:
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def _describe(error: dict[str, Any], model: type[BaseModel]) -> str:
    loc = [part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-"))]
    where = ".".join(str(p) for p in loc if not isinstance(p, int))
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        key = str(loc[-1])
        known = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(key, known, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; allowed here: {', '.join(sorted(known))}"
        return f"unknown key {key!r}{suggestion}"
    if error["type"] == "missing":
        return f"{where}: required field is missing"
    if error["type"] == "literal_error":
        return f"{where}: {message}"
    return f"{where}: {message}" if where else message


def _fields_at(model: type[BaseModel], loc: list[Any]) -> list[str]:
    """The field names allowed at a location, to suggest the closest one for an unknown key."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = current.model_fields.get(part) if isinstance(current, type) else None
        if field_info is None:
            return []
        current = _inner_model(field_info.annotation)
        if current is None:
            return []
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def load_content(directory: Path) -> Content:
    """Load and check every content file. Raises ContentError listing all problems found."""
    problems: list[Problem] = []
    parsed: dict[str, BaseModel] = {}
    documents: dict[str, _Document] = {}
    for filename, model in FILES.items():
        path = directory / filename
        if not path.is_file():
            problems.append(Problem(filename, 1, f"file is missing from {directory}"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[: exc.start].count(b"\n") + 1
            problems.append(Problem(filename, line, "the file is not UTF-8 text; save it as UTF-8"))
            continue
        document = _Document(filename, text)
        documents[filename] = document
        problems.extend(document.problems)
        if document.problems:
            continue
        if not isinstance(document.data, dict):
            problems.append(Problem(filename, 1, f"expected a mapping with the key(s) {', '.join(model.model_fields)}"))
            continue
        try:
            parsed[filename] = model.model_validate(document.data)
        except ValidationError as exc:
            for error in exc.errors():
                problems.append(Problem(filename, document.line_of(tuple(error["loc"])), _describe(error, model)))
    if problems:
        raise ContentError(problems)

    content = Content(
        steps=tuple(parsed["procedure.yaml"].steps),
        organisations={o.id: o for o in parsed["organisations.yaml"].organisations},
        municipalities={m.id: m for m in parsed["municipalities.yaml"].municipalities},
        services={s.id: s for s in parsed["services.yaml"].services},
        emergency=tuple(parsed["emergency.yaml"].numbers),
    )
    problems.extend(_cross_check(parsed, documents))
    if problems:
        raise ContentError(problems)
    return content


def _cross_check(parsed: dict[str, BaseModel], documents: dict[str, _Document]) -> list[Problem]:
    problems: list[Problem] = []
    for filename, key in (
        ("procedure.yaml", "steps"),
        ("organisations.yaml", "organisations"),
        ("municipalities.yaml", "municipalities"),
        ("services.yaml", "services"),
        ("emergency.yaml", "numbers"),
    ):
        seen: set[str] = set()
        for i, entry in enumerate(getattr(parsed[filename], key)):
            if entry.id in seen:
                line = documents[filename].line_of((key, i, "id"))
                problems.append(Problem(filename, line, f"duplicate id {entry.id!r}"))
            seen.add(entry.id)
    municipalities = {m.id for m in parsed["municipalities.yaml"].municipalities}
    for i, service in enumerate(parsed["services.yaml"].services):
        if service.municipality not in municipalities:
            line = documents["services.yaml"].line_of(("services", i, "municipality"))
            hint = difflib.get_close_matches(service.municipality, municipalities, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            problems.append(
                Problem("services.yaml", line, f"municipality {service.municipality!r} is not in municipalities.yaml{suggestion}")
            )
    return problems
