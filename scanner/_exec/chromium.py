"""A headless Chromium-family browser (Debian's chromium, Chrome, Edge): HTML to PDF, on request only."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import MissingDependencyError, ProgramTimeout, SurveyError

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


TIMEOUT_S = 180


NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome", "msedge")
WINDOWS_PATHS = ("Google/Chrome/Application/chrome.exe", "Microsoft/Edge/Application/msedge.exe")


def executable() -> str:
    for name in NAMES:
        exe = shutil.which(name)
        if exe:
            return exe
    for root in filter(None, (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)"))):
        for rel in WINDOWS_PATHS:
            if (Path(root) / rel).exists():
                return str(Path(root) / rel)
    raise MissingDependencyError("không tìm thấy trình duyệt Chromium, Chrome hay Edge / no Chromium, Chrome or Edge "
                                 "found: install one, or leave out --pdf-browser (the PDF is then drawn without it)")


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
