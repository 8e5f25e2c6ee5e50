"""Administración's «Correo» tab: the unit's SMTP server (host, port, STARTTLS/SSL, sender, user) and its password,
set with the same services as `moad correo servidor|clave`, and a connection check."""

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Button, Static, TabPane

from models import ServidorCorreo
from services.mail.server import SECURITY, configure, find_server, password_source, probe
from tui.context import desk
from tui.dialogs.admin_form import FormDialog, FormField
from tui.work import call

MAIL_HELP = ("C: configurar el servidor SMTP · V: verificar la conexión (conecta, saluda y sale; no envía nada). "
             "La contraseña queda en un archivo privado de este equipo, nunca en la base de datos.")
SECURITY_OPTIONS = (("STARTTLS (puerto 587)", "starttls"), ("SSL/TLS (puerto 465)", "ssl"),
                    ("Sin cifrado (solo red local)", "ninguna"))
PASSWORD_TEXT = {"entorno": "la da MOAD_SMTP_CLAVE (gestor de servicios)",
                 "archivo": "guardada en el archivo privado de este equipo", "": "no guardada"}


def port_value(values: dict) -> dict:
    """The form's values with the port as a number."""
    port = values["puerto"].strip()
    if not port.isdigit():
        raise ValueError("El puerto es un número: 587 con STARTTLS, 465 con SSL/TLS.")
    return {**values, "puerto": int(port)}


def server_text(server, source: str) -> Text:
    """What the tab says of the server; the password only by where it is kept."""
    if server is None:
        return Text("No hay servidor de correo configurado: los acuses y las respuestas no se envían por correo. "
                    "C: configurarlo.")
    return Text(f"Servidor: {server.host}:{server.puerto} ({SECURITY[server.seguridad]})\n"
                f"Remitente: {server.remitente}\n"
                f"Usuario: {server.usuario or 'sin autenticación'}\n"
                f"Contraseña: {PASSWORD_TEXT[source]}")


class MailTab(Screen):
    """The tab and its two actions, for AdminScreen."""

    mail_server: ServidorCorreo | None = None

    def mail_pane(self) -> ComposeResult:
        """The tab: the server in force and the two buttons."""
        with TabPane("Correo", id="tab-correo"):
            yield Static("Cargando…", id="admin-mail")
            yield Button("Configurar (C)", id="admin-mail-configure", action="screen.mail", compact=True)
            yield Button("Verificar la conexión (V)", id="admin-mail-probe", action="screen.mail_probe", compact=True)

    def _status(self, message: str, *, error: bool = False) -> None:
        raise NotImplementedError

    def load_mail(self) -> None:
        """Show the server recorded for the unit."""
        call(self, find_server, on_done=self._show_mail, group="admin-correo", exclusive=True,
             unidad_id=desk(self).unidad_id)

    def _show_mail(self, server) -> None:
        self.mail_server = server
        self.query_one("#admin-mail", Static).update(server_text(server, password_source(desk(self).data_dir)))

    def action_mail(self) -> None:
        """Set the server; a password typed replaces the kept one, an empty one keeps it."""
        ctx, server = desk(self), self.mail_server
        fields = [FormField("host", "Servidor SMTP", value=server.host if server else "",
                            placeholder="p. ej. smtp.issste.gob.mx"),
                  FormField("puerto", "Puerto", value=str(server.puerto) if server else "587"),
                  FormField("seguridad", "Seguridad", value=server.seguridad if server else "",
                            options=SECURITY_OPTIONS),
                  FormField("remitente", "Remitente (correo del módulo)", value=server.remitente if server else ""),
                  FormField("usuario", "Usuario del servidor (vacío si no pide autenticación)",
                            value=server.usuario if server else ""),
                  FormField("clave", "Contraseña (vacía: conservar la guardada)", password=True)]
        dialog = FormDialog("Servidor de correo de la unidad", fields, configure, convert=port_value,
                            fixed={"actor": ctx.actor, "unidad_id": ctx.unidad_id, "data_dir": ctx.data_dir},
                            note="La contraseña se guarda en un archivo privado del directorio de datos de este "
                                 "equipo (nunca en la base ni en el registro); cada equipo que envía la necesita.")
        self.app.push_screen(dialog, self._mail_saved)

    def _mail_saved(self, server) -> None:
        if server is not None:
            self._status(f"Servidor de correo guardado: {server.host}:{server.puerto}.")
            self.load_mail()

    def action_mail_probe(self) -> None:
        """Connect to the server as a send would, and say what it answered."""
        ctx = desk(self)
        self.query_one("#admin-mail-probe", Button).disabled = True
        call(self, probe, on_done=self._probed, on_error=self._probe_failed, group="admin-correo-prueba",
             exclusive=True, actor=ctx.actor, unidad_id=ctx.unidad_id, data_dir=ctx.data_dir)

    def _probed(self, answer: str) -> None:
        self.query_one("#admin-mail-probe", Button).disabled = False
        self._status(f"El servidor de correo respondió: {answer}.")

    def _probe_failed(self, message: str) -> None:
        self.query_one("#admin-mail-probe", Button).disabled = False
        self._status(message, error=True)
