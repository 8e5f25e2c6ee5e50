"""Completing and correcting the petitioner's L3 data, and logging each attempt to reach them."""

from datetime import datetime

from pydantic import ValidationError
from sqlalchemy.orm import Session

from models import Peticion
from models.petition_io import PersonData
from services import audit
from services.actor import Actor, require
from services.calendar import now_utc
from services.errors import InvalidInput
from services.lifecycle import get_petition
from services.messages import spanish_errors


def log_contact_attempt(*, session: Session, actor: Actor, folio: str, medio: str, resultado: str,
                        now: datetime | None = None) -> None:
    """Record an attempt to contact the petitioner to complete their data (L3)."""
    require(actor, "datos")
    peticion = get_petition(session, folio)
    audit.record(session, actor=actor, accion="intento_completar_datos", unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id, detalle={"medio": medio}, personal={"resultado": resultado},
                 when=now or now_utc())


def update(*, session: Session, actor: Actor, folio: str, changes: dict, now: datetime | None = None) -> Peticion:
    """Correct or complete the petitioner's data; the event names the fields changed, never their values."""
    require(actor, "datos")
    peticion = get_petition(session, folio, for_update=True)
    current = {name: getattr(peticion, name) for name in PersonData.model_fields}
    try:
        merged = PersonData.model_validate({**current, **changes})
    except ValidationError as error:
        raise InvalidInput("; ".join(spanish_errors(error))) from None
    changed = [name for name in PersonData.model_fields if getattr(merged, name) != current[name]]
    for name in changed:
        setattr(peticion, name, getattr(merged, name))
    if merged.nombre or merged.primer_apellido:
        peticion.anonima = False
    peticion.datos_incompletos = (not peticion.anonima) and bool(merged.missing())
    audit.record(session, actor=actor, accion="datos_actualizados", unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id, detalle={"campos": changed, "datos_incompletos": peticion.datos_incompletos},
                 when=now or now_utc())
    return peticion
