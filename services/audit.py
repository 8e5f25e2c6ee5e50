"""The append-only event log: every change is written here in the same transaction, chained by hash per unit."""

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CadenaEventos, Evento
from models.audit import chain_digest, chain_key
from services.actor import Actor
from services.calendar import now_utc


def record(
    session: Session, *, actor: Actor, accion: str, unidad_id: int | None,
    peticion_id: int | None = None, antes: str | None = None, despues: str | None = None,
    detalle: dict | None = None, when: datetime | None = None,
) -> Evento:
    """Append one event; the caller's transaction commits it together with the change it describes."""
    evento = Evento(
        unidad_id=unidad_id, peticion_id=peticion_id, usuario_id=actor.id, actor=actor.nombre,
        ocurrido_en=when or now_utc(), accion=accion, estado_anterior=antes, estado_nuevo=despues,
        detalle=json.dumps(detalle or {}, ensure_ascii=False, default=str, sort_keys=True),
    )
    head = lock_head(session, chain_key(unidad_id))
    evento.hash_anterior = head.ultimo_hash
    evento.hash = digest_of(evento.hash_anterior, vars_of(evento))
    session.add(evento)
    session.flush()
    head.ultimo_id, head.ultimo_hash = evento.id, evento.hash
    return evento


def vars_of(evento: Evento) -> dict:
    """The fields of an event that its hash covers."""
    return {name: getattr(evento, name) for name in _HASHED}


_HASHED = ("unidad_id", "peticion_id", "usuario_id", "actor", "ocurrido_en", "accion", "estado_anterior",
           "estado_nuevo", "detalle")


def digest_of(previous: str, fields: dict) -> str:
    """The chain hash of an event given as a dict of its hashed fields."""
    return chain_digest(previous, **{name: fields[name] for name in _HASHED})


def lock_head(session: Session, key: int) -> CadenaEventos:
    """The chain's head row, locked until the transaction ends (created on first use)."""
    statement = select(CadenaEventos).where(CadenaEventos.cadena == key).with_for_update().execution_options(populate_existing=True)
    head = session.execute(statement).scalar_one_or_none()
    if head is not None:
        return head
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(CadenaEventos).values(cadena=key, ultimo_id=0, ultimo_hash="").on_conflict_do_nothing())
    return session.execute(statement).scalar_one()


def chain_rows(session: Session, rows: list[dict]) -> None:
    """Fill hash_anterior and hash of event rows about to be bulk-inserted in this order, and advance the heads."""
    last_hash: dict[int, str] = {}
    for row in rows:
        key = chain_key(row["unidad_id"])
        if key not in last_hash:
            last_hash[key] = lock_head(session, key).ultimo_hash
        row["hash_anterior"] = last_hash[key]
        row["hash"] = last_hash[key] = digest_of(last_hash[key], row)
    for key, digest in last_hash.items():
        lock_head(session, key).ultimo_hash = digest


def close_chain_rows(session: Session, rows: list[dict]) -> None:
    """After a bulk insert, record the id of each chain's last event in its head."""
    last: dict[int, int] = {}
    for row in rows:
        last[chain_key(row["unidad_id"])] = row["id"]
    for key, event_id in last.items():
        lock_head(session, key).ultimo_id = event_id
