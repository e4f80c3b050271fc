"""/privacy in every language says what is counted, for how long, and how to be forgotten (R18, R21)."""

import pytest

from bot.i18n import LANGUAGES
from bot.views import menu


@pytest.mark.parametrize("code", LANGUAGES)
def test_privacy_screen_names_delete_and_retention(catalogs, code):
    text = menu.privacy(catalogs[code]).text
    assert "/delete" in text  # Telegram makes it a tappable command in any script
    assert "90" in text and "30" in text, "the 90 and 30 days of retention"
    english = menu.privacy(catalogs["en"]).text
    assert code == "en" or text != english, "translated"
    assert len([p for p in text.split("\n\n") if p.strip()]) == len([p for p in english.split("\n\n") if p.strip()])
