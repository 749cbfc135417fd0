"""The other half of the real XLSForms through the whole paper path (test_real_xlsforms.py says what is checked).

A file of its own so that a second pytest worker reads these forms while the first reads the other half.
"""

from __future__ import annotations

import pytest
from test_real_xlsforms import FORMS, check_form, form_params


@pytest.mark.parametrize("form", form_params(FORMS[1::2]))
def test_real_form_builds_prints_and_reads(form, tmp_path):
    check_form(form, tmp_path)

