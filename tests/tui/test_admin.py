"""Administración (F7): an área with its enlace, a día inhábil that moves due dates, a new user; refusal for others."""

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from models import Area, DiaInhabil, Evento, Usuario
from services.auth import MAX_FAILED, sign_in
from services.database import read_session, write_session
from services.demo import populate
from services.errors import PermissionDenied
from services.transactions import run_write
from tests.conftest import DEFAULT_NOW
from tests.tui.conftest import settle, type_text
from tests.tui.conftest import sign_in as sign_in_at_desk


def _demo(engine):
    populate(engine, n=200, today=date(2026, 11, 20))


async def _sign_in_and_open(pilot, usuario):
    await sign_in_at_desk(pilot, usuario)
    await pilot.press("f7")
    await settle(pilot)


async def _fill(pilot, *values):
    """Type each value and press Enter, as the officer moves through a form."""
    for value in values:
        await type_text(pilot, value)
        await pilot.press("enter")
    await settle(pilot)


def _status(app) -> str:
    return str(app.screen.query_one("#admin-status").render())


async def test_admin_adds_an_area_a_dia_inhabil_and_a_user(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in_and_open(pilot, "admin")
        assert type(app.screen).__name__ == "AdminScreen"
        await pilot.press("right", "n")
        await settle(pilot)
        assert type(app.screen).__name__ == "FormDialog"
        await _fill(pilot, "Dental", "Lic. Ruiz", "ruiz@", "", "Dra. Paz", "Jefa", "")
        assert "Correo del enlace: el correo electrónico no es válido" in str(app.screen.query_one("#form-error").render())
        email = app.screen.query_one("#f-enlace_correo")
        email.value = ""
        email.focus()
        await _fill(pilot, "ruiz@cmf.mx")
        app.screen.query_one("#f-superior_correo").focus()
        await _fill(pilot, "")
        assert type(app.screen).__name__ == "AdminScreen"
        assert "Área «Dental» creada." in _status(app)
        areas = app.screen.query_one("#admin-areas")
        assert any("Dental" in str(areas.get_row_at(i)[1]) for i in range(areas.row_count))

        await pilot.press("right", "right", "right", "n")
        await settle(pilot)
        await _fill(pilot, "23/11/2026", "Paro", "DOF")
        assert type(app.screen).__name__ == "AdminScreen"
        moved = int(re.search(r"se movieron (\d+) vencimientos", _status(app)).group(1))
        days = app.screen.query_one("#admin-inhabiles")
        row = next(i for i in range(days.row_count) if str(days.get_row_at(i)[0]) == "23/11/2026")
        days.move_cursor(row=row)
        await pilot.press("q")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("enter")
        await settle(pilot)
        assert f"Día inhábil quitado: se movieron {moved} vencimientos." in _status(app)
        assert all(str(days.get_row_at(i)[0]) != "23/11/2026" for i in range(days.row_count))
        await pilot.press("n")
        await settle(pilot)
        await _fill(pilot, "23/11/2026", "Paro", "DOF")
        assert f"se movieron {moved} vencimientos" in _status(app)

        await pilot.press("left", "n")
        await settle(pilot)
        await _fill(pilot, "ana", "Ana Ruiz")
        await pilot.press("tab")
        await _fill(pilot, "864213", "864213")
        assert type(app.screen).__name__ == "AdminScreen"
        assert "Usuario «ana» creado." in _status(app)
    with read_session(app.ctx.engine) as s:
        area = s.execute(select(Area).where(Area.nombre == "Dental")).scalar_one()
        assert (area.enlace_nombre, area.enlace_correo, area.superior_cargo) == (
            "Lic. Ruiz", "ruiz@cmf.mx", "Jefa")
        assert s.execute(select(DiaInhabil.motivo).where(DiaInhabil.fecha == date(2026, 11, 23))).scalar_one() \
            == "Paro"
        added = s.execute(select(Evento.detalle).where(Evento.accion == "dia_inhabil_agregado")).scalars().all()
        assert [json.loads(event)["vencimientos_movidos"] for event in added] == [moved, moved] and moved > 0
        removed = s.execute(select(Evento.detalle).where(Evento.accion == "dia_inhabil_quitado")).scalar_one()
        assert json.loads(removed) == {"fecha": "2026-11-23", "motivo": "Paro", "vencimientos_movidos": moved}
        user = s.execute(select(Usuario).where(Usuario.usuario == "ana")).scalar_one()
        assert user.rol == "oficial" and user.pin_hash.startswith("$argon2") and "864213" not in user.pin_hash
    with write_session(app.ctx.engine) as s:
        assert sign_in(session=s, usuario="ana", pin="864213").nombre == "Ana Ruiz"


async def test_unit_data_and_a_term_override(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in_and_open(pilot, "admin")
        await pilot.press("shift+tab", "shift+tab", "ctrl+u")
        assert app.focused.id == "u-director_telefono"
        await _fill(pilot, "55 1234 9999")
        assert "Datos de la unidad guardados." in _status(app)
        assert app.ctx.unidad.director_telefono == "5512349999"
        assert app.screen.query_one("#u-director_telefono").value == "5512349999"
        await pilot.press("tab", "tab")
        assert type(app.focused).__name__ == "ContentTabs"
        for _ in range(5):
            await pilot.press("right")
        await pilot.press("tab", "right", "right", "right", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "FormDialog"
        assert "L5 fija 3 días hábiles" in str(app.screen.query_one(".muted").render())
        await _fill(pilot, "5")
        # Five days exceed L5: the form stays open and says so; the same Enter again confirms.
        assert type(app.screen).__name__ == "FormDialog"
        assert "L5 fija 3 días hábiles; 5 excede la guía" in str(app.screen.query_one("#form-error").render())
        await pilot.press("enter")
        await settle(pilot)
        assert "Plazo de «L5 — seguimiento del área» para Sugerencia guardado." in _status(app)
        terms = app.screen.query_one("#admin-plazos")
        assert str(terms.get_row_at(0)[5]) == "5"


async def test_an_officer_only_sees_the_refusal(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in_and_open(pilot, "oficial")
        assert type(app.screen).__name__ == "AdminScreen"
        refusal = str(app.screen.query_one("#admin-refusal").render())
        assert refusal == "Esta pantalla requiere el rol de administrador; su rol es oficial de módulo."
        assert not app.screen.query("TabbedContent")


def _demo_with_locked_director(engine):
    _demo(engine)
    for _ in range(MAX_FAILED):
        with pytest.raises(PermissionDenied):
            run_write(engine, sign_in, usuario="director", pin="000000", now=DEFAULT_NOW - timedelta(minutes=5))


async def test_the_admin_sees_who_is_locked_until_when_and_unlocks_them(app_factory):
    app = app_factory(_demo_with_locked_director)
    async with app.run_test(size=(120, 36)) as pilot:
        await _sign_in_and_open(pilot, "admin")
        await pilot.press("right", "right", "right")
        await settle(pilot)
        users = app.screen.query_one("#admin-usuarios")
        states = {str(users.get_row_at(i)[1]): str(users.get_row_at(i)[0]) for i in range(users.row_count)}
        assert states["director"] == "⊘ bloqueado hasta 10:10" and states["oficial"] == "✓ activo"
        assert "B: desbloquear" in str(app.screen.query_one("#admin-help").render())
        await pilot.press("tab", "down", "b")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("enter")
        await settle(pilot)
        assert "Usuario «director» desbloqueado." in _status(app)
        assert str(users.get_row_at(1)[0]) == "✓ activo"
    with write_session(app.ctx.engine) as s:
        assert sign_in(session=s, usuario="director", pin="246810").usuario == "director"
