"""The review workstation's logic, apart from HTTP: sessions, claims, the next item, decisions, pictures.

Every state change comes through a reviewer session (a random id the page
gets when a name is entered), so two people who type the same name are still
two sessions, and a claim lives exactly as long as its session's heartbeat.
"""

from __future__ import annotations

import queue
import secrets
import threading
import unicodedata
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..collate import pair
from ..errors import RequestRefused, SurveyError
from ..plan import Plan
from ..store import Store, now
from ..store.rows import Generation
from ..template import Template
from ..vocab import ItemKind, PageReason, ReviewReason, SheetFlag
from . import drafts, pictures, reopen, set_aside
from .attach import candidate
from .limits import CONFIRMED, decision_limit
from .offered import Offered
from .online import ROW_KEY, is_online_row
from .pictures import STORE_ERRORS, log
from .queue import Item, Queue, decide, validate_value
from .security import is_loopback, script_json
from .words import question_title

# what each cause an item waits for is called in the "Lý do" menu (a reading's reason, a sheet's flag, a page's)
CAUSES = {m.value: m.label for vocab in (PageReason, SheetFlag, ReviewReason) for m in vocab}
LEASE = 90.0  # seconds a claim outlives the last heartbeat of its session
HEARTBEAT = 20.0  # seconds between the page's heartbeats
MIN_TOKEN = 16  # characters of an access token on a network bind: guessing must be hopeless
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
        self.requests: dict[str, tuple[str, int, Any]] = {}  # each session's latest decision: (its number, id, value)
        self.units = {u.code for u in plan.units}
        self._local = threading.local()
        self._counted: tuple[Generation | None, dict[str, Any]] | None = None
        self._pool: queue.Queue[Store] = queue.Queue(maxsize=8)
        self.ahead = pictures.Ahead(db, template)
        with self.lock:  # the queue a former run stored is taken as it is when nothing changed behind it
            store = Store(db)
            try:
                derived = self.queue.sync(store)
            finally:
                store.close()
        # a start that took the stored queue paired no pages, and the first decision re-derives its sheet from the
        # pairing: made now, beside the first item's serving, it does not cost that Enter 2-3 s (0.5-0.9 s CPU at
        # 3,000 sheets)
        self._pairing = threading.Thread(target=self._pair_ahead, name="review-pairing", daemon=True)
        if not derived:
            self._pairing.start()

    def _pair_ahead(self) -> None:
        store = None
        try:
            store = Store(self.db)
            pages = store.review_generation().pages  # read first: pages stored meanwhile make it older, never newer
            paired = pair(store, self.template)
            with self.lock:
                if self.queue.paired is None:
                    self.queue.paired = (pages, paired)
        except STORE_ERRORS as e:  # a decision pairs the pages itself
            log.info("pairing the pages ahead stopped: the store failed (%s)", e)
        finally:
            if store is not None:
                store.close()

    def _paired(self) -> None:
        """A decision re-derives its sheet from the pairing: while the one made ahead is under way, it is waited for
        (outside the lock) rather than made a second time beside it (the first Enter after a restart took 4-5 s at
        3,000 sheets under load, two pairings at once)."""
        if self._pairing.is_alive():
            self._pairing.join()

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

    def close(self) -> None:
        """The server is shutting down: the pictures' warm-up ends (its thread joined), so does the pairing made
        ahead, and pooled connections close."""
        self.ahead.stop()
        if self._pairing.is_alive():
            self._pairing.join(pictures.STOP_WAIT)
        while True:
            try:
                st = self._pool.get_nowait()
            except queue.Empty:
                break
            st.close()

    def page(self) -> bytes:
        html = files("scanner.review").joinpath("page.html").read_text(encoding="utf-8")
        config = {"units": [{"code": u.code, "name": u.name} for u in self.plan.units],
                  "heartbeat_ms": int(self.heartbeat_every * 1000), "idle_ms": int(self.idle * 1000),
                  "key_guard_ms": int(KEY_GUARD * 1000), "kinds": {k.value: k.label for k in ItemKind},
                  "causes": CAUSES,
                  # the form's words in its own direction: right to left where its labels are (issue 22), else each
                  # run by its first letter, so a Hebrew option in a Vietnamese form still reads right to left
                  "form_dir": "rtl" if self.template.right_to_left else "auto"}
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
        cause = body.get("cause") if isinstance(body.get("cause"), str) else None  # why the items wait (one reason)
        found = body.get("sheet")  # a sheet asked for by its code: its items alone
        sheet = " ".join(unicodedata.normalize("NFC", found).split())[:40] or None if isinstance(found, str) else None
        data = store.review_next(session, self.lease, bool(body.get("deferred")), kind, unit, cause, sheet)
        upcoming = self.ahead.upcoming(store, bool(body.get("deferred")), kind, unit, cause, sheet)
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
        asked = body.get("request")
        request = asked[:64] if isinstance(asked, str) else None
        seen = self.requests.get(session) if request else None
        if seen is not None and seen[0] == request and store.review_in_force(seen[1]) is not None:
            # the same decision sent again after its answer was lost on the way (the page says to press again):
            # stored once (it was stored twice, the trail showing a decision replaced by itself)
            return self._decided(store, body, seen[1], seen[2])
        self._paired()
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
                set_aside.check_attachment(store, it, value, self.offered, session)
                did = decide(store, self.queue, it, value, reviewer, comment.strip()[:500], now(), session)
            except ValueError as e:
                raise RequestRefused(400, str(e)) from None
            if request:
                self.requests[session] = (request, did, value)
        return self._decided(store, body, did, value)

    def _decided(self, store: Store, body: dict[str, Any], did: int, value: Any) -> dict[str, Any]:
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
        self._paired()
        with self.lock:
            self.requests.pop(session, None)  # a decision asked again after its undoing is a new one
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
        return {"items": reopen.settled(store, self.template, text[:80] if isinstance(text, str) else "",
                                        {u.code: u.name for u in self.plan.units})}

    def reopen(self, body: dict[str, Any]) -> dict[str, Any]:
        """A settled item back on screen as decided, to keep or change: a paper item is claimed and shown (a new
        decision replaces the old); an online settlement, whose item is gone once settled, is taken back first."""
        store = self.store()
        session, _ = self._reviewer(store, body)
        did = body.get("decision")
        if not isinstance(did, int) or isinstance(did, bool):
            raise RequestRefused(400, "Thiếu số của quyết định")
        self._paired()
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
        return drafts.draft(store, it, self.ocr_lock)

    def find_sheets(self, body: dict[str, Any]) -> dict[str, Any]:
        """Sheets missing a side whose code holds what the reviewer typed, for a set-aside page; remembered as
        shown to the session, so one of them may be attached."""
        store = self.store()
        session, _ = self._reviewer(store, body)
        it = self._item(store, body.get("item"))
        return {"choices": set_aside.find_sheets(store, it, body.get("q"), self.offered, session)}

    def free_sheet(self, body: dict[str, Any]) -> dict[str, Any]:
        """Takes back another set-aside page's attachment to a sheet a search named as taken ("free|DECISION"): that
        page returns to the queue, the sheet misses its side again and is offered for the page on screen. Only a
        sheet shown to this session as taken, for this page, may be freed."""
        store = self.store()
        session, _ = self._reviewer(store, body)
        with self.lock:
            self.queue.sync(store)
            it = self._item(store, body.get("item"))
            choices = set_aside.free_sheet(store, self.queue, it, body.get("free"), self.offered, session)
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
        return pictures.picture(store, self.template, what, item_id)
