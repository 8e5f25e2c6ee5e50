"""L3 from the keyboard: a petition with a phone and no name is incomplete, F4 asks to contact the petitioner, an
attempt is recorded there, and completing the name in the expediente ends it."""

from datetime import datetime

import pytest
from sqlalchemy import select

from models import Evento, Peticion
from services.calendar import MEXICO_CITY, freeze
from services.database import read_session
from tests.factories import pilot_unit
from tests.tui.conftest import screen_text, settle, sign_in

NOW = datetime(2026, 11, 20, 10, tzinfo=MEXICO_CITY)
# Everything but the name: tab from tipo to nombre, then Enter through the petitioner's fields to the description.
NO_NAME = (
    "tab", "tab", "tab", "enter", "enter", "enter", "enter", "5", "5", "1", "2", "3", "4", "5", "6", "7", "8", "enter",
)


@pytest.fixture(autouse=True)
def frozen_clock(clock):
    freeze(NOW)


async def _type(pilot, text: str) -> None:
    await pilot.press(*[ch if ch != " " else "space" for ch in text])


def _status(app) -> str:
    return str(app.screen.query_one("#esc-status").render())


async def _highlight_contact(pilot, folio: str) -> None:
    for _ in range(30):
        current = pilot.app.screen._current()
        if current is not None and current.folio == folio and current.accion == "contactar_datos":
            return
        await pilot.press("down")
    raise AssertionError(f"{folio} no aparece para contactar")


def _petition(app) -> Peticion:
    with read_session(app.ctx.engine) as session:
        return session.execute(select(Peticion)).scalar_one()


async def test_phone_only_petition_is_contacted_from_f4_until_its_name_is_completed(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*NO_NAME)
        await _type(pilot, "persona.generada@example.mx")
        await pilot.press("enter")
        for value in ("Calle Falsa", "123", "", "Centro", "06000", "Cuauhtémoc", "Ciudad de México", ""):
            await _type(pilot, value)
            await pilot.press("enter")
        await settle(pilot)
        assert app.focused.id == "descripcion"
        shown = str(app.screen.query_one("#in-faltan").render())
        assert "Datos incompletos" in shown and "faltan nombre, primer apellido" in shown and "anónima" not in shown
        await _type(pilot, "No me surten la receta de la presion.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "SavedDialog"
        assert "Datos incompletos" in screen_text(app)
        p = _petition(app)
        assert (p.anonima, p.datos_incompletos, p.telefono) == (False, True, "5512345678")

        # The officer calls later that morning.
        freeze(NOW.replace(hour=12))
        await pilot.press("escape", "f4")
        await settle(pilot)
        assert type(app.screen).__name__ == "EscalationScreen"
        assert "Contactar al peticionario para completar sus datos (L3) — 1" in screen_text(app)
        await _highlight_contact(pilot, p.folio)
        assert "0 de 3 intentos" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactAttemptDialog"
        await pilot.press("tab")
        await _type(pilot, "No contestó; buzón de voz")
        await pilot.press("enter", "ctrl+a", "ctrl+k")
        await _type(pilot, "20/11/2026 11:15")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "EscalationScreen"
        assert f"Intento 1 de 3 registrado: folio {p.folio}; quedan 2." in _status(app)
        assert "1 de 3 intentos" in screen_text(app)

        await _highlight_contact(pilot, p.folio)
        await pilot.press("e")
        await settle(pilot)
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "Pendiente: contactar al peticionario" in screen_text(app) and "intentos: 1 de 3" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        assert type(app.screen).__name__ == "PersonDataDialog"
        assert app.focused.id == "person-nombre"
        await _type(pilot, "Ximena")
        await pilot.press("enter")
        await _type(pilot, "Prueba")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "Datos completos" in screen_text(app) and "Datos incompletos" not in screen_text(app)

        await pilot.press("f4")
        await settle(pilot)
        assert "Contactar al peticionario" not in screen_text(app)
    p = _petition(app)
    assert (p.nombre, p.anonima, p.datos_incompletos) == ("Ximena", False, False)
    with read_session(app.ctx.engine) as session:
        attempt = session.execute(select(Evento).where(Evento.accion == "intento_completar_datos")).scalar_one()
    assert '"intentado_en": "2026-11-20T11:15:00-06:00"' in attempt.detalle and '"medio": "telefono"' in attempt.detalle
