"""Work done more cheaply must give what the plain way gives (issue 26, u19): the bleed gates' samples taken without
the whole half-precision pattern, workbooks read without openpyxl reading each sheet once more first, and the QR and
marker cells kept per process."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from scanner import bleed
from scanner.forms import marker_cells, qr_cells
from scanner.ink import K
from scanner.xlsform_sheet import read_workbook
from scanner.xlsx_size import sizes_read_quickly


@pytest.mark.parametrize("page", [1, 2])
def test_gate_samples_are_the_whole_patterns_own_to_the_bit(template, page):
    """Each gate's samples are the pixels of _pattern's half-precision pattern at that spread, widened: what the
    gates took from the whole pattern before (a changed blur, rounding, mirror or sampling offset fails here)."""
    got = bleed._make_gate_samples(template.source, page, K)
    assert got is not None
    for spread, far, step in bleed.GATES:
        whole = bleed._pattern.__wrapped__(template.source, page, K, spread)
        assert whole is not None and got.shape == whole.shape
        for dy in (0, far, -far):
            m = bleed.MARGIN_PX
            want = np.ascontiguousarray(whole[(m - dy) % step::step, m % step::step], dtype=np.float32)
            sample = got.samples[(spread, dy)]
            assert sample.dtype == np.float32 and sample.flags.c_contiguous and not sample.flags.writeable
            assert sample.tobytes() == want.tobytes(), (spread, dy)


def _xlsform(path: Path, rows: int, dimension: bool) -> Path:
    """A small XLSForm whose choices sheet is long; `dimension` False takes out the size openpyxl writes, as many
    tools that write XLSForms leave it out."""
    wb = openpyxl.Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["select_one colours", "colour", "Colour?"])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for i in range(rows):
        choices.append(["colours", f"c{i}", f"Colour number {i}"])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if not dimension and item.filename.startswith("xl/worksheets/sheet"):
                start = data.index(b"<dimension")
                data = data[:start] + data[data.index(b"/>", start) + 2:]
            out.writestr(item, data)
    return path


def test_a_workbook_without_sizes_reads_as_one_with_them(tmp_path):
    (tmp_path / "sized").mkdir()
    (tmp_path / "bare").mkdir()
    plain = read_workbook(_xlsform(tmp_path / "sized" / "form.xlsx", 300, True))
    bare = read_workbook(_xlsform(tmp_path / "bare" / "form.xlsx", 300, False))
    assert bare.tree == plain.tree and bare.survey.rows == plain.survey.rows and bare.settings == plain.settings
    assert [c["name"] for c in bare.tree["choices"]["colours"]] == [f"c{i}" for i in range(300)]


def _bytes_read_for_sizes(path: Path) -> dict[str, int]:
    """How much of each sheet's XML opening the workbook read-only reads before any row is asked for."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    read: dict[str, int] = {}
    real = ReadOnlyWorksheet._get_source

    def counted(self):
        src = real(self)
        plain_read = src.read

        def read_counted(n=-1):
            data = plain_read(n)
            read[self.title] = read.get(self.title, 0) + len(data)
            return data

        src.read = read_counted
        return src

    ReadOnlyWorksheet._get_source = counted
    try:
        openpyxl.load_workbook(path, read_only=True).close()
    finally:
        ReadOnlyWorksheet._get_source = real
    return read


def test_a_sheet_without_a_size_is_not_read_whole_to_learn_it(tmp_path):
    """openpyxl alone reads the whole 4,000-row sheet to find it states no size; within sizes_read_quickly it
    stops where the rows start, and the sheet's size is what openpyxl alone finds (none stated)."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    path = _xlsform(tmp_path / "bare.xlsx", 4_000, False)
    with zipfile.ZipFile(path) as z:
        whole = len(z.read("xl/worksheets/sheet2.xml"))
    alone = _bytes_read_for_sizes(path)["choices"]
    with sizes_read_quickly():
        quick = _bytes_read_for_sizes(path)["choices"]
        sized = openpyxl.load_workbook(path, read_only=True)
        got = (sized["choices"].max_row, sized["choices"].max_column)
        sized.close()
    assert alone >= whole > 200_000
    assert quick < whole / 4
    plain = openpyxl.load_workbook(path, read_only=True)
    assert got == (plain["choices"].max_row, plain["choices"].max_column)
    plain.close()
    assert ReadOnlyWorksheet._get_size.__name__ == "_get_size"  # openpyxl's own again


def test_kept_cells_are_the_encoders_and_cannot_be_changed():
    import segno

    cells = qr_cells("S1V1-BL-00012-P2")
    matrix = segno.make("S1V1-BL-00012-P2", error="h", micro=False).matrix
    assert cells.tolist() == [[bool(v & 1) for v in row] for row in matrix]
    assert qr_cells("S1V1-BL-00012-P2") is cells and not cells.flags.writeable
    marker = marker_cells("DICT_4X4_50", 3)
    assert marker.shape == (6, 6) and not marker.flags.writeable and marker[0].all()


def _laid_sub_pixel_by_sub_pixel(img, cells, r, k, s=4):
    """The plain way: every sub-pixel's centre looked up in the cells, a pixel shaded by the share found black."""
    x0, y0 = int(np.floor(r.x * k)), int(np.floor(r.y * k))
    x1, y1 = min(img.shape[1], int(np.ceil((r.x + r.w) * k))), min(img.shape[0], int(np.ceil((r.y + r.h) * k)))
    u = (x0 + (np.arange((x1 - x0) * s) + 0.5) / s) / k
    v = (y0 + (np.arange((y1 - y0) * s) + 0.5) / s) / k
    col = np.floor((u - r.x) / (r.w / cells.shape[1])).astype(int)
    row = np.floor((v - r.y) / (r.h / cells.shape[0])).astype(int)
    ok_c, ok_r = (col >= 0) & (col < cells.shape[1]), (row >= 0) & (row < cells.shape[0])
    sub = cells[np.clip(row, 0, cells.shape[0] - 1)][:, np.clip(col, 0, cells.shape[1] - 1)]
    sub &= ok_r[:, None] & ok_c[None, :]
    cover = sub.reshape(y1 - y0, s, x1 - x0, s).mean(axis=(1, 3))
    region = img[y0:y1, x0:x1]
    region[:] = np.rint(region * (1.0 - cover)).astype(np.uint8)


def test_a_code_laid_by_rows_and_columns_is_the_sub_pixel_counts_own():
    """The generator's QR, laid with each pixel's coverage counted by rows and columns apart, gives the very bytes of
    counting every sub-pixel, at the generator's and other scales, a rect running off the page included."""
    from scanner.corpus.papers import SUPERSAMPLE, lay_cells
    from scanner.template import Rect

    rng = np.random.default_rng(26)
    for i, k in enumerate((300 / 25.4, 200 / 25.4, 5.0, 7.77)):
        cells = qr_cells(f"S1V1-MS-{i:05d}-P1")
        page = rng.integers(150, 256, (int(297 * k), int(210 * k)), dtype=np.uint8)
        for r in (Rect(170.3, 12.7, 24.0, 24.0), Rect(195.1, 280.2, 21.7, 19.3)):
            want, got = page.copy(), page.copy()
            _laid_sub_pixel_by_sub_pixel(want, cells, r, k, SUPERSAMPLE)
            lay_cells(got, cells, r, k)
            assert got.tobytes() == want.tobytes(), (k, r)
            assert (got != page).any()
