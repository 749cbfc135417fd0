"""Review B of session 17, the online side (each test failed before its fix).

- A form that asks no unit: a row of an earlier download naming an organisation the plan lacks was counted as "the
  form asks no unit", and the `map-unit` hint was lost (finding 4).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from scanner.cli import main
from scanner.corpus.online import responses
from scanner.template import load_template

XLSFORMS = Path(__file__).parent / "data" / "xlsforms"
OLD_UNIT_TITLE = "Đơn vị công tác hoặc xã, thị trấn nơi cư trú"  # the unit question of Google Forms made before s17


def _built(tmp_path, xlsx: Path, name: str = "t.json"):
    layout = tmp_path / name
    assert main(["build", str(xlsx), "--out", str(layout)]) == 0
    return load_template(layout), layout


def _write(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_an_unknown_unit_in_an_earlier_download_is_a_unit_to_map_even_where_the_form_asks_none(tmp_path, plan, capsys):
    t, layout = _built(tmp_path, XLSFORMS / "hluvukani_A_encontros_sensibilizacao.xlsx")  # no unit setting
    db = tmp_path / "s.db"
    new, _ = responses(t, plan, 4, 5, vietnamese=False, shape="download")  # today's form: no unit column
    _write(tmp_path / "new.csv", list(csv.reader(io.StringIO(new))))
    old_text, _ = responses(t, plan, 3, 9, vietnamese=False, shape="download")
    rows = list(csv.reader(io.StringIO(old_text)))
    named = [plan.units[1].name, "Đảng uỷ Nơi Không Có", plan.units[2].name]  # the earlier form asked the unit
    rows = [[rows[0][0], OLD_UNIT_TITLE, *rows[0][1:]]] + [[r[0], u, *r[1:]] for r, u in zip(rows[1:], named)]
    _write(tmp_path / "old.csv", rows)
    for f in ("new.csv", "old.csv"):
        assert main(["--template", str(layout), "import-online", str(tmp_path / f), "--db", str(db)]) == 0
    assert "map-unit" in capsys.readouterr().out
    main(["--template", str(layout), "validate", "--db", str(db)])
    said = capsys.readouterr().out
    assert "dòng trực tuyến chưa rõ đơn vị 1;" in said  # the unknown name: a unit to settle
    assert "Có 1 dòng trực tuyến ghi đơn vị không khớp kế hoạch" in said and "survey map-unit" in said
    assert "Có 4 câu trả lời trực tuyến không có đơn vị" in said  # only the rows that named none

