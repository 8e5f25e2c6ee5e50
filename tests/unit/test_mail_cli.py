"""`moad correo` as a cron job or an administrator would use it: configure, keep the password, send, list failures,
and a sender killed in the middle of a message loses nothing."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Correo
from models.enums import Rol
from services import paperwork
from services.actor import SYSTEM
from services.calendar import freeze, now_utc
from services.catalogs.users import add_user
from services.database import read_session, write_session
from services.mail import outbox
from tests.cli_runner import ROOT, moad
from tests.conftest import child_env
from tests.factories import register_full
from tests.mail_server import LocalSmtp

PIN = "135790"


@pytest.fixture
def setup(desk, tmp_path):
    with write_session(desk.engine) as s:
        add_user(session=s, actor=SYSTEM, unidad_id=desk.unidad.id, usuario="admin2", nombre="Administradora Prueba",
                 rol=Rol.ADMINISTRADOR, pin=PIN)
    with LocalSmtp() as smtp:
        yield desk, desk.engine.url.render_as_string(hide_password=False), smtp, tmp_path / "datos"


def _configure(url, port, data_dir, **extra):
    options = {"--host": "127.0.0.1", "--puerto": str(port), "--seguridad": "ninguna",
               "--remitente": "moad.umf@example.mx", **extra}
    return moad("correo", "servidor", *[part for pair in options.items() for part in pair], db=url, data_dir=data_dir,
                user="admin2", pin=PIN)


def test_the_administrator_configures_the_server_and_keeps_the_password_apart(setup):
    _desk, url, smtp, data_dir = setup
    done = _configure(url, smtp.port, data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"127.0.0.1\t{smtp.port}\tninguna\tmoad.umf@example.mx\n"
    bad = _configure(url, smtp.port, data_dir, **{"--puerto": "0"})
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.strip().splitlines()[-1].startswith("moad: El puerto del servidor de correo va de 1 a 65535")
    kept = moad("correo", "clave", stdin="s3creto-ñ\n", data_dir=data_dir)
    assert kept.returncode == 0, kept.stderr
    assert "s3creto" not in kept.stdout + kept.stderr
    secret = data_dir / "correo" / "smtp-clave"
    assert secret.read_text(encoding="utf-8") == "s3creto-ñ" and secret.stat().st_mode & 0o777 == 0o600
    empty = moad("correo", "clave", stdin="\n", data_dir=data_dir)
    assert (empty.returncode, empty.stderr.strip()) == (2, "moad: Escriba la contraseña SMTP en la primera línea de la entrada.")


def _queued_acuse(desk, data_dir):
    p = register_full(desk)
    with write_session(desk.engine) as s:
        paperwork.acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=data_dir)
    return p


def test_a_sender_killed_while_the_server_reads_the_message_loses_nothing(setup):
    desk, url, smtp, data_dir = setup
    assert _configure(url, smtp.port, data_dir).returncode == 0
    p = _queued_acuse(desk, data_dir)
    smtp.handler.mode = "hang"
    env = child_env(MOAD_DATA_DIR=str(data_dir))
    child = subprocess.Popen([sys.executable, "-m", "cli.main", "correo", "enviar", "--db", url], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while smtp.handler.data_started == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert smtp.handler.data_started == 1
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    smtp.handler.mode = "accept"
    with read_session(desk.engine) as s:
        row = s.execute(select(Correo)).scalar_one()
    assert (row.estado, row.enviado_en) == (outbox.ENVIANDO, None)
    soon = moad("correo", "enviar", db=url, data_dir=data_dir)
    assert soon.stdout == "enviados\t0\nfallidos\t0\n" and smtp.handler.received == []
    freeze(now_utc() + outbox.STALE_CLAIM)
    later = moad("correo", "enviar", db=url, data_dir=data_dir)
    assert later.stdout == "enviados\t1\nfallidos\t0\n", later.stderr
    [message] = smtp.handler.received
    assert message["Message-ID"].strip() == row.message_id
    assert message["Subject"] == f"Acuse de recibo de su petición {p.folio}"


def test_failures_are_listed_without_addresses(setup):
    desk, url, smtp, data_dir = setup
    assert _configure(url, smtp.port, data_dir).returncode == 0
    p = _queued_acuse(desk, data_dir)
    smtp.handler.mode = "refuse"
    assert moad("correo", "enviar", db=url, data_dir=data_dir).stdout == "enviados\t0\nfallidos\t1\n"
    listed = moad("correo", "estado", "--json", db=url, data_dir=data_dir)
    [row] = json.loads(listed.stdout)
    assert (row["folio"], row["clase"], row["estado"], row["intentos"]) == (p.folio, "acuse", "pendiente", 1)
    assert row["proximo_intento"] == (now_utc() + timedelta(minutes=1)).isoformat()
    assert "550" in row["error"] and "ximena" not in listed.stdout.lower()
    assert listed.stderr.strip() == "1 correo(s) sin enviar."
