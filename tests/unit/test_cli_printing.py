"""`moad imprimir` in a child process with a stub `lp`: the exact call, the PDF it gets, one Spanish line when not."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from models import Evento, Unidad
from services import paperwork
from services.actor import SYSTEM
from services.database import open_database, read_session, write_session
from services.intake import register
from tests import printer_stub
from tests.cli_runner import moad
from tests.conftest import DEFAULT_NOW
from tests.factories import FULL, pilot_unit


@pytest.fixture
def stored(tmp_path):
    """A unit with an officer (PIN 246810), one petition and its acuse in the data folder."""
    url = f"sqlite:///{tmp_path / 'moad.sqlite3'}"
    engine = open_database(url)
    pilot_unit(engine)
    with write_session(engine) as s:
        peticion = register(session=s, actor=SYSTEM, unidad=s.execute(select(Unidad)).scalar_one(), data=dict(FULL),
                            now=DEFAULT_NOW)
    with write_session(engine) as s:
        acuse = paperwork.acuse(session=s, actor=SYSTEM, folio=peticion.folio, data_dir=tmp_path / "data")
    engine.dispose()
    return url, peticion.folio, acuse


def _printed(url) -> list[dict]:
    engine = open_database(url)
    try:
        with read_session(engine) as s:
            return [{"actor": e.actor, **json.loads(e.detalle)}
                    for e in s.execute(select(Evento).where(Evento.accion == "documento_impreso")).scalars()]
    finally:
        engine.dispose()


def _one_spanish_line(result, message: str) -> None:
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"moad: {message}\n"


def test_imprimir_folio_sends_its_acuse_and_records_who(stored, tmp_path, monkeypatch):
    url, folio, acuse = stored
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    monkeypatch.setenv("MOAD_IMPRESORA", "Escritorio")
    result = moad("imprimir", folio, "--documento", "acuse", db=url, data_dir=tmp_path / "data", user="oficial",
                  pin="246810")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Escritorio-7\n"
    assert f"Acuse de recibo (acuse-{folio}.pdf) enviado a la impresora «Escritorio»." in result.stderr
    assert stub.argv == ["-d", "Escritorio", "-t", f"acuse-{folio}", acuse.ruta]
    assert folio in stub.text() and stub.received.read_bytes() == Path(acuse.ruta).read_bytes()
    [event] = _printed(url)
    assert event == {"actor": "Oficial Pilot", "tipo": "acuse", "archivo": f"acuse-{folio}.pdf", "impresora": "Escritorio"}


def test_imprimir_a_path_on_a_named_printer(stored, tmp_path, monkeypatch):
    url, _, acuse = stored
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    result = moad("imprimir", acuse.ruta, "--impresora", "PDF", db=url, data_dir=tmp_path / "data", user="oficial",
                  pin="246810")
    assert result.returncode == 0, result.stderr
    assert stub.argv == ["-d", "PDF", "-t", Path(acuse.nombre).stem, acuse.ruta]


def test_without_lp_or_when_lp_refuses_one_spanish_line_and_nothing_recorded(stored, tmp_path, monkeypatch):
    url, folio, _ = stored
    monkeypatch.setenv("MOAD_IMPRESORA", "Escritorio")
    printer_stub.install(tmp_path / "bare", monkeypatch, with_lp=False)
    _one_spanish_line(moad("imprimir", folio, db=url, data_dir=tmp_path / "data", user="oficial", pin="246810"),
                      "No está instalado CUPS en este equipo (falta el programa «lp»): no se imprimió.")
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    stub.failing()
    _one_spanish_line(moad("imprimir", folio, db=url, data_dir=tmp_path / "data", user="oficial", pin="246810"),
                      "La impresora «Escritorio» no recibió el documento; CUPS respondió: lp: The printer or class "
                      "does not exist.")
    assert _printed(url) == []


def test_imprimir_impresoras_lists_the_cups_queues(tmp_path, monkeypatch):
    printer_stub.install(tmp_path / "cups", monkeypatch, printers=("Recepcion", "PDF"), default="PDF")
    monkeypatch.delenv("MOAD_IMPRESORA", raising=False)
    result = moad("imprimir", "--impresoras", data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "PDF\nRecepcion\n"
    assert "Este equipo no tiene impresora elegida" in result.stderr and "Predeterminada de CUPS: «PDF»." in result.stderr
