"""Every file the desk writes is private to its account (0600 in 0700 folders) whatever the umask, never half-written,
and never outside the data directory."""

import errno
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from models import Documento
from services import paperwork, private_files
from services.actor import SYSTEM
from services.attachments import attach
from services.catalogs.units import create_unit
from services.database import open_database, write_session
from services.db_errors import DiskFull
from services.drafts import save
from services.errors import InvalidInput
from services.intake import register
from services.pending_touch import touch
from services.private_files import inside, private_dir, write_private
from services.reports import render
from tests.conftest import mx
from tests.factories import FULL

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def open_umask():
    """A umask that, left alone, would make every new file readable and writable by every local user."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _full_disk(monkeypatch):
    def no_room(_descriptor, _data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(private_files, "_write", no_room)


def _petition(desk):
    with write_session(desk.engine) as session:
        return register(session=session, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 10))


def test_write_private_gives_0600_under_an_open_umask_and_replaces_whole(tmp_path, open_umask):
    target = tmp_path / "nueva" / "carpeta" / "acuse.pdf"
    write_private(target, b"%PDF primero")
    write_private(target, b"%PDF segundo")
    assert target.read_bytes() == b"%PDF segundo"
    assert (mode(target), mode(target.parent), mode(target.parent.parent)) == (0o600, 0o700, 0o700)
    assert sorted(p.name for p in target.parent.iterdir()) == ["acuse.pdf"]


def test_a_full_disk_leaves_no_file_under_the_real_name(tmp_path, monkeypatch):
    _full_disk(monkeypatch)
    with pytest.raises(DiskFull, match=r"^El disco está lleno; no se escribió «acuse.pdf»"):
        write_private(tmp_path / "acuse.pdf", b"%PDF" * 10_000)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_keeps_the_previous_file(tmp_path, monkeypatch):
    target = write_private(tmp_path / "informe.pdf", b"%PDF anterior")
    _full_disk(monkeypatch)
    with pytest.raises(DiskFull):
        write_private(target, b"%PDF nuevo" * 10_000)
    assert target.read_bytes() == b"%PDF anterior"
    assert [p.name for p in tmp_path.iterdir()] == ["informe.pdf"]


def test_private_dir_creates_0700_and_tightens_a_looser_folder(tmp_path, open_umask):
    loose = tmp_path / "datos"
    loose.mkdir(mode=0o755)
    assert private_dir(loose) == loose and mode(loose) == 0o700
    fresh = private_dir(tmp_path / "otra" / "mas")
    assert (mode(fresh), mode(fresh.parent)) == (0o700, 0o700)


@pytest.mark.parametrize("parts", [("..", "x"), ("expedientes", "../../x"), ("/etc/passwd",), ("a/../..",), ("",)])
def test_inside_refuses_a_path_that_leaves_the_folder(tmp_path, parts):
    with pytest.raises(InvalidInput, match="saldría del directorio de datos"):
        inside(tmp_path / "datos", *parts)


def test_inside_refuses_a_symlink_that_points_out(tmp_path):
    data = private_dir(tmp_path / "datos")
    (data / "expedientes").symlink_to(tmp_path)
    with pytest.raises(InvalidInput):
        inside(data, "expedientes", "acuse.pdf")
    assert inside(data, "informes", "anexo1.pdf") == (data / "informes" / "anexo1.pdf").resolve()


@SQLITE_ONLY
def test_sqlite_file_and_its_wal_and_shm_are_0600(db_url, tmp_path, open_umask):
    engine = open_database(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE prueba (x INTEGER)"))
        connection.execute(text("INSERT INTO prueba VALUES (1)"))
    path = Path(engine.url.database)
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    assert all(f.exists() for f in files)
    assert [mode(f) for f in files] == [0o600, 0o600, 0o600]
    engine.dispose()


@SQLITE_ONLY
def test_an_existing_world_readable_database_is_tightened(db_url, tmp_path):
    open_database(db_url).dispose()
    path = Path(db_url.removeprefix("sqlite:///"))
    for name in (path, Path(f"{path}-wal")):
        name.touch()
        os.chmod(name, 0o644)
    engine = open_database(db_url)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    assert (mode(path), mode(f"{path}-wal")) == (0o600, 0o600)
    engine.dispose()


def test_the_data_directory_is_0700(tmp_path, monkeypatch, open_umask):
    from services.settings import get_settings

    data = tmp_path / "moad-desk"
    data.mkdir(mode=0o755)
    monkeypatch.setenv("MOAD_DATA_DIR", str(data))
    monkeypatch.delenv("MOAD_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        open_database(get_settings().resolved_database_url()).dispose()
    finally:
        get_settings.cache_clear()
    assert mode(data) == 0o700
    assert mode(data / "moad.sqlite3") == 0o600


@SQLITE_ONLY
def test_documents_attachments_and_drafts_are_private(desk, tmp_path, open_umask):
    peticion = _petition(desk)
    data = tmp_path / "datos"
    with write_session(desk.engine) as session:
        acuse = paperwork.acuse(session=session, actor=desk.oficial, folio=peticion.folio, data_dir=data)
    source = tmp_path / "respuesta.pdf"
    source.write_bytes(b"%PDF respuesta")
    with write_session(desk.engine) as session:
        copy = attach(session=session, actor=desk.oficial, folio=peticion.folio, path=source, data_dir=data)
    save(data, "oficial", {"descripcion": "borrador"})
    for path in (acuse.ruta, copy.ruta, data / "borradores" / "oficial.json"):
        assert mode(path) == 0o600, path
        assert mode(Path(path).parent) == 0o700, path
    assert mode(data) == 0o700 and mode(data / "expedientes") == 0o700


@SQLITE_ONLY
def test_a_full_disk_while_writing_the_acuse_records_nothing(desk, tmp_path, monkeypatch):
    peticion = _petition(desk)
    _full_disk(monkeypatch)
    with pytest.raises(DiskFull), write_session(desk.engine) as session:
        paperwork.acuse(session=session, actor=desk.oficial, folio=peticion.folio, data_dir=tmp_path)
    folder = tmp_path / "expedientes" / peticion.folio
    assert list(folder.iterdir()) == []
    with write_session(desk.engine) as session:
        assert session.execute(select(func.count()).select_from(Documento)).scalar() == 0


@SQLITE_ONLY
def test_report_pdf_and_csv_are_private_and_never_partial(desk, tmp_path, monkeypatch, open_umask):
    _petition(desk)
    pdf, sheet = tmp_path / "informes" / "anexo1.pdf", tmp_path / "informes" / "anexo1.csv"
    with write_session(desk.engine) as session:
        render(session=session, actor=desk.director, unidad=desk.unidad, year=2026, month=11, pdf=pdf, csv=sheet)
    assert (mode(pdf), mode(sheet), mode(pdf.parent)) == (0o600, 0o600, 0o700)
    pdf.unlink()
    sheet.unlink()
    _full_disk(monkeypatch)
    with pytest.raises(DiskFull), write_session(desk.engine) as session:
        render(session=session, actor=desk.director, unidad=desk.unidad, year=2026, month=11, pdf=pdf, csv=sheet)
    assert list(pdf.parent.iterdir()) == []


def test_a_unit_clave_must_be_letters_digits_and_dashes(engine):
    for clave in ("../../x", "UMF/1", "UMF 1", "..", "UMF.1", "-UMF"):
        with pytest.raises(InvalidInput, match="clave de la unidad"), write_session(engine) as session:
            create_unit(session=session, actor=SYSTEM, clave=clave, nombre="Unidad")
    with write_session(engine) as session:
        assert create_unit(session=session, actor=SYSTEM, clave="umf-042", nombre="Unidad").clave == "UMF-042"


@SQLITE_ONLY
def test_a_hostile_clave_already_stored_cannot_write_outside_the_data_directory(desk, tmp_path):
    peticion = _petition(desk)
    hostile = "../../fuera"
    with write_session(desk.engine) as session:
        session.execute(text("UPDATE peticion SET folio = :f WHERE id = :id"),
                        {"f": f"{hostile}-2026-000001", "id": peticion.id})
        # Written past the services: the escalation index is told, as a service write would tell it.
        touch(session, peticion.id)
    data = tmp_path / "a" / "b" / "datos"
    with pytest.raises(InvalidInput, match="saldría del directorio de datos"), write_session(desk.engine) as session:
        paperwork.acuse(session=session, actor=desk.oficial, folio=f"{hostile}-2026-000001", data_dir=data)
    assert not (tmp_path / "a" / "b" / "fuera-2026-000001").exists()
    assert not any(p.suffix == ".pdf" for p in tmp_path.rglob("*"))


def test_the_desk_log_is_private_whatever_the_umask(tmp_path, monkeypatch):
    import logging
    import os

    from tui.launch import _configure_logging

    opened = {}
    monkeypatch.setattr(logging, "basicConfig", lambda **kwargs: opened.update(kwargs))
    previous = os.umask(0)
    try:
        _configure_logging(tmp_path / "datos")
    finally:
        os.umask(previous)
    assert opened["filename"] == tmp_path / "datos" / "moad.log"
    assert (tmp_path / "datos").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "datos" / "moad.log").stat().st_mode & 0o777 == 0o600
