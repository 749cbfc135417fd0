"""The printed form's fixed phrases in the form's own language (Vietnamese, English).

A questionnaire in English gets "Question 4", "Page 1/4" and English
instructions; one in Vietnamese keeps the wording Hướng dẫn 36-HD/VPTW
forms use. Any other language is printed with the English frame, the
lingua franca of the forms people share, and `build` says so.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Language(StrEnum):
    vi = "vi"
    en = "en"


_VI_LETTERS = re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)

PHRASES: dict[Language, dict[str, str]] = {
    Language.vi: {
        "question": "Câu {n}",
        "instructions": (
            "Hướng dẫn: Đánh dấu X vào ô vuông tương ứng với ý kiến của mình (mỗi câu một ô, trừ câu ghi "
            "“có thể chọn nhiều ý”). Muốn thay đổi ý kiến, tô kín ô đã đánh dấu sai rồi đánh dấu X vào ô khác. "
            "Ý kiến khác xin ghi vào dòng để trống. Phiếu không cần ghi tên người trả lời."),
        "other": "Khác (ghi rõ)",
        "at_most": "Chọn tối đa {n} ý.",
        "several": "có thể chọn nhiều ý",
        "closing": "Xin trân trọng cảm ơn!",
        "page": "Trang {p}/{n}",
        "continued": "{title} (tiếp theo)",
        "example": "MẪU VÍ DỤ — thay bằng bảng hỏi do cấp trên ban hành trước khi in phát",
        "acknowledge": "Xác nhận",
        "exclusive": "Nếu chọn “{label}” thì không chọn ý khác.",
        "blank_ref": "……",
        "row_no": "TT",
        "member": "Người thứ {n}",
    },
    Language.en: {
        "question": "Question {n}",
        "instructions": (
            "Instructions: mark X in the box of your answer (one box per question, except where it says "
            "“choose all that apply”). To change an answer, fill the wrong box in completely and mark X in "
            "another. Write other answers on the blank lines. Do not write your name on this form."),
        "other": "Other (please specify)",
        "at_most": "Choose at most {n}.",
        "several": "choose all that apply",
        "closing": "Thank you!",
        "page": "Page {p}/{n}",
        "continued": "{title} (continued)",
        "example": "EXAMPLE — replace with the questionnaire issued before printing",
        "acknowledge": "OK",
        "exclusive": "If you choose “{label}”, choose nothing else.",
        "blank_ref": "……",
        "row_no": "No.",
        "member": "Member {n}",
    },
}


def phrase(language: str, key: str, **values: object) -> str:
    table = PHRASES.get(Language(language) if language in Language.__members__ else Language.en, PHRASES[Language.en])
    return table[key].format(**values)


def language_code(name: str, sample: str = "") -> Language:
    """The printed frame's language for a label language ("Vietnamese (vi)", "English (en)", "default", "Français").

    "default" (a plain `label` column) is judged from the labels themselves:
    Vietnamese letters mean Vietnamese."""
    n = name.casefold().strip()
    code = re.search(r"\(([a-z]{2,3})(?:[-_][a-z0-9]+)?\)\s*$", n)
    if code:
        return Language.vi if code.group(1) in ("vi", "vie") else Language.en
    if n.startswith(("vi", "tiếng việt", "tieng viet")) or n in ("vn",):
        return Language.vi
    if n in ("", "default"):
        return Language.vi if _VI_LETTERS.search(sample) else Language.en
    return Language.en
