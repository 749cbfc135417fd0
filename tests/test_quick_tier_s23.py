"""Issue 26 (s23): the quick tier runs each test once and leaves its dearest to the full suite (tests/quick_tier.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from quick_tier import QUICK_DEAREST, QUICK_EVERY_CASE

TESTS = Path(__file__).resolve().parent


def _collected(*args: str) -> tuple[list[str], int]:
    env = dict(os.environ, SURVEY_TEST_ENGINES="sqlite")
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                          "-p", "no:xdist", "-m", "not slow", *args], cwd=TESTS.parent, env=env,
                         capture_output=True, text=True, check=True).stdout
    ids = [ln for ln in out.splitlines() if "::" in ln]
    total = re.search(r"(\d+)/(\d+) tests collected", out)
    return ids, int(total.group(2)) if total else len(ids)


def test_a_parametrized_tests_later_cases_and_the_dearest_tests_are_left_to_the_full_suite():
    """Collected as `./run test-quick` collects: the screened-traces test (9 drawn cases) keeps its first case, the
    median's cheap cases (QUICK_EVERY_CASE) are all kept, and test_pdf_plain's two dearest tests are gone; the
    full suite still has every one of them."""
    ids, total = _collected("tests/test_screened_traces.py", "tests/test_cheaper_same_o21.py",
                            "tests/test_pdf_plain.py")
    screened = [i for i in ids if "test_a_screened_side_reads_no_empty_box_as_a_mark" in i]
    assert screened == ["tests/test_screened_traces.py::test_a_screened_side_reads_no_empty_box_as_a_mark[30.0-4.2]"]
    assert len([i for i in ids if "test_median_is_numpys_to_the_bit" in i]) == 262
    assert not [i for i in ids if "test_what_is_not_plain_is_left_to_pypdf" in i
                or "test_a_scanners_plain_pdf_gives_the_pages_pypdf_gives" in i]
    assert [i for i in ids if "test_pdf_plain.py" in i]  # the file's cheaper tests stay quick
    assert total == len(ids) + 8 + 2 + 0  # deselected: 8 screened cases and the 2 dear tests, nothing else


def test_the_quick_tiers_lists_name_tests_that_exist():
    """A renamed or removed test left in tests/quick_tier.py would silently stop meaning anything."""
    names = {m for p in TESTS.glob("test_*.py") for m in re.findall(r"^(?:    )?def (test_\w+)\(", p.read_text(
        encoding="utf-8"), re.M)}
    assert QUICK_EVERY_CASE <= names, sorted(QUICK_EVERY_CASE - names)
    assert QUICK_DEAREST <= names, sorted(QUICK_DEAREST - names)
    assert not QUICK_EVERY_CASE & QUICK_DEAREST
