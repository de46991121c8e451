"""search: an index on the entries' folded titles, so that a search's title tiers are found
directly (issue 15)

A search lists the entries whose title holds its words first (intranet.search.tiers), reading
the list tier by tier along its (date, id) index. A tier the words seldom fall in was a walk of
the whole list (2 s at 1,000,000 entries on PostgreSQL). On PostgreSQL the folded title gets a
stored tsvector (`to_tsvector('simple', search_title)`) with a GIN index, through which
intranet.search.few_in_tier finds such a tier's few rows. SQLite is left as it is.

Revision ID: d7e8f9a0b1c2
Revises: 110e5d4b8ee0
Create Date: 2026-12-01 18:30:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "d7e8f9a0b1c2"
down_revision = "110e5d4b8ee0"
branch_labels = None
depends_on = None

# As intranet.search.PG_TITLE_INDEX at this revision.
PG_TITLE_INDEX = (
    "ALTER TABLE activity_log ADD COLUMN search_title_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_title)) STORED",
    "CREATE INDEX ix_activity_log_search_title ON activity_log USING gin (search_title_vector)",
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in PG_TITLE_INDEX:
        op.execute(statement)
    # The planner weighs the title's words by the new column's statistics.
    op.execute("ANALYZE activity_log")


def downgrade():
    # Derived from search_title: dropping it loses nothing.
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_activity_log_search_title")
    op.execute("ALTER TABLE activity_log DROP COLUMN IF EXISTS search_title_vector")
