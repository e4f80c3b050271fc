"""Parameter validation with the Bot API's own error texts.

Each function mirrors one step of ``tdlib/telegram-bot-api`` ``Client.cpp``
(or the TDLib check behind it) in the same order, so the *first* error the
bot gets is the one Telegram would give.  Texts are passed through
:func:`.errors.format_description`, which adds ``Bad Request: `` and applies
Telegram's capitalisation rule.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .entities import ENTITY_TYPES, Entity, from_utf16, normalize, to_utf16
from .errors import BotApiError, EntityParseError, bad_request, parse_error
from .htmlparse import parse_html
from .links import LinkError, check_link
from .markdown import parse_markdown, parse_markdown_v2

MAX_RAW_TEXT_BYTES = 1 << 15
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS_PER_ROW = 8
MAX_BUTTONS = 100
MAX_ANSWER_TEXT = 200
MAX_COMMANDS = 100

_PARSERS = {"html": parse_html, "markdown": parse_markdown, "markdownv2": parse_markdown_v2}
# Entity types a bot may send explicitly; the others are found by Telegram itself.
_USER_ENTITY_TYPES = frozenset(
    {
        "bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre", "text_link",
        "text_mention", "custom_emoji", "blockquote", "expandable_blockquote", "date_time",
    }
)  # fmt: skip


@dataclass(frozen=True)
class FormattedText:
    """Text as Telegram stores it: plain text plus entities in UTF-16 offsets."""

    text: str
    entities: list[Entity]


def decode_json_param(value: Any, what: str) -> Any:
    """Form-encoded requests carry objects as JSON strings; JSON bodies carry them inline."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise bad_request(f"Can't parse {what} JSON object") from None


def _resolve_mentions(entities: list[Entity], users: dict[int, dict[str, Any]]) -> list[Entity]:
    resolved = []
    for entity in entities:
        if entity["type"] == "text_mention" and "user_id" in entity:
            user = users.get(entity.pop("user_id"))
            if user is None:
                continue  # a mention of a user the bot cannot see is dropped
            entity["user"] = user
        resolved.append(entity)
    return resolved


def _explicit_entities(text: str, raw: Any) -> list[Entity]:
    """Validate a caller-supplied ``entities`` array (used when there is no parse_mode)."""
    items = decode_json_param(raw, "message entities")
    if not isinstance(items, list):
        raise bad_request("Expected an Array of MessageEntity")
    parsed: list[Entity] = []
    for item in items:
        if not isinstance(item, dict):
            raise bad_request("Can't parse MessageEntity: expected an Object")
        for name in ("type", "offset", "length"):
            if name not in item:
                raise bad_request(f'Can\'t parse MessageEntity: Can\'t find field "{name}"')
        if item["type"] not in ENTITY_TYPES:
            raise bad_request("Can't parse MessageEntity: Unsupported type specified")
        entity: Entity = {"type": item["type"], "offset": int(item["offset"]), "length": int(item["length"])}
        if item["type"] == "text_link":
            if "url" not in item:
                raise bad_request('Can\'t parse MessageEntity: Can\'t find field "url"')
            try:
                entity["url"] = check_link(str(item["url"]))
            except LinkError as exc:
                raise bad_request(f"Entity URL '{item['url']}' is invalid: {exc}") from None
        elif item["type"] == "text_mention":
            if not isinstance(item.get("user"), dict):
                raise bad_request('Can\'t parse MessageEntity: Can\'t find field "user"')
            entity["user_id"] = item["user"].get("id")
        elif item["type"] == "custom_emoji":
            if "custom_emoji_id" not in item:
                raise bad_request('Can\'t parse MessageEntity: Can\'t find field "custom_emoji_id"')
            entity["custom_emoji_id"] = str(item["custom_emoji_id"])
        elif item["type"] == "pre" and item.get("language"):
            entity["language"] = str(item["language"])
        parsed.append(entity)
    converted = from_utf16(text, parsed)
    return [e for e in converted if e["type"] in _USER_ENTITY_TYPES]


def format_text(
    raw: Any,
    parse_mode: Any,
    entities: Any,
    users: dict[int, dict[str, Any]],
    *,
    caption: bool = False,
) -> FormattedText:
    """Validate and parse ``text`` (or ``caption``) in Telegram's order (§1.3 of the research notes).

    ``users`` maps ids to User objects for ``tg://user?id=`` mentions.
    """
    raw = "" if raw is None else str(raw)
    if not raw and not caption:
        raise bad_request("Message text is empty")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, sent as a JSON escape: not a character
        raise bad_request("strings must be encoded in UTF-8") from None
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_RAW_TEXT_BYTES:
        raise bad_request("Text is too long")
    mode = "" if parse_mode is None else str(parse_mode).lower()
    if mode not in ("", "none", *_PARSERS):
        raise bad_request("Unsupported parse_mode")
    if mode in _PARSERS:
        try:
            text, parsed = _PARSERS[mode](raw)
        except EntityParseError as exc:
            raise parse_error(str(exc)) from None
    else:
        text = raw
        parsed = _explicit_entities(raw, entities) if entities not in (None, "") else []
    parsed = _resolve_mentions(parsed, users)
    text, parsed = normalize(text, parsed, allow_empty=caption)
    if caption and len(text) > MAX_CAPTION_LENGTH:
        raise bad_request("Message caption is too long")
    if not caption and len(text) > MAX_TEXT_LENGTH:
        raise bad_request("Message is too long")
    return FormattedText(text, to_utf16(text, parsed))


# --- reply markup -----------------------------------------------------------------

_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_REPLY_BUTTON_FLAGS = ("request_contact", "request_location")
_REPLY_KEYBOARD_FLAGS = ("resize_keyboard", "one_time_keyboard", "selective", "is_persistent")


def _require_bool(container: dict[str, Any], name: str, prefix: str = "") -> None:
    if name in container and not isinstance(container[name], bool):
        raise bad_request(f'{prefix}Field "{name}" must be of type Boolean')


def _button_text(button: dict[str, Any], prefix: str) -> str:
    if "text" not in button:
        raise bad_request(f'{prefix}Can\'t find field "text"')
    if not isinstance(button["text"], str):
        raise bad_request(f'{prefix}Field "text" must be of type String')
    if not button["text"]:
        raise bad_request("BUTTON_TEXT_INVALID")
    return button["text"]


def _inline_button(button: Any) -> dict[str, Any]:
    prefix = "Can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad_request(prefix + "InlineKeyboardButton must be an Object")
    text = _button_text(button, prefix)
    present = [name for name in _INLINE_ACTIONS if name in button and button[name] not in ("", None)]
    if not present:
        raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(present) > 1:
        # Telegram documents "exactly one"; the real server silently picks one.
        # The emulator refuses, so the bot cannot rely on which one wins.
        raise bad_request(prefix + "Exactly one of the optional fields must be used")
    action = present[0]
    value = button[action]
    if action == "callback_data":
        if not isinstance(value, str):
            raise bad_request(prefix + 'Field "callback_data" must be of type String')
        if len(value.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    elif action == "url":
        try:
            check_link(str(value))
        except LinkError as exc:
            raise bad_request(f"Inline keyboard button URL '{value}' is invalid: {exc}") from None
    elif action == "web_app":
        url = value.get("url", "") if isinstance(value, dict) else ""
        if not str(url).lower().startswith("https://"):
            raise bad_request(f"Inline keyboard button Web App URL '{url}' is invalid: Only HTTPS links are allowed")
    elif action in ("pay", "callback_game"):
        raise bad_request("BUTTON_TYPE_INVALID")
    elif action == "copy_text":
        copied = value.get("text", "") if isinstance(value, dict) else ""
        if not copied or len(copied) > 256:
            raise bad_request("BUTTON_COPY_TEXT_INVALID")
    return {"text": text, action: value}


def _reply_button(button: Any) -> dict[str, Any]:
    prefix = "Can't parse keyboard button: "
    if isinstance(button, str):
        button = {"text": button}
    if not isinstance(button, dict):
        raise bad_request(prefix + "KeyboardButton must be a String or an Object")
    parsed: dict[str, Any] = {"text": _button_text(button, prefix)}
    for flag in _REPLY_BUTTON_FLAGS:
        _require_bool(button, flag, prefix)
        if button.get(flag):
            parsed[flag] = True
    return parsed


def _rows(markup: dict[str, Any], field: str, type_name: str) -> list[list[Any]]:
    rows = markup[field]
    if not isinstance(rows, list):
        raise bad_request(f'Field "{field}" must be of type Array')
    if not all(isinstance(row, list) for row in rows):
        raise bad_request(f'Field "{field}" of the {type_name} must be an Array of Arrays')
    return rows


def parse_reply_markup(raw: Any) -> dict[str, Any] | None:
    """Validate ``reply_markup`` and return it in canonical form (``None`` if absent)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        try:
            markup = json.loads(raw)
        except ValueError:
            raise bad_request("Can't parse reply keyboard markup JSON object") from None
    else:
        markup = raw
    if not isinstance(markup, dict):
        raise bad_request("Object expected as reply markup")

    if "inline_keyboard" in markup:
        rows = [[_inline_button(b) for b in row] for row in _rows(markup, "inline_keyboard", "InlineKeyboardMarkup")]
        rows = [row for row in rows if row]
        if any(len(row) > MAX_BUTTONS_PER_ROW for row in rows) or sum(map(len, rows)) > MAX_BUTTONS:
            raise bad_request("Reply markup is too long")
        return {"inline_keyboard": rows}
    if "keyboard" in markup:
        rows = [[_reply_button(b) for b in row] for row in _rows(markup, "keyboard", "ReplyKeyboardMarkup")]
        parsed: dict[str, Any] = {"keyboard": [row for row in rows if row]}
        for flag in _REPLY_KEYBOARD_FLAGS:
            _require_bool(markup, flag)
            if markup.get(flag):
                parsed[flag] = True
        if markup.get("input_field_placeholder"):
            parsed["input_field_placeholder"] = str(markup["input_field_placeholder"])
        return parsed
    for field in ("remove_keyboard", "force_reply"):
        if field in markup:
            _require_bool(markup, field)
            _require_bool(markup, "selective")
            return {field: True}
    return None


# --- other parameters ---------------------------------------------------------------

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
SCOPE_TYPES = frozenset(
    {
        "default", "all_private_chats", "all_group_chats", "all_chat_administrators",
        "chat", "chat_administrators", "chat_member",
    }
)  # fmt: skip


def validate_language_code(code: Any) -> str:
    code = "" if code is None else str(code)
    if code and not re.fullmatch(r"[a-z]{2}", code):
        raise bad_request("Invalid language code specified")
    return code


def parse_scope(raw: Any) -> str:
    """Return the scope key used by ``emu.my_commands`` (``"default"``, ``"chat:42"``, ...)."""
    if raw is None or raw == "":
        return "default"
    scope = decode_json_param(raw, "BotCommandScope")
    if not isinstance(scope, dict):
        raise bad_request("Object expected as BotCommandScope")
    kind = scope.get("type")
    if kind not in SCOPE_TYPES:
        raise bad_request("Unsupported bot command scope type specified")
    if kind in ("chat", "chat_administrators"):
        return f"{kind}:{scope.get('chat_id')}"
    if kind == "chat_member":
        return f"{kind}:{scope.get('chat_id')}:{scope.get('user_id')}"
    return kind


def parse_commands(raw: Any) -> list[tuple[str, str]]:
    """TDLib ``set_commands`` checks, then the server's (charset, count)."""
    commands = decode_json_param("" if raw is None else raw, "commands")
    if not isinstance(commands, list):
        raise bad_request("Expected an Array of BotCommand")
    parsed: list[tuple[str, str]] = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("Can't parse BotCommand: expected an Object")
        for name in ("command", "description"):
            if name not in item:
                raise bad_request(f'Can\'t parse BotCommand: Can\'t find field "{name}"')
        command = str(item["command"]).strip()
        command = command[1:] if command.startswith("/") else command
        if not command:
            raise bad_request("Command must be non-empty")
        if len(command) > 32:
            raise bad_request("Command length must not exceed 32")
        description = str(item["description"]).strip()
        if not description:
            raise bad_request("Command description must be non-empty")
        if len(description) > 256:
            raise bad_request("Command description length must not exceed 256")
        parsed.append((command, description))
    if len(parsed) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    if any(not _COMMAND.match(command) for command, _ in parsed):
        raise bad_request("BOT_COMMAND_INVALID")
    return parsed


def validate_secret_token(token: Any) -> str:
    token = "" if token is None else str(token)
    if len(token) > 256:
        raise bad_request("Secret token is too long")
    if not re.fullmatch(r"[A-Za-z0-9_-]*", token):
        raise bad_request("Secret token contains unallowed characters")
    return token


def parse_float(params: dict[str, Any], name: str) -> float:
    """Coordinates: missing → ``<name> is empty``; read like Telegram, by the leading number."""
    value = params.get(name)
    if value in (None, ""):
        raise bad_request(f"{name.capitalize()} is empty")
    match = re.match(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", str(value))
    return float(match.group(0)) if match else 0.0


def require(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if value in (None, ""):
        raise bad_request(f'Parameter "{name}" is required')
    return str(value)


def parse_int(params: dict[str, Any], name: str, default: int = 0) -> int:
    """Integers are read by their leading digits, as the Bot API does."""
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return int(value)
    match = re.match(r"-?\d+", str(value))
    return int(match.group(0)) if match else 0


def parse_bool(params: dict[str, Any], name: str) -> bool:
    value = params.get(name)
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("true", "1")


def check_coordinates(latitude: float, longitude: float, message: str) -> dict[str, float]:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise BotApiError(400, message)
    return {"latitude": latitude, "longitude": longitude}
