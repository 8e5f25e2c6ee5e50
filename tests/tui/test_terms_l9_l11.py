"""From the keyboard: a declination after L9's term recorded as late, L10's prórroga refused beyond its limit and an
expired one escalated from F4, and a measure agreed with the SAD (L11) recorded, followed in F4 and fulfilled."""

from datetime import date

from sqlalchemy import select
from textual.widgets import Static

from models import Evento, MedidaSad, Peticion, Unidad
from services import routing
from services.actor import SYSTEM
from services.database import read_session, write_session
from services.intake import register
from tests.conftest import mx
from tests.factories import FULL, pilot_unit
from tests.tui.conftest import settle, sign_in, type_text


def _petition(engine, *, routed=None, extended=None) -> str:
    """A petition of the Pilot unit, routed to Farmacia at `routed` and extended to `extended` = (agreed, until)."""
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().first()
        received = routed or mx(2026, 11, 20, 9)
        p = register(session=s, actor=SYSTEM, unidad=unit, data=FULL, now=received)
        if routed:
            routing.route(session=s, actor=SYSTEM, folio=p.folio, area_id=1, now=routed)
        if extended:
            agreed, until = extended
            routing.extend(session=s, actor=SYSTEM, folio=p.folio, motivo="Requiere dictamen", nueva_fecha=until,
                           sad_informada_en=agreed, peticionario_contactado_en=agreed, now=agreed)
        return p.folio


def _prepare(**petitions):
    """The Pilot unit plus the given petitions; their folios are read back by order of registration."""
    def prepare(engine):
        pilot_unit(engine)
        for spec in petitions.values():
            _petition(engine, **spec)
    return prepare


def _folios(engine) -> list[str]:
    with read_session(engine) as s:
        return list(s.execute(select(Peticion.folio).order_by(Peticion.id)).scalars())


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


async def _highlight(pilot, folio, accion):
    for _ in range(30):
        current = pilot.app.screen._current()
        if current is not None and current.folio == folio and current.accion == accion:
            return
        await pilot.press("down")
    raise AssertionError(f"{folio} ({accion}) no aparece en Pendientes")


def _pending_text(app) -> str:
    listing = app.screen.query_one("#esc-list")
    return "\n".join(str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count))


async def test_a_declination_after_l9_is_recorded_as_late(app_factory):
    # Routed Friday 13/11: L9's two business days end Wednesday 18/11 (Monday 16 is a holiday); today is Friday 20.
    app = app_factory(_prepare(late={"routed": mx(2026, 11, 13, 10)}))
    (folio,) = _folios(app.ctx.engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        await _open_expediente(pilot, folio)
        await _press(pilot, "d")
        assert type(app.screen).__name__ == "ReasonActionDialog"
        note = " ".join(str(w.render()) for w in app.screen.query(".action-note").results(Static))
        assert "Fuera del plazo de L9: vencía el 18/11/2026 (2 d.h. tarde)" in note
        await type_text(pilot, "Corresponde a consulta externa")
        await _press(pilot, "enter")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        followup = _text(app, "#exp-followup")
        assert "fuera del plazo de L9 ✗ (2 d.h. tarde; vencía el 18/11/2026; se informa en el Anexo 1)" in followup
        timeline = " ".join(_text(app, "#exp-timeline").split())
        assert "Declinación fuera del plazo de L9" in timeline and "días hábiles de retraso: 2" in timeline
    with read_session(app.ctx.engine) as s:
        events = list(s.execute(select(Evento.accion).where(Evento.peticion_id == 1,
                                                            Evento.accion != "expediente_consultado")
                                .order_by(Evento.id)).scalars())
    assert events[-2:] == ["declinar", "declinacion_extemporanea"]


async def test_prorroga_beyond_the_limit_is_refused_and_an_expired_one_is_escalated_from_f4(app_factory):
    app = app_factory(_prepare(
        today={"routed": mx(2026, 11, 20, 9)},
        expired={"routed": mx(2026, 11, 13, 10), "extended": (mx(2026, 11, 17, 12), date(2026, 11, 19))},
    ))
    fresh, expired = _folios(app.ctx.engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        await _open_expediente(pilot, fresh)
        await _press(pilot, "p")
        assert type(app.screen).__name__ == "ProrrogaDialog"
        assert "a lo más el 03/12/2026 (9 días hábiles" in " ".join(
            str(w.render()) for w in app.screen.query(".action-note").results(Static))
        await type_text(pilot, "Requiere dictamen")
        await pilot.press("tab")
        await type_text(pilot, "04/12/2026")
        await _press(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "ProrrogaDialog"
        assert "La prórroga puede llegar a lo más al 03/12/2026" in _text(app, "#action-error")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "03/12/2026")
        await _press(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "la nueva fecha es el 03/12/2026" in _text(app, "#exp-status")
        # A second prórroga with the same área is not offered; the key says why.
        await _press(pilot, "p")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "Ya se acordó una prórroga con esta área" in _text(app, "#exp-status")
        await _press(pilot, "f4")
        assert type(app.screen).__name__ == "EscalationScreen"
        assert "Prórrogas vencidas sin respuesta: primer recordatorio (L10, L6) — 1" in _pending_text(app)
        await _highlight(pilot, expired, "prorroga_vencida")
        await _press(pilot, "enter")
        assert type(app.screen).__name__ == "ConfirmDialog"
        question = str(app.screen.query_one("Static").render())
        assert "¿Enviar el primer recordatorio al área?" in question and expired in question
        await _press(pilot, "enter")
        assert type(app.screen).__name__ == "EscalationScreen"
        assert "Primer recordatorio enviado" in _text(app, "#esc-status")
        assert expired not in _pending_text(app)
    with read_session(app.ctx.engine) as s:
        states = dict(s.execute(select(Peticion.folio, Peticion.estado)).all())
    assert states == {fresh: "prorroga", expired: "recordatorio_1"}


async def test_a_measure_agreed_with_the_sad_is_recorded_followed_in_f4_and_fulfilled(app_factory):
    app = app_factory(_prepare(
        slow={"routed": mx(2026, 11, 18, 10), "extended": (mx(2026, 11, 19, 12), date(2026, 11, 27))}))
    (folio,) = _folios(app.ctx.engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        await _open_expediente(pilot, folio)
        await _press(pilot, "l")
        assert type(app.screen).__name__ == "MeasureDialog"
        await type_text(pilot, "Cita con el especialista")
        await pilot.press("tab")
        await type_text(pilot, "Jefe de Farmacia")
        await pilot.press("tab", "tab")
        await type_text(pilot, "01/12/2026")
        await _press(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "Medida de la SAD registrada (L11); responsable: Jefe de Farmacia" in _text(app, "#exp-status")
        followup = " ".join(_text(app, "#exp-followup").split())
        assert ("Medida SAD acordada 20/11/2026 · responsable: Jefe de Farmacia · cumplir a más tardar 01/12/2026 · "
                "pendiente") in followup
        await _press(pilot, "f4")
        assert "Medidas acordadas con la SAD por cumplir (L11) — 1" in _pending_text(app)
        await _highlight(pilot, folio, "medida_sad")
        await _press(pilot, "enter")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        await _press(pilot, "h")
        assert type(app.screen).__name__ == "FulfilDialog"
        await type_text(pilot, "Se dio la cita el lunes")
        await _press(pilot, "enter")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "cumplida" in _text(app, "#exp-status")
        assert "cumplida 20/11/2026" in " ".join(_text(app, "#exp-followup").split())
        await _press(pilot, "f4")
        assert "Medidas acordadas con la SAD" not in _pending_text(app)
    with read_session(app.ctx.engine) as s:
        measure = s.execute(select(MedidaSad)).scalar_one()
    assert (measure.descripcion, measure.responsable, measure.vence_en, measure.cumplimiento) == (
        "Cita con el especialista", "Jefe de Farmacia", date(2026, 12, 1), "Se dio la cita el lunes")
    assert measure.usuario_id is not None and measure.cumplida_en is not None
