"""The Google Form made from the layout template: an Apps Script and the Forms API batchUpdate body.

Both carry exactly the template's online titles, options and rules, so the
exported answers' column headers match the template by construction and
the import needs no aliases. Google's own "Other" choice stands for the
option a write-in completes (its text lands in the same column, which is
how the import reads it); a grid becomes a Google grid, whose export
columns are "Title [Row]", as the template's rows are titled. The
template's `online` part adds what paper does not print (online_extras.py):
notes as text items, numbers and dates as checked answers, the online-only
fields Google Forms can ask; help texts are in the form's language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .logic.bounds import Bounds, constraint_bounds
from .logic.wording import template_instruction
from .online.columns import unit_asked
from .online_branching import SUBMIT, add_branching
from .online_steps import step_pattern, stepped
from .phrases import phrase
from .plan import Plan
from .template import Question, Template
from .vocab import ExtraKind, FormItemKind
from .write_ins import asked_apart, google_other


@dataclass(frozen=True)
class FormItem:
    """One item of the online form, in order."""

    kind: FormItemKind
    title: str
    choices: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    required: bool = False
    other: bool = False  # Google's "Other" with its text box
    at_most: int | None = None
    help: str = ""
    question_ids: tuple[str, ...] = field(default=())
    key: str = ""  # a section another item's answer leads to
    branches: tuple[tuple[str, str], ...] = ()  # a radio question's choice label -> the section key it leads to
    pattern: str = ""  # a short answer's regular expression (Apps Script's requireTextMatchesPattern)
    bounds: Bounds = Bounds()  # a number's range, from its constraint (Apps Script's requireNumberBetween …)
    step: tuple[float, float] | None = None  # a number's step and the value it counts from (online_steps)
    one_per_column: bool = False  # a grid that is a ranking: each place (column) given once


def form_items(template: Template, plan: Plan) -> list[FormItem]:
    online = template.online
    required = set(online.get("required", []))
    formats: dict[str, str] = online.get("formats", {})
    lang = online.get("language", "vi")
    choices = tuple(u.name for u in plan.online_choices())
    # the plan's unit question, where the form's settings ask it (unit_question, unit_after), in its language
    unit = FormItem(FormItemKind.unit, online["unit_title"], choices, required=True, question_ids=("unit",),
                    help=phrase(lang, "unit_help")) if unit_asked(template) else None
    unit_after = online.get("unit_after", "")
    items = [] if unit_after or unit is None else [unit]
    extras: list[dict[str, Any]] = list(online.get("extras", []))
    sections = template.sections or ()
    order = [(s.title, list(s.questions)) for s in sections] or [("", [q.id for q in template.questions])]
    done: set[str] = set()
    hints = template.online.get("hints", {}) or {}
    more = template.online.get("descriptions", {}) or {}  # a label's paragraphs after the first (online_titles)

    def place(before: str) -> None:
        for e in [e for e in extras if e.get("before", "") == before]:
            extras.remove(e)
            items.extend(_extra_item(e))

    for title, ids in order:
        if title:
            items.append(FormItem(FormItemKind.section, title))
        for qid in ids:
            q = template.question(qid)
            if qid in done or (q.other_of and not asked_apart(template, q)):  # (else in Google's "Other")
                continue
            place(q.group or q.roster or qid)  # what comes before a grid or a roster, before its first row
            if q.group:
                rows = [template.question(r) for r in template.groups[q.group]]
                done.update(r.id for r in rows)
                title = template.group_online.get(q.group, template.group_texts[q.group])
                items.append(FormItem(FormItemKind.grid, title, tuple(o.online for o in q.options),
                                      tuple(_row_words(title, r.online_title, r.text) for r in rows),
                                      required=all(r.id in required and not r.relevant for r in rows),
                                      help=str(more.get(q.group, "")), question_ids=tuple(r.id for r in rows),
                                      one_per_column=q.group in template.ranks))
            else:
                done.add(qid)
                item = _question_item(q, qid in required and not q.relevant, formats.get(qid, ""), lang)
                said = template_instruction(template, qid, online=True)  # required only where it applies; said
                hint = str(hints.get(qid, "")).strip()  # the form's own hint, which paper prints under the title
                stop = phrase(lang, "full_stop")  # Bangla ends a sentence with "।"
                hint = hint + stop if hint and not hint.endswith((".", "?", "!", ":", ";", "…", ")", "।")) else hint
                help_text = " ".join(x for x in (hint, said + stop if said else "", item.help) if x)
                # a roster is asked cell by cell: its own paragraphs and notes (paper prints them under its title)
                # go with its first cell
                first = not q.roster or q.roster_row == 1 and q.column == template.rosters[q.roster].columns[0].id
                lead = (str(more.get(q.roster or qid, "")), str(hints.get(q.roster, "")).strip() if q.roster else "") \
                    if first else ()
                items.append(replace(item, help="\n\n".join(x for x in (*lead, help_text) if x)))
            if unit is not None and unit_after in (qid, q.group) and unit not in items:
                items.append(unit)
    for e in extras:
        items.extend(_extra_item(e))
    if unit is not None and unit not in items:
        items.insert(0, unit)
    return add_branching(items, template)


def _extra_item(e: dict[str, Any]) -> list[FormItem]:
    title = str(e.get("title", ""))
    if not title:
        return []
    if e.get("kind") == ExtraKind.note:
        return [FormItem(FormItemKind.note, title, help=str(e.get("help", "")))]
    if e.get("kind") == ExtraKind.rank:
        ranks = tuple(str(n) for n in range(1, len(e.get("choices", [])) + 1))
        return [FormItem(FormItemKind.grid, title, ranks, tuple(e.get("choices", [])), one_per_column=True)]
    return [FormItem(FormItemKind.short, title)]


def _row_words(title: str, row_title: str, text: str) -> str:
    """A grid row's words on the Google Form, from its online title (“Grid [🍔 Burgers]”: a symbol paper names
    kept), so the download's column is that title; its printed text when the title is not of that shape."""
    if row_title.startswith(f"{title} [") and row_title.endswith("]"):
        return row_title[len(title) + 2:-1]
    return text


def _question_item(q: Question, required: bool, xls_type: str = "", lang: str = "vi") -> FormItem:
    asked = q.behaviour.asked_online(q.decimals, q.digits, xls_type, q.max_choices, len(q.options))
    if not asked.choices:
        bounds, step = Bounds(), None
        if asked.kind in (FormItemKind.integer, FormItemKind.decimal):
            found = stepped(q.constraint)  # a range with a step: its range, and the step apart
            bounds = found[0] if found else constraint_bounds(q.constraint)
            bounds = bounds.whole() if asked.kind == FormItemKind.integer else bounds
            step = found[1:] if found else None
        return FormItem(asked.kind, q.online_title, required=required, question_ids=(q.id,), help=asked.shape,
                        pattern=asked.pattern, bounds=bounds, step=step)
    other = google_other(q)  # Google's "Other" stands for an option that reads so; another keeps its label
    choices = tuple(o.online for o in q.options if o.id != q.other_option or not other)
    hints = [phrase(lang, "exclusive", label=q.option(x).online) for x in q.exclusive]
    return FormItem(asked.kind, q.online_title, choices, required=required, other=other,
                    at_most=asked.at_most, help=" ".join(hints), question_ids=(q.id,))


def export_header(template: Template, plan: Plan) -> list[str]:
    """The columns of the form's "Download responses" CSV, as Google writes them (after the timestamp)."""
    cols = []
    for it in form_items(template, plan):
        if it.kind in (FormItemKind.section, FormItemKind.note):
            continue
        if it.kind == FormItemKind.grid:
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
    lang = template.online.get("language", "vi")
    branching: list[str] = []
    for it in form_items(template, plan):
        if it.kind == FormItemKind.section:
            page = f"var page_{it.key} = " if it.key else ""
            out.append(f"  {page}form.addPageBreakItem().setTitle({_js(it.title)});")
            continue
        if it.kind == FormItemKind.note:
            help_text = f".setHelpText({_js(it.help)})" if it.help else ""
            out.append(f"  form.addSectionHeaderItem().setTitle({_js(it.title)}){help_text};")
            continue
        if it.kind == FormItemKind.unit:
            out.append(f"  item = form.addListItem().setTitle({_js(it.title)}).setChoiceValues({_js(list(it.choices))});")
        elif it.kind == FormItemKind.single:
            out.append(f"  item = form.addMultipleChoiceItem().setTitle({_js(it.title)})"
                       f".setChoiceValues({_js(list(it.choices))});")
        elif it.kind == FormItemKind.multiple:
            out.append(f"  item = form.addCheckboxItem().setTitle({_js(it.title)})"
                       f".setChoiceValues({_js(list(it.choices))});")
            if it.at_most:
                out.append(f"  item.setValidation(FormApp.createCheckboxValidation().requireSelectAtMost({it.at_most})"
                           f".setHelpText({_js(phrase(lang, 'at_most', n=it.at_most))}).build());")
        elif it.kind == FormItemKind.grid:
            out.append(f"  item = form.addGridItem().setTitle({_js(it.title)}).setRows({_js(list(it.rows))})"
                       f".setColumns({_js(list(it.choices))});")
            if it.one_per_column:  # a ranking: Google's "limit to one response per column"
                out.append(f"  item.setValidation(FormApp.createGridValidation().requireLimitOneResponsePerColumn()"
                           f".setHelpText({_js(phrase(lang, 'rank'))}).build());")
        elif it.kind in (FormItemKind.integer, FormItemKind.decimal):
            rule, said = number_rule(it, lang)
            out.append(f"  item = form.addTextItem().setTitle({_js(it.title)});")
            help_text = f".setHelpText({_js(said)})" if said else ""
            out.append(f"  item.setValidation(FormApp.createTextValidation().{rule}{help_text}.build());")
        elif it.kind in (FormItemKind.date, FormItemKind.time, FormItemKind.datetime):
            method = {"date": "addDateItem", "time": "addTimeItem", "datetime": "addDateTimeItem"}[it.kind]
            out.append(f"  item = form.{method}().setTitle({_js(it.title)});")
        elif it.kind == FormItemKind.short:
            out.append(f"  item = form.addTextItem().setTitle({_js(it.title)});")
            if it.pattern:
                out.append(f"  item.setValidation(FormApp.createTextValidation().requireTextMatchesPattern("
                           f"{_js(it.pattern)}).setHelpText({_js(it.help)}).build());")
        else:
            out.append(f"  item = form.addParagraphTextItem().setTitle({_js(it.title)});")
        if it.other:
            out.append("  item.showOtherOption(true);")
        if it.help:
            out.append(f"  item.setHelpText({_js(it.help)});")
        if it.required:
            out.append("  item.setRequired(true);")
        if it.branches:  # choices that go to a section are set once every section exists
            var = f"branch_{len(branching) + 1}"
            out.append(f"  var {var} = item;")
            targets = [f"{var}.createChoice({_js(label)}, "
                       + ("FormApp.PageNavigationType.SUBMIT" if key == SUBMIT else f"page_{key}") + ")"
                       for label, key in it.branches]
            branching.append(f"  {var}.setChoices([{', '.join(targets)}]);")
    out += branching
    out += ["  Logger.log('Sửa / edit: ' + form.getEditUrl());",
            "  Logger.log('Gửi / share: ' + form.getPublishedUrl());", "}", ""]
    return "\n".join(out)


def number_rule(it: FormItem, lang: str) -> tuple[str, str]:
    """The Apps Script text validation a number item gets, and the message Google shows when it is broken.

    The constraint's range is checked as the answer is typed (a Google Form
    takes one rule per item, so a whole number with a range is checked for
    its range: the import still refuses 15,5 for an integer; a decimal's
    open bounds, between two, are checked as closed); a constraint that
    says no plain range leaves the whole-number or number check."""
    b = it.bounds

    def f(x: float) -> str:
        return f"{x:g}"

    def said(x: float) -> str:  # as the form's language writes it: 99,9 in Vietnamese
        return f(x).replace(".", phrase(lang, "decimal_point"))

    if it.step:  # a pattern checks the range and the step at once where one can (online_steps); else the range
        by, start = it.step
        pattern = step_pattern(b, by, start) if it.kind == FormItemKind.integer else ""
        step = phrase(lang, "number_multiple", by=said(by)) if start == 0 else phrase(
            lang, "number_step", by=said(by), start=said(start))
        rule, words = number_rule(replace(it, step=None), lang)
        return (f"requireTextMatchesPattern({_js(pattern)})" if pattern else rule), " ".join(x for x in (words, step)
                                                                                          if x)
    if b.low is not None and b.high is not None:
        return (f"requireNumberBetween({f(b.low)}, {f(b.high)})",
                phrase(lang, "number_between", low=said(b.low), high=said(b.high)))
    if b.low is not None:
        ge = "GreaterThan" if b.low_open else "GreaterThanOrEqualTo"
        return f"requireNumber{ge}({f(b.low)})", phrase(lang, "number_at_least", low=said(b.low))
    if b.high is not None:
        le = "LessThan" if b.high_open else "LessThanOrEqualTo"
        return f"requireNumber{le}({f(b.high)})", phrase(lang, "number_at_most", high=said(b.high))
    return ("requireWholeNumber()" if it.kind == FormItemKind.integer else "requireNumber()"), ""


def batch_update(template: Template, plan: Plan) -> dict[str, Any]:
    """The Forms API forms.batchUpdate body that adds every item to a form created with this title."""
    requests: list[dict[str, Any]] = [{"updateFormInfo": {
        "info": {"title": template.title, "description": template.subtitle}, "updateMask": "title,description"}}]
    items = form_items(template, plan)
    ids = {it.key: f"{0x5ec70000 + k:08x}" for k, it in enumerate(items) if it.key}
    for index, it in enumerate(items):
        item: dict[str, Any] = {"title": it.title}
        if it.key:
            item["itemId"] = ids[it.key]
        if it.help:
            item["description"] = it.help
        if it.kind == FormItemKind.section:
            item["pageBreakItem"] = {}
        elif it.kind == FormItemKind.note:
            item["textItem"] = {}
        elif it.kind == FormItemKind.grid:
            item["questionGroupItem"] = {
                "questions": [{"required": it.required, "rowQuestion": {"title": r}} for r in it.rows],
                "grid": {"columns": {"type": "RADIO", "options": [{"value": c} for c in it.choices]}}}
        elif it.kind in (FormItemKind.text, FormItemKind.short, FormItemKind.integer, FormItemKind.decimal):
            item["questionItem"] = {"question": {"required": it.required,
                                                 "textQuestion": {"paragraph": it.kind == FormItemKind.text}}}
        elif it.kind in (FormItemKind.date, FormItemKind.datetime):
            item["questionItem"] = {"question": {"required": it.required, "dateQuestion": {
                "includeYear": True, "includeTime": it.kind == FormItemKind.datetime}}}
        elif it.kind == FormItemKind.time:
            item["questionItem"] = {"question": {"required": it.required, "timeQuestion": {"duration": False}}}
        else:
            kind = {"unit": "DROP_DOWN", "single": "RADIO", "multiple": "CHECKBOX"}[it.kind]
            options: list[dict[str, Any]] = [{"value": c} for c in it.choices]
            for option, (_, key) in zip(options, it.branches, strict=False):
                option.update({"goToAction": "SUBMIT_FORM"} if key == SUBMIT else {"goToSectionId": ids[key]})
            if it.other:
                options.append({"isOther": True})
            item["questionItem"] = {"question": {"required": it.required,
                                                 "choiceQuestion": {"type": kind, "options": options}}}
        requests.append({"createItem": {"item": item, "location": {"index": index}}})
    return {"requests": requests}


def steps_on_import(template: Template, plan: Plan) -> list[str]:
    """The number items whose step the Google Form cannot check (no pattern says their values): `online-form`
    says them, as `validate` and the import check the step instead."""
    return [it.title for it in form_items(template, plan) if it.step and not (
        it.kind == FormItemKind.integer and step_pattern(it.bounds, *it.step))]

