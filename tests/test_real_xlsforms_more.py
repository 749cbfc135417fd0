"""The other half of the real XLSForms through the whole paper path (test_real_xlsforms.py says what is checked).

A file of its own so that a second pytest worker reads these forms while the first reads the other half.
"""

from __future__ import annotations

import functools

import pytest
from test_real_xlsforms import FORMS, LONG_BOOKLETS, READ_PAGES_MAX, check_form, form_params

from benchmarks.realforms import DEFAULT_FORMS, run_form


@pytest.mark.parametrize("form", form_params(FORMS[1::2]))
def test_real_form_builds_prints_and_reads(form, tmp_path, corpus_kept):
    check_form(form, tmp_path, corpus_kept)


# booklets past READ_PAGES_MAX (test_real_xlsforms.LONG_BOOKLETS): built, checked, printed and read here, not in the
# sweep above
@pytest.mark.slow
@pytest.mark.parametrize("name", LONG_BOOKLETS)
def test_a_booklet_longer_than_the_test_limit_is_read_back_with_no_silent_error(name, tmp_path, corpus_kept):
    """The booklets past READ_PAGES_MAX were only read by the benchmark: one filled copy, as PNG pages (no PDF
    wrapping to decode) read by one worker, must have every page accounted for and every answer judged against
    the generator's truth with no silent error."""
    result = run_form(DEFAULT_FORMS / name, tmp_path, sheets=1, seed=3, kind="png",
                      keep=functools.partial(corpus_kept, f"realform {name} 1 3 png"))
    assert result.pages > READ_PAGES_MAX
    assert result.read and not result.read_skipped
    assert result.passed, " || ".join(result.failures)
    assert result.questions_read >= 10 and result.silent == 0
