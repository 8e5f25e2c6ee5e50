"""The unit's SMTP server: set in administration, its password in a 0600 file of the data folder, never in the database."""

import os
import smtplib
import socket
import ssl
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.orm import Session
from sqlmodel import select

from models import ServidorCorreo
from services import audit
from services.actor import Actor, require
from services.errors import DomainError, InvalidInput, NotFound
from services.privacy import mask_free_text
from services.private_files import data_folder, inside, write_private

SECURITY = {"starttls": "STARTTLS", "ssl": "SSL/TLS", "ninguna": "sin cifrado (solo red local)"}
PASSWORD_FILE = "smtp-clave"
TIMEOUT_SECONDS = 20


def set_server(*, session: Session, actor: Actor, unidad_id: int, host: str, puerto: int, seguridad: str,
               remitente: str, usuario: str = "") -> ServidorCorreo:
    """Record (or replace) the unit's SMTP server after checking each field."""
    require(actor, "catalogos")
    host = host.strip()
    if not host or any(c.isspace() for c in host):
        raise InvalidInput("Escriba el servidor de correo (por ejemplo smtp.issste.gob.mx), sin espacios.")
    if not 1 <= puerto <= 65535:
        raise InvalidInput("El puerto del servidor de correo va de 1 a 65535 (587 con STARTTLS, 465 con SSL).")
    if seguridad not in SECURITY:
        raise InvalidInput("La seguridad del servidor de correo es STARTTLS, SSL/TLS o sin cifrado.")
    try:
        remitente = validate_email(remitente.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidInput("El remitente debe ser una dirección de correo válida (la del módulo).") from None
    server = session.execute(select(ServidorCorreo).where(ServidorCorreo.unidad_id == unidad_id)).scalar_one_or_none()
    server = server or ServidorCorreo(unidad_id=unidad_id, host=host, remitente=remitente)
    server.host, server.puerto, server.seguridad, server.remitente, server.usuario = (
        host, puerto, seguridad, remitente, usuario.strip())
    session.add(server)
    session.flush()
    audit.record(session, actor=actor, accion="servidor_correo", unidad_id=unidad_id,
                 detalle={"host": host, "puerto": puerto, "seguridad": seguridad})
    return server


def find_server(session: Session, unidad_id: int) -> ServidorCorreo | None:
    """The unit's SMTP server, or None while none is set."""
    return session.execute(select(ServidorCorreo).where(ServidorCorreo.unidad_id == unidad_id)).scalar_one_or_none()


def get_server(session: Session, unidad_id: int) -> ServidorCorreo:
    """The unit's SMTP server, or a Spanish refusal pointing to Administración."""
    server = find_server(session, unidad_id)
    if server is None:
        raise NotFound("No hay servidor de correo configurado para la unidad; configúrelo en Administración.")
    return server


def set_password(data_dir: Path, password: str) -> Path:
    """Keep the SMTP password in the desk's private data folder (0600), replacing any earlier one."""
    return write_private(inside(data_folder(data_dir, "correo"), PASSWORD_FILE), password.encode("utf-8"))


def password(data_dir: Path) -> str:
    """The SMTP password: MOAD_SMTP_CLAVE when set (for a service manager's secret), else the private file."""
    if (secret := os.environ.get("MOAD_SMTP_CLAVE")) is not None:
        return secret
    path = Path(data_dir) / "correo" / PASSWORD_FILE
    return path.read_text(encoding="utf-8") if path.exists() else ""


def connect(server: ServidorCorreo, data_dir: Path) -> smtplib.SMTP:
    """An open, authenticated SMTP connection to the unit's server."""
    context = ssl.create_default_context()
    if server.seguridad == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.puerto, timeout=TIMEOUT_SECONDS, context=context)
    else:
        smtp = smtplib.SMTP(server.host, server.puerto, timeout=TIMEOUT_SECONDS)
        if server.seguridad == "starttls":
            smtp.starttls(context=context)
    if server.usuario:
        smtp.login(server.usuario, password(data_dir))
    return smtp


# The operating system's reasons come in English; the usual ones, said as an administrator can act on them.
_NETWORK_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (ConnectionRefusedError, "rechazó la conexión (revise el host y el puerto, y que el servicio esté encendido)"),
    (socket.gaierror, "no se encontró ese nombre de servidor (revise el host)"),
    (TimeoutError, "no respondió a tiempo (revise el host, el puerto y que la red lo alcance)"),
    (ssl.SSLError, "falló la conexión segura (revise si el puerto usa STARTTLS o SSL)"),
    (OSError, "la red no permitió la conexión (revise el host y el puerto)"),
)


def explain(error: BaseException) -> str:
    """The reason in Spanish with the server's own answer, addresses and numbers hidden."""
    if isinstance(error, DomainError):
        return str(error)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = "; ".join(f"{code} {text.decode('utf-8', 'replace')}" for code, text in error.recipients.values())
        return mask_free_text(f"El servidor rechazó la dirección del peticionario: {answers}")
    if isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return mask_free_text(f"El servidor respondió {error.smtp_code} {answer}")
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return ("El servidor de correo no admite en ese puerto lo que se le pidió (STARTTLS o inicio de sesión): "
                "revise la seguridad elegida y el puerto.")
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "El servidor de correo cerró la conexión antes de aceptar el mensaje."
    for kind, reason in _NETWORK_REASONS:
        if isinstance(error, kind) and not isinstance(error, smtplib.SMTPException):
            return f"No se pudo hablar con el servidor de correo: {reason}."
    return f"No se pudo hablar con el servidor de correo ({type(error).__name__}: {mask_free_text(str(error))})."


def configure(*, session: Session, actor: Actor, unidad_id: int, data_dir: Path, host: str, puerto: int,
              seguridad: str, remitente: str, usuario: str = "", clave: str = "") -> ServidorCorreo:
    """Administración's form: the server as set_server records it, and a password typed there kept as set_password
    keeps it (an empty one leaves the kept one alone)."""
    server = set_server(session=session, actor=actor, unidad_id=unidad_id, host=host, puerto=puerto,
                        seguridad=seguridad, remitente=remitente, usuario=usuario)
    if clave:
        set_password(data_dir, clave)
    return server


def password_source(data_dir: Path) -> str:
    """Where the password comes from, never the password: «entorno», «archivo» or «» when there is none."""
    if os.environ.get("MOAD_SMTP_CLAVE") is not None:
        return "entorno"
    return "archivo" if (Path(data_dir) / "correo" / PASSWORD_FILE).exists() else ""


def probe(*, session: Session, actor: Actor, unidad_id: int, data_dir: Path) -> str:
    """Connect to the unit's server as a send does (TLS, sign-in), say NOOP and leave; the server's answer, or a
    Spanish refusal with its reason."""
    require(actor, "catalogos")
    server = get_server(session, unidad_id)
    try:
        smtp = connect(server, data_dir)
        try:
            smtp.ehlo_or_helo_if_needed()
            code, text = smtp.noop()
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
    except (OSError, smtplib.SMTPException) as error:
        raise InvalidInput(explain(error)) from None
    return f"{code} {text.decode('utf-8', 'replace')}"
