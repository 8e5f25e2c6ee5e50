"""Inserting one row with a Core statement and still handing callers the persistent ORM object they expect."""

from functools import cache
from typing import TypeVar

from sqlalchemy import Connection, Table, insert
from sqlalchemy.orm import Session, class_mapper, make_transient_to_detached
from sqlmodel import SQLModel

from models.types import table_of

M = TypeVar("M", bound=SQLModel)


def insert_one(session: Session, model: type[M], values: dict) -> M:
    """Insert a row of `model` (defaults filled in like the constructor does) and return it, attached to the session."""
    # Pending ORM changes go first, as an autoflush would send them, so foreign keys and ordering stay as before.
    session.flush()
    row = {**defaults_of(model), **values}
    row.pop("id", None)
    inserted = session.connection().execute(_statement(model), row).inserted_primary_key
    assert inserted is not None, "an INSERT of one row always reports its key"
    row["id"] = inserted[0]
    return attach(session, model, row, fields_set=set(values) | {"id"})


def attach(session: Session, model: type[M], row: dict, fields_set: set[str]) -> M:
    """The persistent ORM object of a row just inserted with every column given, attached to the session."""
    # The ORM's own loader builds objects this way (no __init__, attributes set directly), which is what
    # makes this cheaper than the constructor plus a flush; every column is set, so nothing is lazy-loaded.
    instance = class_mapper(model).class_manager.new_instance()
    instance.__dict__.update(row)
    object.__setattr__(instance, "__pydantic_fields_set__", fields_set)
    make_transient_to_detached(instance)
    session.add(instance)
    return instance


@cache
def _statement(model: type[SQLModel]):
    # No explicit RETURNING: SQLite hands back the new id through lastrowid, which is cheaper to read.
    return insert(table_of(model))


@cache
def _static_defaults(model: type[SQLModel]) -> tuple[dict, tuple]:
    static, factories = {}, []
    for name, field in model.model_fields.items():
        if field.is_required():
            continue
        if field.default_factory is not None:
            factories.append((name, field.default_factory))
        else:
            static[name] = field.default
    return static, tuple(factories)


def defaults_of(model: type[SQLModel]) -> dict:
    """The values the model's constructor would fill in for the fields not given."""
    static, factories = _static_defaults(model)
    return {**static, **{name: factory() for name, factory in factories}}


def insert_or_ignore(connection: Connection, table: Table, values: dict) -> None:
    """Insert one row unless its key already exists: two desks may create the same row at once, the loser does nothing."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        connection.execute(postgresql_insert(table).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        connection.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())
