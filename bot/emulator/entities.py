"""Message entities: TDLib's normalisation of parsed text, and UTF-16 offsets.

After a parse mode has produced plain text plus entities, the real server runs
``fix_formatted_text`` (tdlib/td ``td/telegram/MessageEntity.cpp``): it cleans
control characters, merges and splits entities, strips whitespace-only
entities, trims the text, rejects text that is empty after that and finally
auto-detects URLs, commands, mentions and hashtags.  What the bot gets back
(and what "message is not modified" compares) is the result of this step, so
the emulator reproduces it.

Internally offsets are Python code-point indices; :func:`to_utf16` converts
them to the UTF-16 code units the Bot API uses on the wire.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import BotApiError, bad_request

Entity = dict[str, Any]

SPLITTABLE = frozenset({"bold", "italic", "underline", "strikethrough", "spoiler"})
BLOCKQUOTES = frozenset({"blockquote", "expandable_blockquote"})
PRE_LIKE = frozenset({"pre", "code"})
# Entities whose meaning is not visible text; TDLib keeps them even if they
# cover only whitespace (``is_hidden_data_entity``).
HIDDEN_DATA = frozenset({"text_link", "text_mention", "custom_emoji", "date_time"})

# TDLib's ``get_type_priority``: order of entities sharing offset and length.
_PRIORITY = {
    "mention": 50,
    "hashtag": 50,
    "bot_command": 50,
    "url": 50,
    "email": 50,
    "cashtag": 50,
    "phone_number": 50,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "code": 20,
    "pre": 11,
    "text_link": 49,
    "text_mention": 49,
    "date_time": 49,
    "blockquote": 0,
    "expandable_blockquote": 0,
    "custom_emoji": 99,
}

ENTITY_TYPES = frozenset(_PRIORITY)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _sort_key(entity: Entity) -> tuple[int, int, int]:
    priority = _PRIORITY[entity["type"]]
    if entity["type"] == "pre" and entity.get("language"):
        priority = 10  # TDLib's PreCode sorts before plain Pre
    return (entity["offset"], -entity["length"], priority)


def sort_entities(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=_sort_key)


def _end(entity: Entity) -> int:
    return entity["offset"] + entity["length"]


def _remove_intersecting(entities: list[Entity]) -> list[Entity]:
    """Keep only entities that start after every earlier kept one ended (nested ones go too)."""
    kept: list[Entity] = []
    last_end = 0
    for entity in entities:
        if entity["offset"] >= last_end:
            kept.append(entity)
            last_end = _end(entity)
    return kept


def _crosses(entity: Entity, quote: Entity) -> bool:
    """True if ``entity`` is neither inside nor outside ``quote``."""
    if _end(quote) <= entity["offset"] or _end(entity) <= quote["offset"]:
        return False
    return not (quote["offset"] <= entity["offset"] and _end(entity) <= _end(quote))


def _resplit(splittable: list[Entity], others: list[Entity]) -> list[Entity]:
    """Merge same-type bold/italic/... ranges, cut them at the boundaries of
    the other entities and drop the pieces inside code/pre (TDLib ``split_entities``)."""
    boundaries = sorted({b for e in others for b in (e["offset"], _end(e))})
    pre_ranges = [(e["offset"], _end(e)) for e in others if e["type"] in PRE_LIKE]
    result: list[Entity] = []
    for kind in ("bold", "italic", "underline", "strikethrough", "spoiler"):
        merged: list[list[int]] = []
        for entity in sorted((e for e in splittable if e["type"] == kind), key=_sort_key):
            if merged and entity["offset"] <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], _end(entity))
            else:
                merged.append([entity["offset"], _end(entity)])
        for start, end in merged:
            cuts = [start] + [b for b in boundaries if start < b < end] + [end]
            for a, b in zip(cuts, cuts[1:]):
                if not any(p <= a and b <= q for p, q in pre_ranges):
                    result.append({"type": kind, "offset": a, "length": b - a})
    return result


def fix_entities(entities: list[Entity]) -> list[Entity]:
    """TDLib ``fix_entities``: resolve overlaps the way Telegram does."""
    entities = [e for e in sort_entities(entities) if e["length"] > 0]
    splittable = [e for e in entities if e["type"] in SPLITTABLE]
    quotes = [e for e in entities if e["type"] in BLOCKQUOTES]
    continuous = _remove_intersecting(
        [e for e in entities if e["type"] not in SPLITTABLE and e["type"] not in BLOCKQUOTES]
    )
    if quotes:
        quotes = _remove_intersecting(quotes)
        continuous = [e for e in continuous if not any(_crosses(e, q) for q in quotes)]
        continuous = sort_entities(continuous + quotes)
    return sort_entities(continuous + _resplit(splittable, continuous))


_REMOVED_CHARS = frozenset("\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u0333\u033f\u030a")


def _clean(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """TDLib ``clean_input_string``: control characters become spaces, ``\\r``
    and a few invisible/vertical-line characters vanish; entities shrink to match."""
    out: list[str] = []
    new_pos = [0] * (len(text) + 1)
    for i, ch in enumerate(text):
        new_pos[i] = len(out)
        if ch in _REMOVED_CHARS:
            continue
        if ord(ch) <= 32 and ch != "\n":
            out.append(" ")
        else:
            out.append(ch)
    new_pos[len(text)] = len(out)
    # "(\u200e|\u200f){N}(\u200e|\u200f)" -> "\u200c{N}$2"
    for i in range(len(out) - 1):
        if out[i] in "\u200e\u200f" and out[i + 1] in "\u200e\u200f":
            out[i] = "\u200c"
    fixed = []
    for entity in entities:
        start, end = new_pos[entity["offset"]], new_pos[_end(entity)]
        if end > start:
            fixed.append({**entity, "offset": start, "length": end - start})
    return "".join(out), fixed


def _strip_entity_whitespace(text: str, entities: list[Entity]) -> list[Entity]:
    """TDLib ``remove_invalid_entities``: visible entities lose leading spaces and
    newlines; entities covering only whitespace disappear."""
    kept = []
    for entity in entities:
        if entity["type"] not in HIDDEN_DATA:
            start, end = entity["offset"], _end(entity)
            while start < end and text[start] in " \n":
                start += 1
            if not text[start:end].strip(" \n"):
                continue
            entity = {**entity, "offset": start, "length": end - start}
        kept.append(entity)
    return kept


_SPACE_LIKE = re.compile("[\u1680\u180e\u2000-\u200a\u202e\u202f\u205f\u2800\u3000\ufffc\U000e0000-\U000e01ff]")
_EMPTY_CHARS = frozenset(" \n\u200b\u200c\u200d\u200e\u200f\u202e\ufeff\u00a0")


def is_visibly_empty(text: str) -> bool:
    """TDLib ``is_empty_string``: nothing but spaces and zero-width characters."""
    return all(ch in _EMPTY_CHARS for ch in _SPACE_LIKE.sub(" ", text))


def normalize(text: str, entities: list[Entity], *, allow_empty: bool = False) -> tuple[str, list[Entity]]:
    """Run TDLib ``fix_formatted_text`` on parsed text (code-point offsets).

    Raises ``Bad Request: text must be non-empty`` unless ``allow_empty``
    (captions may be empty).
    """
    entities = fix_entities(entities)
    text, entities = _clean(text, entities)
    entities = fix_entities(_strip_entity_whitespace(text, entities))

    last = len(text.rstrip(" \n")) - 1
    if last < 0:
        if allow_empty:
            return "", []
        raise bad_request("Text must be non-empty")
    text = text[: last + 1]
    clipped = []
    for entity in entities:
        if entity["offset"] > last:
            continue
        clipped.append({**entity, "length": min(entity["length"], last + 1 - entity["offset"])})
    entities = sort_entities(clipped)

    first_entity = entities[0]["offset"] if entities else len(text)
    skip = 0
    while skip < first_entity and text[skip] in " \n":
        skip += 1
    text = text[skip:]
    entities = [{**e, "offset": e["offset"] - skip} for e in entities]

    if is_visibly_empty(text):
        if allow_empty:
            return "", []
        raise bad_request("Text must be non-empty")
    return text, _merge_detected(text, entities)


# --- auto-detected entities -------------------------------------------------
# A practical subset of TDLib ``find_entities``: enough that commands, links,
# e-mails, mentions, hashtags and cashtags in bot and user text get the
# entities a real client would see.

_TLDS = (
    "com|org|net|info|biz|io|app|dev|eu|int|gov|edu|rs|ba|hr|me|de|at|ch|fr|it|es|uk|"
    "nl|be|se|no|fi|dk|pl|cz|sk|hu|ro|bg|gr|tr|ru|ua|ir|af|sy|iq|pk|in|cn|jp|us|ca|au|tv|ly|gl"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}(?![\w@])")),
    (
        "url",
        re.compile(
            r"(?i)(?<![\w@/.])(?:(?:https?|tg|ton)://[^\s<>\"]+|(?:www\.)?(?:[a-z0-9-]+\.)+(?:"
            + _TLDS
            + r")(?![\w-])(?:[/?#][^\s<>\"]*)?)"
        ),
    ),
    ("bot_command", re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])")),
    ("hashtag", re.compile(r"(?<![\w#])#(?=\w*[^\W\d])\w{1,256}")),
    ("cashtag", re.compile(r"(?<![\w$])\$[A-Z]{3,8}(?![\w])")),
]
_TRAILING_URL_PUNCTUATION = ".,:;!?)]}'\""


def find_entities(text: str) -> list[Entity]:
    found: list[Entity] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = match.group(0)
            if kind == "url":
                value = value.rstrip(_TRAILING_URL_PUNCTUATION)
            if value:
                found.append({"type": kind, "offset": match.start(), "length": len(value)})
    return _remove_intersecting(sort_entities(found))


def _merge_detected(text: str, entities: list[Entity]) -> list[Entity]:
    """TDLib ``merge_new_entities``: detected entities never overlap explicit
    continuous ones or cross a blockquote; bold/italic are re-split around them."""
    blocking = [e for e in entities if e["type"] not in SPLITTABLE]
    quotes = [e for e in entities if e["type"] in BLOCKQUOTES]
    detected = [
        d
        for d in find_entities(text)
        if not any(
            e["type"] not in BLOCKQUOTES and d["offset"] < _end(e) and e["offset"] < _end(d) for e in blocking
        )
        and not any(_crosses(d, q) for q in quotes)
    ]
    if not detected:
        return entities
    splittable = [e for e in entities if e["type"] in SPLITTABLE]
    continuous = sort_entities(blocking + detected)
    return sort_entities(continuous + _resplit(splittable, continuous))


# --- UTF-16 conversion ----------------------------------------------------------


def _utf16_positions(text: str) -> list[int]:
    positions = [0]
    for ch in text:
        positions.append(positions[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return positions


def to_utf16(text: str, entities: list[Entity]) -> list[Entity]:
    """Convert code-point offsets to the UTF-16 offsets the Bot API returns."""
    positions = _utf16_positions(text)
    converted = []
    for entity in entities:
        start = positions[entity["offset"]]
        converted.append({**entity, "offset": start, "length": positions[_end(entity)] - start})
    return converted


def from_utf16(text: str, entities: list[Entity]) -> list[Entity]:
    """Convert caller-supplied UTF-16 offsets to code points, with Telegram's range errors."""
    positions = _utf16_positions(text)
    total = positions[-1]
    index_of = {pos: i for i, pos in enumerate(positions)}
    converted = []
    for entity in entities:
        offset, length = entity["offset"], entity["length"]
        if offset < 0 or offset > 1_000_000:
            raise BotApiError(400, f"Receive an entity with incorrect offset {offset}")
        if length < 0 or length > 1_000_000:
            raise BotApiError(400, f"Receive an entity with incorrect length {length}")
        if offset > total:
            raise bad_request(f"Entity begins after the end of the text at UTF-16 offset {offset}")
        if offset + length > total:
            raise bad_request(
                f"Entity beginning at UTF-16 offset {offset} ends after the end of the text "
                f"at UTF-16 offset {offset + length}"
            )
        start = index_of.get(offset)
        end = index_of.get(offset + length)
        if start is None:  # offset in the middle of a surrogate pair
            start = max(i for i, pos in enumerate(positions) if pos < offset)
        if end is None:
            end = min(i for i, pos in enumerate(positions) if pos > offset + length)
        converted.append({**entity, "offset": start, "length": end - start})
    return converted
