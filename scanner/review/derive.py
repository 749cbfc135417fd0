"""The queue's items derived from the store: every sheet's (`sheet_items`), the pages set aside, the online rows."""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from ..collate import Pairing, aside_pages, collate, pair
from ..plan import Plan
from ..store import Store
from ..store.rows import ReviewSheetRow
from ..template import Template
from ..vocab import DecisionKey, ItemKind, PageReason, PageState, RecordStatus
from .item import Item, item_id
from .online import online_items
from .sheet_items import sheet_items, sheet_label


def _page_items(store: Store, template: Template, paired: Pairing, decided: dict[str, dict[str, Any]],
                only: Collection[str] | None = None) -> list[Item]:
    items = []
    for p in aside_pages(store, template, paired):
        sid = f"page:{p.page_id}"
        if p.state != PageState.set_aside or DecisionKey.page in decided.get(sid, {}) or (only is not None
                                                                                          and sid not in only):
            continue
        where = f"{Path(p.path).name}, trang {p.idx + 1}"
        items.append(Item(item_id(sid, DecisionKey.page), ItemKind.page, sid, DecisionKey.page, None, p.page_id, f"Trang để riêng: {where}",
                          [PageReason.label_of(p.reason)],
                          [{"id": "discard", "label": "Loại bỏ"}, {"id": "rescan", "label": "Cần quét lại"}], None, 0.0,
                          sheet_label=f"Tệp {where}", causes=[p.reason] if p.reason else []))  # a page on its own: named by where it lies, not "Phiếu …"
    return items


def online_queue(store: Store, template: Template, plan: Plan | None) -> list[Item]:
    if plan is None:
        return []
    deferred = {(sid, k) for sid, ds in store.decisions(include_deferred=True, prefix="online:").items()
                for k, d in ds.items() if isinstance(d.value, dict) and d.value.get("deferred")}
    return [Item(o.id, o.kind, o.sheet_id, o.key, o.unit, "", o.title, o.reasons, o.choices, o.machine, 0.0,
                 False, (o.sheet_id, o.key) in deferred, o.label, o.extra) for o in online_items(store, template, plan)]


def derive(store: Store, template: Template, only: set[str] | None = None,
           paired: Pairing | None = None, page_items: bool | Collection[str] = False,
           plan: Plan | None = None) -> tuple[list[ReviewSheetRow], list[Item]]:
    """(sheet rows, open items) for every sheet, or for the sheets in `only` (their items only, and the
    set-aside pages' when `page_items`: all of them, or those named); online problems too when the plan is given
    and `only` is not."""
    if paired is None and (only is None or page_items):
        paired = pair(store, template)  # once, for the sheets and the loose pages alike
    everyone = store.all_question_readings() if only is None else None  # read once, for collating and the items
    sheets = collate(store, template, only, paired, everyone)
    page_ids = [pid for sh in sheets for pid in sh.group.pages.values()]
    readings = everyone if everyone is not None else store.all_question_readings(page_ids)
    crops = store.text_crop_keys(page_ids if only is not None else None)
    everything = store.decisions(include_deferred=True, sheet_ids=only, with_pages=True)
    decided: dict[str, dict[str, Any]] = {}
    deferred: set[tuple[str, str]] = set()
    for sid, ds in everything.items():
        for k, d in ds.items():
            if isinstance(d.value, dict) and d.value.get("deferred"):
                deferred.add((sid, k))
            else:
                decided.setdefault(sid, {})[k] = d
    rows: list[ReviewSheetRow] = []
    items: list[Item] = []
    for sh in sheets:
        label = sheet_label(sh)
        # every side the sheet lacks, accepted as missing or not: a set-aside page found later still belongs to it
        missing = sh.group.missing(template.pages)
        rows.append(ReviewSheetRow(sh.group.sheet_id, label, sh.record.unit, sh.record.status, json.dumps(missing)))
        if sh.record.status != RecordStatus.discarded:
            items += sheet_items(sh, template, readings, crops, decided.get(sh.group.sheet_id, {}), label)
    if only is None or page_items:
        assert paired is not None
        items += _page_items(store, template, paired, decided, None if isinstance(page_items, bool) else page_items)
    for it in items:
        it.deferred = (it.sheet_id, it.key) in deferred
    if only is None:
        items += online_queue(store, template, plan)
    return rows, items
