"""What every screen needs to know: the database engine, who is signed in, and their unit."""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sqlalchemy.engine import Engine
from textual.dom import DOMNode

from models import Unidad
from services.actor import Actor

if TYPE_CHECKING:
    from tui.app import MoadApp


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
    def signed_in(self) -> Actor:
        """The officer signed in; every screen past the sign-in runs with one."""
        assert self.actor is not None
        return self.actor

    @property
    def unit(self) -> Unidad:
        """The unit the officer works for."""
        assert self.unidad is not None
        return self.unidad

    @property
    def unidad_id(self) -> int:
        """The id of the unit the officer works for."""
        assert self.unidad is not None
        return self.unidad.id


def desk_app(node: DOMNode) -> "MoadApp":
    """The desk application a screen or widget belongs to, typed as such."""
    return cast("MoadApp", node.app)


def desk(node: DOMNode) -> DeskContext:
    """The signed-in session of the desk a screen or widget belongs to."""
    return desk_app(node).ctx
