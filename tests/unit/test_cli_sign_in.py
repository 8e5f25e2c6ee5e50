"""The command line signs in as the screens do: personal data and changes need a user, a PIN and the right role."""

import json
import os

import pytest
from sqlalchemy import select

from cli.sign_in import unattended_backup_allowed
from models import Evento, Peticion, Usuario
from services.database import open_database, read_session
from tests.cli_runner import moad


@pytest.fixture
def demo_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    made = moad("demo", "--peticiones", "60", db=url)
    assert made.returncode == 0, made.stderr
    engine = open_database(url)
    with read_session(engine) as session:
        curp = session.execute(select(Peticion.curp).where(Peticion.curp != "").limit(1)).scalar_one()
    engine.dispose()
    return url, curp


def _events(url: str, accion: str) -> list[tuple]:
    engine = open_database(url)
    with read_session(engine) as session:
        rows = session.execute(select(Evento.accion, Usuario.usuario).outerjoin(Usuario, Usuario.id == Evento.usuario_id)
                               .where(Evento.accion == accion).order_by(Evento.id)).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def _one_line_refusal(result, fragment: str) -> None:
    assert (result.returncode, result.stdout) == (2, "")
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Base de datos")]
    assert len(lines) == 1 and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_arco_export_without_a_terminal_prints_no_personal_data(demo_db):
    url, curp = demo_db
    _one_line_refusal(moad("arco", "exportar", "--curp", curp, db=url), "requiere iniciar sesión")
    nobody_typing = moad("arco", "exportar", "--curp", curp, "--usuario", "director", db=url)
    _one_line_refusal(nobody_typing, "No hay una terminal donde escribir el PIN")
    assert curp not in nobody_typing.stderr
    assert _events(url, "arco_acceso") == []


def test_a_wrong_pin_is_refused_and_counted(demo_db):
    url, curp = demo_db
    _one_line_refusal(moad("arco", "exportar", "--curp", curp, db=url, user="director", pin="000000"),
                      "Usuario o PIN incorrectos")
    assert _events(url, "acceso_fallido") == [("acceso_fallido", "director")]


def test_the_role_table_applies_on_the_command_line(demo_db):
    url, curp = demo_db
    _one_line_refusal(moad("retencion", db=url, user="oficial"), "requiere el rol de administrador")
    _one_line_refusal(moad("arco", "exportar", "--curp", curp, db=url, user="oficial"), "requiere el rol de")
    _one_line_refusal(moad("inhabil", "agregar", "2026-12-12", "--motivo", "Guadalupe", db=url, user="supervisor"),
                      "requiere el rol de administrador")


def test_a_signed_in_export_is_recorded_as_that_user(demo_db):
    url, curp = demo_db
    result = moad("arco", "exportar", "--curp", curp, db=url, user="director")
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    assert exported["generado_por"] == "Dra. Directora Demo"
    assert {p["peticion"]["curp"] for p in exported["peticiones"]} == {curp}
    assert set(_events(url, "arco_acceso")) == {("arco_acceso", "director")}
    assert ("acceso", "director") in _events(url, "acceso")


def test_no_pin_from_an_argument_or_the_environment(demo_db):
    url, curp = demo_db
    result = moad("arco", "exportar", "--curp", curp, "--usuario", "director", "--pin", "246810", db=url)
    assert result.returncode == 2 and result.stdout == ""
    os.environ["MOAD_PIN"] = "246810"
    try:
        refused = moad("arco", "exportar", "--curp", curp, "--usuario", "director", db=url)
    finally:
        del os.environ["MOAD_PIN"]
    _one_line_refusal(refused, "No hay una terminal donde escribir el PIN")


def test_demo_on_a_desk_in_use_needs_an_administrator(demo_db):
    url, _ = demo_db
    _one_line_refusal(moad("demo", "--peticiones", "5", db=url), "requiere iniciar sesión")
    _one_line_refusal(moad("demo", "--peticiones", "5", db=url, user="oficial"), "requiere el rol de administrador")
    added = moad("demo", "--peticiones", "5", db=url, user="admin")
    assert (added.returncode, added.stdout.strip()) == (0, "5"), added.stderr


@pytest.mark.parametrize("euid, account, configured, allowed", [
    (0, "root", None, True),
    (1000, "mesa1", None, False),
    (1000, "mesa1", "respaldo", False),
    (1001, "respaldo", "respaldo", True),
    (1001, "respaldo", "", False),
])
def test_who_may_back_up_unattended(euid, account, configured, allowed):
    assert unattended_backup_allowed(euid, account, configured) is allowed


def test_unattended_backup_runs_only_for_the_backup_account(demo_db, tmp_path):
    url, _ = demo_db
    result = moad("respaldo", "--salida", str(tmp_path / "noche.sqlite3"), "--desatendido", db=url)
    if os.geteuid() == 0:
        assert result.returncode == 0, result.stderr
        assert (tmp_path / "noche.sqlite3").exists()
    else:
        _one_line_refusal(result, "no puede respaldar sin iniciar sesión")
    _one_line_refusal(moad("respaldo", "--salida", str(tmp_path / "otro.sqlite3"), db=url), "requiere iniciar sesión")
