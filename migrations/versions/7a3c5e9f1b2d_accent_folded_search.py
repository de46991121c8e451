"""search: accent-folded search text on entries, tips, villages, accounts and team members

Issue 15: search ignores case, accents and đ/d. Each searchable table gets `search_text`, the
folded words of its searchable fields (intranet.search keeps it on every write); the existing
rows are folded here. Entries get an index: an FTS5 table kept by triggers on SQLite (left out,
with a warning, where SQLite lacks FTS5: search then reads the column), on PostgreSQL a stored
tsvector column (to_tsvector('simple', search_text)) with a GIN index (no extension needed:
the folding is ours).

Revision ID: 7a3c5e9f1b2d
Revises: 5ec0a1b2c3d4
Create Date: 2026-12-01 15:00:00.000000

"""
import logging
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7a3c5e9f1b2d'
down_revision = '4ee71d30c52e'
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")

# The searchable fields of each table, as in the models' __search_fields__.
FIELDS = {
    "activity_log": ("title", "description"),
    "tip": ("summary", "outcome"),
    "village": ("kind", "name", "code"),
    "user_account": ("username", "full_name"),
    "team_member": ("full_name",),
}
BATCH = 5000
FTS = "activity_log_fts"
SQLITE_INDEX = (
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON activity_log BEGIN "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON activity_log BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF search_text ON activity_log BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
)
PG_INDEX = (
    # Stored, so that a list checking each row does not parse its text again.
    "ALTER TABLE activity_log ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX ix_activity_log_search ON activity_log USING gin (search_vector)",
)
WORD = re.compile(r"[^\W_]+")
SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def search_text(*parts):
    """intranet.search.search_text as of this revision: " folded words " (spaces each side)."""
    words = []
    for part in parts:
        decomposed = unicodedata.normalize("NFD", str(part or "").translate(SPECIAL))
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        words += WORD.findall(plain)
    return f" {' '.join(words)} " if words else ""


def _backfill(bind, table, fields):
    columns = ", ".join(fields)
    select = f"SELECT id, {columns} FROM {table} WHERE id > :last ORDER BY id LIMIT {BATCH}"
    update = sa.text(f"UPDATE {table} SET search_text = :text WHERE id = :id")
    last = 0
    while True:
        rows = bind.execute(
            sa.text(select),
            {"last": last},
        ).all()
        if not rows:
            return
        bind.execute(update, [{"id": row[0], "text": search_text(*row[1:])} for row in rows])
        last = rows[-1][0]


def upgrade():
    bind = op.get_bind()
    for table, fields in FIELDS.items():
        op.add_column(table, sa.Column('search_text', sa.Text(), server_default='', nullable=False))
        _backfill(bind, table, fields)
    if bind.dialect.name == "postgresql":
        for statement in PG_INDEX:
            op.execute(statement)
    elif bind.dialect.name == "sqlite":
        try:
            op.execute(
                f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='activity_log', "
                "content_rowid='id', tokenize='unicode61', prefix='2 3')"
            )
        except sa.exc.OperationalError:
            logger.warning("SQLite has no FTS5: entries are searched without an index.")
            return
        for statement in SQLITE_INDEX:
            op.execute(statement)


def downgrade():
    # search_text is derived from other columns (the upgrade folds it again): dropping it loses
    # nothing, so it goes without the data-loss guard of op.drop_column (migrations/env.py).
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_activity_log_search")
        op.execute("ALTER TABLE activity_log DROP COLUMN IF EXISTS search_vector")
    elif bind.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    for table in FIELDS:
        op.execute(f"ALTER TABLE {table} DROP COLUMN search_text")
