"""Which sheets each reviewer session was shown named for each set-aside page: the only ones it may attach it to.

The page names a sheet before Enter attaches a page to it, but a request can
name any sheet id; the server itself keeps what it offered (the ranked
candidates, the sheets a typed code found, the decision shown when going
back), per session and page, and refuses an attachment to anything else.
Kept in memory: a server restarted forgets, and the page offers the sheets
again when the item is shown again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from .attachment import Freeing, names_an_attachment

SESSIONS = 512  # sessions remembered; the oldest is forgotten first
ITEMS = 64  # set-aside pages remembered per session


class Offered:
    def __init__(self, sessions: int = SESSIONS, items: int = ITEMS) -> None:
        self.sessions, self.items = sessions, items
        self._lock = threading.Lock()
        self._shown: OrderedDict[str, OrderedDict[str, set[str]]] = OrderedDict()

    def note(self, session: str, item_id: str, values: Iterable[str]) -> None:
        """The session was shown these attachments ("attach|SHEET|SIDE") for this page, or these sheets as taken by
        another page, to be freed ("free|DECISION")."""
        values = [v for v in values if names_an_attachment(v) or Freeing.parse(v) is not None]
        if not values:
            return
        with self._lock:
            per = self._shown.setdefault(session, OrderedDict())
            self._shown.move_to_end(session)
            per.setdefault(item_id, set()).update(values)
            per.move_to_end(item_id)
            while len(per) > self.items:
                per.popitem(last=False)
            while len(self._shown) > self.sessions:
                self._shown.popitem(last=False)

    def named(self, session: str, item_id: str, value: str) -> bool:
        with self._lock:
            per = self._shown.get(session)
            return per is not None and value in per.get(item_id, ())
