"""The one line that refuses paper for a form whose letters no bundled font prints rightly (a script without a font,
or one that needs shaping where uharfbuzz is missing): which scripts and letters, why, and what to do instead."""

from __future__ import annotations

from .scripts import NEEDS_SHAPING, SHAPED_FONTS, script, script_name

VERTICAL = {"MONGOLIAN"}  # traditional Mongolian (Mongolia's forms are in Cyrillic, which prints)


def why_not(source: str, missing: str, right_to_left: bool = False) -> str:
    """The one line that refuses paper for a form with letters no font prints rightly: the file, the scripts and
    the letters, why, and what to do instead."""
    keys = list(dict.fromkeys(script(c) for c in missing))
    names = ", ".join(script_name(k) for k in keys)
    shown = "".join([c for c in missing if c.isalpha()][:8] or list(missing)[:8])
    fonts = "DejaVu Sans và Noto Sans Arabic" if right_to_left else "phông chữ của bộ công cụ"
    fonts_en = "the fonts DejaVu Sans and Noto Sans Arabic have" if right_to_left else "the toolkit's fonts have"
    if any(k in VERTICAL for k in keys):
        vi = f"chữ {names} viết thành cột dọc, mà phiếu in theo dòng ngang"
        en = f"{names} is written in vertical columns, which the form's horizontal lines cannot hold"
    elif any(k in SHAPED_FONTS for k in keys):
        vi = f"chữ {names} cần ghép chữ (shaping) bằng gói uharfbuzz, mà máy này chưa cài"
        en = f"{names} letters need shaping by the uharfbuzz package, not installed here (pip install uharfbuzz)"
    elif any(k in NEEDS_SHAPING for k in keys):
        vi = f"chữ {names} cần ghép chữ (shaping) mà trình in phiếu chưa làm được"
        en = (f"{names} letters need shaping (conjuncts, vowel signs placed around their consonant) that the "
              "form printer cannot do for them yet (it does for the Indic scripts, Sinhala, Thai, "
              "Lao, Khmer, Myanmar, Tibetan, Javanese, Sundanese, Balinese, Tai Tham, Ol Chiki, Tifinagh, Syriac, "
              "Thaana, N'Ko, Adlam, Hanifi Rohingya, Samaritan and Mandaic)")
    elif any(k in ("CJK", "Hangul") for k in keys):
        vi = f"máy này không có phông chữ {names}"
        en = (f"this machine has no {names} font (install one: apt-get install fonts-wqy-zenhei, which ./run setup "
              "does; Windows has Microsoft YaHei)")
    else:
        vi = f"{fonts} không có chữ {names}"
        en = f"{fonts_en} no {names} letters"
    where = " viết từ phải sang trái" if right_to_left else ""
    where_en = " in the right-to-left labels" if right_to_left else ""
    return (f"{source}: {vi} ({shown!r}{where}) nên không in phiếu giấy; dùng online-form để tạo biểu mẫu Google, "
            f"hoặc build lại với --lang một ngôn ngữ khác / {en} ({shown!r}{where_en}), so paper is not printed; "
            "use online-form for the Google Form, or build again with --lang naming another language")
