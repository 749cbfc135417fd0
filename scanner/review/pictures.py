"""The pictures an item is shown with, and the ones about to be asked for, drawn ahead in the background."""

from __future__ import annotations

import logging
import os
import queue
import sqlite3
import threading
import time
from pathlib import Path

from ..errors import DatabaseError
from ..store import Store
from ..template import Template
from ..vocab import ImageView, ItemKind
from . import images
from .item import Item

log = logging.getLogger("scanner.review")
WARM_DELAY = 0.25  # seconds after serving an item before drawing the pictures of the ones after it
PREFETCH = 2  # items after the one served whose pictures the page fetches ahead
STOP_WAIT = 10.0  # seconds `Ahead.stop` waits for a picture being drawn to finish
STORE_ERRORS = (DatabaseError, sqlite3.Error)  # the store gone or failing: the warm-up ends, pictures come on demand


def picture(store: Store, template: Template, what: str, item_id: str) -> bytes | None:
    """The item's picture `what` (an ImageView), or None when it has none of that view."""
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
        return images.parts_view(store, template, parts, question)
    if what == ImageView.region and question:
        return images.view(store, template, it.page_id, "region", question)
    return images.view(store, template, it.page_id, "page", question)


class Ahead:
    """Draws the pictures of the items about to be served, in a background thread, into the crop cache."""

    def __init__(self, db: Path | str, template: Template) -> None:
        self.db, self.template = db, template
        self._upcoming: queue.Queue[tuple[float, str]] = queue.Queue(maxsize=16)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._warm, name="review-warm", daemon=True)
        self._thread.start()

    def stop(self, wait: float = STOP_WAIT) -> None:
        """Ends the warm-up (checked between pictures, and while it waits for one) and waits for its thread,
        so nothing touches the store after the server that started it has shut down."""
        self._stop.set()
        try:
            self._upcoming.put_nowait((0.0, ""))  # wakes a thread waiting for work; a full queue means it is busy
        except queue.Full:
            pass
        if self._thread is not threading.current_thread():
            self._thread.join(wait)

    def _warm(self) -> None:
        """It runs at a lower priority and a moment after the item it follows was served, so the picture the
        reviewer is waiting for right now never queues behind pictures for later. The store is opened at the
        first picture; a store error ends the warm-up with a line in the log (the page draws pictures when it
        asks for them)."""
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # Linux: this thread only
        except (AttributeError, OSError):
            pass
        store: Store | None = None
        try:
            while not self._stop.is_set():
                queued_at, item_id = self._upcoming.get()
                if self._stop.wait(max(0.0, queued_at + WARM_DELAY - time.monotonic())):
                    break
                try:
                    if store is None:
                        store = Store(self.db)
                    picture(store, self.template, "region", item_id)
                except STORE_ERRORS as e:
                    log.info("drawing pictures ahead stopped: the store failed (%s)", e)
                    break
                except Exception:  # a picture not drawn ahead is drawn when asked
                    log.exception("drawing %s ahead failed", item_id)
        finally:
            if store is not None:
                try:
                    store.close()
                except Exception:  # closing a connection the server already dropped
                    pass

    def upcoming(self, store: Store, deferred: bool, kind: ItemKind | None = None, unit: str | None = None,
                 cause: str | None = None, sheet: str | None = None) -> list[dict[str, str]]:
        """Queues the next items' pictures to be drawn here, and names the next two for the page to fetch while
        the reviewer looks at this one, so the picture after a key press is already in the browser."""
        upcoming = store.review_upcoming(deferred, 4, kind, unit, cause, sheet)
        for u in upcoming:
            if u.kind.picture is None:
                continue
            try:
                self._upcoming.put_nowait((time.monotonic(), u.id))
            except queue.Full:
                break
        pictured = [(u.id, u.kind.picture) for u in upcoming[:PREFETCH]]
        return [{"id": item_id, "img": view.value} for item_id, view in pictured if view is not None]
