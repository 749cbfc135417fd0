"""Headless Chromium (Debian's package): HTML to PDF and screenshots of local pages."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import MissingDependencyError, ProgramTimeout, SurveyError

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


TIMEOUT_S = 180


def executable() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        exe = shutil.which(name)
        if exe:
            return exe
    raise MissingDependencyError("Chromium is not installed: run ./run setup (Debian package chromium)")


def html_to_pdf(html_file: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [executable(), *FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf}", html_file.resolve().as_uri()]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise ProgramTimeout(f"{pdf}: Chromium in báo cáo quá {TIMEOUT_S} giây / Chromium took over {TIMEOUT_S} s "
                                 "to print the report; run the command again") from None
    if res.returncode != 0 or not pdf.exists():
        raise SurveyError(f"{pdf}: Chromium could not print the report ({res.stderr.strip()[-200:]}); "
                          "check that the folder is writable")
