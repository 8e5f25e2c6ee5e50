"""The main screens on an 80×24 terminal (an old desk computer): what is needed to work is on screen, not cut off.

Nueva petición has its 80×24 snapshot in test_intake.py (test_snapshot_empty_form_narrow).
"""

from datetime import date

import pytest
from sqlalchemy import select

from models import Peticion, Unidad
from services.actor import SYSTEM
from services.database import read_session, write_session
from services.intake import register
from services.routing import route
from tests.conftest import mx
from tests.factories import FULL
from tests.tui.conftest import demo_with_petition, screen_text, settle, sign_in
from tui.widgets.desk_header import header_line

TODAY = date(2026, 11, 20)
SMALL = (80, 24)
URGENT_TEXT = "Le dio un paro a mi papá en la sala de espera y nadie lo atiende."




def _desk(engine):
    """Demo data plus an urgent petition with incomplete data, routed this morning; and, not to depend on what the
    demo happens to draw, one petition to route today and one whose área's term (L5) ends today."""
    demo_with_petition(engine, n=80, registered=mx(2026, 11, 20, 9, 30), routed=mx(2026, 11, 20, 9, 40),
                       correo="", descripcion=URGENT_TEXT)
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().one()
        register(session=s, actor=SYSTEM, unidad=unit, data=FULL, now=mx(2026, 11, 19, 12, 0))
        routed = register(session=s, actor=SYSTEM, unidad=unit, data=FULL, now=mx(2026, 11, 17, 9, 0))
        route(session=s, actor=SYSTEM, folio=routed.folio, area_id=2, now=mx(2026, 11, 17, 10, 0))


def _urgent_folio(engine) -> str:
    with read_session(engine) as s:
        return s.execute(select(Peticion.folio).where(Peticion.descripcion == URGENT_TEXT)).scalar_one()


def _signed_in(*keys: str, usuario: str = "oficial"):
    async def run_before(pilot):
        await sign_in(pilot, usuario)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
    return run_before


def _lines(app) -> list[str]:
    return screen_text(app).splitlines()


async def test_what_each_screen_needs_is_visible_at_80x24(app_factory):
    app = app_factory(_desk)
    async with app.run_test(size=SMALL) as pilot:
        await _signed_in()(pilot)
        text = screen_text(app)
        assert "▲ 1 urgente" in text and "vencida" in text, "el encabezado no pierde los contadores"
        for entry in ("F2  Nueva petición", "F7  Administración", "Ctrl+P  Buscar", "Ctrl+L  Bloquear"):
            assert entry in text, f"falta «{entry}» en el menú"
        # The demo área whose term ends today still has that day: its first reminder is listed from the next (L6).
        assert "Canalizar a un área" in text and "recordatorio" not in text

        await pilot.press("f3")
        await settle(pilot)
        text = screen_text(app)
        assert "◐ datos incompletos" in text and "⏰ vencida" in text and "⚠ vence hoy" in text
        assert "▲ URGENTE" in text and "Plazo (d.h.)" in text

        await pilot.press("escape", "f4")
        await settle(pilot)
        text = screen_text(app)
        assert "Situación" in text and "⚠ vence hoy" in text and "⏰ vencido" in text

        app.open_expediente(_urgent_folio(app.ctx.engine))
        await settle(pilot)
        text = screen_text(app)
        assert "▲ URGENTE" in text and "◐ Datos incompletos" in text and "Acciones" in text
        assert "✓ quedan 3 d.h." in text


async def test_plazos_keep_their_name_in_view_while_moving_across_tipos(app_factory):
    app = app_factory(_desk)
    async with app.run_test(size=SMALL) as pilot:
        await _signed_in("f7", usuario="admin")(pilot)
        await pilot.press(*["right"] * 5, "tab")
        await settle(pilot)
        assert app.focused.id == "admin-plazos"
        await pilot.press(*["right"] * 6)
        await settle(pilot)
        text = screen_text(app)
        assert "Orient." in text and "L6 — primer recordatorio" in text


def test_snapshot_home_small(app_factory, snap_compare):
    assert snap_compare(app_factory(_desk), run_before=_signed_in(), terminal_size=SMALL)


def test_snapshot_queue_small(app_factory, snap_compare):
    assert snap_compare(app_factory(_desk), run_before=_signed_in("f3"), terminal_size=SMALL)


def test_snapshot_expediente_small(app_factory, snap_compare):
    app = app_factory(_desk)
    folio = _urgent_folio(app.ctx.engine)

    async def run_before(pilot):
        await _signed_in()(pilot)
        app.open_expediente(folio)
        await settle(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SMALL)


def test_snapshot_escalation_small(app_factory, snap_compare):
    assert snap_compare(app_factory(_desk), run_before=_signed_in("f4"), terminal_size=SMALL)


def test_snapshot_buzones_small(app_factory, snap_compare):
    assert snap_compare(app_factory(_desk), run_before=_signed_in("f5"), terminal_size=SMALL)


def test_snapshot_reports_small(app_factory, snap_compare):
    assert snap_compare(app_factory(_desk), run_before=_signed_in("f6", usuario="director"), terminal_size=SMALL)


def test_snapshot_admin_small(app_factory, snap_compare):
    assert snap_compare(app_factory(_desk), run_before=_signed_in("f7", usuario="admin"), terminal_size=SMALL)


@pytest.mark.parametrize("width", [118, 98, 78, 60])
def test_header_keeps_counts_and_date_whole_at_any_width(width):
    line = header_line(width, "CMF-DEMO", "Clínica de Medicina Familiar Demostración", "Oficial de Módulo Demo",
                       TODAY, (3, 12))
    assert line.cell_len <= width, line.plain
    assert line.plain.endswith("▲ 3 urgentes  ⏰ 12 vencidas"), line.plain
    assert "20/11/2026" in line.plain or "20 de noviembre de 2026" in line.plain, line.plain
