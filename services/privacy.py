"""Masking personal data in lists (L16) and revealing it as a logged act."""

import re

from sqlalchemy.orm import Session

from models import Peticion
from services import audit
from services.actor import Actor, require
from services.lifecycle import get_petition

PERSONAL_FIELDS = ("nombre", "primer_apellido", "segundo_apellido", "curp", "telefono", "correo", "calle",
                   "numero_exterior", "numero_interior", "colonia", "codigo_postal", "municipio", "entidad")


def mask_word(word: str) -> str:
    """First letter and asterisks: «María» → «M****»."""
    return word[:1] + "*" * (len(word) - 1) if word else ""


def mask_name(name: str) -> str:
    """Every word of a name masked to its initial."""
    return " ".join(mask_word(w) for w in name.split())


def mask_phone(phone: str) -> str:
    """Only the last four digits shown."""
    return "*" * max(0, len(phone) - 4) + phone[-4:] if phone else ""


def mask_email(email: str) -> str:
    """The first letter of the user and the domain."""
    user, _, domain = email.partition("@")
    return f"{mask_word(user)}@{domain}" if domain else mask_word(email)


def mask_curp(curp: str) -> str:
    """The first four letters and the check digit."""
    return curp[:4] + "*" * 12 + curp[-2:] if len(curp) == 18 else mask_word(curp)


def mask_free_text(text: str) -> str:
    """Digits of phone-like runs and e-mail addresses hidden in free text."""
    text = re.sub(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b", "[correo]", text)
    return re.sub(r"\d[\d\s-]{7,}\d", "[número]", text)


def masked_person(peticion: Peticion) -> dict[str, str]:
    """The petitioner's data as lists show it."""
    return {
        "nombre": mask_name(peticion.nombre_completo) or ("Anónimo" if peticion.anonima else "Sin nombre"),
        "curp": mask_curp(peticion.curp),
        "telefono": mask_phone(peticion.telefono),
        "correo": mask_email(peticion.correo),
        "domicilio": "****" if peticion.calle else "",
        "codigo_postal": peticion.codigo_postal[:2] + "***" if peticion.codigo_postal else "",
    }


def reveal(*, session: Session, actor: Actor, folio: str, motivo: str = "") -> dict[str, str]:
    """The petitioner's full data; who saw it, when and why is recorded."""
    require(actor, "leer")
    peticion = get_petition(session, folio)
    audit.record(session, actor=actor, accion="datos_revelados", unidad_id=peticion.unidad_id,
                 peticion_id=peticion.id, personal={"motivo": motivo.strip()})
    return {name: getattr(peticion, name) for name in PERSONAL_FIELDS}
