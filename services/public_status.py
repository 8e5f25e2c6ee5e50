"""What a petitioner with the acuse may see without calling: the state in plain Spanish, dates and the next step.

Nothing personal, no área contacts and no internal notes leave this module; a wrong code and an unknown folio get the
same answer after the same work, and every consultation is an event without personal data."""

import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, Row, text
from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Canalizacion, Peticion, Respuesta
from models.enums import Estado, Rol
from services import audit
from services.actor import Actor
from services.calendar import local_date, now_utc

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
PUBLIC = Actor(id=None, nombre="consulta pública", rol=Rol.SISTEMA)
# All the page reads of a petition: on PostgreSQL its role (moad_publico) may read these columns and no other.
_READ = tuple(col(column) for column in (Peticion.id, Peticion.folio, Peticion.clave_consulta, Peticion.estado,
                                         Peticion.recibida_en, Peticion.vence_en, Peticion.unidad_id))
# Compared against when the folio does not exist, so an unknown folio costs what a wrong code costs.
_DUMMY = "X" * CODE_LENGTH

STATE_TEXT = {
    Estado.REGISTRADA: "Recibida: el módulo la enviará al área que debe atenderla.",
    Estado.CANALIZADA: "En atención: el área correspondiente la está revisando.",
    Estado.RECORDATORIO_1: "En atención: el módulo pidió al área su respuesta.",
    Estado.RECORDATORIO_2: "En atención: el módulo volvió a pedir al área su respuesta.",
    Estado.OFICIO_SUPERIOR: "En atención: el módulo pidió la respuesta al superior del área.",
    Estado.NO_COMPETENTE: "En atención: se está enviando al área que debe atenderla.",
    Estado.PRORROGA: "En atención: el área tiene un plazo adicional para responder.",
    Estado.RESPONDIDA: "Respondida: la respuesta está en revisión para su firma.",
    Estado.FIRMADA: "Respuesta firmada: el módulo se comunicará con usted para entregársela.",
    Estado.NOTIFICADA: "Respuesta entregada.",
    Estado.EN_RESGUARDO: "Su respuesta lo espera en el módulo: recójala con una identificación oficial.",
    Estado.CONCLUIDA: "Concluida.",
}
PICK_UP = ("Puede recoger la respuesta firmada en el Módulo de Orientación y Atención al Derechohabiente de la "
           "unidad, de lunes a viernes en días hábiles, con una identificación oficial (INE, pasaporte o cédula "
           "profesional); otra persona puede recogerla con carta poder y copia de su identificación.")


@dataclass(frozen=True, slots=True)
class PublicStatus:
    """Where a petition stands, as the petitioner may see it."""

    folio: str
    estado: str
    recibida: date
    canalizada: date | None
    respondida: date | None
    siguiente: str
    vence: date | None
    recoger: str


def new_code() -> str:
    """A fresh consultation code: ten characters that cannot be misread (no 0/O, 1/I/L)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code: str) -> str:
    """The code as printed: two groups of five."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def ensure_code(peticion: Peticion) -> str:
    """The petition's consultation code, made the first time its acuse is printed."""
    if not peticion.clave_consulta:
        peticion.clave_consulta = new_code()
    return peticion.clave_consulta


def _normal(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())[:CODE_LENGTH * 2]


def lookup(*, session: Session, folio: str, clave: str, now: datetime | None = None) -> PublicStatus | None:
    """The public status for the folio and its code, or None for an unknown folio or a wrong code alike."""
    folio = folio.strip().upper()[:40]
    peticion = session.execute(select(*_READ).where(Peticion.folio == folio)).one_or_none()
    expected = peticion.clave_consulta if peticion is not None and peticion.clave_consulta else _DUMMY
    matches = hmac.compare_digest(_normal(clave).encode(), expected.encode())
    if peticion is None or not peticion.clave_consulta or not matches:
        return None
    audit.record(session, actor=PUBLIC, accion="consulta_publica", unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id, when=now or now_utc())
    return _status(session, peticion)


def may_change_petitions(engine: Engine) -> bool:
    """Whether the page's PostgreSQL role could change petitions (so it is not moad_publico); False on SQLite."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as connection:
        return bool(connection.execute(text("SELECT has_any_column_privilege('peticion', 'UPDATE')")).scalar_one())


def _status(session: Session, p: Row) -> PublicStatus:
    routed = session.execute(select(col(Canalizacion.canalizada_en)).where(Canalizacion.peticion_id == p.id)
                             .order_by(col(Canalizacion.id))).scalars().first()
    signed = session.execute(select(col(Respuesta.firmada_en)).where(Respuesta.peticion_id == p.id,
                                                                     col(Respuesta.firmada_en).is_not(None))
                             .order_by(col(Respuesta.id).desc())).scalars().first()
    estado = Estado(p.estado)
    waiting = estado in (Estado.FIRMADA, Estado.EN_RESGUARDO)
    return PublicStatus(
        folio=p.folio, estado=STATE_TEXT[estado], recibida=local_date(p.recibida_en),
        canalizada=local_date(routed) if routed else None, respondida=local_date(signed) if signed else None,
        siguiente=_next(estado), vence=p.vence_en if estado not in (Estado.NOTIFICADA, Estado.CONCLUIDA) else None,
        recoger=PICK_UP if waiting else "",
    )


def _next(estado: Estado) -> str:
    if estado == Estado.REGISTRADA:
        return "Enviarla al área que debe atenderla"
    if estado in (Estado.RESPONDIDA,):
        return "Firma de la respuesta por la dirección de la unidad"
    if estado == Estado.FIRMADA:
        return "Comunicarle la respuesta"
    if estado == Estado.EN_RESGUARDO:
        return "Que usted recoja su respuesta"
    if estado in (Estado.NOTIFICADA, Estado.CONCLUIDA):
        return "Ninguno: su petición ya fue atendida"
    return "Respuesta del área"
