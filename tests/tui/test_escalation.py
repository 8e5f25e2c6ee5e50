"""Pendientes y escalamiento (F4) on demo data: groups with counts, sending a reminder, the role refusal."""

from datetime import date

from sqlalchemy import select

from models import Documento, Evento, Peticion, Recordatorio, Unidad
from services.actor import SYSTEM
from services.database import read_session, write_session
from services.demo import populate
from services.inhabiles import load_calendar
from services.intake import register
from services.pending import pending_actions
from services.routing import route
from tests.conftest import mx
from tests.factories import FULL
from tests.tui.conftest import settle, sign_in

TODAY = date(2026, 11, 20)


def _demo(engine):
    """Demo data plus, from 13/11: a routed petition and an urgent one whose área's term ran out on 19/11 (their
    first reminder is due) and a buzón sheet with a phone whose L1 notice is overdue."""
    populate(engine, n=200, today=TODAY)
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().first()
        late = register(session=s, actor=SYSTEM, unidad=unit, data=FULL, now=mx(2026, 11, 13, 9))
        urgent = register(session=s, actor=SYSTEM, unidad=unit, now=mx(2026, 11, 13, 9, 5),
                          data={**FULL, "descripcion": "Paciente intubado, urge su traslado a la UCI del Centro Médico"})
        for peticion in (late, urgent):
            route(session=s, actor=SYSTEM, folio=peticion.folio, area_id=1, now=mx(2026, 11, 13, 10))
        register(session=s, actor=SYSTEM, unidad=unit, data={**FULL, "canal": "buzon", "buzon_id": 1},
                 now=mx(2026, 11, 13, 9, 10))


def _late_folio(engine) -> str:
    with read_session(engine) as s:
        return s.execute(select(Peticion.folio).where(Peticion.recibida_en == mx(2026, 11, 13, 9))).scalar_one()


def _expected(engine):
    with read_session(engine) as s:
        return pending_actions(s, unidad_id=1, today=TODAY, calendar=load_calendar(s))


async def _highlight(pilot, folio, accion="recordatorio_1"):
    for _ in range(40):
        current = pilot.app.screen._current()
        if current is not None and current.folio == folio and current.accion == accion:
            return
        await pilot.press("down")
    raise AssertionError(f"{folio} no aparece en la lista")


async def _open_pending(pilot, usuario):
    await sign_in(pilot, usuario)
    await pilot.press("f4")
    await settle(pilot)


def _list_text(app) -> str:
    listing = app.screen.query_one("#esc-list")
    return "\n".join(str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count))


def _screen_text(app) -> str:
    from textual.widgets import Static

    return "\n".join([str(w.render()) for w in app.screen.query(Static)] + [_list_text(app)])


async def test_groups_with_counts_and_sending_the_first_reminder(app_factory):
    app = app_factory(_demo)
    folio = _late_folio(app.ctx.engine)
    expected = _expected(app.ctx.engine)
    reminders = sum(a.accion == "recordatorio_1" for a in expected)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_pending(pilot, "oficial")
        assert type(app.screen).__name__ == "EscalationScreen"
        text = _screen_text(app)
        assert f"{len(expected)} acciones" in text
        assert f"Primer recordatorio al área (L6) — {reminders}" in text
        assert "Buzones por recolectar esta semana (L1) — " in text
        assert "Informe mensual a la SAD (L17) — 1" in text
        assert "⏰ vencido 1 d.h." in next(line for line in text.splitlines() if folio in line)
        await _highlight(pilot, folio)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        question = str(app.screen.query_one("Static").render())
        assert folio in question and "Área: Consulta externa" in question and "Enlace: " in question
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "EscalationScreen"
        assert "Primer recordatorio enviado" in str(app.screen.query_one("#esc-status").render())
        assert folio not in _list_text(app)
        assert f"{len(expected) - 1} acciones" in _screen_text(app)
        assert app.screen.query_one("#esc-list").highlighted is not None
    with read_session(app.ctx.engine) as s:
        peticion = s.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()
        assert peticion.estado == "recordatorio_1"
        reminder = s.execute(select(Recordatorio).where(Recordatorio.peticion_id == peticion.id)).scalars().one()
        assert reminder.tipo == "recordatorio_1"
        events = s.execute(select(Evento.accion).where(Evento.peticion_id == peticion.id).order_by(Evento.id)).scalars().all()
        assert events[-2:] == ["recordatorio_1", "documento_generado"]
        documento = s.execute(select(Documento).where(Documento.peticion_id == peticion.id)).scalars().one()
        assert documento.tipo == "recordatorio_1" and len(documento.sha256) == 64


async def test_supervisor_sees_everything_but_is_refused_with_the_role_message(app_factory):
    app = app_factory(_demo)
    folio = _late_folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_pending(pilot, "supervisor")
        assert f"{len(_expected(app.ctx.engine))} acciones" in _screen_text(app)
        await _highlight(pilot, folio)
        await pilot.press("x")
        await settle(pilot)
        assert type(app.screen).__name__ == "EscalationScreen"
        status = str(app.screen.query_one("#esc-status").render())
        assert "requiere el rol de" in status and "su rol es supervisor" in status
    with read_session(app.ctx.engine) as s:
        assert s.execute(select(Peticion.estado).where(Peticion.folio == folio)).scalar_one() == "canalizada"


def test_snapshot_escalation_panel(app_factory, snap_compare):
    app = app_factory(_demo)

    async def run_before(pilot):
        await _open_pending(pilot, "oficial")
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=(120, 36))


async def test_buzon_notice_is_recorded_from_the_panel(app_factory):
    app = app_factory(_demo)
    with read_session(app.ctx.engine) as s:
        folio = s.execute(select(Peticion.folio).where(Peticion.recibida_en == mx(2026, 11, 13, 9, 10))).scalar_one()
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_pending(pilot, "oficial")
        assert "Avisar al peticionario de buzón que su hoja se recibió (L1) — 1" in _list_text(app)
        await _highlight(pilot, folio, "acuse_buzon")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "AcuseMedioDialog"
        await pilot.press("e")
        await settle(pilot)
        assert f"Aviso registrado (por escrito): folio {folio}" in str(app.screen.query_one("#esc-status").render())
        assert "Avisar al peticionario de buzón" not in _list_text(app)
    with read_session(app.ctx.engine) as s:
        assert s.execute(select(Evento.detalle).where(Evento.accion == "acuse_buzon")).scalar_one() == '{"medio": "escrito"}'


async def test_a_long_group_shows_its_first_page_and_enter_on_its_last_row_shows_the_next(app_factory, monkeypatch):
    from tui.screens.escalation import EscalationScreen

    monkeypatch.setattr(EscalationScreen, "PAGE", 2)
    app = app_factory(_demo)
    contacts = [a.folio for a in _expected(app.ctx.engine) if a.accion == "contactar_datos"]
    assert 4 <= len(contacts) <= 5, "two pages of two, the second full or one short"
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_pending(pilot, "oficial")
        lines = _list_text(app).splitlines()
        title = lines.index(f"Contactar al peticionario para completar sus datos (L3) — {len(contacts)}")
        assert [line.split()[0] for line in lines[title + 1:title + 3]] == contacts[:2]
        assert lines[title + 3].strip() == (f"… {len(contacts) - 2} más de este grupo (se muestran 2): "
                                            "Enter muestra 2 más")
        listing = app.screen.query_one("#esc-list")
        for _ in range(40):
            if listing.get_option_at_index(listing.highlighted).id == "mas:contactar_datos":
                break
            await pilot.press("down")
        assert "siguiente página de este grupo" in str(app.screen.query_one("#esc-help").render())
        await pilot.press("enter")
        await settle(pilot)
        lines = _list_text(app).splitlines()
        assert [line.split()[0] for line in lines[title + 1:title + 5]] == contacts[:4]
        assert ("más de este grupo" in lines[title + 5]) == (len(contacts) > 4)
        # The highlight stays where Enter was pressed: on the first of the rows just shown.
        assert app.screen._current().folio == contacts[2]
