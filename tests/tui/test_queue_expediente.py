"""Bandeja (F3) and expediente on demo data: paging, filters, search, the whole lifecycle from the keyboard,
refusals in Spanish, revealing personal data, and text shown as typed."""

from datetime import date, datetime

from pypdf import PdfReader
from sqlalchemy import select
from textual.widgets import Static

from models import Documento, Evento, Peticion, Unidad, Usuario
from models.enums import MedioNotificacion, ResultadoNotificacion
from services import answers, delivery
from services.answers import Checklist
from services.auth import actor_for
from services.calendar import MEXICO_CITY, freeze
from services.database import read_session, write_session
from services.demo import populate
from services.intake import register
from services.routing import route
from tests.conftest import mx
from tests.factories import FULL
from tests.tui.conftest import settle, sign_in, type_text
from tui.widgets.rows_view import RowsView

TODAY = date(2026, 11, 20)
HOSTILE = "[bold red]x[/] y [link=http://example.mx]clic[/link]"


def _demo(n=300):
    def prepare(engine):
        populate(engine, n=n, today=TODAY)
    return prepare


def _with_petition(n=30, **changes):
    """Demo data plus one petition registered at the desk this morning, with full L3 data."""
    def prepare(engine):
        populate(engine, n=n, today=TODAY)
        with write_session(engine) as s:
            unit = s.execute(select(Unidad)).scalars().first()
            register(session=s, actor=_actor(s, "oficial"), unidad=unit, data={**FULL, **changes},
                     now=mx(2026, 11, 20, 9, 30))
    return prepare


def _actor(session, usuario):
    return actor_for(session.execute(select(Usuario).where(Usuario.usuario == usuario)).scalar_one())


def _newest_folio(engine) -> str:
    with read_session(engine) as s:
        return s.execute(select(Peticion.folio).order_by(Peticion.creada_en.desc(), Peticion.id.desc())).scalars().first()


def _estado(engine, folio) -> str:
    with read_session(engine) as s:
        return s.execute(select(Peticion.estado).where(Peticion.folio == folio)).scalar_one()


def _events(engine, folio) -> list[str]:
    with read_session(engine) as s:
        peticion_id = s.execute(select(Peticion.id).where(Peticion.folio == folio)).scalar_one()
        return list(s.execute(select(Evento.accion).where(Evento.peticion_id == peticion_id,
                                                          Evento.accion != "expediente_consultado")
                              .order_by(Evento.id)).scalars())


async def _open_queue(pilot, usuario="oficial", *, concluded=True):
    await sign_in(pilot, usuario)
    await pilot.press("f3")
    await settle(pilot)
    if concluded:
        pilot.app.screen.query_one("#queue-abiertas").value = False
        await settle(pilot)


async def _open_expediente(pilot, folio, usuario="oficial"):
    await _open_queue(pilot, usuario)
    await pilot.press("slash")
    await type_text(pilot, folio[-6:])
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert type(pilot.app.screen).__name__ == "ExpedienteScreen"


def _rows(app) -> list[list[str]]:
    table = app.screen.query_one("#queue-table", RowsView)
    return [[cell.plain.strip() for cell in table.get_row_at(index)] for index in range(table.row_count)]


def _day(shown: str) -> date:
    return datetime.strptime(shown, "%d/%m/%Y %H:%M").date()


def _text(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _status(app) -> str:
    return _text(app, "#exp-status")


async def _press(pilot, *keys):
    for key in keys:
        await pilot.press(key)
    await settle(pilot)


async def test_the_queue_opens_on_what_is_still_open(app_factory):
    app = app_factory(_demo())
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_queue(pilot, concluded=False)
        estados = {row[2] for row in _rows(app)}
        assert estados and "Concluida" not in estados
        app.screen.query_one("#queue-abiertas").value = False
        await settle(pilot)
        assert "Concluida" in {row[2] for row in _rows(app)}


async def test_queue_urgent_first_filter_search_and_open(app_factory):
    app = app_factory(_demo())
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_queue(pilot)
        assert type(app.screen).__name__ == "QueueScreen"
        rows = _rows(app)
        assert len(rows) == 200
        assert rows[0][0] == "▲ URGENTE"
        urgent = [row[0] == "▲ URGENTE" for row in rows]
        assert urgent == sorted(urgent, reverse=True), "las urgentes van primero"
        assert "Mostrando 200 (hay más…)" in _text(app, "#queue-count")
        assert not any("@" in cell for row in rows for cell in row), "la bandeja no muestra datos personales"

        await pilot.press("slash", "tab", "tab", "tab", "enter")
        await type_text(pilot, "Canal")
        await _press(pilot, "enter")
        canalizadas = _rows(app)
        assert canalizadas and {row[2] for row in canalizadas} == {"Canalizada"}

        folio = canalizadas[-1][1]
        await pilot.press("slash")
        await type_text(pilot, folio)
        await _press(pilot, "enter")
        assert [row[1] for row in _rows(app)] == [folio]
        assert "1 resultado" in _text(app, "#queue-count")

        await _press(pilot, "enter")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert folio in _text(app, "#exp-head")
        await _press(pilot, "escape")
        assert type(app.screen).__name__ == "QueueScreen"

        await _press(pilot, "slash", "end", "ctrl+u", "enter")
        assert len(_rows(app)) == len(canalizadas)
        await pilot.press("slash", "tab")
        await type_text(pilot, "2026-13-01")
        await _press(pilot, "enter")
        assert "✗ Desde: escriba la fecha como dd/mm/aaaa, por ejemplo 24/11/2026." in _text(app, "#queue-error")
        assert len(_rows(app)) == len(canalizadas)
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "2026-11-01")
        await _press(pilot, "enter")
        assert _text(app, "#queue-error") == ""
        rows = _rows(app)
        assert rows and all(_day(row[5]) >= date(2026, 11, 1) and row[2] == "Canalizada" for row in rows)


async def test_paging_loads_more_only_when_the_cursor_gets_there(app_factory):
    app = app_factory(_demo(1200))
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_queue(pilot)
        table = app.screen.query_one("#queue-table", RowsView)
        assert table.row_count == 200
        await _press(pilot, "pagedown", "pagedown")
        assert table.row_count == 200, "no carga más mientras el cursor está lejos del final"
        await _press(pilot, "ctrl+end")
        assert table.row_count == 400
        await _press(pilot, "ctrl+end")
        assert table.row_count == 600 < 1200
        assert "Mostrando 600 (hay más…)" in _text(app, "#queue-count")
        await _press(pilot, "ctrl+end", "ctrl+end", "ctrl+end", "ctrl+end")
        assert table.row_count == 1200
        assert "hay más" not in _text(app, "#queue-count")
        folios = [table.get_row_at(i)[1].plain.strip() for i in range(table.row_count)]
        assert len(set(folios)) == 1200


async def test_the_whole_lifecycle_from_the_keyboard(app_factory):
    app = app_factory(_with_petition())
    folio = _newest_folio(app.ctx.engine)
    engine = app.ctx.engine
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_expediente(pilot, folio, "director")
        panel = [option.id for option in app.screen.query_one("#exp-actions").options]
        assert panel[:1] == ["canalizar"] and "firmar" not in panel

        await _press(pilot, "a")
        assert type(app.screen).__name__ == "RouteDialog"
        await _press(pilot, "down", "enter")
        assert _estado(engine, folio) == "canalizada"
        assert "Canalizada a Archivo clínico" in _status(app)
        assert "Archivo clínico" in _text(app, "#exp-head")

        panel = [option.id for option in app.screen.query_one("#exp-actions").options]
        assert "recordatorio_1" not in panel and "espera-recordatorio_1" in panel, "no se ofrece lo que se rechazaría"
        await _press(pilot, "s")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert ("«Recordatorio u oficio» no procede todavía: El plazo del área Archivo clínico vence el 25/11/2026; "
                "este paso procede a partir del día hábil siguiente.") in _status(app)
        assert _estado(engine, folio) == "canalizada"

        freeze(datetime(2026, 11, 26, 9, tzinfo=MEXICO_CITY))
        await _press(pilot, "ctrl+r")
        assert "⏰ vencida 1 d.h." in _text(app, "#exp-head")
        await _press(pilot, "s")
        assert type(app.screen).__name__ == "ConfirmDialog"
        await _press(pilot, "enter")
        assert _estado(engine, folio) == "recordatorio_1"
        assert "Primer recordatorio registrado con el oficio" in _status(app)
        assert "Primer recordatorio" in _text(app, "#exp-documents")

        await _press(pilot, "r")
        assert type(app.screen).__name__ == "AnswerDialog"
        await type_text(pilot, "Se surtió el medicamento el 25 de noviembre.")
        await pilot.press("tab")
        await type_text(pilot, "Surtido completo")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "Jefa de Archivo")
        await pilot.press("tab", "tab", "space", "tab", "space", "tab", "space")
        await _press(pilot, "ctrl+s")
        assert _estado(engine, folio) == "respondida"
        assert "firmar" in [option.id for option in app.screen.query_one("#exp-actions").options]

        await _press(pilot, "f")
        assert type(app.screen).__name__ == "SignDialog"
        await _press(pilot, "space", "tab", "space", "tab", "space", "ctrl+s")
        assert type(app.screen).__name__ == "SignDialog", "sin los cuatro puntos no se firma"
        assert "No se puede firmar" in _text(app, "#action-error")
        await _press(pilot, "tab", "space", "ctrl+s")
        assert _estado(engine, folio) == "firmada"
        assert "Firmada por" in _text(app, "#exp-answers")
        assert "Oficio de respuesta" in _text(app, "#exp-documents")

        await _press(pilot, "n")
        assert type(app.screen).__name__ == "NotifyDialog"
        await pilot.press("tab", "tab")
        await type_text(pilot, "Habló con la peticionaria")
        await pilot.press("tab", "tab")
        await type_text(pilot, "5")
        await _press(pilot, "ctrl+s")
        assert _estado(engine, folio) == "notificada"
        await _press(pilot, "k")
        assert "Constancia de notificación en PDF" in _status(app)

        await _press(pilot, "c", "enter")
        assert _estado(engine, folio) == "concluida"
        assert "Petición concluida" in _status(app)
        timeline = _text(app, "#exp-timeline")
        assert "Concluir" in timeline and "satisfacción: 5" in timeline
    # Signing stores the oficio de respuesta for the petitioner before the signature's own event.
    assert _events(engine, folio) == ["registrar", "canalizar", "recordatorio_1", "documento_generado", "respuesta",
                                      "documento_generado", "firmar", "notificar", "documento_generado", "concluir"]
    with read_session(engine) as s:
        peticion = s.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()
        assert peticion.satisfaccion == 5
        documentos = s.execute(select(Documento).where(Documento.peticion_id == peticion.id)
                               .order_by(Documento.id)).scalars().all()
    assert [d.tipo for d in documentos] == ["recordatorio_1", "respuesta", "constancia"]
    letter = " ".join(page.extract_text() for page in PdfReader(documentos[0].ruta).pages)
    assert folio in letter and "Archivo clínico" in letter
    answer = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(documentos[1].ruta).pages)
    assert f"Respuesta a su petición con folio {folio}" in answer and "Recibí original" in answer
    constancia = " ".join(page.extract_text() for page in PdfReader(documentos[2].ruta).pages)
    assert folio in constancia and "Habló con la peticionaria" in constancia


def _sidac_notified_without_receipt(engine):
    _with_petition(canal="presidencia")(engine)
    folio = _newest_folio(engine)
    with write_session(engine) as s:
        oficial, director = _actor(s, "oficial"), _actor(s, "director")
        route(session=s, actor=oficial, folio=folio, area_id=1, now=mx(2026, 11, 20, 9, 40))
        answers.record_answer(session=s, actor=oficial, folio=folio, texto="Respuesta", firmante_nombre="A",
                              firmante_cargo="B", firmante_telefono="5550001111", now=mx(2026, 11, 20, 9, 45))
        all_checked = Checklist(lenguaje_claro=True, fundamentada=True, congruente=True, datos_firmante=True)
        answers.sign(session=s, actor=director, folio=folio, checklist=all_checked, now=mx(2026, 11, 20, 9, 50))
        delivery.notify(session=s, actor=oficial, folio=folio, medio=MedioNotificacion.TELEFONO,
                        resultado=ResultadoNotificacion.NOTIFICADO, now=mx(2026, 11, 20, 9, 55))


async def test_concluding_without_the_receipt_is_refused_with_the_reason(app_factory):
    app = app_factory(_sidac_notified_without_receipt)
    folio = _newest_folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_expediente(pilot, folio)
        await _press(pilot, "c")
        assert type(app.screen).__name__ == "ConfirmDialog"
        await _press(pilot, "enter")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "no puede concluirse sin el acuse de recibo firmado por el peticionario (L15)" in _status(app)
        await _press(pilot, "f")
        assert "Firmar: Esta acción requiere el rol de director" in _status(app)
    assert _estado(app.ctx.engine, folio) == "notificada"


async def test_personal_data_is_shown_only_when_asked_and_text_as_typed(app_factory):
    app = app_factory(_with_petition(descripcion=HOSTILE))
    folio = _newest_folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_expediente(pilot, folio)
        person = _text(app, "#exp-person")
        assert "Ximena" not in person and "X***** P***** G*******" in person and "5512345678" not in person
        await _press(pilot, "m")
        assert type(app.screen).__name__ == "ConfirmDialog"
        assert "quedará registrada con su nombre" in str(app.screen.query_one(Static).render())
        await _press(pilot, "escape")
        assert "Ximena" not in _text(app, "#exp-person")
        assert "datos_revelados" not in _events(app.ctx.engine, folio)
        await _press(pilot, "m", "enter")
        person = _text(app, "#exp-person")
        assert "Ximena Prueba Generada" in person and "5512345678" in person and "Calle Falsa 123" in person
        assert "Datos personales consultados" in _text(app, "#exp-timeline")
        assert HOSTILE in _text(app, "#exp-description")
        await _press(pilot, "escape", "slash", "end", "ctrl+u")
        await type_text(pilot, "[bold red]")
        await _press(pilot, "enter")
        assert [row[1] for row in _rows(app)] == [folio]
    with read_session(app.ctx.engine) as s:
        event = s.execute(select(Evento).where(Evento.accion == "datos_revelados")).scalar_one()
        assert event.actor == "Oficial de Módulo Demo"


async def test_a_refused_dialog_keeps_what_was_typed(app_factory):
    app = app_factory(_with_petition())
    folio = _newest_folio(app.ctx.engine)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_expediente(pilot, folio)
        await _press(pilot, "a", "enter")
        await _press(pilot, "p")
        assert type(app.screen).__name__ == "ProrrogaDialog"
        await type_text(pilot, "Requiere dictamen")
        await pilot.press("tab")
        await type_text(pilot, "2026-11-21")
        await _press(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "ProrrogaDialog"
        assert "La nueva fecha debe ser un día hábil posterior a hoy" in _text(app, "#action-error")
        assert app.screen.query_one("#prorroga-motivo").value == "Requiere dictamen"
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "2026-12-04")
        await _press(pilot, "ctrl+s")
        # L10's limit: 9 business days from Friday 20 November end on Thursday 3 December.
        assert type(app.screen).__name__ == "ProrrogaDialog"
        assert "La prórroga puede llegar a lo más al 03/12/2026" in _text(app, "#action-error")
        assert app.screen.query_one("#prorroga-motivo").value == "Requiere dictamen"
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "2026-12-03")
        await _press(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "Prórroga registrada: la nueva fecha es el 03/12/2026" in _status(app)
    assert _estado(app.ctx.engine, folio) == "prorroga"


def test_snapshot_queue(app_factory, snap_compare):
    app = app_factory(_demo())

    async def run_before(pilot):
        await _open_queue(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=(120, 36))


def test_snapshot_expediente(app_factory, snap_compare):
    def prepare(engine):
        _with_petition()(engine)
        folio = _newest_folio(engine)
        with write_session(engine) as s:
            route(session=s, actor=_actor(s, "oficial"), folio=folio, area_id=3, now=mx(2026, 11, 20, 9, 40))

    app = app_factory(prepare)
    folio = _newest_folio(app.ctx.engine)

    async def run_before(pilot):
        await _open_expediente(pilot, folio)

    assert snap_compare(app, run_before=run_before, terminal_size=(120, 36))
