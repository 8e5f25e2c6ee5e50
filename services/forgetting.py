"""Erasing a person from a petition wherever the desk wrote them: fields, free text and files (L16 retention)."""

import re
from pathlib import Path

from sqlalchemy.orm import Session
from sqlmodel import select

from models import Declinacion, Documento, MedidaSad, Notificacion, Peticion, Prorroga, Respuesta
from services.audit import forget_personal_data
from services.privacy import PERSONAL_FIELDS, mask_free_text

REMOVED = "[dato retirado]"
CURP_IN_TEXT = re.compile(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d\b", re.IGNORECASE)
_ACCENTED = {"a": "aáàä", "e": "eéèë", "i": "iíìï", "o": "oóòö", "u": "uúùü", "n": "nñ"}
# Words shorter than this are too common to erase from free text on their own (a second surname «Ro», a number «12»).
_SHORTEST = 3


def person_words(peticion: Peticion) -> list[str]:
    """What identifies the petitioner (and the public servant named) in free text: names, CURP, contact, address."""
    words: list[str] = []
    for text in (peticion.nombre, peticion.primer_apellido, peticion.segundo_apellido, peticion.servidor_publico,
                 peticion.calle, peticion.colonia):
        words += [w for w in re.split(r"[\s,.;:]+", text or "") if len(w) >= _SHORTEST]
    for text in (peticion.curp, peticion.correo, peticion.telefono):
        if text:
            words.append(text)
    if peticion.calle and peticion.numero_exterior:
        words.append(f"{peticion.calle} {peticion.numero_exterior}")
    # Longest first, so «Calle Falsa 123» goes whole before «Calle» and «Falsa» alone.
    return sorted(set(words), key=len, reverse=True)


def _pattern(word: str) -> str:
    if word.isdigit() or (any(ch.isdigit() for ch in word) and len(re.sub(r"\D", "", word)) >= 8):
        digits = re.sub(r"\D", "", word)
        return r"\D?".join(digits) if len(digits) >= 8 else re.escape(word)
    letters = []
    for char in word.lower():
        base = next((b for b, forms in _ACCENTED.items() if char in forms), None)
        letters.append(f"[{_ACCENTED[base]}]" if base else re.escape(char))
    return "".join(letters)


def redact(text: str, words: list[str]) -> str:
    """The text with the person's words, any CURP, e-mail and phone number replaced by «[dato retirado]»."""
    if not text:
        return text
    # Whole e-mail addresses and numbers go first: a name inside an address would otherwise leave the address half read.
    text = mask_free_text(CURP_IN_TEXT.sub(REMOVED, text))
    for word in words:
        text = re.sub(rf"(?<!\w){_pattern(word)}(?!\w)", REMOVED, text, flags=re.IGNORECASE)
    return text


def forget_petitioner(session: Session, peticion: Peticion) -> int:
    """Blank the petition's personal fields and its events' personal data, redact its free text, delete its files.

    Returns how many files were deleted.
    """
    words = person_words(peticion)
    for name in (*PERSONAL_FIELDS, "servidor_publico", "urgencia_alertado_a"):
        setattr(peticion, name, "")
    peticion.descripcion = redact(peticion.descripcion, words)
    peticion.anonima = True
    for model, fields in ((Respuesta, ("texto", "solucion")), (Declinacion, ("motivo",)), (Prorroga, ("motivo",)),
                          (MedidaSad, ("descripcion", "cumplimiento")), (Notificacion, ("detalle",))):
        for row in session.execute(select(model).where(model.peticion_id == peticion.id)).scalars():
            for name in fields:
                setattr(row, name, redact(getattr(row, name), words))
            if model is Notificacion:
                row.recibe_nombre, row.identificacion_numero = "", ""
    deleted = 0
    for document in session.execute(select(Documento).where(Documento.peticion_id == peticion.id)).scalars():
        if document.ruta:
            path = Path(document.ruta)
            deleted += path.exists()
            path.unlink(missing_ok=True)
        # The row stays with its SHA-256, so the expediente still shows that a document existed.
        document.ruta, document.nombre = "", f"{document.tipo} (retirado por retención)"
    # Events keep personal data apart from what their chain hashes, so blanking it leaves the chain verifiable.
    forget_personal_data(session, peticion.id)
    return deleted
