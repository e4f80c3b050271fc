"""Shared fixtures: paths to the bundled and the test content, and loaded catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import BUNDLED_CONTENT_DIR, LOCALES_DIR
from bot.content import load_content
from bot.i18n import Catalogs

TEST_CONTENT_DIR = Path(__file__).parent / "data" / "content"


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    return Catalogs(LOCALES_DIR)


@pytest.fixture(scope="session")
def test_content():
    return load_content(TEST_CONTENT_DIR)


@pytest.fixture(scope="session")
def bundled_content():
    return load_content(BUNDLED_CONTENT_DIR)
