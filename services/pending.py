"""What is due today or overdue, each with its next action: the supervisor's morning list."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Area, Canalizacion, Evento, Peticion, ReporteMensual
from models.enums import Estado, Reloj
from services import sad_measures
from services.area_routings import ANSWERED, AREA_CLOCKS, WAITING
from services.buzon_weeks import last_ended_sunday, short_weeks
from services.buzones import untyped_sheets, week_compliance
from services.calendar import MEXICO_CITY, BusinessCalendar, local_date
from services.clocks import latest_due_end
from services.dates import as_aware, month_year
from services.l3 import CONTACT_ATTEMPT, MAX_CONTACT_ATTEMPTS
from services.notification_plan import load_plans
from services.terms import BUZON_COLLECTIONS_PER_WEEK, monthly_report_due

ACTION_FOR_CLOCK: dict[str, tuple[str, str]] = {
    Reloj.CANALIZACION: ("canalizar", "Canalizar a un área"),
    Reloj.SEGUIMIENTO: ("recordatorio_1", "Enviar primer recordatorio (L6)"),
    Reloj.RECORDATORIO_1: ("recordatorio_2", "Enviar segundo recordatorio (L7)"),
    Reloj.RECORDATORIO_2: ("oficio_superior", "Enviar oficio al superior jerárquico (L8)"),
    Reloj.OFICIO_SUPERIOR: ("informar_sad", "El superior no resolvió (L8): informar a la SAD"),
    Reloj.PRORROGA: ("prorroga_vencida", "Venció la prórroga sin respuesta (L10): enviar primer recordatorio (L6)"),
    Reloj.NOTIFICACION: ("notificar", "Notificar la respuesta al peticionario (L14)"),
    Reloj.RESGUARDO: ("resguardo", "No localizado: poner la respuesta en resguardo (L14)"),
}

ACTION_ORDER = (
    "canalizar", "recordatorio_1", "recordatorio_2", "oficio_superior", "informar_sad", "prorroga_vencida",
    "medida_sad", "notificar", "resguardo", "correo_fallido", "acuse_buzon", "contactar_datos", "capturar_hojas",
    "recolectar_buzon", "semana_buzon", "cerrar_sinapp", "informe_mensual",
)


@dataclass(frozen=True, slots=True)
class PendingAction:
    """One thing to do: which action, on which petition (or buzón, or report), due when."""

    accion: str
    descripcion: str
    vence_en: date
    dias_vencido: int
    urgente: bool = False
    folio: str | None = None
    peticion_id: int | None = None
    area: str | None = None
    detalle: dict = field(default_factory=dict)

    def vencido(self, today: date) -> bool:
        """True once the term's last day has passed, even when no business day has gone by since (a weekend)."""
        return self.vence_en < today

    def situacion(self, today: date) -> str:
        """«vencido 3 d.h.», «vencido» (over a weekend), «vence hoy» or «vence el 14/12/2026»."""
        if self.vencido(today):
            return f"vencido {self.dias_vencido} d.h." if self.dias_vencido else "vencido"
        if self.vence_en == today:
            return "vence hoy"
        return f"vence el {self.vence_en:%d/%m/%Y}"

    def as_json(self) -> dict:
        """A plain dict for --json output."""
        return {
            "accion": self.accion, "descripcion": self.descripcion, "vence_en": self.vence_en.isoformat(),
            "dias_vencido": self.dias_vencido, "urgente": self.urgente, "folio": self.folio, "area": self.area,
            **({"detalle": self.detalle} if self.detalle else {}),
        }


def pending_actions(session: Session, *, unidad_id: int, today: date, calendar: BusinessCalendar,
                    limit: int | None = None) -> list[PendingAction]:
    """Everything due today or overdue for the unit, urgent first, then by action and due date."""
    actions = _clock_actions(session, unidad_id, today, calendar, limit)
    actions += _area_actions(session, unidad_id, today, calendar, limit)
    actions += _buzon_acknowledgements(session, unidad_id, today, calendar, limit)
    actions += _contact_for_data(session, unidad_id, today, limit)
    actions += _buzon_collections(session, unidad_id, today)
    actions += _buzon_things_overdue(session, unidad_id, today, calendar)
    actions += _sinapp_closings(session, unidad_id, today, calendar, limit)
    actions += _failed_mail(session, unidad_id, today, calendar)
    actions += _sad_measures(session, unidad_id, today, calendar)
    actions += _monthly_report(session, unidad_id, today, calendar)
    order = {name: index for index, name in enumerate(ACTION_ORDER)}
    actions.sort(key=lambda a: (not a.urgente, order[a.accion], a.vence_en, a.folio or ""))
    return actions


def overdue_count(session: Session, *, unidad_id: int, today: date, calendar: BusinessCalendar) -> int:
    """How many of the unit's pending actions are overdue, counted in SQL: the header's figure, equal to F4's."""
    clocks = session.execute(
        select(func.count()).select_from(Peticion)
        .where(col(Peticion.unidad_id) == unidad_id, col(Peticion.vence_en) < today, col(Peticion.reloj).is_not(None),
               col(Peticion.reloj).not_in(_AREA_CLOCKS))
    ).scalar_one()
    clocks += session.execute(
        select(func.count()).select_from(Canalizacion).join(Peticion, col(Peticion.id) == col(Canalizacion.peticion_id))
        .where(*_areas_waiting(unidad_id), col(Canalizacion.vence_en) < today)
    ).scalar_one()
    acks = session.execute(
        select(func.count()).select_from(Peticion)
        .where(col(Peticion.unidad_id) == unidad_id, col(Peticion.acuse_vence_en) < today)
    ).scalar_one()
    not_closed = session.execute(
        select(func.count()).select_from(Peticion)
        .where(*_not_closed_in_sinapp(unidad_id), col(Peticion.concluida_en) < datetime.combine(today, time(), MEXICO_CITY))
    ).scalar_one()
    others = [*_buzon_things_overdue(session, unidad_id, today, calendar), *_monthly_report(session, unidad_id, today, calendar),
              *_failed_mail(session, unidad_id, today, calendar)]
    measures = sad_measures.overdue_count(session, unidad_id=unidad_id, today=today)
    return clocks + acks + not_closed + measures + sum(action.vencido(today) for action in others)


def _overdue_days(calendar: BusinessCalendar, today: date, due: date) -> int:
    return max(0, -calendar.business_days_left(today, due))


def _no_contact():
    """SQL for a petition with no telephone, e-mail nor address: nothing to deliver the answer through (L14)."""
    return and_(col(Peticion.telefono) == "", col(Peticion.correo) == "",
                or_(col(Peticion.calle) == "", col(Peticion.codigo_postal) == ""))


def _due_clock(today: date):
    """Petitions whose clock's next step may be taken today (services.clocks.is_due, one bound per clock)."""
    return or_(*(and_(col(Peticion.reloj) == reloj, col(Peticion.vence_en) <= latest_due_end(reloj, today))
                 for reloj in ACTION_FOR_CLOCK))


_AREA_CLOCKS = sorted(AREA_CLOCKS)


def _areas_waiting(unidad_id: int) -> tuple:
    """SQL for the routings of the unit's petitions whose área owes its answer while the petition waits for it (L4):
    each área's reminders and oficio are due on its own clock, not under a prórroga."""
    return (col(Peticion.unidad_id) == unidad_id, col(Canalizacion.activa), col(Canalizacion.etapa) != ANSWERED,
            col(Peticion.estado).in_([estado.value for estado in WAITING]), col(Canalizacion.reloj).in_(_AREA_CLOCKS))


def _area_actions(session, unidad_id, today, calendar, limit) -> list[PendingAction]:
    """One line per área whose term ran out: its reminder, second reminder, oficio or the SAD (L6–L8)."""
    due = or_(*(and_(col(Canalizacion.reloj) == reloj, col(Canalizacion.vence_en) <= latest_due_end(reloj, today))
                for reloj in _AREA_CLOCKS))
    statement = (
        select(col(Peticion.id), col(Peticion.folio), col(Canalizacion.reloj), col(Canalizacion.vence_en),
               col(Peticion.urgente), col(Area.nombre), col(Area.id))
        .join(Peticion, col(Peticion.id) == col(Canalizacion.peticion_id))
        .join(Area, col(Area.id) == col(Canalizacion.area_id))
        .where(*_areas_waiting(unidad_id), due)
        .order_by(col(Peticion.urgente).desc(), col(Canalizacion.vence_en), col(Canalizacion.id))
    )
    if limit:
        statement = statement.limit(limit)
    return [PendingAction(*ACTION_FOR_CLOCK[reloj], due_on, _overdue_days(calendar, today, due_on), urgent, folio, pid,
                          area, detalle={"area_id": area_id})
            for pid, folio, reloj, due_on, urgent, area, area_id in session.execute(statement)]


def _clock_actions(session, unidad_id, today, calendar, limit) -> list[PendingAction]:
    # Without data to deliver the answer, L14 sends it to resguardo at once: such a petition is listed before its
    # notification term comes due.
    due = or_(_due_clock(today), and_(col(Peticion.reloj) == Reloj.NOTIFICACION.value, _no_contact()))
    statement = (
        select(col(Peticion.id), col(Peticion.folio), col(Peticion.reloj), col(Peticion.vence_en), col(Peticion.urgente),
               col(Area.nombre))
        .outerjoin(Area, col(Area.id) == col(Peticion.area_id))
        .where(due, col(Peticion.unidad_id) == unidad_id, col(Peticion.reloj).is_not(None),
               col(Peticion.reloj).not_in(_AREA_CLOCKS))
        .order_by(col(Peticion.urgente).desc(), col(Peticion.vence_en))
    )
    if limit:
        statement = statement.limit(limit)
    rows = session.execute(statement).all()
    plans = load_plans(session, [row[0] for row in rows if row[2] == Reloj.NOTIFICACION], today=today,
                       calendar=calendar)
    result = []
    for pid, folio, reloj, due_on, urgent, area in rows:
        accion, text = ACTION_FOR_CLOCK[reloj]
        plan = plans.get(pid)
        ready = plan is not None and plan.resguardo_negado is None
        if due_on > today and not ready:
            continue
        if plan is not None and ready:
            # The notification term keeps running through failed attempts; once L14's 10 days after the emission
            # pass without locating the petitioner (or at once without data), the next step is the resguardo.
            accion, text = ACTION_FOR_CLOCK[Reloj.RESGUARDO]
            due_on = due_on if plan.sin_datos or plan.resguardo_vence is None else plan.resguardo_vence
        result.append(PendingAction(accion, text, due_on, _overdue_days(calendar, today, due_on), urgent, folio, pid,
                                    area))
    return result


def _buzon_acknowledgements(session, unidad_id, today, calendar, limit) -> list[PendingAction]:
    statement = (
        select(col(Peticion.id), col(Peticion.folio), col(Peticion.acuse_vence_en), col(Peticion.urgente))
        .where(Peticion.acuse_vence_en <= today, Peticion.unidad_id == unidad_id)
        .order_by(col(Peticion.acuse_vence_en))
    )
    if limit:
        statement = statement.limit(limit)
    return [
        PendingAction("acuse_buzon", "Avisar al peticionario que su hoja de buzón fue recibida (L1)", due,
                      _overdue_days(calendar, today, due), urgent, folio, pid)
        for pid, folio, due, urgent in session.execute(statement)
    ]


def _contact_for_data(session, unidad_id, today, limit) -> list[PendingAction]:
    """Open petitions with datos incompletos and a way to reach the petitioner, fewer than three attempts made (L3).

    L3 sets no term for it: the action is due today, every day, and never counts as overdue."""
    attempts = (select(func.count()).select_from(Evento)
                .where(col(Evento.peticion_id) == col(Peticion.id), col(Evento.accion) == CONTACT_ATTEMPT)
                .scalar_subquery())
    statement = (
        select(col(Peticion.id), col(Peticion.folio), col(Peticion.urgente), attempts)
        .where(col(Peticion.unidad_id) == unidad_id, col(Peticion.datos_incompletos).is_(True),
               col(Peticion.estado) != Estado.CONCLUIDA.value, col(Peticion.anonimizada_en).is_(None),
               ~_no_contact(), attempts < MAX_CONTACT_ATTEMPTS)
        .order_by(col(Peticion.urgente).desc(), col(Peticion.id))
    )
    if limit:
        statement = statement.limit(limit)
    return [
        PendingAction("contactar_datos", f"Contactar al peticionario para completar sus datos (L3): "
                      f"{done} de {MAX_CONTACT_ATTEMPTS} intentos", today, 0, urgent, folio, pid,
                      detalle={"intentos": done})
        for pid, folio, urgent, done in session.execute(statement)
    ]


def _buzon_collections(session, unidad_id, today) -> list[PendingAction]:
    return [
        PendingAction("recolectar_buzon", f"Recolectar el buzón {week.clave} ({week.ubicacion}): "
                      f"{week.recolecciones} de {BUZON_COLLECTIONS_PER_WEEK} recolecciones esta semana (L1)", today, 0,
                      detalle={"buzon_id": week.buzon_id, "recolecciones": week.recolecciones})
        for week in week_compliance(session, unidad_id=unidad_id, day=today) if not week.cumple
    ]


def _not_closed_in_sinapp(unidad_id: int) -> tuple:
    return (col(Peticion.unidad_id) == unidad_id, col(Peticion.estado) == Estado.CONCLUIDA.value,
            col(Peticion.sinapp_cerrada_en).is_(None), col(Peticion.concluida_en).is_not(None))


def _sinapp_closings(session, unidad_id, today, calendar, limit) -> list[PendingAction]:
    """Petitions concluded here and not yet closed in SINAPP (L15), due the day they were concluded."""
    statement = (select(col(Peticion.id), col(Peticion.folio), col(Peticion.concluida_en), col(Peticion.sinapp_folio))
                 .where(*_not_closed_in_sinapp(unidad_id)).order_by(col(Peticion.concluida_en), col(Peticion.id)))
    if limit:
        statement = statement.limit(limit)
    actions = []
    for pid, folio, concluded, sinapp in session.execute(statement):
        day = local_date(as_aware(concluded))
        actions.append(PendingAction("cerrar_sinapp", "Cerrar en el SINAPP la petición concluida (L15)"
                                     + ("" if sinapp else "; falta su folio SINAPP"), day,
                                     _overdue_days(calendar, today, day), folio=folio, peticion_id=pid,
                                     detalle={"sinapp_folio": sinapp or ""}))
    return actions


def _failed_mail(session, unidad_id, today, calendar) -> list[PendingAction]:
    """E-mails to petitioners the server did not take (L15), due the day they were queued."""
    from services.mail.outbox import ACUSE, failed

    actions = []
    for correo in failed(session=session, unidad_id=unidad_id):
        peticion = session.get(Peticion, correo.peticion_id)
        day = local_date(as_aware(correo.creado_en))
        what = "el acuse" if correo.clase == ACUSE else "la respuesta firmada"
        actions.append(PendingAction("correo_fallido", f"No se pudo enviar {what} por correo: {correo.ultimo_error}", day,
                                     _overdue_days(calendar, today, day), folio=peticion.folio if peticion else None,
                                     peticion_id=correo.peticion_id,
                                     detalle={"correo_id": correo.id, "intentos": correo.intentos,
                                              "estado": correo.estado}))
    return actions


def _sad_measures(session, unidad_id, today, calendar) -> list[PendingAction]:
    """Every measure agreed by the SAD (L11) and not yet fulfilled, due its day or the prórroga's (L10)."""
    return [PendingAction("medida_sad", f"Medida acordada con la SAD (L11), responsable: {row.responsable}",
                          row.vence_en, _overdue_days(calendar, today, row.vence_en), folio=row.folio,
                          peticion_id=row.peticion_id, area=row.area or None, detalle={"medida_id": row.medida_id})
            for row in sad_measures.pending(session, unidad_id=unidad_id)]


def _buzon_things_overdue(session, unidad_id, today, calendar) -> list[PendingAction]:
    """Sheets declared and not yet typed, and ended weeks short of collections not yet reported to the SAD."""
    return [*_untyped_sheets(session, unidad_id, today, calendar), *_short_weeks(session, unidad_id, today, calendar)]


def _untyped_sheets(session, unidad_id, today, calendar) -> list[PendingAction]:
    # Due the day of the collection: each untyped sheet holds back its petition and the L1 notice to its petitioner.
    actions = []
    for item in untyped_sheets(session, unidad_id=unidad_id):
        day = local_date(item.recolectada_en)
        actions.append(PendingAction(
            "capturar_hojas", f"Recolección {item.clave} del {day:%d/%m}: {'falta' if item.faltan == 1 else 'faltan'} "
                              f"{item.faltan} de {item.declaradas} {'hoja' if item.declaradas == 1 else 'hojas'} por "
                              "capturar", day, _overdue_days(calendar, today, day),
            detalle={"recoleccion_id": item.recoleccion_id, "buzon_id": item.buzon_id, "clave": item.clave,
                    "faltan": item.faltan, "declaradas": item.declaradas}))
    return actions


def _short_weeks(session, unidad_id, today, calendar) -> list[PendingAction]:
    """Each ended week short of collections stays pending until the Anexo 1 of the month it ended in is sent."""
    unsent = {*owed_reports(session, unidad_id, today), (today.year, today.month)}
    first = date(*min(unsent), 1)
    actions = []
    for week in short_weeks(session, unidad_id=unidad_id, first=first, last=last_ended_sunday(today)):
        if week.mes not in unsent:
            continue
        actions.append(PendingAction(
            "semana_buzon", f"Semana con menos de {BUZON_COLLECTIONS_PER_WEEK} recolecciones (L1): buzón {week.clave} "
                            f"({week.ubicacion}), {week.recolecciones} del {week.lunes:%d/%m} al "
                            f"{week.domingo:%d/%m/%Y}; se informa en el Anexo 1 de {month_year(*week.mes)}",
            week.domingo, _overdue_days(calendar, today, week.domingo),
            detalle={"buzon_id": week.buzon_id, "clave": week.clave, "lunes": week.lunes.isoformat(),
                    "recolecciones": week.recolecciones}))
    return actions


def previous_month(today: date) -> tuple[int, int]:
    """Year and month of the month before today's."""
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def _first_month(session, unidad_id: int) -> tuple[int, int] | None:
    """The month of the unit's first trace (its first event): it owes a report for that month and every later one."""
    # Event ids grow with time, so the unit's lowest id is its first moment without needing an index on the date.
    first = session.execute(select(col(Evento.ocurrido_en)).where(col(Evento.unidad_id) == unidad_id)
                            .order_by(col(Evento.id)).limit(1)).scalar()
    if first is None:
        return None
    day = local_date(first if first.tzinfo else first.replace(tzinfo=UTC))
    return day.year, day.month


def owed_reports(session, unidad_id: int, today: date) -> list[tuple[int, int]]:
    """Every ended month, from the unit's first, whose Anexo 1 was not yet marked sent (oldest first)."""
    first = _first_month(session, unidad_id)
    if first is None:
        return []
    last = previous_month(today)
    sent = {(year, month) for year, month in session.execute(
        select(col(ReporteMensual.anio), col(ReporteMensual.mes))
        .where(col(ReporteMensual.unidad_id) == unidad_id, col(ReporteMensual.enviado_en).is_not(None)))}
    months, (year, month) = [], first
    while (year, month) <= last:
        if (year, month) not in sent:
            months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _monthly_report(session, unidad_id, today, calendar) -> list[PendingAction]:
    actions = []
    for year, month in owed_reports(session, unidad_id, today):
        due = monthly_report_due(calendar, year, month)
        actions.append(PendingAction("informe_mensual",
                                     f"Enviar a la SAD el informe mensual (Anexo 1) de {month:02d}/{year} (L17)",
                                     due, _overdue_days(calendar, today, due), detalle={"anio": year, "mes": month}))
    return actions
