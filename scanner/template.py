"""The layout template read from its JSON: every fault named by its exact JSON path (scanner.template_model
holds what it is read into, re-exported here so a stage imports the template from one place).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, assert_never

from .bundled import DEFAULT_TEMPLATE, bundled  # noqa: F401  (DEFAULT_TEMPLATE: named from here)
from .errors import TemplateError
from .fiducials import DICTIONARY_SIZES, MAX_PAGE_DIGITS
from .kinds import TEMPLATE_KINDS, Kind
from .kinds.behaviour import Printed
from .kinds.digits import bubble_id
from .kinds.registry import behaviour
from .logic.expression import ExpressionError, parse, references
from .phrases import row_letter
from .template_model import BoxSpec, Fiducial, Line, Option, Question, Rect, Section, Template, TextItem, nfc

if TYPE_CHECKING:
    from .roster import Roster

__all__ = ["DEFAULT_TEMPLATE", "BoxSpec", "Fiducial", "Line", "Option", "Question", "Rect", "Section", "Template",
           "TextItem", "load_template", "nfc", "parse_template", "read_json"]

SUPPORTED_SCHEMA = {1}
QUESTION_TYPES = TEMPLATE_KINDS
TEXT_FONTS = {"regular", "bold", "italic", "bolditalic", "mono", "sans-regular", "sans-bold", "sans-italic", "sans-bolditalic"}


class _Reader:
    """Reads a JSON tree, raising TemplateError that names the exact JSON path of a fault."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, path: str, problem: str) -> TemplateError:
        return TemplateError(self.file, path, problem)

    def get(self, obj: Any, key: str, path: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if not isinstance(obj, dict):
            raise self.fail(path, "expected an object")
        if key not in obj:
            if default is ...:
                raise self.fail(f"{path}.{key}", "is missing; add it")
            return default
        v = obj[key]
        if isinstance(v, bool) and kind in (int, float, (int, float)):
            raise self.fail(f"{path}.{key}", "must be a number, not true/false")
        if not isinstance(v, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.fail(f"{path}.{key}", f"must be of type {names}")
        return v

    def rect(self, obj: Any, path: str) -> Rect:
        vals = [float(self.get(obj, k, path, (int, float))) for k in ("x_mm", "y_mm", "w_mm", "h_mm")]
        if vals[2] <= 0 or vals[3] <= 0:
            raise self.fail(path, "width and height must be positive")
        return Rect(*vals)


T = TypeVar("T")

TEMPLATE_FILE = "mẫu phiếu ballot_layout.json (survey build BẢNG_HỎI.xlsx ghi ra / written by survey build)"


def read_json(path: Path, what: str) -> Any:
    """The JSON at `path`; `what` says in a few words which file belongs there and how it is made, for the one line
    a missing file, a file of another kind (a spreadsheet, notes, a CSV) or broken JSON gets."""
    return json_of(path, what, read_bytes(path, what))


def read_bytes(path: Path, what: str) -> bytes:
    """The file's bytes, or the one line read_json gives for a file that is missing, a folder or unreadable."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise TemplateError(str(path), "$", f"không thấy tệp / file not found; hãy đưa đường dẫn của {what}") from None
    except IsADirectoryError:
        raise TemplateError(str(path), "$", f"đây là thư mục, không phải tệp / a folder, not a file; hãy đưa {what}"
                            ) from None
    except OSError as e:
        raise TemplateError(str(path), "$", f"không đọc được tệp ({e.strerror}) / cannot read it") from None


def json_of(path: Path, what: str, data: bytes) -> Any:
    """`data` (the bytes of `path`) as JSON, read as text is (a BOM dropped, any line end as one)."""
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")  # Notepad may write a BOM
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        if path.suffix.lower() != ".json":
            raise TemplateError(str(path), "$", f"không phải tệp JSON / not a JSON file; hãy đưa {what}") from None
        raise TemplateError(str(path), "$", f"JSON hỏng / not valid UTF-8 JSON ({e}); sửa lỗi cú pháp, hoặc tạo lại "
                            f"{what}") from None


class KeptByBytes(Generic[T]):
    """What a file was parsed into, kept per process under its path and the sha-256 of the very bytes parsed: the
    template and the plan were parsed again by every command a process ran (4 ms each for the shipped ones; the
    demo's steps, a test's dozens, a real form's build, check, print and read in one process; issue 26). A file
    whose bytes changed is parsed afresh; a file that cannot be parsed is never kept. What is kept is shared, so it
    is read-only (frozen dataclasses), as template_at's already was."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self.kept: dict[tuple[str, bytes], T] = {}

    def get(self, path: Path, data: bytes, parse: Callable[[], T]) -> T:
        key = (str(path), hashlib.sha256(data).digest())
        if key in self.kept:
            return self.kept[key]
        got = parse()
        if len(self.kept) >= self.size:
            self.kept.pop(next(iter(self.kept)))
        self.kept[key] = got
        return got


_TEMPLATES: KeptByBytes[Template] = KeptByBytes()


def load_template(path: str | Path = DEFAULT_TEMPLATE) -> Template:
    data = read_bytes(Path(path), TEMPLATE_FILE)
    return _TEMPLATES.get(Path(path), data, lambda: _template_from(path, data))


def _template_from(path: str | Path, data: bytes) -> Template:
    raw = json_of(Path(path), TEMPLATE_FILE, data)
    if isinstance(raw, dict) and "questions" not in raw and "units" in raw:  # the plan's JSON given for the template
        raise TemplateError(str(path), "$", f"đây là kế hoạch, không phải mẫu phiếu / a plan, not a template: dùng nó "
                            f"với --plan; hãy đưa {TEMPLATE_FILE}")
    return parse_template(raw, str(path))


def template_at(path: str) -> Template:
    """The template at `path`, parsed once per process while the file stays as it is: the per-side caches
    (the rendered print, its masks, the back's pattern) each start from it, and a parse costs about 30 ms, a
    second of every worker's start-up when each parsed its own. Read-only by convention, as those caches are."""
    try:
        st = os.stat(path)
    except OSError:
        return load_template(path)
    return _parsed(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _parsed(path: str, mtime_ns: int, size: int) -> Template:
    return load_template(path)


def _code(rd: _Reader, raw: Any, key: str, most: int) -> str:
    """The survey or version code as the sheet code prints it: 1 to `most` characters A-Z, 0-9."""
    value = str(rd.get(raw, key, "$", str))
    if not re.fullmatch(rf"[A-Z0-9]{{1,{most}}}", value):
        raise rd.fail(f"$.{key}", f"{value!r} does not fit the sheet code (1 to {most} characters A-Z, 0-9); "
                      "rebuild the template from the questionnaire with `build`")
    return value


def parse_template(raw: Any, file: str = "<template>") -> Template:
    raw = nfc(raw)
    rd = _Reader(file)
    schema = rd.get(raw, "schema_version", "$", int)
    if schema not in SUPPORTED_SCHEMA:
        raise rd.fail("$.schema_version", f"version {schema} is not supported; use {max(SUPPORTED_SCHEMA)}")
    size = rd.get(raw, "page_size_mm", "$", list)
    if len(size) != 2 or not all(isinstance(v, (int, float)) and v > 0 for v in size):
        raise rd.fail("$.page_size_mm", "must be [width, height] in millimetres")
    width, height = float(size[0]), float(size[1])
    pages = rd.get(raw, "pages", "$", int)
    occupied: dict[int, list[tuple[str, Rect]]] = {p: [] for p in range(1, pages + 1)}

    def place(page: int, rect: Rect, path: str) -> None:
        if page not in occupied:
            raise rd.fail(path, f"page {page} does not exist; the template has {pages} pages")
        if not rect.inside(width, height):
            raise rd.fail(path, f"box lies off the {width:g}x{height:g} mm page; move it inside")
        for other_path, other in occupied[page]:
            if rect.overlaps(other):
                raise rd.fail(path, f"overlaps {other_path} on page {page}; move one of them")
        occupied[page].append((path, rect))

    fid = rd.get(raw, "fiducials", "$", dict)
    fiducials = []
    for i, m in enumerate(rd.get(fid, "marks", "$.fiducials", list)):
        p = f"$.fiducials.marks[{i}]"
        page = rd.get(m, "page", p, int)
        s = float(rd.get(m, "size_mm", p, (int, float)))
        r = Rect(float(rd.get(m, "x_mm", p, (int, float))), float(rd.get(m, "y_mm", p, (int, float))), s, s)
        place(page, r, p)
        fiducials.append(Fiducial(page, rd.get(m, "marker_id", p, int), r))
    ids = [f.marker_id for f in fiducials]
    if len(set(ids)) != len(ids):
        raise rd.fail("$.fiducials.marks", "marker_id values must be unique across pages")
    dictionary = rd.get(fid, "dictionary", "$.fiducials", str)
    if dictionary not in DICTIONARY_SIZES:
        raise rd.fail("$.fiducials.dictionary", f"unknown dictionary {dictionary!r}; use one of {sorted(DICTIONARY_SIZES)}")
    if ids and max(ids) >= DICTIONARY_SIZES[dictionary]:
        raise rd.fail("$.fiducials.marks", f"marker_id {max(ids)} is not in {dictionary} "
                      f"(ids 0-{DICTIONARY_SIZES[dictionary] - 1}); use a larger dictionary")
    refused = rd.get(raw, "paper_refused", "$", str, "")  # never printed nor read: no marks, any length
    if pages > 10 ** MAX_PAGE_DIGITS - 1 and not refused:
        raise rd.fail("$.pages", f"{pages} pages; the sheet code holds at most {10 ** MAX_PAGE_DIGITS - 1}")
    for page in occupied:
        if sum(f.page == page for f in fiducials) < 3 and not refused:
            raise rd.fail("$.fiducials.marks", f"page {page} needs at least 3 registration marks")

    code = rd.get(raw, "sheet_code", "$", dict)
    qr = rd.rect(rd.get(code, "qr", "$.sheet_code", dict), "$.sheet_code.qr")
    code_text_raw = rd.get(code, "text", "$.sheet_code", dict)
    code_text = rd.rect(code_text_raw, "$.sheet_code.text")
    for page in occupied:
        place(page, qr, "$.sheet_code.qr")

    texts = []
    for i, t in enumerate(rd.get(raw, "texts", "$", list)):
        p = f"$.texts[{i}]"
        if rd.get(t, "font", p, str, "regular") not in TEXT_FONTS:
            raise rd.fail(f"{p}.font", f"unknown font style; use one of {sorted(TEXT_FONTS)}")
        texts.append(TextItem(rd.get(t, "page", p, int), float(rd.get(t, "x_mm", p, (int, float))),
                              float(rd.get(t, "y_mm", p, (int, float))), float(rd.get(t, "size_pt", p, (int, float))),
                              rd.get(t, "font", p, str, "regular"), rd.get(t, "align", p, str, "left"),
                              rd.get(t, "text", p, str), _runs(rd, t, p)))

    questions: list[Question] = []
    groups: dict[str, tuple[str, ...]] = {}
    group_texts: dict[str, str] = {}
    group_online: dict[str, str] = {}
    group_numbers: dict[str, str] = {}
    rosters: dict[str, Roster] = {}
    ranks: dict[str, dict[str, str]] = {}
    seen: dict[str, str] = {}

    paths: dict[str, str] = {}  # expression's JSON path -> its text, checked once every question is known

    def logic(q: Any, path: str, key: str) -> str:
        text: str = rd.get(q, key, path, str, "")
        if text:
            paths[f"{path}.{key}"] = text
        return text

    def claim(qid: str, path: str) -> None:
        if qid in seen:
            raise rd.fail(path, f"duplicate id {qid!r} (also at {seen[qid]}); ids must be unique")
        seen[qid] = path

    for i, q in enumerate(rd.get(raw, "questions", "$", list)):
        p = f"$.questions[{i}]"
        qid = rd.get(q, "id", p, str)
        qtype_raw = rd.get(q, "type", p, str)
        if qtype_raw not in QUESTION_TYPES:
            raise rd.fail(f"{p}.type", f"unknown question type {qtype_raw!r}; use one of {sorted(QUESTION_TYPES)}")
        qtype = Kind(qtype_raw)
        printed = behaviour(qtype).printed  # how its JSON spells its boxes
        continued = printed == Printed.grid and rd.get(q, "continued", p, bool, False)
        if continued and qid not in groups:
            raise rd.fail(f"{p}.continued", f"continues grid {qid!r}, which no earlier question starts")
        if not continued:
            claim(qid, f"{p}.id")
        page = rd.get(q, "page", p, int)
        text = rd.get(q, "text", p, str)
        online = rd.get(q, "online_title", p, str, text)
        aliases = tuple(rd.get(q, "online_aliases", p, list, []))
        match printed:  # how the template's JSON spells the kind's boxes
            case Printed.digits:
                questions.append(_digit_question(rd, q, p, qid, qtype, page, text, online, aliases, place,
                                                 logic(q, p, "relevant"), logic(q, p, "constraint")))
            case Printed.writing:
                area = rd.rect(rd.get(q, "area", p, dict), f"{p}.area")
                place(page, area, f"{p}.area")
                questions.append(Question(qid, qtype, page, text, online, aliases, area=area,
                                          other_of=rd.get(q, "other_of", p, str, None),
                                          number=rd.get(q, "number", p, str, ""), relevant=logic(q, p, "relevant"), constraint=logic(q, p, "constraint")))
            case Printed.roster:
                from .roster import parse_roster

                roster, cells = parse_roster(rd, q, p, page, text, online, place, claim, aliases)
                roster = replace(roster, count=logic(q, p, "count"))  # checked against each record (logic.apply)
                relevant = logic(q, p, "relevant")  # the roster's condition holds for every cell, with the cell's own
                cells = [replace(c, relevant=f"({relevant}) and ({c.relevant})" if relevant and c.relevant
                                 else relevant or c.relevant) for c in cells]
                for c in cells:  # each row's rewritten condition names that row's cells: checked as any other
                    cp = f"{p}.rows[{c.roster_row - 1}].cells.{c.column}"
                    paths.update({f"{cp}.{k}": v for k, v in (("relevant", c.relevant), ("constraint", c.constraint))
                                  if v and v != relevant})
                rosters[qid] = roster
                questions += cells
            case Printed.grid:
                cols = rd.get(q, "columns", p, list)
                rows = rd.get(q, "rows", p, list)
                if not rows:
                    raise rd.fail(f"{p}.rows", "a grid needs at least one row")
                row_ids = list(groups.get(qid, ())) if continued else []
                first = len(row_ids)  # a grid too tall for a page continues on the next: its rows go on lettering
                for j, row in enumerate(rows, first):
                    rp = f"{p}.rows[{j - first}]"
                    rid = rd.get(row, "id", rp, str)
                    claim(rid, f"{rp}.id")
                    boxes = rd.get(row, "boxes", rp, list)
                    if not cols:
                        raise rd.fail(f"{p}.columns", f"grid row {rid!r} has no columns; list the grid's columns")
                    if len(boxes) != len(cols):
                        raise rd.fail(f"{rp}.boxes", f"has {len(boxes)} boxes for {len(cols)} columns; give one per column")
                    opts = []
                    for k, (c, b) in enumerate(zip(cols, boxes)):
                        r = rd.rect(b, f"{rp}.boxes[{k}]")
                        place(page, r, f"{rp}.boxes[{k}]")
                        opts.append(Option(str(rd.get(c, "id", f"{p}.columns[{k}]", str)),
                                           rd.get(c, "label", f"{p}.columns[{k}]", str), r,
                                           online_label=rd.get(c, "online_label", f"{p}.columns[{k}]", str, ""),
                                           aliases=tuple(map(str, rd.get(c, "online_aliases", f"{p}.columns[{k}]",
                                                                         list, [])))))
                    label = rd.get(row, "label", rp, str)
                    grid_number = rd.get(q, "number", p, str, "")
                    questions.append(Question(rid, Kind.single, page, label,
                                              rd.get(row, "online_title", rp, str, f"{online} [{label}]"),
                                              tuple(rd.get(row, "online_aliases", rp, list, [])),
                                              tuple(opts), group=qid,
                                              number=rd.get(row, "number", rp, str,
                                                            f"{grid_number}{row_letter(j)}" if grid_number else ""),
                                              relevant=logic(row, rp, "relevant") or logic(q, p, "relevant"),
                                              constraint=logic(q, p, "constraint")))
                    row_ids.append(rid)
                    if behaviour(qtype).ranks:
                        ranks.setdefault(qid, {})[rid] = rd.get(row, "option", rp, str)
                groups[qid] = tuple(row_ids)
                if not continued:
                    group_numbers[qid] = rd.get(q, "number", p, str, "")
                    group_texts[qid] = text
                    if online != text:
                        group_online[qid] = online
            case Printed.options:
                opts = []
                opt_ids: set[str] = set()
                raw_opts = rd.get(q, "options", p, list)
                if not raw_opts:
                    raise rd.fail(f"{p}.options", "a choice question needs at least one option")
                for j, o in enumerate(raw_opts):
                    op = f"{p}.options[{j}]"
                    oid = rd.get(o, "id", op, str)
                    if oid in opt_ids:
                        raise rd.fail(f"{op}.id", f"duplicate option id {oid!r} in question {qid!r}")
                    opt_ids.add(oid)
                    r = rd.rect(rd.get(o, "box", op, dict), f"{op}.box")
                    opage = rd.get(o, "page", op, int, page)
                    if opage < page:
                        raise rd.fail(f"{op}.page", f"page {opage} comes before the question's page {page}; a list continues "
                                      "on later pages only")
                    place(opage, r, f"{op}.box")
                    opts.append(Option(oid, rd.get(o, "label", op, str), r, rd.get(o, "parent", op, str, ""), opage,
                                       rd.get(o, "online_label", op, str, ""),
                                       tuple(str(a) for a in rd.get(o, "online_aliases", op, list, []))))
                max_choices = rd.get(q, "max_choices", p, int, None)
                if max_choices is not None and not 1 <= max_choices <= len(opts):
                    raise rd.fail(f"{p}.max_choices", f"must be between 1 and {len(opts)}")
                exclusive = tuple(rd.get(q, "exclusive", p, list, []))
                for oid in exclusive:
                    if oid not in opt_ids:
                        raise rd.fail(f"{p}.exclusive", f"names option {oid!r}, which the question does not have")
                other_option = rd.get(q, "other_option", p, str, None)
                if other_option is not None and other_option not in opt_ids:
                    raise rd.fail(f"{p}.other_option", f"names option {other_option!r}, which the question does not have")
                questions.append(Question(qid, qtype, page, text, online, aliases, tuple(opts),
                                          behaviour(qtype).most_options(max_choices), exclusive, other_option=other_option,
                                          number=rd.get(q, "number", p, str, ""), relevant=logic(q, p, "relevant"),
                                          constraint=logic(q, p, "constraint"), filter_by=rd.get(q, "filter_by", p, str, None)))
            case Printed.note:
                raise rd.fail(f"{p}.type", "a note is printed text, not a question of the template")
            case _:
                assert_never(printed)

    ids_all = {q.id for q in questions}
    for q in questions:
        if q.other_of and q.other_of not in ids_all:
            raise rd.fail("$.questions", f"text area {q.id!r} completes unknown question {q.other_of!r}")
    _check_cascades(rd, questions)
    breakdowns = tuple(rd.get(raw, "breakdowns", "$", list, []))
    for k, bid in enumerate(breakdowns):
        bq = next((q for q in questions if q.id == bid), None)
        if bq is None or not (bq.behaviour.one_option or bq.behaviour.banded and bq.bands):
            raise rd.fail(f"$.breakdowns[{k}]", f"{bid!r} is not a single-choice question (or a number with bands) "
                          "of the template")
    sections = []
    for k, sec in enumerate(rd.get(raw, "sections", "$", list, [])):
        sp = f"$.sections[{k}]"
        members = tuple(rd.get(sec, "questions", sp, list))
        for m in members:
            if m not in ids_all:
                raise rd.fail(f"{sp}.questions", f"names {m!r}, which is not a question of the template")
        subs = []
        for j, sub in enumerate(rd.get(sec, "subsections", sp, list, [])):
            bp = f"{sp}.subsections[{j}]"
            inner = tuple(rd.get(sub, "questions", bp, list))
            if not set(inner) <= set(members):
                raise rd.fail(f"{bp}.questions", "names a question outside its section; list it in the section too")
            subs.append(Section(rd.get(sub, "id", bp, str), rd.get(sub, "title", bp, str, ""), inner,
                                rd.get(sub, "level", bp, int, 2)))
        sections.append(Section(rd.get(sec, "id", sp, str, ""), rd.get(sec, "title", sp, str, ""), members,
                                subsections=tuple(subs)))
    other_fields = tuple(rd.get(raw, "other_fields", "$", list, []))
    parts = {x.id for sec in sections for x in (sec, *sec.subsections)}  # a condition may name a group
    known = ids_all | set(groups) | set(rosters) | parts | set(other_fields)
    for path, text in paths.items():
        try:
            names = references(parse(text))
        except ExpressionError as e:
            raise rd.fail(path, f"{text!r} is not an XLSForm expression ({e}); fix its syntax") from None
        unknown = [n for n in names if n not in known]
        if unknown:
            raise rd.fail(path, f"names {unknown[0]!r}, which is neither a question of the template nor listed in "
                          "$.other_fields; name a question or list it there")
    label_breaks = rd.get(raw, "label_breaks", "$", dict, {})
    texts_of = {q.id: q.text for q in questions}
    for qid, broken in label_breaks.items():
        if not isinstance(broken, str) or " ".join(broken.split()) != texts_of.get(qid):
            raise rd.fail(f"$.label_breaks.{qid}", "must be a question's text with line breaks; give its id and text")
    lines = []
    for k, ln in enumerate(rd.get(raw, "lines", "$", list, [])):
        lp = f"$.lines[{k}]"
        page = rd.get(ln, "page", lp, int)
        if page not in occupied:
            raise rd.fail(f"{lp}.page", f"page {page} does not exist; the template has {pages} pages")
        x1, y1, x2, y2 = (float(rd.get(ln, c, lp, (int, float))) for c in ("x1_mm", "y1_mm", "x2_mm", "y2_mm"))
        lines.append(Line(page, x1, y1, x2, y2, float(rd.get(ln, "width_mm", lp, (int, float), 0.25))))
    return Template(
        breakdowns=breakdowns,
        other_fields=other_fields,
        label_breaks=dict(label_breaks),
        group_numbers=group_numbers,
        sections=tuple(sections),
        lines=tuple(lines),
        label_pt=float(rd.get(raw, "label_pt", "$", (int, float), 9.5)),
        label_font=rd.get(raw, "label_font", "$", str, "regular"),
        survey_id=_code(rd, raw, "survey_id", 8),
        version=_code(rd, raw, "template_version", 3),
        title=rd.get(raw, "title", "$", str),
        subtitle=rd.get(raw, "subtitle", "$", str, ""),
        page_size=(width, height),
        pages=pages,
        fiducial_dictionary=dictionary,
        fiducials=tuple(fiducials),
        qr=qr,
        code_text=code_text,
        code_text_pt=float(code_text_raw.get("size_pt", 8)),
        texts=tuple(texts),
        questions=tuple(questions),
        groups=groups,
        group_texts=group_texts,
        group_online=group_online,
        rosters=rosters,
        ranks=ranks,
        online=rd.get(raw, "online", "$", dict, {}),
        source=file,
        right_to_left=rd.get(raw, "right_to_left", "$", bool, False),
        paper_refused=refused,
    )


def _check_cascades(rd: _Reader, questions: list[Question]) -> None:
    """A cascade names a choice question of the template, and each option's parent is one of its options."""
    by_id = {q.id: q for q in questions}
    for q in questions:
        if q.filter_by is None:
            continue
        parent = by_id.get(q.filter_by)
        if parent is None or not parent.behaviour.shares:
            raise rd.fail("$.questions", f"question {q.id!r}: filter_by {q.filter_by!r} is not a choice question of the template")
        ids = {o.id for o in parent.options}
        for o in q.options:
            if o.parent and o.parent not in ids:
                raise rd.fail("$.questions", f"question {q.id!r}: option {o.id!r} is listed under {o.parent!r}, "
                              f"which question {parent.id!r} does not have")


def _runs(rd: _Reader, t: Any, path: str) -> tuple[tuple[str, str], ...]:
    """A text item's optional `runs` ([{text, font}]): each in a known font, together its `text`, left-aligned."""
    raw = rd.get(t, "runs", path, list, [])
    out = []
    for k, run in enumerate(raw):
        p = f"{path}.runs[{k}]"
        font = rd.get(run, "font", p, str)
        if font not in TEXT_FONTS:
            raise rd.fail(f"{p}.font", f"unknown font style; use one of {sorted(TEXT_FONTS)}")
        out.append((rd.get(run, "text", p, str), font))
    if out and "".join(x for x, _ in out) != t.get("text"):
        raise rd.fail(f"{path}.runs", "the runs together must say the item's text")
    if out and t.get("align", "left") != "left":
        raise rd.fail(f"{path}.runs", "runs are printed left-aligned only; set align to left")
    return tuple(out)


def _digit_question(rd: _Reader, q: Any, p: str, qid: str, kind: Kind, page: int, text: str, online: str,
                    aliases: tuple[str, ...], place: Any, relevant: str, constraint: str) -> Question:
    """A number or date: `bubbles` is one list of ten boxes (0-9) per digit column, `comb` one box per column."""
    columns = rd.get(q, "bubbles", p, list)
    if not columns:
        raise rd.fail(f"{p}.bubbles", "a number or date needs at least one digit column")
    if wrong := behaviour(kind).columns_error(len(columns)):
        raise rd.fail(f"{p}.bubbles", wrong)
    opts = []
    for c, col in enumerate(columns, 1):
        if not isinstance(col, list) or len(col) != 10:
            raise rd.fail(f"{p}.bubbles[{c - 1}]", "a digit column has ten boxes, 0 to 9")
        for d, b in enumerate(col):
            r = rd.rect(b, f"{p}.bubbles[{c - 1}][{d}]")
            place(page, r, f"{p}.bubbles[{c - 1}][{d}]")
            opts.append(Option(bubble_id(c, d), str(d), r))
    comb = []
    for k, b in enumerate(rd.get(q, "comb", p, list, [])):
        r = rd.rect(b, f"{p}.comb[{k}]")
        place(page, r, f"{p}.comb[{k}]")
        comb.append(r)
    if comb and len(comb) != len(columns):
        raise rd.fail(f"{p}.comb", f"has {len(comb)} boxes for {len(columns)} digit columns; give one per column")
    decimals = rd.get(q, "decimals", p, int, 0)
    if not 0 <= decimals < len(columns) or (wrong := behaviour(kind).decimals_error(len(columns), decimals)):
        raise rd.fail(f"{p}.decimals", wrong or f"must be between 0 and {len(columns) - 1} (and 0 for a date)")
    bands = rd.get(q, "bands", p, list, [])
    if not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bands) or bands != sorted(set(bands)):
        raise rd.fail(f"{p}.bands", "must be rising numbers, the lower bound of each group")
    return Question(qid, kind, page, text, online, aliases, tuple(opts), number=rd.get(q, "number", p, str, ""),
                    relevant=relevant, constraint=constraint, digits=len(columns), decimals=decimals,
                    bands=tuple(float(b) for b in bands), comb=tuple(comb))
