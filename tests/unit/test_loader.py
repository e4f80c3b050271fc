"""The loader refuses broken files and says where: file:line: message, every problem at once."""

import shutil
from pathlib import Path

import pytest

from bot.content import ContentError, load_content
from tests.conftest import TEST_CONTENT_DIR


@pytest.fixture
def content_dir(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(TEST_CONTENT_DIR, target)
    return target


def problems(directory: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(directory)
    return [str(p) for p in info.value.problems]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return int(at(path, needle).split(":")[0])


def at(path: Path, needle: str, occurrence: int = 0) -> str:
    """line:column (from 1) of the start of `needle` in the file."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            found.append(f"{number}:{line.index(needle) + 1}")
    return found[occurrence]


def test_test_content_loads(test_content):
    assert [s.id for s in test_content.steps] == ["register", "lodge"]
    assert test_content.organisations["ideas"].phones == ["+381695657254"]  # stored in E.164


def test_tab_indentation(content_dir):
    replace(content_dir / "procedure.yaml", "    legal_need: appeal", "\tlegal_need: appeal")
    [problem] = problems(content_dir)
    assert problem.startswith("procedure.yaml:") and "tab" in problem


def test_duplicate_key(content_dir):
    path = content_dir / "services.yaml"
    replace(path, "    status: open\n", "    status: open\n    status: closed\n")
    [problem] = problems(content_dir)
    assert problem == f"services.yaml:{at(path, 'status: closed')}: duplicate key 'status'"


def test_unknown_key_suggests_the_right_one(content_dir):
    path = content_dir / "procedure.yaml"
    replace(path, "    where: {en: The asylum centre.}", "    wher: {en: The asylum centre.}")
    found = problems(content_dir)
    assert f"procedure.yaml:{at(path, 'wher:')}: unknown key 'wher'; did you mean 'where'?" in found


def test_every_problem_is_reported_with_its_line(content_dir):
    orgs = content_dir / "organisations.yaml"
    replace(orgs, '"+381 69 565 7254"', '"+381 69 565"')
    replace(orgs, "email: legalaid@ideje.rs", "email: legalaid-at-ideje")
    replace(orgs, "website: https://ideje.rs", "website: http://bit.ly/x")
    replace(content_dir / "emergency.yaml", "label: {en: Ambulance}", "label: {ar: إسعاف}")
    found = problems(content_dir)
    assert any(p.startswith(f"organisations.yaml:{line_of(orgs, '+381 69 565')}:") and "phone" in p for p in found)
    assert any(p.startswith(f"organisations.yaml:{line_of(orgs, 'legalaid-at')}:") and "e-mail" in p for p in found)
    assert any(p.startswith(f"organisations.yaml:{line_of(orgs, 'bit.ly')}:") and "https" in p for p in found)
    assert any(p.startswith("emergency.yaml:3:") and "English" in p for p in found)
    assert all(p.count(":") >= 3 for p in found)  # file:line:column: message
    assert len(found) == 4


def test_duplicate_ids_and_dangling_municipality(content_dir):
    services = content_dir / "services.yaml"
    replace(services, "id: rc-sid", "id: ac-krnjaca")
    replace(services, "municipality: sid", "municipality: sidd")
    found = problems(content_dir)
    second = at(services, "ac-krnjaca", occurrence=1)
    assert f"services.yaml:{second}: duplicate id 'ac-krnjaca'" in found
    assert any("'sidd' is not in municipalities.yaml; did you mean 'sid'?" in p for p in found)


def test_missing_file_and_not_utf8(content_dir):
    (content_dir / "emergency.yaml").unlink()
    (content_dir / "municipalities.yaml").write_bytes(b"municipalities:\n  - id: \xff\n")
    found = problems(content_dir)
    assert any(p.startswith("emergency.yaml:1:1: file is missing") for p in found)
    assert "municipalities.yaml:2:9: the file is not UTF-8 text; save it as UTF-8" in found


def test_bundled_content_is_valid(bundled_content):
    assert len(bundled_content.municipalities) == 18
    assert bundled_content.steps and bundled_content.organisations and bundled_content.emergency


def test_committed_schemas_match_the_model():
    """content/schema/*.json must be regenerated (putokaz schema) whenever the model changes."""
    import json

    from bot.config import BUNDLED_CONTENT_DIR
    from bot.content.schema import schemas

    for name, schema in schemas().items():
        committed = json.loads((BUNDLED_CONTENT_DIR / "schema" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"run: putokaz schema  ({name} is out of date)"


def test_stamp_records_the_english_and_keeps_the_file_valid(content_dir):
    from bot.content.loader import inspect_content
    from bot.content.translations import stamp_translations

    assert inspect_content(content_dir).content.steps[0].title.status("ar") == "outdated"  # no record yet
    changed = stamp_translations(content_dir, languages=["ar"])
    assert changed["procedure.yaml"] == 2
    after = inspect_content(content_dir).content
    assert after.steps[0].title.status("ar") == "complete"
    assert after.steps[1].title.status("fa") == "outdated"  # stamped with old English: left alone
    text = (content_dir / "procedure.yaml").read_text(encoding="utf-8")
    assert "# Test fixture" in text  # comments survive


def test_editing_the_english_marks_translations_outdated(content_dir):
    from bot.content.loader import inspect_content
    from bot.content.translations import stamp_translations

    stamp_translations(content_dir)
    path = content_dir / "procedure.yaml"
    replace(path, "what: {en: Lodge the application with the Asylum Office.", "what: {en: Lodge the application at the Asylum Office.")
    inspection = inspect_content(content_dir)
    assert inspection.content.steps[1].what.status("fa") == "outdated"
    assert any("fa: outdated: the English changed" in str(p) for p in inspection.warnings)


def test_translation_report(test_content):
    from bot.content.report import report_json, report_table, translation_status

    languages, pending = translation_status(test_content)
    fa = next(row for row in languages if row.code == "fa")
    assert (fa.counts["machine"], fa.counts["outdated"]) == (1, 1)
    assert any(p["id"] == "lodge" and p["language"] == "fa" and p["status"] == "machine" for p in pending)
    assert "fa  فارسی / دری" in report_table(test_content)
    import json

    assert json.loads(report_json(test_content))["languages"]["en"]["complete_percent"] == 100.0


def test_overdue_reviews_are_warnings_not_errors(content_dir):
    from datetime import date

    from bot.content.loader import inspect_content

    inspection = inspect_content(content_dir, today=date(2030, 1, 1))
    assert inspection.content is not None and not inspection.errors
    assert any("review overdue" in str(w) for w in inspection.warnings)
