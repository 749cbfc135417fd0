"""The store: the only package that speaks SQL.

One SQLite file (WAL, foreign keys on, a schema version with migrations), or a database on a PostgreSQL server
that several stations share (`engine` carries the same SQL there). It keeps every page's image bytes as
the scanner wrote them, the machine's readings, and people's decisions in a table of their own that
nothing else writes. `core` holds pages, files, online downloads and decisions; `review` the review
workstation's queue and claims; `schema` the migrations; `connection` transactions and resource errors;
`province` the districts' merged records.
"""

from .connection import now, resource_error
from .core import KNOWN, Store
from .schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["KNOWN", "MIGRATIONS", "SCHEMA_VERSION", "Store", "now", "resource_error"]
