"""gridcenter: the central platform gridworker clients sync with (reference server).

FastAPI + SQLAlchemy 2 + Alembic; SQLite by default, PostgreSQL via a database URL. Of the
client package it imports only ``gridworker.sync.protocol`` (pure wire types and merge rules).
"""

__version__ = "0.1.0"
