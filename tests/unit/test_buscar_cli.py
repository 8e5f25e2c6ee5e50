"""`moad buscar`: signed in, results masked, a total, JSON for programs, one Spanish line for nothing to look for."""

import json
import sqlite3

from tests.cli_runner import moad


def _person(path) -> tuple[str, str, str, str]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT folio, nombre, primer_apellido, telefono FROM peticion WHERE telefono != '' "
                                  "ORDER BY id DESC LIMIT 1").fetchone()


def test_empty_text_is_refused_before_the_pin(demo_copy):
    for texto in ("", "   ", "¿?"):
        result = moad("buscar", texto, db=f"sqlite:///{demo_copy}")
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.strip().splitlines() == [
            "moad: Escriba qué buscar: un folio, un nombre, una CURP, un teléfono o palabras de la descripción."]


def test_searching_needs_a_signed_in_user(demo_copy):
    result = moad("buscar", "hernandez", db=f"sqlite:///{demo_copy}")
    assert result.returncode == 2 and "requiere iniciar sesión" in result.stderr and result.stdout == ""


def test_a_phone_in_any_format_finds_the_person_masked_and_is_recorded(demo_copy):
    folio, nombre, apellido, telefono = _person(demo_copy)
    url = f"sqlite:///{demo_copy}"
    spaced, dashed = f"+52 {telefono[:2]} {telefono[2:6]} {telefono[6:]}", f"({telefono[:2]}) {telefono[2:6]}-{telefono[6:]}"
    for typed in (telefono, spaced, dashed):
        result = moad("buscar", typed, "--json", db=url, user="oficial")
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)
        assert found["total"] >= 1 and found["resultados"][0]["folio"] == folio
        assert found["resultados"][0]["encontrada_por"] == "teléfono"
        assert nombre not in result.stdout and apellido not in result.stdout and telefono not in result.stdout
    with sqlite3.connect(demo_copy) as connection:
        logged = connection.execute("SELECT detalle FROM evento WHERE accion = 'busqueda_datos_personales'").fetchall()
    assert len(logged) == 3 and all(folio in row[0] and telefono not in row[0] for row in logged)


def test_a_folio_number_and_a_name_in_plain_text(demo_copy):
    folio, nombre, apellido, _ = _person(demo_copy)
    url = f"sqlite:///{demo_copy}"
    number = str(int(folio.rsplit("-", 1)[1]))
    result = moad("buscar", number, db=url, user="oficial")
    assert result.returncode == 0 and result.stdout.startswith(f"{folio}  ") and "(por folio)" in result.stdout
    assert result.stderr.strip() == "1 resultado."
    result = moad("buscar", f"{nombre.upper()} {apellido.lower()}", "--limite", "1", db=url, user="oficial")
    assert result.returncode == 0 and "(por nombre)" in result.stdout and len(result.stdout.splitlines()) == 1
    assert nombre not in result.stdout and "resultado" in result.stderr
    nothing = moad("buscar", "xyzzyqq", db=url, user="oficial")
    assert nothing.returncode == 0 and nothing.stdout == "" and nothing.stderr.strip() == "0 resultados."
