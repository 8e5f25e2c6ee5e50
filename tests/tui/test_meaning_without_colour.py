"""Meaning without colour: in the high-contrast theme every SLA state, urgency and «datos incompletos» mark is a
symbol with a word (or a symbol the legend on the same screen explains), so a colour-blind officer reads it all."""

import re
from datetime import date

from sqlalchemy import select
from textual.widgets import OptionList

from models import Peticion, Unidad
from services.actor import SYSTEM
from services.database import read_session, write_session
from services.intake import register
from tests.conftest import mx
from tests.factories import F4_SITUATION, FULL
from tests.tui.conftest import demo_with_petition, screen_text, settle, sign_in
from tui.widgets.desk_header import DeskHeader
from tui.widgets.rows_view import RowsView

TODAY = date(2026, 11, 20)
URGENT_TEXT = "Le dio un paro a mi papá en la sala de espera y nadie lo atiende."
DUE = re.compile(r"^(⏰ vencida( \d+)?|⚠ vence hoy|⚠ queda 1|✓ quedan \d+|—)$")


def _desk(engine):
    """Demo data plus an urgent petition with incomplete data whose área had until yesterday (16/11 is a holiday)."""
    demo_with_petition(engine, n=120, registered=mx(2026, 11, 13, 9, 30), routed=mx(2026, 11, 13, 9, 40),
                       correo="", descripcion=URGENT_TEXT)
    # One the desk must route today (registered yesterday, not routed), whatever the demo drew.
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().first()
        register(session=s, actor=SYSTEM, unidad=unit, data=FULL, now=mx(2026, 11, 19, 9))


def _urgent_folio(engine) -> str:
    with read_session(engine) as s:
        return s.execute(select(Peticion.folio).where(Peticion.descripcion == URGENT_TEXT)).scalar_one()


async def test_states_read_as_symbol_and_word_in_high_contrast(app_factory):
    app = app_factory(_desk)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot, "oficial")
        app.action_toggle_contrast()
        await settle(pilot)
        assert app.theme == "alto-contraste"
        header = str(app.screen.query_one(DeskHeader).render())
        assert re.search(r"▲ \d+ urgentes?  ⏰ \d+ vencidas?$", header.rstrip()), header

        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one("#queue-table", RowsView)
        rows = [[cell.plain.strip() for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows
        assert {row[0] for row in rows} <= {"▲ URGENTE", ""} and "▲ URGENTE" in {row[0] for row in rows}
        assert all(DUE.match(row[3]) for row in rows), [row[3] for row in rows if not DUE.match(row[3])]
        assert {"⏰", "⚠", "✓"} <= {row[3][0] for row in rows}
        assert {row[4] for row in rows} == {"◐", ""}
        assert "◐ datos incompletos" in screen_text(app), "la leyenda explica ◐ en la misma pantalla"

        app.open_expediente(_urgent_folio(app.ctx.engine))
        await settle(pilot)
        head = str(app.screen.query_one("#exp-head").render())
        assert "▲ URGENTE" in head and "código infarto" in head
        assert "◐ Datos incompletos — faltan: correo electrónico" in head
        assert "Vence 19/11/2026 ⏰ vencida 1 d.h." in head, head

        await pilot.press("escape", "escape", "f4")
        await settle(pilot)
        options = app.screen.query_one("#esc-list", OptionList)
        lines = [str(options.get_option_at_index(i).prompt).rstrip() for i in range(options.option_count)
                 if not options.get_option_at_index(i).disabled]
        assert lines and all(F4_SITUATION.search(line) for line in lines), lines
        assert any(line.startswith("▲ URGENTE") and "⏰ vencido" in line for line in lines)
        assert any("⚠ vence hoy" in line for line in lines), lines
        summary = str(app.screen.query_one("#esc-summary").render())
        assert re.search(r"▲ \d+ urgentes? · ⏰ \d+ vencidas? +· ⚠ \d+ vencen? hoy", summary), summary
