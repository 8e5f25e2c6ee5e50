"""One petition routed to two áreas from the keyboard (L4): Space marks each área, Enter routes to both; each área
answers on its own (the expediente asks which), and the petition is answered once both did."""

from datetime import date

from sqlalchemy import select
from sqlmodel import col
from textual.widgets import Static

from models import Area, Canalizacion, Peticion, Respuesta, Unidad, Usuario
from services.auth import actor_for
from services.database import read_session, write_session
from services.demo import populate
from services.intake import register
from tests.conftest import mx
from tests.factories import FULL
from tests.tui.conftest import settle, sign_in, type_text

TODAY = date(2026, 11, 20)


def _prepare(engine) -> None:
    populate(engine, n=30, today=TODAY)
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().first()
        oficial = actor_for(s.execute(select(Usuario).where(Usuario.usuario == "oficial")).scalar_one())
        register(session=s, actor=oficial, unidad=unit, data=FULL, now=mx(2026, 11, 20, 9, 30))


def _folio(engine) -> str:
    with read_session(engine) as s:
        return s.execute(select(Peticion.folio).order_by(col(Peticion.creada_en).desc(), col(Peticion.id).desc())
                         ).scalars().first()


def _routed(engine, folio) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The petition's state, each área in force with its stage, and the áreas of its answers."""
    with read_session(engine) as s:
        peticion = s.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()
        routings = s.execute(select(col(Area.nombre), col(Canalizacion.etapa))
                             .join(Area, col(Area.id) == col(Canalizacion.area_id))
                             .where(col(Canalizacion.peticion_id) == peticion.id, col(Canalizacion.activa))
                             .order_by(col(Canalizacion.id))).all()
        answered = s.execute(select(col(Area.nombre)).join(Respuesta, col(Respuesta.area_id) == col(Area.id))
                             .where(col(Respuesta.peticion_id) == peticion.id).order_by(col(Respuesta.id))).scalars()
        return peticion.estado, [tuple(row) for row in routings], list(answered)


async def _press(pilot, *keys) -> None:
    for key in keys:
        await pilot.press(key)
    await settle(pilot)


def _text(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _answer(pilot, cargo: str) -> None:
    """Fill the answer form as an officer does: text, solution, the date as offered, the cargo, the L12 review."""
    await type_text(pilot, "Se atendió lo que corresponde a esta área.")
    await pilot.press("tab")
    await type_text(pilot, "Atendido")
    await pilot.press("tab", "tab", "tab")
    await type_text(pilot, cargo)
    await pilot.press("tab", "tab", "space", "tab", "space", "tab", "space")
    await _press(pilot, "ctrl+s")


async def test_routing_to_two_areas_and_answering_both_from_the_keyboard(app_factory):
    app = app_factory(_prepare)
    engine = app.ctx.engine
    folio = _folio(engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot, "director")
        await _press(pilot, "f3")
        app.screen.query_one("#queue-abiertas").value = False
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, folio[-6:])
        await _press(pilot, "enter")
        await _press(pilot, "enter")
        assert type(app.screen).__name__ == "ExpedienteScreen"

        await _press(pilot, "a")
        assert type(app.screen).__name__ == "RouteDialog"
        await _press(pilot, "space", "down", "space", "enter")
        estado, routings, _ = _routed(engine, folio)
        assert estado == "canalizada" and [stage for _, stage in routings] == ["canalizada", "canalizada"]
        first, second = (name for name, _ in routings)
        assert f"Canalizada a {first} y {second}; cada área tiene hasta el 25/11/2026" in _text(app, "#exp-status")
        followup = _text(app, "#exp-followup")
        assert followup.count("esperando su respuesta, vence 25/11/2026") == 2

        # Two áreas owe an answer: the expediente asks which one answers.
        await _press(pilot, "r")
        assert type(app.screen).__name__ == "AreaChoiceDialog"
        await _press(pilot, "down", "enter")
        assert type(app.screen).__name__ == "AnswerDialog"
        await _answer(pilot, f"Jefa de {second}")
        estado, routings, answered = _routed(engine, folio)
        assert (estado, [stage for _, stage in routings], answered) == ("canalizada", ["canalizada", "respondida"],
                                                                        [second])
        assert f"Respuesta de {second} registrada; falta la de {first} (L4)." in _text(app, "#exp-status")
        assert "firmar" not in [option.id for option in app.screen.query_one("#exp-actions").options]

        # One área left: the form opens for it at once.
        await _press(pilot, "r")
        assert type(app.screen).__name__ == "AnswerDialog"
        await _answer(pilot, f"Jefe de {first}")
        estado, routings, answered = _routed(engine, folio)
        assert (estado, answered) == ("respondida", [second, first])
        assert _text(app, "#exp-followup").count("respondió") == 2

        await _press(pilot, "f")
        assert type(app.screen).__name__ == "SignDialog"
        # The director reads every área's answer before the one signature (L4, L13).
        shown = _text(app, "#sign-answer")
        assert f"Respuesta de {first}:" in shown and f"Respuesta de {second}:" in shown
        assert f"Jefe de {first}" in shown and f"Jefa de {second}" in shown
        await _press(pilot, "space", "tab", "space", "tab", "space", "tab", "space", "ctrl+s")
        assert _routed(engine, folio)[0] == "firmada"
        answers_panel = _text(app, "#exp-answers")
        assert answers_panel.count("Firmada por") == 2
