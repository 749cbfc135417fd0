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
