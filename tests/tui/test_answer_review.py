"""The former dead end of «Respondida», driven from the keyboard to «Concluida»: an answer without the issuer's cargo is
refused at once and keeps what was typed, it goes back to the área and comes back corrected; and an answer stored
without cargo nor phone (recorded before the check) is replaced by a corrected one and signed."""

from sqlalchemy import select
from textual.widgets import Static, TextArea

from models import Evento, Peticion, Respuesta, Unidad, Usuario
from services import answers
from services.auth import actor_for
from services.database import read_session, write_session
from tests.conftest import mx
from tests.tui.conftest import demo_with_petition, settle, sign_in, type_text

ISSUER = {"firmante_nombre": "Enlace Archivo", "firmante_cargo": "Jefa de Archivo", "firmante_telefono": "5550002222"}


def _routed(engine) -> None:
    demo_with_petition(engine, n=30, registered=mx(2026, 11, 20, 9, 30), routed=mx(2026, 11, 20, 9, 40))


def _stuck(engine) -> None:
    """Routed, with an answer whose issuer has neither cargo nor phone: what the desk stored before the check."""
    _routed(engine)
    with write_session(engine) as s:
        oficial = actor_for(s.execute(select(Usuario).where(Usuario.usuario == "oficial")).scalar_one())
        answers.record_answer(session=s, actor=oficial, folio=_folio(s), texto="Se revisó su expediente clínico.",
                              **ISSUER, now=mx(2026, 11, 20, 9, 50))
        s.execute(Respuesta.__table__.update().values(firmante_cargo="", firmante_telefono=""))


def _folio(session) -> str:
    unit = session.execute(select(Unidad)).scalars().first()
    return session.execute(select(Peticion.folio).where(Peticion.unidad_id == unit.id)
                           .order_by(Peticion.id.desc())).scalars().first()


def _state(engine) -> tuple[str, str, list[str]]:
    with read_session(engine) as s:
        folio = _folio(s)
        peticion = s.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()
        events = s.execute(select(Evento.accion).where(Evento.peticion_id == peticion.id,
                                                       Evento.accion != "expediente_consultado")
                           .order_by(Evento.id)).scalars()
        return folio, peticion.estado, [e for e in events if e != "documento_generado"]


def _text(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _offered(app) -> list[str]:
    return [option.id or "" for option in app.screen.query_one("#exp-actions").options]


async def _press(pilot, *keys) -> None:
    for key in keys:
        await pilot.press(key)
    await settle(pilot)


async def _open(pilot, folio) -> None:
    await sign_in(pilot, "director")
    pilot.app.open_expediente(folio)
    await settle(pilot)


async def _sign_notify_conclude(pilot, app) -> None:
    await _press(pilot, "f")
    assert type(app.screen).__name__ == "SignDialog"
    await _press(pilot, "space", "tab", "space", "tab", "space", "tab", "space", "ctrl+s")
    assert "Respuesta firmada" in _text(app, "#exp-status")
    await _press(pilot, "n")
    await pilot.press("tab", "tab")
    await type_text(pilot, "Habló con la peticionaria")
    await _press(pilot, "ctrl+s")
    await _press(pilot, "c", "enter")
    assert "Petición concluida" in _text(app, "#exp-status")


async def test_an_answer_without_cargo_is_refused_returned_to_the_area_and_answered_again(app_factory):
    app = app_factory(_routed)
    folio, _, _ = _state(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, folio)
        await _press(pilot, "r")
        assert type(app.screen).__name__ == "AnswerDialog"
        await type_text(pilot, "Su expediente se entrego completo.")
        await _press(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "AnswerDialog", "sin cargo no se registra"
        assert "Falta el cargo de quien emite la respuesta (L12)." in _text(app, "#action-error")
        assert app.screen.query_one("#answer-texto", TextArea).text == "Su expediente se entrego completo."
        await pilot.press("tab", "tab", "tab", "tab")
        await type_text(pilot, "Jefa de Archivo")
        await _press(pilot, "ctrl+s")
        assert _state(app.ctx.engine)[1] == "respondida"
        assert {"firmar", "corregir_respuesta", "devolver_area"} <= set(_offered(app))
        assert "✓ datos de quien la emite" in _text(app, "#exp-answers")

        await _press(pilot, "v")
        assert type(app.screen).__name__ == "ReasonActionDialog"
        await type_text(pilot, "Falta fundamentar con la norma")
        await _press(pilot, "enter")
        assert _state(app.ctx.engine)[1] == "canalizada"
        assert "Respuesta devuelta al área; tiene hasta el 25/11/2026" in _text(app, "#exp-status")
        assert "Devuelta al área para corregirla" in _text(app, "#exp-answers")
        assert "Respuesta devuelta al área" in _text(app, "#exp-timeline")

        await _press(pilot, "r")
        await type_text(pilot, "Su expediente se entregó completo conforme a la NOM-004-SSA3-2012.")
        await pilot.press("tab", "tab", "tab", "tab")
        await type_text(pilot, "Jefa de Archivo")
        await _press(pilot, "ctrl+s")
        assert _state(app.ctx.engine)[1] == "respondida"
        shown = _text(app, "#exp-answers")
        assert "Sustituida por la respuesta corregida" in shown and "Devuelta al área" not in shown
        await _sign_notify_conclude(pilot, app)
    _, estado, events = _state(app.ctx.engine)
    assert estado == "concluida"
    assert events == ["registrar", "canalizar", "respuesta", "devolver_area", "respuesta", "firmar", "notificar",
                      "concluir"]


async def test_an_answer_stuck_without_cargo_nor_phone_is_corrected_and_signed(app_factory):
    app = app_factory(_stuck)
    folio, estado, _ = _state(app.ctx.engine)
    assert estado == "respondida"
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, folio)
        assert "✗ datos de quien la emite" in _text(app, "#exp-answers")
        await _press(pilot, "f", "space", "tab", "space", "tab", "space", "tab", "space", "ctrl+s")
        assert type(app.screen).__name__ == "SignDialog"
        assert ("No se puede firmar. Faltan el cargo y el teléfono de quien emite la respuesta (L12). Devuélvala al "
                "área o registre la respuesta corregida.") in _text(app, "#action-error")
        await _press(pilot, "escape", "r")
        assert type(app.screen).__name__ == "CorrectedAnswerDialog"
        assert app.screen.query_one("#answer-texto", TextArea).text == "Se revisó su expediente clínico."
        await _press(pilot, "ctrl+s")
        assert "Motivo de la corrección: es obligatorio." in _text(app, "#action-error")
        await type_text(pilot, "Faltaban cargo y teléfono")
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        await type_text(pilot, "Jefa de Archivo")
        await pilot.press("tab")
        await type_text(pilot, "5550002222")
        await _press(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "Respuesta corregida registrada" in _text(app, "#exp-status")
        assert "Sustituida por la respuesta corregida" in _text(app, "#exp-answers")
        await _sign_notify_conclude(pilot, app)
    _, estado, events = _state(app.ctx.engine)
    assert estado == "concluida"
    assert events == ["registrar", "canalizar", "respuesta", "corregir_respuesta", "firmar", "notificar", "concluir"]
