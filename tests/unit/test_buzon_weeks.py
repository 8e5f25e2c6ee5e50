"""Buzón weeks remembered (L1): each ended week short of two collections, in F4, the header and the Anexo 1, and the
sheets declared and not yet typed pending until typed."""

from datetime import date

import pytest

from services.actor import SYSTEM
from services.buzon_weeks import last_ended_sunday, owed_mondays, short_weeks
from services.buzones import collect
from services.calendar import freeze
from services.catalogs.mailboxes import set_buzon_active
from services.database import read_session, write_session
from services.documents.monthly_report import render_monthly_report
from services.errors import InvalidInput
from services.inhabiles import load_calendar
from services.intake import register
from services.pending import pending_actions
from services.pending_view import overdue_count
from services.reports import mark_sent, monthly_data, record_generated
from tests.conftest import mx
from tests.factories import FULL
from tests.pdf_samples import all_text

D = date


@pytest.mark.parametrize(("instalado", "spans", "first", "last", "mondays"), [
    # Installed on a Friday: its first owed week starts the Monday after.
    (D(2026, 11, 20), (), D(2026, 11, 1), D(2026, 11, 30), [D(2026, 11, 23)]),
    # Installed on a Monday: that week is owed.
    (D(2026, 11, 23), (), D(2026, 11, 1), D(2026, 11, 29), [D(2026, 11, 23)]),
    # A week spanning a month end belongs to the month its Sunday is in.
    (D(2026, 11, 2), (), D(2026, 12, 1), D(2026, 12, 6), [D(2026, 11, 30)]),
    (D(2026, 11, 2), (), D(2026, 11, 1), D(2026, 11, 30), [D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 16),
                                                           D(2026, 11, 23)]),
    # A week spanning a year end (28/12/2026 to 03/01/2027) is January's.
    (D(2026, 11, 2), (), D(2026, 12, 1), D(2026, 12, 31), [D(2026, 11, 30), D(2026, 12, 7), D(2026, 12, 14),
                                                           D(2026, 12, 21)]),
    (D(2026, 11, 2), (), D(2027, 1, 1), D(2027, 1, 10), [D(2026, 12, 28), D(2027, 1, 4)]),
    # A week not yet ended is not owed.
    (D(2026, 11, 2), (), D(2026, 11, 23), D(2026, 11, 28), []),
    # Out of service from Wednesday 9/12 to Tuesday 22/12: the weeks it touches owe nothing.
    (D(2026, 11, 2), ((D(2026, 12, 9), D(2026, 12, 22)),), D(2026, 12, 1), D(2026, 12, 31),
     [D(2026, 11, 30)]),
    # Put back on a Monday: that week is owed again.
    (D(2026, 11, 2), ((D(2026, 12, 9), D(2026, 12, 21)),), D(2026, 12, 1), D(2026, 12, 31),
     [D(2026, 11, 30), D(2026, 12, 21)]),
    # Still out of service.
    (D(2026, 11, 2), ((D(2026, 12, 9), None),), D(2026, 12, 1), D(2027, 1, 31), [D(2026, 11, 30)]),
])
def test_owed_weeks_across_month_and_year_ends(instalado, spans, first, last, mondays):
    assert owed_mondays(instalado, spans, first, last) == mondays


@pytest.mark.parametrize(("today", "sunday"), [
    (D(2026, 11, 20), D(2026, 11, 15)), (D(2026, 11, 23), D(2026, 11, 22)), (D(2026, 11, 22), D(2026, 11, 15)),
    (D(2027, 1, 1), D(2026, 12, 27)),
])
def test_last_ended_sunday(today, sunday):
    assert last_ended_sunday(today) == sunday


def _collect(desk, *moments):
    with write_session(desk.engine) as s:
        for moment in moments:
            collect(session=s, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=0, when=moment)


def _pending(desk, today):
    with read_session(desk.engine) as s:
        calendar = load_calendar(s)
        return (pending_actions(s, unidad_id=desk.unidad.id, today=today, calendar=calendar),
                overdue_count(s, unidad_id=desk.unidad.id, today=today, calendar=calendar))


def test_short_weeks_are_remembered_after_the_fact_across_month_and_year_ends(desk):
    # The desk's buzón was installed on Friday 20/11/2026; the clock moves to Wednesday 6/1/2027.
    freeze(mx(2027, 1, 6, 12))
    _collect(desk, mx(2026, 11, 24), mx(2026, 12, 1), mx(2026, 12, 4), mx(2026, 12, 8), mx(2026, 12, 10),
             mx(2026, 12, 15), mx(2026, 12, 29))
    with read_session(desk.engine) as s:
        weeks = short_weeks(s, unidad_id=desk.unidad.id, first=D(2026, 11, 1), last=last_ended_sunday(D(2027, 1, 6)))
    assert [(w.lunes, w.recolecciones, w.mes) for w in weeks] == [
        (D(2026, 11, 23), 1, (2026, 11)), (D(2026, 12, 14), 1, (2026, 12)), (D(2026, 12, 21), 0, (2026, 12)),
        (D(2026, 12, 28), 1, (2027, 1)),
    ]


def test_short_weeks_are_overdue_in_f4_and_the_header_until_their_anexo_is_sent(desk, tmp_path):
    freeze(mx(2026, 12, 9, 12))
    _collect(desk, mx(2026, 11, 24), mx(2026, 12, 1), mx(2026, 12, 3))
    actions, overdue = _pending(desk, D(2026, 12, 9))
    weeks = [a for a in actions if a.accion == "semana_buzon"]
    assert [(a.vence_en, a.vencido(D(2026, 12, 9)), a.detalle["recolecciones"]) for a in weeks] == [
        (D(2026, 11, 29), True, 1)]
    assert weeks[0].descripcion == ("Semana con menos de 2 recolecciones (L1): buzón B-01 (Sala de espera), 1 del "
                                    "23/11 al 29/11/2026; se informa en el Anexo 1 de noviembre de 2026")
    assert overdue == sum(a.vencido(D(2026, 12, 9)) for a in actions)
    with write_session(desk.engine) as s:
        unit = s.merge(desk.unidad)
        record_generated(session=s, actor=desk.supervisor, unidad=unit, year=2026, month=11, pdf=tmp_path / "a.pdf",
                         peticiones=0)
        mark_sent(session=s, actor=desk.supervisor, unidad=unit, year=2026, month=11)
    actions_after, overdue_after = _pending(desk, D(2026, 12, 9))
    assert [a for a in actions_after if a.accion == "semana_buzon"] == []
    assert overdue_after == overdue - 1


def test_weeks_out_of_service_owe_nothing(desk):
    freeze(mx(2026, 11, 24, 9))
    with write_session(desk.engine) as s:
        set_buzon_active(session=s, actor=SYSTEM, buzon_id=desk.buzon.id, activo=False)
    freeze(mx(2026, 12, 15, 9))
    with write_session(desk.engine) as s:
        set_buzon_active(session=s, actor=SYSTEM, buzon_id=desk.buzon.id, activo=True)
    with read_session(desk.engine) as s:
        weeks = short_weeks(s, unidad_id=desk.unidad.id, first=D(2026, 11, 1), last=D(2027, 1, 3))
    assert [w.lunes for w in weeks] == [D(2026, 12, 21), D(2026, 12, 28)]


def test_the_anexo_lists_each_short_week_of_the_month(desk):
    freeze(mx(2027, 1, 6, 12))
    _collect(desk, mx(2026, 12, 1), mx(2026, 12, 4), mx(2026, 12, 15))
    with read_session(desk.engine) as s:
        data = monthly_data(session=s, unidad=s.merge(desk.unidad), year=2026, month=12)
    assert data.semanas_buzon == 4
    assert [(w.lunes, w.recolecciones) for w in data.semanas_cortas] == [
        (D(2026, 12, 7), 0), (D(2026, 12, 14), 1), (D(2026, 12, 21), 0)]
    text = all_text(render_monthly_report(data))
    assert "6. Buzones de opinión: recolecciones por semana (L1)" in text
    assert "4 semanas de buzón terminadas en el periodo; en 1 se recolectó al menos 2 veces." in text
    assert "3 semanas con menos recolecciones:" in text
    for row in ("B-01 Sala de espera 07/12/2026 al 13/12/2026 0 de 2", "B-01 Sala de espera 14/12/2026 al 20/12/2026 1 de 2",
                "B-01 Sala de espera 21/12/2026 al 27/12/2026 0 de 2"):
        assert row in text
    assert "28/12/2026" not in text


def test_a_month_without_owed_weeks_says_so(desk):
    with read_session(desk.engine) as s:
        data = monthly_data(session=s, unidad=s.merge(desk.unidad), year=2026, month=10)
    assert (data.semanas_buzon, data.semanas_cortas) == (0, ())
    assert "Ningún buzón de opinión estuvo en servicio una semana completa" in all_text(render_monthly_report(data))


def _sheet(desk, collection, **changes):
    data = {**FULL, "canal": "buzon", "buzon_id": desk.buzon.id, "recoleccion_id": collection.id,
            "recibida_en": collection.recolectada_en, **changes}
    with write_session(desk.engine) as s:
        return register(session=s, actor=desk.oficial, unidad=desk.unidad, data=data)


def test_sheets_declared_and_not_typed_are_pending_until_typed(desk):
    with write_session(desk.engine) as s:
        collection = collect(session=s, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=3, when=mx(2026, 11, 19, 9))
    _sheet(desk, collection)
    actions, _ = _pending(desk, D(2026, 11, 20))
    untyped = [a for a in actions if a.accion == "capturar_hojas"]
    assert [(a.descripcion, a.vence_en, a.vencido(D(2026, 11, 20))) for a in untyped] == [
        ("Recolección B-01 del 19/11: faltan 2 de 3 hojas por capturar", D(2026, 11, 19), True)]
    _sheet(desk, collection)
    _sheet(desk, collection)
    actions, _ = _pending(desk, D(2026, 11, 20))
    assert [a for a in actions if a.accion == "capturar_hojas"] == []


def test_a_sheet_of_another_buzons_collection_is_refused(desk):
    with write_session(desk.engine) as s:
        collection = collect(session=s, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=1, when=mx(2026, 11, 19, 9))
    with pytest.raises(InvalidInput, match="no corresponde a una recolección registrada de ese buzón"):
        _sheet(desk, collection, buzon_id=None)


def test_the_migration_recovers_installation_spans_and_the_collection_of_each_sheet(desk):
    import importlib

    from sqlalchemy import text

    from services.catalogs.mailboxes import add_buzon

    with write_session(desk.engine) as s:
        collection = collect(session=s, actor=desk.oficial, buzon_id=desk.buzon.id, hojas=2, when=mx(2026, 11, 20, 9))
    sheet = _sheet(desk, collection)
    freeze(mx(2026, 12, 2, 9))
    with write_session(desk.engine) as s:
        other = add_buzon(session=s, actor=SYSTEM, unidad_id=desk.unidad.id, clave="b-02", ubicacion="Farmacia")
    freeze(mx(2026, 12, 9, 9))
    with write_session(desk.engine) as s:
        set_buzon_active(session=s, actor=SYSTEM, buzon_id=other.id, activo=False)
    # The rows as a database written before revision 0009 holds them.
    with desk.engine.begin() as c:
        c.execute(text("UPDATE buzon SET instalado_en = NULL"))
        c.execute(text("UPDATE peticion SET recoleccion_id = NULL"))
        c.execute(text("DELETE FROM bajabuzon"))
    migration = importlib.import_module("models.migrations.versions.0009_buzon_weeks_remembered")
    with desk.engine.begin() as c:
        migration.backfill(c)
    with desk.engine.connect() as c:
        installed = dict(c.execute(text("SELECT clave, instalado_en FROM buzon")).all())
        spans = c.execute(text("SELECT buzon_id, desde, hasta FROM bajabuzon")).all()
        linked = c.execute(text("SELECT recoleccion_id FROM peticion WHERE id = :id"), {"id": sheet.id}).scalar()
    assert {k: str(v) for k, v in installed.items()} == {"B-01": "2026-11-20", "B-02": "2026-12-02"}
    assert [(b, str(d), h) for b, d, h in spans] == [(other.id, "2026-12-09", None)]
    assert linked == collection.id
