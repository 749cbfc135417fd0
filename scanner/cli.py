"""Command line: parses arguments, calls the library, turns errors into one-line messages and exit codes."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence

from .errors import ExitCode, SurveyError
from .plan import DEFAULT_PLAN, load_plan
from .template import DEFAULT_TEMPLATE, load_template

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        return fn

    return register


@command("template boxes")
def cmd_template_boxes(args: argparse.Namespace) -> int:
    template = load_template(args.template)
    fields = ["page", "question_id", "option_id", "kind", "x_mm", "y_mm", "w_mm", "h_mm"]
    rows = [[b.page, b.question_id, b.option_id, b.kind, b.rect.x, b.rect.y, b.rect.w, b.rect.h]
            for b in template.boxes()]
    if args.format == "json":
        json.dump([dict(zip(fields, r)) for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(fields)
        w.writerows(rows)
    return 0


@command("template check")
def cmd_template_check(args: argparse.Namespace) -> int:
    template = load_template(args.template)
    plan = load_plan(args.plan)
    print(f"{template.source}: {len(template.questions)} questions, {len(template.boxes())} boxes, "
          f"{template.pages} pages — OK")
    print(f"{plan.source}: {len(plan.units)} units, {plan.paper_total} paper forms — OK")
    return 0


@command("forms")
def cmd_forms(args: argparse.Namespace) -> int:
    from .forms import allocation_sheets, blank_sheets, render_forms

    template = load_template(args.template)
    plan = load_plan(args.plan)
    if args.blank is not None:
        if args.blank < 1:
            raise SurveyError("--blank takes a number of sheets, 1 or more")
        sheets = blank_sheets(args.blank)
    else:
        if args.unit and not plan.has_unit(args.unit):
            codes = ", ".join(u.code for u in plan.units)
            raise SurveyError(f"unit {args.unit!r} is not in {plan.source}; use one of: {codes}")
        sheets = allocation_sheets(plan, args.unit)
    pages = render_forms(template, sheets, args.out)
    print(f"{args.out}: {len(sheets)} sheets, {pages} pages")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="survey", description="Scanned and online survey ballots into tallies.")
    p.add_argument("--template", default=str(DEFAULT_TEMPLATE), help="layout template JSON")
    p.add_argument("--plan", default=str(DEFAULT_PLAN), help="survey plan JSON")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("template", help="inspect the layout template")
    tsub = t.add_subparsers(dest="template_command", required=True)
    tb = tsub.add_parser("boxes", help="every box of the template, one row each")
    tb.add_argument("--format", choices=["csv", "json"], default="csv")
    tsub.add_parser("check", help="validate the template and the plan")

    f = sub.add_parser("forms", help="write print-ready numbered or blank forms as PDF")
    f.add_argument("--out", required=True, help="the PDF to write")
    g = f.add_mutually_exclusive_group()
    g.add_argument("--unit", help="only this unit's numbered sheets")
    g.add_argument("--blank", type=int, metavar="N", help="N un-numbered sheets for photocopying")
    return p


def resolve(args: argparse.Namespace) -> Handler:
    name = args.command
    for attr in ("template_command",):
        if getattr(args, attr, None):
            name = f"{name} {getattr(args, attr)}"
    return COMMANDS[name]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return resolve(args)(args)
    except SurveyError as e:
        print(f"lỗi / error: {e.message}", file=sys.stderr)
        return int(e.exit_code)
    except KeyboardInterrupt:
        print("interrupted; run the same command again to resume", file=sys.stderr)
        return int(ExitCode.interrupted)
    except BrokenPipeError:
        return 0


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()


