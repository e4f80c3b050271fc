"""YAML -> Content, reporting every problem as `file:line: message`.

PyYAML's node tree keeps the position of every key and value; we keep a map from each value's path
(e.g. `("steps", 3, "title", "en")`) to its line, so that pydantic's errors, which name a path, can be
reported where the caseworker has to look.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.model import (
    Content,
    EmergencyFile,
    EventsFile,
    MunicipalitiesFile,
    MythsFile,
    NoticesFile,
    OrganisationsFile,
    PhrasesFile,
    ProcedureFile,
    ServicesFile,
    Translation,
    VocabularyFile,
)

# file name -> (model, the key holding its list, required)
FILES: dict[str, tuple[type[BaseModel], str, bool]] = {
    "procedure.yaml": (ProcedureFile, "steps", True),
    "organisations.yaml": (OrganisationsFile, "organisations", True),
    "municipalities.yaml": (MunicipalitiesFile, "municipalities", True),
    "services.yaml": (ServicesFile, "services", True),
    "emergency.yaml": (EmergencyFile, "numbers", True),
    "notices.yaml": (NoticesFile, "notices", False),
    "events.yaml": (EventsFile, "events", False),
    "phrases.yaml": (PhrasesFile, "phrases", False),
    "myths.yaml": (MythsFile, "myths", False),
    "vocabulary.yaml": (VocabularyFile, "groups", False),
}

Path_ = tuple[str | int, ...]
Position = tuple[int, int]  # line, column (both from 1)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    severity: str = "error"  # or "warning": reported, but the content is still used

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {label}{self.message}"


class ContentError(Exception):
    """The content could not be loaded; `problems` lists every error (and warning) found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _position(mark: yaml.Mark) -> Position:
    return mark.line + 1, mark.column + 1


def _unclosed_quote(line: str, start: int) -> int | None:
    """The column (0-based) of a double quote on `line` that is opened but never closed."""
    opened = None
    i = start
    while i < len(line):
        if line[i] == "\\" and opened is not None:
            i += 2
            continue
        if line[i] == '"':
            opened = None if opened is not None else i
        i += 1
    return opened


def _explain_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[Position, str]:
    """Where a caseworker should look, and what to do, for PyYAML's parser errors.

    The parser reports where it gave up, often a line after the mistake; the start of the construct
    it was reading (the context mark) is usually where the mistake is.
    """
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    position = _position(mark) if mark else (1, 1)
    if "\t" in problem or "'\\t'" in problem:
        return position, "a tab character; indent with spaces only"
    colon = "a ': ' inside text that is not in quotes; put the whole text in double quotes"
    start = exc.context_mark
    same_line = start is not None and mark is not None and start.line == mark.line
    if problem == "mapping values are not allowed here" or (problem.endswith("but got ':'") and same_line):
        return position, colon
    if start is not None:
        line = text.splitlines()[start.line] if start.line < len(text.splitlines()) else ""
        quote = _unclosed_quote(line, start.column)
        if quote is not None:
            return (start.line + 1, quote + 1), 'this quote is not closed; add the closing " at the end of the text'
        if "flow sequence" in context:
            return _position(start), "this [ is not closed; add ] at the end of the list"
        if "flow mapping" in context:
            return _position(start), "this { is not closed; add } at the end"
        key = re.match(r"\s*([\w-]+):(\S.*)", line[start.column :] if start.column < len(line) else "")
        if "simple key" in context and key:
            return _position(start), f"put a space after the ':' in '{key.group(1)}:{key.group(2).strip()}'"
    if problem.startswith("expected <block end>"):
        return position, "this line is indented differently from the lines above it; line it up with the other keys"
    return position, f"{problem} ({context})" if context else problem


# libyaml's parser, where PyYAML was built with it, reads the content about five times faster; its
# nodes carry the same marks (line, column and character index).
FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Document:
    """A parsed YAML file: plain Python data and the position of every path in it."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.values: dict[Path_, Position] = {}  # where each value starts
        self.keys: dict[Path_, Position] = {}  # where the key of each mapping entry is
        self.spans: dict[Path_, tuple[int, int]] = {}  # character offsets of each value in the text
        self.problems: list[Problem] = []
        try:
            self.data = self._parse(FastLoader, text)
        except yaml.MarkedYAMLError:
            # libyaml words its errors differently: the pure-Python parser gives the messages and
            # positions that _explain_syntax_error knows how to make plain.
            try:
                self.data = self._parse(yaml.SafeLoader, text)
            except yaml.MarkedYAMLError as exc:
                (line, column), detail = _explain_syntax_error(exc, text)
                self.problems.append(Problem(name, line, column, f"YAML syntax error: {detail}"))
                self.data = None

    def _parse(self, loader_class: type, text: str) -> Any:
        for found in (self.values, self.keys, self.spans, self.problems):
            found.clear()  # a second parse starts afresh
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            return self._build(loader, node, ()) if node is not None else None
        finally:
            loader.dispose()

    def _build(self, loader: yaml.SafeLoader, node: yaml.Node, path: Path_) -> Any:
        """Plain data from a node, recording where every value (and key) is."""
        self.values[path] = _position(node.start_mark)
        self.spans[path] = (node.start_mark.index, node.end_mark.index)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int)):
                    key = str(key)
                if key in result:
                    line, column = _position(key_node.start_mark)
                    self.problems.append(Problem(self.name, line, column, f"duplicate key {key!r}"))
                    continue
                self.keys[(*path, key)] = _position(key_node.start_mark)
                result[key] = self._build(loader, value_node, (*path, key))
                if not isinstance(value_node, yaml.ScalarNode):
                    # Errors about a whole mapping or list are best shown at its key.
                    self.values[(*path, key)] = self.keys[(*path, key)]
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._build(loader, item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return loader.construct_object(node, deep=True)
        except ValueError:
            return node.value  # e.g. 2026-02-30 looks like a date but is none: the model says so

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Where a path is in the file: its value (or its key), else the nearest enclosing one."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return 1, 1

    def problem(self, path: Path_, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.name, line, column, message, severity)


# A translation is plain text or a mapping; pydantic reports a failure against each branch of the union.
_UNION_TAGS = ("str", "Translation")


def _other_branch(error: dict[str, Any]) -> bool:
    """True for the error about the branch the caseworker clearly did not mean (text vs mapping)."""
    loc = error["loc"]
    if "str" in loc:
        return isinstance(error.get("input"), dict)
    if "Translation" in loc:
        tagged = loc[: loc.index("Translation") + 1]
        return len(loc) == len(tagged) and not isinstance(error.get("input"), dict)
    return False


def _describe(error: dict[str, Any], model: type[BaseModel]) -> str:
    loc = [part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-"))]
    where = ".".join(str(p) for p in loc if not isinstance(p, int))
    message = error["msg"].removeprefix("Value error, ")
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    # What each pattern in the model means, said the way a caseworker needs to hear it.
    id_pattern = r"^[a-z0-9][a-z0-9-]{0,23}$"
    patterns = {
        id_pattern: "an id is lower-case letters, digits and - (at most 24 characters), e.g. rc-sid",
        r"^[a-z]{2,3}$": "a language is a 2- or 3-letter code in lower case, e.g. en, ar, ku",
        r"^[0-9a-f]{8}$": "`from` is the 8-character fingerprint of the English (0-9, a-f); run putokaz translations stamp",
    }
    if kind == "extra_forbidden":
        key = str(loc[-1])
        if error.get("in_translation"):
            known = [field.alias or name for name, field in Translation.model_fields.items()]
        else:
            known = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(key, known, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; allowed here: {', '.join(sorted(known))}"
        return f"unknown key {key!r}{suggestion}"
    if kind == "missing":
        return f"{where}: required field is missing"
    expected = {"string_type": "text", "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping"}.get(kind)
    if expected:
        if kind == "list_type" and isinstance(value, str):
            return f'{where}: expected a list, got text; write it in brackets: ["{value}"]'
        if kind == "list_type" and isinstance(value, dict):
            return f"{where}: expected a list, got a mapping; put it in brackets: [{{...}}]"
        if kind == "dict_type" and isinstance(value, str):
            return f"{where}: expected a mapping, got text; give each language its own text, e.g. {{en: {value}}}"
        fields = _fields_at(model, loc)
        if kind == "model_type" and isinstance(value, str) and 0 < len(fields) <= 4:
            return f"{where}: expected a mapping, got text; write it as {{{', '.join(f + ': ...' for f in fields)}}}"
        if kind == "string_type" and isinstance(value, list):
            return f"{where}: expected text, got a list; write a single value here, without [ ]"
        if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return f'{where}: expected text, got the number {value}; put it in quotes: "{value}"'
        got = {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(type(value), repr(value))
        return f"{where}: expected {expected}, got {got}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        hint = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.75)
        suggestion = f"did you mean {hint[0]!r}?" if hint else f"use one of: {', '.join(allowed)}"
        return f"{where}: {value!r} is not allowed; {suggestion}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == id_pattern and re.fullmatch(r"[a-z0-9-]{25,}", value):
        return f"{where}: {value!r} is {len(value)} characters long; an id has at most 24"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in patterns:
        return f"{where}: {value!r} is not valid: {patterns[ctx['pattern']]}"
    if (kind.startswith("date_") or kind.startswith("datetime_")) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        return f"{where}: {value!r} is not a real date; check the day and the month"
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return f"{where}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-07-03"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = f"at least {ctx['ge']}" if "ge" in ctx else f"at most {ctx['le']}"
        return f"{where}: {value!r} is out of range; it must be {bound}"
    if kind == "too_short" and not value:
        return f"{where}: the list is empty; add at least one"
    if kind == "string_too_short" and not value:
        return f"{where}: the text is empty"
    if kind == "bool_parsing":
        return f"{where}: {value!r} is not true or false; write true or false"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{where}: {value!r} is not a whole number"
    if kind in ("float_parsing", "float_type"):
        return f"{where}: {value!r} is not a number"
    if kind == "value_error" and re.search("[–—]", message):
        message += " (type a plain hyphen -, not a dash –)"
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


@dataclass
class Inspection:
    """Everything `putokaz check` needs: the content (None if it has errors), every problem, the documents."""

    content: Content | None
    problems: list[Problem]
    documents: dict[str, Document]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def inspect_content(directory: Path, *, today: date | None = None) -> Inspection:
    """Parse, validate and cross-check every content file, collecting all errors and warnings."""
    problems: list[Problem] = []
    parsed: dict[str, BaseModel] = {}
    documents: dict[str, Document] = {}
    for filename, (model, key, required) in FILES.items():
        path = directory / filename
        if not path.is_file():
            if required:
                problems.append(Problem(filename, 1, 1, f"file is missing from {directory}"))
            else:
                parsed[filename] = model.model_validate({key: []})
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raw = path.read_bytes()[: exc.start]
            line, column = raw.count(b"\n") + 1, len(raw) - (raw.rfind(b"\n") + 1) + 1
            problems.append(Problem(filename, line, column, "the file is not UTF-8 text; save it as UTF-8"))
            continue
        document = Document(filename, text)
        documents[filename] = document
        problems.extend(document.problems)
        if document.problems:
            continue
        if not isinstance(document.data, dict):
            line, column = document.position(())
            problems.append(Problem(filename, line, column, f"expected a mapping with the key {key!r}"))
            continue
        try:
            parsed[filename] = model.model_validate(document.data)
        except ValidationError as exc:
            errors = []
            for error in exc.errors():
                if _other_branch(error):
                    continue
                loc = tuple(part for part in error["loc"] if part not in _UNION_TAGS and not str(part).startswith("function-"))
                errors.append({**error, "loc": loc, "in_translation": "Translation" in error["loc"]})
            # A misspelt key also leaves the field it was meant to be missing: report the misspelling only.
            misspelt = set()
            for error in errors:
                if error["type"] == "extra_forbidden":
                    if error["in_translation"]:
                        known = [field.alias or name for name, field in Translation.model_fields.items()]
                    else:
                        known = _fields_at(model, list(error["loc"][:-1]))
                    misspelt.update((error["loc"][:-1], m) for m in difflib.get_close_matches(str(error["loc"][-1]), known, n=1))
            for error in errors:
                loc = error["loc"]
                if error["type"] == "missing" and (loc[:-1], loc[-1]) in misspelt:
                    continue
                at, at_key = loc, error["type"] == "extra_forbidden"
                if error["type"] == "value_error" and isinstance(error.get("input"), dict):
                    # A check of a whole mapping (a text's languages, opening hours, a notice's dates):
                    # point at the entry the message names ("ends: ...", 'fri', 'de', the value '8-16').
                    keys = {str(k): k for k in error["input"]}
                    items = {str(k): v for k, v in error["input"].items()}
                    text = error["msg"].removeprefix("Value error, ")
                    head = re.match(r"([\w-]+): ", text)
                    quoted = re.findall(r"'([^']*)'", text)[::-1]
                    if head and head.group(1) in items:
                        loc = at = (*loc, head.group(1))
                        at_key, error = True, {**error, "loc": loc, "msg": text[head.end():]}
                    elif found := next((q for q in quoted if q in items), None):
                        at, at_key = (*loc, found), True
                    elif found := next((k for q in quoted for k, v in items.items() if isinstance(v, str) and q and q in v), None):
                        at, at_key = (*loc, found), False
                    elif found := next((w for w in re.findall(r"[\w-]+", text) if w in items), None):
                        at, at_key = (*loc, found), True
                    at = (*at[:-1], keys[at[-1]]) if at != loc else at
                problems.append(document.problem(at, _describe(error, model), key=at_key))
    if any(p.severity == "error" for p in problems):
        return Inspection(None, problems, documents)

    content = Content(
        steps=tuple(parsed["procedure.yaml"].steps),
        organisations={o.id: o for o in parsed["organisations.yaml"].organisations},
        municipalities={m.id: m for m in parsed["municipalities.yaml"].municipalities},
        services={s.id: s for s in parsed["services.yaml"].services},
        emergency=tuple(parsed["emergency.yaml"].numbers),
        notices=tuple(parsed["notices.yaml"].notices),
        events=tuple(parsed["events.yaml"].events),
        phrases=tuple(parsed["phrases.yaml"].phrases),
        myths=tuple(parsed["myths.yaml"].myths),
        vocabulary=parsed["vocabulary.yaml"],
    )
    problems.extend(_cross_check(parsed, documents))
    if any(p.severity == "error" for p in problems):
        return Inspection(None, problems, documents)  # rendering needs every reference to resolve
    from bot.content.checks import content_warnings, rendering_problems  # here: checks imports this module

    problems.extend(rendering_problems(content, documents))
    problems.extend(content_warnings(content, documents, today or date.today()))
    has_errors = any(p.severity == "error" for p in problems)
    if not has_errors:
        content.search_index  # built here, once, so that no person's query waits for it
    return Inspection(None if has_errors else content, problems, documents)


def load_content(directory: Path) -> Content:
    """Load and check every content file. Raises ContentError listing every error found."""
    inspection = inspect_content(directory)
    if inspection.content is None:
        raise ContentError(inspection.errors)
    return inspection.content


def _cross_check(parsed: dict[str, BaseModel], documents: dict[str, Document]) -> list[Problem]:
    problems: list[Problem] = []
    for filename, (_model, key, _required) in FILES.items():
        seen: set[str] = set()
        for i, entry in enumerate(getattr(parsed[filename], key)):
            if entry.id in seen:
                problems.append(documents[filename].problem((key, i, "id"), f"duplicate id {entry.id!r}"))
            seen.add(entry.id)
    municipalities = {m.id for m in parsed["municipalities.yaml"].municipalities}
    for filename, key in (("services.yaml", "services"), ("notices.yaml", "notices"), ("events.yaml", "events")):
        for i, entry in enumerate(getattr(parsed[filename], key)):
            named = [((key, i, "municipality"), entry.municipality)]
            named += [((key, i, "municipalities", j), m) for j, m in enumerate(getattr(entry, "municipalities", []))]
            for path, municipality in named:
                if municipality is None or municipality in municipalities:
                    continue
                hint = difflib.get_close_matches(municipality, municipalities, n=1)
                suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
                message = f"municipality {municipality!r} is not in municipalities.yaml{suggestion}"
                problems.append(documents[filename].problem(path, message))
    return problems
