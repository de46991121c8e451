"""Search as a Vietnamese user expects it, the one way every `q` is matched and highlighted.

People type without accents on tablets and in a hurry, and đ is d to a searcher: "tuan tra"
must find "Tuần tra", "DUONG" must find "đường". So every searchable row keeps its text folded
(`fold`: NFD, combining marks dropped, đ → d, lowercase) in a `search_text` column, written by
one session hook (`_keep_search_text`) whatever view, workflow, CLI or demo saved the row; a
model names its fields in `__search_fields__`. The column holds the folded words separated by
single spaces, with a space at each end: `LIKE '% tuan %'` finds the word, `'% tua%'` its start.

A query matches when each of its words (folded, in any order) is a word of the row, the last
one (perhaps still being typed) the start of one: "tuan tr" finds "Tuần tra", and "tra tuan"
does not find "trật tự tuần"; up to MAX_WORDS words count. Entries, the table that grows, are
matched through an index: SQLite FTS5 (`activity_log_fts`, an external-content table that
triggers keep in step with the column; a rare word's few entries are taken by id, common
words checked on the list's own walk) and on PostgreSQL a stored tsvector `search_vector`
(`to_tsvector('simple', search_text)`, a GIN index on it); neither needs an extension
(`unaccent`, `pg_trgm`), since
the folding is ours. Smaller tables (tips, villages, accounts, team members) use the same words
with LIKE on the column.

`matches(Model, q)` is a WHERE clause: callers add it to their list's query beside the
permission filters (permissions.visible_logs ...), so a search never finds what the list would
not show.

Best matches first: a model also names its title (`__search_title__`; an entry's title, a tip's
summary, a village's or a person's name), kept folded the same way in `search_title`. Among
the rows that match, `tiers(Model, q)` splits them in three, best first: 0, the query's words
as a phrase in the title ("tuan tra" in "Tuần tra ban đêm"); 1, every word in the title in
another order or place; 2, the rest (a word only in the description). A list of a search is
ordered by (tier, date newest first, id), and its cursor carries the tier
(pagination.Cursor: `a1~2026-05-01.123`). A small integer, computed by LIKE on the matched
rows' short folded title: the same on SQLite and PostgreSQL, exact in a cursor where a floating
bm25 or ts_rank would differ between the two and between releases. The index still finds the
matching rows; each tier is a walk of the list's own (date, id) order (logs.queries), except
where the index says the rows are few: at most FEW matches (`few`), or a title tier of at most
FEW rows, found through an index of the titles alone (`few_in_tier`), are taken by id. The
board (a live feed whose poll asks for what is newer than its top row) and the .xlsx export
keep newest first.

`highlight` (a Jinja filter) marks the matched words in the text as displayed, with <mark>,
escaping everything else.
"""

import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from functools import cache
from types import SimpleNamespace
from typing import Any

from flask import Flask
from flask import g
from flask import has_request_context
from markupsafe import escape
from markupsafe import Markup
from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import column
from sqlalchemy import event
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import literal_column
from sqlalchemy import Select
from sqlalchemy import select
from sqlalchemy import table
from sqlalchemy import text
from sqlalchemy import true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from intranet.models import ActivityLog
from intranet.models import db

# A word: letters and digits (after folding, Vietnamese is plain a-z).
WORD = re.compile(r"[^\W_]+")
# More words than this narrow nothing a person would notice and cost a join or a LIKE each.
MAX_WORDS = 8
FTS_TABLE = "activity_log_fts"
# PostgreSQL keeps the entries' words as a stored tsvector: a list that walks its own index and
# checks each row reads it instead of parsing the text again (114 µs a row, bench/NOTES.md).
PG_VECTOR = "activity_log.search_vector"
SIMPLE = literal_column("'simple'::regconfig")
FTS = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
# The entries' index, made with their table by create_all (tests) and by the migration
# (migrations/versions/*_accent_folded_search.py holds the same statements).
SQLITE_INDEX = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, content='activity_log', "
    "content_rowid='id', tokenize='unicode61', prefix='2 3')",
    f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON activity_log BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON activity_log BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF search_text ON activity_log BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
)
# The folded titles' own FTS5 table, so that a search's title tiers are found through it
# (few_in_tier; migrations/versions/*_title_search_index.py holds the same statements).
TITLE_FTS_TABLE = "activity_log_fts_title"
TITLE_FTS = table(TITLE_FTS_TABLE, column("rowid"), column(TITLE_FTS_TABLE))
SQLITE_TITLE_INDEX = (
    f"CREATE VIRTUAL TABLE {TITLE_FTS_TABLE} USING fts5(search_title, content='activity_log', "
    "content_rowid='id', tokenize='unicode61', prefix='2 3')",
    f"CREATE TRIGGER {TITLE_FTS_TABLE}_insert AFTER INSERT ON activity_log BEGIN "
    f"INSERT INTO {TITLE_FTS_TABLE}(rowid, search_title) VALUES (new.id, new.search_title); END",
    f"CREATE TRIGGER {TITLE_FTS_TABLE}_delete AFTER DELETE ON activity_log BEGIN "
    f"INSERT INTO {TITLE_FTS_TABLE}({TITLE_FTS_TABLE}, rowid, search_title) "
    "VALUES ('delete', old.id, old.search_title); END",
    f"CREATE TRIGGER {TITLE_FTS_TABLE}_update AFTER UPDATE OF search_title ON activity_log BEGIN "
    f"INSERT INTO {TITLE_FTS_TABLE}({TITLE_FTS_TABLE}, rowid, search_title) "
    "VALUES ('delete', old.id, old.search_title); "
    f"INSERT INTO {TITLE_FTS_TABLE}(rowid, search_title) VALUES (new.id, new.search_title); END",
)
PG_INDEX_NAME = "ix_activity_log_search"
PG_INDEX = (
    "ALTER TABLE activity_log ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_text)) STORED",
    f"CREATE INDEX {PG_INDEX_NAME} ON activity_log USING gin (search_vector)",
)
# The folded title's words, so that a tier the words seldom fall in (the phrase in the title, or
# every word in the title but not as a phrase) is found through an index rather than by walking
# the list (migrations/versions/*_title_search_index.py holds the same statements).
PG_TITLE_VECTOR = "activity_log.search_title_vector"
PG_TITLE_INDEX_NAME = "ix_activity_log_search_title"
PG_TITLE_INDEX = (
    "ALTER TABLE activity_log ADD COLUMN search_title_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_title)) STORED",
    f"CREATE INDEX {PG_TITLE_INDEX_NAME} ON activity_log USING gin (search_title_vector)",
)


def repair_sqlite_index(connection: Any) -> bool:
    """Make the entries' FTS triggers again where a migration lost them; True if it had to.

    SQLite drops a table's triggers with the table, and a batch migration of `activity_log`
    (a new column, a new constraint) copies the table, drops it and renames the copy: the
    FTS table stays but no longer hears of new or changed entries. migrations/env.py calls
    this after every SQLite run; the index is then rebuilt from the folded column.
    """
    if connection.dialect.name != "sqlite":
        return False
    names = {
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'activity_log_fts%'"
        )
    }
    if FTS_TABLE not in names:
        return False  # no FTS5 here: search uses LIKE on the folded column
    repaired = False
    for fts, statements in ((FTS_TABLE, SQLITE_INDEX), (TITLE_FTS_TABLE, SQLITE_TITLE_INDEX)):
        if fts not in names:
            continue  # before the migration that makes it
        missing = [sql for sql in statements[1:] if sql.split()[2] not in names]
        for statement in missing:
            connection.exec_driver_sql(statement)
        if missing:
            connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        repaired = repaired or bool(missing)
    return repaired


def outside_models(name: str | None, kind: str, _parents: Any) -> bool:
    """False for the search index's own objects, which the models do not describe (Alembic's
    include_name: autogenerate and the schema test leave them alone)."""
    if kind == "table":
        return not (name or "").startswith(FTS_TABLE)
    return (kind, name) not in {
        ("index", PG_INDEX_NAME),
        ("column", "search_vector"),
        ("index", PG_TITLE_INDEX_NAME),
        ("column", "search_title_vector"),
    }


# Letters NFD does not take apart: đ and Đ are letters of their own, not d with a mark.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(value: str) -> str:
    """The text as a searcher means it: no accents, đ as d, lowercase."""
    decomposed = unicodedata.normalize("NFD", value.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def folded_words(value: str) -> list[str]:
    """The folded words of a text, in order."""
    return WORD.findall(fold(value))


def search_text(*parts: Any) -> str:
    """What `search_text` holds for these field values: " word word … " (a space each side,
    so that LIKE '% word %' finds a whole word and '% wor%' the start of one)."""
    words = [w for part in parts if part for w in folded_words(str(part))]
    return f" {' '.join(words)} " if words else ""


def _hits(token: str, words: list[str]) -> bool:
    """Whether a folded word of the text is one the query asks for: the query's words whole,
    its last one (perhaps still being typed) as the start of a word."""
    return token in words[:-1] or token.startswith(words[-1])


def query_words(q: str | None) -> list[str]:
    """The distinct folded words of a query, first MAX_WORDS of them."""
    words = list(dict.fromkeys(folded_words(q or "")))
    return words[:MAX_WORDS]


# Relevance tiers, best first (see the module's docstring).
PHRASE_IN_TITLE, ALL_IN_TITLE, ELSEWHERE = 0, 1, 2
TIERS = (PHRASE_IN_TITLE, ALL_IN_TITLE, ELSEWHERE)


def tiers(model: Any, q: str | None) -> list[tuple[int, ColumnElement[bool]]]:
    """The tiers a match of `q` can fall in, best first, each with the condition that puts a
    matching row in it (the conditions exclude each other; with one word, tier 1 is tier 0's).

    With no words, every row is of tier 0.
    """
    words = query_words(q)
    if not words:
        return [(PHRASE_IN_TITLE, true())]
    title = model.search_title
    phrase = title.like(f"% {' '.join(words)}%")
    if len(words) == 1:
        return [(PHRASE_IN_TITLE, phrase), (ELSEWHERE, ~phrase)]
    every = and_(*(title.like(f"% {w} %") for w in words[:-1]), title.like(f"% {words[-1]}%"))
    return [(PHRASE_IN_TITLE, phrase), (ALL_IN_TITLE, and_(every, ~phrase)), (ELSEWHERE, ~every)]


def rank(model: Any, q: str | None) -> ColumnElement[int]:
    """A row's tier for `q` as a column (0 best), for ordering and for the cursor."""
    conditions = tiers(model, q)
    if len(conditions) == 1:
        return literal(PHRASE_IN_TITLE)
    return case(*((condition, tier) for tier, condition in conditions[:-1]), else_=ELSEWHERE)


def _tsquery(words: list[str], joint: str = " & ") -> ColumnElement[Any]:
    """The words as a PostgreSQL tsquery, the last as the start of a word; joined by `&`
    (every word) or `<->` (the words as a phrase, the order typed).

    Written into the statement, not bound: the best plan depends on the words (rare: the index;
    common: the list's walk), and a prepared statement's generic plan, which psycopg reaches
    after five runs, took 130 ms where the words' own took 0.3. Safe as SQL: query words are
    letters and digits only (WORD).
    """
    tsquery = joint.join([*words[:-1], f"{words[-1]}:*"])
    return func.to_tsquery(SIMPLE, literal_column(f"'{tsquery}'"))


def matches(model: Any, q: str | None) -> ColumnElement[bool]:
    """Rows of `model` that have every word of `q` (the last as the start of a word).

    An empty query matches every row; one of signs only ("%", "--") none, as nothing has it.
    """
    words = query_words(q)
    if not words:
        return false() if q and q.strip() else true()
    if model is ActivityLog:
        dialect = db.session.get_bind().dialect.name
        if dialect == "sqlite" and not _has_fts():
            dialect = "like"
        if dialect in ("sqlite", "postgresql"):
            few = _few_matches(words, dialect)
            if few is not None:
                return model.id.in_(few) if few else false()
        if dialect == "postgresql":
            # Many matches: the planner weighs the words against the index's statistics
            # (the index's bitmap, or the list's own order checking each row's stored vector).
            return literal_column(PG_VECTOR).op("@@")(_tsquery(words))
    whole = (model.search_text.like(f"% {w} %") for w in words[:-1])
    return and_(*whole, model.search_text.like(f"% {words[-1]}%"))


def few(model: Any, q: str | None) -> bool:
    """Whether `matches(model, q)` takes the rows by id, there being at most FEW of them (entries,
    SQLite with FTS5 or PostgreSQL): a list may then sort them all as it likes, at no more cost
    than that."""
    words = query_words(q)
    if model is not ActivityLog or not words:
        return False
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite" and not _has_fts() or dialect not in ("sqlite", "postgresql"):
        return False
    return _few_matches(words, dialect) is not None


def few_in_tier(model: Any, q: str | None, tier: int) -> list[int] | None:
    """The ids of the rows of a title tier (search.tiers: the phrase in the title, or every word
    in it) when it holds at most FEW rows in the whole table, found through the title's index
    (a GIN tsvector on PostgreSQL, FTS5 on SQLite); None when it holds more, or for the last
    tier, or without such an index.

    A list that walks its own (date, id) order reads all of it for a tier the words seldom fall
    in (2 s at 1,000,000 entries on PostgreSQL, bench/RESULTS.md); the few rows taken by id cost
    a few milliseconds. Remembered for the request, like `_few_matches`.
    """
    words = query_words(q)
    if model is not ActivityLog or not words or tier == ELSEWHERE:
        return None
    dialect = db.session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql") or dialect == "sqlite" and not _has_fts():
        return None
    remembered = g.setdefault("search_few_in_tier", {}) if has_request_context() else {}
    key = (tuple(words), tier, FEW, str(db.engine.url))
    if key in _MANY_IN_TIER:
        return None
    if key not in remembered:
        if dialect == "postgresql":
            found = _title_candidates_pg(model, q, words, tier)
        else:
            found = _title_candidates_sqlite(model, q, words, tier)
        ids = list(db.session.scalars(found.limit(FEW + 1)))
        remembered[key] = ids if len(ids) <= FEW else None
        if remembered[key] is None:
            # A tier of many rows stays one (entries are seldom deleted); walking it is right
            # either way, so the process remembers that and spares every later page the probe
            # (100 ms for "an ninh" at 1,000,000 entries: the index's bitmap of its titles).
            if len(_MANY_IN_TIER) >= MANY_REMEMBERED:
                _MANY_IN_TIER.clear()
            _MANY_IN_TIER.add(key)
    return remembered[key]


# The title tiers known to hold more than FEW rows, for this process (few_in_tier).
_MANY_IN_TIER: set[tuple] = set()
MANY_REMEMBERED = 4096


def _title_candidates_pg(model: Any, q: str | None, words: list[str], tier: int) -> Select:
    # The phrase's tsquery narrows tier 0 exactly (positions are rechecked on the row); tier 1's
    # rows have every word, and the tier's own LIKE says the rest.
    joint = " <-> " if tier == PHRASE_IN_TITLE else " & "
    title = literal_column(PG_TITLE_VECTOR).op("@@")(_tsquery(words, joint))
    # MATERIALIZED: the candidates come from the title's index (a bitmap) and are then checked;
    # left to itself PostgreSQL multiplies the two conditions' estimates (a tier it believes
    # large that holds nothing) and reads the whole table in its own order.
    candidates = (
        select(model.id, model.search_title)
        .where(title)
        .cte("title_candidates")
        .prefix_with("MATERIALIZED")
    )
    # The tier's own condition, on the candidates' titles (tiers() reads only search_title).
    condition = dict(tiers(SimpleNamespace(search_title=candidates.c.search_title), q))[tier]
    return select(candidates.c.id).where(condition)


def _title_candidates_sqlite(model: Any, q: str | None, words: list[str], tier: int) -> Select:
    # FTS5 keeps positions: a phrase whose last word is a prefix ("an ninh"*), or every word but
    # not that phrase (("an" AND "ninh"*) NOT "an ninh"*), found in the index alone; the ids are
    # then looked up by rowid and checked against the tier's own LIKE.
    phrase = f'"{" ".join(words)}"*'
    if tier == PHRASE_IN_TITLE:
        wanted = phrase
    else:
        every = " AND ".join([*(f'"{w}"' for w in words[:-1]), f'"{words[-1]}"*'])
        wanted = f"({every}) NOT {phrase}"
    title = select(TITLE_FTS.c.rowid).where(TITLE_FTS.c[TITLE_FTS_TABLE].op("MATCH")(wanted))
    return select(model.id).where(model.id.in_(title), dict(tiers(model, q))[tier])


# Up to this many matching entries, the list takes them by id from the index; with more, its
# walk in its own order meets a match every few rows and checks the column (measured at
# 100,000 entries on SQLite: a word in 1 entry took 57 ms through the index joined to the walk,
# 3 ms by ids; a word in half the entries 67 ms through the index, 0.1 ms by the walk; at
# 1,000,000 on PostgreSQL the planner, misjudging a rare prefix, walked the list for 1.8 s).
FEW = 1000


def _few_matches(words: list[str], dialect: str) -> list[int] | None:
    """The ids of the entries that match, when there are at most FEW of them; else None.

    One query of the index (FTS5, or the GIN tsvector, with LIMIT FEW + 1), remembered for the
    request (a list asks once per part).
    """
    remembered = g.setdefault("search_few", {}) if has_request_context() else {}
    key = (tuple(words), dialect, FEW)
    if key not in remembered:
        if dialect == "postgresql":
            # PostgreSQL's estimate of a prefix (`chieng:*`: 1,200 rows for 1 at 1,000,000)
            # does not matter here: with LIMIT it takes the index's bitmap for a rare word and
            # stops early on the table for a common one.
            found = (
                select(ActivityLog.id)
                .where(literal_column(PG_VECTOR).op("@@")(_tsquery(words)))
                .limit(FEW + 1)
            )
        else:
            phrase = " AND ".join([*(f'"{w}"' for w in words[:-1]), f'"{words[-1]}"*'])
            found = select(FTS.c.rowid).where(FTS.c[FTS_TABLE].op("MATCH")(phrase)).limit(FEW + 1)
        ids = list(db.session.scalars(found))
        remembered[key] = ids if len(ids) <= FEW else None
    return remembered[key]


@cache
def _has_fts() -> bool:
    """Whether this process's SQLite has FTS5 (asked once, of an in-memory database).

    The migration leaves the FTS table out where it has not (then LIKE on the folded column
    finds the same rows, only slower), so the answer says whether the table is there.
    """
    with sqlite3.connect(":memory:") as connection:
        try:
            connection.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
        except sqlite3.OperationalError:
            return False
    return True


def highlight(value: Any, q: str | None) -> Markup:
    """The text, escaped, with each word that `q` asks for marked (accents kept as written)."""
    shown = "" if value is None else str(value)
    words = query_words(q)
    if not words or not shown:
        return escape(shown)
    return Markup("").join(_runs(shown, _marks(shown, words)))


def excerpt(value: Any, q: str | None, width: int = 160) -> Markup:
    """About `width` letters of the text around its first match, highlighted (the start when
    nothing matches), with … where it was cut."""
    shown = "" if value is None else str(value)
    if len(shown) <= width:
        return highlight(shown, q)
    words = query_words(q)
    marked = _marks(shown, words) if words else []
    first = marked.index(True) if True in marked else 0
    start = 0
    if first > width // 3:
        start = shown.rfind(" ", 0, first - width // 3) + 1
    end = min(len(shown), start + width)
    if end < len(shown) and " " in shown[start:end]:
        end = shown.rfind(" ", start, end)
    before = "… " if start else ""
    after = " …" if end < len(shown) else ""
    return Markup("").join((escape(before), highlight(shown[start:end], q), escape(after)))


def _marks(shown: str, words: list[str]) -> list[bool]:
    """For each letter shown, whether it belongs to a word the query asks for (compared
    folded, letter by letter, so that accents and đ are kept as written)."""
    pieces = [fold(letter) for letter in shown]
    owner = [i for i, piece in enumerate(pieces) for _ in piece]
    folded = "".join(pieces)
    marked = [False] * len(shown)
    for found in WORD.finditer(folded):
        if _hits(found.group(), words):
            last = owner[found.end() - 1] + 1
            # A mark typed apart from its letter (decomposed text) goes with the letter.
            while last < len(shown) and not pieces[last]:
                last += 1
            for place in range(owner[found.start()], last):
                marked[place] = True
    return marked


def _runs(shown: str, marked: list[bool]) -> Iterable[Markup]:
    start = 0
    for end in range(1, len(shown) + 1):
        if end == len(shown) or marked[end] != marked[start]:
            piece = escape(shown[start:end])
            yield Markup("<mark>%s</mark>") % piece if marked[start] else piece
            start = end


@event.listens_for(Session, "before_flush")
def _keep_search_text(session: Session, _context: Any, _instances: Any) -> None:
    """Fold the searchable fields of every row about to be written into its `search_text`.

    One hook for every write path (forms, workflows, bulk approval, CLI, demo): a model lists
    its fields in `__search_fields__`, and its title's (`search_title`) in `__search_title__`.
    Bulk Core inserts (bench/generate.py) call search_text.
    """
    with session.no_autoflush:
        for row in (*session.new, *session.dirty):
            fields = getattr(type(row), "__search_fields__", None)
            if fields:
                value = search_text(*(getattr(row, name) for name in fields))
                if row.search_text != value:
                    row.search_text = value
            titled = getattr(type(row), "__search_title__", None)
            if titled:
                title = search_text(*(getattr(row, name) for name in titled))
                if row.search_title != title:
                    row.search_title = title


def _create_index(_table: Any, connection: Any, **_kw: Any) -> None:
    statements = {
        "sqlite": (
            f"DROP TABLE IF EXISTS {FTS_TABLE}",
            *SQLITE_INDEX,
            f"DROP TABLE IF EXISTS {TITLE_FTS_TABLE}",
            *SQLITE_TITLE_INDEX,
        ),
        "postgresql": (*PG_INDEX, *PG_TITLE_INDEX),
    }
    for statement in statements.get(connection.dialect.name, ()):
        connection.execute(text(statement))


def _drop_index(_table: Any, connection: Any, **_kw: Any) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
        connection.execute(text(f"DROP TABLE IF EXISTS {TITLE_FTS_TABLE}"))


event.listen(ActivityLog.__table__, "after_create", _create_index)
event.listen(ActivityLog.__table__, "before_drop", _drop_index)


def init_app(app: Flask) -> None:
    """Give templates the `highlight` and `excerpt` filters."""
    app.add_template_filter(highlight, "highlight")
    app.add_template_filter(excerpt, "excerpt")
