"""An XLSForm workbook as pyxform reads it, with the sheet, row and column every message names."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import TemplateError
from .questionnaire_model import nfc
from .xlsform_loops import unroll_loops
from .xlsx_size import sizes_read_quickly

_PYXFORM_ROW = re.compile(r"\[row\s*:\s*(\d+)\]\s*")
_PYXFORM_SHEET = re.compile(r"On the '(\w+)' sheet")


class Sheet:
    """Raw rows of one sheet with their spreadsheet row numbers (row 1 is the header)."""

    def __init__(self, file: str, name: str, rows: list[dict[str, Any]]) -> None:
        self.file, self.name = file, name
        self.rows = [(i + 2, r) for i, r in enumerate(rows) if r]

    def fail(self, row: int | None, column: str | None, problem: str) -> TemplateError:
        where = f"trang {self.name}" + (f", dòng {row}" if row else "") + (f", cột {column}" if column else "")
        return TemplateError(self.file, where, problem)


def _label(value: Any) -> str:
    """A label, whichever language columns the sheet has: Vietnamese first."""
    if isinstance(value, dict):
        for key in value:
            if "vi" in key.lower() or "việt" in key.lower():
                return nfc(value[key])
        return nfc(value.get("default", next(iter(value.values()), "")))
    return nfc(value)


def _yes(value: Any) -> bool:
    return nfc(value).lower() in {"yes", "true", "1", "có", "x"}


def label(value: Any) -> str:
    """A label as the localised tree holds it (xlsform_text.localise): plain text; a dict only if never localised."""
    if isinstance(value, dict):
        return nfc(value.get("default", next(iter(value.values()), "")))
    return nfc(value)


def yes(value: Any) -> bool:
    return nfc(value).lower() in {"yes", "true", "1", "có", "x"}


@dataclass
class Workbook:
    file: str
    tree: dict[str, Any]  # pyxform's form tree
    survey: Sheet
    settings: dict[str, str]
    warnings: list[str]


XLSFORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".md")  # what pyxform reads a form from
# pyxform's words for a file that is no questionnaire at all, said as what to do
_NO_FORM = ("was not recognized as a supported type", "You must have a sheet named 'survey'")


def _refusal(message: str) -> str:
    """pyxform's refusal as the user's one line: a file that is no questionnaire (the plan's workbook, a CSV of
    answers) said so; a form pyxform finds wrong, with pyxform's own reason to fix it by."""
    if any(words in message for words in _NO_FORM):
        return ("không có trang survey: đây không phải bảng hỏi XLSForm (plan.xlsx là kế hoạch, dùng với --plan; "
                "câu trả lời dùng với import-online) / no survey sheet: not an XLSForm; hãy đưa tệp .xlsx của bảng hỏi")
    return f"pyxform không nhận bảng tính / pyxform refused it: {message}; hãy sửa bảng tính theo lỗi này"


def read_workbook(path: str | Path) -> Workbook:
    """pyxform's reading of the workbook; its refusal placed on the sheet and row it names."""
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform

    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise TemplateError(file, "$", "không thấy tệp / file not found; hãy đưa tệp .xlsx của bảng hỏi (XLSForm)")
    if path.suffix.lower() not in XLSFORM_SUFFIXES:
        raise TemplateError(file, "$", f"không phải bảng hỏi XLSForm / not an XLSForm ({path.suffix or 'không đuôi'}); "
                            "hãy đưa tệp .xlsx của bảng hỏi (hoặc .xls, .csv, .md theo cách của pyxform)")
    warnings: list[str] = []
    book = None
    try:
        with sizes_read_quickly():  # the same rows, without reading each sheet once more first (xlsx_size.py)
            try:
                book = get_xlsform(str(path))
            except PyXFormError:
                raise
            except Exception as e:  # pyxform's readers fail on a file that is no form in their own ways (README.md)
                raise TemplateError(file, "$", f"không đọc được như bảng hỏi XLSForm / not readable as an XLSForm "
                                    f"({type(e).__name__}); hãy đưa tệp .xlsx của bảng hỏi") from None
        tree = workbook_to_json(workbook_dict=book, form_name="data", fallback_form_name=path.stem,
                                default_language="default", warnings=warnings)
        # pyxform refuses some forms only when it writes the XForm: write it, from the tree just read (what
        # pyxform's `convert` does after reading the file a second time, with the same defaults), on a copy,
        # since the builder takes its input apart
        with _elements_compared_by_identity():
            create_survey_element_from_dict(copy.deepcopy(tree)).to_xml(validate=False, warnings=[])
    except PyXFormError as e:
        where, message = pyxform_place(str(e))
        named = re.search(r"named '([^']+)'", message)
        if where == "XLSForm" and named and book is not None:
            row = next((n for n, r in Sheet(file, "survey", list(getattr(book, "survey", None) or [])).rows
                        if nfc(r.get("name")) == named.group(1)), None)
            where = f"trang survey, dòng {row}" if row else where
        raise TemplateError(file, where, _refusal(message)) from None
    unroll_loops(tree)  # after pyxform's check, which reads the loop itself
    survey = Sheet(file, "survey", list(getattr(book, "survey", None) or []))
    settings_rows = list(getattr(book, "settings", None) or [])
    settings = _settings_names({k: nfc(v) for k, v in (settings_rows[0] if settings_rows else {}).items()})
    return Workbook(file, tree, survey, settings, warnings)


@contextmanager
def _elements_compared_by_identity() -> Iterator[None]:
    """pyxform (4.5) compares two form elements by building both whole as JSON, and writing a repeat asks, for every
    element inside it, whether its nearest repeat is this one: a repeat of a few hundred questions cost seconds (half
    of writing the XForm of the 116 files of tests/data/xlsforms, issue 26). The element asked about is the very
    object, so identity answers the same; every one of those 116 writes the same XForm or refusal either way
    (tests/test_xlsform_identity.py checks it on a form with repeats)."""
    from pyxform.survey_element import SurveyElement

    real = SurveyElement.__dict__["__eq__"]
    SurveyElement.__eq__ = object.__eq__  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        SurveyElement.__eq__ = real  # type: ignore[method-assign]


# pyxform's other names for two settings (its aliases.settings_header): KoboToolbox's XLS download of a form
# writes `id_string`, older forms `title`; the form's own name must not fall back to the file's
_SETTING_ALIASES = {"title": "form_title", "set_form_title": "form_title", "set form title": "form_title",
                    "id_string": "form_id", "set_form_id": "form_id", "set form id": "form_id"}


def _settings_names(settings: dict[str, str]) -> dict[str, str]:
    """The settings by the names this toolkit reads: `title` is `form_title`, `id_string` is `form_id` (a value
    under the usual name wins)."""
    out = dict(settings)
    for alias, name in _SETTING_ALIASES.items():
        if out.get(alias) and not out.get(name):
            out[name] = out[alias]
    return out


def pyxform_place(message: str) -> tuple[str, str]:
    """pyxform's "[row : 3] On the 'choices' sheet, ..." as ("trang choices, dòng 3", the rest)."""
    message = " ".join(str(message).split())
    m = _PYXFORM_ROW.search(message)
    sheet = _PYXFORM_SHEET.search(message)
    name = sheet.group(1) if sheet else "survey"
    where = f"trang {name}, dòng {m.group(1)}" if m else "XLSForm"
    return where, _PYXFORM_ROW.sub("", message)


def pyxform_notices(warnings: list[str]) -> list[str]:
    """pyxform's warnings, one line per message: the ODK "All question types" form drew the same image hint
    fourteen times, one line per row; a user reads "trang survey, dòng 29, 30, 31: …" once."""
    rows: dict[tuple[str, str], list[str]] = {}
    for w in dict.fromkeys(warnings):
        where, text = pyxform_place(w)
        sheet, _, row = where.partition(", dòng ")
        rows.setdefault((sheet, text), []).append(row)
    return [f"{sheet}, dòng {', '.join(r)}: {text}" if all(r) else f"{sheet}: {text}"
            for (sheet, text), r in rows.items()]


def problem_order(e: TemplateError) -> tuple[int, int]:
    """Problems in the order of the workbook: survey, choices, settings sheet, then by row."""
    order = next((k for k, sheet in enumerate(("survey", "choices", "settings")) if f"trang {sheet}" in e.path), 3)
    row = re.search(r"dòng (\d+)", e.path)
    return order, int(row.group(1)) if row else 0


def header_kind(value: str) -> str:
    v = nfc(value).casefold()
    if v in ("party", "đảng", "dang", "đảng cộng sản việt nam"):
        return "party"
    if v in ("nation", "national", "motto", "quốc hiệu", "quoc hieu", "nhà nước", "state"):
        return "nation"
    return ""
