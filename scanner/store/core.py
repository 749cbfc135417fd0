"""Pages, files, online downloads and people's decisions: the store's main part (see the package docstring)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Collection, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..errors import DatabaseError, InputFileError
from ..page_source import PageSource
from ..pipeline import RESCAN_MIN_ANSWERS, PageResult, close_readings, same_sheet
from ..raw_file import RawFile
from ..records import Decision
from ..rules import StoredReading
from ..vocab import AnswerStatus, BoxState, FileKind, PageState, ProblemKind
from . import connection, engine
from .connection import now, resource_error, while_locked
from .province import ProvinceState
from .review import ReviewState
from .rows import (
    AsidePage,
    BatchRow,
    FileAccount,
    FileProblem,
    FormPageRow,
    PageCounts,
    StoredBox,
    StoredImage,
    TextCrop,
    TrailRow,
    Undone,
)
from .schema import MIGRATIONS, SCHEMA_VERSION, statements

KNOWN = "known"  # save_page: the page was stored already (by a scan running at the same time)



class Store(ReviewState, ProvinceState):
    def __init__(self, path: str | Path, create: bool = True) -> None:
        """A file path opens (or creates) an SQLite store; a postgresql:// URL a store on that server.

        create=False: a file that is not there is refused in one line instead of made empty (commands that read)."""
        if engine.is_server(path):
            self.url: str | None = str(path)
            self.path = Path(engine.shown(str(path)).rsplit("/", 1)[-1].split("?")[0] or "survey")
            self.db = engine.PgConnection(str(path))
            self._migrate()
            return
        self.url = None
        self.path = Path(path)
        if not create and not self.path.exists():
            raise InputFileError(f"{self.path}: không có cơ sở dữ liệu này / no such database; kiểm tra --db (hoặc "
                                 "biến SURVEY_DB), hay quét phiếu (survey scan) hoặc nhập câu trả lời (survey "
                                 "import-online) trước")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=connection.BUSY_S, isolation_level=None, check_same_thread=False)
            # Switching a new file to WAL can meet SQLITE_BUSY without the busy handler being asked.
            while_locked(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as e:
            if not os.access(self.path.parent, os.W_OK) or (self.path.exists() and not os.access(self.path, os.W_OK)):
                raise resource_error(self.path, sqlite3.OperationalError("readonly")) from None
            if "full" in str(e) or "locked" in str(e) or "readonly" in str(e):
                raise resource_error(self.path, e) from None
            if "not a database" in str(e):  # a spreadsheet, a scan or notes named by --db
                raise DatabaseError(f"{self.path}: tệp này không phải cơ sở dữ liệu của bộ công cụ / not a survey "
                                    "database; hãy đưa tệp .db mà survey scan hay import-online đã tạo (--db)") from None
            raise DatabaseError(f"{self.path}: không mở được cơ sở dữ liệu / cannot open the database ({e}); hãy kiểm "
                                "tra quyền ghi của thư mục hoặc chọn --db khác / check the folder is writable or pass "
                                "another --db") from None
        except OSError as e:
            raise DatabaseError(f"{self.path}: không mở được cơ sở dữ liệu / cannot open the database "
                                f"({e.strerror}); check the folder is writable or pass another --db") from None

    @property
    def name(self) -> str:
        """The store as messages name it: its file, or its server's URL without the password."""
        return engine.shown(self.url) if self.url else str(self.path)

    def close(self) -> None:
        self.db.close()

    def _version(self) -> int:
        if self.url is None:
            return int(self.db.execute("PRAGMA user_version").fetchone()[0])
        row = self.db.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        if self.url is not None:  # PostgreSQL keeps the version in a table (SQLite in its header)
            with self.tx():
                self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        version = self._version()
        if version > SCHEMA_VERSION:
            raise DatabaseError(f"{self.name}: made by a newer version of this toolkit (schema {version}); upgrade it")
        for v in sorted(k for k in MIGRATIONS if k > version):
            with self.tx():  # two scans starting at once on a new file: the second finds the work done
                if self._version() >= v:
                    continue
                for statement in statements(MIGRATIONS[v]):
                    if self.url is not None and engine.SQLITE_ONLY in statement:
                        continue
                    self.db.execute(statement)
                if self.url is None:
                    self.db.execute(f"PRAGMA user_version={v}")
                else:
                    self.db.execute("DELETE FROM schema_version")
                    self.db.execute("INSERT INTO schema_version(version) VALUES (?)", (v,))

    # batches and files
    def start_batch(self, operator: str | None, unit: str | None, received: str | None, command: str) -> int:
        with self.tx():
            row = self.db.execute("INSERT INTO batches(started_at, operator, unit, received, command) VALUES (?,?,?,?,?) "
                                  "RETURNING id", (now(), operator, unit, received, command)).fetchall()[0]
        return int(row[0])

    def finish_batch(self, batch_id: int) -> None:
        with self.tx():
            self.db.execute("UPDATE batches SET finished_at=? WHERE id=?", (now(), batch_id))

    def batch(self, batch_id: int) -> BatchRow:
        return BatchRow(*self.db.execute("SELECT id, operator, unit, received FROM batches WHERE id=?",
                                         (batch_id,)).fetchone())

    def record_problem(self, batch_id: int | None, path: str, message: str, kind: str = "refused",
                       pages: int = 0) -> None:
        """A file that adds no pages (refused, or a byte-identical copy), or an online column that matched nothing."""
        with self.tx():
            if kind != ProblemKind.refused and self.db.execute("SELECT 1 FROM problems WHERE kind=? AND path=? AND message=?",
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
            dup = None
            if res.pixel_sha:
                row = self.db.execute("SELECT page_id FROM pages WHERE pixel_sha=? AND state!='duplicate' LIMIT 1",
                                      (res.pixel_sha,)).fetchone()
                dup = row[0] if row else None
            state = PageState.duplicate if dup else (PageState.form if res.status == PageState.form else PageState.set_aside)
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM pages").fetchone()[0]
            code = res.code
            summary = {"markers": list(res.markers), "stray": res.stray, "timings": res.timings,
                       "homography": res.homography}
            if not self.db.execute(
                "INSERT INTO pages(page_id, seq, file_sha, idx, path, batch_id, pixel_sha, fmt, image, state, reason, "
                "message, side, code, sheet_key, numbered, id_source, ocr_text, quality, residual_mm, duplicate_of, result) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(page_id) DO NOTHING RETURNING page_id",
                (src.page_id, seq, src.file_sha, src.index, src.file, batch_id, res.pixel_sha, src.fmt, image, state,
                 res.reason, res.message, res.side, code.text() if code else None,
                 code.sheet_key if code else None, int(bool(code and code.unit)), res.id_source, res.ocr_text,
                 res.quality, res.residual_mm, dup, json.dumps(summary))).fetchall():
                return KNOWN  # the page's id is its key: another scan of the same file stored it first
            if state == PageState.form:
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

    def form_pages(self) -> list[FormPageRow]:
        """Form pages in stack order: files as they were first scanned, each file's pages in its own order.

        Not plain scan order: stations scanning at once interleave their pages, and a blank form pairs with the
        page next to it in its stack.

        `seq > 0` (every page's) leads SQLite to the index pages_form, which holds every column asked but the file's
        (read from the row's head): by the index of the state alone it read side, code and numbered from each row,
        after its image, through the image's overflow pages (2 s of every pairing at 3,000 sheets, 0.25 s so)."""
        return [FormPageRow(pid, seq, side, key, bool(numbered), path, idx, batch, sha) for
                pid, seq, side, key, numbered, path, idx, batch, sha in self.db.execute(
                    "SELECT p.page_id, p.seq, p.side, p.sheet_key, p.numbered, p.path, p.idx, p.batch_id, p.file_sha "
                    "FROM pages p "
                    "JOIN (SELECT file_sha, MIN(seq) AS first FROM pages GROUP BY file_sha) f ON f.file_sha=p.file_sha "
                    "WHERE p.state='form' AND p.seq > 0 ORDER BY f.first, p.idx, p.seq").fetchall()]

    def question_readings(self, page_ids: list[str] | None = None) -> dict[str, StoredReading]:
        """Question id -> the machine's reading, over the given pages (a sheet's sides)."""
        out: dict[str, StoredReading] = {}
        for by_question in self.all_question_readings(page_ids).values():
            out.update(by_question)
        return out

    def all_question_readings(self, page_ids: list[str] | None = None) -> dict[str, dict[str, StoredReading]]:
        """Page id -> question id -> reading, in one query (collating a whole survey asks for all of them)."""
        sql = "SELECT page_id, question_id, answer, status, reasons, confidence FROM question_readings"
        args: tuple[str, ...] = ()
        if page_ids is not None and not page_ids:
            return {}  # "IN ()" is a syntax error on PostgreSQL
        if page_ids is not None:
            sql += f" WHERE page_id IN ({','.join('?' * len(page_ids))})"
            args = tuple(page_ids)
        out: dict[str, dict[str, StoredReading]] = {}
        for pid, qid, ans, status, reasons, conf in self.db.execute(sql, args):
            out.setdefault(pid, {})[qid] = StoredReading(tuple(json.loads(ans)), AnswerStatus(status),
                                                         tuple(json.loads(reasons)), float(conf or 0.0), pid)
        return out

    def page_image(self, page_id: str) -> StoredImage | None:
        row = self.db.execute("SELECT image, fmt, side, result FROM pages WHERE page_id=?", (page_id,)).fetchone()
        if not row or row[0] is None:
            return None
        image, fmt, side, result = row
        return StoredImage(bytes(image), fmt, side, json.loads(result).get("homography") if result else None)

    def page_counts(self) -> PageCounts:
        counts = dict(self.db.execute("SELECT state, COUNT(*) FROM pages GROUP BY state").fetchall())
        reasons = dict(self.db.execute(
            "SELECT reason, COUNT(*) FROM pages WHERE state='set_aside' GROUP BY reason").fetchall())
        kinds = dict(self.db.execute("SELECT kind, COUNT(*) FROM problems GROUP BY kind").fetchall())
        copies = int(self.db.execute("SELECT COALESCE(SUM(pages), 0) FROM problems WHERE kind='copy'").fetchone()[0])
        return PageCounts(
            pages=int(sum(counts.values())), form=int(counts.get(PageState.form, 0)),
            set_aside=int(counts.get(PageState.set_aside, 0)), duplicate=int(counts.get(PageState.duplicate, 0)),
            set_aside_reasons={str(k): int(v) for k, v in reasons.items()},
            files_refused=int(kinds.get(ProblemKind.refused, 0)), file_copies=int(kinds.get(ProblemKind.copy, 0)),
            pages_in_file_copies=copies)

    def set_aside_pages(self) -> list[AsidePage]:
        return [AsidePage(pid, path, idx, reason, message, PageState(state), dup) for
                pid, path, idx, reason, message, state, dup in self.db.execute(
                    "SELECT page_id, path, idx, reason, message, state, duplicate_of FROM pages INDEXED BY pages_aside "
                    "WHERE state!='form' ORDER BY seq")]

    def problems(self) -> list[FileProblem]:
        return [FileProblem(*r) for r in self.db.execute("SELECT path, message, kind, pages FROM problems ORDER BY id")]

    # --- files and their page accounting -------------------------------------------------------------
    def file_accounting(self) -> list[FileAccount]:
        """Every input file: the pages it has by its own count, and its stored pages by state.

        A page that could not be read is stored too (set aside with its reason, without an image), so
        for a file fully scanned `pages == stored`; the difference is pages never accounted for.
        """
        rows = self.db.execute(
            "SELECT f.sha, f.path, f.pages, COUNT(p.page_id), "
            "COUNT(CASE WHEN p.state='form' THEN 1 END), COUNT(CASE WHEN p.state='set_aside' THEN 1 END), "
            "COUNT(CASE WHEN p.state='duplicate' THEN 1 END) "
            "FROM files f LEFT JOIN pages p ON p.file_sha=f.sha GROUP BY f.sha ORDER BY f.first_batch, f.path")
        return [FileAccount(*r) for r in rows]

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
                "VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                (raw.source, raw.sha, raw.kind, raw.sheet, raw.encoding, json.dumps(raw.header, ensure_ascii=False),
                 json.dumps(raw.mapping, ensure_ascii=False), now()))
            file_id = int(cur.fetchall()[0][0])
            self.db.executemany("INSERT INTO online_rows(file_id, row_number, cells) VALUES (?,?,?)",
                                [(file_id, n, json.dumps(cells, ensure_ascii=False)) for n, cells in raw.rows])
        return file_id

    def online_files(self) -> list[RawFile]:
        """Every imported file with its rows, in the order they were imported."""
        rows: dict[int, list[tuple[int, Any]]] = {}
        for fid, n, cells in self.db.execute("SELECT file_id, row_number, cells FROM online_rows "
                                             "ORDER BY file_id, row_number"):
            rows.setdefault(fid, []).append((n, json.loads(cells)))
        return [RawFile(src, FileKind(kind), sha, json.loads(header), rows.get(fid, []), sheet, enc, json.loads(mapping))
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
                "VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                (d.sheet_id, d.key, json.dumps(d.value, ensure_ascii=False), json.dumps(d.machine, ensure_ascii=False),
                 d.reviewer, d.at, d.comment, session))
            new_id = int(cur.fetchall()[0][0])
            if prev:
                self.db.execute("UPDATE decisions SET superseded_by=? WHERE id=?", (new_id, prev[0]))
        return new_id

    def decisions(self, include_deferred: bool = False, sheet_ids: Collection[str] | None = None,
                  with_pages: bool = False, prefix: str | None = None) -> dict[str, dict[str, Decision]]:
        """The decisions in force: neither replaced by a later one nor undone; deferrals only when asked.

        sheet_ids: only those sheets' decisions (and, with_pages, every set-aside page's);
        prefix: only sheet ids starting with it (e.g. "online:")."""
        out: dict[str, dict[str, Decision]] = {}
        sql = ("SELECT sheet_id, key, value, machine, reviewer, at, comment FROM decisions "
               "WHERE superseded_by IS NULL AND undone_at IS NULL")
        args: tuple[str, ...] = ()
        if prefix is not None:  # a range, so the index on sheet_id serves it
            sql += " AND sheet_id >= ? AND sheet_id < ?"
            args = (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1))
        if sheet_ids is not None:
            ids = tuple(sheet_ids)
            args += ids
            # "IN ()" is a syntax error on PostgreSQL (a deferred page names no sheet): an empty set matches nothing
            named = f"sheet_id IN ({','.join('?' * len(ids))})" if ids else "1 = 0"
            sql += f" AND ({named}" + (" OR (sheet_id >= 'page:' AND sheet_id < 'page;'))" if with_pages else ")")
        for sid, key, value, machine, reviewer, at, comment in self.db.execute(sql + " ORDER BY id", args):
            v = json.loads(value)
            if isinstance(v, dict) and v.get("deferred") and not include_deferred:
                continue
            out.setdefault(sid, {})[key] = Decision(sid, key, v, reviewer, at,
                                                     json.loads(machine) if machine else None, comment)
        return out

    def undo_last(self, session: str) -> Undone | None:
        """Takes back the session's latest decision in force; the one it replaced comes back into force.

        Returns what was undone, value included, so the page can show it again exactly as it was decided."""
        with self.tx():
            row = self.db.execute("SELECT id, sheet_id, key, value FROM decisions WHERE session=? AND undone_at IS NULL "
                                  "AND superseded_by IS NULL ORDER BY id DESC LIMIT 1", (session,)).fetchone()
            if row is None:
                return None
            self.db.execute("UPDATE decisions SET undone_at=? WHERE id=?", (now(), row[0]))
            self.db.execute("UPDATE decisions SET superseded_by=NULL WHERE superseded_by=?", (row[0],))
        return Undone(row[0], row[1], row[2], json.loads(row[3]))

    def trail(self) -> Iterator[TrailRow]:
        """Every decision ever made, in order, undone and replaced ones included."""
        cols = ", ".join(f.name for f in fields(TrailRow))
        for r in self.db.execute(f"SELECT {cols} FROM decisions ORDER BY id"):
            yield TrailRow(*r)

    def text_crop(self, page_id: str, question_id: str) -> TextCrop | None:
        row = self.db.execute("SELECT png, draft FROM text_crops WHERE page_id=? AND question_id=?",
                              (page_id, question_id)).fetchone()
        return TextCrop(bytes(row[0]), row[1]) if row else None

    def set_draft(self, page_id: str, question_id: str, draft: str) -> None:
        with self.tx():
            self.db.execute("UPDATE text_crops SET draft=? WHERE page_id=? AND question_id=?",
                            (draft, page_id, question_id))

    def box_readings(self, page_id: str) -> list[StoredBox]:
        return [StoredBox(q, o, BoxState(s), c, dx, dy) for q, o, s, c, dx, dy in self.db.execute(
            "SELECT question_id, option_id, state, confidence, dx_mm, dy_mm FROM box_readings WHERE page_id=?",
            (page_id,))]
