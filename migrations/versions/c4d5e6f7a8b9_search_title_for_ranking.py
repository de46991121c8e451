"""search: each searchable table keeps its title folded, for best matches first (issue 15)

A search lists the rows whose title holds the query's words before those that hold them only
elsewhere (intranet.search.tiers). The title's folded words go in `search_title` beside
`search_text`: an entry's title, a tip's summary, a village's name, an account's full name. The
existing rows are folded here, in batches; nothing else changes (no index: the tier is computed
only on the rows the search index already matched).

Revision ID: c4d5e6f7a8b9
Revises: 94b31e6dd0f9
Create Date: 2026-12-01 17:30:00.000000

"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4d5e6f7a8b9"
down_revision = "94b31e6dd0f9"
branch_labels = None
depends_on = None

# The title of each table, as in the models' __search_title__.
TITLES = {
    "activity_log": "title",
    "tip": "summary",
    "village": "name",
    "user_account": "full_name",
}
BATCH = 5000
WORD = re.compile(r"[^\W_]+")
SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def search_text(value):
    """intranet.search.search_text as of this revision: " folded words " (spaces each side)."""
    decomposed = unicodedata.normalize("NFD", str(value or "").translate(SPECIAL))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = WORD.findall(plain)
    return f" {' '.join(words)} " if words else ""


def _backfill(bind, table, field):
    select = sa.text(f"SELECT id, {field} FROM {table} WHERE id > :last ORDER BY id LIMIT {BATCH}")
    update = sa.text(f"UPDATE {table} SET search_title = :text WHERE id = :id")
    last = 0
    while True:
        rows = bind.execute(select, {"last": last}).all()
        if not rows:
            return
        folded = [{"id": id_, "text": search_text(value)} for id_, value in rows]
        if folded := [row for row in folded if row["text"]]:
            bind.execute(update, folded)
        last = rows[-1][0]


def upgrade():
    bind = op.get_bind()
    for table, field in TITLES.items():
        # A plain ADD COLUMN (no batch copy): SQLite keeps the entries' FTS triggers.
        op.add_column(
            table, sa.Column("search_title", sa.Text(), server_default="", nullable=False)
        )
        _backfill(bind, table, field)
    if bind.dialect.name == "postgresql":
        # The planner weighs a tier's LIKE on the new column by its statistics: without them it
        # guessed a common title phrase rare and read every match through the index (1 s at
        # 1,000,000 entries) where walking the list finds a page in 1 ms.
        for table in TITLES:
            op.execute(f"ANALYZE {table}")


def downgrade():
    # Derived from the title (the upgrade folds it again): dropping it loses nothing, so it goes
    # without the data-loss guard of op.drop_column (migrations/env.py).
    for table in TITLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN search_title")
