"""Backups carry the documents; a restore checks the backup whole, refuses a damaged or newer one before touching
anything, asks, keeps a safety copy and records who restored; PostgreSQL tools never see the password in argv."""

import hashlib
import io
import json
import shutil
import sqlite3
import sys
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from cli.main import main
from models import Evento, Usuario
from services import paperwork
from services.backup import DATABASE_MEMBERS, MANIFEST, backup, pg_command, record_restore, restore
from services.database import current_revision, open_database, read_session, write_session
from services.demo import DEMO_PIN
from services.errors import InvalidInput
from services.intake import register
from tests.cli_runner import moad
from tests.conftest import mx
from tests.factories import FULL

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _snapshot(engine) -> dict:
    tables = sorted(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all() for t in tables}


def _register(desk, day):
    with write_session(desk.engine) as session:
        return register(session=session, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, day, 9))


def _acuse(desk, folio, data_dir):
    with write_session(desk.engine) as session:
        return paperwork.acuse(session=session, actor=desk.oficial, folio=folio, data_dir=data_dir)


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def _write_tar(path: Path, members: dict[str, bytes], manifest: dict | None = None, extra=()) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info, data in extra:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
        if manifest is not None:
            blob = json.dumps(manifest).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    return path


def _corrupt_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(2 * page, len(data), 97):
        data[offset] = (data[offset] + 89) % 256
    path.write_bytes(bytes(data))


def _corrupt_leaf(path: Path) -> None:
    """Scramble one leaf page of the petitions table: the file still opens and lists its tables, as a backup cut
    by a failing disk does, but its data is damaged."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = connection.execute("PRAGMA page_size").fetchone()[0]
        leaf = connection.execute("SELECT pageno FROM dbstat WHERE name = 'peticion' AND pagetype = 'leaf' "
                                  "ORDER BY pageno LIMIT 1").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    for offset in range((leaf - 1) * page + 8, leaf * page, 5):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def test_backup_carries_the_documents_and_restore_puts_everything_back(desk, db_url, tmp_path):
    data = tmp_path / "datos"
    kept = _register(desk, 13)
    acuse = _acuse(desk, kept.folio, data)
    before, acuse_bytes = _snapshot(desk.engine), Path(acuse.ruta).read_bytes()
    archive = backup(db_url, tmp_path / "respaldo.tar", data_dir=data)
    members = _members(archive)
    assert members[f"documentos/expedientes/{kept.folio}/{acuse.nombre}"] == acuse_bytes
    manifest = json.loads(members[MANIFEST])
    database_member = DATABASE_MEMBERS[desk.engine.dialect.name]
    assert (manifest["motor"], manifest["revision"]) == (desk.engine.dialect.name, current_revision(desk.engine))
    assert manifest["archivos"][database_member] == hashlib.sha256(members[database_member]).hexdigest()
    later = _register(desk, 16)
    _acuse(desk, later.folio, data)
    Path(acuse.ruta).unlink()
    desk.engine.dispose()
    restored = restore(db_url, archive, data_dir=data)
    assert _snapshot(desk.engine) == before
    assert Path(acuse.ruta).read_bytes() == acuse_bytes
    assert not (data / "expedientes" / later.folio).exists()
    safety = restored.copia_de_seguridad
    assert safety.parent == data / "respaldos" and safety.name == "antes-de-restaurar-20261120-100000.tar"
    assert f"documentos/expedientes/{later.folio}/acuse-{later.folio}.pdf" in _members(safety)
    assert [p.name for p in data.iterdir() if p.name.startswith(".")] == []


@SQLITE_ONLY
def test_a_damaged_archive_is_refused_before_anything_changes(desk, db_url, tmp_path):
    data = tmp_path / "datos"
    _acuse(desk, _register(desk, 13).folio, data)
    archive = backup(db_url, tmp_path / "respaldo.tar", data_dir=data)
    _register(desk, 16)
    before = _snapshot(desk.engine)
    blob = bytearray(archive.read_bytes())
    blob[len(blob) // 3] ^= 0xFF
    altered = tmp_path / "alterado.tar"
    altered.write_bytes(bytes(blob))
    cut = tmp_path / "cortado.tar"
    cut.write_bytes(archive.read_bytes()[: len(blob) // 2])
    for bad in (altered, cut):
        with pytest.raises(InvalidInput, match="está dañado"):
            restore(db_url, bad, data_dir=data)
    assert _snapshot(desk.engine) == before
    assert not (data / "respaldos").exists()


@SQLITE_ONLY
def test_a_consistent_archive_of_a_corrupt_database_is_refused(desk, db_url, tmp_path):
    _register(desk, 13)
    archive = backup(db_url, tmp_path / "respaldo.tar")
    members = _members(archive)
    copy = tmp_path / "copia.sqlite3"
    copy.write_bytes(members["base/moad.sqlite3"])
    _corrupt_leaf(copy)
    members["base/moad.sqlite3"] = copy.read_bytes()
    manifest = json.loads(members.pop(MANIFEST))
    manifest["archivos"] = {name: hashlib.sha256(blob).hexdigest() for name, blob in members.items()}
    forged = _write_tar(tmp_path / "forjado.tar", members, manifest)
    with pytest.raises(InvalidInput, match="está dañado"):
        restore(db_url, forged, data_dir=tmp_path / "datos")


@SQLITE_ONLY
@pytest.mark.parametrize("entry", ["../fuera.txt", "/tmp/fuera.txt", "documentos/expedientes/../../../fuera.txt",
                                   "symlink", "otra/cosa.txt"])
def test_archive_entries_that_would_leave_the_folder_are_refused(desk, db_url, tmp_path, entry):
    archive = backup(db_url, tmp_path / "respaldo.tar")
    members = _members(archive)
    manifest = json.loads(members.pop(MANIFEST))
    if entry == "symlink":
        link = tarfile.TarInfo("documentos/expedientes/enlace")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc"
        extra = [(link, None)]
    else:
        extra = []
        members[entry] = b"fuera"
    hostile = _write_tar(tmp_path / "hostil.tar", members, manifest, extra)
    with pytest.raises(InvalidInput, match="entrada no permitida"):
        restore(db_url, hostile, data_dir=tmp_path / "a" / "datos")
    assert not (tmp_path / "fuera.txt").exists() and not (tmp_path / "a" / "fuera.txt").exists()


@SQLITE_ONLY
def test_a_backup_of_a_newer_schema_is_refused_before_anything_changes(desk, db_url, tmp_path):
    _register(desk, 13)
    archive = backup(db_url, tmp_path / "respaldo.tar")
    members = _members(archive)
    copy = tmp_path / "copia.sqlite3"
    copy.write_bytes(members["base/moad.sqlite3"])
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    members["base/moad.sqlite3"] = copy.read_bytes()
    manifest = json.loads(members.pop(MANIFEST))
    manifest["archivos"] = {name: hashlib.sha256(blob).hexdigest() for name, blob in members.items()}
    newer = _write_tar(tmp_path / "nuevo.tar", members, manifest)
    before = _snapshot(desk.engine)
    with pytest.raises(InvalidInput, match="esquema 9999, más reciente que el que conoce este programa"):
        restore(db_url, newer, data_dir=tmp_path / "datos")
    assert _snapshot(desk.engine) == before


def test_postgres_tools_get_the_password_in_their_environment_not_in_argv():
    url = "postgresql+psycopg://moad:s3cr3ta%40x@db.example:5433/moad?options=-csearch_path%3Dunidad_7"
    argv, env = pg_command("pg_dump", url, "--format=custom", "--file=/tmp/x")
    assert not any("s3cr3ta" in arg for arg in argv)
    assert env["PGPASSWORD"] == "s3cr3ta@x"
    assert argv[1:] == ["--format=custom", "--file=/tmp/x", "--schema", "unidad_7",
                        "--dbname=postgresql://moad@db.example:5433/moad"]


def test_a_restore_without_password_in_the_url_leaves_pgpassword_unset(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "de-otra-base")
    _, env = pg_command("pg_restore", "postgresql://moad@localhost/moad")
    assert "PGPASSWORD" not in env


def test_record_restore_appends_the_event_with_the_actor(desk, db_url, tmp_path):
    archive = backup(db_url, tmp_path / "respaldo.tar")
    desk.engine.dispose()
    restored = restore(db_url, archive, data_dir=tmp_path / "datos")
    record_restore(desk.engine, actor=desk.admin, restored=restored)
    with read_session(desk.engine) as session:
        event = session.execute(select(Evento).where(Evento.accion == "restauracion")).scalar_one()
    detail = json.loads(event.detalle)
    assert (event.usuario_id, detail["respaldo"], detail["copia_de_seguridad"]) == (
        desk.admin.id, "respaldo.tar", restored.copia_de_seguridad.name)


# The command line, as the desk's administrator runs it.

@pytest.fixture
def desk_db(demo_copy) -> str:
    return f"sqlite:///{demo_copy}"


def _count_events(url: str, accion: str) -> list[str | None]:
    engine = open_database(url)
    with read_session(engine) as session:
        rows = session.execute(select(Usuario.usuario).select_from(Evento).outerjoin(Usuario, Usuario.id == Evento.usuario_id)
                               .where(Evento.accion == accion)).scalars().all()
    engine.dispose()
    return list(rows)


def _lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("Base de datos")]


def _checkpoint(url: str) -> None:
    """Move the -wal into the database file, so a copy of the file alone holds everything."""
    with sqlite3.connect(Path(url.removeprefix("sqlite:///"))) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _data(url: str) -> dict:
    """Every table but those a sign-in writes to (its event, the chain's head, the user's attempts)."""
    engine = open_database(url)
    snapshot = {name: rows for name, rows in _snapshot(engine).items()
                if name not in ("evento", "usuario") and not name.startswith("cadena")}
    engine.dispose()
    return snapshot


def test_respaldo_checks_integrity_first_and_says_so(desk_db, tmp_path):
    result = moad("respaldo", "--salida", str(tmp_path / "r.tar"), db=desk_db, user="admin", data_dir=tmp_path / "d")
    assert result.returncode == 0, result.stderr
    lines = _lines(result)
    assert lines[0] == "Comprobando la integridad de la base de datos…"
    assert lines[1] == "Integridad comprobada: sin problemas."
    assert result.stdout == f"{tmp_path / 'r.tar'}\n"


def test_respaldo_refuses_a_corrupt_database(desk_db, tmp_path):
    path = Path(desk_db.removeprefix("sqlite:///"))
    _checkpoint(desk_db)
    _corrupt_pages(path)
    result = moad("respaldo", "--salida", str(tmp_path / "r.tar"), db=desk_db, user="admin")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "r.tar").exists()


def test_restaurar_without_a_terminal_nor_si_refuses_and_changes_nothing(desk_db, tmp_path):
    good = tmp_path / "bueno.tar"
    assert moad("respaldo", "--salida", str(good), db=desk_db, user="admin").returncode == 0
    moad("demo", "--peticiones", "3", db=desk_db, user="admin")
    before = _data(desk_db)
    result = moad("restaurar", str(good), db=desk_db, user="admin", data_dir=tmp_path / "datos")
    assert (result.returncode, result.stdout) == (2, "")
    assert _lines(result) == ["moad: Restaurar reemplaza toda la base de datos y sus documentos: confirme en una "
                              "terminal o agregue --si."]
    assert _data(desk_db) == before
    assert _count_events(desk_db, "restauracion") == []


def test_restaurar_refuses_a_corrupt_backup_and_changes_nothing(desk_db, tmp_path):
    bare = tmp_path / "viejo.sqlite3"
    _checkpoint(desk_db)
    shutil.copy(Path(desk_db.removeprefix("sqlite:///")), bare)
    _corrupt_leaf(bare)
    before = _data(desk_db)
    result = moad("restaurar", str(bare), "--si", db=desk_db, user="admin", data_dir=tmp_path / "datos")
    assert result.returncode == 2 and "está dañado" in result.stderr
    assert _data(desk_db) == before
    assert _count_events(desk_db, "restauracion") == []


def test_restaurar_refuses_a_newer_schema_and_changes_nothing(desk_db, tmp_path):
    newer = tmp_path / "nuevo.sqlite3"
    _checkpoint(desk_db)
    shutil.copy(Path(desk_db.removeprefix("sqlite:///")), newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = _data(desk_db)
    result = moad("restaurar", str(newer), "--si", db=desk_db, user="admin", data_dir=tmp_path / "datos")
    assert result.returncode == 2 and "más reciente que el que conoce este programa" in result.stderr
    assert _data(desk_db) == before
    assert _count_events(desk_db, "restauracion") == []


def test_restaurar_si_keeps_a_safety_copy_and_records_who_restored(desk_db, tmp_path):
    data = tmp_path / "datos"
    good = tmp_path / "bueno.tar"
    assert moad("respaldo", "--salida", str(good), db=desk_db, user="admin", data_dir=data).returncode == 0
    result = moad("restaurar", str(good), "--si", db=desk_db, user="admin", data_dir=data)
    assert result.returncode == 0, result.stderr
    safety = data / "respaldos" / "antes-de-restaurar-20261120-100000.tar"
    assert f"Copia de seguridad de lo que había antes: {safety}" in _lines(result)
    assert safety.is_file()
    assert _count_events(desk_db, "restauracion") == ["admin"]


class _Terminal(io.StringIO):
    """Standard input that is a terminal where the person types the given lines."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("answer, status", [("no", 2), ("si", 0)])
def test_restaurar_asks_on_the_terminal(desk_db, tmp_path, monkeypatch, capsys, answer, status):
    data = tmp_path / "datos"
    good = tmp_path / "bueno.tar"
    assert moad("respaldo", "--salida", str(good), db=desk_db, user="admin", data_dir=data).returncode == 0
    monkeypatch.setenv("MOAD_DATA_DIR", str(data))
    from services.settings import get_settings

    get_settings.cache_clear()
    monkeypatch.setattr(sys, "stdin", _Terminal(f"{DEMO_PIN}\n{answer}\n"))
    try:
        result = main(["restaurar", str(good), "--db", desk_db, "--usuario", "admin", "--pin-stdin"])
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert result == status
    assert "Se reemplazará todo el contenido de la base de datos" in err
    assert ("Restauración cancelada; no se cambió nada." in err) is (answer == "no")
    assert (data / "respaldos").exists() is (answer == "si")
