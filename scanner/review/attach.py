"""Where a set-aside page belongs: the sheets missing a side, ranked by what the page itself shows.

A page is set aside when its code could not be read, yet it still carries
evidence: part of the printed code, its printed side, the stack (and unit) it
was scanned with, and where it lies in that stack next to the sheet's other
side. Each candidate says why it is offered, so the reviewer confirms a named
sheet rather than guessing among labels.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..sheetcode import check_char
from ..store import Store
from ..store.rows import MissingSheet, PageFacts
from .attachment import Attachment, Freeing

OFFERED = 9  # candidates offered on the keys 1–9 (any other sheet is found by typing its code)


@dataclass(frozen=True)
class Candidate:
    sheet_id: str
    label: str
    side: int
    score: float
    evidence: tuple[str, ...]
    unit: str | None = None

    def choice(self) -> dict[str, str]:
        return {"id": str(Attachment(self.sheet_id, self.side)), "label": f"Gắn làm trang {self.side} của {_named(self.label)}",
                "evidence": "; ".join(self.evidence) or "không có dấu hiệu riêng"}


def _named(label: str) -> str:
    return label if label.startswith("Phiếu") else f"phiếu {label}"


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


@functools.lru_cache(maxsize=16384)
def printed_code(label: str, side: int) -> str | None:
    """The code the missing side would print ("KH35.1.MS.007.2.K"), when the sheet's label is its key."""
    parts = label.split(".")
    if len(parts) != 4 or not parts[3].isdigit():
        return None
    body = f"{label}.{side}"
    return f"{body}.{check_char(body)}"


def code_likeness(read: str, expected: str | None) -> float:
    """0–1: how much of the expected printed code the partial reading spells, in order."""
    a = _alnum(read)
    if len(a) < 3 or not expected:
        return 0.0
    return difflib.SequenceMatcher(None, a, _alnum(expected), autojunk=False).ratio()


@functools.lru_cache(maxsize=16384)
def _letters(text: str) -> Counter[str]:
    return Counter(_alnum(text))


def likeness_bound(read: str, expected: str | None) -> float:
    """At least `code_likeness(read, expected)`, from the letters the two share in any order (difflib's
    quick_ratio): cheap enough to rule out most sheets before their likeness is worked out."""
    a, b = _letters(read), _letters(expected or "")
    la, lb = a.total(), b.total()
    if la < 3 or not expected or not la + lb:
        return 0.0
    return 2 * (a & b).total() / (la + lb)


def score(page: PageFacts, sheet: MissingSheet, side: int) -> Candidate | None:
    """None when the page cannot be that side (it prints another side number)."""
    if page.side and page.side != side:
        return None
    evidence: list[str] = []
    total = 0.0
    read = page.code or page.ocr_text or ""
    likeness = code_likeness(read, printed_code(sheet.label, side))
    if likeness >= 0.5:
        total += 8 * (likeness - 0.5)
        evidence.append(f"mã in đọc được “{read.strip()[:30]}” giống {round(likeness * 100)}%")
    if page.side == side:
        total += 0.5
        evidence.append(f"trang in số {side}")
    if page.unit and page.unit == sheet.unit:
        total += 1
        evidence.append(f"cùng đơn vị {sheet.unit}")
    if sheet.seq is not None and page.seq is not None:
        expected = (sheet.side or 1) - side  # duplex: a sheet's sides lie in order, next to each other
        gap = sheet.seq - page.seq
        if page.path == sheet.path and page.idx is not None and sheet.idx is not None \
                and sheet.idx - page.idx == expected:
            total += 3
            evidence.append(f"{'ngay sau' if expected < 0 else 'ngay trước'} mặt {sheet.side or 1} của phiếu "
                            f"trong cùng tệp {Path(str(page.path)).name}")
        elif 0 < abs(gap) <= 10:
            total += 1 / abs(gap) if gap * expected > 0 else 0.2 / abs(gap)
            evidence.append(f"quét gần mặt kia (cách {abs(gap)} trang)")
    return Candidate(sheet.sheet_id, sheet.label, side, round(total, 3), tuple(evidence), sheet.unit)


def ranked(store: Store, page_id: str, limit: int = OFFERED) -> list[Candidate]:
    """The sheets the page may complete, most likely first (label order among equals).

    Every sheet missing a side is scored on the cheap evidence first; the printed code's likeness (the costly
    part) is worked out only while a sheet's best possible score could still place it among the first `limit`,
    so the answer is the same as scoring every sheet in full, at survey size in a few milliseconds."""
    page = store.review_page_facts(page_id) or PageFacts()
    read = page.code or page.ocr_text or ""
    plain = replace(page, code=None, ocr_text=None)
    bounded: list[tuple[float, Candidate, MissingSheet, int]] = []
    for sheet in store.review_missing_with_pages():
        for side in sheet.missing:
            base = score(plain, sheet, side)
            if base is not None:
                most = likeness_bound(read, printed_code(sheet.label, side))
                bounded.append((base.score + 8 * max(0.0, most - 0.5), base, sheet, side))
    bounded.sort(key=lambda b: -b[0])
    out: list[Candidate] = []
    for best, base, sheet, side in bounded:
        if len(out) >= limit and best + 0.001 < out[limit - 1].score:
            break  # no sheet left can reach the first `limit` (scores are rounded to 0.001)
        exact = score(page, sheet, side) if best > base.score else base
        if exact is not None:
            out.append(exact)
            out.sort(key=lambda c: (-c.score, c.label, c.side))
    return out[:limit]


def ranked_in_full(store: Store, page_id: str, limit: int = OFFERED) -> list[Candidate]:
    """`ranked` the plain way, every sheet scored in full: what the quick way must equal."""
    page = store.review_page_facts(page_id) or PageFacts()
    out = [c for sheet in store.review_missing_with_pages() for side in sheet.missing
           if (c := score(page, sheet, side)) is not None]
    out.sort(key=lambda c: (-c.score, c.label, c.side))
    return out[:limit]


def search(store: Store, page_id: str, text: str, limit: int = 20) -> list[Candidate]:
    """Sheets missing a side whose code or label holds what was typed ("007", "MS.007", "KH35.1.MS.007")."""
    typed = _alnum(text)
    if not typed:
        return []
    page = store.review_page_facts(page_id) or PageFacts()
    found = []
    for sheet in store.review_missing_with_pages():
        if _matches(typed, sheet.label):
            # a page whose printed side was read is offered that side only: attached as another side, its
            # questions lost the page and the other side's were cut from the wrong picture (t13r F4)
            found += [c for side in sheet.missing if (c := score(page, sheet, side)) is not None]
    found.sort(key=lambda c: (-c.score, c.label, c.side))
    return found[:limit]


def likely_unit(store: Store, page_id: str, candidates: list[Candidate]) -> str | None:
    """The unit a set-aside page most likely belongs to: its stack's, or the one unit all its candidates share
    (the page showed "Đơn vị: chưa rõ" while every sheet offered was of one unit)."""
    page = store.review_page_facts(page_id)
    if page is not None and page.unit:
        return page.unit
    units = {c.unit for c in candidates}
    return units.pop() if len(units) == 1 else None


def _matches(typed: str, label: str) -> bool:
    """Whether a sheet's label holds what was typed (letters and digits only), or ends in the serial typed."""
    serial = re.search(r"(\d+)$", label.strip())
    return typed in _alnum(label) or (typed.isdigit() and serial is not None and int(typed) == int(serial.group(1)))


@dataclass(frozen=True)
class Held:
    """Another set-aside page's attachment in force: its decision, the page (as its sheet id) and where it went."""

    decision: int
    page: str
    to: Attachment


def _attachments(store: Store, page_id: str) -> list[Held]:
    """Every other set-aside page attached to a sheet."""
    return [Held(d.id, d.sheet_id, a) for d in store.review_page_decisions()
            if d.sheet_id != f"page:{page_id}" and (a := Attachment.parse(d.value)) is not None]


def _pages_named(store: Store) -> dict[str, str]:
    return {f"page:{p.page_id}": f"{Path(p.path).name}, trang {p.idx + 1}" for p in store.set_aside_pages()}


def _taken_choice(did: int, where: str, label: str, side: int, evidence: tuple[str, ...] = ()) -> dict[str, str]:
    """A sheet another page took, as the page lists it: named with that page; choosing it frees the sheet."""
    why = "; ".join(evidence)
    return {"id": str(Freeing(did)), "taken": "1",
            "label": f"{_named(label)}: trang {side} đã gắn trang {where} (trang để riêng)",
            "evidence": (f"{why}; " if why else "") + f"phiếu này không còn thiếu trang {side}; Enter gỡ trang {where} "
                        "ra (trang đó trở lại hàng chờ), rồi có thể gắn trang đang xem vào phiếu này"}


def taken(store: Store, page_id: str, text: str, limit: int = 20) -> list[dict[str, str]]:
    """Sheets whose code holds what was typed but whose side is already filled by another set-aside page: no
    candidate any more, so a search found nothing and nothing said why (a page attached to the wrong sheet hid
    the right page's sheet). Each is offered as "free|DECISION": Enter takes that attachment back."""
    typed = _alnum(text)
    if not typed:
        return []
    page = store.review_page_facts(page_id) or PageFacts()
    rows = [h for h in _attachments(store, page_id) if not page.side or h.to.side == page.side]
    labels = store.review_sheet_labels(sorted({h.to.sheet_id for h in rows}))
    rows = [h for h in rows if h.to.sheet_id in labels and _matches(typed, labels[h.to.sheet_id])]
    if not rows:
        return []
    where = _pages_named(store)
    rows.sort(key=lambda h: (labels[h.to.sheet_id], h.to.side))
    return [_taken_choice(h.decision, where.get(h.page, h.page), labels[h.to.sheet_id], h.to.side)
            for h in rows[:limit]]


TAKEN_SHOWN = 3  # taken sheets listed among a page's ranked candidates, at most
TAKEN_EVIDENCE = 1.5  # the least score a taken sheet needs to be listed: more than sharing the unit


def taken_ranked(store: Store, page_id: str, best: float) -> list[tuple[float, dict[str, str]]]:
    """Sheets another page took that this page's own evidence points to at least as strongly as to any sheet still
    missing a side (`best`): listed among the ranked candidates as taken, so the reviewer sees why the likely sheet
    is not offered for attaching (t12: a page attached wrongly took the right page's sheet, and nothing said so)."""
    rows = _attachments(store, page_id)
    if not rows:
        return []
    page = store.review_page_facts(page_id) or PageFacts()
    sheets = {s.sheet_id: s for s in store.review_sheets_at(sorted({h.to.sheet_id for h in rows}))}
    scored = []
    for h in rows:
        sheet = sheets.get(h.to.sheet_id)
        c = score(page, replace(sheet, missing=(h.to.side,)), h.to.side) if sheet is not None else None
        if c is not None and c.score >= max(best, TAKEN_EVIDENCE):
            scored.append((c, h))
    if not scored:
        return []
    where = _pages_named(store)
    scored.sort(key=lambda x: (-x[0].score, x[0].label))
    return [(c.score, _taken_choice(h.decision, where.get(h.page, h.page), c.label, c.side, c.evidence))
            for c, h in scored[:TAKEN_SHOWN]]


def side_refused(store: Store, page_id: str, value: Any) -> str | None:
    """Why an attachment cannot be: the page prints another side number than the one it would fill (None: it can)."""
    named = Attachment.parse(value)
    page = store.review_page_facts(page_id)
    if named is None or page is None or not page.side or page.side == named.side:
        return None
    return (f"Trang này in số trang {page.side}, không gắn được làm trang {named.side} của phiếu: chọn một phiếu "
            f"thiếu trang {page.side}")


def candidate(store: Store, page_id: str, value: Any, in_force: bool = False) -> Candidate | None:
    """The sheet an attachment ("attach|SHEET|SIDE") names, as a candidate: while it still misses that side, or
    when the attachment is the decision in force (the page is that side now)."""
    named = Attachment.parse(value)
    if named is None:
        return None
    sheet_id, side = named.sheet_id, named.side
    page = store.review_page_facts(page_id) or PageFacts()
    for sheet in store.review_missing_with_pages():
        if sheet.sheet_id == sheet_id and side in sheet.missing:
            return score(page, sheet, side)  # None: the page prints another side
    label = store.review_sheet_labels([sheet_id]).get(sheet_id) if in_force else None
    return None if label is None else Candidate(sheet_id, label, side, 0.0, ("trang đang gắn vào phiếu này",))
