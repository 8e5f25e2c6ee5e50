"""Printing at the desk with Pilot and a stub `lp`: the acuse right after registering, a document of the expediente,
the printer chosen in Administración, and where the PDF is when nothing could be printed."""

from pathlib import Path

from sqlalchemy import select

from models import Documento, Evento, Peticion, Unidad
from services import paperwork
from services.actor import SYSTEM
from services.database import read_session, write_session
from services.demo import populate
from services.intake import register
from services.printing import choose_printer, chosen_printer
from tests import printer_stub
from tests.conftest import DEFAULT_NOW
from tests.factories import FULL, pilot_unit
from tests.tui.conftest import admin_tab, screen_text, settle, sign_in, type_text
from tui.printing import RACK_MARGIN, TOAST_FRAME, home_short, where_text
from tui.screens.expediente import ExpedienteScreen


async def _register_at_the_desk(pilot) -> str:
    """F2, a description, Ctrl+S: the saved dialog shows the new folio."""
    await sign_in(pilot)
    await pilot.press("f2")
    await settle(pilot)
    app = pilot.app
    app.screen.query_one("#descripcion").focus()
    await type_text(pilot, "No hay medicamento.")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert type(app.screen).__name__ == "SavedDialog"
    with read_session(app.ctx.engine) as s:
        return s.execute(select(Peticion.folio)).scalar_one()


def _documents(app) -> list[Documento]:
    with read_session(app.ctx.engine) as s:
        return list(s.execute(select(Documento).order_by(Documento.id)).scalars())


def _printed_events(app) -> list[tuple]:
    with read_session(app.ctx.engine) as s:
        return [tuple(row) for row in s.execute(select(Evento.usuario_id, Evento.peticion_id, Evento.detalle)
                                                .where(Evento.accion == "documento_impreso"))]


async def test_register_then_imprimir_sends_the_acuse_to_the_printer(app_factory, tmp_path, monkeypatch):
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    app = app_factory(pilot_unit)
    choose_printer(app.ctx.data_dir, "Escritorio")
    async with app.run_test(size=(120, 36)) as pilot:
        folio = await _register_at_the_desk(pilot)
        assert "Imprimir acuse (A)" in screen_text(app)
        await pilot.click("#saved-print")
        await settle(pilot)
        [acuse] = _documents(app)
        assert acuse.tipo == "acuse"
        assert stub.argv == ["-d", "Escritorio", "-t", f"acuse-{folio}", acuse.ruta]
        assert folio in stub.text() and "Acuse de recibo" in stub.text()
        assert any(f"Acuse del folio {folio} enviado a la impresora «Escritorio» (solicitud Escritorio-7)." == n.message
                   for n in app._notifications)
        # A second copy prints the same acuse: no new document in the expediente.
        stub.received.unlink()
        await pilot.press("a")
        await settle(pilot)
        assert stub.received.read_bytes() == Path(acuse.ruta).read_bytes() and len(_documents(app)) == 1
        assert type(app.screen).__name__ == "SavedDialog"
    assert [(peticion, '"archivo": "acuse-' in detalle) for _, peticion, detalle in _printed_events(app)] == \
        [(acuse.peticion_id, True)] * 2


async def test_without_a_printer_the_toast_says_where_the_pdf_is_without_cutting_names(app_factory, tmp_path,
                                                                                        monkeypatch):
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    monkeypatch.delenv("MOAD_IMPRESORA", raising=False)
    app = app_factory(pilot_unit)
    async with app.run_test(size=(80, 30)) as pilot:
        folio = await _register_at_the_desk(pilot)
        await pilot.press("a")
        await settle(pilot)
        [acuse] = _documents(app)
        [toast] = [n for n in app._notifications if n.title == "No se imprimió"]
        width = (80 - RACK_MARGIN) // 2 - TOAST_FRAME
        assert width == 36
        assert " ".join(toast.message.split()).startswith("No hay impresora elegida para este equipo: elíjala en "
                                                          f"Administración (F7), pestaña Impresora. Acuse del folio "
                                                          f"{folio} en PDF:")
        assert f"\n{where_text(acuse.ruta, width)}\n(ruta copiada al portapapeles)" in toast.message
        assert all(len(line) <= width for line in toast.message.splitlines())
        lines = where_text(acuse.ruta, width).splitlines()
        assert lines[-1] == f"acuse-{folio}.pdf" and "".join(lines[:-1]) == home_short(Path(acuse.ruta).parent)
        assert all(len(line) <= width for line in lines[:-1]) and all(line.endswith("/") for line in lines[:-1])
        assert app.clipboard == acuse.ruta
        assert stub.argv == [] and _printed_events(app) == []


async def test_ctrl_o_prints_a_document_chosen_from_the_expediente(app_factory, tmp_path, monkeypatch):
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)

    def prepare(engine):
        pilot_unit(engine)
        with write_session(engine) as s:
            unit = s.execute(select(Unidad)).scalar_one()
            peticion = register(session=s, actor=SYSTEM, unidad=unit, data=dict(FULL), now=DEFAULT_NOW)
        with write_session(engine) as s:
            paperwork.acuse(session=s, actor=SYSTEM, folio=peticion.folio, data_dir=tmp_path / "data")

    app = app_factory(prepare)
    choose_printer(app.ctx.data_dir, "PDF")
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        [acuse] = _documents(app)
        await app.push_screen(ExpedienteScreen(acuse.nombre.removeprefix("acuse-").removesuffix(".pdf")))
        await settle(pilot)
        # The list of actions is longer than the panel: what counts is that it is offered, under Ctrl+O.
        assert "imprimir_documento" in [option.id for option in app.screen.query_one("#exp-actions").options]
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert type(app.screen).__name__ == "DocumentChoiceDialog"
        assert "Impresora de este equipo: «PDF» (por administración)." in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ExpedienteScreen"
    assert stub.argv == ["-d", "PDF", "-t", Path(acuse.nombre).stem, acuse.ruta]
    assert stub.received.read_bytes() == Path(acuse.ruta).read_bytes()
    assert [event[1] for event in _printed_events(app)] == [acuse.peticion_id]


async def test_the_administrator_chooses_this_machines_printer(app_factory, tmp_path, monkeypatch):
    printer_stub.install(tmp_path / "cups", monkeypatch, printers=("Escritorio", "PDF"), default="PDF")
    monkeypatch.delenv("MOAD_IMPRESORA", raising=False)
    app = app_factory(lambda engine: populate(engine, n=5, today=DEFAULT_NOW.date()))
    async with app.run_test(size=(100, 36)) as pilot:
        await admin_tab(pilot, "tab-impresora")
        assert "Sin impresora elegida para este equipo" in str(app.screen.query_one("#admin-printer").render())
        await pilot.press("i")
        await settle(pilot)
        assert type(app.screen).__name__ == "PrinterDialog"
        shown = screen_text(app)
        assert "Sin impresora elegida para este equipo" in shown and "PDF  (predeterminada de CUPS)" in shown
        assert "Ninguna: solo guardar el PDF" in shown
        app.screen.query_one("#printer-name").focus()
        await type_text(pilot, "con espacio")
        await pilot.press("enter")
        await settle(pilot)
        assert "no es un nombre de impresora de CUPS" in screen_text(app)
        app.screen.query_one("#printer-list").focus()
        await pilot.press("home", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "AdminScreen"
        assert "Impresora de este equipo: «Escritorio»." in str(app.screen.query_one("#admin-status").render())
        assert "«Escritorio» (por administración)" in str(app.screen.query_one("#admin-printer").render())
        assert chosen_printer(app.ctx.data_dir).nombre == "Escritorio"
        app.screen.query_one("#admin-printer-choose").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Impresora de este equipo: «Escritorio» (por administración)." in screen_text(app)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert chosen_printer(app.ctx.data_dir).nombre is None


async def test_an_officer_has_no_printer_key_in_administracion(app_factory):
    app = app_factory(pilot_unit)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert type(app.screen).__name__ == "AdminScreen" and "Impresora" not in screen_text(app)


async def test_the_printer_list_arriving_after_the_dialog_closed_goes_nowhere(app_factory, tmp_path, monkeypatch):
    # CUPS may answer after the administrator pressed Esc; the dialog's children are gone by then.
    printer_stub.install(tmp_path / "cups", monkeypatch, printers=("Escritorio",), default="Escritorio")
    app = app_factory(lambda engine: populate(engine, n=5, today=DEFAULT_NOW.date()))
    async with app.run_test(size=(100, 36)) as pilot:
        await admin_tab(pilot, "tab-impresora")
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "PrinterDialog"
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "AdminScreen"
        dialog._show(["Escritorio"], "Escritorio", "")
        await settle(pilot)
        assert not any("error inesperado" in n.message for n in app._notifications)
