"""Builds templates/ballot_layout.json from the questionnaire's wording.

The JSON it writes is the single source of truth that printing and reading
use; this script only exists so that laying out text by hand (wrapping,
columns, millimetre positions) is done by a program that measures the real
font rather than by guesswork. Run it again after changing the wording:

    python tools/build_layout.py
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib.utils import simpleSplit  # noqa: E402
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402

from scanner.fonts import register_fonts  # noqa: E402

PT_PER_MM = 72 / 25.4
LEFT, RIGHT = 20.0, 190.0
WIDTH = RIGHT - LEFT
BOX = 5.0
ROW = 7.0
LABEL_PT = 9.5
QUESTION_PT = 10.0
LINE = 4.6  # mm per wrapped line of question text

TITLE = "PHIẾU ĐIỀU TRA XÃ HỘI HỌC"
SUBTITLE = (
    "Về kết quả sau 2,5 năm thực hiện Nghị quyết số 06-NQ/TU về nâng cao chất lượng "
    "đội ngũ cán bộ lãnh đạo, quản lý người dân tộc thiểu số và cán bộ chủ chốt cấp xã "
    "giai đoạn 2021-2025, định hướng đến năm 2030"
)
INSTRUCTIONS = (
    "Hướng dẫn: Đồng chí/Ông (Bà) đánh dấu X vào ô vuông tương ứng với ý kiến của mình. "
    "Muốn thay đổi ý kiến, tô kín ô đã đánh dấu sai rồi đánh dấu X vào ô khác. "
    "Phiếu không cần ghi tên người trả lời."
)

# (id, type, printed text, options, extra)
PART_I = [
    ("a1", "single", "Đối tượng", ["Cán bộ lãnh đạo, quản lý", "Cán bộ, công chức, viên chức",
     "Đảng viên (không giữ chức vụ)", "Đoàn viên, hội viên các đoàn thể", "Nhân dân"], {}),
    ("a2", "single", "Giới tính", ["Nam", "Nữ"], {}),
    ("a3", "single", "Dân tộc", ["Kinh", "Thái", "Dao", "Mông", "Hà Nhì", "Giáy", "Lự", "Khác"], {}),
    ("a4", "single", "Độ tuổi", ["Dưới 30", "Từ 30 đến 45", "Từ 46 đến 60", "Trên 60"], {}),
    ("a5", "single", "Trình độ học vấn", ["Tiểu học", "Trung học cơ sở", "Trung học phổ thông",
     "Trung cấp, cao đẳng", "Đại học trở lên"], {}),
]
PART_II_P1 = [
    ("q1", "multiple", "Đồng chí/Ông (Bà) biết đến Nghị quyết qua những kênh nào? (có thể chọn nhiều ý)",
     ["Hội nghị học tập, quán triệt Nghị quyết", "Sinh hoạt chi bộ, cơ quan, đoàn thể",
      "Báo chí, phát thanh, truyền hình", "Mạng xã hội, internet",
      "Cán bộ cơ sở, người có uy tín tuyên truyền", "Chưa biết đến Nghị quyết"],
     {"exclusive": ["6"]}),
    ("q2", "single", "Sự quan tâm lãnh đạo, chỉ đạo của cấp ủy, chính quyền các cấp",
     ["Rất quan tâm", "Quan tâm", "Ít quan tâm", "Không quan tâm", "Không đánh giá được"], {}),
    ("q3", "single", "Vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
     ["Rất tích cực", "Tích cực", "Chưa tích cực", "Không đánh giá được"], {}),
]
PART_II_P2 = [
    ("q4", "single", "Chất lượng đội ngũ cán bộ lãnh đạo, quản lý người dân tộc thiểu số và cán bộ "
     "chủ chốt cấp xã sau 2,5 năm",
     ["Chuyển biến rõ rệt", "Có chuyển biến", "Chuyển biến chậm", "Chưa chuyển biến", "Không đánh giá được"], {}),
    ("q5", "grid", "Đánh giá kết quả thực hiện các nhiệm vụ, giải pháp",
     ["Tốt", "Khá", "Trung bình", "Yếu"],
     {"rows": ["Công tác quy hoạch cán bộ người dân tộc thiểu số", "Công tác đào tạo, bồi dưỡng",
               "Luân chuyển, bố trí, sử dụng cán bộ", "Thực hiện chính sách thu hút, đãi ngộ",
               "Kiểm tra, giám sát việc thực hiện Nghị quyết"]}),
    ("q6", "multiple", "Hạn chế, bất cập của đội ngũ cán bộ chủ chốt cấp xã (có thể chọn nhiều ý)",
     ["Trình độ chuyên môn, lý luận chính trị còn hạn chế", "Kỹ năng lãnh đạo, quản lý, điều hành",
      "Năng lực ứng dụng công nghệ thông tin", "Khả năng sử dụng tiếng dân tộc thiểu số",
      "Tinh thần trách nhiệm, tính chủ động", "Khác (ghi rõ)"], {"other_text": "q6_other"}),
    ("q7", "multiple", "Giải pháp cần ưu tiên trong thời gian tới (chọn tối đa 3 ý)",
     ["Tăng cường tuyên truyền, quán triệt Nghị quyết", "Đổi mới công tác đào tạo, bồi dưỡng",
      "Hoàn thiện chính sách thu hút, đãi ngộ", "Đẩy mạnh luân chuyển, bố trí cán bộ",
      "Tăng cường kiểm tra, giám sát", "Phát huy vai trò của Mặt trận và các đoàn thể"],
     {"max_choices": 3}),
    ("q8", "text", "Ý kiến, đề xuất khác của Đồng chí/Ông (Bà)", [], {"height": 20.0}),
]
ONLINE_TITLES = {
    "a1": "Đồng chí/Ông (Bà) thuộc đối tượng nào?",
    "a2": "Giới tính",
    "a3": "Dân tộc",
    "a4": "Độ tuổi",
    "a5": "Trình độ học vấn",
}
ONLINE_ALIASES = {"a1": ["Đối tượng"], "q6_other": ["Khác (ghi rõ)"], "q8": ["Ý kiến, đề xuất khác"]}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def r(v: float) -> float:
    return round(v, 2)


class Builder:
    def __init__(self) -> None:
        self.texts: list[dict] = []
        self.questions: list[dict] = []

    def text(self, page: int, x: float, y: float, s: str, size: float = LABEL_PT, font: str = "regular",
             align: str = "left") -> None:
        self.texts.append({"page": page, "x_mm": r(x), "y_mm": r(y), "size_pt": size, "font": font,
                           "align": align, "text": nfc(s)})

    def wrapped(self, page: int, x: float, y: float, s: str, width: float, size: float, font: str = "regular",
                align: str = "left", line: float = LINE) -> float:
        fname = {"regular": "DejaVuSans", "bold": "DejaVuSans-Bold"}[font]
        for i, part in enumerate(simpleSplit(nfc(s), fname, size, width * PT_PER_MM)):
            self.text(page, x, y + i * line, part, size, font, align)
            last = y + i * line
        return last

    def question(self, page: int, y: float, number: str, spec: tuple) -> float:
        qid, qtype, text, options, extra = spec
        y = self.wrapped(page, LEFT, y, f"{number} {text}", WIDTH, QUESTION_PT, "bold") + 2.5
        q: dict = {"id": qid, "type": qtype, "page": page, "text": nfc(text),
                   "online_title": nfc(ONLINE_TITLES.get(qid, text)),
                   "online_aliases": [nfc(a) for a in ONLINE_ALIASES.get(qid, [])]}
        if qtype == "text":
            h = extra["height"]
            q["area"] = {"x_mm": LEFT, "y_mm": r(y), "w_mm": WIDTH, "h_mm": h}
            self.questions.append(q)
            return y + h + 5
        if qtype == "grid":
            return self.grid(q, page, y, options, extra["rows"])
        widest = max(stringWidth(nfc(o), "DejaVuSans", LABEL_PT) / PT_PER_MM for o in options) + BOX + 4
        ncols = max(1, min(4, int(WIDTH // widest)))
        colw = WIDTH / ncols
        opts = []
        for i, label in enumerate(options):
            row, col = divmod(i, ncols)
            bx, by = LEFT + col * colw, y + row * ROW
            self.text(page, bx + BOX + 2, by + BOX - 0.9, label)
            opts.append({"id": str(i + 1), "label": nfc(label),
                         "box": {"x_mm": r(bx), "y_mm": r(by), "w_mm": BOX, "h_mm": BOX}})
        q["options"] = opts
        q.update({k: v for k, v in extra.items() if k != "other_text"})
        other = [o["id"] for o in opts if o["label"].startswith("Khác")]
        if other:
            q["other_option"] = other[0]
        y += ((len(options) - 1) // ncols + 1) * ROW
        self.questions.append(q)
        if "other_text" in extra:
            oid = extra["other_text"]
            self.questions.append({"id": oid, "type": "text", "page": page, "text": "Khác (ghi rõ)",
                                   "online_title": nfc(f"{text} [Khác]"),
                                   "online_aliases": [nfc(a) for a in ONLINE_ALIASES.get(oid, [])],
                                   "other_of": qid,
                                   "area": {"x_mm": LEFT + 8, "y_mm": r(y), "w_mm": WIDTH - 8, "h_mm": 12.0}})
            y += 12
        return y + 4

    def grid(self, q: dict, page: int, y: float, columns: list[str], rows: list[str]) -> float:
        label_w, colw = 94.0, (WIDTH - 94.0) / len(columns)
        for j, c in enumerate(columns):
            self.text(page, LEFT + label_w + (j + 0.5) * colw, y + 3, c, 9.0, "bold", "center")
        y += 6
        q["columns"] = [{"id": str(j + 1), "label": nfc(c)} for j, c in enumerate(columns)]
        q["rows"] = []
        for i, label in enumerate(rows):
            ry = y + i * 7.5
            self.text(page, LEFT, ry + BOX - 0.9, f"{chr(97 + i)}) {label}", 9.0)
            boxes = []
            for j in range(len(columns)):
                bx = LEFT + label_w + (j + 0.5) * colw - BOX / 2
                boxes.append({"x_mm": r(bx), "y_mm": r(ry), "w_mm": BOX, "h_mm": BOX})
            q["rows"].append({"id": f"{q['id']}{chr(97 + i)}", "label": nfc(label), "boxes": boxes,
                              "online_title": nfc(f"{q['online_title']} [{label}]")})
        self.questions.append(q)
        return y + len(rows) * 7.5 + 4


def build() -> dict:
    register_fonts()
    b = Builder()
    b.text(1, 45, 27, "HUYỆN ỦY PHONG THỔ", 9.5, "regular", "center")
    b.text(1, 45, 32, "BAN TUYÊN GIÁO", 9.5, "bold", "center")
    b.text(1, 122, 27, "ĐẢNG CỘNG SẢN VIỆT NAM", 10.5, "bold", "center")
    b.text(1, 105, 52, TITLE, 14, "bold", "center")
    y = b.wrapped(1, 105, 58, SUBTITLE, 150, 10, "regular", "center") + 7
    y = b.wrapped(1, LEFT, y, INSTRUCTIONS, WIDTH, 9, "regular") + 8
    b.text(1, LEFT, y, "PHẦN I. THÔNG TIN VỀ NGƯỜI TRẢ LỜI PHIẾU", 10.5, "bold")
    y += 6
    for i, spec in enumerate(PART_I):
        y = b.question(1, y, f"{i + 1}.", spec)
    b.text(1, LEFT, y, "PHẦN II. NỘI DUNG ĐIỀU TRA", 10.5, "bold")
    y += 6
    for i, spec in enumerate(PART_II_P1):
        y = b.question(1, y, f"Câu {i + 1}.", spec)
    assert y < 272, f"page 1 overflows: {y}"
    b.text(2, LEFT, 27, "PHIẾU ĐIỀU TRA XÃ HỘI HỌC (tiếp theo)", 10, "bold")
    y = 56.0
    for i, spec in enumerate(PART_II_P2):
        y = b.question(2, y, f"Câu {i + 4}.", spec)
    assert y < 270, f"page 2 overflows: {y}"
    b.text(2, 105, 275, "Xin trân trọng cảm ơn Đồng chí/Ông (Bà)!", 9.5, "bold", "center")
    fiducials = []
    for page in (1, 2):
        for k, (x, yy) in enumerate([(10, 10), (190, 10), (10, 277), (190, 277)]):
            fiducials.append({"page": page, "marker_id": (page - 1) * 4 + k, "x_mm": x, "y_mm": yy, "size_mm": 10})
    return {
        "schema_version": 1,
        "survey_id": "KH35",
        "template_version": "1",
        "breakdowns": ["a1", "a3"],
        "title": nfc(TITLE),
        "subtitle": nfc(SUBTITLE),
        "instructions": nfc(INSTRUCTIONS),
        "page_size_mm": [210, 297],
        "pages": 2,
        "fiducials": {"dictionary": "DICT_4X4_50", "marks": fiducials},
        "sheet_code": {
            "qr": {"x_mm": 166, "y_mm": 23, "w_mm": 22, "h_mm": 22},
            "text": {"x_mm": 140, "y_mm": 46, "w_mm": 50, "h_mm": 5, "size_pt": 8},
        },
        "online": {"timestamp_titles": ["Timestamp", "Dấu thời gian"],
                   "required": ["a1", "a2", "a3", "a4", "a5"],
                   "unit_title": nfc("Đơn vị công tác của Đồng chí/Ông (Bà)"),
                   "unit_aliases": [nfc("Đơn vị"), nfc("Đơn vị công tác")]},
        "texts": b.texts,
        "questions": b.questions,
    }


if __name__ == "__main__":
    out = ROOT / "templates" / "ballot_layout.json"
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
