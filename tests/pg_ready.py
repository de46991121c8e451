"""Exit 0 when the PostgreSQL of the given URL answers, creating its database if missing.

Used by `make test-postgres` before it runs the suite against that database.
"""

import sys

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url


def main(url: str) -> int:
    parsed = make_url(url)
    params = {
        "host": parsed.host or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username or "postgres",
        "password": parsed.password or None,
        "connect_timeout": 3,
    }
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)
            ).fetchone()
            if not exists:
                connection.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(parsed.database))
                )
    except psycopg.OperationalError:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
