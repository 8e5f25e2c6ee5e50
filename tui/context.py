"""What every screen needs to know: the database engine, who is signed in, and their unit."""

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from models import Unidad
    from services.actor import Actor
    from tui.app import MoadApp


class DeskContext:
    """The signed-in session of the desk; screens read it, only the app replaces it."""

    def __init__(self, engine: "Engine | None" = None, *, data_dir: Path,
                 connect: "Callable[[], Engine] | None" = None) -> None:
        # The desk's first screen shows before SQLAlchemy is even imported: the engine is then made by `connect` on
        # first use (the app warms it up in a thread while the officer types), once, whichever thread asks first.
        if (engine is None) == (connect is None):
            raise TypeError("DeskContext needs an engine or a way to connect, not both")
        self._engine = engine
        self._connect = connect
        self._connecting = threading.Lock()
        self.data_dir = data_dir
        self.actor: Actor | None = None
        self.usuario = ""
        self.unidad: Unidad | None = None
        self.tema = ""

    @property
    def engine(self) -> "Engine":
        """The database engine, made now if the desk started without one."""
        if self._engine is None:
            with self._connecting:
                if self._engine is None:
                    assert self._connect is not None
                    self._engine = self._connect()
        return self._engine

    def warm_up(self) -> None:
        """Load what signing in needs (the services and the engine) ahead of the first «Entrar»."""
        import services.auth
        import services.catalogs.units
        import services.transactions  # noqa: F401

        _ = self.engine

    @property
    def signed_in(self) -> "Actor":
        """The officer signed in; every screen past the sign-in runs with one."""
        assert self.actor is not None
        return self.actor

    @property
    def unit(self) -> "Unidad":
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
