"""Nueva petición (F2) driven key by key: a full registration, missing and invalid data, triage, duplicates, drafts."""

import hashlib
import time
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from textual import events

from models import Documento, Evento, Peticion
from services import drafts
from services.actor import SYSTEM
from services.calendar import MEXICO_CITY, freeze
from services.database import read_session, write_session
from services.intake import register
from tests.factories import pilot_unit
from tests.tui.conftest import screen_text, settle

NOW = datetime(2026, 11, 20, 10, tzinfo=MEXICO_CITY)
CURP_WITH_X = "BADD110313XCMLNS00"
COMPLAINT = (
    "Acudí el lunes a la farmacia de la clínica por mi medicamento para la presión (losartán de 50 mg) y me dijeron "
    "que no había existencia. Regresé el miércoles y tampoco me lo surtieron. Llevo tres semanas sin tratamiento y "
    "necesito que me lo entreguen o me digan dónde conseguirlo sin costo. Gracias por su atención."
)
IN_PERSON = (
    "'Ximena", "enter", "'Prueba", "enter", "'Generada", "enter", "'BADD110313HCMLNS06", "enter",
    "'55 1234 5678", "enter", "'ximena.prueba@example.mx", "enter", "'Calle Falsa", "enter", "'123", "enter",
    "enter", "'Centro", "enter", "'06000", "enter", "'Cuauhtémoc", "enter", "'Ciudad de México", "enter", "enter",
)


@pytest.fixture(autouse=True)
def frozen_clock(clock):
    freeze(NOW)


class Keys:
    """Presses keys as an officer would and counts them; «'text» types text one key per character."""

    def __init__(self, pilot):
        self.pilot, self.count, self.typed = pilot, 0, 0

    async def __call__(self, *keys: str) -> None:
        presses = []
        for key in keys:
            presses.extend([ch if ch != " " else "space" for ch in key[1:]] if key.startswith("'") else [key])
            self.typed += len(key) - 1 if key.startswith("'") else 0
        self.count += len(presses)
        await self.pilot.press(*presses)
        await settle(self.pilot)


async def _open_form(pilot) -> Keys:
    keys = Keys(pilot)
    await settle(pilot)
    await keys("'oficial", "enter", "'246810", "enter")
    await keys("f2")
    assert type(pilot.app.screen).__name__ == "IntakeScreen"
    return keys


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def _rows(app) -> list[Peticion]:
    with read_session(app.ctx.engine) as session:
        return list(session.execute(select(Peticion).order_by(Peticion.id)).scalars())


def _events(app, peticion_id: int) -> list[str]:
    with read_session(app.ctx.engine) as session:
        return list(session.execute(select(Evento.accion).where(Evento.peticion_id == peticion_id)
                                    .order_by(Evento.id)).scalars())


async def _to_description(keys: Keys) -> None:
    """From the first field (tipo) back to the description: Limpiar, Guardar, anónima, aviso, descripción."""
    await keys(*["shift+tab"] * 5)
    assert keys.pilot.app.focused.id == "descripcion"


async def test_full_in_person_registration_key_by_key(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        assert app.focused.id == "tipo"
        keys.count, keys.typed, started = 1, 0, time.perf_counter()
        await keys("tab", "tab", "tab", *IN_PERSON)
        assert app.focused.id == "descripcion"
        await keys(f"'{COMPLAINT}", "tab", "space", "ctrl+s")
        elapsed = time.perf_counter() - started
        assert type(app.screen).__name__ == "SavedDialog"
        assert "UMF-P-2026-000001" in screen_text(app)
        print(f"\nRegistro presencial completo: {keys.count} teclas desde F2 hasta el folio: {keys.typed} de texto "
              f"({len(COMPLAINT)} de la descripción) y {keys.count - keys.typed} de navegación y control; "
              f"{elapsed:.1f} s con Pilot")
        [row] = _rows(app)
        assert row.folio == "UMF-P-2026-000001"
        assert row.telefono == "5512345678" and row.curp == "BADD110313HCMLNS06"
        assert row.aviso_privacidad is True and row.datos_incompletos is False and row.anonima is False
        assert row.entidad == "Ciudad de México" and row.municipio == "Cuauhtémoc" and row.numero_interior == ""
        assert row.descripcion == COMPLAINT and row.urgente is False
        assert _events(app, row.id) == ["registrar"]
        assert drafts.load(app.ctx.data_dir, "oficial") is None
        await keys("a")
        assert any("Acuse del folio UMF-P-2026-000001 en PDF" in n.message for n in app._notifications)
        assert _events(app, row.id) == ["registrar", "documento_generado"]
        await keys("enter")
        assert type(app.screen).__name__ == "IntakeScreen"
        assert app.focused.id == "tipo"
        assert app.screen.query_one("#nombre").value == "" and app.screen.query_one("#descripcion").text == ""


async def test_missing_data_never_blocks_and_acuse_is_printed(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        await keys("4")
        assert app.focused.id == "canal" and app.screen.query_one("#tipo").value == "solicitud_servicio"
        await keys("enter")
        assert app.focused.id == "nombre"
        await keys("'Rosa", "enter")
        assert "faltan primer apellido" in _text(app, "#in-faltan")
        await keys(*["tab"] * 13, "'Cambio de clínica.", "ctrl+s")
        assert type(app.screen).__name__ == "SavedDialog"
        await keys("a")
        assert any("Acuse del folio" in n.message for n in app._notifications)
        await keys("escape")
        assert type(app.screen).__name__ == "HomeScreen"
        [row] = _rows(app)
        assert row.tipo == "solicitud_servicio" and row.nombre == "Rosa"
        assert row.datos_incompletos is True and row.anonima is False
    with read_session(app.ctx.engine) as s:
        [documento] = s.execute(select(Documento).where(Documento.peticion_id == row.id)).scalars().all()
    assert documento.tipo == "acuse"
    pdf = Path(documento.ruta)
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == documento.sha256
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert row.folio in text and "Cambio de clínica." in text


async def test_only_a_description_is_an_anonymous_petition(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        assert "anónima" in _text(app, "#in-faltan")
        await _to_description(keys)
        await keys("'Felicito a vigilancia.", "ctrl+s")
        [row] = _rows(app)
        assert row.anonima is True and row.datos_incompletos is False


async def test_invalid_curp_is_pointed_out_and_nothing_is_saved(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        await keys("tab", "tab", "tab", "'Ana", "enter", "'Pérez", "enter", "enter", "'PEGA800101", "tab")
        assert "CURP" in _text(app, "#curp-msg") and "18 caracteres" in _text(app, "#curp-msg")
        assert app.screen.query_one("#curp").has_class("-invalid")
        await keys("ctrl+s")
        assert type(app.screen).__name__ == "IntakeScreen"
        assert "No se guardó" in _text(app, "#in-error") and "CURP" in _text(app, "#in-error")
        assert app.focused.id == "curp"
        assert _rows(app) == []
        assert app.screen.query_one("#nombre").value == "Ana"
        assert app.screen.query_one("#curp").value == "PEGA800101"
        await keys("ctrl+a", "ctrl+k", f"'{CURP_WITH_X}")
        assert "marcador de sexo X" in _text(app, "#curp-msg")
        assert app.screen.query_one("#curp-msg").has_class("warning")
        assert not app.screen.query_one("#curp").has_class("-invalid")


async def test_urgent_description_asks_who_was_alerted(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        await _to_description(keys)
        assert "Sin señales de urgencia" in _text(app, "#in-triage")
        await keys("'le aprieta el pecho y suda frío")
        banner = _text(app, "#in-triage")
        assert "▲ URGENTE — código infarto — detectado por: «aprieta el pecho»" in banner
        assert app.screen.query_one("#in-triage").has_class("-urgent")
        await keys("ctrl+s")
        assert type(app.screen).__name__ == "AlertDialog"
        await keys("enter")
        assert "obligatorio" in _text(app, "#alert-error")
        assert _rows(app) == []
        await keys("'Dra. Ruiz, urgencias", "enter", "'09:58", "enter")
        assert type(app.screen).__name__ == "SavedDialog"
        assert "URGENTE" in screen_text(app) and "Dra. Ruiz" in screen_text(app)
        [row] = _rows(app)
        assert row.urgente is True and row.triage_categoria == "codigo_infarto"
        assert row.urgencia_alertado_a == "Dra. Ruiz, urgencias"
        assert row.urgencia_alertado_en.astimezone(MEXICO_CITY).strftime("%H:%M") == "09:58"
        assert _events(app, row.id) == ["registrar", "urgencia_confirmada"]


async def test_clearing_the_flag_needs_a_reason_and_is_recorded(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        await _to_description(keys)
        await keys("'Mi papá tiene dolor fuerte en el pecho", "f8")
        assert type(app.screen).__name__ == "ReasonDialog"
        await keys("enter")
        assert "obligatorio" in _text(app, "#reason-error")
        await keys("'Ya lo atendió urgencias", "enter")
        assert "Urgencia descartada por usted" in _text(app, "#in-triage")
        assert not app.screen.query_one("#in-triage").has_class("-urgent")
        await keys("ctrl+s")
        assert type(app.screen).__name__ == "SavedDialog"
        [row] = _rows(app)
        assert row.urgente is False
        assert _events(app, row.id) == ["registrar", "urgencia_descartada"]


async def test_flag_raised_by_hand_for_a_text_the_engine_missed(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        await _to_description(keys)
        await keys("'Pide hablar con el director sobre su hijo", "f8")
        assert type(app.screen).__name__ == "CategoryDialog"
        await keys("2")
        assert "urgencia médica — marcada a mano" in _text(app, "#in-triage")
        await keys("ctrl+s", "'Enf. Soto", "enter", "enter")
        [row] = _rows(app)
        assert row.urgente is True and row.triage_categoria == "urgencia_medica"
        assert _events(app, row.id) == ["registrar", "urgencia_confirmada"]


async def test_possible_duplicate_is_shown_and_can_be_saved_anyway(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        with write_session(app.ctx.engine) as session:
            earlier = register(session=session, actor=SYSTEM, unidad=app.ctx.unidad, now=NOW,
                               data={"tipo": "inconformidad", "descripcion": "No hay citas en dental.",
                                     "telefono": "5512345678"})
        await keys("tab", "tab", "tab", "'Luis", "enter", "enter", "enter", "enter", "'(55) 1234-5678", "tab")
        await keys(*["tab"] * 9, "'Me cobraron un estudio.", "ctrl+s")
        assert type(app.screen).__name__ == "DuplicatesDialog"
        options = app.screen.query_one("#duplicates-list")
        listed = "\n".join(str(options.get_option_at_index(i).prompt) for i in range(options.option_count))
        assert earlier.folio in listed and "mismo teléfono" in listed and "20/11/2026 10:00" in listed
        await keys("escape")
        assert type(app.screen).__name__ == "IntakeScreen" and len(_rows(app)) == 1
        await keys("ctrl+s", "a")
        assert type(app.screen).__name__ == "ExpedienteScreen" and app.screen.folio == earlier.folio
        await keys("escape")
        assert type(app.screen).__name__ == "IntakeScreen" and app.screen.query_one("#nombre").value == "Luis"
        assert app.screen.query_one("#descripcion").text == "Me cobraron un estudio." and len(_rows(app)) == 1
        await keys("ctrl+s", "g")
        assert type(app.screen).__name__ == "SavedDialog"
        assert len(_rows(app)) == 2 and _rows(app)[1].telefono == "5512345678"


async def test_draft_survives_leaving_the_app_and_is_restored(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        await keys("3", "tab", "tab", "'Marta", "enter", "'Díaz", "enter", "enter", "enter", "'55 9876")
        await keys(*["tab"] * 10, "'Más bancas.", "tab", "space")
        app.exit()
    draft = drafts.load(app.ctx.data_dir, "oficial")
    assert draft["nombre"] == "Marta" and draft["telefono"] == "55 9876" and "guardado_en" in draft
    again = app_factory()
    async with again.run_test(size=(120, 36)) as pilot:
        await _open_form(pilot)
        screen = again.screen
        assert screen.query_one("#nombre").value == "Marta" and screen.query_one("#primer_apellido").value == "Díaz"
        assert screen.query_one("#tipo").value == "sugerencia"
        assert screen.query_one("#descripcion").text == "Más bancas."
        assert screen.query_one("#aviso_privacidad").value is True
        assert "10 dígitos" in _text(again, "#telefono-msg")
        assert any("Se recuperó el borrador del 20/11/2026 a las 10:00" in n.message for n in again._notifications)


async def test_a_draft_already_saved_before_a_crash_is_not_registered_twice(app_factory):
    from models import Usuario
    from services.auth import actor_for
    from services.catalogs.units import get_unit

    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        await keys("3", "tab", "tab", "'Marta", "enter", "'Díaz")
        await keys(*["tab"] * 12, "'Más bancas.")
        app.exit()
    draft = drafts.load(app.ctx.data_dir, "oficial")
    # The terminal died after the commit and before the folio was shown: the draft and the petition both exist.
    with write_session(app.ctx.engine) as s:
        actor = actor_for(s.execute(select(Usuario).where(Usuario.usuario == "oficial")).scalar_one())
        folio = register(session=s, actor=actor, unidad=get_unit(session=s), data=dict(
            tipo="sugerencia", nombre="Marta", primer_apellido="Díaz", descripcion="Más bancas."),
            borrador=draft["ficha"]).folio
    again = app_factory()
    async with again.run_test(size=(120, 36)) as pilot:
        await _open_form(pilot)
        await settle(pilot)
        assert again.screen.query_one("#nombre").value == "" and again.screen.query_one("#descripcion").text == ""
        assert any(f"ya se había registrado con el folio {folio}" in n.message for n in again._notifications)
    assert drafts.load(again.ctx.data_dir, "oficial") is None
    assert len(_rows(again)) == 1


async def test_escape_asks_before_leaving_typed_work_and_ctrl_n_discards_it(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        await keys("escape")
        assert type(app.screen).__name__ == "HomeScreen"
        await keys("f2", "tab", "tab", "tab", "'Pedro", "f2")
        assert len([s for s in app.screen_stack if type(s).__name__ == "IntakeScreen"]) == 1
        assert app.focused.id == "tipo"
        await keys("escape")
        assert type(app.screen).__name__ == "ConfirmDialog"
        await keys("escape")
        assert type(app.screen).__name__ == "IntakeScreen" and app.screen.query_one("#nombre").value == "Pedro"
        await keys("escape", "enter")
        assert type(app.screen).__name__ == "HomeScreen"
        assert drafts.load(app.ctx.data_dir, "oficial")["nombre"] == "Pedro"
        await keys("f2")
        assert app.screen.query_one("#nombre").value == "Pedro"
        await keys("ctrl+n", "shift+tab", "enter")
        assert app.screen.query_one("#nombre").value == ""
        assert drafts.load(app.ctx.data_dir, "oficial") is None


async def test_hostile_text_is_saved_and_shown_literally(app_factory):
    hostile = "[bold red]x[/] y \x1b[31mrojo"
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        await keys("tab", "tab", "tab", "'[bold red]x[/]", "enter", "'Prueba", "enter")
        await keys(*["tab"] * 12)
        app.post_message(events.Paste(hostile))
        await settle(pilot)
        assert "[bold red]x[/] y" in screen_text(app)
        await keys("ctrl+s")
        assert type(app.screen).__name__ == "SavedDialog"
        assert "Peticionario: [bold red]x[/] Prueba" in screen_text(app)
        [row] = _rows(app)
        assert row.nombre == "[bold red]x[/]" and row.descripcion == "[bold red]x[/] y [31mrojo"


async def _snapshot_form(pilot):
    await settle(pilot)
    keys = Keys(pilot)
    # F2 after the home screen is up, as _open_form does: pressed during the sign-in it can land on no screen.
    await keys("'oficial", "enter", "'246810", "enter")
    await keys("f2")


async def _snapshot_urgent(pilot):
    await _snapshot_form(pilot)
    keys = Keys(pilot)
    await keys("tab", "tab", "tab", "'Ximena", "enter", "'Prueba", "enter")
    await keys(*["tab"] * 12, "'Mi esposo se puso pálido, le aprieta el pecho y suda frío en la sala de espera")


def test_snapshot_empty_form_wide(app_factory, snap_compare):
    assert snap_compare(app_factory(pilot_unit), run_before=_snapshot_form, terminal_size=(120, 36))


def test_snapshot_urgent_banner_wide(app_factory, snap_compare):
    assert snap_compare(app_factory(pilot_unit), run_before=_snapshot_urgent, terminal_size=(120, 36))


def test_snapshot_empty_form_narrow(app_factory, snap_compare):
    assert snap_compare(app_factory(pilot_unit), run_before=_snapshot_form, terminal_size=(80, 24))


async def test_typing_past_the_draft_deadline_writes_the_draft_at_once(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = await _open_form(pilot)
        await keys("tab", "tab", "tab", "'An")
        screen = app.screen
        screen._draft_deadline = time.monotonic() - 0.5
        await keys("'a")
        assert screen._draft_timer is None or screen._draft_timer._interval > 0
        assert drafts.load(app.ctx.data_dir, "oficial")["nombre"] == "Ana"
