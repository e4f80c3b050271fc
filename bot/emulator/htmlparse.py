"""Telegram's HTML parse mode, ported from TDLib ``parse_html``.

Telegram's HTML is not HTML: it knows a fixed set of tags, four named
character references plus numeric ones, and reports failures with byte
offsets into the UTF-8 source.  A bot that only ever talks to a lenient fake
would ship messages Telegram refuses, so this parser follows TDLib's scanner
step by step, including its error texts and its quirks (``</>`` closes the
innermost tag, unknown attributes are ignored, an ``<a>`` without ``href``
links to its own text, unknown ``&name;`` stays literal).

:func:`parse_html` returns the plain text and entities with *code-point*
offsets; :mod:`.entities` normalises them and converts them to UTF-16.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .entities import Entity
from .errors import EntityParseError
from .links import LinkError, check_link, tg_user_id

ALLOWED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
        "tg-spoiler", "tg-emoji", "tg-time", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}

_SPACES = frozenset(b" \t\r\n\0\v\f")  # td::is_space, which also counts NUL
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}


@dataclass
class _OpenTag:
    name: str
    argument: str
    offset: int  # code points into the result
    result_pos: int  # bytes into the result, for <a> without href
    attributes: dict[str, str] = field(default_factory=dict)


class _Source:
    """The UTF-8 source, read like TDLib reads a C string (NUL past the end)."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8", "surrogatepass")

    def __getitem__(self, i: int) -> int:
        return self.data[i] if i < len(self.data) else 0

    def decode_reference(self, pos: int) -> tuple[int, int]:
        """TDLib ``decode_html_entity`` at ``&``: (code point or 0, position after it)."""
        end = pos + 1
        code = 0
        if self[pos + 1] == ord("#"):
            end += 1
            if self[pos + 2] == ord("x"):
                end += 1
                while self[end] in _HEX_DIGITS:
                    code = code * 16 + int(chr(self[end]), 16)
                    end += 1
            else:
                while ord("0") <= self[end] <= ord("9"):
                    code = code * 10 + self[end] - ord("0")
                    end += 1
            if code == 0 or code >= 0x10FFFF or end - pos >= 10:
                return 0, pos
        else:
            while chr(self[end]).isascii() and chr(self[end]).isalpha():
                end += 1
            named = _NAMED.get(self.data[pos + 1 : end])
            if named is None:
                return 0, pos
            code = ord(named)
        if self[end] == ord(";"):
            end += 1
        return code, end


def _lower(raw: bytes) -> str:
    return raw.lower().decode("utf-8", "replace")  # ASCII-only lower-casing, like td::to_lower


def parse_html(text: str) -> tuple[str, list[Entity]]:
    """Parse Telegram HTML into (plain text, entities with code-point offsets).

    Raises :class:`EntityParseError` with TDLib's detail text.
    """
    src = _Source(text)
    size = len(src.data)
    result = bytearray()
    offset = 0  # code points written so far
    has_surrogates = False
    entities: list[Entity] = []
    nested: list[_OpenTag] = []

    i = 0
    while i < size:
        c = src[i]
        if c == ord("&"):
            code, after = src.decode_reference(i)
            if code:
                has_surrogates |= 0xD800 <= code <= 0xDFFF
                result += chr(code).encode("utf-8", "surrogatepass")
                offset += 1
                i = after
                continue
        if c != ord("<"):
            if c & 0xC0 != 0x80:
                offset += 1
            result.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if src[i] != ord("/"):
            tag, i = _read_start_tag(src, begin, i, offset, len(result))
            nested.append(tag)
        else:
            if not nested:
                raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
            while src[i] not in _SPACES and src[i] != ord(">"):
                i += 1
            end_name = _lower(src.data[begin + 2 : i])
            while src[i] in _SPACES and src[i] != 0:
                i += 1
            if src[i] != ord(">"):
                raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
            open_tag = nested[-1]
            if end_name and end_name != open_tag.name:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {begin}, expected "</{open_tag.name}>", found "</{end_name}>"'
                )
            if offset > open_tag.offset:
                _close(open_tag, offset - open_tag.offset, bytes(result), entities)
            nested.pop()
        i += 1  # past '>'

    if nested:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{nested[-1].name}"')
    if has_surrogates:
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # a language only counts on <pre><code>
    return result.decode("utf-8"), entities


def _read_start_tag(src: _Source, begin: int, i: int, offset: int, result_pos: int) -> tuple[_OpenTag, int]:
    """Read ``<name attr=value ...>`` from just after ``<``; returns the tag and the index of ``>``."""
    while src[i] not in _SPACES and src[i] != ord(">"):
        i += 1
    if src[i] == 0:
        raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
    name = _lower(src.data[begin + 1 : i])
    if name not in ALLOWED_TAGS:
        raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {begin}')

    argument = ""
    attributes: dict[str, str] = {}
    while src[i] != ord(">"):
        while src[i] != 0 and src[i] in _SPACES:
            i += 1
        if src[i] == ord(">"):
            break
        attr_begin = i
        while src[i] not in _SPACES and src[i] not in b"=>/\"'":
            i += 1
        attribute = src.data[attr_begin:i].decode("utf-8", "replace")
        if not attribute:
            raise EntityParseError(f'Empty attribute name in the tag "{name}" at byte offset {begin}')
        while src[i] != 0 and src[i] in _SPACES:
            i += 1
        if src[i] != ord("="):
            if src[i] == 0:
                raise EntityParseError(f'Unclosed start tag "{name}" at byte offset {begin}')
            if name == "blockquote" and attribute == "expandable":
                argument = "1"
            continue
        i += 1
        while src[i] != 0 and src[i] in _SPACES:
            i += 1
        if src[i] == 0:
            raise EntityParseError(f'Unclosed start tag "{name}" at byte offset {begin}')
        value, i = _read_attribute_value(src, i)
        if src[i] == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")

        attributes[attribute] = value
        if (name, attribute) in (("a", "href"), ("tg-emoji", "emoji-id")):
            argument = value
        elif name == "code" and attribute == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif name == "span" and attribute == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif name == "blockquote" and attribute == "expandable":
            argument = "1"

    if name == "span" and argument != "spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    return _OpenTag(name, argument, offset, result_pos, attributes), i


def _read_attribute_value(src: _Source, i: int) -> tuple[str, int]:
    """A lower-cased name token, or a quoted string with references decoded."""
    if src[i] not in b"'\"":
        token_begin = i
        while src[i] and (chr(src[i]).isascii() and chr(src[i]).isalnum() or src[i] in b".-"):
            i += 1
        if src[i] not in _SPACES and src[i] != ord(">"):
            raise EntityParseError(f"Unexpected end of name token at byte offset {token_begin}")
        return _lower(src.data[token_begin:i]), i

    quote = src[i]
    i += 1
    value = bytearray()
    while src[i] != quote and src[i] != 0:
        if src[i] == ord("&"):
            code, after = src.decode_reference(i)
            if code:
                value += chr(code).encode("utf-8", "surrogatepass")
                i = after
                continue
        value.append(src[i])
        i += 1
    if src[i] == quote:
        i += 1
    return value.decode("utf-8", "replace"), i


def _close(tag: _OpenTag, length: int, result: bytes, entities: list[Entity]) -> None:
    """Turn a closed tag into an entity (TDLib's end-tag branch)."""
    offset = tag.offset
    last = entities[-1] if entities else None
    same_span = last is not None and last["offset"] == offset and last["length"] == length

    if tag.name in _SIMPLE_TAGS:
        entities.append({"type": _SIMPLE_TAGS[tag.name], "offset": offset, "length": length})
    elif tag.name == "tg-emoji":
        if not (tag.argument.isdigit() and 0 < int(tag.argument) < 2**63):
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append({"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": tag.argument})
    elif tag.name == "tg-time":
        unix = tag.attributes.get("unix", "")
        if unix.isdigit():
            entity: Entity = {"type": "date_time", "offset": offset, "length": length, "unix_time": int(unix)}
            if tag.attributes.get("format"):
                entity["date_time_format"] = tag.attributes["format"]
            entities.append(entity)
    elif tag.name == "a":
        url = tag.argument or result[tag.result_pos :].decode("utf-8", "replace")
        user_id = tg_user_id(url)
        if user_id is not None:
            entities.append({"type": "text_mention", "offset": offset, "length": length, "user_id": user_id})
        else:
            try:
                entities.append({"type": "text_link", "offset": offset, "length": length, "url": check_link(url)})
            except LinkError:
                pass  # TDLib silently drops links it cannot check
    elif tag.name == "pre":
        if last is not None and last["type"] == "code" and same_span and last.get("language"):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag.name == "code":
        if last is not None and last["type"] == "pre" and same_span and tag.argument:
            last["language"] = tag.argument
        else:
            entity = {"type": "code", "offset": offset, "length": length}
            if tag.argument:
                entity["language"] = tag.argument
            entities.append(entity)
    elif tag.name == "blockquote":
        kind = "expandable_blockquote" if tag.argument else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})
