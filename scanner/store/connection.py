"""The connection's shared parts: write transactions that wait out other scans, and SQLite's resource errors
as one-line messages the office can act on."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from ..errors import DatabaseError

BUSY_S = 30
LOCKED_GIVE_UP_S = 120
T = TypeVar("T")


def while_locked(step: Callable[[], T]) -> T:
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


class Tx:
    """One write transaction; SQLite's resource errors leave it as one-line messages saying what to do."""

    def __init__(self, db: Any, path: Path, serial: bool = True) -> None:
        self.db, self.path, self.serial = db, path, serial

    def __enter__(self) -> sqlite3.Connection:
        if not isinstance(self.db, sqlite3.Connection):  # a PostgreSQL server (engine.PgConnection)
            self.db.begin(self.serial)
            pg: sqlite3.Connection = self.db  # the same calls; the type names the common case
            return pg
        try:
            while_locked(lambda: self.db.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as e:
            raise resource_error(self.path, e) from None
        return self.db

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not isinstance(self.db, sqlite3.Connection):
            if exc_type is None:
                self.db.commit()
            else:
                self.db.rollback()
            return
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


def now() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


class Connected:
    """What every part of the store shares: the open connection and its write transactions."""

    db: Any  # sqlite3.Connection, or engine.PgConnection speaking to a PostgreSQL server
    path: Path
    url: str | None  # the PostgreSQL server's URL; None for an SQLite file

    def tx(self, serial: bool = True) -> Tx:
        """A write transaction. serial=False: on PostgreSQL it does not wait for the write lock, because its
        statements hold by the database's own means (row locks, conditional upserts); SQLite has one writer anyway."""
        return Tx(self.db, self.path, serial)
