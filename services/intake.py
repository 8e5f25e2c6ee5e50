"""Registering petitions (L1, L2, L3): validation, triage, folio, clocks and the first event."""

import json
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Evento, Peticion, Unidad
from models.enums import Canal, Estado, Reloj
from models.petition_io import PeticionCreate
from models.types import table_of
from services import audit, intake_write
from services.actor import Actor, require
from services.bulk_rows import as_stored, insert_rows, reserve_ids
from services.buzones import check_sheet_collection
from services.calendar import BusinessCalendar, local_date, now_utc
from services.clocks import open_clock
from services.dates import ensure_not_future
from services.errors import InvalidInput
from services.folios import format_folio, take_numbers
from services.inhabiles import load_rules
from services.l3 import L3Assessment, assess_record, reachable
from services.messages import spanish_errors
from services.pending_store import store_new, store_new_rows
from services.terms import Terms

# A petition cannot be received after the moment it is registered at.
RECEIVED = "La fecha de recepción"


@dataclass(frozen=True, slots=True)
class UrgencyDecision:
    """The officer's decision on the triage flag: confirm it (who was alerted, when) or clear it (why)."""

    confirmar: bool
    alertado_a: str = ""
    alertado_en: datetime | None = None
    motivo: str = ""
    categoria: str | None = None


def validate(data: PeticionCreate | dict) -> PeticionCreate:
    """The validated input, or InvalidInput listing every problem in Spanish."""
    if isinstance(data, PeticionCreate):
        return data
    try:
        return PeticionCreate.model_validate(data)
    except ValidationError as error:
        raise InvalidInput("; ".join(spanish_errors(error))) from None


def register(
    *, session: Session, actor: Actor, unidad: Unidad, data: PeticionCreate | dict,
    urgencia: UrgencyDecision | None = None, now: datetime | None = None, borrador: str | None = None,
) -> Peticion:
    """Register one petition; missing data marks it incompleta but never blocks it."""
    require(actor, "registrar")
    item = validate(data)
    ensure_not_future(item.recibida_en, now_utc(), RECEIVED)
    now = now or now_utc()
    if urgencia is not None:
        _check_decision(urgencia)
    if item.recoleccion_id is not None:
        check_sheet_collection(session, recoleccion_id=item.recoleccion_id, buzon_id=item.buzon_id)
    calendar, terms = load_rules(session)
    row = _row(item, unidad, actor, now, calendar, terms)
    reservation = intake_write.reserve(session, unidad_id=unidad.id, anio=row["anio"])
    row.update(folio=format_folio(unidad.clave, row["anio"], reservation.number), consecutivo=reservation.number)
    _apply_decision(row, urgencia)
    detail = _register_detail(item, row)
    if borrador:
        # The intake form's draft token: a draft recovered after a crash between commit and screen is not saved twice.
        detail["borrador"] = borrador
    event = dict(unidad_id=unidad.id, usuario_id=actor.id, actor=actor.nombre, ocurrido_en=now, accion="registrar",
                 estado_anterior=None, estado_nuevo=row["estado"], detalle=_json(detail))
    peticion = intake_write.write(session, reservation, row, event)
    # Written without the ORM's flush, so the escalation index gets the new petition's actions here.
    store_new(session, peticion, calendar=calendar, terms=terms)
    if urgencia is not None:
        _record_decision(session, actor, peticion, urgencia, now)
    return peticion


def registered_from_draft(*, session: Session, actor: Actor, borrador: str, recent: int = 50) -> str | None:
    """The folio this actor already registered from the draft with this token, among their latest registrations."""
    details = session.execute(
        select(col(Evento.detalle)).where(col(Evento.usuario_id) == actor.id, col(Evento.accion) == "registrar")
        .order_by(col(Evento.id).desc()).limit(recent)
    ).scalars()
    for detalle in details:
        data = json.loads(detalle or "{}")
        if data.get("borrador") == borrador:
            return data.get("folio")
    return None


def register_many(
    *, session: Session, actor: Actor, unidad: Unidad, items: list[PeticionCreate], now: datetime | None = None,
) -> list[str]:
    """Register already validated petitions in bulk, with consecutive folios; returns the folios."""
    require(actor, "registrar")
    if not items:
        return []
    current = now_utc()
    for item in items:
        ensure_not_future(item.recibida_en, current, RECEIVED)
    now = now or now_utc()
    calendar, terms = load_rules(session)
    verdicts = [assess_record(item) for item in items]
    rows = [_row(item, unidad, actor, now, calendar, terms, verdict) for item, verdict in zip(items, verdicts)]
    for anio in sorted({r["anio"] for r in rows}):
        of_year = [r for r in rows if r["anio"] == anio]
        last = take_numbers(session, unidad_id=unidad.id, anio=anio, serie="folio", count=len(of_year))
        for offset, row in enumerate(of_year):
            number = last - len(of_year) + 1 + offset
            row.update(folio=format_folio(unidad.clave, anio, number), consecutivo=number)
    # Ids taken up front and rows written raw: an INSERT … RETURNING in parameter order is one statement per row.
    for row, pid in zip(rows, reserve_ids(session, "peticion", len(rows))):
        row["id"] = pid
    as_stored(table_of(Peticion), rows)
    insert_rows(session, "peticion", rows)
    events = [
        dict(unidad_id=unidad.id, peticion_id=row["id"], usuario_id=actor.id, actor=actor.nombre, ocurrido_en=now,
             accion="registrar", estado_anterior=None, estado_nuevo=row["estado"],
             detalle=_json(_register_detail(item, row, verdict)))
        for item, verdict, row in zip(items, verdicts, rows)
    ]
    audit.chain_rows(session, events)
    for event, event_id in zip(events, reserve_ids(session, "evento", len(events))):
        event["id"] = event_id
    audit.close_chain_rows(session, events)
    as_stored(table_of(Evento), events)
    insert_rows(session, "evento", events)
    # Stored chunk by chunk, not at the commit, so an import's index rows never pile up in memory; from the rows just
    # written, as for one registration, instead of reading them back.
    store_new_rows(session, rows, calendar=calendar, terms=terms)
    return [row["folio"] for row in rows]


def _row(item: PeticionCreate, unidad: Unidad, actor: Actor, now: datetime, calendar: BusinessCalendar, terms: Terms,
         verdict: L3Assessment | None = None) -> dict:
    from services.triage import assess

    recibida = item.recibida_en or now
    triage = assess(item.descripcion)
    verdict = verdict or assess_record(item)
    row = item.model_dump(exclude={"recibida_en"})
    row.update(
        unidad_id=unidad.id, anio=local_date(recibida).year, recibida_en=recibida, anonima=verdict.anonima,
        datos_incompletos=verdict.datos_incompletos, urgente=triage.urgent,
        triage_categoria=triage.category, triage_coincidencias=" | ".join(triage.matches),
        estado=Estado.REGISTRADA.value, creada_por=actor.id, creada_en=now,
        urgencia_alertado_a="", urgencia_alertado_en=None, acuse_vence_en=None, tipo=item.tipo.value,
        canal=item.canal.value,
    )
    row.update(open_clock(Reloj.CANALIZACION, local_date(recibida), item.tipo.value, calendar, terms))
    if item.canal == Canal.BUZON and reachable(row) and not item.anonima:
        row["acuse_vence_en"] = calendar.due_on(local_date(recibida), terms.days(item.tipo.value, Reloj.ACUSE_BUZON))
    return row


def _register_detail(item: PeticionCreate, row: dict, verdict: L3Assessment | None = None) -> dict:
    detail = {"folio": row["folio"], "tipo": item.tipo.value, "canal": item.canal.value}
    if row["datos_incompletos"]:
        detail["datos_faltantes"] = list((verdict or assess_record(item)).faltan)
    if row["urgente"]:
        detail["triage"] = {"categoria": row["triage_categoria"], "coincidencias": row["triage_coincidencias"]}
    return detail


def _check_decision(decision: UrgencyDecision) -> None:
    if decision.confirmar and not (decision.alertado_a.strip() and decision.alertado_en):
        raise InvalidInput("Para confirmar la urgencia indique a quién se alertó en la unidad y a qué hora.")
    ensure_not_future(decision.alertado_en, now_utc(), "La hora en que se alertó")
    if not decision.confirmar and not decision.motivo.strip():
        raise InvalidInput("Para descartar la urgencia escriba el motivo.")


def _apply_decision(row: dict, decision: UrgencyDecision | None) -> None:
    if decision is None:
        return
    if decision.confirmar:
        row.update(urgente=True, urgencia_alertado_a=decision.alertado_a.strip(), urgencia_alertado_en=decision.alertado_en)
        if decision.categoria:
            row["triage_categoria"] = decision.categoria
    else:
        row["urgente"] = False


def _record_decision(session: Session, actor: Actor, peticion: Peticion, decision: UrgencyDecision, now: datetime) -> None:
    if decision.confirmar:
        detail = {"categoria": peticion.triage_categoria,
                  "alertado_en": decision.alertado_en.isoformat() if decision.alertado_en else None}
        audit.record(session, actor=actor, accion="urgencia_confirmada", unidad_id=peticion.unidad_id,
                     peticion_id=peticion.id, detalle=detail, personal={"alertado_a": decision.alertado_a}, when=now)
    else:
        audit.record(session, actor=actor, accion="urgencia_descartada", unidad_id=peticion.unidad_id,
                     peticion_id=peticion.id, personal={"motivo": decision.motivo.strip()}, when=now)


def _json(detail: dict) -> str:
    import json

    return json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True)
