"""The monthly report (Anexo 1, L17) on demo data: totals equal direct SQL counts, PDF and CSV read back, roles, privacy."""

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text

from models import Evento, ReporteMensual, Usuario
from models.enums import CANAL_LABELS, ESTADO_LABELS, TIPO_LABELS, Canal, Estado, Reloj, Rol, Tipo
from services import answers, delivery, routing
from services.actor import SYSTEM
from services.auth import actor_for
from services.calendar import freeze
from services.catalogs.term_settings import set_term
from services.catalogs.units import get_unit
from services.database import read_session, write_session
from services.demo import populate
from services.errors import InvalidInput, PermissionDenied
from services.inhabiles import add_day
from services.intake import register
from services.reports import generate, mark_sent, monthly_data
from tests.conftest import mx
from tests.factories import ALL_CHECKED, FULL

TODAY = date(2026, 11, 20)
YEAR, MONTH = 2026, 10
UNIT_NAME = "Clínica de Medicina Familiar Demostración"
ACCENTS = "La señora Ángela pidió información del trámite de pensión; ¿cuándo le darán cita en Ortopedia?"
PRIVATE = ("Soy Ximena Prueba Generada, CURP BADD110313HCMLNS06, tel. 55 1234 5678, correo ximena.prueba@example.mx; "
           "no me surten la receta de la presión.")
LEAKS = ("Ximena", "Generada", "BADD110313HCMLNS06", "55 1234 5678", "5512345678", "ximena.prueba@example.mx")


def _utc_naive(year: int, month: int) -> datetime:
    """The first instant of a month in Mexico City as the naive UTC value the database stores."""
    start = datetime(year, month, 1, tzinfo=ZoneInfo("America/Mexico_City"))
    return start.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture
def demo(engine):
    """2,500 demo petitions, plus October petitions on the month's edges, with accents and with personal data."""
    populate(engine, n=2500, today=TODAY)
    with write_session(engine) as s:
        unit = get_unit(session=s)
        # 23:59 on 30 September is already 1 October in UTC, and 23:30 on 31 October is 1 November: only the
        # second belongs to October in Mexico City.
        edges = [register(session=s, actor=SYSTEM, unidad=unit, data=FULL, now=mx(2026, 9, 30, 23, 59)).folio,
                 register(session=s, actor=SYSTEM, unidad=unit, data=FULL, now=mx(2026, 10, 31, 23, 30)).folio]
        register(session=s, actor=SYSTEM, unidad=unit, data={**FULL, "tipo": "solicitud_servicio", "descripcion": ACCENTS},
                 now=mx(2026, 10, 14, 9))
        private = register(session=s, actor=SYSTEM, unidad=unit, data={**FULL, "descripcion": PRIVATE},
                           now=mx(2026, 10, 20, 9))
        routing.route(session=s, actor=SYSTEM, folio=private.folio, area_id=1, now=mx(2026, 10, 20, 10))
        answers.record_answer(session=s, actor=SYSTEM, folio=private.folio,
                              texto="Estimada Ximena Prueba Generada: se surtió su receta completa.",
                              solucion="Se entregó el medicamento a la Sra. Ximena Prueba (CURP BADD110313HCMLNS06).",
                              firmante_nombre="Enlace Farmacia", firmante_cargo="Jefe de farmacia",
                              firmante_telefono="5550002222", now=mx(2026, 10, 22, 9))
        users = {u.rol: actor_for(u) for u in s.execute(select(Usuario)).scalars()}
    return engine, users, edges


def _direct(session, statement: str) -> list[tuple]:
    bounds = {"u": 1, "start": _utc_naive(YEAR, MONTH), "end": _utc_naive(YEAR, MONTH + 1)}
    return [tuple(row) for row in session.execute(text(statement), bounds)]


def _generate(engine, actor, tmp_path):
    with write_session(engine) as s:
        return generate(session=s, actor=actor, unidad=get_unit(session=s), year=YEAR, month=MONTH, pdf=tmp_path / "anexo1.pdf",
                        csv=tmp_path / "anexo1.csv")


def test_totals_equal_direct_sql_counts(demo):
    engine, _, (september_end, october_end) = demo
    month = "FROM peticion p WHERE p.unidad_id = :u AND p.recibida_en >= :start AND p.recibida_en < :end"
    with read_session(engine) as s:
        data = monthly_data(session=s, unidad=get_unit(session=s), year=YEAR, month=MONTH)
        total = _direct(s, f"SELECT count(*) {month}")[0][0]
        by_tipo_canal = _direct(s, f"SELECT p.tipo, p.canal, count(*) {month} GROUP BY p.tipo, p.canal")
        by_estado = _direct(s, f"SELECT p.estado, count(*) {month} GROUP BY p.estado")
        by_area = _direct(s, "SELECT coalesce(a.nombre, 'Sin canalizar'), count(*) FROM peticion p "
                             "LEFT JOIN area a ON a.id = p.area_id WHERE p.unidad_id = :u AND p.recibida_en >= :start "
                             "AND p.recibida_en < :end GROUP BY a.nombre")
        folios = {row[0] for row in _direct(s, f"SELECT p.folio {month}")}
    assert total > 300
    assert sum(data.por_tipo_canal.values()) == total == len(data.detalle)
    assert data.por_tipo_canal == {(TIPO_LABELS[Tipo(t)], CANAL_LABELS[Canal(c)]): n for t, c, n in by_tipo_canal}
    assert dict(data.por_estado) == {ESTADO_LABELS[Estado(e)]: n for e, n in by_estado}
    assert dict(data.por_area) == dict(by_area) and len(data.por_area) == len(by_area)
    assert {row.folio for row in data.detalle} == folios
    assert data.tendencia[-1] == (f"{YEAR}-{MONTH:02d}", total)
    assert october_end in folios and september_end not in folios


def test_pdf_and_csv_read_back_with_totals_and_accents(demo, tmp_path):
    engine, users, _ = demo
    result = _generate(engine, users[Rol.SUPERVISOR], tmp_path)
    total = result["peticiones"]
    with read_session(engine) as s:
        october = {row[0] for row in _direct(s, "SELECT folio FROM peticion WHERE unidad_id = :u AND recibida_en >= :start "
                                                "AND recibida_en < :end")}
    reader = PdfReader(tmp_path / "anexo1.pdf")
    first = " ".join(reader.pages[0].extract_text().split())
    assert UNIT_NAME in first and "octubre de 2026" in first
    assert f"Se recibieron {total:,} peticiones en octubre de 2026" in first
    whole = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert f"8. Detalle de las peticiones del mes ({total:,})" in whole
    raw = (tmp_path / "anexo1.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == total == len(october)
    assert {row["Folio"] for row in rows} == october
    accented = next(row for row in rows if row["Problemática"] == ACCENTS)
    assert accented["Tipo"] == "Solicitud de servicio" and accented["Fecha de recepción"] == "2026-10-14"
    assert result["filas_csv"] == total


def test_personal_data_is_masked_in_pdf_and_csv(demo, tmp_path):
    engine, users, _ = demo
    _generate(engine, users[Rol.DIRECTOR], tmp_path)
    whole = " ".join(page.extract_text() for page in PdfReader(tmp_path / "anexo1.pdf").pages)
    content = (tmp_path / "anexo1.csv").read_text(encoding="utf-8-sig")
    for leak in LEAKS:
        assert leak not in whole and leak not in content, leak
    row = next(r for r in csv.DictReader(io.StringIO(content)) if "no me surten la receta de la presión" in r["Problemática"])
    assert row["Problemática"].startswith("Soy X***** P***** G*******, CURP [CURP], tel. [número], correo [correo]")
    assert row["Respuesta"] == "Estimada X***** P***** G*******: se surtió su receta completa."
    assert row["Solución"] == "Se entregó el medicamento a la Sra. X***** P***** (CURP [CURP])."
    with read_session(engine) as s:
        people = _direct(s, "SELECT nombre, primer_apellido FROM peticion WHERE unidad_id = :u AND nombre <> '' "
                            "AND recibida_en >= :start AND recibida_en < :end")
    assert people and not [person for person in people if f"{person[0]} {person[1]}" in content]


def test_sending_needs_a_generated_report_and_is_recorded_once(demo, tmp_path):
    engine, users, _ = demo
    with pytest.raises(InvalidInput, match="El informe de octubre de 2026 aún no se ha generado"), write_session(engine) as s:
        mark_sent(session=s, actor=users[Rol.DIRECTOR], unidad=get_unit(session=s), year=YEAR, month=MONTH)
    _generate(engine, users[Rol.DIRECTOR], tmp_path)
    with write_session(engine) as s:
        mark_sent(session=s, actor=users[Rol.DIRECTOR], unidad=get_unit(session=s), year=YEAR, month=MONTH)
    with pytest.raises(InvalidInput, match="ya se marcó como enviado a la SAD el"), write_session(engine) as s:
        mark_sent(session=s, actor=users[Rol.SUPERVISOR], unidad=get_unit(session=s), year=YEAR, month=MONTH)
    with read_session(engine) as s:
        record = s.execute(select(ReporteMensual).where(ReporteMensual.anio == YEAR, ReporteMensual.mes == MONTH)).scalar_one()
        events = s.execute(select(Evento.accion, Evento.usuario_id).where(Evento.accion.like("informe_mensual%"))
                           .order_by(Evento.id)).all()
    assert (record.anio, record.mes, record.archivo) == (YEAR, MONTH, str((tmp_path / "anexo1.pdf").resolve()))
    assert record.generado_en is not None and record.enviado_en is not None
    director = users[Rol.DIRECTOR].id
    assert [tuple(e) for e in events] == [("informe_mensual_generado", director), ("informe_mensual_enviado", director)]


def test_only_supervisor_director_and_administrator_may_generate(demo, tmp_path):
    engine, users, _ = demo
    with pytest.raises(PermissionDenied, match=r"requiere el rol de .*supervisor.*; su rol es oficial de módulo"):
        _generate(engine, users[Rol.OFICIAL], tmp_path)
    assert not (tmp_path / "anexo1.pdf").exists()
    with pytest.raises(PermissionDenied, match="su rol es oficial de módulo"), write_session(engine) as s:
        mark_sent(session=s, actor=users[Rol.OFICIAL], unidad=get_unit(session=s), year=YEAR, month=MONTH)
    for rol in (Rol.SUPERVISOR, Rol.DIRECTOR):
        assert _generate(engine, users[rol], tmp_path / rol.value)["pdf"].exists()


def test_compliance_judges_each_area_by_the_dates_and_terms_in_force(desk):
    freeze(mx(2026, 12, 10, 9))
    signer = dict(firmante_nombre="Dr. Área Prueba", firmante_cargo="Jefe de área", firmante_telefono="5550002222")
    with write_session(desk.engine) as s:
        set_term(session=s, actor=desk.admin, reloj=Reloj.NOTIFICACION, tipo="", dias=3, confirmado=True)
        on_time = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 23, 9))
        late = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 23, 9, 5))
        for p, area in ((on_time, desk.areas[0]), (late, desk.areas[1])):
            routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=area.id, now=mx(2026, 11, 23, 10))
        # Wednesday 25 November declared after routing: L5's three days now end on Friday 27, not Thursday 26.
        add_day(s, actor=desk.admin, fecha=date(2026, 11, 25), motivo="Día inhábil de prueba")
        answers.record_answer(session=s, actor=desk.oficial, folio=on_time.folio, texto="Atendida.",
                              now=mx(2026, 11, 27, 10), **signer)
        answers.record_answer(session=s, actor=desk.oficial, folio=late.folio, texto="Atendida tarde.",
                              now=mx(2026, 11, 30, 10), **signer)
        answers.sign(session=s, actor=desk.director, folio=late.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 30, 12))
        # Three business days after Monday 30 November (the unit's L14 term, not the guide's two): Thursday 3 December.
        delivery.notify(session=s, actor=desk.oficial, folio=late.folio, medio="telefono", resultado="notificado",
                        now=mx(2026, 12, 3, 17))
    with read_session(desk.engine) as s:
        data = monthly_data(session=s, unidad=desk.unidad, year=2026, month=11)
    rows = {(row.area, row.termino): (row.total, row.en_plazo) for row in data.cumplimiento}
    assert rows == {
        ("Farmacia", "Seguimiento del área (L5, 3 d.h.)"): (1, 1),
        ("Consulta externa", "Seguimiento del área (L5, 3 d.h.)"): (1, 0),
        ("Farmacia", "Notificación (L14, 3 d.h.)"): (1, 0),
        ("Consulta externa", "Notificación (L14, 3 d.h.)"): (1, 1),
    }


@pytest.mark.parametrize("written", ["10/2026", "2026-10", " 10/2026 "])
def test_a_month_is_read_as_mm_aaaa_or_aaaa_mm(written):
    from services.reports import parse_month

    assert parse_month(written) == (2026, 10)
