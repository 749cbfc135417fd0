"""What awaits a person, kept in the store as indexed rows and brought up to date cheaply.

The items are derived from the records (collate, `derive`) exactly as before, but the
derivation runs in full only when pages were stored since the last time; a
decision re-derives its own sheet. Serving the next item is then one indexed
query, whatever the size of the survey. A decision's value is checked in `values`.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from ..collate import SPLIT, Pairing, aside_pages, pair
from ..plan import Plan
from ..records import Decision
from ..store import Store
from ..store.review import decisions_counts
from ..store.rows import Generation, QueueItem, ReviewSheetRow
from ..template import Template
from ..vocab import DecisionKey, ItemKind
from .attach import OFFERED, likely_unit, ranked, taken_ranked
from .attachment import Attachment
from .derive import derive, online_queue
from .item import Item, item_id
from .online import settle
from .values import breaks_own_constraint, typed_value, validate_value

__all__ = ["RULES", "Item", "Queue", "attached_sheets", "breaks_own_constraint", "build_items", "decide", "derive",
           "item_id", "trail_rows", "typed_value", "validate_value"]

# the derivation's rules; raised when they change what is stored (kinds' order, the sides a sheet lacks), so a
# queue stored by an earlier version is not taken for current
RULES = 4
# sheets whose decisions, stored behind the queue, are caught up one by one; more are derived again in full
CATCH_UP_MAX = 300


def _rows(items: list[Item]) -> list[QueueItem]:
    return [QueueItem(it.id, it.kind, it.sheet_id, it.key, it.unit, it.confidence, it.deferred, dict(vars(it)),
                      causes=tuple(it.causes)) for it in items]


class Queue:
    """The stored queue of one database: rebuilt when pages arrive, re-derived per sheet when a decision is made."""

    def __init__(self, template: Template, catch_up_every: float = 2.0, plan: Plan | None = None) -> None:
        self.template, self.plan = template, plan
        self.catch_up_every = catch_up_every  # while a scan adds pages, catch up at most this often
        self.last_catch_up = 0.0
        self.paired: tuple[str, Pairing] | None = None  # the pairing, kept with the pages generation it is of
        self.derived_under = derived_under(template, plan)

    def _generation(self, store: Store) -> Generation:
        """The store's generation, marked when this queue leaves online problems out (no plan), so a queue that
        includes them never takes a paper-only one for its own."""
        g = store.review_generation()
        # a queue stored by earlier rules, or under another form or plan, is derived again in full
        decisions = g.decisions + f":r{RULES}:{self.derived_under}"
        return Generation(g.pages, decisions if self.plan is not None else decisions + ":paper")

    def _pairing(self, store: Store, pages_generation: str) -> Pairing:
        if self.paired is None or self.paired[0] != pages_generation:
            self.paired = (pages_generation, pair(store, self.template))
        return self.paired[1]

    def sync(self, store: Store, force: bool = False) -> bool:
        """Brings the stored queue up to date if pages or decisions changed behind it; True when it changed."""
        current = self._generation(store)
        stored = store.review_stored_generation()
        if stored == current and not force:
            return False
        if not force and stored is not None and stored.pages == current.pages and \
                self._catch_up_decisions(store, stored, current):
            return True
        if not force and stored is not None and stored.decisions == current.decisions:
            if time.monotonic() - self.last_catch_up < self.catch_up_every:
                return False  # pages are streaming in: the queue catches up shortly
            self.last_catch_up = time.monotonic()
            if self._catch_up(store, stored.pages, current):
                return True
        rows, items = derive(store, self.template, paired=self._pairing(store, current.pages), plan=self.plan)
        store.review_replace(rows, _rows(items), current)
        return True

    def _catch_up_decisions(self, store: Store, before: Generation, current: Generation) -> bool:
        """Decisions stored (or undone) behind this queue since `before` (a CLI settlement, a second station on the
        same store, an online download imported): re-derive the sheets they touch alone, as a decision made here
        does. Derived in full, the next request held every reviewer 3 s at 3,000 sheets (18-21 s under load). False
        when that cannot be told: rules, form or plan changed, decisions went backwards, a sheet split, or so many
        sheets touched that one full derivation is cheaper."""
        did, undone, files, under = decisions_counts(before.decisions)
        _, _, now_files, now_under = decisions_counts(current.decisions)
        if under != now_under:
            return False
        touched = store.review_touched_since(did, undone)
        if touched is None or len(touched) > CATCH_UP_MAX or any(SPLIT in vs for vs in touched.values()):
            return False
        online = now_files != files or any(sid.startswith("online:") for sid in touched)
        pages = {sid for sid in touched if sid.startswith("page:")}
        only = {sid for sid in touched if not sid.startswith(("page:", "online:"))}
        only |= attached_sheets([v for sid in pages for v in touched[sid]])
        rows: list[ReviewSheetRow] = []
        items: list[Item] = []
        if only or pages:
            rows, items = derive(store, self.template, only, self._pairing(store, current.pages), page_items=pages)
        online_items = online_queue(store, self.template, self.plan) if online else []
        if online:
            only |= store.review_online_sheets() | {it.sheet_id for it in online_items}
        store.review_replace(rows, _rows(items + online_items), current, only=only | pages)
        return True

    def _catch_up(self, store: Store, before: str, current: Generation) -> bool:
        """Pages were stored since `before`: re-derive only the sheets they join, share a code with or are a
        rescan of (a copy flags the earlier sheet too), and the set-aside pages. False when pages went away."""
        last_seq, last_n = (int(x) for x in before.split(":"))
        seq, n = (int(x) for x in current.pages.split(":"))
        if n - last_n != seq - last_seq or n < last_n:
            return False
        p = self._pairing(store, current.pages)
        new = {pid for pid, row in p.info.items() if row.seq > last_seq}
        keys = {p.info[pid].sheet_key for pid in new} - {None}
        touched = new | {old for pid, old in store.rescans().items() if pid in new}  # a rescan flags its original
        only = {g.sheet_id for g in p.groups if g.key in keys or not touched.isdisjoint(g.pages.values())}
        pages = {f"page:{x.page_id}" for x in aside_pages(store, self.template, p)}
        # a page loose until its front arrived is a sheet's side now: its set-aside item goes
        pages |= {f"page:{pid}" for g in p.groups if g.sheet_id in only for pid in g.pages.values()}
        rows, items = derive(store, self.template, only, p, page_items=True)
        store.review_replace(rows, _rows(items), current, only=only | pages)
        return True

    def after_decision(self, store: Store, sheet_id: str, before: Generation | None,
                       values: tuple[Any, ...] = ()) -> None:
        """A decision (or its undoing) on one sheet: re-derive that sheet alone, unless more than it changed.

        values: the decision's value and the one it replaced (or the one undone): a set-aside page attached to a
        sheet, or no longer, changes that sheet too."""
        current = self._generation(store)
        if before is None:
            self.sync(store, force=True)
            return
        if store.review_stored_generation() != before:  # another process stored the queue meanwhile
            if before.pages != current.pages or not self._catch_up_decisions(store, before, current):
                self.sync(store, force=True)
            return
        now_stored = Generation(before.pages, current.decisions)  # the pages part stays what this queue was of
        if SPLIT in values:  # an un-numbered sheet split into set-aside pages, or joined again: rare, derived in full
            self.sync(store, force=True)
            return
        if sheet_id.startswith("page:"):  # the page's item, and the sheets it is or was attached to
            in_force = store.decisions(sheet_ids=[sheet_id]).get(sheet_id, {}).get(DecisionKey.page)
            only = attached_sheets([*values, in_force.value if in_force else None])
            rows, items = derive(store, self.template, only, self._pairing(store, current.pages), page_items={sheet_id})
            store.review_replace(rows, _rows(items), now_stored, only=only | {sheet_id})
            return
        if sheet_id.startswith("online:"):  # an online settlement can change every online item, nothing on paper
            items = online_queue(store, self.template, self.plan)
            only = store.review_online_sheets() | {it.sheet_id for it in items}
            store.review_replace([], _rows(items), now_stored, only=only)
            return
        rows, items = derive(store, self.template, {sheet_id}, self._pairing(store, current.pages))
        store.review_replace(rows, _rows(items), now_stored, only={sheet_id})

    def complete(self, store: Store, row: QueueItem) -> Item:
        """A stored item made ready to show: a set-aside page gets the sheets it may belong to, best first."""
        it = Item.stored(row)
        if it.kind == ItemKind.page:
            offered = ranked(store, it.page_id)
            taken = taken_ranked(store, it.page_id, offered[0].score if offered else 0.0)
            listed = [(c.score, c.choice()) for c in offered] + taken  # a taken sheet after free ones of its score
            listed.sort(key=lambda x: -x[0])
            it.choices = it.choices[:2] + [choice for _, choice in listed[:OFFERED]]
            if (unit := likely_unit(store, it.page_id, offered)) is not None:
                it.extra = {**it.extra, "likely_unit": unit}
        return it


def derived_under(template: Template, plan: Plan | None) -> str:
    """A fingerprint of the form and the plan a queue is derived under. Kept in the stored generation, it lets a
    server's start trust the queue a former run stored (it changes only by pages and decisions, which the generation
    counts) instead of deriving every sheet again; a form or plan edited since gives another print, so a full
    derivation. Both are frozen dataclasses of tuples and dicts, so their repr is the same in every process."""
    h = hashlib.sha256(repr(template).encode("utf-8"))
    h.update(repr(plan).encode("utf-8"))
    return h.hexdigest()[:16]


def attached_sheets(values: list[Any]) -> set[str]:
    """The sheets that set-aside page decisions ("attach|SHEET|SIDE") attach a page to."""
    return {a.sheet_id for v in values if (a := Attachment.parse(v)) is not None}


def trail_rows(store: Store, template: Template, plan: Plan | None = None) -> list[dict[str, Any]]:
    """The audit trail, each decision with the sheet named as a person finds it (its printed code)."""
    Queue(template, plan=plan).sync(store)
    rows = list(store.trail())
    labels = store.review_sheet_labels(sorted({r.sheet_id for r in rows}))
    labels |= {f"page:{p.page_id}": f"{Path(p.path).name}, trang {p.idx + 1}"
               for p in aside_pages(store, template)}
    return [{"id": r.id, "sheet": labels.get(r.sheet_id, "")} | r.to_json() for r in rows]


def build_items(store: Store, template: Template, plan: Plan | None = None) -> list[Item]:
    """Every open item, deferred ones marked, in queue order (for `review --list` and scripts)."""
    q = Queue(template, plan=plan)
    q.sync(store)
    return [q.complete(store, it) for it in store.review_open_items()]


def decide(store: Store, queue: Queue, item: Item, value: Any, reviewer: str, comment: str, at: str,
           session: str | None = None) -> int:
    """Stores the decision and brings the stored queue up to date for its sheet."""
    before = store.review_stored_generation()
    if item.kind.online and value != {"deferred": True}:
        if queue.plan is None:
            raise ValueError("Cần kế hoạch khảo sát để xử lý câu trả lời trực tuyến")
        settle(store, queue.template, queue.plan, item.kind, item.sheet_id, item.extra, value, reviewer, comment,
               session)
        queue.after_decision(store, item.sheet_id, before)
        return store.review_last_decision_id()
    if item.kind == ItemKind.missing_page and value == "discard" and not comment.strip():
        raise ValueError("Ghi lý do loại phiếu vào ô Ghi chú rồi chọn lại")
    prior = store.decisions(sheet_ids=[item.sheet_id]).get(item.sheet_id, {}).get(item.key) \
        if item.kind in (ItemKind.page, ItemKind.missing_page) else None
    did = store.add_decision(Decision(item.sheet_id, item.key, value, reviewer, at, item.machine, comment), session)
    queue.after_decision(store, item.sheet_id, before, (value, prior.value if prior else None))
    return did
