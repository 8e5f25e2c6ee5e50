"""The CSV importer: all-or-nothing validation by line, idempotent re-import, streamed in constant memory."""

import gc
import os
import pty
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Evento, Peticion
from services import importer
from services.actor import SYSTEM
from services.calendar import MEXICO_CITY
from services.database import read_session
from services.demo import DEMO_PIN
from services.errors import InvalidInput
from services.importer import import_file, import_rows, parse
from tests.conftest import child_env

TODAY = date(2026, 11, 22)
HEADER = "recibida,tipo,canal,descripcion,nombre,primer_apellido,telefono,id_externo\n"
GOOD = (
    HEADER
    + "2026-11-10,inconformidad,presidencia,\"No me dan cita, ¿por qué?\",Ximena,Prueba,5512345678,SIDAC-100\n"
    + "2026-11-11T09:30,sugerencia,gobmx,Pongan más bancas,,,,GOB-7\n"
    + "2026-11-12,reconocimiento,correo,Gracias a la enfermera Ñúñez,Íñigo,Generado,,\n"
)


def _count(engine, model):
    with read_session(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar()


def test_import_and_reimport_adds_nothing(desk):
    items = [item for _, item in parse(GOOD.encode(), today=TODAY)]
    first = import_rows(desk.engine, actor=SYSTEM, items=items, unidad_clave=None)
    assert first.folios == ["UMF-T1-2026-000001", "UMF-T1-2026-000002", "UMF-T1-2026-000003"]
    again = import_rows(desk.engine, actor=SYSTEM, items=items, unidad_clave=None)
    assert again.folios == ["UMF-T1-2026-000004"]  # the row without id_externo cannot be recognised
    assert again.ya_importadas == 2
    assert _count(desk.engine, Peticion) == 4
    assert _count(desk.engine, Evento) >= 4


@pytest.mark.parametrize(
    "content, expected",
    [
        (HEADER + "2026-11-10,queja,modulo,texto,,,,\n", "línea 2: tipo"),
        (HEADER + "2026-11-10,inconformidad,fax,texto,,,,\n", "línea 2: medio de captación"),
        (HEADER + "2026-02-30,inconformidad,modulo,texto,,,,\n", "línea 2: fecha de recepción"),
        (HEADER + "2027-01-10,inconformidad,modulo,texto,,,,\n", "posterior a hoy"),
        (HEADER + "2026-11-10,inconformidad,modulo,,,,,\n", "línea 2: descripción"),
        (HEADER + "2026-11-10,inconformidad,modulo,texto,,,123,\n", "línea 2: teléfono"),
        ("recibida,tipo,descripcion\n2026-11-10,inconformidad,x\n", "faltan las columnas: canal"),
        ("recibida,tipo,canal,descripcion,color\n", "columnas desconocidas: color"),
        (HEADER + "2026-11-10,inconformidad,gobmx,a,,,,G1\n2026-11-10,inconformidad,gobmx,b,,,,G1\n", "línea 3: repite"),
        (HEADER + "2026-11-10,inconformidad,modulo\n", "número de columnas"),
        ("", "vacío"),
    ],
)
def test_bad_files_are_refused_with_the_line(content, expected):
    with pytest.raises(InvalidInput, match=expected):
        parse(content.encode(), today=TODAY)


def test_every_bad_row_is_listed_and_nothing_imported(desk):
    content = (HEADER + "2026-11-10,queja,modulo,x,,,,\n2026-11-10,inconformidad,modulo,ok,,,,\n"
               "2026-11-10,inconformidad,fax,x,,,,\n")
    with pytest.raises(InvalidInput) as refused:
        parse(content.encode(), today=TODAY)
    message = str(refused.value)
    assert "línea 2" in message and "línea 4" in message and "línea 3" not in message
    assert _count(desk.engine, Peticion) == 0


def test_wrong_encoding_is_refused():
    with pytest.raises(InvalidInput, match="UTF-8"):
        parse(GOOD.encode("latin-1"), today=TODAY)


def test_bom_is_accepted():
    assert len(parse(b"\xef\xbb\xbf" + GOOD.encode(), today=TODAY)) == 3


def _sheet(tmp_path: Path, rows: int, *, bad_at: int | None = None, name: str = "hoja.csv") -> Path:
    """A CSV of `rows` valid rows with distinct id_externo, the row numbered `bad_at` (from 1) of an unknown tipo."""
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(1, rows + 1):
            tipo = "queja" if i == bad_at else "inconformidad"
            out.write(f"2026-11-{(i % 20) + 1:02d},{tipo},gobmx,No hay cita número {i},Persona,Prueba,55{i:08d},G-{i}\n")
    return path


def _import(desk, path: Path, **options):
    return import_file(desk.engine, path, actor=SYSTEM, unidad_clave=None, today=TODAY, **options)


def test_a_bad_last_row_of_a_large_file_writes_nothing(desk, tmp_path):
    events = _count(desk.engine, Evento)
    with pytest.raises(InvalidInput) as refused:
        _import(desk, _sheet(tmp_path, 12_000, bad_at=12_000))
    assert "línea 12001: tipo" in str(refused.value) and str(refused.value).startswith("No se importó nada")
    assert (_count(desk.engine, Peticion), _count(desk.engine, Evento)) == (0, events)
    # The temporary table of keys went away with the rollback: the same connection imports again.
    assert _import(desk, _sheet(tmp_path, 3, name="buena.csv")).importadas == 3


def test_the_collector_runs_again_after_an_import_that_succeeds_or_fails_midway(desk, tmp_path, monkeypatch,
                                                                                 collector_on):
    assert _import(desk, _sheet(tmp_path, 250), chunk=100).importadas == 250
    assert gc.isenabled()
    seen = []

    def failing(**kwargs):
        seen.append(gc.isenabled())
        raise OSError("disco lleno")

    monkeypatch.setattr(importer, "register_many", failing)
    with pytest.raises(OSError) as failure:
        _import(desk, _sheet(tmp_path, 250, name="otra.csv"), chunk=100)
    assert seen == [False], "paused while a chunk is handled"
    # Checked while the traceback, and with it the import's frame, is still alive (as a caller logging it keeps it).
    assert failure.traceback and gc.isenabled(), "an error in the middle leaves the collector running"


def test_every_bad_line_of_every_chunk_is_listed_in_order(desk, tmp_path):
    path = _sheet(tmp_path, 250)
    with path.open("a", encoding="utf-8") as out:
        out.write("2026-11-10,inconformidad,gobmx,repite la primera,,,,G-1\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10].replace("inconformidad", "queja")
    lines[150] = lines[150].replace(",2026-", ",2026-").replace("gobmx", "fax")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        _import(desk, path, chunk=100)
    listed = str(refused.value).splitlines()[1:]
    assert [line.split(":")[0] for line in listed] == ["línea 11", "línea 151", "línea 252"]
    assert listed[2] == "línea 252: repite canal e id_externo de la línea 2"
    assert _count(desk.engine, Peticion) == 0


@pytest.mark.parametrize("rows", [100, 101, 199, 200])
def test_chunk_boundaries_keep_folios_consecutive_and_find_repeats(desk, tmp_path, rows):
    result = _import(desk, _sheet(tmp_path, rows), chunk=100)
    assert result.folios == [f"UMF-T1-2026-{n:06d}" for n in range(1, rows + 1)]
    assert (result.importadas, _count(desk.engine, Peticion)) == (rows, rows)
    with pytest.raises(InvalidInput, match=f"línea {rows + 2}: repite canal e id_externo de la línea {rows + 1}"):
        path = _sheet(tmp_path, rows, name="otra.csv")
        with path.open("a", encoding="utf-8") as out:
            out.write(f"2026-11-10,inconformidad,gobmx,otra vez,,,,G-{rows}\n")
        _import(desk, path, chunk=100)


def test_reimporting_a_large_file_skips_every_known_row(desk, tmp_path):
    path = _sheet(tmp_path, 4_500)
    first = _import(desk, path)
    assert (first.importadas, first.ya_importadas) == (4_500, 0)
    with path.open("a", encoding="utf-8") as out:
        out.write("2026-11-10,sugerencia,correo,Nueva,,,,C-1\n")
    again = _import(desk, path)
    assert (again.importadas, again.ya_importadas, again.folios) == (1, 4_500, ["UMF-T1-2026-004501"])
    with read_session(desk.engine) as session:
        registered = session.execute(select(func.count()).select_from(Evento).where(Evento.accion == "registrar")).scalar()
    assert registered == 4_501


def test_streamed_import_reports_the_same_problems_as_parse(desk, tmp_path):
    content = (HEADER + "2026-11-10,queja,modulo,x,,,,\n2026-11-10,inconformidad,modulo,ok,,,,\n"
               "2026-11-10,inconformidad,fax,x,,,,\n")
    path = tmp_path / "malo.csv"
    path.write_bytes(content.encode())
    with pytest.raises(InvalidInput) as streamed:
        _import(desk, path)
    with pytest.raises(InvalidInput) as in_memory:
        parse(content.encode(), today=TODAY)
    assert str(streamed.value) == str(in_memory.value)
    path.write_bytes(b"recibida,tipo,canal,descripcion\n2026-11-10,sugerencia,correo,bien\n2026-11-10,sugerencia,correo,\xe9\n")
    with pytest.raises(InvalidInput, match="línea 3"):
        _import(desk, path)
    path.write_bytes(HEADER.encode())
    with pytest.raises(InvalidInput, match="no tiene filas"):
        _import(desk, path)


# Streaming keeps one chunk at a time, so a file three times longer peaks at about the same memory; the old
# importer, which held the whole file and every insert's parameters, peaked in proportion to the rows (about 170 MB
# traced for 20,000 rows), and so did the one that refreshed the escalation index only at the commit.
SMALL_FILE, CHUNK = 1_500, 300
GROWTH_BOUND = 1.5


def _peak_of(desk, path: Path) -> int:
    tracemalloc.start()
    try:
        _import(desk, path, chunk=CHUNK)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_file(desk, tmp_path):
    _import(desk, _sheet(tmp_path, 10, name="calentar.csv"))  # lazy imports and caches are not the import's memory
    small = _peak_of(desk, _sheet(tmp_path, SMALL_FILE, name="corta.csv"))
    large = _peak_of(desk, _sheet(tmp_path, 3 * SMALL_FILE, name="larga.csv"))
    assert _count(desk.engine, Peticion) == 3 * SMALL_FILE
    assert large < GROWTH_BOUND * small, f"{small / 2**20:.1f} MB → {large / 2**20:.1f} MB"


def test_cli_progress_goes_to_a_terminal_on_stderr_and_folios_to_stdout(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env = child_env(MOAD_DATA_DIR=str(tmp_path))
    env.pop("MOAD_DATABASE_URL", None)
    base = [sys.executable, "-m", "cli.main"]
    root = Path(__file__).resolve().parents[2]
    subprocess.run([*base, "demo", "--peticiones", "0", "--db", url], cwd=root, env=env, check=True, capture_output=True)
    sheet = _sheet(tmp_path, 4_100)
    main, terminal = pty.openpty()
    try:
        done = subprocess.run([*base, "importar", str(sheet), "--db", url, "--usuario", "oficial", "--pin-stdin"],
                              cwd=root, env=env, input=f"{DEMO_PIN}\n".encode(), stdout=subprocess.PIPE,
                              stderr=terminal, timeout=300)
        os.close(terminal)
        shown = b""
        while True:
            try:
                block = os.read(main, 1 << 16)
            except OSError:  # the terminal's other end is closed: everything was read
                break
            if not block:
                break
            shown += block
    finally:
        os.close(main)
    assert done.returncode == 0, shown
    assert done.stdout.decode().splitlines() == [f"CMF-DEMO-2026-{n:06d}" for n in range(1, 4_101)]
    text = shown.decode()
    assert "2,000 filas" in text and "4,000 filas" in text and "Importadas: 4100" in text
    assert "filas" not in done.stdout.decode()


@pytest.mark.parametrize("written", ["10/11/2026", "10/11/2026 09:30", "2026-11-10", "2026-11-10T09:30"])
def test_reception_is_read_as_dd_mm_aaaa_or_iso(written):
    [(_, item)] = parse(f"recibida,tipo,canal,descripcion\n{written},sugerencia,correo,bien\n".encode(), today=TODAY)
    assert item.recibida_en.astimezone(MEXICO_CITY).date() == date(2026, 11, 10)
