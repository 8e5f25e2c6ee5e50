"""ARCO rights (access, rectification, cancellation, opposition) over a petitioner's data, each one logged."""

import json
from datetime import datetime

from sqlalchemy import func, or_
from sqlalchemy.orm import Session
from sqlmodel import SQLModel, col, select

from models import Canalizacion, Evento, Notificacion, Peticion, Prorroga, Recordatorio, Respuesta
from models.types import table_of
from models.validators import clean_text, normalize_curp
from services import audit
from services.actor import Actor, require
from services.errors import InvalidInput, NotFound

ARCO_KINDS = {"cancelacion": "cancelación", "oposicion": "oposición", "rectificacion": "rectificación", "acceso": "acceso"}


def _plain(row) -> dict:
    data = {}
    for name, value in row.model_dump().items():
        data[name] = value.isoformat() if isinstance(value, datetime) or hasattr(value, "isoformat") else value
    return data


def petitions_of(session: Session, *, curp: str | None = None, folio: str | None = None) -> list[Peticion]:
    """The petitions of one person (by CURP) or one petition (by folio)."""
    if curp:
        try:
            curp = normalize_curp(curp)
        except ValueError as error:
            raise InvalidInput(f"CURP: {error}") from None
        rows = session.execute(select(Peticion).where(col(Peticion.curp) == curp).order_by(col(Peticion.id))).scalars().all()
    elif folio:
        rows = session.execute(select(Peticion).where(Peticion.folio == folio.strip().upper())).scalars().all()
    else:
        raise InvalidInput("Indique la CURP o el folio de la persona.")
    if not rows:
        raise NotFound("No hay peticiones con esos datos.")
    return list(rows)


def export(*, session: Session, actor: Actor, curp: str | None = None, folio: str | None = None) -> dict:
    """Everything held about a person, for an access request; each petition read is recorded."""
    require(actor, "reportes")
    peticiones: list[dict] = []
    result: dict = {"generado_por": actor.nombre, "peticiones": peticiones}
    for peticion in petitions_of(session, curp=curp, folio=folio):
        related: dict[str, list[dict]] = {}
        models: tuple[tuple[str, type[SQLModel]], ...] = (
            ("canalizaciones", Canalizacion), ("recordatorios", Recordatorio), ("prorrogas", Prorroga),
            ("respuestas", Respuesta), ("notificaciones", Notificacion), ("eventos", Evento))
        for name, model in models:
            table = table_of(model)
            rows = session.execute(select(model).where(table.c.peticion_id == peticion.id).order_by(table.c.id)).scalars()
            related[name] = [_plain(r) for r in rows]
        personal = audit.personal_of(session, [e["id"] for e in related["eventos"]])
        for evento in related["eventos"]:
            if evento["id"] in personal:
                evento["datos_personales"] = personal[evento["id"]]
        peticiones.append({"peticion": _plain(peticion), **related})
        audit.record(session, actor=actor, accion="arco_acceso", unidad_id=peticion.unidad_id, peticion_id=peticion.id)
    own = [item["peticion"]["id"] for item in peticiones]
    result["menciones"] = []
    for other in mentions(session, petitions_of(session, curp=curp, folio=folio), exclude=own):
        result["menciones"].append({"folio": other.folio, "descripcion": other.descripcion})
        audit.record(session, actor=actor, accion="arco_acceso", unidad_id=other.unidad_id, peticion_id=other.id,
                     detalle={"mencion": True})
    return result


def mentions(session: Session, petitions: list[Peticion], *, exclude: list[int]) -> list[Peticion]:
    """Other petitions whose free text names this person: by CURP, telephone or full name."""
    needles: set[str] = set()
    for peticion in petitions:
        needles.update(value.lower() for value in (peticion.curp, peticion.telefono, peticion.nombre_completo)
                       if value and len(value) >= 8)
    if not needles:
        return []
    text = func.lower(Peticion.descripcion)
    return list(session.execute(
        select(Peticion).where(or_(*(text.contains(needle, autoescape=True) for needle in needles)),
                               col(Peticion.id).not_in(exclude)).order_by(col(Peticion.id))
    ).scalars())


def record_request(*, session: Session, actor: Actor, folio: str, tipo: str, motivo: str) -> Peticion:
    """Record a cancellation or opposition request (or a rectification note) on a petition."""
    require(actor, "datos")
    if tipo not in ARCO_KINDS:
        raise InvalidInput("El tipo de solicitud ARCO debe ser acceso, rectificacion, cancelacion u oposicion.")
    if not clean_text(motivo):
        raise InvalidInput("Escriba el motivo o el contenido de la solicitud.")
    peticion = petitions_of(session, folio=folio)[0]
    audit.record(session, actor=actor, accion=f"arco_{tipo}", unidad_id=peticion.unidad_id, peticion_id=peticion.id,
                 personal={"motivo": clean_text(motivo)})
    return peticion


def to_json(data: dict) -> str:
    """The export as indented UTF-8 JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
