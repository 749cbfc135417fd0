"""The "Basic Survey Form" a new user writes first: an English XLSForm with an integer, a decimal, a date and a
few selects. The digit grids' accuracy is judged on it beside its own checkboxes.

    python -m benchmarks.basic_form /tmp/basic.xlsx --template /tmp/basic.json
    python -m benchmarks.accuracy --template /tmp/basic.json --generate 240 --seed 21 --cycle --stack 4 --corpus DIR
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import openpyxl

SURVEY = [("type", "name", "label", "constraint"),
          ("select_one sex", "sex", "Sex", None),
          ("integer", "age", "Age (years)", ". >= 0 and . <= 120"),
          ("decimal", "weight", "Weight (kg)", ". >= 0 and . <= 300"),
          ("date", "visit", "Date of visit", None),
          ("select_one yn", "smoker", "Do you smoke?", None),
          ("select_multiple src", "sources", "Sources of drinking water", None)]
CHOICES = [("list_name", "name", "label"), ("sex", "m", "Male"), ("sex", "f", "Female"), ("yn", "yes", "Yes"),
           ("yn", "no", "No"), ("src", "tap", "Tap"), ("src", "well", "Well"), ("src", "rain", "Rain water"),
           ("src", "other", "Other")]


def write_form(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "survey"
    for row in SURVEY:
        ws.append(row)
    choices = wb.create_sheet("choices")
    for row in CHOICES:
        choices.append(row)
    settings = wb.create_sheet("settings")
    settings.append(("form_id", "form_title", "version"))
    settings.append(("basic", "Basic Survey Form", "1"))
    wb.save(path)
    return path


def write_template(form: Path, out: Path) -> Path:
    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire

    out.write_text(json.dumps(build_layout(load_questionnaire(form)), ensure_ascii=False), encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("xlsx")
    ap.add_argument("--template", help="also build its layout template here")
    a = ap.parse_args()
    form = write_form(Path(a.xlsx))
    if a.template:
        write_template(form, Path(a.template))


if __name__ == "__main__":
    main()
