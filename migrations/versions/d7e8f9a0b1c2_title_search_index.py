"""search: an index on the entries' folded titles, so that a search's title tiers are found
directly (issue 15)

A search lists the entries whose title holds its words first (intranet.search.tiers), reading
the list tier by tier along its (date, id) index. A tier the words seldom fall in was a walk of
the whole list (2 s at 1,000,000 entries on PostgreSQL). On PostgreSQL the folded title gets a
stored tsvector (`to_tsvector('simple', search_title)`) with a GIN index, on SQLite an FTS5 table
of the folded titles kept by triggers (left out where SQLite lacks FTS5, as the entries' own),
through which intranet.search.few_in_tier finds such a tier's few rows.

Revision ID: d7e8f9a0b1c2
Revises: 5c1a9e7b2d40
Create Date: 2026-12-01 18:30:00.000000

"""

import logging

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d7e8f9a0b1c2"
down_revision = "5c1a9e7b2d40"
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")

FTS = "activity_log_fts_title"
# As intranet.search.SQLITE_TITLE_INDEX and PG_TITLE_INDEX at this revision.
SQLITE_TITLE_INDEX = (
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON activity_log BEGIN "
    f"INSERT INTO {FTS}(rowid, search_title) VALUES (new.id, new.search_title); END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON activity_log BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_title) "
    "VALUES ('delete', old.id, old.search_title); END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF search_title ON activity_log BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_title) "
    "VALUES ('delete', old.id, old.search_title); "
    f"INSERT INTO {FTS}(rowid, search_title) VALUES (new.id, new.search_title); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
)
PG_TITLE_INDEX = (
    "ALTER TABLE activity_log ADD COLUMN search_title_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_title)) STORED",
    "CREATE INDEX ix_activity_log_search_title ON activity_log USING gin (search_title_vector)",
)


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for statement in PG_TITLE_INDEX:
            op.execute(statement)
        # The planner weighs the title's words by the new column's statistics.
        op.execute("ANALYZE activity_log")
    elif bind.dialect.name == "sqlite":
        try:
            op.execute(
                f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_title, content='activity_log', "
                "content_rowid='id', tokenize='unicode61', prefix='2 3')"
            )
        except sa.exc.OperationalError:
            logger.warning("SQLite has no FTS5: a search's title tiers are found without one.")
            return
        for statement in SQLITE_TITLE_INDEX:
            op.execute(statement)


def downgrade():
    # Derived from search_title: dropping it loses nothing.
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_activity_log_search_title")
        op.execute("ALTER TABLE activity_log DROP COLUMN IF EXISTS search_title_vector")
    elif bind.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
