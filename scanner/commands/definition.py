"""Commands that make the survey's definition: the layout from the XLSForm, the Google Form from the layout."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputFileError
from ..online_only import ONLINE_ONLY_FORM, WHY_TEXT, OnlineOnly
from ..phrases import phrase
from ..plan import load_plan
from ..template import load_template, parse_template
from . import command
from .paper import unprintable


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise InputFileError(f"{path}: cannot write here ({e.strerror}); choose another --out") from None


@command("build")
def cmd_build(args: argparse.Namespace) -> int:
    from ..layout import build_layout
    from ..questionnaire import load_questionnaire

    questionnaire = load_questionnaire(args.questionnaire, getattr(args, "lang", None), getattr(args, "frame", None))
    out = Path(args.out or args.template)
    raw = build_layout(questionnaire)
    template = parse_template(raw, str(out))
    _write(out, json.dumps(raw, ensure_ascii=False, indent=1) + "\n")
    refused = unprintable(template)
    if refused:  # laid out for the Google Form and the import; paper only with a font that has the letters
        print(f"{out}: {template.counts_said()}, chỉ hỏi trực tuyến, không in giấy / online only, no paper")
        print(f"lưu ý / note: {refused}", file=sys.stderr)
    elif template.on_paper:
        print(f"{out}: {template.counts_said()}, {len(template.boxes())} ô (boxes), "
              f"{template.pages} trang = {template.pages // 2} tờ (pages = sheets)")
    else:
        print(f"{out}: {ONLINE_ONLY_FORM}")
    q = questionnaire
    print(f"  mã phiếu / survey code: {q.survey_id}.{q.version} (form_id {q.form_id!r}, version {q.form_version!r}); "
          f"ngôn ngữ in / printed in: {q.label_language or 'cột label / the label column'}")
    print(f"  {q.frame_said}")
    listed: list[tuple[int, int, str]] = []  # first page, last page, what they hold
    printed = [(question, question.pages) for question in template.questions]  # each one's pages, worked out once
    for page in range(1, 0 if refused else template.pages + 1):
        shown: list[str] = []
        for question, pages in printed:
            number = template.group_numbers.get(question.group, "") if question.group else question.number
            if question.roster:
                number = template.rosters[question.roster].number
            held_here = page in pages or (  # a roster's title and conditions before its first member
                question.roster is not None and template.rosters[question.roster].page <= page < min(pages))
            if held_here and number and number not in shown:
                shown.append(number)
        held = ", ".join(shown)
        if listed and listed[-1][2] == held and listed[-1][1] == page - 1:
            listed[-1] = (listed[-1][0], page, held)  # a long roster or list over many pages: one line
        else:
            listed.append((page, page, held))
    for first, last, held in listed:  # a page with no question is the back of the last sheet, or notes only
        said = f"câu {held}" if held else "không có câu hỏi / no question"
        print(f"  trang {first if first == last else f'{first}–{last}'}: {said}")
    online = [o for o in q.online_only if not o.unasked]
    if online:
        print(f"chỉ hỏi trực tuyến, không in trên giấy / online only, not on paper ({len(online)}):")
        _by_why(online)
    if unasked := [o for o in q.online_only if o.unasked]:  # a list of a list: the Google Form has no item for it
        said = phrase("vi", "unasked") + ("" if q.language == "vi" else f" / {phrase(q.language, 'unasked')}")
        print(f"{said} ({len(unasked)}):")
        _by_why(unasked)
    for notice in q.notices:
        print(f"lưu ý / note: {notice}", file=sys.stderr)
    return 0


def _by_why(listed: list[OnlineOnly]) -> None:
    for why in dict.fromkeys(o.why for o in listed):
        print(f"  {WHY_TEXT[why]}: {', '.join(o.name for o in listed if o.why == why)}")


@command("online-form")
def cmd_online_form(args: argparse.Namespace) -> int:
    from ..online.columns import unit_asked
    from ..online_form import apps_script, batch_update, steps_on_import

    template = load_template(args.template)
    plan = load_plan(args.plan)
    out = Path(args.out)
    body = batch_update(template, plan)
    _write(out, apps_script(template, plan))
    api = out.with_suffix(".batchUpdate.json")
    _write(api, json.dumps(body, ensure_ascii=False, indent=1) + "\n")
    print(f"{out}: Google Apps Script ({len(body['requests']) - 1} mục / items); {api}: Forms API batchUpdate")
    unchecked = steps_on_import(template, plan)
    if unchecked:
        print(f"lưu ý: biểu mẫu không kiểm tra được bước của {len(unchecked)} câu số ({'; '.join(unchecked)}): bước "
              "được kiểm tra khi nhập câu trả lời (import-online, validate), câu sai bước được đưa ra duyệt / the "
              "form cannot check these numbers' step; it is checked on import and validation", file=sys.stderr)
    if not unit_asked(template):
        print("lưu ý: biểu mẫu không hỏi đơn vị của kế hoạch (trang settings của XLSForm không có cột unit_question "
              "hay unit_after), nên câu trả lời trực tuyến không tính vào chỉ tiêu của đơn vị nào / the form asks no "
              "unit (no unit_question or unit_after in the settings)", file=sys.stderr)
        return 0
    examples = [u.name for u in plan.online_choices() if u.example]
    if examples:
        print(f"lưu ý: danh sách đơn vị của biểu mẫu còn {len(examples)} đơn vị ví dụ chưa được văn phòng xác nhận "
              f"({', '.join(examples[:3])}…); xác nhận hoặc xoá chúng trong plan.xlsx, chạy survey plan build, rồi "
              "tạo lại biểu mẫu", file=sys.stderr)
    return 0
