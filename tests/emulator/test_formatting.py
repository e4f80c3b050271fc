"""Telegram's formatting rules, tested on the pure functions behind the emulator."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.emulator.entities import to_utf16, utf16_len
from bot.emulator.errors import BotApiError, EntityParseError
from bot.emulator.htmlparse import parse_html
from bot.emulator.links import LinkError, check_link
from bot.emulator.markdown import parse_markdown, parse_markdown_v2
from bot.emulator.validation import format_text


def fmt(text: str, mode: str | None = "HTML"):
    return format_text(text, mode, None, {})


def error_of(text: str, mode: str | None = "HTML") -> str:
    with pytest.raises(BotApiError) as caught:
        fmt(text, mode)
    return caught.value.description


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("مرحبا <h3>x</h3>", 'Unsupported start tag "h3" at byte offset 11'),  # 5 Arabic letters = 10 bytes
        ("😀<br/>", 'Unsupported start tag "br/" at byte offset 4'),
        ("ab <b", "Unclosed start tag at byte offset 3"),
        ("<a =x>t</a>", 'Empty attribute name in the tag "a" at byte offset 0'),
        ('<a href="x"', 'Unclosed start tag at byte offset 0'),
        ("<a href=", 'Unclosed start tag "a" at byte offset 0'),
        ("<a href=x?y>t</a>", "Unexpected end of name token at byte offset 8"),
        ("<span>s</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("<b><i>test</b></i>", 'Unmatched end tag at byte offset 10, expected "</i>", found "</b>"'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ('<tg-emoji emoji-id="9999999999999999999">x</tg-emoji>', "Invalid custom emoji identifier specified"),
        ("&#xD83D;", "Text contains invalid Unicode characters after decoding HTML entities, "
         "check for unmatched surrogate code units"),
    ],
)
def test_html_errors_have_telegrams_text_and_byte_offsets(source, detail):
    assert error_of(source) == f"Bad Request: can't parse entities: {detail}"


def test_html_entities_tags_and_attributes():
    text, entities = parse_html(
        'a &lt;&gt;&amp;&quot; &nbsp; &#65;&#x42; <B>b</B><a href="https://Example.org?q=1">l</a>'
        '<pre><code class="language-python">p</code></pre><span class="tg-spoiler">s</span>'
        "<blockquote expandable>q</blockquote><a>https://x.org</a></>"[:-3]
    )
    assert text == 'a <>&" &nbsp; AB blpsqhttps://x.org'
    kinds = [(e["type"], e["offset"], e["length"]) for e in entities]
    assert ("bold", 17, 1) in kinds and ("spoiler", 20, 1) in kinds
    assert {"type": "text_link", "offset": 18, "length": 1, "url": "https://example.org/?q=1"} in entities
    assert {"type": "pre", "offset": 19, "length": 1, "language": "python"} in entities
    assert ("expandable_blockquote", 21, 1) in kinds
    assert {"type": "text_link", "offset": 22, "length": 13, "url": "https://x.org/"} in entities


def test_empty_end_tag_closes_the_innermost_tag_and_bad_links_are_dropped():
    assert parse_html("<b>x</>") == ("x", [{"type": "bold", "offset": 0, "length": 1}])
    assert parse_html('<a href="javascript:alert(1)">x</a>') == ("x", [])


def test_entity_offsets_are_utf16_with_emoji_and_arabic():
    formatted = fmt("😀 مرحبا <b>عالم</b> 👍🏽 <i>ok</i>")
    assert formatted.text == "😀 مرحبا عالم 👍🏽 ok"
    assert formatted.entities == [
        {"type": "bold", "offset": 9, "length": 4},
        {"type": "italic", "offset": 19, "length": 2},
    ]


def test_text_is_trimmed_and_whitespace_entities_vanish():
    formatted = fmt(" \n <b> hello </b>\t\n \n")
    assert formatted.text == "hello"
    assert formatted.entities == [{"type": "bold", "offset": 0, "length": 5}]
    assert fmt("a\r\nb\tc").text == "a\nb c"
    assert fmt("<i> </i>x").entities == []
    for blank in ("   ", "<b></b>", "\n\u200b\n", "<i> \n </i>"):
        assert error_of(blank) == "Bad Request: text must be non-empty"


def test_text_validation_order_and_limits():
    assert error_of("") == "Bad Request: message text is empty"
    assert error_of("x" * 32769, None) == "Bad Request: text is too long"
    assert error_of("<b>x", "Fancy") == "Bad Request: unsupported parse_mode"
    assert fmt("<b>x</b>", "hTmL").text == "x"
    assert fmt("x" * 4096, None).text == "x" * 4096
    assert fmt("<b>" + "é" * 4096 + "</b>").text == "é" * 4096  # code points, not bytes, not markup
    assert error_of("x" * 4097, None) == "Bad Request: message is too long"
    with pytest.raises(BotApiError, match="message caption is too long"):
        format_text("c" * 1025, None, None, {}, caption=True)
    assert format_text("", None, None, {}, caption=True).text == ""


def test_bold_is_split_around_detected_links_and_commands_are_found():
    formatted = fmt("<b>see https://x.org now</b> /help")
    assert formatted.entities == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "url", "offset": 4, "length": 13},
        {"type": "bold", "offset": 4, "length": 13},
        {"type": "bold", "offset": 17, "length": 4},
        {"type": "bot_command", "offset": 22, "length": 5},
    ]


def test_markdown_v2_requires_escapes():
    assert error_of("hello.", "MarkdownV2") == (
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"
    )
    assert error_of("*unclosed", "MarkdownV2") == (
        "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0"
    )
    assert error_of("*bold _italic\\_*", "MarkdownV2").endswith("Can't find end of Bold entity at byte offset 15")
    assert parse_markdown_v2("*b* _i_ __u__ ~s~ ||p|| `c` [l](https://x.org) \\.") == (
        "b i u s p c l .",
        [
            {"type": "bold", "offset": 0, "length": 1},
            {"type": "italic", "offset": 2, "length": 1},
            {"type": "underline", "offset": 4, "length": 1},
            {"type": "strikethrough", "offset": 6, "length": 1},
            {"type": "spoiler", "offset": 8, "length": 1},
            {"type": "code", "offset": 10, "length": 1},
            {"type": "text_link", "offset": 12, "length": 1, "url": "https://x.org/"},
        ],
    )


def test_legacy_markdown():
    assert parse_markdown("*b* _i_ a.b-c") == (
        "b i a.b-c",
        [{"type": "bold", "offset": 0, "length": 1}, {"type": "italic", "offset": 2, "length": 1}],
    )
    with pytest.raises(EntityParseError, match="Can't find end of the entity starting at byte offset 0"):
        parse_markdown("*unclosed")


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://example.com", "https://example.com/"),
        ("HTTP://Example.com/a?b#c", "http://example.com/a?b#c"),
        ("example.com", "http://example.com/"),
        ("tg://resolve?domain=x", "tg://resolve?domain=x"),
    ],
)
def test_links_are_canonicalised(link, expected):
    assert check_link(link) == expected


@pytest.mark.parametrize(
    ("link", "reason"),
    [("not-a-url", "Wrong HTTP URL"), ("ftp://example.com", "Unsupported URL protocol"), ("https://", "URL host is empty")],
)
def test_bad_links_give_tdlib_reasons(link, reason):
    with pytest.raises(LinkError, match=reason):
        check_link(link)


@given(st.text())
def test_escaped_text_parses_back_to_itself(text):
    assert parse_html(html.escape(text)) == (text, [])
    assert parse_html(html.escape(text, quote=False)) == (text, [])


@given(st.text(), st.text(min_size=1), st.text())
def test_entity_offsets_match_the_text_in_utf16(before, inside, after):
    plain, entities = parse_html(f"{html.escape(before)}<b>{html.escape(inside)}</b>{html.escape(after)}")
    assert plain == before + inside + after
    [bold] = to_utf16(plain, entities)
    assert (bold["offset"], bold["length"]) == (utf16_len(before), utf16_len(inside))
    units = plain.encode("utf-16-le", "surrogatepass")
    assert units[2 * bold["offset"] : 2 * (bold["offset"] + bold["length"])].decode("utf-16-le", "surrogatepass") == inside
