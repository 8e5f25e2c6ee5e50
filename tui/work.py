"""Database calls from the UI: each runs in a thread worker and hands its result back on the UI thread."""

import logging
import traceback
from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode

from services.errors import DomainError
from services.transactions import run_read, run_write

log = logging.getLogger("moad.tui")
UNEXPECTED = ("Ocurrió un error inesperado y no se guardó nada; lo que escribió sigue en pantalla. "
              "El detalle quedó en el registro de la aplicación.")


def call(node: DOMNode, fn: Callable[..., Any], /, *, write: bool = False,
         on_done: Callable[[Any], None] | None = None, on_error: Callable[[str], None] | None = None,
         group: str = "db", exclusive: bool = False, **kwargs) -> None:
    """Run fn(session=…, **kwargs) in a thread; on_done gets its result, on_error a Spanish message."""
    app = node.app
    engine = app.ctx.engine
    runner = run_write if write else run_read

    def show_error(message: str) -> None:
        if on_error is not None:
            on_error(message)
        else:
            app.notify(message, title="No se pudo", severity="error", timeout=8)

    def deliver(result: Any) -> None:
        if on_done is not None and node.is_attached:
            on_done(result)

    def job() -> None:
        try:
            result = runner(engine, fn, **kwargs)
        except DomainError as error:
            app.call_from_thread(show_error, str(error))
            return
        except Exception as error:
            log.error("fallo en %s\n%s", getattr(fn, "__qualname__", fn), without_values(error))
            app.call_from_thread(show_error, UNEXPECTED)
            return
        app.call_from_thread(deliver, result)

    node.run_worker(job, thread=True, exit_on_error=False, group=group, exclusive=exclusive)


def without_values(error: BaseException) -> str:
    """Where an error happened (frames and type) without its message, which may quote personal data."""
    frames = "".join(traceback.format_list(traceback.extract_tb(error.__traceback__)))
    return f"{frames}{type(error).__module__}.{type(error).__qualname__}"
