"""The printed forms, checked the way a printer and a scanner would see them."""

import subprocess
import unicodedata

import cv2
import numpy as np
import pytest
import zxingcpp
from pdf2image import convert_from_path

from scanner._exec.tesseract import ocr_line
from scanner.forms import SheetSpec, allocation_sheets, render_forms
from scanner.sheetcode import CHARSET, SheetCode, parse_code

DPI = 200
PX_PER_MM = DPI / 25.4


@pytest.fixture(scope="module")
def forms_pdf(tmp_path_factory, template):
    out = tmp_path_factory.mktemp("forms") / "forms.pdf"
    render_forms(template, [SheetSpec("MS", 7), SheetSpec("TQL", 10), SheetSpec(None, 0)], out)
    return out


@pytest.fixture(scope="module")
def pages(forms_pdf):
    return [cv2.cvtColor(np.array(p), cv2.COLOR_RGB2GRAY) for p in convert_from_path(forms_pdf, dpi=DPI)]


def test_allocation_numbers_every_unit(plan):
    sheets = allocation_sheets(plan)
    assert len(sheets) == 150
    assert len({(s.unit, s.serial) for s in sheets}) == 150
    assert max(s.serial for s in sheets if s.unit == "TQL") == 10


def test_pdf_text_holds_title_and_questions_exactly(forms_pdf, template):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(forms_pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    flat = " ".join(text.split())
    assert "PHIẾU ĐIỀU TRA XÃ HỘI HỌC" in flat
    assert template.subtitle in flat
    assert "Về kết quả sau 2,5 năm thực hiện Nghị quyết số 06-NQ/TU" in flat
    for q in template.questions:
        assert q.text in flat, q.id
        for o in q.options:
            assert o.label in flat, (q.id, o.id)
    for t in template.group_texts.values():
        assert t in flat


def found_squares(gray):
    """Outer edges, in mm, of every printed square of checkbox size, found without the template."""
    _, ink = cv2.threshold(gray, 128, 255, cv2.THRESH_BINARY_INV)
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if 4 * PX_PER_MM < w < 6 * PX_PER_MM and 4 * PX_PER_MM < h < 6 * PX_PER_MM:
            hull = cv2.contourArea(cv2.convexHull(c))
            if hull > 0.9 * w * h:
                out.append((x / PX_PER_MM, y / PX_PER_MM, w / PX_PER_MM, h / PX_PER_MM))
    return np.array(out)


def test_checkboxes_land_within_0_3_mm(pages, template):
    for index, gray in enumerate(pages):
        page = index % template.pages + 1
        squares = found_squares(gray)
        expected = [b.rect for b in template.boxes(page) if b.kind == "checkbox"]
        assert len(squares) == len(expected), f"page {page}: found {len(squares)} squares"
        for r in expected:
            d = np.abs(squares - np.array([r.x, r.y, r.w, r.h])).max(axis=1)
            assert d.min() <= 0.3, f"page {page}: box at {r} off by {d.min():.2f} mm"


def test_qr_and_printed_code_agree_on_every_page(pages, template):
    expected = [SheetCode("KH35", "1", u, s, p) for u, s in (("MS", 7), ("TQL", 10), (None, 0))
                for p in range(1, template.pages + 1)]
    for gray, want in zip(pages, expected, strict=True):
        qr = [r.text for r in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)]
        assert len(qr) == 1
        r = template.code_text
        crop = gray[int((r.y + 0.5) * PX_PER_MM):int((r.y + r.h + 0.5) * PX_PER_MM),
                    int(r.x * PX_PER_MM):int((r.x + r.w + 1) * PX_PER_MM)]
        printed = ocr_line(crop, "eng", CHARSET)
        assert parse_code(qr[0]) == want
        assert parse_code(printed) == want, printed
