"""The report read back from its DOCX (python-docx) and its PDF, against counts computed here."""

import datetime as dt
import re
import subprocess

import docx
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph
from test_tally_report import english_words, make_records

from scanner.kinds import CHOICE_KINDS
from scanner.numbering import number_questions, row_letter, split_profile
from scanner.records import Record
from scanner.report import Options, Quality, build
from scanner.report.web import render_pdf
from scanner.report.word import render_docx
from scanner.tally import tally
from scanner.validate import validate

DAY = dt.date(2023, 11, 24)


def body(document):
    """Paragraphs and tables in document order."""
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, document)
        elif child.tag.endswith("}tbl"):
            yield Table(child, document)


def rows(table):
    return [[c.text for c in r.cells] for r in table.rows]


def table_after(document, heading: str, prefix: bool = False):
    found = False
    for b in body(document):
        if isinstance(b, Paragraph) and (b.text.startswith(heading) if prefix else b.text == heading):
            found = True
        elif found and isinstance(b, Table):
            return rows(b)
    raise AssertionError(f"no table after {heading!r}")


def pct(count, base):
    return f"{round(100 * count / base, 1):.1f}".replace(".", ",") if base else "—"


def make_report(template, plan, recs, tmp_path, quality=None, name="report.docx"):
    t = tally(template, plan, recs)
    v = validate(plan, recs, {r.record_id: r.received for r in recs}, 0, 0)
    rep = build(template, plan, t, v, quality or Quality(), Options(10, DAY))
    out = render_docx(rep, tmp_path / name)
    return rep, docx.Document(str(out))


@pytest.fixture(scope="module")
def report(template, plan, tmp_path_factory):
    recs = make_records(template, plan, n=150, seed=5)
    rep, document = make_report(template, plan, recs, tmp_path_factory.mktemp("docx"), Quality(texts_untranscribed=4))
    return recs, rep, document


def final(recs):
    return [r for r in recs if r.status == "final"]


def test_header_from_the_plan(plan, report):
    _, _, document = report
    head = rows(document.tables[0])
    rs = plan.report
    assert head[0][0].split("\n") == [rs.issuer_parent, rs.issuer, "*"]
    assert head[0][1] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert head[1][0] == f"Số {rs.number}"
    assert head[1][1] == f"{rs.place}, ngày 24 tháng 11 năm 2023"
    paras = [p.text for p in document.paragraphs if p.text]
    assert paras[0] == "BÁO CÁO" and paras[1].startswith("Kết quả ")
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert document.styles["Normal"].font.name == "Times New Roman"
    last = rows(document.tables[-1])[0]
    assert last[0].split("\n") == ["Nơi nhận:", *[f"- {r}" for r in rs.recipients]]
    assert last[1].split("\n")[0] == rs.signer_title and last[1].split("\n")[-1] == rs.signer_name


def test_sections_in_order(report):
    _, _, document = report
    h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h.split(".")[0] for h in h1] == ["I", "II", "III", "IV", "V"]
    assert h1[1].startswith("II. ĐỐI TƯỢNG, PHƯƠNG PHÁP VÀ MẪU KHẢO SÁT") and h1[2] == "III. KẾT QUẢ KHẢO SÁT"
    assert h1[3] == "IV. ĐÁNH GIÁ CHUNG" and h1[4] == "V. KIẾN NGHỊ, ĐỀ XUẤT"


def test_cau_numbering_follows_the_form(template, report):
    _, _, document = report
    got = [p.text for p in document.paragraphs if p.style.name == "Heading 3" and p.text.startswith("Câu ")]
    want, seen_grids = [], set()
    content_started = False
    for q in template.questions:  # the form's second part starts after its respondent questions
        if q.id == split_profile(number_questions(template))[1][0].id or q.group == split_profile(number_questions(template))[1][0].id:
            content_started = True
        if not content_started or q.other_of or (q.group and q.group in seen_grids):
            continue
        if q.group:
            seen_grids.add(q.group)
            want.append((template.number_of(q.group), template.group_texts[q.group]))
        else:
            want.append((q.number, q.text))
    printed = {x.text for x in template.texts if x.text.startswith("Câu ")}
    assert all(any(p.startswith(f"Câu {n}. ") for p in printed) for n, _ in want)  # the numbers on the paper
    assert got == [f"Câu {n}. {text}" for n, text in want]


def test_question_tables_equal_counts(template, report):
    recs, _, document = report
    fin = final(recs)
    _, content = split_profile(number_questions(template))
    checked = 0
    for item in content:
        if item.type not in ("single", "multiple"):
            continue
        q = template.question(item.id)
        table = table_after(document, f"{item.label}. {q.text}")
        assert table[0][0] == "Phương án"
        answered = [r for r in fin if r.answers[q.id]]
        chosen = sum(len(r.answers[q.id]) for r in answered)
        for o, cells in zip([*q.options, None], table[1:], strict=True):
            if o is None:
                assert cells[0] == "Không trả lời"
                assert int(cells[3]) == len(fin) - len(answered)
                continue
            assert cells[0] == o.label
            for k, channel in enumerate(("paper", "online")):
                assert int(cells[1 + k]) == sum(1 for r in answered if r.channel == channel and o.id in r.answers[q.id])
            n = sum(1 for r in answered if o.id in r.answers[q.id])
            assert int(cells[3]) == n
            assert cells[4] == pct(n, len(answered))
            if q.type == "multiple":
                assert cells[5] == pct(n, chosen)
        checked += 1
    assert checked >= 3


def test_grid_is_one_table(template, report):
    recs, _, document = report
    fin = final(recs)
    _, content = split_profile(number_questions(template))
    grid = next(i for i in content if i.type == "grid")
    table = table_after(document, f"{grid.label}. {grid.text}")
    cols = template.question(grid.rows[0]).options
    assert table[0] == ["Nội dung", "Số người trả lời", *[f"{o.label} (%)" for o in cols]]
    assert len(table) == 1 + len(grid.rows)
    for i, (rid, cells) in enumerate(zip(grid.rows, table[1:], strict=True)):
        answered = [r for r in fin if r.answers[rid]]
        assert cells[0] == f"{row_letter(i)} {template.question(rid).text}"
        assert int(cells[1]) == len(answered)
        assert cells[2:] == [pct(sum(o.id in r.answers[rid] for r in answered), len(answered)) for o in cols]


def test_units_against_plan(plan, report):
    recs, _, document = report
    live = [r for r in recs if r.status != "discarded"]
    paper = table_after(document, "a) Phiếu giấy của các đơn vị so với kế hoạch")
    by_name = {r[0]: r for r in paper[1:]}
    for u in plan.units:
        if not u.paper:
            continue
        got = sum(1 for r in live if r.channel == "paper" and r.unit == u.code)
        row = by_name[u.name]
        assert (int(row[1]), int(row[2])) == (u.paper, got)
        assert row[4] == ("Thiếu" if got < u.paper else "Đạt")
    assert paper[-1][0] == "Tổng cộng" and int(paper[-1][1]) == plan.paper_total
    assert int(paper[-1][2]) == sum(1 for r in live if r.channel == "paper")
    online = table_after(document, "b) Phiếu trực tuyến hợp lệ so với số tối thiểu", prefix=True)
    by_name = {r[0]: r for r in online[1:]}
    for u in plan.units:
        minimum = plan.unit_types[u.type].online_min
        if minimum is None:
            continue
        got = sum(1 for r in live if r.channel == "online" and r.unit == u.code and not r.problems)
        row = by_name[u.name]
        assert (int(row[1]), int(row[2]), int(row[3])) == (minimum, got, max(0, minimum - got))


def test_breakdowns_by_unit_and_groups_mark_small_ones(template, plan, report):
    recs, _, document = report
    fin = final(recs)
    names = [p.text for p in document.paragraphs if re.match(r"2\.\d+\. Theo ", p.text)]
    assert names[0] == "2.1. Theo đơn vị"
    assert len(names) == 1 + len(template.breakdowns)
    _, content = split_profile(number_questions(template))
    first = next(i for i in content if i.type == "single")
    q = template.question(first.id)
    heads = {u.parent for u in plan.units if u.parent}
    unit_names = {u.code: u.name + (" (không rõ đơn vị trong khối)" if u.code in heads and u.online_min is None else "")
                  for u in plan.units}
    label_of = {"2.1. Theo đơn vị": lambda r: unit_names[r.unit]}
    for heading, b in zip(names[1:], template.breakdowns, strict=True):
        bq = template.question(b)
        label_of[heading] = lambda r, bq=bq: bq.option(r.answers[bq.id][0]).label if r.answers[bq.id] else "Không trả lời"
    small = large = 0
    for heading, of in label_of.items():
        table = table_after(document, heading)
        col = table[0].index(first.label)
        groups = {}
        for r in fin:
            groups.setdefault(of(r), []).append(r)
        assert sorted(r[0] for r in table[1:]) == sorted(groups)
        if heading == "2.1. Theo đơn vị":  # block by block (each with its cells), then the communes by type
            code_of = {name: code for code, name in unit_names.items()}
            shown = [plan.unit(code_of[r[0]]) for r in table[1:]]

            def group(u):
                while u.parent:
                    u = plan.unit(u.parent)
                return u.code if u.code in heads else u.type

            runs = [g for i, g in enumerate(map(group, shown)) if i == 0 or g != group(shown[i - 1])]
            assert len(runs) == len(set(runs))  # every group stands together
            position = {u.code: i for i, u in enumerate(plan.units)}
            for g in set(runs):
                members = [position[u.code] for u in shown if group(u) == g and u.code != g]
                assert members == sorted(members)
        for row in table[1:]:
            mine = groups[row[0]]
            assert int(row[1]) == len(mine)
            answered = [r for r in mine if r.answers[q.id]]
            top = sum(1 for r in answered if set(r.answers[q.id]) & {q.options[0].id, q.options[1].id})
            if len(answered) < 10:
                assert row[col] == f"({top})"
                small += 1
            else:
                assert row[col] == pct(top, len(answered))
                large += 1
    assert small and large
    assert any("nhóm dưới 10 người" in p.text for p in document.paragraphs)


def test_findings_state_figures_with_base(template, report):
    recs, _, document = report
    fin = final(recs)
    _, content = split_profile(number_questions(template))
    item = next(i for i in content if i.type == "single" and len(template.question(i.id).options) >= 3)
    q = template.question(item.id)
    answered = [r for r in fin if r.answers[q.id]]
    top = sum(1 for r in answered if set(r.answers[q.id]) & {q.options[0].id, q.options[1].id})
    sentence = next(p.text for p in document.paragraphs if p.text.startswith(f"- {item.label} ("))
    assert (f"có {pct(top, len(answered))}% ý kiến chọn “{q.options[0].label}” hoặc “{q.options[1].label}”"
            in sentence)
    assert f"cơ số {len(answered)} người trả lời" in sentence
    placeholders = [p for p in document.paragraphs if p.text.startswith("[Phần dành cho Ban viết")]
    assert len(placeholders) >= 3 and all(r.font.highlight_color for p in placeholders for r in p.runs)


def test_comments_are_grouped_with_counts(template, report):
    recs, _, document = report
    _, content = split_profile(number_questions(template))
    item = next(i for i in content if i.type == "text")
    texts = [r.answers[item.id] for r in final(recs) if r.answers[item.id]]
    text = "\n".join(p.text for p in document.paragraphs)
    for t in set(texts):
        n = texts.count(t)
        assert (f"{t} ({n} ý kiến)" if n > 1 else t) in text
    assert f"Có {len(texts)} ý kiến ghi thêm, gộp thành {len(set(texts))} nội dung" in text


def test_provisional_banner_lists_what_is_missing(report):
    recs, rep, document = report
    banner = rows(document.tables[1])[0][0]
    assert banner.startswith("SỐ LIỆU TẠM THỜI")
    pending = sum(1 for r in recs if r.status == "needs_review" and r.channel == "paper")
    assert f"{pending} phiếu giấy còn chờ duyệt, chưa được tính" in banner
    assert "4 ý kiến viết tay chưa được chép lại" in banner


def complete_records(template, plan):
    """Every unit's allocation and online minimum met, every record final: nothing is provisional."""
    recs = []
    answers = {q.id: ([q.options[0].id] if q.type in CHOICE_KINDS else None) for q in template.questions}
    for u in plan.units:
        for i in range(u.paper):
            recs.append(Record(f"paper:{u.code}{i}", "paper", u.code, i, "final", dict(answers), [], in_window=None))
        for i in range(plan.unit_types[u.type].online_min or 0):
            recs.append(Record(f"online:{u.code}{i}", "online", u.code, None, "final", dict(answers), [],
                               in_window=True))
    return recs


def test_no_banner_when_complete(template, plan, tmp_path):
    rep, document = make_report(template, plan, complete_records(template, plan), tmp_path)
    assert rep.provisional == []
    assert "SỐ LIỆU TẠM THỜI" not in "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)


def test_nothing_in_english(template, report):
    _, _, document = report
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert english_words(text, template) == set()


@pytest.mark.parametrize("browser", [False, True], ids=["reportlab", "chromium"])
def test_pdf_is_a4_with_the_same_content(template, plan, report, tmp_path, browser):
    recs, rep, _ = report
    paths = render_pdf(rep, tmp_path / "r.html", tmp_path / "r.pdf", browser=browser)
    info = subprocess.run(["pdfinfo", str(paths[1])], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 6 <= pages <= 16  # the example's number is broken down by unit and group too (t13n T2)
    text = subprocess.run(["pdftotext", str(paths[1]), "-"], capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    for must in ("ĐẢNG CỘNG SẢN VIỆT NAM", "SỐ LIỆU TẠM THỜI", "III. KẾT QUẢ KHẢO SÁT", "V. KIẾN NGHỊ, ĐỀ XUẤT",
                 "Nơi nhận:", plan.report.signer_name):
        assert must in flat
    fonts = subprocess.run(["pdffonts", str(paths[1])], capture_output=True, text=True, check=True).stdout
    assert "LiberationSerif" in fonts or "Times" in fonts or "TeXGyreTermes" in fonts
    if not browser:  # every font drawn is the toolkit's own, embedded: nothing left to the reader's system
        rows = [r.split() for r in fonts.splitlines()[2:]]
        assert rows and all(r[0].split("+")[-1].startswith("LiberationSerif") and "yes" in r[-5] for r in rows)


def test_html_tables_equal_docx_tables(report):
    """The PDF is printed from the HTML: its tables must be the DOCX's tables, cell for cell."""
    import html as html_

    from scanner.report.web import render_html

    _, rep, document = report
    page = render_html(rep)
    html_tables = []
    for t in re.findall(r'<table class="data[^"]*">(.*?)</table>', page, flags=re.S):
        html_tables.append([[html_.unescape(c) for c in re.findall(r"<t[hd]>(.*?)</t[hd]>", r)]
                            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", t, flags=re.S)])
    docx_tables = [rows(t) for t in document.tables[2:-1]]  # header, banner and signature are not data tables
    assert len(html_tables) == len(docx_tables) > 10
    assert html_tables == docx_tables


def test_profile_table(template, report):
    recs, _, document = report
    fin = final(recs)
    profile, _ = split_profile(number_questions(template))
    table = table_after(document, "4. ", prefix=True)
    assert table[0] == ["Đặc điểm", "Phương án", "Số người", "Tỷ lệ (%)"]
    body_rows = iter(table[1:])
    for item in profile:
        q = template.question(item.id)
        answered = [r for r in fin if r.answers[q.id]]
        for k, o in enumerate(q.options):
            row = next(body_rows)
            n = sum(1 for r in answered if o.id in r.answers[q.id])
            assert row == [item.text if k == 0 else "", o.label, str(n), pct(n, len(answered))]


def test_report_command_refuses_an_unknown_format(capsys, tmp_path):
    from scanner.cli import main

    code = main(["report", "--db", str(tmp_path / "s.db"), "--out", str(tmp_path / "report.odt")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "report.odt" in err and ".docx" in err


def test_answers_outside_the_window_are_stated(template, plan, tmp_path):
    recs = make_records(template, plan, n=90, seed=3)
    outside = sum(1 for r in recs if r.status == "final" and r.in_window is False)
    assert outside
    v = validate(plan, recs, {}, 0, 0)
    for include, words in ((True, f"kể cả {outside} phiếu trực tuyến gửi ngoài thời gian khảo sát"),
                           (False, f"{outside} phiếu trực tuyến gửi ngoài thời gian khảo sát không được tính")):
        t = tally(template, plan, recs, include_outside_window=include)
        document = docx.Document(str(render_docx(build(template, plan, t, v, Quality(), Options(10, DAY)),
                                                 tmp_path / f"{include}.docx")))
        text = "\n".join(p.text for p in document.paragraphs)
        assert words in text
        assert f"Tổng số phiếu đưa vào tổng hợp: {t.final_total} phiếu" in text
