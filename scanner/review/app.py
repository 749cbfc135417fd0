"""The review workstation's logic, apart from HTTP: sessions, claims, the next item, decisions, pictures.

Every state change comes through a reviewer session (a random id the page
gets when a name is entered), so two people who type the same name are still
two sessions, and a claim lives exactly as long as its session's heartbeat.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import secrets
import threading
import time
import unicodedata
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..errors import RequestRefused, SurveyError
from ..plan import Plan
from ..store import Store, now
from ..store.rows import Generation
from ..template import Template
from ..vocab import ImageView, ItemKind
from . import images, reopen
from .attach import candidate, search, side_refused, taken
from .attachment import Attachment, Freeing, names_an_attachment
from .limits import CONFIRMED, decision_limit
from .offered import Offered
from .online import ROW_KEY, is_online_row
from .queue import Item, Queue, decide, validate_value
from .security import is_loopback, script_json
from .words import question_title

log = logging.getLogger("scanner.review")
LEASE = 90.0  # seconds a claim outlives the last heartbeat of its session
HEARTBEAT = 20.0  # seconds between the page's heartbeats
WARM_DELAY = 0.25  # seconds after serving an item before drawing the pictures of the ones after it
DRAFT_CONFIDENCE = 85.0  # Tesseract's mean word confidence above which a handwriting draft is worth offering
MIN_TOKEN = 16  # characters of an access token on a network bind: guessing must be hopeless
PREFETCH = 2  # items after the one served whose pictures the page fetches ahead
IDLE = 15 * 60.0  # seconds without a key or a click after which an open page stops holding its item
KEY_GUARD = 0.15  # seconds after a new item is drawn during which a key is taken as meant for the one before


class ReviewApp:
    def __init__(self, db: Path | str, template: Template, plan: Plan, host: str, token: str | None,
                 lease: float = LEASE, heartbeat: float = HEARTBEAT, idle: float = IDLE) -> None:
        if not is_loopback(host) and token is not None and len(token.strip()) < MIN_TOKEN:
            raise SurveyError(f"--host {host}: trang duyệt sẽ mở cho cả mạng; mã truy cập phải dài ít nhất {MIN_TOKEN} "
                              f"ký tự / the review page would be open to the whole network; give a non-empty --token "
                              f"of at least {MIN_TOKEN} characters (or leave it out to have one generated)")
        self.db, self.template, self.plan, self.host = db, template, plan, host
        self.token = token if token is not None else (None if is_loopback(host) else secrets.token_urlsafe(24))
        self.csrf = secrets.token_urlsafe(24)
        self.lease, self.heartbeat_every, self.idle = lease, heartbeat, idle
        self.lock = threading.Lock()  # decisions and queue rebuilds, one at a time
        self.ocr_lock = threading.Lock()  # one handwriting draft at a time; never under self.lock
        self.queue = Queue(template, plan=plan)
        self.offered = Offered()  # the sheets each session was shown for each set-aside page
        self.units = {u.code for u in plan.units}
        self._local = threading.local()
        self._counted: tuple[Generation | None, dict[str, Any]] | None = None
        self._pool: queue.Queue[Store] = queue.Queue(maxsize=8)
        self._upcoming: queue.Queue[tuple[float, str]] = queue.Queue(maxsize=16)
        threading.Thread(target=self._warm, name="review-warm", daemon=True).start()
        with self.lock:
            store = Store(db)
            try:
                self.queue.sync(store, force=True)
            finally:
                store.close()

    # connections: a small pool, one lent to each request while it runs
    def store(self) -> Store:
        st = getattr(self._local, "store", None)
        if st is None:
            try:
                st = self._pool.get_nowait()
            except queue.Empty:
                st = Store(self.db)
            self._local.store = st
        return st

    def release(self) -> None:
        """The request is over: its connection goes back to the pool."""
        st = getattr(self._local, "store", None)
        if st is None:
            return
        self._local.store = None
        try:
            self._pool.put_nowait(st)
        except queue.Full:
            st.close()

    def _warm(self) -> None:
        """Draws the pictures of the items about to be served, in the background, into the crop cache.

        It runs at a lower priority and a moment after the item it follows was served, so the picture the
        reviewer is waiting for right now never queues behind pictures for later."""
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # Linux: this thread only
        except (AttributeError, OSError):
            pass
        store = Store(self.db)
        while True:
            queued_at, item_id = self._upcoming.get()
            time.sleep(max(0.0, queued_at + WARM_DELAY - time.monotonic()))
            try:
                self.image_from(store, "region", item_id)
            except Exception:  # a picture not drawn ahead is drawn when asked
                log.exception("drawing %s ahead failed", item_id)

    def page(self) -> bytes:
        html = files("scanner.review").joinpath("page.html").read_text(encoding="utf-8")
        config = {"units": [{"code": u.code, "name": u.name} for u in self.plan.units],
                  "heartbeat_ms": int(self.heartbeat_every * 1000), "idle_ms": int(self.idle * 1000),
                  "key_guard_ms": int(KEY_GUARD * 1000), "kinds": {k.value: k.label for k in ItemKind}}
        return html.replace("__CSRF__", self.csrf).replace("__CONFIG__", script_json(config)).encode("utf-8")

    # sessions and claims
    def _reviewer(self, store: Store, body: dict[str, Any]) -> tuple[str, str]:
        session = body.get("session")
        if not isinstance(session, str) or not session:
            raise RequestRefused(401, "Chưa vào phiên duyệt: hãy nhập tên người duyệt")
        reviewer = store.review_session(session)
        if reviewer is None:
            raise RequestRefused(401, "Phiên duyệt không còn: hãy tải lại trang và nhập tên")
        return session, reviewer

    def start_session(self, body: dict[str, Any]) -> dict[str, Any]:
        name = body.get("reviewer")
        if not isinstance(name, str) or not name.strip():
            raise RequestRefused(400, "Hãy nhập tên người duyệt")
        name = " ".join(name.split())[:80]
        session = secrets.token_urlsafe(18)
        self.store().review_start_session(session, name)
        return {"session": session, "reviewer": name}

    def heartbeat(self, body: dict[str, Any]) -> dict[str, Any]:
        store = self.store()
        session, _ = self._reviewer(store, body)
        return {"held": store.review_heartbeat(session, self.lease)}

    def let_go(self, body: dict[str, Any]) -> dict[str, Any]:
        """The page is closing (reloaded, tab shut): its item is free at once, not after the lease, so the same
        reviewer coming back in a new session is not kept from it."""
        store = self.store()
        session, _ = self._reviewer(store, body)
        store.review_release(session)
        return {"ok": True}

    def claim(self, body: dict[str, Any]) -> dict[str, Any]:
        """Takes one item to work on (going back, or the per-question view); refused while another holds it."""
        store = self.store()
        session, _ = self._reviewer(store, body)
        it = self._item(store, body.get("item"), shown=True)
        if is_online_row(it.sheet_id) and (did := store.review_latest_in_force(it.sheet_id)) is not None:
            d = store.review_in_force(did)
            if d is not None and not (isinstance(d.value, dict) and d.value.get("deferred")):
                # a settled row's decisions are keyed by what they settle (_accept, _discard, answers), not by the
                # item: shown as undecided, an Enter stored an accept beside the discard in force (t13r F6). Going
                # back to it takes the settlement back and shows it as decided, as H does
                return self.reopen({"session": session, "decision": did})
        holder = store.review_claim(it.id, session, self.lease)
        if holder is not None:
            raise RequestRefused(409, f"{holder} đang duyệt mục này; hãy chọn mục khác")
        return {"item": self._shown(store, it, session)}

    # the queue
    def _sync(self, store: Store) -> None:
        with self.lock:
            self.queue.sync(store)

    def next(self, body: dict[str, Any]) -> dict[str, Any]:
        store = self.store()
        session, _ = self._reviewer(store, body)
        self._sync(store)
        asked = body.get("kind") if isinstance(body.get("kind"), str) else None
        if asked and asked not in ItemKind.values():
            raise RequestRefused(400, "Không có loại mục này (unknown item kind)")
        kind = ItemKind(asked) if asked else None
        unit = body.get("unit") if isinstance(body.get("unit"), str) else None
        data = store.review_next(session, self.lease, bool(body.get("deferred")), kind, unit)
        upcoming = self._ahead(store, bool(body.get("deferred")), kind, unit)
        return {"counts": self._counts(store), "upcoming": upcoming,
                "item": self._shown(store, self.queue.complete(store, data), session) if data else None}

    def counts(self) -> dict[str, Any]:
        store = self.store()
        self._sync(store)
        return self._counts(store)

    def _counts(self, store: Store) -> dict[str, Any]:
        """Counts change only when the stored queue does, and each change gives it a new generation."""
        generation = store.review_stored_generation()
        cached = self._counted
        if cached is None or cached[0] != generation:
            cached = self._counted = (generation, store.review_counts().to_json())
        return cached[1]

    def _item(self, store: Store, item_id: Any, shown: bool = False) -> Item:
        """The stored item; `shown`: made ready to show (a set-aside page's candidates ranked, which a decision
        does not need: an attachment is checked against the sheets missing a side)."""
        if not isinstance(item_id, str) or not item_id:
            raise RequestRefused(400, "Thiếu mã mục")
        data = store.review_item(item_id)
        if data is None:
            raise RequestRefused(404, "Mục này không có trong hàng chờ")
        return self.queue.complete(store, data) if shown else Item.stored(data)

    def _shown(self, store: Store, it: Item, session: str, decided: Any = None) -> dict[str, Any]:
        """The item as the page shows it, with the decision in force on it if any (going back shows it as decided),
        or `decided` (a decision just undone). A set-aside page's sheets are remembered as shown to the session,
        the decided one too, named among the choices while it still misses that side."""
        d = store.decisions(include_deferred=True, sheet_ids=[it.sheet_id]).get(it.sheet_id, {}).get(it.key)
        in_force = None if d is None else d.value
        decided = in_force if decided is None else decided
        if it.kind == ItemKind.page:
            ids = {c["id"] for c in it.choices}
            # a deferral ({"deferred": true}) or a discard is no sheet: only an attachment string can name one
            named = isinstance(decided, str) and decided not in ids
            again = candidate(store, it.page_id, decided, decided == in_force) if named else None
            if again is not None:
                it.choices.append(again.choice())
            self.offered.note(session, it.id, [c["id"] for c in it.choices])
        out = it.to_json()
        out["decided"] = decided
        return out

    def decide(self, body: dict[str, Any]) -> dict[str, Any]:
        store = self.store()
        session, reviewer = self._reviewer(store, body)
        comment = body.get("comment") or ""
        if not isinstance(comment, str):
            raise RequestRefused(400, "Ghi chú phải là văn bản")
        comment = unicodedata.normalize("NFC", comment)
        with self.lock:
            self.queue.sync(store)
            it = self._item(store, body.get("item"))
            holder = store.review_holder(it.id, session)
            if holder is not None:
                raise RequestRefused(409, f"{holder} đang giữ mục này; quyết định của bạn chưa được ghi")
            try:
                value = validate_value(it, body.get("value"), self.units, store, self.template)
                broken = decision_limit(it.kind, it.key, it.extra, value, self.template)
                if broken and body.get("confirm") is not True:
                    raise RequestRefused(422, f"{broken}. Chưa ghi: sửa lại, hoặc nhấn Shift+Enter để vẫn ghi "
                                         "đúng như vậy (nhật ký ghi là bạn đã xác nhận)")
                if broken:
                    comment = f"{CONFIRMED}: {broken}" + (f". {comment.strip()}" if comment.strip() else "")
                if it.kind == ItemKind.page and (why := side_refused(store, it.page_id, value)) is not None:
                    raise RequestRefused(409, why)
                if it.kind == ItemKind.page and names_an_attachment(str(value)) \
                        and not self.offered.named(session, it.id, value):
                    raise RequestRefused(409, "Phiếu này chưa được hiện cho bạn với trang này nên trang chưa được "
                                         "gắn: chọn một phiếu trong danh sách đang hiện (phím số), hoặc gõ mã phiếu "
                                         "để tìm (phím /)")
                did = decide(store, self.queue, it, value, reviewer, comment.strip()[:500], now(), session)
            except ValueError as e:
                raise RequestRefused(400, str(e)) from None
        out: dict[str, Any] = {"ok": True, "decision": did, "decided": value}
        if body.get("advance", True):
            out |= self.next(body)
        else:
            out["counts"] = self._counts(store)
        return out

    def undo(self, body: dict[str, Any]) -> dict[str, Any]:
        """Takes back this session's latest decision and hands its item back, showing what had been decided."""
        store = self.store()
        session, _ = self._reviewer(store, body)
        with self.lock:
            before = store.review_stored_generation()
            undone = store.undo_last(session)
            if undone is None:
                return {"ok": False, "counts": self._counts(store)}
            row = is_online_row(undone.sheet_id)
            if row:
                store.review_undo_with(session, undone)
            self.queue.after_decision(store, undone.sheet_id, before, (undone.value,))
        data = store.review_item(f"{undone.sheet_id}|{ROW_KEY if row else undone.key}")
        item = None
        if data is not None:
            store.review_claim(data.id, session, self.lease)
            item = self._shown(store, self.queue.complete(store, data), session, undone.value)
        return {"ok": True, "undone": undone.to_json(), "item": item, "counts": self._counts(store)}

    def settled(self, body: dict[str, Any]) -> dict[str, Any]:
        """The latest settled items, anyone's, for opening again after a reload (`reopen.settled`)."""
        store = self.store()
        self._reviewer(store, body)
        text = body.get("q")
        return {"items": reopen.settled(store, self.template, text[:80] if isinstance(text, str) else "")}

    def reopen(self, body: dict[str, Any]) -> dict[str, Any]:
        """A settled item back on screen as decided, to keep or change: a paper item is claimed and shown (a new
        decision replaces the old); an online settlement, whose item is gone once settled, is taken back first."""
        store = self.store()
        session, _ = self._reviewer(store, body)
        did = body.get("decision")
        if not isinstance(did, int) or isinstance(did, bool):
            raise RequestRefused(400, "Thiếu số của quyết định")
        with self.lock:
            self.queue.sync(store)
            d = store.review_in_force(did)
            if d is None:
                raise RequestRefused(409, "Quyết định này đã được thay hoặc hoàn tác; hãy tải lại danh sách")
            value = d.value  # shown as decided
            data = store.review_item(reopen.item_of(d.sheet_id, d.key))
            if data is None or not data.settled or d.sheet_id.startswith("online:"):
                before = store.review_stored_generation()
                undone = store.review_reopen(did, is_online_row)
                if undone is None:
                    raise RequestRefused(409, "Quyết định này đã được thay hoặc hoàn tác; hãy tải lại danh sách")
                self.queue.after_decision(store, undone.sheet_id, before, (undone.value,))
                data = store.review_item(reopen.item_of(undone.sheet_id, undone.key))
                if data is None:
                    return {"ok": True, "item": None, "counts": self._counts(store)}
                if is_online_row(undone.sheet_id):
                    value = reopen.row_value(undone.whole)
        holder = store.review_claim(data.id, session, self.lease)
        if holder is not None:
            raise RequestRefused(409, f"{holder} đang duyệt mục này; hãy chọn mục khác")
        shown = self._shown(store, self.queue.complete(store, data), session, value)
        shown["comment"] = d.comment or ""  # a discarded row's reason comes back with it
        return {"ok": True, "item": shown, "counts": self._counts(store)}

    def draft(self, body: dict[str, Any]) -> dict[str, Any]:
        """The machine's reading of a handwriting item, offered only when the recogniser is confident; made on
        first request and kept; OCR runs outside the lock."""
        store = self.store()
        self._reviewer(store, body)
        it = self._item(store, body.get("item"))
        if it.kind != ItemKind.text:
            raise RequestRefused(400, "Mục này không phải chữ viết tay")
        crop = store.text_crop(it.page_id, it.key)
        if crop is None:
            return {"draft": "", "confident": False}
        if crop.draft is None:
            with self.ocr_lock:
                crop = store.text_crop(it.page_id, it.key)
                if crop is not None and crop.draft is None:
                    text, conf = _read_handwriting(crop.png)
                    store.set_draft(it.page_id, it.key, json.dumps({"text": text, "conf": round(conf, 1)},
                                                                   ensure_ascii=False))
                    crop = store.text_crop(it.page_id, it.key)
        text, conf = _stored_draft(crop.draft if crop else None)
        confident = conf >= DRAFT_CONFIDENCE and bool(text)
        return {"draft": text if confident else "", "confident": confident}

    def find_sheets(self, body: dict[str, Any]) -> dict[str, Any]:
        """Sheets missing a side whose code holds what the reviewer typed, for a set-aside page; remembered as
        shown to the session, so one of them may be attached."""
        store = self.store()
        session, _ = self._reviewer(store, body)
        it = self._item(store, body.get("item"))
        if it.kind != ItemKind.page:
            raise RequestRefused(400, "Mục này không phải trang để riêng")
        text = body.get("q")
        if not isinstance(text, str):
            raise RequestRefused(400, "Hãy gõ mã hoặc số phiếu để tìm")
        choices = [c.choice() for c in search(store, it.page_id, text[:40])]
        choices += taken(store, it.page_id, text[:40])  # named as taken, with the page that took them
        self.offered.note(session, it.id, [c["id"] for c in choices])
        return {"choices": choices}

    def free_sheet(self, body: dict[str, Any]) -> dict[str, Any]:
        """Takes back another set-aside page's attachment to a sheet a search named as taken ("free|DECISION"): that
        page returns to the queue, the sheet misses its side again and is offered for the page on screen. Only a
        sheet shown to this session as taken, for this page, may be freed."""
        store = self.store()
        session, _ = self._reviewer(store, body)
        value = body.get("free")
        freeing = Freeing.parse(value)
        with self.lock:
            self.queue.sync(store)
            it = self._item(store, body.get("item"))
            if it.kind != ItemKind.page or freeing is None:
                raise RequestRefused(400, "Chỉ gỡ được trang đã gắn vào một phiếu, từ một trang để riêng")
            if not self.offered.named(session, it.id, str(value)):
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
            self.queue.after_decision(store, undone.sheet_id, before, (undone.value,))
            again = candidate(store, it.page_id, str(named))
        choices = [again.choice()] if again is not None else []
        self.offered.note(session, it.id, [c["id"] for c in choices])
        return {"ok": True, "choices": choices, "counts": self._counts(store)}

    # the per-question view
    def questions(self) -> list[dict[str, Any]]:
        store = self.store()
        self._sync(store)
        open_ = store.review_open_questions()
        return [{"id": q.id, "title": question_title(self.template, q.id), "type": q.type, "open": open_.get(q.id, 0)}
                for q in self.template.questions if q.id in open_]

    def question_view(self, question_id: str, order: str = "confidence") -> dict[str, Any]:
        if question_id not in {q.id for q in self.template.questions}:
            raise RequestRefused(404, "Không có câu hỏi này")
        store = self.store()
        self._sync(store)
        q = self.template.question(question_id)
        return {"id": q.id, "title": question_title(self.template, q.id),
                "type": q.type, "items": [it.data | {"held_by": it.held_by}
                                          for it in store.review_question_items(question_id, order=order)]}

    # pictures
    def image(self, what: str, item_id: str) -> bytes | None:
        return self.image_from(self.store(), what, item_id)

    def image_from(self, store: Store, what: str, item_id: str) -> bytes | None:
        data = store.review_item(item_id) if item_id else None
        it = Item.stored(data) if data is not None else None
        if it is None or not it.page_id:
            return None
        if what == ImageView.text:
            if it.kind != ItemKind.text:
                return None
            crop = store.text_crop(it.page_id, it.key)
            return crop.png if crop else None
        question = it.key if it.kind.picture == ImageView.region else None
        parts = [str(pid) for pid in it.extra.get("pages", ())]
        if what == ImageView.region and question and len(parts) > 1:
            return images.parts_view(store, self.template, parts, question)
        if what == ImageView.region and question:
            return images.view(store, self.template, it.page_id, "region", question)
        return images.view(store, self.template, it.page_id, "page", question)

    def _ahead(self, store: Store, deferred: bool, kind: ItemKind | None = None, unit: str | None = None
               ) -> list[dict[str, str]]:
        """Queues the next items' pictures to be drawn here, and names the next two for the page to fetch while
        the reviewer looks at this one, so the picture after a key press is already in the browser."""
        upcoming = store.review_upcoming(deferred, 4, kind, unit)
        for u in upcoming:
            if u.kind.picture is None:
                continue
            try:
                self._upcoming.put_nowait((time.monotonic(), u.id))
            except queue.Full:
                break
        pictured = [(u.id, u.kind.picture) for u in upcoming[:PREFETCH]]
        return [{"id": item_id, "img": view.value} for item_id, view in pictured if view is not None]


def _read_handwriting(png: bytes) -> tuple[str, float]:
    import cv2
    import numpy as np

    from .._exec.tesseract import available, ocr_block_scored

    if not available():
        return "", 0.0
    try:
        img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
        return ocr_block_scored(img) if img is not None else ("", 0.0)
    except Exception:  # a draft is a convenience; the reviewer types the text either way
        return "", 0.0


def _stored_draft(raw: str | None) -> tuple[str, float]:
    """(text, confidence) of a kept draft; a draft kept before confidences were (plain text) counts as unsure."""
    if not raw:
        return "", 0.0
    try:
        data = json.loads(raw)
    except ValueError:
        return raw, 0.0
    if not isinstance(data, dict):
        return raw, 0.0
    return str(data.get("text") or ""), float(data.get("conf") or 0.0)


def body_object(raw: bytes) -> dict[str, Any]:
    """A request body as a JSON object, or a 400 naming what was wrong."""
    if _depth(raw) > MAX_DEPTH:
        raise RequestRefused(400, f"Nội dung yêu cầu lồng quá {MAX_DEPTH} tầng (JSON nested too deeply)")
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise RequestRefused(400, "Nội dung yêu cầu không phải JSON (body is not JSON)") from None
    if not isinstance(body, dict):
        raise RequestRefused(400, "Nội dung yêu cầu phải là một đối tượng JSON (body must be a JSON object)")
    return body


MAX_DEPTH = 8  # the page's bodies nest two levels; deeper is a probe, refused before the parser recurses


def _depth(raw: bytes) -> int:
    """How deep brackets nest, counting outside strings only (a bracket typed in a comment is text)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest
