"""Sending a stored document's PDF to this desk's printer with CUPS `lp`, and recording who printed which document.

The printer is a setting of the machine, not of the unit: CUPS queues are named on each computer, so with a shared
PostgreSQL database every desk keeps its own choice (made in Administración, else MOAD_IMPRESORA)."""

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Documento, Peticion, ReporteMensual
from services import audit
from services.actor import Actor, require
from services.dates import month_year
from services.errors import DomainError, InvalidInput, NotFound, os_reason
from services.labels import DOCUMENT_NAMES
from services.lifecycle import get_petition
from services.private_files import write_private

log = logging.getLogger("moad.printing")
LP_TIMEOUT_SECONDS = 20
LPSTAT_TIMEOUT_SECONDS = 10
PRINTER_FILE = "impresora.json"
ANEXO1 = "anexo1"
# CUPS allows any printable character in a queue name except space, tab, «/», «\», «'», «"», «#» and «@».
PRINTER_NAME = re.compile(r"[^\s/\\'\"#@-][^\s/\\'\"#@]{0,126}")


class PrintingError(DomainError):
    """The document could not be sent to the printer; the message says why and what to do."""


@dataclass(frozen=True)
class Printable:
    """A stored PDF ready for `lp`: its file, what it is, and the expediente or unit it belongs to."""

    ruta: str
    tipo: str
    nombre: str
    unidad_id: int | None
    peticion_id: int | None = None
    documento_id: int | None = None

    @property
    def label(self) -> str:
        """The document's name in Spanish («Acuse de recibo», «Anexo 1»)."""
        return "Informe mensual (Anexo 1)" if self.tipo == ANEXO1 else DOCUMENT_NAMES.get(self.tipo, self.tipo)


@dataclass(frozen=True)
class Printed:
    """What went to which printer, and the request id CUPS gave it."""

    document: Printable
    impresora: str
    solicitud: str


@dataclass(frozen=True)
class PrinterChoice:
    """The printer this machine prints on and where that choice comes from («administración», «MOAD_IMPRESORA»)."""

    nombre: str | None
    origen: str


# The printer chosen for this machine.

def printer_file(data_dir: Path) -> Path:
    """The file that keeps this machine's printer, beside its other local data."""
    return Path(data_dir) / PRINTER_FILE


def chosen_printer(data_dir: Path) -> PrinterChoice:
    """The printer chosen in Administración on this machine, else MOAD_IMPRESORA, else none."""
    from services.settings import get_settings

    try:
        stored = json.loads(printer_file(data_dir).read_text(encoding="utf-8")).get("impresora")
    except (OSError, ValueError, AttributeError):
        stored = None
    if isinstance(stored, str) and PRINTER_NAME.fullmatch(stored):
        return PrinterChoice(stored, "administración")
    configured = get_settings().impresora
    if configured:
        return PrinterChoice(configured, "MOAD_IMPRESORA")
    return PrinterChoice(None, "")


def choose_printer(data_dir: Path, nombre: str | None) -> PrinterChoice:
    """Keep the printer for this machine (None or blank forgets it); the name must be a CUPS queue name."""
    nombre = (nombre or "").strip()
    if not nombre:
        printer_file(data_dir).unlink(missing_ok=True)
        return chosen_printer(data_dir)
    if not PRINTER_NAME.fullmatch(nombre):
        raise InvalidInput(f"«{nombre}» no es un nombre de impresora de CUPS (sin espacios, «/», «#» ni «@»; "
                           "como lo muestra «lpstat -e»).")
    from services.private_files import private_dir

    private_dir(data_dir)
    write_private(printer_file(data_dir), json.dumps({"impresora": nombre}).encode())
    return PrinterChoice(nombre, "administración")


def list_printers() -> tuple[list[str], str | None]:
    """The CUPS queues of this machine (`lpstat -e`, else `lpstat -p`) and its default one (`lpstat -d`)."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        raise PrintingError("No está instalado CUPS en este equipo (falta «lpstat»): no se pueden listar las "
                            "impresoras. Escriba el nombre de la impresora o instale CUPS.")
    names = _lines(_run_lpstat(lpstat, "-e"))
    if not names:
        names = [line.split()[1] for line in _lines(_run_lpstat(lpstat, "-p"))
                 if line.startswith("printer ") and len(line.split()) > 1]
    default = _run_lpstat(lpstat, "-d").strip()
    chosen = default.rpartition(":")[2].strip() if default.startswith("system default destination:") else None
    return sorted({n for n in names if PRINTER_NAME.fullmatch(n)}), chosen or None


def _run_lpstat(lpstat: str, option: str) -> str:
    # The C locale keeps lpstat's «printer NAME is idle» and «system default destination:» parseable.
    try:
        done = subprocess.run([lpstat, option], capture_output=True, text=True, timeout=LPSTAT_TIMEOUT_SECONDS,
                              stdin=subprocess.DEVNULL, env={**os.environ, "LC_ALL": "C", "LANG": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout if done.returncode == 0 else ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# Finding the stored PDF.

def document_to_print(*, session: Session, actor: Actor, documento_id: int | None = None, folio: str | None = None,
                      tipo: str | None = None, ruta: str | None = None) -> Printable:
    """A document of an expediente: by id, by path, or the newest of a folio (of one tipo when given)."""
    require(actor, "leer")
    query = select(Documento)
    if documento_id is not None:
        query = query.where(col(Documento.id) == documento_id)
    elif ruta is not None:
        query = query.where(col(Documento.ruta) == str(Path(ruta).expanduser().resolve()))
    elif folio is not None:
        peticion = get_petition(session, folio)
        query = query.where(col(Documento.peticion_id) == peticion.id)
        if tipo:
            query = query.where(col(Documento.tipo) == tipo)
    else:
        raise InvalidInput("Indique el documento que se imprimirá.")
    document = session.execute(query.order_by(col(Documento.id).desc())).scalars().first()
    if document is None:
        what = f"«{DOCUMENT_NAMES.get(tipo, tipo)}» " if tipo else ""
        where = f"en el expediente {folio.strip().upper()}" if folio and documento_id is None and ruta is None else \
            "guardado con esa ruta"
        raise NotFound(f"No hay documento {what}{where}; genérelo primero desde el expediente.")
    unidad_id = session.get_one(Peticion, document.peticion_id).unidad_id if document.peticion_id else None
    _check_file(Path(document.ruta), document.sha256)
    return Printable(ruta=document.ruta, tipo=document.tipo, nombre=document.nombre, unidad_id=unidad_id,
                     peticion_id=document.peticion_id, documento_id=document.id)


def report_to_print(*, session: Session, actor: Actor, unidad_id: int, year: int, month: int) -> Printable:
    """The Anexo 1 of a month as it was last generated (L17)."""
    require(actor, "reportes")
    record = session.execute(select(ReporteMensual).where(col(ReporteMensual.unidad_id) == unidad_id,
                                                          col(ReporteMensual.anio) == year,
                                                          col(ReporteMensual.mes) == month)).scalar_one_or_none()
    if record is None or not record.archivo:
        raise NotFound(f"El informe de {month_year(year, month)} aún no se ha generado; genérelo antes de imprimirlo.")
    path = Path(record.archivo)
    _check_file(path, None)
    return Printable(ruta=str(path), tipo=ANEXO1, nombre=path.name, unidad_id=unidad_id)


def _check_file(path: Path, sha256: str | None) -> None:
    """Refuse a file that is gone, is not a PDF, or no longer matches the SHA-256 kept when it was made."""
    try:
        content = path.read_bytes()
    except OSError:
        raise PrintingError(f"El archivo ya no está en la carpeta de datos ({path.name}); genere el documento de "
                            "nuevo.") from None
    if not content.startswith(b"%PDF"):
        raise PrintingError(f"«{path.name}» no es un PDF; no se imprimió.")
    if sha256 and hashlib.sha256(content).hexdigest() != sha256:
        raise PrintingError(f"«{path.name}» cambió desde que se generó (su SHA-256 no coincide); no se imprimió. "
                            "Genere el documento de nuevo.")


# Printing and recording it.

def send(document: Printable, *, data_dir: Path, printer: str | None = None) -> Printed:
    """Run `lp -d PRINTER -t TITLE FILE` (no shell, with a timeout); a refusal comes back in Spanish."""
    impresora = printer or chosen_printer(data_dir).nombre
    if not impresora:
        raise PrintingError("No hay impresora elegida para este equipo: elíjala en Administración (F7), pestaña Impresora.")
    if not PRINTER_NAME.fullmatch(impresora):
        raise InvalidInput(f"«{impresora}» no es un nombre de impresora de CUPS.")
    lp = shutil.which("lp")
    if lp is None:
        raise PrintingError("No está instalado CUPS en este equipo (falta el programa «lp»): no se imprimió.")
    command = [lp, "-d", impresora, "-t", Path(document.nombre).stem, document.ruta]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=LP_TIMEOUT_SECONDS,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise PrintingError(f"La impresora «{impresora}» no respondió en {LP_TIMEOUT_SECONDS} segundos; revise que "
                            "CUPS esté en marcha. No se imprimió.") from None
    except OSError as error:
        raise PrintingError(f"No se pudo ejecutar «lp» ({os_reason(error)}); no se "
                            "imprimió.") from None
    if done.returncode != 0:
        # Only the exit status is logged: lp's own words may name the file.
        log.info("lp terminó con estado %d", done.returncode)
        reason = next(iter(_lines(done.stderr)), f"estado {done.returncode}")[:160]
        raise PrintingError(f"La impresora «{impresora}» no recibió el documento; CUPS respondió: {reason}")
    request = next((word for word in done.stdout.split() if word.startswith(f"{impresora}-")), "")
    return Printed(document, impresora, request)


def print_stored(*, session: Session, actor: Actor, data_dir: Path, documento_id: int | None = None,
                 report: tuple[int, int, int] | None = None, printer: str | None = None) -> Printed:
    """Find a stored document (or the unit's Anexo 1 as (unidad_id, year, month)) and send it to the printer.

    It only reads, so `lp` never runs while the database is locked; record_printed writes the event after."""
    if report is not None:
        document = report_to_print(session=session, actor=actor, unidad_id=report[0], year=report[1], month=report[2])
    else:
        document = document_to_print(session=session, actor=actor, documento_id=documento_id)
    return send(document, data_dir=data_dir, printer=printer)


def record_printed(*, session: Session, actor: Actor, printed: Printed) -> Printed:
    """Append an event: who printed which document, on which printer (no personal data: the file's name only)."""
    document = printed.document
    audit.record(session, actor=actor, accion="documento_impreso", unidad_id=document.unidad_id,
                 peticion_id=document.peticion_id,
                 detalle={"tipo": document.tipo, "archivo": document.nombre, "impresora": printed.impresora})
    return printed
