"""PDF pages rendered without poppler (PDFium), agreeing with poppler, and refusing bad files with one line."""

import numpy as np
import pytest

from scanner._exec.poppler import render_pages as poppler_pages
from scanner.errors import InputFileError
from scanner.forms import SheetSpec, render_forms
from scanner.pdfrender import RENDERER_ENV, _pdfium_pages, render_pages


@pytest.fixture(scope="module")
def form_pdf(tmp_path_factory, template):
    pdf = tmp_path_factory.mktemp("render") / "phiếu in thử.pdf"
    render_forms(template, [SheetSpec(None, 0)], pdf)
    return pdf


def test_pdfium_draws_what_poppler_draws(form_pdf, template):
    for page in range(1, template.pages + 1):
        mine = _pdfium_pages(form_pdf, 150, page, page)[0]
        theirs = poppler_pages(form_pdf, 150, page, page)[0]
        assert mine.shape == theirs.shape and mine.dtype == np.uint8
        assert np.abs(mine.astype(int) - theirs.astype(int)).mean() < 8  # anti-aliasing at edges only
        assert ((mine < 200) != (theirs < 200)).mean() < 0.03
        drawn = 0.02 if template.boxes(page) else 0.005  # an empty back side still prints its codes and marks
        assert drawn < (mine < 128).mean() < 0.3  # the page is drawn, not blank or black


def test_the_default_is_pdfium_and_poppler_can_be_forced(form_pdf, monkeypatch):
    default = render_pages(form_pdf, 100, 1, 1)[0]
    assert np.array_equal(default, _pdfium_pages(form_pdf, 100, 1, 1)[0])
    monkeypatch.setenv(RENDERER_ENV, "poppler")
    assert np.array_equal(render_pages(form_pdf, 100, 1, 1)[0], poppler_pages(form_pdf, 100, 1, 1)[0])


def test_a_file_neither_can_open_is_one_line_naming_it(tmp_path):
    bad = tmp_path / "hỏng.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot a pdf at all")
    with pytest.raises(InputFileError) as e:
        render_pages(bad, 100, 1, 1)
    assert str(bad) in e.value.message and "\n" not in e.value.message


def test_pages_outside_the_file_are_refused(form_pdf, template):
    with pytest.raises(InputFileError, match="has no pages"):
        _pdfium_pages(form_pdf, 100, template.pages + 1, template.pages + 1)
