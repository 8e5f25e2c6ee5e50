"""The unit's SMTP server: set in administration, its password in a 0600 file of the data folder, never in the database."""

import os
import smtplib
import ssl
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.orm import Session
from sqlmodel import select

from models import ServidorCorreo
from services import audit
from services.actor import Actor, require
from services.errors import InvalidInput, NotFound
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


def get_server(session: Session, unidad_id: int) -> ServidorCorreo:
    """The unit's SMTP server, or a Spanish refusal pointing to Administración."""
    server = session.execute(select(ServidorCorreo).where(ServidorCorreo.unidad_id == unidad_id)).scalar_one_or_none()
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
