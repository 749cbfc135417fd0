"""A throwaway PostgreSQL cluster for the tests and benchmarks: the distribution's `postgresql` package, a data
folder under a temporary directory, listening on 127.0.0.1 only, run as an unprivileged user when we are root."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def available() -> bool:
    return bool(_bin("initdb") and _bin("pg_ctl"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """initdb + pg_ctl start in a temporary folder; `url()` gives a fresh empty database each call."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="survey-pg-"))
        self.port = _free_port()
        self.user = None
        self.migrated: str | None = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            os.chmod(self.dir, 0o755)
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self.data = self.dir / "data"
        self._run([_bin("initdb"), "-D", str(self.data), "-U", "survey", "--auth=trust", "--no-locale",
                   "-E", "UTF8", "--no-sync"])
        opts = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off -c max_connections=60"
        self._run([_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-o", opts, "-w", "start"])

    def _run(self, cmd: list) -> None:
        kw = {}
        if self.user is not None:
            kw = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        subprocess.run([str(c) for c in cmd], check=True, capture_output=True, cwd=self.dir, **kw)  # type: ignore[arg-type]

    def url(self, name: str | None = None, template: str | None = None) -> str:
        """A new database (empty, or a copy of `template`, which no one may be connected to)."""
        name = name or "t" + uuid.uuid4().hex[:12]
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return f"postgresql://survey@127.0.0.1:{self.port}/{name}"

    def migrated_url(self) -> str:
        """A new database with the store's schema in place: a copy of one migrated once per cluster, which is
        several times faster than migrating each test's database."""
        if self.migrated is None:
            from scanner.store import Store

            url = self.url("migrated")
            Store(url).close()
            self.migrated = "migrated"
        return self.url(template=self.migrated)

    def drop(self, url: str) -> None:
        """Drops a test's database, closing what still speaks to it (a store a test left open)."""
        self._admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[-1]}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"postgresql://survey@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
            c.execute(sql)  # type: ignore[arg-type]

    def stop(self) -> None:
        try:
            self._run([_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
