"""Attaching a file the desk received (an área's answer, a scanned acuse) to a petition's expediente (L15)."""

import hashlib
import os
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from models import Documento
from services import audit
from services.actor import Actor, require
from services.calendar import now_utc
from services.db_errors import classify
from services.errors import InvalidInput
from services.lifecycle import get_petition
from services.private_files import FILE_MODE, data_folder, inside

MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 1024 * 1024


def _source(path: Path | str) -> Path:
    text = str(path).strip()
    if not text:
        raise InvalidInput("Escriba la ruta del archivo que quiere adjuntar.")
    source = Path(text).expanduser()
    if not source.exists():
        raise InvalidInput(f"No existe el archivo «{source}».")
    if source.is_dir():
        raise InvalidInput(f"«{source}» es una carpeta; elija un archivo.")
    if not source.is_file():
        raise InvalidInput(f"«{source}» no es un archivo común.")
    size = source.stat().st_size
    if size > MAX_BYTES:
        raise InvalidInput(f"El archivo pesa {size / (1024 * 1024):.1f} MB; el límite es de 20 MB por archivo.")
    if not os.access(source, os.R_OK):
        raise InvalidInput(f"No se puede leer «{source}»: no tiene permiso de lectura.")
    return source


def _free_name(folder: Path, name: str) -> Path:
    target = inside(folder, name)
    counter = 1
    while target.exists():
        counter += 1
        target = inside(folder, f"{Path(name).stem}-{counter}{Path(name).suffix}")
    return target


def _copy(source: Path, folder: Path) -> tuple[Path, str, int]:
    """Copy through a temporary file in the same folder, hashing on the way, so a half copy never has the real name."""
    digest, size = hashlib.sha256(), 0
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".adjunto-")
    try:
        os.fchmod(handle, FILE_MODE)
        with source.open("rb") as reader, os.fdopen(handle, "wb") as writer:
            while chunk := reader.read(_CHUNK):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise InvalidInput("El archivo creció mientras se copiaba y pasa de 20 MB; no se adjuntó.")
                digest.update(chunk)
                writer.write(chunk)
            writer.flush()
            os.fsync(writer.fileno())
        target = _free_name(folder, source.name)
        os.replace(temporary, target)
    except PermissionError:
        Path(temporary).unlink(missing_ok=True)
        raise InvalidInput(f"No se puede leer «{source}»: no tiene permiso de lectura.") from None
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and (found := classify(error)) is not None:
            raise found from error
        raise
    return target, digest.hexdigest(), size


def attach(*, session: Session, actor: Actor, folio: str, path: Path | str, data_dir: Path) -> Documento:
    """Copy a file into the expediente's folder, record it with its SHA-256 and append an «adjuntar» event."""
    require(actor, "registrar")
    peticion = get_petition(session, folio)
    source = _source(path)
    folder = data_folder(data_dir, "expedientes", peticion.folio)
    target, digest, size = _copy(source, folder)
    try:
        document = Documento(peticion_id=peticion.id, tipo="adjunto", nombre=target.name, ruta=str(target),
                             sha256=digest, creado_en=now_utc(), usuario_id=actor.id)
        session.add(document)
        session.flush()
        audit.record(session, actor=actor, accion="adjuntar", unidad_id=peticion.unidad_id, peticion_id=peticion.id,
                     detalle={"archivo": target.name, "sha256": digest, "bytes": size})
    except BaseException:
        # Without its row the copy would be an orphan nobody can find from the expediente.
        target.unlink(missing_ok=True)
        raise
    return document
