"""What an XLSForm asks that paper cannot hold: kept online only, never a reason to refuse the form.

A phone records a GPS position, a photo or the start time; paper has no box
for them. Each such field is listed (name, type, why) so `build` can say
what stays online only, and the Google Form keeps those it can ask (a
barcode or a position as a short answer, a ranking as a grid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .kinds.xlsform import ALIASES, CALENDARS, GOOGLE_ASKS, OFF_PAPER, SELECT_TYPES, Why, XlsType

__all__ = ["OnlineOnly", "WHY_TEXT", "Why", "google_kind", "never_shown", "normalise_types", "online_only_reason",
           "shown_value"]

WHY_TEXT = {
    Why.device: "thiết bị tự ghi / recorded by the device",
    Why.media: "ảnh, âm thanh, video, tệp / a photo, sound, video or file",
    Why.location: "vị trí GPS / a GPS location",
    Why.computed: "tính ra, không ai điền / computed, nobody fills it",
    Why.from_file: "phương án lấy từ tệp ngoài / choices from an external file",
    Why.from_answers: ("phương án là các câu trả lời của một bảng kê (select_one ${…}) / choices are the answers "
                       "given in a repeat (select_one ${…})"),
    Why.entity: ("thực thể ODK (trang entities): ODK Central lập từ câu trả lời trên điện thoại, phiếu giấy không "
                 "lập thực thể / an ODK entity (the entities sheet): ODK Central makes it from a phone's answers, "
                 "a paper record makes none"),
    Why.ranking: "xếp hạng cần ghi số / a ranking needs written numbers",
    Why.calendar: ("ngày theo lịch khác lịch dương (ethiopian, persian…): lưới số sẽ bị đọc thành ngày dương lịch / "
                   "a date in a non-Gregorian calendar: a digit grid would be read as a Gregorian date"),
    Why.header: ("hàng tiêu đề phương án (appearance label): điện thoại chỉ hiện nhãn, không có gì để chọn / a "
                 "heading row of choices (appearance label): a phone shows their labels, nothing to choose"),
    Why.nested: ("bảng kê lồng trong một bảng kê khác: bảng in không có ô cho một danh sách riêng / a repeat "
                 "inside a repeat: a printed table has no cell for a list of its own"),
    Why.read_only: ("chỉ đọc (read_only), không có giá trị mặc định để in: điện thoại chỉ hiện, không ai điền / "
                    "read-only with no default to print: a phone shows it, nobody fills it"),
    Why.hidden: ("ẩn trên điện thoại (appearance hidden, relevant false()): ứng dụng tự điền, không ai thấy / hidden "
                 "on the phone (appearance hidden, relevant false()): the app fills it, nobody sees it"),
    Why.contact: ("chọn một người/nơi trong danh bạ của ứng dụng (appearance select-contact), lưu bằng mã của nó: "
                  "giấy không tra được danh bạ / a contact picked from the app's own list (appearance "
                  "select-contact), kept as its id: paper cannot look one up"),
    Why.other: "giấy không in được loại này / paper has no form for this type",
}

ONLINE_ONLY_FORM = ("chỉ hỏi trực tuyến: không có câu hỏi nào in được trên giấy, nên không có trang nào để in hay quét "
                    "(biểu mẫu Google và nhập câu trả lời trực tuyến vẫn dùng được) / online only: no question paper "
                    "can carry, so there is no page to print or scan (the Google Form and online import still work)")

_FILE_LISTS = (".csv", ".xml", ".geojson")


@dataclass(frozen=True)
class OnlineOnly:
    """One field of the form that paper leaves off."""

    name: str
    type: str  # as pyxform names it: "geopoint", "photo", "select one" (from a file)...
    why: Why
    label: str = ""
    row: int = 0
    before: str = ""  # the printed item it comes before, for the Google Form's order ("" at the end)
    google: str = ""  # "text" | "rank" | "" (Google Forms cannot ask it)
    choices: tuple[str, ...] = ()  # a ranking's options, as labels

    def describe(self) -> str:
        return f"{self.name} ({self.type}): {WHY_TEXT[self.why]}"

    @property
    def unasked(self) -> bool:
        """Whether the Google Form leaves it off as well as paper, though a phone asks it: a repeat inside a repeat
        (no item holds a list of a list) and a roster member's position or barcode (the form asks a roster's cells
        row by row, never a field once for nobody). Only the XLSForm itself, on a tool that holds its lists
        (KoboToolbox, ODK), collects them; `build` says so apart from what is online only."""
        return self.why is Why.nested or (not self.google and XlsType.of({"type": self.type}) in GOOGLE_ASKS)


def normalise_types(node: dict[str, Any]) -> None:
    """The tree's type aliases replaced by the names the reader knows (kinds/xlsform.ALIASES), in place."""
    for child in node.get("children", []) or []:
        kind = str(child.get("type", ""))
        if kind in ALIASES:
            child["type"] = ALIASES[kind]
        normalise_types(child)


def online_only_reason(node: dict[str, Any]) -> Why | None:
    """Why this pyxform element stays off paper, or None when paper prints it (a type paper does not know
    is the reader's to keep online only)."""
    kind = XlsType.of(node)
    if kind is None:
        return None
    if kind in OFF_PAPER:
        return OFF_PAPER[kind]
    itemset = str(node.get("itemset", "")).strip()
    if kind in SELECT_TYPES and itemset.lower().endswith(_FILE_LISTS):
        return Why.from_file
    if kind in SELECT_TYPES and re.search(r"(^|\s)search\(", _appearance(node)):  # choices a phone reads from a
        return Why.from_file  # CSV file of the form's media (the sheet's lines are placeholders), as pyxform says
    if kind in SELECT_TYPES and itemset.startswith("${"):  # `select_one ${name}`: the names a roster was given
        return Why.from_answers
    if kind in SELECT_TYPES and "label" in _appearance(node).split():  # the labels of the list-nolabel rows below
        return Why.header
    if kind is not XlsType.note and never_shown(node):  # CHT's contact fields, filled by the app
        return Why.hidden
    if kind is not XlsType.note and "select-contact" in _appearance(node).split():  # CHT's contact picker: an id
        return Why.contact  # the app finds in its database (a person, a household); a write-in box held no id
    if kind in (XlsType.date, XlsType.datetime) and CALENDARS & {_calendar(w) for w in _appearance(node).split()}:
        return Why.calendar
    if kind is not XlsType.note and _computed(node):
        return Why.computed
    if kind is not XlsType.note and _read_only(node):  # no calculation: its `default`, if any, prints as a note
        return Why.computed if _dynamic(node) else Why.read_only
    return None


def never_shown(node: dict[str, Any]) -> bool:
    """Whether a phone never shows this field or group: appearance `hidden` (the Community Health Toolkit's
    contact fields, filled by the app) or a condition that is always false (`relevant` `false()`, its `inputs`)."""
    relevant = node.get("bind", {}).get("relevant", "") if isinstance(node.get("bind"), dict) else ""
    return "hidden" in _appearance(node).split() or "".join(str(relevant).split()).lower() in NEVER


# `relevant` written as always false: XPath's `false()`, a spreadsheet's FALSE cell (to XPath a path naming no node,
# so false: ODK's socio-economic sample keeps its `se_list` so, only to carry a list for `jr:itext()`), or 0
NEVER = frozenset({"false()", "false", "0"})


def _computed(node: dict[str, Any]) -> bool:
    """A question the phone fills from its `calculation` and nobody may change (`read_only`): KoboToolbox's matrix
    sample's row and column totals, which paper printed as digit grids to fill in."""
    bind = node.get("bind", {})
    if not isinstance(bind, dict) or not str(bind.get("calculate", "")).strip():
        return False
    return _read_only(node)


def _read_only(node: dict[str, Any]) -> bool:
    bind = node.get("bind", {})
    return isinstance(bind, dict) and str(bind.get("readonly", "")).strip().lower() in ("true", "true()", "yes", "1")


def _dynamic(node: dict[str, Any]) -> bool:
    """A default pyxform computes on the phone (`now()`, `${x} + 1`), as its own test says it."""
    from pyxform.utils import default_is_dynamic  # only when reading a form: a scan never imports pyxform

    return bool(default_is_dynamic(str(node.get("default", "") or ""), str(node.get("type", ""))))


def shown_value(node: dict[str, Any]) -> str:
    """What a read-only question without a calculation shows (pyxform's widgets' "review widget"): its static
    `default`, a choice's by its label; "" when it has none (a dynamic default, `now()` or `${x}`, is computed)."""
    value = str(node.get("default", "") or "").strip()
    if not value or XlsType.of(node) not in SELECT_TYPES:
        return value
    labels = {str(c.get("name", "")): c.get("label") for c in node.get("choices", []) or []}
    return ", ".join(_plain_label(labels.get(v)) or v for v in value.split())


def _plain_label(label: Any) -> str:
    if isinstance(label, dict):  # one label per language: the first one it has
        label = next((v for v in label.values() if str(v or "").strip()), "")
    return str(label or "").strip()


def _calendar(word: str) -> str:
    """An appearance as ODK names its calendar: KoboToolbox's own date sample writes `bikhram_sambat` for
    `bikram-sambat` (its label says "Bikram Sambat calendar"), whose year 2081 a Gregorian grid would misread."""
    w = word.replace("_", "-")
    return "bikram-sambat" if re.fullmatch(r"bik[h]?ram-?sambat", w) else w


def _appearance(node: dict[str, Any]) -> str:
    control = node.get("control", {})
    return str(control.get("appearance", "") if isinstance(control, dict) else "").lower()


def google_kind(node: dict[str, Any]) -> str:
    kind = XlsType.of(node)
    return GOOGLE_ASKS.get(kind, "") if kind is not None and node.get("label") else ""
