"""A corpus of caseworker mistakes: each is reported once, at the exact line and column, in plain words.

Every tests/data/broken/NN-name.yaml is the full text of one file of tests/data/content with exactly one
mistake. Its first two lines say which file it replaces and the one error `putokaz check` must print:

    # file: procedure.yaml
    # expect: procedure.yaml:17:5: unknown key 'wher'; did you mean 'where'?

Line numbers count those two comment lines.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.content.loader import inspect_content
from tests.conftest import TEST_CONTENT_DIR

BROKEN_DIR = Path(__file__).parents[1] / "data" / "broken"
REPO_ROOT = Path(__file__).parents[2]
CASES = sorted(BROKEN_DIR.glob("*.yaml"))

# Cases whose `expect` says what a caseworker should see, but which need a change outside the parts of the
# loader this corpus may touch. Strict: when one is fixed, the test passes and pytest says so (remove it here).
KNOWN_GAPS: dict[str, str] = {}  # case name -> why the loader cannot yet report it well


def read_case(case: Path) -> tuple[str, str, str]:
    """(the fixture file it replaces, the expected error line, the full text)."""
    text = case.read_text(encoding="utf-8")
    first, second = text.splitlines()[:2]
    assert first.startswith("# file: ") and second.startswith("# expect: "), f"{case.name}: bad header"
    return first.removeprefix("# file: "), second.removeprefix("# expect: "), text


def broken_copy(case: Path, tmp_path: Path) -> tuple[Path, str]:
    """A copy of the test content with the case's file swapped in; and the expected error line."""
    filename, expected, text = read_case(case)
    assert (TEST_CONTENT_DIR / filename).is_file(), f"{case.name}: no fixture file {filename}"
    target = tmp_path / "content"
    shutil.copytree(TEST_CONTENT_DIR, target)
    (target / filename).write_text(text, encoding="utf-8")
    return target, expected


def _param(case: Path):
    gap = KNOWN_GAPS.get(case.stem)
    marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
    return pytest.param(case, id=case.stem, marks=marks)


def test_the_corpus_is_big_enough_and_well_formed():
    assert len(CASES) >= 34
    assert set(KNOWN_GAPS) <= {case.stem for case in CASES}
    for case in CASES:
        filename, expected, _ = read_case(case)
        assert expected.startswith(f"{filename}:"), f"{case.name}: the error must be in {filename}"


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_one_mistake_one_error_at_its_place(case, tmp_path):
    directory, expected = broken_copy(case, tmp_path)
    inspection = inspect_content(directory)
    assert [str(p) for p in inspection.errors] == [expected]
    assert inspection.content is None


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PUTOKAZ_CONTENT_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "bot", "check", *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_putokaz_check_prints_the_error_and_fails(tmp_path):
    directory, expected = broken_copy(BROKEN_DIR / "05-unknown-key-typo.yaml", tmp_path)
    result = run_check(str(directory))
    assert result.returncode == 1, result.stderr
    assert expected in result.stdout.splitlines()
    assert "1 error(s)" in result.stderr


def test_putokaz_check_accepts_the_bundled_content():
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK:" in result.stderr
