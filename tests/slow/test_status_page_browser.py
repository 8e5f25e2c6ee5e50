"""The status page in a real headless browser (the distribution's Chromium): the acuse's link shows the state."""

import shutil
import subprocess
import threading
import time

import pytest
import uvicorn
from sqlalchemy import select

from models import Peticion
from services import paperwork
from services.database import write_session
from tests.factories import register_full
from tests.mail_server import free_port
from web.status_page import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def served(desk, tmp_path):
    if CHROMIUM is None:
        pytest.skip("Chromium no está instalado (apt-get install chromium): se omite la prueba en el navegador")
    p = register_full(desk)
    with write_session(desk.engine) as s:
        paperwork.acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)
        code = s.execute(select(Peticion.clave_consulta).where(Peticion.id == p.id)).scalar_one()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(build(desk.engine), host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", p.folio, code, tmp_path
    server.should_exit = True
    thread.join(timeout=10)


def _chromium(*args: str, profile) -> str:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120).stdout


def test_the_acuse_link_shows_the_state_in_a_real_browser(served):
    base, folio, code, tmp_path = served
    dom = _chromium("--dump-dom", f"{base}/c/{folio}/{code}", profile=tmp_path / "perfil")
    assert f"<dd>{folio}</dd>" in dom
    assert "Recibida: el módulo la enviará al área que debe atenderla." in dom
    wrong = _chromium("--dump-dom", f"{base}/c/{folio}/AAAAAAAAAA", profile=tmp_path / "perfil")
    assert "No encontramos una petición con ese folio y esa clave" in wrong and "<dl" not in wrong
    shot = tmp_path / "consulta.png"
    _chromium(f"--screenshot={shot}", "--window-size=480,720", f"{base}/c/{folio}/{code}", profile=tmp_path / "perfil")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
