"""A loose JPEG's size is checked from its own frame header, without Pillow (issue 26: Pillow's first opening
cost every JPEG scan ~45 ms of CPU); a JPEG whose header cannot be read is still Pillow's to judge."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.errors import InputFileError, TooLarge
from scanner.ingest import count_pages, pages_of

ROOT = Path(__file__).resolve().parents[1]


def _jpeg() -> bytes:
    img = np.full((300, 212), 230, np.uint8)
    cv2.putText(img, "19", (50, 150), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    return cv2.imencode(".jpg", img)[1].tobytes()


def _sof(data: bytes) -> int:
    k = data.index(b"\xff\xc0")
    assert int.from_bytes(data[k + 5:k + 7], "big") == 300  # height, then width
    return k


def test_a_jpeg_claiming_a_giant_page_is_refused_as_too_large(tmp_path):
    data = bytearray(_jpeg())
    k = _sof(bytes(data))
    data[k + 5:k + 9] = (30000).to_bytes(2, "big") + (30000).to_bytes(2, "big")  # 900 megapixels
    f = tmp_path / "giant.jpg"
    f.write_bytes(bytes(data))
    with pytest.raises(TooLarge, match="30000x30000"):
        count_pages(f)


def test_a_jpeg_without_a_frame_header_is_still_refused(tmp_path):
    data = _jpeg()
    k = _sof(data)
    f = tmp_path / "cut.jpg"
    f.write_bytes(data[:k])  # no frame header: Pillow cannot open it either
    with pytest.raises(InputFileError, match="cut.jpg"):
        list(pages_of(f))


def test_reading_a_jpeg_page_loads_no_pillow(tmp_path):
    f = tmp_path / "page.jpg"
    f.write_bytes(_jpeg())
    code = ("import sys\nfrom pathlib import Path\nfrom scanner.ingest import count_pages, pages_of\n"
            f"p = Path({str(f)!r})\nsha, n = count_pages(p)\n[s] = pages_of(p, sha)\n"
            "assert n == 1 and s.fmt == 'jpeg' and s.error is None\nprint('PIL' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
