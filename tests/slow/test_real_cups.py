"""A real CUPS with a cups-pdf queue, when the machine has one: the acuse printed through `lp` comes out as a PDF
whose text still names the folio."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from services import paperwork, printing
from services.database import read_session, write_session
from tests.conftest import mx
from tests.factories import register_full

pytestmark = pytest.mark.slow


def _cups_pdf_queue() -> str | None:
    """A CUPS queue whose device is cups-pdf, or None (no CUPS, no scheduler, no such queue)."""
    if shutil.which("lpstat") is None or shutil.which("lp") is None:
        return None
    try:
        listing = subprocess.run(["lpstat", "-v"], capture_output=True, text=True, timeout=10,
                                 env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"}).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in listing.splitlines():
        # «device for PDF: cups-pdf:/»
        if line.startswith("device for ") and line.rstrip().endswith("cups-pdf:/"):
            return line.removeprefix("device for ").partition(":")[0]
    return None


def _output_folder() -> Path:
    """Where cups-pdf writes (its «Out» setting, ${HOME}/PDF by default) for the user running the test."""
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("Out "):
                out = line.split(None, 1)[1].strip()
    return Path(out.replace("${HOME}", str(Path.home())))


@pytest.mark.skipif(_cups_pdf_queue() is None, reason="no hay CUPS con una cola cups-pdf en este equipo")
def test_the_acuse_goes_through_a_real_cups_pdf_queue(desk, tmp_path):
    queue = _cups_pdf_queue()
    assert queue is not None
    p = register_full(desk, mx(2026, 11, 13, 10, 5))
    with write_session(desk.engine) as s:
        acuse = paperwork.acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)
    with read_session(desk.engine) as s:
        printed = printing.print_stored(session=s, actor=desk.oficial, data_dir=tmp_path, documento_id=acuse.id,
                                        printer=queue)
    assert printed.solicitud.startswith(f"{queue}-")
    job = printed.solicitud.rpartition("-")[2]
    folder = _output_folder()
    # cups-pdf names its output after the job's title and number: «acuse-FOLIO…job_N.pdf».
    deadline = time.monotonic() + 60
    found: list[Path] = []
    while time.monotonic() < deadline and not found:
        found = list(folder.glob(f"acuse-{p.folio}*job_{job}.pdf")) if folder.exists() else []
        time.sleep(0.5)
    assert found, f"cups-pdf no dejó el PDF del trabajo {printed.solicitud} en {folder}"
    text = subprocess.run(["pdftotext", str(found[0]), "-"], capture_output=True, text=True, check=True).stdout
    assert p.folio in text and "Acuse de recibo" in " ".join(text.split())
    found[0].unlink()
