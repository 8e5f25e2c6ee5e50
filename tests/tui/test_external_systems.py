"""The expediente's X: a Presidencia petition concluded here gets its SINAPP and SIDAC folios and its closing in SINAPP
from the keyboard, and the header says so."""

from sqlalchemy import select
from textual.widgets import Static

from models import Peticion, Unidad, Usuario
from services.auth import actor_for
from services.database import read_session, write_session
from services.intake import register
from tests.conftest import mx
from tests.factories import FULL, pilot_unit, tampering
from tests.tui.conftest import settle, sign_in, type_text


def _concluded_from_presidencia(engine) -> None:
    pilot_unit(engine)
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalar_one()
        officer = actor_for(s.execute(select(Usuario)).scalar_one())
        folio = register(session=s, actor=officer, unidad=unit, data={**FULL, "canal": "presidencia"},
                         now=mx(2026, 11, 13, 9)).folio
    with tampering(engine) as c:
        c.execute(Peticion.__table__.update().where(Peticion.__table__.c.folio == folio).values(
            estado="concluida", concluida_en=mx(2026, 11, 19, 12), reloj=None, vence_en=None))


async def test_folios_and_closing_recorded_from_the_expediente(app_factory):
    app = app_factory(_concluded_from_presidencia)
    with read_session(app.ctx.engine) as s:
        folio = s.execute(select(Peticion.folio)).scalar_one()
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot, "oficial")
        app.open_expediente(folio)
        await settle(pilot)
        head = str(app.screen.query_one("#exp-head", Static).render())
        assert "SINAPP sin folio · falta cerrarla allá (tecla X)" in head
        await pilot.press("x")
        await settle(pilot)
        assert type(app.screen).__name__ == "ExternalSystemsDialog"
        await type_text(pilot, "sin-2026-77")
        await pilot.press("tab")
        await type_text(pilot, "pr 9041")
        await pilot.press("tab", "space", "ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "Folios SINAPP / SIDAC guardados." in str(app.screen.query_one("#exp-status", Static).render())
        head = str(app.screen.query_one("#exp-head", Static).render())
        assert "SINAPP SIN-2026-77 · cerrada el 20/11/2026 · SIDAC PR 9041" in head
    with read_session(app.ctx.engine) as s:
        stored = s.execute(select(Peticion.sinapp_folio, Peticion.sidac_folio, Peticion.sinapp_cerrada_en)).one()
    assert stored == ("SIN-2026-77", "PR 9041", mx(2026, 11, 20, 10))
