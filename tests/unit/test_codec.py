from hypothesis import given
from hypothesis import strategies as st
import pytest

from bot.i18n import LANGUAGES
from bot.views.codec import MAX_BYTES, SCREENS, Callback, InvalidCallback, decode


def test_round_trip_every_screen_and_language():
    for lang in LANGUAGES:
        for screen, arity in SCREENS.items():
            callback = Callback(screen, tuple(f"a{i}" for i in range(arity)), lang=lang)
            assert decode(callback.encode()) == callback


def test_longest_ids_fit_in_64_bytes():
    longest = "x" * 24
    data = Callback("oc", (longest, "trafficking"), lang="ar").encode()
    assert len(data.encode()) <= MAX_BYTES


def test_refuses_to_encode_what_telegram_would_reject():
    with pytest.raises(ValueError):
        Callback("pr", ("Not An Id",)).encode()
    with pytest.raises(ValueError):
        Callback("pr", ()).encode()
    with pytest.raises(ValueError):
        Callback("zz").encode()


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "0|en|m",  # an older version
        "2|en|m",  # a newer one
        "1|xx|m",  # unknown language
        "1|en|nope",  # unknown screen
        "1|en|pr",  # missing argument
        "1|en|m|extra",  # too many arguments
        "1|en|pr|../../etc",  # not an id
        "1|en|pr|" + "a" * 70,  # longer than Telegram allows
        "\x00\xff garbage",
    ],
)
def test_forged_or_stale_data_is_refused(data):
    with pytest.raises(InvalidCallback):
        decode(data)


@given(st.text(max_size=80))
def test_any_text_either_decodes_to_a_valid_callback_or_is_refused(data):
    try:
        callback = decode(data)
    except InvalidCallback:
        return
    assert callback.encode() == data
