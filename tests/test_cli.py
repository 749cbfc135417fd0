import argparse
import csv
import io
import unicodedata

import pytest

from scanner.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_template_boxes_csv(capsys, template):
    code, out, _ = run(capsys, "template", "boxes", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["page", "question_id", "option_id", "kind", "x_mm", "y_mm", "w_mm", "h_mm"]
    assert len(rows) == len(template.boxes())
    q7 = [r for r in rows if r["question_id"] == "q7"]
    assert [r["option_id"] for r in q7] == ["1", "2", "3", "4", "5", "6"]
    first = template.question("q7").options[0].box
    assert (float(q7[0]["x_mm"]), float(q7[0]["y_mm"])) == (first.x, first.y)
    assert {r["kind"] for r in rows if r["question_id"] in ("q8", "q6_other")} == {"text"}


def test_forms_unknown_unit_is_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "forms", "--unit", "XX", "--out", str(tmp_path / "f.pdf"))
    assert code == 2
    assert err.count("\n") == 1 and "XX" in err and "MS" in err


def test_bad_template_file_names_the_path(capsys, tmp_path):
    bad = tmp_path / "t.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "--template", str(bad), "template", "boxes")
    assert code == 4
    assert str(bad) in err


def test_forms_for_one_unit(capsys, tmp_path):
    code, out, _ = run(capsys, "forms", "--unit", "PVS", "--out", str(tmp_path / "pvs.pdf"))
    assert code == 0
    assert out == f"{tmp_path / 'pvs.pdf'}: 10 phiếu, 40 trang (10 sheets, 40 pages)\n"  # four pages a form


def test_the_plan_and_template_are_taken_after_the_command_too(capsys, tmp_path):
    """t13n's T6: the README says any command takes `--plan plan.xlsx`; a user writes it after the command, as
    --db and --out are. Given after, it wins over one given before; left out, the one before (or the default) holds."""
    from conftest import ROOT

    from scanner.cli import build_parser

    code, out, _ = run(capsys, "forms", "--unit", "PVS", "--out", str(tmp_path / "pvs.pdf"),
                       "--plan", str(ROOT / "templates" / "plan.xlsx"))
    assert code == 0 and out.startswith(f"{tmp_path / 'pvs.pdf'}: 10 phiếu")
    bad = tmp_path / "t.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "template", "boxes", "--template", str(bad))
    assert code == 4 and str(bad) in err
    args = build_parser().parse_args(["--plan", "a.xlsx", "--template", "t.json", "forms", "--out", "f.pdf",
                                      "--plan", "b.xlsx"])
    assert (args.plan, args.template) == ("b.xlsx", "t.json")


def test_export_says_its_count_in_vietnamese_first(capsys, tmp_path):
    from scanner.store import Store

    Store(str(tmp_path / "s.db")).close()  # an empty store (a missing one is refused: test_new_user_s20)
    for fmt in ("jsonl", "xlsx"):
        dest = tmp_path / f"r.{fmt}"
        code, out, _ = run(capsys, "export", "--db", str(tmp_path / "s.db"), "--format", fmt, "--out", str(dest))
        assert code == 0 and out == f"{dest}: 0 phiếu (records)\n"


def test_every_command_is_documented_and_has_help(capsys):
    from conftest import ROOT

    from scanner.cli import build_parser
    from scanner.commands import COMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"cli.py {name}" in readme or f"{name} " in readme, name
        parts = name.split()
        try:
            build_parser().parse_args([*parts, "--help"])
        except SystemExit as e:
            assert e.code == 0
        assert capsys.readouterr().out.startswith("cách dùng: survey")


def _vietnamese_letters() -> set[str]:
    """Built from Unicode, not from the code under test: ă â đ ê ô ơ ư, and every vowel with each of the five tones."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    letters = {unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in tones} | set("ăâđêôơư")
    assert all(len(c) == 1 and not c.isascii() for c in letters) and len(letters) == 67
    return letters | {c.upper() for c in letters}


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def test_every_command_helps_in_vietnamese(capsys):
    from scanner.cli import build_parser
    from scanner.commands import COMMANDS

    letters = _vietnamese_letters()
    parsers = dict(_parsers(build_parser()))
    assert {" ".join(path) for path in parsers} >= set(COMMANDS)
    for path, parser in parsers.items():
        with pytest.raises(SystemExit) as e:
            build_parser().parse_args([*path, "--help"])
        assert e.value.code == 0
        out = capsys.readouterr().out
        assert unicodedata.is_normalized("NFC", out)
        usage, description, *sections = out.split("\n\n")
        assert usage.startswith("cách dùng: survey"), path
        assert not any(line.startswith(" ") for line in description.splitlines()), (path, "no description")
        assert description.strip() and set(description) & letters, (path, description)
        headings = {s.splitlines()[0] for s in sections}
        assert headings <= {"đối số:", "tuỳ chọn:", "lệnh:"} and "tuỳ chọn:" in headings, (path, headings)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = [(a.dest, a.help) for a in action._choices_actions]
            else:
                helps = [(action.dest, action.help)]
            for dest, text in helps:
                assert text and set(text.split(" / ")[0]) & letters and " / " in text, (path, dest, text)


def test_demo_scans_the_sample_stacks_not_their_answer_files(tmp_path):
    """A new user's first run should show no "skipped" line: the samples folder also holds CSV and JSONL files."""
    from conftest import ROOT

    from scanner.commands.demo import steps

    scan = next(argv for argv, _ in steps(tmp_path, ROOT / "samples", None) if argv[0] == "scan")
    named = scan[1:scan.index("--db")]
    scans = sorted(str(p) for p in (ROOT / "samples").iterdir() if p.suffix in (".pdf", ".tif", ".tiff", ".png", ".jpg"))
    assert named == scans and scans
    assert any(p.suffix == ".csv" for p in (ROOT / "samples").iterdir())
