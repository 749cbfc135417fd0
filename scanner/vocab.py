"""The states the stages share, each an enum with its Vietnamese label, in one place.

A state kept as a bare string with its allowed values in a comment drifts:
one stage writes a value another never checks for. Each vocabulary here is a
`StrEnum`, so the strings stored in the database and in JSON stay exactly as
they were, while mypy names every comparison and `match` a new value must reach.
Question kinds are not here: they live with the kinds themselves.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Vocabulary(StrEnum):
    """A StrEnum whose members carry a Vietnamese label: `name = "stored value", "nhãn"`."""

    _label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj._label = label or value
        return obj

    @property
    def label(self) -> str:
        """What a Vietnamese user reads for this value."""
        return self._label

    @classmethod
    def label_of(cls, value: str | None, unknown: str | None = None) -> str:
        """The label of a stored value; a value this version does not know is shown as stored, or as `unknown`."""
        try:
            return cls(value or "").label
        except ValueError:
            return (value or "") if unknown is None else unknown

    @classmethod
    def values(cls) -> frozenset[str]:
        return frozenset(m.value for m in cls)


class BoxState(Vocabulary):
    """What the scanner reads in one printed box."""

    empty = "empty", "Ô trống"
    marked = "marked", "Đã đánh dấu"
    filled = "filled", "Ô tô kín (xoá lựa chọn)"
    uncertain = "uncertain", "Không rõ"


class AnswerStatus(Vocabulary):
    """One question's reading on a page, after the template's rules."""

    answered = "answered", "Đã trả lời"
    blank = "blank", "Bỏ trống"
    review = "review", "Cần xem lại"


class ReviewReason(Vocabulary):
    """Why a question's reading waits for a person (rules.apply_rules, logic, cascades)."""

    uncertain_box = "uncertain_box", "Ô đánh dấu không rõ"
    stray_ink = "stray_ink", "Có nét ngoài ô (khoanh tròn, gạch, viết thêm)"
    filled_only = "filled_only", "Ô bị tô kín mà không có ô nào khác được đánh dấu"
    multiple_marks = "multiple_marks", "Nhiều ô được đánh dấu ở câu chỉ chọn một"
    too_many = "too_many", "Chọn quá số ý cho phép"
    exclusive_conflict = "exclusive_conflict", "Chọn \"Chưa biết\" cùng với ý khác"
    low_confidence = "low_confidence", "Độ tin cậy thấp (ảnh quét kém)"
    blank_on_bilevel = "blank_on_bilevel", "Câu bỏ trống trên bản quét đen trắng (dấu bút chì có thể đã mất)"
    no_marks_on_page = "no_marks_on_page", "Cả trang không có dấu nào (có thể bút chì mờ bị mất khi quét đen trắng)"
    blank_among_doubts = "blank_among_doubts", ("Câu bỏ trống trên trang có nhiều ô không rõ (dấu bút chì mờ có thể "
                                                "không thấy được trên ảnh)")
    answer_among_doubts = "answer_among_doubts", ("Câu đọc được trên trang mà phần lớn các câu có ô không rõ (dấu đọc "
                                                  "được có thể là vết mờ của ảnh, dấu bút chì thật có thể không thấy)")
    blank_on_coarse_photo = "blank_on_coarse_photo", ("Câu bỏ trống trên ảnh chụp độ phân giải thấp, nền giấy lấm tấm (dấu bút chì cứng, nét nhẹ có thể không thấy được trên ảnh)")
    skipped_answered = "skipped_answered", "Có trả lời ở câu mà hướng dẫn trên phiếu bảo bỏ qua"
    constraint_broken = "constraint_broken", "Câu trả lời trái với điều kiện của bảng hỏi"
    more_members = "more_members", ("Số khai ở câu này nhiều hơn số dòng in của bảng kê: các dòng còn lại (ghi ở tờ "
                                    "rời kèm phiếu, nếu có) không được đọc, cần người xem")
    cascade_conflict = "cascade_conflict", ("Phương án đã chọn không thuộc phương án đã chọn ở câu trên "
                                            "(danh sách phân cấp)")
    rank_shared = "rank_shared", "Hai phương án được xếp cùng một thứ hạng (mỗi thứ hạng chỉ dùng một lần)"
    rank_incomplete = "rank_incomplete", "Xếp hạng chưa đủ: có phương án chưa được xếp thứ hạng"
    marks_lost_on_page = "marks_lost_on_page", ("Nhiều câu trên trang quét đen trắng không còn dấu (bút chì có thể "
                                                "đã mất): dấu còn lại cần kiểm tra")
    two_marks_in_column = "two_marks_in_column", "Hai ô được đánh dấu trong cùng một cột chữ số"
    digit_gap = "digit_gap", "Cột chữ số bị bỏ trống giữa các cột đã đánh dấu"
    written_not_marked = "written_not_marked", "Có chữ số viết vào ô nhưng cột bên dưới không được đánh dấu"
    incomplete = "incomplete", "Ngày tháng chưa đánh dấu đủ các cột"
    not_a_date = "not_a_date", "Ngày tháng đã đánh dấu không có thật trên lịch"


class PageState(Vocabulary):
    """Where a stored page stands (pages.state); a page result is a form or set aside before storing."""

    form = "form", "Phiếu đã đọc"
    set_aside = "set_aside", "Trang để riêng"
    duplicate = "duplicate", "Trang trùng (quét lại y hệt)"


class PageReason(Vocabulary):
    """Why a page was set aside (pages.reason)."""

    blank = "blank", "Trang trắng"
    not_a_form = "not_a_form", "Không phải phiếu điều tra"
    unreadable = "unreadable", "Không đọc được"
    unknown_survey = "unknown_survey", "Phiếu của cuộc điều tra khác"
    too_small = "too_small", "Ảnh quá nhỏ, không phải bản quét"
    too_large = "too_large", "Trang quá lớn để đọc"
    timeout = "timeout", "Quá thời gian đọc trang"
    worker_died = "worker_died", "Tiến trình đọc trang bị dừng hai lần"
    error = "error", "Lỗi ngoài dự kiến khi đọc (xem tệp nhật ký lỗi)"
    # not stored: a form page whose code was not read, lying with no front before it (collate.Pairing.loose)
    loose = "loose", "Mặt sau không đọc được mã, không nằm sau mặt trước của phiếu"
    split_off = "split", "Trang của phiếu chưa đọc được mã, người duyệt đã tách ra để gắn vào phiếu của nó"


class IdSource(Vocabulary):
    """How a page's sheet code was read."""

    qr = "qr", "Mã QR"
    ocr = "ocr", "Đọc mã in (OCR)"
    none = "none", "Không đọc được mã"


class ProblemKind(Vocabulary):
    """A file that added no pages, or an online column that matched nothing (problems.kind)."""

    refused = "refused", "Tệp bị từ chối"
    skipped = "skipped", "Tệp bỏ qua (không phải bản quét)"
    damaged = "damaged", "Tệp hỏng một phần"
    copy = "copy", "Bản sao y hệt của tệp đã quét"


class RecordStatus(Vocabulary):
    """Where a record stands for the tally."""

    final = "final", "Đã xong"
    needs_review = "needs_review", "Chờ duyệt"
    discarded = "discarded", "Bị loại"


class RecordChannel(Vocabulary):
    """How a record's answers came: on a paper sheet or online (which tool: online.channels.Channel)."""

    paper = "paper", "Phiếu giấy"
    online = "online", "Trực tuyến"


class Channel(Vocabulary):
    """The online tool a file came from."""

    google = "google", "Google Forms"
    kobo = "kobo", "KoboToolbox"
    odk = "odk", "ODK Central"


class SheetFlag(Vocabulary):
    """A matter about a whole record rather than one question."""

    missing_page = "missing_page", "Thiếu trang của phiếu"
    unidentified = "unidentified", "Không xác định được đơn vị (mã phiếu không đọc được)"
    reused_serial = "reused_serial", "Số phiếu bị dùng lại (phiếu photo từ một bản có số)"
    outside_window = "outside_window", "Gửi ngoài thời gian điều tra"
    rejected = "rejected", "Bị từ chối trên công cụ thu thập"


class DecisionKey(Vocabulary):
    """A decision about a whole sheet; any other decision key is a question id."""

    unit = "_unit", "Đơn vị"
    missing_page = "_missing_page", "Thiếu trang"
    reused_serial = "_reused_serial", "Trùng số phiếu"
    discard = "_discard", "Loại phiếu"
    page = "_page", "Trang để riêng"
    accept = "_accept", "Chấp nhận câu trả lời trực tuyến"
    time = "_time", "Thời điểm gửi"
    absent = "_absent", "Không còn trong tệp tải sau"
    held = "_review", "Công cụ thu thập đang giữ lại"


class WordingKind(Vocabulary):
    """An online wording a person settles once for every row."""

    unit = "unit", "Tên đơn vị"
    column = "column", "Tiêu đề cột"
    answer = "answer", "Câu trả lời"


class ItemKind(Vocabulary):
    """A review item; `order` is the queue's order of kinds: questions first; set-aside pages before the sheets
    missing a side, so a page is attached (which settles its sheet) before anyone accepts its sheet as incomplete;
    handwriting last."""

    _order: int

    def __new__(cls, value: str, label: str = "", order: int = 0) -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj._label = label or value
        obj._order = order
        return obj

    question = "question", "Câu hỏi chưa rõ", 0
    unit = "unit", "Phiếu chưa rõ đơn vị", 1
    online_unit = "online_unit", "Tên đơn vị trực tuyến chưa khớp kế hoạch", 1
    online_answer = "online_answer", "Câu trả lời trực tuyến gần giống một phương án", 1
    online_column = "online_column", "Cột trực tuyến chưa khớp câu hỏi", 1
    missing_page = "missing_page", "Phiếu thiếu trang", 3
    reused_serial = "reused_serial", "Trùng số phiếu", 3
    sheet_flag = "sheet_flag", "Phiếu cần xem lại", 3
    online_row = "online_row", "Câu trả lời trực tuyến cần xác nhận", 3
    text = "text", "Chép lại ý kiến viết tay", 4
    page = "page", "Trang để riêng", 2

    @property
    def order(self) -> int:
        return self._order

    @property
    def online(self) -> bool:
        return self in ONLINE_ITEMS

    @property
    def picture(self) -> ImageView | None:
        """What the page shows of the paper: a question's region, the whole page for a sheet or a set-aside page,
        nothing for an online answer. The one place this is decided (the page and the server both ask it)."""
        if self in ONLINE_ITEMS:
            return None
        return ImageView.region if self in (ItemKind.question, ItemKind.text) else ImageView.page


class QuotaState(Vocabulary):
    """A unit's count against its allocation (validation); the stored word is Vietnamese, as the CSV has it."""

    short = "thiếu", "Thiếu"
    met = "đủ", "Đạt"
    over = "vượt", "Đạt (vượt)"
    none = "—", "—"  # no allocation
    unmeasured = "không đo được", "Không đo được"  # an online minimum where the online form asks no unit

    @property
    def verdict(self) -> str:
        """The report's one word: over the allocation is met."""
        return QuotaState.met.label if self is QuotaState.over else self.label


class FileKind(Vocabulary):
    """The shape of a downloaded online file."""

    table = "table", "Bảng Google Forms (CSV hoặc trang tính)"
    api = "api", "Google Forms API (JSON)"
    kobo = "kobo", "Tệp xuất KoboToolbox"
    odk = "odk", "Tệp xuất ODK Central"


class ImageView(Vocabulary):
    """Which picture the review page asks for."""

    region = "region", "Vùng câu hỏi"
    page = "page", "Cả trang"
    text = "text", "Ô viết tay"


class BoxKind(Vocabulary):
    """A printed box on a template page: which are read, which only cropped for a person."""

    checkbox = "checkbox", "Ô đánh dấu"
    text = "text", "Ô viết chữ"
    comb = "comb", "Ô viết chữ số (chỉ để đối chiếu, không đọc)"


class FormItemKind(Vocabulary):
    """An item of the online form built from the questionnaire (Google Forms' item types, near enough)."""

    unit = "unit", "Chọn đơn vị"
    section = "section", "Phần"
    note = "note", "Ghi chú"
    single = "single", "Chọn một"
    multiple = "multiple", "Chọn nhiều"
    grid = "grid", "Bảng chọn"
    text = "text", "Đoạn văn"
    short = "short", "Trả lời ngắn"
    integer = "integer", "Số nguyên"
    decimal = "decimal", "Số thập phân"
    date = "date", "Ngày"
    time = "time", "Giờ"
    datetime = "datetime", "Ngày và giờ"


class ExtraKind(Vocabulary):
    """What the template's online part adds that paper does not print (online.extras[].kind)."""

    note = "note", "Ghi chú"
    text = "text", "Câu trả lời viết"
    rank = "rank", "Xếp hạng"


ONLINE_ITEMS = frozenset({ItemKind.online_unit, ItemKind.online_answer, ItemKind.online_column, ItemKind.online_row})

VOCABULARIES: tuple[type[Vocabulary], ...] = (
    BoxState, AnswerStatus, ReviewReason, PageState, PageReason, IdSource, ProblemKind, RecordStatus, RecordChannel,
    Channel, SheetFlag, DecisionKey, WordingKind, ItemKind, QuotaState, FileKind, ImageView, BoxKind, FormItemKind,
    ExtraKind)
