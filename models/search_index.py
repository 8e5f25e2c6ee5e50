"""The text index over petitioners' names and descriptions: SQLite FTS5 kept by triggers, PostgreSQL GIN expressions.

SQLite: an external-content FTS5 table over `peticion` (it stores the index only, never a second copy of the text),
tokenised by `unicode61 remove_diacritics 2` (case and accents ignored), kept in step by triggers on every insert,
delete and update of the indexed columns — whichever service writes them, forgetting included.

PostgreSQL: `unaccent` is an extension the desk's database role may not be allowed to create, so accents are folded
with the built-in, immutable `translate(lower(...))` and the folded text is indexed as a `simple` tsvector by a GIN
expression index; PostgreSQL keeps an expression index in step by itself.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

FTS_TABLE = "peticion_busqueda"
NAME_COLUMNS = ("nombre", "primer_apellido", "segundo_apellido")
_COLUMNS = (*NAME_COLUMNS, "descripcion")
# What lower() leaves with an accent in Spanish (and the odd French or Portuguese name), and its plain letter.
ACCENTED = "áàâäãéèêëíìîïóòôöõúùûüñç"
PLAIN = "aaaaaeeeeiiiiooooouuuunc"


def _folded(expression: str) -> str:
    return f"translate(lower({expression}), '{ACCENTED}', '{PLAIN}')"


# The index expressions; a query must repeat them exactly for PostgreSQL to use the indexes.
PG_NAME_VECTOR = ("to_tsvector('simple'::regconfig, "
                  + _folded("peticion.nombre || ' ' || peticion.primer_apellido || ' ' || peticion.segundo_apellido") + ")")
PG_TEXT_VECTOR = "to_tsvector('simple'::regconfig, " + _folded("peticion.descripcion") + ")"
PG_INDEXES = {"ix_peticion_busqueda_nombre": PG_NAME_VECTOR, "ix_peticion_busqueda_descripcion": PG_TEXT_VECTOR}


def include_name(name: str | None, type_: Any, _parent_names: Any) -> bool:
    """For Alembic: the FTS5 tables and the GIN expression indexes are not models, so never compared nor dropped."""
    if name is None:
        return True
    return not ((type_ == "table" and name.startswith(FTS_TABLE)) or (type_ == "index" and name in PG_INDEXES))


_COLS = ", ".join(_COLUMNS)
_REMEMBER = f"INSERT INTO {FTS_TABLE}(rowid, {_COLS}) VALUES (new.id, {', '.join(f'new.{c}' for c in _COLUMNS)});"
_INSERT_TRIGGER = f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON peticion BEGIN {_REMEMBER} END"


def _sqlite_statements() -> list[str]:
    old = ", ".join(f"old.{c}" for c in _COLUMNS)
    forget = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLS}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({_COLS}, content='peticion', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')",
        _INSERT_TRIGGER,
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON peticion BEGIN {forget} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF {_COLS} ON peticion BEGIN {forget} {_REMEMBER} END",
    ]


def install(connection: Connection) -> None:
    """Create the index for this backend and fill it from the petitions already stored.

    A later SQLite migration that rebuilds `peticion` in batch mode drops its triggers: it must call this again.
    """
    if connection.dialect.name == "sqlite":
        for statement in _sqlite_statements():
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        return
    for name, expression in PG_INDEXES.items():
        connection.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON peticion USING gin (({expression}))")


@contextmanager
def indexed_at_end(connection: Connection) -> Iterator[None]:
    """Inside a write transaction, index the petitions the block inserts (ids above the existing ones) at its end."""
    if connection.dialect.name != "sqlite":
        yield
        return
    # The per-row trigger costs two thirds of a bulk insert into peticion; one INSERT … SELECT at the end costs a
    # fraction. Dropping and re-creating the very same trigger is part of the transaction: a rollback restores it
    # and other connections never see it missing.
    before = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM peticion").scalar()
    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai")
    yield
    connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}(rowid, {_COLS}) SELECT id, {_COLS} FROM peticion WHERE id > ?",
                               (before,))
    connection.exec_driver_sql(_INSERT_TRIGGER)


def purge(connection: Connection) -> None:
    """Merge the SQLite index's segments so that words of forgotten people are gone from the file, not just unlisted."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")


def uninstall(connection: Connection) -> None:
    """Drop the index and, on SQLite, its triggers."""
    if connection.dialect.name == "sqlite":
        for suffix in ("_ai", "_ad", "_au"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {FTS_TABLE}{suffix}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        return
    for name in PG_INDEXES:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
