"""Correcting the record and reopening from the expediente's keyboard: the data shown whole (and that recorded), the
correction in the timeline with its reason, a concluded petition reopened, and the roles that may not, refused."""

from sqlalchemy import select
from textual.widgets import OptionList, Static

from models import Evento, Peticion, Unidad
from services import delivery, routing
from services.actor import SYSTEM
from services.database import read_session, write_session
from services.demo import populate
from services.intake import register
from tests.conftest import DEFAULT_NOW, mx
from tests.factories import FULL
from tests.tui.conftest import settle, sign_in, type_text

REGISTERED = mx(2026, 11, 20, 9, 30)


def _petition(*, concluded: bool = False, **changes):
    """A small demo unit (a user per role) and one petition registered this morning, concluded when asked."""
    def prepare(engine):
        populate(engine, n=5, today=DEFAULT_NOW.date())
        with write_session(engine) as s:
            unit = s.execute(select(Unidad)).scalars().first()
            peticion = register(session=s, actor=SYSTEM, unidad=unit, data={**FULL, **changes}, now=REGISTERED)
            if concluded:
                delivery.conclude_orientation(session=s, actor=SYSTEM, folio=peticion.folio,
                                              nota="Se le indicó el horario de la farmacia.", now=mx(2026, 11, 20, 9, 45))
    return prepare


def _folio(engine) -> str:
    with read_session(engine) as s:
        return s.execute(select(Peticion.folio).where(Peticion.recibida_en == REGISTERED)).scalar_one()


def _peticion(engine, folio) -> Peticion:
    with read_session(engine) as s:
        return s.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()


def _actions(engine, folio) -> list[str]:
    with read_session(engine) as s:
        return list(s.execute(select(Evento.accion).join(Peticion, Evento.peticion_id == Peticion.id)
                              .where(Peticion.folio == folio, Evento.accion != "expediente_consultado")
                              .order_by(Evento.id)).scalars())


def _text(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _open(pilot, usuario, folio):
    await sign_in(pilot, usuario)
    pilot.app.open_expediente(folio)
    await settle(pilot)


async def _press(pilot, *keys):
    for key in keys:
        await pilot.press(key)
    await settle(pilot)


async def test_the_director_corrects_the_tipo_from_the_keyboard_and_the_timeline_says_so(app_factory):
    app = app_factory(_petition(tipo="sugerencia"))
    folio = _folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, "director", folio)
        await _press(pilot, "z")
        assert type(app.screen).__name__ == "CorrectionDialog"
        fields = app.screen.query_one("#corr-fields", OptionList)
        listed = [str(fields.get_option_at_index(i).prompt) for i in range(fields.option_count)]
        # The person correcting sees the data whole, and that consultation is on record (L16).
        assert listed[0] == "Tipo: Sugerencia" and "Teléfono: 5512345678" in listed
        assert "Nombre: Ximena" in listed
        assert "datos_revelados" in _actions(app.ctx.engine, folio)
        await _press(pilot, "ctrl+s")
        assert "Escriba el motivo de la corrección" in _text(app, "#action-error")
        await _press(pilot, "enter", "1", "tab")
        await type_text(pilot, "Se eligio mal el tipo.")
        await _press(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert _text(app, "#exp-status") == "✓ Corregido: tipo Sugerencia → Inconformidad. Vence el 23/11/2026."
        assert "Inconformidad" in _text(app, "#exp-head")
        assert "Corregido: tipo Sugerencia → Inconformidad (motivo: Se eligio mal el tipo.)" in _text(app, "#exp-timeline")
    assert _peticion(app.ctx.engine, folio).tipo == "inconformidad"
    assert _actions(app.ctx.engine, folio)[-1] == "corregir_dato"


async def test_a_corrected_phone_is_masked_in_the_timeline(app_factory):
    app = app_factory(_petition())
    folio = _folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, "supervisor", folio)
        await _press(pilot, "z")
        fields = app.screen.query_one("#corr-fields", OptionList)
        # Down to the phone: tipo, medio, recepción, descripción, nombre, apellidos, CURP, teléfono.
        await _press(pilot, *["down"] * 8)
        assert fields.get_option_at_index(fields.highlighted).id == "telefono"
        await _press(pilot, "enter", "ctrl+u")
        await type_text(pilot, "5587654321")
        await _press(pilot, "tab")
        await type_text(pilot, "Estaba invertido.")
        await _press(pilot, "enter")
        assert _text(app, "#exp-status") == "✓ Corregido: teléfono ******5678 → ******4321."
        assert "Corregido: teléfono ******5678 → ******4321 (motivo: Estaba invertido.)" in _text(app, "#exp-timeline")
    assert _peticion(app.ctx.engine, folio).telefono == "5587654321"


async def test_an_officer_may_not_correct_the_tipo_nor_what_someone_else_registered(app_factory):
    app = app_factory(_petition())
    folio = _folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, "oficial", folio)
        await _press(pilot, "z")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert _text(app, "#exp-status").startswith("✗ «Corregir el registro» no procede ahora")
    assert "datos_revelados" not in _actions(app.ctx.engine, folio)


async def test_the_supervisor_reopens_a_concluded_petition_with_a_reason(app_factory):
    app = app_factory(_petition(concluded=True, tipo="orientacion"))
    folio = _folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, "supervisor", folio)
        assert " Concluida " in _text(app, "#exp-head")
        await _press(pilot, "b")
        assert type(app.screen).__name__ == "ReasonActionDialog"
        await _press(pilot, "enter")
        assert "¿Por qué se reabre?: es obligatorio." in _text(app, "#action-error")
        await type_text(pilot, "Pidio que se canalice a Farmacia.")
        await _press(pilot, "enter")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert _text(app, "#exp-status") == "✓ Petición reabierta: está «Registrada»; el motivo queda en el expediente."
        assert " Registrada " in _text(app, "#exp-head")
        timeline = _text(app, "#exp-timeline")
        assert "Petición reabierta  (Concluida → Registrada)" in timeline
        assert "motivo: Pidio que se canalice a Farmacia." in timeline
    got = _peticion(app.ctx.engine, folio)
    assert (got.estado, got.concluida_en) == ("registrada", None)


async def test_an_officer_pressing_b_on_a_concluded_petition_is_told_the_role_it_needs(app_factory):
    app = app_factory(_petition(concluded=True, tipo="orientacion"))
    folio = _folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, "oficial", folio)
        await _press(pilot, "b")
        assert _text(app, "#exp-status") == ("✗ Reabrir: Esta acción requiere el rol de director / encargado de la "
                                             "unidad o supervisor; su rol es oficial de módulo.")
    assert _peticion(app.ctx.engine, folio).estado == "concluida"


async def test_the_director_corrects_the_area_without_a_declination(app_factory):
    def prepare(engine):
        _petition()(engine)
        with write_session(engine) as s:
            routing.route(session=s, actor=SYSTEM, folio=_folio(engine), area_id=3, now=mx(2026, 11, 20, 9, 40))

    app = app_factory(prepare)
    folio = _folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, "director", folio)
        wrong = app.screen.view.expediente.area.nombre
        await _press(pilot, "w")
        assert type(app.screen).__name__ == "AreaCorrectionDialog"
        right = app.screen.areas[0].nombre
        assert wrong not in [area.nombre for area in app.screen.areas]
        await _press(pilot, "enter")
        assert _text(app, "#action-error") == "", "choosing the área asks for the reason, it does not save yet"
        assert app.screen.focused is app.screen.query_one("#corr-motivo")
        await type_text(pilot, "La pidio Consulta externa.")
        await _press(pilot, "enter")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert _text(app, "#exp-status") == f"✓ Corregido: área {wrong} → {right}. Vence el 25/11/2026."
        assert f"Corregido: área {wrong} → {right}" in _text(app, "#exp-timeline")
    assert "declinar" not in _actions(app.ctx.engine, folio)
