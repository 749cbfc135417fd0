"""The report's A4 PDF drawn with reportlab from the same model as the DOCX and the HTML: no browser needed.

reportlab already draws the forms and comes with pip on every system, so the
office's own (Windows) computer makes the PDF with nothing else installed.
The look follows the HTML's stylesheet (web.py): Times-like serif 13 pt,
margins 20/20/20/30 mm, ruled tables with a grey header repeated on each page.
"""

from __future__ import annotations

import io
from pathlib import Path

from .model import PROVISIONAL, BlockKind, Chart, Heading, Para, Report, Table

SERIF = "LiberationSerif"
MAX_IMAGE_CM = 16.0


def _styles() -> dict:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import registerFontFamily

    from ..fonts import register_fonts

    register_fonts()
    registerFontFamily(SERIF, normal=SERIF, bold=f"{SERIF}-Bold", italic=f"{SERIF}-Italic",
                       boldItalic=f"{SERIF}-BoldItalic")
    base = ParagraphStyle("body", fontName=SERIF, fontSize=13, leading=13 * 1.3, alignment=TA_JUSTIFY,
                          spaceAfter=1.5 * mm)

    def s(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "head": s("head", alignment=TA_CENTER, spaceAfter=0),
        "title": s("title", fontName=f"{SERIF}-Bold", fontSize=15, leading=19, alignment=TA_CENTER,
                   spaceBefore=6 * mm, spaceAfter=0),
        "summary": s("summary", fontName=f"{SERIF}-Bold", fontSize=14, leading=18, alignment=TA_CENTER, spaceAfter=0),
        "rule": s("rule", alignment=TA_CENTER, spaceAfter=4 * mm),
        "banner_title": s("banner_title", fontName=f"{SERIF}-Bold", fontSize=14, leading=18, alignment=TA_CENTER,
                          textColor="#b00000"),
        "banner": s("banner", fontSize=12, leading=15, spaceAfter=0.5 * mm, alignment=TA_LEFT),
        "h1": s("h1", fontName=f"{SERIF}-Bold", spaceBefore=5 * mm, spaceAfter=2 * mm, alignment=TA_LEFT),
        "h2": s("h2", fontName=f"{SERIF}-Bold", spaceBefore=4 * mm, spaceAfter=2 * mm, alignment=TA_LEFT),
        "h3": s("h3", fontName=f"{SERIF}-BoldItalic", spaceBefore=3 * mm, spaceAfter=2 * mm, alignment=TA_LEFT),
        BlockKind.body: s("p_body", firstLineIndent=10 * mm),
        BlockKind.finding: s("p_finding", firstLineIndent=10 * mm),
        BlockKind.placeholder: s("p_placeholder", fontName=f"{SERIF}-Italic", backColor="#fff59d"),
        BlockKind.note: s("p_note", fontName=f"{SERIF}-Italic", fontSize=11, leading=14),
        BlockKind.item: s("p_item", fontSize=12, leading=15.6, leftIndent=5 * mm),
        "th": s("th", fontName=f"{SERIF}-Bold", fontSize=11, leading=13.5, alignment=TA_CENTER, spaceAfter=0),
        "td": s("td", fontSize=11, leading=13.5, alignment=TA_RIGHT, spaceAfter=0),
        "td_left": s("td_left", fontSize=11, leading=13.5, alignment=TA_LEFT, spaceAfter=0),
        "caption": s("caption", fontName=f"{SERIF}-Italic", fontSize=11, leading=14, alignment=TA_CENTER,
                     spaceAfter=4 * mm),
        "to": s("to", fontName=f"{SERIF}-BoldItalic", fontSize=12, leading=15, alignment=TA_LEFT, spaceAfter=0),
        "to_item": s("to_item", fontSize=11, leading=14, alignment=TA_LEFT, spaceAfter=0),
        "who": s("who", fontName=f"{SERIF}-Bold", alignment=TA_CENTER, spaceAfter=0),
    }


def _p(text: str, style, tags: tuple[str, ...] = ()) -> object:
    """A paragraph of plain text in a style, wrapped in inline tags ("b", "u", "i"): its ideographs in the machine's
    CJK font, its Arabic joined and ordered in Noto Sans Arabic, its Devanagari, Bangla or Thai shaped in their own
    font (scripts_report.shaped_paragraph), none of which the serif has."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from ..scripts_report import shaped_paragraph

    markup, own = shaped_paragraph(text, style.fontName)
    if own:
        style = ParagraphStyle(f"{style.name}-{own}", parent=style, fontName=own, shaping=1)
    for tag in reversed(tags):
        markup = f"<{tag}>{markup}</{tag}>"
    return Paragraph(markup, style)


def _header(rep: Report, st: dict, width: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Table as RLTable

    h = rep.header
    left = [_p(h.issuer_parent, st["head"]), _p(h.issuer, st["head"], ("b",)),
            _p("*", st["head"]), _p(h.number, st["head"])]
    right = [_p(h.party, st["head"], ("b", "u")), _p(" ", st["head"]),
             _p(h.date_line, st["head"], ("i",))]
    t = RLTable([[left, right]], colWidths=[65 * mm, width - 65 * mm])
    t.setStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return [t, _p(rep.title, st["title"]), _p(rep.summary, st["summary"]), _p("-----", st["rule"])]


def _banner(rep: Report, st: dict, width: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph
    from reportlab.platypus import Table as RLTable

    cell = [_p(PROVISIONAL, st["banner_title"]),
            Paragraph("<i>Báo cáo lập khi việc thu thập, xử lý phiếu chưa xong; còn thiếu:</i>", st["banner"])]
    cell += [_p(f"- {x};", st["banner"]) for x in rep.provisional]
    t = RLTable([[cell]], colWidths=[width])
    t.setStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("BOX", (0, 0), (-1, -1), 1.5, "#b00000"), ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm), ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm)])
    return [t, _spacer(5)]


def _spacer(h_mm: float) -> object:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    return Spacer(1, h_mm * mm)


def _col_widths(b: Table, width: float) -> list[float]:
    """Widths from the longest text of each column, the first (labels) given the most room."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    need = [max([stringWidth(c, SERIF, 11) for c in col] + [1.0]) + 10 for col in zip(b.headers, *b.rows)]
    n = len(need)
    figures = [min(w, width * 0.18) for w in need[1:]] if b.first_col_wide else need[1:]
    first = need[0]
    if sum(figures) + first > width:
        first = max(width * 0.3, width - sum(figures))
    total = first + sum(figures)
    scale = width / total
    return [w * scale for w in [first, *figures]] if n > 1 else [width]


def _table(b: Table, st: dict, width: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Table as RLTable

    left_cols = {0} if b.first_col_wide else {0, 1}
    data = [[_p(h, st["th"]) for h in b.headers]]
    bold = {len(b.rows) - 1} if b.bold_last else set()
    bold |= set(b.bold_rows)
    for i, row in enumerate(b.rows):
        cells = []
        for j, c in enumerate(row):
            style = st["td_left"] if j in left_cols else st["td"]
            cells.append(_p(c, style, ("b",) if i in bold else ()))
        data.append(cells)
    t = RLTable(data, colWidths=_col_widths(b, width), repeatRows=1)
    t.setStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("GRID", (0, 0), (-1, -1), 0.6, "#000000"), ("BACKGROUND", (0, 0), (-1, 0), "#e7e6e6"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 0.6 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.0 * mm), ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm)])
    return [_spacer(1), t, _spacer(3)]


def _chart(b: Chart, st: dict, width: float) -> list:
    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image, KeepTogether

    w_px, h_px = ImageReader(io.BytesIO(b.png)).getSize()
    w = min(b.width_cm * cm, MAX_IMAGE_CM * cm, width)
    parts: list = [Image(io.BytesIO(b.png), width=w, height=w * h_px / w_px)]
    if b.caption:
        parts.append(_p(b.caption, st["caption"]))
    else:
        parts.append(_spacer(4))
    return [KeepTogether(parts)]


def _signature(rep: Report, st: dict, width: float) -> list:
    from reportlab.platypus import KeepTogether
    from reportlab.platypus import Table as RLTable

    to = [_p("Nơi nhận:", st["to"])] + [_p(f"- {r}", st["to_item"]) for r in rep.recipients]
    who = [_p(rep.signer_title, st["who"]), _spacer(22), _p(rep.signer_name, st["who"])]
    t = RLTable([[to, who]], colWidths=[width / 2, width / 2])
    t.setStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return [_spacer(8), KeepTogether([t])]


def _page_number(canvas, doc) -> None:
    from reportlab.lib.units import mm

    if doc.page > 1:
        canvas.saveState()
        canvas.setFont(SERIF, 11)
        canvas.drawCentredString(doc.leftMargin + doc.width / 2, doc.pagesize[1] - 12 * mm, str(doc.page))
        canvas.restoreState()


def render_pdf(rep: Report, out: Path) -> Path:
    """Writes the report as an A4 PDF at `out`, fonts embedded."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, SimpleDocTemplate

    st = _styles()
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=30 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=rep.summary, author=rep.header.issuer, lang="vi",
                            initialFontName=SERIF)
    width = doc.width
    story: list = _header(rep, st, width)
    if rep.provisional:
        story += _banner(rep, st, width)
    for b in rep.blocks:
        if isinstance(b, Heading):
            story += [CondPageBreak(25 * mm), _p(b.text, st[f"h{min(b.level, 3)}"])]
        elif isinstance(b, Para):
            story.append(_p(f"- {b.text}" if b.kind == BlockKind.item else b.text, st[b.kind]))
        elif isinstance(b, Table):
            story += _table(b, st, width)
        elif isinstance(b, Chart):
            story += _chart(b, st, width)
    story += _signature(rep, st, width)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out
