"""Every --salida refuses an existing file unless --sobrescribir, and never writes over the database (nor its -wal,
nor a link to it), whatever the options; what it writes is 0600."""

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Peticion
from services.database import open_database, read_session
from tests.cli_runner import moad


@pytest.fixture
def db(demo_copy) -> Path:
    return demo_copy


def _petitions(path: Path) -> int:
    engine = open_database(f"sqlite:///{path}")
    with read_session(engine) as session:
        count = session.execute(select(func.count()).select_from(Peticion)).scalar()
    engine.dispose()
    return count


def _refused(result, fragment: str) -> None:
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Base de datos")]
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert len(lines) == 1 and fragment in lines[0], result.stderr


def _report(db: Path, *extra: str):
    return moad("reporte", "mensual", "--mes", "2026-10", *extra, db=f"sqlite:///{db}", user="director")


def test_report_refuses_an_existing_file_unless_told_to_overwrite(db, tmp_path):
    existing = tmp_path / "informe.pdf"
    existing.write_bytes(b"el informe que ya estaba")
    _refused(_report(db, "--salida", str(existing)), "ya existe; elija otro nombre o agregue --sobrescribir")
    assert existing.read_bytes() == b"el informe que ya estaba"
    sheet = tmp_path / "detalle.csv"
    sheet.write_text("ya estaba")
    _refused(_report(db, "--salida", str(tmp_path / "nuevo.pdf"), "--csv", str(sheet)), "ya existe")
    assert sheet.read_text() == "ya estaba" and not (tmp_path / "nuevo.pdf").exists()
    replaced = _report(db, "--salida", str(existing), "--csv", str(sheet), "--sobrescribir")
    assert replaced.returncode == 0, replaced.stderr
    assert existing.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(existing.stat().st_mode) == stat.S_IMODE(sheet.stat().st_mode) == 0o600


@pytest.mark.parametrize("target", ["database", "wal", "link", "symlink"])
def test_report_never_writes_over_the_database(db, tmp_path, target):
    petitions = _petitions(db)
    if target == "link":
        os.link(db, tmp_path / "enlace.pdf")
        output = tmp_path / "enlace.pdf"
    elif target == "symlink":
        (tmp_path / "simbolico.pdf").symlink_to(db)
        output = tmp_path / "simbolico.pdf"
    else:
        output = db if target == "database" else Path(f"{db}-wal")
    _refused(_report(db, "--salida", str(output), "--sobrescribir"), "es un archivo de la base de datos")
    _refused(_report(db, "--salida", str(tmp_path / "ok.pdf"), "--csv", str(output), "--sobrescribir"),
             "es un archivo de la base de datos")
    assert _petitions(db) == petitions
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_backup_refuses_an_existing_file_and_the_database(db, tmp_path):
    url = f"sqlite:///{db}"
    existing = tmp_path / "respaldo.tar"
    existing.write_bytes(b"respaldo anterior")
    _refused(moad("respaldo", "--salida", str(existing), db=url, user="admin"), "ya existe")
    assert existing.read_bytes() == b"respaldo anterior"
    for output in (db, Path(f"{db}-shm")):
        _refused(moad("respaldo", "--salida", str(output), "--sobrescribir", db=url, user="admin"),
                 "es un archivo de la base de datos")
    assert _petitions(db) == 30
    again = moad("respaldo", "--salida", str(existing), "--sobrescribir", db=url, user="admin")
    assert again.returncode == 0, again.stderr
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600


def test_arco_export_refuses_an_existing_file_and_the_database(db, tmp_path):
    url = f"sqlite:///{db}"
    engine = open_database(url)
    with read_session(engine) as session:
        folio = session.execute(select(Peticion.folio).limit(1)).scalar_one()
    engine.dispose()
    existing = tmp_path / "arco.json"
    existing.write_text("otra persona")
    _refused(moad("arco", "exportar", "--folio", folio, "--salida", str(existing), db=url, user="director"), "ya existe")
    assert existing.read_text() == "otra persona"
    _refused(moad("arco", "exportar", "--folio", folio, "--salida", str(db), "--sobrescribir", db=url, user="director"),
             "es un archivo de la base de datos")
    fresh = tmp_path / "nuevo" / "arco.json"
    written = moad("arco", "exportar", "--folio", folio, "--salida", str(fresh), db=url, user="director")
    assert written.returncode == 0, written.stderr
    assert folio in fresh.read_text()
    assert (stat.S_IMODE(fresh.stat().st_mode), stat.S_IMODE(fresh.parent.stat().st_mode)) == (0o600, 0o700)


@pytest.mark.parametrize("command, user", [
    (("reporte", "mensual", "--mes", "2026-10"), "director"),
    (("respaldo",), "admin"),
    (("arco", "exportar", "--folio", "CMF-DEMO-2026-000001"), "director"),
])
def test_a_folder_given_as_the_output_is_refused_in_spanish(db, tmp_path, command, user):
    folder = tmp_path / "salidas"
    folder.mkdir()
    result = moad(*command, "--salida", str(folder), "--sobrescribir", db=f"sqlite:///{db}", user=user)
    _refused(result, f"«{folder}» es una carpeta; escriba la ruta completa del archivo")
    assert list(folder.iterdir()) == []
