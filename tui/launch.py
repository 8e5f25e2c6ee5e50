"""Starting the desk: the log file, the database and the application around it."""

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from services.schema_peek import needs_setup_if_current
from services.settings import get_settings
from tui.app import MoadApp
from tui.context import DeskContext
from tui.work import without_values

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger("moad.tui")


def _configure_logging(data_dir: Path) -> None:
    # Logs carry event names and folios only; personal data never goes through the logger. Still, the file is the
    # desk account's alone: created 0600 in the 0700 data directory before logging opens it for appending.
    from services.private_files import create_private, private_dir

    log_file = create_private(private_dir(data_dir) / "moad.log")
    logging.basicConfig(filename=log_file, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")


def build_app(database_url: str | None = None) -> MoadApp:
    """Open (and upgrade) the database and build the application around it."""
    settings = get_settings()
    url = database_url or settings.resolved_database_url()
    idle_lock_seconds = settings.idle_lock_minutes * 60
    needs_setup = needs_setup_if_current(url)
    if needs_setup is not None:
        # A SQLite file already at the newest schema: the first screen is shown before SQLAlchemy is loaded.
        ctx = DeskContext(data_dir=settings.data_dir, connect=partial(_open_current, url))
        return MoadApp(ctx, idle_lock_seconds=idle_lock_seconds, needs_setup=needs_setup)
    from services.database import open_database

    notices: list[str] = []
    engine = open_database(url, announce=notices.append)
    ctx = DeskContext(engine=engine, data_dir=settings.data_dir)
    return MoadApp(ctx, idle_lock_seconds=idle_lock_seconds, upgrade_notice=" ".join(notices) or None)


def _open_current(url: str) -> "Engine":
    from services.database import open_database

    # Still checked: another desk may have changed the schema since the start-up looked.
    return open_database(url)


def run_app(database_url: str | None = None) -> int:
    """Run the desk in the terminal until the officer quits."""
    import sys

    settings = get_settings()
    _configure_logging(settings.data_dir)
    app = build_app(database_url)
    if app.upgrade_notice:
        sys.stderr.write(app.upgrade_notice + "\n")
    if sys.__stdin__ is not None and sys.__stdin__.isatty():
        app.terminal_fd = sys.__stdin__.fileno()
    try:
        app.run()
    except Exception as error:  # noqa: BLE001 - the last handler before the terminal
        # Past the desk's own handler (the terminal driver itself failed): still no traceback, no locals, no message.
        log.error("MOAD Desk se cerró por un error inesperado\n%s", without_values(error))
        sys.stderr.write("MOAD Desk se cerró por un error inesperado; el detalle quedó en el registro de la aplicación.\n")
        return 1
    return app.return_code or 0
