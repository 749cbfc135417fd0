"""The status command: the store's accounting of pages, sheets and online answers, and what still waits for a person."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import ExitCode
from ..plan import load_plan
from ..template import load_template
from ..vocab import RecordStatus, SheetFlag
from . import TO_MAP, _store, command, to_map_lines


def _province_status(store, as_json: bool) -> int:
    """A provincial store's status: every merged district, its records and what still waits for review there."""
    from ..province import district_summary

    rows = district_summary(store)
    meta = store.province_meta()
    out = {"province": (meta.to_json() if meta else {}) | {"districts": rows},
           "records": sum(r["records"] for r in rows), "pages": sum(r["pages"] for r in rows)}
    if as_json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(f"Kho của tỉnh (provincial store): {len(rows)} huyện, {out['records']} bản ghi (records), "
          f"{out['pages']} trang (pages)")
    print(f"{'Huyện':<8} {'Tên':<24} {'Bản ghi':>8} {'Giấy':>6} {'T.tuyến':>8} {'Chờ duyệt':>10}  Gửi lúc / nguồn")
    for r in rows:
        waiting = sum(r["awaiting_review"].values())
        print(f"{r['district']:<8} {r['name'][:24]:<24} {r['records']:>8} {r['paper']:>6} {r['online']:>8} "
              f"{waiting:>10}  {r['merged_at']} {r['source']}")
    return 0


@command("status")
def cmd_status(args: argparse.Namespace) -> int:
    from ..collate import collate, pair, unsheeted
    from ..online import derive_online

    template = load_template(args.template)
    store = _store(args, existing=True)
    if store.province_districts():
        return _province_status(store, args.json)
    counts = store.page_counts()
    paired = pair(store, template)
    sheets = collate(store, template, paired=paired)
    loose = unsheeted(store, paired)  # form pages that are no sheet's side: set aside until attached
    derived = derive_online(store, template, load_plan(args.plan))
    online = derived.records
    by_status: dict[str, int] = {}
    for sh in sheets:
        by_status[sh.record.status] = by_status.get(sh.record.status, 0) + 1
    sheet_pages = sum(len(sh.group.pages) for sh in sheets)
    files = store.file_accounting()
    short = [{"path": f.path, "pages": f.pages, "stored": f.stored, "missing": (f.pages or 0) - f.stored}
             for f in files if f.stored != f.pages]
    attached = _attached_pages(store)
    waiting = _waiting(store, store.set_aside_pages() + loose, sheets, template.pages)
    out = {"pages": counts.to_json(), "sheet_pages": sheet_pages, "sheets": len(sheets), "sheets_by_status": by_status,
           "pages_in": counts.pages + counts.pages_in_file_copies,
           "files": len(files), "files_not_accounted": short,
           # a set-aside page attached to a sheet is counted among that sheet's pages now, so once only
           "accounted": sheet_pages + counts.set_aside + len(loose) - len(attached) + counts.duplicate == counts.pages
           and not short
           and store.pages_without_file() == 0,
           "set_aside": [p.to_json() for p in store.set_aside_pages() + loose],
           "set_aside_attached": sorted(attached), "problems": [p.to_json() for p in store.problems()],
           "waiting": waiting,
           "online": {"rows": len(online), "final": sum(r.status == RecordStatus.final for r in online),
                      "needs_review": sum(r.status == RecordStatus.needs_review for r in online),
                      "discarded": sum(r.status == RecordStatus.discarded for r in online),
                      "files": [f.source for f in derived.files], "file_notices": derived.notices,
                      "edited": sum(1 for r in online if len(r.sources) > 1),
                      "to_map": [{"kind": u.kind, "text": u.text, "question": u.question, "suggestion": u.suggestion,
                                  "count": n, "command": u.command()} for u, n in derived.unsettled.items()],
                      "outside_window": sum(r.in_window is False for r in online),
                      "by_tool": _by_tool(online),
                      "rejected": [r.record_id for r in online if SheetFlag.rejected in r.flags and r.status == RecordStatus.discarded],
                      "rows_with_problems": [{"record_id": r.record_id, "source": r.sources[0], "problems": r.problems}
                                             for r in online if r.problems]}}
    # a script running status learns from the exit code that pages wait for a person (as scan's own exit 6)
    code = int(ExitCode.set_aside) if not out["accounted"] or any(waiting.values()) else 0
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(f"Trang: {counts.pages}  thuộc phiếu: {counts.form - len(loose)}  "
              f"để riêng: {counts.set_aside + len(loose) - len(attached)}"
              + (f" (đã gắn vào phiếu: {len(attached)})" if attached else "") + f"  trùng: {counts.duplicate}")
        print(f"Phiếu: {len(sheets)}  " + "  ".join(f"{RecordStatus.label_of(k).lower()} ({k}): {v}"
                                                  for k, v in sorted(by_status.items())))
        if out["accounted"]:
            print(f"Sổ trang khớp: mọi trang của {len(files)} tệp đều có trạng thái (every page accounted for)")
        else:
            print(f"SỔ TRANG KHÔNG KHỚP: {len(short)} tệp còn trang chưa lưu (pages not accounted for)")
        for f in short:
            print(f"  thiếu      {f['path']}: {f['pages']} trang, đã lưu {f['stored']}, thiếu {f['missing']}; "
                  f"chạy lại scan với tệp này / {f['missing']} of {f['pages']} pages missing: scan this file again")
        for p in out["set_aside"]:
            if p["page_id"] in attached:
                continue
            print(f"  {p['state']:<10} {p['path']} trang {p['idx'] + 1}: {p['message'] or p['reason'] or ''}")
        for p in out["problems"]:
            print(f"  {p['kind']:<10} {p['message']}")
        for sheet, sides in waiting["sheets_missing_pages"].items():
            print(f"  thiếu      {sheet}: thiếu trang {', '.join(map(str, sides))}; quét trang đó, hoặc quyết định "
                  "trên trang duyệt (survey review) / a sheet missing pages: scan them, or settle it in the review page")
        if code:
            print(f"CÒN VIỆC: {_waiting_said(waiting, len(short))}; mã thoát {code} / pages wait for a person "
                  f"(exit {code})")
        o = out["online"]
        print(online_summary(o["rows"], len(o["files"]), o["final"], o["needs_review"], o["discarded"],
                             o["outside_window"], o["edited"], len(o["rows_with_problems"])))
        if o["by_tool"]:
            print("  theo công cụ (by tool): " + ", ".join(f"{k} {n}" for k, n in o["by_tool"].items())
                  + (f"; bị từ chối trên công cụ, không tính (rejected, not counted): {len(o['rejected'])}"
                     if o["rejected"] else ""))
        for msg in o["file_notices"]:
            print(f"  online     {msg}")
        if o["to_map"]:
            print(TO_MAP)
            print("\n".join(to_map_lines(derived.unsettled)))
        for r in o["rows_with_problems"]:
            print(f"  online     {r['record_id']}:")
            for msg in r["problems"]:
                print(f"    {msg}")
        if o["rows_with_problems"]:
            print("Quyết định từng dòng (settle each row): trên trang duyệt, survey review (in the review page), hoặc "
                  "bằng lệnh (or by command): survey settle-online MÃ --answer CÂU=GIÁ_TRỊ | --unit MÃ_ĐƠN_VỊ | "
                  "--accept | --discard --reviewer TÊN")
    return code


def _waiting(store, aside: list, sheets: list, sides: int) -> dict:
    """What still waits for a person in the paper accounting: set-aside pages no one has decided on (attached,
    discarded, to rescan) and sheets whose missing pages are neither scanned nor settled."""
    from ..review.sheet_items import sheet_label
    from ..vocab import DecisionKey, PageState

    decided = store.decisions(prefix="page:")
    return {"pages_set_aside": [p.page_id for p in aside if p.state == PageState.set_aside
                                and DecisionKey.page not in decided.get(f"page:{p.page_id}", {})],
            "sheets_missing_pages": {sheet_label(sh): sh.group.missing(sides) for sh in sheets
                                     if SheetFlag.missing_page in sh.record.flags
                                     and sh.record.status != RecordStatus.discarded}}


def _waiting_said(waiting: dict, files_short: int) -> str:
    parts = [f"{files_short} tệp còn trang chưa lưu (chạy lại scan)"] if files_short else []
    if waiting["pages_set_aside"]:
        parts.append(f"{len(waiting['pages_set_aside'])} trang để riêng chưa quyết định (survey review)")
    if waiting["sheets_missing_pages"]:
        parts.append(f"{len(waiting['sheets_missing_pages'])} phiếu thiếu trang")
    return ", ".join(parts)


def online_summary(rows: int, files: int, final: int, review: int, discarded: int, outside: int, edited: int,
                   problems: int) -> str:
    """The online answers in one line whose figures add up: every answer is valid, awaiting review or discarded;
    those outside the window, edited or with problems are among them (an answer outside the window is counted
    unless validate, tally and report are given --outside-window exclude)."""
    return (f"Trực tuyến: {rows} câu trả lời từ {files} tệp = {final} hợp lệ + {review} chờ duyệt + {discarded} bị "
            f"loại; trong đó {outside} gửi ngoài thời gian khảo sát (mặc định vẫn được tính), {edited} đã sửa, {problems} có "
            "vấn đề")


def _by_tool(online: list) -> dict[str, int]:
    """Online records by the tool that collected them, whatever their status."""
    from ..online.channels import channel_label

    out: dict[str, int] = {}
    for r in online:
        label = channel_label(r.via or "google")
        out[label] = out.get(label, 0) + 1
    return dict(sorted(out.items()))


def _attached_pages(store) -> set[str]:
    """Set-aside pages a reviewer attached to a sheet: they are that sheet's side now, not pages still to settle
    (status kept counting them as set aside)."""
    from ..review.attachment import Attachment
    from ..vocab import DecisionKey

    return {sid[len("page:"):] for sid, keys in store.decisions(prefix="page:").items()
            if Attachment.parse(getattr(keys.get(DecisionKey.page), "value", None)) is not None}
