"""The Google Form made from the layout template: an Apps Script and the Forms API batchUpdate body.

Both carry exactly the template's online titles, options and rules, so the
exported answers' column headers match the template by construction and
the import needs no aliases. Google's own "Other" choice stands for the
option a write-in completes (its text lands in the same column, which is
how the import reads it); a grid becomes a Google grid, whose export
columns are "Title [Row]", as the template's rows are titled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .logic.wording import template_instruction
from .plan import Plan
from .template import Question, Template


@dataclass(frozen=True)
class FormItem:
    """One item of the online form, in order."""

    kind: str  # unit | section | single | multiple | grid | text
    title: str
    choices: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    required: bool = False
    other: bool = False  # Google's "Other" with its text box
    at_most: int | None = None
    help: str = ""
    question_ids: tuple[str, ...] = field(default=())


def form_items(template: Template, plan: Plan) -> list[FormItem]:
    required = set(template.online.get("required", []))
    choices = tuple(u.name for u in plan.online_choices())
    items = [FormItem("unit", template.online["unit_title"], choices, required=True, question_ids=("unit",),
                      help="Chọn chi bộ, đảng bộ nơi công tác (các đơn vị cùng một khối đứng liền nhau), hoặc xã, thị trấn nơi cư trú.")]
    sections = template.sections or ()
    order = [(s.title, list(s.questions)) for s in sections] or [("", [q.id for q in template.questions])]
    done: set[str] = set()
    for title, ids in order:
        if title:
            items.append(FormItem("section", title))
        for qid in ids:
            q = template.question(qid)
            if qid in done or q.other_of:
                continue
            if q.group:
                rows = [template.question(r) for r in template.groups[q.group]]
                done.update(r.id for r in rows)
                items.append(FormItem("grid", template.group_texts[q.group], tuple(o.label for o in q.options),
                                      tuple(r.text for r in rows),
                                      required=all(r.id in required and not r.relevant for r in rows),
                                      question_ids=tuple(r.id for r in rows)))
                continue
            done.add(qid)
            item = _question_item(q, qid in required and not q.relevant)  # required only where it applies
            said = template_instruction(template, qid)
            items.append(replace(item, help=" ".join(x for x in (said + "." if said else "", item.help) if x)))
    return items


def _question_item(q: Question, required: bool) -> FormItem:
    if q.type == "text":
        return FormItem("text", q.online_title, required=required, question_ids=(q.id,))
    choices = tuple(o.label for o in q.options if o.id != q.other_option)
    hints = [f"Nếu chọn “{q.option(x).label}” thì không chọn ý khác." for x in q.exclusive]
    at_most = q.max_choices if q.type == "multiple" and q.max_choices and q.max_choices < len(q.options) else None
    return FormItem(q.type, q.online_title, choices, required=required, other=q.other_option is not None,
                    at_most=at_most, help=" ".join(hints), question_ids=(q.id,))


def export_header(template: Template, plan: Plan) -> list[str]:
    """The columns of the form's "Download responses" CSV, as Google writes them (after the timestamp)."""
    cols = []
    for it in form_items(template, plan):
        if it.kind == "section":
            continue
        if it.kind == "grid":
            cols += [f"{it.title} [{r}]" for r in it.rows]
        else:
            cols.append(it.title)
    return cols


def _js(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def apps_script(template: Template, plan: Plan) -> str:
    """A Google Apps Script (script.google.com → new project → paste → run createForm) that builds the form."""
    out = [
        f"// {template.title} — biểu mẫu trực tuyến tạo từ {Path(template.source).name}",
        "// Dán vào script.google.com (Dự án mới), chạy createForm, mở đường dẫn in ra trong nhật ký.",
        "// Paste into script.google.com (New project), run createForm, open the URL it logs.",
        "function createForm() {",
        f"  var form = FormApp.create({_js(template.title)});",
        f"  form.setDescription({_js(template.subtitle)});",
        "  var item;",
    ]
    for it in form_items(template, plan):
        if it.kind == "section":
            out.append(f"  form.addPageBreakItem().setTitle({_js(it.title)});")
            continue
        if it.kind == "unit":
            out.append(f"  item = form.addListItem().setTitle({_js(it.title)}).setChoiceValues({_js(list(it.choices))});")
        elif it.kind == "single":
            out.append(f"  item = form.addMultipleChoiceItem().setTitle({_js(it.title)})"
                       f".setChoiceValues({_js(list(it.choices))});")
        elif it.kind == "multiple":
            out.append(f"  item = form.addCheckboxItem().setTitle({_js(it.title)})"
                       f".setChoiceValues({_js(list(it.choices))});")
            if it.at_most:
                out.append(f"  item.setValidation(FormApp.createCheckboxValidation().requireSelectAtMost({it.at_most})"
                           f".setHelpText({_js(f'Chọn tối đa {it.at_most} ý.')}).build());")
        elif it.kind == "grid":
            out.append(f"  item = form.addGridItem().setTitle({_js(it.title)}).setRows({_js(list(it.rows))})"
                       f".setColumns({_js(list(it.choices))});")
        else:
            out.append(f"  item = form.addParagraphTextItem().setTitle({_js(it.title)});")
        if it.other:
            out.append("  item.showOtherOption(true);")
        if it.help:
            out.append(f"  item.setHelpText({_js(it.help)});")
        if it.required:
            out.append("  item.setRequired(true);")
    out += ["  Logger.log('Sửa / edit: ' + form.getEditUrl());",
            "  Logger.log('Gửi / share: ' + form.getPublishedUrl());", "}", ""]
    return "\n".join(out)


def batch_update(template: Template, plan: Plan) -> dict[str, Any]:
    """The Forms API forms.batchUpdate body that adds every item to a form created with this title."""
    requests: list[dict[str, Any]] = [{"updateFormInfo": {
        "info": {"title": template.title, "description": template.subtitle}, "updateMask": "title,description"}}]
    for index, it in enumerate(form_items(template, plan)):
        item: dict[str, Any] = {"title": it.title}
        if it.help:
            item["description"] = it.help
        if it.kind == "section":
            item["pageBreakItem"] = {}
        elif it.kind == "grid":
            item["questionGroupItem"] = {
                "questions": [{"required": it.required, "rowQuestion": {"title": r}} for r in it.rows],
                "grid": {"columns": {"type": "RADIO", "options": [{"value": c} for c in it.choices]}}}
        elif it.kind == "text":
            item["questionItem"] = {"question": {"required": it.required, "textQuestion": {"paragraph": True}}}
        else:
            kind = {"unit": "DROP_DOWN", "single": "RADIO", "multiple": "CHECKBOX"}[it.kind]
            options: list[dict[str, Any]] = [{"value": c} for c in it.choices]
            if it.other:
                options.append({"isOther": True})
            item["questionItem"] = {"question": {"required": it.required,
                                                 "choiceQuestion": {"type": kind, "options": options}}}
        requests.append({"createItem": {"item": item, "location": {"index": index}}})
    return {"requests": requests}
