"""Issue 22, the online side's leftovers of session 16 (each test failed before its fix).

- A KoboToolbox export with labels writes a select_multiple's options as "Question label/Option label" columns; options
  of one list that share a label ("Desaguadero" in Bolivia and in Peru) gave every such column to the first option.
"""

from __future__ import annotations

import datetime as dt

from online_tools import Submission, kobo_rows, write_kobo_xlsx
from test_cascade_online import _form

from scanner.cli import main
from scanner.online.channels import Channel
from scanner.online.xlsform import Role, map_form_columns

HANOI = dt.timezone(dt.timedelta(hours=7))


def _subs(plan, towns: list[list[str]]) -> list[Submission]:
    at = dt.datetime(2024, 3, 4, 9, 0, tzinfo=HANOI)
    unit = plan.units[0].code
    return [Submission({"country": ["pe" if "desPer" in t or "na_pe" in t else "bo"], "towns": t}, unit,
                       at + dt.timedelta(hours=k), at + dt.timedelta(hours=k, minutes=5), number=500 + k)
            for k, t in enumerate(towns)]


def test_a_kobo_label_exports_option_columns_of_one_shared_label_are_each_their_own_option(tmp_path, plan, capsys):
    t, layout = _form(tmp_path)
    towns = t.question("towns")
    shared = [o.id for o in towns.options if o.label == "Desaguadero"]
    assert shared == ["desBol", "desPer"]
    subs = _subs(plan, [["desPer"], ["desBol", "lapaz"], ["na_pe", "puno"], ["desPer", "na_bo"]])
    rows = kobo_rows(t, plan, subs, labels=True)
    head = rows[0]
    # KoboToolbox's own shape: one "label/option label" column per option, in the list's order, the label as written
    assert [h for h in head if h.startswith("Towns crossed/")].count("Towns crossed/Desaguadero") == 2
    cols = [c for c in map_form_columns(t, head, Channel.kobo, {}) if c.role is Role.option and c.key == "towns"]
    assert [c.option for c in cols] == [o.id for o in towns.options]  # by the column's place among its label's

    path = write_kobo_xlsx(tmp_path / "kobo.xlsx", rows, sheet="Border")
    db = tmp_path / "k.db"
    assert main(["--template", str(layout), "import-online", str(path), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--template", str(layout), "export", "--db", str(db)]) == 0
    import json

    got = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    assert [sorted(r["answers"]["towns"]) for r in got] == [sorted(s.answers["towns"]) for s in subs]
