"""Issue 26 (s21): work the suite repeated for nothing, done once, proving the same."""

from __future__ import annotations

import os

import pytest

import scanner.cli as cli


def test_the_parser_is_built_once_while_its_defaults_stay_and_follows_survey_db(monkeypatch, tmp_path, capsys):
    built = []
    real = cli.build_parser

    def counted():
        built.append(1)
        return real()

    monkeypatch.setattr(cli, "build_parser", counted)
    monkeypatch.setenv("SURVEY_DB", str(tmp_path / "first.db"))
    for _ in range(3):
        assert cli.main(["template", "check"]) == 0
    assert len(built) <= 1  # three commands, one parser (8b69900 built one for each)
    args = cli._parser(cli._default_db(), cli._default_jobs()).parse_args(["status"])
    assert args.db == str(tmp_path / "first.db")
    monkeypatch.setenv("SURVEY_DB", str(tmp_path / "second.db"))  # a default taken from outside: a parser of its own
    args = cli._parser(cli._default_db(), cli._default_jobs()).parse_args(["status"])
    assert args.db == str(tmp_path / "second.db")
    again = cli._parser(cli._default_db(), cli._default_jobs()).parse_args(["status", "--db", "x.db", "--json"])
    assert again.db == "x.db" and again.json and not cli._parser(cli._default_db(), cli._default_jobs()).parse_args(
        ["status"]).json  # one parse leaves nothing behind for the next
    with pytest.raises(SystemExit):
        cli.main(["no-such-command"])
    assert "lỗi / error" in capsys.readouterr().err


def test_a_template_and_a_plan_are_parsed_once_while_their_bytes_stay(monkeypatch, tmp_path):
    import scanner.plan as plan_mod
    import scanner.template as template_mod
    from scanner.errors import TemplateError

    parsed = []
    for mod, name in ((template_mod, "parse_template"), (plan_mod, "parse_plan")):
        real = getattr(mod, name)
        monkeypatch.setattr(mod, name, lambda raw, file, real=real, name=name: parsed.append(name) or real(raw, file))
    layout, plan = tmp_path / "layout.json", tmp_path / "plan.json"
    layout.write_bytes(template_mod.DEFAULT_TEMPLATE.read_bytes())
    plan.write_bytes(plan_mod.DEFAULT_PLAN.read_bytes())
    first = template_mod.load_template(layout)
    assert template_mod.load_template(layout) is first and template_mod.load_template(str(layout)) is first
    assert plan_mod.load_plan(plan) is plan_mod.load_plan(plan)
    assert parsed == ["parse_template", "parse_plan"]  # 8b69900 parsed each file at every load

    # the same size, the same time stamp, other bytes: parsed afresh, and what it now says
    raw = layout.read_text(encoding="utf-8")
    stamp = layout.stat()
    title = first.title
    renamed = raw.replace(json_str(title), json_str(title[::-1]), 1)
    assert len(renamed.encode()) == len(raw.encode()) and renamed != raw
    layout.write_text(renamed, encoding="utf-8")
    os.utime(layout, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    again = template_mod.load_template(layout)
    assert again.title == title[::-1] and parsed.count("parse_template") == 2

    # the same bytes at another path: that path's own template (its source is where it was read)
    other = tmp_path / "other.json"
    other.write_bytes(layout.read_bytes())
    assert template_mod.load_template(other).source == str(other)

    # a file that cannot be read as a template is refused every time, never kept
    layout.write_text("{", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(TemplateError, match="JSON hỏng"):
            template_mod.load_template(layout)
    layout.write_bytes(b"\xef\xbb\xbf" + raw.replace("\n", "\r\n").encode())  # Notepad's BOM and line ends
    assert template_mod.load_template(layout).title == title


def json_str(s: str) -> str:
    import json

    return json.dumps(s, ensure_ascii=False)


def test_a_database_made_again_at_the_same_path_is_not_given_the_old_ones_online_records(tmp_path):
    """One process, one template and plan (as a test or a server holds them): a store removed and made again at the
    same path, with a download of as many rows, must derive its own records (8b69900 returned the removed one's:
    same path, same generation, same template and plan objects)."""
    import csv
    import io
    import json

    from conftest import ROOT

    from scanner.online import import_file, online_records
    from scanner.plan import load_plan
    from scanner.store import Store
    from scanner.template import load_template, parse_template

    template, plan = load_template(), load_plan()
    rows = list(csv.reader(io.StringIO((ROOT / "samples" / "online_responses.csv").read_text(encoding="utf-8"))))
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text((ROOT / "samples" / "online_responses.csv").read_text(encoding="utf-8"), encoding="utf-8")
    unit = rows[0].index("Giới tính")
    other = next(r[unit] for r in rows[1:] if r[unit] != rows[1][unit])
    rows[1][unit] = other  # one answer changed, the same number of rows
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    second.write_text(buf.getvalue(), encoding="utf-8")

    db = tmp_path / "s.db"
    store = Store(db)
    import_file(store, template, plan, first)
    before = [r.answers for r in online_records(store, template, plan)]
    store.close()
    db.unlink()
    store = Store(db)
    import_file(store, template, plan, second)
    got = [json.dumps(r.answers, sort_keys=True, default=str) for r in online_records(store, template, plan)]
    fresh = parse_template(json.loads(template_source(template)), template.source)  # another object: nothing kept
    want = [json.dumps(r.answers, sort_keys=True, default=str) for r in online_records(store, fresh, plan)]
    store.close()
    assert got == want and got != [json.dumps(a, sort_keys=True, default=str) for a in before]


def template_source(template) -> str:
    from pathlib import Path

    return Path(template.source).read_text(encoding="utf-8")
