"""The template's rules applied to one question's box readings: an answer, or a reason to ask a person."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from .ink import DEFAULT, BoxReading
from .kinds import DIGIT_KINDS, Kind
from .kinds.registry import read_grid
from .template import Question, Template

REASONS_VI = {
    "uncertain_box": "Ô đánh dấu không rõ",
    "stray_ink": "Có nét ngoài ô (khoanh tròn, gạch, viết thêm)",
    "filled_only": "Ô bị tô kín mà không có ô nào khác được đánh dấu",
    "multiple_marks": "Nhiều ô được đánh dấu ở câu chỉ chọn một",
    "too_many": "Chọn quá số ý cho phép",
    "exclusive_conflict": "Chọn \"Chưa biết\" cùng với ý khác",
    "low_confidence": "Độ tin cậy thấp (ảnh quét kém)",
    "blank_on_bilevel": "Câu bỏ trống trên bản quét đen trắng (dấu bút chì có thể đã mất)",
    "no_marks_on_page": "Cả trang không có dấu nào (có thể bút chì mờ bị mất khi quét đen trắng)",
    "skipped_answered": "Có trả lời ở câu mà hướng dẫn trên phiếu bảo bỏ qua",
    "constraint_broken": "Câu trả lời trái với điều kiện của bảng hỏi",
    "cascade_conflict": "Phương án đã chọn không thuộc phương án đã chọn ở câu trên (danh sách phân cấp)",
    "marks_lost_on_page": "Nhiều câu trên trang quét đen trắng không còn dấu (bút chì có thể đã mất): dấu còn lại cần "
                          "kiểm tra",
    "two_marks_in_column": "Hai ô được đánh dấu trong cùng một cột chữ số",
    "digit_gap": "Cột chữ số bị bỏ trống giữa các cột đã đánh dấu",
    "written_not_marked": "Có chữ số viết vào ô nhưng cột bên dưới không được đánh dấu",
    "incomplete": "Ngày tháng chưa đánh dấu đủ các cột",
    "not_a_date": "Ngày tháng đã đánh dấu không có thật trên lịch",
}
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    answer: tuple[str, ...]
    status: str  # answered | blank | review
    reasons: tuple[str, ...]
    confidence: float


def apply_rules(q: Question, readings: list[BoxReading], stray_mm2: float = 0.0,
                page_quality: float = 1.0, bilevel: bool = False, written: Collection[int] = ()) -> QuestionResult:
    """bilevel: the page came as black and white only, where a light pencil mark can vanish without trace.
    written: a digit grid's columns (1...) whose write-in box holds ink: a column left unmarked under one
    is a digit the respondent forgot to mark, not a shorter number."""
    reasons: list[str] = []
    states = {r.option_id: r.state for r in readings}
    chosen = tuple(o.id for o in q.options if states.get(o.id) == "marked")
    filled = [o for o, s in states.items() if s == "filled"]
    if any(s == "uncertain" for s in states.values()):
        reasons.append("uncertain_box")
    if stray_mm2 >= DEFAULT.stray_min_mm2:
        reasons.append("stray_ink")
    if filled and not chosen:
        reasons.append("filled_only")
    if q.type in DIGIT_KINDS:
        grid = read_grid(q.type, q.digits, q.decimals, chosen, written)
        reasons += grid.reasons
        chosen = (grid.text,) if grid.text is not None else ()
    if q.type == Kind.single and len(chosen) > 1:
        reasons.append("multiple_marks")
    if q.type == Kind.multiple and q.max_choices and len(chosen) > q.max_choices:
        reasons.append("too_many")
    if q.exclusive and any(c in q.exclusive for c in chosen) and len(chosen) > 1:
        reasons.append("exclusive_conflict")
    confidence = min([r.confidence for r in readings] + [page_quality])
    if confidence < MIN_CONFIDENCE and "uncertain_box" not in reasons:
        reasons.append("low_confidence")
    if not reasons and not chosen and bilevel:
        reasons.append("blank_on_bilevel")
    status = "review" if reasons else ("answered" if chosen else "blank")
    return QuestionResult(q.id, chosen, status, tuple(reasons), round(confidence, 3))


BLANKS_LOST_MIN = 2  # blank questions on one 1-bit side that say its pen was lost ...
BLANKS_LOST_SHARE = 0.25  # ... and at least this share of the side's questions


def page_rules(results: dict[str, QuestionResult], pen_kept: bool = False,
               conditional: Collection[str] = ()) -> dict[str, QuestionResult]:
    """A whole side with not one mark is asked about rather than recorded as blank.

    Respondents rarely skip every question of a side; a light pencil on a
    black-and-white scan, or a page fed in from the wrong survey, does that.
    On a 1-bit side where several questions came out blank, the threshold
    has likely taken a light pen's marks: what it kept of the rest (the X of
    a box filled in to cancel it, drawn twice over, while the chosen X
    vanished) is asked about too, unless the side's marks show its pen
    plainly survived the threshold (marks.pen_kept): its blank questions
    are still asked about, one by one, but what it read is whole ink.
    conditional: questions the form asks only of some respondents; a side
    holding nothing else may rightly be left blank (the record's skip logic
    then says whether they should have been answered).
    """
    if results and all(r.status == "blank" for r in results.values()) and any(q not in conditional for q in results):
        return {q: QuestionResult(q, r.answer, "review", ("no_marks_on_page",), r.confidence)
                for q, r in results.items()}
    lost = sum(1 for r in results.values() if r.reasons == ("blank_on_bilevel",))
    if not pen_kept and lost >= max(BLANKS_LOST_MIN, BLANKS_LOST_SHARE * len(results)):
        return {q: QuestionResult(q, r.answer, "review", ("marks_lost_on_page",), r.confidence)
                if r.status == "answered" else r for q, r in results.items()}
    return results


LOST_ELSEWHERE = {"no_marks_on_page", "blank_on_bilevel"}  # a blank part's doubts, moot once a mark is found elsewhere


def join_parts(q: Question, parts: list[dict[str, Any]]) -> dict[str, Any]:
    """A long list read on several pages (each part as stored: answer, status, reasons, confidence, page_id) as one
    reading, the question's rules applied to the whole: two ticks on two pages of a single choice are asked about."""
    marked = {a for p in parts for a in p["answer"]}
    chosen = [o.id for o in q.options if o.id in marked]
    reasons = list(dict.fromkeys(r for p in parts for r in p["reasons"]))
    if chosen:
        moot = LOST_ELSEWHERE if q.type == "single" else {"no_marks_on_page"}
        reasons = [r for r in reasons if r not in moot]
    if q.type == "single" and len(chosen) > 1:
        reasons.append("multiple_marks")
    if q.type == "multiple" and q.max_choices and len(chosen) > q.max_choices:
        reasons.append("too_many")
    if q.exclusive and any(c in q.exclusive for c in chosen) and len(chosen) > 1:
        reasons.append("exclusive_conflict")
    reasons = list(dict.fromkeys(reasons))
    asked = [p for p in parts if p["reasons"]] or parts
    return {"answer": chosen, "status": "review" if reasons else ("answered" if chosen else "blank"),
            "reasons": reasons, "confidence": min(p["confidence"] for p in parts), "page_id": asked[0]["page_id"]}


def sheet_readings(template: Template, page_ids: list[str],
                   readings: dict[str, dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """One sheet's readings by question, from its pages' (page id -> question id -> reading); a question printed on
    several pages is joined from its parts."""
    parts: dict[str, list[dict[str, Any]]] = {}
    for pid in page_ids:
        for qid, r in readings.get(pid, {}).items():
            parts.setdefault(qid, []).append(r)
    out = {}
    for qid, ps in parts.items():
        if len(ps) == 1:
            out[qid] = ps[0]
            continue
        try:
            q = template.question(qid)
        except KeyError:
            out[qid] = ps[-1]
            continue
        out[qid] = join_parts(q, ps) if len(q.pages) > 1 else ps[-1]
    return out
