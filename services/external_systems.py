"""SINAPP and SIDAC (L1, L15): each petition's folio there, its closing in SINAPP, and what to capture in them.

Neither system publishes a folio format (DOMAIN-NOTES), so a folio is free text: trimmed, at most MAX_FOLIO
characters of letters, digits, spaces and - / _ . — enough to refuse a slip without refusing a real folio.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Area, Peticion
from models.enums import CANAL_LABELS, ESTADO_LABELS, TIPO_LABELS, Canal, Estado, Tipo
from services import audit
from services.actor import Actor, require
from services.calendar import MEXICO_CITY, local_date, now_utc
from services.errors import InvalidInput
from services.lifecycle import get_petition
from services.privacy import mask_email, mask_name, mask_phone
from services.reports import anonymised

MAX_FOLIO = 40
_FOLIO_SIGNS = frozenset("-/_. ")


def clean_folio(value: str | None, system: str) -> str | None:
    """A folio of `system` as stored (trimmed, upper case), None when blank; InvalidInput when it cannot be one."""
    text = " ".join((value or "").split()).upper()
    if not text:
        return None
    if len(text) > MAX_FOLIO:
        raise InvalidInput(f"El folio {system} admite hasta {MAX_FOLIO} caracteres; tiene {len(text)}.")
    if not all(ch.isalnum() or ch in _FOLIO_SIGNS for ch in text):
        raise InvalidInput(f"El folio {system} solo lleva letras, números, espacios y los signos - / _ .")
    return text


def _ensure_unique(session: Session, column, value: str | None, peticion: Peticion, system: str) -> None:
    if value is None:
        return
    other = session.execute(select(col(Peticion.folio)).where(column == value, col(Peticion.id) != peticion.id)
                            .limit(1)).scalar()
    if other is not None:
        raise InvalidInput(f"El folio {system} {value} ya está registrado en la petición {other}.")


def record(*, session: Session, actor: Actor, folio: str, sinapp_folio: str | None, cerrada_en_sinapp: bool,
           sidac_folio: str | None = None) -> Peticion:
    """Record the petition's SINAPP folio, whether it was closed there (L15) and, from Presidencia, its SIDAC folio."""
    require(actor, "sistemas_externos")
    peticion = get_petition(session, folio, for_update=True)
    sinapp, sidac = clean_folio(sinapp_folio, "SINAPP"), clean_folio(sidac_folio, "SIDAC")
    if sidac and peticion.canal != Canal.PRESIDENCIA:
        raise InvalidInput("El folio SIDAC es solo de las peticiones recibidas de Presidencia de la República.")
    _ensure_unique(session, col(Peticion.sinapp_folio), sinapp, peticion, "SINAPP")
    _ensure_unique(session, col(Peticion.sidac_folio), sidac, peticion, "SIDAC")
    if cerrada_en_sinapp and peticion.estado != Estado.CONCLUIDA:
        raise InvalidInput("Solo una petición concluida aquí se cierra en el SINAPP (L15): concluya la petición "
                           "primero.")
    if cerrada_en_sinapp and sinapp is None:
        raise InvalidInput("Para marcarla como cerrada en el SINAPP escriba su folio SINAPP.")
    closed = (peticion.sinapp_cerrada_en or now_utc()) if cerrada_en_sinapp else None
    changes = {name: value for name, value in (("sinapp_folio", sinapp), ("sidac_folio", sidac),
                                              ("sinapp_cerrada_en", closed))
               if value != getattr(peticion, name)}
    if not changes:
        return peticion
    for name, value in changes.items():
        setattr(peticion, name, value)
    detail = {name: value.isoformat() if isinstance(value, datetime) else value for name, value in changes.items()}
    audit.record(session, actor=actor, accion="sistemas_externos", unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id, detalle=detail)
    return peticion


@dataclass(frozen=True, slots=True)
class CaptureRow:
    """What a person needs to capture (or close) one petition in SINAPP."""

    folio: str
    recibida: date
    tipo: str
    canal: str
    area: str
    estado: str
    concluida: date | None
    peticionario: str
    telefono: str
    correo: str
    resumen: str
    sinapp_folio: str
    cerrada_en_sinapp: date | None
    sidac_folio: str

    def as_json(self) -> dict:
        """A plain dict, dates in ISO, for --json and --csv."""
        return {name: (value.isoformat() if isinstance(value, date) else value)
                for name, value in ((n, getattr(self, n)) for n in self.__slots__)}


def capture_rows(*, session: Session, actor: Actor, unidad_id: int, desde: date, hasta: date,
                 con_datos: bool = False) -> list[CaptureRow]:
    """The unit's petitions received from desde to hasta (inclusive) as SINAPP asks for them; personal data masked
    unless con_datos, and then each petition's reading is recorded as a reveal (L16)."""
    require(actor, "sistemas_externos")
    if hasta < desde:
        raise InvalidInput("La fecha «hasta» es anterior a «desde».")
    start = datetime.combine(desde, time(), MEXICO_CITY)
    end = datetime.combine(hasta + timedelta(days=1), time(), MEXICO_CITY)
    rows = session.execute(
        select(Peticion, col(Area.nombre)).outerjoin(Area, col(Area.id) == col(Peticion.area_id))
        .where(col(Peticion.unidad_id) == unidad_id, col(Peticion.recibida_en) >= start,
               col(Peticion.recibida_en) < end)
        .order_by(col(Peticion.recibida_en), col(Peticion.id))
    ).all()
    result = []
    for peticion, area in rows:
        person = (peticion.nombre, peticion.primer_apellido, peticion.segundo_apellido)
        if con_datos:
            audit.record(session, actor=actor, accion="datos_revelados", unidad_id=peticion.unidad_id,
                         peticion_id=peticion.id, personal={"motivo": "Exportación para capturar en el SINAPP"})
        result.append(CaptureRow(
            folio=peticion.folio, recibida=local_date(peticion.recibida_en), tipo=TIPO_LABELS[Tipo(peticion.tipo)],
            canal=CANAL_LABELS[Canal(peticion.canal)], area=area or "Sin canalizar",
            estado=ESTADO_LABELS[Estado(peticion.estado)],
            concluida=local_date(peticion.concluida_en) if peticion.concluida_en else None,
            peticionario=(peticion.nombre_completo if con_datos else mask_name(peticion.nombre_completo)) or "Anónimo",
            telefono=peticion.telefono if con_datos else mask_phone(peticion.telefono),
            correo=peticion.correo if con_datos else mask_email(peticion.correo),
            resumen=peticion.descripcion if con_datos else anonymised(peticion.descripcion, person),
            sinapp_folio=peticion.sinapp_folio or "", sidac_folio=peticion.sidac_folio or "",
            cerrada_en_sinapp=local_date(peticion.sinapp_cerrada_en) if peticion.sinapp_cerrada_en else None))
    return result
