"""Every reason `build` refuses a form, not only the first: each refusal's cell is taken out and the form built again.

    python -m benchmarks.realforms_causes [--forms DIR] [--only NAME] [--rounds N]

`build` stops at the first problem, so a form may hide twenty behind one. This peels them: on a copy of the
form (the original is never touched) it blanks the cell a message names (relevant, constraint,
choice_filter, ...), or for a `type` problem makes the row a text question (a group or repeat: takes out its begin and end rows), and
builds again, until the form builds or a message names no cell. It prints each form's messages in order,
with the message's kind (the message less its row and the row's own words), for counting causes across forms.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.realforms import DEFAULT_FORMS, cli, forms_in

ARTEFACT = "(after peeling) "
PYXFORM_CELL = re.compile(r"On the '(\w+)' sheet, the '([^']+)' value is invalid")
WHERE = re.compile(r"trang (\w+), dòng (\d+)(?:, cột ([\w:]+))?")


def _blank_row(ws, row: int) -> None:
    for cell in ws[row]:
        cell.value = None


def _type_col(ws) -> int | None:
    for cell in ws[1]:
        if str(cell.value or "").strip().lower() == "type":
            return cell.column
    return None


def _take_out(ws, row: int) -> None:
    """The row; for a begin_group/begin_repeat, that row and its matching end, so that its body is still read."""
    tcol = _type_col(ws)
    t = str(ws.cell(row, tcol).value or "").strip().lower().replace("_", " ") if tcol else ""
    if not t.startswith("begin"):
        ws.cell(row, tcol).value = "text"  # keeps its name, which other rows may refer to
        return
    depth, r = 0, row
    while r <= ws.max_row:
        v = str(ws.cell(r, tcol).value or "").strip().lower().replace("_", " ")
        depth += v.startswith("begin") - v.startswith("end ")
        if r == row or depth == 0:
            _blank_row(ws, r)
        if depth == 0:
            return
        r += 1


def kind(message: str) -> str:
    """The message less its file, row and quoted words: what kind of refusal it is."""
    m = message.split(": ", 2)[-1] if "lỗi / error" in message else message
    if "loại '" not in m:  # the refused type stays: each one is its own cause
        m = re.sub(r"'[^']*'", "'…'", m)
    return re.sub(r"\d+", "N", m)[:160]


def peel(form: Path, rounds: int = 60) -> tuple[list[str], bool]:
    import openpyxl

    with tempfile.TemporaryDirectory(prefix="realforms-peel-") as tmp:
        work = Path(tmp) / form.name
        wb = openpyxl.load_workbook(form, data_only=True)  # formulas as the values Excel saved with them
        messages: list[str] = []
        for i in range(rounds):
            code, out, err = cli(["build", str(work if i else form), "--out", str(Path(tmp) / "layout.json")])
            if code == 0:
                return messages, True
            msg = (err or out).strip().splitlines()[0] if (err or out).strip() else f"exit {code}"
            msg = msg.replace(str(work), form.name).replace(str(form), form.name)
            if i and "pyxform không nhận" in msg:
                msg = ARTEFACT + msg  # a reference to a row peeled off earlier, not the form's fault
            messages.append(msg)
            m = WHERE.search(msg)
            if not m or m.group(1) not in wb.sheetnames:
                return messages, False
            ws, row, column = wb[m.group(1)], int(m.group(2)), (m.group(3) or "").rstrip(":") or None
            named = PYXFORM_CELL.search(msg)
            if named and named.group(1) in wb.sheetnames:
                ws, column = wb[named.group(1)], named.group(2)
                row = row if named.group(1) == "survey" else 2
            if column and column != "type":
                target = next((c for c in ws[1] if str(c.value or "").strip() == column), None)
                if target is None or ws.cell(row, target.column).value in (None, ""):
                    _take_out(ws, row)
                else:
                    ws.cell(row, target.column).value = None
            else:
                _take_out(ws, row)
            wb.save(work)
        return messages, False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forms", default=str(DEFAULT_FORMS))
    ap.add_argument("--only", action="append")
    ap.add_argument("--rounds", type=int, default=60)
    a = ap.parse_args(argv)
    kinds: Counter = Counter()
    forms_with: dict[str, set[str]] = {}
    for f in forms_in(Path(a.forms)):
        if a.only and not any(s in f.name for s in a.only):
            continue
        messages, built = peel(f, a.rounds)
        print(f"== {f.name}: {len(messages)} refusals; {'builds once they are taken out' if built else 'still refused'}")
        for msg in messages:
            print(f"   {msg}")
            if msg.startswith(ARTEFACT):
                continue
            kinds[kind(msg)] += 1
            forms_with.setdefault(kind(msg), set()).add(f.name)
    print("\nkinds of refusal, most frequent first (times, forms):")
    for k, n in kinds.most_common():
        print(f"{n:>4} {len(forms_with[k]):>3}  {k}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
