"""The report as an editable Word document (python-docx): A4, Times-like serif, the Party document layout.

Layout after Hướng dẫn 36-HD/VPTW: the issuing body and its asterisk on the
left, ĐẢNG CỘNG SẢN VIỆT NAM on the right, number and date line, title and
summary line, then the body; Nơi nhận and the signature block at the end.
Headings use Word's own heading styles (restyled), so the office gets a
navigation pane and can renumber or restyle in one place.
"""

from __future__ import annotations

import io
from pathlib import Path

from .model import PROVISIONAL, BlockKind, Chart, Heading, Para, Report, Table

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 11
TEXT_WIDTH_CM = 16.0


def _font(run, size: float | None = None, bold: bool | None = None, italic: bool | None = None,
          underline: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from ..scripts_report import word_fonts

    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts, rtl, complex_script = word_fonts(run.text, FONT)  # Chinese in a CJK font, Arabic as right to left
    for attr, value in fonts.items():
        rpr.get_or_add_rFonts().set(qn(attr), value)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline
    if complex_script:  # Word sizes and weights Arabic, Devanagari, Thai… by the complex-script properties
        _complex(rpr, size or BODY_PT, bool(bold), bool(italic), rtl)


_RPR_ORDER = ("w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow",
              "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
              "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
              "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
              "w:oMath")  # a run's properties in the order the schema requires (CT_RPr)


def _complex(rpr, size: float, bold: bool, italic: bool, rtl: bool) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    seq = _RPR_ORDER
    wanted = [("w:bCs", bold), ("w:iCs", italic), ("w:szCs", True), ("w:rtl", rtl)]
    for tag, on in wanted:
        if on and rpr.find(qn(tag)) is None:
            el = OxmlElement(tag)
            if tag == "w:szCs":
                el.set(qn("w:val"), str(round(size * 2)))
            rpr.insert_element_before(el, *seq[seq.index(tag) + 1:])


def _setup(doc) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(2), Cm(2), Cm(3), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)
    pf = normal.paragraph_format
    pf.space_after, pf.space_before = Pt(4), Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for name, size, italic in (("Heading 1", 13, False), ("Heading 2", 13, False), ("Heading 3", 13, True)):
        st = doc.styles[name]
        st.font.name, st.font.size, st.font.bold, st.font.italic = FONT, Pt(size), True, italic
        st.font.color.rgb = RGBColor(0, 0, 0)
        fonts = st.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:eastAsia"), FONT)
        st.paragraph_format.space_before, st.paragraph_format.space_after = Pt(8), Pt(4)
        st.paragraph_format.keep_with_next = True
    sec.different_first_page_header_footer = True
    _page_number(sec.header.paragraphs[0])


def _page_number(p) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    p._p.append(fld)


def _no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tbl_pr = table._tbl.tblPr
    later = [c for c in tbl_pr if c.tag in {qn(f"w:{t}") for t in ("shd", "tblLayout", "tblCellMar", "tblLook",
                                                                    "tblCaption", "tblDescription")}]
    if later:  # Word insists on the schema's order of table properties
        later[0].addprevious(borders)
    else:
        tbl_pr.append(borders)


def _cell_text(cell, lines: list[tuple[str, dict]], align=None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.paragraphs[0].text = ""
    for i, (text, fmt) in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
        p.paragraph_format.space_after = 0
        _font(p.add_run(text), **fmt)


def _header(doc, rep: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    h = rep.header
    t = doc.add_table(rows=2, cols=2)
    _no_borders(t)
    widths = (Cm(6.5), Cm(9.5))
    for row in t.rows:
        for c, w in zip(row.cells, widths, strict=True):
            c.width = w
    _cell_text(t.cell(0, 0), [(h.issuer_parent, {"size": 13}), (h.issuer, {"size": 13, "bold": True}),
                              ("*", {"size": 13})])
    _cell_text(t.cell(0, 1), [(h.party, {"size": 14, "bold": True, "underline": True})])
    _cell_text(t.cell(1, 0), [(h.number, {"size": 13})])
    _cell_text(t.cell(1, 1), [(h.date_line, {"size": 13, "italic": True})])
    for text, size in ((rep.title, 15), (rep.summary, 14)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Cm(0.3) if text == rep.title else 0
        p.paragraph_format.space_after = 0
        _font(p.add_run(text), size=size, bold=True)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("-----"), size=13)


def _banner(doc, rep: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    t = doc.add_table(rows=1, cols=1)
    t.style = "Table Grid"
    cell = t.cell(0, 0)
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(PROVISIONAL)
    _font(r, size=14, bold=True)
    r.font.color.rgb = RGBColor(0xB0, 0, 0)
    p = cell.add_paragraph()
    _font(p.add_run("Báo cáo lập khi việc thu thập, xử lý phiếu chưa xong; còn thiếu:"), size=12, italic=True)
    for line in rep.provisional:
        _font(cell.add_paragraph().add_run(f"- {line};"), size=12)
    doc.add_paragraph()


def _para(doc, b: Para) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
    from docx.shared import Cm

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    run = p.add_run(b.text)
    if b.kind in (BlockKind.body, BlockKind.finding):
        p.paragraph_format.first_line_indent = Cm(1)
        _font(run)
    elif b.kind == BlockKind.placeholder:
        _font(run, italic=True)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    elif b.kind == BlockKind.note:
        _font(run, size=11, italic=True)
    else:
        p.paragraph_format.left_indent = Cm(0.5)
        run.text = f"- {b.text}"
        _font(run, size=12)


def _table(doc, b: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    t = doc.add_table(rows=1 + len(b.rows), cols=len(b.headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    n = len(b.headers)
    first = TEXT_WIDTH_CM * (0.42 if b.first_col_wide and n > 2 else 1 / n)
    rest = (TEXT_WIDTH_CM - first) / max(n - 1, 1)
    for j, w in enumerate([first] + [rest] * (n - 1)):
        for cell in t.columns[j].cells:
            cell.width = Cm(w)
    tr_pr = t.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    cells = t._cells  # row by row; python-docx's t.cell(r, c) rebuilds this whole list on every call
    for j, h in enumerate(b.headers):
        cell = cells[j]
        _cell_text(cell, [(h, {"size": TABLE_PT, "bold": True})])
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:fill"), "E7E6E6")
        cell._tc.get_or_add_tcPr().append(shade)
    for i, row in enumerate(b.rows):
        bold = (b.bold_last and i == len(b.rows) - 1) or i in b.bold_rows
        for j, text in enumerate(row):
            align = WD_ALIGN_PARAGRAPH.LEFT if j == 0 or (not b.first_col_wide and j == 1) else WD_ALIGN_PARAGRAPH.RIGHT
            _cell_text(cells[(i + 1) * n + j], [(text, {"size": TABLE_PT, "bold": bold})], align)
    doc.add_paragraph().paragraph_format.space_after = 0


def _chart(doc, b: Chart) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc.add_picture(io.BytesIO(b.png), width=Cm(b.width_cm))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if b.caption:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(b.caption), size=11, italic=True)


def _signature(doc, rep: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    for c, w in zip(t.rows[0].cells, (Cm(8), Cm(8)), strict=True):
        c.width = w
    left: list[tuple[str, dict]] = [("Nơi nhận:", {"size": 12, "bold": True, "italic": True})]
    left += [(f"- {r}", {"size": 11}) for r in rep.recipients]
    _cell_text(t.cell(0, 0), left, WD_ALIGN_PARAGRAPH.LEFT)
    right: list[tuple[str, dict]] = [(rep.signer_title, {"size": 13, "bold": True})]
    right += [("", {})] * 4 + [(rep.signer_name, {"size": 13, "bold": True})]
    _cell_text(t.cell(0, 1), right)


def render_docx(rep: Report, out: Path) -> Path:
    import docx

    doc = docx.Document()
    _setup(doc)
    doc.core_properties.title = rep.summary
    doc.core_properties.language = "vi-VN"
    _header(doc, rep)
    if rep.provisional:
        _banner(doc, rep)
    for b in rep.blocks:
        if isinstance(b, Heading):
            for run in doc.add_heading(b.text, level=b.level).runs:  # a question's label: its script's fonts
                _font(run, bold=True, italic=True if b.level >= 3 else None)
        elif isinstance(b, Para):
            _para(doc, b)
        elif isinstance(b, Table):
            _table(doc, b)
        elif isinstance(b, Chart):
            _chart(doc, b)
    _signature(doc, rep)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out
