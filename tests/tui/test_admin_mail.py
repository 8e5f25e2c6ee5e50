"""Administración's «Correo» tab: the administrator sets the SMTP server, the password stays in a private file (never
in the database nor the log), and «Verificar» talks to a real server on 127.0.0.1 or says why it cannot."""

import os

from services.demo import populate
from services.mail.server import PASSWORD_FILE, password
from tests.conftest import DEFAULT_NOW
from tests.mail_server import LocalSmtp
from tests.tui.conftest import admin_tab, screen_text, settle, type_text

SECRET = "Clave-De-Prueba-9137"


def _status(app) -> str:
    return str(app.screen.query_one("#admin-status").render())


async def test_the_administrator_sets_the_mail_server_and_checks_it(app_factory, monkeypatch):
    monkeypatch.delenv("MOAD_SMTP_CLAVE", raising=False)
    app = app_factory(lambda engine: populate(engine, n=3, today=DEFAULT_NOW.date()))
    with LocalSmtp() as smtp:
        async with app.run_test(size=(110, 36)) as pilot:
            await admin_tab(pilot, "tab-correo")
            assert "No hay servidor de correo configurado" in str(app.screen.query_one("#admin-mail").render())
            await pilot.press("c")
            await settle(pilot)
            assert type(app.screen).__name__ == "FormDialog"
            app.screen.query_one("#f-host").focus()
            await type_text(pilot, "127.0.0.1")
            port = app.screen.query_one("#f-puerto")
            port.value = ""
            port.focus()
            await type_text(pilot, "no es puerto")
            app.screen.query_one("#f-seguridad").value = "ninguna"
            app.screen.query_one("#f-remitente").focus()
            await type_text(pilot, "moad@unidad.example")
            app.screen.query_one("#f-clave").focus()
            await type_text(pilot, SECRET)
            await pilot.press("ctrl+s")
            await settle(pilot)
            # A bad port is refused in Spanish and nothing typed is lost.
            assert "El puerto es un número" in screen_text(app)
            assert app.screen.query_one("#f-host").value == "127.0.0.1"
            assert app.screen.query_one("#f-clave").value == SECRET
            port = app.screen.query_one("#f-puerto")
            port.value = ""
            port.focus()
            await type_text(pilot, str(smtp.port))
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert type(app.screen).__name__ == "AdminScreen"
            assert f"Servidor de correo guardado: 127.0.0.1:{smtp.port}." in _status(app)
            shown = str(app.screen.query_one("#admin-mail").render())
            assert f"127.0.0.1:{smtp.port}" in shown and "guardada en el archivo privado" in shown
            assert SECRET not in screen_text(app)
            await pilot.press("v")
            await settle(pilot)
            await app.workers.wait_for_complete()
            await settle(pilot)
            assert "El servidor de correo respondió" in _status(app)
            # The server goes away: «Verificar» says so instead of «respondió».
            smtp.controller.stop()
            smtp.controller.start = smtp.controller.stop = lambda: None  # already stopped when the block ends
            await pilot.press("v")
            await app.workers.wait_for_complete()
            await settle(pilot)
            refused = _status(app)
            assert "No se pudo hablar con el servidor de correo" in refused, refused
    data_dir = app.ctx.data_dir
    assert password(data_dir) == SECRET
    kept = data_dir / "correo" / PASSWORD_FILE
    assert oct(os.stat(kept).st_mode & 0o777) == "0o600"
    # The secret is nowhere else: not in the database file, not in the desk's log.
    database = app.ctx.engine.url.database
    with open(database, "rb") as stored:
        assert SECRET.encode() not in stored.read()
    for log in data_dir.rglob("*.log"):
        assert SECRET not in log.read_text(errors="replace")
