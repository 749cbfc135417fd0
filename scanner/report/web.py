"""The same report as HTML for the browser; its PDF is drawn by reportlab (pdf.py), or printed by a browser on request.

A browser prints the HTML a little more finely (hyphenation, kerning) but is
not on every office computer; reportlab comes with pip, so it is the default.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from .model import PROVISIONAL, BlockKind, Chart, Heading, Para, Report, Table

CSS = """
@page{size:A4;margin:20mm 20mm 20mm 30mm}
body{font-family:"Times New Roman","Liberation Serif","TeX Gyre Termes",serif;font-size:13pt;color:#000;
 max-width:160mm;margin:0 auto;line-height:1.3}
.head{display:grid;grid-template-columns:65mm 1fr;text-align:center;font-size:13pt}
.head .party{font-weight:bold;font-size:14pt;text-decoration:underline}.head .issuer{font-weight:bold}
.head .date{font-style:italic}
h1.title{font-size:15pt;text-align:center;margin:6mm 0 0}p.summary{font-weight:bold;font-size:14pt;text-align:center;
 margin:0}p.rule{text-align:center;margin:0 0 4mm}
.banner{border:1.5pt solid #b00000;padding:2mm 4mm;margin:3mm 0 5mm}.banner b{color:#b00000;display:block;
 text-align:center;font-size:14pt}.banner p{margin:.5mm 0;font-size:12pt}
h2{font-size:13pt;margin:5mm 0 2mm;break-after:avoid}h3{font-size:13pt;margin:4mm 0 2mm;break-after:avoid}
h4{font-size:13pt;font-style:italic;margin:3mm 0 2mm;break-after:avoid}
p{margin:0 0 1.5mm;text-align:justify}p.body,p.finding{text-indent:10mm}p.placeholder{font-style:italic;
 background:#fff59d}p.note{font-style:italic;font-size:11pt}p.item{font-size:12pt;margin-left:5mm}
table.data{border-collapse:collapse;width:100%;font-size:11pt;margin:1mm 0 3mm;break-inside:auto}
table.data th{background:#e7e6e6;border:.6pt solid #000;padding:1mm;font-weight:bold}
table.data td{border:.6pt solid #000;padding:.6mm 1.5mm;text-align:right}
table.data td:first-child,table.data.profile td:nth-child(2){text-align:left}
table.data tr.total td{font-weight:bold}table.data thead{display:table-header-group}tr{break-inside:avoid}
figure{margin:1mm 0 4mm;text-align:center;break-inside:avoid}figure img{max-width:100%}
figcaption{font-style:italic;font-size:11pt}
.sign{display:grid;grid-template-columns:1fr 1fr;margin-top:8mm;break-inside:avoid}
.sign .to b{font-style:italic;font-size:12pt}.sign .to p{font-size:11pt;margin:0;text-align:left}
.sign .who{text-align:center;font-weight:bold}.sign .who .name{margin-top:22mm}
"""


def _e(s: str) -> str:
    return html.escape(s)


def _table(b: Table) -> str:
    cls = "data" if b.first_col_wide else "data profile"
    head = "".join(f"<th>{_e(h)}</th>" for h in b.headers)
    rows = []
    for i, r in enumerate(b.rows):
        total = ' class="total"' if (b.bold_last and i == len(b.rows) - 1) or i in b.bold_rows else ""
        rows.append(f"<tr{total}>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>")
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def render_html(rep: Report) -> str:
    h = rep.header
    p = [f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{_e(rep.summary)}</title>'
         f"<style>{CSS}</style></head><body>",
         f'<div class="head"><div><div>{_e(h.issuer_parent)}</div><div class="issuer">{_e(h.issuer)}</div>'
         f'<div>*</div><div>{_e(h.number)}</div></div><div><div class="party">{_e(h.party)}</div><div>&nbsp;</div>'
         f'<div>&nbsp;</div><div class="date">{_e(h.date_line)}</div></div></div>',
         f'<h1 class="title">{_e(rep.title)}</h1><p class="summary">{_e(rep.summary)}</p><p class="rule">-----</p>']
    if rep.provisional:
        p.append(f'<div class="banner"><b>{PROVISIONAL}</b><p><i>Báo cáo lập khi việc thu thập, xử lý phiếu chưa '
                 f'xong; còn thiếu:</i></p>' + "".join(f"<p>- {_e(x)};</p>" for x in rep.provisional) + "</div>")
    for b in rep.blocks:
        if isinstance(b, Heading):
            p.append(f"<h{b.level + 1}>{_e(b.text)}</h{b.level + 1}>")
        elif isinstance(b, Para):
            text = f"- {b.text}" if b.kind == BlockKind.item else b.text
            p.append(f'<p class="{b.kind.value}">{_e(text)}</p>')
        elif isinstance(b, Table):
            p.append(_table(b))
        elif isinstance(b, Chart):
            src = base64.b64encode(b.png).decode()
            cap = f"<figcaption>{_e(b.caption)}</figcaption>" if b.caption else ""
            p.append(f'<figure><img alt="{_e(b.caption)}" src="data:image/png;base64,{src}">{cap}</figure>')
    p.append('<div class="sign"><div class="to"><b>Nơi nhận:</b>' +
             "".join(f"<p>- {_e(r)}</p>" for r in rep.recipients) +
             f'</div><div class="who"><div>{_e(rep.signer_title)}</div><div class="name">{_e(rep.signer_name)}</div>'
             "</div></div></body></html>")
    return "".join(p)


def render_pdf(rep: Report, html_out: Path, pdf_out: Path, browser: bool = False) -> list[Path]:
    """The HTML beside the PDF; the PDF printed by Chromium, Chrome or Edge when `browser` (raises
    MissingDependencyError when none is found), otherwise drawn by reportlab."""
    html_out.parent.mkdir(parents=True, exist_ok=True)
    html_out.write_text(render_html(rep), encoding="utf-8")
    if browser:
        from .._exec.chromium import html_to_pdf

        html_to_pdf(html_out, pdf_out)
    else:
        from .pdf import render_pdf as draw_pdf

        draw_pdf(rep, pdf_out)
    return [html_out, pdf_out]
