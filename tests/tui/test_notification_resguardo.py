"""L14 from the keyboard: failed attempts keep the 2-day clock and say what to try next, resguardo waits for the 10
business days after the emission, concluding from resguardo needs its constancia, and a later hand-over is recorded."""

from datetime import date, datetime

from pypdf import PdfReader
from sqlalchemy import select
from textual.widgets import Static

from models import Documento, Evento, Notificacion, Peticion, Unidad, Usuario
from services import answers
from services.auth import actor_for
from services.calendar import MEXICO_CITY, freeze
from services.database import read_session, write_session
from services.demo import populate
from services.intake import register
from services.routing import route
from tests.conftest import mx
from tests.factories import ALL_CHECKED, FULL
from tests.tui.conftest import burst_into, settle, sign_in, type_text


def _signed_answer(engine):
    """Demo data plus one petition with full L3 data whose answer the director signed on Friday 20/11/2026 at 9:50."""
    populate(engine, n=30, today=date(2026, 11, 20))
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().first()
        oficial, director = (actor_for(s.execute(select(Usuario).where(Usuario.usuario == name)).scalar_one())
                             for name in ("oficial", "director"))
        peticion = register(session=s, actor=oficial, unidad=unit, data=FULL, now=mx(2026, 11, 20, 9, 30))
        route(session=s, actor=oficial, folio=peticion.folio, area_id=1, now=mx(2026, 11, 20, 9, 40))
        answers.record_answer(session=s, actor=oficial, folio=peticion.folio, texto="Se surtió la receta completa.",
                              firmante_nombre="Enlace", firmante_cargo="Jefe", firmante_telefono="5550001111",
                              now=mx(2026, 11, 20, 9, 45))
        answers.sign(session=s, actor=director, folio=peticion.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 20, 9, 50))


def _petition(engine) -> Peticion:
    with read_session(engine) as s:
        return s.execute(select(Peticion).order_by(Peticion.id.desc())).scalars().first()


def _text(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _press(pilot, *keys):
    for key in keys:
        await pilot.press(key)
    await settle(pilot)


async def _open_expediente(pilot, folio):
    await pilot.press("f3")
    await settle(pilot)
    pilot.app.screen.query_one("#queue-abiertas").value = False
    await settle(pilot)
    await pilot.press("slash")
    await type_text(pilot, folio[-6:])
    await _press(pilot, "enter")
    await _press(pilot, "enter")
    assert type(pilot.app.screen).__name__ == "ExpedienteScreen"


async def _failed_attempt(pilot, medio_key: str, detalle: str, moment: str | None = None):
    await _press(pilot, "n")
    assert type(pilot.app.screen).__name__ == "NotifyDialog"
    await pilot.press(medio_key, "tab", "2", "tab")  # medio by number; resultado 2 = «No localizado»
    await type_text(pilot, detalle)
    if moment is not None:
        pilot.app.screen.query_one("#notify-cuando").focus()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, moment)
    await _press(pilot, "ctrl+s")
    assert type(pilot.app.screen).__name__ == "ExpedienteScreen", _text(pilot.app, "#exp-status")


def _at(day: int, month: int, hour: int = 10):
    freeze(datetime(2026, month, day, hour, tzinfo=MEXICO_CITY))


async def test_failed_call_then_email_resguardo_conclusion_and_a_later_hand_over(app_factory):
    app = app_factory(_signed_answer)
    engine = app.ctx.engine
    folio = _petition(engine).folio
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot, "oficial")
        await _open_expediente(pilot, folio)
        assert "Aún sin intentos de notificación. Siguiente: teléfono" in _text(app, "#exp-notifications")

        await _failed_attempt(pilot, "1", "Sin respuesta", moment="20/11/2026 09:58")
        notes = _text(app, "#exp-notifications")
        assert "20/11/2026 09:58 · Teléfono · No localizado · Sin respuesta" in notes
        assert ("Intentado: teléfono (no localizado). Siguiente: correo electrónico, correo postal al domicilio o "
                "visita al domicilio.") in " ".join(notes.split())

        await _failed_attempt(pilot, "2", "Rebotó el correo")
        notes = " ".join(_text(app, "#exp-notifications").split())
        assert ("Intentado: teléfono (no localizado), correo electrónico (no localizado). Siguiente: correo postal al "
                "domicilio o visita al domicilio.") in notes
        assert "resguardo desde el 07/12/2026" in notes
        peticion = _petition(engine)
        assert (peticion.estado, peticion.reloj, peticion.vence_en) == ("firmada", "notificacion", date(2026, 11, 24))
        assert "L14 — notificar al peticionario" in _text(app, "#exp-head")

        _at(24, 11)
        await _press(pilot, "f4")
        assert (folio, "notificar") in [(a.folio, a.accion) for a in app.screen.data.actions]
        await _press(pilot, "f3", "enter")
        assert type(app.screen).__name__ == "ExpedienteScreen", "F3 finds the list as it was left, on this folio"
        await _press(pilot, "ctrl+r")
        await _press(pilot, "g")
        assert "El resguardo procede a partir del 07/12/2026" in _text(app, "#exp-status")
        assert "resguardo" not in [option.id for option in app.screen.query_one("#exp-actions").options]

        _at(7, 12)
        await _press(pilot, "ctrl+r")
        await _press(pilot, "g", "enter")
        assert _petition(engine).estado == "en_resguardo"

        await _press(pilot, "c", "enter")
        assert ("No se puede concluir desde el resguardo: falta generar la constancia de notificación con los "
                "intentos y el resguardo") in " ".join(_text(app, "#exp-status").split())
        assert _petition(engine).estado == "en_resguardo"

        await _press(pilot, "k")
        assert "Constancia de notificación en PDF" in _text(app, "#exp-status")
        await _press(pilot, "c", "enter")
        assert _petition(engine).estado == "concluida"

        _at(14, 12, 11)
        await _press(pilot, "ctrl+r")
        await _press(pilot, "t")
        assert type(app.screen).__name__ == "DeliverDialog"
        await type_text(pilot, "Ximena Prueba Generada")
        await pilot.press("tab", "tab")
        await type_text(pilot, "IDMEX77")
        await _press(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "Constancia de notificación en PDF" in _text(app, "#exp-status")
        assert "Entrega en persona" in _text(app, "#exp-timeline")

    peticion = _petition(engine)
    assert peticion.estado == "concluida"
    with read_session(engine) as s:
        events = s.execute(select(Evento.accion).where(Evento.peticion_id == peticion.id,
                                                       Evento.accion != "expediente_consultado")
                           .order_by(Evento.id)).scalars().all()
        attempts = s.execute(select(Notificacion.medio, Notificacion.resultado).where(
            Notificacion.peticion_id == peticion.id).order_by(Notificacion.id)).all()
        constancias = s.execute(select(Documento.ruta).where(Documento.peticion_id == peticion.id,
                                                             Documento.tipo == "constancia")
                                .order_by(Documento.id)).scalars().all()
    assert events[-7:] == ["notificar", "notificar", "resguardo", "documento_generado", "concluir", "entregar",
                           "documento_generado"]
    assert [tuple(a) for a in attempts] == [("telefono", "no_localizado"), ("correo", "no_localizado"),
                                            ("presencial", "notificado")]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(constancias[-1]).pages)
    for expected in ("CONSTANCIA DE NOTIFICACIÓN Y ENTREGA DE RESPUESTA", folio, "Ximena Prueba Generada",
                     "INE, núm. IDMEX77", "14 de diciembre de 2026, 11:00 h", "Rebotó el correo"):
        assert expected in text, expected


async def test_enter_in_the_attempts_last_field_saves_it_even_typed_in_one_burst(app_factory):
    app = app_factory(_signed_answer)
    folio = _petition(app.ctx.engine).folio
    _at(23, 11)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot, "oficial")
        await _open_expediente(pilot, folio)
        await _press(pilot, "n")
        await burst_into(pilot, "#notify-medio", ["1", "tab", "2", "tab", *"Buzon lleno", "tab", "tab", "tab",
                                                  "ctrl+u", *"23/11/2026 09:15", "enter"])
        assert type(app.screen).__name__ == "ExpedienteScreen", "Enter in «Fecha y hora» saves the attempt"
        assert "23/11/2026 09:15 · Teléfono · No localizado · Buzon lleno" in _text(app, "#exp-notifications")
