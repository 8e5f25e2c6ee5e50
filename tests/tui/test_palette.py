"""The command palette speaks Spanish and hands the desk to another officer without leaving the app."""

from sqlalchemy import select

from models import Evento, Usuario
from services.database import read_session
from services.demo import populate
from tests.conftest import DEFAULT_NOW
from tests.tui.conftest import screen_text, settle, sign_in, type_text
from tui.widgets.palette import NO_MATCHES, PLACEHOLDER


def _demo(engine):
    populate(engine, n=5, today=DEFAULT_NOW.date())


async def test_the_palette_prompts_and_finds_nothing_in_spanish(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert PLACEHOLDER in screen_text(app)
        await type_text(pilot, "zzqqxx")
        await pilot.pause(0.8)
        shown = screen_text(app)
        assert NO_MATCHES in shown and "No matches" not in shown and "Search for" not in shown


async def test_another_officer_takes_the_desk_from_the_palette(app_factory):
    app = app_factory(_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "cambiar de oficial")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and type(app.screen).__name__ == "SignInScreen" and app.ctx.actor is None
        await sign_in(pilot, "director")
        assert type(app.screen).__name__ == "HomeScreen" and app.ctx.usuario == "director"
    with read_session(app.ctx.engine) as s:
        closed = s.execute(select(Usuario.usuario).join(Evento, Evento.usuario_id == Usuario.id)
                           .where(Evento.accion == "sesion_cerrada")).scalars().all()
    assert closed == ["oficial"]
