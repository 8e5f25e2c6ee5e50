"""The append-only event log: every change is written here in the same transaction, chained by hash per unit."""

import json
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from models import CadenaEventos, Evento
from models.audit import chain_digest, chain_key
from services.actor import Actor
from services.calendar import now_utc
from services.inserts import insert_one

_HEAD = CadenaEventos.__table__
# Built once and run on the session's connection: every service writes events, so the ORM's overhead adds up.
_HEAD_AT = _HEAD.c.cadena == bindparam("k_cadena")
_LOCK_HEAD = select(_HEAD.c.ultimo_id, _HEAD.c.ultimo_hash).where(_HEAD_AT).with_for_update()
_MOVE_HEAD = update(_HEAD).where(_HEAD_AT).values(ultimo_id=bindparam("k_id"), ultimo_hash=bindparam("k_hash"))


def record(
    session: Session, *, actor: Actor, accion: str, unidad_id: int | None,
    peticion_id: int | None = None, antes: str | None = None, despues: str | None = None,
    detalle: dict | None = None, when: datetime | None = None,
) -> Evento:
    """Append one event; the caller's transaction commits it together with the change it describes."""
    fields = dict(
        unidad_id=unidad_id, peticion_id=peticion_id, usuario_id=actor.id, actor=actor.nombre,
        ocurrido_en=when or now_utc(), accion=accion, estado_anterior=antes, estado_nuevo=despues,
        detalle=json.dumps(detalle or {}, ensure_ascii=False, default=str, sort_keys=True),
    )
    session.flush()
    key = chain_key(unidad_id)
    _, previous = lock_head(session, key)
    fields.update(hash_anterior=previous, hash=digest_of(previous, fields))
    evento = insert_one(session, Evento, fields)
    session.connection().execute(_MOVE_HEAD, {"k_cadena": key, "k_id": evento.id, "k_hash": evento.hash})
    return evento


def vars_of(evento: Evento) -> dict:
    """The fields of an event that its hash covers."""
    return {name: getattr(evento, name) for name in _HASHED}


_HASHED = ("unidad_id", "peticion_id", "usuario_id", "actor", "ocurrido_en", "accion", "estado_anterior",
           "estado_nuevo", "detalle")


def digest_of(previous: str, fields: dict) -> str:
    """The chain hash of an event given as a dict of its hashed fields."""
    return chain_digest(previous, **{name: fields[name] for name in _HASHED})


def lock_head(session: Session, key: int) -> tuple[int, str]:
    """The chain head's last event id and hash, its row locked until the transaction ends (created on first use)."""
    connection = session.connection()
    head = connection.execute(_LOCK_HEAD, {"k_cadena": key}).first()
    if head is not None:
        return head.ultimo_id, head.ultimo_hash
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    connection.execute(insert(_HEAD).values(cadena=key, ultimo_id=0, ultimo_hash="").on_conflict_do_nothing())
    head = connection.execute(_LOCK_HEAD, {"k_cadena": key}).one()
    return head.ultimo_id, head.ultimo_hash


def _move_head(session: Session, key: int, **values) -> None:
    session.connection().execute(update(_HEAD).where(_HEAD_AT).values(**values), {"k_cadena": key})


def chain_rows(session: Session, rows: list[dict]) -> None:
    """Fill hash_anterior and hash of event rows about to be bulk-inserted in this order, and advance the heads."""
    last_hash: dict[int, str] = {}
    for row in rows:
        key = chain_key(row["unidad_id"])
        if key not in last_hash:
            last_hash[key] = lock_head(session, key)[1]
        row["hash_anterior"] = last_hash[key]
        row["hash"] = last_hash[key] = digest_of(last_hash[key], row)
    for key, digest in last_hash.items():
        _move_head(session, key, ultimo_hash=digest)


def close_chain_rows(session: Session, rows: list[dict]) -> None:
    """After a bulk insert, record the id of each chain's last event in its head."""
    last: dict[int, int] = {}
    for row in rows:
        last[chain_key(row["unidad_id"])] = row["id"]
    for key, event_id in last.items():
        _move_head(session, key, ultimo_id=event_id)
