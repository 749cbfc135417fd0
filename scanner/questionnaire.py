"""The questionnaire as an XLSForm (the ODK/KoboToolbox spreadsheet standard), read into a typed model.

pyxform, the reference implementation, checks the workbook and builds the
form tree; this module keeps only what paper can print and read, and names
the sheet, row and column of anything it cannot. The paper layout
(layout.py) and the Google Form (online_form.py) are both made from this
model, so the two can never disagree on a title, an option or a rule.

What the spreadsheet says, and how it is read:
- `select_one LIST`, `select_multiple LIST` (`or_other` adds "Khác (ghi rõ)"
  with its write-in); a select_multiple's `constraint` that amounts to "at
  most N" and/or "X excludes the others", however it is spelt, is found by
  evaluating it (logic/choices.py) and printed; any other `constraint` is
  kept as an expression each record is checked against;
- `relevant` (on a question or a group) is kept as an expression: printed as
  the instruction a respondent follows and applied to every record;
- `text` (a box; the `lines` column says how many lines, default 3), a `text`
  whose `relevant` is `selected(${Q}, 'X')` or `${Q} = 'X'` is the write-in
  completing option X;
- `note` (printed text), `begin_group`/`end_group` (a section; with appearance
  `table-list` a grid of `select_one` rows sharing one list);
- `integer`, `decimal`, `date` (a digit grid); `time`, `datetime` (a one-line box); `acknowledge`
  and a one-option select (a single box); `range` (its values as options when
  there are at most 11, else a one-line box);
- what paper cannot hold (GPS, media, device metadata, calculations, choices
  from a file, rankings, any type paper has no form for) stays online only:
  listed in `Questionnaire.online_only`, never a refusal (online_only.py); a
  form with nothing else is an online-only questionnaire of no paper pages;
- `label::Language (code)` columns: one language is printed (xlsform_text.py),
  and the printed frame's fixed phrases follow it (phrases.py);
- `settings`: form_title (else the file's name), form_id, version (their
  sheet-code forms in survey_code.py; `form_code` chooses the survey code),
  default_language, frame_language (the printed frame's language, over the
  labels'), and this toolkit's columns subtitle, issuer, issuer_unit,
  header (`party`: the Party's header, `nation`: the national motto, else none),
  instructions, closing, unit_question, unit_after (the question the Google Form
  asks the unit after; first if empty), breakdowns (question names,
  space-separated; or a `breakdown` column = yes on the question's row) and
  example (yes: the printed form says it is an example).

Problems are collected, not stopped at: `TemplateProblems` names every one.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .errors import TemplateError
from .online_only import normalise_types
from .phrases import Language, frame_named
from .questionnaire_model import Choice, GridRow, Item, Kind, Questionnaire, Section, nfc
from .xlsform_ids import all_of
from .xlsform_reader import Reader
from .xlsform_sheet import pyxform_notices, read_workbook
from .xlsform_text import (
    LanguageChoice,
    UnknownLanguage,
    choose_language,
    localise,
    right_to_left,
    symbols_notice,
)

__all__ = ["Choice", "GridRow", "Item", "Kind", "Questionnaire", "Section", "load_questionnaire", "nfc", "all_of"]


def load_questionnaire(path: str | Path, lang: str | None = None, frame: str | None = None) -> Questionnaire:
    """Reads and checks an XLSForm; every refusal names the file, sheet, row and column, all of them at once.

    `lang` chooses the label language when the form has several (a name such as "English" or a code "en");
    `frame` (else the settings' `frame_language`) the printed frame's, when the labels' own is not wanted."""
    book = read_workbook(path)
    try:
        choice = choose_language(book.tree, lang, book.settings.get("default_language", ""))
    except UnknownLanguage as e:
        raise TemplateError(book.file, "build --lang", str(e)) from None
    choice = _frame_chosen(book.file, choice, frame, book.settings.get("frame_language", ""))
    rtl = right_to_left(book.tree, choice.key)
    named = localise(book.tree, choice.key, for_paper=not rtl)
    normalise_types(book.tree)
    notices = [choice.notice()] if choice.notice() else []
    notices += symbols_notice(named)
    notices += pyxform_notices(book.warnings)
    # the file's name gives the title and form_id when the settings do not: NFC, so a name saved on a Mac (decomposed)
    # gives the same survey code as the same name typed on Windows
    q = Reader(book.file, book.survey, book.settings, choice, nfc(Path(path).stem), tuple(notices)).read(book.tree)
    return replace(q, right_to_left=rtl)


def _frame_chosen(file: str, choice: LanguageChoice, frame: str | None, setting: str) -> LanguageChoice:
    """The frame `build --frame` or the settings' `frame_language` names, over the one the labels give."""
    wanted, where = (frame, "build --frame") if frame else (setting.strip(), "trang settings, cột frame_language")
    if not wanted:
        return choice
    named = frame_named(wanted)
    if named is None:
        raise TemplateError(file, where, f"{wanted!r} không phải ngôn ngữ khung in có sẵn / is not a frame language "
                            f"this toolkit has; ghi một trong / write one of: {', '.join(x.value for x in Language)}")
    return replace(choice, frame=named, frame_how="--frame" if frame else "frame_language")
