"""Printing a stored document with CUPS `lp`: the exact call, the PDF it receives, Spanish refusals, and the event."""

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from models import Evento
from services import paperwork, printing
from services.calendar import MEXICO_CITY, freeze
from services.database import read_session, write_session
from services.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from services.reports import generate
from services.settings import get_settings
from tests import printer_stub
from tests.conftest import mx
from tests.factories import register_full


@pytest.fixture(autouse=True)
def frozen_clock(clock):
    freeze(datetime(2026, 12, 2, 12, tzinfo=MEXICO_CITY))


@pytest.fixture
def acuse(desk, tmp_path):
    p = register_full(desk, mx(2026, 11, 13, 10, 5))
    with write_session(desk.engine) as s:
        return paperwork.acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path / "data")


def _print(desk, tmp_path, actor=None, **kwargs) -> printing.Printed:
    with read_session(desk.engine) as s:
        printed = printing.print_stored(session=s, actor=actor or desk.oficial, data_dir=tmp_path / "data", **kwargs)
    with write_session(desk.engine) as s:
        return printing.record_printed(session=s, actor=actor or desk.oficial, printed=printed)


def test_the_acuse_goes_to_the_chosen_printer_exactly_and_is_recorded(desk, acuse, tmp_path, monkeypatch):
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    printing.choose_printer(tmp_path / "data", "Escritorio")
    printed = _print(desk, tmp_path, documento_id=acuse.id)
    assert stub.argv == ["-d", "Escritorio", "-t", Path(acuse.nombre).stem, acuse.ruta]
    assert stub.received.read_bytes() == Path(acuse.ruta).read_bytes()
    text = stub.text()
    assert "Acuse de recibo" in text and acuse.nombre.removeprefix("acuse-").removesuffix(".pdf") in text
    assert (printed.impresora, printed.solicitud) == ("Escritorio", "Escritorio-7")
    with read_session(desk.engine) as s:
        event = s.execute(select(Evento).where(Evento.accion == "documento_impreso")).scalar_one()
    assert (event.usuario_id, event.peticion_id) == (desk.oficial.id, acuse.peticion_id)
    assert json.loads(event.detalle) == {"tipo": "acuse", "archivo": acuse.nombre, "impresora": "Escritorio"}


def test_the_call_is_lp_d_printer_t_title_file_without_a_shell(desk, acuse, tmp_path, monkeypatch):
    calls = []

    def fake_run(command, **options):
        calls.append((command, options))
        return subprocess.CompletedProcess(command, 0, "request id is Escritorio-3 (1 file(s))\n", "")

    printer_stub.install(tmp_path / "cups", monkeypatch)
    monkeypatch.setattr(printing.subprocess, "run", fake_run)
    printing.choose_printer(tmp_path / "data", "Escritorio")
    _print(desk, tmp_path, documento_id=acuse.id)
    (command, options), = calls
    assert command == [shutil.which("lp"), "-d", "Escritorio", "-t", Path(acuse.nombre).stem, acuse.ruta]
    assert options["timeout"] == printing.LP_TIMEOUT_SECONDS and not options.get("shell")


def test_without_lp_the_message_is_spanish_and_nothing_is_recorded(desk, acuse, tmp_path, monkeypatch):
    printer_stub.install(tmp_path / "cups", monkeypatch, with_lp=False)
    printing.choose_printer(tmp_path / "data", "Escritorio")
    with pytest.raises(printing.PrintingError, match=r"No está instalado CUPS en este equipo \(falta el programa «lp»\)"):
        _print(desk, tmp_path, documento_id=acuse.id)
    with read_session(desk.engine) as s:
        assert s.execute(select(Evento).where(Evento.accion == "documento_impreso")).first() is None


def test_lp_refusing_gives_its_reason_in_a_spanish_message(desk, acuse, tmp_path, monkeypatch):
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    stub.failing()
    printing.choose_printer(tmp_path / "data", "Escritorio")
    with pytest.raises(printing.PrintingError) as refused:
        _print(desk, tmp_path, documento_id=acuse.id)
    assert str(refused.value) == ("La impresora «Escritorio» no recibió el documento; CUPS respondió: lp: The printer "
                                  "or class does not exist.")


def test_no_printer_chosen_says_where_to_choose_it(desk, acuse, tmp_path, monkeypatch):
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    monkeypatch.delenv("MOAD_IMPRESORA", raising=False)
    get_settings.cache_clear()
    with pytest.raises(printing.PrintingError, match="No hay impresora elegida para este equipo: elíjala en "
                                                     "Administración"):
        _print(desk, tmp_path, documento_id=acuse.id)
    assert stub.argv == []


def test_the_machine_setting_is_the_default_and_the_administrations_choice_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("MOAD_IMPRESORA", "Mostrador")
    get_settings.cache_clear()
    try:
        assert printing.chosen_printer(tmp_path) == printing.PrinterChoice("Mostrador", "MOAD_IMPRESORA")
        printing.choose_printer(tmp_path, "Escritorio")
        assert printing.chosen_printer(tmp_path) == printing.PrinterChoice("Escritorio", "administración")
        assert (tmp_path / printing.PRINTER_FILE).stat().st_mode & 0o777 == 0o600
        printing.choose_printer(tmp_path, "")
        assert printing.chosen_printer(tmp_path).nombre == "Mostrador"
    finally:
        monkeypatch.delenv("MOAD_IMPRESORA")
        get_settings.cache_clear()


@pytest.mark.parametrize("name", ["con espacio", "-d", "a/b", "x#1", ""])
def test_a_printer_name_cups_would_not_take_is_refused(tmp_path, name):
    if not name:
        assert printing.choose_printer(tmp_path, name).origen != "administración"
        return
    with pytest.raises(InvalidInput, match="no es un nombre de impresora de CUPS"):
        printing.choose_printer(tmp_path, name)


def test_printers_are_listed_with_the_default(tmp_path, monkeypatch):
    printer_stub.install(tmp_path / "cups", monkeypatch, printers=("Recepcion", "PDF"), default="Recepcion")
    assert printing.list_printers() == (["PDF", "Recepcion"], "Recepcion")


def test_without_lpstat_listing_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(printing.PrintingError, match="falta «lpstat»"):
        printing.list_printers()


def test_a_changed_or_missing_file_is_not_printed(desk, acuse, tmp_path, monkeypatch):
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    printing.choose_printer(tmp_path / "data", "Escritorio")
    Path(acuse.ruta).write_bytes(b"%PDF-1.4 otro contenido")
    with pytest.raises(printing.PrintingError, match="cambió desde que se generó"):
        _print(desk, tmp_path, documento_id=acuse.id)
    Path(acuse.ruta).unlink()
    with pytest.raises(printing.PrintingError, match="ya no está en la carpeta de datos"):
        _print(desk, tmp_path, documento_id=acuse.id)
    assert stub.argv == []


def test_documents_are_found_by_folio_and_tipo_or_by_path(desk, acuse, tmp_path):
    with read_session(desk.engine) as s:
        peticion_folio = acuse.nombre.removeprefix("acuse-").removesuffix(".pdf")
        by_folio = printing.document_to_print(session=s, actor=desk.oficial, folio=peticion_folio, tipo="acuse")
        by_path = printing.document_to_print(session=s, actor=desk.oficial, ruta=acuse.ruta)
        assert by_folio == by_path and by_folio.documento_id == acuse.id and by_folio.label == "Acuse de recibo"
        with pytest.raises(NotFound, match="No hay documento «Constancia de notificación» en el expediente"):
            printing.document_to_print(session=s, actor=desk.oficial, folio=peticion_folio, tipo="constancia")
        with pytest.raises(NotFound):
            printing.document_to_print(session=s, actor=desk.oficial, ruta=str(tmp_path / "otro.pdf"))


def test_the_anexo_1_is_printed_by_who_may_see_reports(desk, tmp_path, monkeypatch):
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    printing.choose_printer(tmp_path / "data", "PDF")
    register_full(desk, mx(2026, 11, 13, 10, 5))
    with write_session(desk.engine) as s:
        generate(session=s, actor=desk.director, unidad=desk.unidad, year=2026, month=11,
                 pdf=tmp_path / "anexo1.pdf")
    with pytest.raises(PermissionDenied):
        _print(desk, tmp_path, report=(desk.unidad.id, 2026, 11))
    printed = _print(desk, tmp_path, actor=desk.director, report=(desk.unidad.id, 2026, 11))
    assert stub.argv == ["-d", "PDF", "-t", "anexo1", str((tmp_path / "anexo1.pdf").resolve())]
    assert "noviembre" in stub.text().lower() and printed.document.label == "Informe mensual (Anexo 1)"
    with read_session(desk.engine) as s:
        event = s.execute(select(Evento).where(Evento.accion == "documento_impreso")).scalar_one()
    assert (event.peticion_id, json.loads(event.detalle)["tipo"]) == (None, "anexo1")
    with pytest.raises(DomainError, match="aún no se ha generado"):
        _print(desk, tmp_path, actor=desk.director, report=(desk.unidad.id, 2026, 10))
