"""Automatic A4 layout: a questionnaire (questionnaire.py) into the layout template JSON.

The JSON this writes is the single source of truth for printing and reading;
nothing is placed by hand. Text is measured in the font that prints it;
options go in columns when they are short and one per line when they are
long; a question, and a grid, is never split across pages; pages come in
pairs (both sides of a sheet), as many as the questionnaire needs (a booklet;
fiducials.py picks marker ids for every page). Ids come from the XLSForm's
`name` column, so rebuilding after a wording change keeps every id.
"""

from __future__ import annotations

from typing import Any, assert_never

from .errors import TemplateError
from .fiducials import MAX_PAGES, dictionary_for, marker_id
from .fonts import bare, has_right_to_left, resolve, runs, sans_family, text_width_mm, wrap
from .kinds.behaviour import Printed
from .kinds.registry import behaviour
from .layout_digits import DigitBlocks
from .layout_geometry import (
    BOTTOM,
    CODE_TEXT,
    LABEL_PT,
    LEFT,
    LINE,
    NOTE_PT,
    PAGE_H,
    PAGE_W,
    QR,
    QUESTION_PT,
    RIGHT,
    SECTION_PT,
    TOP_NEXT,
    WIDTH,
    WRITE_LINE_MM,
    Block,
    first_page_parts,
    pitch,
    r,
)
from .layout_grid import GridBlocks, row_numbers
from .layout_options import OptionBlocks, _logic
from .layout_roster import RosterBlocks
from .layout_structure import StructureBlocks, subsections
from .logic.wording import Lang, Named, instruction
from .online_extras import online_extras
from .online_titles import distinct, distinct_choices, keep_earlier, retitle
from .part_names import cited_parts
from .phrases import phrase
from .questionnaire import Item, Kind, Questionnaire, nfc
from .roster import cell_id

DEFAULT_INSTRUCTIONS = phrase("vi", "instructions")
EXAMPLE_NOTICE = phrase("vi", "example")
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
NATION = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TITLE_W = 170.0
FIRST_PART_MIN = 40.0  # mm left on a page worth starting a long list there rather than on the next page


class _Builder(StructureBlocks, GridBlocks, RosterBlocks, DigitBlocks, OptionBlocks):
    def __init__(self, q: Questionnaire) -> None:
        self.q = q
        self.texts: list[dict[str, Any]] = []
        self.lines: list[dict[str, Any]] = []
        self.questions: list[dict[str, Any]] = []
        self.sections: list[dict[str, Any]] = []
        self.write_ins = {it.other_of: it for it in q.items() if it.other_of}
        self.lang = Lang.of(getattr(q, "language", None))
        self.named = _named(q)
        self.cascades: dict[int, tuple[Item, list[tuple[float, str, Any]]]] = {}  # StructureBlocks.cascade_lines

    # -- primitives ---------------------------------------------------------------------------
    def text(self, page: int, x: float, y: float, s: str, size: float, font: str = "regular",
             align: str = "left", right: float | None = None) -> None:
        """`right`: where the room for a left-aligned text ends; a right-to-left form sets the text against it."""
        if not bare(s).strip():
            return  # a paragraph break's empty line (fonts.wrap): room only
        font = resolve(font)
        if self.q.right_to_left and align == "left" and right is not None:
            x, align = right, "right"
        pieces = runs(nfc(s), font) if bare(s) != s else []
        styled = len(pieces) > 1 or (pieces and pieces[0][1] != font)
        if styled and align != "left":  # runs are set from their left end: a centred heading starts half its width left
            x -= text_width_mm(s, font, size) / (2 if align == "center" else 1)
            align = "left"
        item: dict[str, Any] = {"page": page, "x_mm": r(x), "y_mm": r(y), "size_pt": size, "font": font,
                                "align": align, "text": nfc(bare(s))}
        if styled:  # inline bold/italic: each run in its font
            item["runs"] = [{"text": t, "font": f} for t, f in pieces]
        self.texts.append(item)

    def paragraph(self, page: int, x: float, y: float, s: str, width: float, size: float, font: str = "regular",
                  align: str = "left", line: float = LINE) -> None:
        """Draws wrapped text whose first baseline is y, `line` mm apart (taller on a tall script's form: pitch)."""
        line = pitch(line, [s])
        for i, part in enumerate(wrap(nfc(s), font, size, width)):
            if not bare(part).strip():
                continue  # a paragraph break: its empty line is room, counted by n_lines
            self.text(page, x, y + i * line, part, size, font, align, x + width if has_right_to_left(s) else None)

    @staticmethod
    def n_lines(s: str, width: float, size: float, font: str = "regular") -> int:
        return len(wrap(nfc(s), font, size, width))

    # -- blocks ---------------------------------------------------------------------------------
    def header(self) -> float:
        """The first page's head: the issuer on the left; on the right the Party's header (as Hướng dẫn
        36-HD/VPTW sets it out) or the national motto only when the settings' `header` asks for it."""
        q = self.q
        left_c, right_c = 52.0, 116.0
        if q.issuer:
            self.text(1, left_c, 27, q.issuer, 12, "regular", "center")
        if q.issuer_unit:
            self.text(1, left_c, 32, q.issuer_unit, 12, "bold", "center")
            self.text(1, left_c, 37, "*", 12, "regular", "center")
        if q.header == "party":
            self.text(1, right_c, 27, PARTY, 12.5, "bold", "center")
            self.underline(right_c, 28.6, PARTY, 12.5)
        elif q.header == "nation":
            self.text(1, right_c, 27, NATION[0], 11, "bold", "center")
            self.text(1, right_c, 32, NATION[1], 11.5, "bold", "center")
            self.underline(right_c, 33.6, NATION[1], 11.5)
        y = 56.0
        n = self.n_lines(q.title, TITLE_W, 15, "bold")
        self.paragraph(1, 105, y, q.title, TITLE_W, 15, "bold", "center", 6.2)
        y += 6.0 + (n - 1) * pitch(6.2, [q.title])
        if q.subtitle:
            n = self.n_lines(q.subtitle, 160, 12, "bold")
            self.paragraph(1, 105, y, q.subtitle, 160, 12, "bold", "center", 5.2)
            y += n * pitch(5.2, [q.subtitle])
        if q.example:
            y += 1.0
            self.text(1, 105, y, phrase(q.language, "example"), 10.5, "italic", "center")
            y += 5.0
        y += 3.0
        instructions = q.instructions or phrase(q.language, "instructions")
        n = self.n_lines(instructions, WIDTH, 10.5, "italic")
        self.paragraph(1, LEFT, y, instructions, WIDTH, 10.5, "italic", line=4.6)
        return y + (n - 1) * pitch(4.6, [instructions]) + 7.25

    @staticmethod
    def logic_of(it: Item) -> dict[str, str]:
        return _logic(it)

    def underline(self, centre: float, y: float, s: str, size: float) -> None:
        half = text_width_mm(s, "bold", size) / 2
        self.lines.append({"page": 1, "x1_mm": r(centre - half), "y1_mm": y, "x2_mm": r(centre + half),
                           "y2_mm": y, "width_mm": 0.3})

    def section_block(self, title: str) -> Block:
        n = self.n_lines(title, WIDTH, SECTION_PT, "bold")

        def draw(page: int, y: float) -> None:
            self.paragraph(page, LEFT, y + 4.0, title, WIDTH, SECTION_PT, "bold", line=5.0)

        return Block(n * pitch(5.0, [title]) + 2.5, draw, keep_with_next=True)

    def note_block(self, it: Item) -> Block:
        said = instruction(it.relevant, self.lang, self.named, note=True) if it.relevant else ""
        label = f"{said} {it.marked or it.label}" if said else it.marked or it.label
        font = it.style or "italic"
        n = self.n_lines(label, WIDTH, NOTE_PT, font) if label.strip() else 0
        hint = it.marked_hint or it.hint  # under it, as a phone shows a note's hint
        m = self.n_lines(hint, WIDTH, NOTE_PT, "italic") if any(ch.isalnum() for ch in it.hint) else 0

        def draw(page: int, y: float) -> None:
            if n:
                self.paragraph(page, LEFT, y + 3.8, label, WIDTH, NOTE_PT, font, line=4.5)
            if m:
                self.paragraph(page, LEFT, y + 3.8 + n * pitch(4.5, [label]), hint, WIDTH, NOTE_PT, "italic", line=4.5)

        # a hint with no label (a group's, under its title) introduces what follows: kept with it
        return Block(n * pitch(4.5, [label]) + m * pitch(4.5, [hint]) + 2.5, draw, keep_with_next=not n)

    def row_condition(self, relevant: str) -> str:
        """A grid row's own condition, after its label: " (Trả lời nếu …)"."""
        return f" ({instruction(relevant, self.lang, self.named)})" if relevant else ""

    def title_lines(self, it: Item) -> list[str]:
        number = phrase(self.q.language, "question", n=it.number) if it.number.isdigit() else it.number
        lines = wrap(f"{number}. {it.marked or it.label}", "bold", QUESTION_PT, WIDTH)
        if it.relevant:
            lines += [f"\0{h}" for h in wrap(instruction(it.relevant, self.lang, self.named), "italic", NOTE_PT, WIDTH)]
        if any(ch.isalnum() for ch in it.hint):  # a hint "." (a phone's placeholder, HOT's amenities) left a blank line
            lines += [f"\0{h}" for h in wrap(it.marked_hint or it.hint, "italic", NOTE_PT, WIDTH)]
        rule = choice_rule(it, self.q.language)
        if rule:
            lines += [f"\0{h}" for h in wrap(rule, "italic", NOTE_PT, WIDTH)]
        return lines

    def draw_title(self, page: int, y: float, lines: list[str]) -> float:
        for i, part in enumerate(lines):
            if not bare(part.lstrip("\0")).strip():
                continue  # a paragraph break in the label or hint: an empty line
            if part.startswith("\0"):
                self.text(page, LEFT, y + 4.0 + i * pitch(LINE, lines), part[1:], NOTE_PT, "italic", right=RIGHT)
            else:
                self.text(page, LEFT, y + 4.0 + i * pitch(LINE, lines), part, QUESTION_PT, "bold", right=RIGHT)
        return y + len(lines) * pitch(LINE, lines) + 1.5

    def text_block(self, it: Item) -> Block:
        title = self.title_lines(it)
        h = it.lines * WRITE_LINE_MM
        height = len(title) * pitch(LINE, title) + 1.5 + h + 3.5

        def draw(page: int, y: float) -> None:
            y = self.draw_title(page, y, title)
            self.questions.append({"id": it.id, "type": "text", "page": page, "number": it.number,
                                   "text": nfc(it.label), "online_title": nfc(it.label),
                                   "area": {"x_mm": LEFT, "y_mm": r(y), "w_mm": WIDTH, "h_mm": r(h)}, **_logic(it)})

        return Block(height, draw)

    def item_block(self, it: Item) -> Block | None:
        match it.behaviour.printed:
            case Printed.note:
                return self.heading_block(it) if it.heading else self.note_block(it)
            case Printed.grid:
                return self.grid_block(it)
            case Printed.digits:
                return self.digit_block(it)
            case Printed.writing:
                return None if it.other_of else self.text_block(it)
            case Printed.options:
                if it.choice_parent and it.id not in self.write_ins:
                    return self.cascade_block(it)
                return self.choice_block(it)
            case Printed.roster:
                raise ValueError("a roster is printed part by part (roster_blocks)")
            case _:
                assert_never(it.behaviour.printed)

    # -- pagination -----------------------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        if not self.q.on_paper:
            return self.finish(0)  # online only: no page, so no header, fiducials or sheet code either
        y = self.header()
        page = 1
        blocks: list[tuple[Block, list[str], str, str]] = []  # block, question ids, section id, section title
        for s in self.q.sections:
            if s.title:
                blocks.append((self.section_block(s.title), [], s.id, s.title))
            for it in s.items:
                if it.behaviour.printed == Printed.roster:  # a long roster continues over pages, part by part
                    blocks += [(b, [it.id], s.id, s.title) for b in self.roster_blocks(it)]
                    continue
                b = self.item_block(it)
                if b is not None:
                    blocks.append((b, [it.id], s.id, s.title))
        closing = self.q.closing or phrase(self.q.language, "closing")
        i = 0
        while i < len(blocks):
            group = [blocks[i][0]]
            while group[-1].keep_with_next and i + len(group) < len(blocks):
                group.append(blocks[i + len(group)][0])
            while len(group) > 1 and sum(b.height for b in group) > BOTTOM - TOP_NEXT and group[-1].split is None:
                group.pop()  # kept together only when together they fit a page
            need = sum(b.height for b in group)
            tall = group[-1]
            rest, here = BOTTOM - TOP_NEXT - (need - tall.height), BOTTOM - y - (need - tall.height)
            k = i + len(group) - 1
            if need > BOTTOM - TOP_NEXT and tall.split is not None:
                parts = (tall.split_here(rest, here) if tall.split_here is not None and here >= FIRST_PART_MIN
                         else tall.split(rest))
                blocks[k:k + 1] = [(part, *blocks[k][1:]) for part in parts]
                continue
            first = tall.split_here or tall.split_first
            if page == 1 and not self.questions and y + need > BOTTOM and first is not None \
                    and here >= FIRST_PART_MIN:
                parts = first_page_parts(first, rest, here)
                if parts:
                    covers = 1 if tall.split_here is not None else tall.first_covers
                    blocks[k:k + covers] = [(part, *blocks[k][1:]) for part in parts]
                    continue
            if y + need > BOTTOM:
                page += 1
                y = TOP_NEXT
                if need > BOTTOM - TOP_NEXT:
                    which = next(iter(blocks[i + len(group) - 1][1]), "")
                    raise TemplateError(self.q.source, "layout", f"question {which!r} does not fit on one page even "
                                        "alone; shorten it or split the grid into two")
            for b in group:
                b.draw(page, y)
                y += b.height
            i += len(group)
        if y + 8 > BOTTOM + 6:
            page += 1
            y = TOP_NEXT
        self.text(page, 105, y + 5, closing, 11, "bold", "center")
        pages = page + page % 2
        continued = wrap(phrase(self.q.language, "continued", title=self.q.title), "bold", 11, QR["x_mm"] - LEFT - 4)
        for p in range(2, pages + 1):
            self.text(p, LEFT, 27, continued[0] if len(continued) == 1 else f"{continued[0]} …", 11, "bold",
                      right=QR["x_mm"] - 4)
        for p in range(1, pages + 1):
            self.text(p, 105, 283, phrase(self.q.language, "page", p=p, n=pages), 9, "italic", "center")
        return self.finish(pages)

    def finish(self, pages: int) -> dict[str, Any]:
        q = self.q
        fiducials = []
        refused = too_long(pages)  # laid out whole, for the Google Form and the import; never printed or read
        for page in range(1, 0 if refused else pages + 1):
            for k, (x, y) in enumerate([(10, 10), (190, 10), (10, 277), (190, 277)]):
                fiducials.append({"page": page, "marker_id": marker_id(page, k), "x_mm": x, "y_mm": y,
                                  "size_mm": 10})
        # online a `${field}` names its question's title, not “Câu 4”, and a title is a label's first paragraph
        descriptions = retitle(self.questions, {it.id: nfc(it.online_label) for it in q.items()
                                                if it.online_label and it.behaviour.asked})
        keep_earlier(self.questions, {it.id: tuple(nfc(a) for a in it.online_aliases) for it in q.items()
                                      if it.online_aliases and it.behaviour.asked})
        # a label's own line breaks as paper prints them, for the review page (its text stays one line)
        breaks = {it.id: nfc(bare(it.marked)) for it in q.items() if "\n" in it.marked and it.behaviour.asked}
        label_breaks = {qd["id"]: breaks[qd["id"]] for qd in self.questions  # (a grid's rows are its questions)
                        if qd["id"] in breaks and "rows" not in qd and " ".join(breaks[qd["id"]].split()) == qd.get("text")}
        ids_by_item: dict[str, list[str]] = {}
        for qd in self.questions:
            printed = behaviour(Kind(qd["type"])).printed
            if printed == Printed.grid:
                ids_by_item[qd["id"]] = ids_by_item.get(qd["id"], []) * bool(qd.get("continued")) + [
                    row["id"] for row in qd["rows"]]
            elif printed == Printed.roster:
                ids_by_item[qd["id"]] = [cell_id(c, row["row"]) for row in qd["rows"] for c in row["cells"]]
            else:
                ids_by_item[qd["id"]] = [qd["id"]]
        for s in q.sections:
            members = [x for it in s.items for x in ids_by_item.get(it.id, [])]
            entry: dict[str, Any] = {"id": s.id, "title": nfc(s.title), "questions": members}
            subs = subsections(s.items, ids_by_item)
            if subs:
                entry["subsections"] = subs
            self.sections.append(entry)
        distinct(self.questions, self.sections)  # one column, one title: a shared title sent answers astray
        distinct_choices(self.questions)  # one choice, one option: a cascade's repeated label did the same
        # only what the template asks: a second write-in for one option (REACH's MSNA asks "Please specify the other
        # sources of income" twice for one "Other") is printed once, and stayed required online with no column
        placed = {qd["id"] for qd in self.questions}
        required = [it.id for it in q.items() if it.required and it.id in placed]
        paper: dict[str, Any] = {"right_to_left": True} if q.right_to_left else {}  # sans font, against the right edge
        if refused:
            paper["paper_refused"] = refused
        if label_breaks:
            paper["label_breaks"] = label_breaks
        return {
            **paper,
            "schema_version": 1,
            "survey_id": q.survey_id,
            "template_version": q.version,
            "breakdowns": list(q.breakdowns),
            "title": nfc(q.title),
            "subtitle": nfc(q.subtitle),
            "instructions": nfc(q.instructions or phrase(q.language, "instructions")),
            "language": q.language,
            "form_id": q.form_id,
            "form_version": q.form_version,
            "online_only": [{"name": o.name, "type": o.type, "why": o.why.value} for o in q.online_only],
            "example": q.example,
            "page_size_mm": [PAGE_W, PAGE_H],
            "pages": pages,
            "label_pt": LABEL_PT,
            "label_font": resolve("regular"),
            "fiducials": {"dictionary": dictionary_for(0 if refused else pages), "marks": fiducials},
            "sheet_code": {"qr": QR, "text": CODE_TEXT},
            "online": {"timestamp_titles": ["Timestamp", "Dấu thời gian"], "required": required, **online_extras(q),
                       **({"descriptions": descriptions} if descriptions else {})},
            "sections": self.sections,
            "other_fields": list(q.other_fields),
            "lines": self.lines,
            "texts": self.texts,
            "questions": self.questions,
        }


def _named(q: Questionnaire) -> dict[str, Named]:
    """How the printed form names each question, for wording the conditions that cite it (with its part where the
    numbering starts again in each: part_names.py)."""
    parts = cited_parts([(s.title, [(it.id, it.number) for it in s.items]) for s in q.sections], q.language)
    out: dict[str, Named] = {name: Named("", Kind.text, formula=text) for name, text in q.formulas}
    for it in q.items():
        choices = {c.id: c.label for c in it.choices}
        part = parts.get(it.id, "")
        out[it.id] = Named(it.number, it.kind, choices, part)
        for row, number in zip(it.rows, row_numbers(it), strict=True):  # as the page prints the row: "06", "5a"
            out[row.id] = Named(number, Kind.single, choices, part)
    return out


SEVERAL_SAID = ("nhiều", "all that apply", "select all", "tick all", "check all", "mark all", "multiple", "several",
                "more than one", "one or more", "tối đa", "at most", "up to", "plusieurs", "mehrfach", "mehrere",
                "varias", "varios", "como máximo")


def choice_rule(it: Item, language: str) -> str:
    """What a select_multiple asks that its own words do not say: "chọn tối đa N ý", or that several may be
    chosen (the instructions tell respondents one box per question unless the question says so); how a ranking's
    grid is marked."""
    if it.behaviour.ranks:
        return phrase(language, "rank")
    if not it.behaviour.per_option:
        return ""
    said = f"{it.label} {it.hint}".casefold()
    if it.max_choices and it.max_choices < len(it.choices):
        return "" if str(it.max_choices) in said else phrase(language, "at_most", n=it.max_choices)
    return "" if any(w in said for w in SEVERAL_SAID) else f"({phrase(language, 'several')})"


def build_layout(q: Questionnaire) -> dict[str, Any]:
    """The layout template (as JSON data) for this questionnaire; check it with template.parse_template."""
    # measured and printed in the font that has the letters
    with sans_family(q.right_to_left):
        return _Builder(q).build()


def too_long(pages: int) -> str:
    """Why a booklet of `pages` pages is not printed ("" when it is), in one line. Each page carries four
    registration marks of its own (scanner/fiducials.py), so that a page whose QR code is lost still says which
    page it is; the largest ArUco 4x4 dictionary has 1000, so 250 pages (125 sheets a respondent). A longer
    questionnaire, in any language, builds for the Google Form and the import, and `build`, `forms` and `scan`
    say so in this line (UNHCR's household survey: 226 pages in English, 368 in Arabic)."""
    if pages <= MAX_PAGES:
        return ""
    return (f"the questionnaire needs {pages} pages; at most {MAX_PAGES} ({MAX_PAGES // 2} sheets) are printed and "
            "read, as many as the registration marks can number (scanner/fiducials.py), so paper is not printed: use "
            "online-form for the Google Form, or split the XLSForm into two forms (by its sections) and build each / "
            f"bảng hỏi cần {pages} trang, giấy chỉ in và đọc tối đa {MAX_PAGES} trang nên không in giấy: dùng "
            "online-form để tạo biểu mẫu Google, hoặc tách thành hai biểu mẫu rồi build từng biểu mẫu")
