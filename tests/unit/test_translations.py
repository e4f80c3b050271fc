"""Translators work on exported JSON; import writes it back into the YAML with fingerprints."""

import json
import shutil

import pytest

from bot.content.loader import inspect_content
from bot.content.model import english_hash
from bot.content.translations import export_translations, import_translations
from tests.conftest import TEST_CONTENT_DIR


@pytest.fixture
def content_dir(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(TEST_CONTENT_DIR, target)
    return target


def test_export_lists_what_needs_work(content_dir):
    items = export_translations(content_dir, "fa")
    by_field = {(i["id"], ".".join(map(str, i["path"][2:]))): i for i in items}
    assert by_field[("lodge", "what")]["status"] == "machine"
    assert by_field[("lodge", "title")]["status"] == "outdated"
    assert by_field[("register", "title")]["status"] == "missing"
    assert by_field[("register", "title")]["from"] == english_hash("Say you want asylum")
    assert json.dumps(items, ensure_ascii=False)  # plain JSON for translators


def test_import_writes_every_style_and_round_trips(content_dir):
    items = export_translations(content_dir, "ps", everything=True)
    for item in items:
        item["text"] = f"پښتو {item['id']}"
    changed, skipped = import_translations(content_dir, "ps", items, machine=True)
    assert not skipped and sum(changed.values()) == len(items)
    inspection = inspect_content(content_dir)
    assert inspection.content is not None
    assert all(i["status"] == "machine" for i in export_translations(content_dir, "ps"))
    assert inspection.content.steps[0].title.get("ps") == ("پښتو register", "machine")
    # Comments and the layout around them survive.
    assert (content_dir / "procedure.yaml").read_text(encoding="utf-8").startswith("# Test fixture")


def test_import_replaces_an_existing_translation_and_marks_it_checked(content_dir):
    [item] = [i for i in export_translations(content_dir, "fa") if i["id"] == "lodge" and i["path"][-1] == "what"]
    item["text"] = "درخواست را در دفتر پناهندگی ثبت کنید."
    import_translations(content_dir, "fa", [item], machine=False)
    content = inspect_content(content_dir).content
    assert content.steps[1].what.get("fa") == ("درخواست را در دفتر پناهندگی ثبت کنید.", "complete")


def test_import_skips_texts_whose_english_changed_since_the_export(content_dir):
    items = [i for i in export_translations(content_dir, "ur") if i["id"] == "lodge"]
    for item in items:
        item["text"] = "اردو"
    path = content_dir / "procedure.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Lodge the application with", "Lodge your application with"), encoding="utf-8")
    _changed, skipped = import_translations(content_dir, "ur", items, machine=True)
    assert any("English changed since the export" in reason for reason in skipped)
