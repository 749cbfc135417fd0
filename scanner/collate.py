"""Records from the store: pages paired into sheets, readings merged, people's decisions laid on top.

Derived afresh each time from what is stored, so it can never drift from
the readings, and a decision keyed by sheet and question survives a rescan.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .plan import Plan
from .records import Decision, Record, build_record
from .review.attachment import Attachment
from .rules import StoredReading, sheet_readings
from .sheets import FormPage, SheetGroup, pair_pages
from .store import Store
from .store.rows import AsidePage, BatchRow, FormPageRow
from .template import Template
from .vocab import DecisionKey, PageReason, PageState, SheetFlag


@dataclass
class Sheet:
    group: SheetGroup
    record: Record


@dataclass
class Pairing:
    """Form pages paired into sheets. It depends on the stored pages alone, so it may be kept until more arrive."""

    info: dict[str, FormPageRow]
    groups: list[SheetGroup]  # sheets; loose pages (no code, no front) are left out, as set-aside pages
    serial_count: Counter[str]
    loose: list[str] = field(default_factory=list)  # such pages, in stack order

    def loose_pages(self) -> list[AsidePage]:
        """The loose pages as set-aside pages: what the reviewer attaches to a sheet, discards or has rescanned."""
        return [AsidePage(pid, self.info[pid].path, self.info[pid].idx, PageReason.loose, PageReason.loose.label,
                          PageState.set_aside, None) for pid in self.loose]


def pair(store: Store, template: Template) -> Pairing:
    rows = store.form_pages()
    info = {r.page_id: r for r in rows}
    paired = pair_pages([FormPage(r.page_id, n, r.side, r.sheet_key, r.numbered, r.path, r.idx, r.file_sha)
                         for n, r in enumerate(rows)], template.pages)
    groups = [g for g in paired if not g.loose]
    loose = sorted((pid for g in paired if g.loose for pid in g.pages.values()), key=lambda pid: info[pid].seq)
    serial_count = Counter(g.key for g in groups if g.key and info[next(iter(g.pages.values()))].numbered)
    return Pairing(info, groups, serial_count, loose)


SPLIT = "split"  # the missing-page decision on an un-numbered sheet: its pages are other sheets', set aside


def is_split(decisions: dict[str, Decision]) -> bool:
    """A reviewer said this un-numbered sheet's pages belong to other sheets: each is set aside to be attached."""
    return getattr(decisions.get(DecisionKey.missing_page), "value", None) == SPLIT


def unsheeted(store: Store, paired: Pairing) -> list[AsidePage]:
    """Form pages that are no sheet's side: loose backs, and the pages of un-numbered sheets a reviewer split."""
    ids = [g.sheet_id for g in paired.groups if g.key is None]
    ds = store.decisions(sheet_ids=ids) if ids else {}
    split = [pid for g in paired.groups if g.key is None and is_split(ds.get(g.sheet_id, {}))
             for pid in g.pages.values()]
    return paired.loose_pages() + [AsidePage(pid, paired.info[pid].path, paired.info[pid].idx, PageReason.split_off,
                                             PageReason.split_off.label, PageState.set_aside, None)
                                   for pid in sorted(split, key=lambda pid: paired.info[pid].seq)]


def aside_pages(store: Store, template: Template, paired: Pairing | None = None) -> list[AsidePage]:
    """Every page not read as a sheet's side: those stored as set aside, loose backs whose code was not read, and
    the pages of un-numbered sheets split by a reviewer."""
    return store.set_aside_pages() + unsheeted(store, paired or pair(store, template))


def collate(store: Store, template: Template, only: set[str] | None = None,
            paired: Pairing | None = None, readings: dict[str, dict[str, StoredReading]] | None = None) -> list[Sheet]:
    """Every sheet, or only the sheets named in `only` (pairing still sees every page, so ids and flags agree).

    `paired`: a pairing kept from before, valid while no page was stored since; it is not changed.
    `readings`: every page's readings, when the caller read them already (the review queue needs them too: at
    3,000 sheets each reading of them was a third of the review server's start)."""
    p = paired or pair(store, template)
    info = dict(p.info)
    groups = p.groups if only is None else [g for g in p.groups if g.sheet_id in only]
    if paired is not None:
        groups = [SheetGroup(g.sheet_id, g.key, dict(g.pages)) for g in groups]  # attachments add pages below
    serial_count = p.serial_count
    decisions = store.decisions() if only is None else store.decisions(sheet_ids=only, with_pages=True)
    attached = _attachments(store, decisions, p)
    batch_units: dict[int, BatchRow] = {}
    rescans = store.rescans()
    rescanned = set(rescans) | set(rescans.values())
    if only is not None:
        # a loose page attached to one of these sheets brings its readings (a set-aside page stored has none)
        readings = store.all_question_readings([pid for g in groups for pid in g.pages.values()]
                                               + [pid for sides in attached.values() for pid, _, _ in sides.values()])
    elif readings is None:
        readings = store.all_question_readings()
    out = []
    for g in groups:
        if g.key is None and is_split(decisions.get(g.sheet_id, {})):
            continue  # its pages are set-aside pages now
        first = info[min(g.pages.values(), key=lambda pid: info[pid].seq)]
        batch_id = first.batch_id
        if batch_id not in batch_units:
            batch_units[batch_id] = store.batch(batch_id)
        unit, serial = None, None
        if g.key:
            _, _, code_unit, code_serial = g.key.split(".")
            unit = None if code_unit == "-" else code_unit
            serial = int(code_serial) or None
        manual: set[int] = set()
        for side, (pid, path, idx) in attached.get(g.sheet_id, {}).items():
            if side in g.missing(template.pages):
                g.pages[side] = pid
                info[pid] = FormPageRow(pid, 0, side, g.key, False, path, idx, batch_id)
                manual.add(side)
        flags: list[str] = []
        if g.missing(template.pages):
            flags.append(SheetFlag.missing_page)
        if unit is None:
            unit = batch_units[batch_id].unit
            if unit is None:
                flags.append(SheetFlag.unidentified)
        if (g.key and serial and serial_count[g.key] > 1) or rescanned & set(g.pages.values()):
            flags.append(SheetFlag.reused_serial)  # a numbered sheet copied, or an un-numbered one scanned twice
        page_ids = [g.pages[s] for s in sorted(g.pages)]
        machine = sheet_readings(template, page_ids, readings)
        sources = [{"file": info[pid].path, "page": info[pid].idx + 1, "side": side, "page_id": pid}
                   for side, pid in sorted(g.pages.items())]
        rec = build_record(template, g.sheet_id, unit, serial, machine, flags, sources, decisions.get(g.sheet_id, {}),
                           manual)
        rec.received = batch_units[batch_id].received
        out.append(Sheet(g, rec))
    return out


def _attachments(store: Store, decisions: dict[str, dict[str, Decision]],
                 paired: Pairing) -> dict[str, dict[int, tuple[str, str, int]]]:
    """Set-aside pages a reviewer attached to a sheet as its missing side: sheet -> side -> (page, path, index)."""
    attached = [(sid, a) for sid, ds in decisions.items()
                if sid.startswith("page:") and (d := ds.get("_page")) is not None
                and (a := Attachment.parse(str(d.value))) is not None]
    out: dict[str, dict[int, tuple[str, str, int]]] = {}
    if not attached:
        return out  # the usual case: no need to read every set-aside page
    pages = {p.page_id: p for p in store.set_aside_pages() + unsheeted(store, paired)}
    for sid, a in attached:
        p = pages.get(sid[5:])
        if p is not None:
            out.setdefault(a.sheet_id, {})[a.side] = (p.page_id, p.path, p.idx)
    return out


def online_records(store: Store, template: Template | None = None, plan: Plan | None = None) -> list[Record]:
    """Online records derived afresh from every stored download (default template and plan when not given)."""
    from .online import online_records as derived
    from .plan import load_plan
    from .template import load_template

    return derived(store, template or load_template(), plan or load_plan())


def all_records(store: Store, template: Template, plan: Plan | None = None) -> list[Record]:
    """Paper and online alike: the one list that validation, tally and report read (online derived afresh).

    Pass the plan the command was given: the online records' units, times and window depend on it.
    """
    return [sh.record for sh in collate(store, template)] + online_records(store, template, plan)
