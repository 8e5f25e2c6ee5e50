"""Completing and correcting the petitioner's L3 data, and logging each attempt to reach them for it."""

from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Evento, Peticion
from models.enums import MedioNotificacion
from models.petition_io import PersonData
from models.validators import clean_text
from services import audit
from services.actor import Actor, require
from services.calendar import now_utc
from services.dates import as_aware, ensure_not_future, moment_text
from services.errors import InvalidInput
from services.l3 import CONTACT_ATTEMPT, MAX_CONTACT_ATTEMPTS, assess_record
from services.lifecycle import get_petition
from services.messages import spanish_errors

SERVANT = "servidor_publico"


def contact_attempts(session: Session, peticion_id: int) -> int:
    """How many attempts to reach the petitioner for their data the petition has on record."""
    return session.execute(
        select(func.count()).select_from(Evento)
        .where(col(Evento.accion) == CONTACT_ATTEMPT, col(Evento.peticion_id) == peticion_id)
    ).scalar_one()


def log_contact_attempt(*, session: Session, actor: Actor, folio: str, medio: str, resultado: str,
                        intentado_en: datetime | None = None, now: datetime | None = None) -> int:
    """Record an attempt to contact the petitioner to complete their data (L3); returns how many are on record."""
    require(actor, "datos")
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    if not peticion.datos_incompletos:
        raise InvalidInput("Los datos del peticionario ya están completos; no hace falta contactarlo para eso.")
    try:
        medio = MedioNotificacion(medio).value
    except ValueError:
        raise InvalidInput("Elija el medio del intento: teléfono, correo electrónico, correo postal o en persona.") from None
    resultado = clean_text(resultado or "")
    if not resultado:
        raise InvalidInput("Escriba el resultado del intento.")
    when = intentado_en or now
    ensure_not_future(when, now, "La fecha y hora del intento")
    if as_aware(when) < as_aware(peticion.recibida_en):
        raise InvalidInput(f"La fecha y hora del intento no puede ser anterior a la recepción de la petición "
                           f"({moment_text(peticion.recibida_en)}).")
    done = contact_attempts(session, peticion.id)
    if done >= MAX_CONTACT_ATTEMPTS:
        raise InvalidInput(f"Ya se registraron {MAX_CONTACT_ATTEMPTS} intentos de contacto; se da seguimiento a la "
                           "petición con los datos que hay (L3).")
    audit.record(session, actor=actor, accion=CONTACT_ATTEMPT, unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id, detalle={"medio": medio, "intentado_en": as_aware(when).isoformat(),
                                                   "intento": done + 1},
                 personal={"resultado": resultado}, when=now)
    return done + 1


def update(*, session: Session, actor: Actor, folio: str, changes: dict, now: datetime | None = None) -> Peticion:
    """Correct or complete the petitioner's data and the servidor público involved; the event names the fields
    changed, never their values."""
    require(actor, "datos")
    peticion = get_petition(session, folio, for_update=True)
    changes = dict(changes)
    servant = clean_text(changes.pop(SERVANT, None) or "") or None
    current = {name: getattr(peticion, name) for name in PersonData.model_fields}
    try:
        merged = PersonData.model_validate({**current, **changes})
    except ValidationError as error:
        raise InvalidInput("; ".join(spanish_errors(error))) from None
    changed = [name for name in PersonData.model_fields if getattr(merged, name) != current[name]]
    for name in changed:
        setattr(peticion, name, getattr(merged, name))
    if servant is not None and servant != peticion.servidor_publico:
        peticion.servidor_publico = servant
        changed.append(SERVANT)
    # Data typed into a petition marked anonymous says who wrote it: L3 then judges it by what it holds.
    verdict = assess_record(peticion, anonima=peticion.anonima and not any(name != SERVANT for name in changed))
    peticion.anonima, peticion.datos_incompletos = verdict.anonima, verdict.datos_incompletos
    audit.record(session, actor=actor, accion="datos_actualizados", unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id, detalle={"campos": changed, "datos_incompletos": peticion.datos_incompletos},
                 when=now or now_utc())
    return peticion
