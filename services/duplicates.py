"""Possible duplicates at intake: same CURP or phone, or a very similar text, in the last 30 days."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Peticion

WINDOW_DAYS = 30
SIMILARITY = 0.6
_WORD = re.compile(r"[a-z0-9ñ]{3,}")


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """An earlier petition that looks like the one being typed, and why."""

    folio: str
    recibida_en: datetime
    motivo: str


def words(text: str) -> frozenset[str]:
    """Lower-case words of three or more letters, without accents."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return frozenset(_WORD.findall(plain))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of words in common."""
    return len(a & b) / len(a | b) if a and b else 0.0


def find(session: Session, *, unidad_id: int, now: datetime, curp: str = "", telefono: str = "",
         descripcion: str = "", limit: int = 5) -> list[PossibleDuplicate]:
    """Petitions of the last 30 days with the same CURP or phone, or a similar description."""
    since = now - timedelta(days=WINDOW_DAYS)
    rows = session.execute(
        select(col(Peticion.folio), col(Peticion.recibida_en), col(Peticion.curp), col(Peticion.telefono),
               col(Peticion.descripcion))
        .where(col(Peticion.unidad_id) == unidad_id, col(Peticion.recibida_en) >= since)
        .order_by(col(Peticion.recibida_en).desc())
    ).all()
    mine = words(descripcion)
    found = []
    for folio, recibida, their_curp, their_phone, their_text in rows:
        if curp and curp == their_curp:
            found.append(PossibleDuplicate(folio, recibida, "misma CURP"))
        elif telefono and telefono == their_phone:
            found.append(PossibleDuplicate(folio, recibida, "mismo teléfono"))
        elif len(mine) >= 4 and jaccard(mine, words(their_text)) >= SIMILARITY:
            found.append(PossibleDuplicate(folio, recibida, "texto muy parecido"))
        if len(found) >= limit:
            break
    return found
