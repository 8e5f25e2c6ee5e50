"""One petition routed to several áreas (L4, «las áreas involucradas»): each área has its own enlace, clocks,
reminders and answer; the petition is answered once every área in force answered (or declined)."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from models import Canalizacion, Documento, Peticion, Unidad
from models.enums import Estado, Reloj
from services import answers, routing
from services.actions import area_choices, available_actions
from services.actor import SYSTEM
from services.catalogs.areas import add_area
from services.database import read_session, write_session
from services.errors import InvalidInput
from services.expediente import load
from services.inhabiles import load_calendar
from services.pending import pending_actions
from services.pending_view import overdue_count
from services.reports import generate
from tests.conftest import mx
from tests.factories import ALL_CHECKED, register_full

TODAY = date(2026, 11, 20)


def _signer(area: str) -> dict:
    return dict(firmante_nombre=f"Enlace {area}", firmante_cargo=f"Jefe de {area}", firmante_telefono="5550002222")


def _routed_to_both(desk) -> str:
    """Registered and routed to Farmacia and Consulta externa on Friday 13/11: L5 ends 19/11, L9 18/11 for both."""
    folio = register_full(desk).folio
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=folio, area_ids=[a.id for a in desk.areas],
                      now=mx(2026, 11, 13, 11))
    return folio


def _answer(desk, folio: str, area, **changes):
    with write_session(desk.engine) as s:
        return answers.record_answer(session=s, actor=desk.oficial, folio=folio, area_id=area.id,
                                     **{"texto": f"Atendido por {area.nombre}.", **_signer(area.nombre), **changes})


def _state(desk, folio: str) -> tuple[Peticion, list[Canalizacion]]:
    with read_session(desk.engine) as s:
        peticion = s.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()
        routings = list(s.execute(select(Canalizacion).where(col(Canalizacion.peticion_id) == peticion.id)
                                  .order_by(col(Canalizacion.id))).scalars())
        return peticion, routings


def _pending(desk, today: date = TODAY):
    with read_session(desk.engine) as s:
        calendar = load_calendar(s)
        return (pending_actions(s, unidad_id=desk.unidad.id, today=today, calendar=calendar),
                overdue_count(s, unidad_id=desk.unidad.id, today=today, calendar=calendar))


def test_routing_to_two_areas_gives_each_its_own_terms(desk):
    folio = _routed_to_both(desk)
    peticion, routings = _state(desk, folio)
    assert peticion.estado == Estado.CANALIZADA
    assert [(r.area_id, r.etapa, r.reloj, r.vence_en, r.vence_declinacion) for r in routings] == [
        (area.id, "canalizada", Reloj.SEGUIMIENTO, date(2026, 11, 19), date(2026, 11, 18)) for area in desk.areas]
    assert (peticion.reloj, peticion.vence_en) == (Reloj.SEGUIMIENTO, date(2026, 11, 19))


def test_one_area_answering_leaves_the_petition_waiting_for_the_other(desk):
    folio = _routed_to_both(desk)
    farmacia, consulta = desk.areas
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="Varias áreas pueden registrar su respuesta"):
        answers.record_answer(session=s, actor=desk.oficial, folio=folio, texto="Sin decir de qué área.",
                              **_signer("Farmacia"))
    _answer(desk, folio, farmacia)
    peticion, (first, second) = _state(desk, folio)
    assert peticion.estado == Estado.CANALIZADA
    assert (first.etapa, first.reloj) == ("respondida", None)
    assert (second.etapa, second.reloj) == ("canalizada", Reloj.SEGUIMIENTO)
    assert (peticion.reloj, peticion.vence_en) == (Reloj.SEGUIMIENTO, date(2026, 11, 19))
    # The área that answered gets no reminder; the other does.
    actions, _ = _pending(desk)
    assert [(a.accion, a.area) for a in actions if a.folio == folio] == [("recordatorio_1", consulta.nombre)]


def test_both_areas_answering_make_it_answered_with_L14_from_the_last_answer(desk):
    folio = _routed_to_both(desk)
    farmacia, consulta = desk.areas
    _answer(desk, folio, consulta)
    _answer(desk, folio, farmacia, recibida_el=date(2026, 11, 18))
    peticion, routings = _state(desk, folio)
    assert peticion.estado == Estado.RESPONDIDA
    assert {r.etapa for r in routings} == {"respondida"}
    # Consulta externa answered today (20/11), after Farmacia's 18/11: L14's two days run from the last answer.
    assert (peticion.reloj, peticion.reloj_desde, peticion.vence_en) == (Reloj.NOTIFICACION, TODAY, date(2026, 11, 24))


def test_a_declination_and_an_answer_make_it_answered(desk):
    folio = _routed_to_both(desk)
    farmacia, consulta = desk.areas
    with write_session(desk.engine) as s:
        routing.decline(session=s, actor=desk.oficial, folio=folio, motivo="No es de su competencia",
                        area_id=farmacia.id, now=mx(2026, 11, 17, 9))
    peticion, _ = _state(desk, folio)
    assert (peticion.estado, peticion.area_id) == (Estado.CANALIZADA, consulta.id)
    # With one área left the answer needs no choice.
    with write_session(desk.engine) as s:
        answers.record_answer(session=s, actor=desk.oficial, folio=folio, texto="Atendido.", **_signer("Consulta"))
    assert _state(desk, folio)[0].estado == Estado.RESPONDIDA


def test_both_areas_declining_send_it_back_to_be_routed(desk):
    folio = _routed_to_both(desk)
    for area in desk.areas:
        with write_session(desk.engine) as s:
            routing.decline(session=s, actor=desk.oficial, folio=folio, motivo="No es de su competencia",
                            area_id=area.id, now=mx(2026, 11, 17, 9))
    peticion, routings = _state(desk, folio)
    assert (peticion.estado, peticion.area_id, peticion.reloj) == (Estado.NO_COMPETENTE, None, Reloj.CANALIZACION)
    assert not any(r.activa for r in routings)


def test_reminders_go_to_each_area_on_its_own_clock(desk):
    folio = _routed_to_both(desk)
    farmacia, consulta = desk.areas
    actions, overdue = _pending(desk)
    mine = [a for a in actions if a.folio == folio]
    assert [(a.accion, a.area, a.detalle) for a in mine] == [
        ("recordatorio_1", farmacia.nombre, {"area_id": farmacia.id}),
        ("recordatorio_1", consulta.nombre, {"area_id": consulta.id})]
    # The header counts each área's overdue term, as F4 lists it.
    assert overdue == sum(a.vencido(TODAY) for a in actions)
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="primer recordatorio"):
        routing.escalate(session=s, actor=desk.oficial, folio=folio, step="recordatorio_1")
    with write_session(desk.engine) as s:
        reminder = routing.escalate(session=s, actor=desk.oficial, folio=folio, step="recordatorio_1",
                                    area_id=farmacia.id)
        assert reminder.vence_en == date(2026, 11, 24)
    peticion, (first, second) = _state(desk, folio)
    assert (first.etapa, first.reloj, first.vence_en) == ("recordatorio_1", Reloj.RECORDATORIO_1, date(2026, 11, 24))
    assert (second.etapa, second.vence_en) == ("canalizada", date(2026, 11, 19))
    # The petition shows the most escalated área and the clock due first.
    assert (peticion.estado, peticion.reloj, peticion.vence_en) == (Estado.RECORDATORIO_1, Reloj.SEGUIMIENTO,
                                                                    date(2026, 11, 19))
    actions, _ = _pending(desk)
    assert [(a.accion, a.area) for a in actions if a.folio == folio] == [("recordatorio_1", consulta.nombre)]
    with read_session(desk.engine) as s:
        expediente = load(session=s, actor=desk.oficial, folio=folio)
    assert area_choices("recordatorio_1", expediente, TODAY) == [(consulta.id, consulta.nombre)]
    assert area_choices("recordatorio_2", expediente, TODAY) == []
    offered = available_actions(expediente, desk.oficial, revealed=True, today=TODAY)
    assert "recordatorio_1" in offered and "recordatorio_2" not in offered
    # Farmacia's second reminder is offered once its own L6 term runs out.
    with read_session(desk.engine) as s:
        expediente = load(session=s, actor=desk.oficial, folio=folio)
    assert "recordatorio_2" in available_actions(expediente, desk.oficial, revealed=True, today=date(2026, 11, 25))
    with write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=folio, step="recordatorio_1", area_id=consulta.id)
    assert _state(desk, folio)[0].estado == Estado.RECORDATORIO_1


def test_an_area_added_later_has_its_own_terms_and_the_state_stays(desk):
    folio = _routed_to_both(desk)
    farmacia, _ = desk.areas
    with write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=folio, step="recordatorio_1", area_id=farmacia.id)
        third = add_area(session=s, actor=SYSTEM, unidad_id=desk.unidad.id, nombre="Trabajo social",
                         enlace_nombre="Enlace Trabajo social")
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=folio, area_id=third.id)
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="ya está canalizada al área Farmacia"):
        routing.route(session=s, actor=desk.oficial, folio=folio, area_id=farmacia.id)
    peticion, routings = _state(desk, folio)
    assert peticion.estado == Estado.RECORDATORIO_1
    assert (routings[-1].area_id, routings[-1].etapa, routings[-1].vence_en) == (third.id, "canalizada",
                                                                                  date(2026, 11, 25))


def test_one_areas_answer_returned_waits_for_it_again(desk):
    folio = _routed_to_both(desk)
    farmacia, consulta = desk.areas
    _answer(desk, folio, farmacia)
    _answer(desk, folio, consulta)
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="Varias áreas"):
        answers.return_to_area(session=s, actor=desk.director, folio=folio, motivo="Falta fundamento")
    with write_session(desk.engine) as s:
        answers.return_to_area(session=s, actor=desk.director, folio=folio, motivo="Falta fundamento",
                               area_id=consulta.id)
    peticion, (first, second) = _state(desk, folio)
    assert (peticion.estado, first.etapa, second.etapa) == (Estado.CANALIZADA, "respondida", "canalizada")
    assert (second.reloj, second.vence_en) == (Reloj.SEGUIMIENTO, date(2026, 11, 25))
    _answer(desk, folio, consulta, texto="Atendido por Consulta externa, con fundamento.")
    assert _state(desk, folio)[0].estado == Estado.RESPONDIDA


def _signed_by_both(desk, data_dir: Path) -> str:
    """Routed to both áreas, answered by each, signed once with the oficio kept under data_dir; its folio."""
    folio = _routed_to_both(desk)
    for area in desk.areas:
        _answer(desk, folio, area)
    with write_session(desk.engine) as s:
        answers.sign(session=s, actor=desk.director, folio=folio, checklist=ALL_CHECKED, data_dir=data_dir)
    return folio


def test_the_director_signs_one_oficio_with_every_areas_answer(desk, tmp_path: Path):
    folio = _signed_by_both(desk, tmp_path)
    with read_session(desk.engine) as s:
        expediente = load(session=s, actor=desk.director, folio=folio)
        letters = list(s.execute(select(Documento).where(col(Documento.tipo) == "respuesta")).scalars())
    assert expediente.peticion.estado == Estado.FIRMADA
    assert all(answer.firmada_en is not None for answer in expediente.respuestas)
    assert len(letters) == 1
    text = " ".join(subprocess.run(["pdftotext", "-layout", letters[0].ruta, "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Atendido por Farmacia." in text and "Atendido por Consulta externa." in text
    assert "Enlace Farmacia, Jefe de Farmacia" in text and "Enlace Consulta externa, Jefe de Consulta externa" in text


def test_the_anexo_1_counts_the_petition_under_each_area(desk, tmp_path: Path):
    folio = _routed_to_both(desk)
    farmacia, consulta = desk.areas
    _answer(desk, folio, farmacia, recibida_el=date(2026, 11, 18))
    with write_session(desk.engine) as s:
        unidad = s.get(Unidad, desk.unidad.id)
        result = generate(session=s, actor=desk.supervisor, unidad=unidad, year=2026, month=11, pdf=tmp_path / "a1.pdf")
    data = result["data"]
    assert dict(data.por_area) == {farmacia.nombre: 1, consulta.nombre: 1}
    follow = {c.area: (c.total, c.en_plazo) for c in data.cumplimiento if c.termino.startswith("Seguimiento")}
    # Farmacia answered on 18/11, within its L5 term; Consulta externa has not answered by 20/11.
    assert follow == {farmacia.nombre: (1, 1), consulta.nombre: (1, 0)}
    assert [row.area for row in data.detalle if row.folio == folio] == ["Farmacia, Consulta externa"]
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(tmp_path / "a1.pdf"), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Una petición canalizada a varias áreas (L4) cuenta en cada una de ellas." in text
    # The detail's narrow área column wraps the names; both are on the folio's row.
    assert f"{folio} Inconformidad Farmacia, Consulta" in text


def _columns(desk) -> list[tuple]:
    with desk.engine.connect() as c:
        return [tuple(row) for row in c.execute(text(
            "SELECT etapa, reloj, reloj_desde, reloj_dias, vence_en FROM canalizacion ORDER BY id"))]


def test_migration_0014_gives_each_routing_in_force_where_its_petition_stands(desk):
    """Upgrading a 0013 database: the routing of a petition waiting for its área takes its state and clock; one
    already answered is marked so; a declined one keeps nothing (as the services would have left them)."""
    from alembic import command
    from alembic.config import Config

    from services.database import _migrations

    waiting, reminded, answered, declined = (register_full(desk).folio for _ in range(4))
    for folio in (waiting, reminded, answered, declined):
        with write_session(desk.engine) as s:
            routing.route(session=s, actor=desk.oficial, folio=folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
    with write_session(desk.engine) as s:
        routing.escalate(session=s, actor=desk.oficial, folio=reminded, step="recordatorio_1")
        routing.decline(session=s, actor=desk.oficial, folio=declined, motivo="No es de su competencia")
    _answer(desk, answered, desk.areas[0])
    expected = _columns(desk)
    assert [row[0] for row in expected] == ["canalizada", "recordatorio_1", "respondida", "canalizada"]
    config = Config()
    config.set_main_option("script_location", str(_migrations()))
    with desk.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
        command.upgrade(config, "0014")
    assert _columns(desk) == expected


def test_the_constancia_quotes_every_areas_answer(desk, tmp_path: Path):
    from services import delivery, paperwork

    folio = _signed_by_both(desk, tmp_path)
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=folio, medio="telefono", resultado="notificado")
        document = paperwork.constancia(session=s, actor=desk.oficial, folio=folio, data_dir=tmp_path)
    text = " ".join(subprocess.run(["pdftotext", "-layout", document.ruta, "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Farmacia: Atendido por Farmacia." in text and "Consulta externa: Atendido por Consulta externa." in text
