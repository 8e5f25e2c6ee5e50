"""Tests of `moad triage`, run as a real process the way a script or another program would call it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_URGENT = {"urgent": False, "category": None, "label": None, "matches": []}


def run_triage(stdin: bytes, *options: str) -> subprocess.CompletedProcess:
    """Run `python -m cli.main triage` with stdin and return the finished process, output as bytes."""
    return subprocess.run([sys.executable, "-m", "cli.main", "triage", *options],
                          cwd=ROOT, input=stdin, capture_output=True, timeout=60, check=False)


JSON_CASES = [
    ("mi señora trae un dolor en el pecho que le llega a la quijada y ya se puso gris",
     {"urgent": True, "category": "codigo_infarto", "label": "código infarto",
      "matches": ["dolor en el pecho", "llega a la quijada", "puso gris"]}),
    ("", NOT_URGENT),
    ("felicito al personal de urgencias", NOT_URGENT),
    ("paciente intubado, urge su envío al Centro Médico",
     {"urgent": True, "category": "traslado_grave", "label": "traslado de paciente grave",
      "matches": ["intubado", "urge su envío", "centro médico"]}),
    ("MI NIÑO NO RESPIRA", {"urgent": True, "category": "urgencia_medica", "label": "dificultad respiratoria",
                            "matches": ["no respira"]}),
    ("se le cayó la cara de un lado y no puede levantar el brazo",
     {"urgent": True, "category": "urgencia_medica", "label": "posible evento vascular cerebral",
      "matches": ["se le cayó la cara", "cara de un lado", "no puede levantar el brazo"]}),
    ("niega dolor torácico", NOT_URGENT),
    ("tuvo un infarto en 2019 y ahorita le volvió el dolor en el pecho",
     {"urgent": True, "category": "codigo_infarto", "label": "código infarto",
      "matches": ["volvió el dolor", "dolor en el pecho"]}),
    ("   ", NOT_URGENT),
]


@pytest.fixture(scope="module")
def json_run() -> subprocess.CompletedProcess:
    """One process fed every line of JSON_CASES, with Windows line ends on one of them."""
    lines = [text.encode() for text, _ in JSON_CASES]
    lines[0] += b"\r"
    return run_triage(b"\n".join(lines) + b"\n", "--json")


@pytest.mark.parametrize("index", range(len(JSON_CASES)), ids=[text[:30] or "vacía" for text, _ in JSON_CASES])
def test_json_output_has_one_object_per_line(json_run, index):
    assert json_run.returncode == 0, json_run.stderr
    lines = json_run.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(JSON_CASES)
    assert json.loads(lines[index]) == JSON_CASES[index][1]
    assert list(json.loads(lines[index])) == ["urgent", "category", "label", "matches"]


def test_json_output_keeps_accents_unescaped(json_run):
    assert "envío" in json_run.stdout.decode("utf-8") and "\\u00ed" not in json_run.stdout.decode("utf-8")


@pytest.mark.parametrize("text, line", [
    ("mi suegra siente un peso en el pecho y está empapada en sudor",
     "URGENTE — código infarto — «peso en el pecho», «empapada en sudor»"),
    ("mi niño se cayó de la litera, tiene la cabeza abierta y no deja de sangrar",
     "URGENTE — urgencia médica — trauma mayor — «cabeza abierta», «no deja de sangrar»"),
    ("requiere traslado a UCI", "URGENTE — traslado de paciente grave — «traslado a uci»"),
    ("pido la constancia de mi envío a segundo nivel de marzo", "sin urgencia"),
    ("tuvo un infarto hace cinco años y pide su receta", "sin urgencia — descartado (es del pasado): «infarto»"),
])
def test_human_output_is_one_spanish_line(text, line):
    finished = run_triage(text.encode() + b"\n")
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.decode("utf-8") == line + "\n"


HOSTILE_LINES = [
    b"dolor en el pecho \x00\x00 con NUL",
    b"mi pap\xe1 no reacciona",  # Latin-1, not UTF-8
    b"\xff\xfe\xfd\xc3\x28 bytes sueltos",
    b"\x01\x02\x1b[31mcontrol\x7f\x0b\x0c",
    "🙂🚑💔 se está infartando 😭".encode(),
    b"x " * 50_000 + b"no respira",
    b"\xe2\x80\xa8separador de linea unicode\xe2\x80\xa9",
]


def test_hostile_input_never_crashes_and_keeps_one_line_per_line():
    finished = run_triage(b"\n".join(HOSTILE_LINES), "--json")
    assert finished.returncode == 0, finished.stderr
    results = [json.loads(line) for line in finished.stdout.decode("utf-8").splitlines()]
    assert len(results) == len(HOSTILE_LINES)
    assert [result["category"] for result in results] == [
        "codigo_infarto", "urgencia_medica", None, None, "codigo_infarto", "urgencia_medica", None]
    assert finished.stderr == b""


@pytest.mark.parametrize("stdin, output", [(b"", b""), (b"\n", b"sin urgencia\n"), (b"no respira", None)])
def test_empty_input_and_a_last_line_without_newline(stdin, output):
    finished = run_triage(stdin)
    assert finished.returncode == 0
    if output is None:
        assert finished.stdout.decode("utf-8").startswith("URGENTE — urgencia médica")
    else:
        assert finished.stdout == output


def test_help_and_usage_errors_are_spanish():
    helped = subprocess.run([sys.executable, "-m", "cli.main", "triage", "--help"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert helped.returncode == 0 and "entrada estándar" in helped.stdout and "--json" in helped.stdout
    wrong = run_triage(b"", "--xml")
    assert wrong.returncode == 2 and "argumentos no reconocidos" in wrong.stderr.decode("utf-8")
