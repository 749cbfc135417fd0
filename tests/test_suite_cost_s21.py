"""Issue 26 (s21): work the suite repeated for nothing, done once, proving the same."""

from __future__ import annotations

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
