"""The `moad` command line as a person runs it: results on stdout, Spanish errors with exit 2."""

import json
from datetime import datetime

import pytest

from services.calendar import MEXICO_CITY, freeze
from services.pending_labels import ACTION_ORDER
from tests.cli_runner import moad


@pytest.fixture
def cli_db(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_vencimiento_prints_the_due_date(cli_db):
    result = moad("vencimiento", "2026-11-13", "3", db=cli_db)
    assert (result.returncode, result.stdout) == (0, "2026-11-19\n")
    assert "Base de datos creada" in result.stderr
    assert moad("vencimiento", "13/11/2026", "3", db=cli_db).stdout == "2026-11-19\n", "dd/mm/aaaa is read too"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("vencimiento", "31/02/2026", "3"), "no es una fecha válida"),
        (("vencimiento", "2026-11-13", "tres"), "no es un número de días"),
        (("vencimiento",), "faltan los argumentos"),
        (("nada",), "opción no válida"),
        (("importar", "/no/existe.csv"), "No se puede leer /no/existe.csv: no existe."),
        (("importar", "/tmp"), "No se puede leer /tmp: es una carpeta, no un archivo."),
        (("pendientes", "--unidad", "NOEXISTE"), "No existe la unidad"),
    ],
)
def test_bad_input_is_one_spanish_line_and_exit_2(cli_db, args, fragment):
    result = moad(*args, db=cli_db)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Base de datos")]
    assert result.returncode == 2
    assert len(lines) == 1 and fragment in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_demo_then_pendientes_shows_real_actions(cli_db):
    made = moad("demo", "--peticiones", "1500", db=cli_db)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "1500"
    result = moad("pendientes", "--json", db=cli_db)
    assert result.returncode == 0, result.stderr
    actions = [json.loads(line) for line in result.stdout.splitlines()]
    on_petitions = [a for a in actions if a["folio"]]
    assert on_petitions, actions
    assert {a["accion"] for a in on_petitions} <= {"canalizar", "recordatorio_1", "recordatorio_2", "oficio_superior",
                                                   "informar_sad", "prorroga_vencida", "notificar", "resguardo", "acuse_buzon",
                                                   "contactar_datos", "cerrar_sinapp"}
    assert "contactar_datos" in {a["accion"] for a in on_petitions}, "the demo has petitions with data to complete"
    assert all(set(a) >= {"accion", "descripcion", "vence_en", "dias_vencido", "urgente", "folio"} for a in actions)
    order = {accion: index for index, accion in enumerate(ACTION_ORDER)}
    keys = [(not a["urgente"], order[a["accion"]], a["vence_en"], a["folio"] or "") for a in actions]
    assert keys == sorted(keys), "urgent first, then by action, due date and folio"
    text = moad("pendientes", db=cli_db)
    assert text.returncode == 0 and "acciones pendientes" in text.stderr
    limited = [json.loads(line) for line in moad("pendientes", "--json", "--limite", "2", db=cli_db).stdout.splitlines()]
    first_two = {}
    for action in actions:
        if len(first_two.setdefault(action["accion"], [])) < 2:
            first_two[action["accion"]].append(action)
    assert sorted(map(json.dumps, limited)) == sorted(json.dumps(a) for kind in first_two.values() for a in kind), \
        "--limite keeps the first N of each kind"
    assert len(limited) < len(actions)


def test_pendientes_tells_when_the_monthly_report_falls_due(cli_db, tmp_path):
    freeze(datetime(2026, 12, 4, 9, tzinfo=MEXICO_CITY))
    assert moad("demo", "--peticiones", "200", db=cli_db).returncode == 0

    def report(day: str) -> list[dict]:
        result = moad("pendientes", "--json", "--fecha", day, db=cli_db)
        assert result.returncode == 0, result.stderr
        return [a for a in map(json.loads, result.stdout.splitlines()) if a["accion"] == "informe_mensual"]

    november = {"anio": 2026, "mes": 11}
    assert [(a["detalle"], a["vence_en"], a["vencido"], a["dias_vencido"]) for a in report("2026-12-04")] == [
        (november, "2026-12-14", False, 0)]
    assert [(a["vence_en"], a["vencido"], a["dias_vencido"]) for a in report("2026-12-15")] == [
        ("2026-12-14", True, 1)]
    shown = moad("pendientes", "--fecha", "2026-12-04", db=cli_db)
    text = shown.stdout
    assert "acciones pendientes al 04/12/2026 en CMF-DEMO." in shown.stderr
    assert "informe mensual (Anexo 1) de 11/2026 (L17) — vence el 14/12/2026" in text
    assert "vence hoy" not in next(line for line in text.splitlines() if "Anexo 1" in line)


def test_importar_prints_folios_and_is_idempotent(cli_db, tmp_path):
    moad("demo", "--peticiones", "0", db=cli_db)
    sheet = tmp_path / "sidac.csv"
    sheet.write_text("recibida,tipo,canal,descripcion,id_externo\n2026-11-10,inconformidad,presidencia,Sin cita,S-1\n"
                     "2026-11-11,sugerencia,gobmx,Más bancas,G-1\n", encoding="utf-8")
    first = moad("importar", str(sheet), db=cli_db, user="oficial")
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == ["CMF-DEMO-2026-000001", "CMF-DEMO-2026-000002"]
    second = moad("importar", str(sheet), db=cli_db, user="oficial")
    assert (second.returncode, second.stdout) == (0, "")
    assert "ya estaban en la base de datos: 2" in second.stderr


def test_importar_refuses_bad_file_listing_lines(cli_db, tmp_path):
    moad("demo", "--peticiones", "0", db=cli_db)
    sheet = tmp_path / "malo.csv"
    sheet.write_text("recibida,tipo,canal,descripcion\n2026-11-10,queja,modulo,x\n2026-11-10,inconformidad,fax,y\n",
                     encoding="utf-8")
    result = moad("importar", str(sheet), db=cli_db, user="oficial")
    assert result.returncode == 2
    assert "línea 2" in result.stderr and "línea 3" in result.stderr and "Traceback" not in result.stderr


def test_inhabil_agregar_and_lista(cli_db):
    moad("demo", "--peticiones", "0", db=cli_db)
    added = moad("inhabil", "agregar", "2026-12-12", "--motivo", "Día de la Virgen de Guadalupe", "--fundamento", "DOF",
                 db=cli_db, user="admin")
    assert added.returncode == 0, added.stderr
    listed = moad("inhabil", "lista", "--anio", "2026", db=cli_db)
    assert "2026-12-12\tDía de la Virgen de Guadalupe\tDOF" in listed.stdout
    assert "2026-11-16\tDía de la Revolución" in listed.stdout
    again = moad("inhabil", "agregar", "2026-12-12", "--motivo", "otra vez", db=cli_db, user="admin")
    assert again.returncode == 2 and "ya está registrado" in again.stderr
    due = moad("vencimiento", "2026-12-10", "2", db=cli_db)
    assert due.stdout == "2026-12-14\n"
    removed = moad("inhabil", "quitar", "2026-12-12", db=cli_db, user="admin")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout == "2026-12-12\n" and "Día inhábil quitado; vencimientos recalculados: 0." in removed.stderr
    assert "2026-12-12" not in moad("inhabil", "lista", "--anio", "2026", db=cli_db).stdout
    holiday = moad("inhabil", "quitar", "2026-11-16", db=cli_db, user="admin")
    assert holiday.returncode == 2 and "feriado de ley" in holiday.stderr


def test_the_desk_on_a_damaged_database_says_so_in_one_line(tmp_path):
    damaged = tmp_path / "danada.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    result = moad(db=f"sqlite:///{damaged}")
    assert (result.returncode, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("moad: ")
    assert "Traceback" not in result.stderr


def test_auditoria_verificar_checks_the_database_first(cli_db):
    moad("demo", "--peticiones", "20", db=cli_db)
    result = moad("auditoria", "verificar", db=cli_db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Comprobando la integridad de la base de datos" in result.stderr and "Bitácora íntegra." in result.stderr
