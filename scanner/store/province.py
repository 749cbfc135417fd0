"""The provincial store's part (migration 28): each district's records as it last sent them, keyed by district."""

from __future__ import annotations

import json
from typing import Any

from ..records import Record
from .connection import Connected
from .rows import PageCounts, ProvinceDistrict, ProvinceMeta, ProvincePut


class ProvinceState(Connected):
    def province_put(self, district: str, source: str, digest: str, plan: str, facts: dict[str, Any],
                     rows: list[dict[str, Any]], meta: ProvinceMeta) -> ProvincePut:
        """Puts a district's records in place of what it sent before, in one transaction.

        facts and rows are the district's own JSON (its counts and quality, its records as exported), kept as
        sent."""
        with self.tx():
            self.db.execute("INSERT INTO province_meta(id, meta) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET "
                            "meta=excluded.meta", (json.dumps(meta.to_json(), ensure_ascii=False),))
            row = self.db.execute("SELECT digest FROM province_districts WHERE district=?", (district,)).fetchone()
            if row and row[0] == digest:
                return ProvincePut(0, True)
            replaced = self.db.execute("SELECT COUNT(*) FROM province_records WHERE district=?",
                                       (district,)).fetchone()[0]
            self.db.execute("DELETE FROM province_records WHERE district=?", (district,))
            self.db.execute(
                "INSERT INTO province_districts(district, source, digest, plan, facts) VALUES (?,?,?,?,?) "
                "ON CONFLICT(district) DO UPDATE SET source=excluded.source, digest=excluded.digest, "
                "plan=excluded.plan, facts=excluded.facts", (district, source, digest, plan,
                                                             json.dumps(facts, ensure_ascii=False)))
            self.db.executemany("INSERT INTO province_records(district, record_id, record) VALUES (?,?,?)",
                                [(district, r["record_id"], json.dumps(r, ensure_ascii=False)) for r in rows])
        return ProvincePut(int(replaced), False)

    def province_districts(self) -> list[ProvinceDistrict]:
        out = []
        for district, source, plan, facts_json in self.db.execute(
                "SELECT district, source, plan, facts FROM province_districts ORDER BY district"):
            facts = json.loads(facts_json)
            out.append(ProvinceDistrict(district, source, plan, str(facts.get("name", "")),
                                        PageCounts.from_json(facts.get("counts", {})), dict(facts.get("quality", {})),
                                        facts.get("merged_at")))
        return out

    def province_meta(self) -> ProvinceMeta | None:
        row = self.db.execute("SELECT meta FROM province_meta WHERE id=1").fetchone()
        if not row:
            return None
        meta = json.loads(row[0])
        return ProvinceMeta(str(meta.get("title", "")), str(meta.get("organisation", "")))

    def province_records(self) -> list[Record]:
        """Every district's records as it sent them (their ids prefixed with the district's code)."""
        return [Record(**json.loads(r[0])) for r in self.db.execute(
            "SELECT record FROM province_records ORDER BY district, record_id")]

    def province_record_owners(self, record_ids: list[str], district: str) -> list[str]:
        """The other districts that already count any of these (district-local) paper record ids."""
        wanted = set(record_ids)
        owners: set[str] = set()
        for d, rid in self.db.execute("SELECT district, record_id FROM province_records WHERE district!=?",
                                      (district,)):
            if rid.split("/", 1)[1] in wanted:
                owners.add(d)
        return sorted(owners)
