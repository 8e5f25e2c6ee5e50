"""Database calls from the UI: each runs in a thread worker and hands its result back on the UI thread."""

import asyncio
import logging
import traceback
from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode

from services.errors import DomainError
from tui.context import desk, desk_app

log = logging.getLogger("moad.tui")
UNEXPECTED = ("Ocurrió un error inesperado y no se guardó nada; lo que escribió sigue en pantalla. "
              "El detalle quedó en el registro de la aplicación.")


def call(node: DOMNode, fn: Callable[..., Any], /, *, write: bool = False,
         on_done: Callable[[Any], object] | None = None, on_error: Callable[[str], None] | None = None,
         group: str = "db", exclusive: bool = False, **kwargs) -> None:
    """Run fn(session=…, **kwargs) in a thread; on_done gets its result, on_error a Spanish message."""
    app = desk_app(node)
    ctx = desk(node)

    def show_error(message: str) -> None:
        if on_error is not None:
            on_error(message)
        else:
            app.notify(message, title="No se pudo", severity="error", timeout=8)

    def deliver(result: Any) -> None:
        # Runs on the UI thread inside call_from_thread: raised here, an error would only end the worker, unseen.
        try:
            if on_done is not None and listening(node):
                on_done(result)
        except Exception as error:  # noqa: BLE001 - reported to the officer and the log, never swallowed
            app.report_unexpected(error)

    def job() -> None:
        # Imported here, in the worker: the first screen is drawn before the database layer is loaded.
        from services.transactions import run_read, run_write

        try:
            result = (run_write if write else run_read)(ctx.engine, fn, **kwargs)
        except DomainError as error:
            app.call_from_thread(show_error, str(error))
            return
        except Exception as error:  # noqa: BLE001 - logged without values, shown as a Spanish message
            log.error("fallo en %s\n%s", getattr(fn, "__qualname__", fn), without_values(error))
            app.call_from_thread(show_error, UNEXPECTED)
            return
        app.call_from_thread(deliver, result)

    node.run_worker(job, thread=True, exit_on_error=False, group=group, exclusive=exclusive)


def listening(node: DOMNode) -> bool:
    """Whether a node still takes results: attached, and not being removed (its children may already be gone)."""
    # Textual marks a node _pruning as soon as its removal starts, while it is still attached to the DOM.
    return node.is_attached and not (node._closing or node._pruning)


async def read(engine, fn: Callable[..., Any], /, **kwargs) -> Any:
    """Await fn(session=…, **kwargs) run in a read transaction on a thread, for a caller that needs the value in place
    (a palette provider yields its hits); None after an error, which is logged without values like call's."""
    from services.transactions import run_read

    try:
        return await asyncio.to_thread(run_read, engine, fn, **kwargs)
    except DomainError:
        return None
    except Exception as error:  # noqa: BLE001 - logged without values; the palette just shows nothing for it
        log.error("fallo en %s\n%s", getattr(fn, "__qualname__", fn), without_values(error))
        return None


def without_values(error: BaseException) -> str:
    """Where an error happened (file:line:function of each frame, then its type) without its message or locals."""
    lines = []
    seen: set[int] = set()
    current: BaseException | None = error
    # A chained cause is listed first, as Python prints it; its message is left out like the error's own.
    chain = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    for index, link in enumerate(reversed(chain)):
        if index:
            lines.append("causó:")
        lines += [f"  {frame.filename}:{frame.lineno}:{frame.name}" for frame in traceback.extract_tb(link.__traceback__)]
        lines.append(f"{type(link).__module__}.{type(link).__qualname__}")
    return "\n".join(lines)
