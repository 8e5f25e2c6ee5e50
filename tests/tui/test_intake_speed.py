"""Fewer keys at Nueva petición: tipo and medio by number move on (módulo skips the time), autocompletion from what
the desk typed before, and municipio and estado filled in from a código postal seen before."""


from sqlalchemy import select

from models import Peticion, Unidad
from services.actor import SYSTEM
from services.database import read_session, write_session
from services.intake import register
from tests.conftest import mx
from tests.factories import pilot_unit
from tests.tui.conftest import screen_text, settle, sign_in, type_text

NEIGHBOUR = {"tipo": "solicitud_servicio", "descripcion": "Pido cita de odontología.", "nombre": "Irma",
             "primer_apellido": "Vecina", "calle": "Av. Ermita Iztapalapa", "colonia": "Santa Cruz Meyehualco",
             "codigo_postal": "09290", "municipio": "Iztapalapa", "entidad": "Ciudad de México",
             "correo": "irma.vecina@correo.example.mx", "servidor_publico": "Q.F.B. Generada de Farmacia"}


def _unit_with_a_neighbour(engine):
    pilot_unit(engine)
    with write_session(engine) as session:
        unit = session.execute(select(Unidad)).scalars().first()
        register(session=session, actor=SYSTEM, unidad=unit, data=NEIGHBOUR, now=mx(2026, 11, 9, 9))


async def _type_in(pilot, field_id: str, text: str):
    pilot.app.screen.query_one(f"#{field_id}").focus()
    await settle(pilot)
    await type_text(pilot, text)
    await settle(pilot)
    return pilot.app.screen.query_one(f"#{field_id}")


async def test_numbers_move_on_and_typed_before_values_complete(app_factory):
    app = app_factory(_unit_with_a_neighbour)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await type_text(pilot, "oficial")
        await pilot.press("enter")
        await type_text(pilot, "246810")
        await pilot.press("enter", "f2")
        await settle(pilot)
        assert app.focused.id == "tipo"
        await pilot.press("4")
        await settle(pilot)
        assert app.focused.id == "canal" and app.screen.query_one("#tipo").value == "solicitud_servicio"
        await pilot.press("1")
        await settle(pilot)
        assert app.focused.id == "nombre", "en módulo la hora de recepción es la de ahora: se salta"

        correo = await _type_in(pilot, "correo", "ana@c")
        await pilot.press("right")
        assert correo.value == "ana@correo.example.mx"

        colonia = await _type_in(pilot, "colonia", "sant")
        assert "a Cruz Meyehualco" in screen_text(app), "la sugerencia se ve en gris tras lo escrito"
        await pilot.press("right")
        assert colonia.value == "Santa Cruz Meyehualco"
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused.id == "codigo_postal"
        await type_text(pilot, "0")
        await settle(pilot)
        await pilot.press("right")
        await settle(pilot)
        municipio, entidad = app.screen.query_one("#municipio"), app.screen.query_one("#entidad")
        assert app.focused.value == "09290"
        assert (municipio.value, entidad.value) == ("Iztapalapa", "Ciudad de México")
        assert municipio.border_subtitle == entidad.border_subtitle == "del CP"

        await pilot.press("backspace")
        await settle(pilot)
        assert municipio.value == entidad.value == "", "si cambia el código postal, lo que llenó se retira"
        await type_text(pilot, "0")
        await settle(pilot)
        await _type_in(pilot, "municipio", "Coyoacán")
        assert municipio.value == "Coyoacán" and municipio.border_subtitle == "", "lo dictado reemplaza lo llenado"
        assert entidad.value == "Ciudad de México", "lo que dio el código postal se queda"

        servidor = await _type_in(pilot, "servidor_publico", "q")
        await pilot.press("right", "ctrl+s")
        await settle(pilot)
        assert servidor.value == "Q.F.B. Generada de Farmacia"
        assert app.screen.query_one("#in-error").has_class("-shown"), "sin descripción no se guarda"
    with read_session(app.ctx.engine) as session:
        assert [p.nombre for p in session.execute(select(Peticion)).scalars()] == ["Irma"]


async def test_what_the_officer_dictates_replaces_the_filled_place_exactly(app_factory):
    app = app_factory(_unit_with_a_neighbour)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert type(app.screen).__name__ == "IntakeScreen"
        await pilot.press("3", "1")
        await settle(pilot)
        await _type_in(pilot, "nombre", "Rosa")
        await _type_in(pilot, "codigo_postal", "09290")
        municipio, entidad = app.screen.query_one("#municipio"), app.screen.query_one("#entidad")
        assert (municipio.value, entidad.value) == ("Iztapalapa", "Ciudad de México")
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is municipio
        await type_text(pilot, "Coyoacán")
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is entidad
        await type_text(pilot, "Ciudad de México")
        await settle(pilot)
        assert (municipio.value, entidad.value) == ("Coyoacán", "Ciudad de México")
        app.screen.query_one("#descripcion").focus()
        await type_text(pilot, "Pido cita de optometria.")
        await pilot.press("ctrl+s")
        await settle(pilot)
    with read_session(app.ctx.engine) as session:
        row = session.execute(select(Peticion).where(Peticion.nombre == "Rosa")).scalar_one()
        assert (row.municipio, row.entidad, row.codigo_postal) == ("Coyoacán", "Ciudad de México", "09290")
