"""What awaits a person, kept in the store as indexed rows and brought up to date cheaply.

The items are derived from the records (collate) exactly as before, but the
derivation runs in full only when pages were stored since the last time; a
decision re-derives its own sheet. Serving the next item is then one indexed
query, whatever the size of the survey.
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..collate import SPLIT, Pairing, Sheet, aside_pages, collate, pair
from ..kinds import Kind
from ..kinds.registry import not_understood, record_value
from ..logic.wording import constraint_said, logic_reason
from ..plan import Plan
from ..records import Decision, flag_decision
from ..roster import written_misfit
from ..rules import StoredReading, sheet_readings
from ..store import Store
from ..store.rows import Generation, QueueItem, ReviewSheetRow
from ..template import Question, Template
from ..vocab import DecisionKey, ItemKind, PageReason, PageState, RecordStatus, ReviewReason, SheetFlag
from .attach import OFFERED, likely_unit, ranked, taken_ranked
from .attachment import Attachment, names_an_attachment
from .online import online_items, settle, validate_online
from .words import question_title

# the derivation's rules; raised when they change what is stored (kinds' order, the sides a sheet lacks), so a
# queue stored by an earlier version is not taken for current
RULES = 3


@dataclass
class Item:
    id: str
    kind: ItemKind
    sheet_id: str
    key: str
    unit: str | None
    page_id: str
    title: str
    reasons: list[str] = field(default_factory=list)
    choices: list[dict[str, str]] = field(default_factory=list)
    machine: Any = None
    confidence: float = 1.0
    multiple: bool = False
    deferred: bool = False
    sheet_label: str = ""  # the printed code (KH35.1.TT.007), or where an un-numbered sheet lies in the stack
    extra: dict[str, Any] = field(default_factory=dict)  # what one kind alone shows (an online row's answers…)

    def to_json(self) -> dict[str, Any]:
        picture = self.kind.picture if self.page_id else None
        return dict(vars(self)) | {"kind_vi": ItemKind.label_of(self.kind),  # shallow: asdict deep-copies an online row
                                   "img": picture.value if picture else ""}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data} | {"kind": ItemKind(data["kind"])})

    @classmethod
    def stored(cls, row: QueueItem) -> Item:
        """The item as the queue stored it, deferred or not as its row now says."""
        return cls.from_json(row.data | {"deferred": row.deferred})


def item_id(sheet_id: str, key: str) -> str:
    return f"{sheet_id}|{key}"


def sheet_label(sheet: Sheet) -> str:
    """How a person finds the paper: its printed code, or for a sheet without one, the file and page it is in."""
    g, rec = sheet.group, sheet.record
    if g.key and rec.sheet_serial:
        return g.key
    src = rec.sources[0] if rec.sources else {"file": "?", "page": 0}
    where = f"{Path(str(src['file'])).name}, trang {src['page']}"
    return f"Phiếu không số ({where})" if g.key else f"Phiếu chưa đọc được mã ({where})"


def _sheet_items(sh: Sheet, template: Template, readings: dict[str, dict[str, StoredReading]],
                 crops: set[tuple[str, str]], decided: dict[str, Any], label: str) -> list[Item]:
    rec, sid = sh.record, sh.group.sheet_id
    pages = {s["side"]: s["page_id"] for s in rec.sources}
    machine = sheet_readings(template, [pages[s] for s in sorted(pages)], readings)
    items: list[Item] = []
    for qid in rec.uncertain:
        q = template.question(qid)
        if q.behaviour.handwritten:
            continue  # handwriting is asked for as a transcription, below
        m = machine.get(qid)
        items.append(Item(item_id(sid, qid), ItemKind.question, sid, qid, rec.unit,
                          (m.page_id if m else "") or pages.get(q.page, ""), question_title(template, qid),
                          [ReviewReason.label_of(r) for r in [*(m.reasons if m else ()),
                                                              *rec.conflicts.get(qid, "").split()]]
                          + [logic_reason(template, qid, r) for r in rec.logic.get(qid, "").split()],
                          [{"id": o.id, "label": o.label} for o in q.options], list(m.answer) if m else None,
                          m.confidence if m else 0.0, q.behaviour.per_option, sheet_label=label,
                          extra=_typed(q) | _parts(q, pages)))
    for flag in rec.flags:
        kind = ItemKind.unit if flag == SheetFlag.unidentified else (
            ItemKind(flag) if flag in ItemKind.values() else ItemKind.sheet_flag)
        key = flag_decision(flag)
        choices = {ItemKind.unit: [],
                   ItemKind.missing_page: missing_page_choices(sh, template.pages),
                   ItemKind.reused_serial: [{"id": "keep", "label": "Giữ: là phiếu của người khác"},
                                     {"id": "discard", "label": "Loại: phiếu quét trùng"}]}.get(kind)
        if choices is None:  # a flag this page does not know yet: keep or set aside the sheet
            choices = [{"id": "keep", "label": "Giữ phiếu"}, {"id": "discard", "label": "Loại phiếu"}]
        title = missing_title(sh, template.pages) if kind == ItemKind.missing_page else SheetFlag.label_of(flag, kind.label)
        items.append(Item(item_id(sid, key), kind, sid, key, rec.unit, next(iter(pages.values()), ""),
                          title, [SheetFlag.label_of(flag, f"{kind.label} ({flag})")],
                          choices, None, 0.0,
                          sheet_label=label))
    for side, pid in pages.items():
        for q in template.questions:
            again = q.id in rec.logic  # transcribed against the question's constraint: asked again
            if q.behaviour.handwritten and q.page == side and (q.id not in decided or again) and (pid, q.id) in crops:
                why = [logic_reason(template, q.id, r) for r in rec.logic[q.id].split()] if again else []
                items.append(Item(item_id(sid, q.id), ItemKind.text, sid, q.id, rec.unit, pid,
                                  question_title(template, q.id), [*why, "Chép lại nội dung viết tay"], [], None, 1.0,
                                  sheet_label=label))
    return items


def missing_title(sh: Sheet, sides: int) -> str:
    """How many of the sheet's sides are missing, and which: "Thiếu 3/4 trang của phiếu (trang 1, 2, 3)"."""
    missing = sh.group.missing(sides)
    return f"Thiếu {len(missing)}/{sides} trang của phiếu (trang {', '.join(map(str, missing))})"


def missing_page_choices(sh: Sheet, sides: int) -> list[dict[str, str]]:
    """A numbered sheet missing a side is a respondent: its sides are accepted as missing. A sheet whose code was
    not read may instead be pages of other sheets (shuffled in the stack): its pages are then set aside, each to be
    attached to its sheet (ranked by what it shows, any sheet found by its typed code), or it is discarded with a
    reason; accepting it as a respondent is offered last, and only with its front."""
    accept = {"id": "accept", "label": "Chấp nhận phiếu thiếu trang"}
    if sh.group.key is not None:
        return [accept]
    out = [{"id": SPLIT, "label": "Là trang của phiếu khác: để riêng từng trang để gắn vào phiếu của nó"},
           {"id": "discard", "label": "Loại phiếu (ghi lý do vào ô Ghi chú)"}]
    return out + ([{"id": "accept", "label": "Chấp nhận: là một người trả lời, thiếu trang"}] if 1 in sh.group.pages else [])


def _parts(q: Question, pages: dict[int, str]) -> dict[str, Any]:
    """A list printed over several pages is shown whole: the scanned page of each of its parts, in order."""
    ids = [pages[side] for side in q.pages if side in pages]
    return {"pages": ids} if len(ids) > 1 else {}


def _typed(q: Question) -> dict[str, Any]:
    """A number or a date is settled by typing its value (the grid's bubbles are too many for number keys)."""
    if not q.behaviour.digit_grid:
        return {}
    return {"typed": str(q.type), "digits": q.digits, "decimals": q.decimals}


def typed_value(item: Item, value: str) -> str:
    """The value a reviewer typed for a number or date grid, checked the way the record will read it."""
    kind = Kind(item.extra["typed"])
    text = unicodedata.normalize("NFC", value.strip())
    digits = int(item.extra.get("digits") or 0)
    if record_value(kind, text, digits, int(item.extra.get("decimals") or 0)) is None:
        raise ValueError(not_understood(kind, text, digits))
    return text


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
                          sheet_label=f"Tệp {where}"))  # a page on its own: named by where it lies, not "Phiếu …"
    return items


def _online(store: Store, template: Template, plan: Plan | None) -> list[Item]:
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
    sheets = collate(store, template, only, paired)
    page_ids = [pid for sh in sheets for pid in sh.group.pages.values()]
    readings = store.all_question_readings(page_ids if only is not None else None)
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
            items += _sheet_items(sh, template, readings, crops, decided.get(sh.group.sheet_id, {}), label)
    if only is None or page_items:
        assert paired is not None
        items += _page_items(store, template, paired, decided, None if isinstance(page_items, bool) else page_items)
    for it in items:
        it.deferred = (it.sheet_id, it.key) in deferred
    if only is None:
        items += _online(store, template, plan)
    return rows, items


def _rows(items: list[Item]) -> list[QueueItem]:
    return [QueueItem(it.id, it.kind, it.sheet_id, it.key, it.unit, it.confidence, it.deferred, dict(vars(it)))
            for it in items]


class Queue:
    """The stored queue of one database: rebuilt when pages arrive, re-derived per sheet when a decision is made."""

    def __init__(self, template: Template, catch_up_every: float = 2.0, plan: Plan | None = None) -> None:
        self.template, self.plan = template, plan
        self.catch_up_every = catch_up_every  # while a scan adds pages, catch up at most this often
        self.last_catch_up = 0.0
        self.paired: tuple[str, Pairing] | None = None  # the pairing, kept with the pages generation it is of

    def _generation(self, store: Store) -> Generation:
        """The store's generation, marked when this queue leaves online problems out (no plan), so a queue that
        includes them never takes a paper-only one for its own."""
        g = store.review_generation()
        decisions = g.decisions + f":r{RULES}"  # a queue stored by earlier rules is derived again in full
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
        if not force and stored is not None and stored.decisions == current.decisions:
            if time.monotonic() - self.last_catch_up < self.catch_up_every:
                return False  # pages are streaming in: the queue catches up shortly
            self.last_catch_up = time.monotonic()
            if self._catch_up(store, stored.pages, current):
                return True
        rows, items = derive(store, self.template, paired=self._pairing(store, current.pages), plan=self.plan)
        store.review_replace(rows, _rows(items), current)
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
        if before is None or store.review_stored_generation() != before:
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
            items = _online(store, self.template, self.plan)
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


def validate_value(item: Item, value: Any, units: set[str], store: Store | None = None,
                   template: Template | None = None) -> Any:
    """The decision's value in its stored form, or ValueError with a message for the reviewer.

    template: a transcription is checked against its question's own constraint (what it says of the value
    alone); one that breaks it is refused, so the reviewer looks again rather than the tally storing it."""
    if item.kind == ItemKind.online_row and item.unit is None and not item.extra.get("unit_text") \
            and isinstance(value, dict) and value.get("accept", True) and not value.get("unit"):
        # a row naming no unit at all (one naming an unknown unit gets it from that name's mapping): accepted
        # without a unit it was stored and stayed on screen, still waiting (t13r S6)
        raise ValueError("Dòng này chưa có đơn vị: gõ số thứ tự hoặc mã đơn vị vào ô “Đơn vị”, rồi Enter "
                         "(hoặc X để loại dòng)")
    if item.kind.online and value != {"deferred": True}:
        return validate_online(item.kind, value, item.extra, units, {c["id"] for c in item.choices})
    if isinstance(value, dict):
        if value == {"deferred": True}:
            return {"deferred": True}
        raise ValueError("Giá trị không hợp lệ")
    if item.kind == ItemKind.question and isinstance(value, str) and item.extra.get("typed"):
        return typed_value(item, value)
    if item.kind == ItemKind.question:
        ids = {c["id"] for c in item.choices}
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not set(value) <= ids:
            raise ValueError("Phương án không hợp lệ")
        if not item.multiple and len(value) > 1:
            raise ValueError("Câu này chỉ chọn một phương án")
        return sorted(set(value), key=lambda v: (int(v), v) if v.isdigit() else (10**6, v))
    if item.kind == ItemKind.text:
        if not isinstance(value, str):
            raise ValueError("Nội dung phải là văn bản")
        text = unicodedata.normalize("NFC", value.strip())[:5000]  # typed with a decomposing input method too
        if template is not None and text and breaks_own_constraint(template, item.key, text):
            raise ValueError("Nội dung chép lại trái với điều kiện của câu hỏi "
                             f"({constraint_said(template, item.key)}): "
                             "xem lại chữ viết trên phiếu; để trống nếu không đọc được")
        if template is not None and text and (said := written_misfit(template, item.key, text)):
            raise ValueError(f"{said}; xem lại chữ viết trên phiếu, để trống nếu không đọc được")
        return text
    if item.kind == ItemKind.unit:
        if value not in units:
            raise ValueError("Mã đơn vị không có trong kế hoạch")
        return value
    if item.kind == ItemKind.page and names_an_attachment(value) and store is not None:
        named = Attachment.parse(value)
        if named is not None and \
                (named.sheet_id, named.side) in {(m.sheet_id, m.side) for m in store.review_missing_sides()}:
            return value
        in_force = store.decisions(sheet_ids=[item.sheet_id]).get(item.sheet_id, {}).get(item.key)
        if in_force is not None and in_force.value == value:
            return value  # going back and keeping the attachment made: the sheet misses that side no more
        raise ValueError("Phiếu này không còn thiếu trang đó")
    if not isinstance(value, str) or value not in {c["id"] for c in item.choices}:
        raise ValueError("Lựa chọn không hợp lệ")
    return value


def breaks_own_constraint(template: Template, qid: str, text: str) -> bool:
    """Whether a text question's constraint, given this answer and nothing else, says no (a rule that reads other
    answers is unknown here: the record's check asks about it once the sheet is put together)."""
    from ..logic.apply import compiled
    from ..logic.evaluate import Truth, truth_of

    try:
        q = template.question(qid)
    except KeyError:
        return False
    return bool(q.constraint) and truth_of(compiled(q.constraint)({}, text)) == Truth.no


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
