"""The plan's commands: build the JSON form from the office's spreadsheet, write the spreadsheet, list it."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..plan import load_plan
from . import command


def _summary(plan) -> str:
    sampled = [u for u in plan.units if u.paper]
    examples = sum(1 for u in plan.units if u.example)
    return (f"{len(plan.units)} đơn vị ({examples} đơn vị ví dụ cần xác nhận), {plan.paper_total} phiếu giấy "
            f"cho {len(sampled)} đơn vị")


@command("plan build")
def cmd_plan_build(args: argparse.Namespace) -> int:
    from ..plan_sheet import build_plan

    plan = build_plan(args.sheet, args.out)
    print(f"{args.sheet} → {args.out}: {_summary(plan)} — OK")
    return 0


@command("plan sheet")
def cmd_plan_sheet(args: argparse.Namespace) -> int:
    from ..plan_sheet import read_plan_sheet, write_plan_sheet
    from ..template import read_json

    plan = load_plan(args.plan)
    source = Path(args.plan)
    raw = read_plan_sheet(source)[0] if source.suffix.lower() in (".xlsx", ".xlsm") else read_json(source, "the plan")
    write_plan_sheet(raw, args.out)
    print(f"{args.out}: {_summary(plan)}")
    return 0


@command("plan list")
def cmd_plan_list(args: argparse.Namespace) -> int:
    plan = load_plan(args.plan)
    for g in plan.grouped():
        print(g.title.upper())
        for u in ((g.head,) if g.head else ()) + g.members:
            minimum = "—" if u.online_min is None else f"≥ {u.online_min}"
            paper = f"giấy {u.paper}" if u.paper else ""
            mark = " (ví dụ)" if u.example else ""
            indent = "  " if u is g.head or g.head is None else "    · "
            print(f"{indent}{u.code:<7} {u.name}{mark}  [trực tuyến {minimum}{'; ' + paper if paper else ''}]")
    print(f"{plan.source}: {_summary(plan)}")
    return 0


