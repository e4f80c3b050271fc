"""Fuzzing the real `putokaz run` process with updates from outside (hypothesis, through the emulator).

Each example is a burst of generated updates: text with hostile Unicode (bidi controls, zero-width
characters, combining marks, lone surrogates as JSON escapes, emoji, 10,000 characters), commands
with arguments (ours, unknown, addressed to other bots), callback data (random bytes, other codec
versions, unknown languages and screens, other people's ids), locations out of range, stickers,
photos, voice notes, documents, contacts and other media, edited messages, channel posts, group
messages, commands in groups (addressed to the bot or not) and the bot being added to a group.

After each burst: no unhandled exception in the bot, nothing the strict emulator refused, every
private message answered (at least one message back per message sent), every press answered once;
in a group only the commands addressed to the bot by name and being added get an answer, and that
answer is the note to write in private — never a menu.

Bugs it found (fixed): a lone surrogate in a search was quoted back and the emulator crashed on
it (now: the bot replaces it with U+FFFD; the emulator refuses such text as Telegram does).

CI runs FUZZ_UPDATES=600 (the default, ~40 s); the full count runs with
    FUZZ_UPDATES=10000 .venv/bin/python -m pytest -q tests/e2e/test_fuzz.py
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import LANGUAGES
from bot.views.codec import SCREENS, Callback

pytestmark = pytest.mark.asyncio(loop_scope="session")

UPDATES = int(os.environ.get("FUZZ_UPDATES", "600"))
PER_EXAMPLE = 20
GROUPS = 30
EXAMPLES = itertools.count()
BOT_NAME = "putokaz_test_bot"
CONTENT_METHODS = {"sendmessage", "editmessagetext", "sendcontact", "sendvenue", "senddocument", "sendlocation"}

# Characters that break naive text handling.
NASTY = (
    "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u200e\u200f"  # bidi controls
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width
    "\u0301\u0308\u0327\u0651\u064b\u20dd"  # combining marks
    "\ud800\udfff\udc00"  # lone surrogates: JSON-escaped on the wire
    "<>&\"'/\\@#*_`[]()~|{}"
    "🇷🇸👨‍👩‍👧🏳️‍🌈\u0000\u0007\n\t\r"
)
SCRIPTS = "aZ09 шђжАа ابپچژ آکگیۀ ټځډړښ ٹڈڑںھے çğışöü éàœ ñ 中文"
texts = st.one_of(
    st.text(alphabet=st.sampled_from(NASTY + SCRIPTS), min_size=1, max_size=60),
    st.text(min_size=1, max_size=80),  # any code point hypothesis likes
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "ب", "\u200f", "👍", "x\u0301"]), st.sampled_from([4096, 10_000])),
    st.sampled_from(["lawyer", "doctor Belgrade", "azil", "محامي", "SELECT * FROM events;", "<b>bold</b>", "&amp;", "0", "💬"]),
).filter(lambda s: s.strip() and s.strip("\x00\x07\t\r\n "))

ours = ["start", "menu", "procedure", "legal", "services", "emergency", "phrases", "facts", "language", "privacy", "delete"]
commands = st.builds(
    lambda name, at, args: f"/{name}{at}{args}",
    st.one_of(st.sampled_from(ours), st.from_regex(r"[a-z_]{1,20}", fullmatch=True)),
    st.sampled_from(["", "", f"@{BOT_NAME}", "@other_bot", "@"]),
    st.one_of(st.just(""), st.builds(lambda t: " " + t, texts)),
)
valid_data = st.builds(
    lambda screen, lang: Callback(screen, lang=lang).encode(),
    st.sampled_from([s for s, n in SCREENS.items() if n == 0]),
    st.sampled_from(list(LANGUAGES)),
)
callback_data = st.one_of(
    valid_data,
    st.text(max_size=64),
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
    st.builds(lambda v, rest: f"{v}|{rest}", st.sampled_from(["0", "2", "9", "", "1"]), st.text(max_size=50)),
    st.builds(
        lambda lang, screen, args: "|".join(["1", lang, screen, *args]),
        st.sampled_from([*LANGUAGES, "xx", "", "EN"]),
        st.sampled_from([*SCREENS, "zz", ""]),
        st.lists(st.one_of(st.from_regex(r"[a-z0-9-]{0,30}", fullmatch=True), st.integers().map(str)), max_size=4),
    ),
)
media = st.sampled_from([
    {"sticker": {"file_id": "CAACAgIAAxk", "file_unique_id": "AgADs", "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False}},
    {"voice": {"file_id": "AwACAgIAAxk", "file_unique_id": "AgADv", "duration": 3}},
    {"photo": [{"file_id": "AgACAgIAAxk", "file_unique_id": "AQADp", "width": 90, "height": 90}]},
    {"photo": [{"file_id": "AgACAgIAAxk", "file_unique_id": "AQADp", "width": 90, "height": 90}], "caption": "\u202easylum?"},
    {"document": {"file_id": "BQACAgIAAxk", "file_unique_id": "AgADd", "file_name": "decision.pdf", "mime_type": "application/pdf"}},
    {"video_note": {"file_id": "DQACAgIAAxk", "file_unique_id": "AgADn", "length": 240, "duration": 2}},
    {"animation": {"file_id": "CgACAgIAAxk", "file_unique_id": "AgADa", "width": 1, "height": 1, "duration": 1}},
    {"contact": {"phone_number": "+381601234567", "first_name": "Someone"}},
    {"dice": {"emoji": "🎲", "value": 4}},
    {"venue": {"location": {"latitude": 44.8, "longitude": 20.4}, "title": "\u202eX", "address": "Y"}, "location": {"latitude": 44.8, "longitude": 20.4}},
])
locations = st.builds(
    lambda la, lo: {"location": {"latitude": la, "longitude": lo}},
    st.one_of(st.floats(-90, 90), st.floats(-1000, 1000, allow_nan=False)),
    st.one_of(st.floats(-180, 180), st.floats(-1000, 1000, allow_nan=False)),
)
person = st.integers(0, 5)
event = st.one_of(
    st.tuples(st.just("text"), person, texts),
    st.tuples(st.just("command"), person, commands),
    st.tuples(st.just("press"), person, callback_data),
    st.tuples(st.just("raw"), person, st.one_of(media, locations)),
    st.tuples(st.just("edit"), person, texts),
    st.tuples(st.just("group_text"), person, texts),
    st.tuples(st.just("group_command"), person, commands),
    st.tuples(st.just("group_raw"), person, media),
    st.tuples(st.just("group_add"), person, st.none()),
    st.tuples(st.just("channel"), person, texts),
)


@pytest.fixture(scope="module")
def cast(emulator):
    people = [emulator.user(first_name=f"Fuzz{i}", language_code=code) for i, code in enumerate(["en", "ar", "fa", "ps", None, "pt-BR"])]
    # Several groups: Telegram allows a bot about 20 messages a minute per group, and PTB's limiter
    # keeps to that, so one group would make the test wait rather than test.
    return people, [emulator.group(f"Fuzz group {i}") for i in range(GROUPS)], {}


def content_calls(emulator, chat_id: int, since: int) -> list:
    return [
        c for c in emulator._server.calls[since:]  # not .calls: that copies the whole session's list
        if c.method.lower() in CONTENT_METHODS and str(c.params.get("chat_id")) == str(chat_id)
    ]


@settings(
    max_examples=max(1, UPDATES // PER_EXAMPLE), deadline=None, derandomize=True, database=None,
    suppress_health_check=list(HealthCheck),
)
@given(events=st.lists(event, min_size=PER_EXAMPLE, max_size=PER_EXAMPLE))
async def test_generated_updates_never_break_the_bot(bot, emulator, cast, events):
    people, groups, texts_sent = cast
    example = next(EXAMPLES)
    group = groups[example % GROUPS]
    if not texts_sent:
        for p in people:
            await p.command("/start")
            texts_sent[p.id] = []
    log_before = len(bot.log)
    since = len(emulator._server.calls)
    errors_before = len(emulator._server.errors)
    sent = [0] * len(people)
    pressed = [len(p.callback_answers) for p in people]
    presses = [0] * len(people)
    group_answers = 0
    for kind, who, value in events:
        p = people[who]
        if kind == "text":
            texts_sent[p.id].append(p.send_nowait(value).payload["message_id"])
            sent[who] += 1
        elif kind == "command":
            texts_sent[p.id].append(p.command_nowait(value).payload["message_id"])
            sent[who] += 1
        elif kind == "press":
            p.press_data_nowait(value)
            presses[who] += 1
        elif kind == "raw":
            p.send_raw_nowait(value)
            sent[who] += 1
        elif kind == "edit":
            if texts_sent[p.id]:  # edited_message: not among the bot's allowed_updates, so never delivered
                p.edit_nowait(texts_sent[p.id][-1], value)
        elif kind == "group_text":
            group.send_nowait(p, value)
        elif kind == "group_command":
            group.send_nowait(p, value)
            group_answers += value.split(maxsplit=1)[0].endswith(f"@{BOT_NAME}")
        elif kind == "group_raw":
            group.send_raw_nowait(p, value)
        elif kind == "group_add":
            group.add_bot_nowait(p)
            group_answers += 1
        elif kind == "channel":
            chat = {"id": -1001234567890, "type": "channel", "title": "News"}
            emulator._server.enqueue("channel_post", {"message_id": 1, "date": 0, "chat": chat, "text": value}, None)
    # Wait for the answers themselves (a burst of 10,000-character texts can keep the bot busy for
    # longer than the emulator's quiet period), then a little longer for anything extra.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (
        all(len(content_calls(emulator, p.id, since)) >= sent[i] for i, p in enumerate(people))
        and all(len(p.callback_answers) - pressed[i] >= presses[i] for i, p in enumerate(people))
        and len(content_calls(emulator, group.id, since)) >= group_answers
    ):
        await asyncio.sleep(0.1)
    await emulator.wait_idle()
    await asyncio.sleep(0.3)
    new_log = bot.log[log_before:]
    assert "Traceback" not in new_log and "error while handling" not in new_log, new_log[-3000:]
    refused = [e for e in emulator._server.errors[errors_before:] if "not modified" not in e.description and not e.injected]
    assert not refused, refused
    for i, p in enumerate(people):
        answered = content_calls(emulator, p.id, since)
        assert len(answered) >= sent[i], f"person {i}: {sent[i]} messages, {len(answered)} answers"
        assert len(p.callback_answers) - pressed[i] == presses[i], "every press answered exactly once"
    in_group = content_calls(emulator, group.id, since)
    assert len(in_group) == group_answers, [c.params.get("text") for c in in_group]
    for call in in_group:
        assert "inline_keyboard" in str(call.params.get("reply_markup")) and "callback_data" not in str(call.params.get("reply_markup"))
