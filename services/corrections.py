"""Correcting what was recorded about a petition (tipo, medio, recepción, descripción, the petitioner's data, the
área it is routed to): each correction one event with its value before and after and its reason, and the rules that
depend on the field follow it (due dates, the buzón notice, the routing, triage as a suggestion)."""

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import ValidationError
from sqlalchemy.orm import Session
from sqlmodel import col, select

from models import Area, Canalizacion, Peticion, Recordatorio
from models.enums import Canal, Estado, Reloj, Rol, Tipo
from models.petition_io import FIELD_LABELS, PersonData
from models.validators import clean_text
from services import audit, clocks
from services.actor import ACTION_ROLES, Actor, require
from services.calendar import BusinessCalendar, local_date, now_utc
from services.dates import as_aware, day_text, ensure_not_future, moment_text
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.inhabiles import load_rules
from services.lifecycle import check, get_petition, move
from services.messages import spanish_errors
from services.privacy import (
    PERSONAL_FIELDS,
    mask_curp,
    mask_email,
    mask_free_text,
    mask_name,
    mask_phone,
    mask_word,
)
from services.routing import active_routing
from services.terms import Terms

CORRECTION = "corregir_dato"
"""The event of a field's correction; the área's is the lifecycle step «corregir_area»."""
AREA_STEP = "corregir_area"
FIELDS = ("tipo", "canal", "recibida_en", "descripcion", *PERSONAL_FIELDS)
"""Every field services.corrections.correct accepts, in the order the dialog lists them."""
PRIVATE = frozenset({"descripcion", *PERSONAL_FIELDS})
"""Fields whose values before and after are kept apart as personal data (retention blanks them; the chain holds)."""
CLASSIFICATION = frozenset({"tipo", "area"})
"""What only those in charge correct; the rest of the record, also the officer who registered the petition."""
REASON_MISSING = "Escriba el motivo de la corrección; queda en el expediente."
_WAITING_FOR_AREA = frozenset({Estado.CANALIZADA, Estado.RECORDATORIO_1, Estado.RECORDATORIO_2, Estado.OFICIO_SUPERIOR,
                               Estado.PRORROGA})
_REMINDER_CLOCKS = {"recordatorio_1": Reloj.RECORDATORIO_1, "recordatorio_2": Reloj.RECORDATORIO_2,
                    "oficio_superior": Reloj.OFICIO_SUPERIOR}


@dataclass(frozen=True, slots=True)
class Correccion:
    """What a correction changed, for the screen's message: the field, its values in words (personal data masked),
    the due date after it, and the urgency the new description suggests on a petition not flagged urgent."""

    folio: str
    campo: str
    antes: str
    despues: str
    vence_en: date | None
    sugerencia: str | None = None
    urgente: bool = False


def permission_for(campo: str) -> str:
    """The permission (services.actor.ACTION_ROLES) correcting this field needs."""
    return "corregir_clasificacion" if campo in CLASSIFICATION else "corregir_registro"


def owner_refusal(actor: Actor, peticion: Peticion) -> str | None:
    """Why an officer may not correct this petition's record (they did not register it); None when they may."""
    if actor.rol == Rol.OFICIAL and peticion.creada_por != actor.id:
        return ("Un oficial corrige solo las peticiones que registró; pida la corrección al director o al "
                "supervisor.")
    return None


def fields_for(actor: Actor) -> list[str]:
    """The fields this actor's role may correct, in the dialog's order."""
    return [name for name in FIELDS if actor.rol in ACTION_ROLES[permission_for(name)]]


def _check(actor: Actor, peticion: Peticion, campo: str, motivo: str) -> str:
    require(actor, permission_for(campo))
    if campo not in CLASSIFICATION and (refused := owner_refusal(actor, peticion)):
        raise PermissionDenied(refused)
    reason = clean_text(motivo or "")
    if not reason:
        raise InvalidInput(REASON_MISSING)
    return reason


def correct(*, session: Session, actor: Actor, folio: str, campo: str, valor, motivo: str,
            now: datetime | None = None) -> Correccion:
    """Correct one field with a reason; the due dates, the buzón notice and the data markers follow it."""
    if campo not in FIELDS:
        raise InvalidInput(f"No se puede corregir «{FIELD_LABELS.get(campo, campo)}» desde aquí.")
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    reason = _check(actor, peticion, campo, motivo)
    before = getattr(peticion, campo)
    after = _validated(peticion, campo, valor)
    if _same(before, after):
        raise InvalidInput(f"El valor nuevo de {FIELD_LABELS[campo]} es igual al actual; no hay nada que corregir.")
    setattr(peticion, campo, after)
    due_before = peticion.vence_en
    detalle: dict = {"campo": campo}
    sugerencia = None
    if campo in ("tipo", "recibida_en", "canal"):
        calendar, terms = load_rules(session)
        _follow_record(session, peticion, campo, before, calendar, terms)
    elif campo == "descripcion":
        sugerencia = _triage_suggestion(peticion)
        detalle["sugerencia_triage"] = sugerencia
    else:
        _follow_person(peticion)
    if peticion.vence_en != due_before:
        detalle["vence"] = {"antes": due_before, "despues": peticion.vence_en}
    if campo in PRIVATE:
        personal = {"motivo": reason, "antes": before, "despues": after}
    else:
        detalle.update(antes=_stored(before), despues=_stored(after))
        personal = {"motivo": reason}
    audit.record(session, actor=actor, accion=CORRECTION, unidad_id=peticion.unidad_id, peticion_id=peticion.id,
                 detalle=detalle, personal=personal, when=now)
    return Correccion(peticion.folio, campo, _shown(campo, before), _shown(campo, after), peticion.vence_en,
                      sugerencia, peticion.urgente)


def correct_area(*, session: Session, actor: Actor, folio: str, area_id: int, motivo: str,
                 now: datetime | None = None) -> Correccion:
    """Send a petition routed to the wrong área to the right one without a declination: the wrong routing ends, the
    right área gets its own from now with L5 and L9 counted again, and the petition is «Canalizada» again."""
    now = now or now_utc()
    peticion = get_petition(session, folio, for_update=True)
    check(AREA_STEP, peticion, actor)
    reason = _check(actor, peticion, "area", motivo)
    area = session.get(Area, area_id)
    if area is None or area.unidad_id != peticion.unidad_id or not area.activa:
        raise NotFound("El área elegida no existe o no está activa en la unidad de la petición.")
    wrong = active_routing(session, peticion.id)
    if wrong.area_id == area.id:
        raise InvalidInput(f"La petición ya está canalizada a {area.nombre}; elija otra área.")
    previous = session.get(Area, wrong.area_id)
    wrong.activa = False
    calendar, terms = load_rules(session)
    today = local_date(now)
    session.add(Canalizacion(
        peticion_id=peticion.id, area_id=area.id, canalizada_en=now, usuario_id=actor.id,
        vence_seguimiento=calendar.due_on(today, terms.days(peticion.tipo, Reloj.SEGUIMIENTO)),
        vence_declinacion=calendar.due_on(today, terms.days(peticion.tipo, Reloj.DECLINACION))))
    peticion.area_id = area.id
    due_before = peticion.vence_en
    clocks.apply(peticion, clocks.open_clock(Reloj.SEGUIMIENTO, today, peticion.tipo, calendar, terms))
    before = previous.nombre if previous else "—"
    move(session, actor=actor, peticion=peticion, step_name=AREA_STEP, when=now,
         detalle={"campo": "area", "antes": before, "despues": area.nombre,
                  "vence": {"antes": due_before, "despues": peticion.vence_en}},
         personal={"motivo": reason})
    return Correccion(peticion.folio, "area", before, area.nombre, peticion.vence_en, urgente=peticion.urgente)


def _validated(peticion: Peticion, campo: str, valor):
    if campo == "tipo":
        return _member(Tipo, valor, "Elija el tipo de la lista.")
    if campo == "canal":
        return _member(Canal, valor, "Elija el medio de captación de la lista.")
    if campo == "recibida_en":
        return _received(peticion, valor)
    if campo == "descripcion":
        text = clean_text(valor or "")
        if not text:
            raise InvalidInput("La descripción no puede quedar vacía.")
        return text
    current = {name: getattr(peticion, name) for name in PersonData.model_fields}
    try:
        return getattr(PersonData.model_validate({**current, campo: valor or ""}), campo)
    except ValidationError as error:
        raise InvalidInput("; ".join(spanish_errors(error))) from None


def _member(enum, valor, message: str) -> str:
    try:
        return enum(valor).value
    except ValueError:
        raise InvalidInput(message) from None


def _received(peticion: Peticion, valor) -> datetime:
    if not isinstance(valor, datetime):
        raise InvalidInput("Escriba la fecha y hora de recepción (dd/mm/aaaa hh:mm).")
    moment = as_aware(valor)
    ensure_not_future(moment, now_utc(), "La fecha de recepción")
    if moment > as_aware(peticion.creada_en):
        raise InvalidInput(f"La fecha de recepción no puede ser posterior al registro ({moment_text(peticion.creada_en)}).")
    return moment


def _same(before, after) -> bool:
    if isinstance(before, datetime) and isinstance(after, datetime):
        return as_aware(before) == as_aware(after)
    return (before or "") == (after or "")


def _stored(value) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value or "")


def _shown(campo: str, value) -> str:
    """A value as the screen's message says it: labels for codes, dates in words, personal data masked."""
    from services.labels import VALUE_LABELS

    if campo in PRIVATE:
        return _masked(campo, value or "")
    if isinstance(value, datetime):
        return moment_text(value)
    return VALUE_LABELS.get(value, value) if campo in ("tipo", "canal") else str(value or "")


def _follow_record(session: Session, peticion: Peticion, campo: str, before, calendar: BusinessCalendar,
                   terms: Terms) -> None:
    """Count again every due date in force that the tipo or the moment of reception decides."""
    if campo == "recibida_en":
        received_before = local_date(before)
        # Only the clock opened at registration runs from the reception; a later one (after a declination) does not.
        if peticion.reloj == Reloj.CANALIZACION and peticion.reloj_desde == received_before:
            peticion.reloj_desde = local_date(peticion.recibida_en)
            peticion.vence_en = calendar.due_on(peticion.reloj_desde, peticion.reloj_dias or 0)
    if campo == "tipo" and peticion.reloj and peticion.reloj_desde and peticion.reloj_dias is not None:
        # A prórroga's agreed date (no reloj_dias) does not depend on the tipo.
        peticion.reloj_dias = terms.days(peticion.tipo, Reloj(peticion.reloj))
        peticion.vence_en = calendar.due_on(peticion.reloj_desde, peticion.reloj_dias)
    if campo == "tipo":
        _recount_routing(session, peticion, calendar, terms)
    if peticion.acuse_buzon_en is None and (campo == "canal" or peticion.acuse_vence_en is not None):
        _buzon_notice(peticion, calendar, terms)


def _recount_routing(session: Session, peticion: Peticion, calendar: BusinessCalendar, terms: Terms) -> None:
    # Once the área answered, its routing's dates are history (L9 was judged on them): only a routing in force moves.
    if peticion.estado not in _WAITING_FOR_AREA:
        return
    routing = session.execute(select(Canalizacion).where(col(Canalizacion.peticion_id) == peticion.id,
                                                         col(Canalizacion.activa))).scalars().first()
    if routing is None:
        return
    routed = local_date(routing.canalizada_en)
    routing.vence_seguimiento = calendar.due_on(routed, terms.days(peticion.tipo, Reloj.SEGUIMIENTO))
    routing.vence_declinacion = calendar.due_on(routed, terms.days(peticion.tipo, Reloj.DECLINACION))
    reminders = session.execute(select(Recordatorio).where(col(Recordatorio.canalizacion_id) == routing.id))
    for reminder in reminders.scalars():
        clock = _REMINDER_CLOCKS.get(reminder.tipo)
        if clock is not None:
            reminder.vence_en = calendar.due_on(local_date(reminder.enviado_en), terms.days(peticion.tipo, clock))


def _buzon_notice(peticion: Peticion, calendar: BusinessCalendar, terms: Terms) -> None:
    """L1's notice to a buzón petitioner, counted from the reception, while it is not yet given (as intake sets it)."""
    reachable = bool(peticion.telefono or peticion.correo or (peticion.calle and peticion.codigo_postal))
    if peticion.canal == Canal.BUZON and reachable and not peticion.anonima:
        peticion.acuse_vence_en = calendar.due_on(local_date(peticion.recibida_en),
                                                  terms.days(peticion.tipo, Reloj.ACUSE_BUZON))
    else:
        peticion.acuse_vence_en = None


def _triage_suggestion(peticion: Peticion) -> str | None:
    """The urgency the corrected description suggests, never applied: raising it is the officer's act (U), and a flag
    already raised is only cleared with a reason (Q)."""
    from services.triage import assess

    if peticion.urgente or peticion.estado == Estado.CONCLUIDA:
        return None
    triage = assess(peticion.descripcion)
    return triage.category if triage.urgent else None


def _follow_person(peticion: Peticion) -> None:
    data = PersonData.model_validate({name: getattr(peticion, name) for name in PersonData.model_fields})
    if data.nombre or data.primer_apellido:
        peticion.anonima = False
    peticion.datos_incompletos = (not peticion.anonima) and bool(data.missing())


def _masked(campo: str, value: str) -> str:
    """A personal value as lists show it (L16); a description by its start, phones and e-mails hidden."""
    if not value:
        return "(vacío)"
    if campo == "descripcion":
        text = mask_free_text(value)
        return f"«{text[:60]}…»" if len(text) > 60 else f"«{text}»"
    if campo in ("nombre", "primer_apellido", "segundo_apellido"):
        return mask_name(value)
    masks = {"curp": mask_curp, "telefono": mask_phone, "correo": mask_email,
             "codigo_postal": lambda v: v[:2] + "***"}
    return masks.get(campo, mask_word)(value)


def describe(detail: dict) -> str:
    """A correction as the timeline says it: «tipo Sugerencia → Inconformidad (motivo: …)», personal data masked and
    «datos olvidados» once retention blanked them."""
    from services.labels import VALUE_LABELS

    campo = str(detail.get("campo", ""))
    label = "área" if campo == "area" else FIELD_LABELS.get(campo, campo)
    if "antes" not in detail:
        return f"{label} (datos olvidados)"
    before, after = detail.get("antes") or "", detail.get("despues") or ""
    if campo in PRIVATE:
        before, after = _masked(campo, before), _masked(campo, after)
    elif campo == "recibida_en":
        before, after = (moment_text(datetime.fromisoformat(v)) if v else "—" for v in (before, after))
    else:
        before, after = VALUE_LABELS.get(before, before or "—"), VALUE_LABELS.get(after, after or "—")
    text = f"{label} {before} → {after}"
    due = detail.get("vence") or {}
    if due.get("antes") != due.get("despues"):
        text += f" · vence {_day(due.get('antes'))} → {_day(due.get('despues'))}"
    if detail.get("sugerencia_triage"):
        text += f" · la nueva descripción sugiere urgencia: {VALUE_LABELS.get(detail['sugerencia_triage'], 'urgente')}"
    if detail.get("motivo"):
        text += f" (motivo: {detail['motivo']})"
    return text


def _day(value) -> str:
    return day_text(date.fromisoformat(value)) if value else "sin plazo"
