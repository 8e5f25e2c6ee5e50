"""What is due today or overdue, each with its next action: the supervisor's morning list."""

from collections.abc import Mapping
from datetime import UTC, date
from itertools import groupby, repeat
from operator import itemgetter
from types import MappingProxyType
from typing import Any, NamedTuple

from sqlalchemy import String, bindparam, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import col

from models import AccionPendiente, Area, Evento, Peticion, ReporteMensual
from services import sad_measures
from services.buzon_weeks import last_ended_sunday, short_weeks
from services.buzones import untyped_sheets, week_compliance
from services.calendar import BusinessCalendar, local_date
from services.collection import paused_collection
from services.dates import as_aware, as_date, month_year
from services.l3 import MAX_CONTACT_ATTEMPTS
from services.pending_labels import ACTION_FOR_CLOCK, ACTION_ORDER, STORED_KINDS
from services.terms import BUZON_COLLECTIONS_PER_WEEK, monthly_report_due

__all__ = ["ACTION_FOR_CLOCK", "ACTION_ORDER", "PendingAction", "owed_reports", "pending_actions", "unstored_actions"]


# A named tuple: `moad pendientes` makes tens of thousands at once, column by column (of_kind), with no __init__ call
# per row; nothing changes one after it is made.
class PendingAction(NamedTuple):
    """One thing to do: which action, on which petition (or buzón, or report), due when."""

    accion: str
    descripcion: str
    vence_en: date
    dias_vencido: int
    urgente: bool = False
    folio: str | None = None
    peticion_id: int | None = None
    area: str | None = None
    # Read-only: the default is shared by every action without a detail.
    detalle: Mapping[str, Any] = MappingProxyType({})

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
            **({"detalle": dict(self.detalle)} if self.detalle else {}),
        }


def pending_actions(session: Session, *, unidad_id: int, today: date, calendar: BusinessCalendar,
                    limit: int | None = None) -> list[PendingAction]:
    """Everything due today or overdue for the unit, urgent first, then by action (F4's order), due date and folio;
    with a limit, at most that many of each kind."""
    with paused_collection():
        others: dict[tuple[str, bool], list[PendingAction]] = {}
        for action in unstored_actions(session, unidad_id=unidad_id, today=today, calendar=calendar):
            others.setdefault((action.accion, action.urgente), []).append(action)
        connection = session.connection()
        areas = dict(connection.execute(_AREA_NAMES).all())
        # Each stored kind and urgency is one index range already in order: the whole list is those ranges end to end,
        # so neither the database nor Python sorts tens of thousands of rows.
        taken: dict[str, int] = {}
        actions: list[PendingAction] = []
        for accion, urgent in sorted({*STORED_PAIRS, *others}, key=lambda pair: (not pair[1], _ORDER[pair[0]])):
            room = None if limit is None else limit - taken.get(accion, 0)
            if room is not None and room <= 0:
                continue
            if accion in STORED_KINDS:
                values: dict[str, object] = {"unidad": unidad_id, "hoy": today, "accion": accion}
                statement = _WHOLE_KIND[urgent]
                if room is not None:
                    statement, values["filas"] = _FIRST_OF_KIND[urgent], room
                rows = of_kind(accion, connection.execute(statement, values).all(), areas, today, calendar)
            else:
                rows = sorted(others[accion, urgent], key=lambda a: (a.vence_en, a.folio or ""))[:room]
            taken[accion] = taken.get(accion, 0) + len(rows)
            actions += rows
        return actions


def unstored_actions(session: Session, *, unidad_id: int, today: date, calendar: BusinessCalendar) -> list[PendingAction]:
    """The actions not kept in accionpendiente (buzones, mail, SAD measures, reports): few, so computed each time."""
    return [*_buzon_collections(session, unidad_id, today), *dated_unstored(session, unidad_id, today, calendar),
            *_sad_measures(session, unidad_id, today, calendar)]


def dated_unstored(session: Session, unidad_id: int, today: date, calendar: BusinessCalendar) -> list[PendingAction]:
    """The unstored actions that fall due on a day of their own (untyped sheets, short buzón weeks, reports, mail):
    F4 lists them and the header counts the overdue ones."""
    owed = owed_reports(session, unidad_id, today)
    return [*_buzon_things_overdue(session, unidad_id, today, calendar, owed), *_monthly_reports(calendar, today, owed),
            *_failed_mail(session, unidad_id, today, calendar)]


_ORDER = {name: index for index, name in enumerate(ACTION_ORDER)}
_TEXTS = dict(ACTION_FOR_CLOCK.values())


STORED_COLUMNS = (
    col(AccionPendiente.accion),
    # The due date as the driver gives it (SQLite's text, PostgreSQL's date): tens of thousands of rows share a few
    # hundred dates, so each distinct one is parsed once instead of once per row.
    type_coerce(col(AccionPendiente.vence_en), String).label("vence_en"),
    *(col(column) for column in (AccionPendiente.urgente, AccionPendiente.folio, AccionPendiente.peticion_id,
                                 AccionPendiente.area_id, AccionPendiente.de_area, AccionPendiente.intentos,
                                 AccionPendiente.sinapp_folio)))
UNIT: BindParameter[int] = bindparam("unidad")
TODAY: BindParameter[date] = bindparam("hoy")


def kind_rows(accion, urgent: bool):
    """One kind's listed rows of one urgency, in F4's order, as the kind's index gives them."""
    # «coalesce(desde, desde)» keeps the counting index out of the plan: without statistics SQLite would take its range
    # and sort the whole kind, where the kind's index gives the rows in order from its first entries.
    return (select(*STORED_COLUMNS)
            .where(col(AccionPendiente.unidad_id) == UNIT, col(AccionPendiente.accion) == accion,
                   col(AccionPendiente.urgente) == urgent,
                   func.coalesce(col(AccionPendiente.desde), col(AccionPendiente.desde)) <= TODAY,
                   or_(col(AccionPendiente.hasta).is_(None), col(AccionPendiente.hasta) > TODAY))
            .order_by(col(AccionPendiente.vence_en), col(AccionPendiente.folio), col(AccionPendiente.id)))


# Every stored kind with each urgency, in the order F4 reads them.
STORED_PAIRS = [(accion, urgent) for accion in STORED_KINDS for urgent in (True, False)]
# Built once, the kind a parameter: one statement per urgency, compiled once per process.
_WHOLE_KIND = {urgent: kind_rows(bindparam("accion"), urgent) for urgent in (True, False)}
_FIRST_OF_KIND = {urgent: kind_rows(bindparam("accion"), urgent).limit(bindparam("filas")) for urgent in (True, False)}


_AREA_NAMES = select(col(Area.id), col(Area.nombre))


def stored_actions(session, statement, today: date, calendar: BusinessCalendar, *,
                   values: dict | None = None) -> list[PendingAction]:
    """The PendingAction of each accionpendiente row a statement over STORED_COLUMNS reads."""
    connection = session.connection()
    areas = dict(connection.execute(_AREA_NAMES).all())
    return built(connection.execute(statement, values or {}).all(), areas, today, calendar)


def built(rows, areas: dict[int, str], today: date, calendar: BusinessCalendar) -> list[PendingAction]:
    """The PendingAction of each row over STORED_COLUMNS, in the rows' order."""
    actions: list[PendingAction] = []
    for accion, run in groupby(rows, key=itemgetter(0)):
        actions += of_kind(accion, list(run), areas, today, calendar)
    return actions


_NO_DETAIL = PendingAction._field_defaults["detalle"]
_SINAPP = "Cerrar en el SINAPP la petición concluida (L15)"
_BUZON_NOTICE = "Avisar al peticionario que su hoja de buzón fue recibida (L1)"


def of_kind(accion: str, rows, areas: dict[int, str], today: date, calendar: BusinessCalendar) -> list[PendingAction]:
    """The PendingAction of each row over STORED_COLUMNS, all of them of one kind, in the rows' order."""
    if not rows:
        return []
    # Column by column, through map and zip: `moad pendientes` builds tens of thousands of one kind, and a Python loop
    # unpacking each row and calling a dataclass's __init__ took 37 ms for 48,000 rows, this 21.
    _, raw, urgent, folio, pid, area_id, de_area, intentos, sinapp = zip(*rows)
    n, kind = len(rows), repeat(accion, len(rows))
    if accion == "contactar_datos":
        # L3 sets no term: the follow-up has no due date and is due today, every day.
        texts = {tries: f"Contactar al peticionario para completar sus datos (L3): {tries} de {MAX_CONTACT_ATTEMPTS} "
                        "intentos" for tries in set(intentos)}
        # Read-only and shared by every row with the same count: tens of thousands of dicts fewer to make and free.
        details = {tries: MappingProxyType({"intentos": tries}) for tries in texts}
        return _made(n, kind, map(texts.__getitem__, intentos), repeat(today, n), repeat(0, n), urgent, folio, pid,
                     repeat(None, n), map(details.__getitem__, intentos))
    # Tens of thousands of rows share a few hundred due dates: each is parsed, and its overdue days counted, once.
    dates = {text: as_date(text) for text in set(raw) if text is not None}
    late_by_date = calendar.overdue_days(dates.values(), today)
    overdue = {text: late_by_date.get(day, 0) for text, day in dates.items()}
    due, late = map(dates.__getitem__, raw), map(overdue.__getitem__, raw)
    if accion == "cerrar_sinapp":
        return _made(n, kind, [_SINAPP if known else f"{_SINAPP}; falta su folio SINAPP" for known in sinapp], due, late,
                     repeat(False, n), folio, pid, repeat(None, n), [{"sinapp_folio": known or ""} for known in sinapp])
    text = _TEXTS.get(accion)
    if text is None:
        return _made(n, kind, repeat(_BUZON_NOTICE, n), due, late, urgent, folio, pid, repeat(None, n),
                     repeat(_NO_DETAIL, n))
    # The clock steps: the área that owes the step, and its id when the step is the área's to take.
    return _made(n, kind, repeat(text, n), due, late, urgent, folio, pid, map(areas.get, area_id),
                 [{"area_id": area} if owed else _NO_DETAIL for area, owed in zip(area_id, de_area)])


def _made(n: int, *columns) -> list[PendingAction]:
    """n actions from their nine columns, each made as a tuple is: no __init__ call per row."""
    return list(map(tuple.__new__, repeat(PendingAction, n), zip(*columns)))


def _buzon_collections(session, unidad_id, today) -> list[PendingAction]:
    return [
        PendingAction("recolectar_buzon", f"Recolectar el buzón {week.clave} ({week.ubicacion}): "
                      f"{week.recolecciones} de {BUZON_COLLECTIONS_PER_WEEK} recolecciones esta semana (L1)", today, 0,
                      detalle={"buzon_id": week.buzon_id, "clave": week.clave, "ubicacion": week.ubicacion,
                               "recolecciones": week.recolecciones})
        for week in week_compliance(session, unidad_id=unidad_id, day=today) if not week.cumple
    ]


_FOLIOS = select(col(Peticion.id), col(Peticion.folio)).where(col(Peticion.id).in_(bindparam("ids", expanding=True)))


def _failed_mail(session, unidad_id, today, calendar) -> list[PendingAction]:
    """E-mails to petitioners the server did not take (L15), due the day they were queued."""
    from services.mail.outbox import ACUSE, failed

    mails = failed(session=session, unidad_id=unidad_id)
    if not mails:
        return []
    folios = dict(session.connection().execute(_FOLIOS, {"ids": sorted({correo.peticion_id for correo in mails})}).all())
    actions = []
    for correo in mails:
        day = local_date(as_aware(correo.creado_en))
        what = "el acuse" if correo.clase == ACUSE else "la respuesta firmada"
        actions.append(PendingAction("correo_fallido", f"No se pudo enviar {what} por correo: {correo.ultimo_error}", day,
                                     calendar.business_days_after(day, today), folio=folios.get(correo.peticion_id),
                                     peticion_id=correo.peticion_id,
                                     detalle={"correo_id": correo.id, "intentos": correo.intentos,
                                              "estado": correo.estado}))
    return actions


def _sad_measures(session, unidad_id, today, calendar) -> list[PendingAction]:
    """Every measure agreed by the SAD (L11) and not yet fulfilled, due its day or the prórroga's (L10)."""
    return [PendingAction("medida_sad", f"Medida acordada con la SAD (L11), responsable: {row.responsable}",
                          row.vence_en, calendar.business_days_after(row.vence_en, today), folio=row.folio,
                          peticion_id=row.peticion_id, area=row.area or None, detalle={"medida_id": row.medida_id})
            for row in sad_measures.pending(session, unidad_id=unidad_id)]


def _buzon_things_overdue(session, unidad_id, today, calendar, owed: list[tuple[int, int]]) -> list[PendingAction]:
    """Sheets declared and not yet typed, and ended weeks short of collections not yet reported to the SAD; owed is
    owed_reports' answer, read once by the caller."""
    return [*_untyped_sheets(session, unidad_id, today, calendar), *_short_weeks(session, unidad_id, today, calendar, owed)]


def _untyped_sheets(session, unidad_id, today, calendar) -> list[PendingAction]:
    # Due the day of the collection: each untyped sheet holds back its petition and the L1 notice to its petitioner.
    actions = []
    for item in untyped_sheets(session, unidad_id=unidad_id):
        day = local_date(item.recolectada_en)
        actions.append(PendingAction(
            "capturar_hojas", f"Recolección {item.clave} del {day:%d/%m}: {'falta' if item.faltan == 1 else 'faltan'} "
                              f"{item.faltan} de {item.declaradas} {'hoja' if item.declaradas == 1 else 'hojas'} por "
                              "capturar", day, calendar.business_days_after(day, today),
            detalle={"recoleccion_id": item.recoleccion_id, "buzon_id": item.buzon_id, "clave": item.clave,
                    "faltan": item.faltan, "declaradas": item.declaradas}))
    return actions


def _short_weeks(session, unidad_id, today, calendar, owed: list[tuple[int, int]]) -> list[PendingAction]:
    """Each ended week short of collections stays pending until the Anexo 1 of the month it ended in is sent."""
    unsent = {*owed, (today.year, today.month)}
    first = date(*min(unsent), 1)
    actions = []
    for week in short_weeks(session, unidad_id=unidad_id, first=first, last=last_ended_sunday(today)):
        if week.mes not in unsent:
            continue
        actions.append(PendingAction(
            "semana_buzon", f"Semana con menos de {BUZON_COLLECTIONS_PER_WEEK} recolecciones (L1): buzón {week.clave} "
                            f"({week.ubicacion}), {week.recolecciones} del {week.lunes:%d/%m} al "
                            f"{week.domingo:%d/%m/%Y}; se informa en el Anexo 1 de {month_year(*week.mes)}",
            week.domingo, calendar.business_days_after(week.domingo, today),
            detalle={"buzon_id": week.buzon_id, "clave": week.clave, "lunes": week.lunes.isoformat(),
                    "recolecciones": week.recolecciones}))
    return actions


def previous_month(today: date) -> tuple[int, int]:
    """Year and month of the month before today's."""
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


_FIRST_EVENT = (select(col(Evento.ocurrido_en)).where(col(Evento.unidad_id) == bindparam("unidad"))
                .order_by(col(Evento.id)).limit(1))
_SENT_REPORTS = select(col(ReporteMensual.anio), col(ReporteMensual.mes)).where(
    col(ReporteMensual.unidad_id) == bindparam("unidad"), col(ReporteMensual.enviado_en).is_not(None))


def _first_month(session, unidad_id: int) -> tuple[int, int] | None:
    """The month of the unit's first trace (its first event): it owes a report for that month and every later one."""
    # Event ids grow with time, so the unit's lowest id is its first moment without needing an index on the date.
    first = session.connection().execute(_FIRST_EVENT, {"unidad": unidad_id}).scalar()
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
    sent = {(year, month) for year, month in session.connection().execute(_SENT_REPORTS, {"unidad": unidad_id})}
    months, (year, month) = [], first
    while (year, month) <= last:
        if (year, month) not in sent:
            months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _monthly_reports(calendar: BusinessCalendar, today: date, owed: list[tuple[int, int]]) -> list[PendingAction]:
    """The Anexo 1 of each month owed (owed_reports' answer), due as L17 says."""
    actions = []
    for year, month in owed:
        due = monthly_report_due(calendar, year, month)
        actions.append(PendingAction("informe_mensual",
                                     f"Enviar a la SAD el informe mensual (Anexo 1) de {month:02d}/{year} (L17)",
                                     due, calendar.business_days_after(due, today), detalle={"anio": year, "mes": month}))
    return actions
