"""The demo unit's routine around its petitions: buzón collections and the monthly reports already sent."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlmodel import col

from models import Evento, ReporteMensual
from services.bulk_rows import naive_utc
from services.calendar import MEXICO_CITY, local_date
from services.database import write_session
from services.demo.bulk import bulk_insert
from services.demo.catalog import Catalog
from services.inhabiles import load_calendar
from services.pending import previous_month
from services.terms import monthly_report_due


def add_sent_reports(engine: Engine, catalog: Catalog, today: date) -> None:
    """Every month's Anexo 1 sent on time since the unit was set up, except last month's, still owed (L17)."""
    with write_session(engine) as session:
        calendar = load_calendar(session)
        done = set(session.execute(select(col(ReporteMensual.anio), col(ReporteMensual.mes))
                                   .where(col(ReporteMensual.unidad_id) == catalog.unidad.id)).all())
        first = session.execute(select(col(Evento.ocurrido_en)).where(col(Evento.unidad_id) == catalog.unidad.id)
                                .order_by(col(Evento.id)).limit(1)).scalar()
        if first is None:
            return
        start = local_date(first if first.tzinfo else first.replace(tzinfo=UTC))
        year, month = start.year, start.month
        rows = []
        while (year, month) < previous_month(today):
            if (year, month) not in done:
                sent = datetime.combine(monthly_report_due(calendar, year, month) - timedelta(days=3), time(12, 0),
                                        MEXICO_CITY)
                rows.append(dict(unidad_id=catalog.unidad.id, anio=year, mes=month, generado_en=naive_utc(sent),
                                 enviado_en=naive_utc(sent + timedelta(hours=1)), archivo=""))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        bulk_insert(session, "reportemensual", rows)


def add_collections(engine: Engine, catalog: Catalog, today: date, rng: random.Random) -> None:
    """Two collections a week per buzón, installed a year ago, some weeks short, none yet this week for one box.

    The demo's buzón petitions are not tied to a collection, so only this week's collections declare sheets: those
    are the sheets still to type."""
    from models import Buzon, Recoleccion

    with write_session(engine) as session:
        if session.execute(select(func.count()).select_from(Recoleccion)).scalar():
            return
        monday = today - timedelta(days=today.weekday())
        rows = []
        for buzon in catalog.buzones:
            session.execute(update(Buzon).where(col(Buzon.id) == buzon.id).values(instalado_en=monday - timedelta(weeks=52)))
            for week in range(1, 53):
                start = monday - timedelta(weeks=week)
                for weekday in ((1, 4) if rng.random() > 0.08 else (2,)):
                    moment = naive_utc(datetime.combine(start + timedelta(days=weekday), time(9, 0), MEXICO_CITY))
                    rows.append(dict(buzon_id=buzon.id, recolectada_en=moment, hojas_declaradas=0,
                                     usuario_id=catalog.oficial.id if catalog.oficial else None))
            if buzon is not catalog.buzones[0] and today.weekday() >= 1:
                moment = naive_utc(datetime.combine(monday + timedelta(days=1), time(9, 0), MEXICO_CITY))
                rows.append(dict(buzon_id=buzon.id, recolectada_en=moment, hojas_declaradas=rng.randint(0, 12),
                                 usuario_id=catalog.oficial.id if catalog.oficial else None))
        bulk_insert(session, "recoleccion", rows)
