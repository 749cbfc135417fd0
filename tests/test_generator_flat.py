"""The corpus generator in constant memory and cheaper per sheet, writing what it wrote before (issue 26, g20):
a TIFF stack written a page at a time, a PDF stack straight to its file, PNG pages by libpng with the pixels and
resolution Pillow gave them, the sheets planned one at a time and their truth spooled to disk."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from dataclasses import asdict

import cv2
import img2pdf
import numpy as np
import pytest
from PIL import Image

from scanner.corpus import degrade
from scanner.corpus.generate import plan_sheets, sheet_truth, write_stack


def _page(seed: int, shape: tuple[int, int] = (700, 500)) -> np.ndarray:
    """A grey page with print and noise, as a scan's JPEG would carry it."""
    rng = np.random.default_rng(seed)
    img = np.full(shape, 238, np.uint8)
    for _ in range(40):
        y, x = int(rng.integers(0, shape[0] - 30)), int(rng.integers(0, shape[1] - 80))
        img[y:y + 12, x:x + int(rng.integers(10, 80))] = int(rng.integers(10, 120))
    noise = rng.normal(0, 4, shape)
    return np.clip(img + noise, 0, 255).astype(np.uint8)


def _jpeg(img: np.ndarray) -> bytes:
    return cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()


def _g4(img: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.where(img < 140, 0, 255).astype(np.uint8)).convert("1").save(
        buf, "TIFF", compression="group4", dpi=(200, 200))
    return buf.getvalue()


@pytest.mark.parametrize("bilevel", [False, True])
def test_a_tiff_stack_is_the_file_pillows_save_all_writes(tmp_path, bilevel):
    """Page by page, the same bytes as Pillow's own multi-page writer given every page at once."""
    pages = [(_g4(_page(k)) if bilevel else _jpeg(_page(k)), "tiff" if bilevel else "jpeg", 200) for k in range(3)]
    files = write_stack(tmp_path, "s", "tiff", pages)
    assert files == ["s.tif"] * 3
    opened = [Image.open(io.BytesIO(p[0])) for p in pages]
    ims = opened if bilevel else [im.convert("L") for im in opened]
    want = tmp_path / "want.tif"
    ims[0].save(want, "TIFF", save_all=True, append_images=ims[1:], compression="group4" if bilevel else "tiff_lzw",
                dpi=(200, 200))
    assert (tmp_path / "s.tif").read_bytes() == want.read_bytes()


def test_a_pdf_stack_is_the_file_img2pdf_makes_in_memory(tmp_path):
    pages = [(_jpeg(_page(k)), "jpeg", 200) for k in range(3)]
    write_stack(tmp_path, "s", "pdf", pages)
    layout = img2pdf.get_fixed_dpi_layout_fun((200, 200))
    want = img2pdf.convert([p[0] for p in pages], layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal)
    assert (tmp_path / "s.pdf").read_bytes() == want


def test_png_pages_carry_the_decoded_jpegs_pixels_and_resolution(tmp_path):
    """What a reader gets from a PNG page: the JPEG's pixels as Pillow decodes them, at the scan's resolution."""
    pages = [(_jpeg(_page(k)), "jpeg", dpi) for k, dpi in enumerate((150, 200, 300))]
    files = write_stack(tmp_path, "s", "png", pages)
    for f, (data, _, dpi) in zip(files, pages, strict=True):
        got = Image.open(tmp_path / f)
        assert got.format == "PNG" and got.mode == "L"
        want = np.asarray(Image.open(io.BytesIO(data)).convert("L"))
        pillows = io.BytesIO()
        Image.fromarray(want).save(pillows, "PNG", dpi=(dpi, dpi))
        assert got.info["dpi"] == Image.open(pillows).info["dpi"] == pytest.approx((dpi, dpi), abs=0.02)
        assert np.array_equal(np.asarray(got), want)
        assert np.array_equal(cv2.imdecode(np.frombuffer((tmp_path / f).read_bytes(), np.uint8), 0), want)


def test_sheet_truth_gives_each_box_as_asdict_does(template, plan):
    for s in plan_sheets(np.random.default_rng(3), template, plan, 6):
        boxes = sheet_truth(s)["boxes"]
        assert boxes == {q: {o: asdict(b) for o, b in t.boxes.items()} for q, t in s.answers.items()}
        assert json.dumps(boxes, sort_keys=True) == json.dumps(
            {q: {o: asdict(b) for o, b in t.boxes.items()} for q, t in s.answers.items()}, sort_keys=True)


def test_sheets_reusing_a_serial_are_all_marked(template, plan):
    """Every sheet printed with a unit and serial that another sheet of the corpus also carries is marked reused,
    the earlier as well as the later (counted here from the sheets' printed codes)."""
    sheets = plan_sheets(np.random.default_rng(7), template, plan, 400)
    count: dict[tuple[str | None, int], int] = {}
    for s in sheets:
        if s.unit is not None:
            count[(s.unit, s.serial)] = count.get((s.unit, s.serial), 0) + 1
    shared = {k for k, n in count.items() if n > 1}
    assert shared
    assert {s.sheet for s in sheets if s.reused_serial} == {s.sheet for s in sheets if (s.unit, s.serial) in shared}


FLAT = textwrap.dedent("""
    import resource, sys
    import cv2, numpy as np
    from pathlib import Path
    from scanner.corpus.generate import write_stack
    page = np.full((3508, 2480), 240, np.uint8)
    page[::40] = 30
    data = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()
    out = Path(sys.argv[1])
    write_stack(out, "warm", "tiff", [(data, "jpeg", 300)])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    write_stack(out, "s", "tiff", [(data, "jpeg", 300)] * 20)
    print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
""")


def test_a_tiff_stack_of_300_dpi_pages_is_written_in_flat_memory(tmp_path):
    """Twenty A4 pages at 300 dpi are 174 MB decoded; written a page at a time, the peak grows by a few pages at
    most (before, every page was held decoded until the file was written: a worker's 718 MB)."""
    done = subprocess.run([sys.executable, "-c", FLAT, str(tmp_path)], check=True, capture_output=True, text=True)
    grew_mb = float(done.stdout.strip().splitlines()[-1])
    assert grew_mb < 60, grew_mb
    with Image.open(tmp_path / "s.tif") as im:
        assert im.n_frames == 20


def test_the_copiers_contrast_table_is_the_float_sums_on_every_pixel():
    """The photocopy profile's contrast as a table of the 256 grey levels gives each pixel what the float32 sums
    on the whole page gave (a page holding every level, in noise and in runs)."""
    rng = np.random.default_rng(1)
    page = np.concatenate([np.arange(256, dtype=np.uint8).repeat(7), rng.integers(0, 256, 20000).astype(np.uint8)])
    page = page[: (page.size // 100) * 100].reshape(-1, 100)
    want = np.clip((page.astype(np.float32) - 128) * 1.15 + 118, 0, 255).astype(np.uint8)
    assert np.array_equal(cv2.LUT(page, degrade.COPY_CONTRAST), want)


def _curl_on_full_grids(img: np.ndarray, rng: np.random.Generator, amount_px: float, bg: int) -> np.ndarray:
    """A curled page as the generator drew it before: every map computed on full-page grids."""
    h, w = img.shape
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    edge = float(rng.uniform(0.55, 0.9))
    lift = np.clip((gx / w - edge) / (1 - edge), 0, None) ** 2 * amount_px
    return cv2.remap(img, gx - lift * 0.3, gy + lift * np.sin(np.pi * gy / h), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=bg)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_curled_photo_is_what_the_full_page_grids_gave(seed):
    r = np.random.default_rng(seed + 10)
    img = r.integers(0, 256, (int(r.integers(500, 900)), int(r.integers(400, 700)))).astype(np.uint8)
    amount = float(r.uniform(6, 40))
    got = degrade._curl(img, np.random.default_rng(seed), amount, 255)
    assert np.array_equal(got, _curl_on_full_grids(img, np.random.default_rng(seed), amount, 255))


CURL = textwrap.dedent("""
    import resource
    import numpy as np
    from scanner.corpus.degrade import _curl
    img = np.full((3250, 2300), 200, np.uint8)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _curl(img, np.random.default_rng(1), 30.0, 255)
    print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
""")


def test_a_curled_photo_takes_no_full_page_float_grids():
    """A phone photo's curl at its largest size (2300 px wide) took seven float32 copies of the page, 180 MB; two
    maps (60 MB) are all remap needs."""
    done = subprocess.run([sys.executable, "-c", CURL], check=True, capture_output=True, text=True)
    grew_mb = float(done.stdout.strip().splitlines()[-1])
    assert grew_mb < 80, grew_mb
