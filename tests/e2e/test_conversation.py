"""A person's paths through the bot, in English, Arabic and Farsi (and /start in all 11 languages)."""

from __future__ import annotations

import pytest

from bot.i18n import FSI, LANGUAGES
from bot.views.codec import decode

pytestmark = pytest.mark.asyncio(loop_scope="session")


def labels(message) -> list[str]:
    return [button.text for row in message.buttons for button in row]


def screen_of(message) -> set[str]:
    return {decode(b.callback_data).screen for row in message.buttons for b in row if b.callback_data}


@pytest.mark.parametrize("code", list(LANGUAGES))
async def test_start_answers_in_the_users_language(bot, emulator, catalogs, code):
    t = catalogs[code]
    user = emulator.user(first_name="Test", language_code=code)
    [reply] = await user.command("/start")
    assert t.gettext("Welcome! 👋") in reply.text
    assert t.gettext("📋 Asylum procedure") in labels(reply)
    if code != "en":
        assert t.gettext("📋 Asylum procedure") != "📋 Asylum procedure", f"{code} is not translated"


@pytest.mark.parametrize("language_code", [None, "de", "pt-BR"])
async def test_start_falls_back_to_english(bot, emulator, language_code):
    user = emulator.user(first_name="Test", language_code=language_code)
    [reply] = await user.command("/start")
    assert "Welcome! 👋" in reply.text


@pytest.mark.parametrize("code", ["en", "ar", "fa"])
async def test_procedure_walk(bot, emulator, catalogs, bundled_content, code):
    t = catalogs[code]
    user = emulator.user(first_name="Test", language_code=code)
    await user.command("/start")
    await user.press(t.gettext("📋 Asylum procedure"))
    steps = bundled_content.steps
    first_title, _ = steps[0].title.get(code)
    await user.press(f"1. {first_title}")
    for number, step in enumerate(steps, start=1):
        screen = user.last
        heading = t.gettext("Step {number} of {total}").format(number=number, total=len(steps))
        assert heading in screen.text
        assert step.what.get(code)[0].split("\n")[0][:40] in screen.text
        assert t.gettext("⚖️ Get legal help") in labels(screen)
        if number < len(steps):
            await user.press(t.gettext("Next ➡️"))
    assert t.gettext("Next ➡️") not in labels(user.last)
    await user.press(t.gettext("⬅️ Previous"))
    assert t.gettext("Step {number} of {total}").format(number=len(steps) - 1, total=len(steps)) in user.last.text
    await user.press(t.gettext("⚖️ Get legal help"))
    assert "oc" in screen_of(user.last)  # a list of organisations
    await user.press(t.gettext("🏠 Main menu"))
    assert t.gettext("📋 Asylum procedure") in labels(user.last)


@pytest.mark.parametrize("code", ["en", "ar", "fa"])
async def test_legal_help_to_a_contact_card(bot, emulator, catalogs, bundled_content, code):
    t = catalogs[code]
    user = emulator.user(first_name="Test", language_code=code)
    await user.command("/legal")
    await user.press(t.gettext("Applying for asylum"))
    org = next(o for o in bundled_content.organisations_for("asylum") if o.phones and o.verified)
    await user.press(org.name)
    card = user.last
    summary, _ = org.summary.get(code)
    assert summary.split("\n")[0][:40] in card.text
    assert org.phones[0][-4:] in card.text.replace(" ", "")
    if code in ("ar", "fa"):
        assert FSI in card.text  # the phone number keeps its direction inside RTL text
    [contact] = await user.press(t.gettext("📇 Save as contact"))
    assert contact.kind == "contact"
    assert contact.contact["phone_number"] == org.phones[0]
    assert t.gettext("⬅️ Back") in labels(contact)
    await user.press(t.gettext("⬅️ Back"))
    assert org.phones[0][-4:] in user.last.text.replace(" ", "")


@pytest.mark.parametrize("code", ["en", "ar", "fa"])
async def test_services_of_a_municipality(bot, emulator, catalogs, bundled_content, code):
    t = catalogs[code]
    user = emulator.user(first_name="Test", language_code=code)
    await user.command("/start")
    await user.press(t.gettext("🏘️ Services by municipality"))
    assert len(user.last.buttons) >= 9  # 18 municipalities, two per row
    await user.press("Šid")
    category = bundled_content.categories_in("sid")[0]
    await user.press(t.gettext({"accommodation": "Accommodation", "health": "Health", "social": "Social work",
                                "police": "Police and registration", "legal": "Legal aid and information",
                                "other": "Other help"}[category]))
    service = bundled_content.services_in("sid", category)[0]
    name, _ = service.name.get(code)
    [button] = [label for label in labels(user.last) if label.endswith(name)]
    await user.press(button)
    card = user.last
    assert name in card.text and "Šid" in card.text
    assert t.gettext({"open": "🟢 Open", "suspended": "🟡 Temporarily suspended", "closed": "🔴 Closed"}[service.status]) in card.text


async def test_language_choice_is_remembered(bot, emulator, catalogs):
    user = emulator.user(first_name="Test", language_code="en")
    await user.command("/language")
    await user.press("فارسی / دری")
    assert catalogs["fa"].gettext("📋 Asylum procedure") in labels(user.last)
    [reply] = await user.command("/start")
    assert catalogs["fa"].gettext("Welcome! 👋") in reply.text


async def test_emergency_is_one_tap_from_every_screen(bot, emulator, catalogs, bundled_content):
    user = emulator.user(first_name="Test", language_code="ur")
    t = catalogs["ur"]
    await user.command("/services")
    await user.press(t.gettext("🆘 Emergency"))
    text = user.last.text
    for number in bundled_content.emergency:
        assert number.phone[-3:] in text.replace(" ", "")
    assert "192" in text and "194" in text and "193" in text


async def test_unknown_commands_and_non_text_get_a_kind_note_and_the_menu(bot, emulator, catalogs):
    t = catalogs["ps"]
    user = emulator.user(first_name="Test", language_code="ps")
    for action in (user.command("/nonsense"), user.send_contact()):
        [reply] = await action
        assert t.gettext("I can read text and buttons only. Please type your question, or choose a topic below.") in reply.text
        assert t.gettext("📋 Asylum procedure") in labels(reply)


@pytest.mark.parametrize("code, query", [("en", "lawyer"), ("ar", "محامي"), ("fa", "وکیل")])
async def test_typed_questions_are_searched(bot, emulator, catalogs, code, query):
    t = catalogs[code]
    user = emulator.user(first_name="Test", language_code=code)
    [reply] = await user.send(query)
    assert t.gettext("Here is what I found for “{query}”:").split("{query}")[0][:-1] in reply.text
    results = [b for row in reply.buttons for b in row if b.callback_data and decode(b.callback_data).screen not in ("m", "em")]
    assert 1 <= len(results) <= 6
    [card] = await user.press(results[0].text)
    assert t.gettext("🏠 Main menu") in labels(card)


@pytest.mark.parametrize("code, query", [("en", "help me I am in danger"), ("ar", "ساعدوني انا في خطر"), ("fa", "کمک کنید خطر")])
async def test_a_crisis_query_gets_the_emergency_numbers_first(bot, emulator, catalogs, code, query):
    user = emulator.user(first_name="Test", language_code=code)
    [reply] = await user.send(query)
    assert reply.text.lstrip("\u200f").startswith(catalogs[code].gettext("🆘 Emergency"))
    assert "192" in reply.text and "194" in reply.text


async def test_a_search_that_finds_nothing_says_so_kindly(bot, emulator, catalogs):
    t = catalogs["tr"]
    user = emulator.user(first_name="Test", language_code="tr")
    [reply] = await user.send("<b>qwzxv</b> & zzz")
    assert t.gettext("I found nothing for “{query}”. Try other words, or choose a topic below.").split("{query}")[0][:-1] in reply.text
    assert "&lt;b&gt;qwzxv&lt;/b&gt; &amp; zzz" in reply.html  # their own words, escaped
    assert t.gettext("⚖️ Legal help") in labels(reply) and t.gettext("📋 Asylum procedure") in labels(reply)


@pytest.mark.parametrize(
    "data",
    ["\x00\x01 random bytes \xff", "0|en|m", "9|en|pr|register", "1|en|pr|no-such-step", "1|en|oc|nobody|asylum",
     "1|en|sv|atlantis|health", "1|zz|m", "1|en|pr|register|extra"],
)
async def test_forged_buttons_get_the_expired_menu_and_the_bot_keeps_serving(bot, emulator, data):
    user = emulator.user(first_name="Test", language_code="en")
    await user.command("/start")
    replies = await user.press_data(data)
    assert user.callback_answers[-1].text == "This menu has expired."
    assert any("This menu has expired. Here is the main menu." in m.text for m in replies)
    [reply] = await user.command("/start")
    assert "Welcome! 👋" in reply.text
    assert not emulator.unanswered_callbacks()


async def test_pressing_the_current_screen_again_is_harmless(bot, emulator):
    user = emulator.user(first_name="Test", language_code="en")
    await user.command("/start")
    await user.press("🔒 Privacy")
    await user.press("🏠 Main menu")
    menu_message = user.last
    await user.press_data("1|en|m", message_id=menu_message.message_id)  # the same screen: "not modified"
    assert user.callback_answers[-1] is not None and not emulator.unanswered_callbacks()
    assert user.last.message_id == menu_message.message_id and "📋 Asylum procedure" in labels(user.last)


async def test_commands_are_registered_in_every_language(bot, emulator, catalogs):
    registered = emulator.my_commands
    for code in LANGUAGES:
        commands = dict(registered[("default", code)])
        assert commands["start"] == catalogs[code].gettext("Start and main menu")
        assert set(commands) >= {"start", "procedure", "legal", "services", "emergency", "language", "privacy"}


@pytest.mark.parametrize("code, vote, thanks", [("en", "👍 Helpful", "Thank you!"), ("ar", "⚠️ Wrong information", "Thank you. We will check this information.")])
async def test_feedback_on_a_card(bot, emulator, catalogs, code, vote, thanks):
    t = catalogs[code]
    user = emulator.user(first_name="Test", language_code=code)
    await user.command("/procedure")
    await user.press(user.last.buttons[0][0].text)  # the first step
    card = user.last
    assert t.gettext("👍 Helpful") in labels(card) and t.gettext("⚠️ Wrong information") in labels(card)
    await user.press(t.gettext(vote))
    assert user.callback_answers[-1].text == t.gettext(thanks)
    after = user.last
    assert after.message_id == card.message_id and after.text == card.text
    assert t.gettext("👍 Helpful") not in labels(after)  # one vote per card view
    assert t.gettext("🏠 Main menu") in labels(after)


async def test_delete_forgets_the_language_choice(bot, emulator, catalogs):
    user = emulator.user(first_name="Test", language_code="en")
    await user.command("/language")
    await user.press("فارسی / دری")
    [reply] = await user.command("/delete")
    assert catalogs["fa"].gettext("Done. The bot has forgotten your language choice and no longer counts you among today's users. The anonymous counts it keeps cannot be linked to you. To remove this chat from your phone, delete it in Telegram.")[:20] in reply.text
    [start] = await user.command("/start")
    assert "Welcome! 👋" in start.text  # the pick is gone: back to Telegram's language_code (en)


@pytest.mark.parametrize("code", ["fa", "en"])
async def test_shortcuts_to_near_me_deadlines_and_events(bot, emulator, catalogs, code):
    t = catalogs[code]
    user = emulator.user(first_name="Test", language_code=code)
    replies = await user.command("/nearme")
    assert [t.gettext("📍 Send my location")] in replies[-1].reply_keyboard
    [deadlines] = await user.command("/deadlines")
    assert deadlines.buttons, "the date choices"
    [events] = await user.command("/events")
    assert t.gettext("🆘 Emergency") in labels(events)
    assert set(dict(emulator.my_commands[("default", code)])) >= {"nearme", "deadlines", "events"}
