"""Buzones (F5): a collection, three sheets typed in a row (anonymous, with phone, urgent), compliance and L1 notices."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from models import Evento, Peticion, Recoleccion, Unidad
from services.actor import SYSTEM
from services.buzones import collect, week_compliance
from services.calendar import MEXICO_CITY, freeze
from services.database import read_session, write_session
from services.demo import populate
from services.intake import register
from tests.conftest import mx
from tests.factories import FULL
from tests.tui.conftest import burst_into, settle, sign_in, type_text

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 10, tzinfo=MEXICO_CITY)


@pytest.fixture(autouse=True)
def frozen_clock(clock):
    freeze(NOW)


def _demo(engine):
    """Demo data plus a buzón sheet with a phone registered on 13/11 whose L1 notice is overdue."""
    populate(engine, n=200, today=TODAY)
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().first()
        register(session=s, actor=SYSTEM, unidad=unit, data={**FULL, "canal": "buzon", "buzon_id": 1},
                 now=mx(2026, 11, 13, 9))


def _late_folio(engine) -> str:
    with read_session(engine) as s:
        return s.execute(select(Peticion.folio).where(Peticion.recibida_en == mx(2026, 11, 13, 9))).scalar_one()


def _collections_of_b01(engine) -> int:
    with read_session(engine) as s:
        return week_compliance(s, unidad_id=1, day=TODAY)[0].recolecciones


async def _open_buzones(pilot):
    await sign_in(pilot, "oficial")
    await pilot.press("f5")
    await settle(pilot)


async def _keys(pilot, *keys):
    for key in keys:
        if key.startswith("'"):
            await type_text(pilot, key[1:])
        else:
            await pilot.press(key)
    await settle(pilot)


def _text(app, selector) -> str:
    return str(app.screen.query_one(selector).render())


async def _record_collection(pilot, hojas="3", when=None):
    await _keys(pilot, "1")
    if when:
        await _keys(pilot, "tab", "ctrl+u", f"'{when}", "tab", f"'{hojas}", "enter")
    else:
        await _keys(pilot, "tab", "tab", f"'{hojas}", "enter")


async def test_collection_and_three_sheets_in_a_row(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_buzones(pilot)
        assert type(app.screen).__name__ == "BuzonesScreen"
        before = _collections_of_b01(app.ctx.engine)
        week = _text(app, "#bz-week")
        assert f"B-01 Sala de espera, planta baja — {before} de 2 recolecciones esta semana" in week
        await _record_collection(pilot, when="20/11/2026 09:30")
        assert "Recolección B-01 del 20/11/2026 09:30: 3 hojas declaradas" in _text(app, "#bz-collect-status")
        assert "Hoja 1 de 3 declaradas" in _text(app, "#bz-counter")
        week = _text(app, "#bz-week")
        assert f"B-01 Sala de espera, planta baja — {before + 1} de 2 recolecciones esta semana" in week
        assert ("✓ cumple (L1)" if before + 1 >= 2 else "✗ no cumple (L1)") in week.splitlines()[0]
        assert app.focused.id == "bz-tipo"
        # 1: an anonymous suggestion, registered with Enter on the last field.
        await _keys(pilot, "3", "tab", "space", "tab", "'Más bancas", "tab", "enter")
        assert "Hoja 1 registrada" in _text(app, "#bz-sheet-status")
        assert "Hoja 2 de 3 declaradas" in _text(app, "#bz-counter")
        assert app.focused.id == "bz-tipo"
        # 2: an inconformidad with name and phone, registered with Ctrl+S.
        await _keys(pilot, "tab", "tab", "'Ana", "tab", "'Paz", "tab", "tab", "'5512345678",
                    "tab", "tab", "'Sin papel", "ctrl+s")
        assert "Hoja 2 registrada" in _text(app, "#bz-sheet-status")
        assert "avisar al peticionario a más tardar" in _text(app, "#bz-sheet-status")
        # 3: an urgent text: the banner shows while typing and registering asks who was alerted.
        await _keys(pilot, "tab", "tab", "tab", "tab", "tab", "tab", "tab", "'le duele el pecho")
        assert "▲ URGENTE" in _text(app, "#bz-triage")
        await _keys(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "AlertDialog"
        await _keys(pilot, "enter")
        assert "obligatorio" in _text(app, "#alert-error")
        await _keys(pilot, "'Dr. Pérez", "enter", "enter")
        assert type(app.screen).__name__ == "BuzonesScreen"
        assert "Hoja 3 registrada" in _text(app, "#bz-sheet-status") and "▲ URGENTE" in _text(app, "#bz-sheet-status")
        assert "3 de 3 hojas capturadas ✓ completa" in _text(app, "#bz-counter")
    with read_session(app.ctx.engine) as s:
        collection = s.execute(select(Recoleccion).order_by(Recoleccion.id.desc())).scalars().first()
        assert collection.hojas_declaradas == 3 and collection.recolectada_en == mx(2026, 11, 20, 9, 30)
        sheets = s.execute(select(Peticion).where(Peticion.creada_en == NOW, Peticion.canal == "buzon")
                           .order_by(Peticion.id)).scalars().all()
        assert len(sheets) == 3
        assert all(p.buzon_id == collection.buzon_id and p.recibida_en == collection.recolectada_en for p in sheets)
        anonymous, with_phone, urgent = sheets
        assert anonymous.anonima and anonymous.tipo == "sugerencia" and anonymous.nombre == ""
        assert with_phone.telefono == "5512345678" and with_phone.nombre == "Ana" and with_phone.acuse_vence_en
        assert urgent.urgente and urgent.urgencia_alertado_a == "Dr. Pérez"
        confirmed = s.execute(select(Evento.accion).where(Evento.peticion_id == urgent.id)).scalars().all()
        assert "urgencia_confirmada" in confirmed


async def test_more_sheets_than_declared_warns_and_a_half_typed_sheet_is_kept(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_buzones(pilot)
        await _record_collection(pilot, hojas="1")
        await _keys(pilot, "tab", "space", "tab", "'Gracias", "ctrl+s")
        assert "1 de 1 hojas capturadas ✓ completa" in _text(app, "#bz-counter")
        await _keys(pilot, "tab", "space", "tab", "'Otra", "ctrl+s")
        assert "⚠ 1 más de las declaradas" in _text(app, "#bz-counter")
        await _keys(pilot, "tab", "space", "tab", "'A medias", "escape")
        assert type(app.screen).__name__ == "ConfirmDialog"
        await _keys(pilot, "escape")
        assert type(app.screen).__name__ == "BuzonesScreen"
        assert app.screen.query_one("#bz-descripcion").text == "A medias"


async def test_marking_a_petitioner_as_told_removes_them(app_factory):
    app = app_factory(_demo)
    folio = _late_folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_buzones(pilot)
        acks = app.screen.query_one("#bz-acks")
        prompts = [str(acks.get_option_at_index(i).prompt) for i in range(acks.option_count)]
        assert any(folio in p and "⏰ vencido" in p for p in prompts)
        acks.focus()
        index = next(i for i, p in enumerate(prompts) if folio in p)
        acks.highlighted = index
        await _keys(pilot, "enter")
        assert type(app.screen).__name__ == "AcuseMedioDialog"
        await _keys(pilot, "t")
        assert f"Aviso registrado (por teléfono): folio {folio}" in _text(app, "#bz-help")
        prompts = [str(acks.get_option_at_index(i).prompt) for i in range(acks.option_count)]
        assert not any(folio in p for p in prompts)
    with read_session(app.ctx.engine) as s:
        peticion = s.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()
        assert peticion.acuse_buzon_en is not None and peticion.acuse_vence_en is None


def _untyped_collection(engine, hojas: int) -> int:
    with write_session(engine) as s:
        return collect(session=s, actor=SYSTEM, buzon_id=2, hojas=hojas, when=mx(2026, 11, 19, 9)).id


async def _act_on_untyped_sheets(pilot, recoleccion_id: int):
    await pilot.press("f4")
    await settle(pilot)
    for _ in range(400):
        current = pilot.app.screen._current()
        if current is not None and current.detalle.get("recoleccion_id") == recoleccion_id:
            break
        await pilot.press("down")
    else:
        raise AssertionError("la recolección no aparece en Pendientes")
    await _keys(pilot, "enter")


async def test_f4_sends_an_untyped_collection_to_the_open_buzones_screen(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        # Buzones opened first stays installed: F4 then reopens it instead of building it with the collection.
        await _open_buzones(pilot)
        recoleccion_id = _untyped_collection(app.ctx.engine, hojas=3)
        await _act_on_untyped_sheets(pilot, recoleccion_id)
        assert type(app.screen).__name__ == "BuzonesScreen"
        assert app.screen.collection is not None and app.screen.collection.id == recoleccion_id
        assert "0 de 3 hojas capturadas" in _text(app, "#bz-collect-status")
        assert app.screen.query_one("#bz-buzon").value == 2


async def test_f4_leaves_the_collection_being_typed_on_screen(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_buzones(pilot)
        await _record_collection(pilot, hojas="2")
        typing = app.screen.collection.id
        await _keys(pilot, "tab", "tab", "'Persona a medio escribir")
        other = _untyped_collection(app.ctx.engine, hojas=4)
        await _act_on_untyped_sheets(pilot, other)
        assert app.screen.collection.id == typing
        assert "Termine primero las hojas" in _text(app, "#bz-collect-status")
        assert [field.id for field in app.screen.query("#bz-sheet Input") if field.value == "Persona a medio escribir"]


def test_snapshot_buzones_after_a_sheet(app_factory, snap_compare):
    app = app_factory(_demo)

    async def run_before(pilot):
        await _open_buzones(pilot)
        await _record_collection(pilot)
        await _keys(pilot, "tab", "tab", "'Ana", "tab", "'Paz", "tab", "tab", "'55 1234 567",
                    "tab", "tab", "'le duele el pecho")

    assert snap_compare(app, run_before=run_before, terminal_size=(120, 36))


async def test_a_sheet_typed_in_one_burst_lands_field_by_field(app_factory):
    # Sheets are typed in a batch by someone who does not wait for the screen: every key is queued before any is read.
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_buzones(pilot)
        await _record_collection(pilot, hojas="2", when="20/11/2026 09:30")
        assert app.focused.id == "bz-tipo"
        await burst_into(pilot, "#bz-tipo", ["2", "tab", "tab", *"Lucia", "tab", *"Generada", "tab", "tab",
                                             *"5512345678", "tab", "tab", *"Me atendieron bien", "tab", "enter"])
        assert "Hoja 1 registrada" in _text(app, "#bz-sheet-status"), _text(app, "#bz-sheet-status")
    with read_session(app.ctx.engine) as s:
        sheet = s.execute(select(Peticion).where(Peticion.creada_en == NOW, Peticion.canal == "buzon")).scalar_one()
    assert (sheet.tipo, sheet.nombre, sheet.primer_apellido, sheet.telefono, sheet.descripcion) == (
        "reconocimiento", "Lucia", "Generada", "5512345678", "Me atendieron bien")
