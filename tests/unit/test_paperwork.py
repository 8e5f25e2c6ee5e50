"""A petition's documents through the services: stored with their SHA-256, recorded as events, and read back."""

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from models import Documento, Evento, Recordatorio
from models.enums import Reloj
from services import answers, delivery, paperwork, routing
from services.calendar import MEXICO_CITY, freeze
from services.catalogs.term_settings import set_term
from services.database import read_session, write_session
from services.errors import InvalidInput
from services.intake import register
from tests.conftest import mx
from tests.factories import ALL_CHECKED, FULL

PERSON = dict(nombre="María José", primer_apellido="Ñúñez", segundo_apellido="Generada", curp="")
NAME = "María José Ñúñez Generada"
ASKED = "¿Por qué no me surten la receta de la presión? ¡Llevo tres semanas esperando en Farmacia!"


@pytest.fixture(autouse=True)
def frozen_clock(clock):
    freeze(datetime(2026, 12, 2, 12, tzinfo=MEXICO_CITY))


def _text(document: Documento) -> str:
    """The stored PDF's text with whitespace collapsed, so wrapped lines read as one."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(document.ruta).pages)


def _register(desk, when, **changes):
    with write_session(desk.engine) as s:
        return register(session=s, actor=desk.oficial, unidad=desk.unidad, data={**FULL, **PERSON, "descripcion": ASKED,
                                                                                  **changes}, now=when)


def _escalate(desk, folio, step, when) -> Recordatorio:
    with write_session(desk.engine) as s:
        return routing.escalate(session=s, actor=desk.oficial, folio=folio, step=step, now=when)


def _letter(desk, reminder: Recordatorio, tmp_path) -> Documento:
    with write_session(desk.engine) as s:
        return paperwork.escalation_letter(session=s, actor=desk.oficial, recordatorio_id=reminder.id, data_dir=tmp_path)


def _assert_stored(desk, document: Documento, kind: str, tmp_path: Path) -> None:
    """The file lies in the expediente's folder, its SHA-256 is the row's, and an event names both."""
    path = Path(document.ruta)
    assert path.parent.parent == tmp_path / "expedientes" and path.name == document.nombre
    assert hashlib.sha256(path.read_bytes()).hexdigest() == document.sha256
    assert path.read_bytes().startswith(b"%PDF")
    with read_session(desk.engine) as s:
        row = s.get(Documento, document.id)
        events = s.execute(select(Evento).where(Evento.accion == "documento_generado",
                                                Evento.peticion_id == document.peticion_id)).scalars().all()
    assert (row.tipo, row.sha256, row.usuario_id) == (kind, document.sha256, desk.oficial.id)
    details = [json.loads(e.detalle) for e in events]
    assert {"tipo": kind, "archivo": document.nombre, "sha256": document.sha256} in details


def test_acuse_is_stored_recorded_and_reads_back(desk, tmp_path):
    p = _register(desk, mx(2026, 11, 13, 10, 5))
    with write_session(desk.engine) as s:
        document = paperwork.acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)
    _assert_stored(desk, document, "acuse", tmp_path)
    text = _text(document)
    for expected in (p.folio, NAME, "13 de noviembre de 2026, 10:05 h", "Inconformidad", "Módulo", ASKED,
                     "Unidad de Prueba", "¿Cómo dar seguimiento?", "Aviso de privacidad simplificado"):
        assert expected in text, expected


def test_reminders_and_oficio_are_stored_and_cite_folio_dates_and_names(desk, tmp_path):
    p = _register(desk, mx(2026, 11, 13, 10))
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
    steps = (("recordatorio_1", mx(2026, 11, 20, 9)), ("recordatorio_2", mx(2026, 11, 25, 9)),
             ("oficio_superior", mx(2026, 11, 27, 9)))
    letters = {}
    for step, when in steps:
        reminder = _escalate(desk, p.folio, step, when)
        letters[step] = (reminder, _letter(desk, reminder, tmp_path))
        _assert_stored(desk, letters[step][1], step, tmp_path)
    common = (p.folio, "recibida en esta Unidad de Atención al Derechohabiente el 13 de noviembre de 2026",
              "canalizada a Farmacia el 13 de noviembre de 2026", "Dra. Prueba Directora", "Directora",
              "Guía operativa para la atención")
    first = _text(letters["recordatorio_1"][1])
    for expected in (*common, "Oficio núm. UAD/UMF-T1/2026/0001", "Ciudad de México, a 20 de noviembre de 2026",
                     "Enlace Farmacia", "lineamiento 6", "a más tardar el 24 de noviembre de 2026", "¿Por qué no me surten"):
        assert expected in first, expected
    second = _text(letters["recordatorio_2"][1])
    for expected in (*common, "Oficio núm. UAD/UMF-T1/2026/0002", "a 25 de noviembre de 2026", "Enlace Farmacia",
                     "primer recordatorio de fecha 20 de noviembre de 2026", "lineamiento 7",
                     "a más tardar el 26 de noviembre de 2026"):
        assert expected in second, expected
    superior = _text(letters["oficio_superior"][1])
    for expected in (*common, "Oficio núm. UAD/UMF-T1/2026/0003", "a 27 de noviembre de 2026", "Jefe Farmacia",
                     "Jefe de Farmacia", "superior jerárquico", "Primer recordatorio 20 de noviembre de 2026",
                     "Segundo recordatorio 25 de noviembre de 2026", "a más tardar el 2 de diciembre de 2026",
                     "a cargo de Enlace Farmacia"):
        assert expected in superior, expected
    assert NAME not in first + second + superior


def test_a_reminder_states_the_units_term_and_the_date_it_gives(desk, tmp_path):
    with write_session(desk.engine) as s:
        set_term(session=s, actor=desk.admin, reloj=Reloj.RECORDATORIO_1, tipo="", dias=5, confirmado=True)
    p = _register(desk, mx(2026, 8, 3, 9))
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 8, 3, 10))
    reminder = _escalate(desk, p.folio, "recordatorio_1", mx(2026, 8, 7, 9))
    first = _text(_letter(desk, reminder, tmp_path))
    assert "un plazo de 5 días hábiles, es decir, a más tardar el 14 de agosto de 2026" in first
    assert "no mayor a 3 días hábiles a partir de su canalización" in first and "2 días hábiles" not in first
    # A term adjusted after the letter was sent does not change what a reprint says it asked for.
    with write_session(desk.engine) as s:
        set_term(session=s, actor=desk.admin, reloj=Reloj.RECORDATORIO_1, tipo="", dias=2)
        set_term(session=s, actor=desk.admin, reloj=Reloj.SEGUIMIENTO, tipo="", dias=2)
    assert _text(_letter(desk, reminder, tmp_path)) == first


def test_oficio_numbers_are_consecutive_per_unit_and_year_and_never_reused(desk, tmp_path):
    first = _register(desk, mx(2026, 11, 13, 10))
    other = _register(desk, mx(2026, 11, 13, 10, 30))
    december = _register(desk, mx(2026, 12, 28, 10))
    for p, when in ((first, mx(2026, 11, 13, 11)), (other, mx(2026, 11, 13, 11)), (december, mx(2026, 12, 28, 11))):
        with write_session(desk.engine) as s:
            routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[1].id, now=when)
    numbers = [_escalate(desk, first.folio, "recordatorio_1", mx(2026, 11, 20, 9)).numero]
    with pytest.raises(InvalidInput, match="vence el"):
        _escalate(desk, first.folio, "recordatorio_2", mx(2026, 11, 23, 9))
    numbers.append(_escalate(desk, other.folio, "recordatorio_1", mx(2026, 11, 20, 9, 30)).numero)
    reprinted = _escalate(desk, first.folio, "recordatorio_2", mx(2026, 11, 25, 9))
    numbers.append(reprinted.numero)
    numbers.append(_escalate(desk, december.folio, "recordatorio_1", mx(2027, 1, 15, 9)).numero)
    numbers.append(_escalate(desk, other.folio, "recordatorio_2", mx(2027, 1, 15, 10)).numero)
    assert numbers == ["UAD/UMF-T1/2026/0001", "UAD/UMF-T1/2026/0002", "UAD/UMF-T1/2026/0003",
                       "UAD/UMF-T1/2027/0001", "UAD/UMF-T1/2027/0002"]
    printed = [_letter(desk, reprinted, tmp_path) for _ in range(2)]
    assert printed[0].ruta != printed[1].ruta and all(Path(d.ruta).exists() for d in printed)
    assert all("Oficio núm. UAD/UMF-T1/2026/0003" in _text(d) for d in printed)
    with read_session(desk.engine) as s:
        stored = s.execute(select(Recordatorio.numero)).scalars().all()
    assert sorted(stored) == sorted(numbers) and len(set(stored)) == len(stored)


def test_constancia_needs_a_signed_answer_and_reads_back(desk, tmp_path):
    p = _register(desk, mx(2026, 11, 13, 10))

    def constancia():
        with write_session(desk.engine) as s:
            return paperwork.constancia(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)

    with pytest.raises(InvalidInput, match="La constancia requiere una respuesta firmada"):
        constancia()
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, solucion="Receta surtida.",
                              texto="Se surtió la receta completa el mismo día; la farmacia revisó el abasto.",
                              firmante_nombre="Enlace Farmacia", firmante_cargo="Jefe de farmacia",
                              firmante_telefono="5550002222", now=mx(2026, 11, 17, 9))
    with pytest.raises(InvalidInput, match="La constancia requiere una respuesta firmada"):
        constancia()
    with write_session(desk.engine) as s:
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 17, 12))
    with pytest.raises(InvalidInput, match="Aún no hay intentos de notificación"):
        constancia()
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="telefono", resultado="no_localizado",
                        detalle="Nadie contestó en el número registrado.", now=mx(2026, 11, 18, 9, 15))
        delivery.deliver(session=s, actor=desk.oficial, folio=p.folio, recibe_nombre="Íñigo Generado Ñandú",
                         identificacion_tipo="ine", identificacion_numero="IDMEX123456", tercero=True, carta_poder=True,
                         copia_identificacion_peticionario=True, now=mx(2026, 11, 19, 13, 40))
    document = constancia()
    _assert_stored(desk, document, "constancia", tmp_path)
    text = _text(document)
    for expected in ("CONSTANCIA DE NOTIFICACIÓN Y ENTREGA DE RESPUESTA", p.folio, NAME,
                     "En Ciudad de México, a 2 de diciembre de 2026", "Usuario director",
                     "17 de noviembre de 2026, 12:00 h", "18/11/2026 09:15 h", "No localizado",
                     "Nadie contestó en el número registrado.", "Íñigo Generado Ñandú", "INE, núm. IDMEX123456",
                     "notificado de la respuesta el 19 de noviembre de 2026, 13:40 h en persona.",
                     "Tercero autorizado por el peticionario", "carta poder simple",
                     "Se surtió la receta completa el mismo día"):
        assert expected in text, expected


def test_signing_produces_the_oficio_de_respuesta_for_the_petitioner(desk, tmp_path):
    p = _register(desk, mx(2026, 11, 13, 10))
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, solucion="Receta surtida.",
                              texto="Se surtió la receta completa el mismo día; la farmacia revisó el abasto.",
                              firmante_nombre="Enlace Farmacia", firmante_cargo="Jefe de farmacia",
                              firmante_telefono="5550002222", now=mx(2026, 11, 17, 9))
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 17, 12),
                     data_dir=tmp_path)
    with read_session(desk.engine) as s:
        document = s.execute(select(Documento).where(Documento.tipo == "respuesta")).scalar_one()
        signed = s.execute(select(Evento.detalle).where(Evento.accion == "firmar")).scalar_one()
    path = Path(document.ruta)
    assert path.parent == tmp_path / "expedientes" / p.folio
    assert hashlib.sha256(path.read_bytes()).hexdigest() == document.sha256
    assert json.loads(signed)["oficio"] == "UAD/UMF-T1/2026/0001"
    text = _text(document)
    for expected in ("Oficio núm. UAD/UMF-T1/2026/0001", "Ciudad de México, a 17 de noviembre de 2026",
                     f"Asunto: Respuesta a su petición con folio {p.folio}", NAME, "Calle Falsa 123", "Col. Centro",
                     "C.P. 06000, Cuauhtémoc, Ciudad de México", "P r e s e n t e",
                     "recibida en esta Unidad de Atención al Derechohabiente el 13 de noviembre de 2026",
                     "emitida por Farmacia", "Se surtió la receta completa el mismo día; la farmacia revisó el abasto.",
                     "Solución: Receta surtida.", "Enlace Farmacia, Jefe de farmacia, teléfono 5550002222 (lineamiento 12",
                     "lineamiento 13", "dentro de los 2 días hábiles siguientes", "lineamiento 14",
                     "Atentamente", "Dra. Prueba Directora", "Directora", "Recibí original", "Nombre, firma y fecha",
                     "Hoja 1 de 1"):
        assert expected in text, expected
