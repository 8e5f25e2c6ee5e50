"""The monthly report (Anexo 1, L17): aggregates of one unit and month, computed in SQL, plus trends (L18, L19)."""

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Area, Canalizacion, Notificacion, Peticion, ReporteMensual, Respuesta, Unidad
from models.enums import CANAL_LABELS, ESTADO_LABELS, TIPO_LABELS, Canal, Estado, Reloj, Tipo
from services import audit
from services.actor import Actor, require
from services.buzon_weeks import last_ended_sunday, owed_weeks
from services.calendar import MEXICO_CITY, BusinessCalendar, local_date, now_utc
from services.dates import as_aware, long_day, month_year
from services.errors import InvalidInput
from services.inhabiles import load_rules
from services.late_declination import late_declinations
from services.privacy import mask_free_text, mask_word
from services.private_files import write_private
from services.sad_measures import agreed_between
from services.terms import Terms, monthly_report_due

# Any CURP written into free text: four letters, birth date, sex, state and the rest of the key.
_CURP_IN_TEXT = re.compile(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d\b", re.IGNORECASE)


def parse_month(value: str) -> tuple[int, int]:
    """(year, month) from mm/aaaa or AAAA-MM, with a Spanish error."""
    try:
        if "/" in value:
            month, year = (int(part) for part in value.strip().split("/"))
        else:
            year, month = (int(part) for part in value.strip().split("-"))
        date(year, month, 1)
    except ValueError:
        raise InvalidInput(f"«{value}» no es un mes válido (use mm/aaaa o AAAA-MM, por ejemplo 10/2026).") from None
    return year, month


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """First instant of the month and of the next one, in Mexico City."""
    start = datetime.combine(date(year, month, 1), time(), MEXICO_CITY)
    following = date(year + month // 12, month % 12 + 1, 1)
    return start, datetime.combine(following, time(), MEXICO_CITY)


def _shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _in_month(unidad_id: int, year: int, month: int):
    start, end = month_bounds(year, month)
    return and_(col(Peticion.unidad_id) == unidad_id, col(Peticion.recibida_en) >= start, col(Peticion.recibida_en) < end)


def unit_info(unidad: Unidad):
    """The unit's letterhead and signature data for documents."""
    from services.documents.model import UnitInfo

    return UnitInfo(clave=unidad.clave, nombre=unidad.nombre, domicilio=unidad.domicilio,
                    director_nombre=unidad.director_nombre, director_cargo=unidad.director_cargo,
                    director_telefono=unidad.director_telefono, lugar=unidad.lugar)


def monthly_data(*, session: Session, unidad: Unidad, year: int, month: int, generated: datetime | None = None):
    """Everything the Anexo 1 of a unit and month shows, from SQL aggregates."""
    from services.documents.model import MonthlyReportData

    where = _in_month(unidad.id, year, month)
    calendar, terms = load_rules(session)
    eventos, huella = audit.anchor_of(session, unidad.id)
    return MonthlyReportData(
        unit=unit_info(unidad), year=year, month=month, generado=generated or now_utc(),
        por_tipo_canal=_by_tipo_canal(session, where),
        por_area=_by_area(session, where),
        por_estado=tuple((ESTADO_LABELS[Estado(e)], n) for e, n in session.execute(
            select(col(Peticion.estado), func.count()).where(where)
            .group_by(col(Peticion.estado)).order_by(col(Peticion.estado)))),
        cumplimiento=_compliance(session, where, calendar, terms),
        urgentes=_urgent(session, where),
        tendencia=_trend(session, unidad.id, year, month),
        detalle=_detail(session, where),
        entrega_limite=monthly_report_due(calendar, year, month),
        satisfaccion=tuple((score, count) for score, count in session.execute(
            select(col(Peticion.satisfaccion), func.count()).where(where, col(Peticion.satisfaccion).is_not(None))
            .group_by(col(Peticion.satisfaccion)).order_by(col(Peticion.satisfaccion))).all() if score is not None),
        ancla_eventos=eventos, ancla_huella=huella, **_buzon_weeks(session, unidad.id, year, month),
        **_followup(session, unidad.id, year, month, calendar),
    )


def _followup(session, unidad_id: int, year: int, month: int, calendar: BusinessCalendar) -> dict:
    """The month's late declinations (L9) and the measures agreed with the SAD (L11), by when they happened."""
    from services.documents.model import LateDeclinationRow, SadMeasureRow

    start, end = month_bounds(year, month)
    late = late_declinations(session, unidad_id=unidad_id, start=start, end=end, calendar=calendar)
    measures = agreed_between(session, unidad_id=unidad_id, first=start.date(), last=local_date(end) - timedelta(days=1))
    return {
        "declinaciones_tardias": tuple(LateDeclinationRow(row.folio, row.area, row.plazo, row.declarada, row.dias_tarde)
                                       for row in late),
        "medidas_sad": tuple(SadMeasureRow(row.folio, row.area, anonymised(row.descripcion), row.responsable,
                                           row.acordada_en, row.vence_en,
                                           local_date(as_aware(row.cumplida_en)) if row.cumplida_en else None)
                             for row in measures),
    }


def _buzon_weeks(session, unidad_id: int, year: int, month: int) -> dict:
    """The month's buzón-weeks owing two collections (L1), each reported in the month it ended in."""
    from services.documents.model import ShortBuzonWeek

    start, end = month_bounds(year, month)
    last = min(local_date(end) - timedelta(days=1), last_ended_sunday(local_date(now_utc())))
    weeks = owed_weeks(session, unidad_id=unidad_id, first=start.date(), last=last)
    return {"semanas_buzon": len(weeks), "semanas_cortas": tuple(
        ShortBuzonWeek(w.clave, w.ubicacion, w.lunes, w.domingo, w.recolecciones) for w in weeks if w.corta)}


def _by_tipo_canal(session, where) -> dict[tuple[str, str], int]:
    rows = session.execute(select(col(Peticion.tipo), col(Peticion.canal), func.count()).where(where)
                           .group_by(col(Peticion.tipo), col(Peticion.canal)))
    return {(TIPO_LABELS[Tipo(t)], CANAL_LABELS[Canal(c)]): n for t, c, n in rows}


def _by_area(session, where) -> tuple[tuple[str, int], ...]:
    # A petition routed to several áreas (L4) counts under each área in force; one with none, as «Sin canalizar».
    rows = session.execute(
        select(func.coalesce(col(Area.nombre), "Sin canalizar"), func.count()).select_from(Peticion)
        .outerjoin(Canalizacion, and_(col(Canalizacion.peticion_id) == col(Peticion.id), col(Canalizacion.activa)))
        .outerjoin(Area, col(Area.id) == col(Canalizacion.area_id)).where(where)
        .group_by(col(Area.nombre)).order_by(func.count().desc(), col(Area.nombre)))
    return tuple((name, n) for name, n in rows)


def _compliance(session, where, calendar: BusinessCalendar, terms: Terms):
    """Per área: L5 (routing → its answer by the routing's due date) and L14 (the answer of the petition's last área →
    petitioner told in the unit's term); a petition routed to several áreas (L4) counts under each."""
    from services.documents.model import AreaCompliance

    first_answer = (select(col(Respuesta.peticion_id), col(Respuesta.area_id),
                           func.min(col(Respuesta.recibida_en)).label("answered"))
                    .group_by(col(Respuesta.peticion_id), col(Respuesta.area_id)).subquery())
    told = (select(col(Notificacion.peticion_id), func.min(col(Notificacion.intentada_en)).label("told"))
            .where(col(Notificacion.resultado) == "notificado").group_by(col(Notificacion.peticion_id)).subquery())
    rows = session.execute(
        select(col(Area.nombre), col(Area.enlace_nombre), col(Canalizacion.canalizada_en), col(Canalizacion.vence_seguimiento),
               first_answer.c.answered, told.c.told, col(Peticion.tipo), col(Peticion.id))
        .select_from(Peticion).join(Canalizacion, col(Canalizacion.peticion_id) == col(Peticion.id))
        .join(Area, col(Area.id) == col(Canalizacion.area_id))
        .outerjoin(first_answer, and_(first_answer.c.peticion_id == col(Peticion.id),
                                      first_answer.c.area_id == col(Canalizacion.area_id)))
        .outerjoin(told, told.c.peticion_id == col(Peticion.id))
        .where(where, col(Canalizacion.activa))
    ).all()
    today = local_date(now_utc())
    # L14 runs once the petition has every área's answer: from the last of them.
    last_answer: dict[int, datetime | None] = {}
    for *_, answered, _told, _tipo, pid in rows:
        before = last_answer.get(pid, answered)
        last_answer[pid] = None if answered is None or before is None else max(as_aware(before), as_aware(answered))
    follow: dict[tuple[str, str], list[tuple[bool, int]]] = defaultdict(list)
    notify: dict[tuple[str, str], list[tuple[bool, int]]] = defaultdict(list)
    for area, enlace, routed, due, answered, told_at, tipo, pid in rows:
        routed_day = local_date(routed)
        answer_day = local_date(as_aware(answered)) if answered else today
        days = calendar.business_days_left(routed_day, answer_day)
        follow[(area, enlace)].append((answered is not None and answer_day <= due, days))
        answered = last_answer[pid]
        answer_day = local_date(answered) if answered else today
        if answered is not None:
            told_day = local_date(as_aware(told_at)) if told_at else today
            term = terms.days(tipo, Reloj.NOTIFICACION)
            notify[(area, enlace)].append((told_at is not None and told_day <= calendar.due_on(answer_day, term),
                                           calendar.business_days_left(answer_day, told_day)))
    result = []
    labels = (f"Seguimiento del área (L5, {terms.span_text(Reloj.SEGUIMIENTO)})",
              f"Notificación (L14, {terms.span_text(Reloj.NOTIFICACION)})")
    for label, bucket in zip(labels, (follow, notify), strict=True):
        for (area, enlace), items in sorted(bucket.items()):
            spans = [d for _, d in items]
            result.append(AreaCompliance(area=area, enlace=enlace or "", termino=label, total=len(items),
                                         en_plazo=sum(ok for ok, _ in items),
                                         promedio_dias=round(sum(spans) / len(spans), 1) if spans else None,
                                         peor_dias=max(spans) if spans else None))
    return tuple(result)


def _urgent(session, where):
    from services.documents.model import UrgentCase
    from services.triage import CATEGORY_LABELS

    rows = session.execute(
        select(col(Peticion.folio), col(Peticion.triage_categoria), col(Peticion.recibida_en), col(Peticion.urgencia_alertado_a),
               col(Peticion.urgencia_alertado_en))
        .where(where, col(Peticion.urgente).is_(True)).order_by(col(Peticion.recibida_en)))
    cases = []
    for folio, category, received, alerted_to, alerted_at in rows:
        minutes = int((alerted_at - received).total_seconds() // 60) if alerted_at else None
        cases.append(UrgentCase(folio=folio, categoria=CATEGORY_LABELS.get(category, category or "urgente"),
                                recibida=received, alertado=alerted_to or None, minutos_a_alerta=minutes))
    return tuple(cases)


def _trend(session, unidad_id: int, year: int, month: int) -> tuple[tuple[str, int], ...]:
    points = []
    for delta in range(-11, 1):
        y, m = _shift(year, month, delta)
        count = session.execute(select(func.count()).select_from(Peticion).where(_in_month(unidad_id, y, m))).scalar()
        points.append((f"{y}-{m:02d}", count))
    return tuple(points)


def _detail(session, where):
    from services.documents.model import DetailRow

    latest = (select(col(Respuesta.peticion_id), func.max(col(Respuesta.id)).label("rid"))
              .group_by(col(Respuesta.peticion_id)).subquery())
    rows = session.execute(
        select(col(Peticion.folio), col(Peticion.recibida_en), col(Peticion.tipo), col(Peticion.canal), col(Area.nombre),
               col(Peticion.estado), col(Peticion.descripcion), col(Respuesta.texto), col(Respuesta.solucion),
               col(Peticion.nombre), col(Peticion.primer_apellido), col(Peticion.segundo_apellido))
        .select_from(Peticion).outerjoin(Area, col(Area.id) == col(Peticion.area_id))
        .outerjoin(latest, latest.c.peticion_id == col(Peticion.id)).outerjoin(Respuesta, col(Respuesta.id) == latest.c.rid)
        .where(where).order_by(col(Peticion.recibida_en), col(Peticion.id))
    )
    # Every área in force of a petition routed to several (L4), in routing order.
    areas = defaultdict(list)
    for folio, name in session.execute(
            select(col(Peticion.folio), col(Area.nombre)).select_from(Peticion)
            .join(Canalizacion, col(Canalizacion.peticion_id) == col(Peticion.id))
            .join(Area, col(Area.id) == col(Canalizacion.area_id))
            .where(where, col(Canalizacion.activa)).order_by(col(Canalizacion.id))):
        areas[folio].append(name)
    result = []
    for folio, received, tipo, canal, area, estado, problem, answer, solution, *person in rows:
        result.append(DetailRow(
            folio=folio, recibida=local_date(received), tipo=TIPO_LABELS[Tipo(tipo)], canal=CANAL_LABELS[Canal(canal)],
            area=", ".join(areas[folio]) if len(areas.get(folio, ())) > 1 else area or "Sin canalizar",
            estado=ESTADO_LABELS[Estado(estado)], problema=anonymised(problem, person),
            respuesta=anonymised(answer, person), solucion=anonymised(solution, person)))
    return result


def anonymised(text: str | None, person: Sequence[str | None] = ()) -> str:
    """Free text as the report shows it (L16): the petitioner's name and any CURP, e-mail or phone number hidden."""
    text = mask_free_text(_CURP_IN_TEXT.sub("[CURP]", text or ""))
    lowered = text.lower()
    # Words of two letters or fewer ("de", "la") are particles, not names, and masking them would garble the text.
    words = {word for part in person if part for word in part.split() if len(word) > 2 and word.lower() in lowered}
    if not words:
        return text
    names = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")\b", re.IGNORECASE)
    return names.sub(lambda match: mask_word(match.group(0)), text)


def render(*, session: Session, actor: Actor, unidad: Unidad, year: int, month: int, pdf: Path,
           csv: Path | None = None, progress=None) -> dict:
    """Write the Anexo 1 PDF (and CSV) of a month from a read session; nothing is recorded yet."""
    require(actor, "reportes")
    from services.documents.detail_csv import write_detail_csv
    from services.documents.monthly_report import render_monthly_report

    data = monthly_data(session=session, unidad=unidad, year=year, month=month)
    if progress:
        progress(0.4)
    content = render_monthly_report(data)
    if progress:
        progress(0.9)
    target: Path | None = pdf
    try:
        write_private(pdf, content)
        target = csv
        rows = write_detail_csv(data.detalle, csv) if csv else None
    except OSError:
        raise InvalidInput(f"No se pudo escribir el informe en «{target}»; revise que sea un archivo en una "
                           "carpeta donde se pueda escribir.") from None
    return {"pdf": pdf, "csv": csv, "peticiones": len(data.detalle), "filas_csv": rows, "data": data}


def record_generated(*, session: Session, actor: Actor, unidad: Unidad, year: int, month: int, pdf: Path,
                     peticiones: int, ancla: tuple[int, str] | None = None) -> ReporteMensual:
    """Record that the month's report was generated, where, and the chain anchor it printed (else the head now)."""
    require(actor, "reportes")
    record = _record(session, unidad, year, month)
    if record is None:
        record = ReporteMensual(unidad_id=unidad.id, anio=year, mes=month)
        session.add(record)
    record.generado_en, record.archivo = now_utc(), str(pdf.resolve())
    record.ancla_eventos, record.ancla_hash = ancla or audit.anchor_of(session, unidad.id)
    audit.record(session, actor=actor, accion="informe_mensual_generado", unidad_id=unidad.id,
                 detalle={"mes": f"{year}-{month:02d}", "peticiones": peticiones, "archivo": pdf.name})
    return record


def generate(*, session: Session, actor: Actor, unidad: Unidad, year: int, month: int, pdf: Path,
             csv: Path | None = None, progress=None) -> dict:
    """Render the Anexo 1 PDF (and CSV) and record that it was generated, in one session."""
    result = render(session=session, actor=actor, unidad=unidad, year=year, month=month, pdf=pdf, csv=csv,
                    progress=progress)
    data = result["data"]
    record_generated(session=session, actor=actor, unidad=unidad, year=year, month=month, pdf=pdf,
                     peticiones=result["peticiones"], ancla=(data.ancla_eventos, data.ancla_huella))
    if progress:
        progress(1.0)
    return result


def _record(session: Session, unidad: Unidad, year: int, month: int) -> ReporteMensual | None:
    return session.execute(select(ReporteMensual).where(col(ReporteMensual.unidad_id) == unidad.id,
                                                        col(ReporteMensual.anio) == year,
                                                        col(ReporteMensual.mes) == month)).scalar_one_or_none()


def mark_sent(*, session: Session, actor: Actor, unidad: Unidad, year: int, month: int) -> ReporteMensual:
    """Record that the month's report was sent to the SAD (L17: within the first ten days)."""
    require(actor, "reportes")
    record = _record(session, unidad, year, month)
    period = month_year(year, month)
    if record is None or record.generado_en is None:
        raise InvalidInput(f"El informe de {period} aún no se ha generado; genérelo antes de marcarlo como enviado.")
    if record.enviado_en is not None:
        # The first date is the one L17 judges; marking again would hide a late sending.
        raise InvalidInput(f"El informe de {period} ya se marcó como enviado a la SAD el "
                           f"{long_day(record.enviado_en)}.")
    record.enviado_en = now_utc()
    audit.record(session, actor=actor, accion="informe_mensual_enviado", unidad_id=unidad.id,
                 detalle={"mes": f"{year}-{month:02d}"})
    return record
