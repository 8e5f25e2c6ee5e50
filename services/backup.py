"""Backups and restores of the database with its documents: one private tar archive, checked whole before a restore
replaces anything, and a safety copy of what it replaces."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from sqlalchemy.engine import URL, Engine, make_url

from services.actor import Actor
from services.calendar import MEXICO_CITY, now_utc
from services.database import check_known, database_files
from services.errors import InvalidInput
from services.private_files import FILE_MODE, check_output, create_private, data_folder, make_parents, private_dir, private_writer

FORMAT = 1
MANIFEST = "respaldo.json"
DATABASE_MEMBERS = {"sqlite": "base/moad.sqlite3", "postgresql": "base/moad.pgdump"}
DOCUMENTS = "documentos"
# The folders of the data directory that hold the expedientes' files and the generated reports.
DOCUMENT_FOLDERS = ("expedientes", "informes")
SAFETY_FOLDER = "respaldos"
_CHUNK = 1024 * 1024
_SQLITE_HEADER = b"SQLite format 3\x00"
_PG_HEADER = b"PGDMP"


@dataclass(frozen=True)
class BackupSummary:
    """What a checked backup holds: its database engine, schema revision, date and documents."""

    archivo: Path
    motor: str
    revision: str
    creado_en: str | None
    documentos: int
    con_documentos: bool


@dataclass(frozen=True)
class Restored:
    """A finished restore: what was restored and where the copy of the replaced data was kept."""

    respaldo: BackupSummary
    copia_de_seguridad: Path


def backup(url: str, destination: Path, *, data_dir: Path | None = None, overwrite: bool = False) -> Path:
    """Write a consistent copy of the database and the data directory's documents to one 0600 tar archive."""
    destination = check_output(destination, overwrite=overwrite, protected=database_files(url))
    motor = _motor(url)
    make_parents(destination)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".respaldo-") as staging:
        copy = Path(staging) / "copia"
        if motor == "sqlite":
            _sqlite_copy(_sqlite_path(url), create_private(copy))
        else:
            argv, env = pg_command("pg_dump", url, "--format=custom", "--no-owner", f"--file={copy}")
            _run(argv, env)
            os.chmod(copy, FILE_MODE)
        revision = _revision(motor, copy)
        members = [(DATABASE_MEMBERS[motor], copy), *_documents(data_dir)]
        hashes = {}
        with private_writer(destination) as handle, tarfile.open(fileobj=handle, mode="w|") as archive:
            for name, path in members:
                hashes[name] = _add(archive, name, path)
            manifest = json.dumps({"formato": FORMAT, "programa": "MOAD Desk", "motor": motor, "revision": revision,
                                   "creado_en": now_utc().isoformat(), "archivos": hashes},
                                  ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            _add_bytes(archive, MANIFEST, manifest)
    return destination


def restore(url: str, source: Path, *, data_dir: Path,
            confirm: Callable[[BackupSummary], bool] | None = None) -> Restored:
    """Check the backup whole (integrity, schema), ask confirm, keep a safety copy, then replace database and documents."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise InvalidInput(f"No existe el respaldo {source}.")
    data_dir = private_dir(data_dir)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".restauracion-") as staging_name:
        staging = Path(staging_name)
        summary = _unpack(source, staging)
        if summary.motor != _motor(url):
            names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
            raise InvalidInput(f"El respaldo es de una base {names[summary.motor]} y la base en uso es "
                               f"{names[_motor(url)]}; no se restauró nada.")
        copy = staging / DATABASE_MEMBERS[summary.motor]
        _check_database(summary.motor, copy, source)
        revision = _revision(summary.motor, copy)
        check_known(revision, "El respaldo")
        summary = BackupSummary(source, summary.motor, revision, summary.creado_en, summary.documentos,
                                summary.con_documentos)
        if confirm is not None and not confirm(summary):
            raise InvalidInput("Restauración cancelada; no se cambió nada.")
        safety = _safety_copy(url, data_dir)
        if summary.motor == "sqlite":
            _sqlite_copy(copy, _sqlite_path(url))
        else:
            argv, env = pg_command("pg_restore", url, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                   str(copy), database_option="--dbname")
            _run(argv, env)
        if summary.con_documentos:
            _put_documents_back(staging, data_dir)
    return Restored(summary, safety)


def record_restore(engine: Engine, *, actor: Actor, restored: Restored) -> None:
    """Append the «restauracion» event to the restored database, naming the backup and the safety copy."""
    from services import audit
    from services.database import write_session

    with write_session(engine) as session:
        audit.record(session, actor=actor, accion="restauracion", unidad_id=None,
                     detalle={"respaldo": restored.respaldo.archivo.name, "revision": restored.respaldo.revision,
                              "respaldo_creado_en": restored.respaldo.creado_en,
                              "documentos": restored.respaldo.documentos,
                              "copia_de_seguridad": restored.copia_de_seguridad.name})


def pg_command(tool: str, url: str, *args: str, database_option: str = "--dbname") -> tuple[list[str], dict[str, str]]:
    """The argv and environment for a PostgreSQL client tool: the password travels in PGPASSWORD, never in argv,
    where every local user could read it with `ps`."""
    parsed = make_url(url)
    schemas = []
    options = parsed.query.get("options")
    for option in ([options] if isinstance(options, str) else list(options or [])):
        text = unquote(option)
        if "search_path=" in text:
            schemas.append(text.split("search_path=")[1].split()[0])
    plain = URL.create("postgresql", username=parsed.username, host=parsed.host, port=parsed.port,
                       database=parsed.database).render_as_string(hide_password=False)
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    argv = [_tool(tool), *args, *(arg for schema in schemas for arg in ("--schema", schema)),
            f"{database_option}={plain}"]
    return argv, env


def _motor(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in DATABASE_MEMBERS:
        raise InvalidInput(f"No se sabe respaldar una base {backend}.")
    return backend


def _sqlite_path(url: str) -> Path:
    files = database_files(url)
    if not files:
        raise InvalidInput("Solo se puede respaldar una base SQLite guardada en archivo.")
    return files[0]


def _sqlite_copy(source: Path, target: Path) -> None:
    origin = sqlite3.connect(source, timeout=30)
    destination = sqlite3.connect(target, timeout=30)
    try:
        origin.backup(destination)
    finally:
        destination.close()
        origin.close()


def _read_only(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise InvalidInput(f"No se encontró {name}; instale el cliente de PostgreSQL para respaldar.")
    return path


def _run(argv: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["sin detalle"])[-1]
        raise InvalidInput(f"{Path(argv[0]).name} falló: {last}")
    return result.stdout


def _documents(data_dir: Path | None) -> list[tuple[str, Path]]:
    if data_dir is None:
        return []
    found = []
    for folder in DOCUMENT_FOLDERS:
        root = Path(data_dir).expanduser() / folder
        if not root.is_dir() or root.is_symlink():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            # Temporary files of a write in progress and links out of the folder are not documents.
            if path.is_symlink() or not path.is_file() or any(part.startswith(".") for part in relative.parts):
                continue
            found.append((f"{DOCUMENTS}/{folder}/{relative.as_posix()}", path))
    return found


def _add(archive: tarfile.TarFile, name: str, path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        info = _info(name, os.fstat(handle.fileno()).st_size, int(os.fstat(handle.fileno()).st_mtime))
        archive.addfile(info, _Hashing(handle, digest))
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    archive.addfile(_info(name, len(data), int(now_utc().timestamp())), io.BytesIO(data))


def _info(name: str, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, FILE_MODE
    return info


class _Hashing:
    """A file read once for the archive and its SHA-256 together."""

    def __init__(self, handle, digest) -> None:
        self._handle, self._digest = handle, digest

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self._digest.update(chunk)
        return chunk


def _unpack(source: Path, staging: Path) -> BackupSummary:
    """Copy the backup's members into staging, refusing anything but the expected files and any altered byte."""
    if not tarfile.is_tarfile(source):
        return _unpack_bare(source, staging)
    hashes: dict[str, str] = {}
    manifest = None
    try:
        with tarfile.open(source, mode="r:") as archive:
            for member in archive:
                name = _member_name(member, source)
                if member.isdir():
                    continue
                handle = archive.extractfile(member)
                if handle is None:
                    raise InvalidInput(f"El respaldo {source} tiene una entrada ilegible («{member.name}»); "
                                       "no se restauró nada.")
                if name == MANIFEST:
                    manifest = json.loads(handle.read(_CHUNK).decode("utf-8"))
                    continue
                target = staging / name
                make_parents(target)
                digest = hashlib.sha256()
                with private_writer(target) as out:
                    while chunk := handle.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                hashes[name] = digest.hexdigest()
    except (tarfile.TarError, EOFError, OSError, ValueError):
        raise InvalidInput(f"El respaldo {source} está dañado o incompleto; no se restauró nada.") from None
    if not isinstance(manifest, dict) or manifest.get("formato") != FORMAT:
        raise InvalidInput(f"{source} no es un respaldo de MOAD Desk (falta su índice); no se restauró nada.")
    motor = manifest.get("motor")
    if motor not in DATABASE_MEMBERS or manifest.get("archivos") != hashes or DATABASE_MEMBERS[motor] not in hashes:
        raise InvalidInput(f"El respaldo {source} está dañado: su contenido no coincide con su índice; "
                           "no se restauró nada.")
    documents = sum(1 for name in hashes if name.startswith(f"{DOCUMENTS}/"))
    return BackupSummary(source, motor, str(manifest.get("revision")), manifest.get("creado_en"), documents, True)


def _member_name(member: tarfile.TarInfo, source: Path) -> str:
    path = PurePosixPath(member.name)
    allowed = member.isfile() or member.isdir()
    inside = not path.is_absolute() and ".." not in path.parts and path.parts
    expected = path.as_posix() == MANIFEST or (path.parts and path.parts[0] in ("base", DOCUMENTS))
    if not (allowed and inside and expected):
        raise InvalidInput(f"El respaldo {source} contiene una entrada no permitida («{member.name}»); "
                           "no se restauró nada.")
    return path.as_posix()


def _unpack_bare(source: Path, staging: Path) -> BackupSummary:
    """A backup written before backups carried their documents: a bare SQLite file or a pg_dump archive."""
    with source.open("rb") as handle:
        head = handle.read(len(_SQLITE_HEADER))
    motor = "sqlite" if head == _SQLITE_HEADER else "postgresql" if head.startswith(_PG_HEADER) else None
    if motor is None:
        raise InvalidInput(f"{source} no es un respaldo de MOAD Desk (no es una base SQLite ni un respaldo de "
                           "PostgreSQL).")
    target = staging / DATABASE_MEMBERS[motor]
    with source.open("rb") as reader, private_writer(target) as out:
        shutil.copyfileobj(reader, out, _CHUNK)
    return BackupSummary(source, motor, "", None, 0, False)


def _check_database(motor: str, copy: Path, source: Path) -> None:
    if motor == "postgresql":
        # Restoring to nowhere reads every block of the archive, so a damaged or cut one fails here.
        argv = [_tool("pg_restore"), "--file", os.devnull, str(copy)]
        try:
            _run(argv, dict(os.environ))
        except InvalidInput:
            raise InvalidInput(f"El respaldo {source} está dañado (pg_restore no puede leerlo completo); "
                               "no se restauró nada.") from None
        return
    try:
        connection = sqlite3.connect(_read_only(copy), uri=True)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise InvalidInput(f"El respaldo {source} está dañado (no se puede leer como base SQLite); "
                           "no se restauró nada.") from None
    if rows != ["ok"]:
        raise InvalidInput(f"El respaldo {source} está dañado (la comprobación de integridad de SQLite encontró "
                           f"{len(rows)} problemas); no se restauró nada.")
    if not {"alembic_version", "peticion", "evento"} <= tables:
        raise InvalidInput(f"{source} no es un respaldo de MOAD Desk (faltan tablas).")


def _revision(motor: str, copy: Path) -> str:
    if motor == "sqlite":
        connection = sqlite3.connect(_read_only(copy), uri=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            row = None
        finally:
            connection.close()
        return row[0] if row else ""
    script = _run([_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(copy)],
                  dict(os.environ))
    lines = script.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and index + 1 < len(lines):
            return lines[index + 1].strip()
    return ""


def _safety_copy(url: str, data_dir: Path) -> Path:
    folder = data_folder(data_dir, SAFETY_FOLDER)
    stem = f"antes-de-restaurar-{now_utc().astimezone(MEXICO_CITY):%Y%m%d-%H%M%S}"
    target, counter = folder / f"{stem}.tar", 1
    while target.exists():
        counter += 1
        target = folder / f"{stem}-{counter}.tar"
    return backup(url, target, data_dir=data_dir)


def _put_documents_back(staging: Path, data_dir: Path) -> None:
    # The replaced documents are in the safety copy; they are moved aside and removed with the staging folder.
    aside = private_dir(staging / "anteriores")
    for folder in DOCUMENT_FOLDERS:
        live, restored = data_dir / folder, staging / DOCUMENTS / folder
        if live.exists() or live.is_symlink():
            os.replace(live, aside / folder)
        if restored.is_dir():
            os.replace(restored, live)
            os.chmod(live, 0o700)
