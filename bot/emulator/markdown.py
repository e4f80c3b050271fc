"""Telegram's Markdown and MarkdownV2 parse modes, after TDLib.

Putokaz sends HTML only, so these parsers exist to stop a stray
``parse_mode="MarkdownV2"`` from silently succeeding: they implement the
rules that make real Telegram refuse text (reserved characters must be
escaped, every entity must be closed) with TDLib's error texts, and the
common entities (bold, italic, underline, strikethrough, spoiler, code, pre,
links).  Not covered: MarkdownV2 block quotations and custom-emoji links
(``>`` and ``![`` are refused like any other unescaped reserved character,
which is stricter than Telegram), and the legacy mode's rarer corner cases.
"""

from __future__ import annotations

from .entities import Entity
from .errors import EntityParseError
from .links import LinkError, check_link, tg_user_id

_RESERVED_V2 = "_*[]()~`>#+-=|{}.!"
_TYPE_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
}


def _link_entity(url: str, offset: int, length: int) -> Entity | None:
    user_id = tg_user_id(url)
    if user_id is not None:
        return {"type": "text_mention", "offset": offset, "length": length, "user_id": user_id}
    try:
        return {"type": "text_link", "offset": offset, "length": length, "url": check_link(url)}
    except LinkError:
        return None


def parse_markdown_v2(text: str) -> tuple[str, list[Entity]]:
    """Parse MarkdownV2 into (plain text, entities with code-point offsets)."""
    out: list[str] = []
    entities: list[Entity] = []
    # (type, code-point offset, byte offset, argument)
    nested: list[tuple[str, int, int, str]] = []
    i, n = 0, len(text)
    byte_pos = [0]
    for ch in text:
        byte_pos.append(byte_pos[-1] + len(ch.encode("utf-8")))

    def at(k: int) -> str:
        return text[k] if k < n else "\0"

    while i < n:
        c = text[i]
        top = nested[-1][0] if nested else None
        if c == "\\" and "\x01" <= at(i + 1) <= "\x7e":
            out.append(text[i + 1])
            i += 2
            continue
        if top in ("code", "pre") and c != "`":
            out.append(c)
            i += 1
            continue
        if c not in _RESERVED_V2:
            out.append(c)
            i += 1
            continue

        is_end = {
            "bold": c == "*",
            "italic": c == "_" and at(i + 1) != "_",
            "underline": c == "_" and at(i + 1) == "_",
            "strikethrough": c == "~",
            "spoiler": c == "|" and at(i + 1) == "|",
            "code": c == "`",
            "pre": text.startswith("```", i),
            "text_link": c == "]",
        }.get(top or "", False)

        if not is_end:
            begin = i
            argument = ""
            if c == "_" and at(i + 1) == "_":
                kind, i = "underline", i + 1
            elif c == "_":
                kind = "italic"
            elif c == "*":
                kind = "bold"
            elif c == "~":
                kind = "strikethrough"
            elif c == "|" and at(i + 1) == "|":
                kind, i = "spoiler", i + 1
            elif c == "[":
                kind = "text_link"
            elif c == "`" and text.startswith("```", i):
                kind, i = "pre", i + 3
                lang_end = i
                while at(lang_end) not in " \t\r\n\0`":
                    lang_end += 1
                if lang_end != i and lang_end < n and at(lang_end) != "`":
                    argument, i = text[i:lang_end], lang_end
                if at(i) in "\r\n":
                    i += 2 if at(i + 1) in "\r\n" and at(i + 1) != at(i) else 1
                i -= 1
            elif c == "`":
                kind = "code"
            else:
                raise EntityParseError(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
            nested.append((kind, len(out), byte_pos[begin], argument))
            i += 1
            continue

        kind, start, _, argument = nested.pop()
        length = len(out) - start
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind == "pre":
            i += 2
        if kind == "text_link":
            url = "".join(out[start:])
            if at(i + 1) == "(":
                url_begin = i + 1
                i += 2
                chars: list[str] = []
                while i < n and text[i] != ")":
                    if text[i] == "\\" and "\x01" <= at(i + 1) <= "\x7e":
                        i += 1
                    chars.append(text[i])
                    i += 1
                if i >= n:
                    raise EntityParseError(f"Can't find end of a URL at byte offset {byte_pos[url_begin]}")
                url = "".join(chars)
            if length:
                entity = _link_entity(url, start, length)
                if entity:
                    entities.append(entity)
        elif length:
            entity = {"type": kind, "offset": start, "length": length}
            if kind == "pre" and argument:
                entity["language"] = argument
            entities.append(entity)
        i += 1

    if nested:
        kind, _, begin_byte, _ = nested[-1]
        raise EntityParseError(f"Can't find end of {_TYPE_NAMES[kind]} entity at byte offset {begin_byte}")
    return "".join(out), entities


def parse_markdown(text: str) -> tuple[str, list[Entity]]:
    """Parse legacy Markdown: ``*bold*``, ``_italic_``, `` `code` ``, fenced pre and ``[text](url)``."""
    out: list[str] = []
    entities: list[Entity] = []
    byte_pos = [0]
    for ch in text:
        byte_pos.append(byte_pos[-1] + len(ch.encode("utf-8")))
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            i += 2
            continue
        if c not in "_*`[":
            out.append(c)
            i += 1
            continue
        begin = i
        is_pre = text.startswith("```", i)
        end_char = "]" if c == "[" else c
        language = ""
        if is_pre:
            i += 3
            lang_end = i
            while lang_end < n and text[lang_end] not in " \t\r\n`":
                lang_end += 1
            if lang_end != i and lang_end < n and text[lang_end] != "`":
                language, i = text[i:lang_end], lang_end
            if i < n and text[i] == "\n":
                i += 1
        else:
            i += 1
        start = len(out)
        while i < n and not (text[i] == end_char and (not is_pre or text.startswith("```", i))):
            out.append(text[i])
            i += 1
        if i >= n:
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {byte_pos[begin]}")
        length = len(out) - start
        if c == "[":
            url = "".join(out[start:])
            if i + 1 < n and text[i + 1] == "(":
                close = text.find(")", i + 2)
                if close != -1:
                    url, i = text[i + 2 : close], close
            if length:
                entity = _link_entity(url, start, length)
                if entity:
                    entities.append(entity)
        elif length:
            kind = {"*": "bold", "_": "italic", "`": "pre" if is_pre else "code"}[c]
            entity = {"type": kind, "offset": start, "length": length}
            if is_pre and language:
                entity["language"] = language
            entities.append(entity)
        i += 3 if is_pre else 1
    return "".join(out), entities
