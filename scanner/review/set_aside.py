"""A set-aside page's own actions: finding the sheet it belongs to, freeing a sheet another page took, and the
checks on attaching it (only to a sheet shown to the session, and only to a side the sheet still lacks)."""

from __future__ import annotations

from typing import Any

from ..errors import RequestRefused
from ..store import Store
from ..vocab import ItemKind
from . import reopen
from .attach import candidate, search, side_refused, taken
from .attachment import Attachment, Freeing, names_an_attachment
from .item import Item
from .offered import Offered
from .queue import Queue


def check_attachment(store: Store, it: Item, value: Any, offered: Offered, session: str) -> None:
    """Refuses a page's decision that attaches it to a side already taken or to a sheet never shown to the session."""
    if it.kind != ItemKind.page:
        return
    if (why := side_refused(store, it.page_id, value)) is not None:
        raise RequestRefused(409, why)
    if names_an_attachment(str(value)) and not offered.named(session, it.id, value):
        raise RequestRefused(409, "Phiếu này chưa được hiện cho bạn với trang này nên trang chưa được "
                             "gắn: chọn một phiếu trong danh sách đang hiện (phím số), hoặc gõ mã phiếu "
                             "để tìm (phím /)")


def find_sheets(store: Store, it: Item, text: Any, offered: Offered, session: str) -> list[dict[str, str]]:
    """Sheets missing a side whose code holds `text`, then the taken ones; remembered as shown to the session."""
    if it.kind != ItemKind.page:
        raise RequestRefused(400, "Mục này không phải trang để riêng")
    if not isinstance(text, str):
        raise RequestRefused(400, "Hãy gõ mã hoặc số phiếu để tìm")
    choices = [c.choice() for c in search(store, it.page_id, text[:40])]
    choices += taken(store, it.page_id, text[:40])  # named as taken, with the page that took them
    offered.note(session, it.id, [c["id"] for c in choices])
    return choices


def free_sheet(store: Store, queue: Queue, it: Item, value: Any, offered: Offered, session: str
               ) -> list[dict[str, str]]:
    """Takes back the attachment `value` ("free|DECISION") names, under the app's lock; the freed sheet is offered."""
    freeing = Freeing.parse(value)
    if it.kind != ItemKind.page or freeing is None:
        raise RequestRefused(400, "Chỉ gỡ được trang đã gắn vào một phiếu, từ một trang để riêng")
    if not offered.named(session, it.id, str(value)):
        raise RequestRefused(409, "Phiếu này chưa được hiện cho bạn là đã gắn trang khác; hãy tìm lại (phím /)")
    d = store.review_in_force(freeing.decision)
    named = Attachment.parse(d.value) if d is not None and d.sheet_id.startswith("page:") else None
    if d is None or named is None:
        raise RequestRefused(409, "Trang kia không còn gắn vào phiếu này (đã được sửa); hãy tìm lại (phím /)")
    holder = store.review_holder(reopen.item_of(d.sheet_id, d.key), session)
    if holder is not None:
        raise RequestRefused(409, f"{holder} đang xem trang đã gắn vào phiếu này; chưa gỡ được")
    before = store.review_stored_generation()
    undone = store.review_reopen(freeing.decision, lambda _: False)
    if undone is None:
        raise RequestRefused(409, "Trang kia không còn gắn vào phiếu này (đã được sửa); hãy tìm lại (phím /)")
    queue.after_decision(store, undone.sheet_id, before, (undone.value,))
    again = candidate(store, it.page_id, str(named))
    choices = [again.choice()] if again is not None else []
    offered.note(session, it.id, [c["id"] for c in choices])
    return choices
