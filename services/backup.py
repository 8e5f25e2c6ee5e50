"""Backups and restores: SQLite's online backup API, pg_dump/pg_restore for PostgreSQL."""

import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy.engine import make_url

from services.errors import InvalidInput


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise InvalidInput("Solo se puede respaldar una base SQLite guardada en archivo.")
    return Path(database)


def _pg_args(url: str) -> tuple[str, list[str]]:
    parsed = make_url(url)
    schemas = []
    options = parsed.query.get("options")
    for option in ([options] if isinstance(options, str) else list(options or [])):
        text = unquote(option)
        if "search_path=" in text:
            schemas.append(text.split("search_path=")[1].split()[0])
    plain = parsed.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    return plain, [arg for schema in schemas for arg in ("--schema", schema)]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise InvalidInput(f"No se encontró {name}; instale el cliente de PostgreSQL para respaldar.")
    return path


def backup(url: str, destination: Path) -> Path:
    """Write a consistent copy of the database to destination while desks keep working."""
    destination = destination.expanduser()
    if destination.exists():
        raise InvalidInput(f"{destination} ya existe; elija otro nombre para no sobrescribir un respaldo.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    if make_url(url).get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return destination
    plain, schema_args = _pg_args(url)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", *schema_args, "--file", str(destination), plain])
    return destination


def restore(url: str, source: Path) -> None:
    """Replace the database's contents with a backup made by `backup`."""
    source = source.expanduser()
    if not source.is_file():
        raise InvalidInput(f"No existe el respaldo {source}.")
    if make_url(url).get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        origin = sqlite3.connect(source)
        target = sqlite3.connect(_sqlite_path(url))
        try:
            origin.backup(target)
        finally:
            target.close()
            origin.close()
        return
    plain, schema_args = _pg_args(url)
    _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", *schema_args, "--dbname", plain, str(source)])


def _check_sqlite_backup(path: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise InvalidInput(f"{path} no es un respaldo de MOAD Desk (no es una base SQLite).") from None
    if not {"alembic_version", "peticion", "evento"} <= tables:
        raise InvalidInput(f"{path} no es un respaldo de MOAD Desk (faltan tablas).")


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["sin detalle"])[-1]
        raise InvalidInput(f"{Path(command[0]).name} falló: {last}")
