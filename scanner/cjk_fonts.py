"""Where a CJK font is looked for on this machine: apart from scripts.py, so that the side caches' key
(side_store) names these files without importing the table of scripts and its patterns (issue 26: about 7 ms of
a scan's start-up)."""

from __future__ import annotations

import os
from pathlib import Path

_LINUX = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
          "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "/usr/share/fonts/truetype/arphic/uming.ttc")
_WINDOWS = ("msyh.ttc", "simsun.ttc", "msgothic.ttc", "malgun.ttf")  # in %WINDIR%\Fonts
_MAC = ("/Library/Fonts/Arial Unicode.ttf", "/System/Library/Fonts/Supplemental/Arial Unicode.ttf")


def east_asian_candidates() -> list[Path]:
    """Where a CJK font with TrueType outlines is looked for, the likeliest first."""
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    found = [Path(p) for p in _LINUX]
    if windir:
        found += [Path(windir) / "Fonts" / n for n in _WINDOWS]
    return found + [Path(p) for p in _MAC]
