"""SQLite store: the only module that speaks SQL.

One file (WAL, foreign keys on, a schema version with migrations). It keeps
every page's image bytes as the scanner wrote them, the machine's readings,
and people's decisions in a table of their own that nothing else writes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from .errors import DatabaseError
from .ingest import PageSource
from .online.files import RawFile
from .pipeline import RESCAN_MIN_ANSWERS, PageResult, close_readings, same_sheet
from .records import Decision

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE batches (
        id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, operator TEXT, unit TEXT,
        received TEXT, command TEXT);
    CREATE TABLE files (
        sha TEXT PRIMARY KEY, path TEXT NOT NULL, size INTEGER, pages INTEGER, first_batch INTEGER REFERENCES batches(id));
    CREATE TABLE problems (
        id INTEGER PRIMARY KEY, batch_id INTEGER REFERENCES batches(id), path TEXT NOT NULL, message TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'refused', pages INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE pages (
        page_id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, file_sha TEXT NOT NULL REFERENCES files(sha),
        idx INTEGER NOT NULL, path TEXT NOT NULL, batch_id INTEGER NOT NULL REFERENCES batches(id),
        pixel_sha TEXT, fmt TEXT, image BLOB,
        state TEXT NOT NULL CHECK (state IN ('form', 'set_aside', 'duplicate')),
        reason TEXT, message TEXT, side INTEGER, code TEXT, sheet_key TEXT, numbered INTEGER,
        id_source TEXT, ocr_text TEXT, quality REAL, residual_mm REAL, duplicate_of TEXT, result TEXT);
    CREATE INDEX pages_pixel ON pages(pixel_sha);
    CREATE TABLE box_readings (
        page_id TEXT NOT NULL REFERENCES pages(page_id), question_id TEXT NOT NULL, option_id TEXT NOT NULL,
        state TEXT NOT NULL, confidence REAL, coverage REAL, holes REAL, sides REAL, dx_mm REAL, dy_mm REAL,
        PRIMARY KEY (page_id, question_id, option_id));
    CREATE TABLE question_readings (
        page_id TEXT NOT NULL REFERENCES pages(page_id), question_id TEXT NOT NULL, answer TEXT NOT NULL,
        status TEXT NOT NULL, reasons TEXT NOT NULL, confidence REAL, stray_mm2 REAL,
        PRIMARY KEY (page_id, question_id));
    CREATE TABLE text_crops (
        page_id TEXT NOT NULL REFERENCES pages(page_id), question_id TEXT NOT NULL, png BLOB NOT NULL, draft TEXT,
        PRIMARY KEY (page_id, question_id));
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY, sheet_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        machine TEXT, reviewer TEXT NOT NULL, at TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '',
        superseded_by INTEGER REFERENCES decisions(id));
    CREATE INDEX decisions_sheet ON decisions(sheet_id, key);
    CREATE TABLE online_responses (
        row_key TEXT PRIMARY KEY, source TEXT NOT NULL, row_number INTEGER NOT NULL, response_id TEXT,
        submitted_at TEXT, unit TEXT, record TEXT NOT NULL, problems TEXT NOT NULL, in_window INTEGER,
        imported_at TEXT NOT NULL, raw TEXT NOT NULL);
    """,
    2: """
    ALTER TABLE decisions ADD COLUMN undone_at TEXT;
    CREATE TABLE claims (item TEXT PRIMARY KEY, reviewer TEXT NOT NULL, until REAL NOT NULL);
    """,
    3: """
    CREATE INDEX pages_file ON pages(file_sha, idx);
    ALTER TABLE pages ADD COLUMN rescan_of TEXT;
    ALTER TABLE pages ADD COLUMN answers_key TEXT;
    ALTER TABLE pages ADD COLUMN fingerprint BLOB;
    CREATE INDEX pages_unnumbered ON pages(side) WHERE numbered=0 AND answers_key IS NOT NULL;
    """,
    4: """
    CREATE TABLE online_files (
        id INTEGER PRIMARY KEY, source TEXT NOT NULL, sha TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, sheet TEXT,
        encoding TEXT, header TEXT NOT NULL, mapping TEXT NOT NULL, imported_at TEXT NOT NULL);
    CREATE TABLE online_rows (
        file_id INTEGER NOT NULL REFERENCES online_files(id), row_number INTEGER NOT NULL, cells TEXT NOT NULL,
        PRIMARY KEY (file_id, row_number));
    INSERT INTO online_files(source, sha, kind, sheet, encoding, header, mapping, imported_at)
        SELECT o.source, 'legacy:' || o.source, CASE WHEN MAX(o.response_id) IS NULL THEN 'table' ELSE 'api' END,
               NULL, 'legacy', (SELECT json_group_array(j.key) FROM json_each(
                   (SELECT f.raw FROM online_responses f WHERE f.source = o.source ORDER BY f.row_number LIMIT 1)) j),
               '{}', MIN(o.imported_at)
        FROM online_responses o GROUP BY o.source ORDER BY MIN(o.imported_at);
    INSERT OR IGNORE INTO online_rows(file_id, row_number, cells)
        SELECT f.id, o.row_number,
               CASE WHEN f.kind = 'table' THEN (SELECT json_group_array(j.value) FROM json_each(o.raw) j) ELSE o.raw END
        FROM online_responses o JOIN online_files f ON f.sha = 'legacy:' || o.source ORDER BY o.imported_at;
    """,
    5: """
    -- review: the queue as stored, indexed state (kept current when pages are stored and decisions made)
    CREATE INDEX pages_form ON pages(state, seq, page_id, side, sheet_key, numbered, path, idx, batch_id);
    CREATE INDEX pages_aside ON pages(state, reason, seq, page_id, path, idx, message, duplicate_of);
    CREATE INDEX decisions_live ON decisions(superseded_by, undone_at, sheet_id, key);
    CREATE INDEX decisions_undone ON decisions(undone_at) WHERE undone_at IS NOT NULL;
    CREATE INDEX pages_rescans ON pages(rescan_of, page_id) WHERE rescan_of IS NOT NULL;
    ALTER TABLE decisions ADD COLUMN session TEXT;
    CREATE TABLE review_sheets (
        sheet_id TEXT PRIMARY KEY, label TEXT NOT NULL, unit TEXT, status TEXT NOT NULL, missing TEXT NOT NULL);
    CREATE INDEX review_sheets_missing ON review_sheets(status, missing);
    CREATE TABLE review_items (
        item_id TEXT PRIMARY KEY, sheet_id TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, unit TEXT,
        ord INTEGER NOT NULL, confidence REAL NOT NULL, deferred INTEGER NOT NULL DEFAULT 0,
        settled INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
    CREATE INDEX review_items_next ON review_items(settled, deferred, ord, confidence, item_id);
    CREATE INDEX review_items_sheet ON review_items(sheet_id);
    CREATE INDEX review_items_question ON review_items(key, kind, settled, confidence);
    CREATE INDEX review_items_counts ON review_items(settled, kind, unit, deferred);
    CREATE TABLE review_sessions (
        session TEXT PRIMARY KEY, reviewer TEXT NOT NULL, started TEXT NOT NULL, seen REAL NOT NULL);
    CREATE TABLE review_claims (item TEXT PRIMARY KEY, session TEXT NOT NULL, until REAL NOT NULL);
    CREATE INDEX review_claims_session ON review_claims(session);
    CREATE TABLE review_crops (page_id TEXT NOT NULL, view TEXT NOT NULL, png BLOB NOT NULL, PRIMARY KEY (page_id, view));
    CREATE TABLE review_meta (id INTEGER PRIMARY KEY CHECK (id = 1), generation TEXT NOT NULL);
    DROP TABLE claims;
    """,
}
# Branches add migrations with numbers reserved for them; gaps are allowed, order is by number.
SCHEMA_VERSION = max(MIGRATIONS)
KNOWN = "known"  # save_page: the page was stored already (by a scan running at the same time)


def now() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=BUSY_S, isolation_level=None, check_same_thread=False)
            # Switching a new file to WAL can meet SQLITE_BUSY without the busy handler being asked.
            _while_locked(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as e:
            if not os.access(self.path.parent, os.W_OK) or (self.path.exists() and not os.access(self.path, os.W_OK)):
                raise resource_error(self.path, sqlite3.OperationalError("readonly")) from None
            if "full" in str(e) or "locked" in str(e) or "readonly" in str(e):
                raise resource_error(self.path, e) from None
            raise DatabaseError(f"{self.path}: không mở được cơ sở dữ liệu / cannot open the database ({e}); check "
                                "the folder is writable or pass another --db") from None
        except OSError as e:
            raise DatabaseError(f"{self.path}: không mở được cơ sở dữ liệu / cannot open the database "
                                f"({e.strerror}); check the folder is writable or pass another --db") from None

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DatabaseError(f"{self.path}: made by a newer version of this toolkit (schema {version}); upgrade it")
        for v in sorted(k for k in MIGRATIONS if k > version):
            with self.tx():  # two scans starting at once on a new file: the second finds the work done
                if self.db.execute("PRAGMA user_version").fetchone()[0] >= v:
                    continue
                for statement in _statements(MIGRATIONS[v]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={v}")

    def tx(self):
        return _Tx(self.db, self.path)

    # batches and files
    def start_batch(self, operator: str | None, unit: str | None, received: str | None, command: str) -> int:
        with self.tx():
            cur = self.db.execute("INSERT INTO batches(started_at, operator, unit, received, command) VALUES (?,?,?,?,?)",
                                  (now(), operator, unit, received, command))
        return int(cur.lastrowid or 0)

    def finish_batch(self, batch_id: int) -> None:
        with self.tx():
            self.db.execute("UPDATE batches SET finished_at=? WHERE id=?", (now(), batch_id))

    def batch(self, batch_id: int) -> dict[str, Any]:
        row = self.db.execute("SELECT id, operator, unit, received FROM batches WHERE id=?", (batch_id,)).fetchone()
        return dict(zip(("id", "operator", "unit", "received"), row))

    def record_problem(self, batch_id: int | None, path: str, message: str, kind: str = "refused",
                       pages: int = 0) -> None:
        """A file that adds no pages (refused, or a byte-identical copy), or an online column that matched nothing."""
        with self.tx():
            if kind != "refused" and self.db.execute("SELECT 1 FROM problems WHERE kind=? AND path=? AND message=?",
                                                     (kind, path, message)).fetchone():
                return
            self.db.execute("INSERT INTO problems(batch_id, path, message, kind, pages) VALUES (?,?,?,?,?)",
                            (batch_id, path, message, kind, pages))

    def file_path(self, sha: str) -> str | None:
        row = self.db.execute("SELECT path FROM files WHERE sha=?", (sha,)).fetchone()
        return row[0] if row else None

    def add_file(self, sha: str, path: str, size: int, pages: int | None, batch_id: int) -> None:
        with self.tx():
            self.db.execute("INSERT INTO files(sha, path, size, pages, first_batch) VALUES (?,?,?,?,?) "
                            "ON CONFLICT(sha) DO UPDATE SET pages=COALESCE(excluded.pages, files.pages)",
                            (sha, path, size, pages, batch_id))

    def known_pages(self, sha: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT page_id FROM pages WHERE file_sha=?", (sha,))}

    # pages
    def save_page(self, src: PageSource, res: PageResult, batch_id: int, image: bytes | None) -> str:
        """Stores one page and everything read from it in one transaction; returns its final state.

        KNOWN when the page is there already: another scan of the same file, running at the same time,
        stored it first.
        """
        with self.tx():
            if self.db.execute("SELECT 1 FROM pages WHERE page_id=?", (src.page_id,)).fetchone():
                return KNOWN
            dup = None
            if res.pixel_sha:
                row = self.db.execute("SELECT page_id FROM pages WHERE pixel_sha=? AND state!='duplicate' LIMIT 1",
                                      (res.pixel_sha,)).fetchone()
                dup = row[0] if row else None
            state = "duplicate" if dup else ("form" if res.status == "form" else "set_aside")
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM pages").fetchone()[0]
            code = res.code
            summary = {"markers": list(res.markers), "stray": res.stray, "timings": res.timings,
                       "homography": res.homography}
            self.db.execute(
                "INSERT INTO pages(page_id, seq, file_sha, idx, path, batch_id, pixel_sha, fmt, image, state, reason, "
                "message, side, code, sheet_key, numbered, id_source, ocr_text, quality, residual_mm, duplicate_of, result) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (src.page_id, seq, src.file_sha, src.index, src.file, batch_id, res.pixel_sha, src.fmt, image, state,
                 res.reason, res.message, res.side, code.text() if code else None,
                 code.sheet_key if code else None, int(bool(code and code.unit)), res.id_source, res.ocr_text,
                 res.quality, res.residual_mm, dup, json.dumps(summary)))
            if state == "form":
                self.db.executemany(
                    "INSERT INTO box_readings VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(src.page_id, r.question_id, r.option_id, r.state, r.confidence, r.coverage, r.holes, r.sides,
                      r.dx_mm, r.dy_mm) for r in res.readings])
                self.db.executemany(
                    "INSERT INTO question_readings VALUES (?,?,?,?,?,?,?)",
                    [(src.page_id, q.question_id, json.dumps(list(q.answer)), q.status, json.dumps(list(q.reasons)),
                      q.confidence, res.stray.get(q.question_id, 0.0)) for q in res.questions.values()])
                self.db.executemany("INSERT INTO text_crops(page_id, question_id, png) VALUES (?,?,?)",
                                    [(src.page_id, k, v) for k, v in res.text_crops.items()])
                if not (code and code.unit):
                    self._note_rescan(src.page_id, res)
        return state

    def form_pages(self) -> list[tuple]:
        return self.db.execute(
            "SELECT page_id, seq, side, sheet_key, numbered, path, idx, batch_id FROM pages "
            "WHERE state='form' ORDER BY seq").fetchall()

    def question_readings(self, page_ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
        """Question id -> the machine's reading, over the given pages (a sheet's sides)."""
        out: dict[str, dict[str, Any]] = {}
        for by_question in self.all_question_readings(page_ids).values():
            out.update(by_question)
        return out

    def all_question_readings(self, page_ids: list[str] | None = None) -> dict[str, dict[str, dict[str, Any]]]:
        """Page id -> question id -> reading, in one query (collating a whole survey asks for all of them)."""
        sql = "SELECT page_id, question_id, answer, status, reasons, confidence FROM question_readings"
        args: tuple = ()
        if page_ids is not None:
            sql += f" WHERE page_id IN ({','.join('?' * len(page_ids))})"
            args = tuple(page_ids)
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for pid, qid, ans, status, reasons, conf in self.db.execute(sql, args):
            out.setdefault(pid, {})[qid] = {"answer": json.loads(ans), "status": status,
                                            "reasons": json.loads(reasons), "confidence": conf, "page_id": pid}
        return out

    def page_image(self, page_id: str) -> tuple[bytes, str] | None:
        row = self.db.execute("SELECT image, fmt FROM pages WHERE page_id=?", (page_id,)).fetchone()
        return (row[0], row[1]) if row and row[0] is not None else None

    def page_homography(self, page_id: str) -> list[list[float]] | None:
        row = self.db.execute("SELECT result FROM pages WHERE page_id=?", (page_id,)).fetchone()
        return json.loads(row[0]).get("homography") if row and row[0] else None

    def page_counts(self) -> dict[str, Any]:
        counts = dict(self.db.execute("SELECT state, COUNT(*) FROM pages GROUP BY state").fetchall())
        reasons = dict(self.db.execute(
            "SELECT reason, COUNT(*) FROM pages WHERE state='set_aside' GROUP BY reason").fetchall())
        kinds = dict(self.db.execute("SELECT kind, COUNT(*) FROM problems GROUP BY kind").fetchall())
        copies = self.db.execute("SELECT COALESCE(SUM(pages), 0) FROM problems WHERE kind='copy'").fetchone()[0]
        return {"pages": sum(counts.values()), "form": counts.get("form", 0),
                "set_aside": counts.get("set_aside", 0), "duplicate": counts.get("duplicate", 0),
                "set_aside_reasons": reasons, "files_refused": kinds.get("refused", 0),
                "file_copies": kinds.get("copy", 0), "pages_in_file_copies": copies}

    def set_aside_pages(self) -> list[dict[str, Any]]:
        cols = ("page_id", "path", "idx", "reason", "message", "state", "duplicate_of")
        return [dict(zip(cols, r)) for r in self.db.execute(
            f"SELECT {', '.join(cols)} FROM pages INDEXED BY pages_aside WHERE state!='form' ORDER BY seq")]

    def problems(self) -> list[dict[str, Any]]:
        return [{"path": p, "message": m, "kind": k, "pages": n} for p, m, k, n in
                self.db.execute("SELECT path, message, kind, pages FROM problems ORDER BY id")]

    # --- files and their page accounting -------------------------------------------------------------
    def file_accounting(self) -> list[dict[str, Any]]:
        """Every input file: the pages it has by its own count, and its stored pages by state.

        A page that could not be read is stored too (set aside with its reason, without an image), so
        for a file fully scanned `pages == stored`; the difference is pages never accounted for.
        """
        rows = self.db.execute(
            "SELECT f.sha, f.path, f.pages, COUNT(p.page_id), "
            "COALESCE(SUM(p.state='form'), 0), COALESCE(SUM(p.state='set_aside'), 0), "
            "COALESCE(SUM(p.state='duplicate'), 0) "
            "FROM files f LEFT JOIN pages p ON p.file_sha=f.sha GROUP BY f.sha ORDER BY f.first_batch, f.path")
        cols = ("sha", "path", "pages", "stored", "form", "set_aside", "duplicate")
        return [dict(zip(cols, r)) for r in rows]

    def _note_rescan(self, page_id: str, res: PageResult) -> None:
        """An un-numbered page that is another scan of a stored one (same side, close readings, same ink)."""
        answers = {q: sorted(r.answer) for q, r in res.questions.items()}
        if sum(1 for a in answers.values() if a) < RESCAN_MIN_ANSWERS or res.fingerprint is None:
            return
        self.db.execute("UPDATE pages SET answers_key=?, fingerprint=? WHERE page_id=?",
                        (json.dumps(answers, sort_keys=True), res.fingerprint, page_id))
        for other, stored_answers in self.db.execute(
                "SELECT page_id, answers_key FROM pages WHERE numbered=0 AND answers_key IS NOT NULL AND side=? "
                "AND page_id!=? AND state='form' ORDER BY seq", (res.side, page_id)).fetchall():
            if not close_readings(answers, json.loads(stored_answers)):
                continue
            row = self.db.execute("SELECT fingerprint FROM pages WHERE page_id=?", (other,)).fetchone()
            if same_sheet(res.fingerprint, row[0]):
                self.db.execute("UPDATE pages SET rescan_of=? WHERE page_id=?", (other, page_id))
                return

    def rescans(self) -> dict[str, str]:
        """Page id -> the stored page it seems to be another scan of (un-numbered sheets only)."""
        return dict(self.db.execute("SELECT page_id, rescan_of FROM pages WHERE rescan_of IS NOT NULL"))

    def pages_without_file(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM pages WHERE file_sha NOT IN (SELECT sha FROM files)")
                   .fetchone()[0])

    # ---- online answers (issue 12): downloaded files kept as they came; records are derived from them ----
    def save_online_file(self, raw: RawFile) -> int | None:
        """Keeps a downloaded file's rows unchanged; None when the same bytes were imported before."""
        with self.tx():
            if self.db.execute("SELECT 1 FROM online_files WHERE sha=?", (raw.sha,)).fetchone():
                return None
            cur = self.db.execute(
                "INSERT INTO online_files(source, sha, kind, sheet, encoding, header, mapping, imported_at) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (raw.source, raw.sha, raw.kind, raw.sheet, raw.encoding, json.dumps(raw.header, ensure_ascii=False),
                 json.dumps(raw.mapping, ensure_ascii=False), now()))
            file_id = int(cur.lastrowid or 0)
            self.db.executemany("INSERT INTO online_rows(file_id, row_number, cells) VALUES (?,?,?)",
                                [(file_id, n, json.dumps(cells, ensure_ascii=False)) for n, cells in raw.rows])
        return file_id

    def online_files(self) -> list[RawFile]:
        """Every imported file with its rows, in the order they were imported."""
        rows: dict[int, list[tuple[int, Any]]] = {}
        for fid, n, cells in self.db.execute("SELECT file_id, row_number, cells FROM online_rows "
                                             "ORDER BY file_id, row_number"):
            rows.setdefault(fid, []).append((n, json.loads(cells)))
        return [RawFile(src, kind, sha, json.loads(header), rows.get(fid, []), sheet, enc, json.loads(mapping))
                for fid, src, sha, kind, sheet, enc, header, mapping in self.db.execute(
                    "SELECT id, source, sha, kind, sheet, encoding, header, mapping FROM online_files ORDER BY id")]

    # ---- end of online answers ----

    # decisions
    def add_decision(self, d: Decision, session: str | None = None) -> int:
        with self.tx():
            prev = self.db.execute("SELECT id FROM decisions WHERE sheet_id=? AND key=? AND superseded_by IS NULL "
                                   "AND undone_at IS NULL", (d.sheet_id, d.key)).fetchone()
            cur = self.db.execute(
                "INSERT INTO decisions(sheet_id, key, value, machine, reviewer, at, comment, session) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (d.sheet_id, d.key, json.dumps(d.value, ensure_ascii=False), json.dumps(d.machine, ensure_ascii=False),
                 d.reviewer, d.at, d.comment, session))
            if prev:
                self.db.execute("UPDATE decisions SET superseded_by=? WHERE id=?", (cur.lastrowid, prev[0]))
        return int(cur.lastrowid or 0)

    def decisions(self, include_deferred: bool = False, sheet_ids: Collection[str] | None = None,
                  with_pages: bool = False) -> dict[str, dict[str, Decision]]:
        """The decisions in force: neither replaced by a later one nor undone; deferrals only when asked.

        sheet_ids: only those sheets' decisions (and, with_pages, every set-aside page's)."""
        out: dict[str, dict[str, Decision]] = {}
        sql = ("SELECT sheet_id, key, value, machine, reviewer, at, comment FROM decisions "
               "WHERE superseded_by IS NULL AND undone_at IS NULL")
        args: tuple = ()
        if sheet_ids is not None:
            args = tuple(sheet_ids)
            sql += f" AND (sheet_id IN ({','.join('?' * len(args))})" + (" OR (sheet_id >= 'page:' AND sheet_id < 'page;'))" if with_pages
                                                                            else ")")
        for sid, key, value, machine, reviewer, at, comment in self.db.execute(sql + " ORDER BY id", args):
            v = json.loads(value)
            if isinstance(v, dict) and v.get("deferred") and not include_deferred:
                continue
            out.setdefault(sid, {})[key] = Decision(sid, key, v, reviewer, at,
                                                     json.loads(machine) if machine else None, comment)
        return out

    def undo_last(self, session: str) -> dict[str, Any] | None:
        """Takes back the session's latest decision in force; the one it replaced comes back into force.

        Returns what was undone, value included, so the page can show it again exactly as it was decided."""
        with self.tx():
            row = self.db.execute("SELECT id, sheet_id, key, value FROM decisions WHERE session=? AND undone_at IS NULL "
                                  "AND superseded_by IS NULL ORDER BY id DESC LIMIT 1", (session,)).fetchone()
            if row is None:
                return None
            self.db.execute("UPDATE decisions SET undone_at=? WHERE id=?", (now(), row[0]))
            self.db.execute("UPDATE decisions SET superseded_by=NULL WHERE superseded_by=?", (row[0],))
        return {"id": row[0], "sheet_id": row[1], "key": row[2], "value": json.loads(row[3])}

    def trail(self) -> Iterator[dict[str, Any]]:
        cols = ("id", "sheet_id", "key", "value", "machine", "reviewer", "at", "comment", "superseded_by", "undone_at",
                "session")
        for r in self.db.execute(f"SELECT {', '.join(cols)} FROM decisions ORDER BY id"):
            yield dict(zip(cols, r))

    def text_crop(self, page_id: str, question_id: str) -> tuple[bytes, str | None] | None:
        row = self.db.execute("SELECT png, draft FROM text_crops WHERE page_id=? AND question_id=?",
                              (page_id, question_id)).fetchone()
        return (row[0], row[1]) if row else None

    def set_draft(self, page_id: str, question_id: str, draft: str) -> None:
        with self.tx():
            self.db.execute("UPDATE text_crops SET draft=? WHERE page_id=? AND question_id=?",
                            (draft, page_id, question_id))

    def box_readings(self, page_id: str) -> list[tuple]:
        return self.db.execute("SELECT question_id, option_id, state, confidence, dx_mm, dy_mm FROM box_readings "
                               "WHERE page_id=?", (page_id,)).fetchall()


    # ---- review workstation (migration 5): the stored queue, reviewer sessions and claims, crop cache ----
    def review_generation(self) -> tuple[str, str]:
        """What the stored queue was derived from: (pages part, decisions part); cheap, from indexes."""
        seq, n = self.db.execute("SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM pages").fetchone()
        did = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM decisions").fetchone()[0]
        undone = self.db.execute("SELECT COUNT(*) FROM decisions WHERE undone_at IS NOT NULL").fetchone()[0]
        return f"{seq}:{n}", f"{did}:{undone}"

    def review_stored_generation(self) -> tuple[str, str] | None:
        row = self.db.execute("SELECT generation FROM review_meta WHERE id=1").fetchone()
        if row is None:
            return None
        pages, _, decisions = row[0].partition("|")
        return pages, decisions

    def review_replace(self, sheets: list[tuple], items: list[dict[str, Any]], generation: tuple[str, str],
                       only: set[str] | None = None) -> None:
        """Stores the derived queue: all of it, or the sheets in `only`. Items no longer derived stay as settled
        (a reviewer going back to one still finds it)."""
        with self.tx():
            if only is None:
                self.db.execute("UPDATE review_items SET settled=1 WHERE settled=0")
                self.db.execute("DELETE FROM review_sheets")
            else:
                marks = ",".join("?" * len(only))
                self.db.execute(f"UPDATE review_items SET settled=1 WHERE settled=0 AND sheet_id IN ({marks})",
                                tuple(only))
                self.db.execute(f"DELETE FROM review_sheets WHERE sheet_id IN ({marks})", tuple(only))
            self.db.executemany("INSERT INTO review_sheets(sheet_id, label, unit, status, missing) VALUES (?,?,?,?,?)",
                                sheets)
            self.db.executemany(
                "INSERT INTO review_items(item_id, sheet_id, kind, key, unit, ord, confidence, deferred, settled, data) "
                "VALUES (:id, :sheet_id, :kind, :key, :unit, :ord, :confidence, :deferred, 0, :data) "
                "ON CONFLICT(item_id) DO UPDATE SET sheet_id=excluded.sheet_id, kind=excluded.kind, key=excluded.key, "
                "unit=excluded.unit, ord=excluded.ord, confidence=excluded.confidence, deferred=excluded.deferred, "
                "settled=0, data=excluded.data", items)
            self.db.execute("INSERT INTO review_meta(id, generation) VALUES (1, ?) "
                            "ON CONFLICT(id) DO UPDATE SET generation=excluded.generation", ("|".join(generation),))

    def review_next(self, session: str, lease: float, deferred: bool, kind: str | None = None,
                    unit: str | None = None) -> dict[str, Any] | None:
        """The first open item no other active session holds, claimed for this session (which lets go of any other)."""
        t = time.time()
        sql = ("SELECT i.item_id, i.data FROM review_items i INDEXED BY review_items_next "
               "LEFT JOIN review_claims c ON c.item=i.item_id AND c.session!=? AND c.until>? "
               "WHERE i.settled=0 AND i.deferred=? AND c.item IS NULL")
        args: list[Any] = [session, t, int(deferred)]
        if kind:
            sql += " AND i.kind=?"
            args.append(kind)
        if unit:
            sql += " AND i.unit=?"
            args.append(unit)
        with self.tx():
            row = self.db.execute(sql + " ORDER BY i.ord, i.confidence, i.item_id LIMIT 1", args).fetchone()
            self.db.execute("DELETE FROM review_claims WHERE session=?", (session,))
            if row is None:
                return None
            self.db.execute("INSERT OR REPLACE INTO review_claims(item, session, until) VALUES (?,?,?)",
                            (row[0], session, t + lease))
        return json.loads(row[1])

    def review_upcoming(self, deferred: bool, n: int) -> list[str]:
        """The next few open items nobody holds: the ones worth drawing before anyone asks."""
        return [r[0] for r in self.db.execute(
            "SELECT i.item_id FROM review_items i INDEXED BY review_items_next "
            "LEFT JOIN review_claims c ON c.item=i.item_id AND c.until>? "
            "WHERE i.settled=0 AND i.deferred=? AND c.item IS NULL ORDER BY i.ord, i.confidence, i.item_id LIMIT ?",
            (time.time(), int(deferred), n))]

    def review_item(self, item_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data, settled, deferred FROM review_items WHERE item_id=?", (item_id,)).fetchone()
        return json.loads(row[0]) | {"settled": bool(row[1]), "deferred": bool(row[2])} if row else None

    def review_open_items(self) -> list[dict[str, Any]]:
        return [json.loads(data) | {"deferred": bool(d)} for data, d in self.db.execute(
            "SELECT data, deferred FROM review_items WHERE settled=0 ORDER BY deferred, ord, confidence, item_id")]

    def review_question_items(self, question_id: str, deferred: bool = False) -> list[dict[str, Any]]:
        """One question's open items across all sheets, least confident first, with who holds each."""
        t = time.time()
        return [json.loads(data) | {"held_by": holder} for data, holder in self.db.execute(
            "SELECT i.data, s.reviewer FROM review_items i LEFT JOIN review_claims c ON c.item=i.item_id AND c.until>? "
            "LEFT JOIN review_sessions s ON s.session=c.session "
            "WHERE i.key=? AND i.kind IN ('question', 'text') AND i.settled=0 AND i.deferred=? "
            "ORDER BY i.confidence, i.item_id", (t, question_id, int(deferred)))]

    def review_open_questions(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT key, COUNT(*) FROM review_items WHERE settled=0 AND deferred=0 "
                                    "AND kind IN ('question', 'text') GROUP BY key"))

    def review_counts(self) -> dict[str, Any]:
        """Open items by kind and unit, deferred ones, and decisions in force by unit: the page's x / y."""
        open_: dict[str, dict[str, int]] = {}
        by_kind: dict[str, int] = {}
        deferred = 0
        for kind, unit, is_deferred, n in self.db.execute(
                "SELECT kind, COALESCE(unit, '?'), deferred, COUNT(*) FROM review_items WHERE settled=0 "
                "GROUP BY kind, unit, deferred"):
            if is_deferred:
                deferred += n
                continue
            by_kind[kind] = by_kind.get(kind, 0) + n
            open_.setdefault(unit, {"open": 0, "done": 0})["open"] += n
        for unit, n in self.db.execute(
                "SELECT COALESCE(s.unit, '?'), COUNT(*) FROM decisions d LEFT JOIN review_sheets s ON s.sheet_id=d.sheet_id "
                "WHERE d.superseded_by IS NULL AND d.undone_at IS NULL AND d.value NOT LIKE '{\"deferred\"%' "
                "GROUP BY 1"):
            open_.setdefault(unit, {"open": 0, "done": 0})["done"] += n
        done = sum(u["done"] for u in open_.values())
        left = sum(by_kind.values())
        return {"done": done, "total": done + left + deferred, "open": left, "deferred": deferred,
                "by_kind": by_kind, "by_unit": dict(sorted(open_.items()))}

    def review_missing_sides(self, limit: int | None = None) -> list[tuple[str, str, int]]:
        """(sheet, its label, side) for sheets still missing a side: where a set-aside page may belong."""
        out = []
        for sid, label, missing in self.db.execute(
                "SELECT sheet_id, label, missing FROM review_sheets WHERE status!='discarded' AND missing!='[]' "
                "ORDER BY label, sheet_id"):
            out += [(sid, label, int(side)) for side in json.loads(missing)]
            if limit is not None and len(out) >= limit:
                return out[:limit]
        return out

    def review_sheet_labels(self, sheet_ids: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in range(0, len(sheet_ids), 500):
            part = sheet_ids[i:i + 500]
            out.update(self.db.execute(f"SELECT sheet_id, label FROM review_sheets WHERE sheet_id IN "
                                       f"({','.join('?' * len(part))})", tuple(part)))
        return out

    def review_start_session(self, session: str, reviewer: str) -> None:
        with self.tx():
            self.db.execute("INSERT INTO review_sessions(session, reviewer, started, seen) VALUES (?,?,?,?)",
                            (session, reviewer, now(), time.time()))

    def review_session(self, session: str) -> str | None:
        row = self.db.execute("SELECT reviewer FROM review_sessions WHERE session=?", (session,)).fetchone()
        return row[0] if row else None

    def review_heartbeat(self, session: str, lease: float) -> int:
        """The session is alive: its claims hold for another lease. Returns how many it holds."""
        t = time.time()
        with self.tx():
            self.db.execute("UPDATE review_sessions SET seen=? WHERE session=?", (t, session))
            cur = self.db.execute("UPDATE review_claims SET until=? WHERE session=?", (t + lease, session))
        return cur.rowcount

    def review_claim(self, item_id: str, session: str, lease: float) -> str | None:
        """Claims one item for the session (letting go of its others); None when granted, else the holder's name."""
        t = time.time()
        with self.tx():
            row = self.db.execute("SELECT s.reviewer FROM review_claims c JOIN review_sessions s ON s.session=c.session "
                                  "WHERE c.item=? AND c.session!=? AND c.until>?", (item_id, session, t)).fetchone()
            if row is not None:
                return str(row[0])
            self.db.execute("DELETE FROM review_claims WHERE session=?", (session,))
            self.db.execute("INSERT OR REPLACE INTO review_claims(item, session, until) VALUES (?,?,?)",
                            (item_id, session, t + lease))
        return None

    def review_holder(self, item_id: str, session: str) -> str | None:
        """Who else holds the item right now, if anyone."""
        row = self.db.execute("SELECT s.reviewer FROM review_claims c JOIN review_sessions s ON s.session=c.session "
                              "WHERE c.item=? AND c.session!=? AND c.until>?", (item_id, session, time.time())).fetchone()
        return str(row[0]) if row else None

    def review_release(self, session: str) -> None:
        with self.tx():
            self.db.execute("DELETE FROM review_claims WHERE session=?", (session,))

    def text_crop_keys(self, page_ids: list[str] | None = None) -> set[tuple[str, str]]:
        """(page, question) of every handwriting crop, read from the key index without touching the images."""
        sql = "SELECT page_id, question_id FROM text_crops"
        if page_ids is None:
            return set(self.db.execute(sql))
        return set(self.db.execute(sql + f" WHERE page_id IN ({','.join('?' * len(page_ids))})", tuple(page_ids)))

    def cached_crop(self, page_id: str, view: str) -> bytes | None:
        row = self.db.execute("SELECT png FROM review_crops WHERE page_id=? AND view=?", (page_id, view)).fetchone()
        return bytes(row[0]) if row else None

    def review_clear_crops(self) -> None:
        with self.tx():
            self.db.execute("DELETE FROM review_crops")

    def cache_crop(self, page_id: str, view: str, png: bytes) -> None:
        with self.tx():
            self.db.execute("INSERT OR REPLACE INTO review_crops(page_id, view, png) VALUES (?,?,?)", (page_id, view, png))

    # ---- end of the review block ----


def _statements(script: str) -> Iterator[str]:
    """A migration's statements one by one (executescript would commit the surrounding transaction)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        yield pending.strip()


BUSY_S = 30
LOCKED_GIVE_UP_S = 120


def _while_locked(step):
    """Run `step` again while another process holds the lock: on a loaded office PC two scans of one file
    may wait on each other longer than SQLite's busy handler does, and some lock conflicts skip it."""
    deadline = time.monotonic() + LOCKED_GIVE_UP_S
    pause = 0.05
    while True:
        try:
            return step()
        except sqlite3.OperationalError as e:
            text = str(e).lower()
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


class _Tx:
    """One write transaction; SQLite's resource errors leave it as one-line messages saying what to do."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db, self.path = db, path

    def __enter__(self) -> sqlite3.Connection:
        try:
            _while_locked(lambda: self.db.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as e:
            raise resource_error(self.path, e) from None
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.Error as e:
                exc = e
        if self.db.in_transaction:  # SQLite rolls back by itself on a full disk; a second rollback would fail
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError) and \
                not isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
            raise resource_error(self.path, exc) from None


def resource_error(path: Path, e: sqlite3.Error) -> DatabaseError:
    """The database's trouble as the office can act on it: Vietnamese first, English after, what to do."""
    text = str(e).lower()
    if "full" in text:
        return DatabaseError(f"{path}: ổ đĩa đã đầy, không ghi thêm được; hãy giải phóng chỗ trống rồi chạy lại "
                             "đúng lệnh này để làm tiếp / database or disk is full: free some space and run the same "
                             "command again to resume")
    if "locked" in text or "busy" in text:
        return DatabaseError(f"{path}: cơ sở dữ liệu đang bị một chương trình khác khoá; hãy đóng chương trình đó "
                             "rồi chạy lại / database is locked by another program: close it and run the command "
                             "again")
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"{path}: tệp hoặc thư mục chỉ cho đọc, không ghi được; hãy cho phép ghi hoặc dùng "
                             "--db ở thư mục khác / read-only database or folder: make it writable or pass --db "
                             "in another folder")
    if "unable to open" in text or "permission" in text:
        return DatabaseError(f"{path}: không mở được cơ sở dữ liệu (không có quyền?); hãy kiểm tra quyền của thư "
                             "mục hoặc dùng --db khác / cannot open the database (permission denied?): check the "
                             "folder's permissions or pass another --db")
    return DatabaseError(f"{path}: lỗi cơ sở dữ liệu ({e}); hãy kiểm tra ổ đĩa rồi chạy lại / database error: "
                         "check the disk and run the command again")
