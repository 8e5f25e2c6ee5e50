"""What every screen needs to know: the database engine, who is signed in, and their unit."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from models import Unidad
from services.actor import Actor


@dataclass
class DeskContext:
    """The signed-in session of the desk; screens read it, only the app replaces it."""

    engine: Engine
    data_dir: Path
    actor: Actor | None = None
    usuario: str = ""
    unidad: Unidad | None = None
    tema: str = ""

    @property
    def unidad_id(self) -> int:
        """The id of the unit the officer works for."""
        assert self.unidad is not None
        return self.unidad.id
