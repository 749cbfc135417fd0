"""The fonts the report's charts are drawn in, per script, and the one note naming letters no font has.

matplotlib 3.11 and later shape and order each text run itself (libraqm, HarfBuzz) and fall back from font to font
glyph by glyph: the serif, the bundled Noto Sans Arabic, matplotlib's own DejaVu Sans (Hebrew, Armenian…), the bundled
font of each other script (scripts.SCRIPT_FONTS: Devanagari, Tamil, Khmer, Ethiopic, Tibetan…), the machine's CJK
font, then any installed font that has letters none of those has.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from ..scripts import SCRIPT_FONTS, east_asian_path, script, script_name

_CHART_BUNDLED = ("LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "NotoSansArabic",
                  "NotoSansArabic-Bold")


@cache
def _charmap(path: str) -> frozenset[int]:
    from matplotlib import ft2font

    try:
        return frozenset(ft2font.FT2Font(path).get_charmap())
    except (OSError, RuntimeError, ValueError):
        return frozenset()


@cache
def _chart_fonts() -> tuple[tuple[str, frozenset[int]], ...]:
    """(family, characters) of the fonts charts draw with, in fallback order."""
    from matplotlib import font_manager

    from ..fonts import FONT_DIR, font_path

    manager = font_manager.fontManager
    known = {f.fname for f in manager.ttflist}
    for name in _CHART_BUNDLED:  # the toolkit's own copies, found before any of the system's of the same name
        if str(font_path(name)) not in known:
            manager.addfont(str(font_path(name)))
    fonts = [("Liberation Serif", _charmap(str(font_path("LiberationSerif")))),
             ("Noto Sans Arabic", _charmap(str(font_path("NotoSansArabic")))),
             ("DejaVu Sans", _charmap(font_manager.findfont("DejaVu Sans", fallback_to_default=False)))]
    for entry in SCRIPT_FONTS.values():  # Noto Sans Devanagari, Tamil, Ethiopic…: the bundled fonts of other scripts
        if entry.regular.startswith("DejaVuSans"):
            continue
        for name in dict.fromkeys((entry.regular, entry.bold)):
            if str(FONT_DIR / name) not in known:
                manager.addfont(str(FONT_DIR / name))
        regular = str(FONT_DIR / entry.regular)
        fonts.append((font_manager.FontProperties(fname=regular).get_name(), _charmap(regular)))
    cjk = east_asian_path()
    if cjk:
        if str(cjk) not in known:
            manager.addfont(str(cjk))
        import dataclasses  # WenQuanYi Zen Hei says weight 500: as 400, "normal" finds it without a warning, whether
        # this process added it or matplotlib's own font cache already held it

        manager.ttflist = [dataclasses.replace(f, weight=400) if f.fname == str(cjk) and f.weight == 500 else f
                           for f in manager.ttflist]
        fonts.append((font_manager.FontProperties(fname=str(cjk)).get_name(), _charmap(str(cjk))))
    return tuple(fonts)


@cache
def _installed(ch: str) -> tuple[str, frozenset[int]] | None:
    """An installed font (Windows' Nirmala UI, Debian's fonts-noto-core…) that has this letter."""
    from matplotlib import font_manager

    for entry in sorted(font_manager.fontManager.ttflist, key=lambda f: f.fname):
        if entry.name.startswith("Last Resort"):  # matplotlib's own: a box for every letter
            continue
        if entry.fname.lower().endswith((".ttf", ".otf", ".ttc")) and ord(ch) in _charmap(entry.fname):
            return entry.name, _charmap(entry.fname)
    return None


def chart_families(texts: Iterable[str] = ()) -> tuple[list[str], str]:
    """The font families a chart of these texts is drawn with, and the one note naming the letters no font on
    this machine has ("" when every letter can be drawn): they would show as empty boxes."""
    fonts = list(_chart_fonts())
    missing: dict[str, None] = {}
    for text in texts:
        for ch in text:
            if ch.isspace() or unicodedata.category(ch)[0] not in "LMN" or any(ord(ch) in cm for _, cm in fonts):
                continue
            found = _installed(ch)
            if found:
                fonts.append(found)
            else:
                missing[ch] = None
    families = list(dict.fromkeys(name for name, _ in fonts))
    if not missing:
        return families, ""
    keys = list(dict.fromkeys(script(c) for c in missing))
    names = ", ".join(script_name(k) for k in keys)
    shown = "".join(list(missing)[:8])
    return families, (f"biểu đồ không vẽ được chữ {names} ({shown!r}): máy này không có phông chữ có các chữ đó, "
                      f"chúng hiện thành ô trống; bảng số vẫn đúng / the charts cannot draw the {names} letters "
                      f"({shown!r}): no font on this machine has them, they show as empty boxes (install one, e.g. "
                      "Debian's fonts-noto-core); the tables are unaffected")
