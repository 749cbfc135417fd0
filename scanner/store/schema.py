"""The database schema, as numbered migrations applied in order above the stored version."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

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
    /* sqlite only */ INSERT INTO online_files(source, sha, kind, sheet, encoding, header, mapping, imported_at)
        SELECT o.source, 'legacy:' || o.source, CASE WHEN MAX(o.response_id) IS NULL THEN 'table' ELSE 'api' END,
               NULL, 'legacy', (SELECT json_group_array(j.key) FROM json_each(
                   (SELECT f.raw FROM online_responses f WHERE f.source = o.source ORDER BY f.row_number LIMIT 1)) j),
               '{}', MIN(o.imported_at)
        FROM online_responses o GROUP BY o.source ORDER BY MIN(o.imported_at);
    /* sqlite only */ INSERT OR IGNORE INTO online_rows(file_id, row_number, cells)
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
    28: """
    -- the province's consolidation (scanner/province.py): each district's records as it last sent them
    CREATE TABLE province_districts (
        district TEXT PRIMARY KEY, source TEXT NOT NULL, digest TEXT NOT NULL, plan TEXT NOT NULL, facts TEXT NOT NULL);
    CREATE TABLE province_records (
        district TEXT NOT NULL, record_id TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (district, record_id));
    CREATE TABLE province_meta (id INTEGER PRIMARY KEY CHECK (id = 1), meta TEXT NOT NULL);
    """,
    29: """
    -- review: why each queued item waits ("|constraint_broken|uncertain_box|"), so a reviewer can take one cause
    ALTER TABLE review_items ADD COLUMN causes TEXT NOT NULL DEFAULT '';
    CREATE INDEX review_items_causes ON review_items(settled, deferred, kind, causes);
    """,
}
# Branches add migrations with numbers reserved for them; gaps are allowed, order is by number.
SCHEMA_VERSION = max(MIGRATIONS)

def statements(script: str) -> Iterator[str]:
    """A migration's statements one by one (executescript would commit the surrounding transaction)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        yield pending.strip()
