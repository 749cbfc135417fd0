"""Fonts with full Vietnamese coverage, shared by the printed forms and the corpus generator."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import MissingDependencyError

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
FONT_FILES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSansMono": "DejaVuSansMono.ttf",
}
STYLE_TO_FONT = {"regular": "DejaVuSans", "bold": "DejaVuSans-Bold", "mono": "DejaVuSansMono"}


def font_path(name: str) -> Path:
    for d in FONT_DIRS:
        p = d / FONT_FILES[name]
        if p.exists():
            return p
    raise MissingDependencyError(
        f"font {FONT_FILES[name]} not found: install the Debian package fonts-dejavu-core (run ./run setup)"
    )


@cache
def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in FONT_FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
