"""The wheel works on its own: built from the repository, installed apart from it, it upgrades a database and renders an acuse."""

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs with -S (no site, so no editable install) from outside the repository: only the wheel provides the desk.
SCRIPT = """
import sys
from pathlib import Path
from services.database import open_database, write_session
from services.actor import SYSTEM
from services.catalogs.units import create_unit
from services.intake import register
from services.paperwork import acuse
import services
assert 'site-packages' not in services.__file__ and str(Path(services.__file__)).startswith(sys.argv[1]), services.__file__
data = Path(sys.argv[2])
engine = open_database(f"sqlite:///{data / 'moad.sqlite3'}")
with write_session(engine) as session:
    unit = create_unit(session=session, actor=SYSTEM, clave="UMF-W", nombre="Unidad de la rueda")
    petition = register(session=session, actor=SYSTEM, unidad=unit,
                        data={"tipo": "inconformidad", "descripcion": "Me duele el pecho y sudo frío"})
    document = acuse(session=session, actor=SYSTEM, folio=petition.folio, data_dir=data)
    print(petition.folio, petition.urgente, document.ruta)
"""


def test_the_wheel_installs_apart_and_renders_an_acuse(tmp_path):
    # Built from a copy, so setuptools' build/ folder never lands in the working tree.
    source = tmp_path / "fuente"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__",
                                                                 ".pytest_cache", "snapshot_report.html"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path / "dist"), str(source)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("moad_desk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "services/documents/acuse.py" in names and "assets/triage_lexicon.toml" in names
    assert "assets/triage_model.json" in names
    assert "tui/app.tcss" in names and "models/migrations/script.py.mako" in names
    assert not [name for name in names if name.startswith("tests/")]
    target = tmp_path / "instalado"
    zipfile.ZipFile(wheel).extractall(target)
    dependencies = sysconfig.get_paths()["purelib"]
    data = tmp_path / "datos"
    data.mkdir()
    run = subprocess.run([sys.executable, "-S", "-c", SCRIPT, str(target), str(data)], cwd=tmp_path,
                         env={"PYTHONPATH": f"{target}:{dependencies}", "MOAD_DATA_DIR": str(data), "HOME": str(tmp_path)},
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    folio, urgent, path = run.stdout.split()
    assert urgent == "True"
    from pypdf import PdfReader

    assert folio in " ".join(PdfReader(path).pages[0].extract_text().split())
