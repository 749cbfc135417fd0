"""The review workstation's stored state (migration 5): the queue, reviewer sessions and claims, the crop cache."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from ..vocab import DecisionKey, ItemKind
from .connection import Connected, now
from .rows import (
    DecisionInForce,
    Generation,
    MissingSheet,
    MissingSide,
    PageDecision,
    PageFacts,
    QueueItem,
    Reopened,
    ReviewCounts,
    ReviewSheetRow,
    Undone,
    UnitProgress,
    Upcoming,
)

# a queued item's columns, as _queued reads them (the item's own JSON last)
ITEM = "i.item_id, i.kind, i.sheet_id, i.key, i.unit, i.confidence, i.deferred, i.settled, i.data"
# a decision in force's columns, as DecisionInForce names them
IN_FORCE = "id, sheet_id, key, value, reviewer, at, comment"
# The item kinds that ask about one question's answer (a reading or a transcription), bound as parameters so
# the SQL spells no kind: the vocabulary is the one place a kind is written.
ANSWER_KINDS = (ItemKind.question.value, ItemKind.text.value)
ANSWER_KINDS_IN = f"IN ({', '.join('?' * len(ANSWER_KINDS))})"


class ReviewState(Connected):
    def review_generation(self) -> Generation:
        """What the stored queue was derived from: (pages part, decisions part); cheap, from indexes."""
        seq, n = self.db.execute("SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM pages").fetchone()
        did = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM decisions").fetchone()[0]
        undone = self.db.execute("SELECT COUNT(*) FROM decisions WHERE undone_at IS NOT NULL").fetchone()[0]
        files = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM online_files").fetchone()[0]
        return Generation(f"{seq}:{n}", f"{did}:{undone}:{files}")  # an online download changes the online items

    def review_touched_since(self, did: int, undone: int) -> dict[str, list[Any]] | None:
        """The sheets whose decisions changed since a generation's "did:undone" (decisions stored after decision `did`,
        and those undone since `undone` of them were), each with the value of every decision it ever had (a set-aside
        page's attachments, old and new, name the sheets it changes). None when the decisions went backwards (the
        store replaced by an older copy): then nothing is known of what changed."""
        now_did, now_undone = self.db.execute(
            "SELECT COALESCE(MAX(id), 0), COUNT(undone_at) FROM decisions").fetchone()
        if now_did < did or now_undone < undone:
            return None
        sheets = {r[0] for r in self.db.execute("SELECT DISTINCT sheet_id FROM decisions WHERE id>?", (did,))}
        if now_undone > undone:  # undone_at is set once, never cleared: the latest ones are those undone since
            last = self.db.execute("SELECT undone_at FROM decisions WHERE undone_at IS NOT NULL "
                                   "ORDER BY undone_at DESC LIMIT 1 OFFSET ?", (now_undone - undone - 1,)).fetchone()
            sheets |= {r[0] for r in self.db.execute("SELECT DISTINCT sheet_id FROM decisions WHERE undone_at>=?",
                                                      (last[0],))}
        out: dict[str, list[Any]] = {sid: [] for sid in sheets}
        ordered = sorted(sheets)
        for i in range(0, len(ordered), 500):
            part = ordered[i:i + 500]
            for sid, value in self.db.execute(
                    f"SELECT sheet_id, value FROM decisions WHERE sheet_id IN ({','.join('?' * len(part))})", part):
                out[sid].append(json.loads(value))
        return out

    def review_stored_generation(self) -> Generation | None:
        row = self.db.execute("SELECT generation FROM review_meta WHERE id=1").fetchone()
        if row is None:
            return None
        pages, _, decisions = row[0].partition("|")
        return Generation(pages, decisions)

    def review_replace(self, sheets: list[ReviewSheetRow], items: list[QueueItem], generation: Generation,
                       only: set[str] | None = None) -> None:
        """Stores the derived queue: all of it, or the sheets in `only`. Items no longer derived stay as settled
        (a reviewer going back to one still finds it)."""
        with self.tx():
            if only is None:
                self.db.execute("UPDATE review_items SET settled=1 WHERE settled=0")
                self.db.execute("DELETE FROM review_sheets")
            elif only:  # "IN ()" is a syntax error on PostgreSQL
                marks = ",".join("?" * len(only))
                self.db.execute(f"UPDATE review_items SET settled=1 WHERE settled=0 AND sheet_id IN ({marks})",
                                tuple(only))
                self.db.execute(f"DELETE FROM review_sheets WHERE sheet_id IN ({marks})", tuple(only))
            self.db.executemany("INSERT INTO review_sheets(sheet_id, label, unit, status, missing) VALUES (?,?,?,?,?)",
                                [(r.sheet_id, r.label, r.unit, r.status, r.missing) for r in sheets])
            self.db.executemany(
                "INSERT INTO review_items(item_id, sheet_id, kind, key, unit, ord, confidence, deferred, settled, data, "
                "causes) VALUES (?,?,?,?,?,?,?,?,0,?,?) "
                "ON CONFLICT(item_id) DO UPDATE SET sheet_id=excluded.sheet_id, kind=excluded.kind, key=excluded.key, "
                "unit=excluded.unit, ord=excluded.ord, confidence=excluded.confidence, deferred=excluded.deferred, "
                "settled=0, data=excluded.data, causes=excluded.causes",
                [(it.id, it.sheet_id, it.kind.value, it.key, it.unit, it.kind.order, it.confidence, int(it.deferred),
                  json.dumps(it.data, ensure_ascii=False), _causes(it.causes)) for it in items])
            self.db.execute("INSERT INTO review_meta(id, generation) VALUES (1, ?) "
                            "ON CONFLICT(id) DO UPDATE SET generation=excluded.generation", (f"{generation.pages}|{generation.decisions}",))

    def review_next(self, session: str, lease: float, deferred: bool, kind: ItemKind | None = None,
                    unit: str | None = None, cause: str | None = None, sheet: str | None = None) -> QueueItem | None:
        """The first open item no other active session holds, claimed for this session (which lets go of any other).

        On PostgreSQL reviewers do not queue on the write lock: the candidate row is taken FOR UPDATE SKIP LOCKED
        (a reviewer claiming it at this instant is passed over) and the claim is a conditional upsert, which a
        live claim of another session refuses; the next statement then sees that claim and moves on."""
        t = time.time()
        sql = (f"SELECT {ITEM} FROM review_items i INDEXED BY review_items_next "
               "LEFT JOIN review_claims c ON c.item=i.item_id AND c.session!=? AND c.until>? "
               "WHERE i.settled=0 AND i.deferred=? AND c.item IS NULL")
        where, args = _filtered(kind, unit, [session, t, int(deferred)], cause, sheet)
        sql += where + " ORDER BY i.ord, i.confidence, i.item_id LIMIT 1"
        if self.url is not None:
            sql += " FOR UPDATE OF i SKIP LOCKED"
        with self.tx(serial=False):
            self.db.execute("DELETE FROM review_claims WHERE session=?", (session,))
            for _ in range(100):  # each refusal is a claim made meanwhile, which the next query no longer offers
                row = self.db.execute(sql, args).fetchone()
                if row is None or self._claim(row[0], session, t, lease):
                    break
            else:
                row = None
        return None if row is None else _queued(row)

    def _claim(self, item_id: str, session: str, t: float, lease: float) -> bool:
        """Claims the item unless another session holds it live: the unique key decides, not a prior look."""
        return bool(self.db.execute(
            "INSERT INTO review_claims(item, session, until) VALUES (?,?,?) ON CONFLICT(item) DO UPDATE SET "
            "session=excluded.session, until=excluded.until "
            "WHERE review_claims.session=excluded.session OR review_claims.until<=? RETURNING item",
            (item_id, session, t + lease, t)).fetchall())

    def review_upcoming(self, deferred: bool, n: int, kind: ItemKind | None = None,
                        unit: str | None = None, cause: str | None = None,
                        sheet: str | None = None) -> list[Upcoming]:
        """The item and its kind for the next few open items nobody holds (of one kind or unit when the reviewer filters
        so): the ones worth drawing before anyone asks. The kind says which picture, so no item is read whole."""
        sql = ("SELECT i.item_id, i.kind FROM review_items i INDEXED BY review_items_next "
               "LEFT JOIN review_claims c ON c.item=i.item_id AND c.until>? "
               "WHERE i.settled=0 AND i.deferred=? AND c.item IS NULL")
        where, args = _filtered(kind, unit, [time.time(), int(deferred)], cause, sheet)
        return [Upcoming(r[0], ItemKind(r[1])) for r in self.db.execute(
            sql + where + " ORDER BY i.ord, i.confidence, i.item_id LIMIT ?", [*args, n])]

    def review_item(self, item_id: str) -> QueueItem | None:
        """The stored item, open or settled."""
        row = self.db.execute(f"SELECT {ITEM} FROM review_items i WHERE i.item_id=?", (item_id,)).fetchone()
        return _queued(row) if row else None

    def review_open_items(self) -> list[QueueItem]:
        return [_queued(r) for r in self.db.execute(
            f"SELECT {ITEM} FROM review_items i WHERE i.settled=0 ORDER BY i.deferred, i.ord, i.confidence, i.item_id")]

    def review_question_items(self, question_id: str, deferred: bool = False,
                              order: str = "confidence") -> list[QueueItem]:
        """One question's open items across all sheets, least confident first (or by unit, or by sheet), with who
        holds each."""
        t = time.time()
        by = {"unit": "COALESCE(i.unit, '~'), rs.label, i.item_id", "sheet": "rs.label, i.item_id"}.get(
            order, "i.confidence, i.item_id")
        return [_queued(r[:-1], r[-1]) for r in self.db.execute(
            f"SELECT {ITEM}, s.reviewer FROM review_items i LEFT JOIN review_claims c ON c.item=i.item_id AND c.until>? "
            "LEFT JOIN review_sessions s ON s.session=c.session LEFT JOIN review_sheets rs ON rs.sheet_id=i.sheet_id "
            f"WHERE i.key=? AND i.kind {ANSWER_KINDS_IN} AND i.settled=0 AND i.deferred=? "
            f"ORDER BY {by}", (t, question_id, *ANSWER_KINDS, int(deferred)))]

    def review_open_questions(self) -> dict[str, int]:
        """Open items per question, deferred ones left out: counted from the question index alone (no row is read),
        less the few deferred ones."""
        out = dict(self.db.execute("SELECT key, COUNT(*) FROM review_items INDEXED BY review_items_question "
                                   f"WHERE settled=0 AND kind {ANSWER_KINDS_IN} GROUP BY key", ANSWER_KINDS))
        for key, n in self.db.execute("SELECT key, COUNT(*) FROM review_items INDEXED BY review_items_next "
                                      f"WHERE settled=0 AND deferred=1 AND kind {ANSWER_KINDS_IN} GROUP BY key",
                                      ANSWER_KINDS):
            out[key] -= n
        return {k: n for k, n in out.items() if n > 0}

    def review_counts(self) -> ReviewCounts:
        """Open items by kind and unit, deferred ones, and decisions in force by unit: the page's x / y."""
        open_: dict[str, dict[str, int]] = {}
        by_kind: dict[ItemKind, int] = {}
        deferred = 0
        for kind, unit, is_deferred, n in self.db.execute(
                "SELECT kind, COALESCE(unit, '?'), deferred, COUNT(*) FROM review_items WHERE settled=0 "
                "GROUP BY kind, unit, deferred"):
            if is_deferred:
                deferred += n
                continue
            by_kind[ItemKind(kind)] = by_kind.get(ItemKind(kind), 0) + n
            open_.setdefault(unit, {"open": 0, "done": 0})["open"] += n
        for unit, n in self.db.execute(
                "SELECT COALESCE(s.unit, '?'), COUNT(*) FROM decisions d LEFT JOIN review_sheets s ON s.sheet_id=d.sheet_id "
                "WHERE d.superseded_by IS NULL AND d.undone_at IS NULL AND d.value NOT LIKE '{\"deferred\"%' "
                "GROUP BY 1"):
            open_.setdefault(unit, {"open": 0, "done": 0})["done"] += n
        by_cause: dict[str, dict[str, int]] = {}
        for kind, causes, n in self.db.execute(
                "SELECT kind, causes, COUNT(*) FROM review_items WHERE settled=0 AND deferred=0 AND causes!='' "
                "GROUP BY kind, causes"):
            for cause in causes.strip("|").split("|"):
                by_cause.setdefault(kind, {})[cause] = by_cause.get(kind, {}).get(cause, 0) + n
        done = sum(u["done"] for u in open_.values())
        left = sum(by_kind.values())
        return ReviewCounts(done, done + left + deferred, left, deferred, by_kind,
                            {u: UnitProgress(**n) for u, n in sorted(open_.items())}, self.review_open_questions(),
                            by_cause)

    def review_missing_sides(self, limit: int | None = None) -> list[MissingSide]:
        """The sides sheets still miss, by label: where a set-aside page may belong."""
        out = []
        for sid, label, missing in self.db.execute(
                "SELECT sheet_id, label, missing FROM review_sheets WHERE status!='discarded' AND missing!='[]' "
                "ORDER BY label, sheet_id"):
            out += [MissingSide(sid, label, int(side)) for side in json.loads(missing)]
            if limit is not None and len(out) >= limit:
                return out[:limit]
        return out

    def review_page_facts(self, page_id: str) -> PageFacts | None:
        row = self.db.execute("SELECT p.seq, p.path, p.idx, p.side, p.code, p.ocr_text, b.unit FROM pages p "
                              "LEFT JOIN batches b ON b.id=p.batch_id WHERE p.page_id=?", (page_id,)).fetchone()
        return PageFacts(*row) if row else None

    def review_missing_with_pages(self) -> list[MissingSheet]:
        return [MissingSheet(sid, label, unit, tuple(int(x) for x in json.loads(missing)), seq, path, idx, side)
                for sid, label, unit, missing, seq, path, idx, side in self.db.execute(
                    "SELECT s.sheet_id, s.label, s.unit, s.missing, p.seq, p.path, p.idx, p.side FROM review_sheets s "
                    "INDEXED BY review_sheets_missing LEFT JOIN pages p ON p.page_id=s.sheet_id "
                    "WHERE s.status!='discarded' AND s.missing!='[]'")]

    def review_page_decisions(self) -> list[PageDecision]:
        """Every set-aside page's decision in force: which page fills which sheet's side, so a sheet taken by a
        page can be found and named, and freed."""
        return [PageDecision(int(did), sid, json.loads(value)) for did, sid, value in self.db.execute(
            "SELECT id, sheet_id, value FROM decisions WHERE sheet_id >= 'page:' AND sheet_id < 'page;' AND key=? "
            "AND superseded_by IS NULL AND undone_at IS NULL ORDER BY id", (str(DecisionKey.page),))]

    def review_sheets_at(self, sheet_ids: list[str]) -> list[MissingSheet]:
        """Sheets by id with where their first page lies (`missing` left empty): a sheet whose side another page
        took is scored against a set-aside page the way a sheet still missing it is."""
        out: list[MissingSheet] = []
        for i in range(0, len(sheet_ids), 500):
            part = tuple(sheet_ids[i:i + 500])
            out += [MissingSheet(sid, label, unit, (), seq, path, idx, side) for sid, label, unit, seq, path, idx, side
                    in self.db.execute("SELECT s.sheet_id, s.label, s.unit, p.seq, p.path, p.idx, p.side FROM "
                                       "review_sheets s LEFT JOIN pages p ON p.page_id=s.sheet_id WHERE s.sheet_id IN "
                                       f"({','.join('?' * len(part))})", part)]
        return out

    def review_sheet_labels(self, sheet_ids: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in range(0, len(sheet_ids), 500):
            part = sheet_ids[i:i + 500]
            out.update(self.db.execute(f"SELECT sheet_id, label FROM review_sheets WHERE sheet_id IN "
                                       f"({','.join('?' * len(part))})", tuple(part)))
        return out

    def review_last_decision_id(self) -> int:
        return int(self.db.execute("SELECT COALESCE(MAX(id), 0) FROM decisions").fetchone()[0])

    def review_own_decisions(self, since: int, reviewer: str, session: str) -> None:
        """Decisions just written for this reviewer by a function that knows no sessions (the online verbs) become
        the session's, so its Undo finds them."""
        with self.tx():
            self.db.execute("UPDATE decisions SET session=? WHERE id>? AND session IS NULL AND reviewer=?",
                            (session, since, reviewer))

    def review_undo_with(self, session: str, undone: Undone) -> None:
        """Undoes the rest of one settlement of an online response: its other decisions of the same moment."""
        at = self.db.execute("SELECT at FROM decisions WHERE id=?", (undone.id,)).fetchone()[0]
        rows = self.db.execute("SELECT id FROM decisions WHERE session=? AND sheet_id=? AND at=? AND undone_at IS NULL "
                               "AND superseded_by IS NULL", (session, undone.sheet_id, at)).fetchall()
        with self.tx():
            for (did,) in rows:
                self.db.execute("UPDATE decisions SET undone_at=? WHERE id=?", (now(), did))
                self.db.execute("UPDATE decisions SET superseded_by=NULL WHERE superseded_by=?", (did,))

    def review_settled(self, limit: int | None = 200) -> list[DecisionInForce]:
        """The latest decisions in force, newest first, whoever made them: what a reviewer may open again after
        a reload, when the page's own history of the session is gone. Deferrals are left out (they are open).
        With no limit, every one (a search by sheet code must reach the morning's decisions at 3,000 sheets)."""
        sql = f"SELECT {IN_FORCE} FROM decisions WHERE superseded_by IS NULL AND undone_at IS NULL ORDER BY id DESC"
        rows = (self.db.execute(sql) if limit is None else self.db.execute(sql + " LIMIT ?", (limit * 4,))).fetchall()
        out = [d for d in map(_in_force, rows) if not (isinstance(d.value, dict) and d.value.get("deferred"))]
        return out if limit is None else out[:limit]

    def review_items_of(self, item_ids: list[str]) -> dict[str, QueueItem]:
        """Stored items by id, open or settled, in a few queries (not one per item)."""
        out: dict[str, QueueItem] = {}
        for i in range(0, len(item_ids), 500):
            part = item_ids[i:i + 500]
            out.update((r[0], _queued(r)) for r in self.db.execute(
                f"SELECT {ITEM} FROM review_items i WHERE i.item_id IN ({','.join('?' * len(part))})", tuple(part)))
        return out

    def review_latest_in_force(self, sheet_id: str) -> int | None:
        """The latest decision in force on a sheet (an online row's settlement is several, made at one moment)."""
        row = self.db.execute("SELECT MAX(id) FROM decisions WHERE sheet_id=? AND superseded_by IS NULL AND "
                              "undone_at IS NULL", (sheet_id,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def review_in_force(self, decision_id: int) -> DecisionInForce | None:
        """One decision, if it is still in force (neither replaced nor undone)."""
        r = self.db.execute(f"SELECT {IN_FORCE} FROM decisions WHERE id=? AND superseded_by IS NULL AND "
                            "undone_at IS NULL", (decision_id,)).fetchone()
        return _in_force(r) if r else None

    def review_reopen(self, decision_id: int, settles_whole: Callable[[str], bool]) -> Reopened | None:
        """Takes back one decision in force, by anyone, and with it the rest of its settlement (for a sheet where
        `settles_whole` says so, an online row: its decisions of the same moment); the decisions they replaced come
        back into force. The trail keeps them all, marked undone. Returns the first as `undo_last` does, or None
        when it is no longer in force."""
        with self.tx():
            row = self.db.execute("SELECT id, sheet_id, key, value, at FROM decisions WHERE id=? AND undone_at IS NULL "
                                  "AND superseded_by IS NULL", (decision_id,)).fetchone()
            if row is None:
                return None
            whole = [(row[0], row[2], row[3])]
            if settles_whole(row[1]):
                whole += self.db.execute(
                    "SELECT id, key, value FROM decisions WHERE sheet_id=? AND at=? AND id<>? AND undone_at IS NULL "
                    "AND superseded_by IS NULL ORDER BY id", (row[1], row[4], row[0])).fetchall()
            t = now()
            for did, _, _ in whole:
                self.db.execute("UPDATE decisions SET undone_at=? WHERE id=?", (t, did))
                self.db.execute("UPDATE decisions SET superseded_by=NULL WHERE superseded_by=?", (did,))
        return Reopened(row[0], row[1], row[2], json.loads(row[3]), {k: json.loads(v) for _, k, v in whole})

    def review_online_sheets(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT DISTINCT sheet_id FROM review_items WHERE settled=0 "
                                              "AND kind LIKE 'online\\_%' ESCAPE '\\'")}

    def review_start_session(self, session: str, reviewer: str) -> None:
        with self.tx(serial=False):
            self.db.execute("INSERT INTO review_sessions(session, reviewer, started, seen) VALUES (?,?,?,?)",
                            (session, reviewer, now(), time.time()))

    def review_session(self, session: str) -> str | None:
        row = self.db.execute("SELECT reviewer FROM review_sessions WHERE session=?", (session,)).fetchone()
        return row[0] if row else None

    def review_heartbeat(self, session: str, lease: float) -> int:
        """The session is alive: its claims hold for another lease. Returns how many it holds."""
        t = time.time()
        with self.tx(serial=False):
            self.db.execute("UPDATE review_sessions SET seen=? WHERE session=?", (t, session))
            cur = self.db.execute("UPDATE review_claims SET until=? WHERE session=?", (t + lease, session))
        return int(cur.rowcount)

    def review_claim(self, item_id: str, session: str, lease: float) -> str | None:
        """Claims one item for the session (letting go of its others); None when granted, else the holder's name."""
        t = time.time()
        with self.tx(serial=False):
            if not self._claim(item_id, session, t, lease):
                row = self.db.execute("SELECT s.reviewer FROM review_claims c JOIN review_sessions s "
                                      "ON s.session=c.session WHERE c.item=?", (item_id,)).fetchone()
                return str(row[0]) if row else "?"
            self.db.execute("DELETE FROM review_claims WHERE session=? AND item!=?", (session, item_id))
        return None

    def review_holder(self, item_id: str, session: str) -> str | None:
        """Who else holds the item right now, if anyone."""
        row = self.db.execute("SELECT s.reviewer FROM review_claims c JOIN review_sessions s ON s.session=c.session "
                              "WHERE c.item=? AND c.session!=? AND c.until>?", (item_id, session, time.time())).fetchone()
        return str(row[0]) if row else None

    def review_release(self, session: str) -> None:
        with self.tx(serial=False):
            self.db.execute("DELETE FROM review_claims WHERE session=?", (session,))

    def text_crop_keys(self, page_ids: list[str] | None = None) -> set[tuple[str, str]]:
        """(page, question) of every handwriting crop, read from the key index without touching the images."""
        sql = "SELECT page_id, question_id FROM text_crops"
        if page_ids is None:
            return set(self.db.execute(sql))
        if not page_ids:
            return set()  # "IN ()" is a syntax error on PostgreSQL
        return set(self.db.execute(sql + f" WHERE page_id IN ({','.join('?' * len(page_ids))})", tuple(page_ids)))

    def cached_crop(self, page_id: str, view: str) -> bytes | None:
        row = self.db.execute("SELECT png FROM review_crops WHERE page_id=? AND view=?", (page_id, view)).fetchone()
        return bytes(row[0]) if row else None

    def review_clear_crops(self) -> None:
        with self.tx():
            self.db.execute("DELETE FROM review_crops")

    def cache_crop(self, page_id: str, view: str, png: bytes) -> None:
        with self.tx(serial=False):
            self.db.execute("INSERT INTO review_crops(page_id, view, png) VALUES (?,?,?) "
                            "ON CONFLICT(page_id, view) DO UPDATE SET png=excluded.png", (page_id, view, png))

    def online_generation(self) -> str:
        """Changes whenever what online records are derived from changes: a download imported, an online decision
        made or undone. Cheap (indexes), so the derivation can be kept until it changes. The latest download's sha
        and time tell a database removed and made again at the same path (as many files and rows) from the one
        before: its derivation was taken for the old one's where a process kept one template and plan."""
        files, rows, sha, at = self.db.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM online_files), (SELECT COUNT(*) FROM online_rows), "
            "(SELECT sha FROM online_files ORDER BY id DESC LIMIT 1), "
            "(SELECT imported_at FROM online_files ORDER BY id DESC LIMIT 1)").fetchone()
        did, undone = self.db.execute("SELECT COALESCE(MAX(id), 0), COUNT(undone_at) FROM decisions "
                                      "WHERE sheet_id >= 'online:' AND sheet_id < 'online;'").fetchone()
        return f"{files}:{rows}:{did}:{undone}:{sha}:{at}"


def decisions_counts(decisions: str) -> tuple[int, int, int, str]:
    """A generation's decisions part read back: (last decision id, decisions undone, online downloads, what the queue
    appended: its rules and the form and plan it was derived under)."""
    did, undone, files, *rest = decisions.split(":")
    return int(did), int(undone), int(files), ":".join(rest)


def _causes(causes: tuple[str, ...]) -> str:
    """An item's causes as stored: each between bars, so one is found by LIKE '%|cause|%' and no cause inside another."""
    return "|" + "|".join(causes) + "|" if causes else ""


def _filtered(kind: ItemKind | None, unit: str | None, args: list[Any],
              cause: str | None = None, sheet: str | None = None) -> tuple[str, list[Any]]:
    """The open-items query's narrowing to one kind, unit or cause when the reviewer filters so, and its arguments.
    A cause is sought among the kind's items (one stretch of the index), tested row by row."""
    where = ""
    if kind:  # a kind lies in one stretch of the index (its place in the queue): seek it, never scan past others
        where += " AND i.ord=? AND i.kind=?"
        args += [kind.order, kind.value]
    if unit:
        where += " AND i.unit=?"
        args.append(unit)
    if cause:
        where += " AND i.causes LIKE ? ESCAPE '!'"
        args.append("%" + _causes((_like(cause),)) + "%")
    if sheet:  # a sheet asked for by (part of) its printed code: its items alone
        where += " AND i.sheet_id IN (SELECT sheet_id FROM review_sheets WHERE UPPER(label) LIKE ? ESCAPE '!')"
        args.append("%" + _like(sheet.upper()) + "%")
    return where, args


def _like(text: str) -> str:
    """Text matched as it is inside a LIKE pattern (its own % and _ are no wildcards), for ESCAPE '!'."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _queued(row: Any, held_by: str | None = None) -> QueueItem:
    """A review_items row read with ITEM's columns."""
    item_id, kind, sheet_id, key, unit, confidence, deferred, settled, data = row
    return QueueItem(item_id, ItemKind(kind), sheet_id, key, unit, float(confidence), bool(deferred), json.loads(data),
                     bool(settled), held_by)


def _in_force(row: Any) -> DecisionInForce:
    """A decisions row read with IN_FORCE's columns, its value parsed."""
    did, sheet_id, key, value, reviewer, at, comment = row
    return DecisionInForce(did, sheet_id, key, json.loads(value), reviewer, at, comment)
