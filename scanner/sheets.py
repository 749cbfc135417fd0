"""Pages into sheets: the two sides of a sheet are paired by their code, whatever order they came in.

Numbered forms pair by code (first come, first paired, so photocopies of
one numbered original each find their own back, a copy in the page's own
stack before one in another stack); blank and unidentified
pages can only pair with the page scanned next to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FormPage:
    page_id: str
    seq: int  # order in the stacks (store.form_pages: by file, then page)
    side: int
    key: str | None  # sheet key from the code; None when unidentified
    numbered: bool  # the key names one printed sheet (not a blank form)
    file: str = ""  # the scanned file it came from


@dataclass
class SheetGroup:
    sheet_id: str
    key: str | None
    pages: dict[int, str] = field(default_factory=dict)  # side -> page_id

    def missing(self, sides: int) -> list[int]:
        return [s for s in range(1, sides + 1) if s not in self.pages]


def pair_pages(pages: list[FormPage], sides: int = 2) -> list[SheetGroup]:
    groups: list[SheetGroup] = []
    pending: dict[str, list[SheetGroup]] = {}
    previous: SheetGroup | None = None
    files: dict[str, set[str]] = {}  # sheet id -> the files its pages came from
    for p in sorted(pages, key=lambda p: p.seq):
        target = None
        if p.numbered and p.key:
            free = [g for g in pending.get(p.key, []) if p.side not in g.pages]
            # copies of one numbered sheet: first come, but a copy in this page's own stack before one elsewhere
            target = next((g for g in free if p.file in files[g.sheet_id]), free[0] if free else None)
        if target is None and previous is not None and p.side not in previous.pages and \
                (previous.key is None or p.key is None or (previous.key == p.key and not p.numbered)):
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
        files.setdefault(target.sheet_id, set()).add(p.file)
        if len(target.pages) == sides and target in pending.get(target.key or "", []):
            pending[target.key or ""].remove(target)
        previous = target if len(target.pages) < sides else None
    return groups
