"""Pages into sheets: the two sides of a sheet are paired by their code, whatever order they came in.

Numbered forms pair by code (first come, first paired, so photocopies of
one numbered original each find their own back, a copy in the page's own
stack before one in another stack); blank and unidentified
pages can only pair with the page scanned next to them.

A page whose code was not read joins its neighbour only on strong evidence:
the two lie next to each other in one file and the page prints the side next
to it (side 3 right after side 2, or side 2 after side 3 on a sheet fed back
to front); likewise a page whose code was not read lying right before a read
page of a sheet that lacks the side it prints, the side next to that page's
(its other neighbour set aside). Otherwise shuffled loose backs, each from
another respondent, were joined by stack order into one "sheet". An
unidentified group without a front (`SheetGroup.loose`) is no sheet at all:
its pages are set aside, to be attached by what they show.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FormPage:
    page_id: str
    seq: int  # order in the stacks (store.form_pages: by file, then page)
    side: int
    key: str | None  # sheet key from the code; None when unidentified
    numbered: bool  # the key names one printed sheet (not a blank form)
    file: str | None = None  # the file it came from (as named) and its page there: neighbours only in one file
    idx: int | None = None
    file_sha: str | None = None  # the file's identity, when known: one file named two ways is still one


@dataclass
class SheetGroup:
    sheet_id: str
    key: str | None
    pages: dict[int, str] = field(default_factory=dict)  # side -> page_id

    def missing(self, sides: int) -> list[int]:
        return [s for s in range(1, sides + 1) if s not in self.pages]

    @property
    def loose(self) -> bool:
        """Pages with no code read and no front: back sides found on their own, not a respondent's sheet."""
        return self.key is None and 1 not in self.pages


def next_side_of(before: FormPage | None, p: FormPage, pages_in: Counter[str | None]) -> bool:
    """`p` is the side that follows `before` on one sheet as the stack lies, printing the side next to it (the
    next one, or the one before on a sheet fed back to front): the next page of the same file, or in a folder
    of one-page files (photos, an image per page) the next file. A file of several pages scanned after another
    (loose pages found later) does not continue the one before.

    pages_in: form pages per file."""
    if before is None or abs(p.side - before.side) != 1 or p.seq != before.seq + 1:
        return False
    if p.file is None or before.file is None or p.idx is None or before.idx is None:
        return True
    if p.file == before.file or (p.file_sha is not None and p.file_sha == before.file_sha):
        return p.idx == before.idx + 1
    return pages_in[p.file_sha or p.file] == pages_in[before.file_sha or before.file] == 1 \
        and os.path.dirname(p.file) == os.path.dirname(before.file)


def pair_pages(pages: list[FormPage], sides: int = 2) -> list[SheetGroup]:
    groups: list[SheetGroup] = []
    pending: dict[str, list[SheetGroup]] = {}
    previous: SheetGroup | None = None
    last: FormPage | None = None  # the page stored just before, whatever group it joined
    pages_in = Counter(p.file_sha or p.file for p in pages)
    files: dict[str, set[str | None]] = {}  # sheet id -> the files its pages came from
    for p in sorted(pages, key=lambda p: p.seq):
        target = None
        if p.numbered and p.key:
            free = [g for g in pending.get(p.key, []) if p.side not in g.pages]
            # copies of one numbered sheet: first come, but a copy in this page's own stack before one elsewhere
            target = next((g for g in free if (p.file_sha or p.file) in files[g.sheet_id]), free[0] if free else None)
            stray = _stray_side_before(previous, last, p, target, pages_in)
            if target is not None and previous is not None and stray is not None:
                target.pages[stray.side] = stray.page_id  # the page just before, unidentified, is this sheet's side
                files[target.sheet_id].add(stray.file_sha or stray.file)
                groups.remove(previous)
                previous = None
        if target is None and previous is not None and p.side not in previous.pages and (
                (previous.key is None or p.key is None) and next_side_of(last, p, pages_in)
                or previous.key == p.key and p.key is not None and not p.numbered):
            target = previous
        if target is None:
            target = SheetGroup(p.page_id, p.key)
            groups.append(target)
            if p.numbered and p.key:
                pending.setdefault(p.key, []).append(target)
        elif target.key is None and p.key is not None:
            target.key = p.key
            if p.numbered:
                pending.setdefault(p.key, []).append(target)
        target.pages[p.side] = p.page_id
        files.setdefault(target.sheet_id, set()).add(p.file_sha or p.file)
        if len(target.pages) == sides and target in pending.get(target.key or "", []):
            pending[target.key or ""].remove(target)
        previous = target if len(target.pages) < sides else None
        last = p
    return groups


def _stray_side_before(previous: SheetGroup | None, last: FormPage | None, p: FormPage, target: SheetGroup | None,
                       pages_in: Counter[str | None]) -> FormPage | None:
    """The page stored just before `p` when, its code unread and alone in its group with no front (a loose page),
    it is the side of p's sheet that p follows: it lies right before p and prints the side next to p's, which that
    sheet lacks. A photo's side whose code was not read, after a side set aside (a corner cut off): the sheet's
    next side, found by its code, takes it, as an unread side right after a read one joins it."""
    if previous is None or last is None or target is None:
        return None
    if (previous.key is None and previous.pages == {last.side: last.page_id} and last.side != 1
            and last.side not in target.pages and next_side_of(last, p, pages_in)):
        return last
    return None
