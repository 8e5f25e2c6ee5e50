"""The expediente of one petition: its data, routing, reminders, the SAD's measures, answers, notifications, documents
and events (L15)."""

import json
from dataclasses import dataclass, field

from sqlalchemy.orm import Session
from sqlmodel import select

from models import (
    Area,
    Canalizacion,
    Declinacion,
    Documento,
    Evento,
    MedidaSad,
    Notificacion,
    Peticion,
    Prorroga,
    Recordatorio,
    Respuesta,
)
from models.enums import Estado
from services import audit
from services.actor import Actor, require
from services.calendar import today_local
from services.dates import as_aware
from services.l3 import CONTACT_ATTEMPT, MAX_CONTACT_ATTEMPTS, reachable, values_of
from services.lifecycle import allowed_steps, get_petition
from services.mail.petitioner import has_server
from services.notification_plan import NotificationPlan, load_plans


@dataclass
class Expediente:
    """Everything about one petition, read in one session."""

    peticion: Peticion
    area: Area | None
    canalizaciones: list[Canalizacion]
    recordatorios: list[Recordatorio]
    declinaciones: list[Declinacion]
    prorrogas: list[Prorroga]
    respuestas: list[Respuesta]
    notificaciones: list[Notificacion]
    documentos: list[Documento]
    eventos: list[Evento]
    acciones: list[str]
    personales: dict[int, dict] = field(default_factory=dict)
    plan: NotificationPlan | None = None
    """Where telling the petitioner stands today (L14), once the petition has an answer."""
    envia_correo: bool = False
    """Whether the unit has an SMTP server, so the signed answer can go by e-mail (L15)."""
    medidas: list[MedidaSad] = field(default_factory=list)
    """The measures the SAD agreed with the área (L11)."""
    areas: dict[int, Area] = field(default_factory=dict)
    """Every área the petition was routed to, by id (L4: one line each)."""

    @property
    def intentos_contacto(self) -> int:
        """How many attempts to reach the petitioner for their data are on record (L3)."""
        return sum(evento.accion == CONTACT_ATTEMPT for evento in self.eventos)

    @property
    def contacto_pendiente(self) -> bool:
        """Whether the desk still has to seek the petitioner to complete their data (L3), as F4 lists it."""
        p = self.peticion
        return (p.datos_incompletos and p.estado != Estado.CONCLUIDA and p.anonimizada_en is None
                and reachable(values_of(p)) and self.intentos_contacto < MAX_CONTACT_ATTEMPTS)


def _all(session: Session, model, peticion_id: int) -> list:
    return list(session.execute(select(model).where(model.peticion_id == peticion_id).order_by(model.id)).scalars())


def by_moment(eventos: list[Evento]) -> list[Evento]:
    """Events in the order they happened, then as recorded: an act entered later with its own time sits where it belongs."""
    return sorted(eventos, key=lambda evento: (as_aware(evento.ocurrido_en), evento.id or 0))


def load(*, session: Session, actor: Actor, folio: str | int) -> Expediente:
    """Read the expediente and record that this actor consulted it."""
    require(actor, "leer")
    peticion = get_petition(session, folio)
    audit.record(session, actor=actor, accion="expediente_consultado", unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id)
    return Expediente(
        peticion=peticion,
        area=session.get(Area, peticion.area_id) if peticion.area_id else None,
        canalizaciones=(canalizaciones := _all(session, Canalizacion, peticion.id)),
        recordatorios=_all(session, Recordatorio, peticion.id),
        declinaciones=_all(session, Declinacion, peticion.id),
        prorrogas=_all(session, Prorroga, peticion.id),
        respuestas=(respuestas := _all(session, Respuesta, peticion.id)),
        notificaciones=_all(session, Notificacion, peticion.id),
        documentos=_all(session, Documento, peticion.id),
        eventos=(eventos := by_moment([e for e in _all(session, Evento, peticion.id)
                                        if e.accion != "expediente_consultado"])),
        acciones=allowed_steps(peticion, actor),
        personales=audit.personal_of(session, [e.id for e in eventos]),
        plan=load_plans(session, [peticion.id], today=today_local()).get(peticion.id) if respuestas else None,
        envia_correo=has_server(session, peticion.unidad_id),
        medidas=_all(session, MedidaSad, peticion.id),
        areas={r.area_id: area for r in canalizaciones if (area := session.get(Area, r.area_id)) is not None},
    )


def event_detail(evento: Evento, personal: dict | None = None) -> dict:
    """The event's detail as a dict (empty when none) with its personal data if given, without the digest."""
    try:
        detail = json.loads(evento.detalle) if evento.detalle else {}
    except ValueError:
        detail = {}
    detail.pop(audit.PERSONAL_DIGEST, None)
    return {**detail, **(personal or {})}
